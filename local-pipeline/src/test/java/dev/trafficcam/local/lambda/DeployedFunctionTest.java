package dev.trafficcam.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trafficcam.model.functions.FunctionSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SnapStart hooks on the real-process path: a function jar with org.crac and {@link HookedHandler}, run by the runtime
 * interface client as the local stack runs every function. Lambda runs {@code beforeCheckpoint} when it publishes a
 * version and {@code afterRestore} before the first invocation; a hook that throws fails the publish, here the
 * environment's init.
 */
class DeployedFunctionTest {
    private static final FunctionSpec HOOKED = spec("java21", true);

    @TempDir
    Path dir;

    @Test
    void theHooksRunBeforeTheFirstInvocation() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        try (ContainerCredentials credentials = new ContainerCredentials("test-access", "test-secret");
                DeployedFunction function = deploy("run", credentials, log)) {
            DeployedFunction.Invocation first = function.invoke("{}".getBytes(StandardCharsets.UTF_8));

            assertThat(new String(first.payload(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"checkpointed\":true,\"restored\":true}");
            assertThat(first.cold()).isTrue();
            assertThat(log)
                    .anySatisfy(line -> assertThat(line)
                            .startsWith("lambda hooked[1]: new environment, init ")
                            .endsWith("(SnapStart hooks ran)"));
        }
    }

    @Test
    void aHookThatThrowsFailsTheInitAsItWouldFailThePublish() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        try (ContainerCredentials credentials = new ContainerCredentials("test-access", "test-secret");
                DeployedFunction function = deploy("throw", credentials, log)) {
            FunctionError error = catchThrowableOfType(
                    FunctionError.class, () -> function.invoke("{}".getBytes(StandardCharsets.UTF_8)));

            assertThat(error).as("the invocation never ran").isNotNull();
            // the runtime client reports init/error with its CheckpointException (the
            // hook's exception is suppressed in it)
            assertThat(new String(error.payload(), StandardCharsets.UTF_8))
                    .contains("\"errorType\":\"com.amazonaws.services.lambda.crac.CheckpointException\"")
                    .contains("executeBeforeCheckpointHooks");
            assertThat(log)
                    .anySatisfy(line -> assertThat(line).startsWith("lambda hooked[1]: init failed: "))
                    .noneSatisfy(line -> assertThat(line).contains("new environment"));
        }
    }

    @Test
    void theRuntimeDecidesWhetherCompilationStopsAtC1() {
        FunctionSpec java25 = spec("java25", true);
        FunctionSpec java25Plain = spec("java25", false);
        assertThat(DeployedFunction.runtimeJvmOptions(HOOKED)).contains("-XX:TieredStopAtLevel=1");
        assertThat(DeployedFunction.runtimeJvmOptions(java25Plain)).contains("-XX:TieredStopAtLevel=1");
        assertThat(DeployedFunction.runtimeJvmOptions(java25))
                .doesNotContain("-XX:TieredStopAtLevel=1")
                .contains("-XX:+TieredCompilation", "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
    }

    @Test
    void anotherLaunchReachesTheJvmAsLambdaPassesJavaToolOptions() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        DeployedFunction.Launch launch =
                DeployedFunction.Launch.runtime(HOOKED).withJavaToolOptions("-Dtrafficcam.probe=1");
        try (ContainerCredentials credentials = new ContainerCredentials("test-access", "test-secret");
                DeployedFunction function = new DeployedFunction(
                        HOOKED,
                        "eu-west-1",
                        functionJar(),
                        dir,
                        Artifacts.find().runtimeClasspath(),
                        Map.of("HOOK", "run"),
                        credentials,
                        1,
                        log::add,
                        launch)) {
            assertThat(function.invoke("{}".getBytes(StandardCharsets.UTF_8)).cold())
                    .isTrue();
        }
        // the JVM says so on its standard error, which the environment logs
        assertThat(log)
                .anySatisfy(line -> assertThat(line).endsWith("Picked up JAVA_TOOL_OPTIONS: -Dtrafficcam.probe=1"));
        assertThat(DeployedFunction.Launch.jvmDefaults().jvmOptions())
                .doesNotContain("-XX:+UseSerialGC", "-Xshare:auto", "-XX:TieredStopAtLevel=1")
                .contains(
                        "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac",
                        "--enable-native-access=ALL-UNNAMED");
        assertThat(launch.without("-Xshare:auto").jvmOptions())
                .doesNotContain("-Xshare:auto")
                .contains("-XX:+UseSerialGC");
    }

    private static FunctionSpec spec(String runtime, boolean snapStart) {
        return new FunctionSpec(
                "hooked",
                "none",
                HookedHandler.class.getName() + "::handleRequest",
                runtime,
                256,
                Duration.ofSeconds(20),
                snapStart,
                OptionalInt.empty(),
                List.of("HOOK"));
    }

    /** The hooked function, with {@code HOOK} set as given, one environment at most. */
    private DeployedFunction deploy(String hook, ContainerCredentials credentials, List<String> log)
            throws IOException, URISyntaxException {
        return new DeployedFunction(
                HOOKED,
                "eu-west-1",
                functionJar(),
                dir,
                Artifacts.find().runtimeClasspath(),
                Map.of("HOOK", hook),
                credentials,
                1,
                log::add);
    }

    /** The function's deployment package: the handler, and org.crac as the real jars shade it. */
    private Path functionJar() throws IOException, URISyntaxException {
        Path jar = dir.resolve("hooked-lambda.jar");
        String handler = HookedHandler.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                InputStream classFile = HookedHandler.class.getClassLoader().getResourceAsStream(handler);
                JarFile crac = new JarFile(Path.of(org.crac.Core.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI())
                        .toFile())) {
            out.putNextEntry(new JarEntry(handler));
            classFile.transferTo(out);
            for (Enumeration<JarEntry> entries = crac.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().startsWith("org/crac/") && !entry.isDirectory()) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    crac.getInputStream(entry).transferTo(out);
                }
            }
        }
        return jar;
    }
}
