package io.github.wsicopy.localrun.demo;

import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Stops what the demo (or a bench) started (the Node process, the servers) if the JVM is told to stop (Ctrl-C, kill)
 * before the demo stops them itself; last started, first stopped.
 */
public final class StopOnExit implements AutoCloseable {
    private final Deque<AutoCloseable> running = new ConcurrentLinkedDeque<>();
    private final Thread hook = new Thread(this::stopAll, "demo-stop");

    public StopOnExit() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public <T extends AutoCloseable> T guard(T resource) {
        running.push(resource);
        return resource;
    }

    private void stopAll() {
        for (AutoCloseable resource = running.poll(); resource != null; resource = running.poll()) {
            try {
                resource.close();
            } catch (Exception e) {
                // On the way out: stop the rest anyway.
            }
        }
    }

    /** The demo ended normally and stopped everything itself. */
    @Override
    public void close() {
        running.clear();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook runs.
        }
    }
}
