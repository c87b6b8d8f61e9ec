package io.github.wsicopy.core.config;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import io.github.wsicopy.core.accounts.AccountAccess;
import io.github.wsicopy.core.log.Fields;
import io.github.wsicopy.core.log.Log;
import io.github.wsicopy.core.store.JobStore;
import io.github.wsicopy.core.workspaces.WorkSpacesGateway;
import java.time.Clock;
import java.time.Duration;

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

    public Duration retention() {
        return Duration.ofDays(settings.jobTtlDays());
    }
}
