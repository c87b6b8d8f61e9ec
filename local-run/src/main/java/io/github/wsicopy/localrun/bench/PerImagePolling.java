package io.github.wsicopy.localrun.bench;

import io.github.wsicopy.core.workflow.Pacing;
import java.util.List;

/**
 * The design the architecture rejects, priced from the same run: one Wait → PollStatus → Choice loop per
 * image instead of one per Region. Starts, validation and notification are kept as they ran; only polling
 * changes. Each copy is polled on the same growing schedule ({@link Pacing#pollWait(int)}) from its own start
 * until its actual duration (read from the emulator) has passed, so its rounds are the smallest n with
 * wait(0) + … + wait(n−1) ≥ duration. Every round costs 3 state transitions (Wait, Task, Choice), one
 * invocation, one DescribeWorkspaceImages call and two strongly consistent GetItems (the job, to stop on
 * cancel, and the task: 1 RRU each); the final task write is the same as in the batched design.
 */
public final class PerImagePolling {
    private PerImagePolling() {}

    /** Poll rounds one copy of {@code durationSeconds} takes on {@code pacing}'s schedule (at least one). */
    public static long rounds(long durationSeconds, Pacing pacing) {
        long waited = 0;
        long rounds = 0;
        do {
            waited += pacing.pollWait((int) Math.min(rounds, Integer.MAX_VALUE));
            rounds++;
        } while (waited < durationSeconds);
        return rounds;
    }

    /** Poll rounds of all copies. */
    public static long rounds(List<Long> durationsSeconds, Pacing pacing) {
        return durationsSeconds.stream().mapToLong(d -> rounds(d, pacing)).sum();
    }

    /**
     * @param batched            what the batched run used
     * @param batchedPolling     the part of it its polling used (PollStatus's invocations, GB-s, reads; the
     *                           WaitBeforePoll, PollStatus and following Route transitions); its writes are kept
     * @param rounds             per-image poll rounds of all copies
     * @param secondsPerPollCall the batched PollStatus's handler seconds per DescribeWorkspaceImages call, as
     *                           the duration of a per-image poll invocation (one call, two reads, rarely a write)
     * @param gbPerInvocation    the function's memory in GB
     */
    public static Usage from(Usage batched, Usage batchedPolling, long rounds, double secondsPerPollCall,
            double gbPerInvocation) {
        return new Usage(batched.copies(),
                batched.stateTransitions() - batchedPolling.stateTransitions() + 3 * rounds,
                batched.lambdaInvocations() - batchedPolling.lambdaInvocations() + rounds,
                batched.lambdaGbSeconds() - batchedPolling.lambdaGbSeconds() + rounds * secondsPerPollCall * gbPerInvocation,
                batched.readRequestUnits() - batchedPolling.readRequestUnits() + 2.0 * rounds,
                batched.writeRequestUnits());
    }
}
