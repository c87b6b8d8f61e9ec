package io.github.wsicopy.core.workflow;

import io.github.wsicopy.core.config.Settings;

/**
 * How long a Region waits between steps, and how fast a poll round may call WorkSpaces. Waits between polls
 * grow (initial × 2^round, capped), so a copy of hours costs a logarithmic number of polls and state
 * transitions.
 *
 * @param pollCallsPerSecond the spacing of one round's DescribeWorkspaceImages calls (one per 25 copies in
 *                           flight): sent back to back, a round of 200 copies overruns the API's burst and
 *                           pays for throttled retries in calls and in Lambda time
 */
public record Pacing(int startWaitSeconds, int pollWaitInitialSeconds, int pollWaitMaxSeconds, int claimLeaseSeconds,
        double pollCallsPerSecond) {

    public static Pacing from(Settings settings) {
        return new Pacing(settings.startWaitSeconds(), settings.pollWaitInitialSeconds(),
                settings.pollWaitMaxSeconds(), settings.claimLeaseSeconds(), settings.pollRatePerSecond());
    }

    /** The wait before poll number {@code round} (0 for the first poll after copies started). */
    public int pollWait(int round) {
        long wait = (long) pollWaitInitialSeconds << Math.min(Math.max(round, 0), 30);
        return (int) Math.min(wait, Math.max(pollWaitMaxSeconds, pollWaitInitialSeconds));
    }
}
