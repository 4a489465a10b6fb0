package dev.trafficcam.loadtests.gatling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Each request's {@code Server-Timing} (check, model, handoff, total), collected during a simulation and written after
 * it as CSV for the analysis step ({@code LoadReport}): Gatling's own {@code simulation.log} is binary and carries no
 * server-side stages.
 */
final class TimingLog {
    static final String HEADER = "epochMillis,failed,serverTiming";
    private static final ConcurrentLinkedQueue<String> LINES = new ConcurrentLinkedQueue<>();

    private TimingLog() {}

    static void record(String serverTiming, boolean failed) {
        LINES.add(
                System.currentTimeMillis() + "," + failed + ",\"" + (serverTiming == null ? "" : serverTiming) + "\"");
    }

    /** Writes {@code target/gatling/<simulation>-server-timing.csv} (or {@code -DtimingsFile=}) and returns it. */
    static Path write(String simulation) {
        Path file = Path.of(System.getProperty("timingsFile", "target/gatling/" + simulation + "-server-timing.csv"));
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        String line;
        while ((line = LINES.poll()) != null) {
            lines.add(line);
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("Server-Timing of " + (lines.size() - 1) + " requests written to " + file.toAbsolutePath());
        return file;
    }
}
