package io.github.wsicopy.local.workspaces;

import io.github.wsicopy.local.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;
import software.amazon.awssdk.services.workspaces.model.DedicatedTenancySupportResultEnum;
import software.amazon.awssdk.services.workspaces.model.DescribeWorkspaceImagesResponse;
import software.amazon.awssdk.services.workspaces.model.ImagePermission;
import software.amazon.awssdk.services.workspaces.model.ImageType;
import software.amazon.awssdk.services.workspaces.model.InvalidParameterValuesException;
import software.amazon.awssdk.services.workspaces.model.ResourceAssociatedException;
import software.amazon.awssdk.services.workspaces.model.OperatingSystemType;
import software.amazon.awssdk.services.workspaces.model.OperationNotSupportedException;
import software.amazon.awssdk.services.workspaces.model.ResourceLimitExceededException;
import software.amazon.awssdk.services.workspaces.model.ResourceNotFoundException;
import software.amazon.awssdk.services.workspaces.model.ResourceUnavailableException;
import software.amazon.awssdk.services.workspaces.model.Tag;
import software.amazon.awssdk.services.workspaces.model.WorkspaceImage;
import software.amazon.awssdk.services.workspaces.model.WorkspaceImageRequiredTenancy;
import software.amazon.awssdk.services.workspaces.model.WorkspaceImageState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static io.github.wsicopy.local.workspaces.Clients.ACCOUNT_A;
import static io.github.wsicopy.local.workspaces.Clients.ACCOUNT_B;
import static io.github.wsicopy.local.workspaces.Clients.KEY_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every operation except the copy, through the real SDK client. */
class ImageOperationsTest {

    private final MutableClock clock = new MutableClock();
    private WorkSpacesEmulator emu;
    private WorkSpacesClient useast;
    private WorkSpacesClient euwest;
    private WorkSpacesClient useastB;

    @BeforeEach
    void start() {
        emu = WorkSpacesEmulator.start(Clients.config(clock));
        useast = Clients.client(emu, "us-east-1");
        euwest = Clients.client(emu, "eu-west-1");
        useastB = Clients.client(emu, "us-east-1", KEY_B, false);
    }

    @AfterEach
    void stop() {
        useast.close();
        euwest.close();
        useastB.close();
        emu.close();
    }

    @Test
    void describeImagesReturnsEveryModelMember() {
        String id = emu.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("golden-win11").description("Golden image (v1)"));

        WorkspaceImage image = useast.describeWorkspaceImages(r -> r.imageIds(id)).images().getFirst();

