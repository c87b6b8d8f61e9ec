package io.github.wsicopy.localrun.stack;

import io.github.wsicopy.localrun.sfn.Transitions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one run cost, in the units AWS bills and throttles: WorkSpaces calls by operation (the 2 calls/s
 * budget), state transitions, Lambda invocations by function, DynamoDB calls by operation and HTTP requests.
 * Read from the emulator, the interpreter's event log, the invoke server and the functions' SDK clients.
 */
public record RunCounters(Map<String, Long> workspacesCalls, long workspacesThrottled, Transitions transitions,
        Map<String, Long> lambdaInvocations, Map<String, Long> lambdaErrors, Map<String, Long> dynamodbCalls,
        long dynamodbHttpRequests, Duration virtualTime) {

    public RunCounters {
        workspacesCalls = Map.copyOf(workspacesCalls);
        lambdaInvocations = Map.copyOf(lambdaInvocations);
        lambdaErrors = Map.copyOf(lambdaErrors);
        dynamodbCalls = Map.copyOf(dynamodbCalls);
    }

    @SuppressWarnings("unchecked")
    public static RunCounters of(LocalStack stack, Transitions transitions) {
        Map<String, Long> workspaces = (Map<String, Long>) stack.emulator.countersSnapshot().get("calls");
        return new RunCounters(workspaces, stack.emulator.counters().throttled(), transitions,
                stack.lambda.invocations(), stack.lambda.errors(), stack.dynamoCalls.calls(),
                stack.dynamoCalls.httpRequests(), stack.virtualTime.elapsed());
    }

    public long workspacesCalls(String operation) {
        return workspacesCalls.getOrDefault(operation, 0L);
    }

    public long invocations(String function) {
        return lambdaInvocations.getOrDefault(function, 0L);
    }

    public long totalInvocations() {
        return sum(lambdaInvocations);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("workspaces", Map.of("callsByOperation", new TreeMap<>(workspacesCalls),
                "total", sum(workspacesCalls), "throttled", workspacesThrottled));
        json.put("stepFunctions", transitions.toJson());
        json.put("lambda", Map.of("invocationsByFunction", new TreeMap<>(lambdaInvocations),
                "total", totalInvocations(), "unhandledErrors", sum(lambdaErrors)));
        json.put("dynamodb", Map.of("callsByOperation", new TreeMap<>(dynamodbCalls),
                "total", sum(dynamodbCalls), "httpRequests", dynamodbHttpRequests));
        json.put("virtualTimeSeconds", virtualTime.toSeconds());
        return json;
    }

    /** For people: one line per counter family. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("WorkSpaces calls     %4d  %s  (throttled %d)", sum(workspacesCalls),
                compact(workspacesCalls), workspacesThrottled));
        lines.add(String.format("State transitions    %4d  (retries %d, caught %d, Map iterations %d)",
                transitions.stateTransitions(), transitions.retries(), transitions.caught(), transitions.mapIterations()));
        lines.add(String.format("Lambda invocations   %4d  %s  (unhandled errors %d)", totalInvocations(),
                compact(lambdaInvocations), sum(lambdaErrors)));
        lines.add(String.format("DynamoDB calls       %4d  %s  (HTTP requests %d)", sum(dynamodbCalls),
                compact(dynamodbCalls), dynamodbHttpRequests));
        return lines;
    }

    private static String compact(Map<String, Long> counts) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(counts).forEach((k, v) -> {
            if (v > 0) {
                out.append(out.isEmpty() ? "" : ", ").append(k.replace("Function", "")).append(' ').append(v);
            }
        });
        return out.toString();
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
