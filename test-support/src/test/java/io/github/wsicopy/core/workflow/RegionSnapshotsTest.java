package io.github.wsicopy.core.workflow;

import io.github.wsicopy.core.model.Target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.model.ReplicaState;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.testing.Jobs;
import io.github.wsicopy.core.testing.LocalDynamo;
import io.github.wsicopy.core.testing.TestStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Concurrent validations share one reading of a destination Region (REGION_FACTS_MAX_AGE_SECONDS), against DynamoDB
 * Local and the WorkSpaces emulator: the Region is read once for many jobs, a dry run stores nothing, and a copy
 * recorded in the ledger after the shared reading is not taken for a deleted one.
 */
class RegionSnapshotsTest {
    private static final String SOURCE = "us-east-1";
    private static final String EU = "eu-west-1";
    private static final String ACCOUNT = TestStack.ACCOUNT;

    private final TestStack stack = TestStack.unthrottled();
    private final Components c = stack.components(Map.of("REGION_FACTS_MAX_AGE_SECONDS", "60"));

    @AfterEach
    void close() {
        stack.close();
    }

    private Map<String, Object> request(String image) {
        Map<String, Object> request = Jobs.request(SOURCE, List.of(image), List.of(EU));
        request.put("nameTemplate", "{sourceName}-{jobId}");
        return request;
    }

    @Test
    void eightValidationsAtOnceReadTheRegionOnce() throws Exception {
        String image = Jobs.seedImages(stack, SOURCE, "golden", 1).get(0);
        stack.emulator.resetCounters();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String jobId = "job-" + i;
                runs.add(pool.submit(() -> Jobs.plan(c, jobId, request(image))));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, stack.emulator.counters().calls(EU, "DescribeAccount"), "one reading of the Region for 8 jobs");
        for (int i = 0; i < 8; i++) {
            assertEquals(TaskState.PENDING, c.store().tasks("job-" + i, Jobs.own(EU)).get(0).state());
        }
    }

    @Test
    void aSnapshotOlderThanTheMaximumAgeIsTakenAgain() {
        String image = Jobs.seedImages(stack, SOURCE, "golden", 1).get(0);
        stack.emulator.resetCounters();
        Jobs.plan(c, "job-a", request(image));
        stack.clock.advance(Duration.ofSeconds(61));
        Jobs.plan(c, "job-b", request(image));
        assertEquals(2, stack.emulator.counters().calls(EU, "DescribeAccount"));
    }

    @Test
    void theDryRunUsesASharedSnapshotButStoresNone() {
        String image = Jobs.seedImages(stack, SOURCE, "golden", 1).get(0);
        Planner dryRun = Planner.of(c.workspaces(), c.store(), c.clock(), c.settings(), false);
        dryRun.plan("dry-run", request(image), ACCOUNT, java.time.LocalDate.of(2026, 11, 29));
        assertTrue(snapshotItem().isEmpty(), "a dry run writes nothing");

        Jobs.plan(c, "job-a", request(image)); // stores the snapshot
        stack.emulator.resetCounters();
        dryRun.plan("dry-run", request(image), ACCOUNT, java.time.LocalDate.of(2026, 11, 29));
        assertEquals(0, stack.emulator.counters().calls(EU, "DescribeAccount"), "the fresh shared snapshot is used");
    }

    /** A frozen clock (jobs starting at one instant) gives the snapshot and the record the same time. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 5})
    void aCopyRecordedAfterTheSharedSnapshotIsFollowedNotTakenForDeleted(int secondsLater) {
        String image = Jobs.seedImages(stack, SOURCE, "golden", 1).get(0);
        Jobs.plan(c, "job-a", request(image)); // the snapshot: no copy in EU yet
        new CopyStarter(c.store(), c.workspaces(), c.clock(), Pacing.from(c.settings()), 100, 50, c.log())
                .run("job-a", new Target(ACCOUNT, EU)); // the copy exists now, and the ledger says so; the snapshot does not
        stack.clock.advance(Duration.ofSeconds(secondsLater));

        Jobs.plan(c, "job-b", request(image)); // shares the snapshot, reads the ledger afresh

        assertEquals(ReplicaState.PENDING, c.store().replicas().get(ACCOUNT, EU, image).orElseThrow().state(),
                "the record must not be marked DELETED because the older snapshot lacks its copy");
        CopyTask b = c.store().tasks("job-b", Jobs.own(EU)).get(0);
        assertEquals(TaskState.PENDING, b.state());
        new CopyStarter(c.store(), c.workspaces(), c.clock(), Pacing.from(c.settings()), 100, 50, c.log())
                .run("job-b", new Target(ACCOUNT, EU));
        assertEquals(Optional.of("job-a"), c.store().tasks("job-b", Jobs.own(EU)).get(0).copiedByJob());
        assertEquals(1, stack.emulator.images(ACCOUNT, EU).size());
        assertTrue(c.store().tasks("job-b", Jobs.own(EU)).get(0).reasonCode().filter(r -> r == ReasonCode.NAME_CONFLICT).isEmpty());
    }

    private Map<String, AttributeValue> snapshotItem() {
        Map<String, AttributeValue> item = LocalDynamo.client().getItem(r -> r.tableName(stack.table).key(Map.of(
                "pk", AttributeValue.fromS("SNAPSHOT#" + ACCOUNT + "#" + EU), "sk", AttributeValue.fromS("SNAPSHOT"))))
                .item();
        return item == null ? Map.of() : item;
    }
}
