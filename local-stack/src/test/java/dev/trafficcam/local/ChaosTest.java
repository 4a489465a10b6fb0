package dev.trafficcam.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficcam.model.Json;
import dev.trafficcam.persistence.replay.Replay;
import dev.trafficcam.persistence.replay.ReplayReport;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Under injected faults (a share of S3 writes and database transactions failing, and PostgreSQL
 * going away for a window), every frame sent is answered, and after the retries settle and a
 * replay, every frame is stored exactly once: no frame lost, none stored twice.
 */
class ChaosTest {
    private static final int CAMERAS = 4;
    private static final int FRAMES_PER_CAMERA = 50;
    private static final int FRAMES = CAMERAS * FRAMES_PER_CAMERA;

    @TempDir
    static Path dataDir;
    private static LocalStack stack;
    private static StackClients clients;
    private static final List<String> LOG = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        clients = StackClients.start(LocalStack.Options.defaults().withApiPort(0).withDataDir(dataDir)
                .withRetryDelays(List.of(Duration.ofMillis(200), Duration.ofMillis(400)))
                .withFaults(new Faults(0.1, 0.1, Optional.empty()))
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
        Set<String> frameIds = ConcurrentHashMap.newKeySet();
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
                    // as the README tells cameras: resend after 502, 503 or 504 (the frame was not stored)
                    HttpResponse<String> response = clients.post(name, frames[i % 2]);
                    for (int attempt = 2; attempt <= 3 && List.of(502, 503, 504).contains(response.statusCode()); attempt++) {
                        resent.add(response.statusCode() + " " + response.body());
                        response = clients.post(name, frames[i % 2]);
                    }
                    statuses.add(response.statusCode());
                    if (response.statusCode() == 200) {
                        frameIds.add(Json.mapper().readTree(response.body()).get("frameId").asText());
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
            System.out.println("ChaosTest: " + resent.size() + " answer(s) made a camera resend: " + resent + "; function errors: "
                    + LOG.stream().filter(line -> line.startsWith("api:") || line.contains("init failed")).toList());
        }
        assertThat(statuses).as("every camera got its answer, the outage included; resent after: %s; errors logged: %s", resent,
                LOG.stream().filter(line -> line.startsWith("api:") || line.contains("init failed")).toList())
                .hasSize(FRAMES).containsOnly(200);
        assertThat(frameIds).hasSize(FRAMES);
        assertThat(LOG).anySatisfy(line -> assertThat(line).contains("PostgreSQL goes away"));

        StackClients.await(() -> stack.pendingEvents() == 0, Duration.ofSeconds(90), "the retries to settle");
        assertThat(clients.queueDepth()).as("some events exhausted their retries").isPositive();

        Replay replay = new Replay(clients.sqs, clients.lambda);
        for (int round = 0; round < 10 && clients.queueDepth() > 0; round++) {
            ReplayReport report = replay.run(stack.endpoints().failureQueueUrl(), LocalStack.PERSISTENCE_FUNCTION, 500, false);
            assertThat(report.invalid()).isZero();
        }

        assertThat(clients.queueDepth()).as("the failure queue is empty").isZero();
        assertThat(clients.count("select count(*) from frames")).isEqualTo(FRAMES);
        assertThat(clients.count("select count(distinct id) from frames")).isEqualTo(FRAMES);
        assertThat(clients.count("select count(*) from frames where id in ('" + String.join("','", frameIds) + "')"))
                .as("every frame answered is stored").isEqualTo(FRAMES);
        assertThat(clients.count("select count(*) from frame_counts")).isEqualTo(FRAMES);
        assertThat(clients.count("select count(*) from (select frame_id, ordinal from detections group by 1, 2 having count(*) > 1) d"))
                .isZero();
        try (S3Client s3 = LocalStack.s3Client(stack.endpoints().s3())) {
            assertThat(keys(s3, "frames/")).isEqualTo(FRAMES);
            assertThat(keys(s3, "annotated/")).as("every frame was detected, so every one has its copy")
                    .isEqualTo(clients.count("select count(*) from frames where status = 'DETECTED'")).isEqualTo(FRAMES);
            assertThat(keys(s3, "incoming/")).isZero();
        }
    }

    private static long keys(S3Client s3, String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(LocalStack.BUCKET).prefix(prefix)).contents().stream().count();
    }
}
