package dev.trafficcam.loadtests;

import dev.trafficcam.loadtests.gatling.ArchitectureLoad;
import dev.trafficcam.local.LocalPipeline;
import dev.trafficcam.local.LocalPipeline.Architecture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * This design against the one it replaces, in one run, with Gatling: two local stacks side by side, one
 * {@link Architecture#SPLIT} (answer once the model has, store asynchronously) and one
 * {@link Architecture#SINGLE_FUNCTION} (store and annotate before answering), the same parts, jars and frames. After a
 * warm-up of each, for each number of cameras, a closed-model Gatling run ({@link ArchitectureLoad}: every camera sends
 * its next frame as soon as it has its answer) against one stack, then the same against the other, so that drift in the
 * shared machine falls on both. Per run: the response time the camera saw (Gatling's), the function's own total and the
 * model's time (its {@code Server-Timing}), their percentiles and the API/model ratio of medians; and, at the end, each
 * stack's failure queue, which must be empty (a hand-off that timed out would have gone there).
 *
 * <pre>./mvnw -q -pl loadtests test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.trafficcam.loadtests.Architectures -Dexec.args="60 1,9,18"</pre>
 */
public final class Architectures {
    private Architectures() {}

    record Run(Architecture architecture, int cameras, LoadReport.Stages stages) {}

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 60;
        int[] levels = Arrays.stream((args.length > 1 ? args[1] : "1,9,18").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        System.setProperty("gatling.data.enableAnalytics", "false");
        Path results = Path.of("target/gatling").toAbsolutePath();
        Map<Architecture, LocalPipeline> stacks = new EnumMap<>(Architecture.class);
        List<Run> runs = new ArrayList<>();
        try {
            for (Architecture a : Architecture.values()) {
                stacks.put(
                        a,
                        LocalPipeline.start(LocalPipeline.Options.defaults()
                                .withApiPort(0)
                                .withDataDir(Files.createTempDirectory(
                                        "architecture-" + a.name().toLowerCase()))
                                .withCameraLimits(LocalPipeline.CameraLimits.UNBOUNDED)
                                .withArchitecture(a)
                                .withLog(line -> {})));
            }
            for (Architecture a : Architecture.values()) {
                load(stacks.get(a), a, 1, 15, results); // warm-up: new environments, the detector's first runs
            }
            for (int cameras : levels) {
                for (Architecture a : Architecture.values()) {
                    Run run = new Run(a, cameras, load(stacks.get(a), a, cameras, seconds, results));
                    runs.add(run);
                    System.out.println(row(run));
                }
            }
            System.out.println();
            System.out.println(
                    "| architecture | cameras | requests (failed) | API p50 / p99, ms | function total p50 / p99, ms | model p50, ms | API p50 / model p50 |");
            System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
            runs.forEach(run -> System.out.println(row(run)));
            for (var entry : stacks.entrySet()) {
                LocalPipeline stack = entry.getValue();
                System.out.println(entry.getKey() + ": failure queue holds "
                        + LoadReport.queueDepth(
                                stack.endpoints().failureQueueUrl(),
                                Optional.of(stack.endpoints().sqs()))
                        + " messages; events still pending " + stack.pendingEvents());
            }
        } finally {
            stacks.values().forEach(LocalPipeline::close);
        }
    }

    private static LoadReport.Stages load(
            LocalPipeline stack, Architecture architecture, int cameras, long seconds, Path results) throws Exception {
        Path timings = results.resolve(
                "architecture-" + architecture.name().toLowerCase() + "-" + cameras + "-" + seconds + ".csv");
        Files.deleteIfExists(timings);
        System.setProperty("baseUrl", stack.endpoints().api().toString());
        System.setProperty("cameras", String.valueOf(cameras));
        System.setProperty("durationSeconds", String.valueOf(seconds));
        System.setProperty("timingsFile", timings.toString());
        System.setProperty("aws.accessKeyId", LocalPipeline.ACCESS_KEY); // LoadReport's SQS client: the default chain
        System.setProperty("aws.secretAccessKey", LocalPipeline.SECRET_KEY);
        int status = io.gatling.app.Gatling$.MODULE$.fromArgs(
                new String[] {"-s", ArchitectureLoad.class.getName(), "-rf", results.toString()});
        if (status != 0) {
            throw new IllegalStateException("Gatling exited with " + status);
        }
        return LoadReport.readTimings(timings);
    }

    private static String row(Run run) {
        Map<String, Percentiles> s = run.stages().stages();
        Percentiles api = s.get("client");
        Percentiles total = s.get("total");
        Percentiles model = s.get("model");
        return String.format(
                "| %s | %d | %d (%d) | %.0f / %.0f | %.0f / %.0f | %.0f | %.2f |",
                run.architecture() == Architecture.SPLIT
                        ? "split (this design)"
                        : "single function (the design it replaces)",
                run.cameras(),
                run.stages().requests(),
                run.stages().failed(),
                api.at(50),
                api.at(99),
                total.at(50),
                total.at(99),
                model.at(50),
                api.at(50) / model.at(50));
    }
}
