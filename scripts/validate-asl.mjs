#!/usr/bin/env node
// Validates statemachine/bulk-copy.asl.json against template.yaml and the ASL spec.
//
//  1. The set of ${Name} placeholders in the definition equals the set of keys under the state
//     machine's DefinitionSubstitutions in template.yaml.
//  2. After substituting realistic dummy Lambda ARNs, asl-validator (JS API) reports no error.
//  3. Project rules the local interpreter (aws-local-stepfunctions 3.0.0) and the design rely on:
//     JSONPath only (no JSONata, no Assign), direct Lambda ARNs (no arn:aws:states:::lambda:invoke),
//     every Task retries the Lambda service errors and has a TimeoutSeconds above its function's Timeout;
//     every Task retries io.github.wsicopy.core.TransientFailure with capped delays whose sum (the longest a
//     throttling period is ridden out) is TransientFailure.RETRY_MINUTES, which error texts quote;
//     inside a Map, every Task catches States.ALL (a Region's failure stays in its Region) except the Task
//     such a Catch leads to, and the Map itself has a Catch (failures of the Map still end the job);
//     a Distributed Map's children end with an empty output (no ResultWriter) and read no $$.Execution, and the
//     state machine has a Name its role's Policies grant StartExecution on and Describe/StopExecution on children.
//
// Exits 0 when clean, 1 on any finding (each printed on its own line), 2 on a usage/IO problem.
// template.yaml is read with the yaml package; CloudFormation's short tags stay as written: a tagged scalar is the
// text "!Ref X", a tagged list or map is { "!Sub": [...] } (the same form as local-run's CfnYaml).

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const aslPath = join(root, "statemachine", "bulk-copy.asl.json");
const templatePath = join(root, "template.yaml");
const aslRel = relative(root, aslPath);

const findings = [];
const finding = (msg) => findings.push(msg);

function readOrDie(path) {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    console.error(`validate-asl: cannot read ${path}: ${e.message}`);
    process.exit(2);
  }
}

let validator;
try {
  validator = require("asl-validator");
} catch (e) {
  console.error("validate-asl: asl-validator is not installed; run `npm ci` first.");
  process.exit(2);
}

// ------------------------------------------------------------------ template.yaml
const { parse: parseYaml } = await import("yaml");
const CFN_FUNCTIONS = ["Ref", "GetAtt", "Sub", "Join", "If", "Select", "Split", "FindInMap", "GetAZs", "ImportValue",
  "Base64", "Cidr", "Equals", "Not", "And", "Or", "Condition", "Transform"];
const cfnTags = CFN_FUNCTIONS.flatMap((name) => [
  { tag: `!${name}`, resolve: (text) => `!${name} ${text}` },
  { tag: `!${name}`, collection: "seq", resolve: (seq) => ({ [`!${name}`]: seq.toJSON() }) },
  { tag: `!${name}`, collection: "map", resolve: (map) => ({ [`!${name}`]: map.toJSON() }) },
]);

let template;
try {
  template = parseYaml(readOrDie(templatePath), { customTags: cfnTags });
} catch (e) {
  console.error(`validate-asl: template.yaml is not valid YAML: ${e.message}`);
  process.exit(2);
}
if (!template?.Resources || typeof template.Resources !== "object") {
  console.error("validate-asl: template.yaml has no top-level Resources: section");
  process.exit(2);
}
const resources = new Map(Object.entries(template.Resources)); // logicalId -> resource

// The state machine that uses this definition file.
const smEntry = [...resources.entries()].find(([, r]) => r?.Properties?.DefinitionUri === "statemachine/bulk-copy.asl.json");
if (!smEntry) {
  console.error(`validate-asl: no resource in template.yaml has DefinitionUri: ${aslRel}`);
  process.exit(1);
}
const [smId, sm] = smEntry;
const substitutions = new Map(); // key -> value as written ("!Ref CopyFunction.Alias")
if (!sm.Properties.DefinitionSubstitutions || typeof sm.Properties.DefinitionSubstitutions !== "object") {
  finding(`template.yaml: ${smId} has no DefinitionSubstitutions block`);
} else {
  for (const [key, value] of Object.entries(sm.Properties.DefinitionSubstitutions)) {
    substitutions.set(key, typeof value === "string" ? value : JSON.stringify(value));
  }
}

