package io.github.wsicopy.poll;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.wsicopy.core.cloudformation.ResourceAnswers;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.config.Inputs;
import io.github.wsicopy.core.config.Settings;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.snapstart.DryRunService;
import io.github.wsicopy.core.snapstart.Primer;
import io.github.wsicopy.core.snapstart.SnapStartHooks;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.workflow.CopyPoller;
import io.github.wsicopy.core.workflow.Pacing;
import io.github.wsicopy.core.workflow.RegionFailure;
import io.github.wsicopy.core.workflow.RegionProgress;
import io.github.wsicopy.core.workflow.contract.RegionInput;
import io.github.wsicopy.core.workspaces.CallDeadline;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.crac.Resource;

/**
 * Polls the running copies of one batch of targets ((account, Region) each, side by side). Input and output: the
 * loop's progress ({@code jobId, targets, pollRound, ...}); the output says what comes next and how long to wait.
 */
public final class PollStatusHandler implements RequestStreamHandler {
    private final CopyPoller poller;
    private final RegionFailure failure;
    private final ResourceAnswers resources;
    private final Settings settings;
    private final Components components;
    private final Primer primer;

    /** Lambda's constructor; registers the SnapStart priming hook. */
    public PollStatusHandler() {
        this(Components.fromEnvironment());
        SnapStartHooks.register(primer);
    }

    public PollStatusHandler(Components components) {
        this.settings = components.settings();
        this.components = components;
        this.poller = new CopyPoller(components.store(), components.workspaces(), components.clock(),
                Pacing.from(components.settings()), components.log());
        this.failure = new RegionFailure(components.store(), components.log());
        this.resources = ResourceAnswers.of(components);
        // Primes the path of a copy that just became AVAILABLE: describe, record SUCCEEDED.
        this.primer = new Primer("poll-status", components, JobState.RUNNING, TaskState.COPYING,
                PollStatusHandler::new,
                world -> RegionInput.first(DryRunService.JOB_ID, world.target()).toJson());
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        try (CallDeadline deadline = CallDeadline.of(context)) {
            out.write(Json.writeBytes(handle(Json.parseObject(in), context)));
        }
    }

    /** The handler's work on an already parsed event. */
    public Map<String, Object> handle(Map<String, Object> input, Context context) {
        RegionInput batch = RegionInput.read(input);
        RegionProgress progress = poller.run(batch.jobId(), batch.targets(), batch.pollRound(),
                account -> components.targets(Inputs.callerAccount(context, settings)).workspaces(account), failure);
        return resources.afterStep(progress).toJson();
    }

    /** The SnapStart hook (registered by the Lambda constructor only). */
    public Resource primer() {
        return primer;
    }
}
