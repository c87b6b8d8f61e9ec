package io.github.wsicopy.core.cloudformation;

import java.util.Optional;

/**
 * What the provider knows about a resource it answered SUCCESS for, kept while the resource exists: which image
 * the physical id is, where, and from which properties it was made.
 *
 * @param kind        COPY: the provider made the image and Delete removes it; SOURCE: the physical id is the
 *                    source image itself (AllowCopyInSameRegion in its own Region) and Delete leaves it alone
 * @param fingerprint {@link ImageCopyProperties#fingerprint()} of the properties the image was made from
 */
public record ResourceRecord(
        String stackId,
        String logicalResourceId,
        String physicalResourceId,
        Kind kind,
        String fingerprint,
        String sourceImageId,
        String sourceRegionId,
        String destinationRegionId,
        Optional<String> jobId) {

    public enum Kind { COPY, SOURCE }
}
