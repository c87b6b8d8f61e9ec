package io.github.wsicopy.core.accounts;

import io.github.wsicopy.core.workflow.TargetAccounts;
import io.github.wsicopy.core.workspaces.ImageQuotas;
import io.github.wsicopy.core.workspaces.WorkSpacesGateway;
import java.util.List;
import java.util.Optional;

/**
 * The deployment's destination accounts: the stack's account through the function's role, any other through the
 * target-account role ({@link AccountAccess}, behind {@link WorkSpacesGateway#in}). OUs and organizations are asked
 * of AWS Organizations only by the functions that plan ({@link OrganizationUnits}: the {@code organizations} module
 * ships with validate and api only); the copy steps never need them.
 */
public final class StackTargets implements TargetAccounts {
    /** AWS Organizations as the planning functions see it. */
    public interface Organizations {
        List<String> accountsIn(String organizationalUnitId);

        Optional<String> organizationOf(String account);
    }

    private final WorkSpacesGateway stack;
    private final ImageQuotas stackQuotas;
    private final Optional<Organizations> organizations;

    /**
     * @param stack         the stack's gateway, which reaches other accounts ({@link WorkSpacesGateway#accounts()})
     * @param stackQuotas   the images quota of the stack's account (other accounts use the configured one)
     * @param organizations empty for a function that never resolves OUs (copy, poll-status, notify)
     */
    public StackTargets(WorkSpacesGateway stack, ImageQuotas stackQuotas, Optional<Organizations> organizations) {
        this.stack = stack;
        this.stackQuotas = stackQuotas;
        this.organizations = organizations;
    }

    @Override
    public Reachability reach(String account) {
        return stack.accounts().reach(account);
    }

    @Override
    public WorkSpacesGateway workspaces(String account) {
        return stack.in(account);
    }

    @Override
    public ImageQuotas quotas(String account) {
        return stack.accounts().isStack(account) ? stackQuotas : ImageQuotas.NONE;
    }

    @Override
    public List<String> accountsIn(String organizationalUnitId) {
        return organizations.orElseThrow(() -> new OrganizationProblem("cannot resolve " + organizationalUnitId
                + " here: only the planning functions read AWS Organizations")).accountsIn(organizationalUnitId);
    }

    @Override
    public Optional<String> organizationOf(String account) {
        return organizations.flatMap(o -> o.organizationOf(account));
    }
}
