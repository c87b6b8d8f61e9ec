package io.github.wsicopy.customresource;

import java.time.Duration;

/** Waiting between polls inside one invocation; tests move a virtual clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration);

    Sleeper REAL = duration -> {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the copy", e);
        }
    };
}
