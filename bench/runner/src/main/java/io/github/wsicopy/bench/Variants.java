package io.github.wsicopy.bench;

import io.github.wsicopy.bench.Variant.Kind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Every variant the cold-start benchmark runs, and where its jars are after {@code mvn package}. */
final class Variants {
    /**
     * Resembling Lambda's java21 runtime: C1 only ({@code TieredStopAtLevel=1}, the runtime's documented default
     * for java17 and java21, also set by the template's JAVA_TOOL_OPTIONS), the serial collector, the JDK's
     * class-data sharing archive, and a heap bounded below the functions' 1024 MB.
     */
    static final List<String> LAMBDA_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx870m");
    /**
     * Bytecode verification off for the function's classes (a diagnostic flag on JDK 25, and a check the JVM makes
     * for a reason): measured to show what verifying the SDK's classes costs, not a lever to adopt.
     */
    static final List<String> NO_VERIFY_FLAGS = Stream.concat(LAMBDA_FLAGS.stream(),
            Stream.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-BytecodeVerificationRemote")).toList();
    /** The same without the C1 cap: the JVM's own default, full tiered compilation up to C2. */
    static final List<String> TIERED_FLAGS = LAMBDA_FLAGS.stream().filter(f -> !f.startsWith("-XX:TieredStopAtLevel")).toList();

    static final List<String> FUNCTIONS = List.of("validate", "copy", "poll-status", "notify");

    /**
     * A lever on packaging: Lambda puts {@code /var/task/lib/*.jar} on the class path as jars, so a zip package
     * with the function's jar under lib/ is loaded from one jar instead of thousands of unpacked class files.
     */
    static final String PACKED_JAR = "copy-lib-jar";

    private Variants() {}

    static List<Variant> all(Path root) {
        Path variants = root.resolve("bench/variants/target");
        Path thin = variants.resolve("bench-variants-0.1.0-SNAPSHOT.jar");
        List<Variant> all = new ArrayList<>();
        Path floor = root.resolve("bench/floor/target/floor.jar");
        all.add(new Variant("floor", "floor", Kind.FLOOR, "hello world, no SDK", floor, List.of(floor),
                "io.github.wsicopy.bench.floor.HelloHandler", LAMBDA_FLAGS, false, false));
        for (String function : FUNCTIONS) {
            Path jar = functionJar(root, function);
            all.add(new Variant(function, function, Kind.SHIPPED, "shipped", jar, List.of(jar), handler(function),
                    LAMBDA_FLAGS, false, false));
            all.add(new Variant(function + "-snapstart", function, Kind.SNAPSTART,
                    "shipped, SnapStart hook run before the first invocation", jar, List.of(jar), handler(function),
                    LAMBDA_FLAGS, false, true));
            Path naive = variants.resolve("naive-" + function + ".jar");
            all.add(new Variant(function + "-naive", function, Kind.NAIVE,
                    "naive peer: SDK defaults (Apache, default chains), Jackson", naive, List.of(naive),
                    "io.github.wsicopy.bench.naive.Naive" + className(function) + "Handler", LAMBDA_FLAGS, true, false));
        }
        Path copy = functionJar(root, "copy");
        all.add(lever(PACKED_JAR, "the jar on the class path as a zip's lib/copy.jar, not unpacked", copy,
                List.of(copy), handler("copy"), LAMBDA_FLAGS));
        all.add(lever("copy-tiered", "JVM default tiered compilation (C2 allowed)", copy, List.of(copy),
                handler("copy"), TIERED_FLAGS));
        all.add(lever("copy-apache", "Apache HTTP client", variants.resolve("lever-apache.jar"), null,
                "io.github.wsicopy.bench.levers.ApacheCopyHandler", LAMBDA_FLAGS));
        all.add(lever("copy-crt", "AWS CRT HTTP client", variants.resolve("lever-crt.jar"), null,
                "io.github.wsicopy.bench.levers.CrtCopyHandler", LAMBDA_FLAGS));
        all.add(lever("copy-chains", "default credentials and Region chains", copy, List.of(copy, thin),
                "io.github.wsicopy.bench.levers.DefaultChainsCopyHandler", LAMBDA_FLAGS));
        all.add(lever("copy-background-http", "HTTP client built in the background (not adopted)", copy,
                List.of(copy, thin), "io.github.wsicopy.bench.levers.BackgroundHttpCopyHandler", LAMBDA_FLAGS));
        all.add(lever("copy-no-verify", "bytecode verification off (not adopted)", copy, List.of(copy),
                handler("copy"), NO_VERIFY_FLAGS));
        all.add(lever("copy-jackson", "Jackson databind for the event and result", variants.resolve("lever-jackson.jar"),
                null, "io.github.wsicopy.bench.levers.JacksonCopyHandler", LAMBDA_FLAGS));
        all.add(lever("copy-sdk-jar", "SDK default dependencies in the jar (Apache, Netty)",
                variants.resolve("lever-sdk-defaults.jar"), null, handler("copy"), LAMBDA_FLAGS));
        return all;
    }

    private static Variant lever(String id, String label, Path jar, List<Path> classpath, String handler,
            List<String> flags) {
        return new Variant(id, "copy", Kind.LEVER, label, jar, classpath == null ? List.of(jar) : classpath, handler,
                flags, false, false);
    }

    static Path functionJar(Path root, String function) {
        return root.resolve("functions/" + function + "/target/" + function + ".jar");
    }

    static String handler(String function) {
        return switch (function) {
            case "validate" -> "io.github.wsicopy.validate.ValidateHandler";
            case "copy" -> "io.github.wsicopy.copy.CopyHandler";
            case "poll-status" -> "io.github.wsicopy.poll.PollStatusHandler";
            case "notify" -> "io.github.wsicopy.notify.NotifyHandler";
            default -> throw new IllegalArgumentException(function);
        };
    }

    private static String className(String function) {
        return switch (function) {
            case "poll-status" -> "PollStatus";
            default -> Character.toUpperCase(function.charAt(0)) + function.substring(1);
        };
    }
}
