package io.github.wsicopy.local.ssm;

import java.time.Instant;
import java.util.Map;

/**
 * A snapshot of one parameter's latest version as the SSM stand-in holds it, for test assertions.
 *
 * @param type     String, StringList or SecureString (stored in clear: no KMS here)
 * @param tier     Standard or Advanced
 * @param dataType text (default), aws:ec2:image or aws:ssm:integration
 * @param tags     the parameter's tags, in the order they were first set
 */
public record EmulatedParameter(String name, String type, String value, long version, Instant lastModified,
                                String description, String tier, String dataType, String arn, Map<String, String> tags) {

    public EmulatedParameter {
        tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
    }
}
