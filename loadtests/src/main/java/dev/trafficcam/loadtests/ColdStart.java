package dev.trafficcam.loadtests;

import dev.trafficcam.inference.testing.AwsLoopback;
import dev.trafficcam.inference.testing.InferenceTestConfig;
import dev.trafficcam.inference.testing.TestFrames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Fresh JVM to the end of the first handled request, for the shaded inference jar: the JVM starts {@code InvokeOnce},
 * which builds the handler from its environment (the real SDK clients, pointed at an instant loopback stand-in run by
 * this harness) and handles one real street frame. Timed from process start to the answer's first output line. Three
 * ways: plain; with {@code -XX:TieredStopAtLevel=1} (as Lambda's java21 runtime sets by default); and with a dynamic
 * AppCDS archive (made by one training run) plus {@code -XX:TieredStopAtLevel=1}. Median of N runs each.
 *
 * <pre>java -cp loadtests/target/benchmarks.jar dev.trafficcam.loadtests.ColdStart JAR [RUNS]</pre>
 */
public final class ColdStart {
    private ColdStart() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ColdStart INFERENCE_LAMBDA_SHADED_JAR [RUNS]");
            System.exit(2);
        }
        Path jar = Path.of(args[0]).toAbsolutePath();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        if (!Files.isRegularFile(jar)) {
            System.err.println("no such jar: " + jar + " (build it with ./mvnw package -DskipTests)");
            System.exit(2);
        }
        Path work = Files.createTempDirectory("cold-start");
        Path frame = work.resolve("Main Street 5_Leuven_Belgium_12-10-2022_10-51-38.jpg");
        Files.write(frame, TestFrames.frame(TestFrames.STREET_220));
        Path archive = work.resolve("inference.jsa");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        try (AwsLoopback aws =
                new AwsLoopback().sageMakerReplies(AwsLoopback.Reply.json(200, HandlerOverhead.ANSWER))) {
            Map<String, String> env = InferenceTestConfig.environment(aws);
            env.put("AWS_ACCESS_KEY_ID", "test-key");
            env.put("AWS_SECRET_ACCESS_KEY", "test-secret");

            run(java, List.of("-XX:ArchiveClassesAtExit=" + archive), jar, frame, env); // AppCDS training run
            Map<String, List<String>> modes = new java.util.LinkedHashMap<>();
            modes.put("plain", List.of());
            modes.put("TieredStopAtLevel=1", List.of("-XX:TieredStopAtLevel=1"));
            modes.put(
                    "AppCDS + TieredStopAtLevel=1",
                    List.of("-XX:SharedArchiveFile=" + archive, "-XX:TieredStopAtLevel=1"));

            System.out.printf(
                    "fresh JVM -> end of first handled request; %s; jar %s (%d bytes); %d runs each%n",
                    java + " " + Runtime.version(), jar.getFileName(), Files.size(jar), runs);
            for (Map.Entry<String, List<String>> mode : modes.entrySet()) {
                List<Double> times = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    times.add(run(java, mode.getValue(), jar, frame, env));
                }
                Percentiles p = new Percentiles(times);
                System.out.printf(
                        "  %-30s median %.0f ms  (min %.0f, max %.0f; runs %s)%n",
                        mode.getKey(),
                        p.at(50),
                        p.min(),
                        p.max(),
                        times.stream().map(t -> String.valueOf(Math.round(t))).toList());
            }
        } finally {
            try (var files = Files.list(work)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(work);
        }
    }

    /** Starts one JVM and returns the milliseconds until it printed its answer. */
    private static double run(String java, List<String> flags, Path jar, Path frame, Map<String, String> env)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(flags);
        command.addAll(List.of("-cp", jar.toString(), "dev.trafficcam.inference.InvokeOnce", frame.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        double elapsed = -1;
        StringBuilder output = new StringBuilder();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (elapsed < 0 && line.startsWith("HTTP ")) {
                    elapsed = (System.nanoTime() - start) / 1e6;
                    if (!line.startsWith("HTTP 200")) {
                        throw new IllegalStateException("the cold invocation did not answer 200: " + line);
                    }
                }
                output.append(line).append('\n');
            }
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the cold-start JVM did not exit within 60 s");
        }
        if (elapsed < 0) {
            throw new IllegalStateException("the cold-start JVM printed no answer:\n" + output);
        }
        return elapsed;
    }
}
