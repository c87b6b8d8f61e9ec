package io.github.wsicopy.core.config;

import io.github.wsicopy.core.log.Fields;
import io.github.wsicopy.core.log.Log;
import io.github.wsicopy.core.workspaces.ImageQuotas;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.servicequotas.ServiceQuotasClient;
import software.amazon.awssdk.services.servicequotas.model.NoSuchResourceException;

/**
 * GetServiceQuota(workspaces, the configured code) per Region, with a client per Region built like the others
 * ({@link AwsClients#configure}). Only validate and api ship the servicequotas module (an optional dependency of
 * core), and only they are given IMAGE_QUOTA_CODE, so no other function ever loads this class
 * ({@link ImageQuotas#of} names it only when the code is set).
 */
public final class ServiceQuotasImageQuotas implements ImageQuotas {
    static final String SERVICE_CODE = "workspaces";

    private final AwsClients clients;
    private final String quotaCode;
    private final Log log;
    private final Map<String, ServiceQuotasClient> byRegion = new ConcurrentHashMap<>();

    public ServiceQuotasImageQuotas(AwsClients clients, String quotaCode, Log log) {
        this.clients = clients;
        this.quotaCode = quotaCode;
        this.log = log;
    }

    @Override
    public Optional<Integer> applied(String region) {
        try {
            Double value = client(region).getServiceQuota(r -> r.serviceCode(SERVICE_CODE).quotaCode(quotaCode))
                    .quota().value();
            if (value == null || value.isNaN() || value < 0) {
                return Optional.empty();
            }
            return Optional.of((int) Math.min(Integer.MAX_VALUE, Math.floor(value)));
        } catch (NoSuchResourceException none) {
            return Optional.empty(); // no value applied to the account there: the AWS default, which we configure
        } catch (RuntimeException e) {
            log.warn("Service Quotas did not tell the images quota " + quotaCode + " in " + region
                    + "; the configured IMAGE_QUOTA_PER_REGION is used (grant servicequotas:GetServiceQuota): "
                    + e.getMessage(), Fields.NONE);
            return Optional.empty();
        }
    }

    private ServiceQuotasClient client(String region) {
        return byRegion.computeIfAbsent(region, r -> clients.configure(ServiceQuotasClient.builder(), r,
                        clients.settings().serviceQuotasEndpoint())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD)
                        .apiCallTimeout(Duration.ofSeconds(10))
                        .executionInterceptors(clients.interceptors()))
                .build());
    }
}
