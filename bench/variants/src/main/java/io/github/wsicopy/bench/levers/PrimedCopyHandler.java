package io.github.wsicopy.bench.levers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.wsicopy.copy.CopyHandler;
import io.github.wsicopy.core.snapstart.Primer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * What a SnapStart restore starts from, minus the restore itself: the shipped copy function with its priming hook
 * run at init, as Lambda runs it before taking the snapshot. Its first invocation is the one a restored
 * environment would make.
 */
public final class PrimedCopyHandler implements RequestStreamHandler {
    private final CopyHandler handler = new CopyHandler();

    public PrimedCopyHandler() {
        Primer.Run run = ((Primer) handler.primer()).prime();
        if (run.failure().isPresent()) {
            throw new IllegalStateException("priming failed: " + run.failure().get());
        }
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        handler.handleRequest(in, out, context);
    }
}
