package io.github.wsicopy.core.workflow;

import io.github.wsicopy.core.config.Settings;
import java.time.Duration;

/**
 * How long a Region waits between steps, and how fast a poll round may call WorkSpaces. Waits between polls
 * grow (initial × 2^round, capped), so a copy of hours costs a logarithmic number of polls and state
 * transitions.
 *
 * @param pollCallsPerSecond the spacing of one round's DescribeWorkspaceImages calls (one per 25 copies in
 *                           flight): sent back to back, a round of 200 copies overruns the API's burst and
 *                           pays for throttled retries in calls and in Lambda time
 * @param maxCopyHours       a copy still PENDING in WorkSpaces this long after it started ends FAILED
 *                           (COPY_DEADLINE_EXCEEDED), so no Region polls forever
 */
public record Pacing(int startWaitSeconds, int pollWaitInitialSeconds, int pollWaitMaxSeconds, int claimLeaseSeconds,
        double pollCallsPerSecond, int maxCopyHours) {

    /** With the default deadline (Settings' MAX_COPY_HOURS default). */
    public Pacing(int startWaitSeconds, int pollWaitInitialSeconds, int pollWaitMaxSeconds, int claimLeaseSeconds,
            double pollCallsPerSecond) {
        this(startWaitSeconds, pollWaitInitialSeconds, pollWaitMaxSeconds, claimLeaseSeconds, pollCallsPerSecond,
                Settings.DEFAULT_MAX_COPY_HOURS);
    }

    public static Pacing from(Settings settings) {
        return new Pacing(settings.startWaitSeconds(), settings.pollWaitInitialSeconds(),
                settings.pollWaitMaxSeconds(), settings.claimLeaseSeconds(), settings.pollRatePerSecond(),
                settings.maxCopyHours());
    }

    /** How long a copy may stay PENDING in WorkSpaces after it started. */
    public Duration maxCopyTime() {
        return Duration.ofHours(maxCopyHours);
    }

    /**
     * The wait before poll number {@code round} of a Region of a job with {@code regions} Regions: as
     * {@link #pollWait(int)}, with the cap raised where needed so the job's execution history stays within its
     * limit ({@link HistoryBudget#pollWaitCap}).
     */
    public int pollWait(int round, int regions) {
        return HistoryBudget.wait(pollWaitInitialSeconds,
                HistoryBudget.pollWaitCap(regions, pollWaitInitialSeconds, pollWaitMaxSeconds, maxCopyHours), round);
    }

    /** The wait before poll number {@code round} (0 for the first poll after copies started). */
    public int pollWait(int round) {
        return HistoryBudget.wait(pollWaitInitialSeconds, pollWaitMaxSeconds, round);
    }
}
