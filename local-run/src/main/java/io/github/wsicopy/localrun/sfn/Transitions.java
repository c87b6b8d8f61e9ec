package io.github.wsicopy.localrun.sfn;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an execution did, counted from the interpreter's event log: states entered (Step Functions bills
 * Standard workflows per state transition), by state, retries, caught errors, failed states, Map iterations.
 */
public record Transitions(long stateTransitions, Map<String, Long> byState, long retries, long caught,
        long failedStates, long mapIterations) {

    public Transitions {
        byState = Map.copyOf(byState);
    }

    public static Transitions none() {
        return new Transitions(0, Map.of(), 0, 0, 0, 0);
    }

    @SuppressWarnings("unchecked")
    static Transitions fromJson(Map<String, Object> json) {
        Map<String, Long> byState = new TreeMap<>();
        ((Map<String, Object>) json.getOrDefault("byState", Map.of())).forEach((k, v) -> byState.put(k, number(v)));
        return new Transitions(number(json.get("stateTransitions")), byState, number(json.get("retries")),
                number(json.get("caught")), number(json.get("failedStates")), number(json.get("mapIterations")));
    }

    public long entered(String state) {
        return byState.getOrDefault(state, 0L);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("stateTransitions", stateTransitions);
        json.put("byState", new TreeMap<>(byState));
        json.put("retries", retries);
        json.put("caught", caught);
        json.put("failedStates", failedStates);
        json.put("mapIterations", mapIterations);
        return json;
    }

    private static long number(Object value) {
        return value instanceof BigDecimal n ? n.longValue() : 0;
    }
}
