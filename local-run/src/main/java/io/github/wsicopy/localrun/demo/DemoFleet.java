package io.github.wsicopy.localrun.demo;

import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.local.workspaces.BundleSeed;
import io.github.wsicopy.local.workspaces.ImageSeed;
import io.github.wsicopy.local.workspaces.WorkSpacesEmulator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's account: a dozen custom images in us-east-1 of the kinds a real fleet has, and three destination
 * Regions of which only two have BYOL enabled. One bulk request copies them all; what should happen to each
 * is decided by the rules and the emulator, and the demo checks the job ends PARTIALLY_SUCCEEDED:
 * <ul>
 *   <li>ordinary images: copied everywhere;</li>
 *   <li>two BYOL images: not to ap-southeast-2 (BYOL_NOT_ENABLED);</li>
 *   <li>an image shared by a trusted partner account: copied; one shared by an unknown account: UNTRUSTED_OWNER;</li>
 *   <li>one image already copied to eu-west-1 earlier: ALREADY_REPLICATED there (a success);</li>
 *   <li>one image whose copies end in ERROR in WorkSpaces: FAILED with the service's message.</li>
 * </ul>
 * Two more jobs follow: {@link #organizationJob} (into the accounts of an OU) and {@link #nextVersionJob} (a new
 * version, with the after-copy options: retention, a bundle, a parameter).
 */
public final class DemoFleet {

    public static final String SOURCE = "us-east-1";
    public static final List<String> DESTINATIONS = List.of("eu-west-1", "ap-southeast-2", "us-west-2");
    public static final String PARTNER_ACCOUNT = "210987654321";
    public static final String UNKNOWN_ACCOUNT = "444455556666";
    public static final JobState EXPECTED = JobState.PARTIALLY_SUCCEEDED;

    private DemoFleet() {}

    static DemoJob seed(WorkSpacesEmulator emulator, String account) {
        Map<String, String> names = new LinkedHashMap<>();
        for (String name : List.of("win11-finance", "win11-engineering", "win11-callcenter", "win10-legacy-erp",
                "win11-design-gpu", "win11-developer", "win11-hr")) {
            add(names, emulator, account, ImageSeed.named(name).description("Golden image " + name));
        }
        String kiosk = add(names, emulator, account, ImageSeed.named("win11-kiosk").description("Kiosk image"));
        emulator.markCopyFailure(kiosk, "InternalServiceError", "The image copy failed: the image could not be replicated");
        add(names, emulator, account, ImageSeed.named("win11-byol-office").description("BYOL Office").byol(true));
        add(names, emulator, account, ImageSeed.named("win10-byol-cad").description("BYOL CAD").byol(true));
        share(names, emulator, PARTNER_ACCOUNT, account, ImageSeed.named("partner-tools").description("Partner tools"));
        share(names, emulator, UNKNOWN_ACCOUNT, account, ImageSeed.named("vendor-trial").description("Vendor trial"));

        emulator.setDedicatedTenancy(account, "eu-west-1", true);
        emulator.setDedicatedTenancy(account, "us-west-2", true);
        // An earlier run already put win11-hr in Ireland.
        emulator.addImage(account, "eu-west-1", ImageSeed.named("win11-hr").description("Golden image win11-hr"));
        // The finance team's bundle in Sydney, on an image built there by hand: the next-version job moves it.
        String handBuilt = emulator.addImage(account, NEXT_VERSION_REGION, ImageSeed.named("win11-finance-handbuilt")
                .description("Built by hand in Sydney"));
        emulator.addBundle(account, NEXT_VERSION_REGION, BundleSeed.named(NEXT_VERSION_BUNDLE, handBuilt)
                .description("Finance desktops"));

        Map<String, Object> request = new LinkedHashMap<>();
        request.put("sourceRegion", SOURCE);
        request.put("imageIds", new ArrayList<>(names.keySet()));
        request.put("destinationRegions", DESTINATIONS);
        request.put("nameTemplate", "{sourceName}");
        request.put("tags", List.of(Map.of("key", "team", "value", "euc"), Map.of("key", "copied-by", "value", "wsicopy-demo")));
        request.put("trustedOwnerAccounts", List.of(PARTNER_ACCOUNT));
        List<String> introduction = List.of(
                "  Fleet in " + SOURCE + ": " + names.size() + " images: " + String.join(", ", names.values()),
                "  Request: copy them all to " + String.join(", ", DESTINATIONS)
                        + " (BYOL enabled in eu-west-1 and us-west-2 only; trusted owner " + PARTNER_ACCOUNT + ")");
        return new DemoJob("demo-golden-images", SOURCE, DESTINATIONS, names, request, Optional.of(EXPECTED), introduction);
    }

