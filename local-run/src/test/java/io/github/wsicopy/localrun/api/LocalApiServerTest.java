package io.github.wsicopy.localrun.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.testing.LocalDynamo;
import io.github.wsicopy.local.notifications.NotificationSink;
import io.github.wsicopy.local.stepfunctions.StepFunctionsEmulator;
import io.github.wsicopy.localrun.sfn.ExecutionResult;
import io.github.wsicopy.localrun.sfn.Timing;
import io.github.wsicopy.localrun.stack.StackOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local API server over plain HTTP, as curl uses it: a job submitted there runs to its end through the real
 * state machine in the interpreter, and a job cancelled there stops its execution and is announced once.
 */
class LocalApiServerTest {
    private static final Path ROOT = Path.of(System.getProperty("wsicopy.root", "..")).toAbsolutePath().normalize();
    private static final List<String> ENDED = List.of("SUCCEEDED", "PARTIALLY_SUCCEEDED", "FAILED", "CANCELLED");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalApiServer server;
    private static Writer log;

    @BeforeAll
    static void start() throws IOException {
        Path logs = ROOT.resolve("local-run/target/e2e-logs");
        Files.createDirectories(logs);
        log = Files.newBufferedWriter(logs.resolve("local-api-server.log"), StandardCharsets.UTF_8);
        // Waits of 300 ms: a copy's half hour of polling lasts a few seconds, long enough to cancel it.
        server = LocalApiServer.start(StackOptions.defaults(ROOT).withDynamoEndpoint(LocalDynamo.endpoint())
                .withLog(LocalApiServerTest::log), 0, new Timing(300, 200));
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        log.close();
    }

