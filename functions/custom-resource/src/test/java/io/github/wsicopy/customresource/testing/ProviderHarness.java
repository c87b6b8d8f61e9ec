package io.github.wsicopy.customresource.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.cloudformation.ResourceAnswers;
import io.github.wsicopy.core.cloudformation.ResourceEvent;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.testing.TestStack;
import io.github.wsicopy.core.workflow.CopyPoller;
import io.github.wsicopy.core.workflow.CopyStarter;
import io.github.wsicopy.core.workflow.Executions;
import io.github.wsicopy.core.workflow.JobFinisher;
import io.github.wsicopy.core.workflow.NextStep;
import io.github.wsicopy.core.workflow.Pacing;
import io.github.wsicopy.core.workflow.RegionProgress;
import io.github.wsicopy.customresource.ImageCopyResourceHandler;
import io.github.wsicopy.local.stepfunctions.StepFunctionsEmulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The provider against the local stack, driven the way CloudFormation drives it: CloudFormation's requests are
 * delivered to the handler, its StartExecution calls go through the real SDK client to the Step Functions
 * stand-in, and {@link #runExecutions()} then runs each started execution's steps in the order the state
 * machine's Region loop runs them (start, wait, poll ... then the job's end), with the same core steps and the
 * same {@link ResourceAnswers} hooks the copy, poll-status and notify functions run; answers go to
 * {@link ResponseUrlServer}. Waiting moves the stack's virtual clock, so a copy of half an hour takes
 * milliseconds. The real definition runs these steps in local-run's {@code CustomResourceWorkflowTest}.
 */
public final class ProviderHarness implements AutoCloseable {
    public static final int INVOCATION_MILLIS = 120_000;

    public final TestStack stack;
    public final ResponseUrlServer responses;
    public final CfnRequests requests;
    public final Components components;
    private final ImageCopyResourceHandler handler;
    private final AtomicInteger invocations = new AtomicInteger();
    private final CopyStarter starter;
    private final CopyPoller poller;
    private final JobFinisher finisher;
    private final ResourceAnswers resources;

    public ProviderHarness(TestStack stack) {
        this(stack, stack.stateMachineArn);
    }

    /** A provider that knows the state machine as {@code stateMachineArn} (one the stand-in may not have). */
    public ProviderHarness(TestStack stack, String stateMachineArn) {
        this.stack = stack;
        this.responses = ResponseUrlServer.start(stack.clock);
        this.requests = new CfnRequests(responses);
        this.components = stack.components();
        Executions executions = ImageCopyResourceHandler.executions(components, Map.of(
                "STATE_MACHINE_ARN", stateMachineArn, "AWS_ENDPOINT_URL_SFN", stack.stepFunctions.endpoint().toString()));
        this.handler = new ImageCopyResourceHandler(components, executions);
        this.starter = new CopyStarter(components.store(), components.workspaces(), components.clock(),
                Pacing.from(components.settings()), components.settings().maxStartsPerInvocation(),
                components.settings().startRatePerSecond(), components.log());
        this.poller = new CopyPoller(components.store(), components.workspaces(), components.clock(),
                Pacing.from(components.settings()), components.log());
        this.finisher = new JobFinisher(components.store(), components.clock(), components.retention(), components.log());
        this.resources = ResourceAnswers.of(components);
    }

    /** One delivery, as a new Lambda invocation. */
    public Map<String, Object> deliver(Map<String, Object> event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(Json.writeBytes(event)), out,
                    new ProviderContext("lambda-request-" + invocations.incrementAndGet(), INVOCATION_MILLIS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Json.parseObject(out.toString(StandardCharsets.UTF_8));
    }

    /** The executions the provider started. */
    public List<StepFunctionsEmulator.Execution> executions() {
        return stack.stepFunctions.executions().stream()
                .filter(e -> e.name().startsWith(ResourceEvent.JOB_ID_PREFIX)).toList();
    }

    /** Runs every running execution of a resource's job to its end; returns how many ran. */
    public int runExecutions() {
        int ran = 0;
        for (StepFunctionsEmulator.Execution execution : executions()) {
            if (execution.status() == StepFunctionsEmulator.Status.RUNNING
                    && execution.name().startsWith(ResourceEvent.JOB_ID_PREFIX)) {
                run(String.valueOf(Json.parseObject(execution.input()).get("jobId")));
                stack.stepFunctions.finish(execution.executionArn(), StepFunctionsEmulator.Status.SUCCEEDED);
                ran++;
            }
        }
        return ran;
    }

    /** The state machine's Region loop for each of the job's Regions, then Notify. */
    private void run(String jobId) {
        for (io.github.wsicopy.core.model.Target region : components.store().job(jobId).orElseThrow().targets()) {
            RegionProgress progress = resources.afterStep(starter.run(jobId, region));
            for (int step = 0; progress.next() != NextStep.DONE; step++) {
                assertTrue(step < 500, "the Region loop does not end: " + progress);
                if (progress.next() != NextStep.START) {
                    stack.clock.advance(Duration.ofSeconds(progress.nextWaitSeconds()));
                }
                progress = progress.next() == NextStep.WAIT_THEN_POLL
                        ? resources.afterStep(poller.run(jobId, region, progress.pollRound()))
                        : resources.afterStep(starter.run(jobId, region));
            }
        }
        finisher.finish(jobId, Optional.empty()).ifPresent(f -> resources.atEnd(f.job(), f.tasks()));
    }

    public Map<String, Object> deliverAndRun(Map<String, Object> event) {
        Map<String, Object> first = deliver(event);
        runExecutions();
        return first;
    }

    /** The one response CloudFormation got for a request (fails if there is none or more than one). */
    public ResponseUrlServer.Put onlyResponse(Map<String, Object> event) {
        List<ResponseUrlServer.Put> puts = responses.putsFor(String.valueOf(event.get("RequestId")));
        assertEquals(1, puts.size(), "responses to " + event.get("RequestType") + " " + event.get("RequestId")
                + ": " + puts + "\nprovider log:\n" + String.join("\n", stack.log.lines()));
        return puts.get(0);
    }

    public void advance(Duration duration) {
        stack.clock.advance(duration);
    }

    @Override
    public void close() {
        responses.close();
    }
}
