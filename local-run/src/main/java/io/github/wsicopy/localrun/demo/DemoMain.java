package io.github.wsicopy.localrun.demo;

import io.github.wsicopy.core.finish.FinishResult;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.JobStore;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.workflow.JobReport;
import io.github.wsicopy.localrun.fleet.Fleet;
import io.github.wsicopy.localrun.fleet.FleetException;
import io.github.wsicopy.localrun.fleet.FleetReader;
import io.github.wsicopy.localrun.sfn.Execution;
import io.github.wsicopy.localrun.sfn.ExecutionResult;
import io.github.wsicopy.localrun.sfn.StateMachineRunner;
import io.github.wsicopy.localrun.sfn.Timing;
import io.github.wsicopy.localrun.stack.LocalEndpoints;
import io.github.wsicopy.localrun.stack.LocalStack;
import io.github.wsicopy.localrun.stack.RunCounters;
import io.github.wsicopy.localrun.stack.StackOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code make demo}: one bulk copy, start to end, on this machine. Starts the local stack (DynamoDB Local, the
 * WorkSpaces emulator with the documented limits, the Lambda invoke server), seeds {@link DemoFleet} (or the
 * fleet file given, {@code make demo FLEET=..}: its emulator settings, images and request), runs the real state
 * machine in the interpreter, shows progress per Region, then the result per task, the counters, and
 * {@code target/demo/report.json}. Exits 0 when every check held (and, for the built-in fleet, the job ended
 * as expected), 1 when not, 2 when the demo could not run (a bad fleet file: nothing is started). Stops
 * everything it started, also on Ctrl-C.
 *
 * <p>Usage: {@code DemoMain [repository root] [--fleet file]} (default: the working directory, the built-in fleet).
 */
public final class DemoMain {
    /**
     * Wait states last 150 ms of real time (their virtual length is kept): long enough to watch. Retries wait
     * a second: the emulator's rate limit, which may have caused them, refills in real time.
     */
    private static final Timing TIMING = new Timing(150, 1000);
    private static final Duration POLL_EVERY = Duration.ofMillis(300);
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    /** A user's fleet may be much larger than the built-in one; only a hung run reaches this. */
    private static final Duration FLEET_TIMEOUT = Duration.ofMinutes(30);

    private final Path root;
    private final Path out;
    private final PrintStream console;
    private final Optional<Fleet> fleet;

    private DemoMain(Path root, Path out, PrintStream console, Optional<Fleet> fleet) {
        this.root = root;
        this.out = out;
        this.console = console;
        this.fleet = fleet;
    }

