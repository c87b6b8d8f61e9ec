package io.github.wsicopy.core.workflow;

import io.github.wsicopy.core.accounts.AccountUnreachable;
import io.github.wsicopy.core.accounts.Reachability;
import io.github.wsicopy.core.workspaces.ImageQuotas;
import io.github.wsicopy.core.workspaces.WorkSpacesGateway;
import java.util.List;
import java.util.Optional;

/**
 * What validation and the copy steps need of destination accounts: whether an account can be reached, WorkSpaces as
 * seen from it (the stack's own account through the function's role, any other through the target-account role), an
 * OU's accounts and an account's organization. {@code core.accounts.StackTargets} is the deployment's;
 * {@link #ownAccountOnly} serves a caller that copies into its own account alone.
 */
public interface TargetAccounts {

    /** An OU could not be resolved: the message is a sentence naming the OU and what to do. */
    final class OrganizationProblem extends RuntimeException {
        public OrganizationProblem(String message) {
            super(message);
        }
    }

    /** Whether calls into the account can be made (at most one AssumeRole, kept for the calls that follow). */
    Reachability reach(String account);

    /** WorkSpaces in that account; its calls throw {@link AccountUnreachable} when the role cannot be assumed. */
    WorkSpacesGateway workspaces(String account);

    /** The images quota applied in that account, per Region (Service Quotas there), else none. */
    ImageQuotas quotas(String account);

    /** The ACTIVE accounts of the OU and of the OUs below it. Throws {@link OrganizationProblem}. */
    List<String> accountsIn(String organizationalUnitId);

    /** The organization the account belongs to; empty when it cannot be read (the BYOL rule then fails closed). */
    Optional<String> organizationOf(String account);

    /** Its own account only: any other is unreachable (no role to assume), and there are no OUs. */
    static TargetAccounts ownAccountOnly(String ownAccount, WorkSpacesGateway workspaces, ImageQuotas quotas) {
        return new TargetAccounts() {
            @Override
            public Reachability reach(String account) {
                return account.equals(ownAccount) ? new Reachability.Reachable(account)
                        : new Reachability.Unreachable(account, "arn:aws:iam::" + account + ":role/wsicopy-target",
                                true, Optional.empty());
            }

            @Override
            public WorkSpacesGateway workspaces(String account) {
                if (reach(account) instanceof Reachability.Unreachable unreachable) {
                    throw new AccountUnreachable(unreachable);
                }
                return workspaces;
            }

            @Override
            public ImageQuotas quotas(String account) {
                return account.equals(ownAccount) ? quotas : ImageQuotas.NONE;
            }

            @Override
            public List<String> accountsIn(String organizationalUnitId) {
                throw new OrganizationProblem("cannot resolve " + organizationalUnitId + ": this caller copies into its"
                        + " own account only");
            }

            @Override
            public Optional<String> organizationOf(String account) {
                return Optional.empty();
            }
        };
    }
}
