#!/usr/bin/env node
// Runs statemachine/bulk-copy.asl.json in the local ASL interpreter (aws-local-stepfunctions 3.0.0), its Distributed
// Map inline as in every local run (inline-map.mjs),
// with stub task handlers, to check the workflow's data flow without Java or AWS:
//   - nothing to do: Validate -> HasWork -> Notify
//   - two Regions: StartCopies / WaitBeforePoll / PollStatus / WaitBeforeStart loops until DONE,
//     payloads stay {jobId, region, ...counters}, Notify gets {jobId, executionName}
//   - a retryable io.github.wsicopy.core.TransientFailure is retried
//   - one Region's step fails for good: caught in that Region -> RegionFailed {jobId, region, step, error},
//     the other Region runs to its end, Notify (not NotifyFailure) ends the job
//   - a failure of the Map itself (RegionFailed failing) is caught -> NotifyFailure {executionName, error} -> JobFailed
//   - each NextStep leads to the task state the workflow contract names for it
//   - a target whose copies are final runs FinishTarget {jobId, account, region, finish: true} once, then ends;
//     FinishTarget failing for good is recorded by FinishTargetFailed {..., error} and the target still ends normally
//     (Notify, never NotifyFailure), and even FinishTargetFailed failing does not fail the job
// The stubs' payloads come from scripts/fixtures/workflow-contract.json, which core's WorkflowContractTest writes
// from the contract's records, so a renamed field fails here too. Waits and retry intervals are overridden to 0 ms.
// Exits 1 on any mismatch.
//
// aws-local-stepfunctions 3.0.0 uses Promise.withResolvers (Node 22+): polyfill.mjs adds it on Node 20.

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";

import "./polyfill.mjs";
import { inlineDistributedMaps } from "./inline-map.mjs";
const { StateMachine, ExecutionError } = await import("aws-local-stepfunctions");

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const text = readFileSync(join(root, "statemachine", "bulk-copy.asl.json"), "utf8");
const definition = inlineDistributedMaps(JSON.parse(
  text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, n) => `arn:aws:lambda:us-east-1:123456789012:function:wsicopy-${n}`),
));

// Samples of each state's input and output, written by the Java records (see the header).
const contract = JSON.parse(readFileSync(join(root, "scripts", "fixtures", "workflow-contract.json"), "utf8"));
const keysOf = (sample) => Object.keys(sample).sort();

/** A NextStep name, checked against the contract. */
function step(name) {
  assert.ok(name in contract.nextSteps, `${name} is not a NextStep (${Object.keys(contract.nextSteps)})`);
  return name;
}

/** The stack's own account in the smoke runs (targets in other accounts travel the same way). */
const ACCOUNT = "123456789012";

/** Validate's output (JobValidator.Result) for a job and its targets: these Regions of ACCOUNT. */
function validated(jobId, regions, extra = {}) {
  const targets = regions.map((region) => ({ account: ACCOUNT, region }));
  return { ...contract.validateOutput, jobId, state: "RUNNING", targets, hasWork: regions.length > 0, ...extra };
}

const zeroWaits = { WaitBeforeStart: 0, WaitBeforePoll: 0 };
const zeroRetries = Object.fromEntries(
  ["Validate", "StartCopies", "PollStatus", "RegionFailed", "FinishTarget", "FinishTargetFailed", "Notify",
    "NotifyFailure"].map((s) => [s, 0]),
);

/** FinishOutput (the contract's sample) for a finishing step's input. */
function finished(input) {
  return { ...contract.finishOutput, jobId: input.jobId, account: input.account, region: input.region };
}

/** Scenarios about the copy loop get a finishing step that does nothing; the finishing scenarios give their own. */
const finishingStubs = {
  FinishTarget: (i) => finished(i),
  FinishTargetFailed: () => assert.fail("FinishTargetFailed must not run: FinishTarget succeeded"),
};

