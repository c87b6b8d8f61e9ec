package io.github.wsicopy.core.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.model.RequestParser;
import io.github.wsicopy.core.workflow.HistoryBudget.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HistoryBudgetTest {
    /** The template's ranges: MaxStartsPerInvocation 25..50, poll waits 5..3600 s, MaxCopyHours 1..72. */
    private static final int MIN_STARTS = 25;
    private static final int MIN_POLL_WAIT = 5;
    private static final int MAX_COPY_HOURS = 72;

    @Test
    void theWorstJobTheRequestAllowsStaysFarBelowTheHistoryLimit() {
        Shape worst = new Shape(RequestParser.MAX_DESTINATION_REGIONS, RequestParser.MAX_IMAGE_IDS, MIN_STARTS,
                MIN_POLL_WAIT, MIN_POLL_WAIT, MAX_COPY_HOURS);

        long events = HistoryBudget.worstCase(worst);

        assertTrue(events <= HistoryBudget.WORST_CASE_TARGET, events + " events");
        // The margin: this many retried Task attempts (3 events each) still fit.
        assertTrue((HistoryBudget.HISTORY_LIMIT - events) / HistoryBudget.RETRIED_ATTEMPT >= 1_500, events + " events");
    }

    @ParameterizedTest(name = "{0} Regions x {1} copies, starts {2}, waits {3}..{4} s, {5} h")
    @CsvSource({
        "30, 1000, 25, 5, 5, 72", "30, 1000, 25, 30, 300, 12", "30, 1000, 50, 3600, 3600, 72", "1, 1000, 25, 5, 5, 72",
        "10, 1000, 25, 5, 5, 72", "30, 1, 25, 5, 5, 1", "15, 500, 30, 7, 11, 48", "2, 1000, 25, 5, 3600, 72"})
    void everyShapeWithinTheRangesFits(int regions, int copies, int starts, int initial, int cap, int hours) {
        long events = HistoryBudget.worstCase(new Shape(regions, copies, starts, initial, cap, hours));
        assertTrue(events <= HistoryBudget.WORST_CASE_TARGET, events + " events");
    }

    @Test
    void withoutRaisingThePollCapThirtyRegionsOfTwelveHourCopiesWouldNotFit() {
        // Why the cap is raised: 30 Regions polling every 300 s for 12 hours is about 148 polls x 9 events each.
        int polls = HistoryBudget.polls(30, 300, 12 * 3600L);
        long uncapped = 30L * polls * HistoryBudget.POLL_ROUND;
        assertTrue(uncapped > HistoryBudget.HISTORY_LIMIT, uncapped + " events");
        int cap = HistoryBudget.pollWaitCap(30, 30, 300, 12);
        assertTrue(cap > 300 && cap < 30 * 60, "about 20 minutes between polls, got " + cap);
        assertTrue(HistoryBudget.polls(30, cap, 12 * 3600L) <= HistoryBudget.pollsPerRegion(30));
    }

    @Test
    void aSmallJobKeepsTheConfiguredPollWait() {
        assertEquals(300, HistoryBudget.pollWaitCap(1, 30, 300, 12));
        assertEquals(300, HistoryBudget.pollWaitCap(4, 30, 300, 12));
        assertEquals(60, new Pacing(10, 30, 300, 180, 2.0, 12).pollWait(1, 4));
    }

    @ParameterizedTest(name = "waits {0}..{1} s for {2} s: {3} polls")
    @CsvSource({"30, 300, 1, 1", "30, 300, 30, 1", "30, 300, 31, 2", "30, 300, 3600, 15", "5, 5, 100, 20"})
    void pollsCountTheRoundsUntilTheDeadlineHasPassed(int initial, int cap, long seconds, int polls) {
        // 30 + 60 + 120 + 240 = 450, then 300 each: 450 + 11 x 300 = 3750 >= 3600 after 15 polls.
        assertEquals(polls, HistoryBudget.polls(initial, cap, seconds));
    }

    @Test
    void startRoundsAreFullBatches() {
        assertEquals(40, HistoryBudget.startRounds(1000, 25));
        assertEquals(1, HistoryBudget.startRounds(1, 25));
        assertEquals(2, HistoryBudget.startRounds(26, 25));
    }
}
