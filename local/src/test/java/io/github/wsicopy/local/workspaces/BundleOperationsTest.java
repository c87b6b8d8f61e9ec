package io.github.wsicopy.local.workspaces;

import io.github.wsicopy.local.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;
import software.amazon.awssdk.services.workspaces.model.AssociationState;
import software.amazon.awssdk.services.workspaces.model.Compute;
import software.amazon.awssdk.services.workspaces.model.CreateWorkspaceBundleRequest;
import software.amazon.awssdk.services.workspaces.model.DescribeWorkspaceBundlesResponse;
import software.amazon.awssdk.services.workspaces.model.ImageAssociatedResourceType;
import software.amazon.awssdk.services.workspaces.model.ImageResourceAssociation;
import software.amazon.awssdk.services.workspaces.model.InvalidParameterValuesException;
import software.amazon.awssdk.services.workspaces.model.InvalidResourceStateException;
import software.amazon.awssdk.services.workspaces.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.workspaces.model.ResourceAssociatedException;
import software.amazon.awssdk.services.workspaces.model.ResourceLimitExceededException;
import software.amazon.awssdk.services.workspaces.model.ResourceNotFoundException;
import software.amazon.awssdk.services.workspaces.model.ResourceUnavailableException;
import software.amazon.awssdk.services.workspaces.model.WorkspaceBundle;
import software.amazon.awssdk.services.workspaces.model.WorkspaceBundleState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.github.wsicopy.local.workspaces.Clients.ACCOUNT_A;
import static io.github.wsicopy.local.workspaces.Clients.ACCOUNT_B;
import static io.github.wsicopy.local.workspaces.Clients.KEY_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bundles, image associations and the rules of DeleteWorkspaceImage, through the real SDK client. */
class BundleOperationsTest {

    private final MutableClock clock = new MutableClock();
    private WorkSpacesEmulator emu;
    private WorkSpacesClient useast;
    private WorkSpacesClient euwest;
    private WorkSpacesClient useastB;
    private String golden;

