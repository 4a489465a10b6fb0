package dev.trafficcam.evaluation.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * A detector on loopback for tests: a real HTTP server that answers each frame POSTed to any path with the JSON a
 * function of the frame's text gives, and records the content types it was sent. Any path, so that it serves both as a
 * detector URL ({@link #url()}) and as a SageMaker runtime ({@link #base()}: {@code /endpoints/NAME/invocations}).
 */
public final class LoopbackDetector implements AutoCloseable {
    private final HttpServer server;
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private volatile UnaryOperator<String> answers;

    private LoopbackDetector(UnaryOperator<String> answers) throws IOException {
        this.answers = answers;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String frame = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            byte[] answer = this.answers.apply(frame).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    /** @param answers the JSON body for a frame, given the frame's bytes as text */
    public static LoopbackDetector answering(UnaryOperator<String> answers) throws IOException {
        return new LoopbackDetector(answers);
    }

    /** One detection of {@code label} at score {@code score}, as the detection JSON lists it. */
    public static String detection(String label, double score, int xmin, int ymin, int xmax, int ymax) {
        return "{\"score\": " + score + ", \"label\": \"" + label + "\", \"box\": {\"xmin\": " + xmin + ", \"ymin\": "
                + ymin + ", \"xmax\": " + xmax + ", \"ymax\": " + ymax + "}}";
    }

    /** Answers from now on with these. */
    public void answer(UnaryOperator<String> answers) {
        this.answers = answers;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/invocations");
    }

    /** The server's root, e.g. for a SageMaker runtime client's endpoint override. */
    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<String> contentTypes() {
        return List.copyOf(contentTypes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
