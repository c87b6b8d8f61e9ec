package io.github.wsicopy.local;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The credential scope of a SigV4 Authorization header: who signed (the access key id) for which Region and
 * service. The local stand-ins take the caller's account from the key and do not check signatures.
 */
public final class SigV4 {

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "^AWS4-HMAC-SHA256\\s+Credential=([^/\\s,]+)/(\\d{8})/([^/\\s,]+)/([^/\\s,]+)/aws4_request\\s*,");

    public record Scope(String accessKeyId, String region, String service) {
    }

    private SigV4() {
    }

    /** The scope of an Authorization header, if it is a SigV4 header. */
    public static Optional<Scope> scope(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        Matcher m = AUTHORIZATION.matcher(authorization.trim());
        return m.find() ? Optional.of(new Scope(m.group(1), m.group(3), m.group(4))) : Optional.empty();
    }
}
