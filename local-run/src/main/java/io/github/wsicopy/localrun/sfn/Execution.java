package io.github.wsicopy.localrun.sfn;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One running execution: its Node process. {@link #close()} ends the process (and anything it started)
 * whatever state it is in, so a failed test or an interrupted demo leaves nothing behind.
 */
public final class Execution implements AutoCloseable {
    private static final String RESULT = "RESULT ";
    private static final int KEPT_LINES = 40;

    private final String name;
    private final Process process;
    private final AtomicReference<String> result = new AtomicReference<>();
    private final Deque<String> diagnostics = new ArrayDeque<>();
    private final Thread stdout;
    private final Thread stderr;

    Execution(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdout = StateMachineRunner.drain(process.getInputStream(), "asl-stdout-" + name, line -> {
            if (line.startsWith(RESULT)) {
                result.set(line.substring(RESULT.length()));
            } else {
                keep(line);
            }
        });
        this.stderr = StateMachineRunner.drain(process.getErrorStream(), "asl-stderr-" + name, this::keep);
    }

    public String name() {
        return name;
    }

    public boolean running() {
        return process.isAlive();
    }

    /** Waits for the execution to end; fails if it takes longer than {@code timeout} or the runner broke. */
    public ExecutionResult await(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new IllegalStateException("execution " + name + " did not end within " + timeout
                        + "; the runner said:\n" + diagnostics());
            }
            stdout.join(5_000);
            stderr.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while waiting for execution " + name, e);
        }
        String line = result.get();
        if (line == null) {
            throw new IllegalStateException("the state machine runner exited " + process.exitValue()
                    + " without a result for " + name + ":\n" + diagnostics());
        }
        return ExecutionResult.parse(line);
    }

    /** The runner's last lines of output other than the result (errors, warnings). */
    public synchronized String diagnostics() {
        return String.join("\n", diagnostics);
    }

    private synchronized void keep(String line) {
        diagnostics.addLast(line);
        if (diagnostics.size() > KEPT_LINES) {
            diagnostics.removeFirst();
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
