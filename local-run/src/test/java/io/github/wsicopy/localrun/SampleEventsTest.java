package io.github.wsicopy.localrun;

import io.github.wsicopy.core.testing.Jobs;
import static io.github.wsicopy.customresource.testing.ExpectedResponse.attributes;
import static io.github.wsicopy.customresource.testing.ExpectedResponse.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.wsicopy.api.ApiHandler;
import io.github.wsicopy.api.ApiSettings;
import io.github.wsicopy.copy.CopyHandler;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.testing.Invariants;
import io.github.wsicopy.core.testing.Invoke;
import io.github.wsicopy.core.testing.TestStack;
import io.github.wsicopy.core.cloudformation.ResourceEvent;
import io.github.wsicopy.customresource.testing.ProviderHarness;
import io.github.wsicopy.local.workspaces.EmulatedImage;
import io.github.wsicopy.local.workspaces.EmulatorConfig;
import io.github.wsicopy.localrun.invoke.SampleFleet;
import io.github.wsicopy.notify.NotifyHandler;
import io.github.wsicopy.poll.PollStatusHandler;
import io.github.wsicopy.validate.ValidateHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every file in events/ goes through its handler, in workflow order, against the local stack seeded with the
 * images the events name: the samples a user passes to {@code sam local invoke -e} must work.
 */
class SampleEventsTest {
    private static final Path EVENTS = Path.of(System.getProperty("wsicopy.events", "../events"));

    /** Workflow order; each sample's handler is named by the start of its file name. */
    private static final List<String> ORDER = List.of(
            "validate.json", "validate-invalid-request.json", "validate-schedule.json",
            "api-create-job.json", "api-dry-run.json", "api-plan.json", "api-list-jobs.json", "api-get-job.json",
            "api-list-tasks.json", "api-cancel-job.json", "notify-execution-stopped.json",
            "copy.json", "poll-status.json", "finish-target.json", "notify.json", "notify-failure.json",
            "api-retry-job.json", "custom-resource-create.json", "custom-resource-update.json",
            "custom-resource-delete.json");

    /** The status each API sample is answered with. */
    private static final Map<String, Integer> API_STATUS = Map.of(
            "api-create-job.json", 202, "api-dry-run.json", 200, "api-plan.json", 200, "api-list-jobs.json", 200,
            "api-get-job.json", 200, "api-list-tasks.json", 200, "api-cancel-job.json", 200,
            "api-retry-job.json", 202);

    private TestStack stack;
    private Components components;

