package io.github.wsicopy.localrun.invoke;

import io.github.wsicopy.local.workspaces.ImageSeed;
import io.github.wsicopy.local.workspaces.WorkSpacesEmulator;

/**
 * The images the sample events in {@code events/} name, so that each sample works against the local stack:
 * two ordinary images (the golden one tagged {@code replicate=true}, which the sample schedule policy selects)
 * and a BYOL one in us-east-1, BYOL enabled in eu-west-1 only.
 */
public final class SampleFleet {
    private SampleFleet() {}

    public static void seed(WorkSpacesEmulator emulator, String account) {
        emulator.addImage(account, "us-east-1", ImageSeed.named("win11-golden").imageId("wsi-0golden01").description("Golden")
                .tag("replicate", "true"));
        emulator.addImage(account, "us-east-1", ImageSeed.named("win11-dev").imageId("wsi-0golden02"));
        emulator.addImage(account, "us-east-1", ImageSeed.named("win11-byol").imageId("wsi-00byol001").byol(true));
        emulator.setDedicatedTenancy(account, "eu-west-1", true);
    }
}
