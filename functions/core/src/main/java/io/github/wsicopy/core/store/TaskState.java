package io.github.wsicopy.core.store;

import java.util.Locale;

/** PENDING → STARTING → COPYING → SUCCEEDED | FAILED, plus SKIPPED (with a reason) and CANCELLED. */
public enum TaskState {
    PENDING, STARTING, COPYING, SUCCEEDED, FAILED, SKIPPED, CANCELLED;

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == SKIPPED || this == CANCELLED;
    }

    /** Name of the job item's counter attribute for this state. */
    public String counter() {
        return name().toLowerCase(Locale.ROOT);
    }
}
