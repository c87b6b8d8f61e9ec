package io.github.wsicopy.localrun.stack;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.wsicopy.core.config.Components;
import java.lang.reflect.InvocationTargetException;

/** Makes the handler template.yaml names, through its constructor that takes the components (as tests do). */
final class Handlers {
    private Handlers() {}

    static RequestStreamHandler instantiate(String className, Components components) {
        Class<? extends RequestStreamHandler> type;
        try {
            type = Class.forName(className).asSubclass(RequestStreamHandler.class);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("template.yaml names handler " + className + ", which is not on the class path", e);
        } catch (ClassCastException e) {
            throw new IllegalStateException(className + " is not a RequestStreamHandler", e);
        }
        try {
            return type.getConstructor(Components.class).newInstance(components);
        } catch (InvocationTargetException e) {
            // The handler's own init failed: rethrow what it threw, as Lambda reports an init error.
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(className + " failed to initialise", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(className + " needs a public constructor taking Components", e);
        }
    }
}
