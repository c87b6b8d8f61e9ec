#!/usr/bin/env node
// The local runs' one rewrite (inline-map.mjs) changes statemachine/bulk-copy.asl.json in nothing but a Distributed
// Map's Mode, its ExecutionType and the distributed-only fields it may drop; it leaves an inline Map alone, and it
// refuses what it cannot drop without changing the Map. Run by `make lint-asl`.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import test from "node:test";

import { DROPPED_FIELDS, inlineDistributedMaps } from "./inline-map.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/** The deployed definition, read afresh for each test. */
const load = () => JSON.parse(readFileSync(join(root, "statemachine", "bulk-copy.asl.json"), "utf8"));
const definition = load();

/** Every path at which {@code a} and {@code b} differ, with both values (undefined where a side has nothing). */
function differences(a, b, path = "$") {
  if (Object.is(a, b)) return [];
  const bothObjects = a !== null && b !== null && typeof a === "object" && typeof b === "object";
  if (!bothObjects || Array.isArray(a) !== Array.isArray(b)) return [{ path, before: a, after: b }];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((k) => differences(a[k], b[k], Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`));
}

/** Paths of the Maps in distributed mode, at any depth ($.States.CopyRegions, ...). */
function distributedMaps(states, path = "$.States") {
  return Object.entries(states ?? {}).flatMap(([name, state]) => [
    ...(state.Type === "Map" && state.ItemProcessor?.ProcessorConfig?.Mode === "DISTRIBUTED" ? [`${path}.${name}`] : []),
    ...distributedMaps(state.ItemProcessor?.States, `${path}.${name}.ItemProcessor.States`),
    ...(state.Branches ?? []).flatMap((b, i) => distributedMaps(b.States, `${path}.${name}.Branches[${i}].States`)),
  ]);
}

/** The changes the rewrite is allowed to make to the Distributed Map at {@code map}. */
function allowed(map, d) {
  if (d.path === `${map}.ItemProcessor.ProcessorConfig.Mode`) return d.before === "DISTRIBUTED" && d.after === "INLINE";
  if (d.path === `${map}.ItemProcessor.ProcessorConfig.ExecutionType`) return d.after === undefined;
  return DROPPED_FIELDS.some((f) => d.path === `${map}.${f}`) && d.after === undefined;
}

test("the workflow's Map is distributed, so the rewrite has something to do", () => {
  assert.deepEqual(distributedMaps(definition.States), ["$.States.CopyRegions"]);
});

test("the local definition differs from the deployed one only in the Distributed Map's mode and dropped fields", () => {
  const maps = distributedMaps(definition.States);
  const found = differences(definition, inlineDistributedMaps(definition));
  const other = found.filter((d) => !maps.some((m) => allowed(m, d)));
  assert.deepEqual(other, [], "changes beyond Mode, ExecutionType and the dropped distributed-only fields");
  assert.deepEqual(found.map((d) => d.path).sort(), [
    "$.States.CopyRegions.ItemProcessor.ProcessorConfig.ExecutionType",
    "$.States.CopyRegions.ItemProcessor.ProcessorConfig.Mode",
    "$.States.CopyRegions.Label",
    "$.States.CopyRegions.ToleratedFailurePercentage",
  ]);
});

test("the rewrite leaves its argument as it was", () => {
  const argument = load();
  inlineDistributedMaps(argument);
  assert.deepEqual(argument, load());
});

test("an inline Map, or one without ProcessorConfig, is left exactly as it is", () => {
  const inline = inlineDistributedMaps(definition);
  assert.deepEqual(inlineDistributedMaps(inline), inline);
  const legacy = structuredClone(inline);
  delete legacy.States.CopyRegions.ItemProcessor.ProcessorConfig;
  assert.deepEqual(inlineDistributedMaps(legacy), legacy);
});

test("a Distributed Map inside another state's body is rewritten too", () => {
  const nested = {
    StartAt: "Outer",
    States: {
      Outer: {
        Type: "Parallel",
        End: true,
        Branches: [{ StartAt: "Inner", States: { Inner: structuredClone(definition.States.CopyRegions) } }],
      },
    },
  };
  delete nested.States.Outer.Branches[0].States.Inner.Next;
  delete nested.States.Outer.Branches[0].States.Inner.Catch;
  nested.States.Outer.Branches[0].States.Inner.End = true;
  const inner = inlineDistributedMaps(nested).States.Outer.Branches[0].States.Inner;
  assert.deepEqual(inner.ItemProcessor.ProcessorConfig, { Mode: "INLINE" });
  assert.equal("Label" in inner, false);
});

test("fields whose loss would change the Map are refused, naming the state", () => {
  const withField = (field, value) => {
    const d = structuredClone(definition);
    d.States.CopyRegions[field] = value;
    return d;
  };
  assert.throws(() => inlineDistributedMaps(withField("ItemReader", { Resource: "arn:aws:states:::s3:getObject" })),
    /CopyRegions has ItemReader/);
  assert.throws(() => inlineDistributedMaps(withField("ResultWriter", { Resource: "arn:aws:states:::s3:putObject" })),
    /CopyRegions has ResultWriter/);
  assert.throws(() => inlineDistributedMaps(withField("ToleratedFailurePercentage", 5)),
    /CopyRegions has ToleratedFailurePercentage 5/);
});

test("the rewritten definition is valid ASL", () => {
  const validator = createRequire(import.meta.url)("asl-validator");
  const text = JSON.stringify(inlineDistributedMaps(definition))
    .replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, n) => `arn:aws:lambda:us-east-1:123456789012:function:wsicopy-${n}`);
  const result = validator(JSON.parse(text), { checkPaths: true, checkArn: true });
  assert.deepEqual(result.errors, []);
});
