package io.github.wsicopy.core.config;

import com.amazonaws.services.lambda.runtime.Context;
import io.github.wsicopy.core.model.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reading handler events: missing or malformed fields fail with a message that names the field. */
public final class Inputs {
    /** Step Functions execution names allow these; the job id is the execution name. */
    public static final Pattern JOB_ID = Pattern.compile("^[A-Za-z0-9_-]{1,80}$");
    private static final Pattern REGION = Pattern.compile("^[-0-9a-z]{1,31}$");

    private Inputs() {}

    public static Optional<String> optionalString(Map<String, Object> input, String field) {
        Object value = input.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String s) {
            return Optional.of(s);
        }
        throw new IllegalArgumentException("'" + field + "' must be a string");
    }

    public static String jobId(String value, String field) {
        if (!JOB_ID.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + field + "' must be 1 to 80 letters, digits, '-' or '_', got '"
                    + abbreviate(value) + "'");
        }
        return value;
    }

    public static String requiredJobId(Map<String, Object> input) {
        return jobId(optionalString(input, "jobId").orElseThrow(
                () -> new IllegalArgumentException("'jobId' is required")), "jobId");
    }

    public static String requiredRegion(Map<String, Object> input) {
        String region = optionalString(input, "region").orElseThrow(
                () -> new IllegalArgumentException("'region' is required"));
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("'region' must match " + REGION.pattern() + ", got '" + abbreviate(region) + "'");
        }
        return region;
    }

    /** The destination account of a Region loop's input: 12 digits. */
    public static String requiredAccount(Map<String, Object> input) {
        String account = optionalString(input, "account").orElseThrow(
                () -> new IllegalArgumentException("'account' is required (the destination account, 12 digits)"));
        if (!account.matches("\\d{12}")) {
            throw new IllegalArgumentException("'account' must be 12 digits, got '" + abbreviate(account) + "'");
        }
        return account;
    }

    /**
     * The targets of a Region loop's input (its batch): a non-empty list of {@code {"account", "region"}}, each checked
     * as {@link #requiredAccount} and {@link #requiredRegion} check theirs.
     */
    @SuppressWarnings("unchecked")
    public static List<Target> requiredTargets(Map<String, Object> input) {
        if (!(input.get("targets") instanceof List<?> items) || items.isEmpty()) {
            throw new IllegalArgumentException("'targets' is required: a non-empty list of {\"account\", \"region\"}");
        }
        List<Target> targets = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Map<?, ?> item)) {
                throw new IllegalArgumentException("'targets[" + i + "]' must be an object {\"account\", \"region\"}");
            }
            Map<String, Object> target = (Map<String, Object>) item;
            try {
                targets.add(new Target(requiredAccount(target), requiredRegion(target)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("in 'targets[" + i + "]': " + e.getMessage(), e);
            }
        }
        return List.copyOf(targets);
    }

    @SuppressWarnings("unchecked")
    public static Optional<Map<String, Object>> optionalObject(Map<String, Object> input, String field) {
        Object value = input.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Map<?, ?> map) {
            return Optional.of((Map<String, Object>) map);
        }
        throw new IllegalArgumentException("'" + field + "' must be an object");
    }

    /**
     * The account the function runs in, from its own ARN (free, unlike an STS call at cold start); the
     * ACCOUNT_ID setting wins when given, for the local stack.
     */
    public static String callerAccount(Context context, Settings settings) {
        if (settings.accountId().isPresent()) {
            return settings.accountId().get();
        }
        String arn = context == null ? null : context.getInvokedFunctionArn();
        if (arn != null) {
            String[] parts = arn.split(":");
            if (parts.length > 4 && parts[4].matches("\\d{12}")) {
                return parts[4];
            }
        }
        throw new IllegalStateException("cannot tell the account: set ACCOUNT_ID or invoke through Lambda");
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
