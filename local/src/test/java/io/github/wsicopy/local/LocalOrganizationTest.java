package io.github.wsicopy.local;

import io.github.wsicopy.local.workspaces.CopyRules;
import io.github.wsicopy.local.workspaces.EmulatorConfig;
import io.github.wsicopy.local.workspaces.ImageSeed;
import io.github.wsicopy.local.workspaces.WorkSpacesEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;
import software.amazon.awssdk.services.workspaces.model.ImageType;
import software.amazon.awssdk.services.workspaces.model.OperationNotSupportedException;
import software.amazon.awssdk.services.workspaces.model.ResourceNotFoundException;
import software.amazon.awssdk.services.workspaces.model.WorkspaceImage;

import java.time.Duration;
import java.util.List;

import static io.github.wsicopy.local.LocalOrganization.TARGET_WITHOUT_ROLE;
import static io.github.wsicopy.local.LocalOrganization.TARGET_WITH_ROLE;
import static io.github.wsicopy.local.StandInClients.key;
import static io.github.wsicopy.local.StandInClients.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default organization around a local stack, the way issue 12's distribution uses it: resolve the OU, share
 * from the stack's account, assume the target-account role, copy in the target account, unshare.
 */
class LocalOrganizationTest {

    private static final String STACK = EmulatorConfig.DEFAULT_ACCOUNT_ID;

    private final MutableClock clock = new MutableClock();
    private WorkSpacesEmulator workspaces;
    private LocalOrganization org;
    private WorkSpacesClient stackUsEast;

    @BeforeEach
    void start() {
        workspaces = WorkSpacesEmulator.start(EmulatorConfig.defaults().withClock(clock).withRateLimit(0, 0)
                .withCopyDuration(Duration.ofMinutes(20)));
        org = LocalOrganization.demo(workspaces, STACK, clock);
        stackUsEast = StandInClients.workspaces(workspaces.endpoint(), "us-east-1", key("AKIDSTACK"));
    }

    @AfterEach
    void stop() {
        stackUsEast.close();
        org.close();
        workspaces.close();
    }

    @Test
    void theOuHoldsBothTargetsAndOnlyOneHasTheRole() {
        try (OrganizationsClient organizations = StandInClients.organizations(org.organizations().endpoint(), key("AKIDSTACK"));
             StsClient sts = StandInClients.sts(org.sts().endpoint(), key("AKIDSTACK"))) {
            List<String> accounts = organizations.listAccountsForParent(r -> r.parentId(org.ouId())).accounts().stream()
                    .map(Account::id).toList();
            assertEquals(List.of(TARGET_WITH_ROLE, TARGET_WITHOUT_ROLE), accounts);

            assertEquals(TARGET_WITH_ROLE, assume(sts, TARGET_WITH_ROLE).assumedRoleUser().arn().split(":")[4]);
            StsException denied = assertThrows(StsException.class, () -> assume(sts, TARGET_WITHOUT_ROLE));
            assertTrue(denied.awsErrorDetails().errorMessage().endsWith(LocalOrganization.roleArn(TARGET_WITHOUT_ROLE)));
        }
    }

    @Test
    void aSharedImageIsCopiedInTheTargetAccountWithTheAssumedRoleAndGoesAwayWhenUnshared() {
        String golden = workspaces.addImage(STACK, "us-east-1", ImageSeed.named("golden-win11"));
        stackUsEast.updateWorkspaceImagePermission(r -> r.imageId(golden).allowCopyImage(true).sharedAccountId(TARGET_WITH_ROLE));

        Credentials credentials;
        try (StsClient sts = StandInClients.sts(org.sts().endpoint(), key("AKIDSTACK"))) {
            credentials = assume(sts, TARGET_WITH_ROLE).credentials();
        }
        try (WorkSpacesClient targetEuWest = StandInClients.workspaces(workspaces.endpoint(), "eu-west-1", session(credentials));
             WorkSpacesClient targetUsEast = StandInClients.workspaces(workspaces.endpoint(), "us-east-1", session(credentials))) {
            List<WorkspaceImage> shared = targetUsEast.describeWorkspaceImages(r -> r.imageType(ImageType.SHARED)).images();
            assertEquals(List.of(golden), shared.stream().map(WorkspaceImage::imageId).toList());
            assertEquals(STACK, shared.getFirst().ownerAccountId());

            String copy = targetEuWest.copyWorkspaceImage(r -> r.name("golden-win11").sourceImageId(golden)
                    .sourceRegion("us-east-1")).imageId();
            assertEquals(List.of(copy), workspaces.images(TARGET_WITH_ROLE, "eu-west-1").stream().map(i -> i.imageId()).toList());
            assertTrue(workspaces.images(STACK, "eu-west-1").isEmpty());

            stackUsEast.updateWorkspaceImagePermission(r -> r.imageId(golden).allowCopyImage(false).sharedAccountId(TARGET_WITH_ROLE));
            assertTrue(targetUsEast.describeWorkspaceImages(r -> r.imageType(ImageType.SHARED)).images().isEmpty());
            assertThrows(ResourceNotFoundException.class, () -> targetEuWest.copyWorkspaceImage(
                    r -> r.name("golden-again").sourceImageId(golden).sourceRegion("us-east-1")));
            clock.advance(Duration.ofMinutes(20));
            assertEquals("AVAILABLE", targetEuWest.describeWorkspaceImages(r -> r.imageIds(copy)).images().getFirst().stateAsString());
        }
    }

    @Test
    void byolImagesAreSharedOnlyInsideTheOrganizationWithAccountsThatHaveByol() {
        String byol = workspaces.addImage(STACK, "us-east-1", ImageSeed.named("byol-office").byol(true));

        OperationNotSupportedException notEnabled = assertThrows(OperationNotSupportedException.class, () ->
                stackUsEast.updateWorkspaceImagePermission(r -> r.imageId(byol).allowCopyImage(true).sharedAccountId(TARGET_WITH_ROLE)));
        assertEquals(CopyRules.BYOL_SHARING_NOT_ENABLED, notEnabled.reason());
        assertTrue(notEnabled.getMessage().contains("account " + TARGET_WITH_ROLE + " is not enabled for BYOL in us-east-1"));

        workspaces.setDedicatedTenancy("999999999999", "us-east-1", true);
        OperationNotSupportedException outside = assertThrows(OperationNotSupportedException.class, () ->
                stackUsEast.updateWorkspaceImagePermission(r -> r.imageId(byol).allowCopyImage(true).sharedAccountId("999999999999")));
        assertEquals(CopyRules.BYOL_SHARING_OUTSIDE_ORGANIZATION, outside.reason());

        workspaces.setDedicatedTenancy(TARGET_WITH_ROLE, "us-east-1", true);
        stackUsEast.updateWorkspaceImagePermission(r -> r.imageId(byol).allowCopyImage(true).sharedAccountId(TARGET_WITH_ROLE));
        assertEquals(java.util.Set.of(TARGET_WITH_ROLE), workspaces.image(STACK, "us-east-1", byol).orElseThrow().sharedWith());
    }

    private static software.amazon.awssdk.services.sts.model.AssumeRoleResponse assume(StsClient sts, String account) {
        return sts.assumeRole(r -> r.roleArn(LocalOrganization.roleArn(account)).roleSessionName("wsicopy")
                .externalId(LocalOrganization.DEMO_EXTERNAL_ID));
    }
}
