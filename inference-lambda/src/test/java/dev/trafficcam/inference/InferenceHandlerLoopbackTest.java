package dev.trafficcam.inference;

import static dev.trafficcam.inference.testing.InferenceTestConfig.BUCKET;
import static dev.trafficcam.inference.testing.InferenceTestConfig.CREDENTIALS;
import static dev.trafficcam.inference.testing.InferenceTestConfig.ENDPOINT;
import static dev.trafficcam.inference.testing.InferenceTestConfig.FUNCTION;
import static dev.trafficcam.inference.testing.InferenceTestConfig.QUEUE_PATH;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.inference.testing.AwsLoopback;
import dev.trafficcam.inference.testing.AwsLoopback.Recorded;
import dev.trafficcam.inference.testing.AwsLoopback.Reply;
import dev.trafficcam.inference.testing.InferenceTestConfig;
import dev.trafficcam.inference.testing.Requests;
import dev.trafficcam.inference.testing.TestFrames;
import dev.trafficcam.model.DistortionReason;
import dev.trafficcam.model.FrameStatus;
import dev.trafficcam.model.Json;
import dev.trafficcam.model.PersistenceEvent;
import dev.trafficcam.model.PersistenceEvents;
import dev.trafficcam.model.TrafficClass;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The inference handler with its real AWS SDK clients, talking over loopback to a stand-in that answers as SageMaker
 * runtime, Lambda, S3 and SQS do; asserts what arrives there byte for byte.
 */
class InferenceHandlerLoopbackTest {
    static final String STREET_NAME = "tiensevest_Leuven_Belgium_12-10-2022_10-51-38.jpg";
    static final String MODEL_ANSWER = """
            [{"score":0.97,"label":"car","box":{"xmin":10,"ymin":20,"xmax":110,"ymax":90}},
             {"score":0.61,"label":"motorbike","box":{"xmin":200,"ymin":220,"xmax":260,"ymax":300}},
             {"score":0.99,"label":"traffic light","box":{"xmin":5,"ymin":5,"xmax":15,"ymax":40}},
             {"score":0.30,"label":"truck","box":{"xmin":300,"ymin":100,"xmax":500,"ymax":300}},
             {"score":0.75,"label":"person","box":{"xmin":700.4,"ymin":500.6,"xmax":900,"ymax":650}},
             {"score":0.88,"label":"person","box":{"xmin":400,"ymin":120,"xmax":430,"ymax":210}}]""";

    private AwsLoopback aws;
    private final List<String> logLines = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        aws = new AwsLoopback().sageMakerReplies(Reply.json(200, MODEL_ANSWER));
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private InferenceHandler handler(Map<String, String> overrides) {
        return new InferenceHandler(InferenceWiring.of(
                InferenceTestConfig.config(aws, overrides), CREDENTIALS, new RequestLog(logLines::add)));
    }

    private static JsonNode json(APIGatewayProxyResponseEvent response) throws Exception {
        return Json.mapper().readTree(response.getBody());
    }

    private static PersistenceEvent eventOf(Recorded lambdaCall) {
        return PersistenceEvents.fromJson(lambdaCall.body());
    }

