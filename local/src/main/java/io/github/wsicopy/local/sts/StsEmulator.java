package io.github.wsicopy.local.sts;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.wsicopy.local.AccessKeys;
import io.github.wsicopy.local.AccessKeys.Identity;
import io.github.wsicopy.local.LoopbackServer;
import io.github.wsicopy.local.SigV4;
import io.github.wsicopy.local.model.ModelValidator;
import io.github.wsicopy.local.model.ServiceModel;
import io.github.wsicopy.local.model.ServiceModel.Operation;
import io.github.wsicopy.local.workspaces.Json;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for AWS STS on loopback (the AWS Query protocol, XML answers), for the two calls a cross-account
 * copy makes: AssumeRole and GetCallerIdentity, checked against the bundled cut of the official model.
 *
 * <p>Roles are deployed with {@link #deployRole}: a role trusts the accounts it names (any principal in them;
 * the real trust policy may narrow that to the wsicopy stack's function roles) and may require an external id.
 * AssumeRole of a role that is not deployed, does not trust the caller's account, or whose external id does not
 * match answers {@code AccessDenied} (HTTP 403) in the real service's words. A successful AssumeRole issues a
 * session key that {@link AccessKeys} maps to the role's account, so calls signed with it (to the WorkSpaces
 * emulator, when it listens to the same keys) act in the target account. Session expiry is reported but not
 * enforced.
 *
 * <pre>{@code
 * AccessKeys keys = new AccessKeys("111111111111");
 * keys.onMapped(workspaces::mapAccessKey);
 * try (StsEmulator sts = StsEmulator.start(keys, clock)) {
 *     sts.deployRole(StsEmulator.Role.named("222222222222", "wsicopy-target").trusting("111111111111").externalId("x"));
 *     // StsClient.builder().endpointOverride(sts.endpoint())...
 * }
 * }</pre>
 */
public final class StsEmulator implements AutoCloseable {

    static final String ACCESS_DENIED = "AccessDenied";
    static final String VALIDATION_ERROR = "ValidationError";

    private static final Pattern ROLE_ARN = Pattern.compile(
            "^arn:(aws|aws-cn|aws-us-gov):iam::(\\d{12}):role/(?:[\\w+=,.@-]+/)*([\\w+=,.@-]{1,64})$");
    private static final String KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /**
     * A role in a target account.
     *
     * @param trustedAccounts the accounts whose principals may assume it
     * @param externalId      the sts:ExternalId its trust policy requires, or null for none
     * @param maxSession      the role's MaxSessionDuration (DurationSeconds may not exceed it)
     */
    public record Role(String accountId, String name, Set<String> trustedAccounts, String externalId, Duration maxSession) {

        public Role {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(name, "name");
            trustedAccounts = Set.copyOf(trustedAccounts);
            Objects.requireNonNull(maxSession, "maxSession");
        }

        /** A role that trusts nobody yet, with IAM's default MaxSessionDuration of one hour. */
        public static Role named(String accountId, String name) {
            return new Role(accountId, name, Set.of(), null, Duration.ofHours(1));
        }

        public Role trusting(String... accounts) {
            return new Role(accountId, name, Set.of(accounts), externalId, maxSession);
        }

        public Role externalId(String externalId) {
            return new Role(accountId, name, trustedAccounts, externalId, maxSession);
        }

        public Role maxSession(Duration maxSession) {
            return new Role(accountId, name, trustedAccounts, externalId, maxSession);
        }

        public String arn() {
            return "arn:aws:iam::" + accountId + ":role/" + name;
        }
    }

    /** A refusal, answered as {@code <ErrorResponse>} with the code and HTTP status. */
    private static final class StsError extends RuntimeException {
        final String code;
        final int status;

        StsError(String code, int status, String message) {
            super(message, null, false, false);
            this.code = code;
            this.status = status;
        }
    }

    private final ServiceModel model = ServiceModel.load(StsEmulator.class, "sts-model.json");
    private final ModelValidator validator = new ModelValidator(model);
    private final AccessKeys accessKeys;
    private final Clock clock;
    private final Random random = new Random(7);
    private final Map<String, Role> roles = new ConcurrentHashMap<>();
    private final Map<String, String> roleIds = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final java.util.Deque<StsError> injected = new java.util.ArrayDeque<>();
    private final HttpServer server;

    private StsEmulator(AccessKeys accessKeys, Clock clock, int port) {
        this.accessKeys = Objects.requireNonNull(accessKeys, "accessKeys");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.server = LoopbackServer.create(port, "STS stand-in", 4);
        server.createContext("/", this::handle);
        server.start();
    }

    /** On a free loopback port. */
    public static StsEmulator start(AccessKeys accessKeys, Clock clock) {
        return start(accessKeys, clock, 0);
    }

    public static StsEmulator start(AccessKeys accessKeys, Clock clock, int port) {
        return new StsEmulator(accessKeys, clock, port);
    }

    public URI endpoint() {
        return LoopbackServer.endpoint(server);
    }

    /** Deploys (or replaces) a role. */
    public void deployRole(Role role) {
        roles.put(role.arn(), role);
        roleIds.computeIfAbsent(role.arn(), arn -> "AROA" + randomChars(KEY_CHARS, 17));
    }

    /** Removes a role, like deleting the target account's stack instance; false if there was none. */
    public boolean removeRole(String accountId, String name) {
        return roles.remove(Role.named(accountId, name).arn()) != null;
    }

    public Optional<Role> role(String accountId, String name) {
        return Optional.ofNullable(roles.get(Role.named(accountId, name).arn()));
    }

