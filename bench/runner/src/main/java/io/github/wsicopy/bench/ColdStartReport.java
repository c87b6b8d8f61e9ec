package io.github.wsicopy.bench;

import io.github.wsicopy.bench.ColdStartBench.Result;
import io.github.wsicopy.bench.Variant.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The cold-start section of the report: per variant its numbers, per function its ratios to the floor and to its
 * naive peer, the copy function's levers against the shipped copy function, and the target (a cold start
 * at most half the naive peer's), stated, not asserted: this is a benchmark, not a test.
 */
final class ColdStartReport {
    static final double TARGET_RATIO_TO_NAIVE = 0.5;

    private final List<Result> results;

    ColdStartReport(List<Result> results) {
        this.results = List.copyOf(results);
    }

    Optional<Result> find(String id) {
        return results.stream().filter(r -> r.variant().id().equals(id)).findFirst();
    }

    private double coldOf(String id) {
        return find(id).map(r -> r.cold().median()).orElse(Double.NaN);
    }

    private double firstAnswerOf(String id) {
        return find(id).map(r -> r.firstAnswer().median()).orElse(Double.NaN);
    }

    Map<String, Object> toJson() {
        double floor = firstAnswerOf("floor");
        List<Object> variants = new ArrayList<>();
        for (Result r : results) {
            Variant v = r.variant();
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", v.id());
            json.put("function", v.function());
            json.put("kind", v.kind().name().toLowerCase(Locale.ROOT));
            json.put("label", v.label());
            json.put("handler", v.handler());
            json.put("jar", v.jar().getFileName().toString());
            json.put("jarBytes", r.jarBytes());
            json.put("jvmFlags", v.jvmFlags());
            json.put("endpoints", v.sdkEndpoints() ? "AWS_ENDPOINT_URL_<SERVICE>" : "project *_ENDPOINT settings");
            json.put("classesLoadedByColdStart", r.classes().toJson());
            json.put("initMs", r.init().toJson());
            if (v.prime()) {
                json.put("primingMs", r.prime().toJson());
                json.put("note", "coldStartMs is the first invocation after priming; the snapshot restore that would "
                        + "precede it on Lambda cannot be measured here");
            }
            json.put("firstInvokeMs", r.first().toJson());
            json.put("coldStartMs", r.cold().toJson());
            json.put("firstAnswerFromJvmLaunchMs", r.firstAnswer().toJson());
            json.put("warmInvokeMs", r.warm().toJson());
            json.put("processWallMs", r.process().toJson());
            // The floor's init and first invocation take a few milliseconds: its cost is the JVM's start, so the
            // ratio to the floor is taken on the time from launching the JVM to the first answer.
            json.put("firstAnswerRatioToFloor", Stats.round2(r.firstAnswer().median() / floor));
            reference(v).ifPresent(ref -> {
                json.put("comparedWith", ref);
                json.put("coldStartRatioToReference", Stats.round2(r.cold().median() / coldOf(ref)));
                json.put("firstAnswerRatioToReference", Stats.round2(r.firstAnswer().median() / firstAnswerOf(ref)));
            });
            variants.add(json);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("variants", variants);
        json.put("targets", targets());
        return json;
    }

    /** What each variant is compared with: a shipped function with its naive peer, a lever with the shipped copy. */
    static Optional<String> reference(Variant v) {
        return switch (v.kind()) {
            case SHIPPED, SNAPSTART -> Optional.of(v.function() + "-naive");
            case LEVER -> Optional.of("copy");
            default -> Optional.empty();
        };
    }

    List<Object> targets() {
        List<Object> targets = new ArrayList<>();
        for (Result r : results) {
            if (r.variant().kind() == Kind.SHIPPED || r.variant().kind() == Kind.SNAPSTART) {
                double ratio = r.cold().median() / coldOf(r.variant().function() + "-naive");
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("target", r.variant().function() + (r.variant().prime()
                        ? " with SnapStart: first invoke after priming (restore not measurable here) <= "
                        : ": cold start (init + first invoke) <= ") + TARGET_RATIO_TO_NAIVE + " x the naive peer's");
                t.put("value", Stats.round2(ratio));
                t.put("met", ratio <= TARGET_RATIO_TO_NAIVE);
                targets.add(t);
            }
        }
        return targets;
    }

    String markdown() {
        double floor = firstAnswerOf("floor");
        StringBuilder md = new StringBuilder();
        md.append("### Cold start per function\n\n");
        md.append("x floor: first answer (from JVM launch) / the hello-world floor's. x naive: cold start (init + first "
                + "invoke) / the naive peer's.\n\n");
        md.append("| function | variant | jar | classes loaded | init ms | first invoke ms | cold start ms (IQR) | first answer ms | warm ms | x floor | x naive |\n");
        md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Result r : results) {
            Variant v = r.variant();
            if (v.kind() == Kind.LEVER) {
                continue;
            }
            String naive = reference(v).isPresent() ? ratio(r.cold().median() / coldOf(v.function() + "-naive")) : "";
            String name = switch (v.kind()) {
                case NAIVE -> "naive peer";
                case FLOOR -> "floor";
                case SNAPSTART -> "shipped + SnapStart hook *";
                default -> "**shipped**";
            };
            md.append(row(v.function(), name, r, v.prime() ? "" : ratio(r.firstAnswer().median() / floor), naive));
        }
        md.append("\n\\* init and priming ran before the first invocation, as before a SnapStart snapshot; its cold start "
                + "column is the first invocation alone, which on Lambda follows a snapshot restore that cannot be "
                + "measured here (docs/performance.md).\n");
        md.append("\n### Levers, measured on the copy function (one change from the shipped copy function each)\n\n");
        md.append("x shipped copy: cold start (init + first invoke) / the shipped copy function's.\n\n");
        md.append("| change | jar | classes loaded | init ms | first invoke ms | cold start ms (IQR) | first answer ms | warm ms | x floor | x shipped copy |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        find("copy").ifPresent(r -> md.append(row(null, "none (shipped)", r, ratio(r.firstAnswer().median() / floor), "1.00")));
        for (Result r : results) {
            if (r.variant().kind() == Kind.LEVER) {
                md.append(row(null, r.variant().label(), r, ratio(r.firstAnswer().median() / floor),
                        ratio(r.cold().median() / coldOf("copy"))));
            }
        }
        md.append("\nTargets (issue #5): ");
        List<String> met = new ArrayList<>();
        for (Object o : targets()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> t = (Map<String, Object>) o;
            String who = t.get("target").toString().split(":")[0];
            met.add(who + " " + t.get("value") + (Boolean.TRUE.equals(t.get("met")) ? " (met)" : " (not met)"));
        }
        md.append("cold start / naive peer's <= ").append(TARGET_RATIO_TO_NAIVE).append(": ").append(String.join("; ", met)).append(".\n");
        return md.toString();
    }

    private static String row(String function, String variant, Result r, String xFloor, String xOther) {
        StringBuilder row = new StringBuilder("| ");
        if (function != null) {
            row.append(function).append(" | ");
        }
        row.append(variant).append(" | ").append(r.jarBytes() < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f MB", r.jarBytes() / 1e6))
                .append(" | ").append(String.format(Locale.ROOT, "%.0f", r.classes().median()))
                .append(" | ").append(r.variant().prime() ? "(" + ms(r.init().median()) + " + " + ms(r.prime().median()) + ")"
                        : ms(r.init().median()))
                .append(" | ").append(ms(r.first().median()))
                .append(" | ").append(ms(r.cold().median())).append(" (").append(ms(r.cold().p25())).append("–")
                .append(ms(r.cold().p75())).append(")")
                .append(" | ").append(r.variant().prime() ? "" : ms(r.firstAnswer().median()))
                .append(" | ").append(ms(r.warm().median()))
                .append(" | ").append(xFloor)
                .append(" | ").append(xOther).append(" |\n");
        return row.toString();
    }

    static String ms(double value) {
        return value >= 10 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    static String ratio(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.2f", value);
    }
}
