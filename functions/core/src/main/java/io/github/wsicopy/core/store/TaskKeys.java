package io.github.wsicopy.core.store;

/** The single table's keys, in one place (see docs/architecture.md). */
public final class TaskKeys {
    public static final String JOB_SK = "JOB";
    /** The job's request, apart from the job item: every task move rewrites the job item's counters. */
    public static final String REQUEST_SK = "REQUEST";
    /**
     * A running job's targets, beside its job item ({@code JOB_SK} is a prefix of it, so one Query reads both): kept
     * out of the job item, which every task move updates (its counters) inside a transaction billed by the item's
     * size, and which 200 targets would make 5 KB.
     */
    public static final String JOB_TARGETS_SK = "JOB#TARGETS";
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

    /** An image of the stack shared with another account (core.accounts.ImageShares): one item per target account. */
    public static final String SHARE_PREFIX = "SHARE#";
    public static final String SHARE_ACCOUNT_PREFIX = "ACCOUNT#";

    private TaskKeys() {}

    /** The shares of one source image: {@code SHARE#<sourceRegion>#<imageId>}. */
    public static String sharePk(String sourceRegion, String imageId) {
        return SHARE_PREFIX + sourceRegion + "#" + imageId;
    }

    /** Its share with one account: {@code ACCOUNT#<account>}. */
    public static String shareSk(String account) {
        return SHARE_ACCOUNT_PREFIX + account;
    }

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

    /** Every after-copy result of a job (core.finish): in the job's partition, apart from its tasks. */
    public static final String FINISH_PREFIX = "FINISH#";

    /** The after-copy results of one (account, Region) of a job: one Query on this prefix. */
    public static String finishPrefix(String account, String region) {
        return FINISH_PREFIX + account + "#" + region + "#";
    }

    /**
     * One after-copy result: {@code FINISH#<account>#<region>#<RETENTION|BUNDLE|PARAMETER>#<image id, bundle name or
     * parameter name>}, so each deletion, bundle and parameter of a Region is recorded once however often the step runs.
     */
    public static String finishKey(String account, String region, String kind, String subject) {
        return finishPrefix(account, region) + kind + "#" + subject;
    }
}
