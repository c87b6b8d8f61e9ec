package io.github.wsicopy.localrun.stack;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** A function's log lines, prefixed with its name, into the stack's log (a file for the demo, memory in tests). */
record FunctionLog(String function, Consumer<String> sink) implements LambdaLogger {
    @Override
    public void log(String message) {
        sink.accept("[" + function + "] " + message.stripTrailing());
    }

    @Override
    public void log(byte[] message) {
        log(new String(message, StandardCharsets.UTF_8));
    }
}
