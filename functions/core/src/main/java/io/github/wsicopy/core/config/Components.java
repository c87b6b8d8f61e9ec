package io.github.wsicopy.core.config;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import io.github.wsicopy.core.accounts.AccountAccess;
import io.github.wsicopy.core.accounts.OrganizationUnits;
import io.github.wsicopy.core.accounts.StackTargets;
import io.github.wsicopy.core.log.Fields;
import io.github.wsicopy.core.log.Log;
import io.github.wsicopy.core.store.JobStore;
import io.github.wsicopy.core.workflow.TargetAccounts;
import io.github.wsicopy.core.workspaces.ImageQuotas;
import io.github.wsicopy.core.workspaces.WorkSpacesGateway;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * What a handler needs, built once per execution environment. Handlers have a no-argument constructor for
 * Lambda that uses {@link #fromEnvironment()}, and one taking Components so tests pass real local clients
 * and a controllable clock.
 */
public record Components(Settings settings, AwsClients clients, JobStore store, WorkSpacesGateway workspaces,
        Clock clock, Log log) {

    public static Components fromEnvironment() {
        Settings settings = Settings.fromEnvironment();
        return of(settings, AwsClients.forLambda(settings), Clock.systemUTC(),
                Log.fromEnvironment(LambdaRuntime.getLogger()));
    }

    /** {@code logger} is wrapped as {@link Log#of}: text lines at INFO unless it is a Log already. */
    public static Components of(Settings settings, AwsClients clients, Clock clock, LambdaLogger logger) {
        Log log = Log.of(logger);
        return new Components(settings, clients, new JobStore(clients.dynamo(), settings.tableName(), clock),
                new WorkSpacesGateway(new AccountAccess(clients, clock), warning -> log.warn(warning, Fields.NONE)), clock, log);
    }

    /**
     * The destination accounts as a copy step sees them: its own account through its own role, any other through the
     * target-account role. Without ACCOUNT_ID (set by the template) the stack's account cannot be told from a target
     * account, so only {@code ownAccount} (the caller's, from the Lambda context) is reached.
     */
    public TargetAccounts targets(String ownAccount) {
        return targets(ownAccount, ImageQuotas.NONE, Optional.empty());
    }

    /**
     * {@link #targets(String)} for planning, by the caller's account: the stack's images quota, and OUs and
     * organizations read from AWS Organizations (one client per account, kept while warm).
     */
    public java.util.function.Function<String, TargetAccounts> plannerTargets(ImageQuotas quotas) {
        Optional<StackTargets.Organizations> organizations = settings.accountId().isEmpty()
                || !workspaces.reachesOtherAccounts() ? Optional.empty()
                : Optional.of(new OrganizationUnits(workspaces.accounts()));
        return ownAccount -> targets(ownAccount, quotas, organizations);
    }

    private TargetAccounts targets(String ownAccount, ImageQuotas quotas,
            Optional<StackTargets.Organizations> organizations) {
        if (settings.accountId().isEmpty() || !workspaces.reachesOtherAccounts()) {
            return TargetAccounts.ownAccountOnly(ownAccount, workspaces, quotas);
        }
        return new StackTargets(workspaces, quotas, organizations);
    }

    public Duration retention() {
        return Duration.ofDays(settings.jobTtlDays());
    }
}
