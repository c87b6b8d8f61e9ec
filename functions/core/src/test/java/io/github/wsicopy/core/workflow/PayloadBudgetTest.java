package io.github.wsicopy.core.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.model.RequestParser;
import io.github.wsicopy.core.store.Counts;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.TaskState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadBudgetTest {
    private static final int FIFTY_ACCOUNTS_BY_SIXTEEN_REGIONS = 50 * 16;

    @Test
    void fiftyAccountsTimesSixteenRegionsFitIn256KB() {
        long largest = PayloadBudget.largestPayloadBytes(FIFTY_ACCOUNTS_BY_SIXTEEN_REGIONS,
                PayloadBudget.WORKSPACES_REGION_LENGTH);

        assertTrue(largest <= PayloadBudget.PAYLOAD_LIMIT_BYTES, largest + " bytes");
        // Without the error the Map's Catch adds (at most 192 KB), Validate's output is far from the limit.
        long validated = largest - PayloadBudget.ERROR_MEMBER;
        assertTrue(validated < 50_000, validated + " bytes");
        assertTrue(PayloadBudget.mapResultBytes(FIFTY_ACCOUNTS_BY_SIXTEEN_REGIONS) < 3_000);
    }

    @Test
    void evenRegionNamesOfTheLongestAllowedLengthFitFor800Targets() {
        assertTrue(PayloadBudget.largestPayloadBytes(FIFTY_ACCOUNTS_BY_SIXTEEN_REGIONS, RequestParser.REGION_MAX_LENGTH)
                <= PayloadBudget.PAYLOAD_LIMIT_BYTES);
    }

    @ParameterizedTest(name = "{0} targets")
    @ValueSource(ints = {0, 1, 2, 800})
    void theTargetsMemberIsWhatJsonWrites(int targets) {
        // Its largest form: a batch for each target.
        List<List<Map<String, Object>>> items = new ArrayList<>();
        for (int i = 0; i < targets; i++) {
            items.add(List.of(target(String.format("%012d", 100_000_000_000L + i), "ap-southeast-2")));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("jobId", "job-0001");
        String without = Json.write(json);
        json.put("batches", items);

        long member = bytes(Json.write(json)) - bytes(without);

        assertEquals(member, PayloadBudget.targetsMemberBytes(targets, "ap-southeast-2".length()));
    }

    @Test
    void theValidateFrameBoundsTheLargestOutputWithoutTargets() {
        Map<TaskState, Long> counts = new EnumMap<>(TaskState.class);
        for (TaskState s : TaskState.values()) {
            counts.put(s, 999_999_999_999L);
        }
        JobValidator.Result largest = new JobValidator.Result("j".repeat(80), JobState.PARTIALLY_SUCCEEDED, List.of(),
                true, new Counts(counts));

        long written = bytes(Json.write(largest.toJson()));

        assertTrue(written <= PayloadBudget.VALIDATE_FRAME, written + " bytes");
    }

    @Test
    void theErrorMemberIsTheLongestCaughtErrorJsonWrites() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("Error", "\u0001".repeat(PayloadBudget.ERROR_NAME_LENGTH));
        error.put("Cause", "\u0001".repeat(PayloadBudget.ERROR_CAUSE_LENGTH));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("jobId", "job-0001");
        String without = Json.write(json);
        json.put("error", error);

        assertEquals(bytes(Json.write(json)) - bytes(without), PayloadBudget.ERROR_MEMBER);
    }

    @Test
    void theMapResultIsOneEmptyObjectPerChild() {
        List<Map<String, Object>> outputs = Collections.nCopies(FIFTY_ACCOUNTS_BY_SIXTEEN_REGIONS, Map.of());
        assertEquals(bytes(Json.write(outputs)), PayloadBudget.mapResultBytes(FIFTY_ACCOUNTS_BY_SIXTEEN_REGIONS));
        assertEquals(2, PayloadBudget.mapResultBytes(0));
    }

    @ParameterizedTest(name = "Region names of {0} characters")
    @ValueSource(ints = {PayloadBudget.WORKSPACES_REGION_LENGTH, RequestParser.REGION_MAX_LENGTH})
    void maxTargetsIsTheMostThatFit(int regionLength) {
        int most = PayloadBudget.maxTargets(regionLength);

        assertTrue(PayloadBudget.largestPayloadBytes(most, regionLength) <= PayloadBudget.PAYLOAD_LIMIT_BYTES);
        assertTrue(PayloadBudget.largestPayloadBytes(most + 1, regionLength) > PayloadBudget.PAYLOAD_LIMIT_BYTES);
        assertTrue(PayloadBudget.mapResultBytes(most) <= PayloadBudget.PAYLOAD_LIMIT_BYTES);
        assertTrue(most >= FIFTY_ACCOUNTS_BY_SIXTEEN_REGIONS, most + " targets");
    }

    private static Map<String, Object> target(String account, String region) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("account", account);
        json.put("region", region);
        return json;
    }

    private static long bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8).length;
    }
}
