package io.github.wsicopy.local.workspaces;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link WorkSpacesEmulator#addImage} creates. Immutable; each method returns a changed copy:
 * {@code ImageSeed.named("golden-win11").description("Golden").byol(true).tag("team", "vdi")}.
 *
 * <p>By default the image is AVAILABLE at once, DEFAULT tenancy, with a generated id.
 *
 * @param name        the image Name (the emulator checks it against the model like a request would)
 * @param description the Description, or null
 * @param byol        true for a BYOL image (RequiredTenancy DEDICATED)
 * @param tags        tags, in order
 * @param imageId     a fixed id ({@code wsi-} + 9..63 of [0-9a-z]), or null to generate one
 * @param pendingFor  how long the image stays PENDING after it is added (zero: available at once)
 * @param errorCode   non-null: the image ends in ERROR with this code (after {@code pendingFor})
 * @param errorMessage the ErrorMessage of an ERROR image
 */
public record ImageSeed(String name, String description, boolean byol, Map<String, String> tags,
                        String imageId, Duration pendingFor, String errorCode, String errorMessage) {

    public ImageSeed {
        Objects.requireNonNull(name, "name");
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        Objects.requireNonNull(pendingFor, "pendingFor");
    }

    public static ImageSeed named(String name) {
        return new ImageSeed(name, null, false, Map.of(), null, Duration.ZERO, null, null);
    }

    public ImageSeed description(String description) {
        return new ImageSeed(name, description, byol, tags, imageId, pendingFor, errorCode, errorMessage);
    }

    public ImageSeed byol(boolean byol) {
        return new ImageSeed(name, description, byol, tags, imageId, pendingFor, errorCode, errorMessage);
    }

    public ImageSeed tag(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(tags);
        more.put(key, value);
        return new ImageSeed(name, description, byol, more, imageId, pendingFor, errorCode, errorMessage);
    }

    public ImageSeed imageId(String imageId) {
        return new ImageSeed(name, description, byol, tags, imageId, pendingFor, errorCode, errorMessage);
    }

    /** The image is PENDING for {@code duration} on the emulator's clock, then AVAILABLE (or ERROR). */
    public ImageSeed pendingFor(Duration duration) {
        return new ImageSeed(name, description, byol, tags, imageId, duration, errorCode, errorMessage);
    }

    /** The image is (or, with {@link #pendingFor}, ends) in ERROR. */
    public ImageSeed failed(String errorCode, String errorMessage) {
        return new ImageSeed(name, description, byol, tags, imageId, pendingFor,
                Objects.requireNonNull(errorCode, "errorCode"), errorMessage);
    }
}
