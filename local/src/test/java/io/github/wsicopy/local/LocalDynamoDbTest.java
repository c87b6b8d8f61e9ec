package io.github.wsicopy.local;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DynamoDB Local through the real SDK client (the dynamodb module comes with DynamoDBLocal). */
class LocalDynamoDbTest {

    @Test
    void servesTablesInMemoryAndEachInstanceIsSeparate() {
        try (LocalDynamoDb first = LocalDynamoDb.start(); LocalDynamoDb second = LocalDynamoDb.start();
             DynamoDbClient one = client(first); DynamoDbClient two = client(second)) {
            assertNotEquals(first.port(), second.port());
            one.createTable(r -> r.tableName("copy-jobs")
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            one.putItem(r -> r.tableName("copy-jobs").item(Map.of(
                    "pk", AttributeValue.fromS("job#1"), "state", AttributeValue.fromS("RUNNING"))));

            var item = one.getItem(r -> r.tableName("copy-jobs").key(Map.of("pk", AttributeValue.fromS("job#1")))).item();

            assertEquals("RUNNING", item.get("state").s());
            assertTrue(two.listTables().tableNames().isEmpty());
        }
    }

    private static DynamoDbClient client(LocalDynamoDb ddb) {
        return DynamoDbClient.builder()
                .endpointOverride(ddb.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
