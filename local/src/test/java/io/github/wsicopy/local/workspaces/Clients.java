package io.github.wsicopy.local.workspaces;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;

/** Real AWS SDK clients pointed at an emulator. */
final class Clients {

    static final String ACCOUNT_A = EmulatorConfig.DEFAULT_ACCOUNT_ID;
    static final String ACCOUNT_B = "210987654321";
    /** Any key not mapped is account A; this one is mapped to account B by {@link #config()}. */
    static final String KEY_A = "AKIDACCOUNTA";
    static final String KEY_B = "AKIDACCOUNTB";

    private Clients() {
    }

    /** Test defaults: no rate limit, the given clock, account B's key mapped. */
    static EmulatorConfig config(java.time.Clock clock) {
        return EmulatorConfig.defaults().withClock(clock).withRateLimit(0, 0).withAccount(KEY_B, ACCOUNT_B);
    }

    /** A client of account A without retries, so every service answer reaches the test. */
    static WorkSpacesClient client(WorkSpacesEmulator emu, String region) {
        return client(emu, region, KEY_A, false);
    }

    static WorkSpacesClient client(WorkSpacesEmulator emu, String region, String accessKeyId, boolean retries) {
        return WorkSpacesClient.builder()
                .endpointOverride(emu.endpoint())
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> {
                    if (!retries) {
                        c.retryStrategy(AwsRetryStrategy.doNotRetry());
                    }
                })
                .build();
    }
}
