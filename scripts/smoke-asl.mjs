#!/usr/bin/env node
// Runs statemachine/bulk-copy.asl.json in the local ASL interpreter (aws-local-stepfunctions 3.0.0), its Distributed
// Map inline as in every local run (inline-map.mjs),
// with stub task handlers, to check the workflow's data flow without Java or AWS:
//   - nothing to do: Validate -> HasWork -> Notify
//   - two batches of one Region each: StartCopies / WaitBeforePoll / PollStatus / WaitBeforeStart loop until DONE,
//     payloads stay {jobId, targets, ...counters}, Notify gets {jobId, executionName}
//   - a retryable io.github.wsicopy.core.TransientFailure is retried
//   - a batch of two targets travels as one iteration: StartCopies gets {jobId, targets: [t1, t2]} once, every step
//     of its loop carries both, and FinishTarget gets both
//   - one Region's step fails for good: caught in its batch -> RegionFailed {jobId, targets, step, error}, whose
//     RegionProgress goes back to Route: the batch's other targets go on (START ... DONE), a batch with nothing
//     left goes DONE -> FinishTarget -> RegionDone; other batches run to their end, and Notify (not NotifyFailure)
//     ends the job
//   - a failure of the Map itself (RegionFailed failing) is caught -> NotifyFailure {executionName, error} -> JobFailed
//   - each NextStep, whether StartCopies or RegionFailed returns it, leads to the task state the workflow contract
//     names for it (DONE: none, the batch's FinishTarget)
//   - a batch whose copies are final runs FinishTarget {jobId, targets, finish: true} once, then ends;
//     FinishTarget failing for good is recorded by FinishTargetFailed {..., error} and the batch still ends normally
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

/** A target: a Region of ACCOUNT. */
const target = (region) => ({ account: ACCOUNT, region });

/**
 * Validate's output (JobValidator.Result) for a job and its targets, Regions of ACCOUNT. Each entry of
 * {@code regions} is a batch: a Region alone is a batch of one target (the default), an array of Regions is one
 * batch of these targets, e.g. ["eu-west-1", ["us-west-2", "ap-southeast-2"]] is two batches.
 */
function validated(jobId, regions, extra = {}) {
  const batches = regions.map((b) => (Array.isArray(b) ? b : [b]).map(target));
  return { ...contract.validateOutput, jobId, state: "RUNNING", batches, hasWork: batches.length > 0, ...extra };
}

/** The Regions of a step's input, joined: names its batch in the stubs' bookkeeping. */
const batchOf = (input) => input.targets.map((t) => t.region).join("+");

const zeroWaits = { WaitBeforeStart: 0, WaitBeforePoll: 0 };
const zeroRetries = Object.fromEntries(
  ["Validate", "StartCopies", "PollStatus", "RegionFailed", "FinishTarget", "FinishTargetFailed", "Notify",
    "NotifyFailure"].map((s) => [s, 0]),
);

