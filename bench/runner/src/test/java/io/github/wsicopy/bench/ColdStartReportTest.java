package io.github.wsicopy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.bench.ChildJvm.Sample;
import io.github.wsicopy.bench.ColdStartBench.Result;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's arithmetic and shape, on made-up samples (no timing is asserted anywhere). */
class ColdStartReportTest {
    private static Result result(String id, Variant.Kind kind, boolean prime, double init, double first) {
        Variant v = new Variant(id, id.replace("-naive", "").replace("-snapstart", ""), kind, id, Path.of("none.jar"),
                List.of(Path.of("none.jar")), "Handler", Variants.LAMBDA_FLAGS, false, prime);
        Sample s = new Sample(init, prime ? 50 : 0, first, List.of(1.0, 2.0, 3.0), 100, 1100, 1110, Map.of(),
                init + first + 100, init + first + 200);
        return new Result(v, List.of(s, s, s));
    }

    private final ColdStartReport report = new ColdStartReport(List.of(
            result("floor", Variant.Kind.FLOOR, false, 1, 0),
            result("copy", Variant.Kind.SHIPPED, false, 300, 200),
            result("copy-snapstart", Variant.Kind.SNAPSTART, true, 300, 100),
            result("copy-naive", Variant.Kind.NAIVE, false, 600, 400)));

    @Test
    void shippedIsComparedWithItsNaivePeerOnInitPlusFirstInvoke() {
        List<Object> targets = report.targets();
        assertEquals(2, targets.size());
        @SuppressWarnings("unchecked")
        Map<String, Object> shipped = (Map<String, Object>) targets.get(0);
        assertEquals(0.5, shipped.get("value"));
        assertEquals(true, shipped.get("met"));
        @SuppressWarnings("unchecked")
        Map<String, Object> snapstart = (Map<String, Object>) targets.get(1);
        assertEquals(0.1, snapstart.get("value"), "a primed variant's cold start is its first invocation alone");
    }

    @Test
    void theTableHasARowPerVariantAndTheFloorRatioUsesTimeToFirstAnswer() {
        String md = report.markdown();
        assertTrue(md.contains("| copy | **shipped** |"), md);
        assertTrue(md.contains("| copy | naive peer |"), md);
        assertTrue(md.contains("| 5.94 | 0.50 |"), "first answer 600 / floor 101 and cold 500 / naive 1000:\n" + md);
        assertTrue(md.contains("| copy | **shipped** | n/a |"), "a missing jar has no size:\n" + md);
    }
}
