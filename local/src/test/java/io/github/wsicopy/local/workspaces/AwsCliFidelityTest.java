package io.github.wsicopy.local.workspaces;

import io.github.wsicopy.local.AwsCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.github.wsicopy.local.workspaces.Clients.ACCOUNT_A;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real AWS CLI (botocore, a second independent client) against an emulator started the way
 * {@link EmulatorMain} starts it.
 */
class AwsCliFidelityTest {

    private static WorkSpacesEmulator emu;
    private static String golden;
    private static AwsCli aws;

    @BeforeAll
    static void start() {
        aws = AwsCli.find().orElse(null);
        assumeTrue(aws != null, "the aws CLI is not on PATH: skipping the CLI fidelity test");
        List<String> seeded = new ArrayList<>();
        emu = EmulatorMain.start(new String[] {"--port", "0", "--rate", "0", "--image", "us-east-1:golden-win11"}, seeded);
        golden = seeded.getFirst().split(" ")[3];
    }

    @AfterAll
    static void stop() {
        if (emu != null) {
            emu.close();
        }
    }

    @Test
    void describeWorkspaceImagesPrintsTheModelsMembers() throws Exception {
        AwsCli.Result result = aws("describe-workspace-images", "--region", "us-east-1");

        assertEquals(0, result.exitCode(), result.stderr());
        JsonNode image = result.json().field("Images").orElseThrow().index(0).orElseThrow();
        assertEquals(golden, text(image, "ImageId"));
        assertEquals("golden-win11", text(image, "Name"));
        assertEquals("AVAILABLE", text(image, "State"));
        assertEquals("DEFAULT", text(image, "RequiredTenancy"));
        assertEquals(ACCOUNT_A, text(image, "OwnerAccountId"));
        assertEquals("WINDOWS", text(image.field("OperatingSystem").orElseThrow(), "Type"));
        assertTrue(image.field("Created").isPresent());
    }

    @Test
    void copyWorkspaceImagePrintsTheNewIdAndTheCopyIsThere() throws Exception {
        AwsCli.Result result = aws("copy-workspace-image", "--region", "eu-west-1", "--name", "cli-copy",
                "--description", "Copied by the CLI", "--source-image-id", golden, "--source-region", "us-east-1",
                "--tags", "Key=team,Value=vdi");

        assertEquals(0, result.exitCode(), result.stderr());
        String id = text(result.json(), "ImageId");
        assertTrue(id.matches("wsi-[0-9a-z]{9}"), id);
        EmulatedImage copy = emu.image(ACCOUNT_A, "eu-west-1", id).orElseThrow();
        assertEquals(Map.of("team", "vdi"), copy.tags());
        assertEquals("Copied by the CLI", copy.description());

        AwsCli.Result again = aws("copy-workspace-image", "--region", "eu-west-1", "--name", "cli-copy",
                "--source-image-id", golden, "--source-region", "us-east-1");
        assertNotEquals(0, again.exitCode());
        assertTrue(again.stderr().contains("(ResourceAlreadyExistsException)"), again.stderr());
    }

    @Test
    void errorsAndOtherOperationsParse() throws Exception {
        AwsCli.Result invalid = aws("describe-workspace-images", "--region", "us-east-1", "--image-type", "PUBLIC");
        assertNotEquals(0, invalid.exitCode());
        assertTrue(invalid.stderr().contains("(InvalidParameterValuesException)"), invalid.stderr());

        AwsCli.Result account = aws("describe-account", "--region", "us-east-1");
        assertEquals(0, account.exitCode(), account.stderr());
        assertEquals("DISABLED", text(account.json(), "DedicatedTenancySupport"));

        AwsCli.Result tags = aws("describe-tags", "--region", "us-east-1", "--resource-id", golden);
        assertEquals(0, tags.exitCode(), tags.stderr());
        assertEquals(List.of(), tags.json().field("TagList").orElseThrow().asArray());
    }

    @Test
    void bundlesAndTheDeleteRulesParse() throws Exception {
        String image = emu.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("cli-bundle-image"));
        AwsCli.Result created = aws("create-workspace-bundle", "--region", "us-east-1", "--bundle-name", "cli-bundle",
                "--bundle-description", "Made by the CLI", "--image-id", image, "--compute-type", "Name=STANDARD",
                "--user-storage", "Capacity=50", "--root-storage", "Capacity=80");
        assertEquals(0, created.exitCode(), created.stderr());
        String bundle = text(created.json().field("WorkspaceBundle").orElseThrow(), "BundleId");

        AwsCli.Result described = aws("describe-workspace-bundles", "--region", "us-east-1", "--bundle-ids", bundle);
        assertEquals(0, described.exitCode(), described.stderr());
        JsonNode first = described.json().field("Bundles").orElseThrow().index(0).orElseThrow();
        assertEquals(image, text(first, "ImageId"));
        assertEquals(ACCOUNT_A, text(first, "Owner"));
        assertEquals("STANDARD", text(first.field("ComputeType").orElseThrow(), "Name"));

        AwsCli.Result inUse = aws("delete-workspace-image", "--region", "us-east-1", "--image-id", image);
        assertNotEquals(0, inUse.exitCode());
        assertTrue(inUse.stderr().contains("(ResourceAssociatedException)"), inUse.stderr());

        AwsCli.Result associations = aws("describe-image-associations", "--region", "us-east-1", "--image-id", image,
                "--associated-resource-types", "APPLICATION");
        assertEquals(0, associations.exitCode(), associations.stderr());
        assertEquals(List.of(), associations.json().field("Associations").orElseThrow().asArray());

        assertEquals(0, aws("delete-workspace-bundle", "--region", "us-east-1", "--bundle-id", bundle).exitCode());
        AwsCli.Result deleted = aws("delete-workspace-image", "--region", "us-east-1", "--image-id", image);
        assertEquals(0, deleted.exitCode(), deleted.stderr());
        assertTrue(emu.image(ACCOUNT_A, "us-east-1", image).isEmpty());
    }

    private static AwsCli.Result aws(String... args) throws IOException, InterruptedException {
        return aws.run("workspaces", emu.endpoint(), args);
    }

    private static String text(JsonNode node, String field) {
        return AwsCli.text(node, field);
    }
}