    @BeforeEach
    void seed() {
        stack = TestStack.start(EmulatorConfig.defaults().withRateLimit(0, 0));
        SampleFleet.seed(stack.emulator, TestStack.ACCOUNT);
        // One copy fails, so the sample job has a FAILED task for api-retry-job.json to retry.
        stack.emulator.markCopyFailure("wsi-0golden02", "InternalServiceError", "the copy failed");
        components = stack.components();
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    /** The custom-resource samples go through {@link #theCustomResourceSamplesAnswerCloudFormation()}. */
    private RequestStreamHandler handlerFor(String file) {
        Map<String, Function<Components, RequestStreamHandler>> handlers = Map.of(
                "validate", ValidateHandler::new, "copy", CopyHandler::new, "finish-target", CopyHandler::new,
                "poll-status", PollStatusHandler::new, "notify", NotifyHandler::new,
                "api", c -> new ApiHandler(c, ApiSettings.from(stack.environment(Map.of()))));
        return handlers.entrySet().stream()
                .filter(e -> file.equals(e.getKey() + ".json") || file.startsWith(e.getKey() + "-"))
                .findFirst().orElseThrow(() -> new AssertionError("no handler for events/" + file)).getValue()
                .apply(components);
    }

    private Map<String, Object> run(String file) throws IOException {
        return Invoke.handler(handlerFor(file), Files.readString(EVENTS.resolve(file)));
    }

    @Test
    void everySampleEventIsCoveredHere() throws IOException {
        try (Stream<Path> files = Files.list(EVENTS)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(ORDER.stream().sorted().toList(), names, "add new sample events to ORDER");
        }
    }

    @Test
    void theSamplesRunThroughTheirHandlersInWorkflowOrder() throws IOException {
        Map<String, Object> validated = run("validate.json");
        assertEquals("sample-job-0001", validated.get("jobId"));
        assertEquals(Boolean.TRUE, validated.get("hasWork"));
        CopyTask byolInTokyo = stack.store().tasks("sample-job-0001", Jobs.own("ap-northeast-1")).stream()
                .filter(t -> t.sourceImageId().equals("wsi-00byol001")).findFirst().orElseThrow();
        assertEquals(ReasonCode.BYOL_NOT_ENABLED, byolInTokyo.reasonCode().orElseThrow());

        Map<String, Object> invalid = run("validate-invalid-request.json");
        assertEquals("FAILED", invalid.get("state"));

        Map<String, Object> scheduled = run("validate-schedule.json");
        assertEquals("RUNNING", scheduled.get("state"), "the policy selected wsi-0golden01 for ap-southeast-2");
        assertEquals(List.of("ap-southeast-2"), io.github.wsicopy.core.testing.Jobs.regionsOf(scheduled));

        for (String api : ORDER.stream().filter(f -> f.startsWith("api-") && !f.equals("api-retry-job.json")).toList()) {
            assertEquals(API_STATUS.get(api), ((Number) run(api).get("statusCode")).intValue(), api);
        }
        assertEquals(1, stack.stepFunctions.executions().size(), "api-create-job.json started one execution");
        assertEquals("CANCELLED", stack.store().job("sample-schedule-run-0001").orElseThrow().state().name(),
                "api-cancel-job.json cancelled the scheduled run");
        Map<String, Object> stopped = run("notify-execution-stopped.json");
        assertEquals("CANCELLED", stopped.get("state"), "the stop event of the cancelled run");
        assertEquals(1, stack.sink.messages().size(), "the cancelled run was notified");

        Map<String, Object> copied = run("copy.json");
        assertEquals("WAIT_THEN_POLL", copied.get("next"));
        assertEquals(3L, ((Number) copied.get("copying")).longValue());

        stack.clock.advance(Duration.ofMinutes(31));
        Map<String, Object> polled = run("poll-status.json");
        assertEquals("DONE", polled.get("next"));
        assertEquals(3L, ((Number) polled.get("finished")).longValue());

        // The target's copies are final: its finishing step (the sample job asks for no after-copy work).
        Map<String, Object> finished = run("finish-target.json");
        assertEquals(Map.of("jobId", "sample-job-0001", "targets", List.of(Map.of("account", TestStack.ACCOUNT,
                "region", "eu-west-1")), "notFinal", false, "failed", 0), Map.of("jobId", finished.get("jobId"),
                "targets", finished.get("targets"), "notFinal", finished.get("notFinal"),
                "failed", ((Number) finished.get("failed")).intValue()));

        Map<String, Object> notified = run("notify.json");
        assertTrue(List.of("SUCCEEDED", "PARTIALLY_SUCCEEDED").contains(notified.get("state")), notified.toString());
        Map<String, Object> failure = run("notify-failure.json");
        assertEquals("FAILED", failure.get("state"));
        Map<String, Object> retried = run("api-retry-job.json");
        assertEquals(API_STATUS.get("api-retry-job.json"), ((Number) retried.get("statusCode")).intValue(), retried.toString());
        assertEquals(2, stack.stepFunctions.executions().size(), "api-retry-job.json started the retry");

        assertEquals(3, stack.sink.messages().size());
        assertFalse(stack.sink.events().isEmpty());
        Invariants.noDuplicateCopies(stack, List.of("eu-west-1", "ap-northeast-1"));
        Invariants.countersMatchTasks(stack.store(), "sample-job-0001");
        Invariants.allTasksFinalWithReasons(stack.store(), "sample-job-0001");
    }

    /**
     * The custom-resource samples in the order CloudFormation sends them for a stack that creates the resource,
     * then changes its DestinationImageName: Create, Update (a replacement), and the Delete of the replaced copy.
     * Their response URLs point at a loopback server instead of S3, and the copy id the samples carry
     * ({@value #SAMPLE_COPY_ID}, which the emulator cannot make on purpose) becomes the id the Create really got.
     */
    @Test
    void theCustomResourceSamplesAnswerCloudFormation() throws IOException {
        try (ProviderHarness cfn = new ProviderHarness(stack)) {
            Map<String, Object> create = sample(cfn, "custom-resource-create.json", null);
            cfn.deliverAndRun(create);
            String first = stack.emulator.images(TestStack.ACCOUNT, "eu-west-1").get(0).imageId();
            assertEquals(body(create, "SUCCESS", "copied wsi-0golden01 from us-east-1 to eu-west-1 as " + first
                    + " (golden-2026-11), AVAILABLE; job " + ResourceEvent.parse(create).jobId(), first,
                    attributes(first, "eu-west-1", "AVAILABLE")), cfn.onlyResponse(create).body());

            Map<String, Object> update = sample(cfn, "custom-resource-update.json", first);
            cfn.deliverAndRun(update);
            String second = stack.emulator.images(TestStack.ACCOUNT, "eu-west-1").stream().map(EmulatedImage::imageId)
                    .filter(id -> !id.equals(first)).findFirst().orElseThrow();
            assertEquals(body(update, "SUCCESS", "copied wsi-0golden01 from us-east-1 to eu-west-1 as " + second
                    + " (golden-2026-12), AVAILABLE; job " + ResourceEvent.parse(update).jobId(), second,
                    attributes(second, "eu-west-1", "AVAILABLE")), cfn.onlyResponse(update).body());

            Map<String, Object> delete = sample(cfn, "custom-resource-delete.json", first);
            cfn.deliver(delete);
            assertEquals(body(delete, "SUCCESS", "deleted " + first + " in eu-west-1", first, Map.of()),
                    cfn.onlyResponse(delete).body());

            assertEquals(List.of(second), stack.emulator.images(TestStack.ACCOUNT, "eu-west-1").stream()
                    .map(EmulatedImage::imageId).toList(), "the replacement is left, the replaced copy is gone");
            assertEquals(3, cfn.responses.puts().size(), "one answer per request");
        }
    }

    private static final String SAMPLE_COPY_ID = "wsi-0eucopy0001";

    private Map<String, Object> sample(ProviderHarness cfn, String file, String copyId) throws IOException {
        String text = Files.readString(EVENTS.resolve(file));
        if (copyId != null) {
            text = text.replace(SAMPLE_COPY_ID, copyId);
        }
        return cfn.requests.answeredHere(Json.parseObject(text));
    }
}
