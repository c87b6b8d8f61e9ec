package io.github.wsicopy.local.workspaces;

import io.github.wsicopy.local.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;
import software.amazon.awssdk.services.workspaces.model.AccessDeniedException;
import software.amazon.awssdk.services.workspaces.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.workspaces.model.ResourceLimitExceededException;
import software.amazon.awssdk.services.workspaces.model.WorkSpacesException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.github.wsicopy.local.workspaces.Clients.ACCOUNT_A;
import static io.github.wsicopy.local.workspaces.Clients.KEY_A;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rate limiting, injected faults, counters and concurrent calls. */
class FaultsTest {

    private final MutableClock clock = new MutableClock();
    private WorkSpacesEmulator emu;
    private WorkSpacesClient euwest;
    private String source;

    @BeforeEach
    void start() {
        emu = WorkSpacesEmulator.start(Clients.config(clock));
        euwest = Clients.client(emu, "eu-west-1");
        source = emu.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("golden-win11"));
    }

    @AfterEach
    void stop() {
        euwest.close();
        emu.close();
    }

    private String copy(WorkSpacesClient client, String name) {
        return client.copyWorkspaceImage(r -> r.name(name).sourceImageId(source).sourceRegion("us-east-1")).imageId();
    }

    @Test
    void callsBeyondTheBurstAreThrottledPerAccountAndRegion() throws Exception {
        emu.setRateLimit(2, 5);
        int ok = 0;
        List<WorkSpacesException> throttled = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            try {
                euwest.describeAccount(r -> { });
                ok++;
            } catch (WorkSpacesException e) {
                throttled.add(e);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        assertTrue(ok >= 5 && ok <= 5 + (int) Math.ceil(seconds * 2), "ok=" + ok + " in " + seconds + "s");
        WorkSpacesException e = throttled.getFirst();
        assertTrue(e.isThrottlingException());
        assertEquals("ThrottlingException", e.awsErrorDetails().errorCode());
        assertEquals("Rate exceeded", e.awsErrorDetails().errorMessage());
        assertEquals(400, e.statusCode());
        assertEquals(throttled.size(), emu.counters().throttled());

        // Other Regions and other accounts have their own buckets.
        try (WorkSpacesClient useast = Clients.client(emu, "us-east-1");
             WorkSpacesClient euwestB = Clients.client(emu, "eu-west-1", Clients.KEY_B, false)) {
            useast.describeAccount(r -> { });
            euwestB.describeAccount(r -> { });
        }
        // The bucket refills at 2 calls per second.
        Thread.sleep(600);
        euwest.describeAccount(r -> { });
    }

    @Test
    void aVirtualWaitRefillsTheRegionsBucketAsRealTimeWould() {
        emu.setRateLimit(0.01, 5); // one token per 100 s of real time: none comes back during the test
        for (int i = 0; i < 5; i++) {
            euwest.describeAccount(r -> { });
        }
        assertThrows(WorkSpacesException.class, () -> euwest.describeAccount(r -> { }));

        emu.waited(ACCOUNT_A, "us-east-1", java.time.Duration.ofSeconds(1000)); // another Region's wait changes nothing here
        assertThrows(WorkSpacesException.class, () -> euwest.describeAccount(r -> { }));
        emu.waited(ACCOUNT_A, "eu-west-1", java.time.Duration.ofSeconds(200)); // 2 tokens
        euwest.describeAccount(r -> { });
        euwest.describeAccount(r -> { });
        assertThrows(WorkSpacesException.class, () -> euwest.describeAccount(r -> { }));
        emu.waited(ACCOUNT_A, "eu-west-1", java.time.Duration.ofHours(1)); // never beyond the burst
        for (int i = 0; i < 5; i++) {
            euwest.describeAccount(r -> { });
        }
        assertThrows(WorkSpacesException.class, () -> euwest.describeAccount(r -> { }));
    }

    @Test
    void aVirtualWaitRefillsOnlyItsOwnAccountsBucketInTheRegion() {
        emu.setRateLimit(0.01, 5); // one token per 100 s of real time: none comes back during the test
        try (WorkSpacesClient euwestB = Clients.client(emu, "eu-west-1", Clients.KEY_B, false)) {
            for (int i = 0; i < 5; i++) {
                euwest.describeAccount(r -> { });
                euwestB.describeAccount(r -> { });
            }
            assertThrows(WorkSpacesException.class, () -> euwest.describeAccount(r -> { }));
            assertThrows(WorkSpacesException.class, () -> euwestB.describeAccount(r -> { }));

            // Account B waited in eu-west-1: its bucket refills, account A's (same Region) does not.
            emu.waited(Clients.ACCOUNT_B, "eu-west-1", java.time.Duration.ofSeconds(300)); // 3 tokens
            assertThrows(WorkSpacesException.class, () -> euwest.describeAccount(r -> { }));
            for (int i = 0; i < 3; i++) {
                euwestB.describeAccount(r -> { });
            }
            assertThrows(WorkSpacesException.class, () -> euwestB.describeAccount(r -> { }));
        }
    }

    @Test
    void throttleFractionThrottlesOneOperationOrAll() {
        emu.faults().throttleFraction("DescribeAccount", 1.0);
        for (int i = 0; i < 3; i++) {
            var e = assertThrows(WorkSpacesException.class, () -> euwest.describeAccount(r -> { }));
            assertTrue(e.isThrottlingException());
        }
        euwest.describeWorkspaceImages(r -> { });

        emu.faults().clear().throttleFraction(0.5);
        int throttled = 0;
        for (int i = 0; i < 40; i++) {
            try {
                euwest.describeWorkspaceImages(r -> { });
            } catch (WorkSpacesException e) {
                throttled++;
            }
        }
        assertTrue(throttled > 5 && throttled < 35, "throttled " + throttled + " of 40");
        assertEquals(3 + throttled, emu.counters().throttled());
    }

    @Test
    void aLostCopyResponseIsAnErrorButTheCopyExists() {
        emu.faults().loseNextCopyResponses(1);

        var e = assertThrows(WorkSpacesException.class, () -> copy(euwest, "lost"));
        assertEquals(500, e.statusCode());
        assertEquals("InternalFailure", e.awsErrorDetails().errorCode());

        assertEquals(List.of("lost"), emu.images(ACCOUNT_A, "eu-west-1").stream().map(EmulatedImage::name).toList());
        assertEquals(1, emu.counters().lostResponses());
        assertEquals(1, emu.counters().copies("eu-west-1"));
        copy(euwest, "delivered");
        assertEquals(2, emu.images(ACCOUNT_A, "eu-west-1").size());
    }

    @Test
    void aDroppedConnectionIsAClientErrorButTheCopyExists() {
        euwest.describeAccount(r -> { }); // the copy then goes over a kept-alive connection, as in real use
        emu.faults().lostResponseMode(Faults.LostResponseMode.CLOSE_CONNECTION).loseCopyResponses(1.0);

        var e = assertThrows(SdkClientException.class, () -> copy(euwest, "dropped"));

        assertInstanceOf(IOException.class, rootCause(e), e.toString());
        assertEquals(1, emu.images(ACCOUNT_A, "eu-west-1").size(), "the JDK client did not resend the POST");
        assertEquals(1, emu.counters().calls("CopyWorkspaceImage"));
    }

    @Test
    void aRetryingClientMakesASecondCallAfterALostResponse() {
        emu.faults().loseNextCopyResponses(1);
        try (WorkSpacesClient retrying = Clients.client(emu, "eu-west-1", KEY_A, true)) {
            // The SDK retries the 500; the retry finds the first copy's name taken: no client token.
            assertThrows(ResourceAlreadyExistsException.class, () -> copy(retrying, "retried"));
        }
        assertEquals(2, emu.counters().calls("CopyWorkspaceImage"));
        assertEquals(1, emu.images(ACCOUNT_A, "eu-west-1").size());
    }

    @Test
    void failNextAnswersWithTheGivenErrorWithoutRunningTheCall() {
        emu.faults().failNext("CopyWorkspaceImage", "ResourceLimitExceededException", "Injected quota", 2);

        for (int i = 0; i < 2; i++) {
            var e = assertThrows(ResourceLimitExceededException.class, () -> copy(euwest, "blocked"));
            assertEquals("Injected quota", e.awsErrorDetails().errorMessage());
        }
        assertTrue(emu.images(ACCOUNT_A, "eu-west-1").isEmpty());
        copy(euwest, "allowed");

        emu.faults().failNext(Faults.ANY_OPERATION, "InternalFailure", "boom", 1);
        var e = assertThrows(WorkSpacesException.class, () -> euwest.describeAccount(r -> { }));
        assertEquals(500, e.statusCode());
        assertEquals(2, emu.counters().errors("ResourceLimitExceededException"));
    }

    @Test
    void aDeniedRegionAnswersAccessDenied() {
        emu.faults().denyRegion("ap-northeast-1");
        try (WorkSpacesClient tokyo = Clients.client(emu, "ap-northeast-1")) {
            assertThrows(AccessDeniedException.class, () -> tokyo.describeWorkspaceImages(r -> { }));
            assertThrows(AccessDeniedException.class, () -> copy(tokyo, "denied"));
            euwest.describeWorkspaceImages(r -> { });

            emu.faults().allowRegion("ap-northeast-1");
            copy(tokyo, "allowed");
        }
    }

    @Test
    void countersCountCallsByOperationAndRegion() {
        euwest.describeAccount(r -> { });
        euwest.describeAccount(r -> { });
        copy(euwest, "counted");
        try (WorkSpacesClient useast = Clients.client(emu, "us-east-1")) {
            useast.describeAccount(r -> { });
        }

        Counters counters = emu.counters();
        assertEquals(4, counters.calls());
        assertEquals(3, counters.calls("DescribeAccount"));
        assertEquals(2, counters.calls("eu-west-1", "DescribeAccount"));
        assertEquals(1, counters.calls("us-east-1", "DescribeAccount"));
        assertEquals(1, counters.copies());
        assertEquals(Map.of("DescribeAccount", 3L, "CopyWorkspaceImage", 1L), emu.countersSnapshot().get("calls"));
        assertTrue(emu.countersSnapshot().keySet().containsAll(
                List.of("calls", "callsByRegion", "throttled", "copies", "lostResponses", "errors")));

        emu.resetCounters();
        assertEquals(0, counters.calls());
        assertEquals(0, counters.copies());
    }

    @Test
    void concurrentCopiesRespectTheQuotaExactly() throws Exception {
        emu.setImageQuota("eu-west-1", 10);
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String name = "parallel-" + i;
            calls.add(() -> copy(euwest, name));
        }
        int made = 0;
        int refused = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(12)) {
            for (Future<String> result : pool.invokeAll(calls)) {
                try {
                    result.get();
                    made++;
                } catch (ExecutionException e) {
                    assertInstanceOf(ResourceLimitExceededException.class, e.getCause());
                    refused++;
                }
            }
        }
        assertEquals(10, made);
        assertEquals(14, refused);
        assertEquals(10, emu.images(ACCOUNT_A, "eu-west-1").stream().map(EmulatedImage::imageId).distinct().count());
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
