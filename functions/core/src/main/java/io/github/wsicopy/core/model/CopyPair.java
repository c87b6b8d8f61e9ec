package io.github.wsicopy.core.model;

import java.util.Optional;

/**
 * One (source image, destination Region[, account]) of a request's {@code pairs}: the unit a task copies. Without an
 * account the pair stands for that image and Region in every destination account of the request.
 */
public record CopyPair(String imageId, String destinationRegion, Optional<String> destinationAccount) {

    public CopyPair(String imageId, String destinationRegion) {
        this(imageId, destinationRegion, Optional.empty());
    }

    public boolean matches(String account, String image, String region) {
        return imageId.equals(image) && destinationRegion.equals(region)
                && destinationAccount.map(account::equals).orElse(true);
    }
}
