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

    @Test
    void theReaderFindsOperationsAndStatusesInTheDocumentsLayout() {
        List<String> lines = List.of("openapi: 3.0.3", "paths:", "  /a/{id}:", "    get:", "      responses:",
                "        \"200\": { $ref: x }", "        \"404\":", "    post:", "      responses:", "        \"202\":",
                "components:", "  /not-a-path:", "    get:");
        assertEquals(Map.of("GET /a/{id}", Set.of(200, 404), "POST /a/{id}", Set.of(202)), documented(lines));
    }
}
