package io.github.wsicopy.core.workflow;

import io.github.wsicopy.core.TransientFailure;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.model.Target;
import io.github.wsicopy.core.workflow.JobFinisher.WorkflowError;
import io.github.wsicopy.core.workspaces.CallDeadline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one step's work for each target of a batch, side by side: each target has its own (account, Region) rate
 * budget, so one after the other would add their waits up. A target's failure is its own: the others' work is done
 * and kept whatever it threw. What a target threw is handed back, for the step to settle per target (a failure for
 * good ends that target only, {@link RegionFailure}); what passes is thrown once for the whole step, as a
 * {@link TransientFailure} that names its targets ({@link #failedTargets}), so the step's Retry runs the batch again
 * (the other targets' work is done and repeats as nothing) and, should it give up, only the named targets fail.
 */
public final class BatchRunner {
    /** A marker at the start of a batch failure's message: which targets it was. Read back by {@link #failedTargets}. */
    private static final Pattern NAMED = Pattern.compile("\\[targets ((?:\\d{12}/[-0-9a-z]{1,31} ?)+)\\] ?");

    private BatchRunner() {}

    /** What a target's work came to. */
    public sealed interface Outcome<R> {
        Target target();
    }

    public record Done<R>(Target target, R value) implements Outcome<R> {}

    public record Failed<R>(Target target, RuntimeException error) implements Outcome<R> {}

    /** Runs {@code work} for every target, side by side (on the calling thread for a batch of one); in batch order. */
    public static <R> List<Outcome<R>> run(List<Target> batch, Function<Target, R> work) {
        if (batch.size() == 1) {
            return List.of(attempt(batch.get(0), work));
        }
        ExecutorService threads = Executors.newFixedThreadPool(Math.min(batch.size(), Batches.MAX_TARGETS), runnable -> {
            Thread thread = new Thread(runnable, "wsicopy-target");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<CompletableFuture<Outcome<R>>> running = new ArrayList<>(batch.size());
            for (Target target : batch) {
                running.add(CompletableFuture.supplyAsync(CallDeadline.carried(() -> attempt(target, work)), threads));
            }
            List<Outcome<R>> outcomes = new ArrayList<>(batch.size());
            for (CompletableFuture<Outcome<R>> each : running) {
                try {
                    outcomes.add(each.join());
                } catch (CompletionException e) {
                    if (e.getCause() instanceof Error error) {
                        throw error; // attempt() catches every RuntimeException: only an Error gets here
                    }
                    throw e;
                }
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }

    private static <R> Outcome<R> attempt(Target target, Function<Target, R> work) {
        try {
            return new Done<>(target, work.apply(target));
        } catch (RuntimeException e) {
            return new Failed<>(target, e);
        }
    }

    /**
     * The step's answer when no target's failure passes: each target's value, a target that failed for good settled by
     * {@code settle} (which answers for it); otherwise the {@link TransientFailure} that names the targets whose
     * failure passes, thrown after every other target's work was done. A batch of one throws its target's own failure,
     * whatever it is: the whole step is that target, and the state machine's Retry and Catch settle it as they did
     * before there were batches.
     */
    public static <R> List<R> settle(List<Outcome<R>> outcomes, BiFunction<Target, RuntimeException, R> settle) {
        if (outcomes.size() == 1 && outcomes.get(0) instanceof Failed<R> failed) {
            throw failed.error();
        }
        Map<Target, TransientFailure> passing = new LinkedHashMap<>();
        List<R> values = new ArrayList<>(outcomes.size());
        for (Outcome<R> outcome : outcomes) {
            switch (outcome) {
                case Done<R> done -> values.add(done.value());
                case Failed<R> failed when failed.error() instanceof TransientFailure t -> passing.put(failed.target(), t);
                case Failed<R> failed -> values.add(settle.apply(failed.target(), failed.error()));
            }
        }
        if (!passing.isEmpty()) {
            throw transientIn(passing);
        }
        return values;
    }

    /** One TransientFailure for the targets whose failure passes, naming them first (the message keeps each one's). */
    static TransientFailure transientIn(Map<Target, TransientFailure> failures) {
        StringBuilder message = new StringBuilder("[targets");
        failures.keySet().forEach(t -> message.append(' ').append(t.account()).append('/').append(t.region()));
        message.append("] ");
        if (failures.size() == 1) {
            message.append(failures.values().iterator().next().getMessage()); // the marker names its target
        } else {
            List<String> each = new ArrayList<>();
            failures.forEach((target, failure) -> each.add("in " + target + ": " + failure.getMessage()));
            message.append(String.join("; ", each));
        }
        return new TransientFailure(message.toString(), failures.values().iterator().next());
    }

    /**
     * The targets a step's failure named ({@link #transientIn}), and the error with that marker taken out of its words;
     * no targets when it named none (the step failed as a whole: a timeout, the function stopping).
     */
    public static Named failedTargets(WorkflowError error) {
        // The runtime's errorMessage whole (WorkflowError.message shortens it, and 50 targets' marker is longer).
        String message = error.cause();
        if (message.strip().startsWith("{")) {
            try {
                if (Json.parse(message) instanceof Map<?, ?> json && json.get("errorMessage") instanceof String m) {
                    message = m;
                }
            } catch (RuntimeException notJson) {
                // free text: read as it is
            }
        }
        // Found wherever it is: a runtime may put the error's class name before the message.
        Matcher m = NAMED.matcher(message);
        if (!m.find()) {
            return new Named(List.of(), error);
        }
        List<Target> targets = new ArrayList<>();
        for (String each : m.group(1).strip().split(" ")) {
            int slash = each.indexOf('/');
            targets.add(new Target(each.substring(0, slash), each.substring(slash + 1)));
        }
        // The rest of the words, as the cause (WorkflowError reads free text as the message).
        String rest = message.substring(0, m.start()) + message.substring(m.end());
        return new Named(List.copyOf(targets), new WorkflowError(error.error(), rest));
    }

    /** The targets a failure named (none: all of the batch), and the failure in words without the marker. */
    public record Named(List<Target> targets, WorkflowError error) {
        /** The targets of {@code batch} this failure is about. */
        public List<Target> within(List<Target> batch) {
            List<Target> named = batch.stream().filter(targets::contains).toList();
            return named.isEmpty() ? batch : named;
        }
    }

    /** An exception in the Catch's words, for a target that failed for good inside a batch step. */
    public static WorkflowError asCaught(RuntimeException e) {
        Map<String, Object> cause = new LinkedHashMap<>();
        cause.put("errorMessage", Optional.ofNullable(e.getMessage()).orElse(""));
        cause.put("errorType", e.getClass().getName());
        return new WorkflowError(e.getClass().getName(), Json.write(cause));
    }
}
