package io.github.wsicopy.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.store.JobOrigin;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.local.scheduler.SchedulerEmulator;
import io.github.wsicopy.core.testing.TestStack;
import io.github.wsicopy.core.workflow.JobValidator;
import io.github.wsicopy.core.workflow.contract.ExecutionInput;
import io.github.wsicopy.local.stepfunctions.StepFunctionsEmulator;
import io.github.wsicopy.local.workspaces.ImageSeed;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Replication policies over the API, against the local stack and the Scheduler stand-in (the real SDK client). */
class PolicyRoutesTest {
    static final String SOURCE = "us-east-1";
    static final String EU = "eu-west-1";
    static final String AP = "ap-northeast-1";

    private final Api api = Api.onNewStack();
    private final TestStack stack = api.stack;
    private final SchedulerEmulator scheduler = stack.scheduler;

    @AfterEach
    void stop() {
        api.close();
    }

    private static Map<String, Object> document(List<String> destinations) {
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("sourceRegion", SOURCE);
        policy.put("select", Map.of("tags", Map.of("replicate", "true"), "namePrefix", "golden-"));
        policy.put("destinationRegions", destinations);
        return policy;
    }

    private static Map<String, Object> body(Map<String, Object> policy, String expression) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("policy", policy);
        if (expression != null) {
            body.put("schedule", Map.of("expression", expression, "timezone", "Europe/Paris"));
        }
        return body;
    }

    private Api.Response put(String id, Map<String, Object> body) {
        return api.put("/policies/" + id, body, Map.of());
    }

    /** Two images the policy selects, and two it does not. */
    private List<String> seedFleet() {
        List<String> matching = List.of(
                stack.emulator.addImage(TestStack.ACCOUNT, SOURCE, ImageSeed.named("golden-win11").tag("replicate", "true")),
                stack.emulator.addImage(TestStack.ACCOUNT, SOURCE, ImageSeed.named("golden-win10").tag("replicate", "true")));
        stack.emulator.addImage(TestStack.ACCOUNT, SOURCE, ImageSeed.named("golden-untagged"));
        stack.emulator.addImage(TestStack.ACCOUNT, SOURCE, ImageSeed.named("dev-win11").tag("replicate", "true"));
        return matching;
    }

    // ---- PUT -------------------------------------------------------------------------------------------

    @Test
    void aNewPolicyIsStoredAnswered201AndScheduledToStartTheStateMachineWithItsId() {
        Api.Response response = put("nightly-golden", body(document(List.of(EU)), "cron(0 2 * * ? *)"));

        assertEquals(201, response.status(), response.body().toString());
        assertEquals("\"1\"", response.headers().get("etag"));
        assertEquals("https://api.example.test/policies/nightly-golden", response.headers().get("location"));
        assertEquals("nightly-golden", response.text("policyId"));
        @SuppressWarnings("unchecked")
        Map<String, Object> stored = (Map<String, Object>) response.json().get("policy");
        assertEquals("nightly-golden", stored.get("policyId"), "the path's id is the document's");
        assertEquals(1, ((Number) response.json().get("version")).intValue());

        Map<String, Object> schedule = scheduler.schedule(TestStack.SCHEDULE_GROUP, "nightly-golden").orElseThrow();
        assertEquals("cron(0 2 * * ? *)", schedule.get("ScheduleExpression"));
        assertEquals("Europe/Paris", schedule.get("ScheduleExpressionTimezone"));
        assertEquals("ENABLED", schedule.get("State"));
        assertEquals(Map.of("Mode", "OFF"), schedule.get("FlexibleTimeWindow"));
        @SuppressWarnings("unchecked")
        Map<String, Object> target = (Map<String, Object>) schedule.get("Target");
        assertEquals(stack.stateMachineArn, target.get("Arn"));
        assertEquals(TestStack.SCHEDULE_ROLE_ARN, target.get("RoleArn"));
        assertEquals(Map.of("policyId", "nightly-golden"), Json.parse((String) target.get("Input")),
                "the schedule names the policy; Validate reads it from the table, so an edit needs no schedule change");
        assertEquals(List.of("CreateSchedule"), scheduler.calls().stream().map(SchedulerEmulator.Call::operation).toList());
    }

    @Test
    void replacingAnswers200BumpsTheVersionAndUpdatesTheSchedule() {
        put("nightly-golden", body(document(List.of(EU)), "cron(0 2 * * ? *)"));

        Map<String, Object> changed = body(document(List.of(EU, AP)), "rate(12 hours)");
        @SuppressWarnings("unchecked")
        Map<String, Object> schedule = new LinkedHashMap<>((Map<String, Object>) changed.get("schedule"));
        schedule.put("enabled", false);
        changed.put("schedule", schedule);
        Api.Response response = api.put("/policies/nightly-golden", changed, Map.of("if-match", "\"1\""));

        assertEquals(200, response.status(), response.body().toString());
        assertEquals("\"2\"", response.headers().get("etag"));
        assertEquals(null, response.headers().get("location"));
        Map<String, Object> there = scheduler.schedule(TestStack.SCHEDULE_GROUP, "nightly-golden").orElseThrow();
        assertEquals("rate(12 hours)", there.get("ScheduleExpression"));
        assertEquals("DISABLED", there.get("State"));
        assertEquals(List.of("CreateSchedule", "CreateSchedule", "UpdateSchedule"),
                scheduler.calls().stream().map(SchedulerEmulator.Call::operation).toList(),
                "a create that finds the schedule updates it");
        Api.Response read = api.get("/policies/nightly-golden");
        assertEquals(List.of(EU, AP), ((Map<?, ?>) read.json().get("policy")).get("destinationRegions"));
        assertEquals("\"2\"", read.headers().get("etag"));
    }

    @Test
    void aStaleIfMatchIs409AndChangesNothing() {
        put("nightly-golden", body(document(List.of(EU)), "cron(0 2 * * ? *)"));
        put("nightly-golden", body(document(List.of(AP)), "cron(0 3 * * ? *)"));
        int calls = scheduler.calls().size();

        Api.Response replace = api.put("/policies/nightly-golden", body(document(List.of(EU, AP)), "rate(1 day)"),
                Map.of("if-match", "\"1\""));
        Api.Response delete = api.delete("/policies/nightly-golden", Map.of("if-match", "\"1\""));

        assertEquals(409, replace.status(), replace.body().toString());
        assertEquals(ProblemType.POLICY_CHANGED.uri(), replace.problemType());
        assertTrue(replace.text("detail").contains("version 2 is stored now"), replace.text("detail"));
        assertEquals(409, delete.status(), delete.body().toString());
        assertEquals(ProblemType.POLICY_CHANGED.uri(), delete.problemType());
        assertEquals(2, ((Number) api.get("/policies/nightly-golden").json().get("version")).intValue());
        assertEquals(calls, scheduler.calls().size(), "Scheduler was not asked anything");
        assertEquals("cron(0 3 * * ? *)", scheduler.schedule(TestStack.SCHEDULE_GROUP, "nightly-golden").orElseThrow()
                .get("ScheduleExpression"));
    }

    @Test
    void aBadPolicyGetsEveryFieldErrorNamingItsFieldAndNothingIsStoredOrScheduled() {
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("policyId", "another-id");
        policy.put("sourceRegion", "US-EAST-1");
        policy.put("select", Map.of());
        policy.put("destinationRegions", "SOME");
        policy.put("colour", "blue");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("policy", policy);
        body.put("schedule", Map.of("expression", "every night", "timezone", "Mars/Olympus", "enabled", "yes"));
        body.put("owner", "me");

        Api.Response response = put("nightly-golden", body);

        assertEquals(400, response.status(), response.body().toString());
        assertEquals(ProblemType.INVALID_REQUEST.uri(), response.problemType());
        assertEquals(Set.of("policy.policyId", "schedule.expression", "schedule.timezone", "schedule.enabled", "owner"),
                new HashSet<>(response.errorFields()), "the id mismatch stops the document's own checks");

        policy.remove("policyId");
        Api.Response second = put("nightly-golden", Map.of("policy", policy));
        assertEquals(Set.of("policy.sourceRegion", "policy.select", "policy.destinationRegions", "policy.colour"),
                new HashSet<>(second.errorFields()), second.errors().toString());
        second.errors().forEach(e -> assertFalse(((String) e.get("message")).contains("Exception"), e.toString()));

        assertEquals(404, api.get("/policies/nightly-golden").status());
        assertEquals(List.of(), scheduler.calls());
    }

    @Test
    void anInvalidIdInThePathIs400OnPutAnd404Elsewhere() {
        Api.Response put = put("bad%20id!", body(document(List.of(EU)), null));
        assertEquals(400, put.status());
        assertEquals(List.of("policyId"), put.errorFields());

        assertEquals(404, api.get("/policies/bad!").status());
    }

    @Test
    void whatSchedulerRefusesIsA400AndTheWriteIsUndone() {
        put("nightly-golden", body(document(List.of(EU)), "cron(0 2 * * ? *)"));
        scheduler.refuseNext("Invalid Schedule Expression cron(0 2 31 2 ? *).");

        Api.Response response = api.put("/policies/nightly-golden", body(document(List.of(AP)), "cron(0 2 31 2 ? *)"),
                Map.of());

        assertEquals(400, response.status(), response.body().toString());
        assertEquals(List.of("schedule.expression"), response.errorFields());
        assertTrue(String.valueOf(response.errors().get(0).get("message")).contains("Invalid Schedule Expression"));
        Api.Response read = api.get("/policies/nightly-golden");
        assertEquals(1, ((Number) read.json().get("version")).intValue(), "the first version stands");
        assertEquals(List.of(EU), ((Map<?, ?>) read.json().get("policy")).get("destinationRegions"));
    }

    @Test
    void aPolicyWithoutScheduleRunsOnlyOnDemandAndDroppingTheScheduleDeletesIt() {
        put("nightly-golden", body(document(List.of(EU)), "cron(0 2 * * ? *)"));

        Api.Response response = put("nightly-golden", body(document(List.of(EU)), null));

        assertEquals(200, response.status(), response.body().toString());
        assertFalse(response.json().containsKey("schedule"));
        assertEquals(Optional.empty(), scheduler.schedule(TestStack.SCHEDULE_GROUP, "nightly-golden"));
    }

    // ---- GET, DELETE -----------------------------------------------------------------------------------

    @Test
    void policiesAreListedByIdInPages() {
        for (String id : List.of("c-policy", "a-policy", "b-policy")) {
            assertEquals(201, put(id, body(document(List.of(EU)), "rate(1 day)")).status());
        }

        Api.Response first = api.get("/policies?limit=2");
        assertEquals(200, first.status(), first.body().toString());
        assertEquals(List.of("a-policy", "b-policy"), first.list("policies").stream().map(p -> p.get("policyId")).toList());
        Api.Response second = api.get("/policies?limit=2&nextToken=" + first.text("nextToken"));
        assertEquals(List.of("c-policy"), second.list("policies").stream().map(p -> p.get("policyId")).toList());
        assertFalse(second.json().containsKey("nextToken"));

        assertEquals(400, api.get("/policies?nextToken=garbage").status());
        assertEquals(List.of(), api.get("/jobs").list("jobs"), "policies are not jobs");
    }

    @Test
    void anUnknownPolicyIs404OnEveryRoute() {
        for (Api.Response response : List.of(api.get("/policies/nope"), api.delete("/policies/nope", Map.of()),
                api.post("/policies/nope/run", null), api.post("/policies/nope/plan", null))) {
            assertEquals(404, response.status(), response.body().toString());
            assertEquals(ProblemType.POLICY_NOT_FOUND.uri(), response.problemType());
        }
    }

    @Test
    void deletingRemovesThePolicyAndItsScheduleButLeavesTheRunLockToTheRun() {
        seedFleet();
        put("nightly-golden", body(document(List.of(EU)), "cron(0 2 * * ? *)"));
        String jobId = api.post("/policies/nightly-golden/run", null).text("jobId");
        validateAsTheStateMachineWould(jobId);

        Api.Response response = api.delete("/policies/nightly-golden", Map.of("if-match", "\"1\""));

        assertEquals(200, response.status(), response.body().toString());
        assertEquals(jobId, response.text("activeJobId"), "the run in progress finishes");
        assertEquals(404, api.get("/policies/nightly-golden").status());
        assertEquals(Optional.empty(), scheduler.schedule(TestStack.SCHEDULE_GROUP, "nightly-golden"));
        assertEquals("DeleteSchedule", scheduler.calls().get(scheduler.calls().size() - 1).operation());
        assertEquals(Optional.of(jobId), stack.store().policyLocks().holder("nightly-golden"), "the lock item stays");
        assertEquals(JobState.RUNNING, stack.store().job(jobId).orElseThrow().state());
    }

    // ---- run, plan -------------------------------------------------------------------------------------

    /** The Validate step of the execution the API started, as the validate function dispatches its input. */
    private JobValidator.Result validateAsTheStateMachineWould(String jobId) {
        StepFunctionsEmulator.Execution execution = stack.stepFunctions.executions().stream()
                .filter(e -> e.name().equals(jobId)).findFirst().orElseThrow();
        ExecutionInput input = ExecutionInput.read(Json.parseObject(execution.input()));
        return JobValidator.of(api.components).validateStoredPolicy(jobId, input.policyId().orElseThrow(),
                TestStack.ACCOUNT);
    }

    @Test
    void aRunStartsAJobOfThePolicyThroughTheSchedulesPathAndRunsNeverOverlap() {
        List<String> matching = seedFleet();
        put("nightly-golden", body(document(List.of(EU, AP)), "cron(0 2 * * ? *)"));

        Api.Response run = api.post("/policies/nightly-golden/run", null);

        assertEquals(202, run.status(), run.body().toString());
        String jobId = run.text("jobId");
        assertEquals("nightly-golden", run.text("policyId"));
        assertEquals("https://api.example.test/jobs/" + jobId, run.headers().get("location"));
        Job job = stack.store().job(jobId).orElseThrow();
        assertEquals(new JobOrigin.Scheduled("nightly-golden"), job.origin());
        assertEquals(Map.of("policyId", "nightly-golden"),
                Json.parse(stack.stepFunctions.executions().get(0).input()), "the input the schedule gives");

        JobValidator.Result validated = validateAsTheStateMachineWould(jobId);
        assertEquals(JobState.RUNNING, validated.state());
        assertEquals(Set.of(EU, AP), validated.targets().stream().map(io.github.wsicopy.core.model.Target::region)
                .collect(java.util.stream.Collectors.toSet()));
        assertEquals(4, validated.counts().total(), "the two selected images to two Regions");
        assertEquals(Set.copyOf(matching), Set.copyOf((List<?>) Json.parseObject(stack.store().request(jobId)
                .orElseThrow()).get("imageIds")));
        assertEquals(Optional.of(jobId), stack.store().policyLocks().holder("nightly-golden"));

        Api.Response second = api.post("/policies/nightly-golden/run", null);
        assertEquals(409, second.status(), second.body().toString());
        assertEquals(ProblemType.POLICY_RUN_ACTIVE.uri(), second.problemType());
        assertTrue(second.text("detail").contains(jobId));
        assertEquals(1, stack.stepFunctions.executions().size(), "no second execution");
        assertEquals(jobId, api.get("/policies/nightly-golden").text("activeJobId"));
    }

    @Test
    void aRunThatRacesPastTheApisCheckIsStoppedByTheLock() {
        seedFleet();
        put("nightly-golden", body(document(List.of(EU)), null));
        String first = api.post("/policies/nightly-golden/run", null).text("jobId");
        String second = api.post("/policies/nightly-golden/run", null).text("jobId"); // the first is not validated yet

        validateAsTheStateMachineWould(first);
        JobValidator.Result blocked = validateAsTheStateMachineWould(second);

        assertEquals(JobState.CANCELLED, blocked.state());
        assertTrue(stack.store().job(second).orElseThrow().note().orElseThrow().contains(first));
    }

    @Test
    void anEditAppliesToTheNextRunWithoutTouchingTheSchedule() {
        seedFleet();
        put("nightly-golden", body(document(List.of(EU)), "cron(0 2 * * ? *)"));
        put("nightly-golden", body(document(List.of(AP)), "cron(0 2 * * ? *)"));
        Map<String, Object> schedule = scheduler.schedule(TestStack.SCHEDULE_GROUP, "nightly-golden").orElseThrow();

        String jobId = api.post("/policies/nightly-golden/run", null).text("jobId");

        assertEquals(List.of(AP), validateAsTheStateMachineWould(jobId).targets().stream()
                .map(io.github.wsicopy.core.model.Target::region).toList());
        assertEquals(Json.write(schedule.get("Target")), Json.write(scheduler.schedule(TestStack.SCHEDULE_GROUP,
                "nightly-golden").orElseThrow().get("Target")));
    }

    @Test
    void aPlanResolvesTheSelectorAndPlansWithoutWritingAnything() {
        List<String> matching = seedFleet();
        put("nightly-golden", body(document(List.of(EU, AP)), "cron(0 2 * * ? *)"));

        Api.Response plan = api.post("/policies/nightly-golden/plan", null);

        assertEquals(200, plan.status(), plan.body().toString());
        assertEquals(Set.copyOf(matching), Set.copyOf((List<?>) ((Map<?, ?>) plan.json().get("request")).get("imageIds")));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> copies = (List<Map<String, Object>>) ((Map<?, ?>) plan.json().get("plan")).get("copies");
        assertEquals(4, copies.size(), plan.body().toString());
        // the same plan view as POST /plans: which images quota each Region's plan used
        assertEquals(2, ((List<?>) ((Map<?, ?>) plan.json().get("plan")).get("imageQuotas")).size(), plan.body().toString());
        assertEquals(List.of(), stack.stepFunctions.executions());
        assertEquals(List.of(), api.get("/jobs").list("jobs"));
        assertEquals(Optional.empty(), stack.store().policyLocks().holder("nightly-golden"));
    }

    @Test
    void aPlanThatSelectsNothingSaysSo() {
        put("nightly-golden", body(document(List.of(EU)), null));

        Api.Response plan = api.post("/policies/nightly-golden/plan", null);

        assertEquals(200, plan.status(), plan.body().toString());
        assertTrue(plan.text("note").contains("no image in us-east-1 matches"), plan.text("note"));
    }
}
