package io.github.wsicopy.core.store;

/** SUBMITTED → VALIDATING → RUNNING → SUCCEEDED | PARTIALLY_SUCCEEDED | FAILED | CANCELLED. */
public enum JobState {
    SUBMITTED, VALIDATING, RUNNING, SUCCEEDED, PARTIALLY_SUCCEEDED, FAILED, CANCELLED;

    public boolean terminal() {
        return this == SUCCEEDED || this == PARTIALLY_SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
