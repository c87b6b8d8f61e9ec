package io.github.wsicopy.local.workspaces;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A snapshot of one image as the emulator holds it, for test assertions.
 *
 * @param requiredTenancy DEFAULT or DEDICATED (BYOL)
 * @param completesAt     when a PENDING image leaves PENDING on the emulator's clock
 * @param sharedWith      the accounts the owner shared the image with
 * @param sourceImageId   for a copy, the image it was copied from (else null)
 * @param sourceRegion    for a copy, the Region of the source image (else null)
 */
public record EmulatedImage(String imageId, String name, String description, String ownerAccountId, String region,
                            ImageState state, String requiredTenancy, Instant created, Instant completesAt,
                            String errorCode, String errorMessage, Map<String, String> tags, Set<String> sharedWith,
                            String sourceImageId, String sourceRegion) {

    public boolean byol() {
        return "DEDICATED".equals(requiredTenancy);
    }
}
