package io.github.wsicopy.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The payload 2.0 event API Gateway (HTTP API) sends for a plain HTTP request, for the local API server and tests
 * (in AWS, API Gateway builds it). The body goes base64-encoded unless it is text, as API Gateway does.
 */
public final class ApiGatewayEvent {
    private ApiGatewayEvent() {}

    /**
     * @param host    the Host the client called, e.g. {@code 127.0.0.1:8080}
     * @param scheme  {@code http} on loopback
     * @param caller  the IAM principal to report as the signer
     */
    public static Map<String, Object> of(String method, String path, String rawQuery, Map<String, String> headers,
            byte[] body, String host, String scheme, String accountId, String caller) {
        Map<String, String> lowerHeaders = new LinkedHashMap<>();
        headers.forEach((k, v) -> lowerHeaders.put(k.toLowerCase(Locale.ROOT), v));
        lowerHeaders.put("x-forwarded-proto", scheme);
        lowerHeaders.putIfAbsent("host", host);
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("method", method.toUpperCase(Locale.ROOT));
        http.put("path", path);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", "127.0.0.1");
        http.put("userAgent", lowerHeaders.getOrDefault("user-agent", ""));
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("accountId", accountId);
        context.put("apiId", "local");
        context.put("domainName", host);
        context.put("http", http);
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", "$default");
        context.put("stage", "$default");
        context.put("authorizer", Map.of("iam", Map.of("accountId", accountId, "userArn", caller)));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", path);
        event.put("rawQueryString", rawQuery == null ? "" : rawQuery);
        event.put("headers", lowerHeaders);
        Map<String, Object> query = query(rawQuery);
        if (!query.isEmpty()) {
            event.put("queryStringParameters", query);
        }
        event.put("requestContext", context);
        if (body != null && body.length > 0) {
            boolean text = lowerHeaders.getOrDefault("content-type", "").contains("json");
            event.put("body", text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
            event.put("isBase64Encoded", !text);
        } else {
            event.put("isBase64Encoded", false);
        }
        return event;
    }

    /** {@code a=1&b=2} → {a: 1, b: 2}, URL-decoded; a repeated name keeps its values comma-joined, as API Gateway. */
    static Map<String, Object> query(String rawQuery) {
        Map<String, Object> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.merge(name, value, (a, b) -> a + "," + b);
        }
        return query;
    }

    private static String decode(String text) {
        return java.net.URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
