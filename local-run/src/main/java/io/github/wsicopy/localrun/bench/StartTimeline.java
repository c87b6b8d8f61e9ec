package io.github.wsicopy.localrun.bench;

import io.github.wsicopy.core.model.SystemTags;
import io.github.wsicopy.core.model.Target;
import io.github.wsicopy.localrun.lambda.InvocationListener;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.workspaces.model.CopyWorkspaceImageRequest;

/**
 * When each target's copies started, as a deployed run would see it. The start phase runs in real time (the
 * rate limits are real-time token buckets) except for its Wait states, which the local run compresses; so a
 * target's time to its last start is the real time from the first StartCopies invocation of the job to the
 * target's last accepted CopyWorkspaceImage, plus the virtual seconds of the WAIT_THEN_START waits its loop took
 * before that call. Listens to the invoke server (waits) and to the copy function's WorkSpaces clients
 * (accepted calls). With many jobs at once, their waits run side by side, not one after another: a target's time
 * counts the waits of the job that made its last copy (named by the copy's {@code wsicopy:job-id} tag).
 *
 * <p>A target is a Region ({@link #StartTimeline(String)}: every call counted as the stack's account) or an
 * (account, Region) ({@link #StartTimeline(String, UnaryOperator, boolean)}: the account from the access key that
 * signed the call, and from the loop's input). When the run gives WaitBeforeStart its length in real time
 * ({@code Timing#withWait}), the waits are in the real time already and are not added again.
 */
public final class StartTimeline implements InvocationListener, ExecutionInterceptor {

    private static final String ANY_ACCOUNT = "";
    private static final ExecutionAttribute<String> ACCOUNT = new ExecutionAttribute<>("wsicopy.bench.account");

    private record Wait(long atNanos, long seconds) {}

    private record Start(long atNanos, String jobId) {}

    private final String copyFunction;
    private final UnaryOperator<String> accountOfAccessKey;
    private final boolean byAccount;
    private final boolean startWaitsInRealTime;
    private volatile long firstStartCopiesNanos = Long.MAX_VALUE;
    private final Map<Target, Start> lastStart = new ConcurrentHashMap<>();
    /** Waits by target, then by job. */
    private final Map<Target, Map<String, List<Wait>>> waits = new ConcurrentHashMap<>();

    /** @param copyFunction the logical id of the function the StartCopies state invokes; one target per Region */
    public StartTimeline(String copyFunction) {
        this(copyFunction, key -> ANY_ACCOUNT, false, false);
    }

    /**
     * @param accountOfAccessKey   the account whose credentials an access key is (the local STS issues them)
     * @param startWaitsInRealTime WaitBeforeStart takes its length in real time in this run
     */
    public StartTimeline(String copyFunction, UnaryOperator<String> accountOfAccessKey, boolean startWaitsInRealTime) {
        this(copyFunction, accountOfAccessKey, true, startWaitsInRealTime);
    }

    private StartTimeline(String copyFunction, UnaryOperator<String> accountOfAccessKey, boolean byAccount,
            boolean startWaitsInRealTime) {
        this.copyFunction = copyFunction;
        this.accountOfAccessKey = accountOfAccessKey;
        this.byAccount = byAccount;
        this.startWaitsInRealTime = startWaitsInRealTime;
    }

    @Override
    public synchronized void beforeInvoke(String function, Map<String, Object> input) {
        if (!copyFunction.equals(function) || !(input.get("targets") instanceof List<?> targets)
                || Boolean.TRUE.equals(input.get("finish"))) {
            return;
        }
        long now = System.nanoTime();
        firstStartCopiesNanos = Math.min(firstStartCopiesNanos, now);
        if ("WAIT_THEN_START".equals(input.get("next")) && input.get("nextWaitSeconds") instanceof BigDecimal n) {
            // The batch waited, so each of its targets did.
            String job = String.valueOf(input.get("jobId"));
            for (Object item : targets) {
                if (item instanceof Map<?, ?> target && target.get("region") instanceof String region) {
                    String account = byAccount && target.get("account") instanceof String a ? a : ANY_ACCOUNT;
                    waits.computeIfAbsent(new Target(account, region), t -> new ConcurrentHashMap<>())
                            .computeIfAbsent(job, j -> Collections.synchronizedList(new ArrayList<>()))
                            .add(new Wait(now, n.longValue()));
                }
            }
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (byAccount && isCopy(attributes)) {
            // "AWS4-HMAC-SHA256 Credential=<access key>/<date>/<region>/workspaces/aws4_request, ..."
            context.httpRequest().firstMatchingHeader("Authorization")
                    .filter(h -> h.contains("Credential="))
                    .map(h -> h.substring(h.indexOf("Credential=") + "Credential=".length()).split("/", 2)[0])
                    .ifPresent(key -> attributes.putAttribute(ACCOUNT, accountOfAccessKey.apply(key)));
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (isCopy(attributes)) {
            String job = context.request() instanceof CopyWorkspaceImageRequest copy
                    ? copy.tags().stream().filter(t -> SystemTags.JOB_ID.equals(t.key()))
                            .map(software.amazon.awssdk.services.workspaces.model.Tag::value).findFirst().orElse("")
                    : "";
            String account = byAccount ? String.valueOf(attributes.getAttribute(ACCOUNT)) : ANY_ACCOUNT;
            Target target = new Target(account, attributes.getAttribute(AwsExecutionAttribute.AWS_REGION).id());
            lastStart.merge(target, new Start(System.nanoTime(), job), (a, b) -> a.atNanos() >= b.atNanos() ? a : b);
        }
    }

    private static boolean isCopy(ExecutionAttributes attributes) {
        return "CopyWorkspaceImage".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }

    /** Seconds from the first StartCopies to {@code region}'s last accepted copy call (any account), waits included; 0 if none. */
    public synchronized double secondsToLastStart(String region) {
        return lastStart.keySet().stream().filter(t -> t.region().equals(region))
                .mapToDouble(this::secondsToLastStart).max().orElse(0);
    }

    /** Seconds from the first StartCopies to the target's last accepted copy call, its waits included; 0 if none. */
    public synchronized double secondsToLastStart(Target target) {
        Start last = lastStart.get(target);
        if (last == null) {
            return 0;
        }
        List<Wait> itsWaits = waits.getOrDefault(target, Map.of()).getOrDefault(last.jobId(), List.of());
        long waited;
        synchronized (itsWaits) {
            waited = itsWaits.stream().filter(w -> w.atNanos() <= last.atNanos()).mapToLong(Wait::seconds).sum();
        }
        return (last.atNanos() - firstStartCopiesNanos) / 1e9 + (startWaitsInRealTime ? 0 : waited);
    }

    /** The targets that started a copy. */
    public synchronized Set<Target> started() {
        return new TreeSet<>(lastStart.keySet());
    }

    /** Virtual seconds of WAIT_THEN_START waits taken in {@code region} (any account). */
    public synchronized long startWaitSeconds(String region) {
        long total = 0;
        for (Map.Entry<Target, Map<String, List<Wait>>> target : waits.entrySet()) {
            if (target.getKey().region().equals(region)) {
                total += startWaitSeconds(target.getKey());
            }
        }
        return total;
    }

    /** Virtual seconds of WAIT_THEN_START waits the target's loops took. */
    public synchronized long startWaitSeconds(Target target) {
        long total = 0;
        for (List<Wait> job : waits.getOrDefault(target, Map.of()).values()) {
            synchronized (job) {
                total += job.stream().mapToLong(Wait::seconds).sum();
            }
        }
        return total;
    }
}
