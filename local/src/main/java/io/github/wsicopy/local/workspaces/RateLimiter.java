package io.github.wsicopy.local.workspaces;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A token bucket per (account, Region), like the documented WorkSpaces API limit. It runs on real
 * elapsed time ({@link System#nanoTime()}), not the emulator's clock: throttling is about how fast a
 * client calls, which a test's simulated clock does not change.
 */
final class RateLimiter {

    private static final class Bucket {
        private double tokens;
        private long lastNanos;

        Bucket(double tokens, long nanos) {
            this.tokens = tokens;
            this.lastNanos = nanos;
        }
    }

    private record Limit(double perSecond, int burst) {
    }

    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile Limit limit;

    RateLimiter(double perSecond, int burst) {
        set(perSecond, burst);
    }

    /** Changes the limit and refills every bucket; {@code perSecond} 0 means unlimited. */
    void set(double perSecond, int burst) {
        if (perSecond < 0 || burst < 0) {
            throw new IllegalArgumentException("rate limit must not be negative");
        }
        limit = new Limit(perSecond, burst);
        buckets.clear();
    }

    /**
     * Refills one (account, Region) bucket as {@code seconds} of elapsed time would: a caller of that account that
     * waited that long in virtual time would have found it that full. Other accounts' buckets in the Region are
     * untouched: WorkSpaces limits each account on its own, and another account's wait gives this one nothing.
     */
    void credit(String account, String region, double seconds) {
        Limit current = limit;
        if (current.perSecond() == 0 || seconds <= 0) {
            return;
        }
        Bucket bucket = buckets.get(key(account, region));
        if (bucket != null) { // no bucket yet: it starts full anyway
            synchronized (bucket) {
                bucket.tokens = Math.min(current.burst(), bucket.tokens + seconds * current.perSecond());
            }
        }
    }

    /** Takes a token for the caller; false if the bucket is empty (a throttled call takes none). */
    boolean tryAcquire(String account, String region) {
        Limit current = limit;
        if (current.perSecond() == 0) {
            return true;
        }
        long now = System.nanoTime();
        Bucket bucket = buckets.computeIfAbsent(key(account, region), k -> new Bucket(current.burst(), now));
        synchronized (bucket) {
            double refill = (now - bucket.lastNanos) / 1e9 * current.perSecond();
            if (refill > 0) {
                bucket.tokens = Math.min(current.burst(), bucket.tokens + refill);
                bucket.lastNanos = now;
            }
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return true;
            }
            return false;
        }
    }

    private static String key(String account, String region) {
        return account + "/" + region;
    }
}
