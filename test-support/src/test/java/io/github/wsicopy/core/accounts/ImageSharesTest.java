package io.github.wsicopy.core.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.accounts.ImageShares.Share;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.testing.Jobs;
import io.github.wsicopy.core.testing.TestStack;
import io.github.wsicopy.core.workspaces.WorkSpacesError;
import io.github.wsicopy.local.LocalOrganization;
import io.github.wsicopy.local.workspaces.ImageSeed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The share protocol against DynamoDB Local and the WorkSpaces emulator (whose image permissions are the truth), through
 * the stack's real gateway. A crash is a step that stopped after one of its writes: its item is left as it was.
 */
class ImageSharesTest {
    private static final String SOURCE = "us-east-1";
    private static final String TARGET = LocalOrganization.TARGET_WITH_ROLE;
    private static final String PERMISSION_CALL = "UpdateWorkspaceImagePermission";

    private final TestStack stack = TestStack.unthrottled();
    // One retry second: a permission call that keeps failing gives up quickly.
    private final Components c = stack.components(Map.of("WORKSPACES_RETRY_SECONDS", "1"));
    private final ImageShares shares = ImageShares.of(c);
    private final String image = Jobs.seedImages(stack, SOURCE, "golden", 1).getFirst();
    private final Share share = new Share(SOURCE, image, TARGET);

    @AfterEach
    void stop() {
        stack.close();
    }

    private boolean shared() {
        return stack.emulator.image(TestStack.ACCOUNT, SOURCE, image).orElseThrow().sharedWith().contains(TARGET);
    }

    private long permissionCalls() {
        return stack.emulator.counters().calls(PERMISSION_CALL);
    }

    /** The next permission call fails with no answer, every try of it. */
    private void failNextPermissionCall() {
        stack.emulator.faults().failNext(PERMISSION_CALL, "InternalFailure", "try later", 3);
    }

    @Test
    void twoHoldersShareOnceAndOnlyTheLastReleaseUnshares() {
        assertInstanceOf(ImageShares.Shared.class, shares.acquire(share, "job-1#eu-west-1"));
        assertInstanceOf(ImageShares.Shared.class, shares.acquire(share, "job-2#eu-west-1"));
        assertInstanceOf(ImageShares.Shared.class, shares.acquire(share, "job-1#eu-west-1"), "again: no change");
        assertTrue(shared());
        assertEquals(1, permissionCalls());
        assertEquals(Set.of("job-1#eu-west-1", "job-2#eu-west-1"), shares.read(share).orElseThrow().holders());

        assertInstanceOf(ImageShares.StillNeeded.class, shares.release(share, "job-2#eu-west-1", true));
        assertTrue(shared(), "job-1 still copies from it");
        assertInstanceOf(ImageShares.Unshared.class, shares.release(share, "job-1#eu-west-1", true));

        assertFalse(shared());
        assertEquals(2, permissionCalls());
        assertTrue(shares.read(share).isEmpty());
        assertInstanceOf(ImageShares.NotHeld.class, shares.release(share, "job-1#eu-west-1", true), "released twice");
        assertEquals(2, permissionCalls());
    }

    @Test
    void releasedInTheOtherOrderTheLastOneStillUnshares() {
        shares.acquire(share, "job-1#eu-west-1");
        shares.acquire(share, "job-2#ap-south-1");

        assertInstanceOf(ImageShares.StillNeeded.class, shares.release(share, "job-1#eu-west-1", true));
        assertTrue(shared());
        assertInstanceOf(ImageShares.Unshared.class, shares.release(share, "job-2#ap-south-1", true));
        assertFalse(shared());
    }

