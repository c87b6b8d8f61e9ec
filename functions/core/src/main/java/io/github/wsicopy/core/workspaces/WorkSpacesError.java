package io.github.wsicopy.core.workspaces;

/**
 * A WorkSpaces call that failed, in the project's words. The service's own message is kept: it is usually
 * the most precise thing a user can read.
 */
public final class WorkSpacesError extends RuntimeException {

    public enum Kind {
        /** Rate exceeded: the call was refused before it did anything. */
        THROTTLED,
        QUOTA_EXCEEDED,
        NOT_FOUND,
        ACCESS_DENIED,
        ALREADY_EXISTS,
        NOT_SUPPORTED,
        INVALID_PARAMETER,
        UNAVAILABLE,
        /**
         * The resource is in use or in the wrong state for the call (ResourceAssociatedException,
         * InvalidResourceStateException): a delete refused because a bundle uses the image, it is shared, or PENDING.
         */
        IN_USE,
        /** No answer, or a server error: the call may or may not have taken effect. */
        UNKNOWN_OUTCOME
    }

    private final Kind kind;
    private final String errorCode;

    public WorkSpacesError(Kind kind, String errorCode, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.errorCode = errorCode;
    }

    public Kind kind() {
        return kind;
    }

    /** The service's error code (e.g. ResourceLimitExceededException), or the client-side failure's name. */
    public String errorCode() {
        return errorCode;
    }

    /** One line for a task's reason: the code and the service's message. */
    public String describe() {
        return errorCode + ": " + getMessage();
    }
}
