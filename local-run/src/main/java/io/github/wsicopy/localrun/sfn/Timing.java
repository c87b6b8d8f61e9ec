package io.github.wsicopy.localrun.sfn;

/**
 * How long the interpreter's Wait states and retries take in real time. The waits' virtual length is kept by
 * the invoke server ({@code VirtualTime}); retries only need a little real time, because the emulator's rate
 * limit and DynamoDB's conflicts pass in real time.
 */
public record Timing(int waitMillis, int retryMillis) {
    /** For tests: no waiting, short retries. */
    public static Timing fast() {
        return new Timing(0, 200);
    }
}