    @Test
    void anAcquireThatMeetsUnsharingComesBackLaterAndThenSharesAgain() {
        shares.acquire(share, "job-1#eu-west-1");
        failNextPermissionCall();
        assertInstanceOf(ImageShares.ComeBackLater.class, shares.release(share, "job-1#eu-west-1", true));
        assertEquals("UNSHARING", shares.read(share).orElseThrow().state());

        ImageShares.Acquired met = shares.acquire(share, "job-2#eu-west-1");

        assertTrue(met instanceof ImageShares.ComeBackLater later && later.why().contains("being removed"), met.toString());
        assertInstanceOf(ImageShares.Unshared.class, shares.release(share, "job-1#eu-west-1", true), "its own retry resumes");
        assertFalse(shared());
        assertInstanceOf(ImageShares.Shared.class, shares.acquire(share, "job-2#eu-west-1"));
        assertTrue(shared());
        assertEquals(Set.of("job-2#eu-west-1"), shares.read(share).orElseThrow().holders());
    }

    @Test
    void aSharerThatStoppedIsTakenOverAfterItsLease() {
        failNextPermissionCall();
        assertInstanceOf(ImageShares.ComeBackLater.class, shares.acquire(share, "job-1#eu-west-1"));
        assertEquals("SHARING", shares.read(share).orElseThrow().state());

        assertInstanceOf(ImageShares.ComeBackLater.class, shares.acquire(share, "job-2#eu-west-1"), "within the lease");
        stack.clock.advance(ImageShares.DEFAULT_LEASE);
        assertInstanceOf(ImageShares.Shared.class, shares.acquire(share, "job-2#eu-west-1"));

        assertTrue(shared());
        ImageShares.Record record = shares.read(share).orElseThrow();
        assertEquals("SHARED", record.state());
        assertEquals(Set.of("job-1#eu-west-1", "job-2#eu-west-1"), record.holders(), "the stopped one's claim stands");
        assertInstanceOf(ImageShares.Shared.class, shares.acquire(share, "job-1#eu-west-1"), "its retry finds it shared");
    }

    @Test
    void anUnsharerThatStoppedIsFinishedByTheNextAcquireAfterItsLease() {
        shares.acquire(share, "job-1#eu-west-1");
        failNextPermissionCall();
        shares.release(share, "job-1#eu-west-1", true);
        long before = permissionCalls();

        stack.clock.advance(ImageShares.DEFAULT_LEASE);
        assertInstanceOf(ImageShares.Shared.class, shares.acquire(share, "job-2#eu-west-1"));

        assertEquals(before + 2, permissionCalls(), "unshared, then shared again");
        assertTrue(shared());
        assertEquals("SHARED", shares.read(share).orElseThrow().state());
        assertInstanceOf(ImageShares.NotHeld.class, shares.release(share, "job-1#eu-west-1", true));
        assertTrue(shared(), "the stopped unsharer's retry does not unshare what job-2 holds");
    }

    @Test
    void theJobsSweepFinishesAnUnshareOfItsOwnThatItsStepGaveUpOnWithoutWaitingForTheLease() {
        shares.acquire(share, "job-1#eu-west-1");
        failNextPermissionCall();
        assertInstanceOf(ImageShares.ComeBackLater.class, shares.release(share, "job-1#eu-west-1", true));
        assertEquals("UNSHARING", shares.read(share).orElseThrow().state());

        // The job's steps have all ended (its finishing step gave up): its sweep finishes the unshare at once.
        assertEquals(1, shares.releaseJob("job-1", SOURCE, List.of(image), true));

        assertFalse(shared());
        assertTrue(shares.read(share).isEmpty());
        // Another job's stalled unshare is left to its lease.
        shares.acquire(share, "job-2#eu-west-1");
        failNextPermissionCall();
        shares.release(share, "job-2#eu-west-1", true);
        assertEquals(0, shares.releaseJob("job-3", SOURCE, List.of(image), true));
        assertEquals("UNSHARING", shares.read(share).orElseThrow().state());
    }