// Globals.Function.Timeout (default 3 s, as in SAM).
const globalTimeout = Number.isInteger(template.Globals?.Function?.Timeout) ? template.Globals.Function.Timeout : 3;

/**
 * Function timeout for a substitution value like "!GetAtt CopyFunction.Arn" or "!Ref CopyFunction.Alias" (the
 * alias SAM makes for AutoPublishAlias, which SnapStart needs), or undefined.
 */
function functionTimeout(subValue) {
  const m =
    subValue.match(/^!GetAtt\s+([A-Za-z0-9]+)\.Arn$/) ||
    subValue.match(/^!Ref\s+([A-Za-z0-9]+)\.Alias$/) ||
    subValue.match(/^\{\s*"?Fn::GetAtt"?\s*:\s*\[\s*"?([A-Za-z0-9]+)"?\s*,\s*"?Arn"?\s*\]\s*\}$/);
  if (!m || !resources.has(m[1])) return undefined;
  const own = resources.get(m[1])?.Properties?.Timeout;
  return { functionId: m[1], timeout: Number.isInteger(own) ? own : globalTimeout };
}

// ------------------------------------------------------------------ the definition
const aslText = readOrDie(aslPath);
try {
  JSON.parse(aslText);
} catch (e) {
  console.error(`${aslRel}: not valid JSON: ${e.message}`);
  process.exit(1);
}

const placeholderRe = /\$\{([^}]*)\}/g;
const placeholders = new Set([...aslText.matchAll(placeholderRe)].map((m) => m[1]));
for (const p of placeholders) {
  if (!/^[A-Za-z0-9_]+$/.test(p)) finding(`${aslRel}: malformed placeholder \${${p}}`);
  else if (!substitutions.has(p))
    finding(`${aslRel}: placeholder \${${p}} has no key in template.yaml ${smId}.DefinitionSubstitutions`);
}
for (const k of substitutions.keys()) {
  if (!placeholders.has(k))
    finding(`template.yaml: ${smId}.DefinitionSubstitutions key ${k} is not used as \${${k}} in ${aslRel}`);
}

// Substitute realistic dummy Lambda ARNs: ValidateFunctionArn -> ...:function:wsicopy-ValidateFunction-AbC123.
const dummyArn = (name) =>
  `arn:aws:lambda:us-east-1:123456789012:function:wsicopy-${name.replace(/Arn$/, "")}-1A2B3C4D5E6F`;
const substituted = aslText.replace(placeholderRe, (_, name) => dummyArn(name));
const definition = JSON.parse(substituted);

const result = validator(structuredClone(definition), { checkPaths: true, checkArn: true });
if (!result.isValid) {
  for (const e of result.errors) finding(`${aslRel}: asl-validator ${e["Error code"]}: ${e.Message}`);
}

// ------------------------------------------------------------------ project rules
const lambdaErrors = [
  "Lambda.ServiceException",
  "Lambda.AWSLambdaException",
  "Lambda.SdkClientException",
  "Lambda.TooManyRequestsException",
];
const rawDefinition = JSON.parse(aslText);

const transientName = "io.github.wsicopy.core.TransientFailure";
const transientJava = join(root, "functions/core/src/main/java/io/github/wsicopy/core/TransientFailure.java");
const retryMinutes = Number(readOrDie(transientJava).match(/RETRY_MINUTES\s*=\s*(\d+)/)?.[1]);
if (!Number.isFinite(retryMinutes)) finding(`${relative(root, transientJava)}: no RETRY_MINUTES constant`);

