package io.github.wsicopy.core.workflow;

import io.github.wsicopy.core.model.Target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.model.Replica;
import io.github.wsicopy.core.model.ReplicaState;
import io.github.wsicopy.core.model.SystemTags;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.JobStore;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.store.Transition;
import io.github.wsicopy.core.testing.Invariants;
import io.github.wsicopy.core.testing.Jobs;
import io.github.wsicopy.core.testing.TestStack;
import io.github.wsicopy.local.workspaces.EmulatedImage;
import io.github.wsicopy.local.workspaces.ImageSeed;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The replica ledger step by step, against DynamoDB Local and the WorkSpaces emulator: jobs that share a pair make
 * one copy between them, an ERROR copy of ours is replaced, a foreign one never touched, and copies made before
 * the ledger count as replicated.
 */
class ReplicaLedgerTest {
    private static final String SOURCE = "us-east-1";
    private static final String EU = "eu-west-1";
    private static final String ACCOUNT = TestStack.ACCOUNT;

    private final TestStack stack = TestStack.unthrottled();
    private final Components c = stack.components(Map.of("MAX_STARTS_PER_INVOCATION", "100"));

    @AfterEach
    void close() {
        stack.close();
    }

    private RegionProgress start(String jobId) {
        return new CopyStarter(c.store(), c.workspaces(), c.clock(), Pacing.from(c.settings()), 100, 50, c.log())
                .run(jobId, new Target(ACCOUNT, EU));
    }

    private RegionProgress poll(String jobId) {
        return new CopyPoller(c.store(), c.workspaces(), c.clock(), Pacing.from(c.settings()), c.log())
                .run(jobId, new Target(ACCOUNT, EU), 0);
    }

    private CopyTask task(String jobId) {
        List<CopyTask> tasks = c.store().tasks(jobId, Jobs.own(EU));
        assertEquals(1, tasks.size());
        return tasks.get(0);
    }

    private Map<String, Object> request(String image, String nameTemplate) {
        Map<String, Object> request = Jobs.request(SOURCE, List.of(image), List.of(EU));
        request.put("nameTemplate", nameTemplate);
        return request;
    }

    private List<EmulatedImage> copiesOf(String image) {
        return stack.emulator.images(ACCOUNT, EU).stream()
                .filter(i -> image.equals(i.tags().get(SystemTags.SOURCE_IMAGE_ID))).toList();
    }

    @Test
    void twoJobsWithDifferentNamesOnOnePairMakeOneCopyAndTheSecondFollowsIt() {
        String image = Jobs.seedImages(stack, SOURCE, "golden", 1).get(0);
        Jobs.plan(c, "job-a", request(image, "{sourceName}-{jobId}"));
        Jobs.plan(c, "job-b", request(image, "{sourceName}-{jobId}"));

        start("job-a");
        RegionProgress b = start("job-b");

        assertEquals(1, copiesOf(image).size(), "one copy for the pair, whatever the names");
        CopyTask follower = task("job-b");
        assertEquals(TaskState.COPYING, follower.state());
        assertEquals(Optional.of("job-a"), follower.copiedByJob());
        assertEquals(task("job-a").destinationImageId(), follower.destinationImageId());
        assertTrue(follower.reason().orElseThrow().contains("job job-a"), follower.reason().toString());
        assertEquals(NextStep.WAIT_THEN_POLL, b.next());

        stack.clock.advance(Duration.ofHours(1));
        poll("job-a");
        poll("job-b");
        assertEquals(TaskState.SUCCEEDED, task("job-a").state());
        assertEquals(TaskState.SUCCEEDED, task("job-b").state());
        assertTrue(task("job-b").reason().orElse("").contains("job job-a made the copy"),
                "a follower keeps saying whose copy it was: " + task("job-b").reason());
        assertEquals(ReplicaState.AVAILABLE, c.store().replicas().get(ACCOUNT, EU, image).orElseThrow().state());
        Invariants.countersMatchTasks(c.store(), "job-b");

        // A third job finds the pair replicated at planning time: nothing to copy, and it says which job made it.
        Jobs.plan(c, "job-c", request(image, "{sourceName}-{jobId}"));
        CopyTask third = task("job-c");
        assertEquals(TaskState.SKIPPED, third.state());
        assertEquals(Optional.of(ReasonCode.ALREADY_REPLICATED), third.reasonCode());
        assertTrue(third.reason().orElseThrow().contains("by job job-a"), third.reason().toString());
        assertEquals(1, copiesOf(image).size());
    }

