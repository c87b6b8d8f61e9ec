package io.github.wsicopy.localrun.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.model.PolicyParser;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.model.RequestParser;
import io.github.wsicopy.core.rules.Regions;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.store.JobOrigin;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.testing.Invariants;
import io.github.wsicopy.core.testing.LocalDynamo;
import io.github.wsicopy.core.workflow.contract.ExecutionInput;
import io.github.wsicopy.core.workflow.contract.ValidateInput;
import io.github.wsicopy.local.workspaces.EmulatorConfig;
import io.github.wsicopy.local.workspaces.ImageSeed;
import io.github.wsicopy.localrun.lambda.LambdaInvoker;
import io.github.wsicopy.localrun.sfn.Execution;
import io.github.wsicopy.localrun.sfn.ExecutionResult;
import io.github.wsicopy.localrun.stack.LocalStack;
import io.github.wsicopy.localrun.stack.StackOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scheduled replication end to end: each run is what EventBridge Scheduler starts (an execution with input
 * {@code {"policy": ...}} and a generated name), through the real state machine on a local stack; a run that must
 * stay active while another starts is only validated (its Validate function invoked as the state machine would).
 */
class ScheduledReplicationTest {
    private static final String SOURCE = "us-east-1";
    private static final String EU = "eu-west-1";
    private static final String AP = "ap-northeast-1";

    private static final Path ROOT = Path.of(System.getProperty("wsicopy.root", "..")).toAbsolutePath().normalize();
    /** Far above what any run here needs; only a hung run reaches it. */
    private static final Duration EXECUTION_TIMEOUT = Duration.ofMinutes(3);

    private LocalStack stack;
    private String account;

