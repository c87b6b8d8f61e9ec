package io.github.wsicopy.bench.harness;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs in a fresh JVM with one function jar on the class path, as the Lambda runtime would use it:
 * {@code java -cp <function>:bench-harness.jar ColdStartHarness <handler class> <event.json> <warm count> [prime]}.
 *
 * <p>Times the handler's no-argument constructor (the function's init: everything a handler does in its
 * constructor and static initialisers, class loading included), its first invocation, and then {@code warm count}
 * more invocations of the same event; prints one line, {@code BENCH {json}}, with the wall-clock time the first
 * answer was ready (the launcher knows when it started the JVM, so it gets the whole time to a first answer).
 *
 * <p>With {@code prime}, the handler's SnapStart hook ({@code primer().beforeCheckpoint(null)}, found by
 * reflection: the harness carries no CRaC classes) runs after the constructor and before the first invocation,
 * timed on its own: the first invocation is then the one a function restored from a SnapStart snapshot makes. The event is read and the class
 * loading bean fetched before the clock starts, so neither is counted; like the Lambda runtime client, which has
 * loaded its own classes before it loads the handler.
 */
public final class ColdStartHarness {
    private ColdStartHarness() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || args.length > 4 || (args.length == 4 && !args[3].equals("prime"))) {
            System.err.println("usage: ColdStartHarness <handler class> <event.json> <warm count> [prime]");
            System.exit(2);
        }
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        int warmCount = Integer.parseInt(args[2]);
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        long classesBefore = classes.getTotalLoadedClassCount();
        HarnessContext context = new HarnessContext(System.getenv().getOrDefault("ACCOUNT_ID", "123456789012"),
                System.getenv().getOrDefault("AWS_REGION", "us-east-1"));
        try {
            long start = System.nanoTime();
            RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
            long constructed = System.nanoTime();
            long primeNanos = 0;
            if (args.length == 4) {
                Object primer = handler.getClass().getMethod("primer").invoke(handler);
                primer.getClass().getMethod("beforeCheckpoint", Class.forName("org.crac.Context"))
                        .invoke(primer, (Object) null);
                primeNanos = System.nanoTime() - constructed;
                constructed = System.nanoTime();
            }
            String firstOutput = invoke(handler, event, context);
            long firstDone = System.nanoTime();
            long firstDoneEpochMs = System.currentTimeMillis();
            long classesAfterFirst = classes.getTotalLoadedClassCount();

            StringBuilder warm = new StringBuilder();
            for (int i = 0; i < warmCount; i++) {
                long t = System.nanoTime();
                invoke(handler, event, context);
                warm.append(i == 0 ? "" : ",").append(millis(System.nanoTime() - t));
            }
            // On a line of its own: the handler's logger may have left one unfinished.
            System.out.println();
            System.out.println("BENCH {\"initMs\":" + millis(constructed - start)
                    + ",\"primeMs\":" + millis(primeNanos)
                    + ",\"firstMs\":" + millis(firstDone - constructed)
                    + ",\"firstDoneEpochMs\":" + firstDoneEpochMs
                    + ",\"warmMs\":[" + warm + "]"
                    + ",\"classesBefore\":" + classesBefore
                    + ",\"classesAfterFirst\":" + classesAfterFirst
                    + ",\"classesAfterWarm\":" + classes.getTotalLoadedClassCount()
                    + ",\"firstOutput\":" + quote(firstOutput) + "}");
            System.out.flush();
            // SDK HTTP clients may leave non-daemon threads; the sample is over.
            System.exit(0);
        } catch (Throwable e) {
            System.out.println();
            System.out.println("BENCH-ERROR " + quote(e.toString()));
            e.printStackTrace(System.out);
            System.out.flush();
            System.exit(1);
        }
    }

    private static String invoke(RequestStreamHandler handler, byte[] event, HarnessContext context) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, context);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String millis(long nanos) {
        return Double.toString(Math.round(nanos / 10_000.0) / 100.0);
    }

    /** A JSON string literal; the harness carries no JSON library, so as not to load one for the handler. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
