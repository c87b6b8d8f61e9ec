package io.github.wsicopy.core.store;

import static io.github.wsicopy.core.store.Items.n;
import static io.github.wsicopy.core.store.Items.s;

import io.github.wsicopy.core.TransientFailure;
import io.github.wsicopy.core.model.Reason;
import io.github.wsicopy.core.model.Target;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Jobs and their tasks in one DynamoDB table. Every state change is a conditional write on the state the
 * caller expects, so a retried or duplicated invocation can neither move a task backwards nor start it twice;
 * a task's move and the job's counters change in one transaction, so the counters always equal the tasks.
 */
public final class JobStore {
    private static final int BATCH_WRITE_MAX = 25;
    private static final int CONFLICT_ATTEMPTS = 6;

    private final DynamoDbClient db;
    private final String table;
    private final Clock clock;

    public JobStore(DynamoDbClient db, String table, Clock clock) {
        this.db = db;
        this.table = table;
        this.clock = clock;
    }

    /** Paged listings of jobs and tasks. */
    public JobListing listing() {
        return new JobListing(db, table);
    }

    /** Idempotency keys of the API (and of retries). */
    public IdempotencyKeys idempotencyKeys() {
        return new IdempotencyKeys(db, table, clock);
    }

    /** The table's client, for the other records kept in the same table (CloudFormation's answers). */
    public DynamoDbClient dynamo() {
        return db;
    }

    /** The account-wide record of which copy of each source image lives in each (account, Region). */
    public ReplicaLedger replicas() {
        return new ReplicaLedger(db, table, clock);
    }

    /** Region snapshots that concurrent validations share (see {@link RegionSnapshots}). */
    public RegionSnapshots snapshots(java.time.Duration maxAge, boolean mayRefresh) {
        return new RegionSnapshots(db, table, clock, maxAge, mayRefresh);
    }

    /** The locks that keep two runs of one replication policy from overlapping. */
    public PolicyLocks policyLocks() {
        return new PolicyLocks(db, table, clock);
    }

    /** Replication policies stored through the API (their documents and schedules). */
    public PolicyDefinitions policyDefinitions() {
        return new PolicyDefinitions(db, table);
    }

