package io.github.wsicopy.poll;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.config.Inputs;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.workflow.CopyPoller;
import io.github.wsicopy.core.workflow.Pacing;
import io.github.wsicopy.core.workflow.RegionProgress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * Polls the running copies of one (job, Region). Input and output: the Region loop's progress
 * ({@code jobId, region, pollRound, ...}); the output says what comes next and how long to wait.
 */
public final class PollStatusHandler implements RequestStreamHandler {
    private final CopyPoller poller;

    public PollStatusHandler() {
        this(Components.fromEnvironment());
    }

    public PollStatusHandler(Components components) {
        this.poller = new CopyPoller(components.store(), components.workspaces(), components.clock(),
                Pacing.from(components.settings()), components.log());
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        Map<String, Object> input = Json.parseObject(in);
        RegionProgress progress = poller.run(Inputs.requiredJobId(input), Inputs.requiredRegion(input),
                RegionProgress.pollRoundOf(input));
        out.write(Json.writeBytes(progress.toJson()));
    }
}
