package dev.trafficcam.inference.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.trafficcam.inference.testing.TestFrames;
import dev.trafficcam.model.testing.LocalS3;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The claim-check put against s3proxy, which checks each request's SigV4 signature as S3 does, read back with the SDK's
 * own S3 client; and its retries against a loopback server that fails on purpose.
 */
class S3ObjectPutTest {
    private static final String ACCESS_KEY = LocalS3.ACCESS_KEY;
    private static final String SECRET_KEY = LocalS3.SECRET_KEY;
    private static final String BUCKET = "frames";
    private static LocalS3 s3;
    private static S3Client sdk;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = new LocalS3();
        sdk = s3.client();
        sdk.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void stopS3() throws Exception {
        sdk.close();
        s3.close();
    }

    private static URI endpoint() {
        return s3.endpoint();
    }

    private static S3ObjectPut put(String secret, URI endpoint, int maxAttempts) {
        return new S3ObjectPut(
                UrlConnectionHttpClient.create(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, secret)),
                "eu-west-1",
                Optional.of(endpoint),
                maxAttempts);
    }

    @Test
    void aFrameIsStoredUnderItsKeyWithItsTypeAndReadsBackByteForByte() throws Exception {
        byte[] frame = TestFrames.frame(TestFrames.STREET_220);

        put(SECRET_KEY, endpoint(), 2)
                .put(BUCKET, "incoming/5f0c1a7e-0000-4000-8000-000000000001", "image/jpeg", frame);

        ResponseBytes<GetObjectResponse> stored =
                sdk.getObjectAsBytes(b -> b.bucket(BUCKET).key("incoming/5f0c1a7e-0000-4000-8000-000000000001"));
        assertThat(stored.asByteArray()).isEqualTo(frame);
        assertThat(stored.response().contentType()).isEqualTo("image/jpeg");
        assertThat(stored.response().contentLength()).isEqualTo(frame.length);
    }

    @Test
    void aKeyThatNeedsEncodingIsSignedAsSent() {
        // S3 signs the path once-encoded and unnormalised; a signer that encoded twice or
        // folded the dots would be refused
        String key = "incoming/a b+c=d/./x,y.png";

        put(SECRET_KEY, endpoint(), 1).put(BUCKET, key, "image/png", new byte[] {1, 2, 3});

        assertThat(sdk.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray())
                .containsExactly(1, 2, 3);
    }

    @Test
    void aWrongSecretIsRefusedWithS3sCodeAndNotRetried() {
        assertThatThrownBy(() -> put("not-the-secret", endpoint(), 3)
                        .put(BUCKET, "incoming/refused", "image/jpeg", new byte[] {9}))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                });
        assertThat(sdk.listObjectsV2(b -> b.bucket(BUCKET).prefix("incoming/refused"))
                        .contents())
                .isEmpty();
    }

    @Test
    void aSlowDownIsRetriedAndThenSucceeds() throws Exception {
        try (Scripted s3 = new Scripted(503, 200)) {
            put(SECRET_KEY, s3.endpoint(), 2).put(BUCKET, "incoming/retried", "image/jpeg", new byte[] {1});

            assertThat(s3.paths).containsExactly("/frames/incoming/retried", "/frames/incoming/retried");
            assertThat(s3.signatures)
                    .allSatisfy(h -> assertThat(h).startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/"));
        }
    }

    @Test
    void attemptsStopAtTheBoundAndTheLastFailureIsThrown() throws Exception {
        try (Scripted s3 = new Scripted(503, 503, 503, 200)) {
            assertThatThrownBy(() -> put(SECRET_KEY, s3.endpoint(), 2)
                            .put(BUCKET, "incoming/busy", "image/jpeg", new byte[] {1}))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(503);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SlowDown");
                        assertThat(e.getMessage()).contains("incoming/busy");
                    });
            assertThat(s3.paths).hasSize(2);
        }
    }

    @Test
    void lambdasSessionCredentialsSignTheirTokenAndThePayloadsHash() throws Exception {
        // in AWS the function's credentials are temporary (s3proxy refuses session
        // tokens, so this is checked on the wire)
        var session =
                StaticCredentialsProvider.create(software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(
                        ACCESS_KEY, SECRET_KEY, "the-session-token"));
        byte[] body = {1, 2, 3};
        try (Scripted s3 = new Scripted(200)) {
            new S3ObjectPut(UrlConnectionHttpClient.create(), session, "eu-west-1", Optional.of(s3.endpoint()), 1)
                    .put(BUCKET, "incoming/x", "image/jpeg", body);

            var sent = s3.headers.getFirst();
            assertThat(sent.getFirst("X-Amz-Security-Token")).isEqualTo("the-session-token");
            assertThat(sent.getFirst("X-Amz-Content-Sha256"))
                    .isEqualTo(java.util.HexFormat.of()
                            .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                    .digest(body)));
            assertThat(s3.signatures.getFirst())
                    .contains("/eu-west-1/s3/aws4_request")
                    .containsPattern("SignedHeaders=[^,]*x-amz-content-sha256[^,]*x-amz-security-token");
        }
    }

    @Test
    void inAwsTheBucketIsAddressedVirtualHostedInItsPartition() {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
        assertThat(new S3ObjectPut(UrlConnectionHttpClient.create(), credentials, "eu-west-1", Optional.empty(), 1)
                        .objectUri("traffic-frames-1a2b", "incoming/5f0c1a7e"))
                .hasToString("https://traffic-frames-1a2b.s3.eu-west-1.amazonaws.com/incoming/5f0c1a7e");
        assertThat(new S3ObjectPut(UrlConnectionHttpClient.create(), credentials, "cn-north-1", Optional.empty(), 1)
                        .objectUri("traffic-frames-1a2b", "incoming/5f0c1a7e"))
                .hasToString("https://traffic-frames-1a2b.s3.cn-north-1.amazonaws.com.cn/incoming/5f0c1a7e");
    }

    /** A loopback S3 that answers with the given statuses in turn (503 as S3's SlowDown). */
    private static final class Scripted implements AutoCloseable {
        final List<String> paths = new CopyOnWriteArrayList<>();
        final List<String> signatures = new CopyOnWriteArrayList<>();
        final List<com.sun.net.httpserver.Headers> headers = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        Scripted(int... statuses) throws Exception {
            AtomicInteger next = new AtomicInteger();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                paths.add(exchange.getRequestURI().getRawPath());
                signatures.add(exchange.getRequestHeaders().getFirst("Authorization"));
                headers.add(exchange.getRequestHeaders());
                int status = statuses[Math.min(next.getAndIncrement(), statuses.length - 1)];
                byte[] body = status == 200
                        ? new byte[0]
                        : "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"
                                .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
