package io.github.wsicopy.core.cloudformation;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the state machine's functions need to answer a resource's request when its copy moves on: the copy as the
 * template declared it, and how long CloudFormation waits. The provider records it with the request before it
 * starts the job's execution ({@link ResponseLedger#describeCopy}).
 *
 * @param destinationImageName the DestinationImageName property, when the template gave one
 * @param waitSeconds          CloudFormation's wait for the resource (ServiceTimeout, default and at most 3600)
 * @param fingerprint          what the image is made of, recorded with the resource on SUCCESS (Update compares it)
 */
public record ResourceCopy(
        String jobId,
        String imageId,
        String sourceRegionId,
        String destinationRegionId,
        Optional<String> destinationImageName,
        boolean waitForAvailable,
        int waitSeconds,
        String fingerprint) {

    /** Answer this long before CloudFormation's own wait runs out, so the answer is ours, not a timeout. */
    static final Duration CLOUDFORMATION_MARGIN = Duration.ofSeconds(60);

    /** When a copy still running must be answered FAILED: a minute before CloudFormation gives up (a quarter of a short wait). */
    public Instant answerBy(Instant firstSeenAt) {
        Duration quarter = Duration.ofSeconds(waitSeconds / 4);
        Duration margin = quarter.compareTo(CLOUDFORMATION_MARGIN) < 0 ? quarter : CLOUDFORMATION_MARGIN;
        return firstSeenAt.plusSeconds(waitSeconds).minus(margin);
    }

    /** The resource's attributes ({@code Fn::GetAtt}) for an image in a state. */
    public Map<String, String> attributes(String imageId, String state) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("ImageId", imageId);
        data.put("SourceRegionId", sourceRegionId);
        data.put("DestinationRegionId", destinationRegionId);
        data.put("State", state);
        return data;
    }
}