    @Test
    void aPairClaimedByAnotherJobWaitsUntilItsCopyHasAnIdThenFollowsIt() {
        String image = Jobs.seedImages(stack, SOURCE, "golden", 1).get(0);
        Jobs.plan(c, "job-a", request(image, "{sourceName}-a"));
        Jobs.plan(c, "job-b", request(image, "{sourceName}-b"));
        JobStore store = c.store();
        CopyTask a = task("job-a");
        // job-a holds the claim but has not called CopyWorkspaceImage yet
        assertTrue(store.claim(a, ACCOUNT, Optional.empty(), stack.clock.instant().plusSeconds(180))
                instanceof JobStore.Moved);

        RegionProgress b = start("job-b");
        assertEquals(TaskState.PENDING, task("job-b").state());
        assertEquals(NextStep.WAIT_THEN_START, b.next());
        assertEquals(0, copiesOf(image).size(), "no copy while another job holds the claim");

        start("job-a"); // job-a's lease has not run out: its own next round leaves the STARTING task alone
        assertEquals(TaskState.STARTING, task("job-a").state());
    }

    @Test
    void anAbandonedClaimIsTakenOverOnceItsTaskHasEnded() {
        String image = Jobs.seedImages(stack, SOURCE, "golden", 1).get(0);
        Jobs.plan(c, "job-a", request(image, "{sourceName}-a"));
        Jobs.plan(c, "job-b", request(image, "{sourceName}-b"));
        JobStore store = c.store();
        CopyTask claimed = ((JobStore.Moved) store.claim(task("job-a"), ACCOUNT, Optional.empty(),
                stack.clock.instant().plusSeconds(180))).task();
        store.transition(claimed, Transition.failed(io.github.wsicopy.core.model.Reason.of(ReasonCode.REGION_FAILED)
                .with("region", "eu-west-1")));
        stack.clock.advance(Duration.ofMinutes(4));

        start("job-b");

        assertEquals(TaskState.COPYING, task("job-b").state());
        assertEquals(1, copiesOf(image).size());
        assertEquals("job-b", store.replicas().get(ACCOUNT, EU, image).orElseThrow().jobId());
    }

    @Test
    void aRetryAfterAnErrorCopyDeletesOurErrorCopyAndCopiesAgain() {
        String image = Jobs.seedImages(stack, SOURCE, "golden", 1).get(0);
        stack.emulator.markCopyFailure(image, "InternalError", "the copy broke");
        Jobs.plan(c, "job-a", request(image, "{sourceName}"));
        start("job-a");
        stack.clock.advance(Duration.ofHours(1));
        poll("job-a");
        assertEquals(TaskState.FAILED, task("job-a").state());
        String broken = task("job-a").destinationImageId().orElseThrow();
        Replica recorded = c.store().replicas().get(ACCOUNT, EU, image).orElseThrow();
        assertEquals(ReplicaState.ERROR, recorded.state());
        assertEquals(Optional.of("InternalError"), recorded.errorCode());

        stack.emulator.clearCopyFailure(image);
        Jobs.plan(c, "job-retry", request(image, "{sourceName}"));
        assertEquals(TaskState.PENDING, task("job-retry").state(), "an ERROR copy is not a replica");
        start("job-retry");

        CopyTask retried = task("job-retry");
        assertEquals(TaskState.COPYING, retried.state());
        assertTrue(retried.replacedErrorCopy().orElseThrow().contains(broken)
                && retried.replacedErrorCopy().get().contains("InternalError: the copy broke"), retried.toString());
        assertTrue(stack.emulator.image(ACCOUNT, EU, broken).isEmpty(), "our ERROR copy is deleted");
        stack.clock.advance(Duration.ofHours(1));
        poll("job-retry");
        assertEquals(TaskState.SUCCEEDED, task("job-retry").state());
        assertEquals(1, copiesOf(image).size());
        assertTrue(copiesOf(image).stream().noneMatch(i -> "ERROR".equals(i.state().name())));
    }

