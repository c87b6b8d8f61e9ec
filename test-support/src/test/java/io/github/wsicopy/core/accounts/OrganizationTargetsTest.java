package io.github.wsicopy.core.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.TransientFailure;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.testing.TestStack;
import io.github.wsicopy.local.AccessKeys;
import io.github.wsicopy.local.LocalOrganization;
import io.github.wsicopy.local.organizations.OrganizationsEmulator;
import io.github.wsicopy.local.organizations.OrganizationsEmulator.AccountStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** OU resolution through the real SDK client against the Organizations stand-in of {@link LocalOrganization#demo}. */
class OrganizationTargetsTest {
    private static final String WITH_ROLE = LocalOrganization.TARGET_WITH_ROLE;
    private static final String WITHOUT_ROLE = LocalOrganization.TARGET_WITHOUT_ROLE;

    private final TestStack stack = TestStack.unthrottled();
    private final LocalOrganization org = stack.organization();
    private final OrganizationsEmulator organizations = org.organizations();

    @AfterEach
    void stop() {
        stack.close();
    }

    private OrganizationTargets asStack() {
        Components c = stack.components();
        return OrganizationTargets.of(c.clients(), TestStack.ACCOUNT);
    }

    @Test
    void anOuIsItsActiveAccountsNestedOnesTooOnceEachInOrder() {
        String nested = organizations.createOrganizationalUnit(org.ouId(), "Nested");
        String deeper = organizations.createOrganizationalUnit(nested, "Deeper");
        organizations.addAccount("444444444444", deeper, "deep");
        organizations.addAccount("155555555555", nested, "closed", AccountStatus.SUSPENDED);
        organizations.addAccount("166666666666", org.ouId(), "closing", AccountStatus.PENDING_CLOSURE);

        OrganizationTargets.Resolution resolved = asStack().resolve(List.of(org.ouId(), nested, org.ouId()));

        assertEquals(List.of(WITH_ROLE, WITHOUT_ROLE, "444444444444"), resolved.accounts());
        assertEquals(Map.of(org.ouId(), List.of(WITH_ROLE, WITHOUT_ROLE, "444444444444"), nested, List.of("444444444444")),
                resolved.byUnit());
        assertEquals(List.of(), resolved.problems());
    }

    @Test
    void everyPageIsFollowed() {
        String big = organizations.createOrganizationalUnit(org.ouId(), "Big");
        List<String> expected = new ArrayList<>(List.of(WITH_ROLE, WITHOUT_ROLE));
        for (int i = 0; i < 45; i++) {
            String account = String.format("7000000000%02d", i);
            organizations.addAccount(account, big, "a" + i);
            expected.add(account);
        }
        for (int i = 0; i < 23; i++) {
            organizations.createOrganizationalUnit(org.ouId(), "empty-" + i);
        }
        String last = organizations.createOrganizationalUnit(org.ouId(), "last");
        organizations.addAccount("800000000000", last, "last");
        expected.add("800000000000");

        List<String> accounts = asStack().resolve(List.of(org.ouId())).accounts();

        assertEquals(expected.stream().sorted().toList(), accounts);
        assertTrue(organizations.calls("ListAccountsForParent") > 26, "pages of at most 20");
    }

    @Test
    void anUnknownOuIsAProblemNamingItAndTheOthersResolve() {
        String unknown = "ou-zzzz-zzzzzzzz";

        OrganizationTargets.Resolution resolved = asStack().resolve(List.of(unknown, org.ouId()));

        assertEquals(List.of(WITH_ROLE, WITHOUT_ROLE), resolved.accounts());
        OrganizationTargets.Problem problem = resolved.problems().getFirst();
        assertEquals(OrganizationTargets.ProblemKind.NOT_FOUND, problem.kind());
        assertEquals(unknown, problem.organizationalUnit());
        assertTrue(problem.message().startsWith("the organizational unit " + unknown + " does not exist"), problem.message());
    }

    @Test
    void anAccountThatDoesNotManageTheOrganizationIsToldWhoCan() {
        Components c = stack.components();
        OrganizationTargets asMember = OrganizationTargets.of(c.workspaces().accounts().clients(WITH_ROLE), WITH_ROLE);

        OrganizationTargets.Problem problem = asMember.resolve(List.of(org.ouId())).problems().getFirst();

        assertEquals(OrganizationTargets.ProblemKind.ACCESS_DENIED, problem.kind());
        assertTrue(problem.message().contains("account " + WITH_ROLE + " may not list the accounts of the organizational"
                + " unit " + org.ouId() + ": only the organization's management account or a delegated administrator"),
                problem.message());
    }

    @Test
    void anAccountInNoOrganizationIsToldToListAccounts() {
        try (OrganizationsEmulator none = OrganizationsEmulator.start(new AccessKeys(TestStack.ACCOUNT), stack.clock)) {
            OrganizationTargets targets = OrganizationTargets.of(stack.components(
                    Map.of("AWS_ENDPOINT_URL_ORGANIZATIONS", none.endpoint().toString())).clients(), TestStack.ACCOUNT);

            OrganizationTargets.Problem problem = targets.resolve(List.of(org.ouId())).problems().getFirst();

            assertEquals(OrganizationTargets.ProblemKind.NOT_IN_USE, problem.kind());
            assertTrue(problem.message().contains(org.ouId()) && problem.message().contains("destinationAccounts"),
                    problem.message());
            assertEquals(Optional.empty(), targets.organizationId());
        }
    }

    @Test
    void aTargetAccountReadsItsOwnOrganization() {
        Components c = stack.components();
        String id = organizations.organization().orElseThrow().id();

        assertEquals(Optional.of(id), OrganizationTargets.of(c.workspaces().accounts().clients(WITH_ROLE), WITH_ROLE)
                .organizationId());
        assertEquals(Optional.of(id), asStack().organizationId());
    }

    @Test
    void throttlingIsTransientNotAProblem() {
        organizations.failNext("ListAccountsForParent", "TooManyRequestsException", "slow down", 10);

        assertThrows(TransientFailure.class, () -> asStack().resolve(List.of(org.ouId())));
    }
}
