package io.github.wsicopy.core.testing;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what the code under test logged, so tests can show it when they fail. */
public final class TestLogger implements LambdaLogger {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void log(String message) {
        lines.add(message);
    }

    @Override
    public void log(byte[] message) {
        log(new String(message, StandardCharsets.UTF_8));
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public boolean contains(String fragment) {
        return lines.stream().anyMatch(l -> l.contains(fragment));
    }
}
