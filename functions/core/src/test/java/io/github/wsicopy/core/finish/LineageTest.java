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

    @Test
    void theParametersNameIsTheLineageWithoutItsGroupSoEveryVersionWritesTheSameOne() {
        AfterCopy.Publish publish = new AfterCopy.Publish("/golden/");
        AfterCopy nightly = new AfterCopy("nightly", Optional.empty(), List.of(), Optional.of(publish));
        assertEquals(publish.parameterName(Lineage.base(Lineage.of(nightly, "golden-win11-2024-01-31", Map.of()))),
                publish.parameterName(Lineage.base(Lineage.of(nightly, "golden-win11-2024-02-01", Map.of()))));
        assertEquals("/golden/golden-win11", publish.parameterName(Lineage.base("nightly/golden-win11")));
    }

    @ParameterizedTest
    @CsvSource({"golden-v9, golden-v10", "golden-2024-01-31, golden-2024-02-01", "golden-1.2.9, golden-1.2.10",
            "golden-20240131T0200, golden-20240131T0300"})
    void versionsCompareAsNumbersSoTheParameterNeverGoesBackToAnOlderOne(String older, String newer) {
        assertTrue(Lineage.NEWER_VERSION_LAST.compare(older, newer) < 0, older + " < " + newer);
        assertTrue(Lineage.NEWER_VERSION_LAST.compare(newer, older) > 0, newer + " > " + older);
    }
}
