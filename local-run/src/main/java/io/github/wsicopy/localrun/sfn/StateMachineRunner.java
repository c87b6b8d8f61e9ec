package io.github.wsicopy.localrun.sfn;

import io.github.wsicopy.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts executions of the project's state machine in the aws-local-stepfunctions interpreter, one Node
 * process each ({@code scripts/run-asl.mjs}), with its Lambda calls sent to the local invoke server.
 */
public final class StateMachineRunner {

    private final Path root;
    private final Path definition;
    private final Map<String, String> substitutions;
    private final URI lambdaEndpoint;
    private final String region;
    private final Timing timing;

    /**
     * @param root           the repository: scripts/run-asl.mjs and node_modules/ are found there
     * @param definition     the ASL file (template.yaml's DefinitionUri)
     * @param substitutions  DefinitionSubstitutions with the local function ARNs
     * @param lambdaEndpoint the invoke server
     */
    public StateMachineRunner(Path root, Path definition, Map<String, String> substitutions, URI lambdaEndpoint,
            String region, Timing timing) {
        this.root = root;
        this.definition = definition;
        this.substitutions = Map.copyOf(substitutions);
        this.lambdaEndpoint = lambdaEndpoint;
        this.region = region;
        this.timing = timing;
        if (!Files.isDirectory(root.resolve("node_modules/aws-local-stepfunctions"))) {
            throw new IllegalStateException("aws-local-stepfunctions is not installed under " + root
                    + "/node_modules: run `npm ci` there (make does it for you)");
        }
    }

    /** Starts an execution named {@code executionName} (the job id) with {@code input}. */
    public Execution start(String executionName, Map<String, Object> input) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("definition", definition.toAbsolutePath().toString());
        spec.put("substitutions", substitutions);
        spec.put("input", input);
        spec.put("executionName", executionName);
        spec.put("region", region);
        spec.put("waitMillis", timing.waitMillis());
        spec.put("retryMillis", timing.retryMillis());
        spec.put("waitMillisByState", timing.waitMillisByState());

        List<String> command = new ArrayList<>(List.of(node(), root.resolve("scripts/run-asl.mjs").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
        builder.environment().put("AWS_ENDPOINT_URL_LAMBDA", lambdaEndpoint.toString());
        builder.environment().put("AWS_REGION", region);
        // Nothing may reach AWS or look for credentials elsewhere.
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        builder.environment().remove("AWS_PROFILE");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0) + " (Node.js 20+ is needed; set NODE to its path)", e);
        }
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(Json.writeBytes(spec));
        } catch (IOException e) {
            process.destroyForcibly();
            throw new UncheckedIOException("cannot pass the run to " + command, e);
        }
        return new Execution(executionName, process);
    }

    private static String node() {
        String node = System.getenv("NODE");
        return node == null || node.isBlank() ? "node" : node;
    }

    /** Reads a stream line by line on a daemon thread. */
    static Thread drain(java.io.InputStream stream, String name, java.util.function.Consumer<String> lines) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                // The process went away; what it said so far is what there is.
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
