package io.github.wsicopy.customresource;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.json.JsonException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The provider of {@code Custom::WorkSpacesImageCopy}: the function a template's {@code ServiceToken} names.
 * Input: a CloudFormation custom-resource request (Create, Update or Delete), or that request handed over by
 * the provider's previous invocation. It answers CloudFormation through the request's pre-signed URL; its own
 * output is only a note for the logs.
 */
public final class ImageCopyResourceHandler implements RequestStreamHandler {
    private final ImageCopyProvider provider;
    private final LambdaLogger log;

    public ImageCopyResourceHandler() {
        this(Components.fromEnvironment());
    }

    private ImageCopyResourceHandler(Components c) {
        this(c, new LambdaContinuations(lambda(c)), Sleeper.REAL);
    }

    public ImageCopyResourceHandler(Components components, Continuations continuations, Sleeper sleeper) {
        this.provider = new ImageCopyProvider(components, new ResponseSender(), continuations, sleeper);
        this.log = components.log();
    }

    /** The Lambda client for hand-overs; LAMBDA_ENDPOINT points it at a stand-in for local runs. */
    static LambdaClient lambda(Components c) {
        return lambda(c, Optional.ofNullable(System.getenv("LAMBDA_ENDPOINT")).filter(s -> !s.isBlank()).map(URI::create));
    }

    /** Built like every other client of the project (same HTTP client, credentials and Region handling). */
    public static LambdaClient lambda(Components c, Optional<URI> endpoint) {
        return c.clients().configure(LambdaClient.builder(), c.settings().awsRegion(), endpoint)
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).apiCallTimeout(Duration.ofSeconds(20)))
                .build();
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        ResourceEvent event;
        try {
            event = ResourceEvent.parse(Json.parseObject(in));
        } catch (JsonException | IllegalArgumentException e) {
            // Without a response URL and the request's ids there is nobody to answer; a retry would not help.
            log.log("cannot answer this event: " + e.getMessage());
            out.write(Json.writeBytes(Map.of("outcome", "UNANSWERABLE", "error", e.getMessage())));
            return;
        }
        ImageCopyProvider.Outcome outcome = provider.handle(event, context);
        out.write(Json.writeBytes(Map.of("outcome", outcome, "logicalResourceId", event.logicalResourceId(),
                "requestId", event.requestId())));
    }
}
