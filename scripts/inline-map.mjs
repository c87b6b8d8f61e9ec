// The one rewrite the local runs make to statemachine/bulk-copy.asl.json: every Distributed Map becomes an inline Map.
//
// aws-local-stepfunctions 3.0.0 has no distributed mode (it runs every Map's ItemProcessor in the one execution,
// and ignores ProcessorConfig and the fields below without a word). Rather than lean on that silence, the local
// runs (run-asl.mjs, smoke-asl.mjs) hand the interpreter what it does run: Mode INLINE, without the fields only a
// Distributed Map has. In AWS each iteration is a child execution with its own history; locally every iteration
// writes into the one execution, which the interpreter does not limit. Nothing an iteration reads or writes differs:
// validate-asl.mjs keeps $$.Execution out of a distributed ItemProcessor, because a child execution's name is not
// the job's.
//
// Only fields that change no iteration's input, output or outcome are dropped: ExecutionType, Label (names the
// child executions) and a tolerated failure of 0 (what an inline Map does anyway: the first failed iteration fails
// the Map). Fields whose loss would change what the Map does (ItemReader, ItemBatcher, ResultWriter, a tolerated
// failure above 0 or read from a path) are refused with an error naming the state, never dropped in silence.
// inline-map.test.mjs shows the two definitions differ in nothing else.

/** Fields of a Distributed Map that an inline Map does not have and that this rewrite may drop. */
export const DROPPED_FIELDS = ["Label", "ToleratedFailurePercentage", "ToleratedFailureCount"];

/** Distributed-only fields whose loss would change what the Map does; the rewrite refuses them. */
export const REFUSED_FIELDS = ["ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailurePercentagePath",
  "ToleratedFailureCountPath"];

/**
 * A copy of {@code definition} in which every Map with ProcessorConfig.Mode DISTRIBUTED (at any depth) is an inline
 * Map: Mode INLINE, without ProcessorConfig.ExecutionType and the {@link DROPPED_FIELDS}. The argument is not changed.
 * Throws an Error naming the state when a Map has a field the rewrite cannot drop without changing its behaviour.
 */
export function inlineDistributedMaps(definition) {
  const copy = structuredClone(definition);
  rewriteStates(copy.States, "");
  return copy;
}

function rewriteStates(states, path) {
  for (const [name, state] of Object.entries(states ?? {})) {
    const where = `${path}${name}`;
    if (state.Type === "Map" && state.ItemProcessor?.ProcessorConfig?.Mode === "DISTRIBUTED") inline(state, where);
    rewriteStates(state.ItemProcessor?.States, `${where}/`);
    rewriteStates(state.Iterator?.States, `${where}/`);
    for (const [i, branch] of (state.Branches ?? []).entries()) rewriteStates(branch.States, `${where}[${i}]/`);
  }
}

function inline(map, where) {
  for (const field of REFUSED_FIELDS) {
    if (field in map) {
      throw new Error(`Map state ${where} has ${field}, which an inline Map has no equivalent for: `
        + "the local interpreter cannot run it as it runs in AWS. Remove it or extend scripts/inline-map.mjs.");
    }
  }
  for (const field of ["ToleratedFailurePercentage", "ToleratedFailureCount"]) {
    if (field in map && map[field] !== 0) {
      throw new Error(`Map state ${where} has ${field} ${map[field]}; an inline Map fails on its first failed `
        + "iteration, so only 0 runs locally as it runs in AWS.");
    }
  }
  for (const field of DROPPED_FIELDS) delete map[field];
  delete map.ItemProcessor.ProcessorConfig.ExecutionType;
  map.ItemProcessor.ProcessorConfig.Mode = "INLINE";
}
