package io.github.wsicopy.bench.naive;

import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.config.Settings;
import io.github.wsicopy.core.log.Log;
import io.github.wsicopy.core.store.JobStore;
import io.github.wsicopy.core.workspaces.WorkSpacesGateway;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;

/**
 * The wiring of a first attempt, around the project's own handler logic: SDK clients with every default (the
 * HTTP client found on the class path, which is Apache's; the default credentials chain; the default Region
 * chain for DynamoDB; the SDK's own retries, also on CopyWorkspaceImage), endpoints from the SDK's
 * {@code AWS_ENDPOINT_URL_<SERVICE>} variables, and JSON mapped with Jackson databind, as the Lambda runtime
 * does for a {@code RequestHandler<Map, Map>}.
 */
final class Naive {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private Naive() {}

    /**
     * No {@code AwsClients}: that class is the tuned wiring. The handlers reached this way use only the store
     * and the gateway (notify takes its own SNS and EventBridge clients).
     */
    static Components components() {
        Settings settings = Settings.fromEnvironment();
        Map<String, WorkSpacesClient> workspaces = new ConcurrentHashMap<>();
        DynamoDbClient dynamo = DynamoDbClient.create();
        WorkSpacesGateway gateway = new WorkSpacesGateway(
                region -> workspaces.computeIfAbsent(region, r -> WorkSpacesClient.builder().region(Region.of(r)).build()),
                region -> workspaces.computeIfAbsent(region, r -> WorkSpacesClient.builder().region(Region.of(r)).build()),
                WorkSpacesGateway.budget(dynamo, settings, System.err::println), WorkSpacesGateway.budgetAccount(settings),
                settings.workspacesRetrySeconds() * 1000L);
        Clock clock = Clock.systemUTC();
        return new Components(settings, null, new JobStore(dynamo, settings.tableName(), clock),
                gateway, clock, Log.fromEnvironment(LambdaRuntime.getLogger()));
    }

    /** Event in and result out through Jackson, as the runtime's POJO serialisation would. */
    static void handle(InputStream in, OutputStream out, UnaryOperator<Map<String, Object>> handler) throws IOException {
        Map<String, Object> input = MAPPER.readValue(in, MAP);
        MAPPER.writeValue(out, handler.apply(input));
    }
}
