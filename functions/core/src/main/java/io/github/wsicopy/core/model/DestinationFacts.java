package io.github.wsicopy.core.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What WorkSpaces and the replica ledger say about one destination Region.
 *
 * @param reachable        false when the Region could not be read (access denied, ...); {@code problem} says why
 * @param byolEnabled      DescribeAccount's DedicatedTenancySupport is ENABLED
 * @param ownedImageNames  names of images the account already owns there (they count against the quota)
 * @param copiedFrom       destination image name → source image id, from the project's system tags
 * @param replicas         source image id → the copy of it there: the ledger's record where it still matches
 *                         WorkSpaces, else one rebuilt from the system tags (version 0, not yet in the ledger)
 * @param erroredNames     names of the images owned there that are in ERROR
 * @param staleRecords     ledger records whose copy WorkSpaces no longer has (deleted by hand)
 * @param appliedImageQuota the images quota Service Quotas reports for the account there; empty: the configured one
 * @param bundleNames      names of the account's own bundles there, read only when the request has {@code bundles}
 *                         (else empty): they count against WorkSpaces' bundles quota
 */
public record DestinationFacts(
        String region,
        boolean reachable,
        Optional<String> problem,
        boolean byolEnabled,
        List<String> ownedImageNames,
        Map<String, String> copiedFrom,
        Map<String, Replica> replicas,
        Set<String> erroredNames,
        List<Replica> staleRecords,
        Optional<Integer> appliedImageQuota,
        List<String> bundleNames) {

    /** {@link #quotaSource()} values. */
    public static final String QUOTA_FROM_SERVICE_QUOTAS = "service-quotas";
    public static final String QUOTA_CONFIGURED = "configured";

    public DestinationFacts {
        ownedImageNames = List.copyOf(ownedImageNames);
        copiedFrom = Map.copyOf(copiedFrom);
        replicas = Map.copyOf(replicas);
        erroredNames = Set.copyOf(erroredNames);
        staleRecords = List.copyOf(staleRecords);
        bundleNames = List.copyOf(bundleNames);
    }

    /** Facts without the account's bundles (the request has none to roll out). */
    public DestinationFacts(String region, boolean reachable, Optional<String> problem, boolean byolEnabled,
            List<String> ownedImageNames, Map<String, String> copiedFrom, Map<String, Replica> replicas,
            Set<String> erroredNames, List<Replica> staleRecords, Optional<Integer> appliedImageQuota) {
        this(region, reachable, problem, byolEnabled, ownedImageNames, copiedFrom, replicas, erroredNames,
                staleRecords, appliedImageQuota, List.of());
    }

    /** Facts without an applied quota: the configured one counts. */
    public DestinationFacts(String region, boolean reachable, Optional<String> problem, boolean byolEnabled,
            List<String> ownedImageNames, Map<String, String> copiedFrom, Map<String, Replica> replicas,
            Set<String> erroredNames, List<Replica> staleRecords) {
        this(region, reachable, problem, byolEnabled, ownedImageNames, copiedFrom, replicas, erroredNames,
                staleRecords, Optional.empty());
    }

    /** Facts of a Region with no ledger records and no images in ERROR. */
    public DestinationFacts(String region, boolean reachable, Optional<String> problem, boolean byolEnabled,
            List<String> ownedImageNames, Map<String, String> copiedFrom) {
        this(region, reachable, problem, byolEnabled, ownedImageNames, copiedFrom, Map.of(), Set.of(), List.of());
    }

    public static DestinationFacts unreachable(String region, String problem) {
        return new DestinationFacts(region, false, Optional.of(problem), false, List.of(), Map.of());
    }

    /** The images quota there: the value applied in Service Quotas when it was read, else {@code configured}. */
    public int imageQuota(int configured) {
        return appliedImageQuota.orElse(configured);
    }

    /** Where {@link #imageQuota} comes from: {@value #QUOTA_FROM_SERVICE_QUOTAS} or {@value #QUOTA_CONFIGURED}. */
    public String quotaSource() {
        return appliedImageQuota.isPresent() ? QUOTA_FROM_SERVICE_QUOTAS : QUOTA_CONFIGURED;
    }

    public DestinationFacts withAppliedImageQuota(Optional<Integer> quota) {
        return new DestinationFacts(region, reachable, problem, byolEnabled, ownedImageNames, copiedFrom, replicas,
                erroredNames, staleRecords, quota, bundleNames);
    }

    public DestinationFacts withBundleNames(List<String> names) {
        return new DestinationFacts(region, reachable, problem, byolEnabled, ownedImageNames, copiedFrom, replicas,
                erroredNames, staleRecords, appliedImageQuota, names);
    }

    public Optional<Replica> replicaOf(String sourceImageId) {
        return Optional.ofNullable(replicas.get(sourceImageId));
    }
}
