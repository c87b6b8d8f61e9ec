package io.github.wsicopy.core.workflow;

/**
 * The largest state payload of a job's parent execution, against Step Functions' 256 KB limit (UTF-8 bytes of the
 * JSON a state passes on). Task lists live in the table; what grows with a job is Validate's output, which lists the
 * job's (account, Region) targets in batches ({@link Batches}) for the Distributed Map to take its items from. Every state up to the Map carries
 * it, and after a caught failure of the Map, NotifyFailure's input is that output plus the error. The Map's own
 * result (one empty output per child, dropped by {@code ResultPath: null}) must fit too. Pure; the counterpart of
 * {@link HistoryBudget} for payloads.
 */
public final class PayloadBudget {
    /** A state's input or output may not exceed this many bytes. */
    public static final int PAYLOAD_LIMIT_BYTES = 256 * 1024;
    /** An account id: 12 digits. */
    static final int ACCOUNT_ID_LENGTH = 12;
    /** The Region names WorkSpaces has today are at most this long ({@code ap-southeast-2}). */
    public static final int WORKSPACES_REGION_LENGTH = 14;
    /** {@code {"account":"","region":""}}: one target without its two values. */
    static final int TARGET_FRAME = "{\"account\":\"\",\"region\":\"\"}".length();
    /** {@code ,"batches":[]}: the member without its items. */
    static final int TARGETS_MEMBER_FRAME = ",\"batches\":[]".length();
    /** {@code []}: a batch's own brackets; at most one batch per target (batches of one). */
    static final int BATCH_FRAME = "[]".length();
    /**
     * Validate's output without its targets: job id, state, up to 30 Regions, hasWork and counts. An upper bound,
     * checked against the largest such output in PayloadBudgetTest.
     */
    static final int VALIDATE_FRAME = 2_048;
    /** Step Functions bounds a caught error's name at 256 characters and its cause at 32,768. */
    static final int ERROR_NAME_LENGTH = 256;
    static final int ERROR_CAUSE_LENGTH = 32_768;
    /** A control character escaped as backslash, u and four hex digits takes 6 bytes: no character of a JSON string takes more. */
    static final int MAX_BYTES_PER_CHARACTER = 6;
    /** {@code ,"error":{"Error":"...","Cause":"..."}} at its longest: the Map's Catch adds it at {@code $.error}. */
    static final int ERROR_MEMBER = ",\"error\":{\"Error\":\"\",\"Cause\":\"\"}".length()
            + MAX_BYTES_PER_CHARACTER * (ERROR_NAME_LENGTH + ERROR_CAUSE_LENGTH);

    private PayloadBudget() {}

    /**
     * The {@code "batches"} member of Validate's output: {@code targets} items whose Regions have {@code regionLength}
     * characters, at its largest (a batch for each target).
     */
    public static long targetsMemberBytes(int targets, int regionLength) {
        long items = (long) targets * (TARGET_FRAME + ACCOUNT_ID_LENGTH + regionLength + BATCH_FRAME);
        return TARGETS_MEMBER_FRAME + items + Math.max(targets - 1, 0);
    }

    /** The largest payload of a job with {@code targets} targets: NotifyFailure's input after the Map failed. */
    public static long largestPayloadBytes(int targets, int regionLength) {
        return VALIDATE_FRAME + targetsMemberBytes(targets, regionLength) + ERROR_MEMBER;
    }

    /** The Map's gathered result: {@code [{},{},...]}, one empty object per child execution. */
    public static long mapResultBytes(int targets) {
        return 2L + 2L * targets + Math.max(targets - 1, 0);
    }

    /** The most targets whose largest payload and Map result fit within the limit. */
    public static int maxTargets(int regionLength) {
        long perTarget = TARGET_FRAME + ACCOUNT_ID_LENGTH + regionLength + BATCH_FRAME + 1L;
        long room = PAYLOAD_LIMIT_BYTES - VALIDATE_FRAME - ERROR_MEMBER - TARGETS_MEMBER_FRAME + 1L;
        return (int) Math.max(room / perTarget, 0);
    }
}
