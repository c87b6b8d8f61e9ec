package io.github.wsicopy.local.workspaces;

import io.github.wsicopy.local.workspaces.StoredImage.Outcome;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Everything the emulated accounts own, and the rules of the image operations. Every method takes the
 * one lock, so each API call sees and leaves a consistent state (a copy checks the quota and creates
 * the image atomically). Methods named after API operations raise {@link ServiceError}; the admin
 * methods used by tests raise IllegalArgumentException.
 */
final class EmulatorState {

    static final int MAX_TAGS_PER_RESOURCE = 50;
    /** Custom bundles per account and Region: 50, not adjustable (the WorkSpaces quotas page). */
    static final int DEFAULT_BUNDLE_QUOTA = 50;
    /** A deleted bundle's name can be reused only after about 2 hours (admin guide, "Delete a custom bundle"). */
    static final Duration BUNDLE_NAME_HOLD = Duration.ofHours(2);
    private static final String ID_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final Comparator<StoredImage> BY_ID = Comparator.comparing(i -> i.imageId);

    private final Clock clock;
    private final Random ids;
    private final Random copyDurations;
    /** Region → image id → image. Ids are unique per Region, like the real service's. */
    private final Map<String, Map<String, StoredImage>> images = new HashMap<>();
    /** Region → bundle id → bundle (custom bundles only; AMAZON's public bundles are not emulated). */
    private final Map<String, Map<String, EmulatedBundle>> bundles = new HashMap<>();
    /** "account/region/name" of deleted bundles → when the name is free again. */
    private final Map<String, Instant> heldBundleNames = new HashMap<>();
    /** Region → image id → what else uses the image (DescribeImageAssociations). */
    private final Map<String, Map<String, List<ImageAssociation>>> associations = new HashMap<>();
    private int bundleQuota = DEFAULT_BUNDLE_QUOTA;
    /** "account/region" keys where BYOL (DedicatedTenancySupport) is ENABLED. */
    private final Set<String> dedicatedTenancy = new HashSet<>();
    /** Source image id → how copies of it end. */
    private final Map<String, Outcome> copyFailures = new HashMap<>();
    private final Map<String, Integer> quotaByRegion;
    private final Map<String, String> accountsByAccessKey;
    private final String defaultAccountId;
    /** Account → its organization's id, if any (for the BYOL sharing rule); by default no account has one. */
    private Function<String, Optional<String>> organizationOf = account -> Optional.empty();
    /**
     * What time it is for the copies made in an (account, Region): the emulator's clock unless told otherwise
     * ({@link WorkSpacesEmulator#timeOfTargets}). Read without this state's lock held by its provider.
     */
    private volatile BiFunction<String, String, Instant> timeOfTarget;
    private int defaultQuota;
    private Duration copyMin;
    private Duration copyMax;

    EmulatorState(EmulatorConfig config) {
        this.clock = config.clock();
        this.ids = new Random(config.seed());
        this.copyDurations = new Random(config.seed() + 1);
        this.quotaByRegion = new HashMap<>(config.imageQuotaByRegion());
        this.accountsByAccessKey = new HashMap<>(config.accountsByAccessKey());
        this.defaultAccountId = config.defaultAccountId();
        this.defaultQuota = config.defaultImageQuota();
        this.copyMin = config.copyDurationMin();
        this.copyMax = config.copyDurationMax();
        this.timeOfTarget = (account, region) -> clock.instant();
    }

    void timeOfTargets(BiFunction<String, String, Instant> time) {
        this.timeOfTarget = time;
    }

    // ---- configuration ----

    synchronized String accountOf(String accessKeyId) {
        return accountsByAccessKey.getOrDefault(accessKeyId, defaultAccountId);
    }

    synchronized void mapAccessKey(String accessKeyId, String accountId) {
        accountsByAccessKey.put(accessKeyId, accountId);
    }

    synchronized void setDedicatedTenancy(String account, String region, boolean enabled) {
        if (enabled) {
            dedicatedTenancy.add(account + "/" + region);
        } else {
            dedicatedTenancy.remove(account + "/" + region);
        }
    }

    synchronized boolean dedicatedTenancy(String account, String region) {
        return dedicatedTenancy.contains(account + "/" + region);
    }

