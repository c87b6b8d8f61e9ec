package io.github.wsicopy.core.store;

/** The caller's nextToken is not one this listing handed out (or it was for another job's tasks). */
public final class InvalidPageToken extends IllegalArgumentException {
    InvalidPageToken() {
        super("is not a token this listing returned; leave it out to start from the first page, or pass the"
                + " nextToken of the previous page unchanged");
    }
}
