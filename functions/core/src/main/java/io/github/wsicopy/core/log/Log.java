package io.github.wsicopy.core.log;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.github.wsicopy.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The functions' one logger: every line has a level and structured {@link Fields}, and lines below the function's
 * level are dropped here (and again by the runtime).
 *
 * <p>In Lambda ({@code LogFormat: JSON}) a line is a JSON object {@code {"timestamp","level","message", jobId,
 * region, account, task, errorCode}} handed to the runtime as bytes with its level: the Java runtime keeps byte
 * messages as they are (a String message would be wrapped, its fields turned into text inside "message") and
 * frames them with the level, so Lambda's {@code ApplicationLogLevel} filters them. Off Lambda (the local stack,
 * tests) lines are text, {@code LEVEL message [field=value ...]}, which a person reads more easily.
 *
 * <p>No logging framework: nothing to configure or load at cold start.
 */
public final class Log implements LambdaLogger {
    /** Lambda sets these from the function's LoggingConfig (ApplicationLogLevel, LogFormat). */
    public static final String LEVEL_VARIABLE = "AWS_LAMBDA_LOG_LEVEL";
    public static final String FORMAT_VARIABLE = "AWS_LAMBDA_LOG_FORMAT";

    public enum Format { JSON, TEXT }

    private final LambdaLogger out;
    private final LogLevel threshold;
    private final Format format;
    private final Clock clock;
    private final Metrics metrics;

    public Log(LambdaLogger out, LogLevel threshold, Format format, Clock clock) {
        this.out = out;
        this.threshold = threshold;
        this.format = format;
        this.clock = clock;
        this.metrics = new Metrics(out, clock);
    }

    /** The function's logger in Lambda: level and format from what Lambda sets. */
    public static Log fromEnvironment(LambdaLogger out) {
        return from(System.getenv(), out, Clock.systemUTC());
    }

    /**
     * Level from {@value #LEVEL_VARIABLE} (INFO when absent or unknown), JSON when {@value #FORMAT_VARIABLE} is
     * JSON, else text.
     */
    public static Log from(Map<String, String> env, LambdaLogger out, Clock clock) {
        return new Log(out, level(env.get(LEVEL_VARIABLE)), "JSON".equalsIgnoreCase(env.get(FORMAT_VARIABLE))
                ? Format.JSON : Format.TEXT, clock);
    }

    /** {@code out} as a Log: itself if it is one, else text lines at INFO (the local stack, tests). */
    public static Log of(LambdaLogger out) {
        return out instanceof Log log ? log : new Log(out, LogLevel.INFO, Format.TEXT, Clock.systemUTC());
    }

    static LogLevel level(String name) {
        if (name == null || name.isBlank()) {
            return LogLevel.INFO;
        }
        try {
            LogLevel level = LogLevel.valueOf(name.trim().toUpperCase(Locale.ROOT));
            return level == LogLevel.UNDEFINED ? LogLevel.INFO : level;
        } catch (IllegalArgumentException e) {
            return LogLevel.INFO;
        }
    }

    /** The EMF writer into the same output (metric lines are never dropped by level: see {@link Metrics}). */
    public Metrics metrics() {
        return metrics;
    }

    public boolean enabled(LogLevel level) {
        return level.ordinal() >= threshold.ordinal();
    }

    public void debug(String message, Fields fields) {
        write(LogLevel.DEBUG, message, fields);
    }

    public void info(String message, Fields fields) {
        write(LogLevel.INFO, message, fields);
    }

    public void warn(String message, Fields fields) {
        write(LogLevel.WARN, message, fields);
    }

    public void error(String message, Fields fields) {
        write(LogLevel.ERROR, message, fields);
    }

    /** A line without a level (code not yet using the levels above) is INFO. */
    @Override
    public void log(String message) {
        write(LogLevel.INFO, message, Fields.NONE);
    }

    @Override
    public void log(byte[] message) {
        log(new String(message, StandardCharsets.UTF_8));
    }

    @Override
    public void log(String message, LogLevel level) {
        write(level == LogLevel.UNDEFINED ? LogLevel.INFO : level, message, Fields.NONE);
    }

    private void write(LogLevel level, String message, Fields fields) {
        if (!enabled(level)) {
            return;
        }
        if (format == Format.JSON) {
            out.log(Json.writeBytes(json(level, message, fields)), level);
        } else {
            out.log(text(level, message, fields), level);
        }
    }

    private Map<String, Object> json(LogLevel level, String message, Fields fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        // RFC 3339, which Lambda needs to take the line's own timestamp.
        line.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(clock.instant()));
        line.put("level", level.name());
        line.put("message", message);
        line.putAll(fields.present());
        return line;
    }

    private static String text(LogLevel level, String message, Fields fields) {
        StringBuilder line = new StringBuilder(level.name()).append(' ').append(message);
        Map<String, String> present = fields.present();
        if (!present.isEmpty()) {
            line.append(" [");
            present.forEach((k, v) -> line.append(line.charAt(line.length() - 1) == '[' ? "" : " ").append(k).append('=').append(v));
            line.append(']');
        }
        return line.toString();
    }
}
