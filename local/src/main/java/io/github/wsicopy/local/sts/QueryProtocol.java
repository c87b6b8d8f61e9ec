package io.github.wsicopy.local.sts;

import io.github.wsicopy.local.model.ServiceModel;
import io.github.wsicopy.local.model.ServiceModel.Shape;
import io.github.wsicopy.local.workspaces.Json;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AWS Query protocol as STS speaks it: form-encoded requests ({@code Action=AssumeRole&Version=...&RoleArn=...},
 * lists as {@code Tags.member.1.Key}) read into the JSON the shared validator checks, and XML answers
 * ({@code <AssumeRoleResponse><AssumeRoleResult>...}, errors as {@code <ErrorResponse><Error>...}).
 */
final class QueryProtocol {

    private static final JsonNodeParser PARSER = JsonNodeParser.create();

    private QueryProtocol() {
    }

    static Map<String, String> form(byte[] body) {
        Map<String, String> params = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }

    /** The request members of {@code shapeName} in {@code params}, as JSON (a value that is not a number stays a string). */
    static JsonNode input(ServiceModel model, String shapeName, Map<String, String> params) {
        Object value = read(model, model.shape(shapeName), "", params);
        return PARSER.parse(Json.write(value == null ? Map.of() : value));
    }

    private static Object read(ServiceModel model, Shape shape, String key, Map<String, String> params) {
        switch (shape.type()) {
            case "structure" -> {
                Map<String, Object> out = new LinkedHashMap<>();
                shape.members().forEach((member, memberShape) -> {
                    Object value = read(model, model.shape(memberShape), key.isEmpty() ? member : key + "." + member, params);
                    if (value != null) {
                        out.put(member, value);
                    }
                });
                return out.isEmpty() && !key.isEmpty() ? null : out;
            }
            case "list" -> {
                if (params.containsKey(key) && params.get(key).isEmpty()) {
                    return List.of();
                }
                List<Object> items = new ArrayList<>();
                for (int i = 1; ; i++) {
                    Object item = read(model, model.shape(shape.listMember()), key + ".member." + i, params);
                    if (item == null) {
                        return items.isEmpty() ? null : items;
                    }
                    items.add(item);
                }
            }
            case "integer", "long" -> {
                String raw = params.get(key);
                if (raw == null) {
                    return null;
                }
                try {
                    return Long.parseLong(raw.trim());
                } catch (NumberFormatException e) {
                    return raw;
                }
            }
            case "boolean" -> {
                String raw = params.get(key);
                return raw == null ? null : switch (raw) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> raw;
                };
            }
            default -> {
                return params.get(key);
            }
        }
    }

    /** {@code <OpResponse xmlns=..><OpResult>output</OpResult><ResponseMetadata>..</ResponseMetadata></OpResponse>}. */
    static byte[] response(String namespace, String operation, String resultWrapper, Map<String, Object> output, String requestId) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append('<').append(operation).append("Response xmlns=\"").append(escape(namespace)).append("\">");
        element(xml, resultWrapper, output);
        xml.append("<ResponseMetadata><RequestId>").append(requestId).append("</RequestId></ResponseMetadata>");
        xml.append("</").append(operation).append("Response>");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] error(String namespace, String code, String message, String requestId) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse xmlns=\"" + escape(namespace) + "\">"
                + "<Error><Type>Sender</Type><Code>" + escape(code) + "</Code><Message>" + escape(message) + "</Message></Error>"
                + "<RequestId>" + requestId + "</RequestId></ErrorResponse>";
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    private static void element(StringBuilder xml, String name, Object value) {
        xml.append('<').append(name).append('>');
        switch (value) {
            case Map<?, ?> map -> map.forEach((k, v) -> element(xml, k.toString(), v));
            case List<?> list -> list.forEach(item -> element(xml, "member", item));
            // Query timestamps are ISO 8601 in UTC.
            case Instant t -> xml.append(DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.MILLIS)));
            default -> xml.append(escape(String.valueOf(value)));
        }
        xml.append("</").append(name).append('>');
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
