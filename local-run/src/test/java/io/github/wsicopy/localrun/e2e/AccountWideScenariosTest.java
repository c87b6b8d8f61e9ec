package io.github.wsicopy.localrun.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.model.Replica;
import io.github.wsicopy.core.model.ReplicaState;
import io.github.wsicopy.core.model.SystemTags;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.JobOrigin;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.testing.Invariants;
import io.github.wsicopy.core.testing.Jobs;
import io.github.wsicopy.local.workspaces.EmulatedImage;
import io.github.wsicopy.local.workspaces.EmulatorConfig;
import io.github.wsicopy.local.workspaces.ImageSeed;
import io.github.wsicopy.local.workspaces.ImageState;
import io.github.wsicopy.localrun.stack.StackOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The account-wide promises (issue 10) through the real state machine: several executions of the real ASL at
 * once, each in its own interpreter process, against ONE local stack (one jobs table in DynamoDB Local, one
 * WorkSpaces emulator at the documented 2 calls/s with bursts of 5 per Region). Whatever the jobs' timing, an
 * (account, Region, source image) pair gets at most one copy: a job that finds the pair held follows that copy
 * and says whose it is, our own ERROR copies are replaced, a stranger's ERROR image is left alone, and a copy
 * made before the replica ledger existed counts as replicated.
 */
class AccountWideScenariosTest {
    private static final String SOURCE = "us-east-1";
    private static final String ACCOUNT = EmulatorConfig.DEFAULT_ACCOUNT_ID;
    private static final String EU = "eu-west-1";
    private static final String SYDNEY = "ap-southeast-2";
    private static final String OREGON = "us-west-2";
    private static final List<String> REGIONS = List.of(EU, SYDNEY, OREGON);
    private static final String SAME_NAME = "{sourceName}";
    private static final String NAME_PER_JOB = "{sourceName}-{jobId}";

    private WorkflowRun run;

    @AfterEach
    void stop() {
        if (run != null) {
            run.close();
        }
    }

    /** The documented rate limit (2 calls/s, burst 5, per Region) and short copies, so a class runs in minutes. */
    private WorkflowRun start(String name) {
        run = new WorkflowRun(name, AccountWideScenariosTest::limitedEmulator);
        return run;
    }

    static StackOptions limitedEmulator(StackOptions options) {
        return options.withEmulator(EmulatorConfig.defaults().withCopyDuration(Duration.ofMinutes(2), Duration.ofMinutes(6)));
    }

    private static Map<String, Object> request(List<String> images, List<String> regions, String nameTemplate) {
        Map<String, Object> request = Jobs.request(SOURCE, images, regions);
        request.put("nameTemplate", nameTemplate);
        return request;
    }

    @Test
    void manyJobsAtOnceOnOverlappingPairsMakeOneCopyPerPairAndTheOthersFollowIt() {
        start("account-wide-many-jobs");
        List<String> images = Jobs.seedImages(run.stack.emulator, SOURCE, "golden", 3);
        // 12 jobs over 3 images x 3 Regions, each a different overlapping slice, half of them with a name per job
        // (so nothing but the ledger stops a second copy), all started at the same moment.
        Map<String, Map<String, Object>> inputs = new LinkedHashMap<>();
        for (int i = 0; i < 12; i++) {
            List<String> someImages = i % 3 == 0 ? images : List.of(images.get(i % 3), images.get((i + 1) % 3));
            List<String> someRegions = i % 4 == 0 ? REGIONS : List.of(REGIONS.get(i % 3), REGIONS.get((i + 2) % 3));
            inputs.put("many-" + i, Map.of("request", request(someImages, someRegions, i % 2 == 0 ? SAME_NAME : NAME_PER_JOB)));
        }

        Map<String, WorkflowRun.Finished> finished = run.runAtOnce(inputs);

        List<CopyTask> all = new ArrayList<>();
        finished.values().forEach(f -> all.addAll(f.tasks()));
        assertOneCopyPerPairAndEveryFollowerNamesItsMaker(all);
        finished.forEach((jobId, f) -> {
            assertTrue(f.result().succeeded(), jobId + ": " + f.result());
            Invariants.holdAfterRun(run.stack.store(), run.stack.emulator, ACCOUNT, jobId, REGIONS);
            assertEquals(JobState.SUCCEEDED, f.job().state(), jobId + ": " + describe(f.tasks()));
        });
        for (CopyTask task : all) {
            boolean done = task.state() == TaskState.SUCCEEDED
                    || task.state() == TaskState.SKIPPED && task.reasonCode().equals(Optional.of(ReasonCode.ALREADY_REPLICATED));
            assertTrue(done, task.jobId() + " " + task.sortKey() + " is " + task.state() + ": " + task.reason().orElse(""));
        }
        assertTrue(all.stream().anyMatch(t -> t.copiedByJob().isPresent()),
                "no job followed another's copy: the jobs did not overlap, so the test proved nothing\n" + describe(all));
    }

