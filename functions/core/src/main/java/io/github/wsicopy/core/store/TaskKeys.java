package io.github.wsicopy.core.store;

/** The single table's keys, in one place (see docs/architecture.md). */
public final class TaskKeys {
    public static final String JOB_SK = "JOB";
    /** The job's request, apart from the job item: every task move rewrites the job item's counters. */
    public static final String REQUEST_SK = "REQUEST";
    public static final String JOBS_GSI = "gsi1";
    public static final String JOBS_GSI_PK = "JOBS";
    public static final String IDEMPOTENCY_PREFIX = "IDEMPOTENCY#";
    public static final String IDEMPOTENCY_SK = "IDEMPOTENCY";
    public static final String POLICY_PREFIX = "POLICY#";
    public static final String POLICY_SK = "POLICY";
    /** A policy stored through the API, beside its run lock ({@code POLICY_SK}) in the same partition. */
    public static final String POLICY_DEFINITION_SK = "DEFINITION";
    /** Stored policies in {@code gsi1}, by policy id. */
    public static final String POLICIES_GSI_PK = "POLICIES";

    private TaskKeys() {}

    public static String jobPk(String jobId) {
        return "JOB#" + jobId;
    }

    /** A target's tasks: one Query on {@code TASK#<account>#<region>#}. */
    public static String targetPrefix(String account, String region) {
        return "TASK#" + account + "#" + region + "#";
    }

    public static String sortKey(String account, String region, String sourceImageId) {
        return targetPrefix(account, region) + sourceImageId;
    }
}