    /** The images the organization job copies, and where. */
    static final List<String> ORGANIZATION_IMAGES = List.of("win11-finance", "win11-engineering");
    static final List<String> ORGANIZATION_REGIONS = List.of("eu-west-1", "us-west-2");

    /**
     * The second job: {@link #ORGANIZATION_IMAGES} to {@link #ORGANIZATION_REGIONS} of the stack's account and of the
     * accounts in the organization's OU. The stack's account has them from the first job (already replicated); the
     * account with the target-account role gets them (shared, copied there, unshared); the one without is
     * unreachable (ACCOUNT_UNREACHABLE): PARTIALLY_SUCCEEDED.
     */
    static DemoJob organizationJob(DemoJob first, String stackAccount, String ouId) {
        List<String> images = first.namesById().entrySet().stream()
                .filter(e -> ORGANIZATION_IMAGES.contains(e.getValue())).map(Map.Entry::getKey).toList();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("sourceRegion", SOURCE);
        request.put("imageIds", images);
        request.put("destinationRegions", ORGANIZATION_REGIONS);
        request.put("destinationAccounts", List.of(stackAccount));
        request.put("destinationOrganizationalUnits", List.of(ouId));
        request.put("tags", List.of(Map.of("key", "team", "value", "euc")));
        List<String> introduction = List.of("Organization: " + String.join(", ", ORGANIZATION_IMAGES) + " to "
                        + String.join(", ", ORGANIZATION_REGIONS) + " of this account (" + stackAccount + ") and of OU "
                        + ouId + " (" + io.github.wsicopy.local.LocalOrganization.TARGET_WITH_ROLE
                        + " with the target-account role, " + io.github.wsicopy.local.LocalOrganization.TARGET_WITHOUT_ROLE
                        + " without)");
        return new DemoJob("demo-organization", SOURCE, ORGANIZATION_REGIONS, first.namesById(), request,
                Optional.of(JobState.PARTIALLY_SUCCEEDED), introduction);
    }

    /** The third job: a new version of win11-finance, copied to Sydney with the after-copy options. */
    static final String NEXT_VERSION = "win11-finance-v2";
    static final String NEXT_VERSION_OF = "win11-finance";
    static final String NEXT_VERSION_REGION = "ap-southeast-2";
    static final String NEXT_VERSION_BUNDLE = "finance";
    static final String PARAMETER_PREFIX = "/golden/";

    /**
     * The built-in fleet's third job, after the first two: {@value #NEXT_VERSION} arrives in the source Region and
     * is copied to {@value #NEXT_VERSION_REGION} with {@code retain: {keepLatest: 1}} (the first job's copy of
     * {@value #NEXT_VERSION_OF} there is the older copy of the same lineage, so it is deleted), {@code bundles}
     * (the existing bundle {@value #NEXT_VERSION_BUNDLE} there is updated to the new copy) and {@code publish} (the
     * parameter {@code /golden/win11-finance} names the new copy). SUCCEEDED.
     */
    static DemoJob nextVersionJob(WorkSpacesEmulator emulator, String account, DemoJob first) {
        Map<String, String> names = new LinkedHashMap<>(first.namesById());
        String image = add(names, emulator, account, ImageSeed.named(NEXT_VERSION).description("Golden image "
                + NEXT_VERSION_OF + " version 2"));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("sourceRegion", SOURCE);
        request.put("imageIds", List.of(image));
        request.put("destinationRegions", List.of(NEXT_VERSION_REGION));
        request.put("nameTemplate", "{sourceName}");
        request.put("tags", List.of(Map.of("key", "team", "value", "euc")));
        request.put("retain", Map.of("keepLatest", 1));
        request.put("bundles", List.of(Map.of("name", NEXT_VERSION_BUNDLE, "computeType", "STANDARD",
                "userVolumeGb", 50)));
        request.put("publish", Map.of("parameterPrefix", PARAMETER_PREFIX));
        List<String> introduction = List.of("Next version: " + NEXT_VERSION + " to " + NEXT_VERSION_REGION
                + ", keeping the newest copy of its lineage (retain.keepLatest 1), moving the bundle "
                + NEXT_VERSION_BUNDLE + " to it and publishing its id under " + PARAMETER_PREFIX);
        return new DemoJob("demo-next-version", SOURCE, List.of(NEXT_VERSION_REGION), names, request,
                Optional.of(JobState.SUCCEEDED), introduction);
    }

    private static String add(Map<String, String> names, WorkSpacesEmulator emulator, String account, ImageSeed seed) {
        String id = emulator.addImage(account, SOURCE, seed);
        names.put(id, seed.name());
        return id;
    }

    private static void share(Map<String, String> names, WorkSpacesEmulator emulator, String owner, String with,
            ImageSeed seed) {
        String id = add(names, emulator, owner, seed);
        emulator.shareImage(owner, SOURCE, id, with);
    }
}