    @Test
    void aScheduledRunAndApiJobsAtOnceShareTheAccountsCopies() {
        start("account-wide-schedule-and-api");
        List<String> matching = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            matching.add(run.stack.emulator.addImage(ACCOUNT, SOURCE, ImageSeed.named("golden-" + i).tag("replicate", "true")));
        }
        run.stack.emulator.addImage(ACCOUNT, SOURCE, ImageSeed.named("golden-untagged"));
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("policyId", "nightly-golden");
        policy.put("sourceRegion", SOURCE);
        policy.put("select", Map.of("tags", Map.of("replicate", "true"), "namePrefix", "golden-"));
        policy.put("destinationRegions", REGIONS);
        Map<String, Map<String, Object>> inputs = new LinkedHashMap<>();
        // As EventBridge Scheduler starts it: {"policy"} and a generated execution name, which becomes the job id.
        inputs.put("schedule-run-1", Map.of("policy", policy));
        for (int i = 0; i < 4; i++) {
            inputs.put("api-" + i, submittedByTheApi("api-" + i, JobOrigin.REQUESTED, request(List.of(matching.get(i % 3),
                    matching.get((i + 1) % 3)), List.of(REGIONS.get(i % 3), REGIONS.get((i + 1) % 3)), i % 2 == 0 ? SAME_NAME : NAME_PER_JOB)));
        }

        Map<String, WorkflowRun.Finished> finished = run.runAtOnce(inputs);

