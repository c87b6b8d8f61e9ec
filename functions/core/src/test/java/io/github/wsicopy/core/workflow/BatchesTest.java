package io.github.wsicopy.core.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.model.Target;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchesTest {

    @ParameterizedTest(name = "{0} targets, {1} copies: {2} a batch")
    @CsvSource({
            "200, 2000, 20",   // 10 copies a target: 20 targets make 200 copies
            "4, 40, 4",        // a small job: one batch
            "4, 8, 4",
            "16, 16000, 1",    // 1,000 copies a target: each runs alone
            "16, 3200, 1",     // exactly 200 a target
            "16, 1600, 2",     // 100 a target: two make 200
            "80, 80, 50",      // 1 copy a target: capped at the threads a step runs
            "3, 0, 1",
            "0, 0, 1"})
    void targetsPerBatchReachAboutTwoHundredCopies(int targets, long copies, int expected) {
        assertEquals(expected, Batches.targetsPerBatch(targets, copies));
    }

    @Test
    void everyTargetIsInExactlyOneBatchWithItsAccountsOtherTargets() {
        List<Target> targets = new ArrayList<>();
        for (String region : List.of("us-west-2", "eu-west-1", "ap-southeast-2", "eu-central-1")) {
            for (int account = 50; account >= 1; account--) {
                targets.add(new Target(String.format("%012d", account), region));
            }
        }

        List<List<Target>> batches = Batches.of(targets, 2000);

        assertEquals(10, batches.size());
        List<Target> flat = batches.stream().flatMap(List::stream).toList();
        assertEquals(targets.size(), flat.size());
        assertEquals(new java.util.HashSet<>(targets), new java.util.HashSet<>(flat), "each target once");
        assertTrue(batches.stream().allMatch(b -> b.size() == 20));
        assertEquals(List.of(new Target("000000000050", "us-west-2"), new Target("000000000050", "eu-west-1"),
                new Target("000000000050", "ap-southeast-2"), new Target("000000000050", "eu-central-1")),
                batches.get(0).subList(0, 4), "an account's Regions side by side (one role session for them), in the job's order");
    }

    @Test
    void theLastBatchTakesWhatIsLeft() {
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            targets.add(new Target("222222222222", "r-" + i));
        }
        List<List<Target>> batches = Batches.of(targets, 7 * 80); // 80 a target: 3 a batch

        assertEquals(List.of(3, 3, 1), batches.stream().map(List::size).toList());
    }
}