    public Optional<Job> job(String jobId) {
        // The job item and its targets item (TaskKeys.JOB_TARGETS_SK) in one read.
        List<Map<String, AttributeValue>> items = db.query(r -> r.tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :job)")
                .expressionAttributeValues(Map.of(":pk", s(TaskKeys.jobPk(jobId)), ":job", s(TaskKeys.JOB_SK))))
                .items();
        Map<String, AttributeValue> job = null;
        Map<String, AttributeValue> targets = null;
        for (Map<String, AttributeValue> item : items) {
            String sk = item.get("sk").s();
            if (sk.equals(TaskKeys.JOB_SK)) {
                job = item;
            } else if (sk.equals(TaskKeys.JOB_TARGETS_SK)) {
                targets = item;
            }
        }
        if (job == null) {
            return Optional.empty();
        }
        if (targets != null && targets.containsKey("targets")) {
            job = new LinkedHashMap<>(job);
            job.put("targets", targets.get("targets"));
        }
        return Optional.of(Items.job(job));
    }

    /**
     * Stores a new SUBMITTED job, or returns the one already stored under this id: creating is idempotent,
     * so a redelivered start never makes a second job.
     */
    public Job createJob(String jobId, String requestJson, Instant expiresAt) {
        return createJob(jobId, requestJson, expiresAt, JobOrigin.REQUESTED);
    }

    /** {@link #createJob(String, String, Instant)} for a job that a policy or a retry started. */
    public Job createJob(String jobId, String requestJson, Instant expiresAt, JobOrigin origin) {
        Instant now = clock.instant();
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", s(TaskKeys.jobPk(jobId)));
        item.put("sk", s(TaskKeys.JOB_SK));
        item.put("jobId", s(jobId));
        item.put("state", s(JobState.SUBMITTED.name()));
        item.put("createdAt", s(now.toString()));
        item.put("updatedAt", s(now.toString()));
        item.put("gsi1pk", s(TaskKeys.JOBS_GSI_PK));
        item.put("gsi1sk", s(now + "#" + jobId));
        item.put("expiresAt", n(expiresAt.getEpochSecond()));
        Items.putOrigin(item, origin);
        for (TaskState state : TaskState.values()) {
            item.put(state.counter(), n(0));
        }
        Map<String, AttributeValue> request = new LinkedHashMap<>();
        request.put("pk", s(TaskKeys.jobPk(jobId)));
        request.put("sk", s(TaskKeys.REQUEST_SK));
        request.put("request", s(requestJson));
        request.put("expiresAt", n(expiresAt.getEpochSecond()));
        // false: someone (an earlier delivery) created it, and that job is the one returned
        transactIfConditionsHold("create job " + jobId,
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(pk)")).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(request)
                        .conditionExpression("attribute_not_exists(pk)")).build());
        return job(jobId).orElseThrow(() -> new IllegalStateException("job " + jobId + " vanished after create"));
    }

    /** The request the job was created with (or the one its policy run resolved to), as JSON. */
    public Optional<String> request(String jobId) {
        Map<String, AttributeValue> item = db.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(TaskKeys.jobPk(jobId), TaskKeys.REQUEST_SK))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Items.opt(item, "request");
    }

    /** Moves the job if it is in one of the expected states; false when it was not. */
    public boolean moveJob(String jobId, Set<JobState> from, JobState to) {
        return updateJob(jobId, from, to, Map.of(), List.of());
    }

    /** Ends the job FAILED with a message (and the request's field errors, when that was the cause). */
    public boolean failJob(String jobId, Set<JobState> from, String error, Optional<String> validationErrors) {
        Map<String, AttributeValue> sets = new LinkedHashMap<>();
        sets.put("error", s(error));
        validationErrors.ifPresent(v -> sets.put("validationErrors", s(v)));
        sets.put("finishedAt", s(clock.instant().toString()));
        return updateJob(jobId, from, JobState.FAILED, sets, List.of());
    }

    /** Ends the job in its final state and starts its retention clock (TTL). */
    public boolean finishJob(String jobId, Set<JobState> from, JobState to, Optional<String> error, Instant expiresAt) {
        Map<String, AttributeValue> sets = new LinkedHashMap<>();
        error.ifPresent(e -> sets.put("error", s(e)));
        sets.put("finishedAt", s(clock.instant().toString()));
        sets.put("expiresAt", n(expiresAt.getEpochSecond()));
        return updateJob(jobId, from, to, sets, List.of());
    }

    /**
     * Ends the job without copying anything, with a note that says why (a policy run with nothing to do, or
     * one that found its policy's previous run still active), and starts its retention clock.
     */
    public boolean endJob(String jobId, Set<JobState> from, JobState to, String note, Instant expiresAt) {
        Map<String, AttributeValue> sets = new LinkedHashMap<>();
        sets.put("note", s(note));
        sets.put("finishedAt", s(clock.instant().toString()));
        sets.put("expiresAt", n(expiresAt.getEpochSecond()));
        return updateJob(jobId, from, to, sets, List.of());
    }

    /** Replaces the request of a VALIDATING job: a policy run stores the request its selector resolved to. */
    public boolean replaceRequest(String jobId, String requestJson) {
        return transactIfConditionsHold("store the resolved request of job " + jobId,
                TransactWriteItem.builder().update(u -> u.tableName(table).key(key(TaskKeys.jobPk(jobId), TaskKeys.JOB_SK))
                        .updateExpression("SET updatedAt = :now")
                        .conditionExpression("#state = :validating")
                        .expressionAttributeNames(Map.of("#state", "state"))
                        .expressionAttributeValues(Map.of(":now", s(clock.instant().toString()),
                                ":validating", s(JobState.VALIDATING.name())))).build(),
                TransactWriteItem.builder().update(u -> u.tableName(table)
                        .key(key(TaskKeys.jobPk(jobId), TaskKeys.REQUEST_SK))
                        .updateExpression("SET #request = :request")
                        .conditionExpression("attribute_exists(pk)")
                        .expressionAttributeNames(Map.of("#request", "request")) // a reserved word
                        .expressionAttributeValues(Map.of(":request", s(requestJson)))).build());
    }

    /** Sets the TTL of a job that is already final (for example one that validation failed). */
    public void expireAt(String jobId, Instant expiresAt) {
        AttributeValue at = n(expiresAt.getEpochSecond());
        boolean set = transactIfConditionsHold("set the expiry of job " + jobId, withCompanions(
                TransactWriteItem.builder().update(u -> u.tableName(table).key(key(TaskKeys.jobPk(jobId), TaskKeys.JOB_SK))
                        .updateExpression("SET expiresAt = :e")
                        .conditionExpression("attribute_exists(pk)")
                        .expressionAttributeValues(Map.of(":e", at))).build(), jobId, at));
        if (!set) {
            throw new IllegalStateException("no job " + jobId + " to set the expiry of");
        }
    }

    /**
     * The request and targets items expire with their job, so a job never outlives the request and targets it shows
     * and they never outlive it. Unconditional: a job whose item is gone (or never had targets) still ends; the
     * stand-in item holds only the expiry, and expires too. Returns the job item's update and theirs, for one
     * transaction.
     */
    private TransactWriteItem[] withCompanions(TransactWriteItem job, String jobId, AttributeValue expiresAt) {
        Stream<TransactWriteItem> companions = Stream.of(TaskKeys.REQUEST_SK, TaskKeys.JOB_TARGETS_SK)
                .map(sk -> TransactWriteItem.builder().update(u -> u.tableName(table).key(key(TaskKeys.jobPk(jobId), sk))
                        .updateExpression("SET expiresAt = :e")
                        .expressionAttributeValues(Map.of(":e", expiresAt))).build());
        return Stream.concat(Stream.of(job), companions).toArray(TransactWriteItem[]::new);
    }

    /** Records that the job's notification went out; false if an earlier delivery already did it. */
    public boolean markNotified(String jobId) {
        try {
            db.updateItem(r -> r.tableName(table).key(key(TaskKeys.jobPk(jobId), TaskKeys.JOB_SK))
                    .updateExpression("SET notifiedAt = :now")
                    .conditionExpression("attribute_exists(pk) AND attribute_not_exists(notifiedAt)")
                    .expressionAttributeValues(Map.of(":now", s(clock.instant().toString()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Writes the planned tasks of a VALIDATING job. Tasks do not move before the job runs, so a repeated
     * validation may simply overwrite them with its own plan.
     */
    public void putTasks(String jobId, List<CopyTask> tasks, Instant expiresAt) {
        requireState(jobId, JobState.VALIDATING);
        List<WriteRequest> writes = new ArrayList<>();
        for (CopyTask task : tasks) {
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Items.taskItem(task, expiresAt)).build()).build());
        }
        for (int from = 0; from < writes.size(); from += BATCH_WRITE_MAX) {
            List<WriteRequest> batch = writes.subList(from, Math.min(from + BATCH_WRITE_MAX, writes.size()));
            Map<String, List<WriteRequest>> pending = Map.of(table, batch);
            for (int attempt = 0; !pending.isEmpty(); attempt++) {
                if (attempt >= CONFLICT_ATTEMPTS) {
                    throw new TransientFailure("DynamoDB kept returning unprocessed task writes for job " + jobId);
                }
                if (attempt > 0) {
                    backoff(attempt);
                }
                Map<String, List<WriteRequest>> request = pending;
                pending = db.batchWriteItem(r -> r.requestItems(request)).unprocessedItems();
            }
        }
    }

    /**
     * VALIDATING → RUNNING, with counters taken from the stored tasks themselves (not from the plan in
     * memory), so they are right even when an earlier, crashed validation wrote some of the tasks.
     */
    public Job startJob(String jobId, List<Target> targets) {
        Counts counts = Counts.of(tasks(jobId));
        Map<String, AttributeValue> sets = new LinkedHashMap<>();
        for (TaskState state : TaskState.values()) {
            sets.put(state.counter(), n(counts.get(state)));
        }
        // Written before the job is RUNNING, so whoever sees it running finds its targets.
        Map<String, AttributeValue> expiry = db.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(TaskKeys.jobPk(jobId), TaskKeys.JOB_SK)).projectionExpression("expiresAt")).item();
        Map<String, AttributeValue> targetsItem = new LinkedHashMap<>();
        targetsItem.put("pk", s(TaskKeys.jobPk(jobId)));
        targetsItem.put("sk", s(TaskKeys.JOB_TARGETS_SK));
        targetsItem.put("targets", AttributeValue.fromL(targets.stream().map(t -> Items.s(t.key())).toList()));
        if (expiry != null && expiry.containsKey("expiresAt")) {
            targetsItem.put("expiresAt", expiry.get("expiresAt"));
        }
        db.putItem(r -> r.tableName(table).item(targetsItem));
        if (!updateJob(jobId, Set.of(JobState.VALIDATING), JobState.RUNNING, sets, List.of())) {
            throw new IllegalStateException("job " + jobId + " was not VALIDATING when its tasks were written");
        }
        return job(jobId).orElseThrow();
    }

    /** One task, by its job and sort key. */
    public Optional<CopyTask> task(String jobId, String sortKey) {
        Map<String, AttributeValue> item = db.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(TaskKeys.jobPk(jobId), sortKey))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(Items.task(item));
    }

    public List<CopyTask> tasks(String jobId) {
        return query(jobId, "TASK#");
    }

    /** The job's tasks in one target (account and destination Region). */
    public List<CopyTask> tasks(String jobId, Target target) {
        return query(jobId, TaskKeys.targetPrefix(target.account(), target.region()));
    }

    /**
     * Moves one task from the state it is in (as the caller saw it) and the job's counters with it, in one
     * transaction. Returns the moved task, or empty when the task was no longer in that state: someone else
     * moved it, and the caller must leave it alone. A claim (to STARTING) also needs the job RUNNING, so a
     * cancelled or ended job starts no copy; it returns empty too.
     */
    public Optional<CopyTask> transition(CopyTask task, Transition change) {
        return switch (transition(task, change, List.of())) {
            case Moved moved -> Optional.of(moved.task());
            case TaskMoved ignored -> Optional.empty();
            case LedgerMoved ignored -> Optional.empty();
        };
    }

    /** What a task move together with writes to other items came to. */
    public sealed interface MoveOutcome permits Moved, TaskMoved, LedgerMoved {}

    /** Everything was written. */
    public record Moved(CopyTask task) implements MoveOutcome {}

    /** The task was no longer in its state (or, for a claim, the job no longer RUNNING): nothing was written. */
    public record TaskMoved() implements MoveOutcome {}

    /** A write alongside the task's (the replica ledger's) found its item changed: nothing was written. */
    public record LedgerMoved() implements MoveOutcome {}

    /**
     * Claims {@code task} (PENDING → STARTING) and, in the same transaction, its pair in the replica ledger,
     * conditional on the ledger record still being as {@code seen}. Either both hold or neither.
     */
    public MoveOutcome claim(CopyTask task, String account, Optional<io.github.wsicopy.core.model.Replica> seen,
            Instant leaseUntil) {
        return transition(task, Transition.claim(), List.of(replicas().claimItem(account, task, seen, leaseUntil)));
    }

    /**
     * Records the copy a claimed task started (STARTING → COPYING) and, in the same transaction, in the ledger.
     * {@link LedgerMoved} means the ledger no longer names this job's claim.
     */
    public MoveOutcome recordCopy(CopyTask task, String account, String imageId, Optional<String> replacedErrorCopy) {
        return transition(task, Transition.copying(imageId).replacing(replacedErrorCopy),
                List.of(replicas().copyStartedItem(account, task, imageId)));
    }

    private MoveOutcome transition(CopyTask task, Transition change, List<TransactWriteItem> alongside) {
        Instant now = clock.instant();
        TaskState from = task.state();
        StringBuilder set = new StringBuilder("SET #state = :to, updatedAt = :now");
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        values.put(":to", s(change.to().name()));
        values.put(":from", s(from.name()));
        values.put(":now", s(now.toString()));
        List<String> removes = new ArrayList<>();
        if (change.to() == TaskState.STARTING) {
            set.append(", claimedAt = :now, attempts = attempts + :one");
            values.put(":one", n(1));
        }
        change.destinationImageId().ifPresent(id -> {
            set.append(", destinationImageId = :img");
            values.put(":img", s(id));
        });
        if (change.reason().isPresent()) {
            set.append(", reason = :reason");
            values.put(":reason", s(change.reason().get()));
        } else {
            removes.add("reason");
        }
        change.copiedByJob().ifPresent(other -> {
            set.append(", copiedByJob = :other");
            values.put(":other", s(other));
        });
        change.replacedErrorCopy().ifPresent(copy -> {
            set.append(", replacedErrorCopy = :replaced");
            values.put(":replaced", s(copy));
        });
        if (change.reasonCode().isPresent()) {
            set.append(", reasonCode = :code, reasonParams = :params");
            values.put(":code", s(change.reasonCode().get().name()));
            values.put(":params", s(Reason.paramsToJson(change.reasonParams().orElseThrow())));
        } else {
            removes.add("reasonCode");
            removes.add("reasonParams");
        }
        String expression = set + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes));

        Update taskUpdate = Update.builder().tableName(table)
                .key(key(TaskKeys.jobPk(task.jobId()), task.sortKey()))
                .updateExpression(expression)
                .conditionExpression("#state = :from")
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(values)
                .build();
        // A claim needs the job RUNNING: once a job is cancelled (or ended), no new copy can start, even by an
        // invocation that read the job before the cancel.
        boolean claim = change.to() == TaskState.STARTING;
        Map<String, String> counterNames = new LinkedHashMap<>(Map.of("#from", from.counter(), "#to", change.to().counter()));
        Map<String, AttributeValue> counterValues = new LinkedHashMap<>(
                Map.of(":minus", n(-1), ":plus", n(1), ":now", s(now.toString())));
        if (claim) {
            counterNames.put("#jobState", "state");
            counterValues.put(":running", s(JobState.RUNNING.name()));
        }
        TransactWriteItem counters = TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(TaskKeys.jobPk(task.jobId()), TaskKeys.JOB_SK))
                .updateExpression("ADD #from :minus, #to :plus SET updatedAt = :now")
                .conditionExpression(claim ? "attribute_exists(pk) AND #jobState = :running" : "attribute_exists(pk)")
                .expressionAttributeNames(counterNames)
                .expressionAttributeValues(counterValues)
                .build()).build();
        for (int attempt = 0; ; attempt++) {
            // A fresh token per attempt: the SDK resends the same one when an answer is lost, so DynamoDB
            // applies the counters once; a second delivery of the same move gets its own token and fails
            // its condition, as it must.
            String token = UUID.randomUUID().toString();
            List<TransactWriteItem> items = new ArrayList<>();
            items.add(TransactWriteItem.builder().update(taskUpdate).build());
            items.add(counters);
            items.addAll(alongside);
            try {
                db.transactWriteItems(r -> r.clientRequestToken(token).transactItems(items));
                return new Moved(moved(task, change, now));
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                if (conditionFailed(e)) {
                    // the task moved, or (for a claim) the job is no longer RUNNING; else the ledger moved
                    boolean ownItems = reasons.size() < 2 || failed(reasons.get(0)) || failed(reasons.get(1));
                    return ownItems ? new TaskMoved() : new LedgerMoved();
                }
                boolean conflict = reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
                if (!conflict || attempt + 1 >= CONFLICT_ATTEMPTS) {
                    throw new TransientFailure("could not move task " + task.sortKey() + " of job " + task.jobId()
                            + " to " + change.to() + ": " + reasons, e);
                }
                backoff(attempt + 1);
            }
        }
    }

    private static CopyTask moved(CopyTask task, Transition change, Instant now) {
        boolean claim = change.to() == TaskState.STARTING;
        return new CopyTask(task.jobId(), task.sourceImageId(), task.sourceRegion(), task.destinationAccount(),
                task.destinationRegion(),
                task.destinationName(), task.destinationDescription(), task.tags(), change.to(),
                change.reasonCode(), change.reason(),
                change.destinationImageId().or(task::destinationImageId),
                claim ? task.attempts() + 1 : task.attempts(),
                claim ? Optional.of(now) : task.claimedAt(),
                now,
                change.copiedByJob().or(task::copiedByJob),
                change.replacedErrorCopy().or(task::replacedErrorCopy),
                change.reasonParams());
    }

    private boolean updateJob(String jobId, Set<JobState> from, JobState to, Map<String, AttributeValue> sets,
            List<String> removes) {
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        names.put("#state", "state");
        StringBuilder expression = new StringBuilder("SET #state = :to, updatedAt = :now");
        values.put(":to", s(to.name()));
        values.put(":now", s(clock.instant().toString()));
        int i = 0;
        for (Map.Entry<String, AttributeValue> entry : sets.entrySet()) {
            names.put("#a" + i, entry.getKey());
            values.put(":a" + i, entry.getValue());
            expression.append(", #a").append(i).append(" = :a").append(i);
            i++;
        }
        if (!removes.isEmpty()) {
            expression.append(" REMOVE ").append(String.join(", ", removes));
        }
        List<String> expected = new ArrayList<>();
        int j = 0;
        for (JobState state : from) {
            values.put(":from" + j, s(state.name()));
            expected.add(":from" + j);
            j++;
        }
        String condition = "#state IN (" + String.join(", ", expected) + ")";
        AttributeValue expiresAt = sets.get("expiresAt");
        if (expiresAt == null) { // one item: a plain conditional update, at half a transaction's write cost
            try {
                db.updateItem(r -> r.tableName(table).key(key(TaskKeys.jobPk(jobId), TaskKeys.JOB_SK))
                        .updateExpression(expression.toString()).conditionExpression(condition)
                        .expressionAttributeNames(names).expressionAttributeValues(values));
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        }
        return transactIfConditionsHold("move job " + jobId + " to " + to, withCompanions(
                TransactWriteItem.builder().update(u -> u.tableName(table).key(key(TaskKeys.jobPk(jobId), TaskKeys.JOB_SK))
                        .updateExpression(expression.toString()).conditionExpression(condition)
                        .expressionAttributeNames(names).expressionAttributeValues(values)).build(), jobId, expiresAt));
    }

    /**
     * Writes the items in one transaction; false when a condition failed (nothing was written). Any other
     * cancellation (a conflict with a concurrent transaction) is a transient failure: the step is retried.
     */
    private boolean transactIfConditionsHold(String what, TransactWriteItem... items) {
        try {
            db.transactWriteItems(r -> r.transactItems(items));
            return true;
        } catch (TransactionCanceledException e) {
            if (conditionFailed(e)) {
                return false;
            }
            throw new TransientFailure("could not " + what + ": " + e.cancellationReasons(), e);
        }
    }

    private static boolean failed(CancellationReason reason) {
        return "ConditionalCheckFailed".equals(reason.code());
    }

    private static boolean conditionFailed(TransactionCanceledException e) {
        return e.cancellationReasons().stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()));
    }

    private void requireState(String jobId, JobState state) {
        JobState actual = job(jobId).map(Job::state).orElse(null);
        if (actual != state) {
            throw new IllegalStateException("job " + jobId + " is " + actual + ", expected " + state);
        }
    }

    private List<CopyTask> query(String jobId, String prefix) {
        List<CopyTask> tasks = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest request = QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                    .expressionAttributeValues(Map.of(":pk", s(TaskKeys.jobPk(jobId)), ":prefix", s(prefix)))
                    .exclusiveStartKey(start)
                    .build();
            QueryResponse page = db.query(request);
            page.items().forEach(item -> tasks.add(Items.task(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return tasks;
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", s(pk), "sk", s(sk));
    }

    /** Sleeps before attempt {@code attempt} of a repeated DynamoDB write or read (exponential, jittered). */
    static void backoff(int attempt) {
        long millis = (long) (Math.min(1000, 25L << attempt) * (0.5 + Math.random() / 2));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure("interrupted while backing off");
        }
    }
}
