package io.github.wsicopy.core.config;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
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
        Clock clock, LambdaLogger log) {

    public static Components fromEnvironment() {
        Settings settings = Settings.fromEnvironment();
        return of(settings, AwsClients.forLambda(settings), Clock.systemUTC(), LambdaRuntime.getLogger());
    }

    public static Components of(Settings settings, AwsClients clients, Clock clock, LambdaLogger log) {
        return new Components(settings, clients, new JobStore(clients.dynamo(), settings.tableName(), clock),
                new WorkSpacesGateway(clients, log::log), clock, log);
    }

    public Duration retention() {
        return Duration.ofDays(settings.jobTtlDays());
    }
}