        assertEquals(id, image.imageId());
        assertEquals("golden-win11", image.name());
        assertEquals("Golden image (v1)", image.description());
        assertEquals(OperatingSystemType.WINDOWS, image.operatingSystem().type());
        assertEquals(WorkspaceImageState.AVAILABLE, image.state());
        assertEquals(WorkspaceImageRequiredTenancy.DEFAULT, image.requiredTenancy());
        assertEquals(clock.instant(), image.created());
        assertEquals(ACCOUNT_A, image.ownerAccountId());
        assertNull(image.errorCode());
        assertTrue(id.matches("wsi-[0-9a-z]{9}"), id);
    }

    @Test
    void imagesAreIsolatedByTheRegionOfTheSignature() {
        String id = emu.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("only-in-us-east-1"));

        assertEquals(List.of(id), ids(useast.describeWorkspaceImages(r -> { })));
        assertTrue(euwest.describeWorkspaceImages(r -> { }).images().isEmpty());
        assertTrue(euwest.describeWorkspaceImages(r -> r.imageIds(id)).images().isEmpty());
    }

    @Test
    void unknownAndInvisibleIdsAreOmitted() {
        String mine = emu.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("mine"));
        String theirs = emu.addImage(ACCOUNT_B, "us-east-1", ImageSeed.named("theirs"));

        DescribeWorkspaceImagesResponse response = useast.describeWorkspaceImages(
                r -> r.imageIds(mine, theirs, "wsi-000000000"));

        assertEquals(List.of(mine), ids(response));
    }

    @Test
    void sharedImagesAreVisibleToTheRecipientWithTheOwnersAccount() {
        String shared = emu.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("shared"));
        String notShared = emu.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("private"));
        String own = emu.addImage(ACCOUNT_B, "us-east-1", ImageSeed.named("bs-own"));
        assertEquals(List.of(own), ids(useastB.describeWorkspaceImages(r -> { })));

        emu.shareImage(ACCOUNT_A, "us-east-1", shared, ACCOUNT_B);

        List<WorkspaceImage> sharedWithB = useastB.describeWorkspaceImages(r -> r.imageType(ImageType.SHARED)).images();
        assertEquals(List.of(shared), sharedWithB.stream().map(WorkspaceImage::imageId).toList());
        assertEquals(ACCOUNT_A, sharedWithB.getFirst().ownerAccountId());
        assertEquals(List.of(own), ids(useastB.describeWorkspaceImages(r -> r.imageType(ImageType.OWNED))));
        assertEquals(Set.of(own, shared), new HashSet<>(ids(useastB.describeWorkspaceImages(r -> { }))));
        assertFalse(ids(useastB.describeWorkspaceImages(r -> { })).contains(notShared));
    }

    @Test
    void paginatesWithMaxResultsAndNextToken() {
        Set<String> added = new HashSet<>();
        IntStream.range(0, 30).forEach(i -> added.add(emu.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("img-" + i))));

        DescribeWorkspaceImagesResponse first = useast.describeWorkspaceImages(r -> { });
        assertEquals(25, first.images().size(), "default MaxResults is 25");
        assertNotNull(first.nextToken());

        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            DescribeWorkspaceImagesResponse page = useast.describeWorkspaceImages(r -> r.maxResults(7).nextToken(next));
            assertTrue(page.images().size() <= 7);
            seen.addAll(ids(page));
            token = page.nextToken();
            pages++;
        } while (token != null);

        assertEquals(5, pages);
        assertEquals(30, seen.size());
        assertEquals(added, new HashSet<>(seen));
    }

    @Test
    void aForgedNextTokenIsRefused() {
        emu.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("img"));

        assertThrows(InvalidParameterValuesException.class,
                () -> useast.describeWorkspaceImages(r -> r.nextToken("not-a-token")));
    }

    @Test
    void describeAccountReportsByolPerAccountAndRegion() {
        assertEquals(DedicatedTenancySupportResultEnum.DISABLED, euwest.describeAccount(r -> { }).dedicatedTenancySupport());

        emu.setDedicatedTenancy(ACCOUNT_A, "eu-west-1", true);

        assertEquals(DedicatedTenancySupportResultEnum.ENABLED, euwest.describeAccount(r -> { }).dedicatedTenancySupport());
        assertEquals(DedicatedTenancySupportResultEnum.DISABLED, useast.describeAccount(r -> { }).dedicatedTenancySupport());
        assertEquals(DedicatedTenancySupportResultEnum.DISABLED, useastB.describeAccount(r -> { }).dedicatedTenancySupport());
    }

    @Test
    void ownerSharesAndUnsharesThroughTheApi() {
        String id = emu.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("to-share"));

        useast.updateWorkspaceImagePermission(r -> r.imageId(id).allowCopyImage(true).sharedAccountId(ACCOUNT_B));

        var permissions = useast.describeWorkspaceImagePermissions(r -> r.imageId(id));
        assertEquals(id, permissions.imageId());
        assertEquals(List.of(ACCOUNT_B), permissions.imagePermissions().stream().map(ImagePermission::sharedAccountId).toList());
        assertEquals(List.of(id), ids(useastB.describeWorkspaceImages(r -> r.imageType(ImageType.SHARED))));

        useast.updateWorkspaceImagePermission(r -> r.imageId(id).allowCopyImage(false).sharedAccountId(ACCOUNT_B));

        assertTrue(useast.describeWorkspaceImagePermissions(r -> r.imageId(id)).imagePermissions().isEmpty());
        assertTrue(useastB.describeWorkspaceImages(r -> r.imageType(ImageType.SHARED)).images().isEmpty());
    }

    @Test
    void permissionsArePaginated() {
        String id = emu.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("popular"));
        IntStream.range(0, 5).forEach(i -> emu.shareImage(ACCOUNT_A, "us-east-1", id, "11111111111" + i));

        var first = useast.describeWorkspaceImagePermissions(r -> r.imageId(id).maxResults(3));
        var second = useast.describeWorkspaceImagePermissions(r -> r.imageId(id).maxResults(3).nextToken(first.nextToken()));

        assertEquals(3, first.imagePermissions().size());
        assertEquals(2, second.imagePermissions().size());
        assertNull(second.nextToken());
    }

    @Test
    void onlyTheOwnerSeesOrChangesPermissions() {
        String id = emu.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("owned-by-a"));
        emu.shareImage(ACCOUNT_A, "us-east-1", id, ACCOUNT_B);

        var notFound = assertThrows(ResourceNotFoundException.class,
                () -> useastB.describeWorkspaceImagePermissions(r -> r.imageId(id)));
        assertEquals(id, notFound.resourceId());
        assertThrows(ResourceNotFoundException.class, () -> useastB.updateWorkspaceImagePermission(
                r -> r.imageId(id).allowCopyImage(true).sharedAccountId("333333333333")));
        assertThrows(InvalidParameterValuesException.class, () -> useast.updateWorkspaceImagePermission(
                r -> r.imageId(id).allowCopyImage(true).sharedAccountId(ACCOUNT_A)));
    }

    @Test
    void onlyAvailableImagesAreSharedAndGovCloudByolSharingNeedsSupport() {
        String pending = emu.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("pending").pendingFor(Duration.ofMinutes(5)));
        assertThrows(ResourceUnavailableException.class, () -> useast.updateWorkspaceImagePermission(
                r -> r.imageId(pending).allowCopyImage(true).sharedAccountId(ACCOUNT_B)));

        String byol = emu.addImage(ACCOUNT_A, "us-gov-west-1", ImageSeed.named("byol").byol(true));
        try (WorkSpacesClient gov = Clients.client(emu, "us-gov-west-1")) {
            var e = assertThrows(OperationNotSupportedException.class, () -> gov.updateWorkspaceImagePermission(
                    r -> r.imageId(byol).allowCopyImage(true).sharedAccountId(ACCOUNT_B)));
            assertEquals(CopyRules.GOVCLOUD_BYOL_SHARING, e.reason());
        }
    }

    @Test
    void tagsAreCreatedDescribedAndDeleted() {
        String id = emu.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("tagged").tag("team", "vdi"));

        useast.createTags(r -> r.resourceId(id).tags(tag("env", "prod"), tag("team", "euc")));
        assertEquals(List.of(tag("team", "euc"), tag("env", "prod")), useast.describeTags(r -> r.resourceId(id)).tagList());

        useast.deleteTags(r -> r.resourceId(id).tagKeys("team", "absent"));
        assertEquals(List.of(tag("env", "prod")), useast.describeTags(r -> r.resourceId(id)).tagList());
    }

    @Test
    void tagRulesAreEnforced() {
        String id = emu.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("tagged"));

        assertThrows(InvalidParameterValuesException.class,
                () -> useast.createTags(r -> r.resourceId(id).tags(tag("aws:createdBy", "me"))));
        assertThrows(InvalidParameterValuesException.class,
                () -> useast.createTags(r -> r.resourceId(id).tags(tag("k", "1"), tag("k", "2"))));
        useast.createTags(r -> r.resourceId(id).tags(tags(50)));
        assertThrows(ResourceLimitExceededException.class,
                () -> useast.createTags(r -> r.resourceId(id).tags(tag("one-more", "x"))));
        assertThrows(ResourceNotFoundException.class,
                () -> useast.describeTags(r -> r.resourceId("wsi-000000000")));
        assertThrows(ResourceNotFoundException.class,
                () -> euwest.createTags(r -> r.resourceId(id).tags(tag("a", "b"))));
    }

    @Test
    void deleteImageRemovesOwnedImagesButNotSharedOnes() {
        String id = emu.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("to-delete"));
        String shared = emu.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("shared"));
        emu.shareImage(ACCOUNT_A, "us-east-1", shared, ACCOUNT_B);

        useast.deleteWorkspaceImage(r -> r.imageId(id));
        useast.deleteWorkspaceImage(r -> r.imageId("wsi-000000000"));
        useastB.deleteWorkspaceImage(r -> r.imageId(shared));

        assertTrue(emu.image(ACCOUNT_A, "us-east-1", id).isEmpty());
        assertThrows(ResourceAssociatedException.class, () -> useast.deleteWorkspaceImage(r -> r.imageId(shared)));
        assertTrue(emu.image(ACCOUNT_A, "us-east-1", shared).isPresent());
    }

    @Test
    void adminApiRefusesValuesTheModelForbids() {
        assertThrows(IllegalArgumentException.class, () -> emu.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("has space")));
        assertThrows(IllegalArgumentException.class, () -> emu.addImage("12345", "us-east-1", ImageSeed.named("ok")));
        assertThrows(IllegalArgumentException.class, () -> emu.addImage(ACCOUNT_A, "US_EAST", ImageSeed.named("ok")));
        assertThrows(IllegalArgumentException.class,
                () -> emu.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("ok").imageId("ami-123")));
    }

    static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    static List<Tag> tags(int n) {
        return IntStream.range(0, n).mapToObj(i -> tag("key" + i, "value" + i)).toList();
    }

    static List<String> ids(DescribeWorkspaceImagesResponse response) {
        return response.images().stream().map(WorkspaceImage::imageId).toList();
    }
}
