package dev.trafficcam.access.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpServer;
import dev.trafficcam.access.CameraAdminHandler;
import dev.trafficcam.access.CameraKey;
import dev.trafficcam.access.CameraKeys;
import dev.trafficcam.db.DatabaseConnections;
import dev.trafficcam.db.DatabaseSession;
import dev.trafficcam.db.testing.EmbeddedDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cameras command over HTTP against the operators' routes (the admin handler on loopback, a real database). */
class CamerasCommandTest {
    private HttpServer server;
    private DatabaseSession session;
    private String api;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void serve() throws Exception {
        session = new DatabaseSession(new DatabaseConnections(EmbeddedDatabase.freshDatabase()));
        CameraAdminHandler admin = new CameraAdminHandler(new CameraKeys(session, new SecureRandom(), Clock.systemUTC()), 300);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            APIGatewayProxyResponseEvent response = admin.handleRequest(new APIGatewayProxyRequestEvent()
                    .withHttpMethod(exchange.getRequestMethod()).withPath(exchange.getRequestURI().getPath())
                    .withBody(body.length == 0 ? null : new String(body, StandardCharsets.UTF_8)).withIsBase64Encoded(false), null);
            byte[] answer = response.getBody().getBytes(StandardCharsets.UTF_8);
            response.getHeaders().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(response.getStatusCode(), answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        api = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @AfterEach
    void stop() {
        server.stop(0);
        session.close();
    }

    @Test
    void addPrintsTheKeyAloneOnTheLastLineListShowsItRotateReplacesItRevokeEndsIt() {
        assertThat(run("add", "Oude Markt", "Leuven", "Belgium", "--api", api)).isZero();
        List<String> added = out.toString(StandardCharsets.UTF_8).lines().toList();
        CameraKey key = CameraKey.parse(added.getLast()).orElseThrow();
        assertThat(added.getFirst()).isEqualTo("added Oude Markt, Leuven, Belgium");

        assertThat(run("list", "--api=" + api)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Oude Markt").contains(key.id().toString()).contains("never")
                .doesNotContain(key.text());

        assertThat(run("add", "Oude Markt", "Leuven", "Belgium", "--api", api)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("409").contains("rotate");

        assertThat(run("rotate", "Oude Markt", "Leuven", "Belgium", "--api", api)).isZero();
        CameraKey rotated = CameraKey.parse(out.toString(StandardCharsets.UTF_8).lines().toList().getLast()).orElseThrow();
        assertThat(rotated.id()).isNotEqualTo(key.id());

        assertThat(run("revoke", "Oude Markt", "Leuven", "Belgium", "--api", api)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("revoked key " + rotated.id()).contains("within 300 s");
        assertThat(run("revoke", "Oude Markt", "Leuven", "Belgium", "--api", api)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("404").contains("no live key");
    }

    @Test
    void badArgumentsExitWith2AndSayWhy() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("add", "only", "two")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("needs ADDRESS CITY COUNTRY");
        assertThat(run("add", "a/b", "Leuven", "Belgium", "--api", api)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("path separator");
        assertThat(run("list", "--api", "ftp://example")).isEqualTo(2);
        assertThat(run("launch")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'launch'");
    }

    @Test
    void onlyLoopbackGoesUnsignedAndTheRegionComesFromTheExecuteApiHost() {
        assertThat(CameraAdminClient.loopback(URI.create("http://127.0.0.1:8080/admin/cameras"))).isTrue();
        assertThat(CameraAdminClient.loopback(URI.create("http://[::1]:8080/admin/cameras"))).isTrue();
        assertThat(CameraAdminClient.loopback(URI.create("https://abc123.execute-api.eu-west-1.amazonaws.com/prod/admin/cameras"))).isFalse();
        assertThat(CameraAdminClient.region(URI.create("https://abc123.execute-api.eu-west-1.amazonaws.com/prod/admin/cameras")))
                .isEqualTo("eu-west-1");
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return new CamerasCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }
}
