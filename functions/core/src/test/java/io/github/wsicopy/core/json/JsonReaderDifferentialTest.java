package io.github.wsicopy.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * The project's reader against the SDK's own JSON parser (the one it replaced), on every JSON document of the
 * repository: sample events, the state machine, the service models. The same trees, value for value.
 */
class JsonReaderDifferentialTest {
    private static final Path ROOT = Path.of("../..");

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
        JsonNodeParser sdk = JsonNodeParser.create();
        for (Path file : files) {
            String text = Files.readString(file);
            assertEquals(toJava(sdk.parse(text)), Json.parse(text), file.toString());
        }
    }

    private static Object toJava(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (node.isString()) {
            return node.asString();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isNumber()) {
            return new BigDecimal(node.asNumber());
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.asArray().forEach(item -> list.add(toJava(item)));
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        node.asObject().forEach((k, v) -> map.put(k, toJava(v)));
        return map;
    }
}
