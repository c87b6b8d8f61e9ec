package io.github.wsicopy.api;

import io.github.wsicopy.core.config.Inputs;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.json.JsonException;
import io.github.wsicopy.core.model.FieldError;
import io.github.wsicopy.core.model.RequestParser;
import io.github.wsicopy.core.store.TaskState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and checks what a request carries besides the routes: the JSON body, query parameters, headers. */
final class Params {
    static final int DEFAULT_LIMIT = 25;
    static final int MAX_LIMIT = 100;
    /** Printable ASCII without spaces, as most clients generate (UUIDs, ULIDs, hashes). */
    static final Pattern IDEMPOTENCY_KEY = Pattern.compile("^[A-Za-z0-9_.~-]{1,128}$");

    private Params() {}

    /** The body as a JSON object: 413 when too large, 415 when not declared JSON, 400 when not a JSON object. */
    static Map<String, Object> jsonBody(HttpRequest request, int maxBytes) {
        if (request.body().length > maxBytes) {
            throw new ApiException(ProblemType.PAYLOAD_TOO_LARGE, "the body has " + request.body().length
                    + " bytes; at most " + maxBytes + " are accepted: split the request into several jobs");
        }
        String contentType = request.header("content-type").orElse("");
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new ApiException(ProblemType.UNSUPPORTED_MEDIA_TYPE, (contentType.isEmpty() ? "the request has no"
                    + " Content-Type" : "Content-Type " + contentType + " is not accepted")
                    + "; send the body as JSON with Content-Type: application/json");
        }
        if (request.body().length == 0) {
            throw new ApiException(ProblemType.MALFORMED_JSON, "the body is empty; send the request as a JSON object");
        }
        try {
            return Json.parseObject(request.bodyText());
        } catch (JsonException e) {
            throw new ApiException(ProblemType.MALFORMED_JSON, e.getMessage() + "; send the request as a JSON object");
        }
    }

    /** Refuses query parameters the route does not know (a typo would otherwise be ignored silently). */
    static void onlyKnown(HttpRequest request, Set<String> known) {
        List<FieldError> errors = new ArrayList<>();
        for (String name : request.query().keySet()) {
            if (!known.contains(name)) {
                errors.add(new FieldError(name, "unknownParameter", "is not a parameter of this operation"
                        + (known.isEmpty() ? ", which takes none" : "; the parameters are " + String.join(", ", known))));
            }
        }
        fail(errors);
    }

    static int limit(HttpRequest request, List<FieldError> errors) {
        Optional<String> value = Optional.ofNullable(request.query().get("limit"));
        if (value.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.get());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError("limit", "range", "must be a whole number from 1 to " + MAX_LIMIT + ", got \""
                + abbreviate(value.get()) + "\""));
        return DEFAULT_LIMIT;
    }

    static Optional<String> nextToken(HttpRequest request) {
        return Optional.ofNullable(request.query().get("nextToken"));
    }

    static Optional<TaskState> taskState(HttpRequest request, List<FieldError> errors) {
        Optional<String> value = Optional.ofNullable(request.query().get("state"));
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(TaskState.valueOf(value.get()));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("state", "enum", "\"" + abbreviate(value.get()) + "\" is not a task state; use one"
                    + " of " + Arrays.toString(TaskState.values())));
            return Optional.empty();
        }
    }

    static Optional<String> region(HttpRequest request, List<FieldError> errors) {
        Optional<String> value = Optional.ofNullable(request.query().get("region"));
        if (value.isPresent() && !RequestParser.REGION.matcher(value.get()).matches()) {
            errors.add(new FieldError("region", "pattern", "\"" + abbreviate(value.get()) + "\" is not a Region id;"
                    + " use e.g. eu-west-1"));
            return Optional.empty();
        }
        return value;
    }

    /** {@code account=<12 digits>}: a destination account. */
    static Optional<String> account(HttpRequest request, List<FieldError> errors) {
        Optional<String> value = Optional.ofNullable(request.query().get("account"));
        if (value.isPresent() && !RequestParser.ACCOUNT_ID.matcher(value.get()).matches()) {
            errors.add(new FieldError("account", "pattern", "\"" + abbreviate(value.get()) + "\" is not an AWS account"
                    + " id; give the 12 digits, e.g. 123456789012"));
            return Optional.empty();
        }
        return value;
    }

    /** {@code dryRun=true|false}. */
    static boolean dryRun(HttpRequest request) {
        String value = request.query().getOrDefault("dryRun", "false");
        if (!value.equals("true") && !value.equals("false")) {
            fail(List.of(new FieldError("dryRun", "enum", "must be true or false, got \"" + abbreviate(value) + "\"")));
        }
        return value.equals("true");
    }

    static Optional<String> idempotencyKey(HttpRequest request) {
        Optional<String> key = request.header("idempotency-key");
        if (key.isPresent() && !IDEMPOTENCY_KEY.matcher(key.get()).matches()) {
            throw new ApiException(ProblemType.INVALID_PARAMETER, "the Idempotency-Key header is invalid",
                    List.of(new FieldError("Idempotency-Key", "pattern", "must be 1 to 128 letters, digits or"
                            + " _ . ~ -, e.g. a UUID; generate one per job you mean to create")));
        }
        return key;
    }

    /** The path's job id: one that cannot exist is simply not found. */
    static String jobId(Map<String, String> pathParameters) {
        String jobId = pathParameters.get("jobId");
        if (!Inputs.JOB_ID.matcher(jobId).matches()) {
            throw new ApiException(ProblemType.JOB_NOT_FOUND, "there is no job \"" + abbreviate(jobId) + "\"; job ids"
                    + " are 1 to 80 letters, digits, '-' or '_'");
        }
        return jobId;
    }

    static void fail(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ApiException(ProblemType.INVALID_PARAMETER, errors.size() + " query parameter(s) are invalid;"
                    + " see errors", errors);
        }
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
