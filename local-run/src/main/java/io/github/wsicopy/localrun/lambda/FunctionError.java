package io.github.wsicopy.localrun.lambda;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The payload Lambda's Java runtime returns for an unhandled exception (with {@code X-Amz-Function-Error:
 * Unhandled}). Step Functions names the error after {@code errorType}, so the state machine's Retry and Catch
 * match the exception's class name, e.g. {@code io.github.wsicopy.core.TransientFailure}.
 */
public record FunctionError(String errorType, String errorMessage, List<String> stackTrace, FunctionError cause) {

    /** How deep causes are reported; the Java runtime also stops somewhere. */
    private static final int MAX_CAUSES = 5;

    public static FunctionError of(Throwable error) {
        return of(error, 0);
    }

    private static FunctionError of(Throwable error, int depth) {
        Throwable cause = error.getCause();
        return new FunctionError(error.getClass().getName(),
                error.getMessage() == null ? error.getClass().getName() : error.getMessage(),
                Arrays.stream(error.getStackTrace()).map(StackTraceElement::toString).toList(),
                cause == null || cause == error || depth >= MAX_CAUSES ? null : of(cause, depth + 1));
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("errorMessage", errorMessage);
        json.put("errorType", errorType);
        json.put("stackTrace", stackTrace);
        if (cause != null) {
            json.put("cause", cause.toJson());
        }
        return json;
    }
}
