package io.github.wsicopy.local.servicequotas;

import io.github.wsicopy.local.AccessKeys;
import io.github.wsicopy.local.JsonServiceStandIn;
import io.github.wsicopy.local.model.ModelValidator;
import io.github.wsicopy.local.model.ServiceModel;
import io.github.wsicopy.local.workspaces.Caller;
import io.github.wsicopy.local.workspaces.CopyRules;
import io.github.wsicopy.local.workspaces.EmulatorConfig;
import io.github.wsicopy.local.workspaces.Json;
import io.github.wsicopy.local.workspaces.ServiceError;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.github.wsicopy.local.workspaces.Json.field;
import static io.github.wsicopy.local.workspaces.Json.optionalString;
import static io.github.wsicopy.local.workspaces.Json.string;

/**
 * A loopback stand-in for Service Quotas (JSON 1.1, target prefix {@code ServiceQuotasV20190624}): GetServiceQuota,
 * GetAWSDefaultServiceQuota and ListServiceQuotas of the cut model {@code service-quotas-model.json}, for the AWS
 * SDK ({@code ServiceQuotasClient.builder().endpointOverride(endpoint())}) and the AWS CLI
 * ({@code aws service-quotas ... --endpoint-url}).
 *
 * <p>A test sets AWS default values per (service code, quota code) and applied values per (account, Region, service
 * code, quota code); the account comes from the access key id ({@link AccessKeys}; default 123456789012), the Region
 * from the SigV4 scope. GetServiceQuota answers the applied value, or NoSuchResourceException where there is none (the caller then
 * asks GetAWSDefaultServiceQuota, or falls back to its own default); GetAWSDefaultServiceQuota answers the default,
 * or NoSuchResourceException. No quota is preset: the WorkSpaces quota codes are the caller's configuration.
 *
 * <pre>{@code
 * try (ServiceQuotasEmulator quotas = ServiceQuotasEmulator.start()) {
 *     quotas.setDefaultQuota("workspaces", "L-12345678", "Images", 40, true);
 *     quotas.setAppliedQuota("123456789012", "eu-west-1", "workspaces", "L-12345678", 60);
 *     quotas.failNext("GetServiceQuota", "AccessDeniedException", "not allowed", 1);
 * }
 * }</pre>
 */
public final class ServiceQuotasEmulator implements AutoCloseable {

    /** The WorkSpaces emulator's default account: a key nobody mapped acts as this account in every stand-in. */
    public static final String DEFAULT_ACCOUNT_ID = EmulatorConfig.DEFAULT_ACCOUNT_ID;
    static final String RESOURCE = "service-quotas-model.json";
    static final String WORKSPACES = "workspaces";
    private static final int DEFAULT_PAGE = 100;

    /** A quota's definition: what GetAWSDefaultServiceQuota says of it. */
    private record Definition(String serviceCode, String quotaCode, String name, double value, boolean adjustable) {
    }

    private final ServiceModel model = ServiceModel.load(ServiceQuotasEmulator.class, RESOURCE);
    private final AccessKeys accessKeys;
    /** "service/quota" → definition. */
    private final Map<String, Definition> defaults = new HashMap<>();
    /** "account/region/service/quota" → applied value. */
    private final Map<String, Double> applied = new HashMap<>();
    private final JsonServiceStandIn endpoint;

    private ServiceQuotasEmulator(AccessKeys accessKeys, int port) {
        this.accessKeys = accessKeys;
        this.endpoint = JsonServiceStandIn.start("Service Quotas stand-in", model,
                JsonServiceStandIn.invalidAs("ValidationException"), port, accessKeys::accountOf, this::invoke);
    }

    public static ServiceQuotasEmulator start() {
        return start(0);
    }

    public static ServiceQuotasEmulator start(int port) {
        return start(new AccessKeys(DEFAULT_ACCOUNT_ID), port);
    }

    /** Calls act as the account {@code accessKeys} maps their key to (e.g. a LocalOrganization's, STS sessions included). */
    public static ServiceQuotasEmulator start(AccessKeys accessKeys, int port) {
        return new ServiceQuotasEmulator(accessKeys, port);
    }

    public URI endpoint() {
        return endpoint.endpoint();
    }

    /** Calls signed with {@code accessKeyId} act as {@code accountId}. */
    public void mapAccessKey(String accessKeyId, String accountId) {
        accessKeys.map(accessKeyId, accountId);
    }

    /** {@link JsonServiceStandIn#failNext}: e.g. AccessDeniedException, TooManyRequestsException, ServiceException. */
    public void failNext(String operation, String errorType, String message, int times) {
        endpoint.failNext(operation, errorType, message, times);
    }

    public int calls(String operation) {
        return endpoint.calls(operation);
    }

    /** The AWS default of a quota (GetAWSDefaultServiceQuota), in every Region. */
    public synchronized void setDefaultQuota(String serviceCode, String quotaCode, String quotaName, double value,
                                             boolean adjustable) {
        check(serviceCode, quotaCode, value);
        defaults.put(serviceCode + "/" + quotaCode, new Definition(serviceCode, quotaCode, quotaName, value, adjustable));
    }

    /** The value applied to {@code accountId} in {@code region} (GetServiceQuota). */
    public synchronized void setAppliedQuota(String accountId, String region, String serviceCode, String quotaCode,
                                             double value) {
        check(serviceCode, quotaCode, value);
        applied.put(accountId + "/" + region + "/" + serviceCode + "/" + quotaCode, value);
    }