/** The longest a retrier waits in total: the sum of its delays, each capped at MaxDelaySeconds (before jitter). */
function longestRetryWait(r) {
  let total = 0;
  for (let attempt = 0; attempt < (r.MaxAttempts ?? 3); attempt++) {
    const delay = (r.IntervalSeconds ?? 1) * (r.BackoffRate ?? 2) ** attempt;
    total += r.MaxDelaySeconds ? Math.min(delay, r.MaxDelaySeconds) : delay;
  }
  return total;
}

/** Tasks of a Map body that must catch: all but those a States.ALL Catch leads to (directly or through Passes). */
function checkRegionIsolation(states, where) {
  const handlers = new Set();
  for (const state of Object.values(states)) {
    for (const c of state.Catch ?? []) {
      let next = c.Next;
      while (states[next]?.Type === "Pass" && states[next].Next) next = states[next].Next;
      handlers.add(next);
    }
  }
  for (const [name, state] of Object.entries(states)) {
    if (state.Type !== "Task" || handlers.has(name)) continue;
    const catchesAll = (state.Catch ?? []).some((c) => (c.ErrorEquals ?? []).includes("States.ALL"));
    if (!catchesAll) finding(`${where}/${name}: a Task in a Map must Catch States.ALL, so its failure stays in its iteration`);
  }
}

function walkStates(states, path) {
  for (const [name, state] of Object.entries(states ?? {})) {
    const where = `${aslRel}: state ${path}${name}`;
    for (const banned of ["Assign", "Arguments", "Output"]) {
      if (banned in state) finding(`${where}: uses ${banned} (JSONata/variables; the local interpreter needs JSONPath)`);
    }
    if (state.QueryLanguage && state.QueryLanguage !== "JSONPath")
      finding(`${where}: QueryLanguage ${state.QueryLanguage} (use JSONPath)`);
    if (state.Type === "Task") {
      const resource = String(state.Resource ?? "");
      if (resource.startsWith("arn:aws:states:::lambda:invoke"))
        finding(`${where}: uses ${resource}; use a direct function ARN via DefinitionSubstitutions`);
      const retried = new Set((state.Retry ?? []).flatMap((r) => r.ErrorEquals ?? []));
      const missing = lambdaErrors.filter((e) => !retried.has(e));
      if (missing.length) finding(`${where}: Retry does not cover ${missing.join(", ")}`);
      const transient = (state.Retry ?? []).find((r) => (r.ErrorEquals ?? []).includes(transientName));
      if (!transient) finding(`${where}: Retry does not cover ${transientName}`);
      else if (!transient.MaxDelaySeconds) finding(`${where}: the ${transientName} retrier has no MaxDelaySeconds`);
      else if (Math.ceil(longestRetryWait(transient) / 60) !== retryMinutes)
        finding(`${where}: the ${transientName} retrier waits at most ${longestRetryWait(transient)} s, `
          + `not the ${retryMinutes} minutes TransientFailure.RETRY_MINUTES states`);
      const m = resource.match(/^\$\{([A-Za-z0-9_]+)\}$/);
      if (!m) {
        finding(`${where}: Resource ${resource} is not a \${...FunctionArn} placeholder`);
      } else if (substitutions.has(m[1])) {
        const fn = functionTimeout(substitutions.get(m[1]));
        if (!fn) {
          finding(`template.yaml: ${m[1]} (${substitutions.get(m[1])}) is not !GetAtt <Function>.Arn or !Ref <Function>.Alias of a resource in this template`);
        } else if (typeof state.TimeoutSeconds !== "number") {
          finding(`${where}: no TimeoutSeconds (its function ${fn.functionId} times out after ${fn.timeout} s)`);
        } else if (state.TimeoutSeconds <= fn.timeout) {
          finding(`${where}: TimeoutSeconds ${state.TimeoutSeconds} must exceed ${fn.functionId} Timeout ${fn.timeout}`);
        }
      }
    }
    if (state.ItemProcessor?.ProcessorConfig?.Mode === "DISTRIBUTED") checkDistributedMap(state, where);
    if (state.ItemProcessor) {
      walkStates(state.ItemProcessor.States, `${path}${name}/`);
      checkRegionIsolation(state.ItemProcessor.States, `${aslRel}: state ${path}${name}`);
      if (!(state.Catch ?? []).some((c) => (c.ErrorEquals ?? []).includes("States.ALL")))
        finding(`${where}: a Map must Catch States.ALL (a failure of the Map itself must still end the job)`);
    }
    if (state.Iterator) walkStates(state.Iterator.States, `${path}${name}/`);
    for (const [i, b] of (state.Branches ?? []).entries()) walkStates(b.States, `${path}${name}[${i}]/`);
  }
}
/**
 * A Distributed Map runs each item as a child execution of this state machine. Without a ResultWriter the Map gathers
 * every child's output into its result (256 KB at most, even when ResultPath drops it), so each child ends with an
 * empty output; a child's $$.Execution is its own, not the job's; and the state machine's role must start, watch and
 * stop its children, by a fixed name (a reference to the state machine from its own role would be circular).
 */
