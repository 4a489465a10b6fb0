package dev.trafficcam.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Lambda stand-in's two architectures: an event accepted before it runs, or only after. */
class LambdaStandInTest {
    private LambdaStandIn lambda;
    private HttpServer server;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        lambda = new LambdaStandIn(2, List.of(), record -> {});
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(LambdaStandIn.PATH, lambda::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        lambda.close();
    }

    private HttpResponse<String> invokeEvent(String function) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                + server.getAddress().getPort() + LambdaStandIn.PATH + function + "/invocations"))
                        .header("X-Amz-Invocation-Type", "Event")
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anEventIsAcceptedBeforeItRunsInTheSplitArchitecture() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch ran = new CountDownLatch(1);
        lambda.register("persist", payload -> {
            release.await(10, TimeUnit.SECONDS);
            ran.countDown();
            return new byte[0];
        });

        HttpResponse<String> accepted = invokeEvent("persist"); // the function is still held

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(ran.getCount()).isEqualTo(1);
        release.countDown();
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anEventHasRunWhenItIsAcceptedInTheSingleFunctionArchitecture() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        lambda.register("persist", payload -> {
            Thread.sleep(100);
            ran.set(true);
            return new byte[0];
        });
        lambda.runEventsBeforeAccepting(true);

        HttpResponse<String> accepted = invokeEvent("persist");

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(ran).isTrue();
        assertThat(lambda.inFlight()).isZero();
    }
}
