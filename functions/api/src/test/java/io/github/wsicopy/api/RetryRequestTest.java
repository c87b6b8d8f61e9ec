package io.github.wsicopy.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.wsicopy.core.model.Reason;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.model.RequestParser;
import io.github.wsicopy.core.store.CopyTask;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The retry of a job's failed tasks asks again for exactly those (account, Region, image) tasks. */
class RetryRequestTest {
    private static final String A = "111111111111";
    private static final String B = "222222222222";

    private static CopyTask failed(String account, String region, String image) {
        return CopyTask.skipped("job-1", image, "us-east-1", account, region,
                Reason.of(ReasonCode.DESTINATION_QUOTA_EXCEEDED).with(Reason.REGION, region).build(), Instant.EPOCH);
    }

    private static Map<String, Object> original(Map<String, Object> accounts) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("sourceRegion", "us-east-1");
        request.put("imageIds", List.of("wsi-abc123def", "wsi-xyz789ghi"));
        request.put("destinationRegions", List.of("eu-west-1", "us-west-2"));
        request.putAll(accounts);
        return request;
    }

    @Test
    void aRequestIntoAnOrganizationIsNarrowedToTheFailedAccountsAndItsPairsNameTheirAccount() {
        Map<String, Object> retry = JobSubmissions.retryRequest(
                original(Map.of("destinationOrganizationalUnits", List.of("ou-abcd-12345678"))),
                List.of(failed(B, "us-west-2", "wsi-abc123def"), failed(A, "eu-west-1", "wsi-abc123def")));

        assertEquals(List.of(B, A), retry.get("destinationAccounts"));
        assertFalse(retry.containsKey("destinationOrganizationalUnits"));
        assertEquals(List.of(
                Map.of("imageId", "wsi-abc123def", "destinationRegion", "eu-west-1", "destinationAccount", A),
                Map.of("imageId", "wsi-abc123def", "destinationRegion", "us-west-2", "destinationAccount", B)),
                retry.get("pairs"));
        assertEquals(RequestParser.Valid.class,
                RequestParser.parse(retry, RequestParser.Defaults.NONE).getClass(), "the retry is a valid request");
    }

    @Test
    void aRequestIntoTheStacksOwnAccountKeepsItsPairsWithoutAnAccount() {
        Map<String, Object> retry = JobSubmissions.retryRequest(original(Map.of()),
                List.of(failed(A, "eu-west-1", "wsi-abc123def"), failed(A, "us-west-2", "wsi-xyz789ghi")));

        assertFalse(retry.containsKey("destinationAccounts"));
        assertEquals(List.of(Map.of("imageId", "wsi-abc123def", "destinationRegion", "eu-west-1"),
                Map.of("imageId", "wsi-xyz789ghi", "destinationRegion", "us-west-2")), retry.get("pairs"));
    }
}
