package io.github.wsicopy.core.config;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every tunable, read once from the environment (template parameters become environment variables).
 * Endpoint overrides exist only for the local stack; in AWS they are absent and the SDK's defaults apply.
 *
 * @param workspacesCallsPerSecond the WorkSpaces API rate all functions of the stack share per (account, Region)
 *                                 ({@code core.budget.RateBudget})
 * @param workspacesBurst          the calls the shared budget lets through at once after a quiet spell
 * @param workspacesRetrySeconds   how long one WorkSpaces call may be retried after throttling before it fails
 * @param imageQuotaCode           the Service Quotas code of the WorkSpaces images quota (the stack's ImageQuotaCode):
 *                                 each Region's applied value is read with it; empty uses imageQuotaPerRegion
 * @param targetRoleName           the role assumed in other accounts (the stack's TargetRoleName):
 *                                 {@code arn:<partition>:iam::<account>:role/<name>} (core.accounts.AccountAccess)
 * @param targetExternalId         the sts:ExternalId passed to that AssumeRole (TargetExternalId); empty: copies into
 *                                 other accounts are off, and each such account is unreachable with a reason saying so
 * @param functionName             the Lambda function's name (AWS_LAMBDA_FUNCTION_NAME), for AssumeRole session names
 * @param publishParameterPath     the stack's PublishParameterPath (PUBLISH_PARAMETER_PATH): a request's
 *                                 {@code publish.parameterPrefix} must start with it; empty: not checked
 */
public record Settings(
        String awsRegion,
        String tableName,
        int imageQuotaPerRegion,
        List<String> trustedOwnerAccounts,
        int maxStartsPerInvocation,
        double startRatePerSecond,
        double pollRatePerSecond,
        int startWaitSeconds,
        int pollWaitInitialSeconds,
        int pollWaitMaxSeconds,
        int claimLeaseSeconds,
        int shareLeaseSeconds,
        int maxCopyHours,
        int tagLookupLimit,
        int jobTtlDays,
        Optional<String> topicArn,
        String eventBusName,
        String eventSource,
        Optional<String> accountId,
        Optional<URI> workspacesEndpoint,
        Optional<URI> dynamodbEndpoint,
        Optional<URI> snsEndpoint,
        Optional<URI> eventsEndpoint,
        double workspacesCallsPerSecond,
        int workspacesBurst,
        int workspacesRetrySeconds,
        int regionFactsMaxAgeSeconds,
        Optional<String> imageQuotaCode,
        Optional<URI> serviceQuotasEndpoint,
        Optional<URI> ssmEndpoint,
        String targetRoleName,
        Optional<String> targetExternalId,
        Optional<String> functionName,
        Optional<URI> stsEndpoint,
        Optional<URI> organizationsEndpoint,
        Optional<String> publishParameterPath) {

    /** A copy still PENDING in WorkSpaces this many hours after it started ends FAILED (COPY_DEADLINE_EXCEEDED). */
    public static final int DEFAULT_MAX_COPY_HOURS = 12;
    /** templates/target-account-role.yaml's default RoleName. */
    public static final String DEFAULT_TARGET_ROLE_NAME = "wsicopy-target";

    public static Settings fromEnvironment() {
        return from(System.getenv());
    }

    public static Settings from(Map<String, String> env) {
        Reader r = new Reader(env);
        return new Settings(
                r.text("AWS_REGION", "us-east-1"),
                r.text("TABLE_NAME", "wsicopy-jobs"),
                r.integer("IMAGE_QUOTA_PER_REGION", 40, 1, 100_000),
                r.list("TRUSTED_OWNER_ACCOUNTS"),
                r.integer("MAX_STARTS_PER_INVOCATION", 50, 1, 500),
                r.decimal("START_RATE_PER_SECOND", 2.0, 0.01, 100),
                r.decimal("POLL_RATE_PER_SECOND", 2.0, 0.01, 100),
                r.integer("START_WAIT_SECONDS", 10, 1, 3600),
                r.integer("POLL_WAIT_INITIAL_SECONDS", 30, 1, 3600),
                r.integer("POLL_WAIT_MAX_SECONDS", 300, 1, 86_400),
                r.integer("CLAIM_LEASE_SECONDS", 180, 1, 3600),
                // ImageShares' lease (default its DEFAULT_LEASE); no template parameter: make bench-org raises it, its
                // virtual clock running ahead of the real-time rate limit the share calls wait for.
                r.integer("SHARE_LEASE_SECONDS", 120, 10, 86_400),
                r.integer("MAX_COPY_HOURS", DEFAULT_MAX_COPY_HOURS, 1, 72),
                r.integer("TAG_LOOKUP_LIMIT", 50, 0, 10_000),
                r.integer("JOB_TTL_DAYS", 90, 1, 3650),
                r.optional("TOPIC_ARN"),
                r.text("EVENT_BUS_NAME", "default"),
                r.text("EVENT_SOURCE", "wsicopy"),
                r.optional("ACCOUNT_ID"),
                r.endpoint("WORKSPACES"),
                r.endpoint("DYNAMODB"),
                r.endpoint("SNS"),
                r.endpoint("EVENTBRIDGE"),
                r.decimal("WORKSPACES_CALLS_PER_SECOND", 2.0, 0.01, 1000),
                r.integer("WORKSPACES_BURST", 5, 1, 1000),
                r.integer("WORKSPACES_RETRY_SECONDS", 60, 1, 900),
                r.integer("REGION_FACTS_MAX_AGE_SECONDS", 60, 0, 900),
                r.optional("IMAGE_QUOTA_CODE"),
                r.endpoint("SERVICE_QUOTAS"),
                r.endpoint("SSM"),
                r.matching("TARGET_ROLE_NAME", DEFAULT_TARGET_ROLE_NAME, "[\\w+=,.@-]{1,64}",
                        "an IAM role name (1 to 64 letters, digits and +=,.@_-)"),
                r.optional("TARGET_EXTERNAL_ID"),
                r.optional("AWS_LAMBDA_FUNCTION_NAME"),
                r.endpoint("STS"),
                r.endpoint("ORGANIZATIONS"),
                r.optional("PUBLISH_PARAMETER_PATH"));
    }

    /**
     * The SDK's standard endpoint settings in a function's environment: {@code AWS_ENDPOINT_URL_<SERVICE>}, else
     * {@code AWS_ENDPOINT_URL}. Absent in AWS; the local stack sets them per function (its functions share one JVM,
     * so they are read from the function's environment here rather than left to the SDK's process-wide lookup).
     */
    public static Optional<URI> endpoint(Map<String, String> env, String serviceId) {
        return new Reader(env).endpoint(serviceId);
    }

    /** A variable that must be set: its value, else an error that says what it is for. */
    public static String required(Map<String, String> env, String name, String why) {
        return new Reader(env).optional(name)
                .orElseThrow(() -> new IllegalStateException(name + " is not set: " + why));
    }

    /** Reads with defaults; a present but malformed value is a deployment mistake and fails the init loudly. */
    private record Reader(Map<String, String> env) {
        /** See {@link Settings#endpoint(Map, String)}. */
        Optional<URI> endpoint(String serviceId) {
            return optional("AWS_ENDPOINT_URL_" + serviceId).or(() -> optional("AWS_ENDPOINT_URL")).map(URI::create);
        }

        Optional<String> optional(String name) {
            return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
        }

        String text(String name, String fallback) {
            return optional(name).orElse(fallback);
        }

        String matching(String name, String fallback, String pattern, String what) {
            String value = text(name, fallback);
            if (!value.matches(pattern)) {
                throw new IllegalStateException(name + " must be " + what + ", got '" + value + "'");
            }
            return value;
        }

        List<String> list(String name) {
            return optional(name)
                    .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                    .orElse(List.of());
        }

        int integer(String name, int fallback, int min, int max) {
            return optional(name).map(v -> {
                try {
                    return check(name, Integer.parseInt(v), min, max);
                } catch (NumberFormatException e) {
                    throw new IllegalStateException(name + " must be a whole number, got '" + v + "'");
                }
            }).orElse(fallback);
        }

        double decimal(String name, double fallback, double min, double max) {
            return optional(name).map(v -> {
                try {
                    double d = Double.parseDouble(v);
                    if (!(d >= min && d <= max)) {
                        throw new IllegalStateException(name + " must be between " + min + " and " + max + ", got " + v);
                    }
                    return d;
                } catch (NumberFormatException e) {
                    throw new IllegalStateException(name + " must be a number, got '" + v + "'");
                }
            }).orElse(fallback);
        }

        private static int check(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalStateException(name + " must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        }
    }
}
