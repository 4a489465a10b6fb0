package dev.trafficcam.loadtests;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.inference.testing.AwsLoopback;
import dev.trafficcam.inference.testing.InferenceTestConfig;
import dev.trafficcam.inference.testing.Requests;
import dev.trafficcam.inference.testing.TestFrames;
import dev.trafficcam.local.lambda.Artifacts;
import dev.trafficcam.local.lambda.ContainerCredentials;
import dev.trafficcam.local.lambda.DeployedFunction;
import dev.trafficcam.local.lambda.DeployedFunction.Launch;
import dev.trafficcam.model.Json;
import dev.trafficcam.model.functions.DetectorThresholds;
import dev.trafficcam.model.functions.FunctionSpec;
import dev.trafficcam.model.functions.LambdaFunctions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inference function's first answer in a new execution environment, on the real-process path: its deployed jar
 * unpacked into a task root, a JVM started as the managed runtime starts one (runtime interface client, Lambda's
 * environment, container credentials), init, then one API Gateway event with a real street frame. Timed from the JVM's
 * launch to the answer coming back from the Runtime API; SageMaker and Lambda are an instant loopback stand-in, so the
 * figure is the function's own. Launches compared, one run of each in turn (so drift spreads over all of them):
 *
 * <ol>
 *   <li>the JVM's defaults;
 *   <li>the options the java21 runtime adds (serial collector, {@code -Xshare:auto}, C1 only);
 *   <li>those plus a dynamic AppCDS archive, made by one training environment (three frames, then {@code jcmd VM.cds
 *       dynamic_dump}) and given in {@code JAVA_TOOL_OPTIONS};
 *   <li>those without {@code -Xshare:auto} plus a JDK AOT cache (JEP 483/514/515; JDK 24+), made the same way
 *       ({@code -XX:AOTCacheOutput}, then {@code jcmd AOT.end_recording});
 *   <li>the runtime's options with SnapStart's hooks run during init ({@code AWS_LAMBDA_INITIALIZATION_TYPE =
 *       snap-start}): the priming a snapshot would hold, paid here in init since nothing is restored.
 * </ol>
 *
 * It also counts, in one logged run per archive, how many of the classes loaded came from the archive, by their class
 * loader: the runtime loads a function's classes with its own loader ({@code CustomerClassLoader}), which a JDK archive
 * may not cover.
 *
 * <pre>./mvnw -q -pl loadtests test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.trafficcam.loadtests.FirstAnswer -Dexec.args="7"</pre>
 */
public final class FirstAnswer {
    private static final String FRAME_NAME = "Main Street 5_Leuven_Belgium_12-10-2022_10-51-38.jpg";
    private static final Pattern CLASS_LOAD = Pattern.compile("\\[class,load\\s*] (\\S+) source: (.+)$");

    private FirstAnswer() {}

    record Sample(double firstAnswerMs, long initMs) {
        double invocationMs() {
            return firstAnswerMs - initMs;
        }
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Artifacts artifacts = Artifacts.find();
        FunctionSpec primed = LambdaFunctions.INFERENCE;
        FunctionSpec onDemand = new FunctionSpec(
                primed.name(),
                primed.module(),
                primed.handler(),
                primed.runtime(),
                primed.memoryMb(),
                primed.timeout(),
                false,
                primed.reservedConcurrency(),
                primed.environment());
        Path jar = artifacts.jar(primed);
        Path work = Files.createTempDirectory("first-answer");
        byte[] payload =
                Json.mapper().writeValueAsBytes(Requests.postJpeg(FRAME_NAME, TestFrames.frame(TestFrames.STREET_220)));

