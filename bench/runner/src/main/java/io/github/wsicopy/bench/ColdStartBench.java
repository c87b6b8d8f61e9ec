package io.github.wsicopy.bench;

import io.github.wsicopy.bench.ChildJvm.Sample;
import io.github.wsicopy.local.LocalDynamoDb;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Cold start per function: for every variant, {@code samples} fresh JVMs, each running the function's sample event
 * once cold and then {@code warm} times warm against a freshly prepared local stack. Variants are interleaved in
 * a new random order every round, so drift on a busy 2-core machine (and the local servers warming up) spreads
 * over all of them; one unrecorded round first warms the servers and the page cache.
 */
final class ColdStartBench {

    /** @param seed the order of the rounds, so a rerun runs the same sequence */
    record Config(Path root, int samples, int warm, Path java, long seed) {}

    /** One variant's samples. */
    record Result(Variant variant, List<Sample> samples) {
        Stats init() {
            return Stats.of(samples.stream().map(Sample::initMs).toList());
        }

        Stats first() {
            return Stats.of(samples.stream().map(Sample::firstMs).toList());
        }

        Stats cold() {
            return Stats.of(samples.stream().map(s -> s.coldMs(variant.prime())).toList());
        }

        Stats prime() {
            return Stats.of(samples.stream().map(Sample::primeMs).toList());
        }

        Stats firstAnswer() {
            return Stats.of(samples.stream().map(Sample::firstAnswer).toList());
        }

        Stats warm() {
            return Stats.of(samples.stream().map(Sample::warmMedianMs).toList());
        }

        Stats process() {
            return Stats.of(samples.stream().map(Sample::processMs).toList());
        }

        Stats classes() {
            return Stats.of(samples.stream().map(s -> (double) s.classesLoadedCold()).toList());
        }

        long jarBytes() {
            try {
                return Files.size(variant.jar());
            } catch (IOException e) {
                return -1;
            }
        }
    }

    private final Config config;
    private final PrintStream progress;

    ColdStartBench(Config config, PrintStream progress) {
        this.config = config;
        this.progress = progress;
    }

    List<Result> run(List<Variant> variants) throws IOException, InterruptedException {
        for (Variant v : variants) {
            for (Path jar : v.classpath()) {
                if (!Files.isRegularFile(jar)) {
                    throw new IllegalStateException(v.id() + ": " + jar + " is missing; build first (make bench does)");
                }
            }
        }
        Path scratch = Files.createTempDirectory("wsicopy-bench");
        variants = unpacked(variants, scratch.resolve("task"));
        ChildJvm jvm = new ChildJvm(config.java(), config.root().resolve("bench/harness/target/bench-harness.jar"), scratch);
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        variants.forEach(v -> samples.put(v.id(), new ArrayList<>()));
        try (LocalDynamoDb dynamo = LocalDynamoDb.start();
                DynamoDbClient admin = DynamoDbClient.builder().endpointOverride(dynamo.endpoint())
                        .region(Region.of(BenchStack.REGION)).httpClient(UrlConnectionHttpClient.create())
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                        .build()) {
            progress.printf("cold start: %d variants x %d samples (+1 warm-up round), %d warm invocations each%n",
                    variants.size(), config.samples(), config.warm());
            for (int round = -1; round < config.samples(); round++) {
                List<Variant> order = new ArrayList<>(variants);
                Collections.shuffle(order, new Random(config.seed() + round));
                long start = System.nanoTime();
                for (Variant v : order) {
                    Sample sample = sample(v, dynamo, admin, jvm);
                    if (round >= 0) {
                        samples.get(v.id()).add(sample);
                    }
                }
                progress.printf("  %s done in %.0f s%n", round < 0 ? "warm-up round" : "round " + (round + 1),
                        (System.nanoTime() - start) / 1e9);
            }
        }
        return variants.stream().map(v -> new Result(v, List.copyOf(samples.get(v.id())))).toList();
    }

    /**
     * Lambda unzips a function's package into /var/task and loads its classes from there, not from a jar: every
     * jar under test is unpacked once, and the samples load from the directories (the harness stays a jar, as the
     * runtime's own classes do).
     */
    private static List<Variant> unpacked(List<Variant> variants, Path task) throws IOException {
        Map<Path, Path> dirs = new LinkedHashMap<>();
        List<Variant> out = new ArrayList<>();
        for (Variant v : variants) {
            if (v.id().equals(Variants.PACKED_JAR)) {
                out.add(v); // loaded from the jar, as Lambda loads a zip package's lib/*.jar
                continue;
            }
            List<Path> entries = new ArrayList<>();
            for (Path jar : v.classpath()) {
                Path dir = dirs.get(jar);
                if (dir == null) {
                    dir = task.resolve(Integer.toString(dirs.size()));
                    unzip(jar, dir);
                    dirs.put(jar, dir);
                }
                entries.add(dir);
            }
            out.add(v.withClasspath(entries));
        }
        return out;
    }

    private static void unzip(Path jar, Path dir) throws IOException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
            for (java.util.zip.ZipEntry entry : java.util.Collections.list(zip.entries())) {
                Path target = dir.resolve(entry.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("bad entry " + entry.getName() + " in " + jar);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (java.io.InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    private Sample sample(Variant v, LocalDynamoDb dynamo, DynamoDbClient admin, ChildJvm jvm)
            throws IOException, InterruptedException {
        Scenario scenario = v.kind() == Variant.Kind.FLOOR ? Scenario.FLOOR : Scenario.of(v.function());
        Path events = config.root().resolve("events");
        try (BenchStack stack = new BenchStack(dynamo, admin, events)) {
            stack.prepare(scenario.stepsBefore());
            Sample sample = jvm.run(v, events.resolve(scenario.event()), stack.env(v.function(), v.sdkEndpoints()),
                    config.warm());
            scenario.check(sample.firstOutput()).ifPresent(problem -> {
                throw new IllegalStateException(v.id() + ": the first invocation did not do the sample's work: " + problem);
            });
            return sample;
        }
    }
}
