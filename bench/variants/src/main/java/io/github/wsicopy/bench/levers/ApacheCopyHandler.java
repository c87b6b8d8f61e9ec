package io.github.wsicopy.bench.levers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.wsicopy.copy.CopyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import software.amazon.awssdk.http.apache.ApacheHttpClient;

/** Lever "HTTP client": the shipped copy function on the Apache HTTP client (the SDK's default). */
public final class ApacheCopyHandler implements RequestStreamHandler {
    private final CopyHandler handler = new CopyHandler(Levers.withHttpClient(ApacheHttpClient.builder().build()));

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        handler.handleRequest(in, out, context);
    }
}
