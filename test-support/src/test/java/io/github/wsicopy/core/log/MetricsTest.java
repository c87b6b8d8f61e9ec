package io.github.wsicopy.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.log.Metrics.Metric;
import io.github.wsicopy.core.testing.EmfSpec;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T10:15:30.123Z"), ZoneOffset.UTC);
    private final Recorder runtime = new Recorder();

    private List<Map<String, Object>> documents() {
        return EmfSpec.documents(runtime.texts());
    }

    @Test
    void aSampleIsOneDocumentTheSpecificationAccepts() {
        new Metrics(runtime, CLOCK).sample("job-1", "eu-west-1")
                .count(Metric.COPIES_SUCCEEDED, 2)
                .count(Metric.COPIES_FAILED, 0)
                .add(Metric.COPY_DURATION, 1200)
                .add(Metric.COPY_DURATION, 1500.5)
                .emit();

        List<Map<String, Object>> docs = documents();
        assertEquals(1, docs.size());
        Map<String, Object> doc = docs.get(0);
        assertEquals(List.of(), EmfSpec.violations(doc));
        Map<?, ?> aws = (Map<?, ?>) doc.get("_aws");
        assertEquals(CLOCK.millis(), ((Number) aws.get("Timestamp")).longValue());
        Map<?, ?> directive = (Map<?, ?>) ((List<?>) aws.get("CloudWatchMetrics")).get(0);
        assertEquals("wsicopy", directive.get("Namespace"));
        assertEquals(List.of(List.of("Region"), List.of()), directive.get("Dimensions"));
        assertEquals(List.of(Map.of("Name", "CopiesSucceeded", "Unit", "Count"), Map.of("Name", "CopiesFailed", "Unit", "Count"),
                Map.of("Name", "CopyDuration", "Unit", "Seconds")), directive.get("Metrics"));
        assertEquals("eu-west-1", doc.get("Region"));
        assertEquals("job-1", doc.get("jobId")); // a property, not a dimension
        assertEquals(new BigDecimal("2"), doc.get("CopiesSucceeded"));
        assertEquals(new BigDecimal("0"), doc.get("CopiesFailed"));
        assertEquals(List.of(new BigDecimal("1200"), new BigDecimal("1500.5")), doc.get("CopyDuration"));
    }

    @Test
    void theCheckerFindsAMetricWithoutAValue() {
        // The checker must be able to fail, or the tests that use it prove nothing.
        Map<String, Object> doc = Json.parseObject("{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"wsicopy\","
                + "\"Dimensions\":[[\"Region\"]],\"Metrics\":[{\"Name\":\"CopiesFailed\",\"Unit\":\"Count\"}]}]}}");

        assertEquals(List.of("the dimension Region has no string value of 1 to 1024 characters at the root",
                "the metric CopiesFailed has no value at the root (a number, or 1 to 100 numbers)"), EmfSpec.violations(doc));
    }

    @Test
    void moreThanAHundredValuesAreSpreadOverLines() {
        Metrics.Sample sample = new Metrics(runtime, CLOCK).sample("job-1", "eu-west-1").count(Metric.COPIES_SUCCEEDED, 250);
        for (int i = 0; i < 250; i++) {
            sample.add(Metric.COPY_DURATION, i);
        }
        sample.emit();

        List<Map<String, Object>> docs = documents();
        assertEquals(3, docs.size());
        docs.forEach(d -> assertEquals(List.of(), EmfSpec.violations(d)));
        assertEquals(List.of(100, 100, 50), docs.stream().map(d -> ((List<?>) d.get("CopyDuration")).size()).toList());
        // the count is in the first line only: summed over the lines it is still 250
        assertEquals(new BigDecimal("250"), docs.get(0).get("CopiesSucceeded"));
        assertTrue(docs.stream().skip(1).noneMatch(d -> d.containsKey("CopiesSucceeded")));
    }

    @Test
    void metricLinesSurviveEveryLogLevel() {
        Log log = Log.from(Map.of(Log.LEVEL_VARIABLE, "FATAL", Log.FORMAT_VARIABLE, "JSON"), runtime, CLOCK);
        log.error("dropped at FATAL", Fields.NONE);
        log.metrics().sample("job-1", "eu-west-1").count(Metric.COPIES_STARTED, 1).emit();

        assertEquals(1, runtime.lines.size());
        assertEquals(1, documents().size());
        // Lambda would take a JSON line without a level for INFO and drop it at WARN; handed over at FATAL it stays.
        assertEquals(LogLevel.FATAL, runtime.lines.get(0).level());
        assertTrue(runtime.lines.get(0).bytes());
        assertTrue(!documents().get(0).containsKey("level"));
    }

    @Test
    void nothingIsWrittenForAnEmptySample() {
        new Metrics(runtime, CLOCK).sample("job-1", "eu-west-1").emit();

        assertEquals(List.of(), runtime.lines);
    }
}
