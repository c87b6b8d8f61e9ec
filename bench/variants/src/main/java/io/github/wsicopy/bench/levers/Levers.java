package io.github.wsicopy.bench.levers;

import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import io.github.wsicopy.core.config.AwsClients;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.config.Settings;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;

/** The shipped wiring with one choice changed, for the copy function's lever variants. */
final class Levers {
    private Levers() {}

    static Components components(Settings settings, AwsCredentialsProvider credentials, SdkHttpClient http) {
        return Components.of(settings, new AwsClients(settings, credentials, http), Clock.systemUTC(),
                LambdaRuntime.getLogger());
    }

    static Components withHttpClient(SdkHttpClient http) {
        return components(Settings.fromEnvironment(), EnvironmentVariableCredentialsProvider.create(), http);
    }
}
