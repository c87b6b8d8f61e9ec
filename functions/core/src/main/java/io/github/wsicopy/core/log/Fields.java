package io.github.wsicopy.core.log;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The structured fields of a log line, each its own JSON member so an operator can filter on it (CloudWatch Logs
 * Insights: {@code filter jobId = "..." and region = "..."}). A null component is absent from the line.
 *
 * @param jobId     the job the line is about
 * @param region    the destination Region
 * @param account   the account the copies are made in, or the caller of the API
 * @param task      the task's key (source image and Region)
 * @param errorCode  a reason code or WorkSpaces error code
 * @param requestKey a CloudFormation request's key (stack, logical id, request id), for a resource's lines
 */
public record Fields(String jobId, String region, String account, String task, String errorCode, String requestKey) {
    public static final Fields NONE = new Fields(null, null, null, null, null, null);

    public static Fields request(String requestKey) {
        return NONE.requestKey(requestKey);
    }

    public static Fields job(String jobId) {
        return NONE.withJob(jobId);
    }

    public static Fields job(String jobId, String region) {
        return NONE.withJob(jobId).region(region);
    }

    public Fields withJob(String id) {
        return new Fields(id, region, account, task, errorCode, requestKey);
    }

    public Fields region(String value) {
        return new Fields(jobId, value, account, task, errorCode, requestKey);
    }

    public Fields account(String value) {
        return new Fields(jobId, region, value, task, errorCode, requestKey);
    }

    public Fields task(String value) {
        return new Fields(jobId, region, account, value, errorCode, requestKey);
    }

    public Fields errorCode(String value) {
        return new Fields(jobId, region, account, task, value, requestKey);
    }

    public Fields requestKey(String value) {
        return new Fields(jobId, region, account, task, errorCode, value);
    }

    /** The present fields by their JSON names, in a fixed order. */
    public Map<String, String> present() {
        Map<String, String> out = new LinkedHashMap<>();
        put(out, "jobId", jobId);
        put(out, "region", region);
        put(out, "account", account);
        put(out, "task", task);
        put(out, "errorCode", errorCode);
        put(out, "requestKey", requestKey);
        return out;
    }

    private static void put(Map<String, String> out, String name, String value) {
        if (value != null && !value.isEmpty()) {
            out.put(name, value);
        }
    }
}
