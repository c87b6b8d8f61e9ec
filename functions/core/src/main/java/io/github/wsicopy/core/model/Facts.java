package io.github.wsicopy.core.model;

import java.time.LocalDate;
import java.util.Map;

/**
 * Everything the rules engine may look at, gathered before it runs, so the rules stay pure.
 *
 * @param sourceImages  image id → image, for the requested ids WorkSpaces found (missing ids are absent)
 * @param destinations  destination Region → its facts
 * @param callerAccount the account the job runs in (trusted by default)
 * @param sourceTags    source image id → its tags, read only when the request copies them (else empty)
 */
public record Facts(
        String jobId,
        String callerAccount,
        LocalDate date,
        Map<String, SourceImage> sourceImages,
        Map<String, DestinationFacts> destinations,
        Map<String, Map<String, String>> sourceTags) {

    public Facts {
        sourceImages = Map.copyOf(sourceImages);
        destinations = Map.copyOf(destinations);
        sourceTags = Map.copyOf(sourceTags);
    }

    /** Facts of a request that does not copy the source's tags. */
    public Facts(String jobId, String callerAccount, LocalDate date, Map<String, SourceImage> sourceImages,
            Map<String, DestinationFacts> destinations) {
        this(jobId, callerAccount, date, sourceImages, destinations, Map.of());
    }

    public Map<String, String> tagsOf(String sourceImageId) {
        return sourceTags.getOrDefault(sourceImageId, Map.of());
    }
}
