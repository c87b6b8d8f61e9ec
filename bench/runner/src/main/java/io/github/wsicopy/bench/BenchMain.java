package io.github.wsicopy.bench;

import io.github.wsicopy.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code make bench}: runs the benchmark sections, writes {@code target/bench/report.json} and
 * {@code target/bench/report.md}, prints the tables.
 *
 * <p>Sections: {@code coldStart} ({@link ColdStartBench}); {@code workflow} is reserved for the 200 x 5 workflow
 * run through the state machine (issue #5, item 3), which needs the local state-machine runner.
 *
 * <p>Environment: BENCH_SAMPLES (fresh JVMs per variant, default 12), BENCH_WARM (warm invocations per JVM,
 * default 20), BENCH_ONLY (comma-separated variant ids, default all), BENCH_JAVA (the java of the samples, default
 * this JVM's), BENCH_JVM_FLAGS (more flags for every sample, to explore: e.g. -Xlog:class+load:file=/tmp/classes.log).
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        try {
            run();
        } catch (RuntimeException | IOException | InterruptedException e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run() throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("wsicopy.root", ".")).toAbsolutePath().normalize();
        Map<String, String> env = System.getenv();
        int samples = Integer.parseInt(env.getOrDefault("BENCH_SAMPLES", "12"));
        int warm = Integer.parseInt(env.getOrDefault("BENCH_WARM", "20"));
        Path java = Path.of(env.getOrDefault("BENCH_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        Set<String> only = Arrays.stream(env.getOrDefault("BENCH_ONLY", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());

        List<String> extraFlags = Arrays.stream(env.getOrDefault("BENCH_JVM_FLAGS", "").split(" "))
                .filter(s -> !s.isBlank()).toList();
        List<Variant> variants = Variants.all(root).stream()
                .filter(v -> only.isEmpty() || only.contains(v.id()))
                .map(v -> extraFlags.isEmpty() ? v : v.withMoreFlags(extraFlags)).toList();
        long start = System.nanoTime();
        ColdStartBench.Config config = new ColdStartBench.Config(root, samples, warm, java, 20261122L);
        ColdStartReport coldStart = new ColdStartReport(new ColdStartBench(config, System.out).run(variants));
        double seconds = (System.nanoTime() - start) / 1e9;

        Map<String, Object> machine = Machine.describe(java);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("generatedAt", Instant.now().toString());
        report.put("machine", machine);
        report.put("config", Map.of("samples", samples, "warmInvocations", warm, "seconds", Math.round(seconds)));
        report.put("coldStart", coldStart.toJson());

        // One part of `make bench`'s report: scripts/bench-report.mjs puts it together with the workflow and
        // concurrency parts, each measured in the same `make bench` run.
        String markdown = "## Cold start\n\n" + Machine.markdown(machine, samples, warm) + "\n" + coldStart.markdown();
        Path out = root.resolve("target/bench");
        Files.createDirectories(out);
        Files.writeString(out.resolve("coldstart.json"), Json.write(report) + "\n", StandardCharsets.UTF_8);
        Files.writeString(out.resolve("coldstart.md"), markdown, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(markdown);
        System.out.println("written: " + root.relativize(out.resolve("coldstart.json")) + ", "
                + root.relativize(out.resolve("coldstart.md")) + String.format(" (%.0f s)", seconds));
        // DynamoDB Local leaves non-daemon threads behind that keep a JVM alive for minutes.
        System.exit(0);
    }
}
