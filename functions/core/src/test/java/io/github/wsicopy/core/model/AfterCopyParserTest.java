package io.github.wsicopy.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** retain, bundles, publish and lineageGroup in a request and, through the shared options, in a policy. */
class AfterCopyParserTest {
    private static final RequestParser.Defaults DEFAULTS = RequestParser.Defaults.NONE;
    private static final String BASE = "\"sourceRegion\": \"us-east-1\", \"imageIds\": [\"wsi-abc123def\"],"
            + " \"destinationRegions\": [\"eu-west-1\"]";

    private static RequestParser.Parsed parse(String fields) {
        return RequestParser.parse(Json.parseObject("{" + BASE + ", " + fields + "}"), DEFAULTS);
    }

    private static AfterCopy valid(String fields) {
        return assertInstanceOf(RequestParser.Valid.class, parse(fields)).request().afterCopy();
    }

    private static List<String> errors(String fields) {
        return assertInstanceOf(RequestParser.Invalid.class, parse(fields)).errors().stream()
                .map(e -> e.field() + " " + e.rule()).toList();
    }

    private static String message(String fields) {
        return assertInstanceOf(RequestParser.Invalid.class, parse(fields)).errors().get(0).message();
    }

    @Test
    void everyOptionIsCarriedInOneRecord() {
        AfterCopy after = valid("""
                "lineageGroup": "golden", "retain": {"keepLatest": 2, "lineageTag": "family"},
                "bundles": [{"name": "golden-std", "computeType": "STANDARD", "rootVolumeGb": 80, "userVolumeGb": 50,
                             "description": "Golden (standard)"}, {"fromBundle": "wsb-0123abcd"}],
                "publish": {"parameterPrefix": "/golden/"}""");

        assertEquals(new AfterCopy("golden", Optional.of(new AfterCopy.Retention(2, Optional.of("family"))),
                List.of(new AfterCopy.BundleSettings("golden-std", "STANDARD", Optional.of(80), 50,
                                Optional.of("Golden (standard)")),
                        new AfterCopy.FromBundle("wsb-0123abcd")),
                Optional.of(new AfterCopy.Publish("/golden/"))), after);
        assertEquals("/golden/win11-2024", after.publish().orElseThrow().parameterName("win11-2024"));
    }

