package io.github.wsicopy.local.servicequotas;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.servicequotas.ServiceQuotasClient;
import software.amazon.awssdk.services.servicequotas.model.AccessDeniedException;
import software.amazon.awssdk.services.servicequotas.model.ListServiceQuotasResponse;
import software.amazon.awssdk.services.servicequotas.model.NoSuchResourceException;
import software.amazon.awssdk.services.servicequotas.model.ServiceException;
import software.amazon.awssdk.services.servicequotas.model.ServiceQuota;
import software.amazon.awssdk.services.servicequotas.model.ServiceQuotasException;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Service Quotas stand-in through the real SDK client. */
class ServiceQuotasEmulatorTest {

    private static final String ACCOUNT = ServiceQuotasEmulator.DEFAULT_ACCOUNT_ID;
    private static final String IMAGES = "L-IMAGES01";

    private ServiceQuotasEmulator quotas;
    private ServiceQuotasClient euwest;

    @BeforeEach
    void start() {
        quotas = ServiceQuotasEmulator.start();
        quotas.setDefaultQuota("workspaces", IMAGES, "Images", 40, true);
        euwest = client("eu-west-1", "AKIDEXAMPLE");
    }

    @AfterEach
    void stop() {
        euwest.close();
        quotas.close();
    }

    @Test
    void appliedValueIsPerAccountAndRegion() {
        quotas.mapAccessKey("AKIDOTHER", "210987654321");
        quotas.setAppliedQuota(ACCOUNT, "eu-west-1", "workspaces", IMAGES, 60);

        ServiceQuota applied = euwest.getServiceQuota(r -> r.serviceCode("workspaces").quotaCode(IMAGES)).quota();

        assertEquals(60.0, applied.value());
        assertEquals("workspaces", applied.serviceCode());
        assertEquals("Amazon WorkSpaces", applied.serviceName());
        assertEquals(IMAGES, applied.quotaCode());
        assertEquals("Images", applied.quotaName());
        assertEquals("arn:aws:servicequotas:eu-west-1:" + ACCOUNT + ":workspaces/" + IMAGES, applied.quotaArn());
        assertTrue(applied.adjustable());
        try (ServiceQuotasClient useast = client("us-east-1", "AKIDEXAMPLE"); ServiceQuotasClient other = client("eu-west-1", "AKIDOTHER")) {
            assertThrows(NoSuchResourceException.class, () -> useast.getServiceQuota(r -> r.serviceCode("workspaces").quotaCode(IMAGES)));
            assertThrows(NoSuchResourceException.class, () -> other.getServiceQuota(r -> r.serviceCode("workspaces").quotaCode(IMAGES)));
        }
    }

    @Test
    void withoutAnAppliedValueTheCallerAsksForTheDefault() {
        assertThrows(NoSuchResourceException.class, () -> euwest.getServiceQuota(r -> r.serviceCode("workspaces").quotaCode(IMAGES)));

        ServiceQuota byDefault = euwest.getAWSDefaultServiceQuota(r -> r.serviceCode("workspaces").quotaCode(IMAGES)).quota();

        assertEquals(40.0, byDefault.value());
        assertEquals("arn:aws:servicequotas:eu-west-1::workspaces/" + IMAGES, byDefault.quotaArn());
        assertNull(byDefault.quotaAppliedAtLevel());
        assertThrows(NoSuchResourceException.class,
                () -> euwest.getAWSDefaultServiceQuota(r -> r.serviceCode("workspaces").quotaCode("L-UNKNOWN1")));
        quotas.setAppliedQuota(ACCOUNT, "eu-west-1", "workspaces", IMAGES, 60);
        quotas.clearAppliedQuota(ACCOUNT, "eu-west-1", "workspaces", IMAGES);
        assertThrows(NoSuchResourceException.class, () -> euwest.getServiceQuota(r -> r.serviceCode("workspaces").quotaCode(IMAGES)));
    }

    @Test
    void listPagesThroughTheAppliedQuotas() {
        for (int i = 0; i < 5; i++) {
            quotas.setAppliedQuota(ACCOUNT, "eu-west-1", "workspaces", "L-QUOTA000" + i, i);
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            ListServiceQuotasResponse page = euwest.listServiceQuotas(r -> r.serviceCode("workspaces").maxResults(2).nextToken(next));
            page.quotas().forEach(q -> seen.add(q.quotaCode()));
            token = page.nextToken();
        } while (token != null);

        assertEquals(List.of("L-QUOTA0000", "L-QUOTA0001", "L-QUOTA0002", "L-QUOTA0003", "L-QUOTA0004"), seen);
        assertEquals(1, euwest.listServiceQuotas(r -> r.serviceCode("workspaces").quotaCode("L-QUOTA0003")).quotas().size());
        assertThrows(NoSuchResourceException.class, () -> euwest.listServiceQuotas(r -> r.serviceCode("nosuchservice")));
    }

    @Test
    void requestsAndSeedsFollowTheModel() {
        ServiceQuotasException invalid = assertThrows(ServiceQuotasException.class,
                () -> euwest.getServiceQuota(r -> r.serviceCode("workspaces").quotaCode("x")));
        assertEquals("ValidationException", invalid.awsErrorDetails().errorCode());
        assertTrue(invalid.getMessage().contains("QuotaCode"), invalid.getMessage());
        assertThrows(IllegalArgumentException.class, () -> quotas.setAppliedQuota(ACCOUNT, "eu-west-1", "workspaces", IMAGES, -1));
        assertThrows(IllegalArgumentException.class, () -> quotas.setDefaultQuota("9", IMAGES, "Images", 1, true));
    }

    @Test
    void injectedErrorsReachTheClient() {
        quotas.setAppliedQuota(ACCOUNT, "eu-west-1", "workspaces", IMAGES, 60);
        quotas.failNext("GetServiceQuota", "AccessDeniedException", "not authorized to perform servicequotas:GetServiceQuota", 1);
        quotas.failNext("GetServiceQuota", "ServiceException", "internal", 1);

        assertThrows(AccessDeniedException.class, () -> euwest.getServiceQuota(r -> r.serviceCode("workspaces").quotaCode(IMAGES)));
        ServiceException fault = assertThrows(ServiceException.class,
                () -> euwest.getServiceQuota(r -> r.serviceCode("workspaces").quotaCode(IMAGES)));
        assertEquals(500, fault.statusCode());
        assertEquals(60.0, euwest.getServiceQuota(r -> r.serviceCode("workspaces").quotaCode(IMAGES)).quota().value());
        assertEquals(3, quotas.calls("GetServiceQuota"));
    }

    private ServiceQuotasClient client(String region, String accessKeyId) {
        return ServiceQuotasClient.builder().endpointOverride(quotas.endpoint()).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