    @Test
    void aForeignImageInErrorWithThePlannedNameIsRefusedAndNeverDeleted() {
        String image = Jobs.seedImages(stack, SOURCE, "golden", 1).get(0);
        String foreign = stack.emulator.addImage(ACCOUNT, EU,
                ImageSeed.named("golden-0").failed("InternalError", "someone's broken image"));
        Jobs.plan(c, "job-a", request(image, "{sourceName}"));

        CopyTask refused = task("job-a");
        assertEquals(TaskState.SKIPPED, refused.state());
        assertEquals(Optional.of(ReasonCode.FOREIGN_ERROR_IMAGE), refused.reasonCode());
        assertTrue(refused.reason().orElseThrow().contains("golden-0") && refused.reason().get().contains("delete it"),
                refused.reason().toString());
        assertTrue(stack.emulator.image(ACCOUNT, EU, foreign).isPresent());
    }

    @Test
    void aCopyMadeBeforeTheLedgerCountsAsReplicatedAndIsRecorded() {
        String image = Jobs.seedImages(stack, SOURCE, "golden", 1).get(0);
        String earlier = stack.emulator.addImage(ACCOUNT, EU, ImageSeed.named("golden-0-old-name")
                .tag(SystemTags.SOURCE_IMAGE_ID, image).tag(SystemTags.SOURCE_REGION, SOURCE)
                .tag(SystemTags.JOB_ID, "job-2019"));
        assertTrue(c.store().replicas().get(ACCOUNT, EU, image).isEmpty());

        Jobs.plan(c, "job-a", request(image, "{sourceName}-{jobId}"));

        assertEquals(Optional.of(ReasonCode.ALREADY_REPLICATED), task("job-a").reasonCode());
        Replica rebuilt = c.store().replicas().get(ACCOUNT, EU, image).orElseThrow();
        assertEquals(Optional.of(earlier), rebuilt.imageId());
        assertEquals("job-2019", rebuilt.jobId());
        assertEquals(ReplicaState.AVAILABLE, rebuilt.state());
    }

    @Test
    void aReplicaDeletedByHandIsCopiedAgain() {
        String image = Jobs.seedImages(stack, SOURCE, "golden", 1).get(0);
        Jobs.plan(c, "job-a", request(image, "{sourceName}"));
        start("job-a");
        stack.clock.advance(Duration.ofHours(1));
        poll("job-a");
        String copy = task("job-a").destinationImageId().orElseThrow();
        assertTrue(stack.emulator.deleteImage(ACCOUNT, EU, copy));

        Jobs.plan(c, "job-b", request(image, "{sourceName}"));
        assertEquals(TaskState.PENDING, task("job-b").state());
        assertEquals(ReplicaState.DELETED, c.store().replicas().get(ACCOUNT, EU, image).orElseThrow().state());
        start("job-b");
        assertEquals(TaskState.COPYING, task("job-b").state());
        assertFalse(task("job-b").copiedByJob().isPresent());
        assertEquals(1, copiesOf(image).size());
    }

    @Test
    void aClaimerThatReadAnOlderRecordCannotTakeThePairAfterItWasReleasedAndClaimedAgain() {
        String image = Jobs.seedImages(stack, SOURCE, "golden", 1).get(0);
        for (String job : List.of("job-a", "job-b", "job-c")) {
            Jobs.plan(c, job, request(image, "{sourceName}-" + job.substring(4)));
        }
        JobStore store = c.store();
        java.time.Instant lease = stack.clock.instant().plusSeconds(180);
        CopyTask b = ((JobStore.Moved) store.claim(task("job-b"), ACCOUNT, Optional.empty(), lease)).task();
        Replica readByA = store.replicas().get(ACCOUNT, EU, image).orElseThrow(); // job-a reads job-b's claim
        store.transition(b, Transition.retryLater("throttled"));
        store.replicas().release(ACCOUNT, b);
        Optional<Replica> released = store.replicas().get(ACCOUNT, EU, image);
        assertTrue(store.claim(task("job-c"), ACCOUNT, released, lease) instanceof JobStore.Moved);

        // job-a acts on what it read before: the pair is job-c's now, whatever the versions went through
        assertTrue(store.claim(task("job-a"), ACCOUNT, Optional.of(readByA), lease) instanceof JobStore.LedgerMoved);
        assertEquals("job-c", store.replicas().get(ACCOUNT, EU, image).orElseThrow().jobId());
    }
}
