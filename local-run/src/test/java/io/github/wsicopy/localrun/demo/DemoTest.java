package io.github.wsicopy.localrun.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code make demo}, in-process: it must pass, say so, and leave a report that says what happened. */
class DemoTest {
    private static final Path ROOT = Path.of(System.getProperty("wsicopy.root", "..")).toAbsolutePath().normalize();

    @Test
    void theDemoEndsAsExpectedAndWritesItsReport(@TempDir Path out) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int status = DemoMain.run(ROOT, out, new PrintStream(console, true, StandardCharsets.UTF_8));
        String printed = console.toString(StandardCharsets.UTF_8);

        assertEquals(0, status, printed);
        assertTrue(printed.contains("Result: PASS"), printed);
        assertTrue(printed.contains("State transitions"), printed);
        Map<String, Object> report = Json.parseObject(Files.readString(out.resolve("report.json")));
        assertEquals(Boolean.TRUE, report.get("passed"));
        assertEquals("PARTIALLY_SUCCEEDED", report.get("state"));
        List<?> tasks = (List<?>) report.get("tasks");
        assertEquals(36, tasks.size());
        Map<?, ?> counters = (Map<?, ?>) report.get("counters");
        for (String family : List.of("workspaces", "stepFunctions", "lambda", "dynamodb")) {
            assertTrue(counters.containsKey(family), family + " missing from " + counters);
        }
    }
}