/** A RegionProgress (the contract's sample) for the loop input {@code input}. */
function progress(input, next, extra = {}) {
  return {
    ...contract.regionProgress,
    jobId: input.jobId,
    account: input.account,
    region: input.region,
    pending: 0,
    starting: 0,
    copying: 0,
    finished: 0,
    pollRound: input.pollRound ?? 0,
    nextWaitSeconds: 30,
    next: step(next),
    ...extra,
  };
}

function transientFailure() {
  const e = new Error("throttled");
  e.name = "io.github.wsicopy.core.TransientFailure";
  return e;
}

async function run(name, input, handlers, executionName = "job-0001") {
  const sm = new StateMachine(structuredClone(definition), {
    validationOptions: { checkPaths: true, checkArn: true },
  });
  const execution = sm.run(input, {
    overrides: { taskResourceLocalHandlers: { ...finishingStubs, ...handlers }, waitTimeOverrides: zeroWaits, retryIntervalOverrides: zeroRetries },
    context: { Execution: { Name: executionName } },
  });
  try {
    return { ok: true, output: await execution.result };
  } catch (e) {
    if (e instanceof ExecutionError) return { ok: false, error: e.cause ?? e };
    throw new Error(`${name}: unexpected ${e?.stack ?? e}`);
  }
}

const failures = [];
async function scenario(name, fn) {
  try {
    await fn();
    console.log(`smoke-asl: ok   ${name}`);
  } catch (e) {
    failures.push(name);
    console.error(`smoke-asl: FAIL ${name}\n${e?.stack ?? e}`);
  }
}

await scenario("no work: Validate -> Notify", async () => {
  const calls = [];
  const r = await run("no work", { request: { sourceRegion: "us-east-1" } }, {
    Validate: (i) => {
      calls.push(["Validate", i]);
      return validated("job-0001", [], { state: "SUCCEEDED" });
    },
    Notify: (i) => {
      calls.push(["Notify", i]);
      return { jobId: i.jobId, state: "SUCCEEDED" };
    },
  });
  assert.equal(r.ok, true, String(r.error));
  assert.deepEqual(calls, [
    ["Validate", { input: { request: { sourceRegion: "us-east-1" } }, executionName: "job-0001" }],
    ["Notify", { jobId: "job-0001", executionName: "job-0001" }],
  ]);
  assert.deepEqual(keysOf(calls[0][1]), keysOf(contract.validateInput), "Validate's input is ValidateInput");
  assert.deepEqual(keysOf(calls[1][1]), keysOf(contract.notifyInput), "Notify's input is NotifyInput");
});

await scenario("two Regions: start, poll, wait, restart, done (+ one transient retry)", async () => {
  const seen = { StartCopies: [], PollStatus: [], Notify: [] };
  const perRegion = {};
  let transientThrown = false;
  const r = await run("two regions", { jobId: "job-0002" }, {
    Validate: (i) => validated(i.input.jobId, ["eu-west-1", "ap-southeast-2"]),
    StartCopies: (i) => {
      seen.StartCopies.push(i);
      const n = (perRegion[i.region] = (perRegion[i.region] ?? 0) + 1);
      if (i.region === "eu-west-1" && n === 1 && !transientThrown) {
        transientThrown = true;
        throw transientFailure();
      }
      if (n === 1) return progress(i, "START", { pending: 2, copying: 1 });
      if (n === 2) return progress(i, "WAIT_THEN_POLL", { copying: 2 });
      return progress(i, "DONE", { finished: 2 });
    },
    PollStatus: (i) => {
      seen.PollStatus.push(i);
      const round = (i.pollRound ?? 0) + 1;
      return round < 2
        ? progress(i, "WAIT_THEN_POLL", { pollRound: round, nextWaitSeconds: 60, copying: 2 })
        : progress(i, "WAIT_THEN_START", { pollRound: round, nextWaitSeconds: 10, finished: 2 });
    },
    Notify: (i) => {
      seen.Notify.push(i);
      return { jobId: i.jobId, state: "SUCCEEDED" };
    },
  }, "job-0002");
  assert.equal(r.ok, true, String(r.error?.stack ?? r.error));
  assert.ok(transientThrown, "the transient failure was not exercised");
  const firstCalls = seen.StartCopies.filter((i) => !("next" in i));
  assert.deepEqual(
    firstCalls.map((i) => i).sort((a, b) => a.region.localeCompare(b.region)),
    [
      { jobId: "job-0002", account: ACCOUNT, region: "ap-southeast-2" },
      { jobId: "job-0002", account: ACCOUNT, region: "eu-west-1" },
      { jobId: "job-0002", account: ACCOUNT, region: "eu-west-1" }, // the retried call gets the same input
    ],
  );
  for (const i of firstCalls) {
    assert.deepEqual(keysOf(i), keysOf(contract.regionItem), "the Map's item is RegionInput's first call");
  }
  for (const i of [...seen.StartCopies, ...seen.PollStatus]) {
    assert.equal(i.jobId, "job-0002");
    assert.ok(["eu-west-1", "ap-southeast-2"].includes(i.region), `region ${i.region}`);
    assert.ok(JSON.stringify(i).length < 512, "payload grew");
  }
  assert.equal(seen.PollStatus.length, 4, "two polls per Region");
  assert.deepEqual(seen.Notify, [{ jobId: "job-0002", executionName: "job-0002" }]);
  assert.deepEqual(r.output, { jobId: "job-0002", state: "SUCCEEDED" });
});

