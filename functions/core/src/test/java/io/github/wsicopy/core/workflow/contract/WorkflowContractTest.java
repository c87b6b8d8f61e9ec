package io.github.wsicopy.core.workflow.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.model.Target;
import io.github.wsicopy.core.store.Counts;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.workflow.JobFinisher.WorkflowError;
import io.github.wsicopy.core.workflow.JobValidator;
import io.github.wsicopy.core.workflow.NextStep;
import io.github.wsicopy.core.workflow.RegionFailure;
import io.github.wsicopy.core.workflow.RegionProgress;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The ASL and the contract's records agree (every Choice variable and compared value, every path, Parameters and
 * ItemSelector, the Route state against NextStep), each record's JSON is its own fields and reads back equal, and the
 * ASL smoke run's fixtures ({@code scripts/fixtures/workflow-contract.json}) are what the records write.
 */
class WorkflowContractTest {
    private static final Path ROOT = Path.of("../..");
    private static final Path ASL = ROOT.resolve("statemachine/bulk-copy.asl.json");
    /** Written from {@link #samples()}; {@code -Dwsicopy.updateFixtures=true} rewrites it when a record changed. */
    static final Path FIXTURES = ROOT.resolve("scripts/fixtures/workflow-contract.json");

    @Test
    void theStateMachineReadsAndWritesTheContractsRecords() throws IOException {
        assertEquals(List.of(), AslContract.check(definition()));
    }

    @Test
    void aChoiceOnAFieldTheOutputDoesNotHaveFails() throws IOException {
        assertProblem(text -> text.replace("\"$.hasWork\"", "\"$.hasWorkToDo\""),
                "HasWork (input Result): reads $.hasWorkToDo, but its input Result has only [jobId, state, batches, hasWork, counts]");
    }

    @Test
    void aComparedValueThatIsNotANextStepFails() throws IOException {
        assertProblem(text -> text.replace("\"StringEquals\": \"WAIT_THEN_START\"", "\"StringEquals\": \"WAIT_AND_START\""),
                "Route (input RegionProgress): $.next is never 'WAIT_AND_START'; NextStep is one of [START, WAIT_THEN_START, WAIT_THEN_POLL, DONE]");
    }

    @Test
    void aRouteThatSendsANextStepElsewhereFails() throws IOException {
        assertProblem(text -> text.replace("\"Next\": \"WaitBeforePoll\"", "\"Next\": \"WaitBeforeStart\""),
                "Route: next WAIT_THEN_POLL leads to StartCopies after a Wait, but NextStep.WAIT_THEN_POLL means PollStatus after a Wait");
    }

    @Test
    void aRouteWhoseDoneSkipsTheFinishingStepFails() throws IOException {
        assertProblem(text -> text.replace("\"Default\": \"FinishTarget\"", "\"Default\": \"RegionDone\""),
                "Route: next DONE leads to no task state, but NextStep.DONE means the loop's end, FinishTarget");
    }

    @Test
    void aFinishingStepWithoutItsFlagFails() throws IOException {
        assertProblem(text -> text.replace("\"finish\": true,", ""),
                "FinishTargetFailed (input RegionProgress + error): gives [jobId, targets, error], but"
                        + " FinishInput needs 'finish'");
    }

    @Test
    void parametersThatMissAFieldOfTheTasksInputFail() throws IOException {
        assertProblem(text -> text.replace("\"step\": \"PollStatus\",", "\"stepName\": \"PollStatus\","),
                "RegionFailed (input PollStatusFailed (input RegionProgress + error) Parameters): gives [jobId, targets, stepName, error], "
                        + "but RegionFailedInput needs 'step'");
    }

    @Test
    void aStepNameRegionFailedDoesNotKnowFails() throws IOException {
        assertProblem(text -> text.replace("\"step\": \"StartCopies\",", "\"step\": \"StartCopy\","),
                "StartCopiesFailed (input RegionInput + error): step 'StartCopy' is not a RegionFailure.Step");
    }

    @Test
    void eachRecordsJsonIsItsFieldsAndReadsBackEqual() {
        Samples s = samples();
        assertRoundTrip(s.validateInput, ValidateInput.read(wire(s.validateInput.toJson())), s.validateInput.toJson());
        assertRoundTrip(s.validated, JobValidator.Result.read(wire(s.validated.toJson())), s.validated.toJson());
        assertRoundTrip(s.regionItem, RegionInput.read(wire(s.regionItem.toJson())), s.regionItem.toJson());
        assertRoundTrip(s.progress, RegionProgress.read(wire(s.progress.toJson())), s.progress.toJson());
        assertRoundTrip(s.regionFailed, RegionFailedInput.read(wire(s.regionFailed.toJson())), s.regionFailed.toJson());
        assertRoundTrip(s.notifySuccess, NotifyInput.read(wire(s.notifySuccess.toJson())), s.notifySuccess.toJson());
        assertRoundTrip(s.notifyFailure, NotifyInput.read(wire(s.notifyFailure.toJson())), s.notifyFailure.toJson());
        assertRoundTrip(s.notified, NotifyOutput.read(wire(s.notified.toJson())), s.notified.toJson());
        assertRoundTrip(s.finish, FinishInput.read(wire(s.finish.toJson())), s.finish.toJson());
        assertRoundTrip(s.finishFailed, FinishInput.read(wire(s.finishFailed.toJson())), s.finishFailed.toJson());
        assertRoundTrip(s.finished, FinishOutput.read(wire(s.finished.toJson())), s.finished.toJson());
        assertEquals(s.progress.pollRound(), RegionInput.read(wire(s.progress.toJson())).pollRound(),
                "the loop's state is also the next step's input");
    }

