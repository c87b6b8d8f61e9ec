package io.github.wsicopy.customresource;

import io.github.wsicopy.core.model.RequestParser;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One CloudFormation custom-resource request, as CloudFormation delivers it, or as the provider hands it to its
 * own next invocation (the same event plus a {@link Continuation}).
 *
 * @param raw the event as received, so a hand-over sends CloudFormation's request on unchanged
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
        Optional<Continuation> continuation,
        Map<String, Object> raw) {

    public enum RequestType { Create, Update, Delete }

    /** The provider's own field in a handed-over event; CloudFormation's fields are left as they were. */
    static final String CONTINUATION = "WsiCopyContinuation";

    /**
     * Where a wait goes on in the next invocation.
     *
     * @param token     owns the request's lease (Lambda's retries of the hand-over carry the same token)
     * @param link      how many invocations came before this one, for the logs
     * @param pollRound the poll round reached, so the waits between polls keep growing across invocations
     * @param notBefore when the next look at the copy is due: the wait the previous invocation had no time for
     */
    public record Continuation(String token, int link, int pollRound, Instant notBefore) {}

    /** Reads an event; an event without the fields a response needs cannot be answered and is refused. */
    @SuppressWarnings("unchecked")
    public static ResourceEvent parse(Map<String, Object> raw) {
        RequestType type;
        String typeName = text(raw, "RequestType");
        try {
            type = RequestType.valueOf(typeName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'RequestType' must be Create, Update or Delete, got '" + typeName + "'");
        }
        Optional<Continuation> continuation = Optional.empty();
        if (raw.get(CONTINUATION) instanceof Map<?, ?> c) {
            Map<String, Object> m = (Map<String, Object>) c;
            continuation = Optional.of(new Continuation(String.valueOf(m.get("token")), number(m.get("link")),
                    number(m.get("pollRound")), instant(m.get("notBefore"))));
        }
        return new ResourceEvent(type, text(raw, "ResponseURL"), text(raw, "StackId"), text(raw, "RequestId"),
                text(raw, "LogicalResourceId"), Optional.ofNullable(raw.get("ResourceType")).map(String::valueOf).orElse(""),
                Optional.ofNullable(raw.get("PhysicalResourceId")).map(String::valueOf),
                object(raw, "ResourceProperties"), object(raw, "OldResourceProperties"), continuation, raw);
    }

    /** Stable per (stack, resource, request): duplicates and hand-overs of one request share it. */
    public String requestKey() {
        return sha256(stackId + "\n" + logicalResourceId + "\n" + requestId).substring(0, 32);
    }

    /**
     * The job that makes this request's copy. Derived from the request, so a duplicate delivery finds the job
     * the first one made instead of copying again; short, because the default name embeds it.
     */
    public String jobId() {
        return "cfn-" + requestKey().substring(0, 12);
    }

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

    /** This event for the next invocation: CloudFormation's request unchanged, plus where to go on. */
    public Map<String, Object> handedOver(Continuation next) {
        Map<String, Object> event = new LinkedHashMap<>(raw);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("token", next.token());
        c.put("link", next.link());
        c.put("pollRound", next.pollRound());
        c.put("notBefore", next.notBefore().toString());
        event.put(CONTINUATION, c);
        return event;
    }

    static String sha256(String text) {
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

    /** A malformed or missing time means "now": the wait is then shorter, never stuck. */
    private static Instant instant(Object value) {
        try {
            return Instant.parse(String.valueOf(value));
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static int number(Object value) {
        return value instanceof BigDecimal d ? d.intValue() : value instanceof Number n ? n.intValue() : 0;
    }
}