await scenario("one Region fails for good: RegionFailed ends it, the other Region finishes, Notify ends the job", async () => {
  const regionFailed = [];
  const notified = [];
  const polls = [];
  let attempts = 0;
  const r = await run("region failure", { jobId: "job-0003" }, {
    Validate: () => validated("job-0003", ["eu-west-1", "ap-southeast-2"]),
    StartCopies: (i) => (i.region === "ap-southeast-2" && !i.next
      ? progress(i, "WAIT_THEN_POLL", { copying: 1 })
      : progress(i, i.region === "eu-west-1" ? "WAIT_THEN_POLL" : "DONE", { copying: 1 })),
    PollStatus: (i) => {
      polls.push(i.region);
      if (i.region === "ap-southeast-2") {
        attempts++;
        const e = new Error("simulated: DescribeWorkspaceImages keeps failing");
        e.name = attempts % 2 ? "io.github.wsicopy.core.TransientFailure" : "java.lang.IllegalStateException";
        throw e;
      }
      return progress(i, "DONE", { finished: 1 });
    },
    RegionFailed: (i) => {
      regionFailed.push(i);
      return progress(i, "DONE", { finished: 1 });
    },
    Notify: (i) => {
      notified.push(i);
      return { jobId: i.jobId, state: "PARTIALLY_SUCCEEDED" };
    },
    NotifyFailure: () => assert.fail("NotifyFailure must not run: the failure stays in its Region"),
  }, "job-0003");
  assert.equal(r.ok, true, String(r.error?.stack ?? r.error));
  assert.equal(attempts, 2, "the TransientFailure is retried, then the other error is caught");
  assert.deepEqual(polls.filter((p) => p === "eu-west-1"), ["eu-west-1"], "the other Region polled to its end");
  assert.equal(regionFailed.length, 1);
  assert.deepEqual(keysOf(regionFailed[0]), keysOf(contract.regionFailedInput), "RegionFailed's input is RegionFailedInput");
  assert.deepEqual(keysOf(regionFailed[0].error), keysOf(contract.regionFailedInput.error));
  assert.equal(regionFailed[0].jobId, "job-0003");
  assert.equal(regionFailed[0].region, "ap-southeast-2");
  assert.equal(regionFailed[0].step, "PollStatus");
  assert.deepEqual(regionFailed[0].error, {
    Error: "java.lang.IllegalStateException", Cause: "simulated: DescribeWorkspaceImages keeps failing",
  });
  assert.deepEqual(notified, [{ jobId: "job-0003", executionName: "job-0003" }]);
  assert.deepEqual(r.output, { jobId: "job-0003", state: "PARTIALLY_SUCCEEDED" });
});

