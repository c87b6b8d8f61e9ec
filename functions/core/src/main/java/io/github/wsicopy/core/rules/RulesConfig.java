package io.github.wsicopy.core.rules;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Deployment-level settings of the rules: values AWS documents as defaults that an account can change.
 *
 * @param imageQuotaPerRegion  images an account may own in a Region; WorkSpaces' default is 40 and it is
 *                             adjustable per account, so it is configuration, not a constant
 * @param imageQuotaByRegion   overrides of {@code imageQuotaPerRegion} for Regions where the quota was raised
 * @param optInRegions         Regions that must be enabled before use; copying out of them needs AWS Support
 * @param publishParameterPath the stack's PublishParameterPath: a {@code publish.parameterPrefix} must start with
 *                             it (the functions may write parameters only below it); empty: not checked
 */
public record RulesConfig(int imageQuotaPerRegion, Map<String, Integer> imageQuotaByRegion, Set<String> optInRegions,
        Optional<String> publishParameterPath) {

    /**
     * WorkSpaces' quota of bundles per Region and account ("WorkSpaces bundles: 50", Amazon WorkSpaces quotas).
     * One constant: the rules check it up front and the finishing step names it when CreateWorkspaceBundle refuses.
     */
    public static final int BUNDLES_PER_REGION = 50;

    public static final int DEFAULT_IMAGE_QUOTA_PER_REGION = 40;

    /**
     * The aws partition's opt-in Regions (those launched after March 2019). Only af-south-1, ap-southeast-5
     * and il-central-1 have WorkSpaces today; the rest are listed so a new WorkSpaces Region in them is
     * handled without a code change.
     */
    public static final Set<String> DEFAULT_OPT_IN_REGIONS = Set.of(
            "af-south-1", "ap-east-1", "ap-east-2", "ap-south-2", "ap-southeast-3", "ap-southeast-4",
            "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ca-west-1", "eu-central-2", "eu-south-1",
            "eu-south-2", "il-central-1", "me-central-1", "me-south-1", "mx-central-1");

    public static final RulesConfig DEFAULT =
            new RulesConfig(DEFAULT_IMAGE_QUOTA_PER_REGION, Map.of(), DEFAULT_OPT_IN_REGIONS);

    public RulesConfig(int imageQuotaPerRegion, Map<String, Integer> imageQuotaByRegion, Set<String> optInRegions) {
        this(imageQuotaPerRegion, imageQuotaByRegion, optInRegions, Optional.empty());
    }

    public RulesConfig {
        if (imageQuotaPerRegion < 0) {
            throw new IllegalArgumentException("imageQuotaPerRegion must not be negative: " + imageQuotaPerRegion);
        }
        imageQuotaByRegion = Map.copyOf(imageQuotaByRegion);
        optInRegions = Set.copyOf(optInRegions);
        publishParameterPath = publishParameterPath.filter(p -> !p.isEmpty());
    }

    public static RulesConfig defaults() {
        return DEFAULT;
    }

    public RulesConfig withImageQuotaPerRegion(int quota) {
        return new RulesConfig(quota, imageQuotaByRegion, optInRegions, publishParameterPath);
    }

    public RulesConfig withImageQuota(String region, int quota) {
        Map<String, Integer> byRegion = new java.util.HashMap<>(imageQuotaByRegion);
        byRegion.put(region, quota);
        return new RulesConfig(imageQuotaPerRegion, byRegion, optInRegions, publishParameterPath);
    }

    public RulesConfig withOptInRegions(Set<String> regions) {
        return new RulesConfig(imageQuotaPerRegion, imageQuotaByRegion, regions, publishParameterPath);
    }

    public RulesConfig withPublishParameterPath(Optional<String> path) {
        return new RulesConfig(imageQuotaPerRegion, imageQuotaByRegion, optInRegions, path);
    }

    public int imageQuota(String region) {
        return imageQuotaByRegion.getOrDefault(region, imageQuotaPerRegion);
    }

    public boolean isOptIn(String region) {
        return optInRegions.contains(region);
    }
}