    @Test
    void answersWithTheFilteredDetectionsAndHandsOffTheExactFrame() throws Exception {
        byte[] frame = TestFrames.frame(TestFrames.STREET_220);

        APIGatewayProxyResponseEvent response =
                handler(Map.of()).handleRequest(Requests.postJpeg(STREET_NAME, frame), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
        JsonNode body = json(response);
        assertThat(body.get("camera").get("address").asText()).isEqualTo("tiensevest");
        assertThat(body.get("capturedAt").asText()).isEqualTo("2022-10-12T10:51:38");
        assertThat(body.get("detections"))
                .extracting(d -> d.get("label").asText())
                .containsExactly("car", "person", "person", "motorcycle");
        assertThat(body.get("detections").get(2).get("box").toString())
                .isEqualTo("{\"xmin\":700,\"ymin\":501,\"xmax\":768,\"ymax\":576}");
        assertThat(body.get("counts").toString())
                .isEqualTo("{\"car\":1,\"truck\":0,\"bus\":0,\"person\":2,\"bicycle\":0,\"motorcycle\":1}");
        assertThat(body.get("model").get("endpoint").asText()).isEqualTo(ENDPOINT);

        Recorded model = aws.sageMakerCalls().getFirst();
        assertThat(aws.sageMakerCalls()).hasSize(1);
        assertThat(model.method()).isEqualTo("POST");
        assertThat(model.path()).isEqualTo("/endpoints/" + ENDPOINT + "/invocations");
        assertThat(model.header("content-type")).isEqualTo("image/jpeg");
        assertThat(model.header("accept")).isEqualTo("application/json");
        assertThat(model.body()).isEqualTo(frame);
        assertThat(model.header("authorization")).startsWith("AWS4-HMAC-SHA256").contains("/sagemaker/aws4_request");

        Recorded handoff = aws.lambdaCalls().getFirst();
        assertThat(aws.lambdaCalls()).hasSize(1);
        assertThat(handoff.path()).isEqualTo("/2015-03-31/functions/" + FUNCTION + "/invocations");
        assertThat(handoff.header("x-amz-invocation-type")).isEqualTo("Event");
        PersistenceEvent event = eventOf(handoff);
        assertThat(event.frameId().toString()).isEqualTo(body.get("frameId").asText());
        assertThat(event.frameId())
                .as("made from the frame: camera, capture time, bytes")
                .isEqualTo(dev.trafficcam.model.FrameIds.forFrame(
                        event.camera(), event.capturedAt(), dev.trafficcam.model.Checksums.sha256Hex(frame)));
        assertThat(event.status()).isEqualTo(FrameStatus.DETECTED);
        assertThat(event.fileName()).isEqualTo(STREET_NAME);
        assertThat(event.counts().get(TrafficClass.PERSON)).isEqualTo(2);
        assertThat(event.image().isInline()).isTrue();
        assertThat(Base64.getDecoder().decode(event.image().data())).isEqualTo(frame);
        assertThat(event.image().sha256()).isEqualTo(dev.trafficcam.model.Checksums.sha256Hex(frame));
        assertThat(event.image().width()).isEqualTo(768);
        assertThat(event.image().height()).isEqualTo(576);
        assertThat(event.model().endpoint()).isEqualTo(ENDPOINT);
        assertThat(aws.s3Calls()).isEmpty();
        assertThat(aws.sqsCalls()).isEmpty();

        assertThat(response.getHeaders().get("Server-Timing"))
                .matches("check;dur=\\d+\\.\\d, model;dur=\\d+\\.\\d, handoff;dur=\\d+\\.\\d, total;dur=\\d+\\.\\d");
    }

    @Test
    void logsOneStructuredLinePerRequestWithoutImageBytes() throws Exception {
        byte[] frame = TestFrames.frame(TestFrames.STREET_220);
        APIGatewayProxyResponseEvent response =
                handler(Map.of()).handleRequest(Requests.postJpeg(STREET_NAME, frame), null);

        assertThat(logLines).hasSize(1);
        JsonNode line = Json.mapper().readTree(logLines.getFirst());
        assertThat(line.get("frameId").asText())
                .isEqualTo(json(response).get("frameId").asText());
        assertThat(line.get("status").asInt()).isEqualTo(200);
        assertThat(line.get("outcome").asText()).isEqualTo("DETECTED");
        assertThat(line.get("camera").get("city").asText()).isEqualTo("Leuven");
        assertThat(line.get("counts").get("person").asInt()).isEqualTo(2);
        assertThat(line.get("timingsMs").get("total").asDouble())
                .isGreaterThanOrEqualTo(line.get("timingsMs").get("model").asDouble());
        assertThat(line.get("handoff").asText()).isEqualTo("PERSISTENCE_FUNCTION");
        String base64Start = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(frame, 30));
        assertThat(logLines.getFirst()).hasSizeLessThan(1_500).doesNotContain(base64Start.substring(0, 20));
    }

