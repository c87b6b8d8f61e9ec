package io.github.wsicopy.localrun.e2e;

import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.testing.LocalDynamo;
import io.github.wsicopy.localrun.sfn.Execution;
import io.github.wsicopy.localrun.sfn.ExecutionResult;
import io.github.wsicopy.localrun.sfn.StateMachineRunner;
import io.github.wsicopy.localrun.sfn.Timing;
import io.github.wsicopy.localrun.stack.LocalStack;
import io.github.wsicopy.localrun.stack.StackOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One end-to-end run: a local stack (DynamoDB Local shared by the test JVM, a fresh table, a fresh emulator),
 * the real state machine in the interpreter, its Lambda calls served by the invoke server. The functions' log
 * goes to {@code local-run/target/e2e-logs/<name>.log}.
 */
final class WorkflowRun implements AutoCloseable {
    static final Path ROOT = Path.of(System.getProperty("wsicopy.root", "..")).toAbsolutePath().normalize();
    /** Far above what any scenario needs; only a hung run reaches it. */
    private static final Duration EXECUTION_TIMEOUT = Duration.ofMinutes(3);

    /** The execution's result and what the table holds afterwards. */
    record Finished(ExecutionResult result, Job job, List<CopyTask> tasks) {}

    final LocalStack stack;
    private final Writer log;

    /** {@code configure} adjusts the defaults: fast pacing, unthrottled emulator unless a scenario says otherwise. */
    WorkflowRun(String name, UnaryOperator<StackOptions> configure) {
        this(name, configure, Timing.fast());
    }

    WorkflowRun(String name, UnaryOperator<StackOptions> configure, Timing timing) {
        try {
            Path logs = ROOT.resolve("local-run/target/e2e-logs");
            Files.createDirectories(logs);
            this.log = Files.newBufferedWriter(logs.resolve(name + ".log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StackOptions options = StackOptions.defaults(ROOT)
                .withDynamoEndpoint(LocalDynamo.endpoint())
                .withEmulator(io.github.wsicopy.local.workspaces.EmulatorConfig.defaults().withRateLimit(0, 0))
                .withEnvironment(Map.of("START_RATE_PER_SECOND", "50"))
                .withLog(this::log)
                .withTiming(timing);
        this.stack = LocalStack.start(withBudgetOf(configure.apply(options)));
    }

    /**
     * The shared WorkSpaces budget plans with the emulator's limit (the template's 2/s, burst 5, against an
     * unlimited emulator would only slow the scenarios down), unless a scenario sets it.
     */
    private static StackOptions withBudgetOf(StackOptions options) {
        if (options.environment().containsKey("WORKSPACES_CALLS_PER_SECOND")) {
            return options;
        }
        boolean unlimited = options.emulator().ratePerSecond() == 0;
        return options.withEnvironment(Map.of(
                "WORKSPACES_CALLS_PER_SECOND", unlimited ? "1000" : Double.toString(options.emulator().ratePerSecond()),
                "WORKSPACES_BURST", unlimited ? "1000" : Integer.toString(options.emulator().burst())));
    }

    private synchronized void log(String line) {
        try {
            log.write(line);
            log.write('\n');
        } catch (IOException e) {
            // A test log that cannot be written must not fail the run.
        }
    }

    StateMachineRunner runner() {
        return stack.stateMachine();
    }

    /** Runs the state machine with {@code {"request": request}} as job {@code jobId} and waits for the end. */
    Finished run(String jobId, Map<String, Object> request) {
        return runInput(jobId, Map.of("request", request));
    }

    /**
     * Runs the state machine with {@code input} ({@code {"request"}}, {@code {"policy"}}, ...) as execution {@code jobId}
     * and waits for the end. Safe to call from several threads at once: each call is its own interpreter process.
     */
    Finished runInput(String jobId, Map<String, Object> input) {
        try (Execution execution = runner().start(jobId, input)) {
            ExecutionResult result = execution.await(EXECUTION_TIMEOUT);
            log("execution " + jobId + ": " + result.toJson());
            return new Finished(result, stack.store().job(jobId).orElseThrow(
                    () -> new AssertionError("no job " + jobId + " in the table; runner said:\n" + execution.diagnostics())),
                    stack.store().tasks(jobId));
        }
    }

    /**
     * Starts every execution of {@code inputs} (execution name → input) at the same moment, each in its own interpreter
     * process against this one stack, and waits for them all.
     */
    java.util.Map<String, Finished> runAtOnce(java.util.Map<String, java.util.Map<String, Object>> inputs) {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(inputs.size());
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        try {
            java.util.Map<String, java.util.concurrent.Future<Finished>> running = new java.util.LinkedHashMap<>();
            inputs.forEach((jobId, input) -> running.put(jobId, pool.submit(() -> {
                go.await();
                return runInput(jobId, input);
            })));
            go.countDown();
            java.util.Map<String, Finished> finished = new java.util.LinkedHashMap<>();
            for (java.util.Map.Entry<String, java.util.concurrent.Future<Finished>> r : running.entrySet()) {
                finished.put(r.getKey(), r.getValue().get());
            }
            return finished;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("an execution broke: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public void close() {
        try {
            stack.close();
        } finally {
            try {
                log.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}
