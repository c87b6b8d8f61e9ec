package io.github.wsicopy.core.cloudformation;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.github.wsicopy.core.log.Fields;
import io.github.wsicopy.core.log.Log;
import io.github.wsicopy.core.json.Json;
import java.time.Clock;

/**
 * Answers CloudFormation exactly once per request: the decision is recorded first (the first one recorded
 * stands, see {@link ResponseLedger#decide}), then that recorded decision is sent, then marked sent. A
 * delivery that dies between sending and marking makes the next delivery send the same body again, never a
 * different one.
 */
public final class Answers {
    private final ResponseLedger ledger;
    private final ResponseSender sender;
    private final Clock clock;
    private final Log log;

    public Answers(ResponseLedger ledger, ResponseSender sender, Clock clock, LambdaLogger log) {
        this.ledger = ledger;
        this.sender = sender;
        this.clock = clock;
        this.log = Log.of(log);
    }

    /** Proposes a decision and sends whichever decision stands (this one, or an earlier one). */
    public Decision answer(ResourceEvent event, Decision proposed) {
        Decision standing = ledger.decide(event.requestKey(), proposed, clock.instant());
        if (standing != proposed) {
            log.info(event.logicalResourceId() + ": request " + event.requestId() + " was already decided "
                    + standing.status() + "; not deciding " + proposed.status() + " (" + proposed.reason() + ")",
                    Fields.request(event.requestKey()).withJob(event.jobId()));
        }
        deliver(event);
        return standing;
    }

    /** Sends the recorded decision if there is one and it was not sent yet. */
    public void deliver(ResourceEvent event) {
        ledger.request(event.requestKey()).ifPresent(record -> {
            if (record.decision().isEmpty() || record.sentAt().isPresent()) {
                return;
            }
            Decision decision = record.decision().get();
            sender.send(event.responseUrl(), Json.writeBytes(decision.responseBody(event)));
            ledger.markSent(event.requestKey(), clock.instant());
            Fields fields = Fields.request(event.requestKey()).withJob(event.jobId());
            String line = event.logicalResourceId() + ": answered " + event.requestType() + " " + decision.status()
                    + " with " + decision.physicalResourceId() + ": " + decision.reason();
            if (decision.status() == Decision.Status.SUCCESS) {
                log.info(line, fields);
            } else {
                log.warn(line, fields);
            }
        });
    }

    public boolean decided(ResourceEvent event) {
        return ledger.request(event.requestKey()).flatMap(ResponseLedger.RequestRecord::decision).isPresent();
    }
}
