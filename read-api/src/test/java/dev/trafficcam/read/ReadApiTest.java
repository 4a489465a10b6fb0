package dev.trafficcam.read;

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
import dev.trafficcam.model.DistortionReason;
import dev.trafficcam.model.ImageFormat;
import dev.trafficcam.model.Json;
import dev.trafficcam.model.PersistenceEvent;
import dev.trafficcam.model.PersistenceEvents;
import dev.trafficcam.model.TrafficClass;
import dev.trafficcam.model.functions.ImagePrivacy;
import dev.trafficcam.model.functions.ProblemDetail;
import dev.trafficcam.model.testing.LocalS3;
import dev.trafficcam.persistence.PersistenceConfig;
import dev.trafficcam.persistence.PersistenceHandler;
import dev.trafficcam.persistence.PersistenceWiring;
import dev.trafficcam.persistence.testing.Events;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The read API against real parts: frames stored by the persistence function's own code into a migrated PostgreSQL 17
 * and an S3 API (s3proxy), then read as the read-only database user, with links a plain HTTP client follows.
 */
class ReadApiTest {
    private static final String BUCKET = "frames";
    private static LocalS3 localS3;
    private static S3Client s3;

    private DatabaseSettings database;
    private DatabaseSession readerSession;
    private FrameLinks links;
    private Instant now;
    private ReadApi api;
    private final List<String> log = new ArrayList<>();

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
        // the read side signs in as the read-only user, as it does in AWS
        readerSession = new DatabaseSession(new DatabaseConnections(
                EmbeddedDatabase.signedInAs(database, "traffic_reader", Migrations::ensureReader)));
        links = new FrameLinks("eu-west-1", BUCKET, Optional.of(localS3.endpoint()), LocalS3.CREDENTIALS);
        now = Instant.now();
        api = new ReadApi(new TrafficReader(readerSession), links, Clock.fixed(now, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        readerSession.close();
        links.close();
    }

    private List<PersistenceEvent> store(PersistenceEvent... events) throws Exception {
        return store(ImagePrivacy.DEFAULT, events);
    }

    private List<PersistenceEvent> store(ImagePrivacy privacy, PersistenceEvent... events) throws Exception {
        PersistenceHandler handler = new PersistenceHandler(PersistenceWiring.of(
                new PersistenceConfig(
                        "eu-west-1", BUCKET, Optional.of(localS3.endpoint()), Duration.ofSeconds(5), database, privacy),
                LocalS3.CREDENTIALS,
                log::add));
        for (PersistenceEvent event : events) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(PersistenceEvents.toJson(event)), out, null);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("STORED");
        }
        return List.of(events);
    }

    private ReadApi.Reply get(String path, Map<String, String> query) {
        return api.answer(new ReadApi.Request("GET", path, "/prod" + path, query, null));
    }

    private static JsonNode json(ReadApi.Reply reply) throws IOException {
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        assertThat(reply.headers()).containsEntry("Content-Type", "application/json");
        return Json.mapper().readTree(reply.body());
    }

    private static void assertProblem(ReadApi.Reply reply, int status, String slug, String detailPart)
            throws IOException {
        assertThat(reply.status()).as(reply.text()).isEqualTo(status);
        assertThat(reply.headers()).containsEntry("Content-Type", "application/problem+json");
        JsonNode problem = Json.mapper().readTree(reply.body());
        assertThat(problem.path("type").asText()).isEqualTo(ProblemDetail.type(slug));
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).contains(detailPart);
    }

    private long onlyCameraId() throws IOException {
        return json(get("/cameras", Map.of()))
                .path("cameras")
                .get(0)
                .path("cameraId")
                .asLong();
    }

    @Test
    void camerasShowTheirHealth() throws Exception {
        store(
                Events.detected(Events.streetFrame(), Events.EIGHT),
                Events.detected(Events.streetFrame(), Events.EIGHT),
                Events.distorted(new byte[] {1, 2, 3}, ImageFormat.PNG, DistortionReason.NOT_AN_IMAGE));

        JsonNode camera = json(get("/cameras", Map.of())).path("cameras").get(0);

        assertThat(camera.path("address").asText()).isEqualTo("tiensevest");
        assertThat(camera.path("city").asText()).isEqualTo("Leuven");
        assertThat(camera.path("framesLastHour").asInt()).isEqualTo(3);
        assertThat(camera.path("distortedLastHour").asInt()).isEqualTo(1);
        assertThat(camera.path("silentMinutes").asInt()).isZero();
        assertThat(Instant.parse(camera.path("lastSeenAt").asText()))
                .isBetween(now.minusSeconds(60), now.plusSeconds(60));
        assertThat(camera.path("lastCapturedAt").asText()).startsWith("2022-10-12T10:");
    }

    @Test
    void camerasComeAPageAtATimeInTheOrderOfTheirPlaceNoneTwiceNoneLeftOut() throws Exception {
        List<String> places = List.of(
                "Bondgenotenlaan|Leuven|Belgium",
                "Naamsestraat|Leuven|Belgium",
                "Korenmarkt|Gent|Belgium",
                "Rue \"de\" la Loi, 16|Bruxelles|Belgium",
                "Dam|Amsterdam|Netherlands",
                "Damrak|Amsterdam|Netherlands",
                "Straße 1|Köln|Germany");
        try (var c = new DatabaseConnections(database).open();
                var s = c.prepareStatement("insert into cameras (address, city, country) values (?, ?, ?)")) {
            for (String place : places) {
                String[] p = place.split("\\|");
                s.setString(1, p[0]);
                s.setString(2, p[1]);
                s.setString(3, p[2]);
                s.executeUpdate();
            }
        }
        List<String> seen = new java.util.ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            Map<String, String> query = after == null ? Map.of("limit", "3") : Map.of("limit", "3", "after", after);
            JsonNode page = json(get("/cameras", query));
            pages++;
            page.path("cameras")
                    .forEach(c -> seen.add(c.path("country").asText() + "|"
                            + c.path("city").asText() + "|" + c.path("address").asText()));
            after = page.path("next").isNull() ? null : page.path("next").asText();
        } while (after != null && pages < 10);

        assertThat(pages).isEqualTo(3);
        assertThat(seen)
                .as("every camera once, by country, city and address")
                .containsExactly(
                        "Belgium|Bruxelles|Rue \"de\" la Loi, 16",
                        "Belgium|Gent|Korenmarkt",
                        "Belgium|Leuven|Bondgenotenlaan",
                        "Belgium|Leuven|Naamsestraat",
                        "Germany|Köln|Straße 1",
                        "Netherlands|Amsterdam|Dam",
                        "Netherlands|Amsterdam|Damrak");
        assertThat(json(get("/cameras", Map.of())).path("cameras")).hasSize(7);
        assertProblem(get("/cameras", Map.of("limit", "501")), 400, "invalid-page", "from 1 to 500");
        assertProblem(get("/cameras", Map.of("after", "not-a-cursor")), 400, "invalid-page", "'next' value");
    }

    @Test
    void countsComeInBucketsWithZerosWhereNoFrameCame() throws Exception {
        store(
                Events.detected(Events.streetFrame(), Events.EIGHT),
                Events.detected(Events.streetFrame(), Events.EIGHT.subList(0, 2)));
        long camera = onlyCameraId();

        JsonNode hours = json(
                get("/cameras/" + camera + "/counts", Map.of("from", "2022-10-12T00:00", "to", "2022-10-13T00:00")));
        assertThat(hours.path("bucket").asText()).isEqualTo("hour");
        assertThat(hours.path("buckets")).hasSize(24);
        JsonNode ten = hours.path("buckets").get(10);
        assertThat(ten.path("start").asText()).isEqualTo("2022-10-12T10:00Z");
        assertThat(ten.path("frames").asInt()).isEqualTo(2);
        assertThat(ten.path("distorted").asInt()).isZero();
        // in view: 1 car in each frame, 3 and 1 persons; the sums under their own name
        assertThat(ten.path("inView").path("car").path("mean").asDouble()).isEqualTo(1.0);
        assertThat(ten.path("inView").path("car").path("peak").asInt()).isEqualTo(1);
        assertThat(ten.path("inView").path("person").path("mean").asDouble()).isEqualTo(2.0);
        assertThat(ten.path("inView").path("person").path("peak").asInt()).isEqualTo(3);
        assertThat(ten.path("inView").path("truck").path("mean").asDouble()).isEqualTo(0.5);
        assertThat(ten.path("detections").path("car").asInt()).isEqualTo(2);
        assertThat(ten.path("detections").path("person").asInt()).isEqualTo(4);
        // the two frames are a second apart: the camera's interval, and the hour's coverage from it
        assertThat(hours.path("usualIntervalSeconds").asDouble()).isEqualTo(1.0);
        assertThat(ten.path("coverage").asDouble()).isEqualTo(Occupancy.round(2 / 3600.0));
        JsonNode nine = hours.path("buckets").get(9);
        assertThat(nine.path("frames").asInt()).isZero();
        assertThat(nine.path("coverage").asDouble()).isZero();
        assertThat(nine.path("inView").path("car").path("mean").isNull())
                .as("no frame, no mean (not a mean of 0)")
                .isTrue();
        assertThat(ten.path("inView").properties())
                .extracting(Map.Entry::getKey)
                .containsExactly(java.util.Arrays.stream(TrafficClass.values())
                        .map(TrafficClass::label)
                        .toArray(String[]::new));

        JsonNode days = json(get(
                "/cameras/" + camera + "/counts",
                Map.of("bucket", "day", "from", "2022-10-10T13:00", "to", "2022-10-12T10:30")));
        assertThat(days.path("from").asText()).as("widened to whole buckets").isEqualTo("2022-10-10T00:00Z");
        assertThat(days.path("to").asText()).isEqualTo("2022-10-13T00:00Z");
        assertThat(days.path("buckets")).hasSize(3);
        JsonNode day = days.path("buckets").get(2);
        assertThat(day.path("inView").path("person").path("mean").asDouble()).isEqualTo(2.0);
        assertThat(day.path("inView").path("person").path("peak").asInt()).isEqualTo(3);
        assertThat(day.path("detections").path("car").asInt()).isEqualTo(2);
    }

    @Test
    void badRangesAndUnknownCamerasGetProblems() throws Exception {
        // a year ISO allows and PostgreSQL does not: a 400, not a 503
        assertProblem(
                get("/cameras/1/counts", Map.of("from", "2022-10-12T00:00", "to", "+999999999-12-31T23:30")),
                400,
                "invalid-range",
                "years 1 to 9999");
        store(Events.detected(Events.streetFrame(), Events.EIGHT));
        long camera = onlyCameraId();
        String counts = "/cameras/" + camera + "/counts";

        assertProblem(get(counts, Map.of("to", "2022-10-13T00:00")), 400, "invalid-range", "from is missing");
        assertProblem(
                get(counts, Map.of("from", "yesterday", "to", "2022-10-13T00:00")),
                400,
                "invalid-range",
                "ISO local date-time");
        assertProblem(
                get(counts, Map.of("from", "2022-10-12T00:00+02:00", "to", "2022-10-13T00:00")),
                400,
                "invalid-range",
                "without a zone");
        assertProblem(
                get(counts, Map.of("from", "2022-10-13T00:00", "to", "2022-10-12T00:00")),
                400,
                "invalid-range",
                "before to");
        assertProblem(
                get(counts, Map.of("from", "2022-01-01T00:00", "to", "2022-03-01T00:00")),
                400,
                "invalid-range",
                "at most 744");
        assertProblem(
                get(counts, Map.of("bucket", "day", "from", "2020-01-01T00:00", "to", "2022-03-01T00:00")),
                400,
                "invalid-range",
                "at most 366");
        assertProblem(
                get(counts, Map.of("bucket", "week", "from", "2022-10-12T00:00", "to", "2022-10-13T00:00")),
                400,
                "invalid-range",
                "'hour' or 'day'");
        assertProblem(
                get(
                        "/cameras/" + (camera + 1000) + "/counts",
                        Map.of("from", "2022-10-12T00:00", "to", "2022-10-13T00:00")),
                404,
                "unknown-camera",
                "GET /cameras");
        assertProblem(get("/cameras/" + (camera + 1000) + "/frames", Map.of()), 404, "unknown-camera", "no camera");
        assertProblem(get("/cameras/tiensevest/frames", Map.of()), 400, "invalid-camera-id", "positive whole number");
        assertProblem(get("/cameras/-1/counts", Map.of()), 400, "invalid-camera-id", "'-1'");
        assertProblem(get("/frames/not-a-uuid", Map.of()), 400, "invalid-frame-id", "UUID");
        assertProblem(get("/frames/" + java.util.UUID.randomUUID(), Map.of()), 404, "unknown-frame", "no frame");
        assertProblem(get("/elsewhere", Map.of()), 404, "not-found", "/cameras");
        ReadApi.Reply post = api.answer(new ReadApi.Request("POST", "/cameras", "/prod/cameras", Map.of(), null));
        assertProblem(post, 405, "method-not-allowed", "GET");
        assertThat(post.headers()).containsEntry("Allow", "GET");
    }

    @Test
    void framesComeNewestFirstAPageAtATimeWithLinksThatWork() throws Exception {
        byte[] jpeg = Events.streetFrame();
        List<PersistenceEvent> stored = store(
                Events.detected(jpeg, Events.EIGHT),
                Events.detected(jpeg, Events.EIGHT),
                Events.detected(jpeg, Events.EIGHT),
                Events.distorted(new byte[] {9, 9}, ImageFormat.PNG, DistortionReason.NOT_AN_IMAGE),
                Events.detected(jpeg, Events.EIGHT));
        long camera = onlyCameraId();

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String next = null;
        for (int page = 0; page < 10; page++) {
            Map<String, String> query = new HashMap<>(Map.of("limit", "2"));
            if (next != null) {
                query.put("before", next);
            }
            JsonNode answer = json(get("/cameras/" + camera + "/frames", query));
            answer.path("frames").forEach(f -> seen.add(f.path("frameId").asText()));
            pageSizes.add(answer.path("frames").size());
            next = answer.path("next").isNull() ? null : answer.path("next").asText();
            if (next == null) {
                break;
            }
        }
        assertThat(pageSizes).containsExactly(2, 2, 1);
        assertThat(seen)
                .containsExactlyElementsOf(stored.reversed().stream()
                        .map(e -> e.frameId().toString())
                        .toList());

        // only those stored with an image: the frame that was no image is left out, and the pages still join up
        List<String> withImages = new ArrayList<>();
        next = null;
        for (int page = 0; page < 10; page++) {
            Map<String, String> query = new HashMap<>(Map.of("limit", "2", "withImages", "true"));
            if (next != null) {
                query.put("before", next);
            }
            JsonNode answer = json(get("/cameras/" + camera + "/frames", query));
            answer.path("frames").forEach(f -> withImages.add(f.path("frameId").asText()));
            next = answer.path("next").isNull() ? null : answer.path("next").asText();
            if (next == null) {
                break;
            }
        }
        assertThat(withImages)
                .containsExactlyElementsOf(stored.reversed().stream()
                        .filter(e -> e.status() == dev.trafficcam.model.FrameStatus.DETECTED)
                        .map(e -> e.frameId().toString())
                        .toList());
        assertProblem(
                get("/cameras/" + camera + "/frames", Map.of("withImages", "yes")),
                400,
                "invalid-page",
                "withImages is true or false, got 'yes'");

        JsonNode newest = json(get("/cameras/" + camera + "/frames", Map.of("limit", "1")))
                .path("frames")
                .get(0);
        assertThat(newest.path("counts").path("person").asInt()).isEqualTo(3);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> original = http.send(
                HttpRequest.newBuilder(URI.create(
                                newest.path("images").path("original").asText()))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(original.statusCode()).isEqualTo(200);
        // the stored frame, with its people blurred: the camera's size, not its bytes
        assertThat(javax.imageio.ImageIO.read(new ByteArrayInputStream(original.body()))
                        .getWidth())
                .isEqualTo(768);
        assertThat(original.body()).isNotEqualTo(jpeg);
        HttpResponse<byte[]> annotated = http.send(
                HttpRequest.newBuilder(URI.create(
                                newest.path("images").path("annotated").asText()))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(annotated.statusCode()).isEqualTo(200);
        assertThat(javax.imageio.ImageIO.read(new ByteArrayInputStream(annotated.body())))
                .isNotNull();
        HttpResponse<byte[]> tampered = http.send(
                HttpRequest.newBuilder(URI.create(newest.path("images")
                                .path("original")
                                .asText()
                                .replace("X-Amz-Expires=900", "X-Amz-Expires=9000")))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(tampered.statusCode())
                .as("the link is signed: a longer life is refused")
                .isEqualTo(403);

        JsonNode distorted = json(get("/cameras/" + camera + "/frames", Map.of("limit", "2")))
                .path("frames")
                .get(1);
        assertThat(distorted.path("status").asText()).isEqualTo("DISTORTED");
        assertThat(distorted.path("images").path("annotated").isNull()).isTrue();

        assertProblem(get("/cameras/" + camera + "/frames", Map.of("limit", "0")), 400, "invalid-page", "1 to 100");
        assertProblem(get("/cameras/" + camera + "/frames", Map.of("limit", "101")), 400, "invalid-page", "1 to 100");
        assertProblem(
                get("/cameras/" + camera + "/frames", Map.of("before", "bm9wZQ")), 400, "invalid-page", "'next' value");
    }

    @Test
    void aFrameComesWithItsDetectionsBestFirst() throws Exception {
        PersistenceEvent event =
                store(Events.detected(Events.streetFrame(), Events.EIGHT)).getFirst();

        JsonNode frame = json(get("/frames/" + event.frameId(), Map.of()));

        assertThat(frame.path("fileName").asText()).isEqualTo(event.fileName());
        assertThat(frame.path("capturedAt").asText())
                .as("the camera's wall-clock time with its offset (the test database's cameras are in UTC)")
                .isEqualTo(event.capturedAt().atOffset(java.time.ZoneOffset.UTC).toString());
        assertThat(frame.path("detections")).hasSize(8);
        assertThat(frame.path("detections").get(0).path("label").asText()).isEqualTo("car");
        assertThat(frame.path("detections").get(0).path("score").asDouble()).isEqualTo(0.95);
        assertThat(frame.path("detections").get(0).path("box").path("xmax").asInt())
                .isEqualTo(260);
        assertThat(frame.path("images").path("annotated").asText()).contains("annotated/" + event.frameId());
        assertThat(frame.path("imagePrivacy").asText()).isEqualTo("people-blurred");
    }

    @Test
    void withoutAStoredCopyTheFrameIsDrawnWhenOpenedAndOnceADay() throws Exception {
        PersistenceEvent event = store(
                        ImagePrivacy.DEFAULT.withAnnotateOnRead(true),
                        Events.detected(Events.streetFrame(), Events.EIGHT))
                .getFirst();
        String annotatedKey = dev.trafficcam.model.S3Keys.annotated(event.frameId());
        String drawnKey = dev.trafficcam.model.S3Keys.drawn(event.frameId());
        assertThatThrownBy(() -> s3.headObject(h -> h.bucket(BUCKET).key(annotatedKey)))
                .as("no copy stored with the frame")
                .isInstanceOf(software.amazon.awssdk.services.s3.model.NoSuchKeyException.class);
        List<String> readLog = new ArrayList<>();
        api = new ReadApi(
                new TrafficReader(readerSession),
                links,
                Clock.fixed(now, ZoneOffset.UTC),
                ImagePrivacy.DEFAULT,
                new DrawnCopies(s3, BUCKET, new dev.trafficcam.support.images.Annotator(), readLog::add));

        // a page of frames draws nothing: its thumbnails are the stored frames
        JsonNode listed = json(get("/cameras/" + onlyCameraId() + "/frames", Map.of()))
                .path("frames")
                .get(0);
        assertThat(listed.path("images").path("annotated").isNull()).isTrue();
        assertThat(listed.path("images").path("original").asText()).contains("frames/" + event.frameId());
        assertThatThrownBy(() -> s3.headObject(h -> h.bucket(BUCKET).key(drawnKey)))
                .isInstanceOf(software.amazon.awssdk.services.s3.model.NoSuchKeyException.class);

        // opening the frame draws its copy on the stored (blurred) frame, boxes in the class colours
        JsonNode opened = json(get("/frames/" + event.frameId(), Map.of()));
        String link = opened.path("images").path("annotated").asText();
        assertThat(link).contains(drawnKey);
        HttpClient http = HttpClient.newHttpClient();
        byte[] drawn = http.send(
                        HttpRequest.newBuilder(URI.create(link)).build(), HttpResponse.BodyHandlers.ofByteArray())
                .body();
        byte[] frame = s3.getObjectAsBytes(g -> g.bucket(BUCKET)
                        .key(opened.path("images")
                                .path("original")
                                .asText()
                                .replaceAll(".*/(frames/[^?]+)\\?.*", "$1")))
                .asByteArray();
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new ByteArrayInputStream(drawn));
        assertThat(image.getWidth()).isEqualTo(768);
        assertThat(drawn).isNotEqualTo(frame);
        // the car's box, (40,300)-(260,420): its left edge in the car's colour (0,190,255), give or take the JPEG
        java.awt.Color edge = new java.awt.Color(image.getRGB(40, 380));
        assertThat(edge.getRed()).isLessThan(70);
        assertThat(edge.getGreen()).isBetween(140, 240);
        assertThat(edge.getBlue()).isGreaterThan(200);

        // opened again within the day: the same drawing, not a new one
        s3.putObject(
                p -> p.bucket(BUCKET).key(drawnKey), software.amazon.awssdk.core.sync.RequestBody.fromString("kept"));
        String again = json(get("/frames/" + event.frameId(), Map.of()))
                .path("images")
                .path("annotated")
                .asText();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(again)).build(), HttpResponse.BodyHandlers.ofString())
                        .body())
                .isEqualTo("kept");

        // with its frame gone from the bucket, the copy cannot be drawn: no link, a warning, still a 200
        s3.deleteObject(d -> d.bucket(BUCKET).key(drawnKey));
        s3.deleteObject(
                d -> d.bucket(BUCKET).key(dev.trafficcam.model.S3Keys.original(event.frameId(), ImageFormat.JPEG)));
        JsonNode without = json(get("/frames/" + event.frameId(), Map.of()));
        assertThat(without.path("images").path("annotated").isNull()).isTrue();
        assertThat(readLog)
                .anySatisfy(line -> assertThat(line)
                        .contains("annotated copy not drawn")
                        .contains(event.frameId().toString()));
    }

    @Test
    void aScopedViewerSeesItsCamerasOnlyAndACountsOnlyViewerNoFrames() throws Exception {
        PersistenceEvent event =
                store(Events.detected(Events.streetFrame(), Events.EIGHT)).getFirst();
        long cameraId = json(get("/cameras", Map.of()))
                .path("cameras")
                .get(0)
                .path("cameraId")
                .asLong();
        dev.trafficcam.model.ViewerScope elsewhere = dev.trafficcam.model.ViewerScope.of(List.of(cameraId + 1), true);
        dev.trafficcam.model.ViewerScope countsOnly = dev.trafficcam.model.ViewerScope.of(List.of(cameraId), false);

        assertThat(json(api.answer(new ReadApi.Request("GET", "/cameras", "/prod", Map.of(), null, elsewhere)))
                        .path("cameras"))
                .isEmpty();
        assertProblem(
                api.answer(
                        new ReadApi.Request("GET", "/frames/" + event.frameId(), "/prod", Map.of(), null, elsewhere)),
                403,
                "camera-not-allowed",
                "camera " + cameraId);
        assertProblem(
                api.answer(new ReadApi.Request(
                        "GET", "/cameras/" + cameraId + "/counts", "/prod", Map.of(), null, elsewhere)),
                403,
                "camera-not-allowed",
                "not camera");
        assertProblem(
                api.answer(new ReadApi.Request(
                        "GET", "/cameras/" + cameraId + "/frames", "/prod", Map.of(), null, countsOnly)),
                403,
                "images-not-allowed",
                "counts");
        assertProblem(
                api.answer(
                        new ReadApi.Request("GET", "/frames/" + event.frameId(), "/prod", Map.of(), null, countsOnly)),
                403,
                "images-not-allowed",
                "no frames, no images");
        assertThat(json(api.answer(new ReadApi.Request("GET", "/cameras", "/prod", Map.of(), null, countsOnly)))
                        .path("cameras"))
                .hasSize(1);
    }

    @Test
    void afterTheRetentionPeriodTheImagesAreSaidToBeGoneAndTheRowStays() throws Exception {
        PersistenceEvent event =
                store(Events.detected(Events.streetFrame(), Events.EIGHT)).getFirst();
        ImagePrivacy week = new ImagePrivacy(true, true, 7);
        ReadApi.Request request = new ReadApi.Request("GET", "/frames/" + event.frameId(), "/prod", Map.of(), null);
        Instant expiry = Instant.parse(
                json(new ReadApi(new TrafficReader(readerSession), links, Clock.systemUTC(), week).answer(request))
                        .path("imagesExpireAt")
                        .asText());
        // S3's rule: the time it was stored + 7 days, rounded up to the next midnight UTC
        assertThat(expiry).isAfter(now.plus(java.time.Duration.ofDays(7)));
        assertThat(expiry)
                .isBeforeOrEqualTo(now.plus(java.time.Duration.ofDays(8)).plusSeconds(60));
        assertThat(expiry.atZone(ZoneOffset.UTC).toLocalTime()).isEqualTo(java.time.LocalTime.MIDNIGHT);

        JsonNode before = json(new ReadApi(
                        new TrafficReader(readerSession),
                        links,
                        Clock.fixed(expiry.minusSeconds(1), ZoneOffset.UTC),
                        week)
                .answer(new ReadApi.Request("GET", "/frames/" + event.frameId(), "/prod", Map.of(), null)));
        assertThat(before.path("images").path("original").asText()).contains("frames/" + event.frameId());
        assertThat(before.path("imagesExpireAt").asText()).isEqualTo(expiry.toString());

        JsonNode after =
                json(new ReadApi(new TrafficReader(readerSession), links, Clock.fixed(expiry, ZoneOffset.UTC), week)
                        .answer(new ReadApi.Request("GET", "/frames/" + event.frameId(), "/prod", Map.of(), null)));
        assertThat(after.path("images").path("original").isNull()).isTrue();
        assertThat(after.path("images").path("annotated").isNull()).isTrue();
        assertThat(after.path("imagesExpiredAt").asText()).isEqualTo(expiry.toString());
        assertThat(after.path("detections")).hasSize(8);
        assertThat(after.path("counts").path("person").asInt()).isEqualTo(3);

        // a frame stored without images (another frame of its minute has them) has nothing to expire, ever
        String minute = "tiensevest_Leuven_Belgium_05-12-2026_10-15-";
        PersistenceEvent kept = Events.detected(Events.streetFrame(), Events.EIGHT, minute + "05.jpg");
        PersistenceEvent sampled = Events.detected(Events.streetFrame(), Events.EIGHT, minute + "15.jpg");
        store(ImagePrivacy.DEFAULT.withImageEverySeconds(60), kept, sampled);
        for (Clock at :
                List.of(Clock.systemUTC(), Clock.fixed(expiry.plus(java.time.Duration.ofDays(60)), ZoneOffset.UTC))) {
            JsonNode none = json(new ReadApi(new TrafficReader(readerSession), links, at, week)
                    .answer(new ReadApi.Request("GET", "/frames/" + sampled.frameId(), "/prod", Map.of(), null)));
            assertThat(none.path("images").path("original").isNull()).isTrue();
            assertThat(none.path("images").path("annotated").isNull()).isTrue();
            assertThat(none.path("imagesExpireAt").isNull())
                    .as("present, and null")
                    .isTrue();
            assertThat(none.has("imagesExpiredAt")).isFalse();
            assertThat(none.path("imagePrivacy").asText()).isEqualTo("no-image");
            assertThat(none.path("imagesWithheld").asText()).isEqualTo("sampled: one image every 60 s a camera");
            assertThat(none.path("counts").path("person").asInt()).isEqualTo(3);
        }
    }

    @Test
    void anUnchangedAnswerIs304ToItsETag() throws Exception {
        PersistenceEvent event =
                store(Events.detected(Events.streetFrame(), Events.EIGHT)).getFirst();
        ReadApi.Reply first = get("/cameras", Map.of());
        String etag = first.headers().get("ETag");
        assertThat(etag).matches("\"[A-Za-z0-9_-]{22}\"");
        assertThat(first.headers()).containsEntry("Cache-Control", "private, no-cache");

        ReadApi.Reply again = api.answer(new ReadApi.Request("GET", "/cameras", "/prod/cameras", Map.of(), etag));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();

        store(Events.detected(Events.streetFrame(), Events.EIGHT));
        assertThat(api.answer(new ReadApi.Request("GET", "/cameras", "/prod/cameras", Map.of(), etag))
                        .status())
                .as("a new frame changes the answer")
                .isEqualTo(200);
        assertThat(get("/frames/" + event.frameId(), Map.of()).headers())
                .containsEntry("Cache-Control", "private, max-age=60");
    }

    @Test
    void theDashboardIsServedFromTheApisRootWithItsFiles() throws Exception {
        // no framing, no sniffing, no referrer, and images only from the page and the bucket its links point at
        ReadApi.Reply secured = api.answer(new ReadApi.Request("GET", "/", "/prod/", Map.of(), null));
        assertThat(secured.headers())
                .containsEntry("X-Content-Type-Options", "nosniff")
                .containsEntry("Referrer-Policy", "no-referrer")
                .containsEntry("X-Frame-Options", "DENY");
        assertThat(secured.headers().get("Content-Security-Policy"))
                .contains("script-src 'self'", "frame-ancestors 'none'", "img-src 'self' " + links.origin())
                .doesNotContain("unsafe-inline");
        assertThat(links.origin())
                .isEqualTo("http://127.0.0.1:" + localS3.endpoint().getPort());
        assertThat(api.answer(new ReadApi.Request("GET", "/cameras/x/counts", "/prod", Map.of(), null))
                        .headers())
                .containsKey("Content-Security-Policy");
        ReadApi.Reply page = api.answer(new ReadApi.Request("GET", "/", "/prod/", Map.of(), null));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers()).containsEntry("Content-Type", "text/html; charset=utf-8");
        assertThat(page.text())
                .contains("<script src=\"dashboard/app.js\"", "href=\"dashboard/style.css\"")
                .doesNotContain("http://", "https://");
        ReadApi.Reply script = get("/dashboard/app.js", Map.of());
        assertThat(script.headers()).containsEntry("Content-Type", "text/javascript; charset=utf-8");
        // nothing from elsewhere: the only absolute URL is SVG's namespace name, which is never fetched
        assertThat(script.text().replace("'http://www.w3.org/2000/svg'", ""))
                .contains("Authorization")
                .doesNotContain("http://", "https://", "import ");
        assertThat(get("/dashboard/style.css", Map.of()).status()).isEqualTo(200);
        assertProblem(get("/dashboard/secrets.txt", Map.of()), 404, "not-found", "");
        assertProblem(get("/dashboard/nothing.js", Map.of()), 404, "not-found", "nothing.js");

        ReadApi.Reply withoutSlash = api.answer(new ReadApi.Request("GET", "/", "/prod", Map.of(), null));
        assertThat(withoutSlash.status()).isEqualTo(301);
        assertThat(withoutSlash.headers()).containsEntry("Location", "/prod/");
    }

    @Test
    void theHandlerMapsTheEventAndAnswersA503ProblemWhenTheDatabaseIsAway() throws Exception {
        store(Events.detected(Events.streetFrame(), Events.EIGHT));
        String event = new String(
                ReadApiTest.class
                        .getResourceAsStream("/events/read-counts.json")
                        .readAllBytes(),
                StandardCharsets.UTF_8);
        APIGatewayProxyRequestEvent request = Json.mapper().readValue(event, APIGatewayProxyRequestEvent.class);
        request.setPath("/cameras/" + onlyCameraId() + "/counts");
        APIGatewayProxyResponseEvent response = new ReadHandler(api, log::add).handleRequest(request, null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        assertThat(Json.mapper().readTree(response.getBody()).path("buckets")).hasSize(24);
        assertThat(log.getLast()).contains("\"viewer\":\"ana@example.org\"", "\"status\":200");

        DatabaseSession nowhere = new DatabaseSession(new DatabaseConnections(
                DatabaseSettings.password("jdbc:postgresql://127.0.0.1:1/traffic", "traffic_reader", "reader")));
        APIGatewayProxyResponseEvent away = new ReadHandler(
                        new ReadApi(new TrafficReader(nowhere), links, Clock.systemUTC()), log::add)
                .handleRequest(request, null);
        assertThat(away.getStatusCode()).isEqualTo(503);
        assertThat(away.getHeaders())
                .containsEntry("Content-Type", "application/problem+json")
                .containsEntry("Retry-After", "5");
        assertThat(away.getBody()).contains("read-unavailable").doesNotContain("Exception", "at org.", "127.0.0.1");
        assertThat(log.getLast()).contains("\"level\":\"ERROR\"", "read failed");
    }

    @Test
    void aCameraIsNamedSilentByTheCheckThatFirstSeesItsSilenceAndACameraThatNeverSentIsNot() throws Exception {
        store(Events.detected(Events.streetFrame(), Events.EIGHT));
        try (var c = new DatabaseConnections(database).open();
                var s = c.createStatement()) {
            s.execute("insert into cameras (address, city, country) values ('Naamsestraat', 'Leuven', 'Belgium')");
        }
        Instant lastFrame = Instant.now();
        SilentCamerasHandler check = new SilentCamerasHandler(new SilentCameras(readerSession));
        java.util.function.Function<Instant, List<String>> named = at -> {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> silent = (List<Map<String, Object>>)
                    check.handleRequest(Map.of("at", at.toString(), "silentAfterMinutes", 15, "windowMinutes", 6), null)
                            .get("silent");
            return silent.stream()
                    .map(m -> m.get("address") + " " + m.get("silentMinutes"))
                    .toList();
        };

        assertThat(named.apply(lastFrame.plus(Duration.ofMinutes(10))))
                .as("not silent yet")
                .isEmpty();
        assertThat(named.apply(lastFrame.plus(Duration.ofMinutes(17)))).containsExactly("tiensevest 17");
        assertThat(check.handleRequest(
                                Map.of(
                                        "at",
                                        lastFrame.plus(Duration.ofMinutes(17)).toString(),
                                        "silentAfterMinutes",
                                        15,
                                        "windowMinutes",
                                        6),
                                null)
                        .get("total"))
                .isEqualTo(1);
        assertThat(named.apply(lastFrame.plus(Duration.ofMinutes(27))))
                .as("still silent, but named already")
                .isEmpty();
        assertThatThrownBy(() ->
                        check.handleRequest(Map.of("at", "now", "silentAfterMinutes", 15, "windowMinutes", 6), null))
                .hasMessageContaining("'at' is an instant");
        assertThatThrownBy(() -> check.handleRequest(
                        Map.of("at", lastFrame.toString(), "silentAfterMinutes", 0, "windowMinutes", 6), null))
                .hasMessageContaining("silentAfterMinutes is a whole number of minutes from 1");
    }

    @Test
    void theExportWritesADaysCountsAsCsvUnderExports() throws Exception {
        store(
                Events.detected(Events.streetFrame(), Events.EIGHT),
                Events.detected(Events.streetFrame(), Events.EIGHT.subList(0, 2)));
        CountsExportHandler export = new CountsExportHandler(
                new TrafficReader(readerSession), s3, BUCKET, Clock.fixed(now, ZoneOffset.UTC), log::add);

        Map<String, Object> answer = export.handleRequest(Map.of("date", "2022-10-12"), null);

        String key = "exports/hourly-counts/date=2022-10-12/hourly-counts-2022-10-12.csv";
        assertThat(answer.toString()).contains(key, "rows=1");
        String csv = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String();
        assertThat(csv.split("\r\n"))
                .containsExactly(
                        "hour_start,camera_id,address,city,country,time_zone,frames,distorted_frames,coverage,"
                                + "car_mean,car_peak,car_detections,truck_mean,truck_peak,truck_detections,"
                                + "bus_mean,bus_peak,bus_detections,person_mean,person_peak,person_detections,"
                                + "bicycle_mean,bicycle_peak,bicycle_detections,"
                                + "motorcycle_mean,motorcycle_peak,motorcycle_detections",
                        "2022-10-12T10:00Z," + onlyCameraId() + ",tiensevest,Leuven,Belgium,UTC,2,0,0.001,"
                                + "1.0,1,2,0.5,1,1,0.5,1,1,2.0,3,4,0.5,1,1,0.5,1,1");
        assertThat(export.handleRequest(Map.of("date", "2022-10-13"), null).toString())
                .contains("rows=0");
    }

    @Test
    void theScheduleExportsYesterdayAndTheDaysLateFramesMayStillChange() {
        CountsExportHandler export =
                new CountsExportHandler(new TrafficReader(readerSession), s3, BUCKET, Clock.systemUTC(), log::add);
        Map<String, Object> scheduled = Map.of(
                "version",
                "0",
                "detail-type",
                "Scheduled Event",
                "source",
                "aws.events",
                "time",
                "2026-11-25T10:00:00Z",
                "detail",
                Map.of());
        assertThat(export.days(scheduled))
                .containsExactly(LocalDate.of(2026, 11, 24), LocalDate.of(2026, 11, 23), LocalDate.of(2026, 11, 22));
        assertThat(export.days(Map.of("date", "2022-10-12"))).containsExactly(LocalDate.of(2022, 10, 12));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> export.days(Map.of("date", "12/10/2022")))
                .hasMessageContaining("YYYY-MM-DD");
    }

    @Test
    void csvFieldsWithCommasOrQuotesAreQuoted() {
        assertThat(CountsExport.field("Rue de la Loi, 16")).isEqualTo("\"Rue de la Loi, 16\"");
        assertThat(CountsExport.field("the \"old\" bridge")).isEqualTo("\"the \"\"old\"\" bridge\"");
        assertThat(CountsExport.field("tiensevest")).isEqualTo("tiensevest");
    }
}