    synchronized void setOrganizations(Function<String, Optional<String>> organizationOf) {
        this.organizationOf = Objects.requireNonNull(organizationOf, "organizationOf");
    }

    synchronized void setImageQuota(String region, int quota) {
        quotaByRegion.put(region, quota);
    }

    synchronized void setDefaultImageQuota(int quota) {
        defaultQuota = quota;
    }

    synchronized void setCopyDuration(Duration min, Duration max) {
        EmulatorConfig.checkDurations(min, max);
        copyMin = min;
        copyMax = max;
    }

    synchronized void setBundleQuota(int quota) {
        if (quota < 0) {
            throw new IllegalArgumentException("bundle quota must not be negative, got " + quota);
        }
        bundleQuota = quota;
    }

    synchronized void markCopyFailure(String sourceImageId, String errorCode, String errorMessage) {
        copyFailures.put(sourceImageId, new Outcome(errorCode, errorMessage));
    }

    synchronized void clearCopyFailure(String sourceImageId) {
        copyFailures.remove(sourceImageId);
    }

    // ---- admin view of images ----

    synchronized String addImage(String account, String region, ImageSeed seed) {
        String id = seed.imageId() != null ? seed.imageId() : newImageId(region);
        if (region(region).containsKey(id)) {
            throw new IllegalArgumentException("image " + id + " already exists in " + region);
        }
        Instant now = clock.instant();
        Outcome outcome = seed.errorCode() != null ? new Outcome(seed.errorCode(), seed.errorMessage()) : Outcome.AVAILABLE;
        region(region).put(id, new StoredImage(id, seed.name(), seed.description(), account, region,
                seed.byol() ? "DEDICATED" : "DEFAULT", now, now.plus(seed.pendingFor()), null, null, seed.tags(), outcome));
        return id;
    }

    synchronized void share(String owner, String region, String imageId, String withAccount, boolean shared) {
        StoredImage image = owned(owner, region, imageId).orElseThrow(
                () -> new IllegalArgumentException("no image " + imageId + " of " + owner + " in " + region));
        if (shared) {
            image.sharedWith.add(withAccount);
        } else {
            image.sharedWith.remove(withAccount);
        }
    }

    synchronized List<EmulatedImage> images(String account, String region) {
        return region(region).values().stream().filter(i -> i.ownerAccountId.equals(account))
                .sorted(Comparator.comparing((StoredImage i) -> i.created).thenComparing(BY_ID))
                .map(this::snapshot).toList();
    }

    synchronized Optional<EmulatedImage> image(String account, String region, String imageId) {
        return owned(account, region, imageId).map(this::snapshot);
    }

    synchronized boolean deleteImage(String account, String region, String imageId) {
        boolean deleted = owned(account, region, imageId).map(i -> region(region).remove(imageId) != null).orElse(false);
        if (deleted) {
            associationsIn(region).remove(imageId);
        }
        return deleted;
    }

    // ---- admin view of bundles and associations ----

    synchronized String addBundle(String account, String region, BundleSeed seed) {
        StoredImage image = owned(account, region, seed.imageId()).orElseThrow(() -> new IllegalArgumentException(
                "no image " + seed.imageId() + " of " + account + " in " + region + " for bundle " + seed.name()));
        if (ownedBundles(account, region).anyMatch(b -> b.name().equals(seed.name()))) {
            throw new IllegalArgumentException("bundle " + seed.name() + " already exists for " + account + " in " + region);
        }
        Instant now = clock.instant();
        String id = newId("wsb-", bundlesIn(region).keySet());
        bundlesIn(region).put(id, new EmulatedBundle(id, seed.name(), seed.description(), account, region,
                image.imageId, seed.computeType(), seed.rootCapacity(), seed.userCapacity(), now, now, seed.tags()));
        return id;
    }

    /** The custom bundles {@code account} owns in {@code region}, by id. */
    synchronized List<EmulatedBundle> bundles(String account, String region) {
        return ownedBundles(account, region).sorted(Comparator.comparing(EmulatedBundle::bundleId)).toList();
    }

    synchronized ImageAssociation associate(String account, String region, String imageId, String resourceType,
                                            String resourceId, String state) {
        owned(account, region, imageId).orElseThrow(
                () -> new IllegalArgumentException("no image " + imageId + " of " + account + " in " + region));
        ImageAssociation association = new ImageAssociation(imageId, resourceType, resourceId, state, clock.instant());
        associationsIn(region).computeIfAbsent(imageId, i -> new java.util.ArrayList<>()).add(association);
        return association;
    }

