package io.github.wsicopy.bench.levers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.wsicopy.copy.CopyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;

/** Lever "HTTP client": the shipped copy function on the AWS CRT HTTP client (native, loads a shared library). */
public final class CrtCopyHandler implements RequestStreamHandler {
    private final CopyHandler handler = new CopyHandler(Levers.withHttpClient(AwsCrtHttpClient.builder().build()));

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        handler.handleRequest(in, out, context);
    }
}
