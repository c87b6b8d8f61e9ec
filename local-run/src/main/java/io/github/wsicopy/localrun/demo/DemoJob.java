package io.github.wsicopy.localrun.demo;

import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.localrun.fleet.Fleet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the demo runs over a seeded emulator: the job, the image names to show, where it copies to, what to say
 * about the fleet first, and, for the built-in fleet only, how the job must end (a user's fleet is checked for
 * the invariants alone).
 */
record DemoJob(String jobId, String sourceRegion, List<String> destinations, Map<String, String> namesById,
               Map<String, Object> request, Optional<JobState> expected, List<String> introduction) {

    DemoJob {
        destinations = List.copyOf(destinations);
        introduction = List.copyOf(introduction);
    }

    /** The fleet file's request as the demo's job; the fleet has been checked to have one. */
    static DemoJob of(Fleet fleet) {
        Fleet.Request request = fleet.request().orElseThrow();
        List<String> intro = new ArrayList<>();
        fleet.description().ifPresent(d -> intro.add("  " + d));
        intro.add("  Fleet: " + fleet.images().size() + " images in " + String.join(", ", fleet.regions().keySet())
                + "; account " + fleet.account() + (fleet.otherAccounts().isEmpty() ? ""
                        : ", other accounts " + String.join(", ", fleet.otherAccounts())));
        List<String> byol = fleet.regions().entrySet().stream().filter(e -> e.getValue().byol()).map(Map.Entry::getKey).toList();
        intro.add("  BYOL enabled in " + (byol.isEmpty() ? "no Region" : String.join(", ", byol)) + "; copies take "
                + (fleet.copyDuration().min().equals(fleet.copyDuration().max()) ? fleet.copyDuration().min()
                        : fleet.copyDuration().min() + " to " + fleet.copyDuration().max()) + " (virtual time)");
        intro.add("  Request: " + ((List<?>) request.body().getOrDefault("imageIds", List.of())).size() + " images from "
                + request.sourceRegion() + " to " + String.join(", ", request.destinationRegions()));
        return new DemoJob(request.jobId(), request.sourceRegion(), request.destinationRegions(), fleet.namesById(),
                request.body(), Optional.empty(), intro);
    }

    String nameOf(String imageId) {
        return namesById.getOrDefault(imageId, imageId);
    }
}
