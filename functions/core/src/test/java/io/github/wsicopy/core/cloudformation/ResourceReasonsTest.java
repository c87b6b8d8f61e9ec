package io.github.wsicopy.core.cloudformation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.model.Reason;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.model.ReasonSamples;
import io.github.wsicopy.core.model.ReasonText;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CloudFormation's words for every reason: the property the rule judged, its rule, and property names throughout. */
class ResourceReasonsTest {
    private static final java.util.regex.Pattern MISSING = java.util.regex.Pattern.compile("(?<![\\w)])\\?");
    private static final List<String> BULK_WORDS = List.of("nameTemplate", "destinationRegions", "trustedOwnerAccounts",
            "allowSameRegion", "sourceRegion ", "imageIds", "run the request again", "retry the failed tasks");

    @Test
    void everyReasonHasAPropertyOrIsACopyThatFailedAndSpeaksInProperties() {
        for (Reason r : ReasonSamples.all()) {
            String text = ResourceReasons.render(r);
            String head = ResourceReasons.judgedBy(r).orElse("the copy failed");
            assertTrue(text.startsWith(head + " (rule " + r.code() + "): "), text);
            assertTrue(head.equals("the copy failed") || PropertyNames.ALL.contains(head), head);
            assertFalse(MISSING.matcher(text).find() || text.contains("null"), "missing parameter: " + r + " → " + text);
            for (String bulk : BULK_WORDS) {
                assertFalse(text.contains(bulk), "«" + bulk + "» in CloudFormation's words: " + text);
            }
        }
    }

    @Test
    void theRegionARuleJudgedComesFromTheReasonsSituationNotItsWords() {
        Reason source = Reason.of(ReasonCode.REGION_NOT_SUPPORTED).situation(ReasonText.SOURCE)
                .with(Reason.SOURCE_REGION, "mars-east-1").build();
        Reason destination = Reason.of(ReasonCode.REGION_NOT_SUPPORTED).situation(ReasonText.DESTINATION)
                .with(Reason.REGION, "mars-east-1").build();
        assertTrue(ResourceReasons.render(source).startsWith("SourceRegionId (rule REGION_NOT_SUPPORTED): the source"
                + " Region mars-east-1 has no Amazon WorkSpaces"), ResourceReasons.render(source));
        assertTrue(ResourceReasons.render(destination).startsWith("DestinationRegionId (rule REGION_NOT_SUPPORTED):"
                + " mars-east-1 has no Amazon WorkSpaces, so no image can be copied there; remove it from"
                + " DestinationRegionId"), ResourceReasons.render(destination));
    }

    @Test
    void oneReasonTwoSurfaces() {
        Reason byol = Reason.of(ReasonCode.BYOL_NOT_ENABLED).with(Reason.IMAGE, "wsi-abc123def")
                .with(Reason.REGION, "eu-west-1").build();
        assertTrue(byol.text().endsWith("ENABLED), then run the request again"), byol.text());
        assertEquals("DestinationRegionId (rule BYOL_NOT_ENABLED): " + byol.text().replace("run the request again",
                "deploy the stack again"), ResourceReasons.render(byol));

        Reason name = Reason.of(ReasonCode.INVALID_DESTINATION_NAME).situation(ReasonText.INVALID_TEXT)
                .with(Reason.TEXT, "a:b").with(Reason.ORIGIN, ReasonText.FROM_TEMPLATE).with(Reason.PROBLEM, "contains ':'")
                .build();
        assertEquals("the image name \"a:b\" (rendered from nameTemplate) contains ':'; change nameTemplate so it"
                + " renders to a valid image name", name.text());
        assertEquals("DestinationImageName (rule INVALID_DESTINATION_NAME): the image name \"a:b\" (rendered from"
                + " DestinationImageName) contains ':'; change DestinationImageName so it renders to a valid image name",
                ResourceReasons.render(name));

        Reason wait = ReasonSamples.all().stream().filter(r -> r.code() == ReasonCode.CLOUDFORMATION_WAIT_EXCEEDED)
                .findFirst().orElseThrow();
        assertEquals("CloudFormation stopped waiting for the copy wsi-0copy0001 after 3600 s (the resource's"
                + " ServiceTimeout); the copy may still complete in eu-west-1", wait.text());
        assertEquals("WaitForAvailable (rule CLOUDFORMATION_WAIT_EXCEEDED): the copy wsi-0copy0001 of wsi-abc123def to"
                + " eu-west-1 was not AVAILABLE within the 3600 s CloudFormation waits for this resource (ServiceTimeout,"
                + " at most 3600). Copies can take longer than an hour: set WaitForAvailable: false to get the image id"
                + " as soon as the copy starts", ResourceReasons.render(wait));
    }

    @Test
    void fieldPathsMapToProperties() {
        assertEquals("ImageId", PropertyNames.property("imageIds[0]"));
        assertEquals("DestinationRegionId", PropertyNames.property("destinationRegions"));
        assertEquals("Tag[3].Value", PropertyNames.property("tags[3].value"));
        assertEquals("Tag[0].Key", PropertyNames.property("tags[0].key"));
        assertEquals("TrustedOwnerAccounts[1]", PropertyNames.property("trustedOwnerAccounts[1]"));
        assertEquals("Encrypted", PropertyNames.property("encrypted"));
    }
}