    @Test
    void withoutTheFieldsThereIsNothingToDoAfterTheCopy() {
        AfterCopy after = valid("\"tags\": []");
        assertEquals(AfterCopy.NONE, after);
        assertEquals(false, after.any());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "\"retain\": 2 | retain type",
            "\"retain\": {} | retain.keepLatest required",
            "\"retain\": {\"keepLatest\": 0} | retain.keepLatest minimum",
            "\"retain\": {\"keepLatest\": 21} | retain.keepLatest maximum",
            "\"retain\": {\"keepLatest\": 1.5} | retain.keepLatest type",
            "\"retain\": {\"keepLatest\": \"2\"} | retain.keepLatest type",
            "\"retain\": {\"keepLatest\": 2, \"keep\": 1} | retain.keep unknownField",
            "\"retain\": {\"keepLatest\": 2, \"lineageTag\": \"\"} | retain.lineageTag minLength",
            "\"retain\": {\"keepLatest\": 2, \"lineageTag\": \"aws:family\"} | retain.lineageTag reserved",
            "\"retain\": {\"keepLatest\": 2, \"lineageTag\": \"wsicopy:lineage\"} | retain.lineageTag reserved",
            "\"lineageGroup\": \"has space\" | lineageGroup pattern",
            "\"bundles\": [] | bundles minItems",
            "\"bundles\": {} | bundles type",
            "\"bundles\": [{\"computeType\": \"STANDARD\", \"userVolumeGb\": 50}] | bundles[0].name required",
            "\"bundles\": [{\"name\": \"a:b\", \"computeType\": \"STANDARD\", \"userVolumeGb\": 50}] | bundles[0].name pattern",
            "\"bundles\": [{\"name\": \"b\", \"computeType\": \"HUGE\", \"userVolumeGb\": 50}] | bundles[0].computeType enum",
            "\"bundles\": [{\"name\": \"b\", \"computeType\": \"STANDARD\"}] | bundles[0].userVolumeGb required",
            "\"bundles\": [{\"name\": \"b\", \"computeType\": \"STANDARD\", \"userVolumeGb\": 5}] | bundles[0].userVolumeGb minimum",
            "\"bundles\": [{\"name\": \"b\", \"computeType\": \"STANDARD\", \"userVolumeGb\": 50, \"rootVolumeGb\": 2001}] | bundles[0].rootVolumeGb maximum",
            "\"bundles\": [{\"name\": \"b\", \"computeType\": \"STANDARD\", \"userVolumeGb\": 50, \"description\": \"a;b\"}] | bundles[0].description pattern",
            "\"bundles\": [{\"name\": \"b\", \"computeType\": \"STANDARD\", \"userVolumeGb\": 50, \"size\": 1}] | bundles[0].size unknownField",
            "\"bundles\": [{\"fromBundle\": \"bundle-1\"}] | bundles[0].fromBundle pattern",
            "\"bundles\": [{\"fromBundle\": \"wsb-0123abcd\", \"name\": \"b\"}] | bundles[0] oneOf",
            "\"publish\": {} | publish.parameterPrefix required",
            "\"publish\": {\"parameterPrefix\": \"golden/\"} | publish.parameterPrefix parameterName",
            "\"publish\": {\"parameterPrefix\": \"/aws/golden/\"} | publish.parameterPrefix parameterName",
            "\"publish\": {\"parameterPrefix\": \"/SSM-things/\"} | publish.parameterPrefix parameterName",
            "\"publish\": {\"parameterPrefix\": \"/golden images/\"} | publish.parameterPrefix parameterName",
            "\"publish\": {\"parameterPrefix\": \"/golden/\", \"tier\": \"Advanced\"} | publish.tier unknownField"})
    void eachFieldIsCheckedWithItsPathAndRule(String fields, String expected) {
        assertEquals(List.of(expected), errors(fields));
    }

    @Test
    void aPrefixMayHaveFourteenLevelsSinceTheImageNameAddsTheFifteenth() {
        valid("\"publish\": {\"parameterPrefix\": \"" + "/a".repeat(13) + "/\"}");
        assertEquals(List.of("publish.parameterPrefix parameterName"),
                errors("\"publish\": {\"parameterPrefix\": \"" + "/a".repeat(14) + "/\"}"));
    }

    @Test
    void aPrefixMustLeaveRoomForTheLongestImageNameWithinTheArnLimit() {
        String longest = "/" + "p".repeat(io.github.wsicopy.core.finish.ParameterNames.MAX_PREFIX_LENGTH - 2) + "/";
        valid("\"publish\": {\"parameterPrefix\": \"" + longest + "\"}");
        String message = message("\"publish\": {\"parameterPrefix\": \"/p" + longest + "\"}");
        assertTrue(message.contains("1011") && message.contains("64-character image name"), message);
    }

    @Test
    void aBundleNameOrSourceBundleIsListedOnce() {
        assertEquals(List.of("bundles[1] unique", "bundles[3] unique"), errors("""
                "bundles": [{"name": "b", "computeType": "VALUE", "userVolumeGb": 10},
                            {"name": "b", "computeType": "POWER", "userVolumeGb": 100},
                            {"fromBundle": "wsb-0123abcd"}, {"fromBundle": "wsb-0123abcd"}]"""));
    }

    @Test
    void messagesSayTheRuleAndWhatToDo() {
        assertEquals("is 21; from 1 to 20 copies of each lineage are kept in each destination; 20 is half the default"
                + " images quota", message("\"retain\": {\"keepLatest\": 21}"));
        assertTrue(message("\"publish\": {\"parameterPrefix\": \"/aws/x/\"}").contains("SSM reserves"));
    }

    @Test
    void aPolicyTakesTheSameFieldsAndItsRunsBelongToItsLineageGroup() {
        PolicyParser.Parsed parsed = PolicyParser.parse(Json.parseObject("""
                {"policyId": "nightly", "sourceRegion": "us-east-1", "select": {"namePrefix": "golden-"},
                 "destinationRegions": ["eu-west-1"], "retain": {"keepLatest": 2},
                 "publish": {"parameterPrefix": "/golden/"}}"""), DEFAULTS);
        ReplicationPolicy policy = assertInstanceOf(PolicyParser.Valid.class, parsed).policy();
        Map<String, Object> run = policy.request(List.of("wsi-abc123def"), List.of("eu-west-1"));
        AfterCopy after = assertInstanceOf(RequestParser.Valid.class, RequestParser.parse(run, DEFAULTS))
                .request().afterCopy();
        assertEquals("nightly", after.lineageGroup());
        assertEquals(Optional.of(new AfterCopy.Retention(2, Optional.empty())), after.retain());

        PolicyParser.Parsed bad = PolicyParser.parse(Json.parseObject("""
                {"policyId": "nightly", "sourceRegion": "us-east-1", "select": {"namePrefix": "golden-"},
                 "destinationRegions": ["eu-west-1"], "retain": {"keepLatest": 0}}"""), DEFAULTS);
        assertEquals(List.of("retain.keepLatest minimum"), assertInstanceOf(PolicyParser.Invalid.class, bad).errors()
                .stream().map(e -> e.field() + " " + e.rule()).toList());
    }

    @Test
    void aPolicysOwnLineageGroupWins() {
        ReplicationPolicy policy = assertInstanceOf(PolicyParser.Valid.class, PolicyParser.parse(Json.parseObject("""
                {"policyId": "nightly", "sourceRegion": "us-east-1", "select": {"namePrefix": "golden-"},
                 "destinationRegions": ["eu-west-1"], "lineageGroup": "shared"}"""), DEFAULTS)).policy();
        assertEquals("shared", policy.request(List.of("wsi-abc123def"), List.of("eu-west-1")).get("lineageGroup"));
    }
}
