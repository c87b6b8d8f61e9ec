package io.github.wsicopy.customresource;

import io.github.wsicopy.core.cloudformation.ResourceCopy;
import io.github.wsicopy.core.cloudformation.ResourceEvent;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.model.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The properties of one {@code Custom::WorkSpacesImageCopy}, checked and with their defaults applied
 * (see {@link PropertyParser}).
 *
 * @param destinationImageName    absent: {@link #DEFAULT_NAME}, unique per request, so a replacement never
 *                                collides with the copy it replaces
 * @param destinationDescription  absent: the source image's description
 * @param trustedOwnerAccounts    absent: the provider's TrustedOwnerAccounts parameter
 * @param serviceTimeoutSeconds   CloudFormation's wait for this resource, when the template sets ServiceTimeout
 */
public record ImageCopyProperties(
        String imageId,
        String sourceRegionId,
        String destinationRegionId,
        Optional<String> destinationImageName,
        Optional<String> destinationDescription,
        List<Tag> tags,
        Optional<List<String>> trustedOwnerAccounts,
        boolean allowCopyInSameRegion,
        boolean waitForAvailable,
        boolean retainOnDelete,
        Optional<Integer> serviceTimeoutSeconds) {

    /** {jobId} is derived from the request, so every Create and every replacement gets a name of its own. */
    public static final String DEFAULT_NAME = "{sourceName}-{jobId}";
    /** CloudFormation's own default and maximum wait for a custom resource. */
    public static final int CLOUDFORMATION_MAX_WAIT_SECONDS = 3600;

    public ImageCopyProperties {
        tags = List.copyOf(tags);
        trustedOwnerAccounts = trustedOwnerAccounts.map(List::copyOf);
    }

    public boolean sameRegion() {
        return sourceRegionId.equals(destinationRegionId);
    }

    public int cloudFormationWaitSeconds() {
        return serviceTimeoutSeconds.orElse(CLOUDFORMATION_MAX_WAIT_SECONDS);
    }

    /** The same copy as a bulk request, so the workflow's parser and rules judge it exactly as they judge a job. */
    public Map<String, Object> copyRequest() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("sourceRegion", sourceRegionId);
        request.put("imageIds", List.of(imageId));
        request.put("destinationRegions", List.of(destinationRegionId));
        request.put("nameTemplate", destinationImageName.orElse(DEFAULT_NAME));
        destinationDescription.ifPresent(d -> request.put("description", d));
        request.put("tags", tagsJson("key", "value"));
        trustedOwnerAccounts.ifPresent(t -> request.put("trustedOwnerAccounts", t));
        return request;
    }

    /** What the state machine's functions need to answer for this copy, made by job {@code jobId}. */
    public ResourceCopy copy(String jobId) {
        return new ResourceCopy(jobId, imageId, sourceRegionId, destinationRegionId, destinationImageName,
                waitForAvailable, cloudFormationWaitSeconds(), fingerprint());
    }

    /**
     * What the image is made of. Two requests with the same fingerprint describe the same image, so an Update
     * that changes only how the provider behaves (WaitForAvailable, RetainOnDelete, TrustedOwnerAccounts,
     * ServiceTimeout), or a rollback to the properties the image was made with, keeps the image.
     */
    public String fingerprint() {
        Map<String, Object> image = new LinkedHashMap<>();
        image.put("ImageId", imageId);
        image.put("SourceRegionId", sourceRegionId);
        image.put("DestinationRegionId", destinationRegionId);
        image.put("DestinationImageName", destinationImageName.orElse(null));
        image.put("DestinationDescription", destinationDescription.orElse(null));
        image.put("Tag", tagsJson("Key", "Value"));
        image.put("AllowCopyInSameRegion", allowCopyInSameRegion);
        return ResourceEvent.sha256(Json.write(image));
    }

    private List<Object> tagsJson(String key, String value) {
        List<Object> list = new ArrayList<>();
        for (Tag tag : tags) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put(key, tag.key());
            t.put(value, tag.value());
            list.add(t);
        }
        return list;
    }
}
