package io.github.wsicopy.local;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that tests move by hand, so that time-based behaviour (copy completion, timeouts) runs
 * without sleeping. Thread-safe: the emulator's request threads read it while the test advances it.
 *
 * <p>Clocks derived with {@link #withZone(ZoneId)} share the same instant, so advancing one advances all.
 */
public final class MutableClock extends Clock {

    /** The default start: a fixed instant, so tests that print times are reproducible. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    /** A clock at {@link #DEFAULT_START} in UTC. */
    public MutableClock() {
        this(DEFAULT_START);
    }

    /** A clock at {@code start} in UTC. */
    public MutableClock(Instant start) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** Moves the clock forward (or back, with a negative duration) and returns the new instant. */
    public Instant advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        return now.updateAndGet(t -> t.plus(duration));
    }

    /**
     * Moves the clock forward to {@code instant} if that is later, atomically (two threads moving it forward
     * never move it back); returns the clock's instant afterwards.
     */
    public Instant advanceTo(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        return now.updateAndGet(t -> instant.isAfter(t) ? instant : t);
    }

    /** Sets the clock to {@code instant}. */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return new MutableClock(now, Objects.requireNonNull(newZone, "zone"));
    }

    @Override
    public String toString() {
        return "MutableClock[" + instant() + "," + zone + "]";
    }
}
