package io.github.wsicopy.core.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.TransientFailure;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.model.Target;
import io.github.wsicopy.core.workflow.JobFinisher.WorkflowError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BatchRunnerTest {
    private static final Target IRELAND = new Target("222222222222", "eu-west-1");
    private static final Target OREGON = new Target("222222222222", "us-west-2");
    private static final Target SYDNEY = new Target("333333333333", "ap-southeast-2");
    private static final List<Target> BATCH = List.of(IRELAND, OREGON, SYDNEY);

    @Test
    void targetsRunSideBySide() {
        // Each target waits for all three to have begun: one after the other, this would never end.
        CountDownLatch begun = new CountDownLatch(BATCH.size());
        List<BatchRunner.Outcome<String>> outcomes = BatchRunner.run(BATCH, target -> {
            begun.countDown();
            try {
                return begun.await(10, TimeUnit.SECONDS) ? target.region() : "alone";
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        assertEquals(List.of("eu-west-1", "us-west-2", "ap-southeast-2"),
                outcomes.stream().map(o -> ((BatchRunner.Done<String>) o).value()).toList());
    }

    @Test
    void aFailureForGoodIsSettledForItsTargetAndTheOthersStand() {
        List<Target> settled = new ArrayList<>();
        List<String> values = BatchRunner.settle(BatchRunner.run(BATCH, target -> {
            if (target.equals(OREGON)) {
                throw new IllegalStateException("the role says no");
            }
            return target.region();
        }), (target, e) -> {
            settled.add(target);
            return "failed: " + e.getMessage();
        });

        assertEquals(List.of("eu-west-1", "failed: the role says no", "ap-southeast-2"), values);
        assertEquals(List.of(OREGON), settled);
    }

    @Test
    void failuresThatPassAreThrownOnceNamingTheirTargetsAfterTheOthersWork() {
        List<Target> worked = new java.util.concurrent.CopyOnWriteArrayList<>();
        TransientFailure thrown = assertThrows(TransientFailure.class, () -> BatchRunner.settle(BatchRunner.run(BATCH,
                target -> {
                    if (!target.equals(IRELAND)) {
                        throw new TransientFailure("WorkSpaces in " + target.region() + " is throttling");
                    }
                    worked.add(target);
                    return "ok";
                }), (target, e) -> "settled"));

        assertEquals(List.of(IRELAND), worked);
        assertTrue(thrown.getMessage().startsWith("[targets 222222222222/us-west-2 333333333333/ap-southeast-2] "),
                thrown.getMessage());
        // As the state machine hands it to RegionFailed after its Retry gave up: the Lambda runtime's error JSON.
        WorkflowError caught = new WorkflowError(TransientFailure.class.getName(), Json.write(Map.of(
                "errorMessage", thrown.getMessage(), "errorType", TransientFailure.class.getName())));
        BatchRunner.Named named = BatchRunner.failedTargets(caught);

        assertEquals(List.of(OREGON, SYDNEY), named.targets());
        assertEquals(List.of(OREGON, SYDNEY), named.within(BATCH));
        assertFalse(named.error().describe().contains("[targets"), named.error().describe());
        assertTrue(named.error().describe().contains("WorkSpaces in us-west-2 is throttling"), named.error().describe());
    }

    @Test
    void aBatchOfOneThrowsItsTargetsOwnFailure() {
        TransientFailure own = new TransientFailure("DynamoDB is throttling");
        TransientFailure thrown = assertThrows(TransientFailure.class, () -> BatchRunner.settle(
                BatchRunner.run(List.of(IRELAND), target -> {
                    throw own;
                }), (target, e) -> "settled"));
        assertSame(own, thrown);
    }

    @Test
    void anErrorThatNamesNoTargetIsAboutTheWholeBatch() {
        WorkflowError timeout = new WorkflowError("States.Timeout", "");
        BatchRunner.Named named = BatchRunner.failedTargets(timeout);

        assertEquals(List.of(), named.targets());
        assertEquals(BATCH, named.within(BATCH));
        assertEquals(timeout, named.error());
    }
}
