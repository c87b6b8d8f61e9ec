package io.github.wsicopy.localrun;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.wsicopy.copy.CopyHandler;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.notify.NotifyHandler;
import io.github.wsicopy.poll.PollStatusHandler;
import io.github.wsicopy.validate.ValidateHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One execution's steps in the state machine's order, in-process: Validate, then per destination Region
 * StartCopies / Wait / PollStatus until DONE, then Notify. For tests (the schedule's); the real
 * definition (statemachine/bulk-copy.asl.json) is checked in its interpreter by scripts/smoke-asl.mjs.
 * No retries and no failure path: a step that throws ends the run (the state machine retries it, then ends only
 * that Region's open tasks through the copy function's RegionFailed input {@code {jobId, region, step, error}}).
 */
public final class LocalWorkflow {
    private static final int MAX_STEPS_PER_REGION = 10_000;

    private final RequestStreamHandler validate;
    private final RequestStreamHandler copy;
    private final RequestStreamHandler poll;
    private final RequestStreamHandler notify;
    private final Consumer<Duration> waiting;

    /** @param waiting what a Wait state does: sleep, or advance a virtual clock */
    public LocalWorkflow(Components components, Consumer<Duration> waiting) {
        this.validate = new ValidateHandler(components);
        this.copy = new CopyHandler(components);
        this.poll = new PollStatusHandler(components);
        this.notify = new NotifyHandler(components);
        this.waiting = waiting;
    }

    /** Runs an execution from its input ({@code {"jobId"}}, {@code {"request"}} or {@code {"policy"}}); Notify's output. */
    public Map<String, Object> run(Map<String, Object> executionInput, String executionName) {
        return afterValidate(invoke(validate, Map.of("input", executionInput, "executionName", executionName)));
    }

    /** The Region loops and Notify, given Validate's output {@code {jobId, regions, hasWork, ...}}. */
    public Map<String, Object> afterValidate(Map<String, Object> validated) {
        String jobId = (String) validated.get("jobId");
        if (Boolean.TRUE.equals(validated.get("hasWork"))) {
            for (Object region : (List<?>) validated.get("regions")) {
                copyRegion(jobId, (String) region);
            }
        }
        return invoke(notify, Map.of("jobId", jobId, "executionName", jobId));
    }

    private void copyRegion(String jobId, String region) {
        Map<String, Object> state = invoke(copy, Map.of("jobId", jobId, "region", region));
        for (int step = 0; !"DONE".equals(state.get("next")); step++) {
            if (step >= MAX_STEPS_PER_REGION) {
                throw new IllegalStateException("the Region loop of " + jobId + " in " + region + " did not end: " + state);
            }
            String next = (String) state.get("next");
            if (!"START".equals(next)) {
                waiting.accept(Duration.ofSeconds(((Number) state.get("nextWaitSeconds")).longValue()));
            }
            state = invoke("WAIT_THEN_POLL".equals(next) ? poll : copy, state);
        }
    }

    static Map<String, Object> invoke(RequestStreamHandler handler, Map<String, Object> input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(Json.writeBytes(input)), out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Json.parseObject(new ByteArrayInputStream(out.toByteArray()));
    }
}
