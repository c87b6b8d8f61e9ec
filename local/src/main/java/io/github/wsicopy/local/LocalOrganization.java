package io.github.wsicopy.local;

import io.github.wsicopy.local.organizations.OrganizationsEmulator;
import io.github.wsicopy.local.sts.StsEmulator;
import io.github.wsicopy.local.workspaces.WorkSpacesEmulator;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The accounts around a local wsicopy stack for organization-wide distribution: the STS and Organizations
 * stand-ins on one {@link AccessKeys}, wired to a WorkSpaces emulator (session keys act in their account there;
 * its BYOL sharing rule knows the organization). {@link #demo} is the default fleet: the stack's account
 * manages an organization with one OU holding {@value #TARGET_WITH_ROLE} (the target-account role deployed,
 * trusting the stack's account with {@value #DEMO_EXTERNAL_ID}) and {@value #TARGET_WITHOUT_ROLE} (no role: its
 * AssumeRole is AccessDenied).
 *
 * <pre>{@code
 * try (LocalOrganization org = LocalOrganization.demo(workspaces, "123456789012", clock)) {
 *     // AWS_ENDPOINT_URL_STS=org.sts().endpoint(), AWS_ENDPOINT_URL_ORGANIZATIONS=org.organizations().endpoint()
 *     String ou = org.ouId();
 * }
 * }</pre>
 */
public final class LocalOrganization implements AutoCloseable {

    public static final String TARGET_WITH_ROLE = "222222222222";
    public static final String TARGET_WITHOUT_ROLE = "333333333333";
    /** templates/target-account-role.yaml's default RoleName. */
    public static final String ROLE_NAME = "wsicopy-target";
    public static final String DEMO_EXTERNAL_ID = "wsicopy-local";
    public static final String DEMO_OU_NAME = "Workloads";

    /** An account of the organization's OU; {@code roleDeployed}: the target-account role is there. */
    public record Target(String accountId, String name, boolean roleDeployed) {
    }

    private final AccessKeys accessKeys;
    private final StsEmulator sts;
    private final OrganizationsEmulator organizations;
    private final String ouId;
    private final List<Target> targets;

    private LocalOrganization(AccessKeys accessKeys, StsEmulator sts, OrganizationsEmulator organizations, String ouId,
            List<Target> targets) {
        this.targets = List.copyOf(targets);
        this.accessKeys = accessKeys;
        this.sts = sts;
        this.organizations = organizations;
        this.ouId = ouId;
    }

    /** The default fleet's organization around {@code stackAccountId} (the WorkSpaces emulator's default account). */
    public static LocalOrganization demo(WorkSpacesEmulator workspaces, String stackAccountId, Clock clock) {
        return builder(stackAccountId)
                .target(new Target(TARGET_WITH_ROLE, "workloads-a", true))
                .target(new Target(TARGET_WITHOUT_ROLE, "workloads-b", false))
                .start(workspaces, clock);
    }

    public static Builder builder(String stackAccountId) {
        return new Builder(stackAccountId);
    }

    public AccessKeys accessKeys() {
        return accessKeys;
    }

    public StsEmulator sts() {
        return sts;
    }

    public OrganizationsEmulator organizations() {
        return organizations;
    }

    /** The accounts of the OU, in the order they were added. */
    public List<Target> targets() {
        return targets;
    }

    /** The OU that holds the targets. */
    public String ouId() {
        return ouId;
    }

    /** The role ARN in {@code accountId} that the stack's functions assume. */
    public static String roleArn(String accountId) {
        return "arn:aws:iam::" + accountId + ":role/" + ROLE_NAME;
    }

    @Override
    public void close() {
        try (sts; organizations) {
            // both stop, even if one fails
        }
    }

    /** The organization's shape before anything starts. */
    public static final class Builder {
        private final String stackAccountId;
        private String externalId = DEMO_EXTERNAL_ID;
        private final Map<String, Target> targets = new LinkedHashMap<>();

        private Builder(String stackAccountId) {
            this.stackAccountId = Objects.requireNonNull(stackAccountId, "stackAccountId");
        }

        public Builder externalId(String externalId) {
            this.externalId = externalId;
            return this;
        }

        public Builder target(Target target) {
            targets.put(target.accountId(), target);
            return this;
        }

        /** Starts the stand-ins on free ports and wires them to {@code workspaces}. */
        public LocalOrganization start(WorkSpacesEmulator workspaces, Clock clock) {
            AccessKeys keys = new AccessKeys(stackAccountId);
            keys.onMapped(workspaces::mapAccessKey);
            List<AutoCloseable> started = new ArrayList<>();
            try {
                StsEmulator sts = StsEmulator.start(keys, clock);
                started.add(sts);
                OrganizationsEmulator organizations = OrganizationsEmulator.start(keys, clock);
                started.add(organizations);
                // The stack's account manages the organization (a delegated administrator is the emulator's other
                // way to list it: OrganizationsEmulator.registerDelegatedAdministrator).
                OrganizationsEmulator.Organization org = organizations.createOrganization(stackAccountId);
                String ou = organizations.createOrganizationalUnit(org.rootId(), DEMO_OU_NAME);
                for (Target target : targets.values()) {
                    organizations.addAccount(target.accountId(), ou, target.name());
                    if (target.roleDeployed()) {
                        sts.deployRole(StsEmulator.Role.named(target.accountId(), ROLE_NAME)
                                .trusting(stackAccountId).externalId(externalId));
                    }
                }
                workspaces.setOrganizations(organizations::organizationOf);
                return new LocalOrganization(keys, sts, organizations, ou, List.copyOf(targets.values()));
            } catch (RuntimeException e) {
                for (AutoCloseable c : started) {
                    try {
                        c.close();
                    } catch (Exception suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
        }
    }
}
