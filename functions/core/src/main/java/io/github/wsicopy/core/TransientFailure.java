package io.github.wsicopy.core;

/**
 * The invocation could not make progress for a reason that passes (throttling, a write conflict, a Region
 * briefly unavailable). Nothing was left half-done: the state machine retries the whole step with backoff.
 * Its class name is the error name the state machine's Retry matches, so do not rename or move it.
 */
public final class TransientFailure extends RuntimeException {
    public TransientFailure(String message, Throwable cause) {
        super(message, cause);
    }

    public TransientFailure(String message) {
        super(message);
    }
}
