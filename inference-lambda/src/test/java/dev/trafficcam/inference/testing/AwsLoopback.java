package dev.trafficcam.inference.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small HTTP server on 127.0.0.1 that answers as the four AWS APIs the inference Lambda calls do, so that the real
 * AWS SDK clients can be pointed at it: SageMaker runtime ({@code POST /endpoints/{name}/invocations}), Lambda
 * ({@code POST /2015-03-31/functions/{name}/invocations}), S3 ({@code PUT /{bucket}/{key}}, path style) and SQS
 * ({@code POST /} with the JSON protocol's {@code X-Amz-Target: AmazonSQS.SendMessage}). It records every request for
 * assertions; each API's behaviour can be changed (answer, delay, failure). Not a fake of AWS's logic: the local stack
 * has the real parts.
 */
public final class AwsLoopback implements AutoCloseable {

    /** One request as it arrived. Header names are lower case. */
    public record Recorded(String method, String path, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** How one API answers: status, extra headers, body and a delay before answering. */
    public record Reply(int status, Map<String, String> headers, byte[] body, Duration delay) {
        public static Reply json(int status, String json) {
            return new Reply(
                    status,
                    Map.of("Content-Type", "application/json"),
                    json.getBytes(StandardCharsets.UTF_8),
                    Duration.ZERO);
        }

        /** An AWS JSON-protocol error with its type in {@code x-amzn-ErrorType}. */
        public static Reply awsError(int status, String errorType, String message) {
            return new Reply(
                    status,
                    Map.of("Content-Type", "application/json", "x-amzn-ErrorType", errorType),
                    ("{\"__type\":\"" + errorType + "\",\"message\":\"" + message + "\"}")
                            .getBytes(StandardCharsets.UTF_8),
                    Duration.ZERO);
        }

        public Reply after(Duration wait) {
            return new Reply(status, headers, body, wait);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private volatile Reply sageMaker = Reply.json(200, "[]");
    private volatile Reply lambda = new Reply(202, Map.of(), new byte[0], Duration.ZERO);
    private volatile Reply s3 = new Reply(200, Map.of("ETag", "\"etag\""), new byte[0], Duration.ZERO);
    private volatile Reply sqs;

    public AwsLoopback() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public AwsLoopback sageMakerReplies(Reply reply) {
        this.sageMaker = reply;
        return this;
    }

    public AwsLoopback lambdaReplies(Reply reply) {
        this.lambda = reply;
        return this;
    }

    public AwsLoopback s3Replies(Reply reply) {
        this.s3 = reply;
        return this;
    }

    /** Null (the default) answers SendMessage as SQS does, with the body's MD5. */
    public AwsLoopback sqsReplies(Reply reply) {
        this.sqs = reply;
        return this;
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    public List<Recorded> sageMakerCalls() {
        return requests.stream().filter(r -> r.path().startsWith("/endpoints/")).toList();
    }

    public List<Recorded> lambdaCalls() {
        return requests.stream()
                .filter(r -> r.path().startsWith("/2015-03-31/functions/"))
                .toList();
    }

    public List<Recorded> s3Calls() {
        return requests.stream().filter(r -> "PUT".equals(r.method())).toList();
    }

    public List<Recorded> sqsCalls() {
        return requests.stream()
                .filter(r -> r.header("x-amz-target") != null
                        && r.header("x-amz-target").startsWith("AmazonSQS."))
                .toList();
    }

    public void reset() {
        requests.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders()
                    .forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
            Recorded recorded = new Recorded(
                    exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers, body);
            requests.add(recorded);
            Reply reply = replyFor(recorded);
            if (!reply.delay().isZero()) {
                Thread.sleep(reply.delay().toMillis());
            }
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders()
                    .add("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            if (reply.body().length > 0) {
                exchange.getResponseBody().write(reply.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up (time-out tests): nothing to answer
        }
    }

    private Reply replyFor(Recorded r) {
        if (r.path().startsWith("/endpoints/")) {
            return sageMaker;
        }
        if (r.path().startsWith("/2015-03-31/functions/")) {
            return lambda;
        }
        if (r.header("x-amz-target") != null && r.header("x-amz-target").equals("AmazonSQS.SendMessage")) {
            if (sqs != null) {
                return sqs;
            }
            // the SDK checks the MD5 of the message body it sent
            String unescaped;
            try {
                unescaped = dev.trafficcam.model.Json.mapper()
                        .readTree(r.body())
                        .get("MessageBody")
                        .asText();
            } catch (IOException e) {
                return Reply.awsError(400, "InvalidParameterValue", "unreadable request");
            }
            return Reply.json(
                    200,
                    "{\"MD5OfMessageBody\":\"" + md5(unescaped) + "\",\"MessageId\":\"" + UUID.randomUUID() + "\"}");
        }
        if ("PUT".equals(r.method())) {
            return s3;
        }
        return Reply.awsError(404, "NotFound", "no stand-in for " + r.method() + " " + r.path());
    }

    private static String md5(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
