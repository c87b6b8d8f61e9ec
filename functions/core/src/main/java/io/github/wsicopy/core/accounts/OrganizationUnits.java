package io.github.wsicopy.core.accounts;

import io.github.wsicopy.core.workflow.TargetAccounts.OrganizationProblem;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link StackTargets.Organizations} over AWS Organizations: OUs resolved from the stack's account (the management or
 * a delegated-administrator account), an account's organization read with that account's own clients (any member
 * may call DescribeOrganization). Named only where OUs are planned, so functions without the organizations module
 * never load it.
 */
public final class OrganizationUnits implements StackTargets.Organizations {
    private final AccountAccess access;
    /** One Organizations client per account asked, kept while warm (the stack's resolves OUs). */
    private final Map<String, OrganizationTargets> clients = new ConcurrentHashMap<>();

    public OrganizationUnits(AccountAccess access) {
        this.access = access;
    }

    private OrganizationTargets in(String account) {
        return clients.computeIfAbsent(account, a -> OrganizationTargets.of(access.clients(a), a));
    }

    @Override
    public List<String> accountsIn(String organizationalUnitId) {
        OrganizationTargets.Resolution resolution = in(access.stackAccount()).resolve(List.of(organizationalUnitId));
        if (!resolution.problems().isEmpty()) {
            throw new OrganizationProblem(resolution.problems().get(0).message());
        }
        return resolution.accounts();
    }

    /** Empty when it cannot be read: the account's role may not call DescribeOrganization, or it is unreachable. */
    @Override
    public Optional<String> organizationOf(String account) {
        try {
            return in(account).organizationId();
        } catch (AccountUnreachable | IllegalStateException e) {
            return Optional.empty();
        }
    }
}
