package io.github.wsicopy.local.ssm;

import io.github.wsicopy.local.AccessKeys;
import io.github.wsicopy.local.JsonServiceStandIn;
import io.github.wsicopy.local.model.ServiceModel;
import io.github.wsicopy.local.workspaces.Caller;
import io.github.wsicopy.local.workspaces.EmulatorConfig;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.github.wsicopy.local.workspaces.Json.field;
import static io.github.wsicopy.local.workspaces.Json.list;
import static io.github.wsicopy.local.workspaces.Json.optionalString;
import static io.github.wsicopy.local.workspaces.Json.string;

/**
 * A loopback stand-in for AWS Systems Manager Parameter Store (JSON 1.1, target prefix {@code AmazonSSM}):
 * PutParameter, GetParameter, AddTagsToResource and DeleteParameter of the cut model
 * {@code ssm-parameters-model.json}, for the AWS SDK ({@code SsmClient.builder().endpointOverride(endpoint())}) and
 * the AWS CLI ({@code aws ssm ... --endpoint-url}).
 *
 * <p>Parameters live per account (mapped from the access key id by {@link AccessKeys}, which the other stand-ins may
 * share; default 123456789012) and Region (the SigV4 scope's). Beyond the model's constraints it keeps the user guide's rules: names (no aws/ssm prefix, a name with
 * {@code /} starts with {@code /}, at most 15 levels, 1011 characters with the ARN), values of 1..4096 bytes
 * (8192 for Advanced), Type required to create, Overwrite for a new version, Tags not together with Overwrite,
 * AllowedPattern, the last 100 versions ({@code name:version} selects one), 50 tags. Constraint errors are the
 * common {@code ValidationException}. SecureString values are stored in clear.
 *
 * <pre>{@code
 * try (SsmEmulator ssm = SsmEmulator.start(clock)) {
 *     // ... point the code under test at ssm.endpoint(), then:
 *     EmulatedParameter p = ssm.parameter("123456789012", "eu-west-1", "/wsicopy/images/golden").orElseThrow();
 *     ssm.failNext("PutParameter", "ThrottlingException", "Rate exceeded", 1);
 * }
 * }</pre>
 */
public final class SsmEmulator implements AutoCloseable {

    /** The WorkSpaces emulator's default account: a key nobody mapped acts as this account in every stand-in. */
    public static final String DEFAULT_ACCOUNT_ID = EmulatorConfig.DEFAULT_ACCOUNT_ID;
    static final String RESOURCE = "ssm-parameters-model.json";

    private final ParameterStore store;
    private final AccessKeys accessKeys;
    private final JsonServiceStandIn endpoint;

    private SsmEmulator(AccessKeys accessKeys, Clock clock, int port) {
        this.store = new ParameterStore(clock);
        this.accessKeys = accessKeys;
        this.endpoint = JsonServiceStandIn.start("SSM stand-in", ServiceModel.load(SsmEmulator.class, RESOURCE),
                JsonServiceStandIn.invalidAs(ParameterStore.VALIDATION), port, accessKeys::accountOf, this::invoke);
    }

    public static SsmEmulator start() {
        return start(Clock.systemUTC());
    }

    /** Modification times are read from {@code clock}. */
    public static SsmEmulator start(Clock clock) {
        return start(clock, 0);
    }

    public static SsmEmulator start(Clock clock, int port) {
        return start(new AccessKeys(DEFAULT_ACCOUNT_ID), clock, port);
    }

    /** Calls act as the account {@code accessKeys} maps their key to (e.g. a LocalOrganization's, STS sessions included). */
    public static SsmEmulator start(AccessKeys accessKeys, Clock clock, int port) {
        return new SsmEmulator(accessKeys, clock, port);
    }

    public URI endpoint() {
        return endpoint.endpoint();
    }

    /** Calls signed with {@code accessKeyId} act as {@code accountId}. */
    public void mapAccessKey(String accessKeyId, String accountId) {
        accessKeys.map(accessKeyId, accountId);
    }

    /** {@link JsonServiceStandIn#failNext}: e.g. ThrottlingException, AccessDeniedException, TooManyUpdates. */
    public void failNext(String operation, String errorType, String message, int times) {
        endpoint.failNext(operation, errorType, message, times);
    }

    public int calls(String operation) {
        return endpoint.calls(operation);
    }

    /** The latest version of a parameter of {@code accountId} in {@code region}. */
    public Optional<EmulatedParameter> parameter(String accountId, String region, String name) {
        return store.find(accountId, region, name).map(s -> snapshot(accountId, region, s));
    }

    /** Every parameter of {@code accountId} in {@code region}, by name. */
    public List<EmulatedParameter> parameters(String accountId, String region) {
        return store.all(accountId, region).stream().map(s -> snapshot(accountId, region, s)).toList();
    }

    @Override
    public void close() {
        endpoint.close();
    }

    private EmulatedParameter snapshot(String account, String region, ParameterStore.Stored stored) {
        synchronized (store) {
            ParameterStore.Version v = stored.latest();
            return new EmulatedParameter(stored.name, v.type(), v.value(), v.number(), v.modified(), v.description(),
                    v.tier(), v.dataType(), ParameterStore.arn(account, region, stored.name), stored.tags);
        }
    }

    private Map<String, Object> invoke(String operation, Caller caller, JsonNode input) {
        return switch (operation) {
            case "PutParameter" -> {
                ParameterStore.Version written = store.put(caller, string(input, "Name"), string(input, "Value"),
                        orNull(input, "Type"), orNull(input, "Description"),
                        field(input, "Overwrite").map(JsonNode::asBoolean).orElse(false),
                        orNull(input, "AllowedPattern"), orNull(input, "Tier"), orNull(input, "DataType"),
                        tags(input));
                yield Map.of("Version", written.number(), "Tier", written.tier());
            }
            case "GetParameter" -> {
                String asked = string(input, "Name");
                Map.Entry<ParameterStore.Stored, ParameterStore.Version> found = store.get(caller, asked);
                ParameterStore.Version v = found.getValue();
                Map<String, Object> parameter = new LinkedHashMap<>();
                parameter.put("Name", found.getKey().name);
                parameter.put("Type", v.type());
                parameter.put("Value", v.value());
                parameter.put("Version", v.number());
                if (asked.startsWith(found.getKey().name + ":")) {
                    parameter.put("Selector", asked.substring(found.getKey().name.length()));
                }
                parameter.put("LastModifiedDate", v.modified());
                parameter.put("ARN", ParameterStore.arn(caller.accountId(), caller.region(), found.getKey().name));
                parameter.put("DataType", v.dataType());
                yield Map.of("Parameter", parameter);
            }
            case "AddTagsToResource" -> {
                store.addTags(caller, string(input, "ResourceType"), string(input, "ResourceId"), tags(input));
                yield Map.of();
            }
            case "DeleteParameter" -> {
                store.delete(caller, string(input, "Name"));
                yield Map.of();
            }
            default -> throw new IllegalStateException("operation in the model but not emulated: " + operation);
        };
    }

    private static Map<String, String> tags(JsonNode input) {
        Map<String, String> tags = new LinkedHashMap<>();
        list(input, "Tags").forEach(tag -> tags.put(string(tag, "Key"), string(tag, "Value")));
        return tags;
    }

    /** The parameter store takes absent optional members as null. */
    private static String orNull(JsonNode node, String name) {
        return optionalString(node, name).orElse(null);
    }
}