    // ---- API operations ----

    /** Images visible to the caller (owned, or shared with it), by id, optionally filtered. */
    synchronized List<EmulatedImage> describeImages(Caller caller, List<String> imageIds, String imageType) {
        Predicate<StoredImage> type = switch (imageType == null ? "" : imageType) {
            case "OWNED" -> i -> owns(caller, i);
            case "SHARED" -> i -> i.sharedWith.contains(caller.accountId());
            default -> i -> owns(caller, i) || i.sharedWith.contains(caller.accountId());
        };
        Stream<StoredImage> candidates = imageIds == null
                ? region(caller.region()).values().stream()
                : imageIds.stream().distinct().map(region(caller.region())::get).filter(Objects::nonNull);
        return candidates.filter(type).sorted(BY_ID).map(this::snapshot).toList();
    }

    /** Rules in order: Regions, source visible, source available, BYOL, name unique, quota. */
    synchronized String copyImage(Caller caller, String name, String description, String sourceImageId,
                                  String sourceRegion, Map<String, String> tags) {
        String destination = caller.region();
        checkTags(tags.keySet());
        if (tags.size() > MAX_TAGS_PER_RESOURCE) {
            throw ServiceError.invalid("An image can have at most " + MAX_TAGS_PER_RESOURCE + " tags.");
        }
        CopyRules.checkRegions(sourceRegion, destination);
        StoredImage source = Optional.ofNullable(region(sourceRegion).get(sourceImageId))
                .filter(i -> owns(caller, i) || i.sharedWith.contains(caller.accountId()))
                .orElseThrow(() -> ServiceError.notFound(sourceImageId,
                        "The image " + sourceImageId + " could not be found in Region " + sourceRegion + "."));
        if (stateOf(source) != ImageState.AVAILABLE) {
            throw ServiceError.unavailable(sourceImageId,
                    "The image " + sourceImageId + " is not available for copying (state " + stateOf(source) + ").");
        }
        if ("DEDICATED".equals(source.requiredTenancy) && !dedicatedTenancy(caller.accountId(), destination)) {
            throw ServiceError.notSupported(CopyRules.DEDICATED_TENANCY_NOT_ENABLED,
                    "The BYOL image " + sourceImageId + " can be copied only to a Region where BYOL is enabled; "
                            + "it is not enabled for account " + caller.accountId() + " in " + destination + ".");
        }
        List<StoredImage> ownedThere = region(destination).values().stream().filter(i -> owns(caller, i)).toList();
        if (ownedThere.stream().anyMatch(i -> i.name.equals(name))) {
            throw ServiceError.of(ServiceError.RESOURCE_ALREADY_EXISTS,
                    "An image with the name " + name + " already exists in " + destination + ".");
        }
        int quota = quotaByRegion.getOrDefault(destination, defaultQuota);
        if (ownedThere.size() >= quota) {
            throw ServiceError.of(ServiceError.RESOURCE_LIMIT_EXCEEDED,
                    "Your image quota of " + quota + " in " + destination + " has been reached.");
        }
        String id = newImageId(destination);
        Instant now = timeOfTarget.apply(caller.accountId(), destination);
        // A null outcome is settled when the copy completes, so copy failures marked meanwhile still apply.
        region(destination).put(id, new StoredImage(id, name, description, caller.accountId(), destination,
                source.requiredTenancy, now, now.plus(copyDuration()), sourceImageId, sourceRegion, tags, null));
        return id;
    }

    synchronized List<String> imagePermissions(Caller caller, String imageId) {
        return ownedOrNotFound(caller, imageId).sharedWith.stream().sorted().toList();
    }

