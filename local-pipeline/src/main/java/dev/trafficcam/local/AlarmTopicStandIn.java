package dev.trafficcam.local;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The alarm topic, here: SNS's {@code Publish} as the AWS SDK sends it (the AWS Query protocol, a form-encoded POST
 * with {@code Action=Publish}, as the SDK's SNS client is generated for; SNS API reference, "Publish"), answered with a
 * message id. What AWS would e-mail to the topic's subscribers is printed in the stack's log and kept for the tests.
 * Anything but {@code Publish} to the one topic is refused with SNS's error shape, so that a function calling something
 * else fails here as it would not in AWS, and says so.
 */
final class AlarmTopicStandIn {
    static final String TOPIC_ARN = "arn:aws:sns:" + LocalPipeline.REGION + ":000000000000:traffic-camera-alarms";

    /** A message as published: its subject and text. */
    record Message(String subject, String text) {}

    private final List<Message> published = new CopyOnWriteArrayList<>();
    private final Consumer<String> log;

    AlarmTopicStandIn(Consumer<String> log) {
        this.log = log;
    }

    List<Message> published() {
        return List.copyOf(published);
    }

    void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form =
                    form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (!"Publish".equals(form.get("Action"))) {
                answer(
                        exchange,
                        400,
                        error("InvalidAction", "the stand-in knows Publish only, got " + form.get("Action")));
                return;
            }
            if (!TOPIC_ARN.equals(form.get("TopicArn"))) {
                answer(exchange, 404, error("NotFound", "Topic does not exist: " + form.get("TopicArn")));
                return;
            }
            Message message = new Message(form.get("Subject"), form.getOrDefault("Message", ""));
            published.add(message);
            log.accept("ALARM TOPIC: " + message.subject() + "\n" + message.text());
            answer(exchange, 200, """
                    <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
                      <PublishResult><MessageId>%s</MessageId></PublishResult>
                      <ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata>
                    </PublishResponse>""".formatted(UUID.randomUUID(), UUID.randomUUID()));
        }
    }

    private static String error(String code, String message) {
        return """
                <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
                  <Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error>
                  <RequestId>%s</RequestId>
                </ErrorResponse>""".formatted(code, message.replace("&", "&amp;").replace("<", "&lt;"), UUID.randomUUID());
    }

    private static void answer(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> values = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }
}
