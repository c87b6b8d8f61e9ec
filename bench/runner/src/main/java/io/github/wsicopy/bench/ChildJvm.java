package io.github.wsicopy.bench;

import io.github.wsicopy.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Starts one fresh JVM for one sample and reads the harness's answer. */
final class ChildJvm {
    static final String HARNESS = "io.github.wsicopy.bench.harness.ColdStartHarness";
    private static final long TIMEOUT_SECONDS = 120;

    /** One sample: the harness's timings and class counts, the first answer, and the whole process's wall time. */
    record Sample(double initMs, double primeMs, double firstMs, List<Double> warmMs, long classesBefore, long classesAfterFirst,
            long classesAfterWarm, Map<String, Object> firstOutput, double firstAnswerMs, double processMs) {
        /** Init and first invocation; primed (SnapStart), only the first invocation: init happened before the snapshot. */
        double coldMs(boolean primed) {
            return primed ? firstMs : initMs + firstMs;
        }

        /**
         * From starting the JVM process to the first answer: JVM boot, runtime start, init, first invocation. This is
         * the cold start a caller sees, less what Lambda itself adds; the floor's is almost all JVM boot.
         */
        double firstAnswer() {
            return firstAnswerMs;
        }

        double warmMedianMs() {
            return Stats.of(warmMs).median();
        }

        long classesLoadedCold() {
            return classesAfterFirst - classesBefore;
        }
    }

    private final Path java;
    private final Path harnessJar;
    private final Path scratch;

    ChildJvm(Path java, Path harnessJar, Path scratch) {
        this.java = java;
        this.harnessJar = harnessJar;
        this.scratch = scratch;
    }

    Sample run(Variant variant, Path event, Map<String, String> env, int warm) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(variant.jvmFlags());
        command.add("-cp");
        List<Path> classpath = new ArrayList<>(variant.classpath());
        classpath.add(harnessJar);
        command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(":")));
        command.add(HARNESS);
        command.add(variant.handler());
        command.add(event.toString());
        command.add(Integer.toString(warm));
        if (variant.prime()) {
            command.add("prime");
        }

        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        // Like Lambda: no shared config or credentials files for the SDK to find.
        builder.environment().put("HOME", scratch.toString());
        builder.environment().put("AWS_CONFIG_FILE", scratch.resolve("no-config").toString());
        builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", scratch.resolve("no-credentials").toString());
        builder.environment().putAll(env);

        long launchedEpochMs = System.currentTimeMillis();
        long start = System.nanoTime();
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(variant.id() + ": the sample JVM did not end in " + TIMEOUT_SECONDS + " s");
        }
        double processMs = (System.nanoTime() - start) / 1e6;
        String text = new String(output, StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            if (line.startsWith("BENCH ")) {
                return parse(line.substring("BENCH ".length()), launchedEpochMs, processMs);
            }
        }
        throw new IllegalStateException(variant.id() + ": the sample JVM exited " + process.exitValue()
                + " without a result:\n" + tail(text));
    }

    @SuppressWarnings("unchecked")
    private static Sample parse(String json, long launchedEpochMs, double processMs) {
        Map<String, Object> m = Json.parseObject(json);
        List<Double> warm = ((List<Object>) m.get("warmMs")).stream().map(v -> ((Number) v).doubleValue()).toList();
        return new Sample(number(m, "initMs"), number(m, "primeMs"), number(m, "firstMs"), warm, (long) number(m, "classesBefore"),
                (long) number(m, "classesAfterFirst"), (long) number(m, "classesAfterWarm"),
                Json.parseObject((String) m.get("firstOutput")), number(m, "firstDoneEpochMs") - launchedEpochMs,
                processMs);
    }

    private static double number(Map<String, Object> m, String field) {
        return ((Number) m.get(field)).doubleValue();
    }

    private static String tail(String text) {
        return text.length() > 4000 ? "…" + text.substring(text.length() - 4000) : text;
    }
}
