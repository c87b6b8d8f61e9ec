package io.github.wsicopy.core.log;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Stands in for the runtime's logger: what it was handed, as text or bytes, with the level it was given. */
final class Recorder implements LambdaLogger {
    record Line(String text, LogLevel level, boolean bytes) {}

    final List<Line> lines = new ArrayList<>();

    @Override
    public void log(String message) {
        lines.add(new Line(message, LogLevel.UNDEFINED, false));
    }

    @Override
    public void log(byte[] message) {
        lines.add(new Line(new String(message, StandardCharsets.UTF_8), LogLevel.UNDEFINED, true));
    }

    @Override
    public void log(String message, LogLevel level) {
        lines.add(new Line(message, level, false));
    }

    @Override
    public void log(byte[] message, LogLevel level) {
        lines.add(new Line(new String(message, StandardCharsets.UTF_8), level, true));
    }

    List<String> texts() {
        return lines.stream().map(Line::text).toList();
    }
}
