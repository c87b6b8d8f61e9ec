package io.github.wsicopy.core.store;

import io.github.wsicopy.core.testing.Jobs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.model.Tag;
import io.github.wsicopy.core.testing.LocalDynamo;
import io.github.wsicopy.local.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The store against DynamoDB Local, the real engine: conditions, transactions and counters for real. */
class JobStoreTest {
    private final MutableClock clock = new MutableClock();
    private String table;
    private JobStore store;

    @BeforeEach
    void freshTable() {
        table = LocalDynamo.newTable();
        store = new JobStore(LocalDynamo.client(), table, clock);
    }

    private Job runningJobWith(List<CopyTask> tasks) {
        store.createJob("job-1", "{}", clock.instant().plus(Duration.ofDays(1)));
        assertTrue(store.moveJob("job-1", Set.of(JobState.SUBMITTED), JobState.VALIDATING));
        store.putTasks("job-1", tasks, clock.instant().plus(Duration.ofDays(1)));
        return store.startJob("job-1", List.of(new io.github.wsicopy.core.model.Target("123456789012", "eu-west-1")));
    }

    static CopyTask pending(String imageId, String region) {
        return new CopyTask("job-1", imageId, "us-east-1", "123456789012", region, "name-" + imageId, "desc",
                List.of(new Tag("team", "euc")), TaskState.PENDING, Optional.empty(), Optional.empty(),
                Optional.empty(), 0, Optional.empty(), Instant.EPOCH);
    }

    @Test
    void creatingTheSameJobTwiceKeepsTheFirst() {
        Job first = store.createJob("job-1", "{\"a\":1}", clock.instant());
        clock.advance(Duration.ofMinutes(1));
        Job second = store.createJob("job-1", "{\"a\":2}", clock.instant());
        assertEquals(Optional.of("{\"a\":1}"), store.request("job-1"));
        assertEquals(first.createdAt(), second.createdAt());
        assertEquals(JobState.SUBMITTED, second.state());
    }

    @Test
    void jobMovesOnlyFromTheExpectedState() {
        store.createJob("job-1", "{}", clock.instant());
        assertFalse(store.moveJob("job-1", Set.of(JobState.RUNNING), JobState.SUCCEEDED));
        assertTrue(store.moveJob("job-1", Set.of(JobState.SUBMITTED), JobState.VALIDATING));
        assertFalse(store.moveJob("job-1", Set.of(JobState.SUBMITTED), JobState.VALIDATING));
        assertEquals(JobState.VALIDATING, store.job("job-1").orElseThrow().state());
    }

