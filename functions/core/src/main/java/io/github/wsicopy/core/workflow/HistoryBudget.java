package io.github.wsicopy.core.workflow;

/**
 * How many events a job writes into its executions' histories, and the poll wait that keeps each far below the
 * 25,000-event limit of a Standard execution. The job's (account, Region) targets run in a Distributed Map, in
 * batches ({@link Batches}): each batch is a child execution with its own history, whose steps run the batch's
 * targets side by side (one loop, the same events as for one target), and the parent's history holds only the Map's
 * own events, so neither grows with the number of targets. Pure; docs/architecture.md ("Execution history") has the table.
 *
 * <p>Events per state, as Step Functions records them: a Lambda Task 5 (TaskStateEntered,
 * LambdaFunctionScheduled, LambdaFunctionStarted, LambdaFunctionSucceeded, TaskStateExited), and 3 more per
 * retried attempt (Scheduled, Started, Failed); a Choice, Wait, Pass, Succeed or Fail 2 (entered, exited); a
 * Distributed Map at most 6 in the parent (MapStateEntered, MapStateStarted, MapRunStarted, MapRunSucceeded or
 * MapRunFailed, MapStateSucceeded, MapStateExited), none per item there; an execution 2 (started, ended).
 */
public final class HistoryBudget {
    /** A Standard execution fails when its history would exceed this many events. */
    public static final int HISTORY_LIMIT = 25_000;
    /** Each execution's worst case must stay within this; the rest (5,000) is margin for retried attempts and throttled rounds. */
    public static final int WORST_CASE_TARGET = 20_000;
    /**
     * How many loops share one execution history: one, a child execution of the Distributed Map (its batch's targets
     * share that one loop). The count to give {@link #pollWaitCap} (a larger one only makes a loop poll less often
     * than its history allows).
     */
    public static final int TARGETS_PER_EXECUTION = 1;

    static final int TASK = 5;
    static final int CHOICE = 2;
    static final int WAIT = 2;
    static final int PASS = 2;
    static final int SUCCEED = 2;
    static final int FAIL = 2;
    static final int DISTRIBUTED_MAP = 6;
    static final int EXECUTION = 2;
    /** A retried attempt of a Task. */
    public static final int RETRIED_ATTEMPT = 3;

    /** StartCopies and Route. */
    static final int START_ROUND = TASK + CHOICE;
    /** WaitBeforePoll, PollStatus and Route. */
    static final int POLL_ROUND = WAIT + TASK + CHOICE;
    /** A target whose copies are final: FinishTarget, FinishTargetFailed when it failed for good, RegionDone. */
    static final int FINISHED_END = TASK + TASK + SUCCEED;
    /**
     * A batch whose step failed for good, once for each of its targets at most (each time the error names at least one
     * target, which ends there): StartCopiesFailed/PollStatusFailed, RegionFailed and Route back into the loop; then
     * the batch ends as a finished one.
     */
    static final int FAILED_END = Batches.MAX_TARGETS * (PASS + TASK + CHOICE) + FINISHED_END;
    /** The costlier of a batch's two endings. */
    static final int TARGET_END = Math.max(FINISHED_END, FAILED_END);
    /**
     * The parent execution, whatever the number of targets: its own events, Validate, HasWork, the Map, and
     * NotifyFailure and JobFailed (the costlier ending).
     */
    public static final int PARENT = EXECUTION + TASK + CHOICE + DISTRIBUTED_MAP + TASK + FAIL;
    /** What the poll rounds of one history may use: the rest of the target goes to starts and frames. */
    static final int POLL_EVENTS = 11_000;

    private HistoryBudget() {}

    /**
     * One target's copies and the deployment's pacing.
     *
     * @param copiesPerTarget copies planned in the batch's largest target (at most the request's image count)
     */
    public record Shape(int copiesPerTarget, int maxStartsPerInvocation, int pollWaitInitialSeconds,
            int pollWaitMaxSeconds, int maxCopyHours) {}

    /**
     * Events of one child execution (one batch of (account, Region) targets) in the worst case: it starts its copies in
     * full rounds (its targets side by side, so as many rounds as its largest target needs), then polls until its last copy reaches its deadline (MaxCopyHours) at the shortest waits any
     * {@link #pollWaitCap} allows (that of one target per history), and ends the costlier way ({@link #TARGET_END}).
     */
    public static long childWorstCase(Shape s) {
        int cap = pollWaitCap(TARGETS_PER_EXECUTION, s.pollWaitInitialSeconds(), s.pollWaitMaxSeconds(), s.maxCopyHours());
        return EXECUTION
                + (long) startRounds(s.copiesPerTarget(), s.maxStartsPerInvocation()) * START_ROUND
                + (long) polls(s.pollWaitInitialSeconds(), cap, s.maxCopyHours() * 3600L) * POLL_ROUND
                + TARGET_END;
    }

    /**
     * Events of one execution's history from the states that ran in it (a benchmark reads these from a run):
     * its own 2, each state entered by its ASL type ({@code Task}, {@code Choice}, {@code Wait}, {@code Pass},
     * {@code Succeed}, {@code Fail}, {@code Map}: this definition's only Map is Distributed, {@value #DISTRIBUTED_MAP}
     * in the parent), and {@value #RETRIED_ATTEMPT} per retried attempt of a Task.
     *
     * @throws IllegalArgumentException for a state type this definition does not use (Parallel), whose count is not
     *                                  modelled here
     */
    public static long events(java.util.Map<String, Long> enteredByType, long retriedAttempts) {
        long events = EXECUTION + retriedAttempts * RETRIED_ATTEMPT;
        for (java.util.Map.Entry<String, Long> entered : enteredByType.entrySet()) {
            events += entered.getValue() * eventsPerState(entered.getKey());
        }
        return events;
    }

    private static int eventsPerState(String type) {
        return switch (type) {
            case "Task" -> TASK;
            case "Choice" -> CHOICE;
            case "Wait" -> WAIT;
            case "Pass" -> PASS;
            case "Succeed" -> SUCCEED;
            case "Fail" -> FAIL;
            case "Map" -> DISTRIBUTED_MAP;
            default -> throw new IllegalArgumentException("no event count for a " + type + " state");
        };
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

    /** Poll rounds one target may use when {@code targetsPerHistory} targets' loops write into one history. */
    static int pollsPerTarget(int targetsPerHistory) {
        return POLL_EVENTS / (POLL_ROUND * Math.max(targetsPerHistory, 1));
    }

    /**
     * The cap on the wait between polls: the configured one, raised just enough that a target polls at most
     * {@link #pollsPerTarget} times before its copies' deadline when {@code targetsPerHistory} targets share one
     * history ({@link #TARGETS_PER_EXECUTION} in the Distributed Map). With one target per history the configured cap
     * holds for 72-hour deadlines at 300 s and 12-hour ones at 60 s; only shorter waits with longer deadlines are raised.
     */
    public static int pollWaitCap(int targetsPerHistory, int initial, int configuredCap, int maxCopyHours) {
        long deadline = maxCopyHours * 3600L;
        int allowed = pollsPerTarget(targetsPerHistory);
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