    public static void main(String[] args) {
        Path root = Path.of(".");
        Optional<Path> fleet = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--fleet") && i + 1 < args.length) {
                fleet = Optional.of(Path.of(args[++i]));
            } else {
                root = Path.of(args[i]);
            }
        }
        root = root.toAbsolutePath().normalize();
        System.exit(run(root, root.resolve("target/demo"), System.out, fleet.map(root::resolve)));
    }

    /** Runs the demo over the built-in fleet, writing the report and the functions' log to {@code out}; returns the exit status. */
    public static int run(Path root, Path out, PrintStream console) {
        return run(root, out, console, Optional.empty());
    }

    /** Runs the demo over {@code fleetFile}'s fleet and request when given; a bad file is reported and starts nothing. */
    public static int run(Path root, Path out, PrintStream console, Optional<Path> fleetFile) {
        Optional<Fleet> fleet;
        try {
            fleet = fleetFile.map(FleetReader::read);
        } catch (FleetException e) {
            console.println("demo: " + e.getMessage());
            return 2;
        }
        if (fleet.isPresent() && fleet.get().request().isEmpty()) {
            console.println("demo: the fleet file " + fleetFile.get() + " has no request, so there is no job to run:"
                    + " add a \"request\" (README, \"Your own fleet\"), or look at the fleet with make api FLEET=...");
            return 2;
        }
        try {
            return new DemoMain(root, out, console, fleet).run();
        } catch (Exception e) {
            console.println("demo: could not run: " + e);
            e.printStackTrace(console);
            return 2;
        }
    }

    private int run() throws IOException, InterruptedException {
        Files.createDirectories(out);
        try (StopOnExit stopOnExit = new StopOnExit();
                PrintWriter log = new PrintWriter(Files.newBufferedWriter(out.resolve("functions.log"), StandardCharsets.UTF_8), true);
                LocalStack stack = stopOnExit.guard(LocalStack.startQuietly(options().withLog(line -> {
                    synchronized (log) {
                        log.println(line);
                    }
                })))) {
            return runJob(stack, stopOnExit);
        }
    }

    /**
     * As an administrator would deploy it: the stack trusts the owners the demo's request names (the partner of
     * the built-in fleet, or a fleet file's trustedOwnerAccounts), so the request may name them too.
     */
    private StackOptions options() {
        StackOptions defaults = StackOptions.defaults(root).withTiming(TIMING);
        List<String> trusted = fleet.map(Fleet::trustedOwnerAccounts).orElse(List.of(DemoFleet.PARTNER_ACCOUNT));
        StackOptions trusting = defaults.withEnvironment(Map.of("TRUSTED_OWNER_ACCOUNTS", String.join(",", trusted)));
        return fleet.map(f -> trusting.withEmulator(f.emulatorConfig(defaults.emulator()))).orElse(trusting);
    }

    private DemoJob seed(LocalStack stack) {
        if (fleet.isEmpty()) {
            return DemoFleet.seed(stack.emulator, stack.account());
        }
        fleet.get().seed(stack.emulator);
        return DemoJob.of(fleet.get());
    }

    /** Runs one job through the state machine, showing progress per Region, and returns how the execution ended. */
    private ExecutionResult execute(LocalStack stack, StopOnExit stopOnExit, DemoJob fleet, Duration timeout)
            throws InterruptedException {
        StateMachineRunner runner = stack.stateMachine();
        JobStore store = stack.store();
        long started = System.nanoTime();
        try (Execution execution = stopOnExit.guard(runner.start(fleet.jobId(), Map.of("request", fleet.request())))) {
            ProgressView progress = new ProgressView(console, fleet.destinations(), System.console() != null);
            console.println("Job " + fleet.jobId() + ": validating ...");
            while (execution.running() && elapsed(started).compareTo(timeout) < 0) {
                if (planned(store, fleet.jobId())) {
                    progress.update(store.tasks(fleet.jobId()), elapsed(started), stack.virtualTime.elapsed());
                }
                Thread.sleep(POLL_EVERY.toMillis());
            }
            ExecutionResult result = execution.await(Duration.ofSeconds(30));
            progress.update(store.tasks(fleet.jobId()), elapsed(started), stack.virtualTime.elapsed());
            return result;
        }
    }

    private int runJob(LocalStack stack, StopOnExit stopOnExit) throws IOException, InterruptedException {
        DemoJob fleet = seed(stack);
        introduce(stack, fleet);
        Duration timeout = this.fleet.isPresent() ? FLEET_TIMEOUT : TIMEOUT;
        JobStore store = stack.store();
        long started = System.nanoTime();
        ExecutionResult result = execute(stack, stopOnExit, fleet, timeout);
        Duration real = elapsed(started);
        Job job = store.job(fleet.jobId()).orElseThrow(() -> new IllegalStateException("the job was never created"));
        List<CopyTask> tasks = store.tasks(fleet.jobId());
        RunCounters counters = RunCounters.of(stack, result.transitions());
        List<String> problems = DemoChecks.violations(fleet, result, job, tasks, stack.emulator, stack.account());

        console.println();
        console.printf("Execution %s in %.1f s real, %s virtual. Job %s %s: %s%n", result.status(),
                real.toMillis() / 1000.0, ProgressView.hms(counters.virtualTime()), job.jobId(), job.state(), summary(tasks));
        console.println();
        TaskTable.print(console, tasks, fleet);
        console.println();
        console.println("Counters");
        counters.lines().forEach(line -> console.println("  " + line));
        console.println();
        if (this.fleet.isEmpty()) {
            problems.addAll(runOrganizationJob(stack, stopOnExit, fleet));
            problems.addAll(runNextVersionJob(stack, stopOnExit, fleet, tasks));
        }
        Path report = writeReport(fleet, result, job, tasks, counters, problems, real);
        if (problems.isEmpty()) {
            console.println("Checks: every task final with a reason, counters equal the tasks, at most one copy per"
                    + " image and Region, job state matches its tasks" + (this.fleet.isEmpty()
                    ? ", the after-copy work done (one deletion, the bundle updated, the parameter written)" : "")
                    + ": all hold");
        } else {
            console.println("Checks FAILED:");
            problems.forEach(p -> console.println("  - " + p));
        }
        console.println("Report: " + shortPath(report) + "   Function logs: " + shortPath(out.resolve("functions.log")));
        console.println(problems.isEmpty()
                ? "Result: PASS (the job ended " + job.state() + (fleet.expected().isPresent()
                        ? ", as expected for this fleet)" : "; the checks hold for any fleet, the end state is your fleet's)")
                : "Result: FAIL");
        return problems.isEmpty() ? 0 : 1;
    }

    /**
     * The built-in fleet's second job: two of the images into the stack's account and the organization's OU (one
     * account with the target-account role, one without), so the demo shows a share, copies made in another account,
     * the share removed, and an unreachable account with its reason while the others go on.
     */
    private List<String> runOrganizationJob(LocalStack stack, StopOnExit stopOnExit, DemoJob first)
            throws InterruptedException {
        DemoJob org = DemoFleet.organizationJob(first, stack.account(), stack.organization.ouId());
        console.println();
        org.introduction().forEach(console::println);
        ExecutionResult result = execute(stack, stopOnExit, org, TIMEOUT);
        Job job = stack.store().job(org.jobId()).orElseThrow(() -> new IllegalStateException("the job was never created"));
        List<CopyTask> tasks = stack.store().tasks(org.jobId());
        console.println();
        console.printf("Execution %s. Job %s %s: %s%n", result.status(), job.jobId(), job.state(), summary(tasks));
        console.println();
        TaskTable.print(console, tasks, org);
        return DemoChecks.organizationViolations(org, result, job, tasks, stack.emulator, stack.account());
    }

    /**
     * The built-in fleet's third job: a new version of one image into one Region with retain, bundles and publish, so
     * the demo shows the finishing step's work (a retention deletion, a bundle update, a parameter), printed after
     * the job's task table as the job's report and notification list it.
     */
    private List<String> runNextVersionJob(LocalStack stack, StopOnExit stopOnExit, DemoJob first,
            List<CopyTask> firstTasks) throws InterruptedException {
        DemoJob next = DemoFleet.nextVersionJob(stack.emulator, stack.account(), first);
        Optional<String> olderCopy = firstTasks.stream()
                .filter(t -> t.destinationRegion().equals(DemoFleet.NEXT_VERSION_REGION)
                        && first.nameOf(t.sourceImageId()).equals(DemoFleet.NEXT_VERSION_OF))
                .flatMap(t -> t.destinationImageId().stream()).findFirst();
        console.println();
        next.introduction().forEach(console::println);
        ExecutionResult result = execute(stack, stopOnExit, next, TIMEOUT);
        Job job = stack.store().job(next.jobId()).orElseThrow(() -> new IllegalStateException("the job was never created"));
        List<CopyTask> tasks = stack.store().tasks(next.jobId());
        List<FinishResult> finished = stack.finishResults().results(next.jobId());
        console.println();
        console.printf("Execution %s. Job %s %s: %s%n", result.status(), job.jobId(), job.state(), summary(tasks));
        console.println();
        TaskTable.print(console, tasks, next);
        console.print(JobReport.afterCopyText(finished));
        return DemoChecks.afterCopyViolations(next, result, job, tasks, finished, stack.emulator, stack.ssm,
                stack.account(), olderCopy);
    }

    /** Whether validation has written all of the job's tasks (it writes them in batches, then starts the job). */
    private static boolean planned(JobStore store, String jobId) {
        return store.job(jobId).map(j -> j.state() == JobState.RUNNING || j.state().terminal()).orElse(false);
    }

    private void introduce(LocalStack stack, DemoJob fleet) {
        console.println("wsicopy demo: the real state machine and the four functions, on this machine (no AWS, no Docker)");
        if (this.fleet.isEmpty()) {
            console.println("  Lambda invoke server " + stack.lambda.endpoint() + ", WorkSpaces emulator " + stack.emulator.endpoint()
                    + " (2 calls/s per Region, copies take 30 min of virtual time), DynamoDB Local, table " + stack.table);
        }
        fleet.introduction().forEach(console::println);
        console.println();
        LocalEndpoints.lines(stack, fleet.sourceRegion(), this.fleet.map(Fleet::accessKeys).orElse(Map.of()))
                .forEach(console::println);
        console.println("  (up while the demo runs; make api " + (this.fleet.isPresent() ? "FLEET=.. " : "")
                + "keeps a stack up to look at)");
        console.println();
    }

    private static String summary(List<CopyTask> tasks) {
        long copied = tasks.stream().filter(t -> t.state() == TaskState.SUCCEEDED).count();
        long alreadyThere = tasks.stream().filter(t -> t.reasonCode().orElse(null) == ReasonCode.ALREADY_REPLICATED).count();
        long failed = tasks.stream().filter(t -> t.state() == TaskState.FAILED).count();
        long skipped = tasks.stream().filter(t -> t.state() == TaskState.SKIPPED).count() - alreadyThere;
        return String.format("%d tasks: %d copied, %d already there, %d failed, %d skipped", tasks.size(), copied,
                alreadyThere, failed, skipped);
    }

    private Path writeReport(DemoJob fleet, ExecutionResult result, Job job, List<CopyTask> tasks,
            RunCounters counters, List<String> problems, Duration real) throws IOException {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("jobId", job.jobId());
        report.put("state", job.state());
        report.put("expectedState", fleet.expected().orElse(null));
        report.put("passed", problems.isEmpty());
        report.put("problems", problems);
        report.put("realSeconds", real.toMillis() / 1000.0);
        report.put("virtualSeconds", counters.virtualTime().toSeconds());
        report.put("request", fleet.request());
        report.put("execution", result.toJson());
        report.put("counts", job.counts().toJson());
        Map<String, Object> regions = new LinkedHashMap<>();
        RegionStatus.of(fleet.destinations(), tasks).forEach(s -> regions.put(s.region(), s.toJson()));
        report.put("regions", regions);
        report.put("tasks", tasks.stream().map(t -> task(t, fleet)).toList());
        report.put("counters", counters.toJson());
        Path file = out.resolve("report.json");
        Files.writeString(file, Json.writeIndented(report), StandardCharsets.UTF_8);
        return file;
    }

    private static Map<String, Object> task(CopyTask t, DemoJob fleet) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("destinationRegion", t.destinationRegion());
        json.put("sourceImageId", t.sourceImageId());
        json.put("sourceName", fleet.nameOf(t.sourceImageId()));
        json.put("state", t.state());
        json.put("destinationImageId", t.destinationImageId().orElse(null));
        json.put("destinationName", t.destinationName());
        json.put("reasonCode", t.reasonCode().orElse(null));
        json.put("reason", t.reason().orElse(null));
        json.put("attempts", t.attempts());
        return json;
    }

    private Path shortPath(Path file) {
        return file.startsWith(root) ? root.relativize(file) : file;
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
