package io.github.wsicopy.localrun.fleet;

import io.github.wsicopy.local.workspaces.EmulatorConfig;
import io.github.wsicopy.local.workspaces.Faults;
import io.github.wsicopy.local.workspaces.Faults.LostResponseMode;
import io.github.wsicopy.local.workspaces.ImageSeed;
import io.github.wsicopy.local.workspaces.WorkSpacesEmulator;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A user's fleet for the local stack ({@code make demo FLEET=..}, {@code make api FLEET=..}): the accounts, the
 * Regions, the images and how the emulated WorkSpaces behaves. Read with {@link FleetReader}, which checks
 * everything, so applying a fleet to a fresh emulator cannot fail on its content.
 *
 * @param account       the stack's own account (every access key acts as it, unless mapped to another)
 * @param otherAccounts accounts that own images shared with the stack's account
 * @param regions       the Regions the fleet uses, with BYOL (DedicatedTenancySupport) and the image quota
 * @param images        the images, ids resolved
 * @param request       the job {@code make demo} runs (names resolved to ids), if the file has one
 */
public record Fleet(Optional<String> description, String account, List<String> otherAccounts,
                    Map<String, RegionSettings> regions, List<Image> images, CopyDuration copyDuration,
                    RateLimit rateLimit, FaultSettings faults, long seed, Optional<Request> request) {

    public Fleet {
        otherAccounts = List.copyOf(otherAccounts);
        regions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(regions));
        images = List.copyOf(images);
    }

    /** A Region's settings for the stack's account. */
    public record RegionSettings(boolean byol, int imageQuota) {}

    public enum State { AVAILABLE, PENDING, ERROR }

    /** An error an image (or its copies) ends in: the image's ErrorCode and ErrorMessage. */
    public record ImageError(String code, String message) {}

    /**
     * One image.
     *
     * @param pendingFor  for a PENDING image, when it becomes AVAILABLE (virtual time); empty: it stays PENDING
     * @param error       the ERROR image's code and message
     * @param copiesFail  copies of this image end in ERROR with this code and message
     */
    public record Image(String imageId, String name, Optional<String> description, String region, String owner,
                        List<String> sharedWith, State state, Optional<Duration> pendingFor, Optional<ImageError> error,
                        boolean byol, Map<String, String> tags, Optional<ImageError> copiesFail) {

        /** PENDING with no end: longer than any local run. */
        static final Duration FOREVER = Duration.ofDays(3650);

        public Image {
            sharedWith = List.copyOf(sharedWith);
            tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        }

        public ImageSeed seed() {
            ImageSeed seed = ImageSeed.named(name).imageId(imageId).byol(byol);
            if (description.isPresent()) {
                seed = seed.description(description.get());
            }
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                seed = seed.tag(tag.getKey(), tag.getValue());
            }
            return switch (state) {
                case AVAILABLE -> seed;
                case PENDING -> seed.pendingFor(pendingFor.orElse(FOREVER));
                case ERROR -> seed.failed(error.orElseThrow().code(), error.orElseThrow().message());
            };
        }
    }

    /** Each copy takes a (seeded) random time in [min, max] of virtual time. */
    public record CopyDuration(Duration min, Duration max) {}

    /** WorkSpaces API calls per second per (account, Region) and the burst; 0 calls per second: no limit. */
    public record RateLimit(double perSecond, int burst) {}

    /** One error injected into the next {@code times} calls of {@code operation} ({@code *}: any). */
    public record InjectedError(String operation, String type, String message, int times) {}

    /**
     * @param throttling        fraction of calls answered with ThrottlingException, by operation ({@code *}: any)
     * @param lostCopyResponses probability that a copy is made but its response lost
     */
    public record FaultSettings(Map<String, Double> throttling, double lostCopyResponses, LostResponseMode lostResponseMode,
                                List<InjectedError> errors, List<String> deniedRegions) {
        public static final FaultSettings NONE = new FaultSettings(Map.of(), 0, LostResponseMode.INTERNAL_FAILURE, List.of(), List.of());

        public FaultSettings {
            throttling = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(throttling));
            errors = List.copyOf(errors);
            deniedRegions = List.copyOf(deniedRegions);
        }
    }

    /** The demo's job: its id and the request body, image names replaced by ids. */
    /**
     * The owners the fleet's request trusts: a local stack over this fleet is deployed trusting them (the
     * TrustedOwnerAccounts parameter), since a request may only narrow what the deployment trusts.
     */
    public List<String> trustedOwnerAccounts() {
        return request.map(r -> Request.accounts(r.body().get("trustedOwnerAccounts"))).orElse(List.of());
    }

    public record Request(String jobId, Map<String, Object> body) {
        static List<String> accounts(Object value) {
            return value instanceof List<?> list
                    ? list.stream().filter(String.class::isInstance).map(String.class::cast).toList()
                    : List.of();
        }

        public String sourceRegion() {
            return (String) body.get("sourceRegion");
        }

        @SuppressWarnings("unchecked")
        public List<String> destinationRegions() {
            return (List<String>) body.get("destinationRegions");
        }
    }

    /** The access key that acts as {@code accountId} in the emulator; any other key acts as {@link #account}. */
    public static String accessKeyOf(String accountId) {
        return "AKIA" + accountId;
    }

    /** Access key id → account, for the other accounts (the emulator maps them; any other key is {@link #account}). */
    public Map<String, String> accessKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        otherAccounts.forEach(a -> keys.put(accessKeyOf(a), a));
        return keys;
    }

    /** {@code base} with the fleet's account, rate limit, image quotas, copy duration and seed. */
    public EmulatorConfig emulatorConfig(EmulatorConfig base) {
        EmulatorConfig config = base.withDefaultAccount(account).withRateLimit(rateLimit.perSecond(), rateLimit.burst())
                .withCopyDuration(copyDuration.min(), copyDuration.max()).withSeed(seed);
        for (String other : otherAccounts) {
            config = config.withAccount(accessKeyOf(other), other);
        }
        for (Map.Entry<String, RegionSettings> region : regions.entrySet()) {
            config = config.withImageQuota(region.getKey(), region.getValue().imageQuota());
        }
        return config;
    }

    /** Puts the fleet's images, shares, BYOL settings, failing copies and faults into a fresh emulator. */
    public void seed(WorkSpacesEmulator emulator) {
        regions.forEach((region, settings) -> emulator.setDedicatedTenancy(account, region, settings.byol()));
        for (Image image : images) {
            emulator.addImage(image.owner(), image.region(), image.seed());
            for (String with : image.sharedWith()) {
                emulator.shareImage(image.owner(), image.region(), image.imageId(), with);
            }
            image.copiesFail().ifPresent(e -> emulator.markCopyFailure(image.imageId(), e.code(), e.message()));
        }
        Faults f = emulator.faults();
        faults.throttling().forEach(f::throttleFraction);
        f.loseCopyResponses(faults.lostCopyResponses()).lostResponseMode(faults.lostResponseMode());
        faults.errors().forEach(e -> f.failNext(e.operation(), e.type(), e.message(), e.times()));
        faults.deniedRegions().forEach(f::denyRegion);
    }

    /** Image names by id, for showing results. */
    public Map<String, String> namesById() {
        Map<String, String> names = new LinkedHashMap<>();
        images.forEach(i -> names.put(i.imageId(), i.name()));
        return names;
    }
}
