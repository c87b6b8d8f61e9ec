package io.github.wsicopy.localrun.stack;

import io.github.wsicopy.localrun.template.SamTemplate;
import io.github.wsicopy.localrun.template.SamTemplate.FunctionSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment a function gets locally: what template.yaml gives it (parameter defaults already in, the
 * template's resources replaced by their local stand-ins), then the local endpoints and any overrides.
 */
final class FunctionEnvironment {
    private FunctionEnvironment() {}

    /**
     * @param resources logical id → local value for {@code !Ref <resource>} (the table name, the topic ARN), and
     *                  {@code X.Arn} for {@code !GetAtt X.Arn}
     * @param local     variables set last: Region, endpoints, overrides
     */
    static Map<String, String> of(FunctionSpec spec, Map<String, String> resources, Map<String, String> local) {
        Map<String, String> env = new LinkedHashMap<>();
        spec.environment().forEach((name, value) -> {
            // !GetAtt X.Arn is looked up as "X.Arn"
            String ref = value.startsWith("!GetAtt ") ? value.substring(8).strip() : SamTemplate.refOf(value);
            if (ref != null) {
                String resolved = resources.get(ref);
                if (resolved == null) {
                    throw new IllegalStateException(spec.logicalId() + " variable " + name + " refers to " + ref
                            + ", which the local stack does not provide (it knows " + resources.keySet() + ")");
                }
                env.put(name, resolved);
            } else if (value.startsWith("!")) {
                throw new IllegalStateException(spec.logicalId() + " variable " + name + " uses " + value
                        + ", which the local stack cannot resolve");
            } else {
                env.put(name, value);
            }
        });
        env.putAll(local);
        return env;
    }
}
