package io.github.wsicopy.core.json;

/** A body that is not the JSON we need. The message is safe to show to a caller. */
public final class JsonException extends RuntimeException {
    public JsonException(String message) {
        super(message);
    }
}