    @BeforeEach
    void start() {
        stack = LocalStack.start(StackOptions.defaults(ROOT)
                .withDynamoEndpoint(LocalDynamo.endpoint())
                .withEmulator(EmulatorConfig.defaults().withRateLimit(0, 0))
                .withEnvironment(Map.of("START_RATE_PER_SECOND", "50", "WORKSPACES_CALLS_PER_SECOND", "1000",
                        "WORKSPACES_BURST", "1000")));
        account = stack.account();
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    private Map<String, Object> policy(Object destinations) {
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("policyId", "nightly-golden");
        policy.put("sourceRegion", SOURCE);
        policy.put("select", Map.of("tags", Map.of("replicate", "true"), "namePrefix", "golden-"));
        policy.put("destinationRegions", destinations);
        return policy;
    }

    /** The images of a fleet: two match the policy, the others miss its tag or its name prefix. */
    private List<String> seedFleet() {
        List<String> matching = new ArrayList<>();
        matching.add(stack.emulator.addImage(account, SOURCE, ImageSeed.named("golden-win11").tag("replicate", "true")));
        matching.add(stack.emulator.addImage(account, SOURCE, ImageSeed.named("golden-win10").tag("replicate", "true")));
        stack.emulator.addImage(account, SOURCE, ImageSeed.named("golden-untagged"));
        stack.emulator.addImage(account, SOURCE, ImageSeed.named("dev-win11").tag("replicate", "true"));
        stack.emulator.addImage(account, SOURCE, ImageSeed.named("golden-off").tag("replicate", "false"));
        return matching;
    }

    /** The Validate state of execution {@code executionName} alone: the run is then active until it is run on. */
    private Map<String, Object> validate(String executionName, Map<String, Object> policy) {
        LambdaInvoker.Response response = new LambdaInvoker(stack.lambda.endpoint()).invoke("ValidateFunction",
                new ValidateInput(ExecutionInput.ofPolicy(policy), Optional.of(executionName)).toJson());
        assertTrue(response.ok(), response.payload());
        return response.payloadObject();
    }

    /** A whole execution, as the schedule starts it; Notify's output. */
    private Map<String, Object> run(String executionName, Map<String, Object> policy) {
        return execute(executionName, ExecutionInput.ofPolicy(policy));
    }

    /** The rest of an execution whose Validate already ran: its job is stored, so Validate goes on with it. */
    private Map<String, Object> runOn(String executionName) {
        return execute(executionName, ExecutionInput.ofJob(executionName));
    }

    private Map<String, Object> execute(String executionName, ExecutionInput input) {
        try (Execution execution = stack.stateMachine().start(executionName, input.toJson())) {
            ExecutionResult result = execution.await(EXECUTION_TIMEOUT);
            assertTrue(result.succeeded(), result.toJson() + "\n" + execution.diagnostics());
            return result.outputObject();
        }
    }

    private Job job(String jobId) {
        return stack.store().job(jobId).orElseThrow();
    }

    @Test
    void aScheduleRunTwiceInARowCopiesNothingTheSecondTime() {
        List<String> matching = seedFleet();

        assertEquals("SUCCEEDED", run("run-1", policy(List.of(EU, AP))).get("state"));
        assertEquals(4, stack.emulator.counters().calls("CopyWorkspaceImage"), "2 images x 2 Regions");
        List<String> copied = stack.store().tasks("run-1").stream().map(CopyTask::sourceImageId).distinct().sorted().toList();
        assertEquals(matching.stream().sorted().toList(), copied, "only the images the selector matches");
        assertEquals(new JobOrigin.Scheduled("nightly-golden"), job("run-1").origin());

        assertEquals("SUCCEEDED", run("run-2", policy(List.of(EU, AP))).get("state"));

        assertEquals(4, stack.emulator.counters().calls("CopyWorkspaceImage"), "the second run copied nothing");
        List<CopyTask> secondTasks = stack.store().tasks("run-2");
        assertEquals(4, secondTasks.size());
        secondTasks.forEach(t -> assertEquals(Optional.of(ReasonCode.ALREADY_REPLICATED), t.reasonCode(), t.sortKey()));
        Invariants.noDuplicateCopies(stack.emulator, account, List.of(EU, AP));
        assertEquals(Optional.empty(), stack.store().policyLocks().holder("nightly-golden"), "released after each run");
    }

    @Test
    void aRunThatFindsThePreviousRunActiveEndsCancelledAndCopiesNothing() {
        seedFleet();
        Map<String, Object> first = validate("run-1", policy(List.of(EU)));
        assertEquals("RUNNING", first.get("state"));

        Map<String, Object> blockedNotified = run("run-2", policy(List.of(EU)));

        assertEquals("CANCELLED", blockedNotified.get("state"));
        assertEquals(JobState.CANCELLED, job("run-2").state());
        String note = job("run-2").note().orElseThrow();
        assertTrue(note.contains("run-1") && note.contains("still active"), note);
        assertTrue(stack.store().tasks("run-2").isEmpty());
        assertEquals(Optional.of("run-1"), stack.store().policyLocks().holder("nightly-golden"),
                "the blocked run's notify leaves the active run's lock alone");
        assertTrue(stack.sink.messages().stream().anyMatch(m -> m.body().contains(note)), "the notification says why");

        assertEquals("SUCCEEDED", runOn("run-1").get("state"));
        assertEquals("SUCCEEDED", run("run-3", policy(List.of(EU))).get("state"),
                "the lock was released: the next run goes ahead");
        assertEquals(2, stack.emulator.counters().calls("CopyWorkspaceImage"));
    }

    @Test
    void allMeansEveryWorkSpacesRegionOfThePartitionButTheSource() {
        seedFleet();

        validate("run-all", policy("ALL"));

        List<?> destinations = (List<?>) Json.parseObject(stack.store().request("run-all").orElseThrow()).get("destinationRegions");
        List<String> expected = Regions.workSpacesRegions("aws").stream().filter(r -> !r.equals(SOURCE)).toList();
        assertEquals(expected, destinations);
        assertTrue(destinations.size() > 10, destinations.toString());
        Invariants.countersMatchTasks(stack.store(), "run-all");
    }

    @Test
    void aPolicyThatSelectsNothingSucceedsWithANoteAndReleasesItsLock() {
        stack.emulator.addImage(account, SOURCE, ImageSeed.named("dev-only"));

        Map<String, Object> out = run("run-empty", policy(List.of(EU)));

        assertEquals("SUCCEEDED", out.get("state"));
        assertTrue(job("run-empty").note().orElseThrow().contains("no image"), job("run-empty").note().toString());
        assertEquals(Optional.empty(), stack.store().policyLocks().holder("nightly-golden"));
    }

    @Test
    void anInvalidPolicyFailsTheRunWithEveryFieldErrorAndCallsNoWorkSpacesApi() {
        Map<String, Object> bad = policy("EVERYWHERE");
        bad.put("select", Map.of());
        bad.put("encrypted", true);

        Map<String, Object> out = validate("run-bad", bad);

        assertEquals("FAILED", out.get("state"));
        List<?> errors = (List<?>) Json.parse(job("run-bad").validationErrors().orElseThrow());
        assertEquals(List.of("select", "destinationRegions", "encrypted"),
                errors.stream().map(e -> ((Map<?, ?>) e).get("field")).toList());
        assertEquals(0, stack.emulator.counters().calls());
        assertEquals(JobState.FAILED, job("run-bad").state());
    }

    @Test
    void theTemplatesDefaultPolicyIsAValidPolicy() throws IOException {
        String template = Files.readString(Path.of(System.getProperty("wsicopy.template", "../template.yaml")));
        Matcher m = Pattern.compile("(?m)^  SchedulePolicy:\\n(?:    .*\\n)*?    Default: '(.*)'$").matcher(template);
        assertTrue(m.find(), "SchedulePolicy's Default in template.yaml");
        Matcher pattern = Pattern.compile("(?m)^  SchedulePolicy:\\n(?:    .*\\n)*?    AllowedPattern: (.*)$").matcher(template);
        assertTrue(pattern.find());

        assertInstanceOf(PolicyParser.Valid.class, PolicyParser.parse(Json.parseObject(m.group(1)),
                RequestParser.Defaults.NONE));
        assertTrue(m.group(1).matches(pattern.group(1)), "the default passes CloudFormation's AllowedPattern");
        assertTrue(!"{\"sourceRegion\": \"us-east-1\"}".matches(pattern.group(1)), "a policy without policyId does not");
    }
}
