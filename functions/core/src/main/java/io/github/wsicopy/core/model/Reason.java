package io.github.wsicopy.core.model;

import io.github.wsicopy.core.json.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Why a pair is not copied (or its copy ended), as data: a {@link ReasonCode} and the facts that explain it, by
 * name. Words are never stored as the truth: each surface renders its own from this ({@link ReasonText} for the task's
 * {@code reason}, the API and the notification; {@code core.cloudformation.ResourceReasons} for CloudFormation).
 * The parameters are stored with the task ({@code reasonParams}), so a surface can render long after the fact.
 *
 * <p>Parameter names ({@code image}, {@code region}, ...) are the constants below; which ones a code carries is
 * documented in docs/architecture.md ("Reasons"). Where one code arises in several situations, {@link #CASE} names
 * the situation; renderers choose their words by it, never by looking at a message.
 */
public record Reason(ReasonCode code, Map<String, String> params) {
    /** Which situation of the code, e.g. {@code source} or {@code destination} for REGION_NOT_SUPPORTED. */
    public static final String CASE = "case";
    /** The source image's id. */
    public static final String IMAGE = "image";
    public static final String SOURCE_REGION = "sourceRegion";
    /** The destination Region. */
    public static final String REGION = "region";
    /** A destination image name (the rendered or the taken one). */
    public static final String NAME = "name";
    /** An image of the destination Region: the copy, or the image in the way. */
    public static final String COPY = "copy";
    public static final String OWNER = "owner";
    public static final String STATE = "state";
    public static final String LIMIT = "limit";
    public static final String COUNT = "count";
    public static final String PLANNED = "planned";
    /** How many of a copy's tags come from its source image (TOO_MANY_TAGS). */
    public static final String SOURCE_TAGS = "sourceTags";
    /** Where an image quota came from: {@code service-quotas} (the applied value) or {@code configured}. */
    public static final String QUOTA_SOURCE = "quotaSource";
    public static final String PARTITION = "partition";
    public static final String SOURCE_PARTITION = "sourcePartition";
    /** Another job (the one that made a copy, or this task's job where the text names it). */
    public static final String JOB = "job";
    /** A problem found by another part, in its own words (a template's problem, WorkSpaces' error). */
    public static final String PROBLEM = "problem";
    /** A WorkSpaces or workflow error, described ({@code WorkSpacesError.describe()} and the like). */
    public static final String ERROR = "error";
    /** Text the rules judged (a rendered name or description). */
    public static final String TEXT = "text";
    /** Where judged text came from: {@code template}, {@code source} or {@code default}. */
    public static final String ORIGIN = "origin";
    public static final String ATTEMPTS = "attempts";
    public static final String HOURS = "hours";
    public static final String SECONDS = "seconds";
    /** The Region loop's step that failed: StartCopies or PollStatus. */
    public static final String STEP = "step";
    /** The task's state when the workflow stopped or the job was cancelled: PENDING, STARTING or COPYING. */
    public static final String STAGE = "stage";
    /** The stack's PublishParameterPath (PUBLISH_PATH_NOT_ALLOWED). */
    public static final String PATH = "path";
    /** The request's retain.keepLatest, where a quota refusal says what retention frees after the run. */
    public static final String KEEP_LATEST = "keepLatest";
    /** A target account (12 digits). */
    public static final String ACCOUNT = "account";
    /** The role assumed in a target account ({@code arn:<partition>:iam::<account>:role/<name>}). */
    public static final String ROLE_ARN = "roleArn";

    public Reason {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public static Builder of(ReasonCode code) {
        return new Builder(code);
    }

    /** A parameter the code always carries; "?" if a record lacks it (never a failure while rendering). */
    public String get(String name) {
        return params.getOrDefault(name, "?");
    }

    public Optional<String> find(String name) {
        return Optional.ofNullable(params.get(name)).filter(v -> !v.isEmpty());
    }

    /** The situation ({@link #CASE}), or {@code fallback} when the code has only one. */
    public String situation(String fallback) {
        return params.getOrDefault(CASE, fallback);
    }

    /**
     * This reason about a pair in another account: every surface then names the account with the Region. Unchanged
     * when it already names one.
     */
    public Reason inAccount(String account) {
        if (params.containsKey(ACCOUNT)) {
            return this;
        }
        Map<String, String> with = new LinkedHashMap<>(params);
        with.put(ACCOUNT, account);
        return new Reason(code, with);
    }

    /** The default English rendering: the task's {@code reason}, the API's and the notification's text. */
    public String text() {
        return ReasonText.render(this);
    }

    /** The parameters as the JSON object stored beside {@code reasonCode} ({@code reasonParams}). */
    public String paramsJson() {
        return paramsToJson(params);
    }

    public static String paramsToJson(Map<String, String> params) {
        return Json.write(params);
    }

    public static Map<String, String> paramsFromJson(String json) {
        Map<String, String> params = new LinkedHashMap<>();
        Json.parseObject(json).forEach((k, v) -> params.put(k, String.valueOf(v)));
        return params;
    }

    public static final class Builder {
        private final ReasonCode code;
        private final Map<String, String> params = new LinkedHashMap<>();

        private Builder(ReasonCode code) {
            this.code = code;
        }

        public Builder with(String name, Object value) {
            if (value != null) {
                params.put(name, String.valueOf(value));
            }
            return this;
        }

        public Builder situation(String name) {
            return with(CASE, name);
        }

        public Reason build() {
            return new Reason(code, params);
        }
    }
}
