package io.github.wsicopy.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where the numbers were taken: they mean little without the machine, the JDK and the flags. */
final class Machine {
    private Machine() {}

    static Map<String, Object> describe(Path java) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpuModel());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("sampleJdk", javaVersion(java));
        m.put("sampleJvmFlags", Variants.LAMBDA_FLAGS);
        m.put("note", "Lambda runs java21 on arm64 (Graviton) with a CPU share of 1024 MB; these are x86 cores, unthrottled");
        return m;
    }

    static String markdown(Map<String, Object> m, int samples, int warm) {
        return "Machine: " + m.get("cpu") + ", " + m.get("cores") + " cores, " + m.get("os") + ". Samples: "
                + m.get("sampleJdk") + ", flags `" + String.join(" ", Variants.LAMBDA_FLAGS) + "`. " + samples
                + " fresh JVMs per variant (interleaved), " + warm + " warm invocations each; medians, IQR in brackets. "
                + "Cold start = handler construction (init) + first invocation of the function's sample event against "
                + "the local stack; classes = classes loaded by both.\n";
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the architecture will do
        }
        return System.getProperty("os.arch");
    }

    private static String javaVersion(Path java) {
        try {
            Process p = new ProcessBuilder(List.of(java.toString(), "-version")).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            String[] lines = out.split("\n");
            return lines.length > 1 ? lines[1].trim() : out.trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