    @Test
    void theSmokeRunsFixturesAreWhatTheRecordsWrite() throws IOException {
        String expected = Json.writeIndented(fixtures());
        if (Boolean.getBoolean("wsicopy.updateFixtures")) {
            Files.writeString(FIXTURES, expected, StandardCharsets.UTF_8);
        }
        assertEquals(expected, Files.readString(FIXTURES, StandardCharsets.UTF_8),
                FIXTURES + " is not what the contract's records write; run this test with -Dwsicopy.updateFixtures=true");
    }

    /** One example of each record, as the smoke run's stub functions send and expect them. */
    record Samples(ValidateInput validateInput, JobValidator.Result validated, RegionInput regionItem,
            RegionProgress progress, RegionFailedInput regionFailed, NotifyInput notifySuccess, NotifyInput notifyFailure,
            NotifyOutput notified, FinishInput finish, FinishInput finishFailed, FinishOutput finished) {}

    static Samples samples() {
        Counts counts = new Counts(Map.of(TaskState.PENDING, 4L));
        return new Samples(
                new ValidateInput(ExecutionInput.ofJob("job-0001"), Optional.of("job-0001")),
                new JobValidator.Result("job-0001", JobState.RUNNING, List.of(List.of(new Target("123456789012", "eu-west-1"),
                        new Target("222222222222", "ap-southeast-2")), List.of(new Target("333333333333", "eu-west-1"))),
                        true, counts),
                RegionInput.first("job-0001", BATCH),
                new RegionProgress("job-0001", BATCH, 0, 0, 0, 0, 0, 30, NextStep.WAIT_THEN_POLL),
                new RegionFailedInput("job-0001", BATCH, RegionFailure.Step.POLL_STATUS,
                        new WorkflowError("java.lang.IllegalStateException", "boom")),
                NotifyInput.success("job-0001", "job-0001"),
                NotifyInput.failure("job-0001", new WorkflowError("java.lang.IllegalArgumentException", "no such job")),
                new NotifyOutput("job-0001", "SUCCEEDED", Optional.of(counts)),
                FinishInput.of("job-0001", BATCH),
                FinishInput.failed("job-0001", BATCH,
                        new WorkflowError("io.github.wsicopy.core.TransientFailure", "SSM is throttling")),
                new FinishOutput("job-0001", BATCH, 1, 0, 1, 1, 0, false));
    }

    /** A batch of two targets: the loop's items and steps carry a batch. */
    static final List<Target> BATCH = List.of(new Target("222222222222", "eu-west-1"),
            new Target("222222222222", "us-west-2"));

    /** The fixture file: samples of each record, and the routing NextStep declares. */
    static Map<String, Object> fixtures() {
        Samples s = samples();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("comment", "Written by core's WorkflowContractTest from the workflow contract's records "
                + "(io.github.wsicopy.core.workflow.contract); read by scripts/smoke-asl.mjs. Do not edit by hand.");
        json.put("validateInput", s.validateInput.toJson());
        json.put("validateOutput", s.validated.toJson());
        json.put("regionItem", s.regionItem.toJson());
        json.put("regionProgress", s.progress.toJson());
        json.put("regionFailedInput", s.regionFailed.toJson());
        json.put("notifyInput", s.notifySuccess.toJson());
        json.put("notifyFailureInput", s.notifyFailure.toJson());
        json.put("notifyOutput", s.notified.toJson());
        json.put("finishInput", s.finish.toJson());
        json.put("finishFailedInput", s.finishFailed.toJson());
        json.put("finishOutput", s.finished.toJson());
        Map<String, Object> next = new LinkedHashMap<>();
        for (NextStep step : NextStep.values()) {
            Map<String, Object> route = new LinkedHashMap<>();
            route.put("taskState", step.taskState().orElse(null));
            route.put("waits", step.waits());
            next.put(step.name(), route);
        }
        json.put("nextSteps", next);
        return json;
    }

    /** Through JSON text, as Step Functions passes it. */
    private static Map<String, Object> wire(Map<String, Object> json) {
        return Json.parseObject(Json.write(json));
    }

    private static void assertRoundTrip(Record written, Record read, Map<String, Object> json) {
        assertEquals(written, read, "read back of " + Json.write(json));
        List<String> fields = java.util.Arrays.stream(written.getClass().getRecordComponents())
                .map(RecordComponent::getName).toList();
        assertTrue(fields.containsAll(json.keySet()), written.getClass().getSimpleName() + " writes " + json.keySet()
                + ", not all of them its fields " + fields + " (the ASL check reads the fields)");
    }

    private static void assertProblem(UnaryOperator<String> edit, String problem) throws IOException {
        String text = Files.readString(ASL, StandardCharsets.UTF_8);
        String edited = edit.apply(text);
        assertTrue(!edited.equals(text), "the edit did not apply");
        List<String> problems = AslContract.check(Json.parseObject(edited));
        assertTrue(problems.contains(problem), "expected\n  " + problem + "\namong\n  " + String.join("\n  ", problems));
    }

    private static Map<String, Object> definition() throws IOException {
        return Json.parseObject(Files.readString(ASL, StandardCharsets.UTF_8));
    }
}
