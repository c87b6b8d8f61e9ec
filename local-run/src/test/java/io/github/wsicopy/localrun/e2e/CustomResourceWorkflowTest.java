package io.github.wsicopy.localrun.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.cloudformation.ResourceEvent;
import io.github.wsicopy.core.config.AwsClients;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.config.Settings;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.testing.Invoke;
import io.github.wsicopy.core.testing.LocalDynamo;
import io.github.wsicopy.customresource.ImageCopyResourceHandler;
import io.github.wsicopy.customresource.testing.CfnRequests;
import io.github.wsicopy.customresource.testing.ExpectedResponse;
import io.github.wsicopy.customresource.testing.ResponseUrlServer;
import io.github.wsicopy.local.workspaces.EmulatedImage;
import io.github.wsicopy.localrun.api.LocalApiServer;
import io.github.wsicopy.localrun.sfn.ExecutionResult;
import io.github.wsicopy.localrun.sfn.Timing;
import io.github.wsicopy.localrun.stack.LocalStack;
import io.github.wsicopy.localrun.stack.StackOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * {@code Custom::WorkSpacesImageCopy} through the real state machine: the provider (configured from template.yaml)
 * starts an execution on the Step Functions stand-in, the interpreter runs the real definition with the real
 * copy, poll-status and notify functions, and CloudFormation's loopback response URL gets the one answer.
 */
class CustomResourceWorkflowTest {
    private static final String PROVIDER = "ImageCopyProviderFunction";
    private static final String SOURCE = "wsi-0golden01";

    private LocalApiServer local;
    private LocalStack stack;
    private ResponseUrlServer responses;
    private CfnRequests requests;
    private ImageCopyResourceHandler provider;

    @BeforeEach
    void start() {
        local = LocalApiServer.start(StackOptions.defaults(WorkflowRun.ROOT).withDynamoEndpoint(LocalDynamo.endpoint())
                .withEmulator(io.github.wsicopy.local.workspaces.EmulatorConfig.defaults().withRateLimit(0, 0)),
                0, new Timing(20, 200));
        stack = local.stack();
        responses = ResponseUrlServer.start(stack.clock);
        requests = new CfnRequests(responses);
        Map<String, String> env = new LinkedHashMap<>(stack.environment(stack.template.function(PROVIDER)));
        env.put("AWS_ENDPOINT_URL_SFN", local.stepFunctions().endpoint().toString());
        Settings settings = Settings.from(env);
        Components components = Components.of(settings, new AwsClients(settings,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIALOCALCFN", "local-secret"))),
                stack.clock, stack.log(PROVIDER));
        provider = new ImageCopyResourceHandler(components, ImageCopyResourceHandler.executions(components, env));
    }

    @AfterEach
    void stop() {
        responses.close();
        local.close();
    }

    private static Map<String, Object> golden(String waitForAvailable) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("ImageId", SOURCE);
        p.put("DestinationRegionId", "eu-west-1");
        p.put("DestinationImageName", "golden-2026-11");
        p.put("WaitForAvailable", waitForAvailable);
        return p;
    }

    /** Delivers the request to the provider, then waits (real time, bounded) for its job's execution to end. */
    private ExecutionResult createAndRun(Map<String, Object> create) throws InterruptedException {
        assertEquals("STARTED", Invoke.handler(provider, create).get("outcome"));
        String jobId = ResourceEvent.parse(create).jobId();
        for (int i = 0; i < 1200; i++) {
            Optional<ExecutionResult> result = local.result(jobId);
            if (result.isPresent()) {
                return result.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the execution of " + jobId + " did not end");
    }

    private ResponseUrlServer.Put onlyResponse(Map<String, Object> request) {
        List<ResponseUrlServer.Put> puts = responses.putsFor(String.valueOf(request.get("RequestId")));
        assertEquals(1, puts.size(), "responses: " + puts);
        return puts.get(0);
    }

    @Test
    void aCreateIsAnsweredByTheStateMachineWhenTheCopyIsAvailable() throws InterruptedException {
        Map<String, Object> create = requests.create("GoldenImageInEurope", golden("true"));

        ExecutionResult result = createAndRun(create);

        assertTrue(result.succeeded(), result.toJson().toString());
        EmulatedImage copy = stack.emulator.images(LocalApiServer.ACCOUNT, "eu-west-1").get(0);
        String jobId = ResourceEvent.parse(create).jobId();
        ResponseUrlServer.Put put = onlyResponse(create);
        assertEquals(ExpectedResponse.body(create, "SUCCESS", "copied " + SOURCE + " from us-east-1 to eu-west-1 as "
                + copy.imageId() + " (golden-2026-11), AVAILABLE; job " + jobId, copy.imageId(),
                ExpectedResponse.attributes(copy.imageId(), "eu-west-1", "AVAILABLE")), put.body());
        assertFalse(put.at().isBefore(copy.completesAt()), "answered before the copy was AVAILABLE");
        assertEquals(JobState.SUCCEEDED, stack.store().job(jobId).orElseThrow().state());
        assertEquals(1, stack.emulator.counters().copies());
    }

    @Test
    void withoutWaitingTheCopyStepAnswersWithTheNewId() throws InterruptedException {
        Map<String, Object> create = requests.create("GoldenImageInEurope", golden("false"));

        assertTrue(createAndRun(create).succeeded());

        EmulatedImage copy = stack.emulator.images(LocalApiServer.ACCOUNT, "eu-west-1").get(0);
        ResponseUrlServer.Put put = onlyResponse(create);
        assertEquals(ExpectedResponse.body(create, "SUCCESS", "the copy " + copy.imageId() + " of " + SOURCE
                + " to eu-west-1 has started (WaitForAvailable is false, so CloudFormation does not wait for it)",
                copy.imageId(), ExpectedResponse.attributes(copy.imageId(), "eu-west-1", "PENDING")), put.body());
        assertTrue(put.at().isBefore(copy.completesAt()), "answered when the copy started: " + Json.write(put.json()));
        assertEquals(JobState.SUCCEEDED, stack.store().job(ResourceEvent.parse(create).jobId()).orElseThrow().state());
    }
}
