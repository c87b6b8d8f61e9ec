package io.github.wsicopy.api;

import io.github.wsicopy.core.model.FieldError;
import java.util.List;
import java.util.Map;

/** Ends a request with a problem answer (a 4xx the caller can fix, never an internal failure). */
final class ApiException extends RuntimeException {
    private final Problem problem;
    private final Map<String, String> headers;

    ApiException(Problem problem, Map<String, String> headers) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    ApiException(ProblemType type, String detail) {
        this(Problem.of(type, detail), Map.of());
    }

    ApiException(ProblemType type, String detail, List<FieldError> errors) {
        this(new Problem(type, detail, errors), Map.of());
    }

    Problem problem() {
        return problem;
    }

    HttpResponse response() {
        return HttpResponse.problem(problem).withHeaders(headers);
    }
}
