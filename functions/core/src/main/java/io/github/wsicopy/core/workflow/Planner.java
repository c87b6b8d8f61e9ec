package io.github.wsicopy.core.workflow;

import io.github.wsicopy.core.workspaces.ImageQuotas;

import io.github.wsicopy.core.config.Settings;
import io.github.wsicopy.core.finish.AfterCopyPreview;
import io.github.wsicopy.core.model.CopyRequest;
import io.github.wsicopy.core.model.Facts;
import io.github.wsicopy.core.model.FieldError;
import io.github.wsicopy.core.model.Plan;
import io.github.wsicopy.core.model.RequestParser;
import io.github.wsicopy.core.rules.RulesConfig;
import io.github.wsicopy.core.rules.RulesEngine;
import io.github.wsicopy.core.store.JobStore;
import io.github.wsicopy.core.store.RegionSnapshots;
import io.github.wsicopy.core.workspaces.WorkSpacesGateway;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Request JSON → shape check → facts from WorkSpaces → rules → plan. The one path every entry point takes:
 * the validate step before writing tasks, the API's dry run (which writes nothing), and each scheduled run.
 */
public final class Planner {
    private final FactGatherer facts;
    private final RulesConfig rules;
    private final RequestParser.Defaults defaults;

    public Planner(FactGatherer facts, RulesConfig rules, RequestParser.Defaults defaults) {
        this.facts = facts;
        this.rules = rules;
        this.defaults = defaults;
    }

    /**
     * The deployment's planner: its quota, trusted owners and tag lookup limit, reading the replica ledger and
     * sharing Region snapshots with concurrent validations.
     *
     * @param writes false for a planner that must write nothing (the API's dry run): it uses a shared snapshot
     *               but never stores one
     */
    public static Planner of(WorkSpacesGateway workspaces, JobStore store, Clock clock, Settings settings,
            boolean writes) {
        return of(workspaces, store, clock, settings, ImageQuotas.NONE, writes);
    }

    /** @param quotas where the images quota applied per Region is read (ImageQuotas.of: Service Quotas) */
    public static Planner of(WorkSpacesGateway workspaces, JobStore store, Clock clock, Settings settings,
            ImageQuotas quotas, boolean writes) {
        return of(workspaces, store, clock, settings, quotas, Optional.empty(), writes);
    }

    /** @param accounts the destination accounts as seen from a caller's account (empty: its own account only) */
    public static Planner of(WorkSpacesGateway workspaces, JobStore store, Clock clock, Settings settings,
            ImageQuotas quotas, Optional<java.util.function.Function<String, TargetAccounts>> accounts, boolean writes) {
        RegionSnapshots snapshots = store.snapshots(Duration.ofSeconds(settings.regionFactsMaxAgeSeconds()), writes);
        return new Planner(new FactGatherer(workspaces, Optional.of(store.replicas()), Optional.of(snapshots),
                settings.tagLookupLimit(), clock, quotas, accounts),
                RulesConfig.defaults().withImageQuotaPerRegion(settings.imageQuotaPerRegion())
                        .withPublishParameterPath(settings.publishParameterPath()),
                new RequestParser.Defaults(settings.trustedOwnerAccounts()));
    }

    /** One target's images quota as the plan used it, and where it came from. */
    public record ImageQuota(String account, String region, int imageQuota, String quotaSource) {}

    /** The images quota the plan used in each target it could read, by account and Region. */
    public List<ImageQuota> imageQuotas(Facts facts) {
        return facts.destinations().entrySet().stream()
                .filter(e -> e.getValue().reachable())
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new ImageQuota(e.getKey().account(), e.getKey().region(),
                        e.getValue().imageQuota(rules.imageQuota(e.getKey().region())), e.getValue().quotaSource()))
                .toList();
    }

    /**
     * What the finishing steps of the planned run would do in each target (retention's deletions, bundles,
     * parameters), read now from WorkSpaces; writes nothing. For the dry run.
     */
    public List<AfterCopyPreview.TargetPreview> afterCopy(Planned planned, java.time.Instant now) {
        String caller = planned.facts().callerAccount();
        return AfterCopyPreview.preview(planned.request(), planned.plan(), planned.facts(),
                account -> facts.gateway(caller, account), now);
    }

    public RequestParser.Defaults defaults() {
        return defaults;
    }

    /** What planning a request came to. */
    public sealed interface Outcome permits Invalid, Unreadable, Planned {}

    /** The request's shape is wrong: every field error, and WorkSpaces was not asked anything. */
    public record Invalid(List<FieldError> errors) implements Outcome {
        public Invalid {
            errors = List.copyOf(errors);
        }
    }

    /** The source Region could not be read, so nothing can be planned. */
    public record Unreadable(String message) implements Outcome {}

    /** The plan, and the facts it was made from (the validate step repairs the replica ledger from them). */
    public record Planned(CopyRequest request, Plan plan, Facts facts) implements Outcome {}

    /**
     * Plans a request. Throws {@link io.github.wsicopy.core.TransientFailure} when WorkSpaces is throttling or
     * briefly unavailable: try again later.
     *
     * @param jobId the job id the name and description templates may use ({@code {jobId}})
     * @param day   the date the templates' {@code {date}} renders
     */
    public Outcome plan(String jobId, Map<String, Object> requestJson, String callerAccount, LocalDate day) {
        RequestParser.Parsed parsed = RequestParser.parse(requestJson, defaults);
        if (parsed instanceof RequestParser.Invalid invalid) {
            return new Invalid(invalid.errors());
        }
        CopyRequest request = ((RequestParser.Valid) parsed).request();
        try {
            Facts gathered = facts.gather(jobId, request, callerAccount, day);
            return new Planned(request, RulesEngine.plan(request, gathered, rules), gathered);
        } catch (FactGatherer.SourceUnreadable e) {
            return new Unreadable(e.getMessage());
        } catch (FactGatherer.TargetsInvalid e) {
            return new Invalid(e.errors());
        }
    }
}
