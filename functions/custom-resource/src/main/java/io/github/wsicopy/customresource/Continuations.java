package io.github.wsicopy.customresource;

import java.util.Map;

/** Hands a request that needs more time than one invocation to the next invocation of the provider. */
@FunctionalInterface
public interface Continuations {
    void schedule(String functionArn, Map<String, Object> event);
}
