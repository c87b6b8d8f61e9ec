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
import java.util.Optional;
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
        // The third job's finishing step: one retention deletion, one bundle update, one parameter.
        assertTrue(printed.contains("After the copies:"), printed);
        String afterCopy = printed.substring(printed.indexOf("After the copies:"));
        assertTrue(afterCopy.contains(" deleted: copy 2 of lineage request/win11-finance"), afterCopy);
        assertTrue(afterCopy.contains(": updated bundle finance"), afterCopy);
        assertTrue(afterCopy.contains(": wrote parameter /golden/win11-finance = wsi-"), afterCopy);
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

    /** {@code make demo FLEET=examples/fleet.json}: the file's job over the file's fleet, checked for the invariants. */
    @Test
    void theDemoRunsTheExampleFleetsRequest(@TempDir Path out) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int status = DemoMain.run(ROOT, out, new PrintStream(console, true, StandardCharsets.UTF_8),
                Optional.of(ROOT.resolve("examples/fleet.json")));
        String printed = console.toString(StandardCharsets.UTF_8);

        assertEquals(0, status, printed);
        assertTrue(printed.contains("Result: PASS"), printed);
        assertTrue(printed.contains("aws workspaces describe-workspace-images --endpoint-url http://127.0.0.1:"), printed);
        assertTrue(printed.contains("aws dynamodb scan --endpoint-url http://127.0.0.1:"), printed);
        Map<String, Object> report = Json.parseObject(Files.readString(out.resolve("report.json")));
        assertEquals("my-fleet-copy", report.get("jobId"));
        assertEquals(null, report.get("expectedState"));
        List<?> tasks = (List<?>) report.get("tasks");
        assertEquals(30, tasks.size()); // 10 images x 3 Regions
        Map<String, String> byImageAndRegion = new java.util.HashMap<>();
        for (Object t : tasks) {
            Map<?, ?> task = (Map<?, ?>) t;
            byImageAndRegion.put(task.get("sourceName") + "@" + task.get("destinationRegion"),
                    task.get("state") + " " + task.get("reasonCode"));
        }
        // what the file says about each kind of image reached the workflow
        assertEquals("SKIPPED ALREADY_REPLICATED", byImageAndRegion.get("win11-finance@eu-west-1"));
        assertEquals("SKIPPED BYOL_NOT_ENABLED", byImageAndRegion.get("win11-byol-office@ap-southeast-2"));
        assertEquals("SUCCEEDED null", byImageAndRegion.get("win11-byol-office@us-west-2"));
        assertEquals("SKIPPED IMAGE_NOT_AVAILABLE", byImageAndRegion.get("win11-nightly@us-west-2"));
        assertEquals("SKIPPED IMAGE_NOT_AVAILABLE", byImageAndRegion.get("win11-broken@us-west-2"));
        assertEquals("SKIPPED UNTRUSTED_OWNER", byImageAndRegion.get("vendor-trial@eu-west-1"));
        assertEquals("SUCCEEDED null", byImageAndRegion.get("partner-tools@eu-west-1"));
        assertEquals("FAILED COPY_FAILED", byImageAndRegion.get("win11-kiosk@us-west-2"));
    }

    @Test
    void aBadFleetFileIsRefusedBeforeAnythingStarts(@TempDir Path dir) throws Exception {
        Path fleet = dir.resolve("fleet.json");
        Files.writeString(fleet, "{\"regions\": {\"us-east-1\": {}}, \"images\": [{\"name\": \"g\", \"region\": \"us-east1\"}]}");
        Path out = dir.resolve("out");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int status = DemoMain.run(ROOT, out, new PrintStream(console, true, StandardCharsets.UTF_8), Optional.of(fleet));
        String printed = console.toString(StandardCharsets.UTF_8);

        assertEquals(2, status, printed);
        assertTrue(printed.contains("images[0].region: 'us-east1' is not in regions"), printed);
        assertTrue(!Files.exists(out), "the demo started: " + out + " exists");
    }
}
