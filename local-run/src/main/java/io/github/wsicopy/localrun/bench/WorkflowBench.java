package io.github.wsicopy.localrun.bench;

import static io.github.wsicopy.localrun.bench.Figures.compact;
import static io.github.wsicopy.localrun.bench.Figures.f2;
import static io.github.wsicopy.localrun.bench.Figures.f3;
import static io.github.wsicopy.localrun.bench.Figures.met;
import static io.github.wsicopy.localrun.bench.Figures.usd;

import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.workflow.Pacing;
import io.github.wsicopy.local.workspaces.EmulatorConfig;
import io.github.wsicopy.local.workspaces.ImageSeed;
import io.github.wsicopy.localrun.demo.StopOnExit;
import io.github.wsicopy.localrun.sfn.Execution;
import io.github.wsicopy.localrun.sfn.ExecutionResult;
import io.github.wsicopy.localrun.sfn.StateMachineRunner;
import io.github.wsicopy.localrun.sfn.Timing;
import io.github.wsicopy.localrun.sfn.Transitions;
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
import java.util.TreeMap;

/**
 * {@code make bench-workflow}: issue #5's workflow-efficiency benchmark. One job of 200 images × 5 destination
 * Regions through the real state machine (aws-local-stepfunctions), the four functions in the invoke server,
 * DynamoDB Local and the WorkSpaces emulator at the documented 2 calls/s (burst 5) per Region with copies
 * taking 20–60 virtual minutes. Counts what every copy cost (WorkSpaces calls by function and operation,
 * state transitions, Lambda invocations and handler seconds, DynamoDB requests and request units), how long
 * the starts took against the rate limit's floor, and prices it per 1,000 copies ({@link Prices}); prices
 * the per-image polling design from the same counters ({@link PerImagePolling}). Writes
 * {@code target/bench/workflow.json} and {@code workflow.md} and prints the table.
 *
 * <p>A benchmark, not a test: it exits 0 whenever the job ran to its end, whatever the numbers; 1 when the
 * execution failed, 2 when it could not run.
 *
 * <p>Usage: {@code WorkflowBench <repository root> [NAME=VALUE ...]}: function environment overrides
 * (e.g. {@code START_RATE_PER_SECOND=2}), to measure a lever without editing template.yaml.
 */
public final class WorkflowBench {
    static final String SOURCE = "us-east-1";
    static final List<String> DESTINATIONS = List.of("eu-west-1", "us-west-2", "ap-southeast-2", "eu-central-1",
            "ap-northeast-1");
    static final int IMAGES = 200;
    /** The documented WorkSpaces API limit per (account, Region); the emulator enforces it in real time. */
    static final double API_RATE = 2;
    static final int API_BURST = 5;
    /** Room for the copies next to what is there: the emulator's quota and the IMAGE_QUOTA_PER_REGION setting. */
    static final int QUOTA = 1_000;
    /** template.yaml Globals.Function.MemorySize (1024 MB) in GB, what Lambda bills duration against. */
    static final double GB = 1024 / 1024.0;
    static final List<String> FUNCTIONS = List.of("ValidateFunction", "CopyFunction", "PollStatusFunction", "NotifyFunction");
    static final String POLL = "PollStatusFunction";
    /** Waits take no real time (the invoke server keeps their virtual length); retries a second, as in the demo. */
    private static final Timing TIMING = new Timing(0, 1000);
    private static final Duration TIMEOUT = Duration.ofMinutes(15);
    private static final double TARGET_POLL_CALLS = 0.5;
    private static final double TARGET_TRANSITIONS = 1.0;
    private static final double TARGET_START_RATIO = 1.2;
    private static final double TARGET_COST = 0.05;

    private final Path root;
    private final Map<String, String> overrides;
    private final PrintStream console;
    private final Map<String, SdkCallCounter> workspaces = new LinkedHashMap<>();
    private final Map<String, DynamoDbCapacity> dynamo = new LinkedHashMap<>();
    private final StartTimeline timeline = new StartTimeline("CopyFunction");