    /**
     * The next {@code times} AssumeRole calls fail with {@code code} and HTTP {@code status} (e.g. Throttling and
     * 400, InternalFailure and 500) before the role is looked at, for tests of what a caller makes of them.
     */
    public void failNextAssumeRole(String code, int status, int times) {
        synchronized (injected) {
            for (int i = 0; i < times; i++) {
                injected.add(new StsError(code, status, "Injected " + code));
            }
        }
    }

    /** How many calls of {@code operation} were answered (successfully or not). */
    public int calls(String operation) {
        AtomicInteger count = calls.get(operation);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        LoopbackServer.stop(server);
    }

    // ---- the API ----

    private void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        int status;
        byte[] body;
        try {
            Map<String, String> params = QueryProtocol.form(exchange.getRequestBody().readAllBytes());
            body = answer(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Authorization"), params, requestId);
            status = 200;
        } catch (StsError e) {
            status = e.status;
            body = QueryProtocol.error(namespace(), e.code, e.getMessage(), requestId);
        } catch (RuntimeException e) {
            e.printStackTrace(System.err);
            status = 500;
            body = QueryProtocol.error(namespace(), "InternalFailure", "Stand-in failure: " + e, requestId);
        }
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private byte[] answer(String method, String authorization, Map<String, String> params, String requestId) {
        SigV4.Scope scope = SigV4.scope(authorization).orElseThrow(() -> new StsError("MissingAuthenticationToken", 403,
                "Request is missing Authentication Token"));
        String action = params.get("Action");
        Operation operation = Optional.ofNullable(action).filter(a -> "POST".equals(method)).flatMap(model::operation)
                .orElseThrow(() -> new StsError("InvalidAction", 400, "Could not find operation " + action
                        + " for version " + params.get("Version")));
        calls.computeIfAbsent(operation.name(), n -> new AtomicInteger()).incrementAndGet();
        JsonNode input = QueryProtocol.input(model, operation.inputShape(), params);
        validate(operation.inputShape(), input);
        Identity caller = accessKeys.identityOf(scope.accessKeyId());
        Map<String, Object> output = switch (operation.name()) {
            case "AssumeRole" -> assumeRole(caller, input);
            case "GetCallerIdentity" -> Map.of("UserId", caller.userId(), "Account", caller.accountId(), "Arn", caller.arn());
            default -> throw new IllegalStateException("operation in the model but not emulated: " + operation.name());
        };
        validator.checkOutput(operation.outputShape(), JsonNodeParser.create().parse(Json.write(output)));
        return QueryProtocol.response(namespace(), operation.name(), operation.resultWrapper(), output, requestId);
    }

    private void validate(String shape, JsonNode input) {
        List<ModelValidator.Violation> violations;
        try {
            violations = validator.violations(shape, "", input);
        } catch (ModelValidator.WrongType e) {
            throw new StsError(VALIDATION_ERROR, 400, e.getMessage());
        }
        if (!violations.isEmpty()) {
            throw new StsError(VALIDATION_ERROR, 400, ModelValidator.summary(violations));
        }
    }

    private Map<String, Object> assumeRole(Identity caller, JsonNode input) {
        synchronized (injected) {
            if (!injected.isEmpty()) {
                throw injected.poll();
            }
        }
        String roleArn = input.field("RoleArn").orElseThrow().asString();
        String session = input.field("RoleSessionName").orElseThrow().asString();
        Matcher arn = ROLE_ARN.matcher(roleArn);
        if (!arn.matches()) {
            throw new StsError(VALIDATION_ERROR, 400, roleArn + " is invalid");
        }
        String externalId = input.field("ExternalId").map(JsonNode::asString).orElse(null);
        Role role = roles.get(Role.named(arn.group(2), arn.group(3)).arn());
        if (role == null || !role.trustedAccounts().contains(caller.accountId())
                || (role.externalId() != null && !role.externalId().equals(externalId))) {
            // The real service does not say which: a missing role, its trust and a wrong external id look alike.
            throw new StsError(ACCESS_DENIED, 403, "User: " + caller.arn()
                    + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn);
        }
        long seconds = input.field("DurationSeconds").map(n -> Long.parseLong(n.asNumber())).orElse(3600L);
        if (seconds > role.maxSession().toSeconds()) {
            throw new StsError(VALIDATION_ERROR, 400,
                    "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        String keyId = "ASIA" + randomChars(KEY_CHARS, 16);
        String assumedArn = "arn:aws:sts::" + role.accountId() + ":assumed-role/" + role.name() + "/" + session;
        String assumedId = roleIds.get(role.arn()) + ":" + session;
        accessKeys.map(keyId, new Identity(role.accountId(), assumedArn, assumedId));
        Instant expiration = clock.instant().plusSeconds(seconds);
        Map<String, Object> credentials = new LinkedHashMap<>();
        credentials.put("AccessKeyId", keyId);
        credentials.put("SecretAccessKey", randomChars(SECRET_CHARS, 40));
        credentials.put("SessionToken", "FwoGZXIvYXdzE" + randomChars(SECRET_CHARS, 120));
        credentials.put("Expiration", expiration);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Credentials", credentials);
        out.put("AssumedRoleUser", Map.of("AssumedRoleId", assumedId, "Arn", assumedArn));
        return out;
    }

    private String namespace() {
        return model.metadata().xmlNamespace();
    }

    private String randomChars(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        synchronized (random) {
            for (int i = 0; i < length; i++) {
                out.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return out.toString();
    }
}
