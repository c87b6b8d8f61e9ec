package io.github.wsicopy.core.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** The workflow's form of a target: {@code {"account", "region"}}. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("account", account);
        json.put("region", region);
        return json;
    }

    /** The workflow's form of several targets (a batch, or Validate's batches' items). */
    public static List<Object> toJson(List<Target> targets) {
        List<Object> items = new ArrayList<>(targets.size());
        targets.forEach(t -> items.add(t.toJson()));
        return items;
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
