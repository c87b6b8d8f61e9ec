package io.github.wsicopy.bench.levers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.wsicopy.copy.CopyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * Lever "HTTP client built in the background": the shipped copy function, whose URLConnection client (same
 * timeouts) is built on another thread while the DynamoDB client is built on this one.
 */
public final class BackgroundHttpCopyHandler implements RequestStreamHandler {
    /** What UrlConnectionHttpClient reports; the SDK reads it while building clients, before the build is done. */
    static final String CLIENT_NAME = "UrlConnection";

    private final CopyHandler handler = new CopyHandler(Levers.withHttpClient(BackgroundHttpClient.start(CLIENT_NAME,
            () -> UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(3))
                    .socketTimeout(Duration.ofSeconds(20)).build())));

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        handler.handleRequest(in, out, context);
    }
}
