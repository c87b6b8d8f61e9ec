package io.github.wsicopy.local;

import io.github.wsicopy.local.workspaces.EmulatorConfig;
import io.github.wsicopy.local.workspaces.WorkSpacesEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.util.List;
import java.util.Map;

import static io.github.wsicopy.local.AwsCli.text;
import static io.github.wsicopy.local.LocalOrganization.TARGET_WITHOUT_ROLE;
import static io.github.wsicopy.local.LocalOrganization.TARGET_WITH_ROLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real AWS CLI v1 against the STS and Organizations stand-ins of the default local organization. */
class StandInsCliTest {

    private static final String STACK = EmulatorConfig.DEFAULT_ACCOUNT_ID;

    private static AwsCli aws;
    private static WorkSpacesEmulator workspaces;
    private static LocalOrganization org;

    @BeforeAll
    static void start() {
        aws = AwsCli.find().orElse(null);
        assumeTrue(aws != null, "the aws CLI is not on PATH: skipping the CLI fidelity test");
        workspaces = WorkSpacesEmulator.start(EmulatorConfig.defaults().withRateLimit(0, 0));
        org = LocalOrganization.demo(workspaces, STACK, new MutableClock());
    }

    @AfterAll
    static void stop() {
        if (org != null) {
            org.close();
            workspaces.close();
        }
    }

    @Test
    void assumeRoleGivesCredentialsTheCliUsesInTheTargetAccount() throws Exception {
        AwsCli.Result assumed = sts(AwsCli.key("AKIDCLISTACK"), "assume-role",
                "--role-arn", LocalOrganization.roleArn(TARGET_WITH_ROLE), "--role-session-name", "wsicopy-cli",
                "--external-id", LocalOrganization.DEMO_EXTERNAL_ID);

        assertEquals(0, assumed.exitCode(), assumed.stderr());
        JsonNode credentials = assumed.json().field("Credentials").orElseThrow();
        assertEquals("arn:aws:sts::" + TARGET_WITH_ROLE + ":assumed-role/wsicopy-target/wsicopy-cli",
                text(assumed.json().field("AssumedRoleUser").orElseThrow(), "Arn"));
        assertTrue(text(credentials, "Expiration").matches("\\d{4}-\\d\\d-\\d\\dT.*"), text(credentials, "Expiration"));

        AwsCli.Result identity = sts(Map.of("AWS_ACCESS_KEY_ID", text(credentials, "AccessKeyId"),
                "AWS_SECRET_ACCESS_KEY", text(credentials, "SecretAccessKey"),
                "AWS_SESSION_TOKEN", text(credentials, "SessionToken")), "get-caller-identity");
        assertEquals(0, identity.exitCode(), identity.stderr());
        assertEquals(TARGET_WITH_ROLE, text(identity.json(), "Account"));
    }

    @Test
    void aTargetWithoutTheRoleIsAccessDenied() throws Exception {
        AwsCli.Result denied = sts(AwsCli.key("AKIDCLISTACK"), "assume-role",
                "--role-arn", LocalOrganization.roleArn(TARGET_WITHOUT_ROLE), "--role-session-name", "wsicopy-cli",
                "--external-id", LocalOrganization.DEMO_EXTERNAL_ID);

        assertNotEquals(0, denied.exitCode());
        assertTrue(denied.stderr().contains("(AccessDenied)"), denied.stderr());
        assertTrue(denied.stderr().contains(LocalOrganization.roleArn(TARGET_WITHOUT_ROLE)), denied.stderr());
    }

    @Test
    void theOuListsThroughTheCliAndMembersAreRefused() throws Exception {
        AwsCli.Result children = organizations(AwsCli.key("AKIDCLISTACK"), "list-children",
                "--parent-id", org.ouId(), "--child-type", "ACCOUNT");
        assertEquals(0, children.exitCode(), children.stderr());
        assertEquals(List.of(TARGET_WITH_ROLE, TARGET_WITHOUT_ROLE), children.json().field("Children").orElseThrow()
                .asArray().stream().map(c -> text(c, "Id")).toList());

        AwsCli.Result accounts = organizations(AwsCli.key("AKIDCLISTACK"), "list-accounts-for-parent", "--parent-id", org.ouId());
        assertEquals(0, accounts.exitCode(), accounts.stderr());
        assertEquals("ACTIVE", text(accounts.json().field("Accounts").orElseThrow().index(0).orElseThrow(), "Status"));

        AwsCli.Result described = organizations(AwsCli.key("AKIDCLISTACK"), "describe-organization");
        assertEquals(0, described.exitCode(), described.stderr());
        assertEquals(STACK, text(described.json().field("Organization").orElseThrow(), "MasterAccountId"));

        org.accessKeys().map("AKIDCLIMEMBER", TARGET_WITH_ROLE);
        AwsCli.Result refused = organizations(AwsCli.key("AKIDCLIMEMBER"), "list-children",
                "--parent-id", org.ouId(), "--child-type", "ACCOUNT");
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.stderr().contains("(AccessDeniedException)"), refused.stderr());
    }

    private static AwsCli.Result sts(Map<String, String> credentials, String... args) throws Exception {
        return aws.run(credentials, "sts", org.sts().endpoint(), inUsEast1(args));
    }

    private static AwsCli.Result organizations(Map<String, String> credentials, String... args) throws Exception {
        return aws.run(credentials, "organizations", org.organizations().endpoint(), inUsEast1(args));
    }

    private static String[] inUsEast1(String[] args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--region", "us-east-1"));
        return all.toArray(String[]::new);
    }
}
