package io.github.wsicopy.local.sts;

import io.github.wsicopy.local.AccessKeys;
import io.github.wsicopy.local.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.github.wsicopy.local.StandInClients.key;
import static io.github.wsicopy.local.StandInClients.session;
import static io.github.wsicopy.local.StandInClients.sts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The STS stand-in through the real AWS SDK's STS client (Query protocol, XML answers). */
class StsEmulatorTest {

    private static final String STACK = "111111111111";
    private static final String TARGET = "222222222222";
    private static final String ROLE_ARN = "arn:aws:iam::" + TARGET + ":role/wsicopy-target";

    private final MutableClock clock = new MutableClock();
    private final AccessKeys keys = new AccessKeys(STACK);
    private final List<String> heard = new ArrayList<>();
    private StsEmulator emu;
    private StsClient stack;

    @BeforeEach
    void start() {
        keys.onMapped((key, account) -> heard.add(key + "=" + account));
        emu = StsEmulator.start(keys, clock);
        emu.deployRole(StsEmulator.Role.named(TARGET, "wsicopy-target").trusting(STACK).externalId("ext-123"));
        stack = sts(emu.endpoint(), key("AKIDSTACK"));
    }

    @AfterEach
    void stop() {
        stack.close();
        emu.close();
    }

    @Test
    void assumeRoleIssuesSessionKeysThatActInTheRolesAccount() {
        AssumeRoleResponse assumed = stack.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("wsicopy-copy").externalId("ext-123")
                .durationSeconds(900));

        String keyId = assumed.credentials().accessKeyId();
        assertTrue(keyId.matches("ASIA[A-Z2-7]{16}"), keyId);
        assertEquals(clock.instant().plusSeconds(900), assumed.credentials().expiration());
        assertEquals("arn:aws:sts::" + TARGET + ":assumed-role/wsicopy-target/wsicopy-copy", assumed.assumedRoleUser().arn());
        assertTrue(assumed.assumedRoleUser().assumedRoleId().endsWith(":wsicopy-copy"));
        assertEquals(List.of(keyId + "=" + TARGET), heard);

        try (StsClient asTarget = sts(emu.endpoint(), session(assumed.credentials()))) {
            GetCallerIdentityResponse identity = asTarget.getCallerIdentity();
            assertEquals(TARGET, identity.account());
            assertEquals(assumed.assumedRoleUser().arn(), identity.arn());
            assertEquals(assumed.assumedRoleUser().assumedRoleId(), identity.userId());
        }
    }

    @Test
    void aKeyNobodyMappedIsTheDefaultAccountsRoot() {
        GetCallerIdentityResponse identity = stack.getCallerIdentity();

        assertEquals(STACK, identity.account());
        assertEquals("arn:aws:iam::" + STACK + ":root", identity.arn());
        assertEquals(1, emu.calls("GetCallerIdentity"));
    }

    @Test
    void aRoleThatIsNotDeployedIsAccessDeniedNamingTheRole() {
        String missing = "arn:aws:iam::333333333333:role/wsicopy-target";

        StsException e = assertThrows(StsException.class,
                () -> stack.assumeRole(r -> r.roleArn(missing).roleSessionName("wsicopy").externalId("ext-123")));

        assertEquals(403, e.statusCode());
        assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
        assertEquals("User: arn:aws:iam::" + STACK + ":root is not authorized to perform: sts:AssumeRole on resource: "
                + missing, e.awsErrorDetails().errorMessage());
        assertTrue(heard.isEmpty());
    }

    @Test
    void theTrustAndTheExternalIdAreChecked() {
        StsException wrongId = assertThrows(StsException.class,
                () -> stack.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("wsicopy").externalId("other-id")));
        StsException noId = assertThrows(StsException.class,
                () -> stack.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("wsicopy")));
        keys.map("AKIDSTRANGER", "444444444444");
        try (StsClient stranger = sts(emu.endpoint(), key("AKIDSTRANGER"))) {
            StsException untrusted = assertThrows(StsException.class,
                    () -> stranger.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("wsicopy").externalId("ext-123")));
            assertEquals("AccessDenied", untrusted.awsErrorDetails().errorCode());
        }

        assertEquals("AccessDenied", wrongId.awsErrorDetails().errorCode());
        assertEquals("AccessDenied", noId.awsErrorDetails().errorCode());
        assertTrue(emu.removeRole(TARGET, "wsicopy-target"));
        assertThrows(StsException.class,
                () -> stack.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("wsicopy").externalId("ext-123")));
    }

    @Test
    void requestsAreCheckedAgainstTheModel() {
        StsException shortName = assertThrows(StsException.class,
                () -> stack.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("a").externalId("ext-123")));
        assertEquals(400, shortName.statusCode());
        assertEquals("ValidationError", shortName.awsErrorDetails().errorCode());
        assertTrue(shortName.getMessage().contains("Value 'a' at 'RoleSessionName' failed to satisfy constraint: "
                + "Member must have length greater than or equal to 2"), shortName.getMessage());

        StsException tooLong = assertThrows(StsException.class, () -> stack.assumeRole(
                r -> r.roleArn(ROLE_ARN).roleSessionName("wsicopy").externalId("ext-123").durationSeconds(50_000)));
        assertTrue(tooLong.getMessage().contains("Member must have value less than or equal to 43200"), tooLong.getMessage());

        StsException overRoleMax = assertThrows(StsException.class, () -> stack.assumeRole(
                r -> r.roleArn(ROLE_ARN).roleSessionName("wsicopy").externalId("ext-123").durationSeconds(7200)));
        assertEquals("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
                overRoleMax.awsErrorDetails().errorMessage());

        emu.deployRole(emu.role(TARGET, "wsicopy-target").orElseThrow().maxSession(Duration.ofHours(2)));
        assertEquals(clock.instant().plusSeconds(7200), stack.assumeRole(
                r -> r.roleArn(ROLE_ARN).roleSessionName("wsicopy").externalId("ext-123").durationSeconds(7200))
                .credentials().expiration());
    }
}
