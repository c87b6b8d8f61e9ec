package io.github.wsicopy.core.accounts;

import io.github.wsicopy.core.model.Reason;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.model.ReasonText;
import java.util.Optional;

/** Whether wsicopy can act in an account ({@link AccountAccess#reach}). */
public sealed interface Reachability {

    String account();

    /** The stack's own account (its function's role), or another one whose role was assumed. */
    record Reachable(String account) implements Reachability {}

    /**
     * The role in {@code account} cannot be assumed: STS refused (AccessDenied: the role is not deployed there, or
     * does not trust this stack, or wants another external id; STS does not say which), or the stack has no
     * TargetExternalId to pass. The other accounts of a job go on.
     *
     * @param noExternalId true when the stack's TargetExternalId is empty (no STS call was made)
     * @param error        STS's error code and message, when it answered one
     */
    record Unreachable(String account, String roleArn, boolean noExternalId, Optional<String> error)
            implements Reachability {

        /** ACCOUNT_UNREACHABLE with the account and role ARN, what a task of this account records. */
        public Reason reason() {
            return Reason.of(ReasonCode.ACCOUNT_UNREACHABLE)
                    .situation(noExternalId ? ReasonText.NO_EXTERNAL_ID : ReasonText.REFUSED)
                    .with(Reason.ACCOUNT, account)
                    .with(Reason.ROLE_ARN, roleArn)
                    .with(Reason.ERROR, error.orElse(null))
                    .build();
        }
    }
}
