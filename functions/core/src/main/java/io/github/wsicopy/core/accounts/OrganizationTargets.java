package io.github.wsicopy.core.accounts;

import io.github.wsicopy.core.TransientFailure;
import io.github.wsicopy.core.config.AwsClients;
import io.github.wsicopy.core.rules.Regions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.AccountState;
import software.amazon.awssdk.services.organizations.model.AccountStatus;
import software.amazon.awssdk.services.organizations.model.AwsOrganizationsNotInUseException;
import software.amazon.awssdk.services.organizations.model.ChildType;
import software.amazon.awssdk.services.organizations.model.ListAccountsForParentResponse;
import software.amazon.awssdk.services.organizations.model.ListChildrenResponse;

/**
 * Organizational units as the accounts they hold, through AWS Organizations: an {@code ou-...} id becomes the ACTIVE
 * accounts under it, in its child OUs too (ListAccountsForParent and ListChildren, page by page). Only the
 * organization's management account or a delegated administrator may list them; an OU that cannot be resolved comes
 * out as a {@link Problem} naming it and saying what to do, the other OUs are still resolved. Throttling, server
 * errors and no answer are a {@link TransientFailure}.
 *
 * <p>Also an account's organization ({@link #organizationId}), for the rule that a BYOL image is shared only within
 * its owner's organization: built with a target account's clients ({@code AccountAccess.clients(account)}), it
 * answers for that account.
 *
 * <p>The client uses Organizations' one endpoint of the function's partition ({@code aws-global}: us-east-1 in the
 * commercial partition; {@code AWS_ENDPOINT_URL_ORGANIZATIONS} locally). The SDK module is optional in core: only the
 * functions that plan (validate, api) ship it, and only this class names it.
 */
public final class OrganizationTargets {

    /** Why an OU was not resolved. */
    public enum ProblemKind {
        /** No such OU in the organization (ParentNotFoundException) or a malformed id. */
        NOT_FOUND,
        /** The account is in no organization (AWSOrganizationsNotInUseException). */
        NOT_IN_USE,
        /** Neither the management account nor a delegated administrator, or the role may not list it. */
        ACCESS_DENIED
    }

    /** An OU that could not be resolved, and the sentence that says what to do. */
    public record Problem(String organizationalUnit, ProblemKind kind, String message) {}

    /**
     * @param accounts every ACTIVE account of the OUs, once each, in ascending order
     * @param byUnit   each resolved OU's ACTIVE accounts (ascending), in the order the OUs were asked for
     * @param problems the OUs that could not be resolved
     */
    public record Resolution(List<String> accounts, Map<String, List<String>> byUnit, List<Problem> problems) {}

    private final OrganizationsClient client;
    private final String caller;

    /**
     * @param caller the account the client acts as, for the sentences ("account 123456789012 may not list ...")
     */
    public OrganizationTargets(OrganizationsClient client, String caller) {
        this.client = client;
        this.caller = caller;
    }

    /** Acting as {@code clients}' identity: the stack's own, or a role assumed in a target account. */
    public static OrganizationTargets of(AwsClients clients, String caller) {
        return new OrganizationTargets(client(clients), caller);
    }

    /** An Organizations client on the partition's global endpoint, with {@code clients}' credentials and HTTP client. */
    public static OrganizationsClient client(AwsClients clients) {
        return clients.configure(OrganizationsClient.builder(), globalRegion(clients.settings().awsRegion()),
                clients.settings().organizationsEndpoint()).build();
    }

    /** Organizations has one endpoint per partition, named by the partition's global pseudo-Region. */
    static String globalRegion(String functionRegion) {
        return switch (Regions.partitionOf(functionRegion).orElse("aws")) {
            case "aws-cn" -> "aws-cn-global";
            case "aws-us-gov" -> "aws-us-gov-global";
            default -> "aws-global";
        };
    }

    /** The ACTIVE accounts of each OU (recursively), and the OUs that could not be resolved. */
    public Resolution resolve(Collection<String> organizationalUnits) {
        Set<String> all = new TreeSet<>();
        Map<String, List<String>> byUnit = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (String ou : new LinkedHashSet<>(organizationalUnits)) {
            try {
                Set<String> accounts = new TreeSet<>();
                collect(ou, accounts, new LinkedHashSet<>());
                byUnit.put(ou, List.copyOf(accounts));
                all.addAll(accounts);
            } catch (AwsServiceException e) {
                problems.add(problem(ou, e));
            } catch (SdkException e) {
                throw new TransientFailure("AWS Organizations did not answer while listing the accounts of " + ou
                        + "; the step is retried", e);
            }
        }
        return new Resolution(List.copyOf(all), byUnit, problems);
    }

