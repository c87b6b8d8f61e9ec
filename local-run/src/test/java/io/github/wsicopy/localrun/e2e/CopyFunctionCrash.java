package io.github.wsicopy.localrun.e2e;

import io.github.wsicopy.core.TransientFailure;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Makes one invocation of the copy function fail after it claimed a task, through its DynamoDB client (an
 * SDK interceptor added by the local stack), so no test code sits in the shipped handler. It acts on the first
 * task it sees, once:
 * <ul>
 *   <li>{@link Point#AFTER_CLAIM}: the claim (PENDING → STARTING) commits, then the invocation fails with
 *   TransientFailure before CopyWorkspaceImage is called: a claim with no copy is left behind.</li>
 *   <li>{@link Point#RECORDING_CONFLICTS}: the copy is made, then DynamoDB cancels every attempt to record it
 *   (STARTING → COPYING) with TransactionConflict, so JobStore gives up with TransientFailure: a claim whose
 *   copy exists but is not recorded is left behind.</li>
 * </ul>
 * Either way the state machine retries StartCopies (TransientFailure is in its Retry), and the claim's lease
 * and reconciliation must finish the task without a second copy.
 */
final class CopyFunctionCrash implements ExecutionInterceptor {

    enum Point { AFTER_CLAIM, RECORDING_CONFLICTS }

    /** JobStore tries a conflicting transaction this many times before it gives up. */
    private static final int CONFLICT_ATTEMPTS = 6;

    private final Point point;
    private final AtomicReference<String> victim = new AtomicReference<>();
    private final AtomicInteger failures = new AtomicInteger();

    CopyFunctionCrash(Point point) {
        this.point = point;
    }

    /** The task key (sk) it failed on, or null. */
    String victim() {
        return victim.get();
    }

    int failures() {
        return failures.get();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (point == Point.RECORDING_CONFLICTS && chosen(context.request(), "STARTING", "COPYING")
                && failures.get() < CONFLICT_ATTEMPTS) {
            failures.incrementAndGet();
            throw TransactionCanceledException.builder()
                    .message("Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict, None]")
                    .cancellationReasons(CancellationReason.builder().code("TransactionConflict").build(),
                            CancellationReason.builder().code("None").build())
                    .build();
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (point == Point.AFTER_CLAIM && chosen(context.request(), "PENDING", "STARTING") && failures.get() == 0) {
            failures.incrementAndGet();
            throw new TransientFailure("simulated: the copy function failed right after claiming " + victim.get());
        }
    }

    /** Whether the request moves the victim task (the first one seen moving this way) from → to. */
    private boolean chosen(SdkRequest request, String from, String to) {
        if (!(request instanceof TransactWriteItemsRequest transaction) || transaction.transactItems().isEmpty()) {
            return false;
        }
        Update update = transaction.transactItems().get(0).update();
        if (update == null) {
            return false;
        }
        Map<String, AttributeValue> values = update.expressionAttributeValues();
        if (!from.equals(text(values.get(":from"))) || !to.equals(text(values.get(":to")))) {
            return false;
        }
        String task = text(update.key().get("sk"));
        victim.compareAndSet(null, task);
        return task != null && task.equals(victim.get());
    }

    private static String text(AttributeValue value) {
        return value == null ? null : value.s();
    }
}
