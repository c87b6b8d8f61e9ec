package io.github.wsicopy.local.workspaces;

import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static io.github.wsicopy.local.workspaces.Json.field;
import static io.github.wsicopy.local.workspaces.Json.list;
import static io.github.wsicopy.local.workspaces.Json.optionalString;
import static io.github.wsicopy.local.workspaces.Json.string;

/**
 * The JSON side of the model's operations: reads a request body (already checked against the model),
 * calls {@link EmulatorState}, and builds the response body with the model's member names.
 */
final class Operations {

    static final int DEFAULT_MAX_RESULTS = 25;

    private final EmulatorState state;

    Operations(EmulatorState state) {
        this.state = state;
    }

    Map<String, Object> invoke(String operation, Caller caller, JsonNode input) {
        return switch (operation) {
            case "CopyWorkspaceImage" -> copyWorkspaceImage(caller, input);
            case "DescribeWorkspaceImages" -> describeWorkspaceImages(caller, input);
            case "DescribeWorkspaceImagePermissions" -> describeWorkspaceImagePermissions(caller, input);
            case "UpdateWorkspaceImagePermission" -> updateWorkspaceImagePermission(caller, input);
            case "DescribeAccount" -> Map.of("DedicatedTenancySupport",
                    state.dedicatedTenancy(caller.accountId(), caller.region()) ? "ENABLED" : "DISABLED");
            case "CreateTags" -> {
                state.createTags(caller, string(input, "ResourceId"), tags(input));
                yield Map.of();
            }
            case "DescribeTags" -> describeTags(caller, input);
            case "DeleteTags" -> {
                state.deleteTags(caller, string(input, "ResourceId"),
                        list(input, "TagKeys").stream().map(JsonNode::asString).toList());
                yield Map.of();
            }
            case "DeleteWorkspaceImage" -> {
                state.deleteImageApi(caller, string(input, "ImageId"));
                yield Map.of();
            }
            case "DescribeWorkspaceBundles" -> describeWorkspaceBundles(caller, input);
            case "CreateWorkspaceBundle" -> createWorkspaceBundle(caller, input);
            case "UpdateWorkspaceBundle" -> {
                state.updateBundle(caller, optionalString(input, "BundleId").orElse(null),
                        optionalString(input, "ImageId").orElse(null));
                yield Map.of();
            }
            case "DeleteWorkspaceBundle" -> {
                state.deleteBundle(caller, optionalString(input, "BundleId").orElse(null));
                yield Map.of();
            }
            case "DescribeImageAssociations" -> Map.of("Associations", state.imageAssociations(caller,
                            string(input, "ImageId"), list(input, "AssociatedResourceTypes").stream().map(JsonNode::asString).toList())
                    .stream().map(Operations::association).toList());
            default -> throw new IllegalStateException("operation in the model but not emulated: " + operation);
        };
    }

    private Map<String, Object> copyWorkspaceImage(Caller caller, JsonNode input) {
        String id = state.copyImage(caller, string(input, "Name"), optionalString(input, "Description").orElse(null),
                string(input, "SourceImageId"), string(input, "SourceRegion"), tags(input));
        return Map.of("ImageId", id);
    }

    private Map<String, Object> describeWorkspaceImages(Caller caller, JsonNode input) {
        List<String> ids = field(input, "ImageIds").map(n -> n.asArray().stream().map(JsonNode::asString).toList())
                .orElse(null);
        List<EmulatedImage> images = state.describeImages(caller, ids, optionalString(input, "ImageType").orElse(null));
        return page(input, "DescribeWorkspaceImages", images, EmulatedImage::imageId, "Images", Operations::image);
    }

