package io.github.wsicopy.localrun.bench;

import static io.github.wsicopy.localrun.bench.Figures.compact;
import static io.github.wsicopy.localrun.bench.Figures.f2;
import static io.github.wsicopy.localrun.bench.Figures.f3;
import static io.github.wsicopy.localrun.bench.Figures.met;
import static io.github.wsicopy.localrun.bench.Figures.usd;

import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.model.SystemTags;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.local.workspaces.EmulatedImage;
import io.github.wsicopy.local.workspaces.EmulatorConfig;
import io.github.wsicopy.local.workspaces.ImageSeed;
import io.github.wsicopy.localrun.demo.StopOnExit;
import io.github.wsicopy.localrun.sfn.Execution;
import io.github.wsicopy.localrun.sfn.ExecutionResult;
import io.github.wsicopy.localrun.sfn.StateMachineRunner;
import io.github.wsicopy.localrun.sfn.Timing;
import io.github.wsicopy.localrun.stack.LocalStack;
import io.github.wsicopy.localrun.stack.StackOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code make bench-concurrency}: issue #10's account-wide benchmark. {@value #JOBS} jobs start at the same moment,
 * each a real execution of the state machine in its own interpreter process, against ONE local stack (one jobs
 * table, one WorkSpaces emulator at the documented 2 calls/s, burst 5, per Region; copies take 20–60 virtual
 * minutes). Each job copies {@value #IMAGES_PER_JOB} images drawn (fixed seed) from a fleet of {@value #FLEET}
 * in the source Region to the same 3 Regions, half with {@code {sourceName}}, half with {@code {sourceName}-{jobId}}:
 * the jobs overlap on nearly every pair. Measures: copies per (source, Region) (must be 1), jobs failed,
 * throttled calls, the time until each Region's last copy started against the floor the rate sets for its
 * distinct pairs, and what the replica ledger (and the rate budget, once merged: its {@code BUDGET#} items) add
 * per copy in DynamoDB requests, request units and dollars. Quotes the single-job figure (200 × 5) from
 * {@code target/bench/workflow.json} when {@code make bench-workflow} wrote it (as {@code make bench} does just
 * before). Writes {@code target/bench/concurrency.json} and {@code concurrency.md} and prints the table.
 *
 * <p>A benchmark, not a test: exits 0 when every job ran to its end, whatever the numbers; 1 when an execution
 * failed, a job FAILED or a pair got more than one copy; 2 when it could not run.
 *
 * <p>Usage: {@code ConcurrencyBench <repository root> [NAME=VALUE ...]}: function environment overrides.
 */
public final class ConcurrencyBench {
    static final String SOURCE = "us-east-1";
    static final List<String> DESTINATIONS = List.of("eu-west-1", "us-west-2", "ap-southeast-2");
    static final int JOBS = 22;
    static final int FLEET = 30;
    static final int IMAGES_PER_JOB = 10;
    private static final long SEED = 10;
    /**
     * Waits take no real time (the invoke server keeps their virtual length). Retries wait 15 s each: the
     * interpreter waits a flat time per retry, and a deployed Validate's 8 retries of a throttled read back off
     * 5 s doubling to 120 s (about 4 minutes in all, jittered), while the emulator's buckets refill in real time;
     * the 1 s of the single-job bench would give 22 throttled validations 8 s to get through.
     */
    private static final Timing TIMING = new Timing(0, 15_000);
    private static final Duration TIMEOUT = Duration.ofMinutes(15);
    private static final List<String> KINDS = List.of("REPLICA", "BUDGET");

    private final Path root;
    private final Map<String, String> overrides;
    private final PrintStream console;
    private final Map<String, DynamoDbCapacity> dynamo = new LinkedHashMap<>();
    private final DynamoDbItemKinds kinds = new DynamoDbItemKinds(KINDS);
    private final StartTimeline timeline = new StartTimeline("CopyFunction");

    private ConcurrencyBench(Path root, Map<String, String> overrides, PrintStream console) {
        this.root = root;
        this.overrides = overrides;
        this.console = console;
        WorkflowBench.FUNCTIONS.forEach(f -> dynamo.put(f, new DynamoDbCapacity()));
    }

    public static void main(String[] args) {
        WorkflowBench.runMain(args, (root, overrides) -> new ConcurrencyBench(root, overrides, System.out).run());
    }

    private record Run(String jobId, ExecutionResult result) {}

    private int run() throws Exception {
        Path out = root.resolve("target/bench");
        Files.createDirectories(out);
        Map<String, String> environment = new TreeMap<>(overrides);
        environment.putIfAbsent("IMAGE_QUOTA_PER_REGION", Integer.toString(WorkflowBench.QUOTA));
        StackOptions options = StackOptions.defaults(root).withTiming(TIMING)
                .withEmulator(EmulatorConfig.defaults().withRateLimit(WorkflowBench.API_RATE, WorkflowBench.API_BURST)
                        .withCopyDuration(Duration.ofMinutes(20), Duration.ofMinutes(60))
                        .withDefaultImageQuota(WorkflowBench.QUOTA))
                .withEnvironment(environment);
        for (String f : WorkflowBench.FUNCTIONS) {
            // DynamoDbCapacity first: it asks for the consumed units the item kinds then read.
            options = options.withInterceptor(f, dynamo.get(f)).withInterceptor(f, kinds);
        }
        options = options.withInterceptor("CopyFunction", timeline);
        long began = System.nanoTime();
        try (StopOnExit stopOnExit = new StopOnExit();
                LocalStack stack = stopOnExit.guard(LocalStack.startQuietly(options))) {
            stack.lambda.addListener(timeline);
            Map<String, Map<String, Object>> requests = seed(stack);
            console.printf("bench-concurrency: %d jobs at once, each %d images x %d Regions from a fleet of %d; WorkSpaces"
                    + " %.0f calls/s (burst %d) per Region, copies 20-60 min; overrides %s%n", JOBS, IMAGES_PER_JOB,
                    DESTINATIONS.size(), FLEET, WorkflowBench.API_RATE, WorkflowBench.API_BURST, overrides);
            StateMachineRunner runner = stack.stateMachine();
            List<Run> runs = runAtOnce(stopOnExit, runner, requests);
            double wall = (System.nanoTime() - began) / 1e9;
            Report report = report(stack, runs, wall);
            Files.writeString(out.resolve("concurrency.json"), Json.writeIndented(report.json()), StandardCharsets.UTF_8);
            Files.writeString(out.resolve("concurrency.md"), report.markdown(), StandardCharsets.UTF_8);
            console.println();
            console.print(report.markdown());
            console.printf("%nWall time %.0f s. Wrote target/bench/concurrency.json and concurrency.md%n", wall);
            return report.ok() ? 0 : 1;
        }
    }

    /** The fleet, and each job's request: a seeded draw of images, every destination, alternating name templates. */
    private static Map<String, Map<String, Object>> seed(LocalStack stack) {
        List<String> fleet = new ArrayList<>();
        for (int i = 1; i <= FLEET; i++) {
            String name = String.format("fleet-%02d", i);
            fleet.add(stack.emulator.addImage(stack.account(), SOURCE, ImageSeed.named(name).description("Fleet image " + name)));
        }
        Random random = new Random(SEED);
        Map<String, Map<String, Object>> requests = new LinkedHashMap<>();
        for (int j = 1; j <= JOBS; j++) {
            List<String> shuffled = new ArrayList<>(fleet);
            Collections.shuffle(shuffled, random);
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("sourceRegion", SOURCE);
            request.put("imageIds", shuffled.subList(0, IMAGES_PER_JOB));
            request.put("destinationRegions", DESTINATIONS);
            request.put("nameTemplate", j % 2 == 0 ? "{sourceName}" : "{sourceName}-{jobId}");
            requests.put(String.format("concurrent-%02d", j), request);
        }
        return requests;
    }

    /** Every execution started at the same moment, each from its own thread; waits for them all. */
    private static List<Run> runAtOnce(StopOnExit stopOnExit, StateMachineRunner runner,
            Map<String, Map<String, Object>> requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Run>> futures = new ArrayList<>();
            requests.forEach((jobId, request) -> futures.add(pool.submit(() -> {
                go.await();
                try (Execution execution = stopOnExit.guard(runner.start(jobId, Map.of("request", request)))) {
                    return new Run(jobId, execution.await(TIMEOUT));
                }
            })));
            go.countDown();
            List<Run> runs = new ArrayList<>();
            for (Future<Run> f : futures) {
                runs.add(f.get());
            }
            return runs;
        } finally {
            pool.shutdownNow();
        }
    }

    private record Report(Map<String, Object> json, String markdown, boolean ok) {}

    private Report report(LocalStack stack, List<Run> runs, double wallSeconds) throws IOException {
        List<CopyTask> tasks = new ArrayList<>();
        Map<String, String> jobStates = new TreeMap<>();
        long executionsFailed = 0;
        long transitions = 0;
        for (Run run : runs) {
            tasks.addAll(stack.store().tasks(run.jobId()));
            jobStates.put(run.jobId(), stack.store().job(run.jobId()).map(Job::state).map(JobState::name).orElse("MISSING"));
            executionsFailed += run.result().succeeded() ? 0 : 1;
            transitions += run.result().transitions().stateTransitions();
        }
        long jobsFailed = jobStates.values().stream().filter(s -> !s.equals("SUCCEEDED")).count();
        long made = tasks.stream().filter(t -> t.state() == TaskState.SUCCEEDED && t.copiedByJob().isEmpty()).count();
        long followed = tasks.stream().filter(t -> t.copiedByJob().isPresent()).count();
        long skipped = tasks.stream().filter(t -> t.state() == TaskState.SKIPPED).count();
        long tasksFailed = tasks.stream().filter(t -> t.state() == TaskState.FAILED).count();

        // Copies per (source, Region), by our system tags, whatever job made them.
        Map<String, Long> perPair = new TreeMap<>();
        Map<String, Long> distinctPerRegion = new TreeMap<>();
        tasks.stream().map(t -> t.destinationRegion() + " " + t.sourceImageId()).distinct()
                .forEach(p -> distinctPerRegion.merge(p.substring(0, p.indexOf(' ')), 1L, Long::sum));
        for (String region : DESTINATIONS) {
            for (EmulatedImage image : stack.emulator.images(stack.account(), region)) {
                String source = image.tags().get(SystemTags.SOURCE_IMAGE_ID);
                if (source != null) {
                    perPair.merge(region + " " + source, 1L, Long::sum);
                }
            }
        }
        long copies = perPair.values().stream().mapToLong(Long::longValue).sum();
        long maxPerPair = perPair.values().stream().mapToLong(Long::longValue).max().orElse(0);
        long distinctPairs = distinctPerRegion.values().stream().mapToLong(Long::longValue).sum();

        double lastStart = 0;
        double floor = 0;
        String busiest = "";
        Map<String, Object> startJson = new TreeMap<>();
        for (String region : DESTINATIONS) {
            double s = timeline.secondsToLastStart(region);
            double regionFloor = distinctPerRegion.getOrDefault(region, 0L) / WorkflowBench.API_RATE;
            startJson.put(region, Map.of("secondsToLastStart", Usage.round(s), "floorSeconds", regionFloor,
                    "distinctPairs", distinctPerRegion.getOrDefault(region, 0L), "startWaitSeconds", timeline.startWaitSeconds(region)));
            if (regionFloor > floor || (regionFloor == floor && s > lastStart)) {
                busiest = region;
            }
            floor = Math.max(floor, regionFloor);
            lastStart = Math.max(lastStart, s);
        }
        long throttled = stack.emulator.counters().throttled();
        @SuppressWarnings("unchecked")
        Map<String, Long> workspacesCalls = new TreeMap<>((Map<String, Long>) stack.emulator.countersSnapshot().get("calls"));
        long workspacesTotal = workspacesCalls.values().stream().mapToLong(Long::longValue).sum();

        Map<String, Long> invocations = stack.lambda.invocations();
        double gbSeconds = stack.lambda.busySeconds().values().stream().mapToDouble(Double::doubleValue).sum() * WorkflowBench.GB;
        long lambdaTotal = invocations.values().stream().mapToLong(Long::longValue).sum();
        double rru = dynamo.values().stream().mapToDouble(DynamoDbCapacity::readUnits).sum();
        double wru = dynamo.values().stream().mapToDouble(DynamoDbCapacity::writeUnits).sum();
        long dynamoRequests = dynamo.values().stream().mapToLong(DynamoDbCapacity::totalRequests).sum();
        Usage usage = new Usage(Math.max(1, copies), transitions, lambdaTotal, gbSeconds, rru, wru);
        Prices prices = Prices.US_EAST_1;
        Usage.Cost cost = usage.costPer1000Copies(prices);
        Map<String, DynamoDbItemKinds.Share> shares = kinds.shares();

        Table table = new Table();
        table.row("Jobs at once (images × Regions each, fleet)", JOBS + " (" + IMAGES_PER_JOB + " × " + DESTINATIONS.size()
                + " of " + FLEET + ")", "");
        table.row("Tasks; distinct (source, Region) pairs", tasks.size() + "; " + distinctPairs, "");
        table.row("Copies per (source, Region): max (copies made / pairs)", maxPerPair + " (" + copies + " / " + distinctPairs + ")",
                "1" + met(maxPerPair == 1 && copies == distinctPairs));
        table.row("Jobs not SUCCEEDED; executions failed", jobsFailed + "; " + executionsFailed, "0" + met(jobsFailed + executionsFailed == 0));
        table.row("Tasks: copied / followed another job's copy / skipped (already replicated) / failed",
                made + " / " + followed + " / " + skipped + " / " + tasksFailed, "");
        table.row("WorkSpaces calls (all); throttled", workspacesTotal + "; " + throttled, "");
        table.row("Time to last copy start vs floor (" + busiest + ": distinct pairs / "
                + String.format(Locale.ROOT, "%.0f", WorkflowBench.API_RATE) + " per s)",
                String.format(Locale.ROOT, "%.0f s / %.0f s = %.2f×", lastStart, floor, floor == 0 ? 0 : lastStart / floor), "");
        table.row("DynamoDB requests / copy (all)", f2(usage.perCopy(dynamoRequests)), "");
        table.row("DynamoDB RRU / WRU per copy (all)", f2(usage.perCopy(rru)) + " / " + f2(usage.perCopy(wru)), "");
        for (Map.Entry<String, DynamoDbItemKinds.Share> e : shares.entrySet()) {
            DynamoDbItemKinds.Share s = e.getValue();
            String what = e.getKey().equals("REPLICA") ? "replica ledger" : "rate budget";
            table.row("  " + what + " (" + e.getKey() + "#): requests + items in transactions / copy",
                    f2(usage.perCopy(s.requests())) + " + " + f2(usage.perCopy(s.transactionItems())), "");
            table.row("  " + what + ": RRU / WRU per copy; $ / 1,000 copies",
                    f2(usage.perCopy(s.readUnits())) + " / " + f2(usage.perCopy(s.writeUnits())) + "; "
                            + usd(1000 * usage.perCopy(s.readUnits() * prices.dynamoDbPerRru() + s.writeUnits() * prices.dynamoDbPerWru())),
                    s.requestsAndItems() == 0 ? "(none: not merged?)" : "");
        }
        table.row("State transitions / copy; Lambda invocations / copy", f2(usage.perCopy(transitions)) + "; "
                + f2(usage.perCopy(lambdaTotal)), "");
        table.row("Cost / 1,000 copies: Step Functions / Lambda / DynamoDB", usd(cost.stepFunctions()) + " / "
                + usd(cost.lambda()) + " / " + usd(cost.dynamoDb()), "");
        table.row("Cost / 1,000 copies: total (every job's work / copies made)", usd(cost.total()), "");
        Map<String, Object> single = singleJobFigure();
        table.row("Single job, 200 × 5 (make bench-workflow): cost / 1,000 copies",
                single.isEmpty() ? "not measured (run make bench-workflow, or make bench)" : usd(((Number) single.get("total")).doubleValue())
                        + " (DynamoDB " + usd(((Number) single.get("dynamoDb")).doubleValue()) + ")", "");

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("setup", Map.of("jobs", JOBS, "imagesPerJob", IMAGES_PER_JOB, "fleet", FLEET, "regions", DESTINATIONS,
                "apiRatePerSecond", WorkflowBench.API_RATE, "apiBurst", WorkflowBench.API_BURST, "copyMinutes", "20-60",
                "seed", SEED, "overrides", overrides));
        json.put("wallSeconds", Usage.round(wallSeconds));
        json.put("virtualSeconds", stack.virtualTime.elapsed().toSeconds());
        json.put("jobStates", jobStates);
        json.put("executionsFailed", executionsFailed);
        json.put("tasks", Map.of("total", tasks.size(), "copied", made, "followed", followed, "skipped", skipped, "failed", tasksFailed));
        json.put("pairs", Map.of("distinct", distinctPairs, "copies", copies, "maxCopiesPerPair", maxPerPair,
                "distinctByRegion", distinctPerRegion));
        json.put("workspaces", Map.of("callsByOperation", workspacesCalls, "throttled", throttled));
        json.put("start", Map.of("byRegion", startJson, "secondsToLastStart", Usage.round(lastStart), "floorSeconds", floor,
                "busiestRegion", busiest));
        Map<String, Object> dynamoJson = new LinkedHashMap<>();
        dynamo.forEach((f, d) -> dynamoJson.put(f, Map.of("requests", d.requests(), "rru", Usage.round(d.readUnits()),
                "wru", Usage.round(d.writeUnits()))));
        json.put("dynamodb", dynamoJson);
        Map<String, Object> kindsJson = new LinkedHashMap<>();
        shares.forEach((k, s) -> kindsJson.put(k, Map.of("requests", s.requests(), "transactionItems", s.transactionItems(),
                "rru", Usage.round(s.readUnits()), "wru", Usage.round(s.writeUnits()),
                "costPer1000Copies", Usage.round(1000 * usage.perCopy(s.readUnits() * prices.dynamoDbPerRru()
                        + s.writeUnits() * prices.dynamoDbPerWru())))));
        json.put("accountWideItems", kindsJson);
        json.put("lambda", Map.of("invocationsByFunction", invocations, "gbSeconds", Usage.round(gbSeconds)));
        json.put("prices", prices.toJson());
        json.put("usage", usage.toJson(prices));
        json.put("singleJobCostPer1000Copies", single);
        boolean ok = executionsFailed == 0 && jobsFailed == 0 && maxPerPair <= 1;
        return new Report(json, table.markdown(), ok);
    }

    /** The single-job figure from {@code target/bench/workflow.json}, when a workflow bench run left one. */
    private Map<String, Object> singleJobFigure() throws IOException {
        Path file = root.resolve("target/bench/workflow.json");
        if (!Files.exists(file)) {
            return Map.of();
        }
        Object design = Json.parseObject(Files.readString(file)).get("thisDesign");
        if (design instanceof Map<?, ?> d && d.get("costPer1000Copies") instanceof Map<?, ?> c) {
            Map<String, Object> out = new LinkedHashMap<>();
            c.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }
        return Map.of();
    }

    /** A markdown table: metric, measured, target. */
    private static final class Table {
        private final List<String[]> rows = new ArrayList<>();

        void row(String metric, String measured, String target) {
            rows.add(new String[] {metric, measured, target});
        }

        String markdown() {
            StringBuilder md = new StringBuilder("| metric | measured | target |\n| --- | --- | --- |\n");
            rows.forEach(r -> md.append("| ").append(String.join(" | ", r)).append(" |\n"));
            return md.toString();
        }
    }
}
