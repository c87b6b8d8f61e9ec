package io.github.wsicopy.core.workflow;

/** What the state machine does next for a Region; the Route choice state switches on it. */
public enum NextStep {
    /** More copies can start now. */
    START,
    /** Copies wait to start (throttled, or an earlier claim's lease has not run out): wait, then start. */
    WAIT_THEN_START,
    /** Copies are running: wait, then poll. */
    WAIT_THEN_POLL,
    /** Nothing left to do in this Region. */
    DONE
}
