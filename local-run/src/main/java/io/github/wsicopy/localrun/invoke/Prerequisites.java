package io.github.wsicopy.localrun.invoke;

import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.workflow.JobValidator;
import io.github.wsicopy.core.workflow.RegionProgress;
import io.github.wsicopy.core.workflow.contract.FinishInput;
import io.github.wsicopy.core.workflow.contract.NotifyInput;
import io.github.wsicopy.core.workflow.contract.RegionInput;
import io.github.wsicopy.core.workflow.contract.WorkflowContract;
import io.github.wsicopy.localrun.lambda.Events;
import io.github.wsicopy.localrun.lambda.LambdaInvoker;
import io.github.wsicopy.localrun.template.SamTemplate;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A sample event for a later step needs what the earlier steps leave in the table. Before invoking the
 * function, this runs, through the invoke server, what the workflow would have run before it for the same job:
 * <ul>
 *   <li>validate: nothing;</li>
 *   <li>copy: the validate sample of {@code events/} whose execution name is the event's job; for the finishing
 *   step's event ({@code "finish": true}), that, then the event's target driven to DONE;</li>
 *   <li>poll-status: that, then copy for the event's Region;</li>
 *   <li>notify (without an error): that, then every Region of the job driven to DONE as the state machine's
 *   loop would (its waits pass in virtual time) and finished (FinishTarget); notify with an error (the failure
 *   path): the validation only.</li>
 * </ul>
 */
final class Prerequisites {
    /** A Region loop that has not ended after this many steps is broken; stop rather than spin. */
    private static final int MAX_LOOP_STEPS = 200;

    private final SamTemplate template;
    private final LambdaInvoker lambda;
    private final Path events;
    private final PrintStream log;

    Prerequisites(SamTemplate template, LambdaInvoker lambda, Path events, PrintStream log) {
        this.template = template;
        this.lambda = lambda;
        this.events = events;
        this.log = log;
    }

    void runBefore(SamTemplate.FunctionSpec function, Map<String, Object> event) {
        String step = function.shortName();
        if (step.equals("validate")) {
            return;
        }
        Optional<String> jobId = Events.jobOf(event);
        if (jobId.isEmpty()) {
            log.println("invoke: the event names no job; running it alone");
            return;
        }
        Optional<Path> validation = validationSample(jobId.get());
        if (validation.isEmpty()) {
            log.println("invoke: no validate sample in " + events + " creates job " + jobId.get() + "; running the event alone");
            return;
        }
        JobValidator.Result validated = JobValidator.Result.read(
                call("validate", events.relativize(validation.get()).toString(), read(validation.get())));
        switch (step) {
            case "poll-status" -> call(WorkflowContract.START_COPIES.function(), "{jobId, targets} of the event",
                    RegionInput.read(event).toJson());
            case "copy" -> {
                if (FinishInput.isFinish(event)) {
                    driveRegion(RegionInput.first(jobId.get(), FinishInput.read(event).targets()));
                }
            }
            case "notify" -> {
                if (!NotifyInput.read(event).error().isPresent()) {
                    validated.batches().forEach(batch -> {
                        driveRegion(RegionInput.first(jobId.get(), batch));
                        call(WorkflowContract.FINISH_TARGET.function(), "FinishTarget of " + describe(batch),
                                FinishInput.of(jobId.get(), batch).toJson());
                    });
                }
            }
            default -> { }
        }
    }

    private static String describe(java.util.List<io.github.wsicopy.core.model.Target> batch) {
        return batch.size() == 1 ? batch.get(0).region() : batch.size() + " targets";
    }

    /**
     * Runs one batch's loop until DONE: the first step is StartCopies, then each answer's {@link NextStep} names
     * the next task state ({@link io.github.wsicopy.core.workflow.NextStep}; the ASL's Route state agrees with it:
     * WorkflowContractTest).
     */
    private void driveRegion(RegionInput item) {
        Map<String, Integer> calls = new LinkedHashMap<>();
        WorkflowContract.State state = WorkflowContract.START_COPIES;
        Map<String, Object> input = item.toJson();
        RegionProgress progress = null;
        for (int i = 0; i < MAX_LOOP_STEPS && state != null; i++) {
            calls.merge(state.function(), 1, Integer::sum);
            progress = RegionProgress.read(invoke(state.function(), state.name() + " in the " + describe(item.targets()) + " loop", input));
            input = progress.toJson();
            state = progress.next().taskState().flatMap(WorkflowContract::taskState).orElse(null);
        }
        if (state != null) {
            throw new IllegalStateException("the loop of " + describe(item.targets()) + " did not end: " + progress);
        }
        log.println("invoke: before: " + describe(item.targets()) + " loop " + calls + " -> " + summary(input));
    }

    private Map<String, Object> call(String step, String what, Map<String, Object> event) {
        Map<String, Object> out = invoke(step, what, event);
        log.println("invoke: before: " + template.function(step).logicalId() + " (" + what + ") -> " + summary(out));
        return out;
    }

    private Map<String, Object> invoke(String step, String what, Map<String, Object> event) {
        SamTemplate.FunctionSpec function = template.function(step);
        LambdaInvoker.Response response = lambda.invoke(function.logicalId(), event);
        if (!response.ok()) {
            throw new IllegalStateException("the earlier step " + step + " (" + what + ") failed: " + response.payload());
        }
        return response.payloadObject();
    }

    private Optional<Path> validationSample(String jobId) {
        try (Stream<Path> files = Files.list(events)) {
            return files.filter(f -> f.getFileName().toString().startsWith("validate") && f.toString().endsWith(".json"))
                    .sorted()
                    .filter(f -> Events.jobOf(read(f)).map(jobId::equals).orElse(false))
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + events, e);
        }
    }

    static Map<String, Object> read(Path file) {
        try {
            return Json.parseObject(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String summary(Map<String, Object> out) {
        Map<String, Object> brief = new LinkedHashMap<>();
        for (String key : List.of("state", "next", "pending", "copying", "finished", "hasWork",
                "imagesDeleted", "bundles", "parameters", "failed")) {
            if (out.containsKey(key)) {
                brief.put(key, out.get(key));
            }
        }
        return Json.write(brief);
    }
}
