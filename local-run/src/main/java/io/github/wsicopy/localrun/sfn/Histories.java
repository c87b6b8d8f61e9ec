package io.github.wsicopy.localrun.sfn;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an execution's histories would hold in AWS, from the interpreter's event log ({@code scripts/run-asl.mjs}).
 * The local run has no distributed mode: the Map's iterations run inline and write into the one event log. In AWS
 * each iteration of the Distributed Map is a child execution with a history of its own, so the log is split the same
 * way: the parent's states (outside any iteration), and each iteration's (by its index).
 * {@code core.workflow.HistoryBudget#events} turns one of them into history events.
 *
 * @param parent         the parent execution's states
 * @param children       each Map iteration's (a child execution's) states, by iteration index
 * @param largestPayload the largest state input or output of the run, parent or child
 */
public record Histories(ExecutionStates parent, Map<Integer, ExecutionStates> children, Payload largestPayload) {

    public Histories {
        children = Map.copyOf(children);
    }

    /** The states one history records: how many were entered, by ASL type ("Task", "Choice", ...), and the retried attempts. */
    public record ExecutionStates(Map<String, Long> enteredByType, long retries) {
        public ExecutionStates {
            enteredByType = Map.copyOf(enteredByType);
        }

        /** States entered: the execution's state transitions. */
        public long transitions() {
            return enteredByType.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** @param bytes UTF-8 bytes of the JSON; @param state the state whose input or output it was; @param child in a child execution */
    public record Payload(long bytes, String state, boolean child) {}

    public static Histories none() {
        return new Histories(new ExecutionStates(Map.of(), 0), Map.of(), new Payload(0, "", false));
    }

    @SuppressWarnings("unchecked")
    static Histories fromJson(Map<String, Object> json) {
        if (json == null || json.isEmpty()) {
            return none();
        }
        Map<Integer, ExecutionStates> children = new TreeMap<>();
        ((Map<String, Object>) json.getOrDefault("children", Map.of()))
                .forEach((index, states) -> children.put(Integer.valueOf(index), states((Map<String, Object>) states)));
        Map<String, Object> largest = (Map<String, Object>) json.getOrDefault("largestPayload", Map.of());
        return new Histories(states((Map<String, Object>) json.getOrDefault("parent", Map.of())), children,
                new Payload(number(largest.get("bytes")), String.valueOf(largest.getOrDefault("state", "")),
                        Boolean.TRUE.equals(largest.get("child"))));
    }

    @SuppressWarnings("unchecked")
    private static ExecutionStates states(Map<String, Object> json) {
        Map<String, Long> byType = new TreeMap<>();
        ((Map<String, Object>) json.getOrDefault("enteredByType", Map.of())).forEach((k, v) -> byType.put(k, number(v)));
        return new ExecutionStates(byType, number(json.get("retries")));
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("parent", Map.of("enteredByType", new TreeMap<>(parent.enteredByType()), "retries", parent.retries()));
        json.put("children", children.size());
        json.put("largestPayload", Map.of("bytes", largestPayload.bytes(), "state", largestPayload.state(),
                "child", largestPayload.child()));
        return json;
    }

    private static long number(Object value) {
        return value instanceof BigDecimal n ? n.longValue() : 0;
    }
}