await scenario("StartCopies failing for good names its step", async () => {
  const regionFailed = [];
  const r = await run("start failure", { jobId: "job-0005" }, {
    Validate: () => validated("job-0005", ["eu-west-1"]),
    StartCopies: () => {
      const e = new Error("boom");
      e.name = "java.lang.IllegalStateException";
      throw e;
    },
    PollStatus: () => assert.fail("PollStatus must not run"),
    RegionFailed: (i) => {
      regionFailed.push(i);
      return progress(i, "DONE");
    },
    Notify: (i) => ({ jobId: i.jobId, state: "FAILED" }),
  }, "job-0005");
  assert.equal(r.ok, true, String(r.error?.stack ?? r.error));
  assert.deepEqual(regionFailed, [{
    jobId: "job-0005", account: ACCOUNT, region: "eu-west-1", step: "StartCopies",
    error: { Error: "java.lang.IllegalStateException", Cause: "boom" },
  }]);
});

await scenario("failure of the Map itself (RegionFailed fails): caught -> NotifyFailure -> JobFailed", async () => {
  const notified = [];
  const r = await run("map failure", { jobId: "job-0006" }, {
    Validate: () => validated("job-0006", ["eu-west-1"]),
    StartCopies: () => {
      const e = new Error("boom");
      e.name = "java.lang.IllegalStateException";
      throw e;
    },
    RegionFailed: () => {
      const e = new Error("no such job");
      e.name = "java.lang.IllegalArgumentException";
      throw e;
    },
    Notify: () => assert.fail("Notify must not run"),
    NotifyFailure: (i) => {
      notified.push(i);
      return { jobId: "job-0006", state: "FAILED" };
    },
  }, "job-0006");
  assert.equal(r.ok, false, "execution should fail");
  assert.equal(r.error.name, "JobFailed");
  assert.deepEqual(notified, [
    { executionName: "job-0006", error: { Error: "java.lang.IllegalArgumentException", Cause: "no such job" } },
  ]);
  assert.deepEqual(keysOf(notified[0]), keysOf(contract.notifyFailureInput), "NotifyFailure's input is NotifyInput");
});

await scenario("failure in Validate: caught -> NotifyFailure -> JobFailed", async () => {
  const notified = [];
  const r = await run("validate failure", { jobId: "job-0004" }, {
    Validate: () => {
      const e = new Error("no such job");
      e.name = "java.lang.IllegalArgumentException";
      throw e;
    },
    NotifyFailure: (i) => {
      notified.push(i);
      return {};
    },
  }, "job-0004");
  assert.equal(r.ok, false);
  assert.equal(r.error.name, "JobFailed");
  assert.equal(notified.length, 1);
  assert.equal(notified[0].executionName, "job-0004");
  assert.equal(notified[0].error.Error, "java.lang.IllegalArgumentException");
});

await scenario("each NextStep leads where the contract says", async () => {
  for (const [next, route] of Object.entries(contract.nextSteps)) {
    const after = [];
    let starts = 0;
    const r = await run(`route ${next}`, { jobId: "job-0007" }, {
      Validate: () => validated("job-0007", ["eu-west-1"]),
      StartCopies: (i) => {
        if (++starts > 1) after.push("StartCopies");
        return progress(i, starts === 1 ? next : "DONE");
      },
      PollStatus: (i) => {
        after.push("PollStatus");
        return progress(i, "DONE");
      },
      Notify: () => contract.notifyOutput,
    }, "job-0007");
    assert.equal(r.ok, true, String(r.error?.stack ?? r.error));
    assert.deepEqual(after, route.taskState ? [route.taskState] : [], `after next=${next}`);
  }
});

