package dev.trafficcam.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.db.DatabaseConnections;
import dev.trafficcam.model.Camera;
import dev.trafficcam.model.Json;
import dev.trafficcam.model.functions.ImagePrivacy;
import dev.trafficcam.model.functions.LambdaFunctions;
import dev.trafficcam.ops.OperatorClients;
import dev.trafficcam.ops.PostDeployCheck;
import dev.trafficcam.persistence.testing.Sharpness;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole pipeline in-process on free loopback ports, driven over HTTP as a camera would: real detector, real
 * PostgreSQL, real S3 and SQS APIs, the real handlers and SDK clients.
 */
class LocalPipelineEndToEndTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> LOG = new CopyOnWriteArrayList<>();

    @TempDir
    static Path dataDir;

    private static LocalPipeline stack;
    private static S3Client s3;
    private static SqsClient sqs;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalPipeline.start(LocalPipeline.Options.defaults()
                .withApiPort(0)
                .withDataDir(dataDir)
                .withRetryDelays(List.of(Duration.ofMillis(100), Duration.ofMillis(200)))
                .withLog(LOG::add));
        s3 = LocalPipeline.s3Client(stack.endpoints().s3());
        sqs = SqsClient.builder()
                .region(Region.of(LocalPipeline.REGION))
                .credentialsProvider(LocalPipeline.CREDENTIALS)
                .endpointOverride(stack.endpoints().sqs())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
            sqs.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private static HttpResponse<String> post(String fileName, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(stack.endpoints().api() + "/frames/" + fileName))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", stack.cameraKeys().authorizationFor(fileName))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] frame(String name) throws Exception {
        try (InputStream in = LocalPipelineEndToEndTest.class.getResourceAsStream("/frames/" + name)) {
            return in.readAllBytes();
        }
    }

    /** Polls until the value is present, for at most {@link #PATIENCE}. */
    private static <T> T eventually(Supplier<Optional<T>> probe, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("gave up waiting for " + what + " after " + PATIENCE.toSeconds() + " s; log: " + LOG);
    }

    private static Optional<String[]> frameRow(String frameId) {
        try (Connection c = new DatabaseConnections(stack.database()).open();
                PreparedStatement s = c.prepareStatement(
                        "select status, original_key, annotated_key, distortion_reason,"
                                + " (select count(*) from detections d where d.frame_id = f.id) from frames f where id = ?")) {
            s.setObject(1, UUID.fromString(frameId));
            try (ResultSet r = s.executeQuery()) {
                return r.next()
                        ? Optional.of(new String[] {
                            r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5)
                        })
                        : Optional.empty();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] object(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(LocalPipeline.BUCKET).key(key)).asByteArray();
    }

    /**
     * The functions run as Lambda runs them: each execution environment is a process of its own, the first request to a
     * new one carries its init time, the next one (warm) does not, and the functions' AWS calls were signed with
     * credentials fetched from the container-credentials endpoint (no key variables are in their environment), the
     * SnapStart hooks having run.
     */
    @Test
    void theFunctionsRunInTheirOwnEnvironmentsWithContainerCredentials() throws Exception {
        byte[] frame = frame("street_frame_40.jpg");
        int before = stack.environmentsStarted(LocalPipeline.INFERENCE_FUNCTION);

        // sequential requests: at most one new environment, then a warm one
        HttpResponse<String> first = post("Naamsestraat_Leuven_Belgium_13-10-2022_08-00-00.jpg", "image/jpeg", frame);
        HttpResponse<String> second = post("Naamsestraat_Leuven_Belgium_13-10-2022_08-00-05.jpg", "image/jpeg", frame);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(second.headers().firstValue("Server-Timing").orElseThrow())
                .as("a warm environment")
                .doesNotContain("init;dur=");
        int started = stack.environmentsStarted(LocalPipeline.INFERENCE_FUNCTION);
        assertThat(started).isGreaterThanOrEqualTo(1).isLessThanOrEqualTo(before + 1);
        if (started > before) {
            assertThat(first.headers().firstValue("Server-Timing").orElseThrow())
                    .as("a cold environment")
                    .containsPattern("init;dur=\\d+");
        }
        assertThat(LOG)
                .anySatisfy(
                        line -> assertThat(line)
                                .matches(
                                        "lambda frame-inference\\[\\d+]: new environment, init \\d+ ms \\(SnapStart hooks ran\\)"));
        assertThat(stack.credentialsServed())
                .as("credentials came from the container endpoint")
                .isPositive();
        String secondId = Json.mapper().readTree(second.body()).get("frameId").asText();
        eventually(() -> frameRow(secondId), "the second frame stored");
        assertThat(LOG)
                .anySatisfy(
                        line -> assertThat(line)
                                .matches(
                                        "lambda frame-persistence\\[\\d+]: new environment, init \\d+ ms \\(SnapStart hooks ran\\)"));
    }

    @Test
    void aStreetFrameComesBackWithItsPeopleAndIsStoredWithItsAnnotatedCopy() throws Exception {
        byte[] frame = frame("street_frame_220.jpg");

        HttpResponse<String> response = post("tiensevest_Leuven_Belgium_12-10-2022_10-51-38.jpg", "image/jpeg", frame);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Server-Timing").orElseThrow()).contains("model;dur=");
        JsonNode answer = Json.mapper().readTree(response.body());
        long people = 0;
        for (JsonNode d : answer.get("detections")) {
            people += d.get("label").asText().equals("person") ? 1 : 0;
        }
        assertThat(people).isGreaterThanOrEqualTo(3);
        assertThat(answer.get("counts").get("person").asLong()).isEqualTo(people);
        String frameId = answer.get("frameId").asText();

        String[] row = eventually(() -> frameRow(frameId), "the frame's row");
        assertThat(row[0]).isEqualTo("DETECTED");
        assertThat(Integer.parseInt(row[4])).isEqualTo(answer.get("detections").size());
        BufferedImage annotated = ImageIO.read(new ByteArrayInputStream(object(row[2])));
        assertThat(annotated.getWidth()).isEqualTo(768);
        assertThat(annotated.getHeight()).isEqualTo(576);

        // no sharp person anywhere the pipeline stored this frame: the detail inside each person the detector
        // answered (a few pixels in from the box, where the annotated copy draws its frame) is a fraction of the
        // camera's
        BufferedImage input = ImageIO.read(new ByteArrayInputStream(frame));
        BufferedImage original = ImageIO.read(new ByteArrayInputStream(object(row[1])));
        int measured = 0;
        int measuredAnnotated = 0;
        List<int[]> drawn = new java.util.ArrayList<>();
        for (JsonNode d : answer.get("detections")) {
            JsonNode box = d.get("box");
            drawn.add(new int[] {
                box.get("xmin").asInt(),
                box.get("ymin").asInt(),
                box.get("xmax").asInt(),
                box.get("ymax").asInt()
            });
        }
        for (JsonNode d : answer.get("detections")) {
            JsonNode box = d.get("box");
            int x0 = box.get("xmin").asInt() + 4, y0 = box.get("ymin").asInt() + 4;
            int x1 = box.get("xmax").asInt() - 4, y1 = box.get("ymax").asInt() - 4;
            if (!d.get("label").asText().equals("person") || x1 - x0 < 6 || y1 - y0 < 6) {
                continue;
            }
            double before = Sharpness.laplacianVariance(input, x0, y0, x1, y1);
            assertThat(Sharpness.laplacianVariance(original, x0, y0, x1, y1))
                    .as("stored frame, person at %s (camera's detail %.1f)", box, before)
                    .isLessThan(before * 0.2);
            measured++;
            // the annotated copy draws every other detection's box and label too: measured where none falls
            if (drawn.stream().noneMatch(o -> overdrawn(o, x0, y0, x1, y1))) {
                assertThat(Sharpness.laplacianVariance(annotated, x0, y0, x1, y1))
                        .as("annotated copy, person at %s (camera's detail %.1f)", box, before)
                        .isLessThan(before * 0.2);
                measuredAnnotated++;
            }
        }
        assertThat(measured).isGreaterThanOrEqualTo(3);
        assertThat(measuredAnnotated).isGreaterThanOrEqualTo(1);
        assertThat(frameImagePrivacy(frameId)).isEqualTo("people-blurred");
    }

    /**
     * Whether another detection's outline (a few pixels wide) or its label (the strip above it, up to 160 pixels wide)
     * crosses the region; the region's own box is drawn outside it.
     */
    private static boolean overdrawn(int[] other, int x0, int y0, int x1, int y1) {
        boolean own = other[0] + 4 == x0 && other[1] + 4 == y0;
        if (own) {
            return false;
        }
        boolean outline = other[0] - 4 < x1 && other[2] + 4 > x0 && other[1] - 4 < y1 && other[3] + 4 > y0;
        boolean label = other[0] < x1 && other[0] + 160 > x0 && other[1] - 24 < y1 && other[1] > y0;
        return outline || label;
    }

    private static String frameImagePrivacy(String frameId) throws Exception {
        try (Connection c = new DatabaseConnections(stack.database()).open();
                PreparedStatement s = c.prepareStatement("select image_privacy from frames where id = ?")) {
            s.setObject(1, UUID.fromString(frameId));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }

    @Test
    void theCamerasCommandErasesACamerasImagesInARangeThroughItsOwnFunctionAndKeepsTheCounts() throws Exception {
        String[] ids = new String[3];
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = post(
                    "Bondgenotenlaan_Leuven_Belgium_14-10-2022_08-00-0" + i + ".jpg",
                    "image/jpeg",
                    frame("street_frame_40.jpg"));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            ids[i] = Json.mapper().readTree(response.body()).get("frameId").asText();
        }
        List<String[]> rows = new java.util.ArrayList<>();
        for (String id : ids) {
            rows.add(eventually(() -> frameRow(id), "frame " + id));
        }

        // the first two seconds: frames 0 and 1, with their detections
        String[] erase = {
            "erase",
            "Bondgenotenlaan",
            "Leuven",
            "Belgium",
            "--from",
            "2022-10-14T08:00:00",
            "--to",
            "2022-10-14T08:00:02",
            "--api",
            stack.endpoints().api().toString()
        };
        String[] withDetections = java.util.Arrays.copyOf(erase, erase.length + 1);
        withDetections[erase.length] = "--detections";
        List<String> said = cameras(withDetections);

        assertThat(said.getLast())
                .startsWith("erased Bondgenotenlaan, Leuven, Belgium, captured 2022-10-14T08:00 to 2022-10-14T08:00:02")
                .contains("2 frame(s)' images, 4 object(s)")
                .contains("counts kept");
        for (int i = 0; i < 3; i++) {
            boolean erased = i < 2;
            for (String key : List.of(rows.get(i)[1], rows.get(i)[2])) {
                assertThat(s3.listObjectsV2(b -> b.bucket(LocalPipeline.BUCKET).prefix(key))
                                .keyCount())
                        .as("frame %d's %s", i, key)
                        .isEqualTo(erased ? 0 : 1);
            }
            assertThat(frameRows("id = '" + ids[i] + "' and images_erased_at is not null"))
                    .isEqualTo(erased ? 1 : 0);
        }
        assertThat(frameRows("id = '" + ids[0] + "' and exists (select 1 from detections d where d.frame_id = id)"))
                .isZero();
        assertThat(frameRows("id = '" + ids[0] + "' and exists (select 1 from frame_counts c where c.frame_id = id"
                        + " and c.person + c.car > 0)"))
                .as("its counts stay")
                .isEqualTo(1);
        // on record, with who asked: the local pipeline's stand-in checks no IAM, so the call is unsigned
        try (Connection c = new DatabaseConnections(stack.database()).open();
                java.sql.Statement st = c.createStatement();
                ResultSet r = st.executeQuery(
                        "select requested_by, frames, finished from erasures order by id desc limit 1")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getString(1)).contains("unsigned");
            assertThat(r.getInt(2)).isEqualTo(2);
            assertThat(r.getBoolean(3)).isTrue();
        }
        // again: nothing left, and it says so
        assertThat(cameras(erase).getLast()).contains("0 frame(s)' images, 0 object(s)");
    }

    @Test
    void imagesExpireAfterTheRetentionPeriodAndTheRowsAndCountsStay() throws Exception {
        HttpResponse<String> response =
                post("tiensevest_Leuven_Belgium_12-10-2022_11-02-00.jpg", "image/jpeg", frame("street_frame_40.jpg"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String frameId = Json.mapper().readTree(response.body()).get("frameId").asText();
        String[] row = eventually(() -> frameRow(frameId), "the frame's row");
        java.time.Instant expiry = ImagePrivacy.DEFAULT.imagesExpireAt(java.time.Instant.now());

        assertThat(stack.expireImages(expiry.minus(Duration.ofDays(1)))).doesNotContain(row[1], row[2]);
        assertThat(stack.expireImages(expiry.plus(Duration.ofDays(1)))).contains(row[1], row[2]);

        assertThat(s3.listObjectsV2(b -> b.bucket(LocalPipeline.BUCKET).prefix(row[1]))
                        .keyCount())
                .isZero();
        assertThat(frameRow(frameId)).as("the row stays").isPresent();
        assertThat(frameRows("id = '" + frameId + "'")).isEqualTo(1);
    }

    @Test
    void thePostDeployCheckFollowsAFrameToItsRowAndObjectsAndSaysWhatIsMissing() throws Exception {
        List<String> printed = new CopyOnWriteArrayList<>();
        byte[] frame = frame("street_frame_220.jpg");
        try (LambdaClient lambda = OperatorClients.lambda(
                        LocalPipeline.REGION,
                        LocalPipeline.CREDENTIALS,
                        Optional.of(stack.endpoints().lambda()));
                S3Client checkS3 = OperatorClients.s3(
                        LocalPipeline.REGION,
                        LocalPipeline.CREDENTIALS,
                        Optional.of(stack.endpoints().s3()))) {
            PostDeployCheck check = new PostDeployCheck(
                    HTTP, lambda, checkS3, PATIENCE, Duration.ofMillis(200), Clock.systemUTC(), printed::add);
            PostDeployCheck.Target target = new PostDeployCheck.Target(
                    URI.create(stack.endpoints().api() + "/frames"),
                    stack.cameraKeys().keyFor(new Camera(PostDeployCheck.CAMERA, "Leuven", "Belgium")),
                    LambdaFunctions.FRAME_LOOKUP.name(),
                    stack.endpoints().bucket(),
                    stack.cameraKeys().admin().viewerKeyFor(PostDeployCheck.VIEWER));

            PostDeployCheck.Report report = check.run(target, frame, "image/jpeg", check.fileName("jpg"));

            assertThat(report.steps())
                    .extracting(PostDeployCheck.Step::name)
                    .containsExactly("answer", "row", "rows", "original", "annotated copy", "read side");
            assertThat(report.passed()).as(String.join("\n", printed)).isTrue();
            String[] row = frameRow(report.frameId()).orElseThrow();
            assertThat(row[0]).isEqualTo("DETECTED");
            assertThat(printed)
                    .anySatisfy(line -> assertThat(line).contains(row[1]))
                    .anySatisfy(line -> assertThat(line).contains(row[2]))
                    .last()
                    .isEqualTo("post-deploy check passed");
            // the stored frame is the blurred one: the camera's size, not its bytes
            assertThat(ImageIO.read(new ByteArrayInputStream(object(row[1]))).getWidth())
                    .isEqualTo(768);

            // the same deployment looked at in the wrong bucket: the row is there, the objects are not
            printed.clear();
            PostDeployCheck.Report wrongBucket = check.run(
                    new PostDeployCheck.Target(
                            target.framesUrl(), target.cameraKey(), target.lookupFunction(), "no-such-bucket"),
                    frame,
                    "image/jpeg",
                    check.fileName("jpg"));
            assertThat(wrongBucket.passed()).isFalse();
            assertThat(wrongBucket.steps())
                    .filteredOn(step -> !step.passed())
                    .extracting(PostDeployCheck.Step::name)
                    .containsExactly("original", "annotated copy");
            // a viewer key that no longer works: the read side says so
            stack.cameraKeys().admin().revokeViewer(PostDeployCheck.VIEWER);
            printed.clear();
            PostDeployCheck.Report revokedViewer = check.run(target, frame, "image/jpeg", check.fileName("jpg"));
            assertThat(revokedViewer.steps())
                    .filteredOn(step -> !step.passed())
                    .singleElement()
                    .satisfies(step -> assertThat(step.name()).isEqualTo("read side"))
                    .satisfies(step -> assertThat(step.detail()).contains("HTTP 403"));
            assertThat(printed).last().isEqualTo("post-deploy check FAILED");
        }
    }

    @Test
    void aLookupOfAnUnknownFrameAnswersNotFoundAndABadIdIsAnInvalidRequest() throws Exception {
        try (LambdaClient lambda = OperatorClients.lambda(
                LocalPipeline.REGION,
                LocalPipeline.CREDENTIALS,
                Optional.of(stack.endpoints().lambda()))) {
            String unknown = UUID.randomUUID().toString();
            var answer = lambda.invoke(b -> b.functionName(LambdaFunctions.FRAME_LOOKUP.name())
                    .payload(SdkBytes.fromUtf8String("{\"frameId\":\"" + unknown + "\"}")));
            assertThat(answer.functionError()).isNull();
            assertThat(Json.mapper().readTree(answer.payload().asUtf8String()))
                    .isEqualTo(Json.mapper().readTree("{\"frameId\":\"" + unknown + "\",\"found\":false}"));
            var bad = lambda.invoke(b -> b.functionName(LambdaFunctions.FRAME_LOOKUP.name())
                    .payload(SdkBytes.fromUtf8String("{\"frameId\":\"frame-1\"}")));
            assertThat(bad.functionError()).isEqualTo("Unhandled");
            assertThat(bad.payload().asUtf8String())
                    .contains("InvalidEventException")
                    .contains("lookup needs a frame id");
        }
    }

    @Test
    void aBlankFrameIsTurnedAwayWith422ButStoredAsDistorted() throws Exception {
        BufferedImage grey = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        var g = grey.createGraphics();
        g.setColor(new Color(120, 120, 120));
        g.fillRect(0, 0, 640, 480);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(grey, "png", png);

        HttpResponse<String> response =
                post("Main%20St_Leuven_Belgium_12-10-2022_10-52-00.png", "image/png", png.toByteArray());

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode problem = Json.mapper().readTree(response.body());
        assertThat(problem.get("reason").asText()).isEqualTo("blank");
        String[] row = eventually(() -> frameRow(problem.get("frameId").asText()), "the distorted frame's row");
        assertThat(row[0]).isEqualTo("DISTORTED");
        assertThat(row[3]).isEqualTo("blank");
        assertThat(row[1]).startsWith("distorted/").endsWith(".png");
        // blurred whole, since nobody looked for people in it: a uniform grey stays that grey
        BufferedImage stored = ImageIO.read(new ByteArrayInputStream(object(row[1])));
        assertThat(stored.getRGB(320, 240) & 0xffffff).isEqualTo(0x787878);
    }

    @Test
    void hostileRequestsGetProblemsNeverA5xx() throws Exception {
        assertThat(post("a_b_c_31-02-2022_10-51-38.jpg", "image/jpeg", frame("street_frame_40.jpg"))
                        .statusCode())
                .isEqualTo(400);
        assertThat(post("a_b_c_12-10-2022_10-51-38.jpg", "text/plain", "hello".getBytes())
                        .statusCode())
                .isEqualTo(415);
        assertThat(post("a_b_c_12-10-2022_10-51-38.jpg", "image/jpeg", new byte[0])
                        .statusCode())
                .isEqualTo(400);
        assertThat(post("a_b_c_12-10-2022_10-51-38.jpg", "image/jpeg", new byte[11 * 1024 * 1024])
                        .statusCode())
                .isEqualTo(413);
        HttpResponse<String> delete = HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.endpoints().api() + "/frames/x.jpg"))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        // API Gateway answers a method the API does not have itself (MISSING_AUTHENTICATION_TOKEN), as a problem
        assertThat(delete.statusCode()).isEqualTo(404);
        assertThat(delete.body()).contains("urn:problem-type:traffic-camera:not-found");
        // and a resource it does not have; GET /frames/{frameId} exists, for viewers: without a key it is 401
        HttpResponse<String> nowhere = HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.endpoints().api() + "/elsewhere/x"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(nowhere.statusCode()).isEqualTo(404);
        HttpResponse<String> get = HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.endpoints().api() + "/frames/x.jpg"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(401);
    }

    @Test
    void aCameraKeyPostsOnlyAsItsOwnCameraAndTheRefusalIsLoggedWithTheKeyId() throws Exception {
        Camera a = new Camera("Bondgenotenlaan", "Leuven", "Belgium");
        Camera b = new Camera("Ladeuzeplein", "Leuven", "Belgium");
        String keyOfA = stack.cameraKeys().keyFor(a);
        stack.cameraKeys().keyFor(b);
        String asB = "Ladeuzeplein_Leuven_Belgium_14-10-2022_09-00-00.jpg";

        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.endpoints().api() + "/frames/" + asB))
                        .header("Content-Type", "image/jpeg")
                        .header("Authorization", "Bearer " + keyOfA)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(frame("street_frame_220.jpg")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode problem = Json.mapper().readTree(response.body());
        assertThat(problem.path("type").asText()).isEqualTo("urn:problem-type:traffic-camera:camera-not-allowed");
        String keyIdOfA = keyOfA.substring(5, 37);
        StackClients.await(
                () -> LOG.stream().anyMatch(l -> l.contains("camera-not-allowed")), PATIENCE, "the refusal's log line");
        assertThat(LOG.stream()
                        .filter(l -> l.contains("camera-not-allowed"))
                        .findFirst()
                        .orElseThrow())
                .contains(java.util
                        .UUID
                        .fromString(keyIdOfA.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5"))
                        .toString())
                .contains("\"RefusedFrames\":1")
                .doesNotContain(keyOfA);
        StackClients.await(() -> stack.pendingEvents() == 0, PATIENCE, "no event in flight");
        assertThat(frameRows("file_name = '" + asB + "'")).as("nothing stored").isZero();

        // and the right key for the same frame is accepted
        HttpResponse<String> asItself = post(asB, "image/jpeg", frame("street_frame_220.jpg"));
        assertThat(asItself.statusCode()).isEqualTo(200);
    }

    @Test
    void missingMalformedAndUnknownKeysGet401Or403ProblemsAndNeverReachTheFunction() throws Exception {
        String name = "Bondgenotenlaan_Leuven_Belgium_14-10-2022_09-00-01.jpg";
        List<String> requestIds = new java.util.ArrayList<>();
        Map<String, Integer> expected = new java.util.LinkedHashMap<>();
        expected.put("", 401);
        expected.put("Bearer not-a-key", 401);
        expected.put("tcam_0123456789abcdef0123456789abcdef_" + "A".repeat(43), 401);
        expected.put("Bearer tcam_0123456789abcdef0123456789abcdef_" + "A".repeat(43), 403);
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create(stack.endpoints().api() + "/frames/" + name))
                    .header("Content-Type", "image/jpeg")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(frame("street_frame_40.jpg")));
            if (!e.getKey().isEmpty()) {
                request.header("Authorization", e.getKey());
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(e.getKey()).isEqualTo(e.getValue());
            JsonNode problem = Json.mapper().readTree(response.body());
            assertThat(problem.path("type").asText())
                    .as(e.getKey())
                    .isEqualTo(
                            e.getValue() == 401
                                    ? "urn:problem-type:traffic-camera:missing-key"
                                    : "urn:problem-type:traffic-camera:key-refused");
            assertThat(problem.path("requestId").asText())
                    .isEqualTo(response.headers().firstValue("x-amzn-RequestId").orElseThrow());
            requestIds.add(problem.path("requestId").asText());
            if (e.getValue() == 401) {
                assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            }
        }
        assertThat(frameRows("file_name = '" + name + "'")).isZero();
        // the inference function logs every request it sees with API Gateway's request id
        assertThat(LOG)
                .as("no request reached the function")
                .noneMatch(l -> requestIds.stream().anyMatch(l::contains));
    }

    @Test
    void aRevokedKeyIsRefusedOnceTheAuthorizersCacheTimeHasPassed() throws Exception {
        Camera camera = new Camera("Oude Markt", "Leuven", "Belgium");
        String key = stack.cameraKeys().keyFor(camera);
        java.util.function.IntFunction<String> name = i -> "Oude Markt_Leuven_Belgium_14-10-2022_10-00-0" + i + ".jpg";
        int callsBefore = stack.authorizerCalls();
        assertThat(postWithKey(name.apply(1), key).statusCode()).isEqualTo(200);
        assertThat(postWithKey(name.apply(2), key).statusCode()).isEqualTo(200);
        assertThat(stack.authorizerCalls() - callsBefore)
                .as("the second request used the cached answer")
                .isEqualTo(1);

        stack.cameraKeys().admin().revoke(camera);
        stack.cameraKeys().forget(camera);
        long revokedAt = System.nanoTime();
        // a cached Allow may still let the key in until the cache time has passed since it was cached, never after
        Thread.sleep(Math.max(
                        0, LocalPipeline.Options.KEY_CACHE_TTL.toMillis() - (System.nanoTime() - revokedAt) / 1_000_000)
                + 100);
        HttpResponse<String> refused = postWithKey(name.apply(3), key);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("urn:problem-type:traffic-camera:key-refused");
        assertThat(frameRows("file_name = '" + name.apply(3) + "'")).isZero();
    }

    @Test
    void eachCameraIsThrottledOnItsOwnAsTheUsagePlanSays() throws Exception {
        String key = stack.cameraKeys().keyFor(new Camera("Vaartkom", "Leuven", "Belgium"));
        String other = stack.cameraKeys().keyFor(new Camera("Vismarkt", "Leuven", "Belgium"));
        // an impossible date: the function refuses the name at once, so only API Gateway's limits are at work
        List<Integer> statuses = new java.util.ArrayList<>();
        HttpResponse<String> throttled = null;
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = postWithKey("Vaartkom_Leuven_Belgium_31-02-2022_10-00-00.jpg", key);
            statuses.add(response.statusCode());
            if (response.statusCode() == 429 && throttled == null) {
                throttled = response;
            }
        }
        assertThat(statuses)
                .as("a burst of 5, then 1 a second")
                .contains(400, 429)
                .containsOnly(400, 429);
        assertThat(throttled.headers().firstValue("Retry-After")).contains("1");
        assertThat(Json.mapper().readTree(throttled.body()).path("type").asText())
                .isEqualTo("urn:problem-type:traffic-camera:camera-throttled");
        // another camera has limits of its own
        assertThat(postWithKey("Vismarkt_Leuven_Belgium_31-02-2022_10-00-00.jpg", other)
                        .statusCode())
                .isEqualTo(400);
        // and the throttled one is let through again once its bucket has refilled
        Thread.sleep(1_200);
        assertThat(postWithKey("Vaartkom_Leuven_Belgium_31-02-2022_10-00-00.jpg", key)
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void aKeyWithoutItsUsageKeyIsRefusedAndSaysToRotate() throws Exception {
        // the operators' route alone, without the cameras command's second step (the key's entry in the usage plan)
        HttpResponse<String> added = HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.endpoints().api() + "/admin/cameras"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"address\":\"Fochplein\",\"city\":\"Leuven\",\"country\":\"Belgium\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(added.statusCode()).isEqualTo(201);
        String key = Json.mapper().readTree(added.body()).path("key").asText();

        HttpResponse<String> refused = postWithKey("Fochplein_Leuven_Belgium_14-10-2022_10-00-00.jpg", key);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(Json.mapper().readTree(refused.body()).path("type").asText())
                .isEqualTo("urn:problem-type:traffic-camera:camera-key-unusable");
        assertThat(refused.body()).contains("rotate");
        assertThat(frameRows("file_name like 'Fochplein%'")).isZero();
    }

    @Test
    void theCamerasCommandAddsListsRotatesAndRevokesWithTheKeysUsageEntry() throws Exception {
        String api = stack.endpoints().api().toString();
        String name = "Muntstraat_Leuven_Belgium_14-10-2022_11-00-00.jpg";
        List<String> added = cameras("add", "Muntstraat", "Leuven", "Belgium", "--api", api);
        assertThat(added.getFirst()).isEqualTo("added Muntstraat, Leuven, Belgium");
        String key = added.getLast();
        assertThat(key).matches("tcam_[0-9a-f]{32}_[A-Za-z0-9_-]{43}");
        // the key works at once: it has its entry in the usage plan
        assertThat(postWithKey(name.replace("2022", "2099").replace("14-10", "31-02"), key)
                        .statusCode())
                .isEqualTo(400);

        assertThat(String.join("\n", cameras("list", "--api", api)))
                .contains("Muntstraat")
                .contains(key.substring(5, 13))
                .doesNotContain(key);

        String rotated = cameras("rotate", "Muntstraat", "Leuven", "Belgium", "--api", api)
                .getLast();
        assertThat(rotated).isNotEqualTo(key);
        // the old key's usage entry is gone with it, so it is refused before its cached Allow expires
        assertThat(postWithKey(name, key).statusCode()).isEqualTo(403);

        List<String> revoked = cameras("revoke", "Muntstraat", "Leuven", "Belgium", "--api", api);
        assertThat(revoked.getLast()).startsWith("revoked key ").contains("refused from now on");
        assertThat(postWithKey(name, rotated).statusCode()).isEqualTo(403);
        assertThat(frameRows("file_name like 'Muntstraat%'")).isZero();
    }

    private static List<String> cameras(String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        String[] command = new String[args.length + 1];
        command[0] = "cameras";
        System.arraycopy(args, 0, command, 1, args.length);
        int code = dev.trafficcam.ops.Ops.run(
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8),
                command);
        assertThat(code)
                .as(err.toString(java.nio.charset.StandardCharsets.UTF_8))
                .isZero();
        return out.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
    }

    private static HttpResponse<String> postWithKey(String fileName, String key) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.endpoints().api() + "/frames/" + fileName.replace(" ", "%20")))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "image/jpeg")
                        .header("Authorization", "Bearer " + key)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(frame("street_frame_40.jpg")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long frameRows(String where) throws Exception {
        try (java.sql.Connection c = new dev.trafficcam.db.DatabaseConnections(stack.database()).open();
                java.sql.Statement st = c.createStatement();
                java.sql.ResultSet r = st.executeQuery("select count(*) from frames where " + where)) {
            r.next();
            return r.getLong(1);
        }
    }
}