/** FinishOutput (the contract's sample) for a finishing step's input. */
function finished(input) {
  return { ...contract.finishOutput, jobId: input.jobId, targets: input.targets };
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
    targets: input.targets,
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

function failure(name, message) {
  const e = new Error(message);
  e.name = name;
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

await scenario("two batches: start, poll, wait, restart, done (+ one transient retry)", async () => {
  const seen = { StartCopies: [], PollStatus: [], Notify: [] };
  const perBatch = {};
  let transientThrown = false;
  const r = await run("two batches", { jobId: "job-0002" }, {
    Validate: (i) => validated(i.input.jobId, ["eu-west-1", "ap-southeast-2"]),
    StartCopies: (i) => {
      seen.StartCopies.push(i);
      const n = (perBatch[batchOf(i)] = (perBatch[batchOf(i)] ?? 0) + 1);
      if (batchOf(i) === "eu-west-1" && n === 1 && !transientThrown) {
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
    [...firstCalls].sort((a, b) => batchOf(a).localeCompare(batchOf(b))),
    [
      { jobId: "job-0002", targets: [target("ap-southeast-2")] },
      { jobId: "job-0002", targets: [target("eu-west-1")] },
      { jobId: "job-0002", targets: [target("eu-west-1")] }, // the retried call gets the same input
    ],
  );
  for (const i of firstCalls) {
    assert.deepEqual(keysOf(i), keysOf(contract.regionItem), "the Map's item is RegionInput's first call");
  }
  for (const i of [...seen.StartCopies, ...seen.PollStatus]) {
    assert.equal(i.jobId, "job-0002");
    assert.ok(["eu-west-1", "ap-southeast-2"].includes(batchOf(i)), `batch ${batchOf(i)}`);
    assert.ok(!("account" in i) && !("region" in i), "the loop carries targets, not one account and Region");
    assert.ok(JSON.stringify(i).length < 512, "payload grew");
  }
  for (const i of seen.PollStatus) {
    assert.deepEqual(keysOf(i), keysOf(contract.regionProgress), "PollStatus's input is RegionProgress");
  }
  assert.equal(seen.PollStatus.length, 4, "two polls per batch");
  assert.deepEqual(seen.Notify, [{ jobId: "job-0002", executionName: "job-0002" }]);
  assert.deepEqual(r.output, { jobId: "job-0002", state: "SUCCEEDED" });
});

await scenario("a batch of two targets is one iteration: StartCopies and FinishTarget get both targets", async () => {
  // Validate's output is the contract's own sample: a batch of two targets (two accounts), then a batch of one.
  const [pair, single] = contract.validateOutput.batches;
  assert.equal(pair.length, 2, "the contract's first batch has two targets");
  const seen = { StartCopies: [], PollStatus: [], FinishTarget: [] };
  const r = await run("batch of two", { jobId: "job-0011" }, {
    Validate: () => ({ ...contract.validateOutput, jobId: "job-0011" }),
    StartCopies: (i) => {
      seen.StartCopies.push(i);
      return progress(i, "next" in i ? "DONE" : "WAIT_THEN_POLL", { copying: i.targets.length });
    },
    PollStatus: (i) => {
      seen.PollStatus.push(i);
      return progress(i, "WAIT_THEN_START", { pollRound: i.pollRound + 1, finished: i.targets.length });
    },
    FinishTarget: (i) => {
      seen.FinishTarget.push(i);
      return finished(i);
    },
    Notify: (i) => ({ jobId: i.jobId, state: "SUCCEEDED" }),
    NotifyFailure: () => assert.fail("NotifyFailure must not run"),
  }, "job-0011");
  assert.equal(r.ok, true, String(r.error?.stack ?? r.error));
  const bySize = (a, b) => b.targets.length - a.targets.length;
  assert.deepEqual(seen.StartCopies.filter((i) => !("next" in i)).sort(bySize), [
    { jobId: "job-0011", targets: pair },
    { jobId: "job-0011", targets: single },
  ], "one iteration per batch, the batch's targets together");
  for (const i of [...seen.StartCopies, ...seen.PollStatus]) {
    assert.ok([JSON.stringify(pair), JSON.stringify(single)].includes(JSON.stringify(i.targets)),
      `a step got targets ${JSON.stringify(i.targets)}, not one whole batch`);
  }
  assert.equal(seen.StartCopies.length, 4, "two StartCopies per batch");
  assert.equal(seen.PollStatus.length, 2, "one poll per batch, not per target");
  assert.deepEqual(seen.FinishTarget.sort(bySize), [
    { jobId: "job-0011", targets: pair, finish: true },
    { jobId: "job-0011", targets: single, finish: true },
  ], "FinishTarget once per batch, with all its targets");
  assert.deepEqual(r.output, { jobId: "job-0011", state: "SUCCEEDED" });
});

await scenario("one Region fails for good in its own batch: RegionFailed -> Route -> FinishTarget, the other batch finishes", async () => {
  const regionFailed = [];
  const notified = [];
  const trace = { "eu-west-1": [], "ap-southeast-2": [] };
  let attempts = 0;
  const r = await run("region failure", { jobId: "job-0003" }, {
    Validate: () => validated("job-0003", ["eu-west-1", "ap-southeast-2"]),
    StartCopies: (i) => {
      trace[batchOf(i)].push("StartCopies");
      return progress(i, "WAIT_THEN_POLL", { copying: 1 });
    },
    PollStatus: (i) => {
      trace[batchOf(i)].push("PollStatus");
      if (batchOf(i) === "ap-southeast-2") {
        attempts++;
        throw failure(attempts % 2 ? "io.github.wsicopy.core.TransientFailure" : "java.lang.IllegalStateException",
          "simulated: DescribeWorkspaceImages keeps failing");
      }
      return progress(i, "DONE", { finished: 1 });
    },
    RegionFailed: (i) => {
      trace[batchOf(i)].push("RegionFailed");
      regionFailed.push(i);
      return progress(i, "DONE", { finished: 1 });
    },
    FinishTarget: (i) => {
      trace[batchOf(i)].push("FinishTarget");
      return finished(i);
    },
    Notify: (i) => {
      notified.push(i);
      return { jobId: i.jobId, state: "PARTIALLY_SUCCEEDED" };
    },
    NotifyFailure: () => assert.fail("NotifyFailure must not run: the failure stays in its batch"),
  }, "job-0003");
  assert.equal(r.ok, true, String(r.error?.stack ?? r.error));
  assert.equal(attempts, 2, "the TransientFailure is retried, then the other error is caught");
  assert.deepEqual(trace, {
    "eu-west-1": ["StartCopies", "PollStatus", "FinishTarget"],
    "ap-southeast-2": ["StartCopies", "PollStatus", "PollStatus", "RegionFailed", "FinishTarget"],
  }, "the failed batch's RegionFailed returns DONE, so Route leads it to FinishTarget; the other batch is untouched");
  assert.equal(regionFailed.length, 1);
  assert.deepEqual(keysOf(regionFailed[0]), keysOf(contract.regionFailedInput), "RegionFailed's input is RegionFailedInput");
  assert.deepEqual(keysOf(regionFailed[0].error), keysOf(contract.regionFailedInput.error));
  assert.deepEqual(regionFailed[0], {
    jobId: "job-0003", targets: [target("ap-southeast-2")], step: "PollStatus",
    error: { Error: "java.lang.IllegalStateException", Cause: "simulated: DescribeWorkspaceImages keeps failing" },
  });
  assert.deepEqual(notified, [{ jobId: "job-0003", executionName: "job-0003" }]);
  assert.deepEqual(r.output, { jobId: "job-0003", state: "PARTIALLY_SUCCEEDED" });
});

await scenario("one Region fails for good in a batch of two: RegionFailed -> Route (START), the other target goes on to DONE", async () => {
  const trace = [];
  const regionFailed = [];
  const finishing = [];
  const notified = [];
  let attempts = 0;
  const r = await run("region failure in a batch", { jobId: "job-0012" }, {
    Validate: () => validated("job-0012", [["eu-west-1", "ap-southeast-2"]]),
    StartCopies: (i) => {
      trace.push("StartCopies");
      // First call: both targets copying; after RegionFailed only eu-west-1 is left.
      return progress(i, "WAIT_THEN_POLL", { copying: regionFailed.length ? 1 : 2 });
    },
    PollStatus: (i) => {
      trace.push("PollStatus");
      if (!regionFailed.length) {
        attempts++;
        throw failure(attempts % 2 ? "io.github.wsicopy.core.TransientFailure" : "java.lang.IllegalStateException",
          `simulated: DescribeWorkspaceImages keeps failing in ${ACCOUNT}/ap-southeast-2`);
      }
      return progress(i, "DONE", { pollRound: i.pollRound + 1, finished: 1 });
    },
    RegionFailed: (i) => {
      trace.push("RegionFailed");
      regionFailed.push(i);
      // ap-southeast-2's open tasks end FAILED; eu-west-1 still has a copy to start.
      return progress(i, "START", { pending: 1, finished: 1 });
    },
    FinishTarget: (i) => {
      trace.push("FinishTarget");
      finishing.push(i);
      return finished(i);
    },
    Notify: (i) => {
      notified.push(i);
      return { jobId: i.jobId, state: "PARTIALLY_SUCCEEDED" };
    },
    NotifyFailure: () => assert.fail("NotifyFailure must not run: the failure stays in its target"),
  }, "job-0012");
  assert.equal(r.ok, true, String(r.error?.stack ?? r.error));
  assert.equal(attempts, 2, "the TransientFailure is retried, then the other error is caught");
  assert.deepEqual(trace, [
    "StartCopies", "PollStatus", "PollStatus", "RegionFailed", // the poll fails for good, caught in the batch
    "StartCopies", "PollStatus", "FinishTarget", // RegionFailed's START: the batch's other target goes on to DONE
  ]);
  const both = [target("eu-west-1"), target("ap-southeast-2")];
  assert.deepEqual(regionFailed, [{
    jobId: "job-0012", targets: both, step: "PollStatus",
    error: {
      Error: "java.lang.IllegalStateException",
      Cause: `simulated: DescribeWorkspaceImages keeps failing in ${ACCOUNT}/ap-southeast-2`,
    },
  }], "RegionFailed gets the whole batch; the error names the target that failed");
  assert.deepEqual(finishing, [{ jobId: "job-0012", targets: both, finish: true }], "FinishTarget once, for the batch");
  assert.deepEqual(notified, [{ jobId: "job-0012", executionName: "job-0012" }]);
  assert.deepEqual(r.output, { jobId: "job-0012", state: "PARTIALLY_SUCCEEDED" });
});

await scenario("StartCopies failing for good names its step, then RegionFailed's DONE ends the batch", async () => {
  const regionFailed = [];
  const trace = [];
  const r = await run("start failure", { jobId: "job-0005" }, {
    Validate: () => validated("job-0005", ["eu-west-1"]),
    StartCopies: () => {
      trace.push("StartCopies");
      throw failure("java.lang.IllegalStateException", "boom");
    },
    PollStatus: () => assert.fail("PollStatus must not run"),
    RegionFailed: (i) => {
      trace.push("RegionFailed");
      regionFailed.push(i);
      return progress(i, "DONE");
    },
    FinishTarget: (i) => {
      trace.push("FinishTarget");
      return finished(i);
    },
    Notify: (i) => ({ jobId: i.jobId, state: "FAILED" }),
  }, "job-0005");
  assert.equal(r.ok, true, String(r.error?.stack ?? r.error));
  assert.deepEqual(regionFailed, [{
    jobId: "job-0005", targets: [target("eu-west-1")], step: "StartCopies",
    error: { Error: "java.lang.IllegalStateException", Cause: "boom" },
  }]);
  assert.deepEqual(keysOf(regionFailed[0]), keysOf(contract.regionFailedInput), "RegionFailed's input is RegionFailedInput");
  assert.deepEqual(trace, ["StartCopies", "RegionFailed", "FinishTarget"]);
  assert.deepEqual(r.output, { jobId: "job-0005", state: "FAILED" });
});

await scenario("failure of the Map itself (RegionFailed fails): caught -> NotifyFailure -> JobFailed", async () => {
  const notified = [];
  const r = await run("map failure", { jobId: "job-0006" }, {
    Validate: () => validated("job-0006", ["eu-west-1"]),
    StartCopies: () => {
      throw failure("java.lang.IllegalStateException", "boom");
    },
    RegionFailed: () => {
      throw failure("java.lang.IllegalArgumentException", "no such job");
    },
    FinishTarget: () => assert.fail("FinishTarget must not run: RegionFailed failed"),
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
      throw failure("java.lang.IllegalArgumentException", "no such job");
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

await scenario("each NextStep, from StartCopies or from RegionFailed, leads where the contract says", async () => {
  for (const from of ["StartCopies", "RegionFailed"]) {
    for (const [next, route] of Object.entries(contract.nextSteps)) {
      const after = [];
      let starts = 0;
      let failed = 0;
      const r = await run(`route ${next} from ${from}`, { jobId: "job-0007" }, {
        Validate: () => validated("job-0007", ["eu-west-1"]),
        StartCopies: (i) => {
          if (++starts > 1) {
            after.push("StartCopies");
            return progress(i, "DONE");
          }
          if (from === "RegionFailed") throw failure("java.lang.IllegalStateException", "boom");
          return progress(i, next);
        },
        PollStatus: (i) => {
          after.push("PollStatus");
          return progress(i, "DONE");
        },
        RegionFailed: (i) => {
          assert.equal(from, "RegionFailed", "RegionFailed must not run: StartCopies succeeded");
          assert.equal(++failed, 1, "RegionFailed once");
          return progress(i, next);
        },
        FinishTarget: (i) => {
          after.push("FinishTarget");
          return finished(i);
        },
        Notify: () => contract.notifyOutput,
      }, "job-0007");
      assert.equal(r.ok, true, String(r.error?.stack ?? r.error));
      assert.deepEqual(after, [...(route.taskState ? [route.taskState] : []), "FinishTarget"],
        `after next=${next} from ${from}`);
    }
  }
});

await scenario("copies final: FinishTarget once per batch with {jobId, targets, finish: true}, then the end", async () => {
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
  assert.deepEqual(finishing.sort((a, b) => batchOf(a).localeCompare(batchOf(b))), [
    { jobId: "job-0008", targets: [target("ap-southeast-2")], finish: true },
    { jobId: "job-0008", targets: [target("eu-west-1")], finish: true },
  ]);
  for (const i of finishing) {
    assert.deepEqual(keysOf(i), keysOf(contract.finishInput), "FinishTarget's input is FinishInput");
  }
});

await scenario("FinishTarget failing for good: FinishTargetFailed records it, the batch ends normally", async () => {
  const recorded = [];
  let attempts = 0;
  const r = await run("finish failure", { jobId: "job-0009" }, {
    Validate: () => validated("job-0009", ["eu-west-1"]),
    StartCopies: (i) => progress(i, "DONE", { finished: 1 }),
    FinishTarget: () => {
      attempts++;
      throw attempts === 1
        ? failure("io.github.wsicopy.core.TransientFailure", "SSM is throttling")
        : failure("java.lang.IllegalStateException", "bundle quota read failed");
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
    jobId: "job-0009", targets: [target("eu-west-1")], finish: true,
    error: { Error: "java.lang.IllegalStateException", Cause: "bundle quota read failed" },
  }]);
  assert.deepEqual(keysOf(recorded[0]), keysOf(contract.finishFailedInput), "FinishTargetFailed's input is FinishInput");
  assert.deepEqual(r.output, { jobId: "job-0009", state: "SUCCEEDED" });
});

await scenario("FinishTargetFailed failing too: the batch still ends normally", async () => {
  const r = await run("finish failure twice", { jobId: "job-0010" }, {
    Validate: () => validated("job-0010", ["eu-west-1"]),
    StartCopies: (i) => progress(i, "DONE", { finished: 1 }),
    FinishTarget: () => {
      throw failure("java.lang.IllegalStateException", "boom");
    },
    FinishTargetFailed: () => {
      throw failure("java.lang.IllegalStateException", "table unreachable");
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
