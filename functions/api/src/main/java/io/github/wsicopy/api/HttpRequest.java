package io.github.wsicopy.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of an API Gateway HTTP API (payload format 2.0) event the API reads.
 *
 * @param headers    lower-case names (API Gateway sends them so; the local server does too)
 * @param body       the body's bytes (base64-decoded when the event says so); empty when there is none
 * @param baseUrl    scheme, host and stage path of the API, for the URLs in answers
 * @param caller     the IAM principal that signed the request (the ARN), or "anonymous" without IAM auth
 * @param requestId  API Gateway's request id, quoted in internal-error answers so a log line can be found
 */
public record HttpRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
        byte[] body, String baseUrl, String caller, String requestId) {

    public HttpRequest {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Reads a payload 2.0 event; anything missing that API Gateway always sends fails as an internal error. */
    public static HttpRequest fromEvent(Map<String, Object> event) {
        Map<String, Object> context = object(event.get("requestContext"));
        Map<String, Object> http = object(context.get("http"));
        String method = string(http.get("method")).orElseThrow(() -> new IllegalArgumentException(
                "the event has no requestContext.http.method: is it an API Gateway HTTP API payload 2.0 event?"));
        String path = string(event.get("rawPath")).or(() -> string(http.get("path"))).orElse("/");
        Map<String, String> headers = new LinkedHashMap<>();
        object(event.get("headers")).forEach((k, v) -> string(v).ifPresent(s -> headers.put(k.toLowerCase(Locale.ROOT), s)));
        Map<String, String> query = new LinkedHashMap<>();
        object(event.get("queryStringParameters")).forEach((k, v) -> string(v).ifPresent(s -> query.put(k, s)));
        byte[] body = string(event.get("body"))
                .map(b -> Boolean.TRUE.equals(event.get("isBase64Encoded"))
                        ? Base64.getDecoder().decode(b) : b.getBytes(StandardCharsets.UTF_8))
                .orElse(new byte[0]);
        String scheme = Optional.ofNullable(headers.get("x-forwarded-proto")).orElse("https");
        String host = string(context.get("domainName")).or(() -> Optional.ofNullable(headers.get("host"))).orElse("localhost");
        String stage = string(context.get("stage")).filter(s -> !s.equals("$default")).map(s -> "/" + s).orElse("");
        String caller = string(object(object(context.get("authorizer")).get("iam")).get("userArn")).orElse("anonymous");
        String requestId = string(context.get("requestId")).orElse("-");
        return new HttpRequest(method.toUpperCase(Locale.ROOT), path, query, headers, body, scheme + "://" + host + stage,
                caller, requestId);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static Optional<String> string(Object value) {
        return value instanceof String s ? Optional.of(s) : Optional.empty();
    }
}
