package io.github.wsicopy.core.workspaces;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.wsicopy.core.workspaces.WorkSpacesError.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorMappingTest {

    @ParameterizedTest(name = "{0} (HTTP {1}) -> {2}")
    @CsvSource({
            "ThrottlingException, 400, THROTTLED",
            "TooManyRequestsException, 429, THROTTLED",
            "ResourceLimitExceededException, 400, QUOTA_EXCEEDED",
            "ResourceNotFoundException, 400, NOT_FOUND",
            "AccessDeniedException, 400, ACCESS_DENIED",
            "UnrecognizedClientException, 400, ACCESS_DENIED",
            "ResourceAlreadyExistsException, 400, ALREADY_EXISTS",
            "OperationNotSupportedException, 400, NOT_SUPPORTED",
            "InvalidParameterValuesException, 400, INVALID_PARAMETER",
            "ResourceUnavailableException, 400, UNAVAILABLE",
            "InternalFailure, 500, UNKNOWN_OUTCOME",
            "ServiceUnavailable, 503, UNKNOWN_OUTCOME",
            "SomethingNew, 400, INVALID_PARAMETER",
    })
    void mapsServiceErrorCodes(String code, int status, Kind expected) {
        assertEquals(expected, ErrorMapping.kindOf(code, false, status));
    }

    @ParameterizedTest
    @CsvSource({"SlowDown, 503", "RequestThrottled, 400"})
    void trustsTheSdksThrottlingVerdict(String code, int status) {
        assertEquals(Kind.THROTTLED, ErrorMapping.kindOf(code, true, status));
    }
}
