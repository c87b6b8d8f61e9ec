package io.github.wsicopy.core.workspaces;

import io.github.wsicopy.core.workspaces.WorkSpacesError.Kind;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK exceptions into {@link WorkSpacesError}s. Pure, so every mapping is unit-tested. */
final class ErrorMapping {
    private ErrorMapping() {}

    static WorkSpacesError map(SdkException e) {
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() != null && service.awsErrorDetails().errorCode() != null
                    ? service.awsErrorDetails().errorCode()
                    : "UnknownError";
            String message = service.awsErrorDetails() != null && service.awsErrorDetails().errorMessage() != null
                    ? service.awsErrorDetails().errorMessage()
                    : e.getMessage();
            return new WorkSpacesError(kindOf(code, service.isThrottlingException(), service.statusCode()), code,
                    message, e);
        }
        // No answer from the service (timeout, connection reset): the request may have been processed.
        // Named for what it means to a user, not after the SDK's exception class.
        return new WorkSpacesError(Kind.UNKNOWN_OUTCOME, "NoAnswer",
                "WorkSpaces did not answer (" + (e.getMessage() == null ? "no detail" : e.getMessage()) + ")", e);
    }

    static Kind kindOf(String code, boolean throttling, int status) {
        if (throttling) {
            return Kind.THROTTLED;
        }
        return switch (code) {
            case "ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded" -> Kind.THROTTLED;
            case "ResourceLimitExceededException" -> Kind.QUOTA_EXCEEDED;
            case "ResourceNotFoundException" -> Kind.NOT_FOUND;
            case "AccessDeniedException", "UnauthorizedOperation", "UnrecognizedClientException",
                    "InvalidClientTokenId" -> Kind.ACCESS_DENIED;
            case "ResourceAlreadyExistsException" -> Kind.ALREADY_EXISTS;
            case "OperationNotSupportedException" -> Kind.NOT_SUPPORTED;
            case "InvalidParameterValuesException", "ValidationException" -> Kind.INVALID_PARAMETER;
            case "ResourceUnavailableException" -> Kind.UNAVAILABLE;
            case "ResourceAssociatedException", "InvalidResourceStateException" -> Kind.IN_USE;
            default -> status >= 500 ? Kind.UNKNOWN_OUTCOME : Kind.INVALID_PARAMETER;
        };
    }
}
