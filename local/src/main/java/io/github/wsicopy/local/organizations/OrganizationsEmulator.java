package io.github.wsicopy.local.organizations;

import io.github.wsicopy.local.AccessKeys;
import io.github.wsicopy.local.JsonServiceStandIn;
import io.github.wsicopy.local.model.ModelValidator;
import io.github.wsicopy.local.model.ServiceModel;
import io.github.wsicopy.local.workspaces.Caller;
import io.github.wsicopy.local.workspaces.ServiceError;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Stands in for AWS Organizations on loopback (JSON 1.1, target prefix AWSOrganizationsV20161128, served by
 * {@link JsonServiceStandIn}) for the calls that resolve an organizational unit to its accounts: ListChildren,
 * ListAccountsForParent and DescribeOrganization, checked against the bundled cut of the official model.
 *
 * <p>One organization at most ({@link #createOrganization}), with a root, OUs ({@link #createOrganizationalUnit})
 * and accounts ({@link #addAccount}). The caller's account comes from its access key ({@link AccessKeys}). As in
 * the real service: an account in no organization gets AWSOrganizationsNotInUseException for every call; a
 * member may describe its organization, but only the management account and registered delegated
 * administrators ({@link #registerDelegatedAdministrator}) may list its structure (others:
 * AccessDeniedException). An unknown parent is ParentNotFoundException; a request the model refuses is
 * InvalidInputException with the constraint as its Reason. Pages hold at most MaxResults (1..20, default 20).
 */
public final class OrganizationsEmulator implements AutoCloseable {

    private static final String ID_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final int DEFAULT_MAX_RESULTS = 20;

    /** An account's Status as ListAccountsForParent reports it. */
    public enum AccountStatus { ACTIVE, SUSPENDED, PENDING_CLOSURE }

    /** The organization's ids. */
    public record Organization(String id, String managementAccountId, String rootId) {

        public String arn() {
            return "arn:aws:organizations::" + managementAccountId + ":organization/" + id;
        }
    }

    private record Member(String id, String name, String email, AccountStatus status, Instant joined) {
    }

    private record Unit(String id, String name) {
    }

    private final Clock clock;
    private final Random ids = new Random(11);
    private final JsonServiceStandIn endpoint;

    // Guarded by this.
    private Organization organization;
    /** Parent id (root or OU) → child ids in the order they were added. */
    private final Map<String, Set<String>> children = new LinkedHashMap<>();
    private final Map<String, Unit> units = new LinkedHashMap<>();
    private final Map<String, Member> accounts = new LinkedHashMap<>();
    private final Set<String> delegatedAdministrators = new LinkedHashSet<>();

    private OrganizationsEmulator(AccessKeys accessKeys, Clock clock, int port) {
        Objects.requireNonNull(accessKeys, "accessKeys");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.endpoint = JsonServiceStandIn.start("Organizations stand-in",
                ServiceModel.load(OrganizationsEmulator.class, "organizations-model.json"),
                OrganizationsEmulator::invalidInput, port, accessKeys::accountOf, this::invoke);
    }

    public static OrganizationsEmulator start(AccessKeys accessKeys, Clock clock) {
        return start(accessKeys, clock, 0);
    }

    public static OrganizationsEmulator start(AccessKeys accessKeys, Clock clock, int port) {
        return new OrganizationsEmulator(accessKeys, clock, port);
    }

    public URI endpoint() {
        return endpoint.endpoint();
    }

    /** {@link JsonServiceStandIn#failNext}: e.g. TooManyRequestsException, ServiceException. */
    public void failNext(String operation, String errorType, String message, int times) {
        endpoint.failNext(operation, errorType, message, times);
    }

    public int calls(String operation) {
        return endpoint.calls(operation);
    }

    @Override
    public void close() {
        endpoint.close();
    }

    // ---- the organization, as its administrators build it ----

    /** Creates the organization with {@code managementAccountId} as its management account, in the root. */
    public synchronized Organization createOrganization(String managementAccountId) {
        if (organization != null) {
            throw new IllegalStateException("there is already an organization: " + organization.id());
        }
        String suffix = randomId(4);
        organization = new Organization("o-" + randomId(10), managementAccountId, "r-" + suffix);
        children.put(organization.rootId(), new LinkedHashSet<>());
        addAccount(managementAccountId, organization.rootId(), "management");
        return organization;
    }

    public synchronized Optional<Organization> organization() {
        return Optional.ofNullable(organization);
    }

    /** A new OU named {@code name} under {@code parentId} (the root or an OU); returns its {@code ou-...} id. */
    public synchronized String createOrganizationalUnit(String parentId, String name) {
        parent(parentId);
        String id = "ou-" + organization.rootId().substring(2) + "-" + randomId(8);
        units.put(id, new Unit(id, name));
        children.put(id, new LinkedHashSet<>());
        children.get(parentId).add(id);
        return id;
    }

    /** An ACTIVE account under {@code parentId}. */
    public synchronized void addAccount(String accountId, String parentId, String name) {
        addAccount(accountId, parentId, name, AccountStatus.ACTIVE);
    }

    public synchronized void addAccount(String accountId, String parentId, String name, AccountStatus status) {
        if (!accountId.matches("\\d{12}")) {
            throw new IllegalArgumentException("an account id is 12 digits: " + accountId);
        }
        parent(parentId);
        if (accounts.containsKey(accountId)) {
            throw new IllegalArgumentException("account " + accountId + " is already in the organization");
        }
        accounts.put(accountId, new Member(accountId, name, "aws+" + accountId + "@example.com", status, clock.instant()));
        children.get(parentId).add(accountId);
    }

    /** The account may list the organization's structure, like the management account. */
    public synchronized void registerDelegatedAdministrator(String accountId) {
        if (!accounts.containsKey(accountId)) {
            throw new IllegalArgumentException("account " + accountId + " is not in the organization");
        }
        delegatedAdministrators.add(accountId);
    }

    /** The organization {@code accountId} belongs to, if any: for rules such as "BYOL images stay in the organization". */
    public synchronized Optional<String> organizationOf(String accountId) {
        return organization != null && accounts.containsKey(accountId) ? Optional.of(organization.id()) : Optional.empty();
    }

    private void parent(String parentId) {
        if (organization == null) {
            throw new IllegalStateException("create the organization first");
        }
        if (!children.containsKey(parentId)) {
            throw new IllegalArgumentException("no root or OU " + parentId);
        }
    }

    private String randomId(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(ID_CHARS.charAt(ids.nextInt(ID_CHARS.length())));
        }
        return id.toString();
    }

    // ---- the API ----

    private synchronized Map<String, Object> invoke(String operation, Caller caller, JsonNode input) {
        return switch (operation) {
            case "DescribeOrganization" -> Map.of("Organization", describe(member(caller.accountId())));
            case "ListChildren" -> listChildren(administrator(caller.accountId()), input);
            case "ListAccountsForParent" -> listAccounts(administrator(caller.accountId()), input);
            default -> throw new IllegalStateException("operation in the model but not emulated: " + operation);
        };
    }

    /** A request the model refuses: InvalidInputException naming the first broken constraint as its Reason. */
    private static ServiceError invalidInput(List<ModelValidator.Violation> violations) {
        return ServiceError.of("InvalidInputException", ModelValidator.summary(violations),
                Map.of("Reason", reason(violations.getFirst().rule())));
    }

    /** InvalidInputExceptionReason for each broken constraint. */
    private static String reason(ModelValidator.Rule rule) {
        return switch (rule) {
            case REQUIRED -> "INPUT_REQUIRED";
            case MIN_LENGTH -> "MIN_LENGTH_EXCEEDED";
            case MAX_LENGTH -> "MAX_LENGTH_EXCEEDED";
            case MIN_VALUE -> "MIN_VALUE_EXCEEDED";
            case MAX_VALUE -> "MAX_VALUE_EXCEEDED";
            case PATTERN -> "INVALID_PATTERN";
            case ENUM -> "INVALID_ENUM";
        };
    }

    private Organization member(String caller) {
        if (organization == null || !accounts.containsKey(caller)) {
            throw ServiceError.of("AWSOrganizationsNotInUseException",
                    "Your account is not a member of an organization.");
        }
        return organization;
    }

    private Organization administrator(String caller) {
        Organization org = member(caller);
        if (!caller.equals(org.managementAccountId()) && !delegatedAdministrators.contains(caller)) {
            throw ServiceError.of("AccessDeniedException", "You don't have permissions to access this resource.");
        }
        return org;
    }

    private Map<String, Object> describe(Organization org) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Id", org.id());
        out.put("Arn", org.arn());
        out.put("FeatureSet", "ALL");
        out.put("MasterAccountArn", accountArn(org, org.managementAccountId()));
        out.put("MasterAccountId", org.managementAccountId());
        out.put("MasterAccountEmail", accounts.get(org.managementAccountId()).email());
        out.put("AvailablePolicyTypes", List.of());
        return out;
    }

    private Map<String, Object> listChildren(Organization org, JsonNode input) {
        String parentId = knownParent(input);
        boolean wantUnits = "ORGANIZATIONAL_UNIT".equals(input.field("ChildType").orElseThrow().asString());
        List<String> ids = children.get(parentId).stream().filter(id -> units.containsKey(id) == wantUnits).toList();
        return page(input, "ListChildren", parentId, ids, "Children",
                id -> Map.of("Id", id, "Type", wantUnits ? "ORGANIZATIONAL_UNIT" : "ACCOUNT"));
    }

    private Map<String, Object> listAccounts(Organization org, JsonNode input) {
        String parentId = knownParent(input);
        List<String> ids = children.get(parentId).stream().filter(accounts::containsKey).toList();
        return page(input, "ListAccountsForParent", parentId, ids, "Accounts", id -> account(org, accounts.get(id)));
    }

    private String knownParent(JsonNode input) {
        String parentId = input.field("ParentId").orElseThrow().asString();
        if (!children.containsKey(parentId)) {
            throw ServiceError.of("ParentNotFoundException", "We can't find a root or OU with the ParentId that you specified.");
        }
        return parentId;
    }

    private Map<String, Object> account(Organization org, Member member) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Id", member.id());
        out.put("Arn", accountArn(org, member.id()));
        out.put("Email", member.email());
        out.put("Name", member.name());
        out.put("Status", member.status().name());
        out.put("State", member.status() == AccountStatus.ACTIVE ? "ACTIVE" : member.status().name());
        out.put("JoinedMethod", member.id().equals(org.managementAccountId()) ? "CREATED" : "INVITED");
        out.put("JoinedTimestamp", member.joined());
        return out;
    }

    private static String accountArn(Organization org, String accountId) {
        return "arn:aws:organizations::" + org.managementAccountId() + ":account/" + org.id() + "/" + accountId;
    }

    /** One page in insertion order; the NextToken names the operation, the parent and the position. */
    private static Map<String, Object> page(JsonNode input, String operation, String parentId, List<String> ids,
                                            String member, java.util.function.Function<String, Object> render) {
        int max = input.field("MaxResults").filter(n -> !n.isNull())
                .map(n -> new BigDecimal(n.asNumber()).intValueExact()).orElse(DEFAULT_MAX_RESULTS);
        int from = input.field("NextToken").filter(n -> !n.isNull()).map(n -> decode(operation, parentId, n.asString())).orElse(0);
        List<Object> items = new ArrayList<>();
        ids.stream().skip(from).limit(max).forEach(id -> items.add(render.apply(id)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(member, items);
        if (from + items.size() < ids.size()) {
            out.put("NextToken", Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (operation + "\n" + parentId + "\n" + (from + items.size())).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static int decode(String operation, String parentId, String token) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\n");
            if (parts.length == 3 && parts[0].equals(operation) && parts[1].equals(parentId)) {
                return Integer.parseInt(parts[2]);
            }
        } catch (IllegalArgumentException e) {
            // not one of ours: the service's error below
        }
        throw ServiceError.of("InvalidInputException", "The NextToken is not valid for " + operation + ".",
                Map.of("Reason", "INVALID_NEXT_TOKEN"));
    }
}
