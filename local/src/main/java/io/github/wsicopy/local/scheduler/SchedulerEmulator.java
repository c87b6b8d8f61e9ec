package io.github.wsicopy.local.scheduler;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.wsicopy.local.workspaces.EmulatorConfig;
import io.github.wsicopy.local.workspaces.Json;
import io.github.wsicopy.local.LoopbackServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A small EventBridge Scheduler stand-in on loopback for the real SDK client (REST-JSON): CreateSchedule
 * ({@code POST /schedules/{Name}}, ConflictException when it exists), UpdateSchedule ({@code PUT}, ResourceNotFound
 * when it does not), DeleteSchedule ({@code DELETE ?groupName=}) and GetSchedule, schedules kept per (group, name),
 * every call recorded. It fires nothing. Expressions outside Scheduler's outline are a ValidationException, and
 * {@link #refuseNext} makes the next create or update one (what Scheduler says of an expression it will not take).
 */
public final class SchedulerEmulator implements AutoCloseable {
    private static final Pattern EXPRESSION = Pattern.compile("^(rate|cron|at)\\(.+\\)$");
    private static final Pattern PATH = Pattern.compile("^/schedules/([^/]+)$");

    /** One call: its operation, the schedule's group and name, and the request body (empty for Delete and Get). */
    public record Call(String operation, String group, String name, Map<String, Object> body) {}

    private final HttpServer server = LoopbackServer.create(0, "scheduler-emulator", 2);
    private final Map<String, Map<String, Object>> schedules = new ConcurrentHashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private volatile String refusal;

    private SchedulerEmulator() {
        server.createContext("/", this::handle);
        server.start();
    }

    public static SchedulerEmulator start() {
        return new SchedulerEmulator();
    }

    public URI endpoint() {
        return LoopbackServer.endpoint(server);
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The schedule as last created or updated (its request body, with GroupName), if it exists. */
    public Optional<Map<String, Object>> schedule(String group, String name) {
        return Optional.ofNullable(schedules.get(group + "/" + name));
    }

    public int count() {
        return schedules.size();
    }

    /** The next create or update fails with a ValidationException saying {@code message}. */
    public void refuseNext(String message) {
        refusal = message;
    }

    @Override
    public void close() {
        LoopbackServer.stop(server);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var m = PATH.matcher(exchange.getRequestURI().getRawPath());
            if (!m.matches()) {
                answer(exchange, 404, "UnknownOperationException", "no such path");
                return;
            }
            String name = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            byte[] raw = exchange.getRequestBody().readAllBytes();
            Map<String, Object> body = raw.length == 0 ? Map.of() : Json.parseObject(raw);
            String method = exchange.getRequestMethod();
            String group = method.equals("POST") || method.equals("PUT")
                    ? String.valueOf(body.getOrDefault("GroupName", "default"))
                    : query.getOrDefault("groupName", "default");
            String operation = switch (method) {
                case "POST" -> "CreateSchedule";
                case "PUT" -> "UpdateSchedule";
                case "DELETE" -> "DeleteSchedule";
                default -> "GetSchedule";
            };
            synchronized (this) {
                calls.add(new Call(operation, group, name, body));
            }
            String key = group + "/" + name;
            String arn = "arn:aws:scheduler:us-east-1:" + EmulatorConfig.DEFAULT_ACCOUNT_ID + ":schedule/" + key;
            switch (operation) {
                case "CreateSchedule", "UpdateSchedule" -> {
                    String refused = refusal;
                    String expression = String.valueOf(body.get("ScheduleExpression"));
                    if (refused != null || !EXPRESSION.matcher(expression).matches()) {
                        refusal = null;
                        answer(exchange, 400, "ValidationException", refused != null ? refused
                                : "Invalid Schedule Expression " + expression + ".");
                    } else if (operation.equals("CreateSchedule") && schedules.putIfAbsent(key, body) != null) {
                        answer(exchange, 409, "ConflictException", "Schedule " + name + " already exists.");
                    } else if (operation.equals("UpdateSchedule") && schedules.replace(key, body) == null) {
                        answer(exchange, 404, "ResourceNotFoundException", "Schedule " + name + " does not exist.");
                    } else {
                        json(exchange, 200, Map.of("ScheduleArn", arn));
                    }
                }
                case "DeleteSchedule" -> {
                    if (schedules.remove(key) == null) {
                        answer(exchange, 404, "ResourceNotFoundException", "Schedule " + name + " does not exist.");
                    } else {
                        json(exchange, 200, Map.of());
                    }
                }
                default -> {
                    Map<String, Object> schedule = schedules.get(key);
                    if (schedule == null) {
                        answer(exchange, 404, "ResourceNotFoundException", "Schedule " + name + " does not exist.");
                    } else {
                        Map<String, Object> out = new LinkedHashMap<>(schedule);
                        out.put("Name", name);
                        out.put("Arn", arn);
                        json(exchange, 200, out);
                    }
                }
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String part : raw.split("&")) {
                String[] kv = part.split("=", 2);
                query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return query;
    }

    private static void answer(HttpExchange exchange, int status, String type, String message) throws IOException {
        exchange.getResponseHeaders().add("x-amzn-ErrorType", type);
        json(exchange, status, Map.of("Message", message));
    }

    private static void json(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        byte[] bytes = Json.write(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
