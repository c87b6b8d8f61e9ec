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

/** The real AWS CLI (botocore, a second independent client) run against a loopback stand-in. */
public final class AwsCli {

    public record Result(int exitCode, String stdout, String stderr) {
        public JsonNode json() {
            return JsonNodeParser.create().parse(stdout);
        }
    }

    private final String aws;

    private AwsCli(String aws) {
        this.aws = aws;
    }

    /** The CLI on PATH, if there is one. */
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

    /** {@code aws <service> <args> --endpoint-url <endpoint> --output json}, with a clean environment. */
    public Result run(String service, URI endpoint, String... args) throws IOException, InterruptedException {
        String accessKeyId = "AKIDCLIEXAMPLE";
        List<String> command = new ArrayList<>(List.of(aws, service));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", endpoint.toString(), "--output", "json"));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", accessKeyId);
        env.put("AWS_SECRET_ACCESS_KEY", "dummy-secret");
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

    public static String text(JsonNode node, String field) {
        return node.field(field).orElseThrow(() -> new AssertionError("no " + field + " in " + node)).asString();
    }
}
