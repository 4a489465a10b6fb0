package dev.trafficcam.model.functions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * How one function is deployed: the single source that the CDK app and the local stack both read, so that what a
 * function gets in AWS and on this machine cannot drift apart.
 *
 * @param name the function's name in the local stack (in AWS, CloudFormation names it)
 * @param module the Maven module whose {@code target/<module>-*-lambda.jar} is the deployed code
 * @param handler Lambda's handler string
 * @param runtime Lambda's runtime identifier ({@code java21})
 * @param memoryMb memory size
 * @param timeout time-out of one invocation
 * @param snapStart SnapStart on published versions (runtime hooks run before the snapshot)
 * @param reservedConcurrency at most this many environments at once, if set
 * @param environment the names of the variables the function is given (their values differ by place)
 * @param architecture Lambda's instruction set, {@link #X86_64} or {@link #ARM64}. The local stack runs every function
 *     on this machine's own (docs/LOCAL.md, "What differs from AWS")
 */
public record FunctionSpec(
        String name,
        String module,
        String handler,
        String runtime,
        int memoryMb,
        Duration timeout,
        boolean snapStart,
        OptionalInt reservedConcurrency,
        List<String> environment,
        String architecture) {

    public static final String X86_64 = "x86_64";
    /** Graviton: the same memory costs a fifth less a second (Lambda pricing). */
    public static final String ARM64 = "arm64";

    /** A function on x86_64. */
    public FunctionSpec(
            String name,
            String module,
            String handler,
            String runtime,
            int memoryMb,
            Duration timeout,
            boolean snapStart,
            OptionalInt reservedConcurrency,
            List<String> environment) {
        this(name, module, handler, runtime, memoryMb, timeout, snapStart, reservedConcurrency, environment, X86_64);
    }

    /**
     * Variables only the local stack sets: the SDKs' endpoint overrides ({@code AWS_ENDPOINT_URL},
     * {@code AWS_ENDPOINT_URL_<SERVICE>}) and the local database's password (AWS uses IAM tokens).
     */
    public static boolean isLocalOnly(String variable) {
        return variable.equals("AWS_ENDPOINT_URL")
                || variable.startsWith("AWS_ENDPOINT_URL_")
                || variable.equals("DB_PASSWORD");
    }

    public FunctionSpec {
        environment = List.copyOf(environment);
        if (!architecture.equals(X86_64) && !architecture.equals(ARM64)) {
            throw new IllegalArgumentException(
                    "architecture of " + name + " is " + X86_64 + " or " + ARM64 + ", got " + architecture);
        }
    }

    /**
     * The function's environment from the given values, which must name every variable of {@link #environment()} and no
     * other (but the {@linkplain #isLocalOnly local-only} ones).
     *
     * @throws IllegalArgumentException naming what is missing or extra
     */
    public Map<String, String> environment(Map<String, String> values) {
        Set<String> missing = new TreeSet<>(environment);
        missing.removeAll(values.keySet());
        Set<String> extra = new TreeSet<>(values.keySet());
        environment.forEach(extra::remove);
        extra.removeIf(FunctionSpec::isLocalOnly);
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.add("missing " + missing);
        }
        if (!extra.isEmpty()) {
            problems.add("not in its spec " + extra);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("environment of " + name + ": " + String.join("; ", problems));
        }
        return new LinkedHashMap<>(values);
    }

    /**
     * The deployment package: the module's shaded jar, {@code <projectDir>/<module>/target/<module>-*-lambda.jar},
     * which the CDK app deploys and the local stack runs.
     *
     * @throws IllegalStateException when it is not built
     */
    public Path deployedJar(Path projectDir) {
        Path target = projectDir.resolve(module).resolve("target");
        try (Stream<Path> files = Files.isDirectory(target) ? Files.list(target) : Stream.empty()) {
            return files.filter(p -> p.getFileName().toString().startsWith(module + "-")
                            && p.getFileName().toString().endsWith("-lambda.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no built jar for " + module + " in "
                            + target.toAbsolutePath() + ": run ./mvnw package -DskipTests first"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
