package dev.trafficcam.loadtests;

import dev.trafficcam.local.LocalPipeline;
import dev.trafficcam.model.Camera;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the camera authorizer adds to a request, on the local stack's real-process path (the authorizer's deployed jar
 * under the runtime interface client, PostgreSQL on loopback). Two modes in one run, alternating by round on a fresh
 * stack each: the authorizer's answer cached (API Gateway's behaviour with a TTL, here 3600 s: every request after the
 * first is a cache hit) and not cached (TTL 0: every request runs the authorizer, which looks the key up and marks it
 * seen). The requests carry a valid key and a file name with an impossible date, so the inference function answers 400
 * at once and the model never runs: what differs between the modes is the authorizer. Also reports the first request of
 * each stack, which starts the authorizer's execution environment.
 *
 * <pre>./mvnw -q -pl loadtests test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.trafficcam.loadtests.AuthorizerOverhead -Dexec.args="300 2"</pre>
 */
public final class AuthorizerOverhead {
    private static final Pattern INIT =
            Pattern.compile("lambda camera-authorizer\\[\\d+]: new environment, init (\\d+) ms");
    private static final String NAME = "tiensevest_Leuven_Belgium_31-02-2022_10-00-00.jpg";

    private AuthorizerOverhead() {}

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        HttpClient http = HttpClient.newHttpClient();
        List<Double> hits = new ArrayList<>();
        List<Double> misses = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (boolean cached : new boolean[] {true, false}) {
                Path data = Files.createTempDirectory("authorizer-overhead");
                List<String> inits = new ArrayList<>();
                try (LocalPipeline stack = LocalPipeline.start(LocalPipeline.Options.defaults()
                        .withApiPort(0)
                        .withDataDir(data)
                        .withCameraLimits(LocalPipeline.CameraLimits.UNBOUNDED)
                        .withKeyCacheTtl(cached ? Duration.ofSeconds(300) : Duration.ZERO)
                        .withLog(line -> {
                            Matcher m = INIT.matcher(line);
                            if (m.find()) {
                                inits.add(m.group(1));
                            }
                        }))) {
                    String key = stack.cameraKeys().keyFor(new Camera("tiensevest", "Leuven", "Belgium"));
                    HttpRequest request = HttpRequest.newBuilder(
                                    URI.create(stack.endpoints().api() + "/frames/" + NAME))
                            .header("Content-Type", "image/jpeg")
                            .header("Authorization", "Bearer " + key)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xFF, (byte) 0xD8}))
                            .build();
                    double first = time(http, request);
                    for (int i = 0; i < 50; i++) {
                        time(http, request); // warm-up: both functions' JIT, the connections
                    }
                    List<Double> sample = new ArrayList<>();
                    for (int i = 0; i < requests; i++) {
                        sample.add(time(http, request));
                    }
                    (cached ? hits : misses).addAll(sample);
                    System.out.printf(
                            "round %d, %s: first request %.1f ms (authorizer environment init %s ms, authorizer ran %d times); %s%n",
                            round + 1,
                            cached ? "cached" : "not cached",
                            first,
                            String.join(", ", inits),
                            stack.authorizerCalls(),
                            new Percentiles(sample).summary());
                }
            }
        }
        Percentiles hit = new Percentiles(hits);
        Percentiles miss = new Percentiles(misses);
        System.out.printf("all rounds, cached (hit):     %s%n", hit.summary());
        System.out.printf("all rounds, not cached (miss): %s%n", miss.summary());
        System.out.printf(
                "a miss adds: p50 %.2f ms, p99 %.2f ms%n", miss.at(50) - hit.at(50), miss.at(99) - hit.at(99));
    }

    private static double time(HttpClient http, HttpRequest request) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        double ms = (System.nanoTime() - start) / 1e6;
        if (response.statusCode() != 400 || !response.body().contains("invalid-frame-name")) {
            throw new IllegalStateException("expected the function's 400 invalid-frame-name, got "
                    + response.statusCode() + " " + response.body());
        }
        return ms;
    }
}