    /** No applied value any more: GetServiceQuota answers NoSuchResourceException. */
    public synchronized void clearAppliedQuota(String accountId, String region, String serviceCode, String quotaCode) {
        applied.remove(accountId + "/" + region + "/" + serviceCode + "/" + quotaCode);
    }

    @Override
    public void close() {
        endpoint.close();
    }

    private synchronized Map<String, Object> invoke(String operation, Caller caller, JsonNode input) {
        return switch (operation) {
            case "GetServiceQuota" -> {
                String service = string(input, "ServiceCode");
                String quota = string(input, "QuotaCode");
                Double value = applied.get(caller.accountId() + "/" + caller.region() + "/" + service + "/" + quota);
                if (value == null) {
                    throw noSuchQuota(service, quota);
                }
                yield Map.of("Quota", quota(caller, service, quota, value, true));
            }
            case "GetAWSDefaultServiceQuota" -> {
                String service = string(input, "ServiceCode");
                String quota = string(input, "QuotaCode");
                Definition definition = Optional.ofNullable(defaults.get(service + "/" + quota))
                        .orElseThrow(() -> noSuchQuota(service, quota));
                yield Map.of("Quota", quota(caller, service, quota, definition.value(), false));
            }
            case "ListServiceQuotas" -> listServiceQuotas(caller, input);
            default -> throw new IllegalStateException("operation in the model but not emulated: " + operation);
        };
    }

    /** The account's applied quotas of a service in the Region, by quota code, a page at a time. */
    private Map<String, Object> listServiceQuotas(Caller caller, JsonNode input) {
        String service = string(input, "ServiceCode");
        String prefix = caller.accountId() + "/" + caller.region() + "/" + service + "/";
        boolean known = defaults.values().stream().anyMatch(d -> d.serviceCode().equals(service))
                || applied.keySet().stream().anyMatch(k -> k.split("/")[2].equals(service));
        if (!known) {
            throw ServiceError.of("NoSuchResourceException", "The request failed because the specified service "
                    + service + " does not exist.");
        }
        Optional<String> onlyCode = optionalString(input, "QuotaCode");
        boolean resourceLevelOnly = optionalString(input, "QuotaAppliedAtLevel").filter("RESOURCE"::equals).isPresent();
        List<String> codes = applied.keySet().stream().filter(k -> k.startsWith(prefix)).map(k -> k.substring(prefix.length()))
                .filter(c -> onlyCode.map(c::equals).orElse(true)).filter(c -> !resourceLevelOnly)
                .sorted(Comparator.naturalOrder()).toList();
        int max = field(input, "MaxResults").map(n -> new BigDecimal(n.asNumber()).intValueExact()).orElse(DEFAULT_PAGE);
        Optional<String> after = optionalString(input, "NextToken").map(ServiceQuotasEmulator::decodeToken);
        List<String> remaining = after.map(a -> codes.stream().filter(c -> c.compareTo(a) > 0).toList()).orElse(codes);
        List<String> page = remaining.subList(0, Math.min(max, remaining.size()));
        List<Object> quotas = new ArrayList<>();
        page.forEach(code -> quotas.add(quota(caller, service, code, applied.get(prefix + code), true)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Quotas", quotas);
        if (remaining.size() > page.size()) {
            out.put("NextToken", Base64.getEncoder().encodeToString(page.getLast().getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** The model's ServiceQuota; an applied value's ARN names the account, a default's does not. */
    private Map<String, Object> quota(Caller caller, String service, String code, double value, boolean appliedValue) {
        Optional<Definition> definition = Optional.ofNullable(defaults.get(service + "/" + code));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ServiceCode", service);
        out.put("ServiceName", WORKSPACES.equals(service) ? "Amazon WorkSpaces" : service);
        out.put("QuotaArn", "arn:" + CopyRules.partition(caller.region()) + ":servicequotas:" + caller.region() + ":"
                + (appliedValue ? caller.accountId() : "") + ":" + service + "/" + code);
        out.put("QuotaCode", code);
        out.put("QuotaName", definition.map(Definition::name).orElse(code));
        out.put("Value", value);
        out.put("Unit", "None");
        out.put("Adjustable", definition.map(Definition::adjustable).orElse(false));
        out.put("GlobalQuota", false);
        if (appliedValue) {
            out.put("QuotaAppliedAtLevel", "ACCOUNT");
        }
        return out;
    }

    private static ServiceError noSuchQuota(String service, String quota) {
        return ServiceError.of("NoSuchResourceException",
                "The request failed because the specified quota " + quota + " of service " + service + " does not exist.");
    }

    /** A test's quota must be one the service could report: the model's constraints, else IllegalArgumentException. */
    private void check(String serviceCode, String quotaCode, double value) {
        ModelValidator validator = new ModelValidator(model);
        List<ModelValidator.Violation> violations = new ArrayList<>();
        violations.addAll(validator.violations("ServiceCode", "ServiceCode", json(serviceCode)));
        violations.addAll(validator.violations("QuotaCode", "QuotaCode", json(quotaCode)));
        violations.addAll(validator.violations("QuotaValue", "Value", json(value)));
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", violations.stream().map(ModelValidator.Violation::text).toList()));
        }
    }

    private static JsonNode json(Object value) {
        return JsonNodeParser.create().parse(Json.write(value));
    }

    private static String decodeToken(String token) {
        try {
            return new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ServiceError.of("InvalidPaginationTokenException", "Invalid input: the NextToken is not valid.");
        }
    }
}
