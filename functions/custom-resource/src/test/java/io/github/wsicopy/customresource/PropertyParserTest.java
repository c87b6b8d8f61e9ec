package io.github.wsicopy.customresource;

import io.github.wsicopy.core.cloudformation.PropertyNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.model.FieldError;
import io.github.wsicopy.core.model.RequestParser;
import io.github.wsicopy.core.model.Tag;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PropertyParserTest {
    private static final RequestParser.Defaults DEFAULTS = new RequestParser.Defaults(List.of("111122223333"));

    private static Map<String, Object> minimal() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("ServiceToken", "arn:aws:lambda:us-east-1:123456789012:function:provider");
        p.put("ImageId", "wsi-abc123def");
        p.put("DestinationRegionId", "eu-west-1");
        return p;
    }

    private static ImageCopyProperties valid(Map<String, Object> properties) {
        return assertInstanceOf(PropertyParser.Valid.class, PropertyParser.parse(properties, "us-east-1", DEFAULTS),
                () -> String.valueOf(PropertyParser.parse(properties, "us-east-1", DEFAULTS))).properties();
    }

    private static List<FieldError> errors(Map<String, Object> properties) {
        return assertInstanceOf(PropertyParser.Invalid.class, PropertyParser.parse(properties, "us-east-1", DEFAULTS)).errors();
    }

    @Test
    void defaultsFollowTheSeedAndTheIssue() {
        ImageCopyProperties p = valid(minimal());
        assertEquals("us-east-1", p.sourceRegionId(), "SourceRegionId defaults to the stack's Region");
        assertTrue(p.waitForAvailable());
        assertTrue(!p.retainOnDelete() && !p.allowCopyInSameRegion());
        assertEquals(Optional.empty(), p.trustedOwnerAccounts(), "the deployment's TrustedOwnerAccounts apply");
        assertEquals("{sourceName}-{jobId}", p.copyRequest().get("nameTemplate"));
        assertEquals(3600, p.cloudFormationWaitSeconds());
    }

    @Test
    void cloudFormationsStringScalarsAreRead() {
        Map<String, Object> p = minimal();
        p.put("Encrypted", "False");
        p.put("WaitForAvailable", "false");
        p.put("RetainOnDelete", Boolean.TRUE);
        p.put("ServiceTimeout", "900");
        p.put("TrustedOwnerAccounts", "111122223333, ");
        ImageCopyProperties parsed = valid(p);
        assertTrue(!parsed.waitForAvailable() && parsed.retainOnDelete());
        assertEquals(Optional.of(900), parsed.serviceTimeoutSeconds());
        assertEquals(Optional.of(List.of("111122223333")), parsed.trustedOwnerAccounts());

        p.put("ServiceTimeout", new BigDecimal("60"));
        assertEquals(Optional.of(60), valid(p).serviceTimeoutSeconds());
    }

    @Test
    void tagsUseTheSeedsKeyAndValue() {
        Map<String, Object> p = minimal();
        p.put("Tag", List.of(Map.of("Key", "team", "Value", "euc"), Map.of("Key", "cost-centre")));
        assertEquals(List.of(new Tag("team", "euc"), new Tag("cost-centre", "")), valid(p).tags());

        p.put("Tag", List.of(Map.of("key", "team")));
        List<FieldError> errors = errors(p);
        assertEquals(List.of("Tag[0].key", "Tag[0].Key"), errors.stream().map(FieldError::field).toList(), errors.toString());

        p.put("Tag", List.of(Map.of("Key", "wsicopy:job-id", "Value", "x")));
        assertEquals("reserved", errors(p).get(0).rule());
    }

    @Test
    void namesAndDescriptionsAreJudgedByWorkSpacesRulesNotTheSeeds() {
        Map<String, Object> p = minimal();
        p.put("DestinationImageName", "FinanceJoshua"); // the seed's example is a valid WorkSpaces name too
        p.put("DestinationDescription", "FinanceDept");
        assertTrue(PropertyParser.parse(p, "us-east-1", DEFAULTS) instanceof PropertyParser.Valid);

        p.put("DestinationImageName", "golden:2026"); // a colon: fine for ROS, not for WorkSpaces
        p.put("DestinationDescription", "Golden, for finance"); // a comma
        List<FieldError> errors = errors(p);
        assertEquals(List.of("DestinationImageName", "DestinationDescription"), errors.stream().map(FieldError::field).toList());
        assertTrue(errors.get(0).message().contains("contains ':'"), errors.get(0).message());

        p.put("DestinationImageName", "x".repeat(65));
        p.remove("DestinationDescription");
        assertEquals("maxLength", errors(p).get(0).rule());
        p.put("DestinationImageName", "g"); // one character: too short for ROS, fine for WorkSpaces
        assertTrue(PropertyParser.parse(p, "us-east-1", DEFAULTS) instanceof PropertyParser.Valid);
    }

    @Test
    void placeholdersStayPlaceholdersInMessages() {
        Map<String, Object> p = minimal();
        p.put("DestinationImageName", "{sourceName}-{nope}");
        FieldError error = errors(p).get(0);
        assertEquals("DestinationImageName", error.field());
        assertTrue(error.message().contains("{sourceRegion}") && error.message().contains("{destinationRegion}"),
                error.message());
    }

    @Test
    void theFingerprintCoversTheImageNotTheProvidersBehaviour() {
        Map<String, Object> p = minimal();
        String image = valid(p).fingerprint();
        p.put("WaitForAvailable", "false");
        p.put("RetainOnDelete", "true");
        p.put("ServiceTimeout", "600");
        p.put("TrustedOwnerAccounts", List.of("111122223333"));
        p.put("ServiceToken", "arn:aws:lambda:us-east-1:123456789012:function:another-provider");
        assertEquals(image, valid(p).fingerprint());

        p.put("Tag", List.of(Map.of("Key", "team", "Value", "euc")));
        assertNotEquals(image, valid(p).fingerprint());
        Map<String, Object> elsewhere = minimal();
        elsewhere.put("SourceRegionId", "us-west-2");
        assertNotEquals(image, valid(elsewhere).fingerprint());
    }

    @Test
    void propertyPathsAndMessagesAreTranslated() {
        assertEquals("ImageId", PropertyNames.property("imageIds[0]"));
        assertEquals("DestinationRegionId", PropertyNames.property("destinationRegions"));
        assertEquals("Tag[3].Value", PropertyNames.property("tags[3].value"));
        assertEquals("TrustedOwnerAccounts[1]", PropertyNames.property("trustedOwnerAccounts[1]"));
    }

    @Test
    void theParsersMessagesNameTheFieldsTheyReferToAsProperties() {
        Map<String, Object> p = minimal();
        p.put("Encrypted", "true");
        p.put("Tag", List.of(Map.of("Key", "team", "Value", "a"), Map.of("Key", "team", "Value", "b")));
        List<FieldError> errors = errors(p);
        assertEquals(List.of("Tag[1].Key", "Encrypted"), errors.stream().map(FieldError::field).toList(), errors.toString());
        assertEquals("repeats the key of Tag[0] (\"team\"); a key can appear once, so merge or remove one of them",
                errors.get(0).message());
        assertEquals("WorkSpaces offers no encryption option when copying an image; remove Encrypted or set it to false",
                errors.get(1).message());

        // The same errors in the bulk API's words: one message, two renderings, no text rewritten.
        FieldError bulk = FieldError.of("tags[1].key", "unique", "repeats the key of ", FieldError.ref("tags[0]"), " (x)");
        assertEquals("repeats the key of tags[0] (x)", bulk.message());
        assertEquals("repeats the key of Tag[0] (x)", bulk.message(PropertyNames.VOCABULARY));
    }

    @Test
    void trustedOwnerAccountsCanOnlyNarrowTheDeploymentsList() {
        Map<String, Object> p = minimal();
        p.put("TrustedOwnerAccounts", "111122223333,444455556666");

        PropertyParser.Parsed parsed = PropertyParser.parse(p, "us-east-1", DEFAULTS);

        PropertyParser.Invalid invalid = assertInstanceOf(PropertyParser.Invalid.class, parsed);
        assertEquals(1, invalid.errors().size(), invalid.errors().toString());
        var error = invalid.errors().get(0);
        assertEquals("TrustedOwnerAccounts[1]", error.field());
        assertEquals("notTrustedByDeployment", error.rule());
        assertTrue(error.message().contains("444455556666") && error.message().contains("administrator"), error.message());
    }
}
