package io.github.wsicopy.core.testing;

import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.json.JsonException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The CloudWatch embedded metric format specification's rules, checked on a parsed log line: what CloudWatch Logs
 * needs to extract metrics (a line that breaks one is published as a log line only, with no error anywhere).
 */
public final class EmfSpec {
    private static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes",
            "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent",
            "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
            "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second",
            "None");

    private EmfSpec() {}

    /** The lines that are EMF documents (a JSON object with an "_aws" member), parsed. */
    public static List<Map<String, Object>> documents(List<String> lines) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (String line : lines) {
            String text = line.strip();
            if (!text.startsWith("{")) {
                continue;
            }
            try {
                Map<String, Object> doc = Json.parseObject(text);
                if (doc.containsKey("_aws")) {
                    docs.add(doc);
                }
            } catch (JsonException e) {
                // not JSON: not a metric line
            }
        }
        return docs;
    }

    /** Every rule the document breaks, in words; empty when CloudWatch can extract all its metrics. */
    public static List<String> violations(Map<String, Object> doc) {
        List<String> found = new ArrayList<>();
        if (!(doc.get("_aws") instanceof Map<?, ?> aws)) {
            found.add("the root has no _aws object");
            return found;
        }
        if (!(aws.get("Timestamp") instanceof Number)) {
            found.add("_aws.Timestamp is not a number (milliseconds since the epoch)");
        }
        if (!(aws.get("CloudWatchMetrics") instanceof List<?> directives) || directives.isEmpty()) {
            found.add("_aws.CloudWatchMetrics is not a non-empty array");
            return found;
        }
        for (Object d : directives) {
            if (!(d instanceof Map<?, ?> directive)) {
                found.add("a MetricDirective is not an object");
                continue;
            }
            if (!(directive.get("Namespace") instanceof String ns) || ns.isEmpty() || ns.length() > 255) {
                found.add("a MetricDirective has no Namespace of 1 to 255 characters");
            }
            if (!(directive.get("Dimensions") instanceof List<?> sets)) {
                found.add("a MetricDirective has no Dimensions array");
            } else {
                for (Object s : sets) {
                    if (!(s instanceof List<?> set) || set.size() > 30) {
                        found.add("a DimensionSet is not an array of at most 30 keys");
                        continue;
                    }
                    for (Object key : set) {
                        if (!(doc.get(String.valueOf(key)) instanceof String value) || value.isEmpty() || value.length() > 1024) {
                            found.add("the dimension " + key + " has no string value of 1 to 1024 characters at the root");
                        }
                    }
                }
            }
            if (!(directive.get("Metrics") instanceof List<?> metrics) || metrics.size() > 100) {
                found.add("a MetricDirective has no Metrics array of at most 100 definitions");
                continue;
            }
            for (Object m : metrics) {
                if (!(m instanceof Map<?, ?> definition) || !(definition.get("Name") instanceof String name)
                        || name.isEmpty() || name.length() > 1024) {
                    found.add("a MetricDefinition has no Name of 1 to 1024 characters");
                    continue;
                }
                Object unit = definition.get("Unit");
                if (unit != null && !UNITS.contains(unit)) {
                    found.add("the metric " + name + " has the unit " + unit + ", which CloudWatch does not know");
                }
                Object value = doc.get(name);
                boolean number = value instanceof Number;
                boolean numbers = value instanceof List<?> list && !list.isEmpty() && list.size() <= 100
                        && list.stream().allMatch(Number.class::isInstance);
                if (!number && !numbers) {
                    found.add("the metric " + name + " has no value at the root (a number, or 1 to 100 numbers)");
                }
            }
        }
        return found;
    }
}
