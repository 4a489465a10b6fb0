package dev.trafficcam.inference;

import static dev.trafficcam.inference.testing.TestFrames.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.inference.api.ProblemType;
import dev.trafficcam.inference.testing.AwsLoopback;
import dev.trafficcam.inference.testing.InferenceTestConfig;
import dev.trafficcam.inference.testing.Requests;
import dev.trafficcam.model.Camera;
import dev.trafficcam.model.CameraGrant;
import dev.trafficcam.model.Json;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and broken requests, each with the status and problem type it must get. Every answer is problem+json with a
 * detail and no stack trace; 4xx request errors reach no AWS API; distorted frames (422) skip the model but are handed
 * off all the same.
 */
class HostileRequestsTest {
    private static final String NAME = "Main Street 5_Leuven_Belgium_12-10-2022_10-51-38.jpg";
    private static final String PNG_NAME = "Main Street 5_Leuven_Belgium_12-10-2022_10-51-38.png";
    private static AwsLoopback aws;
    private static InferenceHandler handler;

    @BeforeAll
    static void start() throws Exception {
        aws = new AwsLoopback().sageMakerReplies(AwsLoopback.Reply.json(200, "[]"));
        handler = new InferenceHandler(InferenceWiring.of(
                InferenceTestConfig.config(aws, Map.of()),
                InferenceTestConfig.CREDENTIALS,
                new RequestLog(line -> {})));
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @BeforeEach
    void clear() {
        aws.reset();
    }

    private static Arguments row(String what, Supplier<APIGatewayProxyRequestEvent> request, ProblemType expected) {
        return Arguments.of(what, request, expected);
    }

    private static Arguments row(
            String what, Supplier<APIGatewayProxyRequestEvent> request, ProblemType expected, String reason) {
        return Arguments.of(what + " [" + reason + "]", request, expected);
    }

    static Stream<Arguments> hostileRequests() {
        byte[] street = frame(STREET_220);
        BufferedImage streetImage = decode(street);
        return Stream.of(
                // the name
                row("no fields", () -> Requests.postJpeg("frame.jpg", street), ProblemType.INVALID_FRAME_NAME),
                row(
                        "path traversal",
                        () -> Requests.postJpeg("..%2F..%2Fetc%2Fpasswd_b_c_12-10-2022_10-51-38.jpg", street),
                        ProblemType.INVALID_FRAME_NAME),
                row(
                        "backslash",
                        () -> Requests.postJpeg("C:\\cams\\a_b_c_12-10-2022_10-51-38.jpg", street),
                        ProblemType.INVALID_FRAME_NAME),
                row(
                        "NUL byte",
                        () -> Requests.postJpeg("a%00b_Leuven_Belgium_12-10-2022_10-51-38.jpg", street),
                        ProblemType.INVALID_FRAME_NAME),
                row(
                        "31 February",
                        () -> Requests.postJpeg("a_Leuven_Belgium_31-02-2022_10-51-38.jpg", street),
                        ProblemType.INVALID_FRAME_NAME),
                row(
                        "25 o'clock",
                        () -> Requests.postJpeg("a_Leuven_Belgium_12-10-2022_25-00-00.jpg", street),
                        ProblemType.INVALID_FRAME_NAME),
                row(
                        "ISO date",
                        () -> Requests.postJpeg("a_Leuven_Belgium_2022-10-12_10-51-38.jpg", street),
                        ProblemType.INVALID_FRAME_NAME),
                row(
                        "script tag in city",
                        () -> Requests.postJpeg("a_<script>_Belgium_12-10-2022_10-51-38.jpg", street),
                        ProblemType.INVALID_FRAME_NAME),
                row(
                        "SQL in address",
                        () -> Requests.postJpeg(
                                "x';DROP TABLE frames;--_Leuven_Belgium_12-10-2022_10-51-38.jpg", street),
                        ProblemType.INVALID_FRAME_NAME),
                row(
                        "8 KB name",
                        () -> Requests.postJpeg("a".repeat(8_000) + "_Leuven_Belgium_12-10-2022_10-51-38.jpg", street),
                        ProblemType.INVALID_FRAME_NAME),
                row(
                        "malformed escape",
                        () -> Requests.postJpeg("a%G1_Leuven_Belgium_12-10-2022_10-51-38.jpg", street),
                        ProblemType.INVALID_FRAME_NAME),
                row(
                        ".gif name sent as JPEG",
                        () -> Requests.postJpeg("a_Leuven_Belgium_12-10-2022_10-51-38.gif", street),
                        ProblemType.INVALID_FRAME_NAME),
                // media type and body agreement
                row("no Content-Type", () -> Requests.post(NAME, null, street), ProblemType.UNSUPPORTED_MEDIA_TYPE),
                row("text/plain", () -> Requests.post(NAME, "text/plain", street), ProblemType.UNSUPPORTED_MEDIA_TYPE),
                row(
                        "octet-stream",
                        () -> Requests.post(NAME, "application/octet-stream", street),
                        ProblemType.UNSUPPORTED_MEDIA_TYPE),
                row("image/webp", () -> Requests.post(NAME, "image/webp", street), ProblemType.UNSUPPORTED_MEDIA_TYPE),
                row(
                        "application/x-image",
                        () -> Requests.post(NAME, "application/x-image", street),
                        ProblemType.UNSUPPORTED_MEDIA_TYPE),
                row(
                        ".png name, image/jpeg type",
                        () -> Requests.postJpeg(PNG_NAME, street),
                        ProblemType.CONTENT_TYPE_MISMATCH),
                row(
                        "PNG body sent as image/jpeg",
                        () -> Requests.postJpeg(NAME, encode(streetImage, "png")),
                        ProblemType.CONTENT_TYPE_MISMATCH),
                // the body
                row("no body", () -> Requests.postJpeg(NAME, null), ProblemType.EMPTY_BODY),
                row("zero bytes", () -> Requests.postJpeg(NAME, new byte[0]), ProblemType.EMPTY_BODY),
                row(
                        "not base64",
                        () -> Requests.postJpeg(NAME, street).withBody("!!! not base64 !!!"),
                        ProblemType.INVALID_BODY),
                row(
                        "text, not binary",
                        () -> Requests.postJpeg(NAME, street)
                                .withIsBase64Encoded(false)
                                .withBody("\u00ff\u00d8garbled"),
                        ProblemType.INVALID_BODY),
                row("4.6 MB", () -> Requests.postJpeg(NAME, new byte[4_600_000]), ProblemType.FRAME_TOO_LARGE),
                // distorted frames: stored, not analysed
                row(
                        "random bytes",
                        () -> Requests.postJpeg(NAME, random(50_000)),
                        ProblemType.DISTORTED_FRAME,
                        "not-an-image"),
                row(
                        "an HTML page",
                        () -> Requests.postJpeg(
                                NAME, "<html><body>login</body></html>".getBytes(StandardCharsets.UTF_8)),
                        ProblemType.DISTORTED_FRAME,
                        "not-an-image"),
                row(
                        "a single 0xFF",
                        () -> Requests.postJpeg(NAME, new byte[] {(byte) 0xFF}),
                        ProblemType.DISTORTED_FRAME,
                        "not-an-image"),
                row(
                        "a GIF",
                        () -> Requests.postJpeg(NAME, encode(pattern(64, 64), "gif")),
                        ProblemType.DISTORTED_FRAME,
                        "unsupported-format"),
                row(
                        "JPEG cut at 60%",
                        () -> Requests.postJpeg(NAME, truncated(street, 0.6)),
                        ProblemType.DISTORTED_FRAME,
                        "truncated"),
                row(
                        "JPEG cut in its header",
                        () -> Requests.postJpeg(NAME, truncated(street, 0.002)),
                        ProblemType.DISTORTED_FRAME,
                        "truncated"),
                row(
                        "PNG cut at 90%",
                        () -> Requests.post(PNG_NAME, "image/png", truncated(encode(streetImage, "png"), 0.9)),
                        ProblemType.DISTORTED_FRAME,
                        "truncated"),
                row(
                        "PNG claiming 30000x30000",
                        () -> Requests.post(PNG_NAME, "image/png", pngClaiming(30_000, 30_000)),
                        ProblemType.DISTORTED_FRAME,
                        "dimensions-out-of-bounds"),
                row(
                        "PNG claiming 9000x9000",
                        () -> Requests.post(PNG_NAME, "image/png", pngClaiming(9_000, 9_000)),
                        ProblemType.DISTORTED_FRAME,
                        "too-many-pixels"),
                row(
                        "8x8 thumbnail",
                        () -> Requests.postJpeg(NAME, encode(pattern(8, 8), "jpg")),
                        ProblemType.DISTORTED_FRAME,
                        "dimensions-out-of-bounds"),
                row(
                        "JPEG without frame header",
                        () -> Requests.postJpeg(NAME, new byte[] {
                            (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDA, 0, 2, (byte) 0xFF, (byte) 0xD9
                        }),
                        ProblemType.DISTORTED_FRAME,
                        "corrupt"),
                row(
                        "progressive JPEG of 5,000 scans",
                        () -> Requests.postJpeg(NAME, withSmallestScanRepeated(progressive(streetImage), 5_000)),
                        ProblemType.DISTORTED_FRAME,
                        "corrupt"),
                row(
                        "lens cap (uniform grey)",
                        () -> Requests.postJpeg(NAME, encode(uniform(768, 576, 110, 1, 1), "jpg")),
                        ProblemType.DISTORTED_FRAME,
                        "blank"),
                row(
                        "black frame",
                        () -> Requests.post(PNG_NAME, "image/png", encode(uniform(768, 576, 0, 0, 1), "png")),
                        ProblemType.DISTORTED_FRAME,
                        "blank"),
                row(
                        "night without light",
                        () -> Requests.postJpeg(NAME, encode(exposed(streetImage, 0.12, 0), "jpg")),
                        ProblemType.DISTORTED_FRAME,
                        "underexposed"),
                row(
                        "sun in the lens",
                        () -> Requests.postJpeg(NAME, encode(exposed(streetImage, 1.0, 200), "jpg")),
                        ProblemType.DISTORTED_FRAME,
                        "overexposed"),
                row(
                        "out of focus",
                        () -> Requests.postJpeg(NAME, encode(blurred(streetImage, 4), "jpg")),
                        ProblemType.DISTORTED_FRAME,
                        "blurred"),
                row(
                        "motion blur",
                        () -> Requests.postJpeg(NAME, frame(MOTION_BLUR)),
                        ProblemType.DISTORTED_FRAME,
                        "blurred"),
                // whose key: the authorizer's grant must name the camera of the file name
                row(
                        "another camera's key",
                        () -> Requests.withGrant(
                                Requests.postJpeg(NAME, street),
                                new CameraGrant("key-of-another", new Camera("Ladeuzeplein", "Leuven", "Belgium"))),
                        ProblemType.CAMERA_NOT_ALLOWED),
                row(
                        "a key of the same address in another city",
                        () -> Requests.withGrant(
                                Requests.postJpeg(NAME, street),
                                Requests.grantFor(NAME)
                                        .map(g -> new CameraGrant(
                                                g.keyId(),
                                                new Camera(
                                                        g.camera().address(),
                                                        "Gent",
                                                        g.camera().country())))
                                        .orElseThrow()),
                        ProblemType.CAMERA_NOT_ALLOWED),
                row(
                        "no grant from the authorizer",
                        () -> Requests.withGrant(Requests.postJpeg(NAME, street), null),
                        ProblemType.CAMERA_NOT_ALLOWED),
                // the route
                row("GET", () -> Requests.postJpeg(NAME, street).withHttpMethod("GET"), ProblemType.METHOD_NOT_ALLOWED),
                row(
                        "no file name",
                        () -> Requests.postJpeg(NAME, street)
                                .withPathParameters(null)
                                .withPath("/frames/"),
                        ProblemType.NOT_FOUND));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("hostileRequests")
    void getsAClearProblemAndLosesNothing(
            String what, Supplier<APIGatewayProxyRequestEvent> request, ProblemType expected) throws Exception {
        APIGatewayProxyResponseEvent response = handler.handleRequest(request.get(), null);

        assertThat(response.getStatusCode()).as(what).isEqualTo(expected.status());
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        JsonNode problem = Json.mapper().readTree(response.getBody());
        assertThat(problem.get("type").asText()).isEqualTo(expected.uri());
        assertThat(problem.get("status").asInt()).isEqualTo(expected.status());
        assertThat(problem.get("title").asText()).isEqualTo(expected.title());
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(problem.get("requestId").asText()).isNotBlank();
        assertThat(response.getBody())
                .doesNotContain("Exception")
                .doesNotContain("\tat ")
                .doesNotContain("java.");
        assertThat(response.getHeaders().get("Server-Timing")).startsWith("check;dur=");
        assertThat(aws.sageMakerCalls())
                .as("the model never sees a rejected frame")
                .isEmpty();

        if (expected == ProblemType.DISTORTED_FRAME) {
            String reason = what.substring(what.indexOf('[') + 1, what.indexOf(']'));
            assertThat(problem.get("reason").asText()).isEqualTo(reason);
            assertThat(aws.lambdaCalls())
                    .as("a distorted frame is still handed off")
                    .hasSize(1);
            assertThat(aws.lambdaCalls().getFirst().bodyText())
                    .contains("\"status\":\"DISTORTED\"")
                    .contains("\"frameId\":\"" + problem.get("frameId").asText() + "\"");
        } else {
            assertThat(aws.requests()).as("a request error reaches no AWS API").isEmpty();
        }
        if (expected == ProblemType.METHOD_NOT_ALLOWED) {
            assertThat(response.getHeaders()).containsEntry("Allow", "POST");
        }
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        new Random(11).nextBytes(bytes);
        bytes[0] = 0x42;
        return bytes;
    }
}
