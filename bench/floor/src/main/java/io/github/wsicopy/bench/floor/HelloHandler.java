package io.github.wsicopy.bench.floor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** The least a Java function can do: read the event, answer. Its cold start is the JVM's and nothing else's. */
public final class HelloHandler implements RequestStreamHandler {
    private static final byte[] ANSWER = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        in.readAllBytes();
        out.write(ANSWER);
    }
}
