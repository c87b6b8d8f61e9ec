package io.github.wsicopy.core.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.wsicopy.core.model.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegionProgressTest {
    private static final Target IRELAND = new Target("222222222222", "eu-west-1");
    private static final Target OREGON = new Target("222222222222", "us-west-2");
    private static final Target SYDNEY = new Target("333333333333", "ap-southeast-2");
    private static final List<Target> BATCH = List.of(IRELAND, OREGON, SYDNEY);

    private static RegionProgress part(Target target, long open, int round, int wait, NextStep next) {
        return new RegionProgress("job-1", List.of(target), 0, 0, open, 10 - open, round, wait, next);
    }

    @Test
    void aTargetThatCanStartNowStartsTheBatchNow() {
        RegionProgress batch = RegionProgress.combine("job-1", BATCH, List.of(
                part(IRELAND, 3, 2, 120, NextStep.WAIT_THEN_POLL),
                part(OREGON, 5, 0, 0, NextStep.START),
                part(SYDNEY, 0, 0, 0, NextStep.DONE)));

        assertEquals(NextStep.START, batch.next());
        assertEquals(0, batch.nextWaitSeconds());
        assertEquals(BATCH, batch.targets());
        assertEquals(8, batch.copying());
        assertEquals(22, batch.finished());
    }

    @Test
    void aTargetWaitingToStartComesBeforePollsWithTheShortestSuchWaitAndItsBackOffRound() {
        RegionProgress batch = RegionProgress.combine("job-1", BATCH, List.of(
                part(IRELAND, 3, 0, 10, NextStep.WAIT_THEN_POLL),
                part(OREGON, 5, 3, 20, NextStep.WAIT_THEN_START),
                part(SYDNEY, 5, 1, 30, NextStep.WAIT_THEN_START)));

        assertEquals(NextStep.WAIT_THEN_START, batch.next());
        assertEquals(20, batch.nextWaitSeconds());
        assertEquals(3, batch.pollRound());
    }

    @Test
    void pollsWaitTheShortestPollWait() {
        RegionProgress batch = RegionProgress.combine("job-1", BATCH, List.of(
                part(IRELAND, 3, 4, 240, NextStep.WAIT_THEN_POLL),
                part(OREGON, 1, 4, 200, NextStep.WAIT_THEN_POLL),
                part(SYDNEY, 0, 9, 0, NextStep.DONE)));

        assertEquals(NextStep.WAIT_THEN_POLL, batch.next());
        assertEquals(200, batch.nextWaitSeconds());
        assertEquals(4, batch.pollRound(), "a done target's round does not count");
    }

    @Test
    void theBatchIsDoneWhenEveryTargetIs() {
        RegionProgress batch = RegionProgress.combine("job-1", BATCH, List.of(
                part(IRELAND, 0, 4, 0, NextStep.DONE), part(OREGON, 0, 2, 0, NextStep.DONE),
                part(SYDNEY, 0, 0, 0, NextStep.DONE)));

        assertEquals(NextStep.DONE, batch.next());
        assertEquals(0, batch.nextWaitSeconds());
        assertEquals(30, batch.finished());
    }
}
