package io.github.wsicopy.core.workflow;

import io.github.wsicopy.core.workspaces.ImageQuotas;
import io.github.wsicopy.core.workspaces.WorkSpacesGateway;
import java.util.List;
import java.util.Optional;

/**
 * What validation and the copy steps need of destination accounts: WorkSpaces as seen from each account (the stack's
 * own through the function's role, any other through the target-account role), an OU's accounts and an account's
 * organization. {@link #ownAccountOnly} serves a stack that copies into its own account alone.
 */
public interface TargetAccounts {

    /** The target-account role could not be assumed in {@code account}. */
    final class Unreachable extends RuntimeException {
        private final String account;
        private final String roleArn;

        public Unreachable(String account, String roleArn, String problem) {
            super(problem);
            this.account = account;
            this.roleArn = roleArn;
        }

        public String account() {
            return account;
        }

        public String roleArn() {
            return roleArn;
        }
    }

    /** An OU could not be resolved: the message is a sentence naming the OU and what to do. */
    final class OrganizationProblem extends RuntimeException {
        public OrganizationProblem(String message) {
            super(message);
        }
    }

    /** WorkSpaces in that account. Throws {@link Unreachable}, or TransientFailure while STS is throttling. */
    WorkSpacesGateway workspaces(String account);

    /** The images quota applied in that account, per Region (Service Quotas there), else none. */
    ImageQuotas quotas(String account);

    /** The ACTIVE accounts of the OU and of the OUs below it. Throws {@link OrganizationProblem}. */
    List<String> accountsIn(String organizationalUnitId);

    /** The organization the account belongs to; empty when it cannot be read (the BYOL rule then fails closed). */
    Optional<String> organizationOf(String account);

    /** A stack that copies into its own account only: any other account is unreachable, and there are no OUs. */
    static TargetAccounts ownAccountOnly(String ownAccount, WorkSpacesGateway workspaces, ImageQuotas quotas) {
        return new TargetAccounts() {
            @Override
            public WorkSpacesGateway workspaces(String account) {
                if (!account.equals(ownAccount)) {
                    throw new Unreachable(account, "(none)", "this deployment copies into its own account only");
                }
                return workspaces;
            }

            @Override
            public ImageQuotas quotas(String account) {
                return account.equals(ownAccount) ? quotas : ImageQuotas.NONE;
            }

            @Override
            public List<String> accountsIn(String organizationalUnitId) {
                throw new OrganizationProblem("cannot resolve " + organizationalUnitId + ": this deployment copies into"
                        + " its own account only");
            }

            @Override
            public Optional<String> organizationOf(String account) {
                return Optional.empty();
            }
        };
    }
}
