package io.github.wsicopy.core.accounts;

/**
 * A call into an account whose role cannot be assumed. Its message is the reason's sentence (account, role ARN, what
 * to deploy); {@link #unreachable()} has the data, and {@code unreachable().reason()} the ACCOUNT_UNREACHABLE a task
 * records.
 */
public final class AccountUnreachable extends RuntimeException {
    private final Reachability.Unreachable unreachable;

    public AccountUnreachable(Reachability.Unreachable unreachable) {
        super(unreachable.reason().text());
        this.unreachable = unreachable;
    }

    public Reachability.Unreachable unreachable() {
        return unreachable;
    }

    public String account() {
        return unreachable.account();
    }

    public String roleArn() {
        return unreachable.roleArn();
    }
}