    /**
     * The organization the client's account belongs to ({@code o-...}), or empty when it is in none.
     * DescribeOrganization is allowed to every member, so a target account's role answers for itself.
     */
    public Optional<String> organizationId() {
        try {
            return Optional.of(client.describeOrganization(r -> {}).organization().id());
        } catch (AwsOrganizationsNotInUseException e) {
            return Optional.empty();
        } catch (AwsServiceException e) {
            if (isTransient(e)) {
                throw transientFailure("reading the organization of account " + caller, e);
            }
            throw new IllegalStateException("account " + caller + " could not read its organization ("
                    + errorCode(e) + "); allow organizations:DescribeOrganization to its role", e);
        } catch (SdkException e) {
            throw transientFailure("reading the organization of account " + caller, e);
        }
    }

    /** Every ACTIVE account under {@code parent}, its child OUs' too; {@code seen} guards against a parent twice. */
    private void collect(String parent, Set<String> accounts, Set<String> seen) {
        if (!seen.add(parent)) {
            return;
        }
        String token = null;
        do {
            String next = token;
            ListAccountsForParentResponse page = client.listAccountsForParent(r -> r.parentId(parent).nextToken(next));
            page.accounts().stream().filter(OrganizationTargets::active).map(Account::id).forEach(accounts::add);
            token = page.nextToken();
        } while (token != null);
        List<String> children = new ArrayList<>();
        do {
            String next = token;
            ListChildrenResponse page = client.listChildren(r -> r.parentId(parent)
                    .childType(ChildType.ORGANIZATIONAL_UNIT).nextToken(next));
            page.children().forEach(c -> children.add(c.id()));
            token = page.nextToken();
        } while (token != null);
        for (String child : children) {
            collect(child, accounts, seen);
        }
    }

    /** ACTIVE by its State (newer) or, where a response has none, its Status (deprecated). */
    private static boolean active(Account account) {
        if (account.state() != null && account.state() != AccountState.UNKNOWN_TO_SDK_VERSION) {
            return account.state() == AccountState.ACTIVE;
        }
        return account.status() == AccountStatus.ACTIVE;
    }

    private Problem problem(String ou, AwsServiceException e) {
        if (isTransient(e)) {
            throw transientFailure("listing the accounts of " + ou, e);
        }
        String code = errorCode(e);
        return switch (code) {
            case "AWSOrganizationsNotInUseException" -> new Problem(ou, ProblemKind.NOT_IN_USE, "account " + caller
                    + " is not in an organization of AWS Organizations, so the organizational unit " + ou
                    + " cannot be resolved; list the target accounts in destinationAccounts instead");
            case "AccessDeniedException" -> new Problem(ou, ProblemKind.ACCESS_DENIED, "account " + caller
                    + " may not list the accounts of the organizational unit " + ou + ": only the organization's"
                    + " management account or a delegated administrator can (and the stack's role needs"
                    + " organizations:ListChildren and organizations:ListAccountsForParent); run wsicopy there, register"
                    + " account " + caller + " as a delegated administrator, or list the accounts in"
                    + " destinationAccounts instead");
            default -> new Problem(ou, ProblemKind.NOT_FOUND, "the organizational unit " + ou + " does not exist in"
                    + " the organization of account " + caller + " (" + code + "); check the id (aws organizations"
                    + " list-organizational-units-for-parent) or remove it from destinationOrganizationalUnits");
        };
    }

    private static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                ? "HTTP " + e.statusCode() : e.awsErrorDetails().errorCode();
    }

    private static boolean isTransient(AwsServiceException e) {
        return e.isThrottlingException() || e.statusCode() >= 500 || e.awsErrorDetails() != null
                && "TooManyRequestsException".equals(e.awsErrorDetails().errorCode());
    }

    private static TransientFailure transientFailure(String doing, Exception e) {
        return new TransientFailure("AWS Organizations was busy or unavailable while " + doing + " ("
                + e.getMessage() + "); the step is retried", e);
    }
}
