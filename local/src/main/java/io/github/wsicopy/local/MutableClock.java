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
    /** All that {@link #advance} moved the clock on, in sum (what {@link #advanceTo} moved it is not counted). */
    private final AtomicReference<Duration> advanced;
    private final ZoneId zone;

    /** A clock at {@link #DEFAULT_START} in UTC. */
    public MutableClock() {
        this(DEFAULT_START);
    }

    /** A clock at {@code start} in UTC. */
    public MutableClock(Instant start) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), new AtomicReference<>(Duration.ZERO),
                ZoneOffset.UTC);
    }

    private MutableClock(AtomicReference<Instant> now, AtomicReference<Duration> advanced, ZoneId zone) {
        this.now = now;
        this.advanced = advanced;
        this.zone = zone;
    }

    /** Moves the clock forward (or back, with a negative duration) and returns the new instant. */
    public Instant advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        advanced.updateAndGet(d -> d.plus(duration));
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

    /**
     * The sum of every {@link #advance}: time that passed for everyone (a test or {@code make invoke ADVANCE=...}
     * moving the clock on), as opposed to {@link #advanceTo}, by which a simulation keeps the clock at its latest time.
     */
    public Duration advancedInAll() {
        return advanced.get();
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
        return new MutableClock(now, advanced, Objects.requireNonNull(newZone, "zone"));
    }

    @Override
    public String toString() {
        return "MutableClock[" + instant() + "," + zone + "]";
    }
}