    private static synchronized void log(String line) {
        try {
            log.write(line);
            log.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    private static String submit(String body) throws IOException, InterruptedException {
        HttpResponse<String> created = send("POST", "/jobs", body);
        assertEquals(202, created.statusCode(), created.body());
        String jobId = (String) Json.parseObject(created.body()).get("jobId");
        assertEquals(server.endpoint() + "/jobs/" + jobId, created.headers().firstValue("location").orElseThrow());
        return jobId;
    }

    /** GETs the job until {@code until} holds (or a minute passed); the last answer. */
    private static Map<String, Object> follow(String jobId, Predicate<Map<String, Object>> until) throws Exception {
        Map<String, Object> job = Map.of();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            job = Json.parseObject(send("GET", "/jobs/" + jobId, null).body());
            if (until.test(job)) {
                break;
            }
            Thread.sleep(50);
        }
        return job;
    }

    private static void awaitCondition(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), "timed out waiting for " + what);
            Thread.sleep(50);
        }
    }

    private static Map<String, Long> invocations() {
        return server.stack().lambda.invocations();
    }

    private static long delta(Map<String, Long> after, Map<String, Long> before, String function) {
        return after.getOrDefault(function, 0L) - before.getOrDefault(function, 0L);
    }

    @Test
    void aJobSubmittedOverHttpRunsToItsEndThroughTheStateMachine() throws Exception {
        Map<String, Long> before = invocations();
        String jobId = submit("""
                {"sourceRegion": "us-east-1", "imageIds": ["wsi-0golden01", "wsi-00byol001"],
                 "destinationRegions": ["eu-west-1", "ap-northeast-1"]}""");

        Map<String, Object> job = follow(jobId, j -> ENDED.contains(j.get("state")));

        assertEquals("PARTIALLY_SUCCEEDED", job.get("state"), job.toString());
        Map<?, ?> counts = (Map<?, ?>) job.get("counts");
        assertEquals(3, ((Number) counts.get("succeeded")).intValue(), counts.toString());
        assertEquals(1, ((Number) counts.get("skipped")).intValue(), "BYOL is not enabled in ap-northeast-1");
        HttpResponse<String> skipped = send("GET", "/jobs/" + jobId + "/tasks?state=SKIPPED", null);
        assertTrue(skipped.body().contains("BYOL_NOT_ENABLED"), skipped.body());

        // The interpreter ran the definition, its Tasks through the invoke server, and the stand-in heard its end.
        awaitCondition("the interpreter's result", () -> server.result(jobId).isPresent());
        ExecutionResult result = server.result(jobId).orElseThrow();
        assertTrue(result.succeeded(), result.toJson().toString());
        assertTrue(result.transitions().stateTransitions() > 5, result.transitions().toString());
        assertEquals(1, result.transitions().mapIterations(),
                "one Map iteration for the batch of both Regions' few copies (Batches): " + result.transitions());
        Map<String, Long> after = invocations();
        assertEquals(1, delta(after, before, "ValidateFunction"), after.toString());
        assertTrue(delta(after, before, "CopyFunction") >= 2, "StartCopies in both Regions: " + after);
        assertTrue(delta(after, before, "PollStatusFunction") >= 1, after.toString());
        assertEquals(1, delta(after, before, "NotifyFunction"), after.toString());
        assertFalse(server.interpreterRunning(jobId));
        StepFunctionsEmulator.Execution execution = execution(jobId);
        assertEquals(StepFunctionsEmulator.Status.SUCCEEDED, execution.status());
        assertEquals(1, notifications(jobId), "announced once, by the Notify state");
    }

    @Test
    void aJobCancelledWhileItRunsStopsItsExecutionAndIsAnnouncedOnce() throws Exception {
        Map<String, Long> before = invocations();
        String jobId = submit("""
                {"sourceRegion": "us-east-1", "imageIds": ["wsi-0golden01", "wsi-0golden02"],
                 "destinationRegions": ["eu-west-1", "ap-northeast-1"]}""");
        Map<String, Object> running = follow(jobId, j -> "RUNNING".equals(j.get("state")) || ENDED.contains(j.get("state")));
        assertEquals("RUNNING", running.get("state"), "the copies should take seconds: " + running);
        assertTrue(server.interpreterRunning(jobId), "the execution runs in the interpreter");

        HttpResponse<String> cancelled = send("POST", "/jobs/" + jobId + "/cancel", null);

        assertEquals(200, cancelled.statusCode(), cancelled.body());
        assertFalse(server.interpreterRunning(jobId), "the stop ended the interpreter's run before it answered");
        StepFunctionsEmulator.Execution execution = execution(jobId);
        assertEquals(StepFunctionsEmulator.Status.ABORTED, execution.status());
        assertEquals("CancelledByUser", execution.error().orElseThrow());
        Map<String, Object> job = follow(jobId, j -> ENDED.contains(j.get("state")));
        assertEquals("CANCELLED", job.get("state"), job.toString());

        // The ExecutionEnded rule's delivery: Notify with the ABORTED status change, which announces the job.
        awaitCondition("the job's notification", () -> messages(jobId) > 0);
        Thread.sleep(1500); // anything else on its way would arrive by now
        assertEquals(1, notifications(jobId), server.stack().sink.messages().toString());
        assertEquals(1, delta(invocations(), before, "NotifyFunction"), "the stop event only: the Notify state never ran");
        assertTrue(server.result(jobId).isEmpty(), "a stopped run has no result");
        assertEquals("CANCELLED", Json.parseObject(send("GET", "/jobs/" + jobId, null).body()).get("state"));
    }

    /** The job's execution as the stand-in reports it. */
    private static StepFunctionsEmulator.Execution execution(String jobId) {
        return server.stepFunctions().executions().stream().filter(e -> e.name().equals(jobId)).findFirst().orElseThrow();
    }

    private static long messages(String jobId) {
        return server.stack().sink.messages().stream().filter(m -> m.body().contains(jobId)).count();
    }

    /** Announcements of the job (once it has been announced): each is an SNS message and an EventBridge event. */
    private static long notifications(String jobId) {
        NotificationSink sink = server.stack().sink;
        long events = sink.events().stream().filter(e -> e.detail().contains(jobId)).count();
        assertEquals(messages(jobId), events, "an SNS message and an EventBridge event per announcement");
        return events;
    }

    @Test
    void theStatusChangeDeliveredToNotifyHasTheShapeOfTheSampleEvent() throws Exception {
        Map<String, Object> sample = Json.parseObject(Files.readString(ROOT.resolve("events/notify-execution-stopped.json")));
        String arn = server.stack().stateMachineArn().replace(":stateMachine:", ":execution:") + ":j-1";
        Instant started = Instant.parse("2026-11-02T06:00:00Z");
        StepFunctionsEmulator.Execution failed = new StepFunctionsEmulator.Execution(arn, server.stack().stateMachineArn(),
                "j-1", "{\"jobId\":\"j-1\"}", StepFunctionsEmulator.Status.FAILED, started,
                Optional.of(started.plusSeconds(90)), Optional.of("States.TaskFailed"), Optional.of("Notify failed"));

        Map<String, Object> event = server.statusChange(failed);

        assertEquals(sample.keySet(), event.keySet());
        Map<?, ?> detail = (Map<?, ?>) event.get("detail");
        assertEquals(((Map<?, ?>) sample.get("detail")).keySet(), detail.keySet());
        assertEquals(sample.get("detail-type"), event.get("detail-type"));
        assertEquals(sample.get("source"), event.get("source"));
        assertEquals(List.of(arn), event.get("resources"));
        assertEquals("j-1", detail.get("name"));
        assertEquals("FAILED", detail.get("status"));
        assertEquals(started.toEpochMilli(), detail.get("startDate"));
        assertEquals(started.plusSeconds(90).toEpochMilli(), detail.get("stopDate"));
        assertEquals("States.TaskFailed", detail.get("error"));
        assertEquals("Notify failed", detail.get("cause"));
        assertEquals("2026-11-02T06:01:30Z", event.get("time"));
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