    @Test
    void startCountsTheStoredTasks() {
        List<CopyTask> tasks = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            tasks.add(pending("wsi-" + String.format("%09d", i), i % 2 == 0 ? "eu-west-1" : "ap-northeast-1"));
        }
        Job job = runningJobWith(tasks);
        assertEquals(JobState.RUNNING, job.state());
        assertEquals(60, job.counts().get(TaskState.PENDING));
        assertEquals(30, store.tasks("job-1", Jobs.own("eu-west-1")).size());
        assertEquals(60, store.tasks("job-1").size());
        CopyTask read = store.tasks("job-1", Jobs.own("eu-west-1")).get(0);
        assertEquals(List.of(new Tag("team", "euc")), read.tags());
    }

    @Test
    void tasksCanBeWrittenOnlyWhileValidating() {
        store.createJob("job-1", "{}", clock.instant());
        assertThrows(IllegalStateException.class,
                () -> store.putTasks("job-1", List.of(pending("wsi-000000001", "eu-west-1")), clock.instant()));
    }

    @Test
    void aTransitionMovesTheCountersWithTheTask() {
        runningJobWith(List.of(pending("wsi-000000001", "eu-west-1"), pending("wsi-000000002", "eu-west-1")));
        CopyTask task = store.tasks("job-1", Jobs.own("eu-west-1")).get(0);
        CopyTask claimed = store.transition(task, Transition.claim()).orElseThrow();
        assertEquals(TaskState.STARTING, claimed.state());
        assertEquals(1, claimed.attempts());
        CopyTask copying = store.transition(claimed, Transition.copying("wsi-copy00001")).orElseThrow();
        store.transition(copying, Transition.succeeded()).orElseThrow();

        Counts counts = store.job("job-1").orElseThrow().counts();
        assertEquals(1, counts.get(TaskState.PENDING));
        assertEquals(0, counts.get(TaskState.STARTING));
        assertEquals(0, counts.get(TaskState.COPYING));
        assertEquals(1, counts.get(TaskState.SUCCEEDED));
        assertEquals(Counts.of(store.tasks("job-1")), counts);
        CopyTask stored = store.tasks("job-1", Jobs.own("eu-west-1")).stream()
                .filter(t -> t.state() == TaskState.SUCCEEDED).findFirst().orElseThrow();
        assertEquals(Optional.of("wsi-copy00001"), stored.destinationImageId());
    }

    @Test
    void aStaleTransitionIsRefusedAndChangesNothing() {
        runningJobWith(List.of(pending("wsi-000000001", "eu-west-1")));
        CopyTask seen = store.tasks("job-1", Jobs.own("eu-west-1")).get(0);
        assertTrue(store.transition(seen, Transition.claim()).isPresent());
        // A duplicate delivery still holding the PENDING view must not claim it again.
        assertTrue(store.transition(seen, Transition.claim()).isEmpty());
        assertTrue(store.transition(seen, Transition.failed(io.github.wsicopy.core.model.Reason.of(ReasonCode.COPY_FAILED))).isEmpty());
        Counts counts = store.job("job-1").orElseThrow().counts();
        assertEquals(1, counts.get(TaskState.STARTING));
        assertEquals(0, counts.get(TaskState.PENDING));
        assertEquals(0, counts.get(TaskState.FAILED));
        assertEquals(1, store.tasks("job-1").get(0).attempts());
    }

    @Test
    void concurrentClaimsOfOneTaskHaveExactlyOneWinner() throws Exception {
        runningJobWith(List.of(pending("wsi-000000001", "eu-west-1")));
        CopyTask seen = store.tasks("job-1", Jobs.own("eu-west-1")).get(0);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> claims = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                claims.add(() -> store.transition(seen, Transition.claim()).isPresent());
            }
            long winners = 0;
            for (Future<Boolean> f : pool.invokeAll(claims)) {
                winners += f.get() ? 1 : 0;
            }
            assertEquals(1, winners);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, store.job("job-1").orElseThrow().counts().get(TaskState.STARTING));
        assertEquals(0, store.job("job-1").orElseThrow().counts().get(TaskState.PENDING));
    }

    @Test
    void concurrentMovesOfDifferentTasksKeepCountersExact() throws Exception {
        List<CopyTask> tasks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tasks.add(pending("wsi-" + String.format("%09d", i), "eu-west-1"));
        }
        runningJobWith(tasks);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> moves = new ArrayList<>();
            for (CopyTask t : store.tasks("job-1")) {
                moves.add(() -> store.transition(t, Transition.claim()).isPresent());
            }
            for (Future<Boolean> f : pool.invokeAll(moves)) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        Counts counts = store.job("job-1").orElseThrow().counts();
        assertEquals(40, counts.get(TaskState.STARTING));
        assertEquals(0, counts.get(TaskState.PENDING));
    }

    @Test
    void finishingSetsTheStateOnceAndStartsTheRetentionClock() {
        runningJobWith(List.of(pending("wsi-000000001", "eu-west-1")));
        Instant expires = clock.instant().plus(Duration.ofDays(90));
        assertTrue(store.finishJob("job-1", Set.of(JobState.RUNNING), JobState.SUCCEEDED, Optional.empty(), expires));
        assertFalse(store.finishJob("job-1", Set.of(JobState.RUNNING), JobState.FAILED, Optional.of("late"), expires));
        Map<String, AttributeValue> item = LocalDynamo.client().getItem(r -> r.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("JOB#job-1"), "sk", AttributeValue.fromS("JOB")))).item();
        assertEquals(Long.toString(expires.getEpochSecond()), item.get("expiresAt").n());
        assertEquals(Long.toString(expires.getEpochSecond()), requestItem("job-1").get("expiresAt").n(),
                "the request expires with its job");
        assertEquals(Long.toString(expires.getEpochSecond()), item("job-1", "JOB#TARGETS").get("expiresAt").n(),
                "so do its targets");
        assertEquals("SUCCEEDED", item.get("state").s());
        assertEquals("JOBS", item.get("gsi1pk").s());
        assertTrue(store.markNotified("job-1"));
        assertFalse(store.markNotified("job-1"));
    }

    @Test
    void theJobItemThatEveryTaskMoveRewritesStaysSmallWhateverTheRequestsSize() {
        String bigRequest = "{\"imageIds\":[" + "\"wsi-0123456789\",".repeat(1000) + "\"wsi-0123456789\"]}";
        store.createJob("job-1", bigRequest, clock.instant().plus(Duration.ofDays(1)));

        Map<String, AttributeValue> job = LocalDynamo.client().getItem(r -> r.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("JOB#job-1"), "sk", AttributeValue.fromS("JOB")))).item();
        assertFalse(job.containsKey("request"));
        // Writes are billed per started KB of the item, twice in a transaction and again for the job index:
        // a job item under 1 KB keeps a task move at a few write units, not one per KB of request.
        int bytes = job.entrySet().stream()
                .mapToInt(e -> e.getKey().length() + (e.getValue().s() != null ? e.getValue().s().length() : 21)).sum();
        assertTrue(bytes < 1024, "job item is " + bytes + " bytes");
        assertEquals(Optional.of(bigRequest), store.request("job-1"));
    }

    @Test
    void aJobOfManyTargetsKeepsThemBesideItsJobItemAndReadsThemBack() {
        store.createJob("job-1", "{}", clock.instant().plus(Duration.ofDays(1)));
        assertTrue(store.moveJob("job-1", Set.of(JobState.SUBMITTED), JobState.VALIDATING));
        List<io.github.wsicopy.core.model.Target> targets = new java.util.ArrayList<>();
        for (int account = 0; account < 50; account++) {
            for (String region : List.of("eu-west-1", "us-west-2", "ap-southeast-2", "eu-central-1")) {
                targets.add(new io.github.wsicopy.core.model.Target(String.format("%012d", 200_000_000_000L + account), region));
            }
        }

        Job started = store.startJob("job-1", targets);

        assertEquals(targets, started.targets());
        Map<String, AttributeValue> job = item("job-1", "JOB");
        assertFalse(job.containsKey("targets"), "every task move rewrites the job item in a transaction billed by its size");
        assertEquals(item("job-1", "JOB").get("expiresAt"), item("job-1", "JOB#TARGETS").get("expiresAt"));
    }

    @Test
    void theRequestIsReplacedOnlyWhileTheJobValidates() {
        store.createJob("job-1", "{\"a\":1}", clock.instant().plus(Duration.ofDays(1)));
        assertFalse(store.replaceRequest("job-1", "{\"a\":2}"), "SUBMITTED");
        assertTrue(store.moveJob("job-1", Set.of(JobState.SUBMITTED), JobState.VALIDATING));
        assertTrue(store.replaceRequest("job-1", "{\"a\":3}"));
        assertEquals(Optional.of("{\"a\":3}"), store.request("job-1"));
        assertFalse(store.replaceRequest("job-2", "{}"), "no such job");
        assertTrue(store.request("job-2").isEmpty());
    }

    private Map<String, AttributeValue> item(String jobId, String sk) {
        return LocalDynamo.client().getItem(r -> r.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("JOB#" + jobId), "sk", AttributeValue.fromS(sk)))).item();
    }

    private Map<String, AttributeValue> requestItem(String jobId) {
        return LocalDynamo.client().getItem(r -> r.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("JOB#" + jobId), "sk", AttributeValue.fromS("REQUEST")))).item();
    }
}
