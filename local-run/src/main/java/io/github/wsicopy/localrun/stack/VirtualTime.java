package io.github.wsicopy.localrun.stack;

import io.github.wsicopy.local.MutableClock;
import io.github.wsicopy.localrun.lambda.Events;
import io.github.wsicopy.localrun.lambda.InvocationListener;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;

/**
 * Keeps the local stack's clock in step with the state machine's Wait states, which the interpreter runs in
 * (almost) no real time. The loop's Task input says what it just waited: when StartCopies or PollStatus is invoked
 * with {@code next} = WAIT_THEN_START or WAIT_THEN_POLL, that branch (job, and its batch of (account, Region)
 * targets) has just waited {@code nextWaitSeconds}. Each branch keeps its own time, from when its job's loops began
 * (the Map starts them side by side); the shared clock (the emulator's and the handlers') is the latest of them, so
 * batches that wait side by side do not add their waits up, and the clock never goes back. An event that names a job
 * but no targets (Validate, Notify) starts or ends the job's loops.
 *
 * <p>A retried Task gets the same input again and counts its wait again: a retry is then a little late in
 * virtual time, never early.
 */
public final class VirtualTime implements InvocationListener {

    private static final Set<String> WAITED = Set.of("WAIT_THEN_START", "WAIT_THEN_POLL");

    /** Told of each wait a target's branch made. */
    @FunctionalInterface
    public interface WaitListener {
        void waited(String account, String region, Duration waited);
    }


    private final MutableClock clock;
    private final WaitListener onWait;
    private final Instant start;
    private final Map<String, Stamp> loopsBegan = new HashMap<>();
    /** A branch's time, and how far the clock had been moved on for everyone ({@link MutableClock#advance}) by then. */
    private record Stamp(Instant at, Duration advancedInAll) {
        /** This time, moved on by what passed for everyone since it was taken. */
        Instant now(Duration advancedNow) {
            return at.plus(advancedNow.minus(advancedInAll));
        }
    }

    /**
     * Target ({@code account#region}) → job → the time of the branch (the batch) that holds it in that job: a target
     * is in one batch of a job, so this is also each branch's time. Read by the emulator without this one's lock.
     */
    private final Map<String, Map<String, Stamp>> targetTimes = new ConcurrentHashMap<>();

    public VirtualTime(MutableClock clock) {
        this(clock, (account, region, waited) -> {});
    }

    /**
     * @param onWait       told of each wait a target's branch made (the local stack refills the emulator's rate-limit
     *                     bucket of that (account, Region) with it: in AWS a 30-second Wait is 30 seconds of refill)
     */
    public VirtualTime(MutableClock clock, WaitListener onWait) {
        this.clock = clock;
        this.onWait = onWait;
        this.start = clock.instant();
    }

    @Override
    public synchronized void beforeInvoke(String function, Map<String, Object> input) {
        if (!(input.get("targets") instanceof List<?> targets)) {
            Events.jobOf(input).ifPresent(job -> {
                loopsBegan.put(job, new Stamp(clock.instant(), clock.advancedInAll()));
                targetTimes.values().forEach(jobs -> jobs.remove(job));
            });
            return;
        }
        if (!(input.get("jobId") instanceof String jobId)) {
            return;
        }
        long waited = input.get("next") instanceof String next && WAITED.contains(next)
                && input.get("nextWaitSeconds") instanceof BigDecimal n
                ? Math.max(0, n.longValue()) : 0;
        List<String> keys = new ArrayList<>();
        for (Object item : targets) {
            if (item instanceof Map<?, ?> target && target.get("account") instanceof String account
                    && target.get("region") instanceof String region) {
                keys.add(account + "#" + region);
                if (waited > 0) {
                    onWait.waited(account, region, Duration.ofSeconds(waited));
                }
            }
        }
        if (keys.isEmpty()) {
            return;
        }
        Duration advanced = clock.advancedInAll();
        Stamp began = Optional.ofNullable(targetTimes.get(keys.get(0))).map(jobs -> jobs.get(jobId))
                .orElseGet(() -> loopsBegan.getOrDefault(jobId, new Stamp(clock.instant(), advanced)));
        Instant now = began.now(advanced).plusSeconds(waited);
        Stamp stamp = new Stamp(now, advanced);
        for (String key : keys) {
            targetTimes.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).put(jobId, stamp);
        }
        clock.advanceTo(now);
    }

    /**
     * The time of the loops that run copies in {@code account}'s {@code region}: the latest branch holding that target
     * (several jobs may), plus what the clock was moved on for everyone since (a test's or {@code make invoke}'s
     * advance), empty when none runs there. The local emulator stamps and ends that target's copies by it
     * (WorkSpacesEmulator.timeOfTargets), so a loop that began late polls as often as in AWS rather than until the
     * shared clock, moved on by loops that began early, comes round.
     */
    public Optional<Instant> timeOf(String account, String region) {
        Map<String, Stamp> jobs = targetTimes.get(account + "#" + region);
        Duration advanced = clock.advancedInAll();
        return jobs == null ? Optional.empty() : jobs.values().stream().map(stamp -> stamp.now(advanced))
                .max(Instant::compareTo);
    }

    /** Virtual time passed since this started. */
    public Duration elapsed() {
        return Duration.between(start, clock.instant());
    }
}