await scenario("copies final: FinishTarget once per target with {jobId, account, region, finish: true}, then the end", async () => {
  const finishing = [];
  const r = await run("finish", { jobId: "job-0008" }, {
    Validate: () => validated("job-0008", ["eu-west-1", "ap-southeast-2"]),
    StartCopies: (i) => progress(i, i.next ? "DONE" : "WAIT_THEN_POLL", { copying: 1 }),
    PollStatus: (i) => progress(i, "DONE", { finished: 1 }),
    FinishTarget: (i) => {
      finishing.push(i);
      return finished(i);
    },
    Notify: (i) => ({ jobId: i.jobId, state: "SUCCEEDED" }),
    NotifyFailure: () => assert.fail("NotifyFailure must not run"),
  }, "job-0008");
  assert.equal(r.ok, true, String(r.error?.stack ?? r.error));
  assert.deepEqual(finishing.sort((a, b) => a.region.localeCompare(b.region)), [
    { jobId: "job-0008", account: ACCOUNT, region: "ap-southeast-2", finish: true },
    { jobId: "job-0008", account: ACCOUNT, region: "eu-west-1", finish: true },
  ]);
  for (const i of finishing) {
    assert.deepEqual(keysOf(i), keysOf(contract.finishInput), "FinishTarget's input is FinishInput");
  }
});

await scenario("FinishTarget failing for good: FinishTargetFailed records it, the target ends normally", async () => {
  const recorded = [];
  let attempts = 0;
  const r = await run("finish failure", { jobId: "job-0009" }, {
    Validate: () => validated("job-0009", ["eu-west-1"]),
    StartCopies: (i) => progress(i, "DONE", { finished: 1 }),
    FinishTarget: () => {
      attempts++;
      const e = new Error(attempts === 1 ? "SSM is throttling" : "bundle quota read failed");
      e.name = attempts === 1 ? "io.github.wsicopy.core.TransientFailure" : "java.lang.IllegalStateException";
      throw e;
    },
    FinishTargetFailed: (i) => {
      recorded.push(i);
      return finished(i);
    },
    Notify: (i) => ({ jobId: i.jobId, state: "SUCCEEDED" }),
    NotifyFailure: () => assert.fail("NotifyFailure must not run: a finishing failure never fails the copies"),
  }, "job-0009");
  assert.equal(r.ok, true, String(r.error?.stack ?? r.error));
  assert.equal(attempts, 2, "the TransientFailure is retried, then the other error is caught");
  assert.deepEqual(recorded, [{
    jobId: "job-0009", account: ACCOUNT, region: "eu-west-1", finish: true,
    error: { Error: "java.lang.IllegalStateException", Cause: "bundle quota read failed" },
  }]);
  assert.deepEqual(keysOf(recorded[0]), keysOf(contract.finishFailedInput), "FinishTargetFailed's input is FinishInput");
  assert.deepEqual(r.output, { jobId: "job-0009", state: "SUCCEEDED" });
});

await scenario("FinishTargetFailed failing too: the target still ends normally", async () => {
  const r = await run("finish failure twice", { jobId: "job-0010" }, {
    Validate: () => validated("job-0010", ["eu-west-1"]),
    StartCopies: (i) => progress(i, "DONE", { finished: 1 }),
    FinishTarget: () => {
      const e = new Error("boom");
      e.name = "java.lang.IllegalStateException";
      throw e;
    },
    FinishTargetFailed: () => {
      const e = new Error("table unreachable");
      e.name = "java.lang.IllegalStateException";
      throw e;
    },
    Notify: (i) => ({ jobId: i.jobId, state: "SUCCEEDED" }),
    NotifyFailure: () => assert.fail("NotifyFailure must not run"),
  }, "job-0010");
  assert.equal(r.ok, true, String(r.error?.stack ?? r.error));
  assert.deepEqual(r.output, { jobId: "job-0010", state: "SUCCEEDED" });
});

if (failures.length) {
  console.error(`smoke-asl: ${failures.length} scenario(s) failed`);
  process.exit(1);
}
console.log("smoke-asl: all scenarios passed");
