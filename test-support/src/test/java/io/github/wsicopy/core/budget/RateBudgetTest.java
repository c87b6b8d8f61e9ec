package io.github.wsicopy.core.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.budget.RateBudget.Go;
import io.github.wsicopy.core.budget.RateBudget.Later;
import io.github.wsicopy.core.testing.LocalDynamo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The shared budget against DynamoDB Local, with a hand-moved wall clock: each RateBudget stands for another
 * function's execution environment, with its own DynamoDB client.
 */
class RateBudgetTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final String ACCOUNT = "123456789012";
    private static final String EU = "eu-west-1";

    private final String table = LocalDynamo.newTable();
    private final AtomicLong now = new AtomicLong(T0);
    private final AtomicInteger updates = new AtomicInteger();
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    private RateBudget function(String table) {
        DynamoDbClient dynamo = DynamoDbClient.builder()
                .endpointOverride(LocalDynamo.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if ("UpdateItem".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                            updates.incrementAndGet();
                        }
                    }
                }))
                .build();
        return new RateBudget(dynamo, table, Gcra.of(2, 5), now::get, warnings::add);
    }

    private static long start(RateBudget.Grant grant) {
        return assertInstanceOf(Go.class, grant).atMillis();
    }

    private Map<String, AttributeValue> item(String account, String region) {
        return LocalDynamo.client().getItem(r -> r.tableName(table).consistentRead(true).key(Map.of(
                "pk", AttributeValue.fromS(RateBudget.partitionKey(account, region)),
                "sk", AttributeValue.fromS(RateBudget.SORT_KEY)))).item();
    }

    @Test
    void functionsTakingTurnsShareOneBudget() {
        RateBudget validate = function(table);
        RateBudget copy = function(table);
        RateBudget poll = function(table);
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            starts.add(start(validate.reserve(ACCOUNT, EU, 60_000)));
            starts.add(start(copy.reserve(ACCOUNT, EU, 60_000)));
            starts.add(start(poll.reserve(ACCOUNT, EU, 60_000)));
        }
        // Four at once (the burst of 5, one kept as slack), then one every 500 ms, whoever asks.
        assertEquals(List.of(T0, T0, T0, T0, T0 + 500, T0 + 1000, T0 + 1500, T0 + 2000, T0 + 2500), starts);
        Map<String, AttributeValue> item = item(ACCOUNT, EU);
        assertEquals(Long.toString(T0 + 4500), item.get("tat").n());
        assertTrue(Long.parseLong(item.get("expiresAt").n()) > (T0 + 4500) / 1000, "expiresAt " + item);
        assertEquals(List.of(), warnings);
    }

    @Test
    void aCallCostsOneUpdateOnceAFunctionKnowsTheBucketIsBusy() {
        RateBudget copy = function(table);
        for (int i = 0; i < 20; i++) {
            copy.reserve(ACCOUNT, EU, 60_000);
        }
        assertEquals(20, updates.get());
    }

    @Test
    void aFunctionThatSawABusyBucketFindsItIdleAfterAQuietSpell() {
        RateBudget validate = function(table);
        RateBudget poll = function(table);
        for (int i = 0; i < 6; i++) {
            poll.reserve(ACCOUNT, EU, 60_000);
        }
        now.addAndGet(60_000);
        assertEquals(T0 + 60_000, start(validate.reserve(ACCOUNT, EU, 60_000)));
        assertEquals(T0 + 60_000, start(poll.reserve(ACCOUNT, EU, 60_000)));
    }

    @Test
    void aFunctionThatLosesTheRaceToWakeTheBucketTakesTheNextBusySlot() {
        RateBudget validate = function(table);
        RateBudget poll = function(table);
        poll.reserve(ACCOUNT, EU, 60_000);
        now.addAndGet(10_000); // poll last saw the bucket long ago: it will guess idle
        for (int i = 0; i < 6; i++) {
            validate.reserve(ACCOUNT, EU, 60_000); // four at once, then T0 + 10.5 s and 11 s
        }
        updates.set(0);

        assertEquals(T0 + 11_500, start(poll.reserve(ACCOUNT, EU, 60_000)));
        assertEquals(2, updates.get(), "the idle guess failed once, then the busy branch took the slot");
    }

    @Test
    void aSlotBeyondThePatienceIsRefusedAndNothingIsReserved() {
        RateBudget copy = function(table);
        RateBudget other = function(table);
        for (int i = 0; i < 23; i++) {
            other.reserve(ACCOUNT, EU, 60_000); // booked: the next call would start 10 s from now
        }
        String before = item(ACCOUNT, EU).get("tat").n();

        RateBudget.Grant refused = copy.reserve(ACCOUNT, EU, 5_000);

        assertEquals(10_000, assertInstanceOf(Later.class, refused).waitMillis());
        assertEquals(before, item(ACCOUNT, EU).get("tat").n());
        assertEquals(T0 + 10_000, start(copy.reserve(ACCOUNT, EU, 10_000)));
    }

    @Test
    void aCallerThatSawTheBudgetBookedBeyondItsPatienceIsRefusedWithoutAWrite() {
        RateBudget share = function(table);
        RateBudget other = function(table);
        for (int i = 0; i < 23; i++) {
            other.reserve(ACCOUNT, EU, 60_000); // booked: the next call would start 10 s from now
        }
        assertInstanceOf(Later.class, share.reserve(ACCOUNT, EU, 2_000)); // learns it with one refused write
        updates.set(0);

        now.addAndGet(1_000);
        RateBudget.Grant again = share.reserve(ACCOUNT, EU, 2_000);

        assertEquals(9_000, assertInstanceOf(Later.class, again).waitMillis());
        assertEquals(0, updates.get(), "a busy budget's TAT only grows: what it saw still holds");
        now.addAndGet(7_500); // now within its patience: it asks the table again
        assertEquals(T0 + 10_000, start(share.reserve(ACCOUNT, EU, 2_000)));
        assertEquals(1, updates.get());
    }

    @Test
    void regionsAndAccountsHaveBudgetsOfTheirOwn() {
        RateBudget copy = function(table);
        for (int i = 0; i < 10; i++) {
            copy.reserve(ACCOUNT, EU, 60_000);
        }
        assertEquals(T0, start(copy.reserve(ACCOUNT, "ap-southeast-2", 60_000)));
        assertEquals(T0, start(copy.reserve("210987654321", EU, 60_000)));
    }

    @Test
    void anUnreachableTableFallsBackToPacingThisFunctionAloneAndWarnsOnce() {
        RateBudget copy = function("no-such-table");
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            starts.add(start(copy.reserve(ACCOUNT, EU, 60_000)));
        }
        assertEquals(List.of(T0, T0, T0, T0, T0 + 500, T0 + 1000), starts);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("eu-west-1") && warnings.get(0).contains("paces its own calls"), warnings.get(0));
        assertEquals(1, updates.get(), "the table is tried once, then left alone");

        now.addAndGet(RateBudget.TABLE_PAUSE_MILLIS);
        copy.reserve(ACCOUNT, EU, 60_000);
        assertEquals(2, warnings.size(), "tried again after the pause");
    }
}
