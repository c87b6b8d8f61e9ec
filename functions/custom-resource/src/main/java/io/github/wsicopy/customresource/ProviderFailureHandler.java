package io.github.wsicopy.customresource;

import com.amazonaws.services.lambda.runtime.Context;
import io.github.wsicopy.core.log.Fields;
import io.github.wsicopy.core.log.Log;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.wsicopy.core.cloudformation.ResourceEvent;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.config.Inputs;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.json.JsonException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;

/**
 * The provider's on-failure destination. When Lambda gives up on a delivery of the provider (it failed or
 * timed out three times, or waited too long in the queue), it sends this function a record holding the
 * original request; this answers CloudFormation FAILED with what went wrong, unless the request was answered
 * already, so no stack waits for a provider that died. A separate function, so a failing provider never
 * becomes its own destination.
 *
 * <p>Input: Lambda's invocation record {@code {requestContext: {condition, approximateInvokeCount},
 * requestPayload: <the event>, responsePayload: {errorType, errorMessage}}}.
 */
public final class ProviderFailureHandler implements RequestStreamHandler {
    private final ImageCopyProvider provider;
    private final Log log;

    public ProviderFailureHandler() {
        this(Components.fromEnvironment());
    }

    public ProviderFailureHandler(Components components) {
        // Giving up starts nothing.
        this.provider = new ImageCopyProvider(components, Optional.empty());
        this.log = Log.of(components.log());
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        ResourceEvent event;
        Map<String, Object> record;
        try {
            record = Json.parseObject(in);
            event = ResourceEvent.parse(Inputs.optionalObject(record, "requestPayload")
                    .orElseThrow(() -> new IllegalArgumentException("'requestPayload' is missing: not a Lambda failure record")));
        } catch (JsonException | IllegalArgumentException e) {
            log.error("cannot answer this failure record: " + e.getMessage(), Fields.NONE.errorCode("UNANSWERABLE"));
            out.write(Json.writeBytes(Map.of("outcome", "UNANSWERABLE", "error", e.getMessage())));
            return;
        }
        String why = "the provider function gave up on this request (" + what(record) + ")";
        log.error(event.logicalResourceId() + ": " + why, Fields.request(event.requestKey()).withJob(event.jobId())
                .errorCode("CustomResource.ProviderFailed"));
        provider.giveUp(event, why);
        out.write(Json.writeBytes(Map.of("outcome", "ANSWERED", "logicalResourceId", event.logicalResourceId(),
                "requestId", event.requestId())));
    }

    /** "RetriesExhausted after 3 attempts: Sandbox.Timedout: Task timed out after 900.00 seconds". */
    private static String what(Map<String, Object> record) {
        Map<String, Object> context = Inputs.optionalObject(record, "requestContext").orElse(Map.of());
        // The payload is the function's error object, or null when the event aged out before it ran.
        Map<String, Object> response = record.get("responsePayload") instanceof Map<?, ?>
                ? Inputs.optionalObject(record, "responsePayload").orElseThrow() : Map.of();
        String condition = String.valueOf(context.getOrDefault("condition", "unknown condition"));
        String attempts = Optional.ofNullable(context.get("approximateInvokeCount")).map(n -> " after " + n + " attempts").orElse("");
        String error = Optional.ofNullable(response.get("errorType")).map(t -> ": " + t).orElse("")
                + Optional.ofNullable(response.get("errorMessage")).map(m -> ": " + m).orElse("");
        String line = condition + attempts + error;
        return line.length() > 600 ? line.substring(0, 600) + "…" : line;
    }
}
