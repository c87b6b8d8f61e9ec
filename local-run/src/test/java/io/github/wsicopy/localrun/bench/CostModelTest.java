package io.github.wsicopy.localrun.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.wsicopy.core.workflow.Pacing;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench's arithmetic: prices × units, scaling to 1,000 copies, and the per-image design's poll rounds. */
class CostModelTest {
    private static final Prices PRICES = new Prices(0.025 / 1_000, 0.0000133334, 0.20 / 1_000_000,
            0.625 / 1_000_000, 0.125 / 1_000_000, "test");

    @Test
    void pricesEachServiceAndScalesToAThousandCopies() {
        Usage usage = new Usage(500, 400, 100, 250.0, 2_000, 10_000);
        Usage.Cost cost = usage.cost(PRICES);
        assertEquals(0.01, cost.stepFunctions(), 1e-12);                   // 400 × $0.025/1000
        assertEquals(100 * 0.2e-6 + 250 * 0.0000133334, cost.lambda(), 1e-12);
        assertEquals(10_000 * 0.625e-6 + 2_000 * 0.125e-6, cost.dynamoDb(), 1e-12);
        assertEquals(2 * cost.total(), usage.costPer1000Copies(PRICES).total(), 1e-12);
    }

    @Test
    void pollRoundsFollowTheGrowingSchedule() {
        Pacing pacing = new Pacing(10, 30, 300, 180, 2.0); // waits 30, 60, 120, 240, 300, 300 ...
        assertEquals(1, PerImagePolling.rounds(0, pacing));
        assertEquals(1, PerImagePolling.rounds(30, pacing));
        assertEquals(2, PerImagePolling.rounds(31, pacing));     // 30 + 60 = 90
        assertEquals(5, PerImagePolling.rounds(750, pacing));    // 30 + 60 + 120 + 240 + 300 = 750
        assertEquals(7, PerImagePolling.rounds(1_200, pacing));  // 750 + 300 = 1050 < 1200 ≤ 1350
        assertEquals(6 + 7, PerImagePolling.rounds(List.of(1_000L, 1_200L), pacing));
    }

    @Test
    void perImageDesignReplacesOnlyThePolling() {
        Usage batched = new Usage(1_000, 300, 90, 700, 3_000, 100_000);
        Usage polling = new Usage(1_000, 200, 70, 230, 1_800, 0);
        Usage perImage = PerImagePolling.from(batched, polling, 10_000, 0.05, 1.0);
        assertEquals(100 + 30_000, perImage.stateTransitions());
        assertEquals(20 + 10_000, perImage.lambdaInvocations());
        assertEquals(470 + 500, perImage.lambdaGbSeconds(), 1e-9);
        assertEquals(1_200 + 20_000, perImage.readRequestUnits(), 1e-9);
        assertEquals(100_000, perImage.writeRequestUnits(), 1e-9);
    }
}
