package io.github.wsicopy.api;

/**
 * Every kind of error the API answers with, as an RFC 9457 problem type. The {@code type} URIs are stable:
 * clients may switch on them. docs/api/openapi.yaml lists them.
 */
public enum ProblemType {
    INVALID_REQUEST(400, "invalid-request", "The request is invalid"),
    INVALID_PARAMETER(400, "invalid-parameter", "A query parameter is invalid"),
    MALFORMED_JSON(400, "malformed-json", "The body is not a JSON object"),
    NOT_FOUND(404, "not-found", "No such resource"),
    JOB_NOT_FOUND(404, "job-not-found", "No such job"),
    POLICY_NOT_FOUND(404, "policy-not-found", "No such policy"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    JOB_NOT_CANCELLABLE(409, "job-not-cancellable", "The job has already ended"),
    JOB_NOT_FINISHED(409, "job-not-finished", "The job has not ended yet"),
    NOTHING_TO_RETRY(409, "nothing-to-retry", "The job has no failed tasks"),
    POLICY_CHANGED(409, "policy-changed", "The policy changed since the version named in If-Match"),
    POLICY_RUN_ACTIVE(409, "policy-run-active", "A run of the policy is still active"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "The body is too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "The body must be application/json"),
    IDEMPOTENCY_KEY_REUSED(422, "idempotency-key-reused", "The Idempotency-Key was used for another request"),
    SOURCE_UNREADABLE(422, "source-unreadable", "The source Region cannot be read"),
    INTERNAL_ERROR(500, "internal-error", "Internal error"),
    SERVICE_UNAVAILABLE(503, "service-unavailable", "Temporarily unavailable");

    public static final String BASE = "https://github.com/wsicopy/errors/";

    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String uri() {
        return BASE + slug;
    }

    public String title() {
        return title;
    }
}
