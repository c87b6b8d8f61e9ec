package io.github.wsicopy.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.github.wsicopy.core.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T10:15:30.123Z"), ZoneOffset.UTC);
    private final Recorder runtime = new Recorder();

    private Log lambda(String level) {
        return Log.from(Map.of(Log.LEVEL_VARIABLE, level, Log.FORMAT_VARIABLE, "JSON"), runtime, CLOCK);
    }

    private void everyLevel(Log log) {
        Fields fields = Fields.job("job-1", "eu-west-1");
        log.debug("debug line", fields);
        log.info("info line", fields);
        log.warn("warn line", fields);
        log.error("error line", fields);
    }

    private List<String> levels() {
        return runtime.texts().stream().map(t -> (String) Json.parseObject(t).get("level")).toList();
    }

    @Test
    void atWarnTheInfoLinesAreGoneAndTheErrorsRemain() {
        everyLevel(lambda("WARN"));

        assertEquals(List.of("WARN", "ERROR"), levels());
    }

    @Test
    void atInfoEverythingButDebugIsWritten() {
        everyLevel(lambda("INFO"));

        assertEquals(List.of("INFO", "WARN", "ERROR"), levels());
    }

    @Test
    void aLineWithoutALevelIsInfoAndDroppedAtWarn() {
        Log log = lambda("WARN");
        log.log("untyped line"); // code still calling the LambdaLogger method (custom resource)
        log.log("an error", LogLevel.ERROR);

        assertEquals(List.of("ERROR"), levels());
    }

    @Test
    void aJsonLineCarriesTheFieldsAsMembersAndReachesTheRuntimeAsBytesWithItsLevel() {
        lambda("INFO").warn("copy \"x\" failed", Fields.job("job-7", "ap-south-1").account("111122223333")
                .task("ap-south-1#wsi-abc").errorCode("COPY_FAILED"));

        Recorder.Line line = runtime.lines.get(0);
        // Bytes: the runtime keeps them as they are; a String would be wrapped into another JSON object.
        assertTrue(line.bytes());
        assertEquals(LogLevel.WARN, line.level());
        Map<String, Object> json = Json.parseObject(line.text());
        assertEquals("2025-03-01T10:15:30.123Z", json.get("timestamp"));
        assertEquals("WARN", json.get("level"));
        assertEquals("copy \"x\" failed", json.get("message"));
        assertEquals("job-7", json.get("jobId"));
        assertEquals("ap-south-1", json.get("region"));
        assertEquals("111122223333", json.get("account"));
        assertEquals("ap-south-1#wsi-abc", json.get("task"));
        assertEquals("COPY_FAILED", json.get("errorCode"));
    }

    @Test
    void absentFieldsAreNotWritten() {
        lambda("INFO").info("hello", Fields.job("job-1"));

        Map<String, Object> json = Json.parseObject(runtime.texts().get(0));
        assertEquals(List.of("timestamp", "level", "message", "jobId"), List.copyOf(json.keySet()));
    }

    @Test
    void offLambdaLinesAreTextAPersonReads() {
        Log log = Log.from(Map.of(), runtime, CLOCK);
        log.info("all copies are finished", Fields.job("job-1", "eu-west-1"));
        log.debug("not shown at the default level", Fields.NONE);

        assertEquals(List.of("INFO all copies are finished [jobId=job-1 region=eu-west-1]"), runtime.texts());
        assertEquals(LogLevel.INFO, runtime.lines.get(0).level());
    }

    @Test
    void anUnknownOrMissingLevelMeansInfo() {
        assertEquals(LogLevel.INFO, Log.level(null));
        assertEquals(LogLevel.INFO, Log.level("LOUD"));
        assertEquals(LogLevel.ERROR, Log.level("error"));
        assertFalse(lambda("FATAL").enabled(LogLevel.ERROR));
    }
}
