package dev.trafficcam.local.lambda;

import dev.trafficcam.model.functions.FunctionSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A function as Lambda runs it: its deployed jar, unpacked as Lambda unpacks it into the task root, run by a pool of
 * {@link ExecutionEnvironment}s. A warm environment is reused (the most recently used first); when none is free a new
 * one starts cold, up to the function's reserved concurrency (and the local cap); beyond that an invocation waits for a
 * free one.
 *
 * <p>Each environment is a JVM started as the managed java21 runtime starts one: the runtime interface client's jars on
 * the class path, the function's code loaded from the task root (the working directory) by the client's class loader,
 * the function's memory as the JVM's RAM, the serial collector, tiered compilation as the runtime sets it
 * ({@link #runtimeJvmOptions}), and {@code -Dorg.crac.Core.Compat} pointing org.crac at the client's own CRaC context,
 * which runs the SnapStart hooks. The launch line is the one a java17 runtime was seen to use (a capture published as a
 * Lambda wrapper script's comment); AWS documents the tiered-compilation default ("Customize Java runtime startup
 * behavior"). The environment has only Lambda's variables (developer guide, "Defined runtime environment variables"),
 * the function's own, and container credentials (as Lambda gives a SnapStart function).
 */
public final class DeployedFunction implements AutoCloseable {
    /** The managed runtime's JVM options (see the class comment), before the function's JAVA_TOOL_OPTIONS. */
    static final List<String> RUNTIME_JVM_OPTIONS = List.of(
            "-XX:+UseSerialGC",
            "-Xshare:auto",
            "-XX:+TieredCompilation",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac",
            "-Djava.net.preferIPv4Stack=true",
            "-XX:+ErrorFileToStderr",
            "--enable-native-access=ALL-UNNAMED");

    /**
     * The runtime's options for this function. java17 and java21 stop tiered compilation at level 1; java25 does too,
     * "except when using SnapStart or provisioned concurrency", where it keeps the JVM's default so that compilation
     * during priming reaches C2 before the snapshot (Lambda developer guide, "Customize Java runtime startup behavior",
     * tiered compilation).
     */
    static List<String> runtimeJvmOptions(FunctionSpec spec) {
        List<String> options = new ArrayList<>(RUNTIME_JVM_OPTIONS);
        if (!(spec.runtime().equals("java25") && spec.snapStart())) {
            options.add(options.indexOf("-XX:+TieredCompilation") + 1, "-XX:TieredStopAtLevel=1");
        }
        return options;
    }
    /**
     * How the environments' JVMs are launched: the options before the runtime's main class, a {@code JAVA_TOOL_OPTIONS}
     * (the documented way to add JVM options to a managed Java runtime; Lambda developer guide, "Customize Java runtime
     * startup behavior"). The local stack launches as the runtime does ({@link #runtime}); the cold-start harness
     * compares others.
     */
    public record Launch(List<String> jvmOptions, Optional<String> javaToolOptions) {
        public Launch {
            jvmOptions = List.copyOf(jvmOptions);
        }

        /** As the managed runtime launches this function. */
        public static Launch runtime(FunctionSpec spec) {
            return new Launch(runtimeJvmOptions(spec), Optional.empty());
        }

        /**
         * The runtime's launch without its start-up tuning (serial collector, CDS, tiered-compilation limits): the
         * JVM's defaults, with the options the client needs to run at all.
         */
        public static Launch jvmDefaults() {
            return new Launch(
                    RUNTIME_JVM_OPTIONS.stream()
                            .filter(o -> !o.equals("-XX:+UseSerialGC")
                                    && !o.equals("-Xshare:auto")
                                    && !o.equals("-XX:+TieredCompilation"))
                            .toList(),
                    Optional.empty());
        }

        public Launch withJavaToolOptions(String options) {
            return new Launch(jvmOptions, Optional.of(options));
        }

        public Launch without(String option) {
            return new Launch(jvmOptions.stream().filter(o -> !o.equals(option)).toList(), javaToolOptions);
        }
    }

    /** The runtime interface client's main class, which every environment's JVM runs. */
    public static final String RUNTIME_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    static final String NATIVE_CLIENT_PROPERTY =
            "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
    /**
     * Generous for a shared 2-core machine; Lambda allows 10 s of init on demand (longer when publishing a SnapStart
     * version).
     */
    static final Duration INIT_TIMEOUT = Duration.ofSeconds(60);

    /** An invocation's answer, and the init time of the environment it started, when it was cold. */
    public record Invocation(byte[] payload, long coldStartMillis) {
        public boolean cold() {
            return coldStartMillis >= 0;
        }
    }

    private final FunctionSpec spec;
    private final String region;
    private final Path taskRoot;
    private final Path nativeClient;
    private final List<Path> runtimeClasspath;
    private final Map<String, String> functionEnvironment;
    private final ContainerCredentials credentials;
    private final Consumer<String> log;
    private final Launch launch;
    private final int maxEnvironments;
    private final Deque<ExecutionEnvironment> idle = new ArrayDeque<>();
    private final List<ExecutionEnvironment> all = new ArrayList<>();
    private final AtomicInteger started = new AtomicInteger();
    private int live;
    private boolean closed;

    /**
     * @param jar the deployed jar ({@code <module>/target/<module>-*-lambda.jar})
     * @param workDir where its task root is unpacked (replaced at each start)
     * @param runtimeClasspath the runtime interface client and its dependencies
     * @param functionEnvironment the function's own variables, checked against its spec
     * @param localCap at most this many environments here, whatever the reserved concurrency
     */
    public DeployedFunction(
            FunctionSpec spec,
            String region,
            Path jar,
            Path workDir,
            List<Path> runtimeClasspath,
            Map<String, String> functionEnvironment,
            ContainerCredentials credentials,
            int localCap,
            Consumer<String> log)
            throws IOException {
        this(
                spec,
                region,
                jar,
                workDir,
                runtimeClasspath,
                functionEnvironment,
                credentials,
                localCap,
                log,
                Launch.runtime(spec));
    }

    /** As above, with JVMs launched another way (to measure what a launch option is worth). */
    public DeployedFunction(
            FunctionSpec spec,
            String region,
            Path jar,
            Path workDir,
            List<Path> runtimeClasspath,
            Map<String, String> functionEnvironment,
            ContainerCredentials credentials,
            int localCap,
            Consumer<String> log,
            Launch launch)
            throws IOException {
        this.launch = launch;
        this.spec = spec;
        this.region = region;
        this.taskRoot = unpack(jar, workDir.resolve(spec.name()).resolve("task"));
        this.nativeClient =
                nativeClient(runtimeClasspath, workDir.resolve(spec.name()).resolve("runtime"));
        this.runtimeClasspath = List.copyOf(runtimeClasspath);
        this.functionEnvironment = spec.environment(functionEnvironment);
        this.credentials = credentials;
        this.log = log;
        this.maxEnvironments = Math.min(localCap, spec.reservedConcurrency().orElse(Integer.MAX_VALUE));
    }

    public FunctionSpec spec() {
        return spec;
    }

    public String arn() {
        return "arn:aws:lambda:" + region + ":000000000000:function:" + spec.name();
    }

    /** Environments started so far (each one a cold start). */
    public int environmentsStarted() {
        return started.get();
    }

    /** Runs one invocation in a warm environment, or in a new one. */
    public Invocation invoke(byte[] payload) throws FunctionError, IOException {
        ExecutionEnvironment env = acquire();
        long coldStart = -1;
        if (env == null) {
            try {
                env = startEnvironment();
            } catch (FunctionError | IOException | RuntimeException e) {
                release(null);
                throw e;
            }
            coldStart = env.initMillis();
        }
        try {
            ExecutionEnvironment.Answer answer = env.invoke(UUID.randomUUID().toString(), payload, spec.timeout());
            if (answer.error()) {
                throw new FunctionError(answer.payload(), null);
            }
            return new Invocation(answer.payload(), coldStart);
        } finally {
            release(env);
        }
    }

    private synchronized ExecutionEnvironment acquire() {
        while (true) {
            if (closed) {
                throw new IllegalStateException(spec.name() + " is stopped");
            }
            if (!idle.isEmpty()) {
                return idle.pop();
            }
            if (live < maxEnvironments) {
                live++;
                return null; // the caller starts a new one
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for an environment of " + spec.name());
            }
        }
    }

    private synchronized void release(ExecutionEnvironment env) {
        if (env != null && env.alive() && !closed) {
            idle.push(env);
        } else {
            live--;
            if (env != null) {
                all.remove(env);
                env.close();
            }
        }
        notifyAll();
    }

    private ExecutionEnvironment startEnvironment() throws IOException, FunctionError {
        int n = started.incrementAndGet();
        String label = spec.name() + "[" + n + "]";
        Map<String, String> env = new HashMap<>(lambdaEnvironment(n));
        env.putAll(functionEnvironment);
        launch.javaToolOptions().ifPresent(options -> env.put("JAVA_TOOL_OPTIONS", options));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:MaxRAM=" + spec.memoryMb() + "m");
        command.addAll(launch.jvmOptions());
        command.add("-D" + NATIVE_CLIENT_PROPERTY + "=" + nativeClient);
        command.add("-classpath");
        command.add(String.join(
                java.io.File.pathSeparator,
                runtimeClasspath.stream().map(Path::toString).toList()));
        command.add(RUNTIME_MAIN);
        command.add(spec.handler());
        ExecutionEnvironment environment;
        try {
            environment = ExecutionEnvironment.start(label, arn(), command, env, taskRoot, INIT_TIMEOUT, log);
        } catch (FunctionError e) {
            log.accept("lambda " + label + ": init failed: " + e.getMessage());
            throw e;
        }
        synchronized (this) {
            all.add(environment);
        }
        log.accept("lambda " + label + ": new environment, init " + environment.initMillis() + " ms"
                + (spec.snapStart()
                        ? (environment.restored() ? " (SnapStart hooks ran)" : " (SnapStart hooks NOT run)")
                        : ""));
        return environment;
    }

    /** The variables Lambda sets in every environment (developer guide, "Defined runtime environment variables"). */
    private Map<String, String> lambdaEnvironment(int n) {
        Map<String, String> env = new HashMap<>();
        env.put("_HANDLER", spec.handler());
        env.put("AWS_REGION", region);
        env.put("AWS_DEFAULT_REGION", region);
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + spec.runtime());
        env.put("AWS_LAMBDA_FUNCTION_NAME", spec.name());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(spec.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", spec.snapStart() ? "1" : "$LATEST");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", spec.snapStart() ? "snap-start" : "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + spec.name());
        env.put(
                "AWS_LAMBDA_LOG_STREAM_NAME",
                LocalDate.now() + "/[" + env.get("AWS_LAMBDA_FUNCTION_VERSION") + "]" + n);
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put(
                "LAMBDA_RUNTIME_DIR",
                runtimeClasspath.isEmpty()
                        ? ""
                        : runtimeClasspath.getFirst().getParent().toString());
        env.put("TZ", ":UTC");
        env.put("LANG", "en_US.UTF-8");
        env.put("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin");
        env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentials.uri().toString());
        env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", credentials.issueToken());
        return env;
    }

    /**
     * The runtime interface client's JNI library, unpacked once, as the managed runtime has it in /var/runtime/lib/jni
     * and names it with this property. Without it every process unpacks the library to the one fixed path
     * /tmp/.libaws-lambda-jni.so (the client's {@code JniHelper}), which is safe in a sandbox of its own but not here:
     * environments starting at once overwrote it while another loaded it, and the JVM aborted (exit status 134).
     */
    static Path nativeClient(List<Path> runtimeClasspath, Path dir) throws IOException {
        String library = "libaws-lambda-jni.linux-x86_64.so";
        Path client = runtimeClasspath.stream()
                .filter(p -> p.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client"))
                .findFirst()
                .orElseThrow(() -> new IOException("no runtime interface client in " + runtimeClasspath));
        Path target = dir.resolve("jni").resolve(library);
        Files.createDirectories(target.getParent());
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(client.toFile())) {
            ZipEntry entry = zip.getEntry("jni/" + library);
            if (entry == null) {
                throw new IOException("no jni/" + library + " in " + client);
            }
            try (InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target;
    }

    /** Unpacks the jar as Lambda unpacks a deployment package: its entries under the task root. */
    static Path unpack(Path jar, Path taskRoot) throws IOException {
        if (Files.exists(taskRoot)) {
            try (Stream<Path> old = Files.walk(taskRoot)) {
                old.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        Files.createDirectories(taskRoot);
        try (InputStream in = Files.newInputStream(jar);
                ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = taskRoot.resolve(entry.getName()).normalize();
                if (!target.startsWith(taskRoot)) {
                    throw new IOException("entry outside the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return taskRoot;
    }

    /**
     * Fault injection: every execution environment's process is killed (SIGKILL), busy or idle; an invocation in one
     * ends with {@code Runtime.ExitError}, and the next invocation starts a new environment.
     *
     * @return how many were killed
     */
    public int killEnvironments() {
        List<ExecutionEnvironment> victims;
        synchronized (this) {
            victims = new ArrayList<>(all);
        }
        victims.forEach(ExecutionEnvironment::kill);
        return victims.size();
    }

    @Override
    public void close() {
        List<ExecutionEnvironment> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>(all);
            all.clear();
            idle.clear();
            notifyAll();
        }
        toClose.forEach(ExecutionEnvironment::close);
    }
}