    @Test
    void aSweepThatRunsOutOfTimeStopsCleanlyAndItsRetryReleasesTheRest() {
        shares.acquire(share, "job-1#eu-west-1");

        // An invocation with less time left than the margin the calls keep: nothing more is started.
        try (io.github.wsicopy.core.workspaces.CallDeadline ignored = io.github.wsicopy.core.workspaces.CallDeadline
                .of(new io.github.wsicopy.core.testing.TestContext(5_000))) {
            assertThrows(io.github.wsicopy.core.TransientFailure.class,
                    () -> shares.releaseJob("job-1", SOURCE, List.of(image), true));
        }
        assertTrue(shared(), "nothing was released past the deadline");

        assertEquals(1, shares.releaseJob("job-1", SOURCE, List.of(image), true)); // the retry
        assertFalse(shared());
    }

    @Test
    void aReleaseThatSaysKeepLeavesTheImageSharedWhoeverReleasesLast() {
        shares.acquire(share, "job-1#eu-west-1");
        shares.acquire(share, "job-2#eu-west-1");

        assertInstanceOf(ImageShares.StillNeeded.class, shares.release(share, "job-1#eu-west-1", false));
        assertInstanceOf(ImageShares.LeftShared.class, shares.release(share, "job-2#eu-west-1", true));

        assertTrue(shared());
        assertTrue(shares.read(share).isEmpty());
        assertEquals(1, permissionCalls());
    }

    @Test
    void aRefusedShareHoldsNothing() {
        String byol = stack.emulator.addImage(TestStack.ACCOUNT, SOURCE, ImageSeed.named("byol").byol(true));
        Share byolShare = new Share(SOURCE, byol, TARGET);
        stack.organization(); // same organization, but 222222222222 has no BYOL in us-east-1

        ImageShares.Acquired refused = shares.acquire(byolShare, "job-1#eu-west-1");

        assertEquals(WorkSpacesError.Kind.NOT_SUPPORTED,
                assertInstanceOf(ImageShares.Refused.class, refused).error().kind());
        assertTrue(shares.read(byolShare).isEmpty());
        stack.emulator.setDedicatedTenancy(TARGET, SOURCE, true);
        assertInstanceOf(ImageShares.Shared.class, shares.acquire(byolShare, "job-1#eu-west-1"), "nothing in the way");
    }

    @Test
    void theSourcesOwnAccountNeedsNoShare() {
        Share own = new Share(SOURCE, image, TestStack.ACCOUNT);

        assertInstanceOf(ImageShares.Shared.class, shares.acquire(own, "job-1#eu-west-1"));
        assertInstanceOf(ImageShares.NotHeld.class, shares.release(own, "job-1#eu-west-1", true));
        assertEquals(0, permissionCalls());
        assertTrue(shares.read(own).isEmpty());
    }

    /**
     * Jobs of the whole stack at once, each (job, Region) with its own components: whenever a holder has been told
     * Shared, the image is shared until it releases; after all released, nothing is shared and no item is left.
     */
    @Test
    void concurrentJobsNeverUnshareWhatAnotherHolds() throws Exception {
        int workers = 4;
        int rounds = 6;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Callable<List<String>>> work = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                String region = "region-" + w;
                ImageShares mine = ImageShares.of(stack.components(Map.of("WORKSPACES_RETRY_SECONDS", "1")));
                work.add(() -> {
                    List<String> broken = new ArrayList<>();
                    for (int round = 0; round < rounds; round++) {
                        String holder = ImageShares.holder("job-" + round, region);
                        while (!(mine.acquire(share, holder) instanceof ImageShares.Shared)) {
                            Thread.onSpinWait();
                        }
                        if (!shared()) {
                            broken.add(holder + " was told Shared, but the image is not shared");
                        }
                        while (mine.release(share, holder, true) instanceof ImageShares.ComeBackLater) {
                            Thread.onSpinWait();
                        }
                    }
                    return broken;
                });
            }
            List<String> broken = new ArrayList<>();
            for (Future<List<String>> result : pool.invokeAll(work)) {
                broken.addAll(result.get());
            }
            assertEquals(List.of(), broken);
        } finally {
            pool.shutdownNow();
        }
        assertFalse(shared());
        assertTrue(shares.read(share).isEmpty());
    }
}
