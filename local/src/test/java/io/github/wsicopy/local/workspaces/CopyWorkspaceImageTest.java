package io.github.wsicopy.local.workspaces;

import io.github.wsicopy.local.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;
import software.amazon.awssdk.services.workspaces.model.CopyWorkspaceImageRequest;
import software.amazon.awssdk.services.workspaces.model.OperationNotSupportedException;
import software.amazon.awssdk.services.workspaces.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.workspaces.model.ResourceLimitExceededException;
import software.amazon.awssdk.services.workspaces.model.ResourceNotFoundException;
import software.amazon.awssdk.services.workspaces.model.ResourceUnavailableException;
import software.amazon.awssdk.services.workspaces.model.WorkspaceImage;
import software.amazon.awssdk.services.workspaces.model.WorkspaceImageRequiredTenancy;
import software.amazon.awssdk.services.workspaces.model.WorkspaceImageState;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.github.wsicopy.local.workspaces.Clients.ACCOUNT_A;
import static io.github.wsicopy.local.workspaces.Clients.ACCOUNT_B;
import static io.github.wsicopy.local.workspaces.Clients.KEY_B;
import static io.github.wsicopy.local.workspaces.ImageOperationsTest.tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CopyWorkspaceImage's rules and the copy's life cycle on the emulator's clock. */
class CopyWorkspaceImageTest {

    private final MutableClock clock = new MutableClock();
    private WorkSpacesEmulator emu;
    private WorkSpacesClient euwest;
    private String source;

