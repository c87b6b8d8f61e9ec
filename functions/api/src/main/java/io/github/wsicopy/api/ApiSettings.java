package io.github.wsicopy.api;

import io.github.wsicopy.core.workflow.Executions;
import java.util.Map;
import java.util.Optional;

/**
 * The API function's own settings, besides core's: which state machine it starts, and the body size limit.
 *
 * @param maxBodyBytes   larger bodies are refused with 413 (a 1,000-image request is about 20 KB)
 */
public record ApiSettings(Executions.Target stateMachine, int maxBodyBytes) {
    public static final int DEFAULT_MAX_BODY_BYTES = 256 * 1024;

    public static ApiSettings fromEnvironment() {
        return from(System.getenv());
    }

    public static ApiSettings from(Map<String, String> env) {
        Executions.Target target = Executions.Target.from(env, "the API starts executions of it");
        int maxBody = Optional.ofNullable(env.get("MAX_BODY_BYTES")).map(String::trim).filter(s -> !s.isEmpty())
                .map(Integer::parseInt).orElse(DEFAULT_MAX_BODY_BYTES);
        if (maxBody < 1024) {
            throw new IllegalStateException("MAX_BODY_BYTES must be at least 1024, got " + maxBody);
        }
        return new ApiSettings(target, maxBody);
    }
}
