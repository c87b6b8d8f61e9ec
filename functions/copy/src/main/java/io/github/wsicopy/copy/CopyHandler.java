package io.github.wsicopy.copy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.wsicopy.core.cloudformation.ResourceAnswers;
import io.github.wsicopy.core.accounts.ImageShares;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.config.Inputs;
import io.github.wsicopy.core.config.Settings;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.snapstart.DryRunService;
import io.github.wsicopy.core.snapstart.Primer;
import io.github.wsicopy.core.snapstart.SnapStartHooks;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.workflow.CopyStarter;
import io.github.wsicopy.core.workflow.Pacing;
import io.github.wsicopy.core.workflow.RegionFailure;
import io.github.wsicopy.core.workflow.RegionProgress;
import io.github.wsicopy.core.workflow.TargetFinisher;
import io.github.wsicopy.core.workflow.contract.FinishInput;
import io.github.wsicopy.core.workflow.contract.RegionFailedInput;
import io.github.wsicopy.core.workflow.contract.RegionInput;
import io.github.wsicopy.core.workspaces.CallDeadline;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.crac.Resource;

/**
 * Starts copies for one batch of targets ((account, Region) each, side by side). Input: {@code {"jobId", "targets",
 * ...}} (the loop's state); output: the batch's progress and the next step. The state machine's RegionFailed state
 * sends {@code {"jobId", "targets", "step", "error": {"Error", "Cause"}}} instead when a step of the loop failed for
 * good: the open tasks of the targets it names (all, if none) then end FAILED (REGION_FAILED) and the loop goes on
 * with the others. Once the batch's copies are final, FinishTarget sends {@code {"jobId", "targets", "finish": true}}
 * (and FinishTargetFailed the same with the step's {@code error}): the after-copy work, {@link TargetFinisher}.
 */
public final class CopyHandler implements RequestStreamHandler {
    private final CopyStarter starter;
    private final RegionFailure regionFailure;
    private final ResourceAnswers resources;
    private final Primer primer;
    private final Settings settings;
    private final Components components;
    private volatile TargetFinisher finisher;

    /** Lambda's constructor; registers the SnapStart priming hook. */
    public CopyHandler() {
        this(Components.fromEnvironment());
        SnapStartHooks.register(primer);
    }

    public CopyHandler(Components components) {
        this.settings = components.settings();
        this.components = components;
        // Shares are made from the stack's account, which only ACCOUNT_ID (set by the template) tells apart.
        this.starter = new CopyStarter(components.store(), components.workspaces(),
                components.settings().accountId().filter(id -> components.workspaces().reachesOtherAccounts())
                        .map(id -> ImageShares.of(components)), components.clock(),
                Pacing.from(components.settings()), components.settings().maxStartsPerInvocation(),
                components.settings().startRatePerSecond(), components.log());
        this.regionFailure = new RegionFailure(components.store(), components.log());
        this.resources = ResourceAnswers.of(components);
        // Primes the path of a Region with a pending copy: claim, CopyWorkspaceImage, record.
        this.primer = new Primer("copy", components, JobState.RUNNING, TaskState.PENDING, CopyHandler::new,
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
        if (FinishInput.isFinish(input)) {
            FinishInput finish = FinishInput.read(input);
            TargetFinisher targetFinisher = finisher(context);
            return finish.error().map(e -> targetFinisher.failed(finish.jobId(), finish.targets(), e))
                    .orElseGet(() -> targetFinisher.finish(finish.jobId(), finish.targets())).toJson();
        }
        RegionProgress progress;
        if (RegionFailedInput.isFailure(input)) {
            RegionFailedInput failed = RegionFailedInput.read(input);
            progress = regionFailure.fail(failed.jobId(), failed.targets(), failed.step(), failed.error());
        } else {
            RegionInput batch = RegionInput.read(input);
            progress = resources.afterStep(starter.run(batch.jobId(), batch.targets(),
                    account -> components.targets(Inputs.callerAccount(context, settings)).workspaces(account),
                    batch.pollRound(), regionFailure));
        }
        return progress.toJson();
    }

    /** Built on first use: it needs the function's own account, which the first invocation's context gives. */
    private TargetFinisher finisher(Context context) {
        TargetFinisher built = finisher;
        if (built == null) {
            built = TargetFinisher.of(components, Inputs.callerAccount(context, settings), components::targets);
            finisher = built;
        }
        return built;
    }

    /** The SnapStart hook (registered by the Lambda constructor only). */
    public Resource primer() {
        return primer;
    }
}
