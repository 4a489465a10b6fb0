package dev.trafficcam.loadtests.gatling;

import static io.gatling.javaapi.core.CoreDsl.ByteArrayBody;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import dev.trafficcam.local.CameraKeyring;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * What every simulation shares: the target (system properties, defaults for the local stack), camera frames with
 * realistic, distinct names per camera and time, and the request with its checks and the {@code Server-Timing} it
 * records.
 *
 * <ul>
 *   <li>{@code -DbaseUrl=} the API (default {@code http://127.0.0.1:8080}; a deployed API's stage URL);
 *   <li>each camera's key is registered (or rotated) through the API's operators' routes before its first frame
 *       ({@code CameraKeyring}; against AWS signed with your AWS credentials), and sent as {@code Authorization};
 *   <li>{@code -Dframes=} a directory of JPEG frames (default {@code samples/});
 *   <li>{@code -Dcameras=} how many cameras the frames are spread over (default 4);
 *   <li>{@code -DtimeScale=} multiplies every duration (0.1 runs a 5-minute scenario in 30 s).
 * </ul>
 */
final class Frames {
    // read at each simulation's start, so that one JVM can run simulations against several stacks (ArchitectureLoad)
    private static final Map<String, CameraKeyring> KEYS = new java.util.concurrent.ConcurrentHashMap<>();
    static final double TIME_SCALE = Double.parseDouble(System.getProperty("timeScale", "1"));
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("dd-MM-yyyy_HH-mm-ss");
    private static final List<byte[]> FRAMES = load();
    private static final AtomicLong SENT = new AtomicLong();
    private static final LocalDateTime START = LocalDateTime.now().withNano(0);

    private Frames() {}

    static String baseUrl() {
        return System.getProperty("baseUrl", "http://127.0.0.1:8080");
    }

    static Duration scaled(Duration d) {
        return Duration.ofMillis(Math.max(1, Math.round(d.toMillis() * TIME_SCALE)));
    }

    static HttpProtocolBuilder protocol() {
        return http.baseUrl(baseUrl()).disableWarmUp().acceptHeader("application/json");
    }

    /** Frames round-robin over the cameras; each frame's capture time is a second after the one before. */
    static Iterator<Map<String, Object>> feeder() {
        int cameras = Integer.getInteger("cameras", 4);
        CameraKeyring keys = KEYS.computeIfAbsent(baseUrl(), CameraKeyring::new);
        return Stream.generate(() -> {
                    long n = SENT.getAndIncrement();
                    int camera = (int) (n % cameras);
                    LocalDateTime capturedAt = START.plusSeconds(n); // unique names whatever the number of cameras
                    String name = "Camera-" + (camera + 1) + "-Main-Street_Leuven_Belgium_"
                            + NAME_TIME.format(capturedAt) + ".jpg";
                    return Map.<String, Object>of(
                            "fileName",
                            name,
                            "frame",
                            FRAMES.get((int) (n % FRAMES.size())),
                            "authorization",
                            keys.authorizationFor(name));
                })
                .iterator();
    }

    /** POST one frame; 200 with a detections array, and its Server-Timing recorded. */
    static ChainBuilder postFrame() {
        return feed(feeder())
                .exec(http("POST /frames/{fileName}")
                        .post("/frames/#{fileName}")
                        .header("Content-Type", "image/jpeg")
                        .header("Authorization", "#{authorization}")
                        .body(ByteArrayBody("#{frame}"))
                        .check(status().is(200))
                        .check(jsonPath("$.detections").exists())
                        .check(header("Server-Timing").saveAs("serverTiming"))
                        .check(responseTimeInMillis().saveAs("responseTime")))
                .exec(session -> {
                    // the response time the camera saw (gateway, authorizer and function)
                    // beside the function's own stages
                    String serverTiming = session.contains("serverTiming") ? session.getString("serverTiming") : null;
                    if (serverTiming != null && session.contains("responseTime")) {
                        serverTiming += ", client;dur=" + session.getInt("responseTime");
                    }
                    TimingLog.record(serverTiming, session.isFailed());
                    return session.remove("serverTiming").remove("responseTime");
                });
    }

    private static List<byte[]> load() {
        Path dir =
                Path.of(System.getProperty("frames", Files.isDirectory(Path.of("samples")) ? "samples" : "../samples"));
        try (Stream<Path> files = Files.list(dir)) {
            List<byte[]> frames = files.filter(p -> p.getFileName().toString().startsWith("street_frame"))
                    .sorted()
                    .map(p -> {
                        try {
                            return Files.readAllBytes(p);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
            if (frames.isEmpty()) {
                throw new IllegalStateException(
                        "no street_frame*.jpg in " + dir.toAbsolutePath() + " (set -Dframes=DIR)");
            }
            return frames;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the frames in " + dir.toAbsolutePath(), e);
        }
    }
}
