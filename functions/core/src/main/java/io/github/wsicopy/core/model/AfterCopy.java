package io.github.wsicopy.core.model;

import java.util.List;
import java.util.Optional;

/**
 * What a job does in each destination (account, Region) once that Region's copies are final: keep only the newest
 * copies of each lineage, point bundles at the new images, publish the new ids. Parsed by {@link AfterCopyParser};
 * carried out by {@code core.finish.RegionFinisher}.
 *
 * @param lineageGroup the first part of every copy's lineage ({@code core.finish.Lineage}): the request's
 *                     {@code lineageGroup}, a policy's id for its runs, else {@value #REQUEST_GROUP}
 * @param retain       keep only the newest copies of each lineage; empty keeps everything
 * @param bundles      bundles to create or point at the new image, in request order
 * @param publish      the SSM parameter prefix the new image ids are written under; empty writes none
 */
public record AfterCopy(String lineageGroup, Optional<Retention> retain, List<BundleSpec> bundles,
        Optional<Publish> publish) {

    /** The lineage group of a request that names none and is not a policy's run. */
    public static final String REQUEST_GROUP = "request";
    public static final AfterCopy NONE = new AfterCopy(REQUEST_GROUP, Optional.empty(), List.of(), Optional.empty());

    public AfterCopy {
        bundles = List.copyOf(bundles);
    }

    /** True when the job has work after its copies: retention, bundles or a parameter. */
    public boolean any() {
        return retain.isPresent() || !bundles.isEmpty() || publish.isPresent();
    }

    /**
     * {@code retain}: in each destination, keep the {@code keepLatest} newest AVAILABLE copies of each lineage.
     *
     * @param lineageTag the source image tag whose value names the lineage instead of the source's name
     */
    public record Retention(int keepLatest, Optional<String> lineageTag) {}

    /** One entry of {@code bundles}. */
    public sealed interface BundleSpec permits BundleSettings, FromBundle {
        /**
         * The name the bundle has in each target: as given, or the source-Region bundle's.
         *
         * @param sourceBundleNames bundle id → name of the fromBundle bundles found in the source Region
         */
        default Optional<String> name(java.util.Map<String, String> sourceBundleNames) {
            return switch (this) {
                case BundleSettings settings -> Optional.of(settings.name());
                case FromBundle from -> Optional.ofNullable(sourceBundleNames.get(from.bundleId()));
            };
        }
    }

    /**
     * A bundle described in full.
     *
     * @param rootVolumeGb empty: WorkSpaces' default root volume
     * @param description  empty: {@link #defaultDescription}
     */
    public record BundleSettings(String name, String computeType, Optional<Integer> rootVolumeGb, int userVolumeGb,
            Optional<String> description) implements BundleSpec {

        /** Within WorkSpaces' description pattern: image names use a subset of its characters. */
        public static String defaultDescription(String name) {
            return "Bundle " + name + " kept on the newest copy by wsicopy";
        }
    }

    /** A bundle that takes its name, compute type, volumes and description from this bundle in the source Region. */
    public record FromBundle(String bundleId) implements BundleSpec {}

    /**
     * {@code publish}: the SSM parameter {@code <parameterPrefix><lineage base>} holds the newest copy's id. Named after
     * the lineage, not the source image: a source named by version ({@code golden-win11-2024-01-31}) would write a new
     * parameter each night, and {@code {{resolve:ssm:/golden/golden-win11}}} must always find the latest one.
     */
    public record Publish(String parameterPrefix) {
        /** @param lineageBase the copy's lineage without its group ({@code core.finish.Lineage.base}) */
        public String parameterName(String lineageBase) {
            return parameterPrefix + lineageBase;
        }
    }
}
