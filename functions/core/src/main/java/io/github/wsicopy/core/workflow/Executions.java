package io.github.wsicopy.core.workflow;

import io.github.wsicopy.core.json.Json;
import java.util.Map;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;

/**
 * The state machine's executions, one per job, named after the job id: Step Functions keeps names unique per
 * state machine, so a repeated start of a job cannot make a second execution.
 */
public final class Executions {
    private final SfnClient sfn;
    private final String stateMachineArn;

    public Executions(SfnClient sfn, String stateMachineArn) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
    }

    /**
     * Which state machine a function starts, from its environment: STATE_MACHINE_ARN, and the SDK's standard
     * AWS_ENDPOINT_URL_SFN (else AWS_ENDPOINT_URL) where a local stand-in answers.
     */
    public record Target(String stateMachineArn, java.util.Optional<java.net.URI> endpoint) {
        public static Target from(Map<String, String> env, String why) {
            return new Target(io.github.wsicopy.core.config.Settings.required(env, "STATE_MACHINE_ARN", why),
                    io.github.wsicopy.core.config.Settings.endpoint(env, "SFN"));
        }
    }

    /** The target's executions, through a Step Functions client built like every other client of the project. */
    public static Executions of(io.github.wsicopy.core.config.Components c, Target target) {
        return new Executions(c.clients().configure(SfnClient.builder(), c.settings().awsRegion(), target.endpoint())
                .build(), target.stateMachineArn());
    }

    /**
     * Starts the job's execution with input {@code {"jobId"}}. Idempotent: a start with the same name and input
     * while it runs returns it again, and {@code ExecutionAlreadyExists} (it has ended, or a concurrent start won)
     * means the job's execution exists, which is what was asked.
     */
    public void start(String jobId) {
        start(jobId, Map.of("jobId", jobId));
    }

    /**
     * Starts a run of the stored policy {@code policyId} as job {@code jobId}, with the input its schedule gives
     * ({@code {"policyId"}}): Validate reads the policy, takes its lock and resolves its selector. Idempotent as
     * {@link #start}.
     */
    public void startPolicyRun(String jobId, String policyId) {
        start(jobId, Map.of("policyId", policyId));
    }

    private void start(String jobId, Map<String, Object> input) {
        try {
            sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(jobId).input(Json.write(input)));
        } catch (ExecutionAlreadyExistsException alreadyStarted) {
            // the execution named after this job exists: started by an earlier or a concurrent request
        }
    }

    /** Stops the job's execution; false when it never started (the job was stored but not started). */
    public boolean stop(String jobId, String cause) {
        try {
            sfn.stopExecution(r -> r.executionArn(executionArn(jobId)).error("CancelledByUser").cause(cause));
            return true;
        } catch (ExecutionDoesNotExistException neverStarted) {
            return false;
        }
    }

    /** {@code arn:…:stateMachine:<name>} → {@code arn:…:execution:<name>:<jobId>}. */
    public String executionArn(String jobId) {
        return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + jobId;
    }
}
