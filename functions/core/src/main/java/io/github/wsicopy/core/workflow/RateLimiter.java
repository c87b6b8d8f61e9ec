package io.github.wsicopy.core.workflow;

import io.github.wsicopy.core.TransientFailure;

/**
 * Spaces calls evenly at a fixed rate (WorkSpaces allows about 2 calls per second per account; copies use
 * part of that so polls and other tools still get through). Real time, because the service's limit is.
 */
public final class RateLimiter {
    private final long intervalNanos;
    private long next = System.nanoTime();

    public RateLimiter(double perSecond) {
        this.intervalNanos = (long) (1_000_000_000L / perSecond);
    }

    public synchronized void acquire() {
        long now = System.nanoTime();
        if (next > now) {
            sleepNanos(next - now);
            now = next;
        }
        next = now + intervalNanos;
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure("interrupted while pacing WorkSpaces calls");
        }
    }
}
