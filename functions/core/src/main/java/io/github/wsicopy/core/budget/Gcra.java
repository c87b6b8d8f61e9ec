package io.github.wsicopy.core.budget;

/**
 * The arithmetic of a rate budget, as GCRA (generic cell rate algorithm): a token bucket kept as one number, the
 * theoretical arrival time {@code tat}, the instant (epoch millis) at which the bucket is full again. Each call
 * pushes it one interval further; a call may start once {@code tat} is at most the planned burst's window ahead of
 * it. One number fits one conditional DynamoDB update, where a token bucket would need two (tokens and time).
 *
 * <p>The budget plans with one call less than the service's burst ({@link #plannedBurst()}): calls reach
 * WorkSpaces a little later or earlier than planned (a cold SDK client, network jitter, clocks of different hosts
 * a few milliseconds apart), and with no slack at all such skew adds up to a throttle. The sustained rate is the
 * configured one.
 *
 * @param intervalMillis the time one call uses up (1000 / calls per second)
 * @param burst          the service's burst: calls allowed at once after a quiet spell
 */
public record Gcra(long intervalMillis, int burst) {

    public Gcra {
        if (intervalMillis < 1 || burst < 1) {
            throw new IllegalArgumentException("a rate budget needs an interval of at least 1 ms and a burst of at least 1");
        }
    }

    public static Gcra of(double callsPerSecond, int burst) {
        return new Gcra(Math.max(1, (long) Math.ceil(1000 / callsPerSecond)), burst);
    }

    /** What one call gets: a slot (take it, start then) or a refusal (the next slot is beyond the caller's patience). */
    public sealed interface Decision {}

    /** Store {@code tat} and start the call at {@code startAt} (epoch millis, never before now). */
    public record Take(long tat, long startAt) implements Decision {}

    /** Nothing reserved: a slot would start only {@code waitMillis} from now. */
    public record Refuse(long waitMillis) implements Decision {}

    /** Calls the budget lets through at once: one less than the service's burst, as slack (see above). */
    public int plannedBurst() {
        return burst > 1 ? burst - 1 : 1;
    }

    /** How far {@code tat} may run ahead of a call's start. */
    long window() {
        return plannedBurst() * intervalMillis;
    }

    /** A bucket is idle (full) once its tat has passed; an absent bucket is idle too. */
    public boolean idle(long tat, long now) {
        return tat < now;
    }

    /** The tat after one more call, from the stored one ({@link Long#MIN_VALUE} for none). */
    public long next(long tat, long now) {
        return Math.max(tat, now) + intervalMillis;
    }

    /** When the call that moved the bucket to {@code newTat} may start. */
    public long startAt(long newTat, long now) {
        return Math.max(now, newTat - window());
    }

    /** The largest stored tat for which one more call still starts within {@code maxWaitMillis} of now. */
    public long latestTat(long now, long maxWaitMillis) {
        return now + maxWaitMillis + window() - intervalMillis;
    }

    /** The decision for one call, given the stored tat ({@link Long#MIN_VALUE} for none). */
    public Decision decide(long tat, long now, long maxWaitMillis) {
        long next = next(tat, now);
        long start = startAt(next, now);
        if (start - now > maxWaitMillis) {
            return new Refuse(start - now);
        }
        return new Take(next, start);
    }

    /**
     * When a stored bucket may vanish (epoch seconds, the table's TTL attribute): a day after it is full again.
     * Every call pushes it on, so a bucket in use never expires; an idle one costs nothing for long.
     */
    public static long expiresAt(long tat) {
        return Math.floorDiv(tat, 1000) + 86_400;
    }
}
