package io.github.wsicopy.bench;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one function's sample does in the benchmark: its sample event from events/, the state the local stack must
 * be in for that event to do its real work on the first invocation (prepared afresh for every sample, so every
 * variant's first invocation does the same work), and a check of the first invocation's answer.
 */
public enum Scenario {
    /** The hello-world floor: any event, no state. */
    FLOOR("validate.json", 0) {
        @Override
        Optional<String> check(Map<String, Object> out) {
            return expect(out, "hello", "world");
        }
    },
    /** A new job: facts from WorkSpaces, rules, 6 task writes, job RUNNING. */
    VALIDATE("validate.json", 0) {
        @Override
        Optional<String> check(Map<String, Object> out) {
            return expect(out, "hasWork", Boolean.TRUE);
        }
    },
    /** The job validated: claims and starts the 3 copies of eu-west-1. */
    COPY("copy.json", 1) {
        @Override
        Optional<String> check(Map<String, Object> out) {
            return expectNumber(out, "copying", 3);
        }
    },
    /** The 3 copies started and now AVAILABLE: one describe, 3 recorded results. */
    POLL_STATUS("poll-status.json", 2) {
        @Override
        Optional<String> check(Map<String, Object> out) {
            return expectNumber(out, "finished", 3);
        }
    },
    /** The copies recorded: finish the job, publish to SNS and EventBridge. */
    NOTIFY("notify.json", 3) {
        @Override
        Optional<String> check(Map<String, Object> out) {
            return List.of("SUCCEEDED", "PARTIALLY_SUCCEEDED").contains(out.get("state")) ? Optional.empty()
                    : Optional.of("expected a finished job, got " + out);
        }
    };

    private final String event;
    private final int stepsBefore;

    Scenario(String event, int stepsBefore) {
        this.event = event;
        this.stepsBefore = stepsBefore;
    }

    public String event() {
        return event;
    }

    /** How many workflow steps (validate, copy, poll) run in-process before the sample: 0 to 3. */
    public int stepsBefore() {
        return stepsBefore;
    }

    /** Empty when the first invocation did the work the scenario expects, else what was wrong. */
    abstract Optional<String> check(Map<String, Object> out);

    public static Scenario of(String function) {
        return valueOf(function.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }

    private static Optional<String> expect(Map<String, Object> out, String field, Object value) {
        return value.equals(out.get(field)) ? Optional.empty()
                : Optional.of("expected " + field + " = " + value + ", got " + out);
    }

    private static Optional<String> expectNumber(Map<String, Object> out, String field, long value) {
        return out.get(field) instanceof Number n && n.longValue() == value ? Optional.empty()
                : Optional.of("expected " + field + " = " + value + ", got " + out);
    }
}
