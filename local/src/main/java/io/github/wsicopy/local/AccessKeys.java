package io.github.wsicopy.local;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The local stand-ins' IAM: whom each access key belongs to. The STS and Organizations stand-ins share one,
 * STS adds the session keys AssumeRole issues, and listeners (e.g. {@code WorkSpacesEmulator::mapAccessKey})
 * hear of every key so calls signed with it act as its account there too. Signatures are never checked.
 * Thread-safe.
 */
public final class AccessKeys {

    /**
     * Whom a key belongs to.
     *
     * @param arn    the caller's ARN as GetCallerIdentity reports it (the account's root, or an assumed role's session)
     * @param userId GetCallerIdentity's UserId (the account id for the root, {@code AROA...:session} for a session)
     */
    public record Identity(String accountId, String arn, String userId) {

        public Identity {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(arn, "arn");
            Objects.requireNonNull(userId, "userId");
        }

        /** The account itself: what a key nobody mapped stands for. */
        public static Identity root(String accountId) {
            return new Identity(accountId, "arn:aws:iam::" + accountId + ":root", accountId);
        }
    }

    private final String defaultAccountId;
    private final Map<String, Identity> identities = new ConcurrentHashMap<>();
    private final List<BiConsumer<String, String>> listeners = new CopyOnWriteArrayList<>();

    /** Every key not mapped belongs to {@code defaultAccountId} (the WorkSpaces emulator's default is the same). */
    public AccessKeys(String defaultAccountId) {
        this.defaultAccountId = Objects.requireNonNull(defaultAccountId, "defaultAccountId");
    }

    public String defaultAccountId() {
        return defaultAccountId;
    }

    public Identity identityOf(String accessKeyId) {
        Identity identity = identities.get(accessKeyId);
        return identity != null ? identity : Identity.root(defaultAccountId);
    }

    public String accountOf(String accessKeyId) {
        return identityOf(accessKeyId).accountId();
    }

    /** Calls signed with {@code accessKeyId} act as the root of {@code accountId}. */
    public void map(String accessKeyId, String accountId) {
        map(accessKeyId, Identity.root(accountId));
    }

    public void map(String accessKeyId, Identity identity) {
        identities.put(accessKeyId, identity);
        listeners.forEach(l -> l.accept(accessKeyId, identity.accountId()));
    }

    /** {@code listener(accessKeyId, accountId)} hears of every key mapped so far and from now on. */
    public void onMapped(BiConsumer<String, String> listener) {
        listeners.add(listener);
        identities.forEach((key, identity) -> listener.accept(key, identity.accountId()));
    }
}
