package io.github.wsicopy.local.workspaces;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error a JSON stand-in (the WorkSpaces emulator, {@link io.github.wsicopy.local.JsonServiceStandIn}) answers
 * with: {@code {"__type": type, "message": ..., <extra members>}} and an
 * HTTP status. Thrown anywhere below the HTTP handler, which turns it into the response.
 */
public final class ServiceError extends RuntimeException {

    static final String INVALID_PARAMETER_VALUES = "InvalidParameterValuesException";
    static final String RESOURCE_NOT_FOUND = "ResourceNotFoundException";
    static final String RESOURCE_UNAVAILABLE = "ResourceUnavailableException";
    static final String RESOURCE_ALREADY_EXISTS = "ResourceAlreadyExistsException";
    static final String RESOURCE_LIMIT_EXCEEDED = "ResourceLimitExceededException";
    static final String OPERATION_NOT_SUPPORTED = "OperationNotSupportedException";
    static final String INVALID_RESOURCE_STATE = "InvalidResourceStateException";
    static final String RESOURCE_ASSOCIATED = "ResourceAssociatedException";
    static final String ACCESS_DENIED = "AccessDeniedException";
    static final String THROTTLING = "ThrottlingException";
    static final String MISSING_AUTHENTICATION_TOKEN = "MissingAuthenticationTokenException";
    static final String INTERNAL_FAILURE = "InternalFailure";

    private final String type;
    private final int status;
    private final Map<String, String> extraMembers;

    ServiceError(String type, int status, String message, Map<String, String> extraMembers) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
        this.extraMembers = Map.copyOf(extraMembers);
    }

    public static ServiceError of(String type, String message) {
        return new ServiceError(type, statusOf(type), message, Map.of());
    }

    /** An error with the HTTP status its model gives it (e.g. a {@code fault} shape: 500). */
    public static ServiceError of(String type, int status, String message) {
        return new ServiceError(type, status, message, Map.of());
    }

    /** An error whose body has members of its own, e.g. Organizations' InvalidInputException and its Reason. */
    public static ServiceError of(String type, String message, Map<String, String> extraMembers) {
        return new ServiceError(type, statusOf(type), message, extraMembers);
    }

    static ServiceError invalid(String message) {
        return of(INVALID_PARAMETER_VALUES, message);
    }

    static ServiceError notFound(String resourceId, String message) {
        return new ServiceError(RESOURCE_NOT_FOUND, 400, message, Map.of("ResourceId", resourceId));
    }

    static ServiceError unavailable(String resourceId, String message) {
        return new ServiceError(RESOURCE_UNAVAILABLE, 400, message, Map.of("ResourceId", resourceId));
    }

    static ServiceError notSupported(String reason, String message) {
        return new ServiceError(OPERATION_NOT_SUPPORTED, 400, message, Map.of("reason", reason));
    }

    /** Server-side failures are 5xx so that clients treat them as retryable, like the real service's. */
    public static int statusOf(String type) {
        return switch (type) {
            case INTERNAL_FAILURE, "InternalServerError", "InternalError", "ServiceException" -> 500;
            case "ServiceUnavailable", "ServiceUnavailableException" -> 503;
            default -> 400;
        };
    }

    public String type() {
        return type;
    }

    public int status() {
        return status;
    }

    /** The error body's members, {@code __type} first. */
    public Map<String, Object> body() {
        return body("message");
    }

    /** The body with the message under {@code messageMember}: some services' models spell it "Message". */
    public Map<String, Object> body(String messageMember) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("__type", type);
        body.put(messageMember, getMessage());
        body.putAll(extraMembers);
        return body;
    }
}
