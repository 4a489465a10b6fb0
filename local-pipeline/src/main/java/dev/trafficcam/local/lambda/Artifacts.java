package dev.trafficcam.local.lambda;

import dev.trafficcam.model.functions.FunctionSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the built artifacts are: the project directory, each function's deployed jar (the very file the CDK app
 * deploys, {@code <module>/target/<module>-*-lambda.jar}) and the runtime interface client's jars
 * ({@code local-pipeline/target/lambda-runtime}, copied there by the build).
 */
public final class Artifacts {
    /** Names the project directory when it cannot be found from where the classes are. */
    public static final String PROJECT_DIR_PROPERTY = "trafficcam.project.dir";

    private final Path projectDir;

    private Artifacts(Path projectDir) {
        this.projectDir = projectDir;
    }

    public static Artifacts find() {
        Optional<Path> fromProperty =
                Optional.ofNullable(System.getProperty(PROJECT_DIR_PROPERTY)).map(Path::of);
        Optional<Path> found = fromProperty.or(() -> projectAbove(codeSource())).or(() -> projectAbove(Path.of("")));
        return new Artifacts(found.orElseThrow(() -> new IllegalStateException(
                "cannot find the project directory (with inference-lambda/ and local-pipeline/) above " + codeSource()
                        + " or " + Path.of("").toAbsolutePath() + ": run from the project or set -D"
                        + PROJECT_DIR_PROPERTY)));
    }

    public Path projectDir() {
        return projectDir;
    }

    /** The deployed jar of a function, which must be built. */
    public Path jar(FunctionSpec function) {
        return function.deployedJar(projectDir);
    }

    /** The runtime interface client and its dependencies, as Lambda's java runtime has them in /var/runtime/lib. */
    public List<Path> runtimeClasspath() {
        Path dir = projectDir.resolve("local-pipeline").resolve("target").resolve("lambda-runtime");
        try (Stream<Path> files = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            List<Path> jars =
                    files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            if (jars.stream()
                    .noneMatch(
                            p -> p.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client"))) {
                throw new IllegalStateException(
                        "no runtime interface client in " + dir + ": run ./mvnw -pl local-pipeline package first");
            }
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path codeSource() {
        try {
            return Path.of(Artifacts.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("");
        }
    }

    private static Optional<Path> projectAbove(Path start) {
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("inference-lambda").resolve("pom.xml"))
                    && Files.isDirectory(p.resolve("local-pipeline"))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
