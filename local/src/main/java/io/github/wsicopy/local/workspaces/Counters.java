package io.github.wsicopy.local.workspaces;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the emulator has seen since start or the last {@link #reset()}; thread-safe.
 *
 * <p>A call is counted when it names a known operation and carries a SigV4 scope, whatever its outcome
 * (throttled and failed calls included). Throttled calls are those answered with ThrottlingException,
 * whether by the rate limit or an injected fault. Copies are images created by CopyWorkspaceImage
 * (including those whose response was then lost), by destination Region.
 */
public final class Counters {

    private final ConcurrentMap<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ConcurrentMap<String, LongAdder>> callsByRegion = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> copies = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final LongAdder throttled = new LongAdder();
    private final LongAdder lostResponses = new LongAdder();

    void call(String region, String operation) {
        add(calls, operation);
        add(callsByRegion.computeIfAbsent(region, r -> new ConcurrentHashMap<>()), operation);
    }

    void error(String type) {
        add(errors, type);
        if (ServiceError.THROTTLING.equals(type)) {
            throttled.increment();
        }
    }

    void copy(String destinationRegion) {
        add(copies, destinationRegion);
    }

    void lostResponse() {
        lostResponses.increment();
    }

    /** All calls. */
    public long calls() {
        return sum(calls);
    }

    public long calls(String operation) {
        return get(calls, operation);
    }

    public long calls(String region, String operation) {
        Map<String, LongAdder> ops = callsByRegion.get(region);
        return ops == null ? 0 : get(ops, operation);
    }

    public long throttled() {
        return throttled.sum();
    }

    /** All copies made. */
    public long copies() {
        return sum(copies);
    }

    public long copies(String destinationRegion) {
        return get(copies, destinationRegion);
    }

    public long lostResponses() {
        return lostResponses.sum();
    }

    /** Calls answered with the error {@code type} (e.g. "ResourceLimitExceededException"). */
    public long errors(String type) {
        return get(errors, type);
    }

    public void reset() {
        calls.clear();
        callsByRegion.clear();
        copies.clear();
        errors.clear();
        throttled.reset();
        lostResponses.reset();
    }

    /**
     * Everything as sorted, printable maps: {@code calls} (operation → n), {@code callsByRegion}
     * (Region → operation → n), {@code throttled}, {@code copies} (Region → n), {@code lostResponses},
     * {@code errors} (type → n).
     */
    public Map<String, Object> snapshot() {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("calls", sorted(calls));
        Map<String, Map<String, Long>> byRegion = new TreeMap<>();
        callsByRegion.forEach((region, ops) -> byRegion.put(region, sorted(ops)));
        snapshot.put("callsByRegion", byRegion);
        snapshot.put("throttled", throttled());
        snapshot.put("copies", sorted(copies));
        snapshot.put("lostResponses", lostResponses());
        snapshot.put("errors", sorted(errors));
        return snapshot;
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }

    private static void add(ConcurrentMap<String, LongAdder> map, String key) {
        map.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private static long get(Map<String, LongAdder> map, String key) {
        LongAdder adder = map.get(key);
        return adder == null ? 0 : adder.sum();
    }

    private static long sum(Map<String, LongAdder> map) {
        return map.values().stream().mapToLong(LongAdder::sum).sum();
    }

    private static Map<String, Long> sorted(Map<String, LongAdder> map) {
        Map<String, Long> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
