package io.github.wsicopy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void medianAndQuartilesInterpolateBetweenRanks() {
        Stats s = Stats.of(List.of(4.0, 1.0, 3.0, 2.0));
        assertEquals(2.5, s.median());
        assertEquals(1.75, s.p25());
        assertEquals(3.25, s.p75());
        assertEquals(1.0, s.min());
        assertEquals(4.0, s.max());
        assertEquals(4, s.n());
        assertEquals(1.5, s.iqr());
    }

    @Test
    void oneSampleIsItsOwnMedianAndNoneIsNotANumber() {
        assertEquals(7.0, Stats.of(List.of(7.0)).median());
        assertEquals(0, Stats.of(List.of()).n());
        assertEquals(Double.NaN, Stats.of(List.of()).median());
    }
}
