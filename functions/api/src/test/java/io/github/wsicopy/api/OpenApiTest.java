package io.github.wsicopy.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.testing.TestStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/api/openapi.yaml describes exactly the routes the handler serves: the same paths, methods and status
 * codes, and every problem type. The document keeps a regular layout (two spaces per level under
 * {@code paths:}), so reading it needs no YAML library.
 */
class OpenApiTest {
    private static final Path DOCUMENT = Path.of("../../docs/api/openapi.yaml");
    private static final Pattern PATH = Pattern.compile("^  (/\\S*):\\s*$");
    private static final Pattern METHOD = Pattern.compile("^    (get|put|post|delete|patch|head|options):\\s*$");
    private static final Pattern STATUS = Pattern.compile("^        \"(\\d{3})\":.*$");

    /** "POST /jobs" → its status codes, as the document declares them. */
    static Map<String, Set<Integer>> documented(List<String> lines) {
        Map<String, Set<Integer>> operations = new TreeMap<>();
        boolean inPaths = false;
        String path = null;
        String operation = null;
        for (String line : lines) {
            if (!line.startsWith(" ") && !line.isBlank()) {
                inPaths = line.startsWith("paths:");
                continue;
            }
            if (!inPaths) {
                continue;
            }
            Matcher m;
            if ((m = PATH.matcher(line)).matches()) {
                path = m.group(1);
            } else if ((m = METHOD.matcher(line)).matches()) {
                operation = m.group(1).toUpperCase() + " " + path;
                operations.put(operation, new TreeSet<>());
            } else if ((m = STATUS.matcher(line)).matches() && operation != null) {
                operations.get(operation).add(Integer.parseInt(m.group(1)));
            }
        }
        return operations;
    }

    @Test
    void everyRouteIsDocumentedWithItsStatusesAndNothingElseIs() throws IOException {
        Map<String, Set<Integer>> documented = documented(Files.readAllLines(DOCUMENT));
        Map<String, Set<Integer>> served = new TreeMap<>();
        try (TestStack stack = TestStack.unthrottled()) {
            for (Router.Route route : new Api(stack).handler.routes()) {
                served.put(route.method() + " " + route.path(), new TreeSet<>(route.statuses()));
            }
        }

        assertEquals(served.keySet(), documented.keySet(), "operations");
        assertEquals(served, documented, "status codes per operation");
    }

    @Test
    void everyProblemTypeIsDocumented() throws IOException {
        String document = Files.readString(DOCUMENT);
        for (ProblemType type : ProblemType.values()) {
            assertTrue(document.contains("- " + type.uri() + "\n"), type.uri() + " is missing from the Problem schema");
        }
    }

    /** The schema's lines from {@code start} to the next schema at its indentation. */
    private static String schema(String document, String start, String indent) {
        int from = document.indexOf(start);
        assertTrue(from >= 0, start + " is missing");
        int body = document.indexOf('\n', from) + 1;
        java.util.regex.Matcher next = Pattern.compile("(?m)^" + indent + "\\S").matcher(document);
        return document.substring(from, next.find(body) ? next.start() : document.length());
    }

