package io.github.wsicopy.core.model;

import java.util.Objects;

/**
 * Where copies go: one destination Region of one account. A task is (target, source image); each target has its own
 * WorkSpaces rate limit, image quota and replica ledger partition, so targets proceed side by side.
 */
public record Target(String account, String region) implements Comparable<Target> {

    public Target {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(region, "region");
    }

    /** {@code <account>#<region>}: how a target appears in keys and metrics dimensions. */
    public String key() {
        return account + "#" + region;
    }

    @Override
    public int compareTo(Target other) {
        int byAccount = account.compareTo(other.account);
        return byAccount != 0 ? byAccount : region.compareTo(other.region);
    }

    @Override
    public String toString() {
        return region + " of account " + account;
    }
}
