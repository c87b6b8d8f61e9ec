package io.github.wsicopy.localrun.lambda;

import java.util.Map;

/** Told of every invocation before its handler runs (virtual time, test hooks); runs on the invoking thread. */
@FunctionalInterface
public interface InvocationListener {
    /**
     * @param function the function's logical id in template.yaml
     * @param input    the parsed event (a JSON object; empty when the event is not one)
     */
    void beforeInvoke(String function, Map<String, Object> input);
}
