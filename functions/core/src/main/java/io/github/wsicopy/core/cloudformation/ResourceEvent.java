package io.github.wsicopy.core.cloudformation;

import io.github.wsicopy.core.model.RequestParser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * One CloudFormation custom-resource request, as CloudFormation delivers it. The provider records it (in
 * {@link ResponseLedger}) so whoever ends the request's job (the state machine's functions) can answer it.
 *
 * @param raw the event as received, so the request can be recorded and read back unchanged
 */
public record ResourceEvent(
        RequestType requestType,
        String responseUrl,
        String stackId,
        String requestId,
        String logicalResourceId,
        String resourceType,
        Optional<String> physicalResourceId,
        Map<String, Object> properties,
        Map<String, Object> oldProperties,
        Map<String, Object> raw) {

    public enum RequestType { Create, Update, Delete }

    /** Reads an event; an event without the fields a response needs cannot be answered and is refused. */
    public static ResourceEvent parse(Map<String, Object> raw) {
        RequestType type;
        String typeName = text(raw, "RequestType");
        try {
            type = RequestType.valueOf(typeName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'RequestType' must be Create, Update or Delete, got '" + typeName + "'");
        }
        return new ResourceEvent(type, text(raw, "ResponseURL"), text(raw, "StackId"), text(raw, "RequestId"),
                text(raw, "LogicalResourceId"), Optional.ofNullable(raw.get("ResourceType")).map(String::valueOf).orElse(""),
                Optional.ofNullable(raw.get("PhysicalResourceId")).map(String::valueOf),
                object(raw, "ResourceProperties"), object(raw, "OldResourceProperties"), raw);
    }

    /** Stable per (stack, resource, request): duplicate deliveries of one request share it. */
    public String requestKey() {
        return sha256(stackId + "\n" + logicalResourceId + "\n" + requestId).substring(0, 32);
    }

    /**
     * The job that makes this request's copy. Derived from the request, so a duplicate delivery finds the job
     * the first one made instead of copying again; short, because the default name embeds it.
     */
    public String jobId() {
        return JOB_ID_PREFIX + requestKey().substring(0, 12);
    }

    /** Every resource's job id starts so; a cheap first test before a job's origin is read. */
    public static final String JOB_ID_PREFIX = "cfn-";

    /** The physical id of a resource that got no image: never an image id, so Delete knows there is nothing to do. */
    public String noImageId() {
        return "wsicopy-no-image-" + requestKey().substring(0, 12);
    }

    /** The Region of the stack, from its ARN ({@code arn:aws:cloudformation:<region>:...}). */
    public Optional<String> stackRegion() {
        String[] parts = stackId.split(":");
        return parts.length > 3 && RequestParser.REGION.matcher(parts[3]).matches()
                ? Optional.of(parts[3]) : Optional.empty();
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static String text(Map<String, Object> raw, String field) {
        if (raw.get(field) instanceof String s && !s.isBlank()) {
            return s;
        }
        throw new IllegalArgumentException("'" + field + "' is missing: this is not a CloudFormation custom-resource request");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> raw, String field) {
        return raw.get(field) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
