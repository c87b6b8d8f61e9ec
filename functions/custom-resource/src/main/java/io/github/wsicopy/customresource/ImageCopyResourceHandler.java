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
import io.github.wsicopy.core.workflow.Executions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The provider of {@code Custom::WorkSpacesImageCopy}: the function a template's {@code ServiceToken} names.
 * Input: a CloudFormation custom-resource request (Create, Update or Delete). It answers CloudFormation through
 * the request's pre-signed URL, itself or through the state machine it starts; its own output is only a note
 * for the logs. Environment: STATE_MACHINE_ARN, and AWS_ENDPOINT_URL_SFN for a local stand-in.
 */
public final class ImageCopyResourceHandler implements RequestStreamHandler {
    private final ImageCopyProvider provider;
    private final Components components;
    private final Log log;

    public ImageCopyResourceHandler() {
        this(Components.fromEnvironment());
    }

    public ImageCopyResourceHandler(Components c) {
        this(c, executions(c, System.getenv()));
    }

    public ImageCopyResourceHandler(Components components, Executions executions) {
        this.components = components;
        this.provider = new ImageCopyProvider(components, Optional.of(executions));
        this.log = Log.of(components.log());
    }

    /** The state machine's executions, with the client built like every other client of the project. */
    public static Executions executions(Components c, Map<String, String> env) {
        return Executions.of(c, Executions.Target.from(env,
                "the provider starts the state machine's execution of each resource's copy"));
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        ResourceEvent event;
        try {
            event = ResourceEvent.parse(Json.parseObject(in));
        } catch (JsonException | IllegalArgumentException e) {
            // Without a response URL and the request's ids there is nobody to answer; a retry would not help.
            log.error("cannot answer this event: " + e.getMessage(), Fields.NONE.errorCode("UNANSWERABLE"));
            out.write(Json.writeBytes(Map.of("outcome", "UNANSWERABLE", "error", e.getMessage())));
            return;
        }
        ImageCopyProvider.Outcome outcome = provider.handle(event, Inputs.callerAccount(context, components.settings()));
        out.write(Json.writeBytes(Map.of("outcome", outcome, "logicalResourceId", event.logicalResourceId(),
                "requestId", event.requestId())));
    }
}
