package io.github.wsicopy.core.finish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.model.AfterCopy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LineageTest {
    private static final AfterCopy NIGHTLY = new AfterCopy("nightly", Optional.of(new AfterCopy.Retention(2,
            Optional.of("family"))), List.of(), Optional.empty());

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "golden-win11-2024-01-31, golden-win11",
            "golden-win11-20240131, golden-win11",
            "golden-win11-20240131T0200Z, golden-win11",
            "golden_win11.2024.01.31, golden_win11",
            "golden-win11-v7, golden-win11",
            "golden-win11-V12, golden-win11",
            "golden-win11-1.4.2, golden-win11",
            "golden-win11-1.4.2-rc1, golden-win11",
            "golden-win11-v2-042, golden-win11",
            "golden-win11, golden-win11",
            "win11, win11",
            "office2019-base, office2019-base",
            "2024-01-31, 2024-01-31"})
    void theVersionSuffixIsDropped(String name, String base) {
        assertEquals(base, Lineage.withoutVersion(name));
    }

    @Test
    void theGroupAndTheNameMakeTheLineageUnlessTheSourceNamesItByTheTag() {
        assertEquals("request/golden-win11", Lineage.of(AfterCopy.NONE, "golden-win11-2024-01-31", Map.of()));
        assertEquals("nightly/golden-win11", Lineage.of(NIGHTLY, "golden-win11-2024-01-31", Map.of("team", "x")));
        assertEquals("nightly/win11-gold", Lineage.of(NIGHTLY, "golden-win11-2024-01-31",
                Map.of("family", "win11-gold")));
        assertEquals("nightly/golden-win11", Lineage.of(NIGHTLY, "golden-win11-2024-01-31", Map.of("family", " ")));
    }

    @Test
    void aLineageLongerThanATagValueIsShortenedAndStaysDistinct() {
        String a = Lineage.of(NIGHTLY, "n", Map.of("family", "x".repeat(250) + "a"));
        String b = Lineage.of(NIGHTLY, "n", Map.of("family", "x".repeat(250) + "b"));
        assertEquals(255, a.length());
        assertTrue(a.startsWith("nightly/xxx"), a);
        assertNotEquals(a, b);
    }
}
