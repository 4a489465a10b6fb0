package dev.trafficcam.persistence.erasure;

import static dev.trafficcam.db.jooq.Tables.DETECTIONS;
import static dev.trafficcam.db.jooq.Tables.ERASURES;
import static dev.trafficcam.db.jooq.Tables.FRAMES;
import static dev.trafficcam.db.jooq.Tables.FRAME_COUNTS;
import static dev.trafficcam.db.jooq.Tables.HOURLY_COUNTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.db.DatabaseConnections;
import dev.trafficcam.db.DatabaseSession;
import dev.trafficcam.db.DatabaseSettings;
import dev.trafficcam.db.Migrations;
import dev.trafficcam.db.testing.EmbeddedDatabase;
import dev.trafficcam.model.Camera;
import dev.trafficcam.model.Json;
import dev.trafficcam.model.PersistenceEvent;
import dev.trafficcam.model.S3Keys;
import dev.trafficcam.model.functions.ImagePrivacy;
import dev.trafficcam.model.testing.LocalS3;
import dev.trafficcam.persistence.FrameImages;
import dev.trafficcam.persistence.FrameObjects;
import dev.trafficcam.persistence.FramePersistence;
import dev.trafficcam.persistence.FrameRepository;
import dev.trafficcam.persistence.testing.Events;
import dev.trafficcam.support.images.Annotator;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Erasure on real parts: frames stored by the persistence code on embedded PostgreSQL and s3proxy, then erased as the
 * eraser database user, which may do no more than an erasure needs.
 */
class FrameErasureTest {
    private static final String BUCKET = "frames";
    private static final Camera TIENSEVEST = new Camera("tiensevest", "Leuven", "Belgium");
    private static LocalS3 localS3;
    private static S3Client s3;

    private DatabaseSettings database;
    private DatabaseSession eraserSession;
    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startS3() throws Exception {
        localS3 = new LocalS3();
        s3 = localS3.client();
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
        localS3.close();
    }

    @BeforeEach
    void freshDatabase() throws Exception {
        database = EmbeddedDatabase.freshDatabase();
        eraserSession = new DatabaseSession(new DatabaseConnections(
                EmbeddedDatabase.signedInAs(database, "traffic_eraser", Migrations::ensureEraser)));
    }

    @AfterEach
    void close() {
        eraserSession.close();
    }

    private FrameErasure erasure(int batch) {
        return new FrameErasure(eraserSession, new FrameObjects(s3, BUCKET), Clock.systemUTC(), batch);
    }

    /** Stores frames of the sample camera, a second apart, with the eight detections (three people). */
    private List<PersistenceEvent> store(int frames) throws Exception {
        return store(frames, ImagePrivacy.DEFAULT);
    }

    private List<PersistenceEvent> store(int frames, ImagePrivacy privacy) throws Exception {
        List<PersistenceEvent> events = new ArrayList<>();
        try (DatabaseSession session = new DatabaseSession(new DatabaseConnections(database))) {
            FramePersistence persistence = new FramePersistence(
                    new FrameObjects(s3, BUCKET),
                    new FrameRepository(session),
                    new FrameImages(privacy, new Annotator()));
            for (int i = 0; i < frames; i++) {
                PersistenceEvent event = Events.detected(Events.streetFrame(), Events.EIGHT);
                persistence.persist(event);
                events.add(event);
            }
        }
        return events;
    }

    private PersistenceEvent storeOtherCamera() throws Exception {
        PersistenceEvent event = Events.detected(
                Events.streetFrame(), Events.EIGHT, "Muntstraat_Leuven_Belgium_12-10-2022_10-51-38.jpg");
        try (DatabaseSession session = new DatabaseSession(new DatabaseConnections(database))) {
            new FramePersistence(
                            new FrameObjects(s3, BUCKET),
                            new FrameRepository(session),
                            new FrameImages(ImagePrivacy.DEFAULT, new Annotator()))
                    .persist(event);
        }
        return event;
    }

