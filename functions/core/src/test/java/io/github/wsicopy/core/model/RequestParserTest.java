package io.github.wsicopy.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.json.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestParserTest {

    /** The deployment trusts the accounts these tests name (a request may only narrow the deployment's list). */
    private static final RequestParser.Defaults DEFAULTS = new RequestParser.Defaults(List.of("123456789012", "444455556666"));

    // ---- helpers --------------------------------------------------------------------------------------

    /** A valid request as a JSON tree, to which a test adds or removes one thing. */
    private static Map<String, Object> valid() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sourceRegion", "us-east-1");
        json.put("imageIds", new ArrayList<>(List.of("wsi-abc123def")));
        json.put("destinationRegions", new ArrayList<>(List.of("eu-west-1", "ap-northeast-1")));
        return json;
    }

    private static Map<String, Object> with(String field, Object value) {
        Map<String, Object> json = valid();
        json.put(field, value);
        return json;
    }

    private static CopyRequest parsesTo(Map<String, Object> json) {
        RequestParser.Parsed parsed = RequestParser.parse(json, DEFAULTS);
        return assertInstanceOf(RequestParser.Valid.class, parsed, () -> parsed.toString()).request();
    }

    private static List<FieldError> errorsOf(Map<String, Object> json) {
        RequestParser.Parsed parsed = RequestParser.parse(json, DEFAULTS);
        return assertInstanceOf(RequestParser.Invalid.class, parsed, () -> parsed.toString()).errors();
    }

    private static FieldError onlyError(Map<String, Object> json) {
        List<FieldError> errors = errorsOf(json);
        assertEquals(1, errors.size(), () -> errors.toString());
        return errors.get(0);
    }

    private static void assertError(Map<String, Object> json, String field, String rule) {
        FieldError error = onlyError(json);
        assertEquals(field + " " + rule, error.field() + " " + error.rule(), error.message());
        assertTrue(error.message().length() > 15, error.message());
    }

    private static Map<String, Object> tag(String key, Object value) {
        Map<String, Object> tag = new LinkedHashMap<>();
        tag.put("key", key);
        tag.put("value", value);
        return tag;
    }

    private static List<Object> tags(int count) {
        return new ArrayList<>(IntStream.range(0, count).mapToObj(i -> (Object) tag("key-" + i, "v")).toList());
    }

    private static List<Object> ids(int count) {
        return new ArrayList<>(IntStream.range(0, count).mapToObj(i -> (Object) String.format("wsi-%09d", i)).toList());
    }

    private static String repeat(char c, int times) {
        return String.valueOf(c).repeat(times);
    }

    // ---- valid requests and defaults --------------------------------------------------------------------

    @Test
    void aMinimalRequestGetsEveryDefault() {
        CopyRequest request = parsesTo(valid());
        assertEquals(new CopyRequest("us-east-1", List.of("wsi-abc123def"), List.of("eu-west-1", "ap-northeast-1"),
                CopyRequest.DEFAULT_NAME_TEMPLATE, null, List.of(), DEFAULTS.trustedOwnerAccounts(), false, false), request);
        assertNull(request.descriptionTemplate(), "no description: the copy keeps the source's");
    }

    @Test
    void aFullRequestParsedFromJsonKeepsEverything() {
        CopyRequest request = parsesTo(Json.parseObject("""
                {"sourceRegion": "us-east-1",
                 "imageIds": ["wsi-abc123def", "wsi-xyz789ghi"],
                 "destinationRegions": ["eu-west-1"],
                 "nameTemplate": "{sourceName}-{date}",
                 "description": "Copy of {sourceName} made by job {jobId}",
                 "tags": [{"key": "team", "value": "vdi"}, {"key": "empty"}, {"key": "nullValue", "value": null}],
                 "trustedOwnerAccounts": ["444455556666"],
                 "allowSameRegion": true,
                 "encrypted": false,
                 "copySourceTags": true}
                """));
        assertEquals(new CopyRequest("us-east-1", List.of("wsi-abc123def", "wsi-xyz789ghi"), List.of("eu-west-1"),
                "{sourceName}-{date}", "Copy of {sourceName} made by job {jobId}",
                List.of(new Tag("team", "vdi"), new Tag("empty", ""), new Tag("nullValue", "")),
                List.of("444455556666"), true, false, java.util.Set.of(), true), request);
    }

    @Test
    void copySourceTagsIsABooleanThatDefaultsToFalse() {
        assertFalse(parsesTo(valid()).copySourceTags());
        assertError(with("copySourceTags", "yes"), "copySourceTags", "type");
    }

    @Test
    void trustedOwnersDefaultFromTheDeploymentAndARequestCanOnlyNarrowThem() {
        RequestParser.Defaults defaults = new RequestParser.Defaults(List.of("999988887777", "444455556666"));
        RequestParser.Valid fromDefaults = (RequestParser.Valid) RequestParser.parse(valid(), defaults);
        assertEquals(List.of("999988887777", "444455556666"), fromDefaults.request().trustedOwnerAccounts());
        RequestParser.Valid narrowed = (RequestParser.Valid) RequestParser.parse(
                with("trustedOwnerAccounts", List.of("444455556666")), defaults);
        assertEquals(List.of("444455556666"), narrowed.request().trustedOwnerAccounts());
        RequestParser.Valid explicitNone = (RequestParser.Valid) RequestParser.parse(
                with("trustedOwnerAccounts", List.of()), defaults);
        assertEquals(List.of(), explicitNone.request().trustedOwnerAccounts());
    }

    @Test
    void aRequestCannotTrustAnAccountTheDeploymentDoesNotTrust() {
        RequestParser.Defaults defaults = new RequestParser.Defaults(List.of("999988887777"));
        RequestParser.Invalid invalid = (RequestParser.Invalid) RequestParser.parse(
                with("trustedOwnerAccounts", List.of("999988887777", "111122223333")), defaults);

        assertEquals(1, invalid.errors().size(), invalid.errors().toString());
        FieldError error = invalid.errors().get(0);
        assertEquals("trustedOwnerAccounts[1]", error.field());
        assertEquals("notTrustedByDeployment", error.rule());
        for (String part : List.of("111122223333", "999988887777", "only narrow", "administrator",
                "TrustedOwnerAccounts parameter")) {
            assertTrue(error.message().contains(part), part + " missing from " + error.message());
        }
        RequestParser.Invalid noneTrusted = (RequestParser.Invalid) RequestParser.parse(
                with("trustedOwnerAccounts", List.of("111122223333")), RequestParser.Defaults.NONE);
        assertTrue(noneTrusted.errors().get(0).message().contains("trusts no account but its own"),
                noneTrusted.errors().toString());
    }

    @Test
    void nullMeansAbsentForOptionalFields() {
        Map<String, Object> json = valid();
        for (String field : List.of("nameTemplate", "description", "tags", "trustedOwnerAccounts", "allowSameRegion",
                "encrypted")) {
            json.put(field, null);
        }
        assertEquals(parsesTo(valid()), parsesTo(json));
    }

    // ---- every violation at once ------------------------------------------------------------------------

    @Test
    void everyViolationIsReportedAtOnceWithItsPath() {
        Map<String, Object> json = Json.parseObject("""
                {"imageIds": ["wsi-abc123def", "wsi-abc123def", "ami-12345678"],
                 "destinationRegions": ["eu-west-1", "EU-WEST-2"],
                 "nameTemplate": "{sourceName} copy",
                 "tags": [{"key": "aws:createdBy", "value": "me"}],
                 "encrypted": true}
                """);
        List<FieldError> errors = errorsOf(json);
        assertEquals(List.of(
                        "sourceRegion required",
                        "imageIds[1] unique",
                        "imageIds[2] pattern",
                        "destinationRegions[1] pattern",
                        "nameTemplate pattern",
                        "tags[0].key reserved",
                        "encrypted notSupported"),
                errors.stream().map(e -> e.field() + " " + e.rule()).toList());
    }

    @Test
    void fiveDifferentErrorsGiveFiveFieldErrors() {
        Map<String, Object> json = valid();
        json.put("sourceRegion", "us_east_1");
        json.put("imageIds", List.of("wsi-abc123def", "wsi-ABC123DEF"));
        json.put("destinationRegions", List.of());
        json.put("tags", List.of(tag("team", "a"), tag("team", "b")));
        json.put("allowSameRegion", "yes");
        assertEquals(List.of(
                        new FieldError("sourceRegion", "pattern", errorsOf(json).get(0).message()),
                        new FieldError("imageIds[1]", "pattern", errorsOf(json).get(1).message()),
                        new FieldError("destinationRegions", "minItems", errorsOf(json).get(2).message()),
                        new FieldError("tags[1].key", "unique", errorsOf(json).get(3).message()),
                        new FieldError("allowSameRegion", "type", errorsOf(json).get(4).message())),
                errorsOf(json).stream().map(RequestParserTest::asText).toList());
    }

    @Test
    void notAnObjectAtAll() {
        RequestParser.Invalid invalid = (RequestParser.Invalid) RequestParser.parse(null, DEFAULTS);
        assertEquals("type", invalid.errors().get(0).rule());
    }

    // ---- required, unknown and wrongly typed fields -------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"sourceRegion", "imageIds", "destinationRegions"})
    void requiredFields(String field) {
        Map<String, Object> json = valid();
        json.remove(field);
        assertError(json, field, "required");
        json.put(field, null);
        assertError(json, field, "required");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "imageId, imageId",
            "ImageIds, ImageIds",
            "destinationRegion, destinationRegion",
            "encryption, encryption",
            "kmsKeyId, kmsKeyId"})
    void unknownFieldsAreErrorsSoTyposAreCaught(String field, String path) {
        assertError(with(field, "x"), path, "unknownField");
    }

    @Test
    void anUnknownFieldThatDiffersOnlyInCaseSuggestsTheRightName() {
        assertTrue(onlyError(with("SourceRegion", "us-east-1")).message().contains("\"sourceRegion\""));
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("sourceRegion", new BigDecimal("1"), "sourceRegion"),
                Arguments.of("sourceRegion", List.of("us-east-1"), "sourceRegion"),
                Arguments.of("imageIds", "wsi-abc123def", "imageIds"),
                Arguments.of("imageIds", List.of(new BigDecimal("12")), "imageIds[0]"),
                Arguments.of("imageIds", Map.of("id", "wsi-abc123def"), "imageIds"),
                Arguments.of("destinationRegions", "eu-west-1", "destinationRegions"),
                Arguments.of("destinationRegions", List.of(true), "destinationRegions[0]"),
                Arguments.of("nameTemplate", new BigDecimal("5"), "nameTemplate"),
                Arguments.of("description", List.of(), "description"),
                Arguments.of("tags", Map.of("team", "vdi"), "tags"),
                Arguments.of("tags", List.of("team=vdi"), "tags[0]"),
                Arguments.of("tags", List.of(tag("team", new BigDecimal("3"))), "tags[0].value"),
                Arguments.of("tags", List.of(Map.of("key", true)), "tags[0].key"),
                Arguments.of("trustedOwnerAccounts", "444455556666", "trustedOwnerAccounts"),
                Arguments.of("trustedOwnerAccounts", List.of(new BigDecimal("444455556666")), "trustedOwnerAccounts[0]"),
                Arguments.of("allowSameRegion", "true", "allowSameRegion"),
                Arguments.of("encrypted", new BigDecimal("0"), "encrypted"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("wrongTypes")
    void wrongJsonTypesAreTypeErrors(String field, Object value, String path) {
        assertError(with(field, value), path, "type");
    }

    // ---- Regions ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"us-east-1", "cn-northwest-1", "us-gov-west-1", "a", "-", "eu-south-2",
            "abcdefghijklmnopqrstuvwxyz01234"})
    void validRegionIds(String region) {
        assertEquals(region, parsesTo(with("sourceRegion", region)).sourceRegion());
        assertEquals(List.of(region), parsesTo(with("destinationRegions", List.of(region))).destinationRegions());
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource({
            "'', minLength",
            "abcdefghijklmnopqrstuvwxyz012345, maxLength",
            "US-EAST-1, pattern",
            "us_east_1, pattern",
            "us east 1, pattern",
            "us-east-1., pattern",
            "'eu-west-1 ', pattern",
            "ü-1, pattern"})
    void invalidRegionIds(String region, String rule) {
        assertError(with("sourceRegion", region), "sourceRegion", rule);
        assertError(with("destinationRegions", List.of("eu-west-1", region)), "destinationRegions[1]", rule);
    }

    @Test
    void destinationRegionsHoldOneToThirtyRegionsWithoutDuplicates() {
        List<Object> thirty = IntStream.range(0, 30).mapToObj(i -> (Object) ("region-" + i)).toList();
        assertEquals(30, parsesTo(with("destinationRegions", thirty)).destinationRegions().size());
        List<Object> thirtyOne = IntStream.range(0, 31).mapToObj(i -> (Object) ("region-" + i)).toList();
        assertError(with("destinationRegions", thirtyOne), "destinationRegions", "maxItems");
        assertError(with("destinationRegions", List.of()), "destinationRegions", "minItems");
        assertError(with("destinationRegions", List.of("eu-west-1", "us-west-2", "eu-west-1")),
                "destinationRegions[2]", "unique");
    }

    // ---- image ids --------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"wsi-abc123def", "wsi-123456789", "wsi-a1bcd2efg", "wsi-zzzzzzzzz",
            "wsi-abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0"})
    void validImageIds(String id) {
        assertEquals(List.of(id), parsesTo(with("imageIds", List.of(id))).imageIds());
    }

    @ParameterizedTest
    @ValueSource(strings = {"wsi-abc123de", "WSI-abc123def", "wsi-ABC123DEF", "wsi_abc123def", "abc123def",
            "ami-abc123def", "xwsi-abc123def", "wsi-abc123def ", " wsi-abc123def", "wsi-abc-123def", "",
            "wsi-abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz01"})
    void invalidImageIds(String id) {
        assertError(with("imageIds", List.of("wsi-abc123def", id)), "imageIds[1]", "pattern");
    }

    @Test
    void imageIdsHoldOneToAThousandIdsWithoutDuplicates() {
        assertEquals(1000, parsesTo(with("imageIds", ids(1000))).imageIds().size());
        assertError(with("imageIds", ids(1001)), "imageIds", "maxItems");
        assertError(with("imageIds", List.of()), "imageIds", "minItems");
        FieldError duplicate = onlyError(with("imageIds", List.of("wsi-abc123def", "wsi-xyz789ghi", "wsi-abc123def")));
        assertEquals(new FieldError("imageIds[2]", "unique", duplicate.message()), asText(duplicate));
        assertTrue(duplicate.message().contains("imageIds[0]"), duplicate.message());
    }

    // ---- name template ----------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"{sourceName}", "{sourceName}-copy", "{sourceImageId}", "{sourceRegion}-{destinationRegion}",
            "golden_{date}", "{jobId}/{sourceName}", "(copy).{sourceName}", "dept\\{sourceName}", "static-name",
            "{sourceName}{sourceImageId}"})
    void validNameTemplates(String template) {
        assertEquals(template, parsesTo(with("nameTemplate", template)).nameTemplate());
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{sourceName} copy|pattern",
            "{sourceName}:{date}|pattern",
            "#{sourceName}|pattern",
            "{sourceName}*|pattern",
            "café-{sourceName}|pattern",
            "{sourceName}+1|pattern",
            "{name}|placeholder",
            "{SourceName}|placeholder",
            "{sourceName|placeholder",
            "sourceName}|placeholder",
            "{{sourceName}}|placeholder",
            "{}|placeholder",
            "{a{sourceName}|placeholder",
            "''|minLength"})
    void invalidNameTemplates(String template, String rule) {
        List<FieldError> errors = errorsOf(with("nameTemplate", template));
        assertTrue(errors.stream().allMatch(e -> e.field().equals("nameTemplate")), errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.rule().equals(rule)), errors::toString);
    }

    @Test
    void anUnknownPlaceholderMessageListsTheKnownOnes() {
        String message = onlyError(with("nameTemplate", "{sourceName}-{version}")).message();
        assertTrue(message.contains("{version}") && message.contains("{sourceImageId}"), message);
    }

    @Test
    void literalTextThatCanNeverFitIsRejectedUpFront() {
        assertEquals(repeat('a', 64), parsesTo(with("nameTemplate", repeat('a', 64))).nameTemplate());
        assertError(with("nameTemplate", repeat('a', 65)), "nameTemplate", "maxLength");
        // {date} always renders to 10 characters: 54 + 10 = 64 fits, 55 + 10 does not.
        parsesTo(with("nameTemplate", repeat('a', 54) + "{date}"));
        assertError(with("nameTemplate", repeat('a', 55) + "{date}"), "nameTemplate", "maxLength");
    }

    // ---- description template ---------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"Copy of {sourceName}", "Golden image (2025) for {destinationRegion}", "x",
            "{sourceName} copied on {date} by job {jobId}", "a-b_c.d/e"})
    void validDescriptionTemplates(String template) {
        assertEquals(template, parsesTo(with("description", template)).descriptionTemplate());
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "Copy: {sourceName}|pattern",
            "Copy of {sourceName}!|pattern",
            "dept\\{sourceName}|pattern",
            "Copy #1|pattern",
            "Kopie für {sourceName}|pattern",
            "Copy of {source}|placeholder",
            "Copy of {sourceName|placeholder",
            "''|minLength"})
    void invalidDescriptionTemplates(String template, String rule) {
        List<FieldError> errors = errorsOf(with("description", template));
        assertTrue(errors.stream().allMatch(e -> e.field().equals("description")), errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.rule().equals(rule)), errors::toString);
    }

    @Test
    void aDescriptionMayHave256CharactersOfLiteralTextNotMore() {
        parsesTo(with("description", repeat('d', 256)));
        assertError(with("description", repeat('d', 257)), "description", "maxLength");
    }

    // ---- tags -------------------------------------------------------------------------------------------

    @Test
    void fortySixUserTagsFitBesideTheFourSystemTags() {
        assertEquals(SystemTags.MAX_TAGS_PER_IMAGE, SystemTags.MAX_USER_TAGS + SystemTags.KEYS.size());
        assertEquals(46, parsesTo(with("tags", tags(46))).tags().size());
        FieldError error = onlyError(with("tags", tags(47)));
        assertEquals("tags maxItems", error.field() + " " + error.rule());
        assertTrue(error.message().contains("46") && error.message().contains(SystemTags.LINEAGE), error.message());
    }

    @ParameterizedTest(name = "key of {0} chars -> {1}")
    @CsvSource({"1, ''", "127, ''", "128, maxLength", "0, minLength"})
    void tagKeysHaveOneTo127Characters(int length, String rule) {
        Map<String, Object> json = with("tags", List.of(tag(repeat('k', length), "v")));
        if (rule.isEmpty()) {
            assertEquals(length, parsesTo(json).tags().get(0).key().length());
        } else {
            assertError(json, "tags[0].key", rule);
        }
    }

    @Test
    void tagLengthsCountCharactersNotUtf16Units() {
        String key = "😀".repeat(127);
        assertEquals(key, parsesTo(with("tags", List.of(tag(key, "😀".repeat(255))))).tags().get(0).key());
    }

    @ParameterizedTest(name = "value of {0} chars -> {1}")
    @CsvSource({"0, ''", "255, ''", "256, maxLength"})
    void tagValuesHaveZeroTo255Characters(int length, String rule) {
        Map<String, Object> json = with("tags", List.of(tag("team", repeat('v', length))));
        if (rule.isEmpty()) {
            assertEquals(length, parsesTo(json).tags().get(0).value().length());
        } else {
            assertError(json, "tags[0].value", rule);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws:createdBy", "AWS:createdBy", "Aws:x", "aws:", "wsicopy:source-image-id",
            "wsicopy:job-id", "wsicopy:anything", "WSICOPY:job-id"})
    void reservedTagKeyPrefixes(String key) {
        assertError(with("tags", List.of(tag(key, "v"))), "tags[0].key", "reserved");
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "awsome:x", "my-aws:x", "wsicopy", "wsicopy-x", "team:aws:"})
    void keysThatOnlyLookReservedAreFine(String key) {
        assertEquals(key, parsesTo(with("tags", List.of(tag(key, "v")))).tags().get(0).key());
    }

    @Test
    void duplicateTagKeysAreReportedAtTheLaterTag() {
        FieldError error = onlyError(with("tags", List.of(tag("team", "a"), tag("owner", "b"), tag("team", "c"))));
        assertEquals(new FieldError("tags[2].key", "unique", error.message()), asText(error));
        assertTrue(error.message().contains("tags[0]"), error.message());
        assertTrue(error.text().contains(FieldError.ref("tags[0]")), "the other tag is a field each surface names");
    }

    @Test
    void tagKeysAreCaseSensitiveAsInAws() {
        assertEquals(2, parsesTo(with("tags", List.of(tag("Team", "a"), tag("team", "b")))).tags().size());
    }

    @Test
    void aTagNeedsAKeyAndNoOtherFields() {
        assertError(with("tags", List.of(Map.of("value", "v"))), "tags[0].key", "required");
        Map<String, Object> capitalised = new LinkedHashMap<>();
        capitalised.put("Key", "team");
        capitalised.put("key", "team");
        FieldError error = onlyError(with("tags", List.of(capitalised)));
        assertEquals("tags[0].Key unknownField", error.field() + " " + error.rule());
        assertTrue(error.message().contains("\"key\""), error.message());
    }

    // ---- accounts, booleans, encryption -------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"12345678901", "1234567890123", "12345678901a", "", " 123456789012", "arn:aws:iam::123456789012:root"})
    void trustedOwnersAreTwelveDigitAccountIds(String account) {
        assertError(with("trustedOwnerAccounts", List.of("123456789012", account)), "trustedOwnerAccounts[1]", "pattern");
    }

    @Test
    void duplicateTrustedOwnersAreReported() {
        assertError(with("trustedOwnerAccounts", List.of("123456789012", "123456789012")), "trustedOwnerAccounts[1]",
                "unique");
    }

    @Test
    void allowSameRegionIsABoolean() {
        assertTrue(parsesTo(with("allowSameRegion", true)).allowSameRegion());
    }

    @Test
    void encryptionIsNotSupported() {
        FieldError error = onlyError(with("encrypted", true));
        assertEquals(new FieldError("encrypted", "notSupported",
                "WorkSpaces offers no encryption option when copying an image; remove encrypted or set it to false"),
                asText(error));
        assertEquals(false, parsesTo(with("encrypted", false)).encrypted());
    }

    /** The error as the API shows it (fields named by their path), to compare with an expected text. */
    private static FieldError asText(FieldError e) {
        return new FieldError(e.field(), e.rule(), e.message());
    }
}
