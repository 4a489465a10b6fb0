package dev.trafficcam.local.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trafficcam.model.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The container-credentials endpoint that Lambda gives a SnapStart function instead of key variables
 * ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} with {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}; Lambda developer guide,
 * SnapStart and the AWS SDKs). The SDKs send the token as the {@code Authorization} header and read
 * {@code AccessKeyId}, {@code SecretAccessKey}, {@code Token} and {@code Expiration} (AWS SDKs and Tools reference
 * guide, "Container credential provider"). Each execution environment gets its own token; a request without a token
 * this endpoint issued is refused (403).
 *
 * <p>Difference from AWS: Lambda's credentials are temporary and carry a session {@code Token}; these do not, because
 * s3proxy answers 501 NotImplemented to the {@code X-Amz-Security-Token} header.
 */
public final class ContainerCredentials implements AutoCloseable {
    static final String PATH = "/2021-04-23/credentials";
    private static final Duration LIFETIME = Duration.ofHours(1);

    private final HttpServer server;
    private final String accessKey;
    private final String secretKey;
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger served = new AtomicInteger();

    public ContainerCredentials(String accessKey, String secretKey) throws IOException {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext(PATH, this::handle);
        server.setExecutor(Executors.newFixedThreadPool(
                2,
                Thread.ofPlatform().daemon().name("container-credentials-", 0).factory()));
        server.start();
    }

    /** The URI for {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    /** A new token for {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}. */
    public String issueToken() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        tokens.add(token);
        return token;
    }

    /** How many times credentials were handed out. */
    public int served() {
        return served.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String token = exchange.getRequestHeaders().getFirst("Authorization");
            if (!"GET".equals(exchange.getRequestMethod()) || token == null || !tokens.contains(token)) {
                exchange.sendResponseHeaders(403, -1);
                return;
            }
            Map<String, String> credentials = new LinkedHashMap<>();
            credentials.put("AccessKeyId", accessKey);
            credentials.put("SecretAccessKey", secretKey);
            credentials.put("Expiration", Instant.now().plus(LIFETIME).toString());
            byte[] body = Json.writeBytes(credentials);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            served.incrementAndGet();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
