package io.github.wsicopy.core.workspaces;

import com.amazonaws.services.lambda.runtime.Context;

/**
 * The invocation's deadline, as far as WorkSpaces calls are concerned: waiting for a budget slot or retrying after
 * throttling stops this long before Lambda would end the invocation, so the step can still record what it did and
 * return (the state machine then retries it) instead of timing out. Per thread, since a local stack runs several
 * invocations of one function at once; a handler opens it for the invocation with try-with-resources.
 */
public final class CallDeadline implements AutoCloseable {
    /** Left to the invocation after the last WorkSpaces wait, for its DynamoDB writes and its answer. */
    static final long MARGIN_MILLIS = 10_000;
    private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

    private final Long previous;

    private CallDeadline(Long deadline) {
        this.previous = DEADLINE.get();
        if (deadline == null) {
            DEADLINE.remove();
        } else {
            DEADLINE.set(deadline);
        }
    }

    /** The invocation's deadline from its context (none without one). */
    public static CallDeadline of(Context context) {
        return new CallDeadline(context == null ? null
                : System.currentTimeMillis() + Math.max(0, context.getRemainingTimeInMillis() - MARGIN_MILLIS));
    }

    /**
     * {@code work} as it would run on this thread: the invocation's deadline goes with it to the thread that runs it
     * (a batch's targets run side by side on threads of their own, within the one invocation).
     */
    public static <T> java.util.function.Supplier<T> carried(java.util.function.Supplier<T> work) {
        Long deadline = DEADLINE.get();
        return () -> {
            try (CallDeadline ignored = new CallDeadline(deadline)) {
                return work.get();
            }
        };
    }

    /**
     * Whether the invocation's deadline (its margin kept) has passed: work that goes on call after call, each of which
     * may start without waiting, checks it to stop in time and leave the rest to the step's retry.
     */
    public static boolean passed() {
        Long deadline = DEADLINE.get();
        return deadline != null && System.currentTimeMillis() >= deadline;
    }

    /** {@code giveUpAt} (wall-clock epoch millis), or the invocation's deadline if that comes first. */
    static long cap(long giveUpAt) {
        Long deadline = DEADLINE.get();
        return deadline == null ? giveUpAt : Math.min(giveUpAt, deadline);
    }

    @Override
    public void close() {
        if (previous == null) {
            DEADLINE.remove();
        } else {
            DEADLINE.set(previous);
        }
    }
}
