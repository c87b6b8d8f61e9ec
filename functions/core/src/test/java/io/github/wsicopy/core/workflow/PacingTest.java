package io.github.wsicopy.core.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PacingTest {
    private final Pacing pacing = new Pacing(10, 30, 300, 180, 2.0);

    @ParameterizedTest(name = "poll round {0} waits {1}s")
    @CsvSource({"0, 30", "1, 60", "2, 120", "3, 240", "4, 300", "5, 300", "40, 300", "-1, 30"})
    void waitsGrowAndAreCapped(int round, int seconds) {
        assertEquals(seconds, pacing.pollWait(round));
    }

    @ParameterizedTest
    @CsvSource({"0, 45", "3, 45"})
    void aCapBelowTheFirstWaitNeverShortensIt(int round, int seconds) {
        assertEquals(seconds, new Pacing(10, 45, 20, 180, 2.0).pollWait(round));
    }
}
