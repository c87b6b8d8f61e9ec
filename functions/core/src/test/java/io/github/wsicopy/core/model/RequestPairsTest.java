package io.github.wsicopy.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.json.Json;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code pairs}: a request limited to some (image, destination Region) pairs, as a retry makes. */
class RequestPairsTest {
    private static final String BASE = """
            "sourceRegion": "us-east-1", "imageIds": ["wsi-abc123def", "wsi-xyz789ghi"],
            "destinationRegions": ["eu-west-1", "ap-northeast-1"]""";

    private static RequestParser.Parsed parse(String pairs) {
        return RequestParser.parse(Json.parseObject("{" + BASE + ", \"pairs\": " + pairs + "}"),
                RequestParser.Defaults.NONE);
    }

    @Test
    void listedPairsAreTheOnlyOnesIncluded() {
        CopyRequest request = assertInstanceOf(RequestParser.Valid.class, parse("""
                [{"imageId": "wsi-abc123def", "destinationRegion": "ap-northeast-1"},
                 {"imageId": "wsi-xyz789ghi", "destinationRegion": "eu-west-1"}]""")).request();

        assertEquals(Set.of(new CopyPair("wsi-abc123def", "ap-northeast-1"), new CopyPair("wsi-xyz789ghi", "eu-west-1")),
                request.pairs());
        assertTrue(request.includes("123456789012", "wsi-abc123def", "ap-northeast-1"));
        assertFalse(request.includes("123456789012", "wsi-abc123def", "eu-west-1"));
    }

    @Test
    void withoutPairsEveryCombinationIsIncluded() {
        CopyRequest request = ((RequestParser.Valid) RequestParser.parse(Json.parseObject("{" + BASE + "}"),
                RequestParser.Defaults.NONE)).request();
        assertTrue(request.includes("123456789012", "wsi-xyz789ghi", "ap-northeast-1"));
    }

    @Test
    void pairsOutsideTheRequestDuplicatesAndBadShapesAreEachReported() {
        List<FieldError> errors = assertInstanceOf(RequestParser.Invalid.class, parse("""
                [{"imageId": "wsi-000000000", "destinationRegion": "eu-west-1"},
                 {"imageId": "wsi-abc123def", "destinationRegion": "us-west-2"},
                 {"imageId": "wsi-abc123def", "destinationRegion": "eu-west-1"},
                 {"imageId": "wsi-abc123def", "destinationRegion": "eu-west-1"},
                 {"imageId": "wsi-abc123def"},
                 "wsi-abc123def"]""")).errors();

        assertEquals(List.of("pairs[0].imageId enum", "pairs[1].destinationRegion enum", "pairs[3] unique",
                "pairs[4].destinationRegion required", "pairs[5] type"),
                errors.stream().map(e -> e.field() + " " + e.rule()).toList());
        assertEquals(List.of("pairs minItems"), ((RequestParser.Invalid) parse("[]")).errors().stream()
                .map(e -> e.field() + " " + e.rule()).toList());
    }
}
