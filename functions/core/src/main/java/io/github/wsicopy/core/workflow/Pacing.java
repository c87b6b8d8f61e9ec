package io.github.wsicopy.core.workflow;

import io.github.wsicopy.core.config.Settings;

/**
 * How long a Region waits between steps. Waits between polls grow (initial × 2^round, capped), so a copy of
 * hours costs a logarithmic number of polls and state transitions.
 */
public record Pacing(int startWaitSeconds, int pollWaitInitialSeconds, int pollWaitMaxSeconds, int claimLeaseSeconds) {

    public static Pacing from(Settings settings) {
        return new Pacing(settings.startWaitSeconds(), settings.pollWaitInitialSeconds(),
                settings.pollWaitMaxSeconds(), settings.claimLeaseSeconds());
    }

    /** The wait before poll number {@code round} (0 for the first poll after copies started). */
    public int pollWait(int round) {
        long wait = (long) pollWaitInitialSeconds << Math.min(Math.max(round, 0), 30);
        return (int) Math.min(wait, Math.max(pollWaitMaxSeconds, pollWaitInitialSeconds));
    }
}