    synchronized void updateImagePermission(Caller caller, String imageId, boolean allowCopy, String sharedAccountId) {
        StoredImage image = ownedOrNotFound(caller, imageId);
        if (sharedAccountId.equals(caller.accountId())) {
            throw ServiceError.invalid("An image cannot be shared with the account that owns it.");
        }
        if (!allowCopy) {
            image.sharedWith.remove(sharedAccountId);
            return;
        }
        if (stateOf(image) != ImageState.AVAILABLE) {
            throw ServiceError.unavailable(imageId, "The image " + imageId + " is not available.");
        }
        if ("DEDICATED".equals(image.requiredTenancy) && caller.region().startsWith("us-gov-")) {
            throw ServiceError.notSupported(CopyRules.GOVCLOUD_BYOL_SHARING,
                    "Sharing BYOL images across accounts in AWS GovCloud (US) requires AWS Support.");
        }
        if ("DEDICATED".equals(image.requiredTenancy)) {
            checkByolSharing(caller, imageId, sharedAccountId);
        }
        image.sharedWith.add(sharedAccountId);
    }

    /** The tags in the order they were first set. */
    synchronized Map<String, String> tags(Caller caller, String resourceId) {
        return new LinkedHashMap<>(ownedOrNotFound(caller, resourceId).tags);
    }

    synchronized void createTags(Caller caller, String resourceId, Map<String, String> tags) {
        StoredImage image = ownedOrNotFound(caller, resourceId);
        checkTags(tags.keySet());
        Map<String, String> merged = new LinkedHashMap<>(image.tags);
        merged.putAll(tags);
        if (merged.size() > MAX_TAGS_PER_RESOURCE) {
            throw ServiceError.of(ServiceError.RESOURCE_LIMIT_EXCEEDED,
                    "A resource can have at most " + MAX_TAGS_PER_RESOURCE + " tags.");
        }
        image.tags.putAll(tags);
    }

    synchronized void deleteTags(Caller caller, String resourceId, List<String> keys) {
        StoredImage image = ownedOrNotFound(caller, resourceId);
        checkTags(keys);
        keys.forEach(image.tags::remove);
    }

    /**
     * Deleting an image that is not the caller's is a no-op, as the model lists no not-found error for this
     * operation. Otherwise the rules of the admin guide ("Delete a custom WorkSpaces bundle or image"): not while
     * PENDING; not while a bundle uses it; not while it is shared with other accounts. The API reference names the
     * two errors (InvalidResourceStateException, ResourceAssociatedException) but not which rule gives which; the
     * project's reference notes file sharing under ResourceAssociatedException, as we do. Application associations
     * (DescribeImageAssociations) do not block the delete here: no source says they do, and a caller that must
     * not delete such an image has to check them itself.
     */
    synchronized void deleteImageApi(Caller caller, String imageId) {
        Optional<StoredImage> image = owned(caller.accountId(), caller.region(), imageId);
        if (image.isEmpty()) {
            return;
        }
        if (stateOf(image.get()) == ImageState.PENDING) {
            throw ServiceError.of(ServiceError.INVALID_RESOURCE_STATE,
                    "The image " + imageId + " is PENDING; it can be deleted once it is AVAILABLE or ERROR.");
        }
        List<String> usedBy = ownedBundles(caller.accountId(), caller.region())
                .filter(b -> b.imageId().equals(imageId)).map(EmulatedBundle::bundleId).sorted().toList();
        if (!usedBy.isEmpty()) {
            throw ServiceError.of(ServiceError.RESOURCE_ASSOCIATED, "The image " + imageId + " is used by the bundle(s) "
                    + String.join(", ", usedBy) + "; delete them or update them to another image first.");
        }
        if (!image.get().sharedWith.isEmpty()) {
            throw ServiceError.of(ServiceError.RESOURCE_ASSOCIATED,
                    "The image " + imageId + " is shared with other accounts; unshare it before deleting it.");
        }
        region(caller.region()).remove(imageId);
        associationsIn(caller.region()).remove(imageId);
    }

    /**
     * The caller's bundles: by id (only its own are found: AMAZON's public bundles are not emulated), or all of
     * them when {@code owner} is absent, none for {@code AMAZON}. The two filters cannot be combined.
     */
    synchronized List<EmulatedBundle> describeBundles(Caller caller, List<String> bundleIds, String owner) {
        if (bundleIds != null && owner != null) {
            throw ServiceError.invalid("BundleIds cannot be combined with Owner.");
        }
        if (bundleIds != null) {
            return bundleIds.stream().distinct().map(bundlesIn(caller.region())::get).filter(Objects::nonNull)
                    .filter(b -> b.ownerAccountId().equals(caller.accountId()))
                    .sorted(Comparator.comparing(EmulatedBundle::bundleId)).toList();
        }
        if ("AMAZON".equals(owner)) {
            return List.of();
        }
        if (owner != null && !owner.equals(caller.accountId())) {
            throw ServiceError.invalid("Owner must be AMAZON, or left out for your own bundles: " + owner);
        }
        return bundles(caller.accountId(), caller.region());
    }

