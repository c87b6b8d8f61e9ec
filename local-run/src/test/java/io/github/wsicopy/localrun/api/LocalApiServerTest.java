package io.github.wsicopy.localrun.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local API server over plain HTTP, as curl uses it: a job submitted there runs to its end. */
class LocalApiServerTest {
    private static LocalApiServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = LocalApiServer.start(0, Duration.ofSeconds(1));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.endpoint() + path))
                .timeout(Duration.ofSeconds(30));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aJobSubmittedOverHttpRunsToItsEnd() throws Exception {
        HttpResponse<String> created = send("POST", "/jobs", """
                {"sourceRegion": "us-east-1", "imageIds": ["wsi-0golden01", "wsi-00byol001"],
                 "destinationRegions": ["eu-west-1", "ap-northeast-1"]}""");
        assertEquals(202, created.statusCode(), created.body());
        String jobId = (String) Json.parseObject(created.body()).get("jobId");
        assertEquals(server.endpoint() + "/jobs/" + jobId, created.headers().firstValue("location").orElseThrow());

        Map<String, Object> job = Map.of();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            job = Json.parseObject(send("GET", "/jobs/" + jobId, null).body());
            if (List.of("SUCCEEDED", "PARTIALLY_SUCCEEDED", "FAILED", "CANCELLED").contains(job.get("state"))) {
                break;
            }
            Thread.sleep(250);
        }
        assertEquals("PARTIALLY_SUCCEEDED", job.get("state"), job.toString());
        Map<?, ?> counts = (Map<?, ?>) job.get("counts");
        assertEquals(3, ((Number) counts.get("succeeded")).intValue(), counts.toString());
        assertEquals(1, ((Number) counts.get("skipped")).intValue(), "BYOL is not enabled in ap-northeast-1");

        HttpResponse<String> skipped = send("GET", "/jobs/" + jobId + "/tasks?state=SKIPPED", null);
        assertTrue(skipped.body().contains("BYOL_NOT_ENABLED"), skipped.body());
    }

    @Test
    void problemsComeBackAsProblemJson() throws Exception {
        HttpResponse<String> missing = send("GET", "/nothing", null);
        HttpResponse<String> plan = send("POST", "/plans", "{\"sourceRegion\": \"us-east-1\"}");

        assertEquals(404, missing.statusCode());
        assertEquals("application/problem+json", missing.headers().firstValue("content-type").orElseThrow());
        assertEquals(400, plan.statusCode());
        assertTrue(plan.body().contains("\"field\":\"imageIds\""), plan.body());
    }
}
