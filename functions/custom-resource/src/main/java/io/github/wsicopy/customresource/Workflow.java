package io.github.wsicopy.customresource;

import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.config.Settings;
import io.github.wsicopy.core.model.RequestParser;
import io.github.wsicopy.core.rules.RulesConfig;
import io.github.wsicopy.core.workflow.CopyPoller;
import io.github.wsicopy.core.workflow.CopyStarter;
import io.github.wsicopy.core.workflow.FactGatherer;
import io.github.wsicopy.core.workflow.JobFinisher;
import io.github.wsicopy.core.workflow.JobValidator;
import io.github.wsicopy.core.workflow.Pacing;
import io.github.wsicopy.core.workflow.Planner;
import io.github.wsicopy.core.workflow.PolicyResolver;

/** The bulk workflow's steps, configured for jobs of one copy made for a CloudFormation resource. */
record Workflow(JobValidator validator, CopyStarter starter, CopyPoller poller, JobFinisher finisher) {

    static Workflow of(Components c) {
        Settings settings = c.settings();
        Pacing pacing = Pacing.from(settings);
        // No tag lookups and no replica ledger: a resource always makes its own copy and owns it (its Delete removes
        // it; a replacement stands beside the image it replaces until CloudFormation deletes that one), so an
        // earlier copy of the same source must not count as "already replicated" (CloudFormation would adopt, and
        // later delete, an image the stack never made). Names are still checked against the destination. Jobs, in
        // turn, see a resource's copy through its system tags and do not copy that pair again.
        FactGatherer facts = new FactGatherer(c.workspaces(), java.util.Optional.empty(), 0, c.clock());
        Planner planner = new Planner(facts,
                RulesConfig.defaults().withImageQuotaPerRegion(settings.imageQuotaPerRegion()), defaults(settings));
        JobValidator validator = new JobValidator(c.store(), planner, new PolicyResolver(c.workspaces()),
                c.clock(), c.retention(), c.log());
        return new Workflow(validator,
                new CopyStarter(c.store(), c.workspaces(), c.clock(), pacing, 1, settings.startRatePerSecond(), c.log(),
                        false),
                new CopyPoller(c.store(), c.workspaces(), c.clock(), pacing, c.log()),
                new JobFinisher(c.store(), c.clock(), c.retention(), c.log()));
    }

    static RequestParser.Defaults defaults(Settings settings) {
        return new RequestParser.Defaults(settings.trustedOwnerAccounts());
    }
}
