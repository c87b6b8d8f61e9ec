package io.github.wsicopy.core.testing;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.wsicopy.core.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Calls a stream handler the way the Lambda runtime does: JSON bytes in, JSON bytes out. */
public final class Invoke {
    private Invoke() {}

    public static Map<String, Object> handler(RequestStreamHandler handler, String json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), out,
                    new TestContext());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Json.parseObject(out.toString(StandardCharsets.UTF_8));
    }

    public static Map<String, Object> handler(RequestStreamHandler handler, Map<String, Object> input) {
        return handler(handler, Json.write(input));
    }
}
