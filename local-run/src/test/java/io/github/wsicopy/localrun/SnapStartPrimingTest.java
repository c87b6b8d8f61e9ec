package io.github.wsicopy.localrun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.wsicopy.copy.CopyHandler;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.snapstart.Primer;
import io.github.wsicopy.core.snapstart.SnapStartHooks;
import io.github.wsicopy.core.testing.Invoke;
import io.github.wsicopy.core.testing.LocalDynamo;
import io.github.wsicopy.core.testing.TestStack;
import io.github.wsicopy.local.workspaces.EmulatorConfig;
import io.github.wsicopy.local.workspaces.ImageSeed;
import io.github.wsicopy.notify.NotifyHandler;
import io.github.wsicopy.poll.PollStatusHandler;
import io.github.wsicopy.validate.ValidateHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.crac.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The SnapStart hook of every function: registered by the constructor Lambda uses, and side-effect free. The
 * hook runs before the snapshot of every published version, in production, so it must not call WorkSpaces, write
 * (or even read) DynamoDB, or publish anything; here it runs against a whole local stack to prove that.
 */
class SnapStartPrimingTest {
    private static final Path EVENTS = Path.of(System.getProperty("wsicopy.events", "../events"));

    private TestStack stack;
    private CountingProxy dynamo;
    private Components components;

    @BeforeEach
    void start() throws IOException {
        stack = TestStack.start(EmulatorConfig.defaults().withRateLimit(0, 0));
        stack.emulator.addImage(TestStack.ACCOUNT, "us-east-1", ImageSeed.named("win11-golden").imageId("wsi-0golden01"));
        stack.emulator.addImage(TestStack.ACCOUNT, "us-east-1", ImageSeed.named("win11-dev").imageId("wsi-0golden02"));
        stack.emulator.addImage(TestStack.ACCOUNT, "us-east-1", ImageSeed.named("win11-byol").imageId("wsi-00byol001").byol(true));
        dynamo = new CountingProxy(LocalDynamo.endpoint());
        components = stack.components(Map.of("AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint().toString()));
    }

    @AfterEach
    void stop() {
        dynamo.close();
        stack.close();
    }

    @Test
    void theLambdaConstructorOfEveryFunctionRegistersItsHook() {
        List<Supplier<Resource>> handlers = List.of(
                () -> new ValidateHandler().primer(), () -> new CopyHandler().primer(),
                () -> new PollStatusHandler().primer(), () -> new NotifyHandler().primer());
        for (Supplier<Resource> handler : handlers) {
            Resource primer = handler.get();
            assertTrue(SnapStartHooks.registered().stream().anyMatch(r -> r == primer), primer + " is not registered");
        }
    }

    @Test
    void theConstructorForTestsAndLocalRunsRegistersNothing() {
        int before = SnapStartHooks.registered().size();
        new CopyHandler(components);
        assertEquals(before, SnapStartHooks.registered().size());
    }

    @Test
    void primingRunsEachHandlerInMemoryAndTouchesNothing() throws Exception {
        // A real job in the table first, so "nothing changed" is checked against something.
        Invoke.handler(new ValidateHandler(components), Files.readString(EVENTS.resolve("validate.json")));
        List<Map<String, AttributeValue>> table = scan();
        long workspacesCalls = stack.emulator.counters().calls();
        int dynamoRequests = dynamo.requests();

        List<Function<Components, Object>> handlers = List.of(ValidateHandler::new, CopyHandler::new,
                PollStatusHandler::new, NotifyHandler::new);
        for (Function<Components, Object> make : handlers) {
            Object handler = make.apply(components);
            Primer primer = (Primer) handler.getClass().getMethod("primer").invoke(handler);
            primer.beforeCheckpoint(null);
            Primer.Run run = primer.prime();
            assertEquals(java.util.Optional.empty(), run.failure(), handler.getClass().getSimpleName());
            assertTrue(run.dryRequests() >= 3, handler.getClass().getSimpleName() + " made " + run.dryRequests()
                    + " in-memory requests: its priming skipped its usual path");
            primer.afterRestore(null);
        }

        assertEquals(workspacesCalls, stack.emulator.counters().calls(), "WorkSpaces calls during priming");
        assertEquals(dynamoRequests, dynamo.requests(), "DynamoDB requests during priming");
        assertEquals(table, scan(), "table contents after priming");
        assertEquals(0, stack.sink.messages().size() + stack.sink.events().size(), "notifications during priming");
    }

    @Test
    void theProxyDoesCountTheRealPath() throws IOException {
        RequestStreamHandler handler = new ValidateHandler(components);
        Invoke.handler(handler, Files.readString(EVENTS.resolve("validate.json")));
        assertTrue(dynamo.requests() > 0);
        assertTrue(stack.emulator.counters().calls() > 0);
    }

    private List<Map<String, AttributeValue>> scan() {
        return LocalDynamo.client().scan(r -> r.tableName(stack.table).consistentRead(true)).items();
    }
}
