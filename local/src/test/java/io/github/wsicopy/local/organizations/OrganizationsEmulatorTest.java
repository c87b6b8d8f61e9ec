package io.github.wsicopy.local.organizations;

import io.github.wsicopy.local.AccessKeys;
import io.github.wsicopy.local.MutableClock;
import io.github.wsicopy.local.organizations.OrganizationsEmulator.AccountStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.AccessDeniedException;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.AwsOrganizationsNotInUseException;
import software.amazon.awssdk.services.organizations.model.Child;
import software.amazon.awssdk.services.organizations.model.ChildType;
import software.amazon.awssdk.services.organizations.model.InvalidInputException;
import software.amazon.awssdk.services.organizations.model.InvalidInputExceptionReason;
import software.amazon.awssdk.services.organizations.model.ListAccountsForParentResponse;
import software.amazon.awssdk.services.organizations.model.ListChildrenResponse;
import software.amazon.awssdk.services.organizations.model.Organization;
import software.amazon.awssdk.services.organizations.model.ParentNotFoundException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.github.wsicopy.local.StandInClients.key;
import static io.github.wsicopy.local.StandInClients.organizations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Organizations stand-in through the real AWS SDK's Organizations client (JSON 1.1). */
class OrganizationsEmulatorTest {

    private static final String MANAGEMENT = "111111111111";
    private static final String DELEGATED = "555555555555";

    private final AccessKeys keys = new AccessKeys(MANAGEMENT);
    private OrganizationsEmulator emu;
    private OrganizationsEmulator.Organization org;
    private String workloads;
    private String nested;
    private OrganizationsClient management;

    @BeforeEach
    void start() {
        emu = OrganizationsEmulator.start(keys, new MutableClock());
        org = emu.createOrganization(MANAGEMENT);
        workloads = emu.createOrganizationalUnit(org.rootId(), "Workloads");
        nested = emu.createOrganizationalUnit(workloads, "Prod");
        emu.addAccount("222222222222", workloads, "a");
        emu.addAccount("333333333333", workloads, "b", AccountStatus.SUSPENDED);
        emu.addAccount("444444444444", nested, "c");
        emu.addAccount(DELEGATED, org.rootId(), "tools");
        management = organizations(emu.endpoint(), key("AKIDMANAGEMENT"));
    }

    @AfterEach
    void stop() {
        management.close();
        emu.close();
    }

    @Test
    void anOuResolvesRecursivelyToItsAccountsWithTheirStatus() {
        Map<String, String> found = accountsUnder(management, workloads).stream()
                .collect(Collectors.toMap(Account::id, Account::statusAsString));

        assertEquals(Map.of("222222222222", "ACTIVE", "333333333333", "SUSPENDED", "444444444444", "ACTIVE"), found);
        assertTrue(workloads.matches("ou-[0-9a-z]{4}-[0-9a-z]{8}"), workloads);
    }

    @Test
    void listsArePagedAtMaxResults() {
        ListAccountsForParentResponse first = management.listAccountsForParent(r -> r.parentId(workloads).maxResults(1));
        ListAccountsForParentResponse second = management.listAccountsForParent(
                r -> r.parentId(workloads).maxResults(1).nextToken(first.nextToken()));

        assertEquals(List.of("222222222222"), first.accounts().stream().map(Account::id).toList());
        assertEquals(List.of("333333333333"), second.accounts().stream().map(Account::id).toList());
        assertNull(second.nextToken());
        Account a = first.accounts().getFirst();
        assertEquals("arn:aws:organizations::" + MANAGEMENT + ":account/" + org.id() + "/222222222222", a.arn());
        assertNotNull(a.joinedTimestamp());

        InvalidInputException tooMany = assertThrows(InvalidInputException.class,
                () -> management.listChildren(r -> r.parentId(workloads).childType(ChildType.ACCOUNT).maxResults(21)));
        assertEquals(InvalidInputExceptionReason.MAX_VALUE_EXCEEDED, tooMany.reason());
        InvalidInputException badToken = assertThrows(InvalidInputException.class, () -> management.listAccountsForParent(
                r -> r.parentId(org.rootId()).nextToken(first.nextToken())));
        assertEquals(InvalidInputExceptionReason.INVALID_NEXT_TOKEN, badToken.reason());
    }

    @Test
    void onlyTheManagementAccountAndDelegatedAdministratorsListTheStructure() {
        keys.map("AKIDMEMBER", "222222222222");
        keys.map("AKIDDELEGATED", DELEGATED);
        keys.map("AKIDOUTSIDER", "999999999999");
        try (OrganizationsClient member = organizations(emu.endpoint(), key("AKIDMEMBER"));
             OrganizationsClient delegated = organizations(emu.endpoint(), key("AKIDDELEGATED"));
             OrganizationsClient outsider = organizations(emu.endpoint(), key("AKIDOUTSIDER"))) {

            assertThrows(AccessDeniedException.class, () -> member.listChildren(r -> r.parentId(workloads).childType(ChildType.ACCOUNT)));
            assertThrows(AccessDeniedException.class, () -> delegated.listAccountsForParent(r -> r.parentId(workloads)));
            Organization seenByMember = member.describeOrganization().organization();
            assertEquals(org.id(), seenByMember.id());
            assertEquals(MANAGEMENT, seenByMember.masterAccountId());

            AwsOrganizationsNotInUseException notInUse = assertThrows(AwsOrganizationsNotInUseException.class,
                    outsider::describeOrganization);
            assertEquals("Your account is not a member of an organization.", notInUse.awsErrorDetails().errorMessage());
            assertThrows(AwsOrganizationsNotInUseException.class, () -> outsider.listAccountsForParent(r -> r.parentId(workloads)));

            emu.registerDelegatedAdministrator(DELEGATED);
            assertEquals(3, accountsUnder(delegated, workloads).size());
        }
    }

    @Test
    void unknownOrMalformedParentsAreRefused() {
        assertThrows(ParentNotFoundException.class,
                () -> management.listChildren(r -> r.parentId("ou-zzzz-zzzzzzzz").childType(ChildType.ACCOUNT)));
        InvalidInputException malformed = assertThrows(InvalidInputException.class,
                () -> management.listAccountsForParent(r -> r.parentId("workloads")));
        assertEquals(InvalidInputExceptionReason.INVALID_PATTERN, malformed.reason());
        assertTrue(malformed.awsErrorDetails().errorMessage().contains("Value 'workloads' at 'ParentId'"),
                malformed.awsErrorDetails().errorMessage());
    }

    /** What wsicopy's OU resolution does: ListChildren for OUs, ListAccountsForParent at each level, every page. */
    static List<Account> accountsUnder(OrganizationsClient client, String parentId) {
        List<Account> accounts = new ArrayList<>();
        client.listAccountsForParentPaginator(r -> r.parentId(parentId).maxResults(1)).forEach(page -> accounts.addAll(page.accounts()));
        for (ListChildrenResponse page : client.listChildrenPaginator(
                r -> r.parentId(parentId).childType(ChildType.ORGANIZATIONAL_UNIT).maxResults(1))) {
            for (Child child : page.children()) {
                accounts.addAll(accountsUnder(client, child.id()));
            }
        }
        return accounts;
    }
}
