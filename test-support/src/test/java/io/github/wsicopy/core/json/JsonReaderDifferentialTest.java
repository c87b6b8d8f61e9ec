package io.github.wsicopy.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project's reader against the SDK's own JSON parser (the one it replaced), on every JSON document of the
 * repository: sample events, the state machine, the service models. The same trees, value for value.
 */
class JsonReaderDifferentialTest {
    private static final Path ROOT = Path.of("..");

    @Test
    void readsEveryJsonFileOfTheRepositoryAsTheSdkParserDoes() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("events", "statemachine", "local/src/main/resources", "examples")) {
            Path d = ROOT.resolve(dir);
            if (Files.isDirectory(d)) {
                try (Stream<Path> walk = Files.walk(d)) {
                    walk.filter(p -> p.toString().endsWith(".json")).forEach(files::add);
                }
            }
        }
        assertFalse(files.size() < 10, "expected the repository's JSON files, found " + files);
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            // the stand-ins' reading, which goes through the SDK's JSON core
            assertEquals(io.github.wsicopy.local.workspaces.Json.parseObject(bytes),
                    Json.parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)), file.toString());
        }
    }
}
