package io.github.wsicopy.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What WorkSpaces reported about one (account, Region) at one moment: BYOL, the images the account owns there, and
 * what their system tags say. Concurrent validations share it for a short while (RegionSnapshots), so twenty
 * jobs starting together read a Region once instead of twenty times from its 2 calls/s.
 *
 * @param takenAt when the listing was made: a ledger record written after it may name a copy it cannot show
 * @param appliedImageQuota the images quota Service Quotas reports applied to the account there (empty: none
 *                          configured, none applied, or not readable; the configured default applies)
 */
public record RegionSnapshot(String account, String region, Instant takenAt, boolean byolEnabled, List<Image> images,
        Optional<Integer> appliedImageQuota) {

    public RegionSnapshot {
        images = List.copyOf(images);
    }

    /** A snapshot without an applied quota. */
    /**
     * One owned image.
     *
     * @param tagsRead  its tags were read (or the replica ledger already said what it is a copy of)
     * @param sourceImageId the source its system tags name, if any
     * @param jobId     the job its system tags name ("" when none)
     */
    public record Image(String imageId, String name, String state, boolean tagsRead, Optional<String> sourceImageId,
            String jobId) {

        public SourceImage asOwned() {
            return new SourceImage(imageId, name, null, state, "OWNED", null, null);
        }
    }

    public boolean freshAt(Instant now, java.time.Duration maxAge) {
        return !takenAt.plus(maxAge).isBefore(now) && !takenAt.isAfter(now.plusSeconds(5));
    }
}
