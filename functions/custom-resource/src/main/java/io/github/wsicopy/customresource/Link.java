package io.github.wsicopy.customresource;

import com.amazonaws.services.lambda.runtime.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One invocation's share of a request: who it is (the lease owner), until when it may work before it must hand
 * over to the next invocation, and where the previous one left off.
 *
 * @param owner       the continuation's token, or for CloudFormation's own delivery the Lambda request id,
 *                    which Lambda keeps when it retries that delivery, so a retry resumes under the same lease
 * @param notBefore   when the copy is due to be looked at again (a wait carried over from the previous invocation)
 * @param functionArn the provider's own ARN, where the next invocation goes
 */
public record Link(String owner, int number, int pollRound, Instant notBefore, Instant deadline, String functionArn) {
    /** Left of an invocation when it hands over: enough for the hand-over and a slow last call. */
    static final Duration HANDOVER_MARGIN = Duration.ofSeconds(60);
    /** No invocation works longer than this, whatever its timeout. */
    static final Duration MAX_WORK = Duration.ofMinutes(14);

    public static Link of(ResourceEvent event, Context context, Clock clock) {
        Duration remaining = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(HANDOVER_MARGIN);
        Duration work = remaining.isNegative() ? Duration.ZERO : remaining.compareTo(MAX_WORK) > 0 ? MAX_WORK : remaining;
        Instant now = clock.instant();
        return new Link(
                event.continuation().map(ResourceEvent.Continuation::token).orElse(context.getAwsRequestId()),
                event.continuation().map(ResourceEvent.Continuation::link).orElse(0),
                event.continuation().map(ResourceEvent.Continuation::pollRound).orElse(0),
                event.continuation().map(ResourceEvent.Continuation::notBefore).orElse(now),
                now.plus(work),
                context.getInvokedFunctionArn());
    }

    /** How long this invocation holds the request's lease: its work, then its margin. */
    public Instant leaseUntil() {
        return deadline.plus(HANDOVER_MARGIN);
    }
}
