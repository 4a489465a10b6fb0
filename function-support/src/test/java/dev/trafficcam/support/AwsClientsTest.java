package dev.trafficcam.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Clients built the one way: against a loopback server that fails every request, and records them. */
class AwsClientsTest {
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    private HttpServer server;
    private final List<String> paths = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void aClientGoesToItsEndpointOverrideAndStopsAfterItsAttempts() {
        AtomicInteger intercepted = new AtomicInteger();
        ExecutionInterceptor counting = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                intercepted.incrementAndGet();
            }
        };
        try (SqsClient sqs = AwsClients.configure(
                        SqsClient.builder(),
                        "eu-west-1",
                        CREDENTIALS,
                        Optional.of(endpoint()),
                        new AwsClients.Call(Duration.ofSeconds(2), Duration.ofSeconds(10), 3)
                                .with(o -> o.addExecutionInterceptor(counting)))
                .build()) {
            assertThatThrownBy(sqs::listQueues).isInstanceOf(SdkException.class);
        }
        // three attempts in all, then the error; the extra configuration was applied, once per call
        assertThat(paths).hasSize(3);
        assertThat(intercepted).hasValue(1);
    }

    @Test
    void s3AgainstAStandInAddressesTheBucketInThePath() {
        try (S3Client s3 = S3Clients.s3(
                "eu-west-1",
                CREDENTIALS,
                Optional.of(endpoint()),
                new AwsClients.Call(Duration.ofSeconds(2), Duration.ofSeconds(10), 1))) {
            assertThatThrownBy(() -> s3.headObject(b -> b.bucket("frames").key("frames/1.jpg")))
                    .isInstanceOf(SdkException.class);
        }
        assertThat(paths).containsExactly("/frames/frames/1.jpg");
    }
}
