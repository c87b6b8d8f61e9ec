package io.github.wsicopy.core.model;

import java.time.LocalDate;
import java.util.Map;

/**
 * Everything the rules engine may look at, gathered before it runs, so the rules stay pure.
 *
 * @param sourceImages  image id → image, for the requested ids WorkSpaces found (missing ids are absent)
 * @param destinations  destination Region → its facts
 * @param callerAccount the account the job runs in (trusted by default)
 */
public record Facts(
        String jobId,
        String callerAccount,
        LocalDate date,
        Map<String, SourceImage> sourceImages,
        Map<String, DestinationFacts> destinations) {

    public Facts {
        sourceImages = Map.copyOf(sourceImages);
        destinations = Map.copyOf(destinations);
    }
}