    private WorkflowBench(Path root, Map<String, String> overrides, PrintStream console) {
        this.root = root;
        this.overrides = overrides;
        this.console = console;
        FUNCTIONS.forEach(f -> {
            workspaces.put(f, new SdkCallCounter("WorkSpaces"));
            dynamo.put(f, new DynamoDbCapacity());
        });
    }

    public static void main(String[] args) {
        runMain(args, (root, overrides) -> new WorkflowBench(root, overrides, System.out).run());
    }

    /** A benchmark run from its arguments: the project root, then NAME=VALUE settings overrides. */
    interface Run {
        int run(Path root, Map<String, String> overrides) throws Exception;
    }

    /** The benchmarks' command line: reads the root and the overrides, runs, exits with the run's status. */
    static void runMain(String[] args, Run bench) {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Map<String, String> overrides = new TreeMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                System.err.println("bench: expected NAME=VALUE, got " + args[i]);
                System.exit(2);
            }
            overrides.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        int status;
        try {
            status = bench.run(root, overrides);
        } catch (Exception e) {
            System.out.println("bench: could not run: " + e);
            e.printStackTrace(System.out);
            status = 2;
        }
        System.exit(status);
    }

    private int run() throws IOException {
        Path out = root.resolve("target/bench");
        Files.createDirectories(out);
        Map<String, String> environment = new TreeMap<>(overrides);
        environment.putIfAbsent("IMAGE_QUOTA_PER_REGION", Integer.toString(QUOTA));
        StackOptions options = StackOptions.defaults(root)
                .withEmulator(EmulatorConfig.defaults().withRateLimit(API_RATE, API_BURST)
                        .withCopyDuration(Duration.ofMinutes(20), Duration.ofMinutes(60)).withDefaultImageQuota(QUOTA))
                .withEnvironment(environment);
        for (String f : FUNCTIONS) {
            options = options.withInterceptor(f, workspaces.get(f)).withInterceptor(f, dynamo.get(f));
        }
        options = options.withInterceptor("CopyFunction", timeline);
        long began = System.nanoTime();
        try (StopOnExit stopOnExit = new StopOnExit();
                LocalStack stack = stopOnExit.guard(LocalStack.startQuietly(options.withTiming(TIMING)))) {
            stack.lambda.addListener(timeline);
            Map<String, Object> request = seed(stack);
            console.printf("bench-workflow: %d images x %d Regions, WorkSpaces %.0f calls/s (burst %d) per Region,"
                    + " copies 20-60 min; overrides %s%n", IMAGES, DESTINATIONS.size(), API_RATE, API_BURST, overrides);
            StateMachineRunner runner = stack.stateMachine();
            ExecutionResult result;
            try (Execution execution = stopOnExit.guard(runner.start("bench-workflow", Map.of("request", request)))) {
                result = execution.await(TIMEOUT);
            }
            double wall = (System.nanoTime() - began) / 1e9;
            Report report = report(stack, result, wall);
            Files.writeString(out.resolve("workflow.json"), Json.writeIndented(report.json()), StandardCharsets.UTF_8);
            Files.writeString(out.resolve("workflow.md"), report.markdown(), StandardCharsets.UTF_8);
            console.println();
            console.print(report.markdown());
            console.printf("%nExecution %s; wall time %.0f s. Wrote target/bench/workflow.json and workflow.md%n",
                    result.status(), wall);
            return result.succeeded() ? 0 : 1;
        }
    }

    /** 200 plain images in the source Region; the request copies them all to every destination. */
    private static Map<String, Object> seed(LocalStack stack) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= IMAGES; i++) {
            String name = String.format("bench-%03d", i);
            ids.add(stack.emulator.addImage(stack.account(), SOURCE, ImageSeed.named(name).description("Bench image " + name)));
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("sourceRegion", SOURCE);
        request.put("imageIds", ids);
        request.put("destinationRegions", DESTINATIONS);
        request.put("nameTemplate", "{sourceName}");
        return request;
    }

    /** The table's rows and the JSON, from the counters after the run. */
    private record Report(Map<String, Object> json, String markdown) {}

    private Report report(LocalStack stack, ExecutionResult result, double wallSeconds) {
        List<CopyTask> tasks = stack.store().tasks("bench-workflow");
        List<CopyTask> started = tasks.stream().filter(t -> t.destinationImageId().isPresent()).toList();
        long copies = started.size();
        long planned = tasks.stream().filter(t -> t.state() != TaskState.SKIPPED).count();
        long failedByThrottling = tasks.stream().filter(t -> t.state() == TaskState.FAILED
                && t.reason().orElse("").toLowerCase(Locale.ROOT).contains("throttl")).count();
        long retriedStarts = tasks.stream().filter(t -> t.attempts() > 1).count();

        Transitions transitions = result.transitions();
        Map<String, Long> invocations = stack.lambda.invocations();
        Map<String, Double> busy = stack.lambda.busySeconds();
        double gbSeconds = busy.values().stream().mapToDouble(Double::doubleValue).sum() * GB;
        double rru = dynamo.values().stream().mapToDouble(DynamoDbCapacity::readUnits).sum();
        double wru = dynamo.values().stream().mapToDouble(DynamoDbCapacity::writeUnits).sum();
        long dynamoRequests = dynamo.values().stream().mapToLong(DynamoDbCapacity::totalRequests).sum();
        long lambdaTotal = invocations.values().stream().mapToLong(Long::longValue).sum();
        Usage batched = new Usage(copies, transitions.stateTransitions(), lambdaTotal, gbSeconds, rru, wru);

        // Polling's share: WaitBeforePoll, PollStatus and the Route after each PollStatus; the poll function's
        // invocations, seconds and reads. Its writes (the copies' final moves) are the same in both designs.
        long pollTransitions = transitions.entered("WaitBeforePoll") + 2 * transitions.entered("PollStatus");
        long pollCalls = workspaces.get(POLL).httpRequests();
        Usage polling = new Usage(copies, pollTransitions, invocations.getOrDefault(POLL, 0L),
                busy.getOrDefault(POLL, 0.0) * GB, dynamo.get(POLL).readUnits(), 0);
        Pacing pacing = Pacing.from(stack.settings(stack.template.function(POLL)));
        List<Long> durations = started.stream().map(t -> stack.emulator.image(stack.account(), t.destinationRegion(),
                t.destinationImageId().get()).map(i -> Duration.between(i.created(), i.completesAt()).toSeconds())
                .orElse(0L)).toList();
        long perImageRounds = PerImagePolling.rounds(durations, pacing);
        double secondsPerPollCall = pollCalls == 0 ? 0 : busy.getOrDefault(POLL, 0.0) / pollCalls;
        Usage perImage = PerImagePolling.from(batched, polling, perImageRounds, secondsPerPollCall, GB);

        Map<String, Long> perRegionPlanned = new TreeMap<>();
        tasks.stream().filter(t -> t.state() != TaskState.SKIPPED).forEach(t -> perRegionPlanned.merge(t.destinationRegion(), 1L, Long::sum));
        Map<String, Object> startSeconds = new TreeMap<>();
        double lastStart = 0;
        double floor = 0;
        for (String region : DESTINATIONS) {
            double s = timeline.secondsToLastStart(region);
            startSeconds.put(region, Map.of("secondsToLastStart", Usage.round(s), "startWaitSeconds",
                    timeline.startWaitSeconds(region), "planned", perRegionPlanned.getOrDefault(region, 0L)));
            lastStart = Math.max(lastStart, s);
            floor = Math.max(floor, perRegionPlanned.getOrDefault(region, 0L) / API_RATE);
        }
        long throttled = stack.emulator.counters().throttled();
        Map<String, Long> callsByOperation = operations(stack);
        long workspacesTotal = callsByOperation.values().stream().mapToLong(Long::longValue).sum();
        long perImageWorkspaces = workspacesTotal - pollCalls + perImageRounds;

        Prices prices = Prices.US_EAST_1;
        Usage.Cost cost = batched.costPer1000Copies(prices);
        Usage.Cost perImageCost = perImage.costPer1000Copies(prices);

        Table table = new Table();
        table.row("Copies started (of planned)", copies + " of " + planned, copies + " of " + planned, "all");
        table.row("WorkSpaces calls / copy (all)", f2(batched.perCopy(workspacesTotal)), f2(perImage.perCopy(perImageWorkspaces)), "");
        perFunctionOperations().forEach((key, n) -> {
            boolean poll = key.startsWith("PollStatus ");
            table.row("  " + key + " / copy", f3(batched.perCopy(n)), poll ? f3(perImage.perCopy(perImageRounds)) : f3(batched.perCopy(n)), "");
        });
        table.row("Poll calls / copy", f3(batched.perCopy(pollCalls)), f3(perImage.perCopy(perImageRounds)),
                "≤ " + TARGET_POLL_CALLS + met(batched.perCopy(pollCalls) <= TARGET_POLL_CALLS));
        table.row("State transitions / copy", f3(batched.perCopy(batched.stateTransitions())),
                f3(perImage.perCopy(perImage.stateTransitions())),
                "≤ " + TARGET_TRANSITIONS + met(batched.perCopy(batched.stateTransitions()) <= TARGET_TRANSITIONS));
        table.row("Lambda invocations / copy", f3(batched.perCopy(lambdaTotal)) + " (" + compact(invocations) + ")",
                f3(perImage.perCopy(perImage.lambdaInvocations())), "");
        table.row("Lambda GB-s / copy (1024 MB)", f3(batched.perCopy(gbSeconds)), f3(perImage.perCopy(perImage.lambdaGbSeconds())), "");
        table.row("DynamoDB requests / copy", f2(batched.perCopy(dynamoRequests)),
                f2(perImage.perCopy(dynamoRequests - dynamo.get(POLL).totalRequests() + pollWrites() + 2 * perImageRounds)), "");
        table.row("DynamoDB RRU / WRU per copy", f2(batched.perCopy(rru)) + " / " + f2(batched.perCopy(wru)),
                f2(perImage.perCopy(perImage.readRequestUnits())) + " / " + f2(perImage.perCopy(perImage.writeRequestUnits())), "");
        table.row("Time to last start vs floor", String.format(Locale.ROOT, "%.0f s / %.0f s = %.2f×", lastStart, floor, lastStart / floor),
                "same starts", "≤ " + TARGET_START_RATIO + "×" + met(lastStart <= TARGET_START_RATIO * floor));
        table.row("Throttled calls; copies failed by throttling", throttled + "; " + failedByThrottling, "n/a",
                "0 failed" + met(failedByThrottling == 0));
        table.row("Cost / 1,000 copies: Step Functions", usd(cost.stepFunctions()), usd(perImageCost.stepFunctions()), "");
        table.row("Cost / 1,000 copies: Lambda", usd(cost.lambda()), usd(perImageCost.lambda()), "");
        table.row("Cost / 1,000 copies: DynamoDB", usd(cost.dynamoDb()), usd(perImageCost.dynamoDb()), "");
        table.row("Cost / 1,000 copies: total", usd(cost.total()), usd(perImageCost.total()),
                "≤ $" + TARGET_COST + met(cost.total() <= TARGET_COST));
        table.row("  at DynamoDB's pre-Nov-2024 prices", usd(batched.costPer1000Copies(Prices.US_EAST_1_BEFORE_NOV_2024).total()),
                usd(perImage.costPer1000Copies(Prices.US_EAST_1_BEFORE_NOV_2024).total()), "");

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("job", Map.of("images", IMAGES, "regions", DESTINATIONS, "apiRatePerSecond", API_RATE, "apiBurst", API_BURST,
                "copyMinutes", "20-60", "overrides", overrides));
        json.put("execution", result.toJson());
        json.put("wallSeconds", Usage.round(wallSeconds));
        json.put("virtualSeconds", stack.virtualTime.elapsed().toSeconds());
        json.put("copies", copies);
        json.put("planned", planned);
        json.put("retriedStarts", retriedStarts);
        // Every task move also updates the job item (its counters), so its size sets the write units per move.
        json.put("jobRequestChars", stack.store().request("bench-workflow").map(String::length).orElse(0));
        json.put("failedByThrottling", failedByThrottling);
        json.put("workspaces", Map.of("callsByOperation", callsByOperation, "byFunction", perFunctionWorkspaces(),
                "throttled", throttled, "pollCalls", pollCalls));
        json.put("lambda", Map.of("invocationsByFunction", invocations, "handlerSecondsByFunction", rounded(busy),
                "memoryGb", GB));
        Map<String, Object> dynamoJson = new LinkedHashMap<>();
        dynamo.forEach((f, d) -> dynamoJson.put(f, Map.of("requests", d.requests(), "rru", Usage.round(d.readUnits()),
                "wru", Usage.round(d.writeUnits()), "unitsMeasuredCalls", d.measuredCalls(), "unitsEstimatedCalls", d.estimatedCalls())));
        json.put("dynamodb", dynamoJson);
        json.put("start", Map.of("byRegion", startSeconds, "secondsToLastStart", Usage.round(lastStart),
                "floorSeconds", floor, "ratio", Usage.round(lastStart / floor)));
        json.put("pacing", Map.of("pollWaitInitialSeconds", pacing.pollWaitInitialSeconds(), "pollWaitMaxSeconds",
                pacing.pollWaitMaxSeconds(), "startWaitSeconds", pacing.startWaitSeconds()));
        json.put("prices", prices.toJson());
        json.put("thisDesign", batched.toJson(prices));
        Map<String, Object> perImageJson = new LinkedHashMap<>(perImage.toJson(prices));
        perImageJson.put("pollRounds", perImageRounds);
        perImageJson.put("secondsPerPollInvocation", Usage.round(secondsPerPollCall));
        json.put("perImageDesign", perImageJson);
        json.put("transitions", transitions.toJson());
        return new Report(json, table.markdown());
    }

    /** PollStatus's DynamoDB writes (the copies' final moves), which the per-image design makes too. */
    private long pollWrites() {
        return dynamo.get(POLL).requests().entrySet().stream()
                .filter(e -> !e.getKey().equals("Query") && !e.getKey().equals("GetItem"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> operations(LocalStack stack) {
        return new TreeMap<>((Map<String, Long>) stack.emulator.countersSnapshot().get("calls"));
    }

    /** "Function Operation" → calls (HTTP requests for the poll function, the one the target is about). */
    private Map<String, Long> perFunctionOperations() {
        Map<String, Long> out = new TreeMap<>();
        workspaces.forEach((f, counter) -> counter.calls().forEach((op, n) -> out.put(f.replace("Function", "") + " " + op, n)));
        return out;
    }

    private Map<String, Object> perFunctionWorkspaces() {
        Map<String, Object> out = new TreeMap<>();
        workspaces.forEach((f, counter) -> out.put(f, Map.of("calls", counter.calls(), "httpRequests", counter.httpRequests())));
        return out;
    }

    private static Map<String, Double> rounded(Map<String, Double> values) {
        Map<String, Double> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, Usage.round(v)));
        return out;
    }

    /** A markdown table: metric, this design, per-image design, target. */
    private static final class Table {
        private final List<String[]> rows = new ArrayList<>();

        void row(String metric, String ours, String perImage, String target) {
            rows.add(new String[] {metric, ours, perImage, target});
        }

        String markdown() {
            StringBuilder md = new StringBuilder("| metric | this design (batched per Region) | per-image polling | target |\n")
                    .append("| --- | --- | --- | --- |\n");
            rows.forEach(r -> md.append("| ").append(String.join(" | ", r)).append(" |\n"));
            return md.toString();
        }
    }
}