    @Test
    void aTaskAndARejectionCarryTheirReasonAsDataAndEveryMemberIsDocumented() throws IOException {
        String document = Files.readString(DOCUMENT);
        io.github.wsicopy.core.model.Reason why = io.github.wsicopy.core.model.Reason
                .of(io.github.wsicopy.core.model.ReasonCode.BYOL_NOT_ENABLED)
                .with("image", "wsi-abc123def").with("region", "eu-west-1").build();
        java.time.Instant now = java.time.Instant.parse("2026-01-01T00:00:00Z");
        Map<String, Object> task = Views.task(io.github.wsicopy.core.store.CopyTask.skipped("job-1", "wsi-abc123def",
                "us-east-1", "222222222222", "eu-west-1", why, now));
        assertEquals(Map.of("image", "wsi-abc123def", "region", "eu-west-1"), task.get("reasonParams"));
        assertEquals(why.text(), task.get("reason"));
        String taskSchema = schema(document, "    Task:\n", "    ");
        task.keySet().forEach(k -> assertTrue(taskSchema.contains("\n        " + k + ":"), k + " is not in the Task schema"));

        Map<String, Object> plan = Views.plan(new io.github.wsicopy.core.model.Plan(List.of(),
                List.of(new io.github.wsicopy.core.model.Rejection("wsi-abc123def", "222222222222", "eu-west-1", why))));
        @SuppressWarnings("unchecked")
        Map<String, Object> rejection = ((List<Map<String, Object>>) plan.get("rejections")).get(0);
        assertEquals(why.params(), rejection.get("reasonParams"));
        String rejections = schema(document, "        rejections:\n", "        ");
        rejection.keySet().forEach(k -> assertTrue(rejections.contains("\n              " + k + ":"),
                k + " is not in the Plan's rejections"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDryRunsAfterCopyPreviewIsDocumentedMemberByMember() throws IOException {
        String document = Files.readString(DOCUMENT);
        var preview = new io.github.wsicopy.core.finish.AfterCopyPreview.TargetPreview("222222222222", "eu-west-1",
                List.of(new io.github.wsicopy.core.finish.AfterCopyPreview.Deletion("wsi-old000001", "golden-v1",
                        "request/golden", "deleted: ...")),
                List.of(new io.github.wsicopy.core.finish.AfterCopyPreview.BundleChange("golden", "update",
                        java.util.Optional.of("wsb-abcdefgh1"), java.util.Optional.of("a note"))),
                List.of(new io.github.wsicopy.core.finish.AfterCopyPreview.ParameterWrite("/golden/golden",
                        "wsi-abc123def")),
                java.util.Optional.of("a problem"));
        Map<String, Object> target = (Map<String, Object>) Views.afterCopy(List.of(preview)).get(0);
        String schema = schema(document, "        afterCopy:\n", "        ");
        target.keySet().forEach(k -> assertTrue(schema.contains("\n              " + k + ":"),
                k + " is not in the Plan's afterCopy"));
        for (String list : List.of("deletes", "bundles", "parameters")) {
            Map<String, Object> item = ((List<Map<String, Object>>) target.get(list)).get(0);
            String items = schema(schema, "              " + list + ":\n", "              ");
            item.keySet().forEach(k -> assertTrue(items.contains("\n                    " + k + ":"),
                    k + " of " + list + " is not in the Plan's afterCopy"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theJobsAfterCopyResultsAreDocumentedMemberByMember() throws IOException {
        String document = Files.readString(DOCUMENT);
        List<io.github.wsicopy.core.finish.FinishResult> results = List.of(
                new io.github.wsicopy.core.finish.FinishResult.ImageDeleted("222222222222", "eu-west-1",
                        "wsi-old000001", "request/golden", "deleted: ..."),
                new io.github.wsicopy.core.finish.FinishResult.ImageKept("222222222222", "eu-west-1",
                        "wsi-old000002", "request/golden", "kept: ..."),
                new io.github.wsicopy.core.finish.FinishResult.BundleRolledOut("222222222222", "eu-west-1", "golden",
                        "wsb-abcdefgh1", "wsi-new000001", true),
                new io.github.wsicopy.core.finish.FinishResult.ParameterWritten("222222222222", "eu-west-1",
                        "/golden/golden", 3, "wsi-new000001"),
                new io.github.wsicopy.core.finish.FinishResult.Failed("222222222222", "eu-west-1",
                        io.github.wsicopy.core.finish.FinishResult.Subject.bundle("other"),
                        java.util.Optional.of("wsi-new000001"), "a sentence"));
        Map<String, Object> json = io.github.wsicopy.core.workflow.JobReport.afterCopy(results);
        String schema = schema(document, "    AfterCopyResults:\n", "    ");
        json.forEach((k, v) -> {
            assertTrue(schema.contains("\n        " + k + ":"), k + " is not in AfterCopyResults");
            if (v instanceof List<?> list) {
                assertEquals(1, list.size(), k);
                String items = schema(schema, "        " + k + ":\n", "        ");
                ((Map<String, Object>) list.get(0)).keySet().forEach(m -> assertTrue(
                        items.contains("\n              " + m + ":"), m + " of " + k + " is not in AfterCopyResults"));
            }
        });
    }

    @Test
    void theReaderFindsOperationsAndStatusesInTheDocumentsLayout() {
        List<String> lines = List.of("openapi: 3.0.3", "paths:", "  /a/{id}:", "    get:", "      responses:",
                "        \"200\": { $ref: x }", "        \"404\":", "    post:", "      responses:", "        \"202\":",
                "components:", "  /not-a-path:", "    get:");
        assertEquals(Map.of("GET /a/{id}", Set.of(200, 404), "POST /a/{id}", Set.of(202)), documented(lines));
    }
}
