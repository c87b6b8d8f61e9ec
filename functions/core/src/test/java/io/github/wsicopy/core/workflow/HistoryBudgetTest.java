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
    /** The most a target holds: every image of the request. */
    private static final Shape WORST_TARGET = new Shape(RequestParser.MAX_IMAGE_IDS, MIN_STARTS, MIN_POLL_WAIT,
            MIN_POLL_WAIT, MAX_COPY_HOURS);

    @Test
    void fiftyAccountsTimesSixteenRegionsFitParentAndChildAlike() {
        // 800 targets: the parent holds the Distributed Map's own events whatever their number, and each target is a
        // child execution whose history holds that target alone, at the worst the ranges allow.
        long child = HistoryBudget.childWorstCase(WORST_TARGET);

        assertTrue(HistoryBudget.PARENT <= HistoryBudget.WORST_CASE_TARGET, HistoryBudget.PARENT + " events");
        assertTrue(child <= HistoryBudget.WORST_CASE_TARGET, child + " events");
        // The margin: this many retried Task attempts (3 events each) still fit in each.
        assertTrue((HistoryBudget.HISTORY_LIMIT - child) / HistoryBudget.RETRIED_ATTEMPT >= 4_000, child + " events");
        assertTrue((HistoryBudget.HISTORY_LIMIT - HistoryBudget.PARENT) / HistoryBudget.RETRIED_ATTEMPT >= 8_000);
    }

    @Test
    void eventsOfARunsStatesCountEachTypeAsTheBudgetDoes() {
        // A parent that failed: Validate, HasWork, the Map, NotifyFailure, JobFailed: the budget's PARENT.
        assertEquals(HistoryBudget.PARENT, HistoryBudget.events(java.util.Map.of("Task", 2L, "Choice", 1L, "Map", 1L,
                "Fail", 1L), 0));
        // A target: one start round, two poll rounds, RegionDone; one retried attempt.
        long target = HistoryBudget.events(java.util.Map.of("Task", 3L, "Choice", 3L, "Wait", 2L, "Succeed", 1L), 1);
        assertEquals(2 + HistoryBudget.START_ROUND + 2 * HistoryBudget.POLL_ROUND + 2 + HistoryBudget.RETRIED_ATTEMPT, target);
        assertEquals(2 + 2 + 2 + 3, HistoryBudget.events(java.util.Map.of("Pass", 1L, "Succeed", 1L), 1));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> HistoryBudget.events(java.util.Map.of("Parallel", 1L), 0));
    }

    @Test
    void theParentIsValidateHasWorkTheMapAndTheFailingEnd() {
        // 2 (execution) + 5 (Validate) + 2 (HasWork) + 6 (Distributed Map) + 5 (NotifyFailure) + 2 (JobFailed).
        assertEquals(22, HistoryBudget.PARENT);
    }

    @Test
    void aBatchWhoseTargetsFailOneAfterTheOtherEndsTheCostliestWay() {
        // FinishTarget (5) + FinishTargetFailed (5) + RegionDone (2); a failing batch first goes round StartCopiesFailed
        // (2) + RegionFailed (5) + Route (2) once for each of its 50 targets at most, then ends the same way.
        assertEquals(12, HistoryBudget.FINISHED_END);
        assertEquals(50 * 9 + 12, HistoryBudget.FAILED_END);
        assertEquals(HistoryBudget.FAILED_END, HistoryBudget.TARGET_END);
        Shape oneCopy = new Shape(1, 25, 30, 300, 1);
        assertEquals(HistoryBudget.EXECUTION + HistoryBudget.START_ROUND
                + HistoryBudget.polls(30, 300, 3600) * HistoryBudget.POLL_ROUND + 462,
                HistoryBudget.childWorstCase(oneCopy));
    }

    @Test
    void inOneHistoryEightHundredTargetsWouldNotFitEvenWithThreePollsEach() {
        // Why the Map is distributed: an inline Map writes every iteration into the parent (2 events each, plus its
        // loop); 800 targets of one start round and three polls are already past the limit.
        int inlineIteration = 2;
        long oneHistory = 800L * (inlineIteration + HistoryBudget.START_ROUND + 3 * HistoryBudget.POLL_ROUND
                + HistoryBudget.TARGET_END);
        assertTrue(oneHistory > HistoryBudget.HISTORY_LIMIT, oneHistory + " events");
    }

    @ParameterizedTest(name = "{0} copies, starts {1}, waits {2}..{3} s, {4} h")
    @CsvSource({
        "1000, 25, 5, 5, 72", "1000, 25, 30, 300, 12", "1000, 50, 3600, 3600, 72", "1, 25, 5, 5, 1",
        "500, 30, 7, 11, 48", "1000, 25, 5, 3600, 72", "1000, 25, 30, 60, 72"})
    void everyTargetWithinTheRangesFitsItsChildExecution(int copies, int starts, int initial, int cap, int hours) {
        long events = HistoryBudget.childWorstCase(new Shape(copies, starts, initial, cap, hours));
        assertTrue(events <= HistoryBudget.WORST_CASE_TARGET, events + " events");
    }

    @Test
    void withoutRaisingThePollCapFiveSecondWaitsForSeventyTwoHoursWouldNotFit() {
        // Why the cap is still raised for one target: 5 s polls for 72 hours are 51,840 polls of 9 events each.
        long uncapped = (long) HistoryBudget.polls(5, 5, 72 * 3600L) * HistoryBudget.POLL_ROUND;
        assertTrue(uncapped > HistoryBudget.HISTORY_LIMIT, uncapped + " events");
        int cap = HistoryBudget.pollWaitCap(HistoryBudget.TARGETS_PER_EXECUTION, 5, 5, 72);
        assertTrue(cap > 5, "raised, got " + cap);
        assertTrue(HistoryBudget.polls(5, cap, 72 * 3600L) <= HistoryBudget.pollsPerTarget(1));
    }

    @Test
    void oneTargetPerHistoryKeepsTheConfiguredPollWait() {
        int one = HistoryBudget.TARGETS_PER_EXECUTION;
        assertEquals(300, HistoryBudget.pollWaitCap(one, 30, 300, 12));
        assertEquals(300, HistoryBudget.pollWaitCap(one, 30, 300, 72));
        assertEquals(60, HistoryBudget.pollWaitCap(one, 30, 60, 12));
        assertEquals(60, new Pacing(10, 30, 300, 180, 2.0, 12).pollWait(1, one));
    }

    @Test
    void moreTargetsInOneHistoryOnlyLengthenTheWait() {
        // A caller that still passes a job's Region count gets a longer wait, never more polls than one target's.
        int one = HistoryBudget.pollWaitCap(HistoryBudget.TARGETS_PER_EXECUTION, 30, 300, 12);
        int sixteen = HistoryBudget.pollWaitCap(16, 30, 300, 12);
        assertTrue(sixteen > one, sixteen + " s");
        assertTrue(HistoryBudget.polls(30, sixteen, 12 * 3600L) <= HistoryBudget.polls(30, one, 12 * 3600L));
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
