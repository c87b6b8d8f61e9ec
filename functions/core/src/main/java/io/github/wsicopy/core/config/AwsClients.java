package io.github.wsicopy.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;

/**
 * Builds the SDK clients once per execution environment: explicit Region and credentials provider (no
 * provider-chain or Region lookups at cold start), the light URLConnection HTTP client shared by all clients,
 * standard retries for DynamoDB and none for WorkSpaces (WorkSpacesGateway retries within the rate budget).
 * WorkSpaces clients are per Region and made on first use, since a job touches only a few Regions.
 */
public final class AwsClients {
    private final Settings settings;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;
    private final List<ExecutionInterceptor> interceptors;
    private final Map<String, WorkSpacesClient> readers = new ConcurrentHashMap<>();
    private final Map<String, WorkSpacesClient> writers = new ConcurrentHashMap<>();
    private final Map<String, SsmClient> ssm = new ConcurrentHashMap<>();
    private volatile DynamoDbClient dynamo;

    public AwsClients(Settings settings, AwsCredentialsProvider credentials) {
        this(settings, credentials, lightHttpClient(), List.of());
    }

    /**
     * With extra SDK interceptors on every client this builds (the local stack counts requests and injects
     * faults with them; Lambda uses none).
     */
    public AwsClients(Settings settings, AwsCredentialsProvider credentials, List<ExecutionInterceptor> interceptors) {
        this(settings, credentials, lightHttpClient(), interceptors);
    }

    /**
     * With another HTTP client: the SnapStart priming run uses one that never touches the network, and the
     * benchmark compares HTTP clients with everything else the same.
     */
    public AwsClients(Settings settings, AwsCredentialsProvider credentials, SdkHttpClient http) {
        this(settings, credentials, http, List.of());
    }

    public AwsClients(Settings settings, AwsCredentialsProvider credentials, SdkHttpClient http,
            List<ExecutionInterceptor> interceptors) {
        this.settings = settings;
        this.credentials = credentials;
        this.http = http;
        this.interceptors = List.copyOf(interceptors);
    }

    private static SdkHttpClient lightHttpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(20))
                .build();
    }

    /** What Lambda gives a function: credentials in environment variables. */
    public static AwsClients forLambda(Settings settings) {
        return new AwsClients(settings, EnvironmentVariableCredentialsProvider.create());
    }

    /**
     * The same clients acting as another identity (a role assumed in another account: core.accounts.AccountAccess):
     * same settings, HTTP client and interceptors, and WorkSpaces clients of their own per Region, made on first use.
     */
    public AwsClients withCredentials(AwsCredentialsProvider other) {
        return new AwsClients(settings, other, http, interceptors);
    }

    public Settings settings() {
        return settings;
    }

    public SdkHttpClient httpClient() {
        return http;
    }

    /** The extra interceptors, for a client that sets its own override configuration. */
    public List<ExecutionInterceptor> interceptors() {
        return interceptors;
    }

    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    public DynamoDbClient dynamo() {
        DynamoDbClient client = dynamo;
        if (client == null) {
            synchronized (this) {
                if (dynamo == null) {
                    dynamo = configure(DynamoDbClient.builder(), settings.awsRegion(), settings.dynamodbEndpoint())
                            .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD)
                                    .apiCallTimeout(Duration.ofSeconds(30))
                                    .executionInterceptors(interceptors))
                            .build();
                }
                client = dynamo;
            }
        }
        return client;
    }

    /**
     * For describe calls. The SDK does not retry them: WorkSpacesGateway does, after throttling and failures that
     * may have done nothing, and each of its retries takes a slot in the stack's shared rate budget (RateBudget),
     * where an SDK retry would go out unbudgeted and overrun the account's API rate for every function at once.
     */
    public WorkSpacesClient workspacesReader(String region) {
        return readers.computeIfAbsent(region, r -> workspaces(r, ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallTimeout(Duration.ofSeconds(60))
                .executionInterceptors(interceptors)
                .build()));
    }

    /**
     * For CopyWorkspaceImage: it has no client token, so a retried call after a lost answer makes a second
     * copy. The SDK must never retry it; the caller retries only what provably did not happen.
     */
    public WorkSpacesClient workspacesWriter(String region) {
        return writers.computeIfAbsent(region, r -> workspaces(r, ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallTimeout(Duration.ofSeconds(30))
                .executionInterceptors(interceptors)
                .build()));
    }

    /**
     * SSM Parameter Store in a Region (publish.parameterPrefix), made on first use; {@code AWS_ENDPOINT_URL_SSM}
     * overrides the endpoint locally. Standard retries: PutParameter with Overwrite and AddTagsToResource give the
     * same result when repeated, and SSM's rate is its own, not the WorkSpaces budget. Only the copy function ships
     * the ssm module (an optional dependency of core), so only it may call this.
     */
    public SsmClient ssm(String region) {
        return ssm.computeIfAbsent(region, r -> configure(SsmClient.builder(), r, settings.ssmEndpoint())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD)
                        .apiCallTimeout(Duration.ofSeconds(20))
                        .executionInterceptors(interceptors))
                .build());
    }

    private WorkSpacesClient workspaces(String region, ClientOverrideConfiguration override) {
        return configure(WorkSpacesClient.builder(), region, settings.workspacesEndpoint())
                .overrideConfiguration(override)
                .build();
    }

    /**
     * Applies the shared choices to any SDK client builder (also used for SNS and EventBridge by notify). A
     * builder that then sets its own override configuration replaces these interceptors, so the clients
     * above add them again.
     */
    public <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C>
            B configure(B builder, String region, Optional<URI> endpoint) {
        builder.region(Region.of(region)).credentialsProvider(credentials).httpClient(http);
        if (!interceptors.isEmpty()) {
            builder.overrideConfiguration(o -> o.executionInterceptors(interceptors));
        }
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }
}