    @BeforeEach
    void start() {
        emu = WorkSpacesEmulator.start(Clients.config(clock));
        useast = Clients.client(emu, "us-east-1");
        euwest = Clients.client(emu, "eu-west-1");
        useastB = Clients.client(emu, "us-east-1", KEY_B, false);
        golden = emu.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("golden"));
    }

    @AfterEach
    void stop() {
        useast.close();
        euwest.close();
        useastB.close();
        emu.close();
    }

    @Test
    void createdBundleIsDescribedWithTheModelsMembers() {
        WorkspaceBundle created = useast.createWorkspaceBundle(create("vdi-standard", golden)).workspaceBundle();

        assertTrue(created.bundleId().matches("wsb-[0-9a-z]{9}"), created.bundleId());
        WorkspaceBundle described = useast.describeWorkspaceBundles(r -> { }).bundles().getFirst();
        assertEquals(created, described);
        assertEquals("vdi-standard", described.name());
        assertEquals("Standard desktops", described.description());
        assertEquals(golden, described.imageId());
        assertEquals(ACCOUNT_A, described.owner());
        assertEquals(Compute.STANDARD, described.computeType().name());
        assertEquals("80", described.rootStorage().capacity());
        assertEquals("50", described.userStorage().capacity());
        assertEquals(WorkspaceBundleState.AVAILABLE, described.state());
        assertEquals(clock.instant(), described.creationTime());
        assertEquals(List.of(created.bundleId()), emu.bundles(ACCOUNT_A, "us-east-1").stream().map(EmulatedBundle::bundleId).toList());
    }

    @Test
    void describeFiltersByIdOrOwnerButNotBoth() {
        String mine = emu.addBundle(ACCOUNT_A, "us-east-1", BundleSeed.named("mine", golden));
        String other = emu.addImage(ACCOUNT_B, "us-east-1", ImageSeed.named("b-image"));
        String theirs = emu.addBundle(ACCOUNT_B, "us-east-1", BundleSeed.named("theirs", other));

        assertEquals(List.of(mine), ids(useast.describeWorkspaceBundles(r -> { })));
        assertEquals(List.of(mine), ids(useast.describeWorkspaceBundles(r -> r.bundleIds(mine, theirs))));
        assertEquals(List.of(), ids(useast.describeWorkspaceBundles(r -> r.owner("AMAZON"))));
        assertEquals(List.of(), ids(euwest.describeWorkspaceBundles(r -> { })));
        assertEquals(List.of(theirs), ids(useastB.describeWorkspaceBundles(r -> { })));
        assertThrows(InvalidParameterValuesException.class,
                () -> useast.describeWorkspaceBundles(r -> r.bundleIds(mine).owner("AMAZON")));
        assertThrows(InvalidParameterValuesException.class, () -> useast.describeWorkspaceBundles(r -> r.bundleIds("wsb-1")));
    }

    @Test
    void describePagesThroughManyBundles() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            all.add(emu.addBundle(ACCOUNT_A, "us-east-1", BundleSeed.named("b" + i, golden)));
        }
        DescribeWorkspaceBundlesResponse first = useast.describeWorkspaceBundles(r -> { });
        DescribeWorkspaceBundlesResponse second = useast.describeWorkspaceBundles(r -> r.nextToken(first.nextToken()));

        assertEquals(25, first.bundles().size());
        assertNull(second.nextToken());
        List<String> seen = new ArrayList<>(ids(first));
        seen.addAll(ids(second));
        assertEquals(all.stream().sorted().toList(), seen);
    }

    @Test
    void createRefusesMissingOrUnavailableImagesTakenNamesAndTheQuota() {
        String pending = emu.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("pending").pendingFor(Duration.ofMinutes(5)));
        emu.setBundleQuota(2);

        assertThrows(ResourceNotFoundException.class, () -> useast.createWorkspaceBundle(create("x", "wsi-000000000")));
        assertThrows(ResourceNotFoundException.class, () -> euwest.createWorkspaceBundle(create("x", golden)));
        assertThrows(ResourceUnavailableException.class, () -> useast.createWorkspaceBundle(create("x", pending)));
        useast.createWorkspaceBundle(create("one", golden));
        assertThrows(ResourceAlreadyExistsException.class, () -> useast.createWorkspaceBundle(create("one", golden)));
        useast.createWorkspaceBundle(create("two", golden));
        ResourceLimitExceededException full = assertThrows(ResourceLimitExceededException.class,
                () -> useast.createWorkspaceBundle(create("three", golden)));
        assertTrue(full.getMessage().contains("bundle quota of 2 in us-east-1"), full.getMessage());
        assertThrows(InvalidParameterValuesException.class,
                () -> useast.createWorkspaceBundle(create("bad name!", golden)));
        assertThrows(InvalidParameterValuesException.class,
                () -> useast.createWorkspaceBundle(create("no-compute", golden).toBuilder().computeType(c -> { }).build()));
        assertEquals(2, emu.bundles(ACCOUNT_A, "us-east-1").size());
    }

    @Test
    void theDefaultQuotaIsFiftyBundlesPerRegion() {
        for (int i = 0; i < 50; i++) {
            emu.addBundle(ACCOUNT_A, "us-east-1", BundleSeed.named("b" + i, golden));
        }
        assertThrows(ResourceLimitExceededException.class, () -> useast.createWorkspaceBundle(create("b50", golden)));
        String there = emu.addImage(ACCOUNT_A, "eu-west-1", ImageSeed.named("golden"));
        euwest.createWorkspaceBundle(create("b50", there));
    }

    @Test
    void updatePointsTheBundleAtAnotherAvailableImage() {
        String bundle = emu.addBundle(ACCOUNT_A, "us-east-1", BundleSeed.named("vdi", golden));
        String newer = emu.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("golden-v2"));
        String pending = emu.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("golden-v3").pendingFor(Duration.ofHours(1)));
        clock.advance(Duration.ofMinutes(1));

        useast.updateWorkspaceBundle(r -> r.bundleId(bundle).imageId(newer));

        WorkspaceBundle updated = useast.describeWorkspaceBundles(r -> r.bundleIds(bundle)).bundles().getFirst();
        assertEquals(newer, updated.imageId());
        assertEquals(clock.instant(), updated.lastUpdatedTime());
        assertThrows(ResourceUnavailableException.class, () -> useast.updateWorkspaceBundle(r -> r.bundleId(bundle).imageId(pending)));
        assertThrows(ResourceNotFoundException.class,
                () -> useast.updateWorkspaceBundle(r -> r.bundleId("wsb-000000000").imageId(newer)));
        assertThrows(ResourceNotFoundException.class,
                () -> useastB.updateWorkspaceBundle(r -> r.bundleId(bundle).imageId(newer)));
        assertThrows(InvalidParameterValuesException.class, () -> useast.updateWorkspaceBundle(r -> r.bundleId(bundle)));
        assertEquals(newer, emu.bundles(ACCOUNT_A, "us-east-1").getFirst().imageId());
    }

    @Test
    void deletedBundleNameIsHeldForTwoHours() {
        String bundle = useast.createWorkspaceBundle(create("vdi", golden)).workspaceBundle().bundleId();

        useast.deleteWorkspaceBundle(r -> r.bundleId(bundle));

        assertEquals(List.of(), emu.bundles(ACCOUNT_A, "us-east-1"));
        assertThrows(ResourceNotFoundException.class, () -> useast.deleteWorkspaceBundle(r -> r.bundleId(bundle)));
        assertThrows(ResourceAlreadyExistsException.class, () -> useast.createWorkspaceBundle(create("vdi", golden)));
        clock.advance(Duration.ofHours(2));
        useast.createWorkspaceBundle(create("vdi", golden));
    }

    @Test
    void anImageABundleUsesCannotBeDeletedUntilTheBundleMovesOn() {
        String bundle = emu.addBundle(ACCOUNT_A, "us-east-1", BundleSeed.named("vdi", golden));
        String newer = emu.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("golden-v2"));

        ResourceAssociatedException inUse = assertThrows(ResourceAssociatedException.class,
                () -> useast.deleteWorkspaceImage(r -> r.imageId(golden)));
        assertTrue(inUse.getMessage().contains(bundle), inUse.getMessage());
        assertEquals(400, inUse.statusCode());
        assertTrue(emu.image(ACCOUNT_A, "us-east-1", golden).isPresent());

        useast.updateWorkspaceBundle(r -> r.bundleId(bundle).imageId(newer));
        useast.deleteWorkspaceImage(r -> r.imageId(golden));
        assertTrue(emu.image(ACCOUNT_A, "us-east-1", golden).isEmpty());
    }

    @Test
    void pendingAndSharedImagesCannotBeDeletedAndMissingOnesAreANoOp() {
        String pending = emu.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("copying").pendingFor(Duration.ofMinutes(30)));
        emu.shareImage(ACCOUNT_A, "us-east-1", golden, ACCOUNT_B);

        assertThrows(InvalidResourceStateException.class, () -> useast.deleteWorkspaceImage(r -> r.imageId(pending)));
        assertThrows(ResourceAssociatedException.class, () -> useast.deleteWorkspaceImage(r -> r.imageId(golden)));
        useast.deleteWorkspaceImage(r -> r.imageId("wsi-000000000"));

        clock.advance(Duration.ofMinutes(30));
        useast.deleteWorkspaceImage(r -> r.imageId(pending));
        assertTrue(emu.image(ACCOUNT_A, "us-east-1", pending).isEmpty());
        assertTrue(emu.image(ACCOUNT_A, "us-east-1", golden).isPresent());
    }

    @Test
    void imageAssociationsListTheApplicationsMarkedOnAnImage() {
        emu.associateApplication(ACCOUNT_A, "us-east-1", golden, "wsa-1234567890", "COMPLETED");

        List<ImageResourceAssociation> associations = useast.describeImageAssociations(
                r -> r.imageId(golden).associatedResourceTypes(ImageAssociatedResourceType.APPLICATION)).associations();

        assertEquals(1, associations.size());
        assertEquals("wsa-1234567890", associations.getFirst().associatedResourceId());
        assertEquals(ImageAssociatedResourceType.APPLICATION, associations.getFirst().associatedResourceType());
        assertEquals(AssociationState.COMPLETED, associations.getFirst().state());
        assertEquals(golden, associations.getFirst().imageId());
        assertEquals(List.of(), useast.describeImageAssociations(r -> r.imageId(golden).associatedResourceTypes(List.of()))
                .associations());
        assertThrows(ResourceNotFoundException.class, () -> useastB.describeImageAssociations(
                r -> r.imageId(golden).associatedResourceTypes(ImageAssociatedResourceType.APPLICATION)));
        assertThrows(InvalidParameterValuesException.class,
                () -> useast.describeImageAssociations(r -> r.imageId(golden).associatedResourceTypesWithStrings("BUNDLE")));
        assertThrows(IllegalArgumentException.class,
                () -> emu.associateApplication(ACCOUNT_A, "us-east-1", golden, "wsa-1", "IN_USE"));
    }

    @Test
    void adminBundlesFollowTheModel() {
        assertThrows(IllegalArgumentException.class, () -> emu.addBundle(ACCOUNT_A, "us-east-1", BundleSeed.named("has space", golden)));
        assertThrows(IllegalArgumentException.class,
                () -> emu.addBundle(ACCOUNT_A, "us-east-1", BundleSeed.named("ok", golden).computeType("HUGE")));
        assertThrows(IllegalArgumentException.class, () -> emu.addBundle(ACCOUNT_B, "us-east-1", BundleSeed.named("ok", golden)));
    }

    private static CreateWorkspaceBundleRequest create(String name, String imageId) {
        return CreateWorkspaceBundleRequest.builder().bundleName(name).bundleDescription("Standard desktops")
                .imageId(imageId).computeType(c -> c.name(Compute.STANDARD)).rootStorage(r -> r.capacity("80"))
                .userStorage(u -> u.capacity("50")).build();
    }

    private static List<String> ids(DescribeWorkspaceBundlesResponse response) {
        return response.bundles().stream().map(WorkspaceBundle::bundleId).toList();
    }
}
