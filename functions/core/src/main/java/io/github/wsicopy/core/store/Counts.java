package io.github.wsicopy.core.store;

import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** How many tasks are in each state. */
public record Counts(Map<TaskState, Long> byState) {
    public Counts {
        EnumMap<TaskState, Long> copy = new EnumMap<>(TaskState.class);
        for (TaskState s : TaskState.values()) {
            copy.put(s, byState.getOrDefault(s, 0L));
        }
        byState = java.util.Collections.unmodifiableMap(copy);
    }

    public static Counts of(Collection<CopyTask> tasks) {
        EnumMap<TaskState, Long> counts = new EnumMap<>(TaskState.class);
        tasks.forEach(t -> counts.merge(t.state(), 1L, Long::sum));
        return new Counts(counts);
    }

    public long get(TaskState state) {
        return byState.get(state);
    }

    public long total() {
        return byState.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Tasks not yet in a final state. */
    public long open() {
        return get(TaskState.PENDING) + get(TaskState.STARTING) + get(TaskState.COPYING);
    }

    /** Reads {@link #toJson()}'s form; {@code total} follows from the states. */
    public static Counts read(Map<String, Object> json) {
        EnumMap<TaskState, Long> counts = new EnumMap<>(TaskState.class);
        for (TaskState s : TaskState.values()) {
            if (json.get(s.counter()) instanceof Number n) {
                counts.put(s, n.longValue());
            }
        }
        return new Counts(counts);
    }

    /** {"total":n, "pending":n, ...} for outputs and events. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("total", total());
        byState.forEach((state, n) -> json.put(state.counter(), n));
        return json;
    }
}
