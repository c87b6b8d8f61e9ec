#!/usr/bin/env node
// Runs the real state machine (statemachine/bulk-copy.asl.json, unchanged but for its Distributed Map, which runs
// inline: inline-map.mjs) in aws-local-stepfunctions 3.0.0.
// Its Task states call the Lambda Invoke API through the AWS SDK for JavaScript, which honours
// AWS_ENDPOINT_URL_LAMBDA: point it at the local invoke server (local-run's InvokeServer).
//
// Reads one JSON object on stdin:
//   { "definition": "<path of the ASL file>",
//     "substitutions": { "ValidateFunctionArn": "arn:aws:lambda:...:function:ValidateFunction", ... },
//     "input": { ... }, "executionName": "job-id", "region": "us-east-1",
//     "waitMillis": 0,      // every Wait state lasts this long in real time (the invoke server keeps virtual time)
//     "waitMillisByState": { "WaitBeforeStart": 10000 },  // optional: these Wait states last this long instead
//     "retryMillis": 200 }  // every Retry waits this long (instead of IntervalSeconds x BackoffRate^n, jittered)
// Prints progress nowhere (the caller reads the jobs table) and, at the end, one line:
//   RESULT {"status": "SUCCEEDED"|"FAILED", "output"?, "error"?, "cause"?, "transitions": {...}}
// where transitions counts the execution's events: states entered (total and by state), retries, caught
// errors and failed states; and histories what each history would hold in AWS, where every iteration of the
// Distributed Map is a child execution with a history of its own: for the parent (the states outside any Map
// iteration) and for each iteration (by index), the states entered by their ASL type and the retried attempts
// (core.workflow.HistoryBudget turns these into events), and the largest state payload (UTF-8 bytes of a
// state's JSON input or output) with the state that carried it.
// Exits 0 when the execution ran (whatever its outcome), 2 when it could not run.

import { readFileSync } from "node:fs";
import "./polyfill.mjs";
import { inlineDistributedMaps } from "./inline-map.mjs";
const { StateMachine, ExecutionError } = await import("aws-local-stepfunctions");

function readStdin() {
  return readFileSync(0, "utf8");
}

/** Every state of the definition, Map/Parallel bodies included. */
function allStates(definition) {
  const found = [];
  const walk = (states) => {
    for (const [name, state] of Object.entries(states ?? {})) {
      found.push([name, state]);
      walk(state.ItemProcessor?.States);
      walk(state.Iterator?.States);
      for (const branch of state.Branches ?? []) walk(branch.States);
    }
  };
  walk(definition.States);
  return found;
}

function substitute(text, substitutions) {
  return text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, name) => {
    if (!(name in substitutions)) throw new Error(`no substitution for ${whole}`);
    return substitutions[name];
  });
}

/** The history an event belongs to: the parent's, or the Map iteration's (a child execution in AWS). */
function historyOf(histories, event) {
  if (event.index === undefined) return histories.parent;
  const key = String(event.index);
  histories.children[key] ??= { enteredByType: {}, retries: 0 };
  return histories.children[key];
}

function payloadBytes(value) {
  return value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value), "utf8");
}

function notePayload(histories, event) {
  const bytes = Math.max(payloadBytes(event.state.input), payloadBytes(event.state.output));
  if (bytes > histories.largestPayload.bytes) {
    histories.largestPayload = { bytes, state: event.state.name, child: event.index !== undefined };
  }
}

async function countEvents(eventLogs, counts, histories) {
  for await (const event of eventLogs) {
    switch (event.type) {
      case "StateEntered": {
        counts.stateTransitions++;
        counts.byState[event.state.name] = (counts.byState[event.state.name] ?? 0) + 1;
        const history = historyOf(histories, event);
        history.enteredByType[event.state.type] = (history.enteredByType[event.state.type] ?? 0) + 1;
        notePayload(histories, event);
        break;
      }
      case "StateExited":
        notePayload(histories, event);
        break;
      case "StateRetried":
        counts.retries++;
        historyOf(histories, event).retries++;
        break;
      case "StateCaught":
        counts.caught++;
        break;
      case "StateFailed":
        counts.failedStates++;
        break;
      case "MapIterationStarted":
        counts.mapIterations++;
        break;
      default:
        break;
    }
  }
}

async function main() {
  const spec = JSON.parse(readStdin());
  const definition = inlineDistributedMaps(JSON.parse(substitute(readFileSync(spec.definition, "utf8"), spec.substitutions)));
  const states = allStates(definition);
  const waitTimeOverrides = Object.fromEntries(
    states.filter(([, s]) => s.Type === "Wait").map(([name]) => [name, spec.waitMillisByState?.[name] ?? spec.waitMillis ?? 0]),
  );
  const retryIntervalOverrides = Object.fromEntries(
    states.filter(([, s]) => Array.isArray(s.Retry)).map(([name]) => [name, spec.retryMillis ?? 0]),
  );

  const machine = new StateMachine(definition, {
    validationOptions: { checkPaths: true, checkArn: true },
    // Credentials are required by the interpreter; the invoke server does not check them.
    awsConfig: { region: spec.region, credentials: { accessKeys: { accessKeyId: "local", secretAccessKey: "local" } } },
  });
  const execution = machine.run(spec.input, {
    overrides: { waitTimeOverrides, retryIntervalOverrides },
    context: { Execution: { Name: spec.executionName } },
  });
  // Never outlive the Java process that started this one (it may have been killed without a chance to stop us).
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) {
      execution.abort();
      process.exit(143);
    }
  }, 1000).unref();
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.on(signal, () => {
      execution.abort();
      process.exit(143);
    });
  }

  const transitions = { stateTransitions: 0, byState: {}, retries: 0, caught: 0, failedStates: 0, mapIterations: 0 };
  const histories = { parent: { enteredByType: {}, retries: 0 }, children: {}, largestPayload: { bytes: 0 } };
  const counting = countEvents(execution.eventLogs, transitions, histories);
  let result;
  try {
    result = { status: "SUCCEEDED", output: await execution.result };
  } catch (e) {
    if (!(e instanceof ExecutionError)) throw e;
    const cause = e.cause ?? e;
    result = { status: "FAILED", error: cause.name, cause: cause.message };
  }
  // The event log closes when the execution ends; do not hang on it if it does not.
  await Promise.race([counting, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
  result.transitions = transitions;
  result.histories = histories;
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`run-asl: ${e?.stack ?? e}\n`);
    process.exit(2);
  },
);
