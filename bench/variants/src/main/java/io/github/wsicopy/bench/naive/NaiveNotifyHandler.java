package io.github.wsicopy.bench.naive;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.notify.NotifyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sns.SnsClient;

/** The NotifyHandler logic, wired as a first attempt would (see {@link Naive}). */
public final class NaiveNotifyHandler implements RequestStreamHandler {
    private final NotifyHandler handler;

    public NaiveNotifyHandler() {
        Components components = Naive.components();
        handler = new NotifyHandler(components, components.settings().topicArn().map(arn -> SnsClient.create()),
                EventBridgeClient.create());
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        Naive.handle(in, out, input -> handler.handle(input, context));
    }
}
