package dev.trafficcam.ops;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The local detector in a process of its own ({@code DetectorServer} of local-pipeline, which this module cannot depend
 * on: the local pipeline depends on it), started for one evaluation and stopped after it. Its progress (the weights'
 * first fetch) reaches the operator through standard error.
 */
final class LocalDetectorProcess implements AutoCloseable {
    static final String MAIN = "dev.trafficcam.local.DetectorServer";
    /** The weights' first fetch may take up to 300 s (DetectorModel), and loading the graph a few more. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(360);

    private final Process process;
    private final URI url;

    private LocalDetectorProcess(Process process, URI url) {
        this.process = process;
        this.url = url;
    }

    /**
     * @param classpath the local pipeline's jar (which names its libraries), or a test's class path
     * @throws IOException if it cannot be started or does not say where it listens in time
     */
    static LocalDetectorProcess start(String classpath, double minScore) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command =
                new ArrayList<>(List.of(java, "-Djava.awt.headless=true", "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 24) {
            // protobuf (the graph's loading) uses sun.misc.Unsafe, which JDK 24 and later warn about at each start;
            // ./run-local starts the local pipeline the same way
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-cp", classpath, MAIN, String.valueOf(minScore)));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = firstLine.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            line = null;
        }
        if (line == null || !line.startsWith("http://127.0.0.1:")) {
            process.destroyForcibly();
            throw new IOException("the local detector did not start" + (process.isAlive() ? " in time" : "")
                    + "; its messages are above");
        }
        return new LocalDetectorProcess(process, URI.create(line.strip()));
    }

    URI url() {
        return url;
    }

    /** Closes its standard input, which stops it; kills it if it lingers. */
    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
