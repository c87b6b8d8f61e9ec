package io.github.wsicopy.localrun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.wsicopy.copy.CopyHandler;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.testing.Invariants;
import io.github.wsicopy.core.testing.Invoke;
import io.github.wsicopy.core.testing.TestStack;
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
            "validate.json", "validate-invalid-request.json", "copy.json", "poll-status.json", "notify.json",
            "notify-failure.json");

    private TestStack stack;
    private Components components;

    @BeforeEach
    void seed() {
        stack = TestStack.start(EmulatorConfig.defaults().withRateLimit(0, 0));
        SampleFleet.seed(stack.emulator, TestStack.ACCOUNT);
        components = stack.components();
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    private RequestStreamHandler handlerFor(String file) {
        Map<String, Function<Components, RequestStreamHandler>> handlers = Map.of(
                "validate", ValidateHandler::new, "copy", CopyHandler::new,
                "poll-status", PollStatusHandler::new, "notify", NotifyHandler::new);
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
        CopyTask byolInTokyo = stack.store().tasks("sample-job-0001", "ap-northeast-1").stream()
                .filter(t -> t.sourceImageId().equals("wsi-00byol001")).findFirst().orElseThrow();
        assertEquals(ReasonCode.BYOL_NOT_ENABLED, byolInTokyo.reasonCode().orElseThrow());

        Map<String, Object> invalid = run("validate-invalid-request.json");
        assertEquals("FAILED", invalid.get("state"));

        Map<String, Object> copied = run("copy.json");
        assertEquals("WAIT_THEN_POLL", copied.get("next"));
        assertEquals(3L, ((Number) copied.get("copying")).longValue());

        stack.clock.advance(Duration.ofMinutes(31));
        Map<String, Object> polled = run("poll-status.json");
        assertEquals("DONE", polled.get("next"));
        assertEquals(3L, ((Number) polled.get("finished")).longValue());

        Map<String, Object> notified = run("notify.json");
        assertTrue(List.of("SUCCEEDED", "PARTIALLY_SUCCEEDED").contains(notified.get("state")), notified.toString());
        Map<String, Object> failure = run("notify-failure.json");
        assertEquals("FAILED", failure.get("state"));

        assertEquals(2, stack.sink.messages().size());
        assertFalse(stack.sink.events().isEmpty());
        Invariants.noDuplicateCopies(stack, List.of("eu-west-1", "ap-northeast-1"));
        Invariants.countersMatchTasks(stack.store(), "sample-job-0001");
        Invariants.allTasksFinalWithReasons(stack.store(), "sample-job-0001");
    }
}
