package io.github.wsicopy.core.testing;

import io.github.wsicopy.core.store.JobTable;
import io.github.wsicopy.local.LocalDynamoDb;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One DynamoDB Local server per test JVM (it takes a second to start), and a fresh table per test, so tests
 * never see each other's items.
 */
public final class LocalDynamo {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static volatile LocalDynamoDb server;
    private static volatile DynamoDbClient client;

    private LocalDynamo() {}

    public static synchronized URI endpoint() {
        if (server == null) {
            server = LocalDynamoDb.start();
            LocalDynamoDb started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return server.endpoint();
    }

    public static synchronized DynamoDbClient client() {
        if (client == null) {
            client = DynamoDbClient.builder()
                    .endpointOverride(endpoint())
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
        }
        return client;
    }

    /** Creates a new, empty jobs table and returns its name. */
    public static String newTable() {
        String name = "wsicopy-test-" + ProcessHandle.current().pid() + "-" + TABLES.incrementAndGet();
        JobTable.create(client(), name);
        return name;
    }
}
