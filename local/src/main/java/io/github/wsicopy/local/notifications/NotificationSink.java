package io.github.wsicopy.local.notifications;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.wsicopy.local.LoopbackServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Stands in for SNS Publish (AWS Query protocol) and EventBridge PutEvents (JSON 1.1) on loopback, and keeps
 * what was sent, so the notify function is tested through the real SDK clients over HTTP. It answers only
 * those two operations; anything else gets the services' "unknown operation" error.
 */
public final class NotificationSink implements AutoCloseable {

    /** One SNS message as the topic received it. */
    public record Message(String topicArn, String subject, String body) {}

    /** One EventBridge entry as the bus received it. */
    public record Event(String eventBusName, String source, String detailType, String detail) {}

    private final HttpServer server;
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final List<Event> events = new CopyOnWriteArrayList<>();

    private NotificationSink(HttpServer server) {
        this.server = server;
    }

    public static NotificationSink start() {
        HttpServer server = LoopbackServer.create(0, "notification-sink", 4);
        NotificationSink sink = new NotificationSink(server);
        server.createContext("/", sink::handle);
        server.start();
        return sink;
    }

    public URI endpoint() {
        return LoopbackServer.endpoint(server);
    }

    public List<Message> messages() {
        return List.copyOf(messages);
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public void clear() {
        messages.clear();
        events.clear();
    }

    @Override
    public void close() {
        LoopbackServer.stop(server);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if ("AWSEvents.PutEvents".equals(target)) {
                putEvents(exchange, body);
            } else if (target == null && form(body).containsKey("Action")) {
                snsAction(exchange, form(body));
            } else {
                respond(exchange, 400, "application/x-amz-json-1.1",
                        "{\"__type\":\"UnknownOperationException\",\"message\":\"only SNS Publish and EventBridge PutEvents are served here\"}");
            }
        }
    }

    private void putEvents(HttpExchange exchange, String body) throws IOException {
        List<String> ids = new ArrayList<>();
        for (JsonNode entry : JsonNode.parser().parse(body).field("Entries").map(JsonNode::asArray).orElse(List.of())) {
            events.add(new Event(text(entry, "EventBusName"), text(entry, "Source"), text(entry, "DetailType"),
                    text(entry, "Detail")));
            ids.add("{\"EventId\":\"" + UUID.randomUUID() + "\"}");
        }
        respond(exchange, 200, "application/x-amz-json-1.1",
                "{\"FailedEntryCount\":0,\"Entries\":[" + String.join(",", ids) + "]}");
    }

    private void snsAction(HttpExchange exchange, Map<String, String> form) throws IOException {
        if (!"Publish".equals(form.get("Action"))) {
            respond(exchange, 400, "text/xml", "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code>"
                    + "<Message>only Publish is served here</Message></Error></ErrorResponse>");
            return;
        }
        messages.add(new Message(form.get("TopicArn"), form.get("Subject"), form.get("Message")));
        respond(exchange, 200, "text/xml", "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
                + "<PublishResult><MessageId>" + UUID.randomUUID() + "</MessageId></PublishResult>"
                + "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata></PublishResponse>");
    }

    private static String text(JsonNode node, String field) {
        return node.field(field).filter(JsonNode::isString).map(JsonNode::asString).orElse(null);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
