package io.github.wsicopy.local;

import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real AWS CLI (botocore: a second client, independent of the Java SDK) run against a stand-in, with only the
 * credentials given and no configuration files.
 */
public final class AwsCli {

    public record Result(int exitCode, String stdout, String stderr) {
        public JsonNode json() {
            return JsonNodeParser.create().parse(stdout);
        }
    }

    private AwsCli() {
    }

    /** The {@code aws} program on PATH, if any (tests skip without it). */
    public static Optional<String> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            File candidate = new File(dir, "aws");
            if (candidate.isFile() && candidate.canExecute()) {
                return Optional.of(candidate.getAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /** {@code aws <args> --output json} with {@code credentials} (AWS_ACCESS_KEY_ID, ..., AWS_SESSION_TOKEN) as the only AWS_ variables. */
    public static Result run(String aws, Map<String, String> credentials, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(aws));
        command.addAll(List.of(args));
        command.addAll(List.of("--output", "json"));
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
}
