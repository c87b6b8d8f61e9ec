package io.github.wsicopy.core;

/**
 * The invocation could not make progress for a reason that passes (throttling, a write conflict, a Region
 * briefly unavailable). Nothing was left half-done: the state machine retries the whole step with backoff.
 * Its class name is the error name the state machine's Retry matches, so do not rename or move it.
 */
public final class TransientFailure extends RuntimeException {
    /**
     * How long, at most, the state machine keeps retrying a step that fails with this error before it gives up:
     * the sum of its Retry's capped delays (5 s doubling to 300 s, 17 attempts: 3,615 s). scripts/validate-asl.mjs
     * holds the definition to this number, which error texts quote.
     */
    public static final int RETRY_MINUTES = 61;

    public TransientFailure(String message, Throwable cause) {
        super(message, cause);
    }

    public TransientFailure(String message) {
        super(message);
    }
}
