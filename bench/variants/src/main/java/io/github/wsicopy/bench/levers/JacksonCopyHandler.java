package io.github.wsicopy.bench.levers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.wsicopy.copy.CopyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/** Lever "JSON": the shipped copy function with its event and result mapped by Jackson databind. */
public final class JacksonCopyHandler implements RequestStreamHandler {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private final CopyHandler handler = new CopyHandler();

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        MAPPER.writeValue(out, handler.handle(MAPPER.readValue(in, MAP), context));
    }
}
