package io.github.wsicopy.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyParserTest {
    private static final RequestParser.Defaults DEFAULTS = RequestParser.Defaults.NONE;

    private static ReplicationPolicy valid(String json) {
        PolicyParser.Parsed parsed = PolicyParser.parse(Json.parseObject(json), DEFAULTS);
        return assertInstanceOf(PolicyParser.Valid.class, parsed, parsed::toString).policy();
    }

    private static List<String> errorFields(String json) {
        PolicyParser.Parsed parsed = PolicyParser.parse(Json.parseObject(json), DEFAULTS);
        List<FieldError> errors = assertInstanceOf(PolicyParser.Invalid.class, parsed, parsed::toString).errors();
        errors.forEach(e -> assertTrue(e.message().length() > 15, e.toString()));
        return errors.stream().map(e -> e.field() + " " + e.rule()).toList();
    }

    @Test
    void aFullPolicyKeepsEverything() {
        ReplicationPolicy policy = valid("""
                {"policyId": "nightly-golden", "sourceRegion": "us-east-1",
                 "select": {"tags": {"replicate": "true", "tier": "gold"}, "namePrefix": "golden-",
                            "imageIds": ["wsi-abc123def"]},
                 "destinationRegions": ["eu-west-1", "ap-southeast-2"],
                 "nameTemplate": "{sourceName}", "tags": [{"key": "team", "value": "euc"}], "allowSameRegion": false}
                """);

        assertEquals("nightly-golden", policy.policyId());
        assertEquals("us-east-1", policy.sourceRegion());
        assertEquals(Map.of("replicate", "true", "tier", "gold"), policy.select().tags());
        assertEquals(Optional.of("golden-"), policy.select().namePrefix());
        assertEquals(List.of("wsi-abc123def"), policy.select().imageIds());
        assertEquals(new ReplicationPolicy.Listed(List.of("eu-west-1", "ap-southeast-2")), policy.destinations());
        assertEquals(List.of("nameTemplate", "tags", "allowSameRegion"), List.copyOf(policy.options().keySet()));
    }

    @Test
    void allMeansEveryRegionOfThePartitionAndTheRunRequestIsARequest() {
        ReplicationPolicy policy = valid("""
                {"policyId": "p1", "sourceRegion": "us-east-1", "select": {"namePrefix": "golden-"},
                 "destinationRegions": "ALL", "description": "copy of {sourceName}"}
                """);

        assertEquals(new ReplicationPolicy.AllRegions(), policy.destinations());
        Map<String, Object> request = policy.request(List.of("wsi-abc123def"), List.of("eu-west-1"));
        assertEquals(Map.of("sourceRegion", "us-east-1", "imageIds", List.of("wsi-abc123def"),
                "destinationRegions", List.of("eu-west-1"), "description", "copy of {sourceName}",
                "lineageGroup", "p1"), request);
        assertInstanceOf(RequestParser.Valid.class, RequestParser.parse(request, DEFAULTS));
    }

    @Test
    void everyViolationIsReportedAtOnce() {
        List<String> fields = errorFields("""
                {"policyId": "has spaces", "sourceRegion": "US-EAST-1",
                 "select": {"tags": {"replicate": 1}, "namePrefix": "bad:prefix", "imageIds": ["ami-1"], "owner": "me"},
                 "destinationRegions": "EVERYWHERE", "encrypted": true, "nameTemplate": "{nope}", "schedule": "daily"}
                """);

        assertEquals(List.of("schedule unknownField", "policyId pattern", "sourceRegion pattern",
                "select.owner unknownField", "select.tags.replicate type", "select.namePrefix pattern",
                "select.imageIds[0] pattern", "destinationRegions enum", "nameTemplate placeholder",
                "encrypted notSupported"), fields);
    }

    @Test
    void requiredFieldsAndAnEmptySelectorAreReported() {
        assertEquals(List.of("policyId required", "sourceRegion required", "select required",
                "destinationRegions required"), errorFields("{}"));
        assertEquals(List.of("select minProperties"), errorFields("""
                {"policyId": "p", "sourceRegion": "us-east-1", "select": {}, "destinationRegions": ["eu-west-1"]}
                """));
        assertEquals(List.of("select.tags minProperties", "destinationRegions minItems"), errorFields("""
                {"policyId": "p", "sourceRegion": "us-east-1", "select": {"tags": {}}, "destinationRegions": []}
                """));
    }

    @Test
    void thePolicyIdIsReadFromAnOtherwiseInvalidPolicy() {
        assertEquals(Optional.of("p-1"), PolicyParser.policyIdOf(Json.parseObject("{\"policyId\": \"p-1\", \"x\": 1}")));
        assertEquals(Optional.empty(), PolicyParser.policyIdOf(Json.parseObject("{\"policyId\": \"no good\"}")));
        assertEquals(Optional.empty(), PolicyParser.policyIdOf(null));
    }
}
