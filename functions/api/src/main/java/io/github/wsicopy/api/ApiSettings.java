package io.github.wsicopy.api;

import io.github.wsicopy.core.config.Settings;
import io.github.wsicopy.core.workflow.Executions;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The API function's own settings, besides core's: which state machine it starts, the body size limit, and where
 * the schedules of stored policies go.
 *
 * @param maxBodyBytes   larger bodies are refused with 413 (a 1,000-image request is about 20 KB)
 */
public record ApiSettings(Executions.Target stateMachine, int maxBodyBytes, Schedules schedules) {
    public static final int DEFAULT_MAX_BODY_BYTES = 256 * 1024;

    /**
     * The stack's EventBridge Scheduler group (POLICY_SCHEDULE_GROUP), the role Scheduler assumes to start the
     * state machine (POLICY_SCHEDULE_ROLE_ARN), and AWS_ENDPOINT_URL_SCHEDULER (else AWS_ENDPOINT_URL) where a
     * local stand-in answers.
     */
    public record Schedules(String group, String roleArn, Optional<URI> endpoint) {
        static Schedules from(Map<String, String> env) {
            String why = "the API keeps the schedules of stored replication policies in the stack's EventBridge"
                    + " Scheduler group";
            return new Schedules(Settings.required(env, "POLICY_SCHEDULE_GROUP", why),
                    Settings.required(env, "POLICY_SCHEDULE_ROLE_ARN", why), Settings.endpoint(env, "SCHEDULER"));
        }
    }

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
        return new ApiSettings(target, maxBody, Schedules.from(env));
    }
}