function checkDistributedMap(map, where) {
  if (!map.ResultWriter) {
    for (const [name, state] of Object.entries(map.ItemProcessor.States ?? {})) {
      const ends = state.Type === "Succeed" || (state.End === true && state.Type !== "Fail");
      if (ends && state.OutputPath !== null)
        finding(`${where}/${name}: ends a child execution of a Distributed Map without ResultWriter, so it needs `
          + `"OutputPath": null (the Map gathers every child's output into its 256 KB result)`);
    }
  }
  if (JSON.stringify(map.ItemProcessor).includes("$$.Execution"))
    finding(`${where}: reads $$.Execution inside a Distributed Map, where it is the child execution, not the job's`);

  const mapName = where.replace(/^.*: state /, "");
  const nameOf = (value) => (typeof value === "string" ? value.replace(/^!Sub\s+/, "") : undefined);
  const name = nameOf(sm.Properties.Name);
  if (!name) {
    finding(`template.yaml: ${smId} has no Name; the Distributed Map ${mapName} needs one to grant its role its child executions`);
    return;
  }
  const statements = (sm.Properties.Policies ?? []).flatMap((p) => (typeof p === "object" ? p.Statement ?? [] : []));
  const allows = (action, resource) => statements.some((st) => st.Effect === "Allow"
    && [st.Action].flat().includes(action) && [st.Resource].flat().map(nameOf).includes(resource));
  const arn = (type, rest) => `arn:\${AWS::Partition}:states:\${AWS::Region}:\${AWS::AccountId}:${type}:${rest}`;
  const needed = [
    ["states:StartExecution", arn("stateMachine", name)],
    ["states:DescribeExecution", arn("execution", `${name}/*`)],
    ["states:StopExecution", arn("execution", `${name}/*`)],
  ];
  for (const [action, resource] of needed) {
    if (!allows(action, resource))
      finding(`template.yaml: ${smId}'s Policies do not allow ${action} on !Sub ${resource}, which the Distributed Map ${mapName} needs`);
  }
}

if (rawDefinition.QueryLanguage && rawDefinition.QueryLanguage !== "JSONPath")
  finding(`${aslRel}: top-level QueryLanguage ${rawDefinition.QueryLanguage} (use JSONPath)`);
walkStates(rawDefinition.States, "");

// ------------------------------------------------------------------ report
if (findings.length) {
  for (const f of findings) console.error(f);
  console.error(`validate-asl: ${findings.length} finding(s)`);
  process.exit(1);
}
console.log(
  `validate-asl: ${aslRel} OK (${placeholders.size} substitutions match template.yaml ${smId}; asl-validator clean)`,
);