    private boolean exists(String key) {
        return s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(key)).keyCount() > 0;
    }

    private List<String> keys(PersistenceEvent e) throws Exception {
        Record row = db(db -> db.select(FRAMES.ORIGINAL_KEY, FRAMES.ANNOTATED_KEY)
                .from(FRAMES)
                .where(FRAMES.ID.eq(e.frameId()))
                .fetchSingle());
        return java.util.Arrays.asList(row.get(FRAMES.ORIGINAL_KEY), row.get(FRAMES.ANNOTATED_KEY));
    }

    private int count(java.util.function.ToIntFunction<DSLContext> query) throws Exception {
        try (Connection c = new DatabaseConnections(database).open()) {
            return query.applyAsInt(DSL.using(c, SQLDialect.POSTGRES));
        }
    }

    private <T> T db(java.util.function.Function<DSLContext, T> query) throws Exception {
        try (Connection c = new DatabaseConnections(database).open()) {
            return query.apply(DSL.using(c, SQLDialect.POSTGRES));
        }
    }

    private String counts() throws Exception {
        return db(db -> db.selectFrom(FRAME_COUNTS)
                .orderBy(FRAME_COUNTS.FRAME_ID)
                .fetch()
                .formatCSV());
    }

    private String rollup() throws Exception {
        return db(db -> db.selectFrom(HOURLY_COUNTS)
                .orderBy(HOURLY_COUNTS.CAMERA_ID)
                .fetch()
                .formatCSV());
    }

    private static FrameErasure.Request range(List<PersistenceEvent> events, int from, int to, boolean detections) {
        LocalDateTime start = events.get(from).capturedAt();
        LocalDateTime end = to < events.size()
                ? events.get(to).capturedAt()
                : events.getLast().capturedAt().plusSeconds(1);
        return new FrameErasure.Request(TIENSEVEST, start, end, detections, "arn:aws:iam::123456789012:user/dpo");
    }

    @Test
    void aCopyDrawnOnReadGoesWithItsFrame() throws Exception {
        List<PersistenceEvent> events = store(2, ImagePrivacy.DEFAULT.withAnnotateOnRead(true));
        for (PersistenceEvent e : events) {
            // as the read function leaves it when the frame is opened
            s3.putObject(
                    p -> p.bucket(BUCKET).key(S3Keys.drawn(e.frameId())),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("drawn"));
        }
        assertThat(keys(events.getFirst()).get(1)).as("no stored copy").isNull();

        FrameErasure.Result result =
                erasure(FrameErasure.BATCH).erase(range(events, 0, 1, false), Duration.ofSeconds(20));

        assertThat(result.frames()).isEqualTo(1);
        assertThat(result.objects()).isEqualTo(2);
        assertThat(exists(keys(events.getFirst()).getFirst())).isFalse();
        assertThat(exists(S3Keys.drawn(events.getFirst().frameId()))).isFalse();
        assertThat(exists(S3Keys.drawn(events.getLast().frameId())))
                .as("out of range")
                .isTrue();
    }

    @Test
    void erasesTheImagesInTheRangeOnlyKeepsEveryCountAndCanRunAgain() throws Exception {
        List<PersistenceEvent> events = store(5);
        PersistenceEvent other = storeOtherCamera();
        String countsBefore = counts();
        String rollupBefore = rollup();

        FrameErasure.Result result =
                erasure(FrameErasure.BATCH).erase(range(events, 1, 4, false), Duration.ofSeconds(20));

        assertThat(result.frames()).isEqualTo(3);
        assertThat(result.objects()).isEqualTo(6);
        assertThat(result.detectionRows()).isZero();
        assertThat(result.finished()).isTrue();
        for (int i = 0; i < events.size(); i++) {
            boolean inRange = i >= 1 && i < 4;
            for (String key : keys(events.get(i))) {
                assertThat(exists(key)).as("frame %d's %s", i, key).isEqualTo(!inRange);
            }
            PersistenceEvent e = events.get(i);
            java.time.OffsetDateTime erasedAt =
                    db(db -> db.fetchValue(FRAMES.IMAGES_ERASED_AT, FRAMES.ID.eq(e.frameId())));
            assertThat(erasedAt != null).as("frame %d marked", i).isEqualTo(inRange);
        }
        assertThat(keys(other)).allMatch(this::exists);
        // every row, detection and count is still there
        assertThat(count(db -> db.fetchCount(FRAMES))).isEqualTo(6);
        assertThat(count(db -> db.fetchCount(DETECTIONS))).isEqualTo(6 * 8);
        assertThat(counts()).isEqualTo(countsBefore);
        assertThat(rollup()).isEqualTo(rollupBefore);

        // again: nothing left to do, and it says so
        FrameErasure.Result again =
                erasure(FrameErasure.BATCH).erase(range(events, 1, 4, false), Duration.ofSeconds(20));
        assertThat(again.frames()).isZero();
        assertThat(again.objects()).isZero();
        assertThat(again.finished()).isTrue();

        // with the detections: the positions go, the counts stay
        FrameErasure.Result positions =
                erasure(FrameErasure.BATCH).erase(range(events, 1, 4, true), Duration.ofSeconds(20));
        assertThat(positions.frames()).isZero();
        assertThat(positions.detectionRows()).isEqualTo(3 * 8);
        assertThat(count(db -> db.fetchCount(DETECTIONS))).isEqualTo(3 * 8);
        assertThat(counts()).isEqualTo(countsBefore);

        // each run is on record: who, what range, what went
        List<dev.trafficcam.db.jooq.tables.records.ErasuresRecord> audit =
                db(db -> db.selectFrom(ERASURES).orderBy(ERASURES.ID).fetch());
        assertThat(audit).hasSize(3);
        assertThat(audit.getFirst().getRequestedBy()).isEqualTo("arn:aws:iam::123456789012:user/dpo");
        assertThat(audit.getFirst().getCapturedFrom()).isEqualTo(events.get(1).capturedAt());
        assertThat(audit.getFirst().getFrames()).isEqualTo(3);
        assertThat(audit.getFirst().getObjects()).isEqualTo(6);
        assertThat(audit.get(2).getDetections()).isTrue();
        assertThat(audit.get(2).getDetectionRows()).isEqualTo(24);
        assertThat(audit).allMatch(a -> a.getFinished());
    }

    @Test
    void aLargeRangeIsErasedInBoundedCallsThatGoOnWhereTheLastStopped() throws Exception {
        List<PersistenceEvent> events = store(4);
        FrameErasure.Request all = range(events, 0, 4, true);

        // a batch of one frame and no time: each call does one batch
        List<FrameErasure.Result> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            FrameErasure.Result call = erasure(1).erase(all, Duration.ZERO);
            calls.add(call);
            if (call.finished()) {
                break;
            }
        }

        assertThat(calls).hasSize(5);
        assertThat(calls.subList(0, 4)).allSatisfy(c -> {
            assertThat(c.frames()).isEqualTo(1);
            assertThat(c.finished()).isFalse();
        });
        assertThat(calls.getLast().frames()).isZero();
        assertThat(calls.getLast().finished()).isTrue();
        for (PersistenceEvent e : events) {
            assertThat(keys(e)).noneMatch(this::exists);
        }
        assertThat(count(db -> db.fetchCount(DETECTIONS))).isZero();
        assertThat(count(db -> db.fetchCount(FRAMES))).isEqualTo(4);
        assertThat(count(db -> db.fetchCount(ERASURES))).isEqualTo(5);
    }

    @Test
    void theRouteAnswersWhatWentAuditsItAndRefusesBadRequestsWithProblems() throws Exception {
        List<PersistenceEvent> events = store(2);
        ErasureHandler handler = new ErasureHandler(erasure(FrameErasure.BATCH), Duration.ofSeconds(20), log::add);
        String body = Json.write(Map.of(
                "address",
                "tiensevest",
                "city",
                "Leuven",
                "country",
                "Belgium",
                "from",
                events.getFirst().capturedAt().toString(),
                "to",
                events.getLast().capturedAt().plusSeconds(1).toString(),
                "detections",
                true));

        APIGatewayProxyResponseEvent answer = handler.handleRequest(post(body), null);

        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(200);
        JsonNode json = Json.mapper().readTree(answer.getBody());
        assertThat(json.path("erasedFrames").asInt()).isEqualTo(2);
        assertThat(json.path("deletedObjects").asInt()).isEqualTo(4);
        assertThat(json.path("deletedDetections").asInt()).isEqualTo(16);
        assertThat(json.path("finished").asBoolean()).isTrue();
        assertThat(log).hasSize(1);
        JsonNode audit = Json.mapper().readTree(log.getFirst());
        assertThat(audit.path("audit").asText()).isEqualTo("erasure");
        assertThat(audit.path("requestedBy").asText()).isEqualTo("arn:aws:iam::123456789012:user/dpo");
        assertThat(audit.path("from").asText())
                .isEqualTo(events.getFirst().capturedAt().toString());
        String requestedBy = db(db -> db.fetchValue(ERASURES.REQUESTED_BY, ERASURES.ID.isNotNull()));
        assertThat(requestedBy).isEqualTo("arn:aws:iam::123456789012:user/dpo");

        assertProblem(handler.handleRequest(post("{}"), null), 400, "invalid-erasure", "\"address\"");
        assertProblem(
                handler.handleRequest(post(body.replace("\"to\":\"", "\"to\":\"x")), null),
                400,
                "invalid-erasure",
                "capture time");
        assertProblem(
                handler.handleRequest(post(body.replace("tiensevest", "Nowhere")), null),
                404,
                "unknown-camera",
                "Nowhere");
        APIGatewayProxyRequestEvent get = post(body).withHttpMethod("GET");
        assertProblem(handler.handleRequest(get, null), 405, "method-not-allowed", "POST");
        String backwards = Json.write(Map.of(
                "address", "tiensevest",
                "city", "Leuven",
                "country", "Belgium",
                "from", "2026-11-08T00:00",
                "to", "2026-11-01T00:00"));
        assertProblem(handler.handleRequest(post(backwards), null), 400, "invalid-erasure", "the range is empty");
    }

    private static APIGatewayProxyRequestEvent post(String body) {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST")
                .withPath("/admin/erasures")
                .withBody(body);
        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext();
        APIGatewayProxyRequestEvent.RequestIdentity identity = new APIGatewayProxyRequestEvent.RequestIdentity();
        identity.setUserArn("arn:aws:iam::123456789012:user/dpo");
        context.setIdentity(identity);
        event.setRequestContext(context);
        return event;
    }

    private static void assertProblem(APIGatewayProxyResponseEvent answer, int status, String slug, String detail)
            throws Exception {
        assertThat(answer.getStatusCode()).isEqualTo(status);
        assertThat(answer.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        JsonNode problem = Json.mapper().readTree(answer.getBody());
        assertThat(problem.path("type").asText()).endsWith(slug);
        assertThat(problem.path("detail").asText()).contains(detail);
    }

    @Test
    void anUnknownCameraIsSaidAndNothingIsRecorded() throws Exception {
        FrameErasure.Request nowhere = new FrameErasure.Request(
                new Camera("Nowhere", "Leuven", "Belgium"),
                LocalDateTime.parse("2026-01-01T00:00"),
                LocalDateTime.parse("2026-02-01T00:00"),
                false,
                "dpo");
        assertThatThrownBy(() -> erasure(FrameErasure.BATCH).erase(nowhere, Duration.ofSeconds(1)))
                .isInstanceOf(FrameErasure.UnknownCamera.class)
                .hasMessageContaining("Nowhere, Leuven, Belgium");
        assertThat(count(db -> db.fetchCount(ERASURES))).isZero();
    }
}
