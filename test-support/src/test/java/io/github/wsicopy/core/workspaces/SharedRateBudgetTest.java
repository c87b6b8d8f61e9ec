package io.github.wsicopy.core.workspaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.model.Tag;
import io.github.wsicopy.core.testing.Jobs;
import io.github.wsicopy.core.testing.TestStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's shared rate budget and throttling retries through the real SDK, against DynamoDB Local and the
 * WorkSpaces emulator at the documented limit (2 calls/s per account and Region, bursts of 5). Each worker thread
 * stands for another function's execution environment: components (clients, gateway, budget) of its own, one table.
 */
class SharedRateBudgetTest {
    private static final String SOURCE = "us-east-1";
    private static final String EU = "eu-west-1";
    private static final int FUNCTIONS = 4;
    private static final int CALLS_EACH = 8;

    private final TestStack stack = TestStack.start();

    @AfterEach
    void stop() {
        stack.close();
    }

    /** {@code FUNCTIONS} environments each describing an image {@code CALLS_EACH} times in EU, all at once. */
    private List<Integer> concurrentDescribes(Map<String, String> environment) throws Exception {
        String image = Jobs.seedImages(stack, EU, "golden", 1).get(0);
        List<Components> functions = new ArrayList<>();
        for (int i = 0; i < FUNCTIONS; i++) {
            functions.add(stack.components(environment));
        }
        stack.emulator.counters().reset();
        ExecutorService pool = Executors.newFixedThreadPool(FUNCTIONS);
        try {
            List<Callable<Integer>> work = new ArrayList<>();
            for (Components function : functions) {
                work.add(() -> {
                    int found = 0;
                    for (int call = 0; call < CALLS_EACH; call++) {
                        found += function.workspaces().describeImages(EU, List.of(image), TestStack.ACCOUNT).size();
                    }
                    return found;
                });
            }
            List<Integer> found = new ArrayList<>();
            for (Future<Integer> result : pool.invokeAll(work)) {
                found.add(result.get());
            }
            return found;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentFunctionsTogetherStayWithinTheAccountsRate() throws Exception {
        List<Integer> found = concurrentDescribes(Map.of());

        assertEquals(List.of(CALLS_EACH, CALLS_EACH, CALLS_EACH, CALLS_EACH), found);
        assertEquals(FUNCTIONS * CALLS_EACH, stack.emulator.counters().calls("DescribeWorkspaceImages"));
        assertEquals(0, stack.emulator.counters().throttled(), stack.emulator.counters().toString());
    }

    /** The same load with the budget out of the way (far above the service's limit) is throttled, then retried. */
    @Test
    void withoutTheSharedBudgetTheSameLoadIsThrottled() throws Exception {
        List<Integer> found = concurrentDescribes(Map.of("WORKSPACES_CALLS_PER_SECOND", "1000", "WORKSPACES_BURST", "1000"));

        assertEquals(List.of(CALLS_EACH, CALLS_EACH, CALLS_EACH, CALLS_EACH), found, "retried until they succeeded");
        assertTrue(stack.emulator.counters().throttled() > 0, stack.emulator.counters().toString());
    }

    @Test
    void aThrottlingStormIsRetriedUntilTheReadSucceeds() {
        Components c = stack.components();
        String image = Jobs.seedImages(stack, EU, "golden", 1).get(0);
        stack.emulator.counters().reset();
        stack.emulator.faults().failNext("DescribeWorkspaceImages", "ThrottlingException", "Rate exceeded", 6);

        assertEquals(1, c.workspaces().copyStatus(EU, List.of(image)).size());
        assertEquals(6, stack.emulator.counters().throttled());
        assertEquals(7, stack.emulator.counters().calls("DescribeWorkspaceImages"));
    }

    @Test
    void aThrottledCopyIsRepeatedBecauseItDidNothing() {
        Components c = stack.components();
        String image = Jobs.seedImages(stack, SOURCE, "golden", 1).get(0);
        stack.emulator.faults().failNext("CopyWorkspaceImage", "ThrottlingException", "Rate exceeded", 2);

        String copy = c.workspaces().copy(new CopyCommand(SOURCE, image, EU, "golden-copy", "a copy",
                List.of(new Tag("team", "budget"))));

        assertTrue(copy.startsWith("wsi-"), copy);
        assertEquals(3, stack.emulator.counters().calls("CopyWorkspaceImage"));
        assertEquals(1, stack.emulator.counters().copies(EU));
    }

    @Test
    void aCopyWithoutAnAnswerIsNeverRepeated() {
        Components c = stack.components();
        String image = Jobs.seedImages(stack, SOURCE, "golden", 1).get(0);
        stack.emulator.faults().loseNextCopyResponses(1);

        WorkSpacesError error = assertThrows(WorkSpacesError.class, () -> c.workspaces().copy(
                new CopyCommand(SOURCE, image, EU, "golden-copy", "a copy", List.of())));

        assertEquals(WorkSpacesError.Kind.UNKNOWN_OUTCOME, error.kind());
        assertEquals(1, stack.emulator.counters().calls("CopyWorkspaceImage"));
        assertEquals(1, stack.emulator.counters().copies(EU));
    }

    @Test
    void throttlingBeyondTheRetryTimeComesOutAsThrottled() {
        Components c = stack.components(Map.of("WORKSPACES_RETRY_SECONDS", "1"));
        stack.emulator.faults().throttleFraction("DescribeAccount", 1.0);

        WorkSpacesError error = assertThrows(WorkSpacesError.class, () -> c.workspaces().byolEnabled(EU));

        assertEquals(WorkSpacesError.Kind.THROTTLED, error.kind());
        assertTrue(stack.emulator.counters().calls("DescribeAccount") >= 1);
    }
}
