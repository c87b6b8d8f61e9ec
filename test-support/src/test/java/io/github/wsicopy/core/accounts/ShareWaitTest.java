package io.github.wsicopy.core.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.model.Target;
import io.github.wsicopy.core.store.TaskKeys;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.testing.Jobs;
import io.github.wsicopy.core.testing.TestStack;
import io.github.wsicopy.core.workflow.CopyStarter;
import io.github.wsicopy.core.workflow.NextStep;
import io.github.wsicopy.core.workflow.Pacing;
import io.github.wsicopy.core.workflow.RegionProgress;
import io.github.wsicopy.local.LocalOrganization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A target whose account's share another target is making (its permission call waits for the source account's API
 * rate) starts nothing and comes back later, each round waiting twice as long up to a cap, instead of every few
 * seconds; once the share is there it copies.
 */
class ShareWaitTest {
    private static final String SOURCE = "us-east-1";
    private static final String EU = "eu-west-1";
    private static final String TARGET_ACCOUNT = LocalOrganization.TARGET_WITH_ROLE;

    private final TestStack stack = TestStack.unthrottled();

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void aTargetWaitingForItsAccountsShareBacksOffThenCopiesOnceShared() {
        stack.organization();
        Components c = stack.components(Map.of("START_WAIT_SECONDS", "10"));
        String image = Jobs.seedImages(stack, SOURCE, "golden", 1).getFirst();
        Map<String, Object> request = Jobs.request(SOURCE, List.of(image), List.of(EU));
        request.put("destinationAccounts", List.of(TARGET_ACCOUNT));
        Jobs.plan(c, "job-wait", request);
        // Another target of the account is sharing the image now: its lease runs for an hour.
        c.clients().dynamo().putItem(r -> r.tableName(c.settings().tableName()).item(Map.of(
                "pk", AttributeValue.fromS(TaskKeys.sharePk(SOURCE, image)),
                "sk", AttributeValue.fromS(TaskKeys.shareSk(TARGET_ACCOUNT)),
                "state", AttributeValue.fromS("SHARING"),
                "holders", AttributeValue.fromSs(List.of("job-other#us-west-2")),
                "actor", AttributeValue.fromS("job-other#us-west-2"),
                "leaseUntil", AttributeValue.fromN(Long.toString(c.clock().millis() + 3_600_000)),
                "version", AttributeValue.fromN("1"))));
        CopyStarter starter = new CopyStarter(c.store(), c.workspaces(), Optional.of(ImageShares.of(c)), c.clock(),
                Pacing.from(c.settings()), 50, 50, c.log());
        Target target = new Target(TARGET_ACCOUNT, EU);

        RegionProgress first = starter.run("job-wait", target, () -> c.workspaces().in(TARGET_ACCOUNT), 0);
        RegionProgress second = starter.run("job-wait", target, () -> c.workspaces().in(TARGET_ACCOUNT),
                first.pollRound());
        RegionProgress later = starter.run("job-wait", target, () -> c.workspaces().in(TARGET_ACCOUNT), 6);

        assertEquals(NextStep.WAIT_THEN_START, first.next());
        assertEquals(List.of(1, 10), List.of(first.pollRound(), first.nextWaitSeconds()));
        assertEquals(List.of(2, 20), List.of(second.pollRound(), second.nextWaitSeconds()));
        assertEquals(List.of(7, 30), List.of(later.pollRound(), later.nextWaitSeconds()), "capped");
        assertEquals(0, stack.emulator.counters().copies());
        assertEquals(TaskState.PENDING, c.store().tasks("job-wait", target).getFirst().state());

        // The sharer's lease ends (it stopped): this target takes the share over, shares and copies.
        stack.clock.advance(java.time.Duration.ofHours(2));
        RegionProgress started = starter.run("job-wait", target, () -> c.workspaces().in(TARGET_ACCOUNT), 7);

        assertEquals(1, stack.emulator.counters().copies(), started.toString());
        assertTrue(stack.emulator.image(TestStack.ACCOUNT, SOURCE, image).orElseThrow().sharedWith()
                .contains(TARGET_ACCOUNT));
        assertEquals(TaskState.COPYING, c.store().tasks("job-wait", target).getFirst().state());
    }

    @Test
    void aSourceWhoseCallsAreBookedLeavesTheTargetsOtherSharesForItsNextRound() {
        stack.organization();
        Components c = stack.components(Map.of("START_WAIT_SECONDS", "10"));
        List<String> images = Jobs.seedImages(stack, SOURCE, "golden", 3);
        Map<String, Object> request = Jobs.request(SOURCE, images, List.of(EU));
        request.put("destinationAccounts", List.of(TARGET_ACCOUNT));
        Jobs.plan(c, "job-busy", request);
        // Other targets' shares have booked the source account's WorkSpaces calls for the next minute.
        long bookedUntil = System.currentTimeMillis() + 60_000;
        c.clients().dynamo().putItem(r -> r.tableName(c.settings().tableName()).item(Map.of(
                "pk", AttributeValue.fromS(io.github.wsicopy.core.budget.RateBudget.partitionKey(TestStack.ACCOUNT, SOURCE)),
                "sk", AttributeValue.fromS(io.github.wsicopy.core.budget.RateBudget.SORT_KEY),
                "tat", AttributeValue.fromN(Long.toString(bookedUntil)),
                "expiresAt", AttributeValue.fromN(Long.toString(bookedUntil / 1000 + 3600)))));
        CopyStarter starter = new CopyStarter(c.store(), c.workspaces(), Optional.of(ImageShares.of(c)), c.clock(),
                Pacing.from(c.settings()), 50, 50, c.log());
        Target target = new Target(TARGET_ACCOUNT, EU);

        RegionProgress progress = starter.run("job-busy", target, () -> c.workspaces().in(TARGET_ACCOUNT), 0);

        assertEquals(NextStep.WAIT_THEN_START, progress.next());
        assertEquals(0, stack.emulator.counters().calls("UpdateWorkspaceImagePermission"));
        // The first share found the source booked; the other two were not tried (each would have waited for it).
        long tried = images.stream().filter(image -> !c.clients().dynamo().getItem(r -> r.tableName(c.settings().tableName())
                .consistentRead(true).key(Map.of("pk", AttributeValue.fromS(TaskKeys.sharePk(SOURCE, image)),
                        "sk", AttributeValue.fromS(TaskKeys.shareSk(TARGET_ACCOUNT))))).item().isEmpty()).count();
        assertEquals(1, tried);
        assertTrue(c.store().tasks("job-busy", target).stream().allMatch(t -> t.state() == TaskState.PENDING));
    }
}
