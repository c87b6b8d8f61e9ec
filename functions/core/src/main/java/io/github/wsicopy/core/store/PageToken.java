package io.github.wsicopy.core.store;

import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.json.JsonException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A query's LastEvaluatedKey as an opaque {@code nextToken} (base64url of a small JSON object of strings) and
 * back. A token that was not made here, or for another listing, is refused with a message a caller can show.
 */
final class PageToken {
    private PageToken() {}

    static Optional<String> encode(Map<String, AttributeValue> lastKey) {
        if (lastKey == null || lastKey.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> json = new LinkedHashMap<>();
        lastKey.forEach((k, v) -> json.put(k, v.s()));
        return Optional.of(Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Json.write(json).getBytes(StandardCharsets.UTF_8)));
    }

    /** The start key; throws {@link InvalidPageToken} when the token is not one of {@code keys}' tokens. */
    static Map<String, AttributeValue> decode(String token, Set<String> keys) {
        Map<String, Object> json;
        try {
            json = Json.parseObject(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | JsonException e) {
            throw new InvalidPageToken();
        }
        if (!json.keySet().equals(keys) || !json.values().stream().allMatch(String.class::isInstance)) {
            throw new InvalidPageToken();
        }
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        json.forEach((k, v) -> key.put(k, AttributeValue.fromS((String) v)));
        return key;
    }
}
