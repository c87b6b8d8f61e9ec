package io.github.wsicopy.local.stepfunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.local.stepfunctions.StepFunctionsEmulator.Execution;
import io.github.wsicopy.local.stepfunctions.StepFunctionsEmulator.Status;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The listeners a local runner hangs on the stand-in: starts, and stops that end a running execution. */
class StepFunctionsEmulatorTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private StepFunctionsEmulator emulator;
    private String stateMachineArn;

    @BeforeEach
    void start() {
        emulator = StepFunctionsEmulator.start();
        stateMachineArn = emulator.createStateMachine("us-east-1", "123456789012", "BulkCopyStateMachine");
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private HttpResponse<String> call(String operation, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "AWSStepFunctions." + operation)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String startExecution(String name) throws IOException, InterruptedException {
        HttpResponse<String> started = call("StartExecution", """
                {"stateMachineArn": "%s", "name": "%s", "input": "{\\"jobId\\": \\"%s\\"}"}"""
                .formatted(stateMachineArn, name, name));
        assertEquals(200, started.statusCode(), started.body());
        return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + name;
    }

    private HttpResponse<String> stopExecution(String executionArn) throws IOException, InterruptedException {
        return call("StopExecution", """
                {"executionArn": "%s", "error": "CancelledByUser", "cause": "cancelled through the API"}"""
                .formatted(executionArn));
    }

    @Test
    void stopListenersHearOfAStopThatEndedARunningExecutionOnce() throws Exception {
        List<Execution> started = new CopyOnWriteArrayList<>();
        List<Execution> stopped = new CopyOnWriteArrayList<>();
        emulator.onStart(started::add);
        List<Status> statusSeenByListener = new CopyOnWriteArrayList<>();
        emulator.onStop(execution -> {
            statusSeenByListener.add(emulator.execution(execution.executionArn()).orElseThrow().status());
            stopped.add(execution);
        });
        String arn = startExecution("job-1");

        HttpResponse<String> first = stopExecution(arn);
        HttpResponse<String> again = stopExecution(arn);

        assertEquals(200, first.statusCode(), first.body());
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(1, started.size());
        assertEquals(1, stopped.size(), "a second stop of an ended execution is not news");
        assertEquals(List.of(Status.ABORTED), statusSeenByListener, "the listener runs once the execution has ended");
        Execution aborted = stopped.get(0);
        assertEquals(arn, aborted.executionArn());
        assertEquals("job-1", aborted.name());
        assertEquals(Status.ABORTED, aborted.status());
        assertEquals(Optional.of("CancelledByUser"), aborted.error());
        assertEquals(Optional.of("cancelled through the API"), aborted.cause());
        assertTrue(aborted.stopDate().isPresent());
        assertFalse(emulator.finish(arn, Status.SUCCEEDED), "a stopped execution does not end again");
        assertEquals(Status.ABORTED, emulator.execution(arn).orElseThrow().status());
    }

    @Test
    void anExecutionThatEndedIsNotStoppedAndTheListenerIsNotCalled() throws Exception {
        List<Execution> stopped = new CopyOnWriteArrayList<>();
        emulator.onStop(stopped::add);
        String arn = startExecution("job-2");

        assertTrue(emulator.finish(arn, Status.FAILED, Optional.of("States.TaskFailed"), Optional.of("Copy failed")));
        HttpResponse<String> stop = stopExecution(arn);

        assertEquals(200, stop.statusCode(), stop.body());
        assertEquals(List.of(), stopped);
        Execution failed = emulator.execution(arn).orElseThrow();
        assertEquals(Status.FAILED, failed.status());
        assertEquals(Optional.of("States.TaskFailed"), failed.error());
        assertEquals(Optional.of("Copy failed"), failed.cause());
    }

    @Test
    void stoppingAnUnknownExecutionIsAnErrorAndNotNews() throws Exception {
        List<Execution> stopped = new CopyOnWriteArrayList<>();
        emulator.onStop(stopped::add);

        HttpResponse<String> stop = stopExecution(stateMachineArn.replace(":stateMachine:", ":execution:") + ":nobody");

        assertEquals(400, stop.statusCode());
        assertTrue(stop.body().contains("ExecutionDoesNotExist"), stop.body());
        assertEquals(List.of(), stopped);
    }
}
