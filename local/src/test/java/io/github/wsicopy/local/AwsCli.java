package io.github.wsicopy.local;

import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real AWS CLI (botocore: a second client, independent of the Java SDK) run against a loopback stand-in, with
 * only the credentials given and no configuration files.
 */
public final class AwsCli {

    /** The long-term key a call is signed with unless a test gives other credentials. */
    public static final String DEFAULT_ACCESS_KEY_ID = "AKIDCLIEXAMPLE";

    public record Result(int exitCode, String stdout, String stderr) {
        public JsonNode json() {
            return JsonNodeParser.create().parse(stdout);
        }
    }

    private final String aws;

    private AwsCli(String aws) {
        this.aws = aws;
    }

    /** The {@code aws} program on PATH, if any (tests skip without it). */
    public static Optional<AwsCli> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            File candidate = new File(dir, "aws");
            if (candidate.isFile() && candidate.canExecute()) {
                return Optional.of(new AwsCli(candidate.getAbsolutePath()));
            }
        }
        return Optional.empty();
    }

    /** {@code aws <service> <args> --endpoint-url <endpoint> --output json}, signed with {@link #DEFAULT_ACCESS_KEY_ID}. */
    public Result run(String service, URI endpoint, String... args) throws IOException, InterruptedException {
        return run(key(DEFAULT_ACCESS_KEY_ID), service, endpoint, args);
    }

    /**
     * {@code aws <service> <args> --endpoint-url <endpoint> --output json} with {@code credentials}
     * (AWS_ACCESS_KEY_ID, ..., AWS_SESSION_TOKEN) as the only AWS_ variables.
     */
    public Result run(Map<String, String> credentials, String service, URI endpoint, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(aws, service));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", endpoint.toString(), "--output", "json"));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.putAll(credentials);
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        Path out = Files.createTempFile("aws-cli", ".out");
        Path err = Files.createTempFile("aws-cli", ".err");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("aws CLI timed out: " + command);
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Long-term credentials of {@code accessKeyId}. */
    public static Map<String, String> key(String accessKeyId) {
        return Map.of("AWS_ACCESS_KEY_ID", accessKeyId, "AWS_SECRET_ACCESS_KEY", "dummy-secret");
    }

    /** A string member of the CLI's JSON output, or an AssertionError naming what is missing. */
    public static String text(JsonNode node, String field) {
        return node.field(field).orElseThrow(() -> new AssertionError("no " + field + " in " + node)).asString();
    }
}
