package io.github.wsicopy.local.workspaces;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who is calling and where: the Region comes from the SigV4 credential scope of the Authorization
 * header, the account from the access key id. Signatures are not checked.
 */
public record Caller(String accessKeyId, String accountId, String region) {

    private static final Pattern SIGV4 = Pattern.compile(
            "^AWS4-HMAC-SHA256\\s+Credential=([^/\\s,]+)/(\\d{8})/([^/\\s,]+)/([^/\\s,]+)/aws4_request\\s*,");

    /** The access key id and Region of an Authorization header, if it is a SigV4 header. */
    public static Optional<Scope> parseAuthorization(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = SIGV4.matcher(header.trim());
        return m.find() ? Optional.of(new Scope(m.group(1), m.group(3), m.group(4))) : Optional.empty();
    }

    public record Scope(String accessKeyId, String region, String service) {
    }
}
