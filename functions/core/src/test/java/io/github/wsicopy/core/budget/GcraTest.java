package io.github.wsicopy.core.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.budget.Gcra.Decision;
import io.github.wsicopy.core.budget.Gcra.Refuse;
import io.github.wsicopy.core.budget.Gcra.Take;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The budget's arithmetic on a given clock: no DynamoDB, no sleeping. */
class GcraTest {
    private static final long T0 = 1_700_000_000_000L;
    private final Gcra twoPerSecondBurstFive = Gcra.of(2, 5);

    /** Takes {@code n} slots asked for at {@code now}, returning their start times. */
    private static List<Long> starts(Gcra gcra, long[] tat, long now, int n) {
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Take take = (Take) gcra.decide(tat[0], now, Long.MAX_VALUE / 4);
            tat[0] = take.tat();
            starts.add(take.startAt());
        }
        return starts;
    }

    @Test
    void ratesBecomeIntervalsRoundedUp() {
        assertEquals(500, twoPerSecondBurstFive.intervalMillis());
        assertEquals(3334, Gcra.of(0.3, 1).intervalMillis());
        assertEquals(1, Gcra.of(1000, 1000).intervalMillis());
    }

    @Test
    void anIdleBucketLetsTheBurstLessOneGoAtOnceThenOneCallPerInterval() {
        long[] tat = {Long.MIN_VALUE};
        assertEquals(List.of(T0, T0, T0, T0, T0 + 500, T0 + 1000, T0 + 1500), starts(twoPerSecondBurstFive, tat, T0, 7));
        assertEquals(4, twoPerSecondBurstFive.plannedBurst());
    }

    @Test
    void aBurstOfOneStillAllowsOneCall() {
        long[] tat = {Long.MIN_VALUE};
        assertEquals(List.of(T0, T0 + 1000, T0 + 2000), starts(Gcra.of(1, 1), tat, T0, 3));
    }

    @Test
    void aQuietSpellFillsTheBucketAgain() {
        long[] tat = {Long.MIN_VALUE};
        starts(twoPerSecondBurstFive, tat, T0, 10); // booked until T0 + 3500
        assertEquals(List.of(T0 + 4000), starts(twoPerSecondBurstFive, tat, T0 + 4000, 1)); // busy: no burst yet
        assertTrue(twoPerSecondBurstFive.idle(tat[0], T0 + 10_000));
        assertEquals(List.of(T0 + 10_000, T0 + 10_000, T0 + 10_000, T0 + 10_000, T0 + 10_500),
                starts(twoPerSecondBurstFive, tat, T0 + 10_000, 5));
    }

    @Test
    void aSlotBeyondThePatienceIsRefusedWithTheWait() {
        long[] tat = {Long.MIN_VALUE};
        starts(twoPerSecondBurstFive, tat, T0, 23); // the 24th call would start at T0 + 10 s
        Decision patient = twoPerSecondBurstFive.decide(tat[0], T0, 10_000);
        Decision impatient = twoPerSecondBurstFive.decide(tat[0], T0, 9_999);
        assertEquals(T0 + 10_000, assertInstanceOf(Take.class, patient).startAt());
        assertEquals(10_000, assertInstanceOf(Refuse.class, impatient).waitMillis());
    }

    /** The table's condition ({@code tat <= latestTat}) says yes exactly when the arithmetic does. */
    @Test
    void theLatestStoredTatIsTheLastOneThatStartsWithinThePatience() {
        for (long patience : new long[] {0, 1, 499, 500, 10_000}) {
            long latest = twoPerSecondBurstFive.latestTat(T0, patience);
            assertInstanceOf(Take.class, twoPerSecondBurstFive.decide(latest, T0, patience), "patience " + patience);
            assertInstanceOf(Refuse.class, twoPerSecondBurstFive.decide(latest + 1, T0, patience), "patience " + patience);
        }
    }

    @Test
    void aBucketInUseNeverExpiresAndAnIdleOneDoesWithinADay() {
        long tat = T0 + 3_000;
        assertTrue(Gcra.expiresAt(tat) * 1000 > tat + 86_000_000L);
        assertTrue(Gcra.expiresAt(tat) * 1000 <= tat + 86_400_000L);
    }
}
