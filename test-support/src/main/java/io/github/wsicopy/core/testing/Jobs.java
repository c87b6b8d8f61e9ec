package io.github.wsicopy.core.testing;

import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.workflow.JobValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds requests and runs the validation step, so a test of a later step starts from a real planned job. */
public final class Jobs {
    /** A destination Region of the test stack's own account ({@link TestStack#ACCOUNT}), as tasks are keyed. */
    public static io.github.wsicopy.core.model.Target own(String region) {
        return new io.github.wsicopy.core.model.Target(TestStack.ACCOUNT, region);
    }

    /** The Regions of the targets a Validate output (its batches) or a job view lists, in order (whatever their account). */
    public static java.util.List<Object> regionsOf(java.util.Map<String, Object> json) {
        java.util.List<Object> regions = new java.util.ArrayList<>();
        if (json.get("batches") instanceof java.util.List<?> batches) {
            for (Object batch : batches) {
                for (Object target : (java.util.List<?>) batch) {
                    regions.add(((java.util.Map<?, ?>) target).get("region"));
                }
            }
        } else if (json.get("targets") instanceof java.util.List<?> targets) {
            for (Object target : targets) {
                regions.add(((java.util.Map<?, ?>) target).get("region"));
            }
        }
        return regions;
    }

    private Jobs() {}

    public static Map<String, Object> request(String sourceRegion, List<String> imageIds, List<String> destinations) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("sourceRegion", sourceRegion);
        request.put("imageIds", new ArrayList<>(imageIds));
        request.put("destinationRegions", new ArrayList<>(destinations));
        return request;
    }

    /** Runs validation as the state machine's first step would, with the components' settings. */
    public static JobValidator.Result plan(Components c, String jobId, Map<String, Object> request) {
        return JobValidator.of(c).validate(jobId, Optional.of(request), TestStack.ACCOUNT);
    }

    /** Seeds {@code n} available images in the source Region and returns their ids. */
    public static List<String> seedImages(TestStack stack, String region, String prefix, int n) {
        return seedImages(stack.emulator, region, prefix, n);
    }

    /** The same, in any emulator, for the default account. */
    public static List<String> seedImages(io.github.wsicopy.local.workspaces.WorkSpacesEmulator emulator, String region,
            String prefix, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(emulator.addImage(TestStack.ACCOUNT, region,
                    io.github.wsicopy.local.workspaces.ImageSeed.named(prefix + "-" + i).description("Golden image " + i)));
        }
        return ids;
    }
}
