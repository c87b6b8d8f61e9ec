package io.github.wsicopy.localrun.bench;

import static io.github.wsicopy.localrun.bench.Figures.compact;
import static io.github.wsicopy.localrun.bench.Figures.f2;
import static io.github.wsicopy.localrun.bench.Figures.f3;
import static io.github.wsicopy.localrun.bench.Figures.met;
import static io.github.wsicopy.localrun.bench.Figures.usd;

import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.model.SystemTags;
import io.github.wsicopy.core.model.Target;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.workflow.HistoryBudget;
import io.github.wsicopy.core.workflow.PayloadBudget;
import io.github.wsicopy.local.LocalOrganization;
import io.github.wsicopy.local.workspaces.EmulatedImage;
import io.github.wsicopy.local.workspaces.EmulatorConfig;
import io.github.wsicopy.local.workspaces.ImageSeed;
import io.github.wsicopy.localrun.demo.StopOnExit;
import io.github.wsicopy.localrun.sfn.Execution;
import io.github.wsicopy.localrun.sfn.ExecutionResult;
import io.github.wsicopy.localrun.sfn.Histories;
import io.github.wsicopy.localrun.sfn.Timing;
import io.github.wsicopy.localrun.stack.LocalStack;
import io.github.wsicopy.localrun.stack.SdkCallCounter;
import io.github.wsicopy.localrun.stack.StackOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code make bench-org}: issue #12's organization-scale benchmark. One job copies {@link #IMAGES} images of the
 * stack's account to {@link #ACCOUNTS} other accounts of its organization (every one with the target-account role)
 * × {@value #REGION_COUNT} Regions through the real state machine (its Distributed Map run inline), the four
 * functions in the invoke server, DynamoDB Local, and the WorkSpaces emulator at the documented 2 calls/s, burst 5,
 * per (account, Region), copies taking 20–60 virtual minutes. The baseline, from the same run: the same images to
 * the same Regions in the stack's own account only (no share, no role), on a stack of its own.
 *
 * <p>Measures per copy: WorkSpaces, STS and DynamoDB calls, state transitions (the parent's and its children's:
 * the interpreter runs the Map inline, so its count holds both), Lambda invocations; the largest history per
 * execution (the parent's, and the largest child's) against 25,000 events, the largest state payload against
 * 256 KB, the cost per 1,000 copies ({@link Prices}), and the time until the last copy started against the floor
 * (the busiest (account, Region) at its own rate, plus the shares at the source's rate). Writes
 * {@code target/bench/org.json} and {@code org.md} and prints the table.
 *
 * <p>A benchmark, not a test: exits 0 when both jobs ran to their end with one copy per (account, Region, image),
 * whatever the numbers; 1 otherwise; 2 when it could not run.
 *
 * <p>Usage: {@code OrganizationBench <repository root> [NAME=VALUE ...]}: function environment overrides.
 * {@code BENCH_ORG_ACCOUNTS} and {@code BENCH_ORG_IMAGES} (environment) change the size.
 */
public final class OrganizationBench {
    static final String SOURCE = "us-east-1";
    static final List<String> DESTINATIONS = List.of("eu-west-1", "us-west-2", "ap-southeast-2", "eu-central-1");
    static final int REGION_COUNT = 4;
    static final int ACCOUNTS = sizeFrom("BENCH_ORG_ACCOUNTS", 50);
    static final int IMAGES = sizeFrom("BENCH_ORG_IMAGES", 10);
    /**
     * Poll waits take no real time (the invoke server keeps their virtual length); WaitBeforeStart takes its
     * virtual length (START_WAIT_SECONDS, 10 s) in real time: a target waiting for a share another target is making
     * at the source's real-time rate would otherwise come back at once, hundreds of times, each time moving the
     * shared virtual clock on 10 s. Retries a second, as in the demo.
     */
    private static final int START_WAIT_SECONDS = 10;
    private static final Timing TIMING = new Timing(0, 1000).withWait("WaitBeforeStart", START_WAIT_SECONDS * 1000);
    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final List<String> SERVICES = List.of("WorkSpaces", "Sts");
    private static final double TARGET_TRANSITIONS = 1.0;
    private static final double TARGET_COST = 0.05;
    private static final double TARGET_START_RATIO = 1.3;

    private final Path root;
    private final Map<String, String> overrides;
    private final PrintStream console;

    private OrganizationBench(Path root, Map<String, String> overrides, PrintStream console) {
        this.root = root;
        this.overrides = overrides;
        this.console = console;
    }

    public static void main(String[] args) {
        WorkflowBench.runMain(args, (root, overrides) -> new OrganizationBench(root, overrides, System.out).run());
    }

    private static int sizeFrom(String variable, int fallback) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    /** The organization's accounts: 12 digits each, none the stack's own. */
    static List<String> accounts(int count) {
        List<String> accounts = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            accounts.add(String.format(Locale.ROOT, "4%011d", i));
        }
        return accounts;
    }

    private int run() throws IOException {
        Path out = root.resolve("target/bench");
        Files.createDirectories(out);
        console.printf("bench-org: %d images x %d accounts x %d Regions (%d copies), baseline %d images x %d Regions in"
                + " the stack's account; WorkSpaces %.0f calls/s (burst %d) per (account, Region), copies 20-60 min;"
                + " overrides %s%n", IMAGES, ACCOUNTS, DESTINATIONS.size(), IMAGES * ACCOUNTS * DESTINATIONS.size(),
                IMAGES, DESTINATIONS.size(), WorkflowBench.API_RATE, WorkflowBench.API_BURST, overrides);
        Measured baseline = measure("bench-org-baseline", Optional.empty());
        console.printf("baseline: %s, %d copies, %.0f s%n", baseline.result().status(), baseline.copies(), baseline.wallSeconds());
        Measured org = measure("bench-org", Optional.of(accounts(ACCOUNTS)));
        console.printf("organization: %s, %d copies, %.0f s%n", org.result().status(), org.copies(), org.wallSeconds());

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("setup", Map.of("images", IMAGES, "accounts", ACCOUNTS, "regions", DESTINATIONS, "sourceRegion", SOURCE,
                "apiRatePerSecond", WorkflowBench.API_RATE, "apiBurst", WorkflowBench.API_BURST, "copyMinutes", "20-60",
                "overrides", overrides));
        json.put("prices", Prices.US_EAST_1.toJson());
        json.put("baseline", baseline.json());
        json.put("organization", org.json());
        String markdown = table(baseline, org);
        Files.writeString(out.resolve("org.json"), Json.writeIndented(json), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("org.md"), markdown, StandardCharsets.UTF_8);
        console.println();
        console.print(markdown);
        console.printf("%nWall time %.0f s (baseline %.0f s). Wrote target/bench/org.json and org.md%n",
                baseline.wallSeconds() + org.wallSeconds(), baseline.wallSeconds());
        return baseline.ok() && org.ok() ? 0 : 1;
    }

    /** One job on a stack of its own: to {@code accounts} of an organization of them, or to the stack's own account. */
    private Measured measure(String jobId, Optional<List<String>> accounts) {
        Map<String, String> environment = new TreeMap<>(overrides);
        environment.putIfAbsent("IMAGE_QUOTA_PER_REGION", Integer.toString(WorkflowBench.QUOTA));
        // A share's lease (2 min) is on the virtual clock, which the poll loops of targets that have started move
        // on by minutes a real second, while the share calls queue at the source's real-time rate: with the default
        // lease, targets would take over live sharers and share again. In AWS a sharer is never that late.
        environment.putIfAbsent("SHARE_LEASE_SECONDS", "86400");
        environment.putIfAbsent("START_WAIT_SECONDS", Integer.toString(START_WAIT_SECONDS));
        StackOptions options = StackOptions.defaults(root).withTiming(TIMING)
                .withEmulator(EmulatorConfig.defaults().withRateLimit(WorkflowBench.API_RATE, WorkflowBench.API_BURST)
                        .withCopyDuration(Duration.ofMinutes(20), Duration.ofMinutes(60))
                        .withDefaultImageQuota(WorkflowBench.QUOTA))
                .withEnvironment(environment);
        if (accounts.isPresent()) {
            options = options.withOrganization(accounts.get().stream()
                    .map(a -> new LocalOrganization.Target(a, "workload-" + a.substring(8), true)).toList());
        }
        // The timeline names a call's account by its access key, which the stack's STS stand-in issues once started.
        AtomicReference<LocalStack> started = new AtomicReference<>();
        Counters counters = new Counters(new StartTimeline("CopyFunction",
                key -> started.get().organization.accessKeys().accountOf(key), true));
        for (String f : WorkflowBench.FUNCTIONS) {
            options = options.withInterceptor(f, counters.dynamo.get(f));
            options = options.withInterceptor(f, counters.kinds);
            for (String service : SERVICES) {
                options = options.withInterceptor(f, counters.calls.get(service));
            }
        }
        options = options.withInterceptor("CopyFunction", counters.timeline);
        long began = System.nanoTime();
        try (StopOnExit stopOnExit = new StopOnExit();
                LocalStack stack = stopOnExit.guard(LocalStack.startQuietly(options))) {
            started.set(stack);
            stack.lambda.addListener(counters.timeline);
            Map<String, Object> request = seed(stack, accounts.orElse(List.of(stack.account())));
            ExecutionResult result;
            java.util.concurrent.ScheduledExecutorService progress = java.util.concurrent.Executors
                    .newSingleThreadScheduledExecutor(r -> {
                        Thread t = new Thread(r, "bench-org-progress");
                        t.setDaemon(true);
                        return t;
                    });
            try (Execution execution = stopOnExit.guard(stack.stateMachine().start(jobId, Map.of("request", request)))) {
                progress.scheduleAtFixedRate(() -> progress(stack, jobId, began), 30, 30, java.util.concurrent.TimeUnit.SECONDS);
                result = execution.await(TIMEOUT);
            } finally {
                progress.shutdownNow();
            }
            return Measured.of(stack, jobId, result, counters, (System.nanoTime() - began) / 1e9);
        }
    }

    /** A line every 30 s of a long run: tasks by state, WorkSpaces calls, virtual time. */
    private void progress(LocalStack stack, String jobId, long began) {
        try {
            Map<TaskState, Long> states = new TreeMap<>();
            stack.store().tasks(jobId).forEach(t -> states.merge(t.state(), 1L, Long::sum));
            console.printf("  %s %.0f s: tasks %s; WorkSpaces calls %s, throttled %d; %d s virtual; invocations %s%n", jobId,
                    (System.nanoTime() - began) / 1e9, states, stack.emulator.countersSnapshot().get("calls"),
                    stack.emulator.counters().throttled(), stack.virtualTime.elapsed().toSeconds(), stack.lambda.invocations());
        } catch (RuntimeException e) {
            console.println("  progress: " + e.getMessage());
        }
    }

    /** The images in the source Region of the stack's account; the request copies them all to every target. */
    private static Map<String, Object> seed(LocalStack stack, List<String> accounts) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= IMAGES; i++) {
            String name = String.format(Locale.ROOT, "org-%02d", i);
            ids.add(stack.emulator.addImage(stack.account(), SOURCE, ImageSeed.named(name).description("Org bench " + name)));
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("sourceRegion", SOURCE);
        request.put("imageIds", ids);
        request.put("destinationRegions", DESTINATIONS);
        request.put("destinationAccounts", accounts);
        request.put("nameTemplate", "{sourceName}");
        return request;
    }

    /**
     * One job's figures. {@code billedTransitions}: the states entered (parent and children, as the inline run
     * counts them) plus one per child execution the Distributed Map starts, which Step Functions bills as a
     * transition of the parent (Developer Guide, "Transitions": "one state transition for each child workflow
     * execution that the Distributed Map state starts"); each child is a Standard execution billed per transition.
     */
    record Measured(String jobId, ExecutionResult result, double wallSeconds, long copies, long planned,
            long tasksFailed, long copiesMade, long maxCopiesPerPair, long targets, Map<String, Long> workspacesCalls,
            long workspacesHttp, long throttled, Map<String, Long> stsCalls, long dynamoRequests, double rru,
            double wru, long transitions, long parentTransitions, long children, long billedTransitions,
            Map<String, Long> invocations, Map<String, Double> handlerSeconds, double gbSeconds, long parentHistory,
            long largestChildHistory, Histories.Payload largestPayload, double secondsToLastStart, double floorSeconds,
            String busiestTarget, long busiestPlanned, long shares, long permissionCalls, long stillShared,
            int notifyTimeoutSeconds, Usage usage) {

        static Measured of(LocalStack stack, String jobId, ExecutionResult result, Counters counters, double wall) {
            List<CopyTask> tasks = stack.store().tasks(jobId);
            long copies = tasks.stream().filter(t -> t.destinationImageId().isPresent()).count();
            long planned = tasks.stream().filter(t -> t.state() != TaskState.SKIPPED).count();
            long failed = tasks.stream().filter(t -> t.state() == TaskState.FAILED).count();

            Map<Target, Long> plannedByTarget = new TreeMap<>();
            java.util.Set<String> shares = new java.util.TreeSet<>();
            java.util.Set<String> accounts = new java.util.TreeSet<>();
            for (CopyTask t : tasks) {
                accounts.add(t.destinationAccount());
                if (t.state() != TaskState.SKIPPED) {
                    plannedByTarget.merge(new Target(t.destinationAccount(), t.destinationRegion()), 1L, Long::sum);
                    if (!t.destinationAccount().equals(stack.account())) {
                        shares.add(t.sourceImageId() + " " + t.destinationAccount());
                    }
                }
            }
            // Copies per (account, Region, source image), by our system tags, whatever made them.
            Map<String, Long> perPair = new TreeMap<>();
            for (String account : accounts) {
                for (String region : DESTINATIONS) {
                    for (EmulatedImage image : stack.emulator.images(account, region)) {
                        String source = image.tags().get(SystemTags.SOURCE_IMAGE_ID);
                        if (source != null) {
                            perPair.merge(account + " " + region + " " + source, 1L, Long::sum);
                        }
                    }
                }
            }
            long stillShared = stack.emulator.images(stack.account(), SOURCE).stream()
                    .mapToLong(i -> i.sharedWith().size()).sum();

            Target busiest = plannedByTarget.entrySet().stream().max(Map.Entry.comparingByValue())
                    .map(Map.Entry::getKey).orElse(new Target(stack.account(), SOURCE));
            long busiestPlanned = plannedByTarget.getOrDefault(busiest, 0L);
            double floor = (busiestPlanned + shares.size()) / WorkflowBench.API_RATE;
            double lastStart = counters.timeline.started().stream()
                    .mapToDouble(counters.timeline::secondsToLastStart).max().orElse(0);

            @SuppressWarnings("unchecked")
            Map<String, Long> workspacesCalls = new TreeMap<>((Map<String, Long>) stack.emulator.countersSnapshot().get("calls"));
            Map<String, Long> invocations = stack.lambda.invocations();
            Map<String, Double> busy = stack.lambda.busySeconds();
            double gbSeconds = busy.values().stream().mapToDouble(Double::doubleValue).sum() * WorkflowBench.GB;
            long lambdaTotal = invocations.values().stream().mapToLong(Long::longValue).sum();
            double rru = counters.dynamo.values().stream().mapToDouble(DynamoDbCapacity::readUnits).sum();
            double wru = counters.dynamo.values().stream().mapToDouble(DynamoDbCapacity::writeUnits).sum();
            long dynamoRequests = counters.dynamo.values().stream().mapToLong(DynamoDbCapacity::totalRequests).sum();
            counters.dynamo.forEach((function, capacity) -> System.out.printf(Locale.ROOT,
                    "  %s: DynamoDB in %s: %.0f WRU (%.0f estimated from %d failed or unanswered calls), measured by"
                    + " operation %s, calls %s%n", jobId, function, capacity.writeUnits(), capacity.writeUnits()
                    - capacity.writeUnitsByOperation().values().stream().mapToDouble(Double::doubleValue).sum(),
                    capacity.estimatedCalls(), capacity.writeUnitsByOperation(), capacity.requests()));
            counters.kinds.shares().forEach((kind, share) -> System.out.printf(Locale.ROOT,
                    "  %s: DynamoDB %s items: %d requests (+%d in transactions), %.0f RRU, %.0f WRU (%.2f WRU per copy)%n",
                    jobId, kind, share.requests(), share.transactionItems(), share.readUnits(), share.writeUnits(),
                    share.writeUnits() / Math.max(copies, 1)));

            Histories histories = result.histories();
            long children = histories.children().size();
            long transitions = result.transitions().stateTransitions();
            long billed = transitions + children;
            long parentHistory = HistoryBudget.events(histories.parent().enteredByType(), histories.parent().retries());
            long largestChild = histories.children().values().stream()
                    .mapToLong(c -> HistoryBudget.events(c.enteredByType(), c.retries())).max().orElse(0);

            Usage usage = new Usage(Math.max(copies, 1), billed, lambdaTotal, gbSeconds, rru, wru);
            return new Measured(jobId, result, wall, copies, planned, failed,
                    perPair.values().stream().mapToLong(Long::longValue).sum(),
                    perPair.values().stream().mapToLong(Long::longValue).max().orElse(0), plannedByTarget.size(),
                    workspacesCalls, counters.calls.get("WorkSpaces").httpRequests(), stack.emulator.counters().throttled(),
                    counters.calls.get("Sts").calls(), dynamoRequests, rru, wru, transitions,
                    histories.parent().transitions(), children, billed, invocations, busy, gbSeconds, parentHistory,
                    largestChild, histories.largestPayload(), lastStart, floor,
                    busiest.account() + " " + busiest.region(), busiestPlanned, shares.size(),
                    workspacesCalls.getOrDefault("UpdateWorkspaceImagePermission", 0L), stillShared,
                    stack.template.function("NotifyFunction").timeoutSeconds(), usage);
        }

        boolean ok() {
            return result.succeeded() && copies == planned && copiesMade == planned && maxCopiesPerPair <= 1;
        }

        long workspacesTotal() {
            return workspacesCalls.values().stream().mapToLong(Long::longValue).sum();
        }

        long stsTotal() {
            return stsCalls.values().stream().mapToLong(Long::longValue).sum();
        }

        long lambdaTotal() {
            return invocations.values().stream().mapToLong(Long::longValue).sum();
        }

        Usage.Cost cost() {
            return usage.costPer1000Copies(Prices.US_EAST_1);
        }

        double perCopy(double amount) {
            return usage.perCopy(amount);
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("jobId", jobId);
            json.put("execution", result.toJson());
            json.put("wallSeconds", Usage.round(wallSeconds));
            json.put("targets", targets);
            json.put("copies", copies);
            json.put("planned", planned);
            json.put("tasksFailed", tasksFailed);
            json.put("copiesMade", copiesMade);
            json.put("maxCopiesPerPair", maxCopiesPerPair);
            json.put("workspaces", Map.of("callsByOperation", workspacesCalls, "httpRequestsByFunctions", workspacesHttp,
                    "throttled", throttled));
            json.put("sts", Map.of("callsByOperation", stsCalls));
            json.put("dynamodb", Map.of("requests", dynamoRequests, "rru", Usage.round(rru), "wru", Usage.round(wru)));
            json.put("stateTransitions", Map.of("entered", transitions, "parent", parentTransitions,
                    "children", transitions - parentTransitions, "childExecutions", children, "billed", billedTransitions));
            json.put("lambda", Map.of("invocationsByFunction", invocations, "handlerSecondsByFunction", rounded(handlerSeconds),
                    "gbSeconds", Usage.round(gbSeconds), "notifyTimeoutSeconds", notifyTimeoutSeconds));
            json.put("history", Map.of("parentEvents", parentHistory, "largestChildEvents", largestChildHistory,
                    "limit", HistoryBudget.HISTORY_LIMIT));
            json.put("largestPayload", Map.of("bytes", largestPayload.bytes(), "state", largestPayload.state(),
                    "inChild", largestPayload.child(), "limit", PayloadBudget.PAYLOAD_LIMIT_BYTES,
                    "mapResultBytes", PayloadBudget.mapResultBytes((int) children)));
            json.put("start", Map.of("secondsToLastStart", Usage.round(secondsToLastStart), "floorSeconds", floorSeconds,
                    "busiestTarget", busiestTarget, "busiestPlanned", busiestPlanned, "shares", shares,
                    "ratio", floorSeconds == 0 ? 0 : Usage.round(secondsToLastStart / floorSeconds)));
            json.put("shares", Map.of("distinct", shares, "permissionCalls", permissionCalls, "stillShared", stillShared));
            json.put("usage", usage.toJson(Prices.US_EAST_1));
            return json;
        }

        private static Map<String, Double> rounded(Map<String, Double> values) {
            Map<String, Double> out = new TreeMap<>();
            values.forEach((k, v) -> out.put(k, Usage.round(v)));
            return out;
        }
    }

    /** The table: metric, baseline, organization, target. */
    static String table(Measured base, Measured org) {
        StringBuilder md = new StringBuilder("| metric | baseline: " + IMAGES + " × " + DESTINATIONS.size()
                + " in the stack's account | organization: " + IMAGES + " × " + ACCOUNTS + " accounts × "
                + DESTINATIONS.size() + " | target |\n| --- | --- | --- | --- |\n");
        java.util.function.BiConsumer<String, String[]> row = (metric, cells) ->
                md.append("| ").append(metric).append(" | ").append(String.join(" | ", cells)).append(" |\n");
        row.accept("Execution; copies started of planned; copies per (account, Region, image)", new String[] {
                base.result().status() + "; " + base.copies() + " of " + base.planned() + "; max " + base.maxCopiesPerPair(),
                org.result().status() + "; " + org.copies() + " of " + org.planned() + "; max " + org.maxCopiesPerPair(),
                "all; 1"});
        row.accept("Targets (account, Region); child executions", new String[] {
                base.targets() + "; " + base.children(), org.targets() + "; " + org.children(), ""});
        row.accept("WorkSpaces calls / copy (all, incl. throttled); throttled", new String[] {
                f3(base.perCopy(base.workspacesTotal())) + "; " + base.throttled(),
                f3(org.perCopy(org.workspacesTotal())) + "; " + org.throttled(), ""});
        for (String op : new java.util.TreeSet<>(org.workspacesCalls().keySet())) {
            row.accept("  " + op + " / copy", new String[] {f3(base.perCopy(base.workspacesCalls().getOrDefault(op, 0L))),
                    f3(org.perCopy(org.workspacesCalls().getOrDefault(op, 0L))), ""});
        }
        row.accept("STS calls / copy (" + String.join(", ", org.stsCalls().keySet()) + ")", new String[] {
                f3(base.perCopy(base.stsTotal())), f3(org.perCopy(org.stsTotal())) + " (" + org.stsTotal() + ")", ""});
        row.accept("DynamoDB requests / copy; RRU / WRU per copy", new String[] {
                f2(base.perCopy(base.dynamoRequests())) + "; " + f2(base.perCopy(base.rru())) + " / " + f2(base.perCopy(base.wru())),
                f2(org.perCopy(org.dynamoRequests())) + "; " + f2(org.perCopy(org.rru())) + " / " + f2(org.perCopy(org.wru())), ""});
        row.accept("State transitions / copy, billed (parent + children + 1 per child)", new String[] {
                transitions(base), transitions(org),
                "≤ " + TARGET_TRANSITIONS + met(org.perCopy(org.billedTransitions()) <= TARGET_TRANSITIONS)});
        row.accept("Lambda invocations / copy", new String[] {f3(base.perCopy(base.lambdaTotal())) + " (" + compact(base.invocations()) + ")",
                f3(org.perCopy(org.lambdaTotal())) + " (" + compact(org.invocations()) + ")", ""});
        row.accept("Largest history: parent; largest child (events)", new String[] {
                base.parentHistory() + "; " + base.largestChildHistory(), org.parentHistory() + "; " + org.largestChildHistory(),
                "≤ " + HistoryBudget.HISTORY_LIMIT + met(Math.max(org.parentHistory(), org.largestChildHistory()) <= HistoryBudget.HISTORY_LIMIT)});
        row.accept("Largest state payload (bytes, state)", new String[] {
                base.largestPayload().bytes() + " (" + base.largestPayload().state() + ")",
                org.largestPayload().bytes() + " (" + org.largestPayload().state() + ")",
                "≤ " + PayloadBudget.PAYLOAD_LIMIT_BYTES + met(org.largestPayload().bytes() <= PayloadBudget.PAYLOAD_LIMIT_BYTES)});
        row.accept("Time to last copy start vs floor (busiest target + shares at the source's rate)", new String[] {
                start(base), start(org), "≤ " + TARGET_START_RATIO + "×"
                        + met(org.secondsToLastStart() <= TARGET_START_RATIO * org.floorSeconds())});
        row.accept("Shares: (image, account) pairs; UpdateWorkspaceImagePermission calls; left shared", new String[] {
                base.shares() + "; " + base.permissionCalls() + "; " + base.stillShared(),
                org.shares() + "; " + org.permissionCalls() + "; " + org.stillShared(), "0 left"});
        row.accept("Notify handler seconds (its timeout)", new String[] {
                notify(base), notify(org), ""});
        Usage.Cost bc = base.cost();
        Usage.Cost oc = org.cost();
        row.accept("Cost / 1,000 copies: Step Functions / Lambda / DynamoDB", new String[] {
                usd(bc.stepFunctions()) + " / " + usd(bc.lambda()) + " / " + usd(bc.dynamoDb()),
                usd(oc.stepFunctions()) + " / " + usd(oc.lambda()) + " / " + usd(oc.dynamoDb()), ""});
        row.accept("Cost / 1,000 copies: total", new String[] {usd(bc.total()), usd(oc.total()),
                "≤ $" + TARGET_COST + met(oc.total() <= TARGET_COST)});
        row.accept("Wall time", new String[] {String.format(Locale.ROOT, "%.0f s", base.wallSeconds()),
                String.format(Locale.ROOT, "%.0f s", org.wallSeconds()), ""});
        return md.toString();
    }

    private static String transitions(Measured m) {
        return f3(m.perCopy(m.billedTransitions())) + " (" + m.parentTransitions() + " + "
                + (m.transitions() - m.parentTransitions()) + " + " + m.children() + ")";
    }

    private static String start(Measured m) {
        return String.format(Locale.ROOT, "%.0f s / %.0f s = %.2f× (%d + %d calls at %.0f/s)", m.secondsToLastStart(),
                m.floorSeconds(), m.floorSeconds() == 0 ? 0 : m.secondsToLastStart() / m.floorSeconds(),
                m.busiestPlanned(), m.shares(), WorkflowBench.API_RATE);
    }

    private static String notify(Measured m) {
        return String.format(Locale.ROOT, "%.1f s (%d s)", m.handlerSeconds().getOrDefault("NotifyFunction", 0.0),
                m.notifyTimeoutSeconds());
    }

    /** What one stack's functions did, counted by SDK interceptors. */
    private static final class Counters {
        final Map<String, DynamoDbCapacity> dynamo = new LinkedHashMap<>();
        final Map<String, SdkCallCounter> calls = new LinkedHashMap<>();
        final StartTimeline timeline;
        /** Where the request units go, by the item's key prefix. */
        final DynamoDbItemKinds kinds = new DynamoDbItemKinds(List.of("TASK", "JOB", "BUDGET", "REPLICA", "SHARE",
                "SNAPSHOT", "FINISH", "ACCOUNT", "SOURCE"));

        Counters(StartTimeline timeline) {
            this.timeline = timeline;
            WorkflowBench.FUNCTIONS.forEach(f -> dynamo.put(f, new DynamoDbCapacity()));
            SERVICES.forEach(s -> calls.put(s, new SdkCallCounter(s)));
        }
    }
}
