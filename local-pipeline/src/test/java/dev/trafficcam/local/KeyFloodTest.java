package dev.trafficcam.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficcam.model.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood of made-up keys, each of a key's shape and so each a miss of the authorizer's cache and a lookup, while a
 * real camera sends at its rate: the camera keeps every answer, and the flood gets 403s, never a 5xx. Here the
 * authorizer's reserved concurrency (its environments, at most 4 on this machine) is what bounds the flood; in AWS the
 * web ACL's per-address rule cuts it first (docs/SECURITY.md).
 */
class KeyFloodTest {
    private static final Duration FLOOD = Duration.ofSeconds(20);
    private static final int FLOODERS = 6;
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("dd-MM-yyyy_HH-mm-ss");

    @TempDir
    static Path dataDir;

    private static StackClients clients;

    @BeforeAll
    static void start() throws Exception {
        clients = StackClients.start(LocalPipeline.Options.defaults()
                .withApiPort(0)
                .withDataDir(dataDir)
                .withLog(line -> {}));
    }

    @AfterAll
    static void stop() {
        if (clients != null) {
            clients.close();
        }
    }

    @Test
    void aCameraKeepsItsAnswersWhileMadeUpKeysFloodTheAuthorizer() throws Exception {
        byte[] frame = StackClients.frame("street_frame_40.jpg");
        // the camera's key is made and checked before the flood
        assertThat(clients.post("Flooded_Leuven_Belgium_12-10-2022_06-00-00.jpg", frame)
                        .statusCode())
                .isEqualTo(200);
        long end = System.nanoTime() + FLOOD.toNanos();
        Map<Integer, Integer> flood = new ConcurrentHashMap<>();
        AtomicInteger sent = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(FLOODERS + 1);
        List<Future<?>> flooders = new ArrayList<>();
        SecureRandom random = new SecureRandom();
        URI target =
                URI.create(clients.stack.endpoints().api() + "/frames/Flooded_Leuven_Belgium_12-10-2022_06-00-01.jpg");
        for (int i = 0; i < FLOODERS; i++) {
            flooders.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    byte[] id = new byte[16];
                    byte[] secret = new byte[32];
                    random.nextBytes(id);
                    random.nextBytes(secret);
                    String key = "tcam_" + HexFormat.of().formatHex(id) + "_"
                            + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
                    HttpResponse<String> response = StackClients.HTTP.send(
                            HttpRequest.newBuilder(target)
                                    .timeout(Duration.ofSeconds(30))
                                    .header("Content-Type", "image/jpeg")
                                    .header("Authorization", "Bearer " + key)
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1}))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    sent.incrementAndGet();
                    flood.merge(response.statusCode(), 1, Integer::sum);
                }
                return null;
            }));
        }
        Map<Integer, Integer> camera = new TreeMap<>();
        LocalDateTime captured = LocalDateTime.of(2022, 10, 12, 6, 0, 0);
        while (System.nanoTime() < end) {
            long started = System.nanoTime();
            captured = captured.plusSeconds(5);
            HttpResponse<String> response =
                    clients.post("Flooded_Leuven_Belgium_" + NAME_TIME.format(captured) + ".jpg", frame);
            camera.merge(response.statusCode(), 1, Integer::sum);
            if (response.statusCode() == 200) {
                assertThat(Json.mapper()
                                .readTree(response.body())
                                .path("frameId")
                                .asText())
                        .isNotBlank();
            }
            long wait = Duration.ofMillis(1200).toNanos() - (System.nanoTime() - started);
            if (wait > 0) {
                Thread.sleep(Duration.ofNanos(wait));
            }
        }
        for (Future<?> f : flooders) {
            f.get();
        }
        pool.shutdown();
        System.out.printf(
                "KeyFloodTest: %d made-up keys in %d s (%.0f/s), answered %s; the camera's answers %s%n",
                sent.get(), FLOOD.toSeconds(), sent.get() / (double) FLOOD.toSeconds(), new TreeMap<>(flood), camera);

        assertThat(camera.keySet()).as("the camera's answers").containsExactly(200);
        assertThat(camera.get(200)).isGreaterThanOrEqualTo((int) (FLOOD.toSeconds() / 2));
        assertThat(flood.keySet()).as("the flood's answers").containsExactly(403);
        assertThat(sent.get()).as("the flood did flood").isGreaterThan(10 * (int) FLOOD.toSeconds());
    }
}
