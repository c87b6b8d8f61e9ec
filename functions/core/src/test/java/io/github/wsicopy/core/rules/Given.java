package io.github.wsicopy.core.rules;

import io.github.wsicopy.core.model.CopyRequest;
import io.github.wsicopy.core.model.DestinationFacts;
import io.github.wsicopy.core.model.Facts;
import io.github.wsicopy.core.model.Plan;
import io.github.wsicopy.core.model.SourceImage;
import io.github.wsicopy.core.model.Tag;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A scenario for the rules engine that passes every rule unless a test changes it: owned, available,
 * non-BYOL images in us-east-1, reachable destinations with room and no earlier copies.
 */
final class Given {
    static final String CALLER = "111122223333";
    static final String OTHER_ACCOUNT = "444455556666";
    static final String IMAGE = "wsi-abc123def";
    static final String IMAGE_2 = "wsi-xyz789ghi";
    static final String IMAGE_3 = "wsi-0a1b2c3d4";
    static final String JOB = "job-20250314-0001";
    static final LocalDate DATE = LocalDate.of(2025, 3, 14);

    String source = "us-east-1";
    List<String> imageIds = new ArrayList<>(List.of(IMAGE));
    List<String> destinations = new ArrayList<>(List.of("eu-west-1"));
    String nameTemplate = CopyRequest.DEFAULT_NAME_TEMPLATE;
    String descriptionTemplate = null;
    List<Tag> tags = List.of();
    List<String> trustedOwners = List.of();
    boolean allowSameRegion = false;
    boolean encrypted = false;
    boolean copySourceTags = false;
    final Map<String, Map<String, String>> sourceTags = new HashMap<>();
    final Map<String, SourceImage> images = new HashMap<>();
    final Set<String> missingImages = new HashSet<>();
    final Map<String, DestinationFacts> destinationFacts = new HashMap<>();
    final Set<String> destinationsWithoutFacts = new HashSet<>();
    RulesConfig config = RulesConfig.DEFAULT;

    static Given given() {
        return new Given();
    }

    Given from(String region) {
        source = region;
        return this;
    }

    Given to(String... regions) {
        destinations = new ArrayList<>(List.of(regions));
        return this;
    }

    Given images(String... ids) {
        imageIds = new ArrayList<>(List.of(ids));
        return this;
    }

    Given name(String template) {
        nameTemplate = template;
        return this;
    }

    Given description(String template) {
        descriptionTemplate = template;
        return this;
    }

    Given tags(Tag... userTags) {
        tags = List.of(userTags);
        return this;
    }

    Given trust(String... accounts) {
        trustedOwners = List.of(accounts);
        return this;
    }

    Given allowSameRegion() {
        allowSameRegion = true;
        return this;
    }

    Given encrypted() {
        encrypted = true;
        return this;
    }

    Given copySourceTags() {
        copySourceTags = true;
        return this;
    }

    /** The source image's own tags, as DescribeTags reports them (read only when the request copies them). */
    Given sourceTags(String imageId, Map<String, String> tags) {
        sourceTags.put(imageId, new LinkedHashMap<>(tags));
        return this;
    }

    Given config(RulesConfig rulesConfig) {
        config = rulesConfig;
        return this;
    }

    Given image(SourceImage image) {
        images.put(image.imageId(), image);
        return this;
    }

    Given missing(String imageId) {
        missingImages.add(imageId);
        return this;
    }

    Given destination(DestinationFacts facts) {
        destinationFacts.put(facts.region(), facts);
        return this;
    }

    Given noFactsFor(String region) {
        destinationsWithoutFacts.add(region);
        return this;
    }

    /** Owned images already in {@code region}, named so they collide with nothing the test renders. */
    Given owning(String region, int count) {
        List<String> names = IntStream.range(0, count).mapToObj(i -> "existing-" + i).toList();
        DestinationFacts current = facts(region);
        return destination(new DestinationFacts(region, true, Optional.empty(), current.byolEnabled(), names,
                current.copiedFrom()));
    }

    CopyRequest request() {
        return new CopyRequest(source, imageIds, destinations, nameTemplate, descriptionTemplate, tags, trustedOwners,
                allowSameRegion, encrypted, Set.of(), copySourceTags);
    }

    Facts facts() {
        Map<String, SourceImage> found = new LinkedHashMap<>();
        for (String id : imageIds) {
            if (!missingImages.contains(id)) {
                found.put(id, images.getOrDefault(id, owned(id)));
            }
        }
        Map<String, DestinationFacts> regions = new HashMap<>();
        for (String region : destinations) {
            if (!destinationsWithoutFacts.contains(region)) {
                regions.put(region, facts(region));
            }
        }
        return inOwnAccount(found, regions, sourceTags);
    }

    /** Facts of a request into the caller's own account: destinations by Region. */
    static Facts inOwnAccount(Map<String, SourceImage> sources, Map<String, DestinationFacts> byRegion,
            Map<String, Map<String, String>> sourceTags) {
        Map<io.github.wsicopy.core.model.Target, DestinationFacts> destinations = new LinkedHashMap<>();
        byRegion.forEach((region, facts) -> destinations.put(new io.github.wsicopy.core.model.Target(CALLER, region), facts));
        return new Facts(JOB, CALLER, DATE, sources, destinations, sourceTags, List.of(CALLER), Map.of(), Map.of());
    }

    private DestinationFacts facts(String region) {
        return destinationFacts.getOrDefault(region, reachable(region));
    }

    Plan plan() {
        return RulesEngine.plan(request(), facts(), config);
    }

    // ---- facts builders ------------------------------------------------------------------------------

    /** Name derived from the id, so several images never collide by accident. */
    static SourceImage owned(String id) {
        return new SourceImage(id, "Win11-" + id.substring(4), "Windows 11 base image", "AVAILABLE", "OWNED", CALLER,
                "DEFAULT");
    }

    static SourceImage named(String id, String name) {
        return new SourceImage(id, name, "Windows 11 base image", "AVAILABLE", "OWNED", CALLER, "DEFAULT");
    }

    static SourceImage describedAs(String id, String description) {
        return new SourceImage(id, "Win11-" + id.substring(4), description, "AVAILABLE", "OWNED", CALLER, "DEFAULT");
    }

    static SourceImage inState(String id, String state) {
        return new SourceImage(id, "Win11-" + id.substring(4), "Windows 11 base image", state, "OWNED", CALLER,
                "DEFAULT");
    }

    static SourceImage sharedBy(String id, String owner) {
        return new SourceImage(id, "Win11-" + id.substring(4), "Windows 11 base image", "AVAILABLE", "SHARED", owner,
                "DEFAULT");
    }

    static SourceImage byol(String id) {
        return new SourceImage(id, "Win11-" + id.substring(4), "Windows 11 BYOL image", "AVAILABLE", "OWNED", CALLER,
                "DEDICATED");
    }

    static DestinationFacts reachable(String region) {
        return new DestinationFacts(region, true, Optional.empty(), false, List.of(), Map.of());
    }

    static DestinationFacts byolEnabled(String region) {
        return new DestinationFacts(region, true, Optional.empty(), true, List.of(), Map.of());
    }

    static DestinationFacts withOwnedNames(String region, String... names) {
        return new DestinationFacts(region, true, Optional.empty(), false, List.of(names), Map.of());
    }

    static DestinationFacts withCopy(String region, String name, String copiedFromImage) {
        return new DestinationFacts(region, true, Optional.empty(), false, List.of(name), Map.of(name, copiedFromImage));
    }
}