    @Test
    void anAcceptedFramesLineCarriesItsCamerasMetricsInTheEmbeddedMetricFormat() throws Exception {
        InferenceHandler handler = handler(Map.of());
        handler.handleRequest(Requests.postJpeg(STREET_NAME, TestFrames.frame(TestFrames.STREET_220)), null);
        handler.handleRequest(
                Requests.postJpeg(
                        STREET_NAME.replace("10-51-38", "10-51-39"),
                        TestFrames.encode(TestFrames.uniform(640, 480, 128, 0, 1), "jpg")),
                null);
        handler.handleRequest(Requests.postJpeg("no-camera.jpg", new byte[] {1}), null);
        handler.handleRequest(
                Requests.withGrant(
                        Requests.postJpeg(STREET_NAME, TestFrames.frame(TestFrames.STREET_220)),
                        new dev.trafficcam.model.CameraGrant(
                                "key-of-ladeuzeplein",
                                new dev.trafficcam.model.Camera("Ladeuzeplein", "Leuven", "Belgium"))),
                null);

        JsonNode detected = Json.mapper().readTree(logLines.get(0));
        JsonNode distorted = Json.mapper().readTree(logLines.get(1));
        JsonNode refused = Json.mapper().readTree(logLines.get(3));
        assertThat(distorted.get("status").asInt()).isEqualTo(422);
        assertThat(refused.get("status").asInt()).isEqualTo(403);
        for (JsonNode line : List.of(detected, distorted, refused)) {
            // the specification's rules: a metadata object with a time stamp in epoch milliseconds and
            // directives whose every dimension and metric is a member of the root with the right type
            JsonNode aws = line.get("_aws");
            assertThat(aws.get("Timestamp").asLong())
                    .isEqualTo(
                            java.time.Instant.parse(line.get("time").asText()).toEpochMilli());
            JsonNode directive = aws.get("CloudWatchMetrics").get(0);
            assertThat(directive.get("Namespace").asText())
                    .isEqualTo(dev.trafficcam.model.functions.CameraMetrics.NAMESPACE);
            for (JsonNode dimensionSet : directive.get("Dimensions")) {
                for (JsonNode dimension : dimensionSet) {
                    assertThat(line.get(dimension.asText()).isTextual()).isTrue();
                    assertThat(line.get(dimension.asText()).asText()).hasSizeLessThanOrEqualTo(1024);
                }
            }
            for (JsonNode metric : directive.get("Metrics")) {
                assertThat(line.get(metric.get("Name").asText()).isNumber())
                        .as(metric.toString())
                        .isTrue();
                assertThat(metric.get("Unit").asText()).isEqualTo("Count");
            }
            assertThat(line.get("CameraName").asText())
                    .isEqualTo(line == refused ? "Ladeuzeplein, Leuven, Belgium" : "tiensevest, Leuven, Belgium");
        }
        assertThat(detected.get("Frames").asInt()).isEqualTo(1);
        assertThat(distorted.get("Frames").asInt()).isEqualTo(1);
        // a frame refused for another camera's key counts under the key's own camera (never a name the frame may
        // invent), and is no accepted frame
        assertThat(refused.get("RefusedFrames").asInt()).isEqualTo(1);
        assertThat(refused.has("Frames")).isFalse();
        assertThat(refused.get("keyId").asText()).isEqualTo("key-of-ladeuzeplein");
        assertThat(detected.get("DistortedFrames").asInt()).isZero();
        assertThat(distorted.get("DistortedFrames").asInt()).isEqualTo(1);
        // a request that names no camera is no camera's frame
        assertThat(Json.mapper().readTree(logLines.get(2)).has("_aws")).isFalse();
    }

