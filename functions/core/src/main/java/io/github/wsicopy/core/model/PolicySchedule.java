package io.github.wsicopy.core.model;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * When a stored replication policy runs: an EventBridge Scheduler expression ({@code rate(...)}, {@code cron(...)}
 * or {@code at(...)}), the time zone it is read in, and whether it runs at all. Checked here with every error at
 * once, each naming its field ({@code schedule.expression}), before Scheduler is asked anything.
 */
public record PolicySchedule(String expression, String timezone, boolean enabled) {
    public static final String DEFAULT_TIMEZONE = "UTC";
    static final int MAX_EXPRESSION_LENGTH = 256;
    static final List<String> FIELDS = List.of("expression", "timezone", "enabled");
    /** Scheduler's units: singular for 1, plural otherwise. */
    private static final Pattern RATE = Pattern.compile("^rate\\((\\d{1,9}) (minute|minutes|hour|hours|day|days)\\)$");
    /** Six fields (minutes hours day-of-month month day-of-week year), as Scheduler's cron takes them. */
    private static final Pattern CRON = Pattern.compile("^cron\\((\\S+ ){5}\\S+\\)$");
    private static final Pattern AT = Pattern.compile("^at\\(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\)$");

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("expression", expression);
        json.put("timezone", timezone);
        json.put("enabled", enabled);
        return json;
    }

    /** The schedule object at {@code path}, or empty with the errors added. */
    public static Optional<PolicySchedule> parse(Object value, String path, List<FieldError> errors) {
        if (!(value instanceof Map<?, ?> raw)) {
            errors.add(new FieldError(path, "type", "must be an object such as {\"expression\": \"cron(0 2 * * ? *)\","
                    + " \"timezone\": \"Europe/Paris\", \"enabled\": true}"));
            return Optional.empty();
        }
        Map<String, Object> json = RequestParser.asObject(raw);
        int before = errors.size();
        RequestParser.unknownFields(json, FIELDS, path + ".", errors);
        String expression = null;
        Object e = json.get("expression");
        if (e == null) {
            errors.add(new FieldError(path + ".expression", "required", "is required: when the policy runs, e.g."
                    + " \"cron(0 2 * * ? *)\" (02:00 every day) or \"rate(12 hours)\""));
        } else if (!(e instanceof String text)) {
            errors.add(new FieldError(path + ".expression", "type", "must be a string such as \"rate(1 day)\""));
        } else if (expressionProblem(text).isPresent()) {
            errors.add(new FieldError(path + ".expression", "pattern", expressionProblem(text).get()));
        } else {
            expression = text;
        }
        String timezone = DEFAULT_TIMEZONE;
        Object tz = json.get("timezone");
        if (tz != null) {
            if (!(tz instanceof String text) || !ZoneId.getAvailableZoneIds().contains(text) && !text.equals("UTC")) {
                errors.add(new FieldError(path + ".timezone", "enum", RequestParser.quote(String.valueOf(tz))
                        + " is not a time zone name; use an IANA name such as \"UTC\", \"Europe/Paris\" or"
                        + " \"America/New_York\""));
            } else {
                timezone = text;
            }
        }
        boolean enabled = true;
        Object en = json.get("enabled");
        if (en != null) {
            if (en instanceof Boolean b) {
                enabled = b;
            } else {
                errors.add(new FieldError(path + ".enabled", "type", "must be true or false"));
            }
        }
        return errors.size() > before ? Optional.empty() : Optional.of(new PolicySchedule(expression, timezone, enabled));
    }

    /** What is wrong with an expression, in words, or empty when Scheduler's outline fits. */
    static Optional<String> expressionProblem(String text) {
        if (text.length() > MAX_EXPRESSION_LENGTH) {
            return Optional.of("has " + text.length() + " characters; at most " + MAX_EXPRESSION_LENGTH);
        }
        var rate = RATE.matcher(text);
        if (rate.matches()) {
            long n = Long.parseLong(rate.group(1));
            boolean singular = !rate.group(2).endsWith("s");
            if (n < 1) {
                return Optional.of(RequestParser.quote(text) + " never runs; give a rate of at least 1");
            }
            if (singular != (n == 1)) {
                return Optional.of(RequestParser.quote(text) + ": Scheduler takes the singular unit for 1 and the"
                        + " plural otherwise, e.g. \"rate(1 day)\", \"rate(12 hours)\"");
            }
            return Optional.empty();
        }
        if (CRON.matcher(text).matches() || AT.matcher(text).matches()) {
            return Optional.empty();
        }
        List<String> forms = new ArrayList<>(List.of("\"rate(12 hours)\"", "\"cron(0 2 * * ? *)\" (minutes hours"
                + " day-of-month month day-of-week year)", "\"at(2030-01-31T02:00:00)\" (once)"));
        return Optional.of(RequestParser.quote(text) + " is not a Scheduler expression; use " + String.join(", ", forms));
    }
}