    private Map<String, Object> describeWorkspaceImagePermissions(Caller caller, JsonNode input) {
        String imageId = string(input, "ImageId");
        List<String> accounts = state.imagePermissions(caller, imageId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ImageId", imageId);
        out.putAll(page(input, "DescribeWorkspaceImagePermissions", accounts, a -> a, "ImagePermissions",
                a -> Map.of("SharedAccountId", a)));
        return out;
    }

    private Map<String, Object> updateWorkspaceImagePermission(Caller caller, JsonNode input) {
        state.updateImagePermission(caller, string(input, "ImageId"),
                field(input, "AllowCopyImage").orElseThrow().asBoolean(), string(input, "SharedAccountId"));
        return Map.of();
    }

    private Map<String, Object> describeWorkspaceBundles(Caller caller, JsonNode input) {
        List<String> ids = field(input, "BundleIds").map(n -> n.asArray().stream().map(JsonNode::asString).toList())
                .orElse(null);
        List<EmulatedBundle> bundles = state.describeBundles(caller, ids, optionalString(input, "Owner").orElse(null));
        return page(input, "DescribeWorkspaceBundles", bundles, EmulatedBundle::bundleId, "Bundles", Operations::bundle);
    }

    private Map<String, Object> createWorkspaceBundle(Caller caller, JsonNode input) {
        EmulatedBundle bundle = state.createBundle(caller, string(input, "BundleName"), string(input, "BundleDescription"),
                string(input, "ImageId"), field(input, "ComputeType").flatMap(c -> optionalString(c, "Name")).orElse(null),
                field(input, "RootStorage").map(r -> string(r, "Capacity")).orElse(null),
                string(field(input, "UserStorage").orElseThrow(), "Capacity"), tags(input));
        return Map.of("WorkspaceBundle", bundle(bundle));
    }

    /** The model's WorkspaceBundle: custom bundles are REGULAR and AVAILABLE as soon as they exist. */
    static Map<String, Object> bundle(EmulatedBundle bundle) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("BundleId", bundle.bundleId());
        out.put("Name", bundle.name());
        out.put("Owner", bundle.ownerAccountId());
        if (bundle.description() != null) {
            out.put("Description", bundle.description());
        }
        out.put("ImageId", bundle.imageId());
        if (bundle.rootCapacity() != null) {
            out.put("RootStorage", Map.of("Capacity", bundle.rootCapacity()));
        }
        out.put("UserStorage", Map.of("Capacity", bundle.userCapacity()));
        out.put("ComputeType", Map.of("Name", bundle.computeType()));
        out.put("LastUpdatedTime", bundle.lastUpdated());
        out.put("CreationTime", bundle.created());
        out.put("State", "AVAILABLE");
        out.put("BundleType", "REGULAR");
        return out;
    }

    static Map<String, Object> association(ImageAssociation association) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("AssociatedResourceId", association.resourceId());
        out.put("AssociatedResourceType", association.resourceType());
        out.put("Created", association.created());
        out.put("LastUpdatedTime", association.created());
        out.put("ImageId", association.imageId());
        out.put("State", association.state());
        return out;
    }

    private Map<String, Object> describeTags(Caller caller, JsonNode input) {
        List<Object> tags = new ArrayList<>();
        state.tags(caller, string(input, "ResourceId")).forEach((k, v) -> tags.add(tag(k, v)));
        return Map.of("TagList", tags);
    }

    /** The model's WorkspaceImage; ImageType is a request filter only and is not part of it. */
    static Map<String, Object> image(EmulatedImage image) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ImageId", image.imageId());
        out.put("Name", image.name());
        if (image.description() != null) {
            out.put("Description", image.description());
        }
        out.put("OperatingSystem", Map.of("Type", "WINDOWS"));
        out.put("State", image.state().name());
        out.put("RequiredTenancy", image.requiredTenancy());
        if (image.errorCode() != null) {
            out.put("ErrorCode", image.errorCode());
        }
        if (image.errorMessage() != null) {
            out.put("ErrorMessage", image.errorMessage());
        }
        out.put("Created", image.created());
        out.put("OwnerAccountId", image.ownerAccountId());
        return out;
    }

    private static Map<String, Object> tag(String key, String value) {
        Map<String, Object> tag = new LinkedHashMap<>();
        tag.put("Key", key);
        tag.put("Value", value);
        return tag;
    }

    /** Request tags in order; a key given twice is refused, as the service cannot apply both. */
    private static Map<String, String> tags(JsonNode input) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (JsonNode tag : list(input, "Tags")) {
            String key = string(tag, "Key");
            if (tags.put(key, optionalString(tag, "Value").orElse("")) != null) {
                throw ServiceError.invalid("Duplicate tag key: " + key);
            }
        }
        return tags;
    }

    /**
     * One page of {@code items} (sorted by {@code key}). The NextToken is the last key returned, encoded
     * and tagged with the operation, so a page resumes correctly even if items are added or deleted.
     */
    private static <T> Map<String, Object> page(JsonNode input, String operation, List<T> items,
                                                Function<T, String> key, String member, Function<T, Object> render) {
        int max = field(input, "MaxResults").map(n -> new BigDecimal(n.asNumber()).intValueExact()).orElse(DEFAULT_MAX_RESULTS);
        Optional<String> after = optionalString(input, "NextToken").map(token -> decodeToken(operation, token));
        List<T> remaining = after.map(a -> items.stream().filter(i -> key.apply(i).compareTo(a) > 0).toList()).orElse(items);
        List<T> page = remaining.subList(0, Math.min(max, remaining.size()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(member, page.stream().map(render).toList());
        if (remaining.size() > page.size()) {
            out.put("NextToken", encodeToken(operation, key.apply(page.getLast())));
        }
        return out;
    }

    private static String encodeToken(String operation, String lastKey) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((operation + "\n" + lastKey).getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String operation, String token) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith(operation + "\n")) {
                return decoded.substring(operation.length() + 1);
            }
        } catch (IllegalArgumentException e) {
            // not base64: fall through to the service's error
        }
        throw ServiceError.invalid("The NextToken is not valid for " + operation + ".");
    }
}
