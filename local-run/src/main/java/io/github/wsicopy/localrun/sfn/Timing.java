package io.github.wsicopy.localrun.sfn;

import java.util.Map;

/**
 * How long the state machine's Wait states and retries take in real time. The waits' virtual length is kept by
 * the invoke server ({@code VirtualTime}); retries only need a little real time, because the emulator's rate
 * limit and DynamoDB's conflicts pass in real time.
 *
 * @param waitMillis        every Wait state's real length, unless named in {@code waitMillisByState}
 * @param retryMillis       every Retry's real length
 * @param waitMillisByState real lengths of named Wait states (e.g. WaitBeforeStart at its virtual length, so that
 *                          a loop waiting for work paced in real time does not spin)
 */
public record Timing(int waitMillis, int retryMillis, Map<String, Integer> waitMillisByState) {

    public Timing {
        waitMillisByState = Map.copyOf(waitMillisByState);
    }

    public Timing(int waitMillis, int retryMillis) {
        this(waitMillis, retryMillis, Map.of());
    }

    /** For tests: no waiting, short retries. */
    public static Timing fast() {
        return new Timing(0, 200);
    }

    /** The same, with {@code state} lasting {@code millis} in real time. */
    public Timing withWait(String state, int millis) {
        Map<String, Integer> byState = new java.util.HashMap<>(waitMillisByState);
        byState.put(state, millis);
        return new Timing(waitMillis, retryMillis, byState);
    }
}
