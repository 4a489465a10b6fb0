package dev.trafficcam.loadtests;

import dev.trafficcam.inference.testing.AwsLoopback;
import dev.trafficcam.inference.testing.InferenceTestConfig;
import dev.trafficcam.inference.testing.TestFrames;
import dev.trafficcam.local.lambda.DeployedFunction;
import dev.trafficcam.model.functions.LambdaFunctions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The inference function's memory size: its deployed jar in a JVM launched as Lambda's runtime launches it (its JVM
 * options, {@code -XX:MaxRAM} of the size), handling the same real street frame {@code FRAMES} times as one warm
 * environment handles a camera, against an instant loopback model. For each size, the peak resident memory
 * ({@code VmHWM}) and the CPU time per frame over the second half. What this cannot measure: Lambda gives a function
 * CPU in proportion to its memory (one vCPU at 1,769 MB), which a JVM here does not feel; the wall time there is this
 * CPU time stretched by 1,769 / size below that.
 *
 * <pre>./mvnw -q -pl loadtests exec:java -Dexec.classpathScope=test
 *     -Dexec.mainClass=dev.trafficcam.loadtests.MemorySizes -Dexec.args="INFERENCE_JAR [FRAMES]"</pre>
 */
public final class MemorySizes {
    private MemorySizes() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]).toAbsolutePath();
        int frames = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        Path work = Files.createTempDirectory("memory-sizes");
        Path frame = work.resolve("frame.jpg");
        Files.write(frame, TestFrames.frame(TestFrames.STREET_220));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> launch =
                DeployedFunction.Launch.runtime(LambdaFunctions.INFERENCE).jvmOptions();
        System.out.printf(
                "inference jar %s, %d frames per size, %s, options %s%n",
                jar.getFileName(), frames, Runtime.version(), launch);
        try (AwsLoopback aws =
                new AwsLoopback().sageMakerReplies(AwsLoopback.Reply.json(200, HandlerOverhead.ANSWER))) {
            Map<String, String> env = InferenceTestConfig.environment(aws);
            env.put("AWS_ACCESS_KEY_ID", "test-key");
            env.put("AWS_SECRET_ACCESS_KEY", "test-secret");
            for (int size : List.of(512, 1024, 1536)) {
                List<String> command = new ArrayList<>(List.of(java, "-XX:MaxRAM=" + size + "m"));
                command.addAll(launch);
                command.addAll(List.of(
                        "-cp",
                        jar.toString(),
                        "dev.trafficcam.inference.InvokeOnce",
                        frame.toString(),
                        "tiensevest_Leuven_Belgium_12-10-2022_10-51-38.jpg",
                        String.valueOf(frames)));
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
                builder.environment().putAll(env);
                Process process = builder.start();
                String figures = null;
                String status = null;
                try (BufferedReader out =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        if (line.startsWith("frames ")) {
                            figures = line;
                        } else if (line.startsWith("HTTP ")) {
                            status = line.substring(0, 8);
                        }
                    }
                }
                if (!process.waitFor(300, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(size + " MB: the JVM did not finish within 300 s");
                }
                System.out.printf("  %5d MB: %s (last answer %s)%n", size, figures, status);
            }
        } finally {
            Files.deleteIfExists(frame);
            Files.deleteIfExists(work);
        }
    }
}
