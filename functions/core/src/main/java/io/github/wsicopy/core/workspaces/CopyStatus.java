package io.github.wsicopy.core.workspaces;

import java.util.List;
import java.util.Optional;

/**
 * Where a copy stands, as DescribeWorkspaceImages reports it in the destination Region.
 *
 * @param errorDetails the image's ErrorDetails ("code: message" each), for a copy in ERROR
 */
public record CopyStatus(String imageId, String state, Optional<String> errorCode, Optional<String> errorMessage,
        List<String> errorDetails) {

    public CopyStatus {
        errorDetails = List.copyOf(errorDetails);
    }

    public boolean available() {
        return "AVAILABLE".equals(state);
    }

    public boolean failed() {
        return "ERROR".equals(state);
    }

    /** "ErrorCode: ErrorMessage (details: ...)", as WorkSpaces reported it. */
    public String describeError() {
        String text = errorCode.orElse("no error code") + ": " + errorMessage.orElse("no message");
        return errorDetails.isEmpty() ? text : text + " (details: " + String.join("; ", errorDetails) + ")";
    }
}