    /** Rules in order: tags, compute type and sizes, image owned and AVAILABLE, name free, quota. */
    synchronized EmulatedBundle createBundle(Caller caller, String name, String description, String imageId,
                                             String computeType, String rootCapacity, String userCapacity,
                                             Map<String, String> tags) {
        checkTags(tags.keySet());
        if (tags.size() > MAX_TAGS_PER_RESOURCE) {
            throw ServiceError.invalid("A bundle can have at most " + MAX_TAGS_PER_RESOURCE + " tags.");
        }
        if (computeType == null) {
            throw ServiceError.invalid("ComputeType.Name is required.");
        }
        checkCapacity("UserStorage.Capacity", userCapacity);
        if (rootCapacity != null) {
            checkCapacity("RootStorage.Capacity", rootCapacity);
        }
        StoredImage image = availableOwnedImage(caller, imageId);
        String region = caller.region();
        Instant now = clock.instant();
        boolean held = Optional.ofNullable(heldBundleNames.get(caller.accountId() + "/" + region + "/" + name))
                .filter(now::isBefore).isPresent();
        if (held || ownedBundles(caller.accountId(), region).anyMatch(b -> b.name().equals(name))) {
            throw ServiceError.of(ServiceError.RESOURCE_ALREADY_EXISTS, "A bundle named " + name + " already exists in "
                    + region + (held ? " (deleted less than " + BUNDLE_NAME_HOLD.toHours() + " hours ago)" : "") + ".");
        }
        long owned = ownedBundles(caller.accountId(), region).count();
        if (owned >= bundleQuota) {
            throw ServiceError.of(ServiceError.RESOURCE_LIMIT_EXCEEDED,
                    "Your bundle quota of " + bundleQuota + " in " + region + " has been reached.");
        }
        String id = newId("wsb-", bundlesIn(region).keySet());
        EmulatedBundle bundle = new EmulatedBundle(id, name, description, caller.accountId(), region, image.imageId,
                computeType, rootCapacity, userCapacity, now, now, tags);
        bundlesIn(region).put(id, bundle);
        return bundle;
    }

    synchronized void updateBundle(Caller caller, String bundleId, String imageId) {
        if (bundleId == null || imageId == null) {
            throw ServiceError.invalid("BundleId and ImageId are both required.");
        }
        EmulatedBundle bundle = ownedBundle(caller, bundleId);
        StoredImage image = availableOwnedImage(caller, imageId);
        bundlesIn(caller.region()).put(bundleId, bundle.pointedAt(image.imageId, clock.instant()));
    }

    /** No WorkSpaces are emulated, so no bundle is ever in use (ResourceAssociatedException) here. */
    synchronized void deleteBundle(Caller caller, String bundleId) {
        if (bundleId == null) {
            throw ServiceError.invalid("BundleId is required.");
        }
        EmulatedBundle bundle = ownedBundle(caller, bundleId);
        bundlesIn(caller.region()).remove(bundleId);
        heldBundleNames.put(caller.accountId() + "/" + caller.region() + "/" + bundle.name(),
                clock.instant().plus(BUNDLE_NAME_HOLD));
    }

    /** The associations of one of the caller's images, of the types asked for. */
    synchronized List<ImageAssociation> imageAssociations(Caller caller, String imageId, List<String> types) {
        ownedOrNotFound(caller, imageId);
        return associationsIn(caller.region()).getOrDefault(imageId, List.of()).stream()
                .filter(a -> types.contains(a.resourceType())).toList();
    }

