package io.github.wsicopy.core.workspaces;

import io.github.wsicopy.core.config.AwsClients;
import io.github.wsicopy.core.model.SourceImage;
import io.github.wsicopy.core.model.Tag;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;
import software.amazon.awssdk.services.workspaces.model.DescribeWorkspaceImagesRequest;
import software.amazon.awssdk.services.workspaces.model.DescribeWorkspaceImagesResponse;
import software.amazon.awssdk.services.workspaces.model.ImageType;
import software.amazon.awssdk.services.workspaces.model.WorkspaceImage;

/**
 * Every WorkSpaces call the project makes, over the SDK v2 client. Describe calls are batched by the API's
 * maximum of 25 ids and follow NextToken; SDK exceptions come out as {@link WorkSpacesError}.
 */
public final class WorkSpacesGateway {
    /** DescribeWorkspaceImages accepts at most 25 ids per call and returns at most 25 per page. */
    public static final int DESCRIBE_BATCH = 25;

    private final Function<String, WorkSpacesClient> readers;
    private final Function<String, WorkSpacesClient> writers;

    public WorkSpacesGateway(AwsClients clients) {
        this(clients::workspacesReader, clients::workspacesWriter);
    }

    public WorkSpacesGateway(Function<String, WorkSpacesClient> readers, Function<String, WorkSpacesClient> writers) {
        this.readers = readers;
        this.writers = writers;
    }

    /**
     * The requested images that exist and are visible to the caller, by id; missing ids are simply absent.
     * The API reports no image type per image, so an image is SHARED when another account owns it.
     */
    public Map<String, SourceImage> describeImages(String region, Collection<String> imageIds, String callerAccount) {
        Map<String, SourceImage> found = new LinkedHashMap<>();
        for (WorkspaceImage image : describeByIds(region, imageIds, () -> {})) {
            found.put(image.imageId(), toSourceImage(image, imageType(image, callerAccount)));
        }
        return found;
    }

    /** The state of each copy, by destination image id; a copy WorkSpaces no longer knows is absent. */
    public Map<String, CopyStatus> copyStatus(String region, Collection<String> imageIds) {
        return copyStatus(region, imageIds, () -> {});
    }

    /** {@link #copyStatus(String, Collection)}, running {@code beforeEachCall} before each request (pacing). */
    public Map<String, CopyStatus> copyStatus(String region, Collection<String> imageIds, Runnable beforeEachCall) {
        Map<String, CopyStatus> found = new LinkedHashMap<>();
        for (WorkspaceImage image : describeByIds(region, imageIds, beforeEachCall)) {
            found.put(image.imageId(), new CopyStatus(image.imageId(), image.stateAsString(),
                    Optional.ofNullable(image.errorCode()), Optional.ofNullable(image.errorMessage()),
                    image.errorDetails().stream().map(d -> d.errorCodeAsString() + ": " + d.errorMessage()).toList()));
        }
        return found;
    }

    /** Every image the account owns in the Region (they all count against its image quota). */
    public List<SourceImage> ownedImages(String region) {
        List<SourceImage> images = new ArrayList<>();
        String token = null;
        do {
            DescribeWorkspaceImagesRequest request = DescribeWorkspaceImagesRequest.builder()
                    .imageType(ImageType.OWNED).maxResults(DESCRIBE_BATCH).nextToken(token).build();
            DescribeWorkspaceImagesResponse page = call(() -> readers.apply(region).describeWorkspaceImages(request));
            page.images().forEach(i -> images.add(toSourceImage(i, "OWNED")));
            token = page.nextToken();
        } while (token != null);
        return images;
    }

    /**
     * Every image the caller can see in the Region: its own and those shared with it (DescribeWorkspaceImages
     * without ids or type, page by page). A policy's selector picks from these.
     */
    public List<SourceImage> visibleImages(String region, String callerAccount) {
        List<SourceImage> images = new ArrayList<>();
        String token = null;
        do {
            DescribeWorkspaceImagesRequest request = DescribeWorkspaceImagesRequest.builder()
                    .maxResults(DESCRIBE_BATCH).nextToken(token).build();
            DescribeWorkspaceImagesResponse page = call(() -> readers.apply(region).describeWorkspaceImages(request));
            page.images().forEach(i -> images.add(toSourceImage(i, imageType(i, callerAccount))));
            token = page.nextToken();
        } while (token != null);
        return images;
    }

    /** The image the account owns in the Region with this exact name, if any (names are unique per Region). */
    public Optional<SourceImage> ownedImageNamed(String region, String name) {
        return ownedImages(region).stream().filter(i -> name.equals(i.name())).findFirst();
    }

    /** BYOL images can be copied only to Regions where DescribeAccount reports dedicated tenancy ENABLED. */
    public boolean byolEnabled(String region) {
        return "ENABLED".equals(call(() -> readers.apply(region).describeAccount(r -> {})).dedicatedTenancySupportAsString());
    }

    public Map<String, String> tags(String region, String imageId) {
        Map<String, String> tags = new LinkedHashMap<>();
        call(() -> readers.apply(region).describeTags(r -> r.resourceId(imageId)))
                .tagList().forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    /**
     * Starts one copy and returns the new image's id. Called exactly once per attempt: the writer client never
     * retries, because a repeated CopyWorkspaceImage makes a second image.
     */
    public String copy(CopyCommand command) {
        return call(() -> writers.apply(command.destinationRegion()).copyWorkspaceImage(r -> r
                .sourceRegion(command.sourceRegion())
                .sourceImageId(command.sourceImageId())
                .name(command.name())
                .description(command.description())
                .tags(command.tags().stream().map(WorkSpacesGateway::toSdkTag).toList()))).imageId();
    }

    public void deleteImage(String region, String imageId) {
        call(() -> writers.apply(region).deleteWorkspaceImage(r -> r.imageId(imageId)));
    }

    private List<WorkspaceImage> describeByIds(String region, Collection<String> imageIds, Runnable beforeEachCall) {
        List<String> ids = List.copyOf(new java.util.LinkedHashSet<>(imageIds));
        List<WorkspaceImage> images = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += DESCRIBE_BATCH) {
            List<String> batch = ids.subList(from, Math.min(from + DESCRIBE_BATCH, ids.size()));
            String token = null;
            do {
                DescribeWorkspaceImagesRequest request = DescribeWorkspaceImagesRequest.builder()
                        .imageIds(batch).nextToken(token).build();
                beforeEachCall.run();
                DescribeWorkspaceImagesResponse page = call(() -> readers.apply(region).describeWorkspaceImages(request));
                images.addAll(page.images());
                token = page.nextToken();
            } while (token != null);
        }
        return images;
    }

    private static String imageType(WorkspaceImage image, String callerAccount) {
        // Fails closed: an image with no reported owner is not taken for ours (RulesEngine.untrustedOwner refuses it).
        if (image.ownerAccountId() == null) {
            return "UNKNOWN";
        }
        return image.ownerAccountId().equals(callerAccount) ? "OWNED" : "SHARED";
    }

    private static SourceImage toSourceImage(WorkspaceImage image, String imageType) {
        return new SourceImage(image.imageId(), image.name(), image.description(), image.stateAsString(),
                imageType, image.ownerAccountId(), image.requiredTenancyAsString());
    }

    private static software.amazon.awssdk.services.workspaces.model.Tag toSdkTag(Tag tag) {
        return software.amazon.awssdk.services.workspaces.model.Tag.builder().key(tag.key()).value(tag.value()).build();
    }

    private static <T> T call(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw ErrorMapping.map(e);
        }
    }
}
