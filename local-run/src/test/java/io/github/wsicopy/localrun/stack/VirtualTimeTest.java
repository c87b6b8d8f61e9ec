package io.github.wsicopy.localrun.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.wsicopy.local.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VirtualTimeTest {
    private final MutableClock clock = new MutableClock();
    private final VirtualTime time = new VirtualTime(clock);
    private static final String STACK = "123456789012";

    private static Map<String, Object> loop(String region, String next, int waited) {
        return loop(null, region, next, waited);
    }

    private static Map<String, Object> loop(String account, String region, String next, int waited) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("jobId", "job-1");
        input.put("targets", java.util.List.of(Map.of("account", account == null ? STACK : account, "region", region)));
        if (next != null) {
            input.put("next", next);
            input.put("nextWaitSeconds", BigDecimal.valueOf(waited));
        }
        return input;
    }

    @Test
    void aBranchsWaitsAddUp() {
        time.beforeInvoke("CopyFunction", loop("eu-west-1", null, 0));
        time.beforeInvoke("PollStatusFunction", loop("eu-west-1", "WAIT_THEN_POLL", 30));
        time.beforeInvoke("PollStatusFunction", loop("eu-west-1", "WAIT_THEN_POLL", 60));
        time.beforeInvoke("CopyFunction", loop("eu-west-1", "WAIT_THEN_START", 10));
        assertEquals(Duration.ofSeconds(100), time.elapsed());
    }

    @Test
    void parallelBranchesDoNotAddUpAndTheClockNeverGoesBack() {
        time.beforeInvoke("ValidateFunction", Map.of("input", Map.of("request", Map.of()), "executionName", "job-1"));
        time.beforeInvoke("CopyFunction", loop("eu-west-1", null, 0));
        time.beforeInvoke("PollStatusFunction", loop("eu-west-1", "WAIT_THEN_POLL", 300));
        // Sydney's loop began with Ireland's, even though its first call comes after Ireland waited.
        time.beforeInvoke("CopyFunction", loop("ap-southeast-2", null, 0));
        time.beforeInvoke("PollStatusFunction", loop("ap-southeast-2", "WAIT_THEN_POLL", 30));
        assertEquals(Duration.ofSeconds(300), time.elapsed());
        time.beforeInvoke("PollStatusFunction", loop("ap-southeast-2", "WAIT_THEN_POLL", 60));
        assertEquals(Duration.ofSeconds(300), time.elapsed(), "the slower branch is still behind");
        time.beforeInvoke("PollStatusFunction", loop("ap-southeast-2", "WAIT_THEN_POLL", 240));
        assertEquals(Duration.ofSeconds(330), time.elapsed());
    }

    @Test
    void aNewExecutionOfTheJobStartsItsLoopsAgainFromNow() {
        time.beforeInvoke("PollStatusFunction", loop("eu-west-1", "WAIT_THEN_POLL", 300));
        time.beforeInvoke("ValidateFunction", Map.of("input", Map.of("jobId", "job-1"), "executionName", "job-1"));
        time.beforeInvoke("PollStatusFunction", loop("eu-west-1", "WAIT_THEN_POLL", 30));
        assertEquals(Duration.ofSeconds(330), time.elapsed());
    }

    @Test
    void stepsWithoutAWaitAndOtherFunctionsDoNotMoveTime() {
        time.beforeInvoke("CopyFunction", loop("eu-west-1", "START", 0));
        time.beforeInvoke("PollStatusFunction", loop("eu-west-1", "DONE", 30));
        time.beforeInvoke("NotifyFunction", Map.of("jobId", "job-1", "executionName", "job-1"));
        assertEquals(Duration.ZERO, time.elapsed());
    }

    @Test
    void eachWaitOfABranchIsReportedWithItsAccountAndRegion() {
        java.util.List<String> waits = new java.util.ArrayList<>();
        VirtualTime reporting = new VirtualTime(clock,
                (account, region, waited) -> waits.add(account + " " + region + " " + waited.toSeconds()));
        reporting.beforeInvoke("CopyFunction", loop("eu-west-1", null, 0));
        reporting.beforeInvoke("PollStatusFunction", loop("eu-west-1", "WAIT_THEN_POLL", 30));
        reporting.beforeInvoke("CopyFunction", loop("222222222222", "ap-southeast-2", "WAIT_THEN_START", 10));
        assertEquals(java.util.List.of(STACK + " eu-west-1 30", "222222222222 ap-southeast-2 10"), waits);
    }

    @Test
    void aBatchIsOneBranchAndEachOfItsTargetsWaited() {
        java.util.List<String> waits = new java.util.ArrayList<>();
        VirtualTime reporting = new VirtualTime(clock,
                (account, region, waited) -> waits.add(account + " " + region + " " + waited.toSeconds()));
        Map<String, Object> batch = new LinkedHashMap<>();
        batch.put("jobId", "job-1");
        batch.put("targets", java.util.List.of(Map.of("account", "222222222222", "region", "eu-west-1"),
                Map.of("account", "444444444444", "region", "eu-west-1")));
        batch.put("next", "WAIT_THEN_POLL");
        batch.put("nextWaitSeconds", BigDecimal.valueOf(30));
        reporting.beforeInvoke("PollStatusFunction", batch);
        reporting.beforeInvoke("PollStatusFunction", batch);
        assertEquals(Duration.ofSeconds(60), reporting.elapsed(), "one branch: its waits add up");
        assertEquals(java.util.List.of("222222222222 eu-west-1 30", "444444444444 eu-west-1 30",
                "222222222222 eu-west-1 30", "444444444444 eu-west-1 30"), waits);
    }

    @Test
    void aTargetsTimeIsItsOwnLoopsNotTheSharedClockPlusWhatPassedForEveryone() {
        time.beforeInvoke("ValidateFunction", Map.of("input", Map.of("request", Map.of()), "executionName", "job-1"));
        time.beforeInvoke("PollStatusFunction", loop("eu-west-1", "WAIT_THEN_POLL", 3600));
        // Sydney's loop started its copies late (it waited for shares in real time): its copies take its own time.
        time.beforeInvoke("CopyFunction", loop("ap-southeast-2", "WAIT_THEN_START", 30));
        assertEquals(Duration.ofSeconds(3600), time.elapsed(), "the shared clock is Ireland's");
        assertEquals(Optional.of(MutableClock.DEFAULT_START.plusSeconds(30)), time.timeOf(STACK, "ap-southeast-2"));
        assertEquals(Optional.of(MutableClock.DEFAULT_START.plusSeconds(3600)), time.timeOf(STACK, "eu-west-1"));
        assertEquals(Optional.empty(), time.timeOf(STACK, "us-west-2"), "no loop there: the emulator uses its clock");

        clock.advance(Duration.ofMinutes(30)); // a test or `make invoke ADVANCE=PT30M`: time passes for everyone
        assertEquals(Optional.of(MutableClock.DEFAULT_START.plusSeconds(30 + 1800)), time.timeOf(STACK, "ap-southeast-2"));

        time.beforeInvoke("NotifyFunction", Map.of("jobId", "job-1", "executionName", "job-1"));
        assertEquals(Optional.empty(), time.timeOf(STACK, "ap-southeast-2"), "the job's loops ended");
    }

    @Test
    void twoAccountsInOneRegionAreTwoBranchesThatDoNotAddUp() {
        time.beforeInvoke("ValidateFunction", Map.of("input", Map.of("request", Map.of()), "executionName", "job-1"));
        time.beforeInvoke("PollStatusFunction", loop("222222222222", "eu-west-1", "WAIT_THEN_POLL", 300));
        time.beforeInvoke("PollStatusFunction", loop("444444444444", "eu-west-1", "WAIT_THEN_POLL", 300));
        assertEquals(Duration.ofSeconds(300), time.elapsed());
        time.beforeInvoke("PollStatusFunction", loop("444444444444", "eu-west-1", "WAIT_THEN_POLL", 60));
        assertEquals(Duration.ofSeconds(360), time.elapsed());
    }
}
