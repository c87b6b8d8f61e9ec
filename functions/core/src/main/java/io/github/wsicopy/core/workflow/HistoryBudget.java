package io.github.wsicopy.core.workflow;

/**
 * How many events a job writes into its execution's history, and the poll wait that keeps every job the request
 * allows far below the 25,000-event limit of a Standard execution (the inline Map's iterations all count
 * in the one history). Pure; docs/architecture.md ("Execution history") has the table.
 *
 * <p>Events per state, as Step Functions records them: a Lambda Task 5 (TaskStateEntered,
 * LambdaFunctionScheduled, LambdaFunctionStarted, LambdaFunctionSucceeded, TaskStateExited), and 3 more per
 * retried attempt (Scheduled, Started, Failed); a Choice, Wait, Pass or Succeed 2 (entered, exited); a Map
 * iteration 2 (MapIterationStarted, MapIterationSucceeded); the Map itself 4 (MapStateEntered,
 * MapStateStarted, MapStateSucceeded, MapStateExited); the execution 2 (started, ended).
 */
public final class HistoryBudget {
    /** A Standard execution fails when its history would exceed this many events. */
    public static final int HISTORY_LIMIT = 25_000;
    /** The worst case must stay within this; the rest (5,000) is margin for retried attempts and throttled rounds. */
    public static final int WORST_CASE_TARGET = 20_000;

    static final int TASK = 5;
    static final int CHOICE = 2;
    static final int WAIT = 2;
    static final int PASS = 2;
    static final int SUCCEED = 2;
    static final int FAIL = 2;
    static final int MAP_ITERATION = 2;
    static final int MAP = 4;
    static final int EXECUTION = 2;
    /** A retried attempt of a Task. */
    public static final int RETRIED_ATTEMPT = 3;

    /** StartCopies and Route. */
    static final int START_ROUND = TASK + CHOICE;
    /** WaitBeforePoll, PollStatus and Route. */
    static final int POLL_ROUND = WAIT + TASK + CHOICE;
    /** The costlier of a Region's two endings: RegionDone, or StartCopiesFailed/PollStatusFailed + RegionFailed + RegionStopped. */
    static final int REGION_END = PASS + TASK + SUCCEED;
    /** Validate, HasWork, the Map, NotifyFailure and JobFailed (the costlier path), the execution's own events. */
    static final int JOB_FRAME = EXECUTION + TASK + CHOICE + MAP + TASK + FAIL;
    /** What the poll rounds of all Regions together may use: the rest of the target goes to starts and frames. */
    static final int POLL_EVENTS = 11_000;

    private HistoryBudget() {}

    /**
     * A job's shape and the deployment's pacing.
     *
     * @param copiesPerRegion copies planned in each Region (at most the request's image count)
     */
    public record Shape(int regions, int copiesPerRegion, int maxStartsPerInvocation, int pollWaitInitialSeconds,
            int pollWaitMaxSeconds, int maxCopyHours) {}

    /**
     * Events of a job of this shape in the worst case: every Region starts its copies in full batches, then polls
     * until its last copy reaches its deadline (MaxCopyHours), and ends through RegionFailed.
     */
    public static long worstCase(Shape s) {
        int cap = pollWaitCap(s.regions(), s.pollWaitInitialSeconds(), s.pollWaitMaxSeconds(), s.maxCopyHours());
        long perRegion = MAP_ITERATION
                + (long) startRounds(s.copiesPerRegion(), s.maxStartsPerInvocation()) * START_ROUND
                + (long) polls(s.pollWaitInitialSeconds(), cap, s.maxCopyHours() * 3600L) * POLL_ROUND
                + REGION_END;
        return JOB_FRAME + s.regions() * perRegion;
    }

    /** StartCopies invocations that start {@code copies} copies, at most {@code maxStarts} each. */
    static int startRounds(int copies, int maxStarts) {
        return (copies + maxStarts - 1) / maxStarts;
    }

    /**
     * Poll rounds until {@code seconds} have passed: the waits are initial × 2^round, capped at {@code cap}; the
     * last poll is the first one after the deadline, which ends every copy still running.
     */
    static int polls(int initial, int cap, long seconds) {
        int polls = 0;
        for (long waited = 0; waited < seconds; polls++) {
            waited += wait(initial, cap, polls);
        }
        return polls;
    }

    /** The wait before poll number {@code round}: initial × 2^round, capped (never below the initial wait). */
    static int wait(int initial, int cap, int round) {
        long wait = (long) initial << Math.min(Math.max(round, 0), 30);
        return (int) Math.min(wait, Math.max(cap, initial));
    }

    /** Poll rounds one Region may use when the job has {@code regions} Regions. */
    static int pollsPerRegion(int regions) {
        return POLL_EVENTS / (POLL_ROUND * Math.max(regions, 1));
    }

    /**
     * The cap on the wait between polls: the configured one, raised just enough that a Region of a job with
     * {@code regions} Regions polls at most {@link #pollsPerRegion} times before its copies' deadline. A
     * one-Region job keeps the configured cap; 30 Regions with 12-hour deadlines poll about every 20 minutes.
     */
    public static int pollWaitCap(int regions, int initial, int configuredCap, int maxCopyHours) {
        long deadline = maxCopyHours * 3600L;
        int allowed = pollsPerRegion(regions);
        int low = Math.max(configuredCap, initial);
        if (polls(initial, low, deadline) <= allowed) {
            return low;
        }
        int high = (int) Math.max(low, deadline); // one wait as long as the deadline: at most a few polls
        while (low < high) {
            int mid = low + (high - low) / 2;
            if (polls(initial, mid, deadline) <= allowed) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }
}
