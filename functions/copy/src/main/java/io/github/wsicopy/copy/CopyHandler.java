package io.github.wsicopy.copy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.config.Inputs;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.workflow.CopyStarter;
import io.github.wsicopy.core.workflow.Pacing;
import io.github.wsicopy.core.workflow.RegionProgress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * Starts copies for one (job, Region). Input: {@code {"jobId", "region", ...}} (the Region loop's state);
 * output: the Region's progress and the next step.
 */
public final class CopyHandler implements RequestStreamHandler {
    private final CopyStarter starter;

    public CopyHandler() {
        this(Components.fromEnvironment());
    }

    public CopyHandler(Components components) {
        this.starter = new CopyStarter(components.store(), components.workspaces(), components.clock(),
                Pacing.from(components.settings()), components.settings().maxStartsPerInvocation(),
                components.settings().startRatePerSecond(), components.log());
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        Map<String, Object> input = Json.parseObject(in);
        RegionProgress progress = starter.run(Inputs.requiredJobId(input), Inputs.requiredRegion(input));
        out.write(Json.writeBytes(progress.toJson()));
    }
}
