package io.github.wsicopy.core.workspaces;

import java.util.Optional;

/**
 * The images quota applied to the account in a Region, as Service Quotas reports it. Empty when it cannot say
 * (no quota code configured, no applied value, access denied, any error): the rules then use the configured
 * default. Never throws: a quota lookup must not fail a validation.
 */
@FunctionalInterface
public interface ImageQuotas {
    /** Reads nothing: every Region uses the configured quota. */
    ImageQuotas NONE = region -> Optional.empty();

    Optional<Integer> applied(String region);

    /**
     * The deployment's lookup: Service Quotas with IMAGE_QUOTA_CODE, else none. The Service Quotas class is named
     * only on that branch, so functions that do not ship the servicequotas module never load it.
     */
    static ImageQuotas of(io.github.wsicopy.core.config.Components c) {
        if (c.settings().imageQuotaCode().isEmpty()) {
            return NONE;
        }
        return new io.github.wsicopy.core.config.ServiceQuotasImageQuotas(c.clients(),
                c.settings().imageQuotaCode().get(), c.log());
    }
}
