package io.github.wsicopy.core.log;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.github.wsicopy.core.json.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch metrics as embedded metric format (EMF) log lines: CloudWatch Logs extracts them from the function's
 * log, so there is no PutMetricData call, no permission and no latency. One line per (job, Region) and step, in
 * namespace {@value #NAMESPACE}, with two dimension sets: {@code [Region]} and {@code []} (the whole stack). The job
 * id is a property of the line (searchable in Logs Insights), never a dimension: one metric per job would be
 * unbounded.
 *
 * <p>A metric line carries no "level" and is handed to the runtime at FATAL, the highest level: Lambda treats a JSON
 * line without a level as INFO, so at {@code LogLevel} WARN the metrics the alarms read would vanish with the INFO
 * lines; at FATAL no {@code ApplicationLogLevel} drops them.
 */
public final class Metrics {
    public static final String NAMESPACE = "wsicopy";
    /** The specification's limit of values per metric in one document. */
    static final int MAX_VALUES = 100;

    /** What the functions measure. Names are the CloudWatch metric names (the template's alarms and dashboard). */
    public enum Metric {
        /** CopyWorkspaceImage calls that made a copy (copy function). */
        COPIES_STARTED("CopiesStarted", "Count"),
        /** Pairs that followed another job's copy instead of copying again (copy function). */
        PAIRS_JOINED("PairsJoined", "Count"),
        /** WorkSpaces calls throttled after the gateway's own retries; the task waits for a later round. */
        THROTTLED_CALLS("ThrottledCalls", "Count"),
        /** Copies that became AVAILABLE (poll-status). */
        COPIES_SUCCEEDED("CopiesSucceeded", "Count"),
        /** Copies that ended FAILED while being made: ERROR, gone, past MaxCopyHours, unreadable (poll-status). */
        COPIES_FAILED("CopiesFailed", "Count"),
        /** From the claim to AVAILABLE, one value per copy (poll-status). */
        COPY_DURATION("CopyDuration", "Seconds"),
        /** The age of the oldest copy still being made in the job and Region (poll-status). */
        OLDEST_COPY_AGE("OldestCopyAge", "Seconds"),
        /** Pairs the rules rejected, planned as SKIPPED (validate). */
        PAIRS_SKIPPED("PairsSkipped", "Count");

        private final String metricName;
        private final String unit;

        Metric(String metricName, String unit) {
            this.metricName = metricName;
            this.unit = unit;
        }

        public String metricName() {
            return metricName;
        }

        public String unit() {
            return unit;
        }
    }

    private final LambdaLogger out;
    private final Clock clock;

    public Metrics(LambdaLogger out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /** Values to emit for one job in one Region; nothing is written until {@link Sample#emit()}. */
    public Sample sample(String jobId, String region) {
        return new Sample(jobId, region);
    }

    public final class Sample {
        private final String jobId;
        private final String region;
        private final Map<Metric, List<Double>> values = new EnumMap<>(Metric.class);

        private Sample(String jobId, String region) {
            this.jobId = jobId;
            this.region = region;
        }

        public Sample add(Metric metric, double value) {
            values.computeIfAbsent(metric, m -> new ArrayList<>()).add(value);
            return this;
        }

        /** A count, written even when 0, so an alarm sees "none" rather than missing data while work goes on. */
        public Sample count(Metric metric, long n) {
            return add(metric, n);
        }

        /** Writes the line(s); a metric with more than 100 values is spread over several lines (the EMF limit). */
        public void emit() {
            int longest = values.values().stream().mapToInt(List::size).max().orElse(0);
            for (int from = 0; from < longest; from += MAX_VALUES) {
                int start = from;
                Map<Metric, List<Double>> chunk = new EnumMap<>(Metric.class);
                values.forEach((m, v) -> {
                    if (v.size() > start) {
                        chunk.put(m, v.subList(start, Math.min(v.size(), start + MAX_VALUES)));
                    }
                });
                out.log(Json.writeBytes(document(chunk)), LogLevel.FATAL);
            }
        }

        private Map<String, Object> document(Map<Metric, List<Double>> chunk) {
            List<Object> definitions = new ArrayList<>();
            chunk.keySet().forEach(m -> definitions.add(Map.of("Name", m.metricName(), "Unit", m.unit())));
            Map<String, Object> directive = new LinkedHashMap<>();
            directive.put("Namespace", NAMESPACE);
            directive.put("Dimensions", List.of(List.of("Region"), List.of()));
            directive.put("Metrics", definitions);
            Map<String, Object> aws = new LinkedHashMap<>();
            aws.put("Timestamp", clock.millis());
            aws.put("CloudWatchMetrics", List.of(directive));
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("_aws", aws);
            doc.put("Region", region);
            doc.put("jobId", jobId);
            chunk.forEach((m, v) -> doc.put(m.metricName(), v.size() == 1 ? number(v.get(0)) : v.stream().map(Metrics::number).toList()));
            return doc;
        }
    }

    /** Whole numbers as integers ("3", not "3.0"): the same value, a shorter line. */
    private static Number number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? (Number) (long) value : (Number) value;
    }
}