        try (AwsLoopback aws = new AwsLoopback().sageMakerReplies(AwsLoopback.Reply.json(200, HandlerOverhead.ANSWER));
                ContainerCredentials credentials = new ContainerCredentials("test-key", "test-secret")) {
            Map<String, String> env = InferenceTestConfig.environment(aws);
            env.put("MIN_SCORES", DetectorThresholds.DEPLOYED.text());
            // as the stack deploys it: Lambda sets the region; the model settings keep their defaults
            List.of("AWS_REGION", "MODEL_TIMEOUT_MS", "MODEL_ATTEMPT_TIMEOUT_MS", "MODEL_MAX_ATTEMPTS")
                    .forEach(env::remove);
            Environment environment = new Environment(artifacts, jar, work, env, credentials, payload);

            Launch lambda = Launch.runtime(onDemand);
            // JDK 25 refuses every -XX:AOT* option beside -Xshare:auto ("cannot be used at the same time with
            // -Xshare:on, -Xshare:auto, ..."), which the runtime's launch line has: the AOT cache runs without it
            Launch lambdaWithoutXshare = lambda.without("-Xshare:auto");
            Path jsa = work.resolve("inference.jsa");
            Path aot = work.resolve("inference.aot");
            environment.train(
                    onDemand,
                    lambda.withJavaToolOptions("-XX:+RecordDynamicDumpInfo"),
                    jsa,
                    List.of("VM.cds", "dynamic_dump", jsa.toString()));
            environment.train(
                    onDemand,
                    lambdaWithoutXshare.withJavaToolOptions("-XX:AOTCacheOutput=" + aot),
                    aot,
                    List.of("AOT.end_recording"));

            Map<String, Mode> modes = new LinkedHashMap<>();
            modes.put("JVM defaults", new Mode(onDemand, Launch.jvmDefaults()));
            modes.put("java21 runtime options (serial GC, C1 only)", new Mode(onDemand, lambda));
            modes.put(
                    "+ AppCDS archive (JAVA_TOOL_OPTIONS)",
                    new Mode(onDemand, lambda.withJavaToolOptions("-XX:SharedArchiveFile=" + jsa)));
            modes.put(
                    "+ JDK AOT cache (JAVA_TOOL_OPTIONS; without -Xshare:auto)",
                    new Mode(onDemand, lambdaWithoutXshare.withJavaToolOptions("-XX:AOTCache=" + aot)));
            modes.put("runtime options + SnapStart priming in init", new Mode(primed, Launch.runtime(primed)));

            System.out.printf(
                    "first answer of a new inference environment; %s %s; jar %s (%d bytes); %d runs each%n",
                    System.getProperty("java.home"), Runtime.version(), jar.getFileName(), Files.size(jar), runs);
            for (var mode : List.of(
                    "+ AppCDS archive (JAVA_TOOL_OPTIONS)",
                    "+ JDK AOT cache (JAVA_TOOL_OPTIONS; without -Xshare:auto)")) {
                System.out.println(
                        "  classes from the archive, " + mode + ": " + environment.classSources(modes.get(mode), work));
            }
            Map<String, List<Sample>> samples = new LinkedHashMap<>();
            modes.keySet().forEach(k -> samples.put(k, new ArrayList<>()));
            for (int i = 0; i < runs; i++) {
                for (var mode : modes.entrySet()) {
                    samples.get(mode.getKey()).add(environment.firstAnswer(mode.getValue()));
                }
            }
            System.out.println();
            System.out.println(
                    "| launch | first answer, ms median (min-max) | of which init, ms median | first invocation, ms median |");
            System.out.println("| --- | --- | --- | --- |");
            for (var entry : samples.entrySet()) {
                Percentiles total = new Percentiles(
                        entry.getValue().stream().map(Sample::firstAnswerMs).toList());
                Percentiles init = new Percentiles(
                        entry.getValue().stream().map(s -> (double) s.initMs()).toList());
                Percentiles invocation = new Percentiles(
                        entry.getValue().stream().map(Sample::invocationMs).toList());
                System.out.printf(
                        "| %s | %.0f (%.0f-%.0f) | %.0f | %.0f |%n",
                        entry.getKey(), total.at(50), total.min(), total.max(), init.at(50), invocation.at(50));
            }
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    record Mode(FunctionSpec spec, Launch launch) {}

    /** Starts environments of the inference function and times their first answer. */
    private record Environment(
            Artifacts artifacts,
            Path jar,
            Path work,
            Map<String, String> env,
            ContainerCredentials credentials,
            byte[] payload) {

        Sample firstAnswer(Mode mode) throws Exception {
            try (DeployedFunction function = new DeployedFunction(
                    mode.spec(),
                    "eu-west-1",
                    jar,
                    work,
                    artifacts.runtimeClasspath(),
                    env,
                    credentials,
                    1,
                    line -> {},
                    mode.launch())) {
                long start = System.nanoTime();
                DeployedFunction.Invocation invocation = function.invoke(payload);
                double elapsed = (System.nanoTime() - start) / 1e6;
                JsonNode answer = Json.mapper().readTree(invocation.payload());
                if (answer.path("statusCode").asInt() != 200 || !invocation.cold()) {
                    throw new IllegalStateException(
                            "the first invocation did not answer 200 from a new environment: " + answer);
                }
                return new Sample(elapsed, invocation.coldStartMillis());
            }
        }

        /**
         * One environment with the training options and three frames; then, while it lives, {@code jcmd} makes it write
         * its archive. Not at exit: the runtime interface client's native code aborts the JVM on SIGTERM (exit status
         * 134) and crashes it (SIGSEGV) when its Runtime API connection is dropped, so it never exits cleanly enough to
         * write an archive at exit.
         */
        void train(FunctionSpec spec, Launch launch, Path archive, List<String> jcmd) throws Exception {
            List<String> output = new java.util.concurrent.CopyOnWriteArrayList<>();
            try (DeployedFunction function = new DeployedFunction(
                    spec,
                    "eu-west-1",
                    jar,
                    work,
                    artifacts.runtimeClasspath(),
                    env,
                    credentials,
                    1,
                    output::add,
                    launch)) {
                for (int i = 0; i < 3; i++) {
                    function.invoke(payload);
                }
                long pid = ProcessHandle.current()
                        .descendants()
                        .filter(p -> p.info()
                                .arguments()
                                .map(a -> List.of(a).contains(DeployedFunction.RUNTIME_MAIN))
                                .orElse(false))
                        .mapToLong(ProcessHandle::pid)
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("no running environment to train"));
                List<String> command = new ArrayList<>(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
                command.addAll(jcmd);
                Process process =
                        new ProcessBuilder(command).redirectErrorStream(true).start();
                String said = new String(process.getInputStream().readAllBytes());
                if (!process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed: " + said);
                }
                // AOT.end_recording hands the cache's assembly to a child JVM; wait for its file
                for (int i = 0; i < 600 && !(Files.isRegularFile(archive) && Files.size(archive) > 0); i++) {
                    Thread.sleep(100);
                }
                Thread.sleep(1000);
            } catch (Exception e) {
                throw new IllegalStateException(
                        "the training environment failed: " + e.getMessage() + "\n" + String.join("\n", output), e);
            }
            if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
                throw new IllegalStateException("the training environment wrote no archive at " + archive);
            }
        }

        /** Runs one environment logging its class loading, and counts classes by where they came from. */
        String classSources(Mode mode, Path dir) throws Exception {
            Path log = dir.resolve("class-load.log");
            Files.deleteIfExists(log);
            Launch logged = mode.launch()
                    .withJavaToolOptions(
                            mode.launch().javaToolOptions().orElse("") + " -Xlog:class+load=info:file=" + log);
            firstAnswer(new Mode(mode.spec(), logged));
            int fromArchive = 0;
            int functionFromArchive = 0;
            int function = 0;
            int all = 0;
            for (String line : Files.readAllLines(log)) {
                Matcher m = CLASS_LOAD.matcher(line);
                if (!m.find()) {
                    continue;
                }
                all++;
                boolean shared = m.group(2).contains("shared objects file");
                // the function's own code: what only its jar (the task root) holds
                boolean functionCode =
                        isFunctionClass(m.group(1)) && !m.group(2).contains("lambda-runtime");
                fromArchive += shared ? 1 : 0;
                function += functionCode ? 1 : 0;
                functionFromArchive += functionCode && shared ? 1 : 0;
            }
            return String.format(
                    "%d of %d classes loaded; of the function's own (task root) %d, %d from the archive",
                    fromArchive, all, function, functionFromArchive);
        }

        private static boolean isFunctionClass(String name) {
            return name.startsWith("dev.trafficcam.")
                    || name.startsWith("software.amazon.awssdk.")
                    || name.startsWith("com.fasterxml.");
        }
    }
}
