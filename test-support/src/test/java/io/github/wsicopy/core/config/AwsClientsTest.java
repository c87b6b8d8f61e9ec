package io.github.wsicopy.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.wsicopy.core.testing.TestStack;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class AwsClientsTest {

    /** Records "service operation" of every call it sees. */
    private static final class Recorder implements ExecutionInterceptor {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            calls.add(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + " "
                    + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        }
    }

    @Test
    void extraInterceptorsSeeEveryClientsCalls() {
        try (TestStack stack = TestStack.unthrottled()) {
            Recorder recorder = new Recorder();
            AwsClients clients = clientsWith(stack, recorder);

            clients.dynamo().describeTable(r -> r.tableName(stack.table));
            clients.workspacesReader("eu-west-1").describeAccount(r -> {});
            clients.workspacesWriter("eu-west-1").describeWorkspaceImages(r -> {});

            assertEquals(List.of("DynamoDb DescribeTable", "WorkSpaces DescribeAccount",
                    "WorkSpaces DescribeWorkspaceImages"), recorder.calls);
        }
    }

    @Test
    void clientsBuiltThroughConfigureGetThemToo() {
        try (TestStack stack = TestStack.unthrottled()) {
            Recorder recorder = new Recorder();
            AwsClients clients = clientsWith(stack, recorder);
            try (DynamoDbClient other = clients.configure(DynamoDbClient.builder(), "us-east-1",
                    stack.settings(java.util.Map.of()).dynamodbEndpoint()).build()) {
                other.describeTable(r -> r.tableName(stack.table));
            }
            assertEquals(List.of("DynamoDb DescribeTable"), recorder.calls);
        }
    }

    private static AwsClients clientsWith(TestStack stack, ExecutionInterceptor interceptor) {
        return new AwsClients(stack.settings(java.util.Map.of()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIALOCALTEST", "local-secret")),
                List.of(interceptor));
    }
}