    @BeforeEach
    void start() {
        emu = WorkSpacesEmulator.start(Clients.config(clock));
        euwest = Clients.client(emu, "eu-west-1");
        source = emu.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("golden-win11").description("Golden"));
    }

    @AfterEach
    void stop() {
        euwest.close();
        emu.close();
    }

    private String copy(WorkSpacesClient client, String name, String sourceImageId, String sourceRegion) {
        return client.copyWorkspaceImage(r -> r.name(name).sourceImageId(sourceImageId).sourceRegion(sourceRegion)).imageId();
    }

    @Test
    void copyReturnsANewPendingImageOwnedByTheCallerInTheDestinationRegion() {
        String id = euwest.copyWorkspaceImage(r -> r.name("golden-copy").description("Copied golden image")
                .sourceImageId(source).sourceRegion("us-east-1").tags(tag("team", "vdi"))).imageId();

        assertTrue(id.matches("wsi-[0-9a-z]{9}"), id);
        WorkspaceImage image = euwest.describeWorkspaceImages(r -> r.imageIds(id)).images().getFirst();
        assertEquals(WorkspaceImageState.PENDING, image.state());
        assertEquals("golden-copy", image.name());
        assertEquals("Copied golden image", image.description());
        assertEquals(ACCOUNT_A, image.ownerAccountId());
        assertEquals(WorkspaceImageRequiredTenancy.DEFAULT, image.requiredTenancy());
        assertEquals(List.of(tag("team", "vdi")), euwest.describeTags(r -> r.resourceId(id)).tagList());
        EmulatedImage stored = emu.image(ACCOUNT_A, "eu-west-1", id).orElseThrow();
        assertEquals(source, stored.sourceImageId());
        assertEquals("us-east-1", stored.sourceRegion());
        assertEquals(1, emu.counters().copies("eu-west-1"));
    }

    @Test
    void copyCompletesWhenTheClockPassesTheCopyDuration() {
        emu.setCopyDuration(Duration.ofMinutes(20));
        String id = copy(euwest, "golden-copy", source, "us-east-1");

        clock.advance(Duration.ofMinutes(19));
        assertEquals(WorkspaceImageState.PENDING, state(id));
        clock.advance(Duration.ofMinutes(1));
        assertEquals(WorkspaceImageState.AVAILABLE, state(id));
        assertEquals(ImageState.AVAILABLE, emu.image(ACCOUNT_A, "eu-west-1", id).orElseThrow().state());
    }

    @Test
    void copiesOfAMarkedSourceEndInError() {
        String before = copy(euwest, "copied-before-marking", source, "us-east-1");
        emu.markCopyFailure(source, "InternalError", "Copy failed");
        String after = copy(euwest, "copied-after-marking", source, "us-east-1");

        clock.advance(Duration.ofHours(1));

        for (String id : List.of(before, after)) {
            WorkspaceImage image = euwest.describeWorkspaceImages(r -> r.imageIds(id)).images().getFirst();
            assertEquals(WorkspaceImageState.ERROR, image.state());
            assertEquals("InternalError", image.errorCode());
            assertEquals("Copy failed", image.errorMessage());
        }
        emu.clearCopyFailure(source);
        assertEquals(WorkspaceImageState.ERROR, state(before), "an outcome, once seen, stays");
    }

    @Test
    void randomCopyDurationsStayInRangeAndRepeatWithTheSameSeed() {
        emu.setCopyDuration(Duration.ofMinutes(20), Duration.ofMinutes(60));
        List<String> ids = List.of("c1", "c2", "c3", "c4", "c5").stream().map(n -> copy(euwest, n, source, "us-east-1")).toList();
        List<Duration> durations = emu.images(ACCOUNT_A, "eu-west-1").stream()
                .map(i -> Duration.between(i.created(), i.completesAt())).toList();

        durations.forEach(d -> assertTrue(d.compareTo(Duration.ofMinutes(20)) >= 0 && d.compareTo(Duration.ofMinutes(60)) <= 0, d::toString));
        assertTrue(durations.stream().distinct().count() > 1, "durations vary: " + durations);
        clock.advance(Duration.ofMinutes(20).minusSeconds(1));
        ids.forEach(id -> assertEquals(WorkspaceImageState.PENDING, state(id)));
        clock.advance(Duration.ofMinutes(40).plusSeconds(1));
        ids.forEach(id -> assertEquals(WorkspaceImageState.AVAILABLE, state(id)));

        try (WorkSpacesEmulator twin = WorkSpacesEmulator.start(Clients.config(new MutableClock()));
             WorkSpacesClient twinClient = Clients.client(twin, "eu-west-1")) {
            twin.setCopyDuration(Duration.ofMinutes(20), Duration.ofMinutes(60));
            String twinSource = twin.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("golden-win11"));
            assertEquals(source, twinSource, "same seed, same ids");
            List.of("c1", "c2", "c3", "c4", "c5").forEach(n -> copy(twinClient, n, twinSource, "us-east-1"));
            assertEquals(durations, twin.images(ACCOUNT_A, "eu-west-1").stream()
                    .map(i -> Duration.between(i.created(), i.completesAt())).toList());
        }
    }

    @Test
    void aCompletedCopyCanBeCopiedAgainAndWithinTheSameRegion() {
        String first = copy(euwest, "first", source, "us-east-1");
        assertThrows(ResourceUnavailableException.class, () -> copy(euwest, "second", first, "eu-west-1"));
        clock.advance(Duration.ofHours(1));

        String second = copy(euwest, "second", first, "eu-west-1");

        assertEquals(first, emu.image(ACCOUNT_A, "eu-west-1", second).orElseThrow().sourceImageId());
    }

    @Test
    void unknownOrInvisibleSourceIsNotFound() {
        String others = emu.addImage(ACCOUNT_B, "us-east-1", ImageSeed.named("others"));

        var e = assertThrows(ResourceNotFoundException.class, () -> copy(euwest, "x", "wsi-000000000", "us-east-1"));
        assertEquals("wsi-000000000", e.resourceId());
        assertThrows(ResourceNotFoundException.class, () -> copy(euwest, "x", others, "us-east-1"));
        assertThrows(ResourceNotFoundException.class, () -> copy(euwest, "x", source, "us-west-2"));
    }

    @Test
    void aSharedSourceIsCopiedIntoTheCallersAccount() {
        String others = emu.addImage(ACCOUNT_B, "us-east-1", ImageSeed.named("others").byol(false));
        emu.shareImage(ACCOUNT_B, "us-east-1", others, ACCOUNT_A);

        String id = copy(euwest, "from-b", others, "us-east-1");

        assertEquals(ACCOUNT_A, emu.image(ACCOUNT_A, "eu-west-1", id).orElseThrow().ownerAccountId());
        assertTrue(emu.images(ACCOUNT_B, "eu-west-1").isEmpty());
    }

    @Test
    void aPendingOrFailedSourceIsUnavailable() {
        String pending = emu.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("pending").pendingFor(Duration.ofMinutes(45)));
        String failed = emu.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("failed").failed("UnknownError", "Broken"));

        assertThrows(ResourceUnavailableException.class, () -> copy(euwest, "x", pending, "us-east-1"));
        assertThrows(ResourceUnavailableException.class, () -> copy(euwest, "x", failed, "us-east-1"));
        clock.advance(Duration.ofMinutes(45));
        copy(euwest, "x", pending, "us-east-1");
    }

    @Test
    void namesAreUniqueAmongTheCallersImagesInTheDestination() {
        copy(euwest, "golden-copy", source, "us-east-1");

        assertThrows(ResourceAlreadyExistsException.class, () -> copy(euwest, "golden-copy", source, "us-east-1"));
        try (WorkSpacesClient euwestB = Clients.client(emu, "eu-west-1", KEY_B, false);
             WorkSpacesClient uswest = Clients.client(emu, "us-west-2")) {
            emu.shareImage(ACCOUNT_A, "us-east-1", source, ACCOUNT_B);
            copy(euwestB, "golden-copy", source, "us-east-1");
            copy(uswest, "golden-copy", source, "us-east-1");
        }
    }

    @Test
    void theDestinationQuotaCountsOwnedImagesInAnyState() {
        emu.setImageQuota("eu-west-1", 2);
        emu.addImage(ACCOUNT_A, "eu-west-1", ImageSeed.named("existing").failed("UnknownError", "old failure"));
        copy(euwest, "one", source, "us-east-1");

        var e = assertThrows(ResourceLimitExceededException.class, () -> copy(euwest, "two", source, "us-east-1"));
        assertTrue(e.getMessage().contains("quota"), e.getMessage());
        try (WorkSpacesClient uswest = Clients.client(emu, "us-west-2")) {
            copy(uswest, "two", source, "us-east-1");
        }
    }

    @Test
    void theDefaultQuotaIsFortyPerRegion() {
        for (int i = 0; i < 39; i++) {
            emu.addImage(ACCOUNT_A, "eu-west-1", ImageSeed.named("existing-" + i));
        }
        copy(euwest, "fortieth", source, "us-east-1");

        assertThrows(ResourceLimitExceededException.class, () -> copy(euwest, "forty-first", source, "us-east-1"));
        emu.setDefaultImageQuota(41);
        copy(euwest, "forty-first", source, "us-east-1");
    }

    @Test
    void byolImagesGoOnlyToRegionsWithByolEnabled() {
        String byol = emu.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("byol-win11").byol(true));

        var e = assertThrows(OperationNotSupportedException.class, () -> copy(euwest, "byol-copy", byol, "us-east-1"));
        assertEquals(CopyRules.DEDICATED_TENANCY_NOT_ENABLED, e.reason());

        emu.setDedicatedTenancy(ACCOUNT_A, "eu-west-1", true);
        String id = copy(euwest, "byol-copy", byol, "us-east-1");
        assertEquals(WorkspaceImageRequiredTenancy.DEDICATED,
                euwest.describeWorkspaceImages(r -> r.imageIds(id)).images().getFirst().requiredTenancy());
    }

    @ParameterizedTest(name = "{0} to {1}: {2}")
    @CsvSource({
            "cn-northwest-1, us-east-1, " + CopyRules.CHINA_CROSS_REGION,
            "us-east-1, cn-northwest-1, " + CopyRules.CHINA_CROSS_REGION,
            "us-gov-west-1, us-east-1, " + CopyRules.GOVCLOUD_CROSS_REGION,
            "us-east-1, us-gov-west-1, " + CopyRules.GOVCLOUD_CROSS_REGION,
            "us-gov-east-1, us-gov-west-1, " + CopyRules.GOVCLOUD_CROSS_REGION,
            "us-iso-east-1, us-east-1, " + CopyRules.CROSS_PARTITION,
    })
    void regionRulesRefuseCopies(String sourceRegion, String destinationRegion, String reason) {
        String id = emu.addImage(ACCOUNT_A, sourceRegion, ImageSeed.named("img"));
        try (WorkSpacesClient client = Clients.client(emu, destinationRegion)) {
            var e = assertThrows(OperationNotSupportedException.class, () -> copy(client, "copy", id, sourceRegion));
            assertEquals(reason, e.reason());
            assertEquals("OperationNotSupportedException", e.awsErrorDetails().errorCode());
        }
    }

    @ParameterizedTest
    @CsvSource({"cn-northwest-1", "us-gov-west-1"})
    void copiesWithinChinaAndGovCloudRegionsAreAllowed(String region) {
        String id = emu.addImage(ACCOUNT_A, region, ImageSeed.named("img"));
        try (WorkSpacesClient client = Clients.client(emu, region)) {
            copy(client, "copy", id, region);
        }
        assertEquals(2, emu.images(ACCOUNT_A, region).size());
    }

    @Test
    void copyTagsFollowTheTagRules() {
        Consumer<CopyWorkspaceImageRequest.Builder> base = r -> r.name("tagged").sourceImageId(source).sourceRegion("us-east-1");

        assertThrows(software.amazon.awssdk.services.workspaces.model.InvalidParameterValuesException.class,
                () -> euwest.copyWorkspaceImage(r -> base.andThen(b -> b.tags(tag("aws:reserved", "x"))).accept(r)));
        assertThrows(software.amazon.awssdk.services.workspaces.model.InvalidParameterValuesException.class,
                () -> euwest.copyWorkspaceImage(r -> base.andThen(b -> b.tags(ImageOperationsTest.tags(51))).accept(r)));
        euwest.copyWorkspaceImage(r -> base.andThen(b -> b.tags(ImageOperationsTest.tags(50))).accept(r));
        assertEquals(50, emu.images(ACCOUNT_A, "eu-west-1").getFirst().tags().size());
        assertEquals(Map.of(), emu.image(ACCOUNT_A, "us-east-1", source).orElseThrow().tags());
    }

    private WorkspaceImageState state(String id) {
        return euwest.describeWorkspaceImages(r -> r.imageIds(id)).images().getFirst().state();
    }
}
