package io.github.wsicopy.bench.naive;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.wsicopy.copy.CopyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The CopyHandler logic, wired as a first attempt would (see {@link Naive}). */
public final class NaiveCopyHandler implements RequestStreamHandler {
    private final CopyHandler handler = new CopyHandler(Naive.components());

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        Naive.handle(in, out, input -> handler.handle(input, context));
    }
}
