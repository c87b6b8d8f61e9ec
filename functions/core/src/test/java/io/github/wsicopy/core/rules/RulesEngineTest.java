package io.github.wsicopy.core.rules;

import static io.github.wsicopy.core.model.ReasonCode.ALREADY_REPLICATED;
import static io.github.wsicopy.core.model.ReasonCode.BYOL_NOT_ENABLED;
import static io.github.wsicopy.core.model.ReasonCode.CHINA_SAME_REGION_ONLY;
import static io.github.wsicopy.core.model.ReasonCode.DESTINATION_QUOTA_EXCEEDED;
import static io.github.wsicopy.core.model.ReasonCode.DESTINATION_UNREACHABLE;
import static io.github.wsicopy.core.model.ReasonCode.ENCRYPTION_NOT_SUPPORTED;
import static io.github.wsicopy.core.model.ReasonCode.GOVCLOUD_NEEDS_SUPPORT;
import static io.github.wsicopy.core.model.ReasonCode.IMAGE_NOT_AVAILABLE;
import static io.github.wsicopy.core.model.ReasonCode.IMAGE_NOT_FOUND;
import static io.github.wsicopy.core.model.ReasonCode.INVALID_DESCRIPTION;
import static io.github.wsicopy.core.model.ReasonCode.INVALID_DESTINATION_NAME;
import static io.github.wsicopy.core.model.ReasonCode.OPT_IN_REGION_NEEDS_SUPPORT;
import static io.github.wsicopy.core.model.ReasonCode.PARTITION_CROSSING;
import static io.github.wsicopy.core.model.ReasonCode.REGION_NOT_SUPPORTED;
import static io.github.wsicopy.core.model.ReasonCode.SAME_REGION_NOT_ALLOWED;
import static io.github.wsicopy.core.model.ReasonCode.TOO_MANY_TAGS;
import static io.github.wsicopy.core.model.ReasonCode.UNTRUSTED_OWNER;
import static io.github.wsicopy.core.rules.Given.CALLER;
import static io.github.wsicopy.core.rules.Given.DATE;
import static io.github.wsicopy.core.rules.Given.IMAGE;
import static io.github.wsicopy.core.rules.Given.IMAGE_2;
import static io.github.wsicopy.core.rules.Given.IMAGE_3;
import static io.github.wsicopy.core.rules.Given.JOB;
import static io.github.wsicopy.core.rules.Given.OTHER_ACCOUNT;
import static io.github.wsicopy.core.rules.Given.byol;
import static io.github.wsicopy.core.rules.Given.byolEnabled;
import static io.github.wsicopy.core.rules.Given.describedAs;
import static io.github.wsicopy.core.rules.Given.given;
import static io.github.wsicopy.core.rules.Given.inState;
import static io.github.wsicopy.core.rules.Given.named;
import static io.github.wsicopy.core.rules.Given.sharedBy;
import static io.github.wsicopy.core.rules.Given.withCopy;
import static io.github.wsicopy.core.rules.Given.withOwnedNames;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.model.DestinationFacts;
import io.github.wsicopy.core.model.Plan;
import io.github.wsicopy.core.model.PlannedCopy;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.model.Rejection;
import io.github.wsicopy.core.model.SourceImage;
import io.github.wsicopy.core.model.SystemTags;
import io.github.wsicopy.core.model.Tag;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RulesEngineTest {

    // ---- helpers --------------------------------------------------------------------------------------

    private static Rejection onlyRejection(Plan plan) {
        assertEquals(List.of(), plan.copies(), "expected no copies");
        assertEquals(1, plan.rejections().size(), () -> "expected one rejection: " + plan.rejections());
        return plan.rejections().get(0);
    }

    private static PlannedCopy onlyCopy(Plan plan) {
        assertEquals(List.of(), plan.rejections(), "expected no rejections");
        assertEquals(1, plan.copies().size());
        return plan.copies().get(0);
    }

    private static ReasonCode codeOf(Given given) {
        return onlyRejection(given.plan()).code();
    }

    private static Arguments scenario(String name, UnaryOperator<Given> setup, ReasonCode expected) {
        return Arguments.of(name, setup, expected);
    }

    private static String repeat(char c, int times) {
        return String.valueOf(c).repeat(times);
    }

    // ---- baseline -------------------------------------------------------------------------------------

    @Test
    void aScenarioThatBreaksNoRuleIsPlannedWithRenderedNameDescriptionAndTags() {
        PlannedCopy copy = onlyCopy(given().tags(new Tag("team", "vdi")).plan());
        assertEquals(new PlannedCopy(IMAGE, "us-east-1", Given.CALLER, "eu-west-1", "Win11-abc123def", "Windows 11 base image",
                List.of(new Tag("team", "vdi"),
                        new Tag(SystemTags.SOURCE_IMAGE_ID, IMAGE),
                        new Tag(SystemTags.SOURCE_REGION, "us-east-1"),
                        new Tag(SystemTags.JOB_ID, JOB),
                        new Tag(SystemTags.LINEAGE, "request/Win11-abc123def"))), copy);
    }

    @Test
    void pairsComeInRequestOrderImageByImageThenDestinationByDestination() {
        Plan plan = given().images(IMAGE_2, IMAGE).to("us-west-2", "eu-west-1", "ap-northeast-1").plan();
        assertEquals(List.of(
                        IMAGE_2 + ">us-west-2", IMAGE_2 + ">eu-west-1", IMAGE_2 + ">ap-northeast-1",
                        IMAGE + ">us-west-2", IMAGE + ">eu-west-1", IMAGE + ">ap-northeast-1"),
                plan.copies().stream().map(c -> c.sourceImageId() + ">" + c.destinationRegion()).toList());
    }

    // ---- every rule rejects on its own ------------------------------------------------------------------

    /**
     * Each scenario breaks exactly one rule, so the pair would be copied (or get another code) if that rule
     * were removed.
     */
    static Stream<Arguments> eachRuleOnItsOwn() {
        return Stream.of(
                scenario("encrypted request", g -> g.encrypted(), ENCRYPTION_NOT_SUPPORTED),
                scenario("destination without WorkSpaces", g -> g.to("eu-south-2"), REGION_NOT_SUPPORTED),
                scenario("destination is a FIPS alias", g -> g.to("fips-us-east-1"), REGION_NOT_SUPPORTED),
                scenario("source without WorkSpaces", g -> g.from("us-west-1"), REGION_NOT_SUPPORTED),
                scenario("destination unreachable",
                        g -> g.destination(DestinationFacts.unreachable("eu-west-1", "AccessDeniedException")),
                        DESTINATION_UNREACHABLE),
                scenario("no facts for destination", g -> g.noFactsFor("eu-west-1"), DESTINATION_UNREACHABLE),
                scenario("image not found", g -> g.missing(IMAGE), IMAGE_NOT_FOUND),
                scenario("image PENDING", g -> g.image(inState(IMAGE, "PENDING")), IMAGE_NOT_AVAILABLE),
                scenario("image ERROR", g -> g.image(inState(IMAGE, "ERROR")), IMAGE_NOT_AVAILABLE),
                scenario("shared by an untrusted account", g -> g.image(sharedBy(IMAGE, OTHER_ACCOUNT)), UNTRUSTED_OWNER),
                scenario("Ningxia to us-east-1", g -> g.from("cn-northwest-1").to("us-east-1"), CHINA_SAME_REGION_ONLY),
                scenario("us-east-1 to Ningxia", g -> g.to("cn-northwest-1"), CHINA_SAME_REGION_ONLY),
                scenario("aws to aws-iso", g -> g.to("us-iso-east-1"), PARTITION_CROSSING),
                scenario("aws-iso to aws", g -> g.from("us-iso-east-1").to("us-east-1"), PARTITION_CROSSING),
                scenario("GovCloud West to GovCloud East", g -> g.from("us-gov-west-1").to("us-gov-east-1"),
                        GOVCLOUD_NEEDS_SUPPORT),
                scenario("GovCloud East to GovCloud West", g -> g.from("us-gov-east-1").to("us-gov-west-1"),
                        GOVCLOUD_NEEDS_SUPPORT),
                scenario("out of af-south-1", g -> g.from("af-south-1"), OPT_IN_REGION_NEEDS_SUPPORT),
                scenario("out of il-central-1", g -> g.from("il-central-1"), OPT_IN_REGION_NEEDS_SUPPORT),
                scenario("out of ap-southeast-5", g -> g.from("ap-southeast-5"), OPT_IN_REGION_NEEDS_SUPPORT),
                scenario("same Region not allowed", g -> g.to("us-east-1").name("{sourceName}-copy"),
                        SAME_REGION_NOT_ALLOWED),
                scenario("BYOL image, BYOL off there", g -> g.image(byol(IMAGE)), BYOL_NOT_ENABLED),
                scenario("name too long", g -> g.image(named(IMAGE, repeat('n', 65))), INVALID_DESTINATION_NAME),
                scenario("description too long", g -> g.image(describedAs(IMAGE, repeat('d', 257))),
                        INVALID_DESCRIPTION),
                scenario("copied before", g -> g.destination(withCopy("eu-west-1", "Old-name", IMAGE)),
                        ALREADY_REPLICATED),
                scenario("name owned there", g -> g.destination(withOwnedNames("eu-west-1", "Win11-abc123def")),
                        ALREADY_REPLICATED),
                scenario("name held by the copy of another image",
                        g -> g.destination(withCopy("eu-west-1", "Win11-abc123def", IMAGE_2)),
                        INVALID_DESTINATION_NAME),
                scenario("quota full", g -> g.owning("eu-west-1", 40), DESTINATION_QUOTA_EXCEEDED),
                scenario("too many tags with the source's", g -> g.copySourceTags().sourceTags(IMAGE, keys("src", 48)),
                        TOO_MANY_TAGS));
    }

    /** {@code count} tags {@code prefix-0 = v} ... */
    private static java.util.Map<String, String> keys(String prefix, int count) {
        java.util.Map<String, String> tags = new java.util.LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            tags.put(prefix + "-" + i, "v");
        }
        return tags;
    }

    // ---- the applied quota ------------------------------------------------------------------------------

    @Test
    void anAppliedQuotaOfThreeRefusesTheFourthCopyAndSaysItCameFromServiceQuotas() {
        Given given = given().images(IMAGE, IMAGE_2, IMAGE_3, "wsi-444444444").to("eu-west-1", "ap-northeast-1")
                .destination(Given.reachable("eu-west-1").withAppliedImageQuota(Optional.of(3)));
        Plan plan = given.plan();
        assertEquals(7, plan.copies().size());
        Rejection fourth = onlyRejection(new Plan(List.of(), plan.rejections()));
        assertAll(
                () -> assertEquals("wsi-444444444", fourth.sourceImageId()),
                () -> assertEquals("eu-west-1", fourth.destinationRegion()),
                () -> assertEquals(DESTINATION_QUOTA_EXCEEDED, fourth.code()),
                () -> assertEquals("3", fourth.reason().params().get("limit")),
                () -> assertEquals("service-quotas", fourth.reason().params().get("quotaSource")),
                () -> assertTrue(fourth.message().contains("Service Quotas"), fourth.message()));
    }

    @Test
    void withoutAnAppliedQuotaTheConfiguredOneCountsAndTheReasonSaysSo() {
        Rejection rejection = onlyRejection(given().owning("eu-west-1", 2)
                .config(RulesConfig.DEFAULT.withImageQuotaPerRegion(2)).plan());
        assertEquals("configured", rejection.reason().params().get("quotaSource"));
        assertEquals("2", rejection.reason().params().get("limit"));
    }

    // ---- copySourceTags -------------------------------------------------------------------------------

    @Test
    void aCopyCarriesTheSourcesTagsButNotAwsOrSystemKeysAndTheRequestWinsOnAConflict() {
        java.util.Map<String, String> source = new java.util.LinkedHashMap<>();
        source.put("team", "source-team");
        source.put("cost-center", "4711");
        source.put("aws:cloudformation:stack-name", "images");
        source.put("AWS:other", "x");
        source.put(SystemTags.JOB_ID, "job-of-the-source");
        source.put("WSICOPY:source-image-id", "wsi-older0000");
        PlannedCopy copy = onlyCopy(given().copySourceTags().tags(new Tag("team", "vdi"))
                .sourceTags(IMAGE, source).plan());
        assertEquals(List.of(new Tag("team", "vdi"), new Tag("cost-center", "4711"),
                new Tag(SystemTags.SOURCE_IMAGE_ID, IMAGE),
                new Tag(SystemTags.SOURCE_REGION, "us-east-1"),
                new Tag(SystemTags.JOB_ID, JOB), new Tag(SystemTags.LINEAGE, "request/Win11-abc123def")), copy.tags());
    }

    @Test
    void theSourcesTagsAreLeftBehindUnlessTheRequestAsks() {
        PlannedCopy copy = onlyCopy(given().sourceTags(IMAGE, java.util.Map.of("cost-center", "4711")).plan());
        assertEquals(List.of(new Tag(SystemTags.SOURCE_IMAGE_ID, IMAGE), new Tag(SystemTags.SOURCE_REGION, "us-east-1"),
                new Tag(SystemTags.JOB_ID, JOB), new Tag(SystemTags.LINEAGE, "request/Win11-abc123def")), copy.tags());
    }

    @Test
    void fiftyTagsWithTheSystemTagsFitAndFiftyOneAreRefusedSayingWhichImageHowManyAndWhatToDo() {
        // 44 from the source + 2..3 from the request (one of them overriding a source key) + 4 system tags = 50 ... 51
        java.util.Map<String, String> source = keys("src", 44);
        source.put("team", "source-team");
        Given fits = given().copySourceTags().sourceTags(IMAGE, source).tags(new Tag("team", "vdi"),
                new Tag("owner", "ops"));
        assertEquals(50, onlyCopy(fits.plan()).tags().size());

        Given over = given().copySourceTags().sourceTags(IMAGE, source).tags(new Tag("team", "vdi"),
                new Tag("owner", "ops"), new Tag("stage", "prod"));
        Rejection rejection = onlyRejection(over.plan());
        assertAll(
                () -> assertEquals(TOO_MANY_TAGS, rejection.code()),
                () -> assertEquals("51", rejection.reason().params().get("count")),
                () -> assertEquals("44", rejection.reason().params().get("sourceTags")),
                () -> assertTrue(rejection.message().contains(IMAGE), rejection.message()),
                () -> assertTrue(rejection.message().contains("51 tags"), rejection.message()),
                () -> assertTrue(rejection.message().contains("copySourceTags"), rejection.message()));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("eachRuleOnItsOwn")
    void eachRuleRejectsAPairThatBreaksOnlyIt(String name, UnaryOperator<Given> setup, ReasonCode expected) {
        assertEquals(expected, codeOf(setup.apply(given())));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("eachRuleOnItsOwn")
    void everyRejectionNamesThePairAndSaysWhatToDo(String name, UnaryOperator<Given> setup, ReasonCode expected) {
        Given given = setup.apply(given());
        Rejection rejection = onlyRejection(given.plan());
        assertAll(
                () -> assertEquals(given.imageIds.get(0), rejection.sourceImageId()),
                () -> assertEquals(given.destinations.get(0), rejection.destinationRegion()),
                () -> assertTrue(rejection.message().length() > 40, rejection.message()));
    }

    // ---- rule order: with two rules broken, the earlier one wins --------------------------------------

    static Stream<Arguments> twoRulesBroken() {
        return Stream.of(
                scenario("encryption before Region", g -> g.encrypted().to("eu-south-2"), ENCRYPTION_NOT_SUPPORTED),
                scenario("Region before reachability",
                        g -> g.to("eu-south-2").destination(DestinationFacts.unreachable("eu-south-2", "timeout")),
                        REGION_NOT_SUPPORTED),
                scenario("reachability before image found",
                        g -> g.missing(IMAGE).destination(DestinationFacts.unreachable("eu-west-1", "denied")),
                        DESTINATION_UNREACHABLE),
                scenario("image found before anything about the image", g -> g.missing(IMAGE).from("af-south-1"),
                        IMAGE_NOT_FOUND),
                scenario("availability before owner",
                        g -> g.image(new io.github.wsicopy.core.model.SourceImage(IMAGE, "Win11", "d", "PENDING",
                                "SHARED", OTHER_ACCOUNT, "DEFAULT")),
                        IMAGE_NOT_AVAILABLE),
                scenario("owner before partition",
                        g -> g.image(sharedBy(IMAGE, OTHER_ACCOUNT)).to("us-iso-east-1"), UNTRUSTED_OWNER),
                scenario("China before partition", g -> g.from("cn-northwest-1").to("us-gov-west-1"),
                        CHINA_SAME_REGION_ONLY),
                scenario("partition before GovCloud", g -> g.from("us-gov-west-1").to("us-east-1"), PARTITION_CROSSING),
                scenario("GovCloud before opt-in",
                        g -> g.from("us-gov-west-1").to("us-gov-east-1")
                                .config(RulesConfig.DEFAULT.withOptInRegions(Set.of("us-gov-west-1"))),
                        GOVCLOUD_NEEDS_SUPPORT),
                scenario("opt-in before BYOL", g -> g.from("af-south-1").image(byol(IMAGE)),
                        OPT_IN_REGION_NEEDS_SUPPORT),
                scenario("same Region before already replicated", g -> g.to("us-east-1"), SAME_REGION_NOT_ALLOWED),
                scenario("BYOL before name", g -> g.image(byol(IMAGE)).name("{sourceName}" + repeat('x', 60)),
                        BYOL_NOT_ENABLED),
                scenario("name before description",
                        g -> g.image(new io.github.wsicopy.core.model.SourceImage(IMAGE, repeat('n', 65),
                                repeat('d', 257), "AVAILABLE", "OWNED", CALLER, "DEFAULT")),
                        INVALID_DESTINATION_NAME),
                scenario("description before already replicated",
                        g -> g.image(describedAs(IMAGE, "bad:description"))
                                .destination(withCopy("eu-west-1", "Win11-abc123def", IMAGE)),
                        INVALID_DESCRIPTION),
                scenario("already replicated before quota",
                        g -> g.destination(new DestinationFacts("eu-west-1", true, Optional.empty(), false,
                                Stream.concat(Stream.of("Win11-abc123def"),
                                        Stream.iterate(0, i -> i + 1).limit(40).map(i -> "existing-" + i)).toList(),
                                java.util.Map.of())),
                        ALREADY_REPLICATED),
                scenario("name held by another image's copy before quota",
                        g -> g.destination(new DestinationFacts("eu-west-1", true, Optional.empty(), false,
                                Stream.concat(Stream.of("Win11-abc123def"),
                                        Stream.iterate(0, i -> i + 1).limit(40).map(i -> "existing-" + i)).toList(),
                                java.util.Map.of("Win11-abc123def", IMAGE_2))),
                        INVALID_DESTINATION_NAME));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("twoRulesBroken")
    void theEarlierRuleWins(String name, UnaryOperator<Given> setup, ReasonCode expected) {
        assertEquals(expected, codeOf(setup.apply(given())));
    }

    // ---- Regions and partitions ---------------------------------------------------------------------------

    @Test
    void aSourceRegionWithoutWorkSpacesRejectsEveryPair() {
        Plan plan = given().from("eu-south-2").images(IMAGE, IMAGE_2).to("eu-west-1", "us-west-2").plan();
        assertEquals(List.of(), plan.copies());
        assertEquals(4, plan.rejections().size());
        assertTrue(plan.rejections().stream().allMatch(r -> r.code() == REGION_NOT_SUPPORTED));
        assertTrue(plan.rejections().get(0).message().contains("eu-south-2"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "cn-northwest-1, cn-northwest-1",
            "us-gov-west-1, us-gov-west-1",
            "us-gov-east-1, us-gov-east-1",
            "af-south-1, af-south-1",
            "eu-west-1, af-south-1",
            "us-east-1, il-central-1",
            "us-east-1, us-east-2",
            "us-east-1, ap-southeast-5",
            "eu-central-1, sa-east-1"})
    void copiesThatNoBoundaryRuleStops(String source, String destination) {
        PlannedCopy copy = onlyCopy(given().from(source).to(destination).allowSameRegion()
                .name("{sourceName}-{destinationRegion}").plan());
        assertEquals(destination, copy.destinationRegion());
    }

    @Test
    void boundaryMessagesPointToAwsSupportOrRemovingTheRegion() {
        assertTrue(onlyRejection(given().from("us-gov-west-1").to("us-gov-east-1").plan()).message()
                .contains("contact AWS Support"));
        assertTrue(onlyRejection(given().from("af-south-1").plan()).message().contains("contact AWS Support"));
        assertTrue(onlyRejection(given().to("us-iso-east-1").plan()).message().contains("AWS Support"));
        assertTrue(onlyRejection(given().to("cn-northwest-1").plan()).message().contains("only within the Region"));
    }

    @Test
    void theOptInListIsConfiguration() {
        Given given = given().from("af-south-1").config(RulesConfig.DEFAULT.withOptInRegions(Set.of()));
        onlyCopy(given.plan());
        assertEquals(OPT_IN_REGION_NEEDS_SUPPORT,
                codeOf(given().from("eu-west-2").config(RulesConfig.DEFAULT.withOptInRegions(Set.of("eu-west-2")))));
    }

    // ---- reachability, images and owners ----------------------------------------------------------------

    @Test
    void anUnreachableDestinationPassesItsProblemOn() {
        Rejection rejection = onlyRejection(given()
                .destination(DestinationFacts.unreachable("eu-west-1", "AccessDeniedException: not authorized")).plan());
        assertTrue(rejection.message().contains("AccessDeniedException: not authorized"), rejection.message());
    }

    @Test
    void onlyTheUnreachableDestinationIsRejected() {
        Plan plan = given().to("eu-west-1", "us-west-2")
                .destination(DestinationFacts.unreachable("us-west-2", "timeout")).plan();
        assertEquals(List.of("eu-west-1"), plan.copies().stream().map(PlannedCopy::destinationRegion).toList());
        assertEquals(DESTINATION_UNREACHABLE, plan.rejections().get(0).code());
    }

    @ParameterizedTest(name = "shared by {0}, trusted {1}")
    @CsvSource(delimiter = '|', value = {
            CALLER + "|''",
            OTHER_ACCOUNT + "|" + OTHER_ACCOUNT,
            OTHER_ACCOUNT + "|999999999999 " + OTHER_ACCOUNT})
    void sharedImagesFromTheCallerOrATrustedOwnerAreCopied(String owner, String trusted) {
        String[] accounts = trusted.isBlank() ? new String[0] : trusted.split(" ");
        onlyCopy(given().image(sharedBy(IMAGE, owner)).trust(accounts).plan());
    }

    @Test
    void anUntrustedOwnerMessageSaysHowToTrustIt() {
        Rejection rejection = onlyRejection(given().image(sharedBy(IMAGE, OTHER_ACCOUNT)).trust("999999999999").plan());
        assertTrue(rejection.message().contains(OTHER_ACCOUNT), rejection.message());
        assertTrue(rejection.message().contains("trustedOwnerAccounts"), rejection.message());
    }

    @Test
    void anImageWhoseOwnerIsNotReportedIsRefusedAsUntrustedEvenIfTakenForOurs() {
        SourceImage noOwner = new SourceImage(IMAGE, "Win11-x", "Windows 11 base image", "AVAILABLE", "UNKNOWN", null,
                "DEFAULT");
        SourceImage noOwnerButOwned = new SourceImage(IMAGE, "Win11-x", "Windows 11 base image", "AVAILABLE", "OWNED",
                null, "DEFAULT");
        for (SourceImage image : List.of(noOwner, noOwnerButOwned)) {
            Rejection rejection = onlyRejection(given().image(image).trust(OTHER_ACCOUNT).plan());
            assertEquals(UNTRUSTED_OWNER, rejection.code());
            assertTrue(rejection.message().contains("reports no owner account"), rejection.message());
            assertTrue(rejection.message().contains(IMAGE), rejection.message());
        }
    }

    @Test
    void anOwnedImageNeedsNoTrust() {
        onlyCopy(given().image(Given.owned(IMAGE)).plan());
    }

    // ---- BYOL -------------------------------------------------------------------------------------------

    @Test
    void aByolImageGoesToARegionWithByolEnabled() {
        onlyCopy(given().image(byol(IMAGE)).destination(byolEnabled("eu-west-1")).plan());
    }

    @Test
    void aByolMessageSaysToEnableByolInThatRegion() {
        Rejection rejection = onlyRejection(given().image(byol(IMAGE)).plan());
        assertTrue(rejection.message().contains("enable BYOL"), rejection.message());
        assertTrue(rejection.message().contains("eu-west-1"), rejection.message());
    }

    @Test
    void aNonByolImageIgnoresByolSettings() {
        onlyCopy(given().plan());
    }

    // ---- names ------------------------------------------------------------------------------------------

    @Test
    void everyPlaceholderIsRendered() {
        PlannedCopy copy = onlyCopy(given().image(named(IMAGE, "B"))
                .name("{sourceName}.{sourceImageId}.{sourceRegion}.{destinationRegion}.{date}.{jobId}")
                .description("{sourceName} {sourceImageId} {sourceRegion} {destinationRegion} {date} {jobId}")
                .plan());
        assertEquals("B.wsi-abc123def.us-east-1.eu-west-1.2025-03-14." + JOB, copy.destinationName());
        assertEquals(64, copy.destinationName().length());
        assertEquals("B wsi-abc123def us-east-1 eu-west-1 2025-03-14 " + JOB, copy.destinationDescription());
        assertEquals(DATE.toString(), "2025-03-14");
    }

    @ParameterizedTest(name = "source name of {0} chars + \"-copy\" -> {1}")
    @CsvSource({"59, true", "60, false", "1, true"})
    void theRenderedNameMayHave64CharactersNotMore(int sourceNameLength, boolean planned) {
        Plan plan = given().image(named(IMAGE, repeat('a', sourceNameLength))).name("{sourceName}-copy").plan();
        if (planned) {
            assertEquals(sourceNameLength + 5, onlyCopy(plan).destinationName().length());
        } else {
            Rejection rejection = onlyRejection(plan);
            assertEquals(INVALID_DESTINATION_NAME, rejection.code());
            assertTrue(rejection.message().contains("65"), rejection.message());
        }
    }

    @ParameterizedTest(name = "source name with {0}")
    @ValueSource(strings = {" ", ":", "#", "*", "é", "日", "+", "=", "@", ",", "'", "\"", "{", "\t", "😀"})
    void aCharacterNamesDoNotAllowRejectsTheName(String character) {
        Rejection rejection = onlyRejection(given().image(named(IMAGE, "Win11" + character + "Base")).plan());
        assertEquals(INVALID_DESTINATION_NAME, rejection.code());
        assertTrue(rejection.message().contains("nameTemplate"), rejection.message());
    }

    @ParameterizedTest(name = "source name with {0}")
    @ValueSource(strings = {"_", ".", "/", "(", ")", "\\", "-", "Z", "9"})
    void everyCharacterTheModelAllowsInNamesIsAccepted(String character) {
        PlannedCopy copy = onlyCopy(given().image(named(IMAGE, "Win11" + character + "Base"))
                .description("Copy of {sourceImageId}").plan());
        assertEquals("Win11" + character + "Base", copy.destinationName());
    }

    @ParameterizedTest(name = "template {0}")
    @ValueSource(strings = {"{sourceName} copy", "{sourceName}:{date}", "{sourceName}#1", "{nope}", "{sourceName", ""})
    void aBrokenNameTemplateThatSkippedParsingIsRejectedNotCopied(String template) {
        assertEquals(INVALID_DESTINATION_NAME, codeOf(given().name(template)));
    }

    @Test
    void twoCopiesWithTheSameNameInOneRegionRejectTheLaterOnes() {
        Plan plan = given().images(IMAGE, IMAGE_2, IMAGE_3).to("eu-west-1", "us-west-2")
                .name("golden-{destinationRegion}").plan();
        assertEquals(List.of(IMAGE + ">eu-west-1", IMAGE + ">us-west-2"),
                plan.copies().stream().map(c -> c.sourceImageId() + ">" + c.destinationRegion()).toList());
        assertEquals(4, plan.rejections().size());
        assertTrue(plan.rejections().stream().allMatch(r -> r.code() == INVALID_DESTINATION_NAME));
        assertTrue(plan.rejections().get(0).message().contains("{sourceImageId}"));
    }

    @Test
    void twoSourcesWithTheSameNameCollideUnderTheDefaultTemplate() {
        Plan plan = given().images(IMAGE, IMAGE_2).image(named(IMAGE, "Golden")).image(named(IMAGE_2, "Golden")).plan();
        assertEquals(1, plan.copies().size());
        Rejection rejection = plan.rejections().get(0);
        assertEquals(List.of(IMAGE_2, "eu-west-1", INVALID_DESTINATION_NAME), List.of(rejection.sourceImageId(),
                rejection.destinationRegion(), rejection.code()));
        assertEquals(java.util.Map.of("case", "takenInPlan", "region", "eu-west-1", "name", "Golden"),
                rejection.reason().params(), "the data a surface renders from");
    }

    @Test
    void aNameTakenByTheCopyOfAnotherImageIsAConflictNotAReplica() {
        Rejection rejection = onlyRejection(given().destination(withCopy("eu-west-1", "Win11-abc123def", IMAGE_2)).plan());
        assertEquals(INVALID_DESTINATION_NAME, rejection.code());
        assertTrue(rejection.message().contains(IMAGE_2), rejection.message());
    }

    // ---- descriptions -----------------------------------------------------------------------------------

    @ParameterizedTest(name = "description of {0} chars -> planned {1}")
    @CsvSource({"256, true", "257, false", "1, true"})
    void theDescriptionMayHave256CharactersNotMore(int length, boolean planned) {
        Given fromSource = given().image(describedAs(IMAGE, repeat('d', length)));
        Given fromTemplate = given().image(named(IMAGE, repeat('n', length))).name("{sourceImageId}")
                .description("{sourceName}");
        for (Given given : List.of(fromSource, fromTemplate)) {
            Plan plan = given.plan();
            if (planned) {
                assertEquals(length, onlyCopy(plan).destinationDescription().length());
            } else {
                assertEquals(INVALID_DESCRIPTION, onlyRejection(plan).code());
            }
        }
    }

    @ParameterizedTest(name = "description with {0}")
    @ValueSource(strings = {":", "#", "*", "\\", "é", "\n", "!", ",", "😀"})
    void aCharacterDescriptionsDoNotAllowRejectsTheDescription(String character) {
        assertEquals(INVALID_DESCRIPTION, codeOf(given().image(describedAs(IMAGE, "Base" + character + "image"))));
    }

    @Test
    void aBackslashIsFineInANameButNotInADescription() {
        assertEquals(INVALID_DESCRIPTION,
                codeOf(given().image(named(IMAGE, "Dept\\Win11")).description("Copy of {sourceName}")));
    }

    @Test
    void withoutADescriptionTemplateTheSourceDescriptionIsKept() {
        assertEquals("Windows 11 base image", onlyCopy(given().plan()).destinationDescription());
    }

    @ParameterizedTest(name = "source description \"{0}\"")
    @CsvSource(value = {"NULL", "''"}, nullValues = "NULL")
    void aSourceWithoutDescriptionGetsTheDefaultDescription(String description) {
        assertEquals("Copy of wsi-abc123def from us-east-1",
                onlyCopy(given().image(describedAs(IMAGE, description)).plan()).destinationDescription());
    }

    @Test
    void aDescriptionTemplateReplacesTheSourceDescription() {
        assertEquals("Golden image copied 2025-03-14",
                onlyCopy(given().description("Golden image copied {date}").plan()).destinationDescription());
    }

    // ---- already replicated -------------------------------------------------------------------------------

    @Test
    void anEarlierCopyUnderAnotherNameCountsAsReplicatedAndIsNoFailure() {
        Rejection rejection = onlyRejection(given().name("{sourceName}-v2")
                .destination(withCopy("eu-west-1", "Win11-abc123def", IMAGE)).plan());
        assertEquals(ALREADY_REPLICATED, rejection.code());
        assertFalse(rejection.code().isFailure());
        assertTrue(rejection.message().contains("Win11-abc123def"), rejection.message());
    }

    @Test
    void aSameRegionCopyUnderTheSourcesOwnNameIsAlreadyThere() {
        Rejection rejection = onlyRejection(given().to("us-east-1").allowSameRegion().plan());
        assertEquals(ALREADY_REPLICATED, rejection.code());
        assertTrue(rejection.message().contains("{sourceName}-copy"), rejection.message());
    }

    @Test
    void aSameRegionCopyUnderANewNameIsPlanned() {
        assertEquals("Win11-abc123def-copy",
                onlyCopy(given().to("us-east-1").allowSameRegion().name("{sourceName}-copy").plan()).destinationName());
    }

    @Test
    void aSharedImageMayBeCopiedIntoTheSameRegionUnderItsOwnName() {
        PlannedCopy copy = onlyCopy(given().to("us-east-1").allowSameRegion()
                .image(sharedBy(IMAGE, OTHER_ACCOUNT)).trust(OTHER_ACCOUNT).plan());
        assertEquals("Win11-abc123def", copy.destinationName());
    }

    @Test
    void replicatedPairsDoNotStopTheRestOfTheRequest() {
        Plan plan = given().to("eu-west-1", "us-west-2").destination(withCopy("eu-west-1", "x", IMAGE)).plan();
        assertEquals(List.of("us-west-2"), plan.copies().stream().map(PlannedCopy::destinationRegion).toList());
        assertEquals(ALREADY_REPLICATED, plan.rejections().get(0).code());
    }

    // ---- quota ------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} owned, quota {1} -> planned {2}")
    @CsvSource({"0, 40, true", "39, 40, true", "40, 40, false", "41, 40, false", "40, 41, true", "0, 0, false"})
    void ownedImagesPlusTheCopyMustStayWithinTheQuota(int owned, int quota, boolean planned) {
        Plan plan = given().owning("eu-west-1", owned).config(RulesConfig.DEFAULT.withImageQuotaPerRegion(quota)).plan();
        assertEquals(planned ? 1 : 0, plan.copies().size());
        if (!planned) {
            assertEquals(DESTINATION_QUOTA_EXCEEDED, onlyRejection(plan).code());
        }
    }

    @Test
    void copiesPlannedEarlierInTheRequestCountAgainstTheQuota() {
        Plan plan = given().images(IMAGE, IMAGE_2, IMAGE_3).owning("eu-west-1", 38).plan();
        assertEquals(List.of(IMAGE, IMAGE_2), plan.copies().stream().map(PlannedCopy::sourceImageId).toList());
        Rejection rejection = onlyRejectionOf(plan);
        assertEquals(List.of(IMAGE_3, "eu-west-1", DESTINATION_QUOTA_EXCEEDED), List.of(rejection.sourceImageId(),
                rejection.destinationRegion(), rejection.code()));
        assertEquals(java.util.Map.of("case", "plan", "region", "eu-west-1", "count", "38", "planned", "2", "limit", "40",
                "quotaSource", "configured"),
                rejection.reason().params());
        assertTrue(rejection.message().contains("38") && rejection.message().contains("41")
                && rejection.message().contains("40"), rejection.message());
        assertTrue(rejection.message().contains("quota") && rejection.message().contains("delete"), rejection.message());
    }

    private static Rejection onlyRejectionOf(Plan plan) {
        assertEquals(1, plan.rejections().size(), () -> plan.rejections().toString());
        return plan.rejections().get(0);
    }

    @Test
    void theQuotaIsCountedPerDestination() {
        Plan plan = given().images(IMAGE, IMAGE_2).to("eu-west-1", "us-west-2").owning("eu-west-1", 39).plan();
        assertEquals(List.of(IMAGE + ">eu-west-1", IMAGE + ">us-west-2", IMAGE_2 + ">us-west-2"),
                plan.copies().stream().map(c -> c.sourceImageId() + ">" + c.destinationRegion()).toList());
        assertEquals(DESTINATION_QUOTA_EXCEEDED, onlyRejectionOf(plan).code());
    }

    @Test
    void aRegionsOwnQuotaOverridesTheDefault() {
        RulesConfig config = RulesConfig.DEFAULT.withImageQuota("eu-west-1", 100);
        onlyCopy(given().owning("eu-west-1", 60).config(config).plan());
        assertEquals(DESTINATION_QUOTA_EXCEEDED, codeOf(given().to("us-west-2").owning("us-west-2", 40).config(config)));
    }

    @Test
    void rejectedPairsTakeNoQuota() {
        // IMAGE_2 collides by name, so IMAGE_3 still fits as the 40th image.
        Plan plan = given().images(IMAGE, IMAGE_2, IMAGE_3).owning("eu-west-1", 38)
                .image(named(IMAGE, "Golden")).image(named(IMAGE_2, "Golden")).plan();
        assertEquals(List.of(IMAGE, IMAGE_3), plan.copies().stream().map(PlannedCopy::sourceImageId).toList());
        assertEquals(INVALID_DESTINATION_NAME, onlyRejectionOf(plan).code());
    }

    // ---- encryption -------------------------------------------------------------------------------------

    @Test
    void anEncryptedRequestThatSkippedParsingCopiesNothing() {
        Plan plan = given().encrypted().images(IMAGE, IMAGE_2).to("eu-west-1", "us-west-2", "us-east-1").plan();
        assertEquals(List.of(), plan.copies());
        assertEquals(6, plan.rejections().size());
        assertTrue(plan.rejections().stream().allMatch(r -> r.code() == ENCRYPTION_NOT_SUPPORTED));
    }

    // ---- config -----------------------------------------------------------------------------------------

    @Test
    void defaultConfigHasTheDocumentedQuotaAndTheWorkSpacesOptInRegions() {
        RulesConfig config = RulesConfig.defaults();
        assertEquals(40, config.imageQuotaPerRegion());
        assertEquals(40, config.imageQuota("eu-west-1"));
        assertTrue(config.optInRegions().containsAll(Set.of("af-south-1", "ap-southeast-5", "il-central-1")));
        for (String region : Regions.workSpacesRegions("aws")) {
            boolean optIn = Set.of("af-south-1", "ap-southeast-5", "il-central-1").contains(region);
            assertEquals(optIn, config.isOptIn(region), region);
        }
    }
}
