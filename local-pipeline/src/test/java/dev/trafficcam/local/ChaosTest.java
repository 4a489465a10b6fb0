package dev.trafficcam.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.model.Checksums;
import dev.trafficcam.model.EventLimits;
import dev.trafficcam.model.FrameIds;
import dev.trafficcam.model.FrameName;
import dev.trafficcam.model.JpegPadding;
import dev.trafficcam.model.Json;
import dev.trafficcam.model.TrafficClass;
import dev.trafficcam.model.functions.GatewayProblems;
import dev.trafficcam.persistence.replay.Replay;
import dev.trafficcam.persistence.replay.ReplayReport;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Under injected faults (a share of S3 writes and database transactions failing, PostgreSQL going away for a window,
 * answers lost on the way back, hand-offs refused, every attempt of some frames failing), every frame a camera sent is
 * stored exactly once: no frame lost, none stored or counted twice, however often the camera sends it. Each scenario
 * ends the same way ({@link #assertEachFrameOnce}): one row, one original and one annotated copy per distinct frame,
 * the counts views equal to the sum of those frames' counts, and an empty failure queue.
 */
class ChaosTest {
    private static final int CAMERAS = 4;
    private static final int FRAMES_PER_CAMERA = 50;
    private static final int FRAMES = CAMERAS * FRAMES_PER_CAMERA;
    private static final List<Integer> RESEND_AFTER = List.of(502, 503, 504);

    @TempDir
    static Path dataDir;

    private static LocalPipeline stack;
    private static StackClients clients;
    private static final List<String> LOG = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        // AWS's authorizer cache time, not the local 5 s: a camera's key is checked against the database once per
        // hour, so a short database outage does not reach the cameras, in AWS and here (docs/OPERATIONS.md,
        // "Cameras, viewers and their keys")
        clients = StackClients.start(LocalPipeline.Options.defaults()
                .withApiPort(0)
                .withDataDir(dataDir)
                .withKeyCacheTtl(GatewayProblems.KEY_CACHE_TTL)
                // its cameras send back to back, faster than a camera's limit of 1 a second
                .withCameraLimits(LocalPipeline.CameraLimits.UNBOUNDED)
                .withRetryDelays(List.of(Duration.ofMillis(200), Duration.ofMillis(400)))
                .withFaults(new Faults(0.1, 0.1, Optional.empty()))
                // the failure queue as the replay finds it: redelivery's event source off (RedeliveryTest has it on)
                .withRedelivery(Optional.empty())
                .withLog(LOG::add));
        stack = clients.stack;
    }

    @AfterAll
    static void stop() {
        if (clients != null) {
            clients.close();
        }
    }

    @Test
    void noFrameIsLostAndNoneIsStoredTwice() throws Exception {
        byte[][] frames = {StackClients.frame("street_frame_40.jpg"), StackClients.frame("street_frame_220.jpg")};
        Map<UUID, JsonNode> answered = new ConcurrentHashMap<>();
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        List<String> resent = new CopyOnWriteArrayList<>();
        AtomicInteger sent = new AtomicInteger();
        ExecutorService cameras = Executors.newFixedThreadPool(CAMERAS);
        List<Future<?>> runs = new ArrayList<>();
        for (int camera = 0; camera < CAMERAS; camera++) {
            int c = camera;
            runs.add(cameras.submit(() -> {
                for (int i = 0; i < FRAMES_PER_CAMERA; i++) {
                    if (sent.incrementAndGet() == FRAMES / 4) {
                        stack.takeDatabaseAway(Duration.ofSeconds(4)); // one outage window, while frames keep coming
                    }
                    String name = "Camera-%d_Leuven_Belgium_12-10-2022_10-%02d-%02d.jpg".formatted(c, i / 60, i % 60);
                    // as docs/API.md tells cameras: resend after 502, 503 or 504
                    HttpResponse<String> response = clients.post(name, frames[i % 2]);
                    for (int attempt = 2; attempt <= 3 && RESEND_AFTER.contains(response.statusCode()); attempt++) {
                        resent.add(response.statusCode() + " " + response.body());
                        response = clients.post(name, frames[i % 2]);
                    }
                    statuses.add(response.statusCode());
                    if (response.statusCode() == 200) {
                        JsonNode answer = Json.mapper().readTree(response.body());
                        answered.put(UUID.fromString(answer.get("frameId").asText()), answer);
                    }
                }
                return null;
            }));
        }
        for (Future<?> run : runs) {
            run.get(3, TimeUnit.MINUTES);
        }
        cameras.shutdown();

        if (!resent.isEmpty()) {
            System.out.println(
                    "ChaosTest: " + resent.size() + " answer(s) made a camera resend: " + resent + "; function errors: "
                            + LOG.stream()
                                    .filter(line -> line.startsWith("api:") || line.contains("init failed"))
                                    .toList());
        }
        assertThat(statuses)
                .as(
                        "every camera got its answer, the outage included; resent after: %s; errors logged: %s",
                        resent,
                        LOG.stream()
                                .filter(line -> line.startsWith("api:") || line.contains("init failed"))
                                .toList())
                .hasSize(FRAMES)
                .containsOnly(200);
        assertThat(answered).hasSize(FRAMES);
        assertThat(LOG).anySatisfy(line -> assertThat(line).contains("PostgreSQL goes away"));

        StackClients.await(() -> stack.pendingEvents() == 0, Duration.ofSeconds(90), "the retries to settle");
        assertThat(clients.queueDepth())
                .as("some events exhausted their retries")
                .isPositive();
        assertEachFrameOnce("Camera-", answered);
    }

    @Test
    void aFrameSentAgainIsStoredAndCountedOnce() throws Exception {
        byte[] street = StackClients.frame("street_frame_220.jpg");
        byte[] other = StackClients.frame("street_frame_40.jpg");
        Map<UUID, JsonNode> answered = new ConcurrentHashMap<>();

        // sequential resends: the same answer, the same frame id, each time
        String first = "Resend-sequential_Leuven_Belgium_12-10-2022_11-00-00.jpg";
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(postUntilAnswered(first, street, answered));
        }
        assertThat(ids).containsOnly(expectedId(first, street));

        // concurrent resends of one frame, as a camera with a short time-out and retries in flight does
        String concurrent = "Resend-concurrent_Leuven_Belgium_12-10-2022_11-00-01.jpg";
        int copies = 4;
        ExecutorService senders = Executors.newFixedThreadPool(copies);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<UUID>> sends = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            sends.add(senders.submit(() -> {
                go.await();
                return postUntilAnswered(concurrent, street, answered);
            }));
        }
        go.countDown();
        Set<UUID> concurrentIds = ConcurrentHashMap.newKeySet();
        for (Future<UUID> send : sends) {
            concurrentIds.add(send.get(2, TimeUnit.MINUTES));
        }
        senders.shutdown();
        assertThat(concurrentIds).containsExactly(expectedId(concurrent, street));

        // the answer is lost after the frame was handed off (API Gateway's 504 after 29 s, a 503, a 502): the camera
        // resends three times, and only the fourth answer reaches it
        String lost = "Resend-lost-answers_Leuven_Belgium_12-10-2022_11-00-02.jpg";
        stack.loseNextAnswers(List.of(504, 503, 502));
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> response = clients.post(lost, street);
        for (int attempt = 1; attempt <= 4 && RESEND_AFTER.contains(response.statusCode()); attempt++) {
            statuses.add(response.statusCode());
            // API Gateway's own errors are problems too (DEFAULT_5XX), with its message as the detail
            assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(response.body()).contains("urn:problem-type:traffic-camera:gateway-error");
            response = clients.post(lost, street);
        }
        assertThat(statuses).containsExactly(504, 503, 502);
        assertThat(response.statusCode()).isEqualTo(200);
        record(response, answered);
        assertThat(answered).containsKey(expectedId(lost, street));

        // the hand-off is refused, so the first copy waits on the failure queue; the resend is stored at once,
        // and the replay later finds it stored
        String refused = "Resend-refused-hand-off_Leuven_Belgium_12-10-2022_11-00-03.jpg";
        int queued = clients.queueDepth();
        stack.refuseNextPersistenceEvents(2); // both attempts of the inference function's Lambda client (AwsClients)
        assertThat(postUntilAnswered(refused, street, answered)).isEqualTo(expectedId(refused, street));
        assertThat(clients.queueDepth())
                .as("the first copy went to the failure queue")
                .isGreaterThan(queued);
        assertThat(postUntilAnswered(refused, street, answered)).isEqualTo(expectedId(refused, street));

        // another image under a name already used is another frame
        assertThat(postUntilAnswered(first, other, answered))
                .isEqualTo(expectedId(first, other))
                .isNotEqualTo(expectedId(first, street));

        assertThat(answered).hasSize(5);
        StackClients.await(() -> stack.pendingEvents() == 0, Duration.ofSeconds(90), "the retries to settle");
        assertEachFrameOnce("Resend-", answered);
    }

    @Test
    void theLargestInlineFrameAndOneByteMoreSurviveEveryAttemptFailing() throws Exception {
        byte[] street = StackClients.frame("street_frame_220.jpg");
        String inlineName = "Oversized-inline_Leuven_Belgium_12-10-2022_12-00-00.jpg";
        String claimName = "Oversized-claim-check_Leuven_Belgium_12-10-2022_12-00-01.jpg";
        byte[] largestInline = JpegPadding.padTo(street, EventLimits.INLINE_IMAGE_MAX_BYTES, 1);
        byte[] oneMore = JpegPadding.padTo(street, EventLimits.INLINE_IMAGE_MAX_BYTES + 1, 2);
        Map<UUID, JsonNode> answered = new ConcurrentHashMap<>();
        // the persistence function itself fails every attempt, with a longer error than it may report
        clients.refuseFrames("Oversized", 20_000);
        try {
            postUntilAnswered(inlineName, largestInline, answered);
            postUntilAnswered(claimName, oneMore, answered);
            StackClients.await(() -> stack.pendingEvents() == 0, Duration.ofSeconds(90), "the attempts to fail");

            Map<UUID, String> records = failureRecords();
            JsonNode inline = Json.mapper().readTree(records.get(expectedId(inlineName, largestInline)));
            JsonNode claim = Json.mapper().readTree(records.get(expectedId(claimName, oneMore)));
            assertThat(inline.at("/requestPayload/image/data").isTextual())
                    .as("the largest inline frame rode inline")
                    .isTrue();
            assertThat(claim.at("/requestPayload/image/s3Key").asText())
                    .isEqualTo("incoming/" + expectedId(claimName, oneMore));
            for (JsonNode record : List.of(inline, claim)) {
                assertThat(record.at("/requestContext/condition").asText()).isEqualTo("RetriesExhausted");
                assertThat(record.at("/responsePayload/errorType").asText())
                        .isEqualTo("dev.trafficcam.persistence.ReportedError");
                // the last attempt's error: the refusing trigger's, or one of the stack's injected S3 faults
                assertThat(record.at("/responsePayload/errorMessage").asText())
                        .containsAnyOf("refused for the test", "fault injected")
                        .hasSizeLessThanOrEqualTo(EventLimits.ERROR_MESSAGE_MAX_CHARS);
                assertThat(record.at("/responsePayload/stackTrace")).isEmpty();
            }
            byte[] inlineRecord =
                    records.get(expectedId(inlineName, largestInline)).getBytes(StandardCharsets.UTF_8);
            int event = inline.get("requestPayload").toString().getBytes(StandardCharsets.UTF_8).length;
            int message = Json.mapper().writeValueAsBytes(inline.at("/responsePayload/errorMessage")).length;
            int envelope = inlineRecord.length - event - message;
            // The worst record: an event at the async limit (any number of detections) in this envelope, with the
            // longest message the function reports written as badly as JSON can (each character a six-byte escape).
            long worst =
                    (long) EventLimits.ASYNC_PAYLOAD_LIMIT + envelope + 2 + 6L * EventLimits.ERROR_MESSAGE_MAX_CHARS;
            System.out.printf(
                    "ChaosTest: failure record of the largest inline frame (%d bytes): %d bytes = event %d + error message"
                            + " %d + the rest of the envelope %d; worst record %d of %d, margin %d bytes%n",
                    largestInline.length,
                    inlineRecord.length,
                    event,
                    message,
                    envelope,
                    worst,
                    EventLimits.FAILURE_QUEUE_MESSAGE_LIMIT,
                    EventLimits.FAILURE_QUEUE_MESSAGE_LIMIT - worst);
            assertThat(inlineRecord.length).isLessThanOrEqualTo(EventLimits.FAILURE_QUEUE_MESSAGE_LIMIT);
            assertThat(worst).isLessThanOrEqualTo(EventLimits.FAILURE_QUEUE_MESSAGE_LIMIT);
            assertThat(stack.destinationDeliveryFailures())
                    .as("no record was dropped")
                    .isZero();
        } finally {
            clients.stopRefusingFrames("Oversized");
        }
        assertEachFrameOnce("Oversized-", answered);
    }

    @Test
    void anEventReplayedAfterTheOldClaimCheckLifetimeStillStoresItsFrame() throws Exception {
        String name = "Late-replay_Leuven_Belgium_12-10-2022_13-00-00.jpg";
        byte[] large = JpegPadding.padTo(
                StackClients.frame("street_frame_40.jpg"), EventLimits.INLINE_IMAGE_MAX_BYTES + 50_000, 3);
        UUID frameId = expectedId(name, large);
        Map<UUID, JsonNode> answered = new ConcurrentHashMap<>();
        String orphan = "incoming/" + expectedId("Late-never-handed-off_Leuven_Belgium_12-10-2022_13-00-01.jpg", large);
        clients.refuseFrames("Late", 100);
        try (S3Client s3 = LocalPipeline.s3Client(stack.endpoints().s3())) {
            postUntilAnswered(name, large, answered);
            // a claim check whose event never left (the camera was told to resend and did not)
            s3.putObject(b -> b.bucket(LocalPipeline.BUCKET).key(orphan), RequestBody.fromBytes(large));
            StackClients.await(() -> stack.pendingEvents() == 0, Duration.ofSeconds(90), "the attempts to fail");
            assertThat(failureRecords()).containsKey(frameId);
            clients.stopRefusingFrames("Late");

            // three days on: past the two days claim checks used to live, well within the queue's 14
            Instant dayThree = Instant.now().plus(Duration.ofDays(3));
            assertThat(stack.expireClaimChecks(dayThree)).doesNotContain("incoming/" + frameId, orphan);
            assertThat(exists(s3, "incoming/" + frameId)).isTrue();
            assertEachFrameOnce("Late-", answered);
            assertThat(exists(s3, "incoming/" + frameId))
                    .as("stored, then the claim check deleted")
                    .isFalse();

            // the lifecycle does run: at the end of the claim checks' lifetime the orphan goes
            assertThat(stack.expireClaimChecks(dayThree)).isEmpty();
            Instant end = Instant.now()
                    .plus(LocalPipeline.LIFETIMES.claimCheckLifetime())
                    .plusSeconds(60);
            assertThat(stack.expireClaimChecks(end)).contains(orphan);
            assertThat(exists(s3, orphan)).isFalse();
        } finally {
            clients.stopRefusingFrames("Late");
        }
    }

    /** Posts until the camera has an answer (resending after 502, 503, 504, as cameras are told to); the frame id. */
    private static UUID postUntilAnswered(String name, byte[] frame, Map<UUID, JsonNode> answered) throws Exception {
        HttpResponse<String> response = clients.post(name, frame);
        for (int attempt = 2; attempt <= 5 && RESEND_AFTER.contains(response.statusCode()); attempt++) {
            response = clients.post(name, frame);
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return record(response, answered);
    }

    private static UUID record(HttpResponse<String> response, Map<UUID, JsonNode> answered) throws Exception {
        JsonNode answer = Json.mapper().readTree(response.body());
        UUID id = UUID.fromString(answer.get("frameId").asText());
        answered.put(id, answer);
        return id;
    }

    private static UUID expectedId(String fileName, byte[] frame) throws Exception {
        FrameName name = FrameName.parse(fileName);
        return FrameIds.forFrame(name.camera(), name.capturedAt(), Checksums.sha256Hex(frame));
    }

    /** The on-failure records on the failure queue, by frame id; the messages stay where they are. */
    private static Map<UUID, String> failureRecords() throws Exception {
        Map<UUID, String> records = new HashMap<>();
        List<Message> seen = new ArrayList<>();
        for (int round = 0; round < 50; round++) {
            List<Message> messages = clients.sqs
                    .receiveMessage(b -> b.queueUrl(stack.endpoints().failureQueueUrl())
                            .maxNumberOfMessages(10)
                            .visibilityTimeout(60)
                            .waitTimeSeconds(0))
                    .messages();
            if (messages.isEmpty()) {
                break;
            }
            seen.addAll(messages);
            for (Message message : messages) {
                JsonNode body = Json.mapper().readTree(message.body());
                JsonNode event = body.has("requestPayload") ? body.get("requestPayload") : body;
                if (event.hasNonNull("frameId") && body.has("requestPayload")) {
                    records.put(UUID.fromString(event.get("frameId").asText()), message.body());
                }
            }
        }
        for (Message message : seen) {
            clients.sqs.changeMessageVisibility(
                    b -> b.queueUrl(stack.endpoints().failureQueueUrl())
                            .receiptHandle(message.receiptHandle())
                            .visibilityTimeout(0));
        }
        return records;
    }

    /**
     * How every scenario ends: after the retries and replays, the failure queue is empty and each distinct frame the
     * cameras named {@code prefix}* sent has one row, its original and its annotated copy (no claim check left), and
     * the counts views sum exactly those frames' counts.
     */
    private static void assertEachFrameOnce(String prefix, Map<UUID, JsonNode> answered) throws Exception {
        Replay replay = new Replay(clients.sqs, clients.lambda);
        for (int round = 0; round < 10 && clients.queueDepth() > 0; round++) {
            ReplayReport report =
                    replay.run(stack.endpoints().failureQueueUrl(), LocalPipeline.PERSISTENCE_FUNCTION, 500, false);
            assertThat(report.invalid()).as(report.summary()).isZero();
        }
        assertThat(clients.queueDepth()).as("the failure queue is empty").isZero();
        assertThat(stack.destinationDeliveryFailures())
                .as("no on-failure record was dropped")
                .isZero();

        String ofScenario =
                " from frames f join cameras c on c.id = f.camera_id where c.address like '" + prefix + "%'";
        assertThat(clients.count("select count(*)" + ofScenario))
                .as("one row per distinct frame")
                .isEqualTo(answered.size());
        assertThat(clients.count("select count(*)" + ofScenario + " and f.id in ('"
                        + String.join(
                                "','",
                                answered.keySet().stream().map(UUID::toString).toList()) + "')"))
                .as("every frame answered is stored, under the id it was answered with")
                .isEqualTo(answered.size());
        assertThat(clients.count(
                        "select count(*) from frame_counts fc join frames f on f.id = fc.frame_id join cameras c"
                                + " on c.id = f.camera_id where c.address like '" + prefix + "%'"))
                .isEqualTo(answered.size());
        try (S3Client s3 = LocalPipeline.s3Client(stack.endpoints().s3())) {
            for (UUID id : answered.keySet()) {
                assertThat(exists(s3, "frames/" + id + ".jpg"))
                        .as("original of %s", id)
                        .isTrue();
                assertThat(exists(s3, "annotated/" + id + ".jpg"))
                        .as("annotated copy of %s", id)
                        .isTrue();
                assertThat(exists(s3, "incoming/" + id))
                        .as("claim check of %s", id)
                        .isFalse();
            }
        }
        Map<TrafficClass, Long> expected = new EnumMap<>(TrafficClass.class);
        for (JsonNode answer : answered.values()) {
            for (TrafficClass c : TrafficClass.values()) {
                expected.merge(c, answer.get("counts").get(c.label()).asLong(), Long::sum);
            }
        }
        String views = " from camera_hourly_counts where address like '" + prefix + "%'";
        assertThat(clients.count("select coalesce(sum(frames), 0)" + views)).isEqualTo(answered.size());
        assertThat(clients.count("select coalesce(sum(car_detections), 0)" + views))
                .isEqualTo(expected.get(TrafficClass.CAR));
        assertThat(clients.count("select coalesce(sum(truck_detections), 0)" + views))
                .isEqualTo(expected.get(TrafficClass.TRUCK));
        assertThat(clients.count("select coalesce(sum(bus_detections), 0)" + views))
                .isEqualTo(expected.get(TrafficClass.BUS));
        assertThat(clients.count("select coalesce(sum(person_detections), 0)" + views))
                .isEqualTo(expected.get(TrafficClass.PERSON));
        assertThat(clients.count("select coalesce(sum(bicycle_detections), 0)" + views))
                .isEqualTo(expected.get(TrafficClass.BICYCLE));
        assertThat(clients.count("select coalesce(sum(motorcycle_detections), 0)" + views))
                .isEqualTo(expected.get(TrafficClass.MOTORCYCLE));
        assertThat(clients.count("select coalesce(sum(frames), 0) from camera_daily_counts where address like '"
                        + prefix + "%'"))
                .isEqualTo(answered.size());
    }

    private static boolean exists(S3Client s3, String key) {
        try {
            s3.headObject(b -> b.bucket(LocalPipeline.BUCKET).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }
}
