package dev.trafficcam.loadtests;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.local.LocalPipeline;
import dev.trafficcam.model.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * java21 or java25, measured on the local stack's real-process path: the deployed jars under the runtime interface
 * client, launched as each runtime launches a SnapStart function. java21: tiered compilation stopped at level 1 (C1
 * only). java25 with SnapStart: the JVM's default tiers, so that what priming makes hot in {@code beforeCheckpoint} can
 * reach C2. For each, a fresh stack; then frames one after another through the API, each waiting until it is stored, so
 * that one environment of each function serves them all. Records each environment's init (which includes priming: in
 * AWS it is paid once, at publish) and each invocation's own work: the inference function's {@code total - model} from
 * Server-Timing (the detector runs outside the function) and the persistence function's logged {@code ms}. Runtimes
 * alternate (A B A B ...) to spread drift. What it cannot show: a restored snapshot. Here the process that primed goes
 * on serving, which keeps the JIT state a snapshot would keep, but not the restore itself.
 *
 * <pre>./mvnw -q -pl loadtests test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.trafficcam.loadtests.RuntimeChoice -Dexec.args="40 2 ../samples"</pre>
 */
public final class RuntimeChoice {
    private static final Pattern INIT = Pattern.compile("lambda (frame-\\w+)\\[\\d+]: new environment, init (\\d+) ms");
    private static final Pattern PERSISTED =
            Pattern.compile("frame-persistence\\[\\d+] (\\{.*\"message\":\"persist frame\".*})");

    private RuntimeChoice() {}

    /** One round of one runtime: init per function, per-invocation work in order. */
    record Round(String runtime, Map<String, Long> initMillis, List<Double> inference, List<Double> persistence) {}

    public static void main(String[] args) throws Exception {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path dir = Path.of(args.length > 2 ? args[2] : "samples");
        List<byte[]> images = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith("street_frame"))
                    .sorted()
                    .toList()) {
                images.add(Files.readAllBytes(p));
            }
        }
        if (images.isEmpty()) {
            System.err.println("no street_frame*.jpg in " + dir.toAbsolutePath());
            System.exit(2);
        }
        List<Round> results = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (String runtime : List.of("java21", "java25")) {
                Round round = round(runtime, frames, images);
                results.add(round);
                System.out.printf(
                        "%s round %d: init %s; inference work %s; persistence %s%n",
                        runtime, r + 1, round.initMillis(), describe(round.inference()), describe(round.persistence()));
            }
        }
        System.out.println();
        System.out.println(
                "| runtime (launch) | init, inference / persistence (ms) | inference work: invocations 1-3 / 11-"
                        + frames + " (median ms) | persistence: invocations 1-3 / 11-" + frames + " (median ms) |");
        System.out.println("| --- | --- | --- | --- |");
        for (String runtime : List.of("java21", "java25")) {
            List<Round> mine =
                    results.stream().filter(x -> x.runtime().equals(runtime)).toList();
            System.out.printf(
                    "| %s | %s / %s | %s / %s | %s / %s |%n",
                    runtime.equals("java21") ? "java21 (C1 only)" : "java25 + SnapStart (C1+C2)",
                    mine.stream()
                            .map(x -> String.valueOf(x.initMillis().get(LocalPipeline.INFERENCE_FUNCTION)))
                            .toList(),
                    mine.stream()
                            .map(x -> String.valueOf(x.initMillis().get(LocalPipeline.PERSISTENCE_FUNCTION)))
                            .toList(),
                    medians(mine, Round::inference, 0, 3),
                    medians(mine, Round::inference, 10, frames),
                    medians(mine, Round::persistence, 0, 3),
                    medians(mine, Round::persistence, 10, frames));
        }
    }

    private static Round round(String runtime, int frames, List<byte[]> images) throws Exception {
        Path data = Files.createTempDirectory("runtime-choice-");
        List<String> log = new CopyOnWriteArrayList<>();
        Map<String, Long> init = new ConcurrentHashMap<>();
        Map<String, Double> persisted = new ConcurrentHashMap<>();
        List<Double> inference = new ArrayList<>();
        List<Double> persistence = new ArrayList<>();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (LocalPipeline stack = LocalPipeline.start(LocalPipeline.Options.defaults()
                .withApiPort(0)
                .withDataDir(data)
                .withRuntime(runtime)
                .withCameraLimits(LocalPipeline.CameraLimits.UNBOUNDED)
                .withLog(line -> {
                    log.add(line);
                    Matcher m = INIT.matcher(line);
                    if (m.find()) {
                        init.putIfAbsent(m.group(1), Long.parseLong(m.group(2)));
                    }
                    Matcher p = PERSISTED.matcher(line);
                    if (p.find()) {
                        JsonNode json = readTree(p.group(1));
                        persisted.put(
                                json.get("frameId").asText(), json.get("ms").asDouble());
                    }
                }))) {
            for (int i = 0; i < frames; i++) {
                String name = String.format("Tiensevest_Leuven_Belgium_12-10-2022_10-%02d-%02d.jpg", i / 60, i % 60);
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(stack.endpoints().api() + "/frames/" + name))
                                .timeout(Duration.ofSeconds(60))
                                .header("Content-Type", "image/jpeg")
                                .header("Authorization", stack.cameraKeys().authorizationFor(name))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(images.get(i % images.size())))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(
                            "frame " + i + ": HTTP " + response.statusCode() + " " + response.body());
                }
                String timing = response.headers().firstValue("Server-Timing").orElseThrow();
                inference.add(duration(timing, "total") - duration(timing, "model"));
                String frameId =
                        Json.mapper().readTree(response.body()).get("frameId").asText();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!persisted.containsKey(
                        frameId)) { // bounded: the frame is stored within a minute or the run fails
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("frame " + frameId + " was not stored within 60 s");
                    }
                    Thread.sleep(5);
                }
                persistence.add(persisted.get(frameId));
            }
        } catch (RuntimeException | java.io.IOException e) {
            log.stream().skip(Math.max(0, log.size() - 20)).forEach(System.err::println);
            throw e;
        }
        return new Round(runtime, init, inference, persistence);
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double duration(String serverTiming, String metric) {
        Matcher m = Pattern.compile("\\b" + metric + ";dur=([0-9.]+)").matcher(serverTiming);
        if (!m.find()) {
            throw new IllegalStateException("no " + metric + " in Server-Timing: " + serverTiming);
        }
        return Double.parseDouble(m.group(1));
    }

    private static String describe(List<Double> values) {
        return "first " + values.subList(0, Math.min(3, values.size())) + ", then median "
                + String.format(
                        "%.1f", new Percentiles(values.subList(Math.min(10, values.size()), values.size())).at(50));
    }

    private static String medians(
            List<Round> rounds, java.util.function.Function<Round, List<Double>> series, int from, int to) {
        return rounds.stream()
                .map(r -> {
                    List<Double> values = series.apply(r);
                    return String.format(
                            "%.1f",
                            new Percentiles(values.subList(Math.min(from, values.size()), Math.min(to, values.size())))
                                    .at(50));
                })
                .toList()
                .toString();
    }
}
