package io.github.wsicopy.localrun.bench;

import java.util.Locale;
import java.util.Map;

/** How the benchmarks write their figures in their tables: one home, so the reports read alike. */
final class Figures {
    private Figures() {}

    /** {@code Copy 3, PollStatus 5}: counts by function, without the "Function" suffix. */
    static String compact(Map<String, Long> counts) {
        StringBuilder out = new StringBuilder();
        counts.forEach((k, v) -> out.append(out.isEmpty() ? "" : ", ").append(k.replace("Function", "")).append(' ').append(v));
        return out.toString();
    }

    static String met(boolean ok) {
        return ok ? " (met)" : " (NOT met)";
    }

    static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String usd(double v) {
        return String.format(Locale.ROOT, "$%.4f", v);
    }
}
