package io.github.wsicopy.core.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.TransientFailure;
import io.github.wsicopy.core.budget.RateBudget;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.testing.LocalDynamo;
import io.github.wsicopy.core.testing.TestStack;
import io.github.wsicopy.core.workspaces.WorkSpacesGateway;
import io.github.wsicopy.local.LocalOrganization;
import io.github.wsicopy.local.workspaces.ImageSeed;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Calls into other accounts through the real SDK: the STS and Organizations stand-ins of {@link LocalOrganization#demo}
 * (222222222222 has the role, 333333333333 has not), the WorkSpaces emulator (which acts in the account a session key
 * belongs to) and DynamoDB Local for the budgets.
 */
class AccountAccessTest {
    private static final String WITH_ROLE = LocalOrganization.TARGET_WITH_ROLE;
    private static final String WITHOUT_ROLE = LocalOrganization.TARGET_WITHOUT_ROLE;
    private static final String EU = "eu-west-1";

    private final TestStack stack = TestStack.unthrottled();
    private final LocalOrganization org = stack.organization();

    @AfterEach
    void stop() {
        stack.close();
    }

    private int assumeRoles() {
        return org.sts().calls("AssumeRole");
    }

    @Test
    void oneAssumeRolePerAccountAcrossManyCallsAndRegions() {
        String theirs = stack.emulator.addImage(WITH_ROLE, EU, ImageSeed.named("theirs"));
        stack.emulator.addImage(TestStack.ACCOUNT, EU, ImageSeed.named("ours"));
        WorkSpacesGateway gateway = stack.components().workspaces();

        for (int i = 0; i < 5; i++) {
            assertEquals(theirs, gateway.in(WITH_ROLE).ownedImages(EU).getFirst().imageId(), "acts in 222222222222");
            gateway.in(WITH_ROLE).byolEnabled("us-east-1");
        }

        assertEquals(1, assumeRoles());
        assertSame(gateway.in(WITH_ROLE), gateway.in(WITH_ROLE), "one gateway per account, reused");
        assertEquals("ours", gateway.ownedImages(EU).getFirst().name(), "the stack's own gateway is unchanged");
    }

    @Test
    void theStacksOwnAccountNeedsNoRole() {
        WorkSpacesGateway gateway = stack.components().workspaces();

        assertSame(gateway, gateway.in(TestStack.ACCOUNT));
        assertSame(gateway, gateway.in(WITH_ROLE).in(TestStack.ACCOUNT), "from any account's gateway");
        gateway.in(TestStack.ACCOUNT).ownedImages(EU);
        assertEquals(0, assumeRoles());
    }

    @Test
    void credentialsAreRenewedOnlyWhenLessThanTheMarginIsLeft() {
        WorkSpacesGateway gateway = stack.components().workspaces();
        gateway.in(WITH_ROLE).ownedImages(EU);

        Duration session = Duration.ofSeconds(AccountAccess.SESSION_SECONDS);
        stack.clock.advance(session.minus(AccountAccess.RENEW_MARGIN).minusSeconds(1));
        gateway.in(WITH_ROLE).ownedImages(EU);
        assertEquals(1, assumeRoles(), "still more than the margin left: reused");

        stack.clock.advance(Duration.ofSeconds(2));
        gateway.in(WITH_ROLE).ownedImages(EU);
        gateway.in(WITH_ROLE).ownedImages(EU);
        assertEquals(2, assumeRoles(), "renewed once");
    }

    @Test
    void anAccountWithoutTheRoleIsUnreachableWithTheRoleArnAndTheOthersGoOn() {
        Components c = stack.components();
        String roleArn = "arn:aws:iam::" + WITHOUT_ROLE + ":role/wsicopy-target";

        Reachability.Unreachable unreachable = assertInstanceOf(Reachability.Unreachable.class,
                c.workspaces().accounts().reach(WITHOUT_ROLE));
        AccountUnreachable thrown = assertThrows(AccountUnreachable.class,
                () -> c.workspaces().in(WITHOUT_ROLE).ownedImages(EU));

        assertEquals(WITHOUT_ROLE, unreachable.account());
        assertEquals(roleArn, unreachable.roleArn());
        assertTrue(unreachable.error().orElseThrow().startsWith("AccessDenied: "), unreachable.toString());
        assertEquals(ReasonCode.ACCOUNT_UNREACHABLE, unreachable.reason().code());
        assertEquals(Map.of("case", "refused", "account", WITHOUT_ROLE, "roleArn", roleArn, "error",
                unreachable.error().get()), unreachable.reason().params());
        assertTrue(thrown.getMessage().startsWith("could not assume role " + roleArn + " in account " + WITHOUT_ROLE
                + ": deploy templates/target-account-role.yaml there (README, 'Target accounts')"), thrown.getMessage());
        assertEquals(roleArn, thrown.roleArn());
        assertEquals(1, assumeRoles(), "the refusal is remembered for the step's other calls");
        assertEquals(0, stack.emulator.counters().calls("DescribeWorkspaceImages"), "no call went out");

        assertInstanceOf(Reachability.Reachable.class, c.workspaces().accounts().reach(WITH_ROLE));
    }

    @Test
    void aRefusalIsAskedAgainOnceItsMemoryRunsOut() {
        AccountAccess accounts = stack.components().workspaces().accounts();
        accounts.reach(WITHOUT_ROLE);
        org.sts().deployRole(io.github.wsicopy.local.sts.StsEmulator.Role.named(WITHOUT_ROLE, LocalOrganization.ROLE_NAME)
                .trusting(TestStack.ACCOUNT).externalId(LocalOrganization.DEMO_EXTERNAL_ID));

        assertInstanceOf(Reachability.Unreachable.class, accounts.reach(WITHOUT_ROLE), "within its memory");
        stack.clock.advance(AccountAccess.REFUSAL_MEMORY);
        assertInstanceOf(Reachability.Reachable.class, accounts.reach(WITHOUT_ROLE), "the role deployed since is found");
        assertEquals(2, assumeRoles());
    }

    @Test
    void throttlingAndServerErrorsFromSTSAreTransientNotUnreachable() {
        AccountAccess accounts = stack.components().workspaces().accounts();

        for (String[] error : new String[][] {{"Throttling", "400"}, {"InternalFailure", "500"}}) {
            stack.clock.advance(Duration.ofHours(1)); // the last session has run out: STS is asked
            org.sts().failNextAssumeRole(error[0], Integer.parseInt(error[1]), 8);
            TransientFailure failure = assertThrows(TransientFailure.class, () -> accounts.reach(WITH_ROLE));
            assertTrue(failure.getMessage().contains(error[0]), failure.getMessage());
            // The step's retries, until the injected errors are used up: never a refusal meanwhile.
            Reachability reached = null;
            while (reached == null) {
                try {
                    reached = accounts.reach(WITH_ROLE);
                } catch (TransientFailure again) {
                    // retried
                }
            }
            assertInstanceOf(Reachability.Reachable.class, reached, error[0]);
        }
    }

    @Test
    void anotherExternalIdIsRefused() {
        AccountAccess accounts = stack.components(Map.of("TARGET_EXTERNAL_ID", "not-the-one")).workspaces().accounts();

        assertInstanceOf(Reachability.Unreachable.class, accounts.reach(WITH_ROLE));
    }

    @Test
    void withoutAnExternalIdNoOtherAccountIsReachedAndSTSIsNotAsked() {
        // Blank is unset (the template's default is empty).
        AccountAccess accounts = stack.components(Map.of("TARGET_EXTERNAL_ID", " ")).workspaces().accounts();

        Reachability.Unreachable unreachable = assertInstanceOf(Reachability.Unreachable.class, accounts.reach(WITH_ROLE));

        assertTrue(unreachable.noExternalId());
        assertEquals(Optional.empty(), unreachable.error());
        assertTrue(unreachable.reason().text().contains("TargetExternalId parameter is empty"), unreachable.reason().text());
        assertEquals(0, assumeRoles());
    }

    @Test
    void theRoleNameAndPartitionComeFromTheSettings() {
        AccountAccess gov = stack.components(Map.of("AWS_REGION", "us-gov-west-1", "TARGET_ROLE_NAME", "copy-role"))
                .workspaces().accounts();

        assertEquals("arn:aws-us-gov:iam::" + WITH_ROLE + ":role/copy-role", gov.roleArn(WITH_ROLE));
        assertInstanceOf(Reachability.Unreachable.class, gov.reach(WITH_ROLE), "no such role deployed");
    }

    @Test
    void callsIntoAnAccountTakeSlotsFromThatAccountsBudget() {
        WorkSpacesGateway gateway = stack.components().workspaces();

        gateway.in(WITH_ROLE).ownedImages(EU);

        assertTrue(budgetItem(WITH_ROLE, EU).isPresent(), "BUDGET#222222222222#eu-west-1");
        assertTrue(budgetItem(TestStack.ACCOUNT, EU).isEmpty(), "the stack's budget is not charged");
        gateway.ownedImages(EU);
        assertTrue(budgetItem(TestStack.ACCOUNT, EU).isPresent());
    }

    @Test
    void sessionNamesSayWsicopyAndTheFunctionWithinSTSLimits() {
        assertEquals("wsicopy", AccountAccess.sessionName(Optional.empty()));
        assertEquals("wsicopy@wsicopy-CopyFunction-AbC123", AccountAccess.sessionName(Optional.of("wsicopy-CopyFunction-AbC123")));
        String longName = AccountAccess.sessionName(Optional.of("x".repeat(80)));
        assertEquals(64, longName.length());
        assertTrue(longName.matches("[\\w+=,.@-]{2,64}"));
    }

    private Optional<Map<String, AttributeValue>> budgetItem(String account, String region) {
        Map<String, AttributeValue> item = LocalDynamo.client().getItem(r -> r.tableName(stack.table).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(RateBudget.partitionKey(account, region)),
                        "sk", AttributeValue.fromS(RateBudget.SORT_KEY)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }
}