    /**
     * The WorkSpaces guide: BYOL images can be shared only with accounts of the same organization that are
     * enabled for BYOL. Where the service's error is not documented, the emulator answers
     * OperationNotSupportedException with its own reasons, and takes "enabled" to mean DedicatedTenancySupport
     * ENABLED for the receiving account in the image's Region.
     */
    private void checkByolSharing(Caller caller, String imageId, String sharedAccountId) {
        Optional<String> ours = organizationOf.apply(caller.accountId());
        if (ours.isEmpty() || !ours.equals(organizationOf.apply(sharedAccountId))) {
            throw ServiceError.notSupported(CopyRules.BYOL_SHARING_OUTSIDE_ORGANIZATION,
                    "The BYOL image " + imageId + " can be shared only with accounts in the same organization as account "
                            + caller.accountId() + "; account " + sharedAccountId + " is not.");
        }
        if (!dedicatedTenancy(sharedAccountId, caller.region())) {
            throw ServiceError.notSupported(CopyRules.BYOL_SHARING_NOT_ENABLED,
                    "The BYOL image " + imageId + " can be shared only with accounts enabled for BYOL; account "
                            + sharedAccountId + " is not enabled for BYOL in " + caller.region() + ".");
        }
    }

    // ---- helpers ----

    private static void checkTags(Iterable<String> keys) {
        for (String key : keys) {
            if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw ServiceError.invalid("Tag keys starting with 'aws:' are reserved for AWS use: " + key);
            }
        }
    }

    private static void checkCapacity(String member, String capacity) {
        if (!capacity.matches("[1-9][0-9]{0,5}")) {
            throw ServiceError.invalid(member + " must be a size in GiB, e.g. 50: " + capacity);
        }
    }

    private StoredImage availableOwnedImage(Caller caller, String imageId) {
        StoredImage image = ownedOrNotFound(caller, imageId);
        if (stateOf(image) != ImageState.AVAILABLE) {
            throw ServiceError.unavailable(imageId,
                    "The image " + imageId + " is not available (state " + stateOf(image) + ").");
        }
        return image;
    }

    private EmulatedBundle ownedBundle(Caller caller, String bundleId) {
        return Optional.ofNullable(bundlesIn(caller.region()).get(bundleId))
                .filter(b -> b.ownerAccountId().equals(caller.accountId()))
                .orElseThrow(() -> ServiceError.notFound(bundleId, "The bundle " + bundleId + " could not be found."));
    }

    private Stream<EmulatedBundle> ownedBundles(String account, String region) {
        return bundlesIn(region).values().stream().filter(b -> b.ownerAccountId().equals(account));
    }

    private Map<String, EmulatedBundle> bundlesIn(String region) {
        return bundles.computeIfAbsent(region, r -> new LinkedHashMap<>());
    }

    private Map<String, List<ImageAssociation>> associationsIn(String region) {
        return associations.computeIfAbsent(region, r -> new HashMap<>());
    }

    private Map<String, StoredImage> region(String region) {
        return images.computeIfAbsent(region, r -> new LinkedHashMap<>());
    }

    private static boolean owns(Caller caller, StoredImage image) {
        return image.ownerAccountId.equals(caller.accountId());
    }

    private Optional<StoredImage> owned(String account, String region, String imageId) {
        return Optional.ofNullable(region(region).get(imageId)).filter(i -> i.ownerAccountId.equals(account));
    }

    private StoredImage ownedOrNotFound(Caller caller, String imageId) {
        return owned(caller.accountId(), caller.region(), imageId).orElseThrow(() -> ServiceError.notFound(imageId,
                "The resource " + imageId + " could not be found."));
    }

    private ImageState stateOf(StoredImage image) {
        return image.state(timeOfTarget.apply(image.ownerAccountId, image.region),
                () -> copyFailures.getOrDefault(image.sourceImageId, Outcome.AVAILABLE));
    }

    private EmulatedImage snapshot(StoredImage image) {
        return image.snapshot(stateOf(image));
    }

    private String newImageId(String region) {
        return newId("wsi-", region(region).keySet());
    }

    private String newId(String prefix, Set<String> taken) {
        while (true) {
            StringBuilder id = new StringBuilder(prefix);
            for (int i = 0; i < 9; i++) {
                id.append(ID_CHARS.charAt(ids.nextInt(ID_CHARS.length())));
            }
            if (!taken.contains(id.toString())) {
                return id.toString();
            }
        }
    }

    private Duration copyDuration() {
        long span = copyMax.toMillis() - copyMin.toMillis();
        return span == 0 ? copyMin : copyMin.plusMillis((long) (copyDurations.nextDouble() * (span + 1)));
    }
}
