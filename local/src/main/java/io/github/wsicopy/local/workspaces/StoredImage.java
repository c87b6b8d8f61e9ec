package io.github.wsicopy.local.workspaces;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One image in the emulator's state. Not thread-safe: only {@link EmulatorState} touches it, under its lock.
 *
 * <p>The state is computed from the clock when asked: PENDING until {@code completesAt}, then AVAILABLE or
 * ERROR. Whether a copy fails is decided the first time it is seen complete, from the copy failures marked
 * on its source at that moment, and then kept.
 */
final class StoredImage {

    /** An outcome: AVAILABLE (no error) or ERROR with its code and message. */
    record Outcome(String errorCode, String errorMessage) {
        static final Outcome AVAILABLE = new Outcome(null, null);

        boolean failed() {
            return errorCode != null;
        }
    }

    final String imageId;
    final String name;
    final String description;
    final String ownerAccountId;
    final String region;
    final String requiredTenancy;
    final Instant created;
    final Instant completesAt;
    final String sourceImageId;
    final String sourceRegion;
    final Map<String, String> tags = new LinkedHashMap<>();
    final Set<String> sharedWith = new LinkedHashSet<>();
    private Outcome outcome;

    StoredImage(String imageId, String name, String description, String ownerAccountId, String region,
                String requiredTenancy, Instant created, Instant completesAt, String sourceImageId,
                String sourceRegion, Map<String, String> tags, Outcome outcome) {
        this.imageId = imageId;
        this.name = name;
        this.description = description;
        this.ownerAccountId = ownerAccountId;
        this.region = region;
        this.requiredTenancy = requiredTenancy;
        this.created = created;
        this.completesAt = completesAt;
        this.sourceImageId = sourceImageId;
        this.sourceRegion = sourceRegion;
        this.tags.putAll(tags);
        this.outcome = outcome;
    }

    /**
     * @param failureOnCompletion the outcome to settle on if none is fixed yet (looked up only once)
     */
    ImageState state(Instant now, Supplier<Outcome> failureOnCompletion) {
        if (now.isBefore(completesAt)) {
            return ImageState.PENDING;
        }
        if (outcome == null) {
            outcome = failureOnCompletion.get();
        }
        return outcome.failed() ? ImageState.ERROR : ImageState.AVAILABLE;
    }

    /** The settled outcome; call after {@link #state} returned ERROR. */
    Outcome outcome() {
        return outcome;
    }

    EmulatedImage snapshot(ImageState state) {
        boolean failed = state == ImageState.ERROR;
        return new EmulatedImage(imageId, name, description, ownerAccountId, region, state, requiredTenancy, created,
                completesAt, failed ? outcome.errorCode() : null, failed ? outcome.errorMessage() : null,
                Collections.unmodifiableMap(new LinkedHashMap<>(tags)),
                Collections.unmodifiableSet(new LinkedHashSet<>(sharedWith)), sourceImageId, sourceRegion);
    }
}
