package io.github.wsicopy.local;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MutableClockTest {

    @Test
    void advancesAndSetsAndSharesItsInstantWithZonedCopies() {
        MutableClock clock = new MutableClock();
        Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));
        assertEquals(MutableClock.DEFAULT_START, clock.instant());

        assertEquals(MutableClock.DEFAULT_START.plusSeconds(90), clock.advance(Duration.ofSeconds(90)));
        assertEquals(clock.instant(), paris.instant());
        assertEquals(ZoneId.of("Europe/Paris"), paris.getZone());

        clock.set(Instant.EPOCH);
        assertEquals(Instant.EPOCH, paris.instant());
        assertEquals(0, clock.millis());
    }

    @Test
    void advanceToMovesOnlyForward() {
        MutableClock clock = new MutableClock();
        Instant later = MutableClock.DEFAULT_START.plusSeconds(30);

        assertEquals(later, clock.advanceTo(later));
        assertEquals(later, clock.advanceTo(MutableClock.DEFAULT_START), "never back");
        assertEquals(later, clock.instant());
    }
}