    @Test
    void aFrameTooLargeToRideInlineGoesAsAClaimCheckUploadedBesideTheModelCall() throws Exception {
        byte[] frame = TestFrames.frame(TestFrames.STREET_220);

        APIGatewayProxyResponseEvent response = handler(Map.of("INLINE_IMAGE_MAX_BYTES", "10000"))
                .handleRequest(Requests.postJpeg(STREET_NAME, frame), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        String frameId = json(response).get("frameId").asText();
        Recorded put = aws.s3Calls().getFirst();
        assertThat(aws.s3Calls()).hasSize(1);
        assertThat(put.path()).isEqualTo("/" + BUCKET + "/incoming/" + frameId);
        assertThat(put.header("content-type")).isEqualTo("image/jpeg");
        assertThat(put.body()).isEqualTo(frame);
        PersistenceEvent event = eventOf(aws.lambdaCalls().getFirst());
        assertThat(event.image().isInline()).isFalse();
        assertThat(event.image().s3Key()).isEqualTo("incoming/" + frameId);
        assertThat(event.image().sizeBytes()).isEqualTo(frame.length);
        assertThat(aws.lambdaCalls().getFirst().body().length).isLessThan(4_000);
    }

    @Test
    void theSameFrameSentAgainGetsTheSameIdAndAnotherImageUnderItsNameAnother() throws Exception {
        byte[] frame = TestFrames.frame(TestFrames.STREET_220);
        InferenceHandler handler = handler(Map.of());

        String first = json(handler.handleRequest(Requests.postJpeg(STREET_NAME, frame), null))
                .get("frameId")
                .asText();
        String again = json(handler.handleRequest(Requests.postJpeg(STREET_NAME, frame), null))
                .get("frameId")
                .asText();
        byte[] other = dev.trafficcam.model.JpegPadding.padTo(frame, frame.length + 10, 1);
        String otherImage = json(handler.handleRequest(Requests.postJpeg(STREET_NAME, other), null))
                .get("frameId")
                .asText();

        assertThat(again).isEqualTo(first);
        assertThat(otherImage).isNotEqualTo(first);
        assertThat(aws.lambdaCalls())
                .extracting(call -> eventOf(call).frameId().toString())
                .containsExactly(first, first, otherImage);
    }

    @Test
    void anInlineFrameWhoseEventOutgrowsAnAsyncInvokeGoesAsAClaimCheck() throws Exception {
        // the largest frame that rides inline, and more detections than any model answer carries
        byte[] frame = dev.trafficcam.model.JpegPadding.padTo(
                TestFrames.frame(TestFrames.STREET_220), dev.trafficcam.model.EventLimits.INLINE_IMAGE_MAX_BYTES, 3);
        StringBuilder answer = new StringBuilder("[");
        for (int i = 0; i < 300; i++) {
            answer.append(i == 0 ? "" : ",")
                    .append("{\"score\":0.9,\"label\":\"car\",\"box\":{\"xmin\":")
                    .append(i % 700)
                    .append(",\"ymin\":1,\"xmax\":")
                    .append(i % 700 + 50)
                    .append(",\"ymax\":60}}");
        }
        aws.sageMakerReplies(Reply.json(200, answer.append("]").toString()));

        APIGatewayProxyResponseEvent response =
                handler(Map.of()).handleRequest(Requests.postJpeg(STREET_NAME, frame), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(json(response).get("counts").get("car").asInt()).isEqualTo(300);
        PersistenceEvent event = eventOf(aws.lambdaCalls().getFirst());
        assertThat(event.image().isInline()).isFalse();
        assertThat(aws.s3Calls()).hasSize(1);
        assertThat(aws.s3Calls().getFirst().body()).isEqualTo(frame);
        // with fewer detections the same frame rides inline, and its event stays within the limit
        aws.reset();
        aws.sageMakerReplies(Reply.json(200, MODEL_ANSWER));
        handler(Map.of()).handleRequest(Requests.postJpeg(STREET_NAME, frame), null);
        assertThat(eventOf(aws.lambdaCalls().getFirst()).image().isInline()).isTrue();
        assertThat(aws.lambdaCalls().getFirst().body().length)
                .isLessThanOrEqualTo(dev.trafficcam.model.EventLimits.ASYNC_PAYLOAD_LIMIT);
    }

    @Test
    void aDistortedFrameSkipsTheModelButIsHandedOffAndAnswered422() throws Exception {
        byte[] blank = TestFrames.encode(TestFrames.uniform(640, 480, 128, 1, 5), "png");

        APIGatewayProxyResponseEvent response = handler(Map.of())
                .handleRequest(
                        Requests.post("Main St_Leuven_Belgium_12-10-2022_10-51-38.png", "image/png", blank), null);

        assertThat(response.getStatusCode()).isEqualTo(422);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("type").asText()).isEqualTo("urn:problem-type:traffic-camera:distorted-frame");
        assertThat(problem.get("reason").asText()).isEqualTo("blank");
        assertThat(problem.get("detail").asText()).contains("contrast");
        assertThat(aws.sageMakerCalls()).isEmpty();
        PersistenceEvent event = eventOf(aws.lambdaCalls().getFirst());
        assertThat(event.frameId().toString()).isEqualTo(problem.get("frameId").asText());
        assertThat(event.status()).isEqualTo(FrameStatus.DISTORTED);
        assertThat(event.distortion().reason()).isEqualTo(DistortionReason.BLANK);
        assertThat(event.detections()).isEmpty();
        assertThat(Base64.getDecoder().decode(event.image().data())).isEqualTo(blank);
        assertThat(event.image().contentType().mediaType()).isEqualTo("image/png");
    }

    @Test
    void aFailingModelGives502AndNothingIsHandedOff() throws Exception {
        aws.sageMakerReplies(Reply.awsError(424, "ModelError", "Received server error (500) from primary"));

        APIGatewayProxyResponseEvent response = handler(Map.of())
                .handleRequest(Requests.postJpeg(STREET_NAME, TestFrames.frame(TestFrames.STREET_220)), null);

        assertThat(response.getStatusCode()).isEqualTo(502);
        JsonNode problem = json(response);
        assertThat(problem.get("type").asText()).endsWith(":model-failure");
        // what to do, never what is behind it: no endpoint name, no AWS error code
        assertThat(problem.get("detail").asText())
                .contains("send it again")
                .doesNotContain(ENDPOINT)
                .doesNotContain("ModelError")
                .doesNotContain("primary");
        assertThat(aws.lambdaCalls()).isEmpty();
    }

    @Test
    void aModelAnswerThatIsNotADetectionListGives502() throws Exception {
        aws.sageMakerReplies(Reply.json(200, "{\"error\":\"CUDA out of memory\"}"));

        APIGatewayProxyResponseEvent response = handler(Map.of())
                .handleRequest(Requests.postJpeg(STREET_NAME, TestFrames.frame(TestFrames.STREET_220)), null);

        assertThat(response.getStatusCode()).isEqualTo(502);
        assertThat(json(response).get("detail").asText())
                .contains("send it again")
                .doesNotContain("CUDA")
                .doesNotContain("object-detection list");
    }

    @Test
    void aSlowModelGives504WithinTheConfiguredBudget() throws Exception {
        aws.sageMakerReplies(Reply.json(200, MODEL_ANSWER).after(Duration.ofSeconds(3)));

        APIGatewayProxyResponseEvent response = handler(
                        Map.of("MODEL_TIMEOUT_MS", "600", "MODEL_ATTEMPT_TIMEOUT_MS", "600"))
                .handleRequest(Requests.postJpeg(STREET_NAME, TestFrames.frame(TestFrames.STREET_220)), null);

        assertThat(response.getStatusCode()).isEqualTo(504);
        assertThat(json(response).get("type").asText()).endsWith(":model-timeout");
        assertThat(aws.lambdaCalls()).isEmpty();
        double modelMs = Double.parseDouble(
                response.getHeaders().get("Server-Timing").replaceAll(".*model;dur=([0-9.]+).*", "$1"));
        assertThat(modelMs).isLessThan(2_900);
    }

    @Test
    void whenThePersistenceFunctionRefusesTheEventGoesToTheFailureQueueAndTheCameraStillGets200() throws Exception {
        aws.lambdaReplies(Reply.awsError(429, "TooManyRequestsException", "Rate exceeded"));

        APIGatewayProxyResponseEvent response = handler(Map.of())
                .handleRequest(Requests.postJpeg(STREET_NAME, TestFrames.frame(TestFrames.STREET_220)), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(aws.lambdaCalls()).hasSizeGreaterThanOrEqualTo(1);
        Recorded send = aws.sqsCalls().getFirst();
        assertThat(aws.sqsCalls()).hasSize(1);
        assertThat(send.header("x-amz-target")).isEqualTo("AmazonSQS.SendMessage");
        JsonNode request = Json.mapper().readTree(send.body());
        assertThat(request.get("QueueUrl").asText()).isEqualTo(aws.uri() + QUEUE_PATH);
        PersistenceEvent queued =
                PersistenceEvents.fromJson(request.get("MessageBody").asText().getBytes());
        assertThat(queued.frameId().toString())
                .isEqualTo(json(response).get("frameId").asText());
        assertThat(queued.image().isInline()).isTrue();
        assertThat(logLines)
                .anySatisfy(l -> assertThat(l).contains("failure queue").contains("WARN"));
        assertThat(Json.mapper().readTree(logLines.getLast()).get("handoff").asText())
                .isEqualTo("FAILURE_QUEUE");
    }

    @Test
    void anEventTooLargeForAQueueMessageIsQueuedWithAClaimCheck() throws Exception {
        aws.lambdaReplies(Reply.awsError(503, "ServiceException", "unavailable"));
        byte[] frame = TestFrames.frame(TestFrames.STREET_220);

        APIGatewayProxyResponseEvent response = handler(Map.of("FAILURE_QUEUE_MAX_MESSAGE_BYTES", "65536"))
                .handleRequest(Requests.postJpeg(STREET_NAME, frame), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        String frameId = json(response).get("frameId").asText();
        assertThat(aws.s3Calls()).singleElement().satisfies(put -> {
            assertThat(put.path()).isEqualTo("/" + BUCKET + "/incoming/" + frameId);
            assertThat(put.body()).isEqualTo(frame);
        });
        PersistenceEvent queued = PersistenceEvents.fromJson(Json.mapper()
                .readTree(aws.sqsCalls().getFirst().body())
                .get("MessageBody")
                .asText()
                .getBytes());
        assertThat(queued.image().s3Key()).isEqualTo("incoming/" + frameId);
    }

    @Test
    void whenNeitherRouteTakesTheFrameTheCameraIsToldToResend() throws Exception {
        aws.lambdaReplies(Reply.awsError(500, "ServiceException", "boom"));
        aws.sqsReplies(Reply.awsError(500, "InternalFailure", "boom"));

        APIGatewayProxyResponseEvent response = handler(Map.of())
                .handleRequest(Requests.postJpeg(STREET_NAME, TestFrames.frame(TestFrames.STREET_220)), null);

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getHeaders()).containsEntry("Retry-After", FrameResponses.RETRY_AFTER_SECONDS);
        JsonNode problem = json(response);
        assertThat(problem.get("type").asText()).endsWith(":handoff-unavailable");
        assertThat(problem.get("detail").asText()).contains("send it again");
        assertThat(problem.has("frameId")).isTrue();
        assertThat(response.getBody()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(Json.mapper().readTree(logLines.getLast()).get("error").asText())
                .contains("failure queue");
    }

    @Test
    void acceptsPngFramesAndMediaTypeParameters() throws Exception {
        byte[] png = TestFrames.encode(TestFrames.decode(TestFrames.frame(TestFrames.STREET_220)), "png");
        APIGatewayProxyResponseEvent asPng = handler(Map.of())
                .handleRequest(
                        Requests.post("tiensevest_Leuven_Belgium_12-10-2022_10-51-38.png", "image/png", png), null);
        assertThat(asPng.getStatusCode()).isEqualTo(200);
        assertThat(aws.sageMakerCalls().getLast().header("content-type")).isEqualTo("image/png");
        assertThat(aws.sageMakerCalls().getLast().body()).isEqualTo(png);

        APIGatewayProxyResponseEvent withParameter = handler(Map.of())
                .handleRequest(
                        Requests.post(
                                STREET_NAME, "IMAGE/JPEG; charset=binary", TestFrames.frame(TestFrames.STREET_220)),
                        null);
        assertThat(withParameter.getStatusCode()).isEqualTo(200);
        assertThat(aws.sageMakerCalls().getLast().header("content-type")).isEqualTo("image/jpeg");
    }

    @Test
    void primingBeforeASnapshotRunsEveryPathWithoutCallingAws() throws Exception {
        InferenceHandler handler = handler(Map.of());

        handler.beforeCheckpoint(null);

        assertThat(aws.requests()).as("priming sends nothing").isEmpty();
        assertThat(logLines).anySatisfy(line -> assertThat(line).contains("primed before the snapshot"));
        APIGatewayProxyResponseEvent response =
                handler.handleRequest(Requests.postJpeg(STREET_NAME, TestFrames.frame(TestFrames.STREET_220)), null);
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(aws.sageMakerCalls()).hasSize(1);
        assertThat(aws.lambdaCalls()).hasSize(1);
    }
}
