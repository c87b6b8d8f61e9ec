package io.github.wsicopy.localrun.bench;

import io.github.wsicopy.localrun.lambda.InvocationListener;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * When each Region's copies started, as a deployed run would see it. The start phase runs in real time (the
 * rate limits are real-time token buckets) except for its Wait states, which the local run compresses; so a
 * Region's time to its last start is the real time from the first StartCopies invocation of the job to the
 * Region's last accepted CopyWorkspaceImage, plus the virtual seconds of the WAIT_THEN_START waits it took
 * before that call. Listens to the invoke server (waits) and to the copy function's WorkSpaces clients
 * (accepted calls). With many jobs at once, their waits run side by side, not one after another: a Region's time
 * counts the waits of the job that made its last copy (named by the copy's {@code wsicopy:job-id} tag).
 */
public final class StartTimeline implements InvocationListener, ExecutionInterceptor {

    private record Wait(long atNanos, long seconds) {}

    private final String copyFunction;
    private volatile long firstStartCopiesNanos = Long.MAX_VALUE;
    private record Start(long atNanos, String jobId) {}

    private final Map<String, Start> lastStart = new ConcurrentHashMap<>();
    /** Waits by Region, then by job. */
    private final Map<String, Map<String, List<Wait>>> waits = new ConcurrentHashMap<>();

    /** @param copyFunction the logical id of the function the StartCopies state invokes */
    public StartTimeline(String copyFunction) {
        this.copyFunction = copyFunction;
    }

    @Override
    public synchronized void beforeInvoke(String function, Map<String, Object> input) {
        if (!copyFunction.equals(function) || !(input.get("region") instanceof String region)) {
            return;
        }
        long now = System.nanoTime();
        firstStartCopiesNanos = Math.min(firstStartCopiesNanos, now);
        if ("WAIT_THEN_START".equals(input.get("next")) && input.get("nextWaitSeconds") instanceof BigDecimal n) {
            String job = String.valueOf(input.get("jobId"));
            waits.computeIfAbsent(region, r -> new ConcurrentHashMap<>())
                    .computeIfAbsent(job, j -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(new Wait(now, n.longValue()));
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if ("CopyWorkspaceImage".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
            String job = context.request() instanceof software.amazon.awssdk.services.workspaces.model.CopyWorkspaceImageRequest copy
                    ? copy.tags().stream().filter(t -> io.github.wsicopy.core.model.SystemTags.JOB_ID.equals(t.key()))
                            .map(software.amazon.awssdk.services.workspaces.model.Tag::value).findFirst().orElse("")
                    : "";
            Start start = new Start(System.nanoTime(), job);
            lastStart.merge(attributes.getAttribute(AwsExecutionAttribute.AWS_REGION).id(), start,
                    (a, b) -> a.atNanos() >= b.atNanos() ? a : b);
        }
    }

    /** Seconds from the first StartCopies to {@code region}'s last accepted copy call, waits included; 0 if none. */
    public synchronized double secondsToLastStart(String region) {
        Start last = lastStart.get(region);
        if (last == null) {
            return 0;
        }
        List<Wait> itsWaits = waits.getOrDefault(region, Map.of()).getOrDefault(last.jobId(), List.of());
        long waited;
        synchronized (itsWaits) {
            waited = itsWaits.stream().filter(w -> w.atNanos() <= last.atNanos()).mapToLong(Wait::seconds).sum();
        }
        return (last.atNanos() - firstStartCopiesNanos) / 1e9 + waited;
    }

    /** Virtual seconds of WAIT_THEN_START waits taken in {@code region}. */
    public synchronized long startWaitSeconds(String region) {
        long total = 0;
        for (List<Wait> job : waits.getOrDefault(region, Map.of()).values()) {
            synchronized (job) {
                total += job.stream().mapToLong(Wait::seconds).sum();
            }
        }
        return total;
    }
}