        List<CopyTask> all = new ArrayList<>();
        finished.forEach((jobId, f) -> {
            Invariants.holdAfterRun(run.stack.store(), run.stack.emulator, ACCOUNT, jobId, REGIONS);
            assertEquals(JobState.SUCCEEDED, f.job().state(), jobId + ": " + describe(f.tasks()));
            all.addAll(f.tasks());
        });
        List<CopyTask> scheduled = finished.get("schedule-run-1").tasks();
        assertEquals(9, scheduled.size(), "3 tagged images x 3 Regions: " + describe(scheduled));
        assertOneCopyPerPairAndEveryFollowerNamesItsMaker(all);
        assertEquals(9, run.stack.emulator.counters().copies(), "one copy per pair, whoever asked for it");
        assertEquals(Optional.empty(), run.stack.store().policyLocks().holder("nightly-golden"), "the policy's lock is released");
    }

    @Test
    void aRetryAfterErrorCopiesReplacesThemOnceAndLeavesNoErrorCopyOfOurs() {
        start("account-wide-error-retry");
        List<String> images = Jobs.seedImages(run.stack.emulator, SOURCE, "golden", 2);
        String failing = images.get(0);
        List<String> regions = List.of(EU, SYDNEY);
        run.stack.emulator.markCopyFailure(failing, "InternalServiceError", "The image copy failed");

        WorkflowRun.Finished first = run.run("first", request(images, regions, SAME_NAME));

        assertEquals(JobState.PARTIALLY_SUCCEEDED, first.job().state());
        Map<String, String> errorCopies = new LinkedHashMap<>();
        for (String region : regions) {
            List<EmulatedImage> copies = copiesOf(failing, region);
            assertEquals(1, copies.size());
            assertEquals(ImageState.ERROR, copies.get(0).state());
            errorCopies.put(region, copies.get(0).imageId());
        }

        // The failure is gone; the retry (the failed pairs, submitted as the API's retry does) and another job with
        // its own names run at once over the ERROR copies' pairs.
        run.stack.emulator.clearCopyFailure(failing);
        // The first delete of an ERROR copy is throttled: the claimer must give the pair back as it found it (our
        // ERROR copy still there), not forget that copy.
        run.stack.emulator.faults().failNext("DeleteWorkspaceImage", "ThrottlingException", "Rate exceeded", 1);
        Map<String, Map<String, Object>> inputs = new LinkedHashMap<>();
        inputs.put("retry", submittedByTheApi("retry", new JobOrigin.Retry("first"), request(List.of(failing), regions, SAME_NAME)));
        inputs.put("other", Map.of("request", request(images, regions, NAME_PER_JOB)));
        Map<String, WorkflowRun.Finished> finished = run.runAtOnce(inputs);

        List<CopyTask> all = new ArrayList<>();
        finished.forEach((jobId, f) -> {
            Invariants.allTasksFinalWithReasons(run.stack.store(), jobId);
            Invariants.countersMatchTasks(run.stack.store(), jobId);
            Invariants.jobStateMatchesTasks(run.stack.store(), jobId);
            assertEquals(JobState.SUCCEEDED, f.job().state(), jobId + ": " + describe(f.tasks()));
            all.addAll(f.tasks());
        });
        for (String region : regions) {
            String errorCopy = errorCopies.get(region);
            assertEquals(Optional.empty(), run.stack.emulator.image(ACCOUNT, region, errorCopy), "the ERROR copy is deleted");
            List<EmulatedImage> copies = copiesOf(failing, region);
            assertEquals(1, copies.size(), "one copy of " + failing + " in " + region + ": " + copies);
            assertEquals(ImageState.AVAILABLE, copies.get(0).state());
            List<CopyTask> replacing = all.stream().filter(t -> t.replacedErrorCopy().isPresent()
                    && t.destinationRegion().equals(region)).toList();
            assertEquals(1, replacing.size(), "exactly one task replaced the ERROR copy in " + region + ": " + describe(all));
            assertTrue(replacing.get(0).replacedErrorCopy().get().contains(errorCopy), replacing.get(0).replacedErrorCopy().get());
            assertTrue(replacing.get(0).replacedErrorCopy().get().contains("The image copy failed"),
                    "the task records what WorkSpaces said of the ERROR copy: " + replacing.get(0).replacedErrorCopy().get());
            assertEquals(Optional.of(copies.get(0).imageId()), replacing.get(0).destinationImageId());
            assertEquals(1, copiesOf(images.get(1), region).size(), "the image that had succeeded is not copied again");
        }
        for (CopyTask task : finished.get("retry").tasks()) {
            assertEquals(TaskState.SUCCEEDED, task.state(), task.sortKey() + ": " + task.reason().orElse(""));
        }
        for (String region : regions) {
            assertTrue(run.stack.emulator.images(ACCOUNT, region).stream().noneMatch(i -> i.state() == ImageState.ERROR),
                    "an ERROR copy is left in " + region);
            Replica record = run.stack.store().replicas().get(ACCOUNT, region, failing).orElseThrow();
            assertEquals(ReplicaState.AVAILABLE, record.state(), record.toString());
        }
    }

    @Test
    void aForeignErrorImageWithThePlannedNameIsRefusedAndNeverDeleted() {
        start("account-wide-foreign-error");
        List<String> images = Jobs.seedImages(run.stack.emulator, SOURCE, "golden", 2);
        // Someone's own image in ERROR, with the name the job plans for golden-0's copy and no wsicopy tags.
        String foreign = run.stack.emulator.addImage(ACCOUNT, EU,
                ImageSeed.named("golden-0").tag("team", "vdi").failed("InternalServiceError", "their own failed build"));
        Map<String, Map<String, Object>> inputs = new LinkedHashMap<>();
        inputs.put("foreign-a", Map.of("request", request(images, List.of(EU, SYDNEY), SAME_NAME)));
        inputs.put("foreign-b", Map.of("request", request(images, List.of(EU, SYDNEY), SAME_NAME)));

        Map<String, WorkflowRun.Finished> finished = run.runAtOnce(inputs);

        for (WorkflowRun.Finished f : finished.values()) {
            Invariants.holdAfterRun(run.stack.store(), run.stack.emulator, ACCOUNT, f.job().jobId(), List.of(EU, SYDNEY));
            CopyTask refused = f.tasks().stream().filter(t -> t.sourceImageId().equals(images.get(0))
                    && t.destinationRegion().equals(EU)).findFirst().orElseThrow();
            assertEquals(Optional.of(ReasonCode.FOREIGN_ERROR_IMAGE), refused.reasonCode(), refused.reason().orElse(""));
            assertTrue(refused.reason().orElseThrow().contains("golden-0"), refused.reason().get());
            assertEquals(Optional.empty(), refused.destinationImageId());
            f.tasks().stream().filter(t -> t != refused).forEach(t -> assertTrue(t.state() == TaskState.SUCCEEDED
                    || t.reasonCode().equals(Optional.of(ReasonCode.ALREADY_REPLICATED)), t.sortKey() + ": " + t.reason().orElse("")));
        }
        EmulatedImage still = run.stack.emulator.image(ACCOUNT, EU, foreign).orElseThrow(() -> new AssertionError("the foreign image was deleted"));
        assertEquals(ImageState.ERROR, still.state());
        assertEquals(List.of(), copiesOf(images.get(0), EU), "no copy of golden-0 next to the foreign image");
        assertEquals(1, copiesOf(images.get(0), SYDNEY).size());
        assertEquals(0, run.stack.emulator.counters().calls("DeleteWorkspaceImage"));
    }

    @Test
    void aCopyMadeBeforeTheLedgerCountsAsReplicatedAndIsFollowedWhileItIsCopying() {
        start("account-wide-pre-ledger");
        List<String> images = Jobs.seedImages(run.stack.emulator, SOURCE, "golden", 2);
        // Copies an earlier version made (our system tags, no ledger record): one done, one still copying.
        String done = run.stack.emulator.addImage(ACCOUNT, EU, preLedgerCopy("golden-0", images.get(0)));
        String copying = run.stack.emulator.addImage(ACCOUNT, EU,
                preLedgerCopy("golden-1", images.get(1)).pendingFor(Duration.ofMinutes(10)));
        Map<String, Map<String, Object>> inputs = new LinkedHashMap<>();
        inputs.put("after-a", Map.of("request", request(images, List.of(EU, SYDNEY), NAME_PER_JOB)));
        inputs.put("after-b", Map.of("request", request(images, List.of(EU, SYDNEY), NAME_PER_JOB)));

        Map<String, WorkflowRun.Finished> finished = run.runAtOnce(inputs);

        for (WorkflowRun.Finished f : finished.values()) {
            String jobId = f.job().jobId();
            Invariants.allTasksFinalWithReasons(run.stack.store(), jobId);
            Invariants.countersMatchTasks(run.stack.store(), jobId);
            assertEquals(JobState.SUCCEEDED, f.job().state(), jobId + ": " + describe(f.tasks()));
            CopyTask replicated = task(f, images.get(0), EU);
            assertEquals(TaskState.SKIPPED, replicated.state());
            assertEquals(Optional.of(ReasonCode.ALREADY_REPLICATED), replicated.reasonCode(), replicated.reason().orElse(""));
            CopyTask following = task(f, images.get(1), EU);
            assertEquals(TaskState.SUCCEEDED, following.state(), following.reason().orElse(""));
            assertEquals(Optional.of(copying), following.destinationImageId(), "follows the copy that was under way");
            assertEquals(Optional.of("old-job"), following.copiedByJob());
        }
        assertEquals(List.of(done), copiesOf(images.get(0), EU).stream().map(EmulatedImage::imageId).toList());
        assertEquals(List.of(copying), copiesOf(images.get(1), EU).stream().map(EmulatedImage::imageId).toList());
        assertEquals(0, run.stack.emulator.counters().copies(EU), "no copy was made where one existed");
        for (String image : images) {
            assertEquals(1, copiesOf(image, SYDNEY).size(), "one copy of " + image + " in " + SYDNEY);
        }
        Replica adopted = run.stack.store().replicas().get(ACCOUNT, EU, images.get(0)).orElseThrow();
        assertEquals(Optional.of(done), adopted.imageId());
        assertEquals(ReplicaState.AVAILABLE, adopted.state());
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /**
     * What the API does before it starts an execution (JobSubmissions, Executions): the job is written with its
     * request, and the execution gets {@code {"jobId"}} only.
     */
    private Map<String, Object> submittedByTheApi(String jobId, JobOrigin origin, Map<String, Object> request) {
        run.stack.store().createJob(jobId, Json.write(request), run.stack.clock.instant().plus(Duration.ofDays(30)), origin);
        return Map.of("jobId", jobId);
    }

    private static ImageSeed preLedgerCopy(String name, String source) {
        return ImageSeed.named(name).tag(SystemTags.SOURCE_IMAGE_ID, source).tag(SystemTags.SOURCE_REGION, SOURCE)
                .tag(SystemTags.JOB_ID, "old-job");
    }

    private static CopyTask task(WorkflowRun.Finished f, String source, String region) {
        return f.tasks().stream().filter(t -> t.sourceImageId().equals(source) && t.destinationRegion().equals(region))
                .findFirst().orElseThrow(() -> new AssertionError("no task " + source + " -> " + region + " in " + f.job().jobId()));
    }

    /** Images in {@code region} that our system tags tie to {@code source}: copies of any job or version. */
    private List<EmulatedImage> copiesOf(String source, String region) {
        return run.stack.emulator.images(ACCOUNT, region).stream()
                .filter(i -> source.equals(i.tags().get(SystemTags.SOURCE_IMAGE_ID))).toList();
    }

    /**
     * Every pair some task asked for has exactly one copy, made by exactly one task; every other task that ended
     * with that pair's copy followed it, names the job that made it, and that job's task holds the same image.
     * The ledger's record of the pair names that copy and that job.
     */
    private void assertOneCopyPerPairAndEveryFollowerNamesItsMaker(List<CopyTask> all) {
        Map<List<String>, List<CopyTask>> byPair = new LinkedHashMap<>();
        all.forEach(t -> byPair.computeIfAbsent(List.of(t.sourceImageId(), t.destinationRegion()), k -> new ArrayList<>()).add(t));
        byPair.forEach((pair, tasks) -> {
            String source = pair.get(0);
            String region = pair.get(1);
            List<EmulatedImage> copies = copiesOf(source, region);
            assertEquals(1, copies.size(), "copies of " + source + " in " + region + ": " + copies + describe(all));
            EmulatedImage copy = copies.get(0);
            List<CopyTask> makers = tasks.stream().filter(t -> t.state() == TaskState.SUCCEEDED && t.copiedByJob().isEmpty())
                    .toList();
            assertEquals(1, makers.size(), "tasks that copied " + source + " to " + region + ": " + describe(makers));
            CopyTask maker = makers.get(0);
            assertEquals(Optional.of(copy.imageId()), maker.destinationImageId());
            assertEquals(maker.jobId(), copy.tags().get(SystemTags.JOB_ID), "the copy's job tag names its maker");
            for (CopyTask t : tasks) {
                if (t.copiedByJob().isPresent()) {
                    assertEquals(Optional.of(maker.jobId()), t.copiedByJob(), t.jobId() + " " + t.sortKey());
                    assertNotEquals(t.jobId(), maker.jobId());
                    assertEquals(Optional.of(copy.imageId()), t.destinationImageId(), t.jobId() + " " + t.sortKey());
                    // A follower that found the copy done keeps the note; one that polled it to its end keeps
                    // copiedByJob only (SUCCEEDED clears the note).
                    t.reason().ifPresent(note -> assertTrue(note.contains("job " + maker.jobId()), describe(List.of(t))));
                } else if (t != maker) {
                    assertEquals(TaskState.SKIPPED, t.state(), t.jobId() + " " + t.sortKey() + describe(List.of(t)));
                    assertTrue(t.reason().orElse("").contains(copy.imageId()), "the skip names the copy: " + t.reason().orElse(""));
                }
            }
            Replica record = run.stack.store().replicas().get(ACCOUNT, region, source).orElseThrow();
            assertEquals(Optional.of(copy.imageId()), record.imageId(), record.toString());
            assertEquals(maker.jobId(), record.jobId(), record.toString());
            assertFalse(record.state() == ReplicaState.CLAIMED, record.toString());
        });
    }

    private static String describe(List<CopyTask> tasks) {
        StringBuilder out = new StringBuilder();
        for (CopyTask t : tasks) {
            out.append("\n  ").append(t.jobId()).append(' ').append(t.sourceImageId()).append(" -> ")
                    .append(t.destinationRegion()).append(' ').append(t.state()).append(' ')
                    .append(t.destinationImageId().orElse("-")).append(t.copiedByJob().map(j -> " following " + j).orElse(""))
                    .append(' ').append(t.reason().orElse(""));
        }
        return out.toString();
    }
}
