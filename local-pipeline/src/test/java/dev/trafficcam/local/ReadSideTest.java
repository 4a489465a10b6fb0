package dev.trafficcam.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.local.browser.HeadlessChromium;
import dev.trafficcam.model.Camera;
import dev.trafficcam.model.Json;
import dev.trafficcam.model.TrafficClass;
import dev.trafficcam.ops.CameraAdminClient;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The read side on the local stack, as viewers reach it: the read API through the API stand-in and the deployed
 * authorizer and read jars, the export into the S3 stand-in, and the dashboard in headless Chromium, after real frames
 * went through the detector and the persistence function.
 */
class ReadSideTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> LOG = new CopyOnWriteArrayList<>();
    /** Three frames of one camera, in two hours of one day (camera local time). */
    private static final List<String[]> FRAMES = List.of(
            new String[] {"tiensevest_Leuven_Belgium_12-10-2022_10-51-38.jpg", "street_frame_220.jpg"},
            new String[] {"tiensevest_Leuven_Belgium_12-10-2022_10-56-38.jpg", "street_frame_40.jpg"},
            new String[] {"tiensevest_Leuven_Belgium_12-10-2022_11-02-08.jpg", "street_frame_220.jpg"});

    @TempDir
    static Path dataDir;

    private static LocalPipeline stack;
    private static String viewerKey;
    private static String cameraKey;
    /** What the camera was answered: counts per class summed over the frames, and the newest frame's detections. */
    private static final Map<TrafficClass, Long> counted = new EnumMap<>(TrafficClass.class);

    private static final Map<String, Map<TrafficClass, Long>> countedPerHour = new java.util.TreeMap<>();
    private static int newestDetections;

    @BeforeAll
    static void startAndPostFrames() throws Exception {
        stack = LocalPipeline.start(LocalPipeline.Options.defaults()
                .withApiPort(0)
                .withDataDir(dataDir)
                .withLog(LOG::add)
                .withCameraLimits(LocalPipeline.CameraLimits.UNBOUNDED));
        viewerKey = stack.cameraKeys().admin().viewerKeyFor("dashboard-test");
        for (String[] frame : FRAMES) {
            cameraKey = stack.cameraKeys().authorizationFor(frame[0]);
            JsonNode body = post(frame[0], frame[1]);
            String hour = frame[0].substring(frame[0].length() - 12, frame[0].length() - 10);
            for (TrafficClass c : TrafficClass.values()) {
                long n = body.path("counts").path(c.label()).asLong();
                counted.merge(c, n, Long::sum);
                countedPerHour
                        .computeIfAbsent(hour, h -> new EnumMap<>(TrafficClass.class))
                        .merge(c, n, Long::sum);
            }
            newestDetections = body.path("detections").size();
        }
        // stored asynchronously: wait until the read side sees all three
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && framesLastHour() < FRAMES.size()) {
            Thread.sleep(200);
        }
        assertThat(framesLastHour()).as("stored frames; log: " + LOG).isEqualTo(FRAMES.size());
    }

    /** Posts a test frame under a file name, with its camera's key, and returns the answer (200 required). */
    private static JsonNode post(String fileName, String resource) throws Exception {
        byte[] bytes;
        try (InputStream in = ReadSideTest.class.getResourceAsStream("/frames/" + resource)) {
            bytes = in.readAllBytes();
        }
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.endpoints().api() + "/frames/" + fileName))
                        .header("Content-Type", "image/jpeg")
                        .header("Authorization", stack.cameraKeys().authorizationFor(fileName))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return Json.mapper().readTree(answer.body());
    }

    /**
     * Occupancy does not depend on how often a camera sends: one camera sends a scene every 10 s, another every other
     * frame of it (every 20 s). Same mean in view per class, half the frames, the same coverage of their own interval;
     * the sums of detections, which are not traffic, halve. (In Amsterdam: cameras come in the order of their place,
     * and the other tests expect tiensevest, Leuven, Belgium first.)
     */
    @Test
    void aCameraThatSendsTwiceAsOftenShowsTheSameMeanInViewAndTwiceTheFrames() throws Exception {
        List<String> scene = List.of(
                "street_frame_220.jpg",
                "street_frame_40.jpg",
                "street_frame_40.jpg",
                "street_frame_220.jpg",
                "street_frame_220.jpg",
                "street_frame_40.jpg",
                "street_frame_40.jpg",
                "street_frame_220.jpg");
        java.time.LocalDateTime eight = java.time.LocalDateTime.of(2022, 10, 13, 8, 0, 0);
        var name = java.time.format.DateTimeFormatter.ofPattern("dd-MM-uuuu_HH-mm-ss");
        for (int i = 0; i < scene.size(); i++) {
            java.time.LocalDateTime at = eight.plusSeconds(10L * i);
            post("Damrak_Amsterdam_Netherlands_" + at.format(name) + ".jpg", scene.get(i));
            if (i % 2 == 0) {
                post("Rokin_Amsterdam_Netherlands_" + at.format(name) + ".jpg", scene.get(i));
            }
        }
        String range = "/counts?from=2022-10-13T08:00&to=2022-10-13T09:00";
        JsonNode every10 = null;
        JsonNode every20 = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            every10 = countsOf("Damrak", range);
            every20 = countsOf("Rokin", range);
            if (every10 != null
                    && every20 != null
                    && every10.path("frames").asInt() == 8
                    && every20.path("frames").asInt() == 4) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(every10).as("the 10 s camera's hour; log: " + LOG).isNotNull();
        assertThat(every20).as("the 20 s camera's hour").isNotNull();
        assertThat(every10.path("frames").asInt()).isEqualTo(8);
        assertThat(every20.path("frames").asInt()).isEqualTo(4);
        for (TrafficClass c : TrafficClass.values()) {
            assertThat(every20.path("inView").path(c.label()).path("mean").asDouble())
                    .as(c.label() + " in view per frame")
                    .isEqualTo(
                            every10.path("inView").path(c.label()).path("mean").asDouble());
            assertThat(every10.path("detections").path(c.label()).asLong())
                    .isEqualTo(2 * every20.path("detections").path(c.label()).asLong());
        }
        assertThat(every10.path("inView").path("person").path("mean").asDouble())
                .as("the frames have people in them")
                .isPositive();
        assertThat(every20.path("coverage").asDouble())
                .as("each sent all it usually sends in the 80 s it sent: 8 x 10 s and 4 x 20 s of the hour")
                .isEqualTo(every10.path("coverage").asDouble())
                .isEqualTo(0.022);
    }

    /**
     * A camera that sent and then sent nothing for 15 minutes is named on the alarm topic, once, by the deployed
     * silent-camera alarm asking the deployed check, as the schedule runs them (with the scheduled event's time set).
     */
    @Test
    void aCameraSilentFor15MinutesIsNamedOnTheAlarmTopicOnce() throws Exception {
        JsonNode leuven = Json.mapper()
                .readTree(get("/cameras", "Bearer " + viewerKey).body())
                .path("cameras")
                .get(0);
        assertThat(leuven.path("address").asText()).isEqualTo("tiensevest");
        java.time.Instant lastFrame =
                java.time.Instant.parse(leuven.path("lastSeenAt").asText());
        String named = "camera " + leuven.path("cameraId").asLong() + ": tiensevest, Leuven, Belgium: last frame at ";

        int before = stack.alarmMessages().size();
        assertThat(stack.checkSilentCameras(lastFrame.plus(Duration.ofMinutes(10))))
                .as("silent for 10 minutes: not yet")
                .doesNotContain("tiensevest");
        assertThat(stack.alarmMessages().stream().skip(before).map(m -> m[1])).noneMatch(text -> text.contains(named));

        before = stack.alarmMessages().size();
        assertThat(stack.checkSilentCameras(
                        lastFrame.plus(Duration.ofMinutes(16)).plusSeconds(30)))
                .contains("\"published\":true");
        List<String[]> published = stack.alarmMessages().stream().skip(before).toList();
        assertThat(published).hasSize(1);
        assertThat(published.get(0)[0]).startsWith("Traffic cameras: ").contains("went silent");
        assertThat(published.get(0)[1])
                .contains(named)
                .contains("sent no frame for 15 minutes or more")
                .contains("docs/OPERATIONS.md");
        assertThat(String.join("\n", LOG)).contains("ALARM TOPIC: " + published.get(0)[0]);

        before = stack.alarmMessages().size();
        stack.checkSilentCameras(lastFrame.plus(Duration.ofMinutes(30)));
        assertThat(stack.alarmMessages().stream().skip(before).map(m -> m[1]))
                .as("named once, not by every check after")
                .noneMatch(text -> text.contains(named));
    }

    /**
     * An operator draws where a camera counts (the left half of its view); a frame through the deployed functions lists
     * every detection, marks those whose box's bottom-centre is outside as not counted, stores them so, and counts only
     * the others. A polygon that crosses itself is refused.
     */
    @Test
    void aDetectionOutsideTheCamerasZoneIsListedStoredAndNotCounted() throws Exception {
        Camera camera = new Camera("zuidstation", "Leuven", "Belgium");
        stack.cameraKeys().keyFor(camera);
        CameraAdminClient admin = stack.cameraKeys().admin();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> admin.zones(camera, List.of("0,0 1,1 1,0 0,1")))
                .isInstanceOf(CameraAdminClient.Refused.class)
                .hasMessageContaining("intersects itself");
        JsonNode set = admin.zones(camera, List.of("0,0 0.5,0 0.5,1 0,1"));
        assertThat(set.path("countingZones").asText()).isEqualTo("0,0 0.5,0 0.5,1 0,1");

        JsonNode answer = post("zuidstation_Leuven_Belgium_15-10-2022_09-00-00.jpg", "street_frame_220.jpg");

        Map<String, Integer> counted = new java.util.HashMap<>();
        List<Boolean> flags = new java.util.ArrayList<>();
        for (JsonNode d : answer.path("detections")) {
            JsonNode box = d.path("box");
            // the frame is 768 pixels wide; the zone is its left half, top to bottom
            boolean inside = (box.path("xmin").asInt() + box.path("xmax").asInt()) / 2.0 / 768 < 0.5;
            assertThat(d.path("counted").asBoolean()).as(d.toString()).isEqualTo(inside);
            flags.add(inside);
            if (inside) {
                counted.merge(d.path("label").asText(), 1, Integer::sum);
            }
        }
        assertThat(flags).as("detections on both sides of the zone's edge").contains(true, false);
        for (TrafficClass c : TrafficClass.values()) {
            assertThat(answer.path("counts").path(c.label()).asInt())
                    .as(c.label() + " counted")
                    .isEqualTo(counted.getOrDefault(c.label(), 0));
        }

        // stored with the flag, and the zones shown with the camera
        String frame = "/frames/" + answer.path("frameId").asText();
        JsonNode stored = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get(frame, "Bearer " + viewerKey);
            if (r.statusCode() == 200) {
                stored = Json.mapper().readTree(r.body());
                break;
            }
            Thread.sleep(200);
        }
        assertThat(stored).as("stored; log: " + LOG).isNotNull();
        List<Boolean> storedFlags = new java.util.ArrayList<>();
        for (JsonNode d : stored.path("detections")) {
            storedFlags.add(d.path("counted").asBoolean());
        }
        assertThat(storedFlags).hasSameSizeAs(flags).containsExactlyInAnyOrderElementsOf(flags);
        for (TrafficClass c : TrafficClass.values()) {
            assertThat(stored.path("counts").path(c.label()).asInt()).isEqualTo(counted.getOrDefault(c.label(), 0));
        }
        JsonNode cameras = Json.mapper()
                .readTree(get("/cameras?limit=500", "Bearer " + viewerKey).body())
                .path("cameras");
        JsonNode listed = null;
        for (JsonNode c : cameras) {
            if (c.path("address").asText().equals("zuidstation")) {
                listed = c;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.path("countingZones").asText()).isEqualTo("0,0 0.5,0 0.5,1 0,1");
    }

    /**
     * Cameras in two time zones, registered with them: a file name gives the camera's wall-clock time, and its hours
     * and days are its own, across the autumn clock change. The names' times are the fixed clock: in the hour that
     * happened twice, the names that give their offset are read with it, and one that gives none is the reading nearer
     * its arrival (today: the later, winter time). The same wall-clock hour in Namur and New York is two instants, and
     * each camera shows it as its own 10:00.
     */
    @Test
    void camerasInTwoTimeZonesBucketTheirOwnHoursAndDaysAcrossTheClockChange() throws Exception {
        stack.cameraKeys().keyFor(new Camera("Place d'Armes", "Namur", "Belgium"), "Europe/Brussels");
        stack.cameraKeys().keyFor(new Camera("Broadway", "New York", "USA"), "America/New_York");
        // as a camera sends them: URL-encoded, the offset's '+' as %2B
        String namur = "Place%20d'Armes_Namur_Belgium_";
        String newYork = "Broadway_New%20York_USA_";
        // Brussels went from 03:00 summer time back to 02:00 on 30 October 2022; New York on 6 November
        post(namur + "30-10-2022_01-30-00.jpg", "street_frame_220.jpg");
        post(namur + "30-10-2022_02-30-00%2B0200.jpg", "street_frame_220.jpg");
        post(namur + "30-10-2022_02-30-00%2B0100.jpg", "street_frame_40.jpg");
        post(namur + "30-10-2022_02-45-00.jpg", "street_frame_40.jpg");
        post(namur + "30-10-2022_03-30-00.jpg", "street_frame_220.jpg");
        post(newYork + "06-11-2022_01-30-00-0400.jpg", "street_frame_220.jpg");
        post(newYork + "06-11-2022_01-30-00-0500.jpg", "street_frame_40.jpg");
        post(namur + "14-10-2022_10-00-00.jpg", "street_frame_220.jpg");
        post(newYork + "14-10-2022_10-00-00.jpg", "street_frame_220.jpg");

        JsonNode namurNight = countsOf("Place d'Armes", "/counts?from=2022-10-30T01:00&to=2022-10-30T04:00", 6);
        assertThat(namurNight.path("timeZone").asText()).isEqualTo("Europe/Brussels");
        assertThat(namurNight.path("buckets"))
                .extracting(
                        b -> b.path("start").asText() + " " + b.path("frames").asInt())
                .containsExactly(
                        "2022-10-30T01:00+02:00 1",
                        "2022-10-30T02:00+02:00 1",
                        "2022-10-30T02:00+01:00 2",
                        "2022-10-30T03:00+01:00 1");
        JsonNode namurDay =
                countsOf("Place d'Armes", "/counts?bucket=day&from=2022-10-30T00:00&to=2022-10-31T00:00", 6);
        assertThat(namurDay.path("buckets"))
                .extracting(
                        b -> b.path("start").asText() + " " + b.path("frames").asInt())
                .containsExactly("2022-10-30T00:00+02:00 5");

        JsonNode newYorkNight = countsOf("Broadway", "/counts?from=2022-11-06T01:00&to=2022-11-06T02:00", 3);
        assertThat(newYorkNight.path("buckets"))
                .extracting(
                        b -> b.path("start").asText() + " " + b.path("frames").asInt())
                .containsExactly("2022-11-06T01:00-04:00 1", "2022-11-06T01:00-05:00 1");

        String ten = "/counts?from=2022-10-14T10:00&to=2022-10-14T11:00";
        assertThat(countsOf("Place d'Armes", ten, 6)
                        .path("buckets")
                        .get(0)
                        .path("start")
                        .asText())
                .isEqualTo("2022-10-14T10:00+02:00");
        assertThat(countsOf("Broadway", ten, 3)
                        .path("buckets")
                        .get(0)
                        .path("start")
                        .asText())
                .isEqualTo("2022-10-14T10:00-04:00");

        // the day's file: each camera's own local day, each hour with its offset
        String key = "exports/hourly-counts/date=2022-10-30/hourly-counts-2022-10-30.csv";
        assertThat(stack.exportCounts(LocalDate.of(2022, 10, 30))).contains(key);
        try (S3Client s3 = LocalPipeline.s3Client(stack.endpoints().s3())) {
            String csv = s3.getObjectAsBytes(b -> b.bucket(LocalPipeline.BUCKET).key(key))
                    .asUtf8String();
            assertThat(csv)
                    .contains("2022-10-30T02:00+02:00,")
                    .contains("2022-10-30T02:00+01:00,")
                    .contains(",Place d'Armes,Namur,Belgium,Europe/Brussels,2,0,");
        }
    }

    /**
     * The whole answer of a camera's counts over a range, once the camera has exactly this many frames stored from
     * October to November 2022; waits for the asynchronous storing.
     */
    private static JsonNode countsOf(String address, String range, int framesStored) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonNode cameras = Json.mapper()
                    .readTree(get("/cameras?limit=500", "Bearer " + viewerKey).body())
                    .path("cameras");
            for (JsonNode camera : cameras) {
                if (camera.path("address").asText().equals(address)) {
                    long id = camera.path("cameraId").asLong();
                    JsonNode all = Json.mapper()
                            .readTree(get(
                                            "/cameras/" + id
                                                    + "/counts?bucket=day&from=2022-10-01T00:00&to=2022-12-01T00:00",
                                            "Bearer " + viewerKey)
                                    .body());
                    long stored = 0;
                    for (JsonNode b : all.path("buckets")) {
                        stored += b.path("frames").asLong();
                    }
                    if (stored == framesStored) {
                        HttpResponse<String> counts = get("/cameras/" + id + range, "Bearer " + viewerKey);
                        assertThat(counts.statusCode()).as(counts.body()).isEqualTo(200);
                        return Json.mapper().readTree(counts.body());
                    }
                }
            }
            assertThat(System.nanoTime())
                    .as("frames of " + address + " stored; log: " + LOG)
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** The first hour bucket of the camera at this address, in the range; null while it has none yet. */
    private static JsonNode countsOf(String address, String range) throws Exception {
        JsonNode cameras = Json.mapper()
                .readTree(get("/cameras?limit=500", "Bearer " + viewerKey).body())
                .path("cameras");
        for (JsonNode camera : cameras) {
            if (camera.path("address").asText().equals(address)) {
                HttpResponse<String> counts =
                        get("/cameras/" + camera.path("cameraId").asLong() + range, "Bearer " + viewerKey);
                return counts.statusCode() == 200
                        ? Json.mapper().readTree(counts.body()).path("buckets").get(0)
                        : null;
            }
        }
        return null;
    }

    private static int framesLastHour() throws Exception {
        HttpResponse<String> cameras = get("/cameras", "Bearer " + viewerKey);
        return cameras.statusCode() == 200
                ? Json.mapper()
                        .readTree(cameras.body())
                        .path("cameras")
                        .get(0)
                        .path("framesLastHour")
                        .asInt()
                : -1;
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(stack.endpoints().api() + path))
                .timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        // the tests' own viewer polls while frames are stored, and shares its 5 requests/s with whatever test ran
        // before: throttled, it waits and asks again, as a client should (the throttling test uses keys of its own)
        for (int retry = 0;
                retry < 20 && response.statusCode() == 429 && ("Bearer " + viewerKey).equals(authorization);
                retry++) {
            Thread.sleep(1000);
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        return response;
    }

    private static void assertProblem(HttpResponse<String> response, int status, String slug) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(Json.mapper().readTree(response.body()).path("type").asText())
                .isEqualTo("urn:problem-type:traffic-camera:" + slug);
    }

    @Test
    void theReadRoutesTakeAViewerKeyAndNeitherNoKeyNorACameraKey() throws Exception {
        assertProblem(get("/cameras", null), 401, "missing-key");
        assertProblem(get("/cameras", cameraKey), 403, "key-refused");
        assertProblem(
                get("/cameras/1/counts?from=2022-10-12T00:00&to=2022-10-13T00:00", cameraKey), 403, "key-refused");

        HttpResponse<String> cameras = get("/cameras", "Bearer " + viewerKey);
        assertThat(cameras.statusCode()).isEqualTo(200);
        JsonNode camera = Json.mapper().readTree(cameras.body()).path("cameras").get(0);
        assertThat(camera.path("address").asText()).isEqualTo("tiensevest");
        long cameraId = camera.path("cameraId").asLong();

        // a viewer key posts no frames
        HttpResponse<String> posted = HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.endpoints().api() + "/frames/" + FRAMES.get(0)[0]))
                        .header("Content-Type", "image/jpeg")
                        .header("Authorization", "Bearer " + viewerKey)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1}))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(posted, 403, "key-refused");

        // the read function's own problems come through, and its caching headers
        assertProblem(
                get(
                        "/cameras/" + cameraId + "/counts?from=2022-10-12T00:00&to=2022-09-12T00:00",
                        "Bearer " + viewerKey),
                400,
                "invalid-range");
        assertProblem(get("/cameras/" + (cameraId + 99) + "/frames", "Bearer " + viewerKey), 404, "unknown-camera");
        assertProblem(get("/cameras/" + cameraId + "/elsewhere", "Bearer " + viewerKey), 404, "not-found");
        HttpResponse<String> counts = get(
                "/cameras/" + cameraId + "/counts?from=2022-10-12T10:00&to=2022-10-12T12:00", "Bearer " + viewerKey);
        assertThat(counts.statusCode()).isEqualTo(200);
        JsonNode buckets = Json.mapper().readTree(counts.body()).path("buckets");
        assertThat(buckets).hasSize(2);
        assertThat(buckets.get(0).path("frames").asInt()).isEqualTo(2);
        assertThat(buckets.get(0).path("detections").path("person").asLong())
                .isEqualTo(countedPerHour.get("10").get(TrafficClass.PERSON));
        assertThat(buckets.get(0).path("inView").path("person").path("mean").asDouble())
                .as("people in view per frame: the hour's detections over its 2 frames")
                .isEqualTo(countedPerHour.get("10").get(TrafficClass.PERSON) / 2.0);
        String etag = counts.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.endpoints().api() + "/cameras/" + cameraId
                                + "/counts?from=2022-10-12T10:00&to=2022-10-12T12:00"))
                        .header("Authorization", "Bearer " + viewerKey)
                        .header("If-None-Match", etag)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);
    }

    @Test
    void aViewerKeyReadsOnlyTheCamerasAndTheKindItWasIssuedFor() throws Exception {
        CameraAdminClient admin = stack.cameraKeys().admin();
        Camera tiensevest = new Camera("tiensevest", "Leuven", "Belgium");
        Camera other = new Camera("vaartkom", "Leuven", "Belgium");
        // a second camera, registered, with no frames; it sorts after tiensevest, which stays the dashboard's first
        admin.keyFor(other);
        JsonNode all =
                Json.mapper().readTree(get("/cameras", "Bearer " + viewerKey).body());
        long tiensevestId = -1;
        long otherId = -1;
        for (JsonNode c : all.path("cameras")) {
            if (c.path("address").asText().equals("tiensevest")) {
                tiensevestId = c.path("cameraId").asLong();
            } else if (c.path("address").asText().equals("vaartkom")) {
                otherId = c.path("cameraId").asLong();
            }
        }
        assertThat(tiensevestId).isPositive();
        assertThat(otherId).isPositive();
        String frameId = Json.mapper()
                .readTree(get("/cameras/" + tiensevestId + "/frames", "Bearer " + viewerKey)
                        .body())
                .path("frames")
                .get(0)
                .path("frameId")
                .asText();

        // counts only, of one camera
        String counter = "Bearer "
                + admin.addViewer("counts-only@leuven.be", List.of(tiensevest), false)
                        .path("key")
                        .asText();
        JsonNode listed = Json.mapper().readTree(get("/cameras", counter).body());
        assertThat(listed.path("cameras"))
                .singleElement()
                .satisfies(c -> assertThat(c.path("address").asText()).isEqualTo("tiensevest"));
        assertThat(get("/cameras/" + tiensevestId + "/counts?from=2022-10-12T10:00&to=2022-10-12T12:00", counter)
                        .statusCode())
                .isEqualTo(200);
        // API Gateway refuses what the key's policy does not name: frames and their image links, other cameras
        assertProblem(get("/cameras/" + tiensevestId + "/frames", counter), 403, "key-refused");
        assertProblem(get("/frames/" + frameId, counter), 403, "key-refused");
        assertProblem(
                get("/cameras/" + otherId + "/counts?from=2022-10-12T10:00&to=2022-10-12T12:00", counter),
                403,
                "key-refused");

        // images, of the other camera only: a frame's camera is not in its path, so the read function refuses it
        String otherViewer = "Bearer "
                + admin.addViewer("vaartkom@leuven.be", List.of(other), true)
                        .path("key")
                        .asText();
        assertProblem(get("/frames/" + frameId, otherViewer), 403, "camera-not-allowed");
        assertProblem(get("/cameras/" + tiensevestId + "/frames", otherViewer), 403, "key-refused");
        assertThat(get("/cameras/" + otherId + "/frames", otherViewer).statusCode())
                .isEqualTo(200);

        // revoked: refused at the next request, though the API stand-in would keep its cached Allow another 5 s
        assertThat(get("/cameras", otherViewer).statusCode()).as("cached now").isEqualTo(200);
        JsonNode revoked = admin.revokeViewer("vaartkom@leuven.be");
        assertThat(revoked.path("authorizerCacheFlushed").asBoolean())
                .as(revoked.toString())
                .isTrue();
        assertProblem(get("/cameras", otherViewer), 403, "key-refused");
    }

    @Test
    void eachViewerKeyIsThrottledOnItsOwn() throws Exception {
        String greedy = "Bearer " + stack.cameraKeys().admin().viewerKeyFor("script@leuven.be");
        List<Integer> statuses = new java.util.ArrayList<>();
        HttpResponse<String> throttled = null;
        for (int i = 0; i < 60 && throttled == null; i++) {
            HttpResponse<String> response = get("/cameras", greedy);
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                throttled = response;
            }
        }
        assertThat(throttled)
                .as(
                        "a key over the viewers' %s/s, bursts of %s: %s",
                        dev.trafficcam.model.functions.ViewerUsagePlan.RATE_LIMIT,
                        dev.trafficcam.model.functions.ViewerUsagePlan.BURST_LIMIT,
                        statuses)
                .isNotNull();
        assertProblem(throttled, 429, "camera-throttled");
        assertThat(throttled.headers().firstValue("Retry-After")).contains("1");
        assertThat(statuses.indexOf(429))
                .as("the burst is served first")
                .isGreaterThanOrEqualTo(dev.trafficcam.model.functions.ViewerUsagePlan.BURST_LIMIT);
        // another viewer's key is not touched
        assertThat(get("/cameras", "Bearer " + viewerKey).statusCode()).isEqualTo(200);
    }

    @Test
    void theDailyExportLandsInTheS3StandInUnderExports() throws Exception {
        String answer = stack.exportCounts(LocalDate.of(2022, 10, 12));
        String key = "exports/hourly-counts/date=2022-10-12/hourly-counts-2022-10-12.csv";
        assertThat(answer).contains(key);
        try (S3Client s3 = LocalPipeline.s3Client(stack.endpoints().s3())) {
            List<String> lines = List.of(
                    s3.getObjectAsBytes(b -> b.bucket(LocalPipeline.BUCKET).key(key))
                            .asUtf8String()
                            .split("\r\n"));
            assertThat(lines).hasSize(3);
            assertThat(lines.get(1)).startsWith("2022-10-12T10:00Z,").contains(",tiensevest,Leuven,Belgium,UTC,2,0,");
            // hour_start .. time_zone, frames, distorted_frames, coverage, then car_mean, car_peak, car_detections
            String[] ten = lines.get(1).split(",");
            long cars = countedPerHour.get("10").get(TrafficClass.CAR);
            assertThat(ten[11]).isEqualTo(String.valueOf(cars));
            assertThat(Double.parseDouble(ten[9])).as("cars in view per frame").isEqualTo(cars / 2.0);
            assertThat(lines.get(2)).startsWith("2022-10-12T11:00Z,").contains(",1,0,");
        }
    }

    @Test
    void aPersonOpensTheDashboardSeesTheCameraItsCountsAndClicksThroughToAnAnnotatedFrame() throws Exception {
        try (HeadlessChromium browser = HeadlessChromium.start(1280, 900)) {
            browser.navigate(stack.endpoints().api() + "/");
            browser.waitFor("!document.getElementById('key-form').hidden", "the viewer key form");

            browser.type("#viewer-key", viewerKey);
            browser.click("#key-form button[type=submit]");

            browser.waitFor("document.querySelector('#cameras tbody tr')", "the cameras table");
            assertThat(browser.evaluate("document.querySelector('#cameras tbody tr').innerText")
                            .asText())
                    .contains("tiensevest, Leuven, Belgium");
            browser.waitFor("document.querySelectorAll('#totals tbody tr').length === 6", "the counts");
            for (TrafficClass c : TrafficClass.values()) {
                String row = "document.querySelector('#totals tr[data-traffic-class=" + c.label() + "] ";
                assertThat(browser.evaluate(row + "td.detections').innerText").asText())
                        .as(c.label())
                        .isEqualTo(String.valueOf(counted.get(c)));
                assertThat(browser.evaluate(row + "td.mean').innerText").asText())
                        .as("%s in view per frame, over the %d frames", c.label(), FRAMES.size())
                        .isEqualTo(
                                String.format(java.util.Locale.ROOT, "%.2f", counted.get(c) / (double) FRAMES.size()));
            }
            assertThat(browser.evaluate("document.querySelectorAll('#chart svg polyline.mean').length")
                            .asInt())
                    .as("a chart per class")
                    .isEqualTo(6);
            assertThat(browser.evaluate("document.querySelector('#range-text').innerText")
                            .asText())
                    .contains("3 frames");
            browser.waitFor(
                    "document.querySelectorAll('#frames img').length === 3 && [...document.querySelectorAll('#frames img')]"
                            + ".every(i => i.complete && i.naturalWidth > 0)",
                    "three frames' images, loaded");
            assertThat(browser.evaluate("document.querySelector('#frames img').naturalWidth")
                            .asInt())
                    .as("the annotated copy")
                    .isEqualTo(768);
            assertThat(browser.evaluate("document.querySelector('#frames figcaption').innerText")
                            .asText())
                    .startsWith("2022-10-12 11:02:08");
            browser.screenshot(Path.of("target", "dashboard.png"));

            // only the frames stored with an image: asked of the API, and here all three have one
            browser.click("#with-images");
            browser.waitFor(
                    "performance.getEntriesByType('resource').some(e => e.name.includes('withImages=true'))"
                            + " && document.querySelectorAll('#frames img').length === 3",
                    "the frames with an image, asked for");

            browser.click("#frames figure");
            browser.waitFor(
                    "!document.getElementById('frame').hidden && document.getElementById('frame-image').complete"
                            + " && document.getElementById('frame-image').naturalWidth > 0",
                    "the annotated frame");
            assertThat(browser.evaluate("document.getElementById('frame-image').src")
                            .asText())
                    .contains("/annotated/");
            assertThat(browser.evaluate("document.querySelectorAll('#detections tbody tr').length")
                            .asInt())
                    .isEqualTo(newestDetections);
            browser.screenshot(Path.of("target", "dashboard-frame.png"));

            // the key is asked for once: the next visit goes straight to the cameras
            browser.navigate(stack.endpoints().api() + "/");
            browser.waitFor("document.querySelector('#cameras tbody tr')", "the cameras table again");
            assertThat(browser.evaluate("document.getElementById('key-form').hidden")
                            .asBoolean())
                    .isTrue();
            assertThat(browser.pageErrors()).isEmpty();

            // a key that stops working sends the person back to the form, with why
            browser.evaluate(
                    "sessionStorage.setItem('trafficcam.viewerKey', 'tview_' + '0'.repeat(32) + '_' + 'A'.repeat(43))");
            browser.navigate(stack.endpoints().api() + "/");
            browser.waitFor(
                    "!document.getElementById('key-form').hidden && !document.getElementById('key-problem').hidden",
                    "the key form with the refusal");
            assertThat(browser.evaluate("document.getElementById('key-problem').innerText")
                            .asText())
                    .contains("revoked");
        }
    }
}
