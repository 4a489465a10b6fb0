package dev.trafficcam.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.model.Json;
import dev.trafficcam.ops.Ops;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./run-local evaluate} with no detector named: it starts the local detector in a process of its own (here from
 * the test's class path instead of the built jar), scores it, and stops it.
 */
class EvaluateLocalDetectorTest {
    @TempDir
    Path dir;

    @Test
    void evaluatesTheLocalDetectorStartedForTheRun() throws Exception {
        try (InputStream frame = getClass().getResourceAsStream("/frames/street_frame_220.jpg")) {
            Files.copy(frame, dir.resolve("street.jpg"));
        }
        Files.writeString(dir.resolve("instances.json"), """
                {"images": [{"id": 1, "file_name": "street.jpg"}],
                 "categories": [{"id": 1, "name": "person"}, {"id": 3, "name": "car"}],
                 "annotations": []}
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Ops.run(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                "evaluate",
                "--annotations",
                dir.resolve("instances.json").toString(),
                "--images",
                dir.toString(),
                "--out",
                dir.resolve("results").toString(),
                "--min-score",
                "0.35",
                "--local-detector-classpath",
                System.getProperty("java.class.path"));

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("evaluate: starting the local detector")
                .contains("evaluating http://127.0.0.1:");
        JsonNode json =
                Json.mapper().readTree(dir.resolve("results/evaluation.json").toFile());
        // nothing labelled: whatever it finds is a false positive, and it finds the frame's people
        assertThat(json.at("/perClass/person/falsePositives").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(json.at("/perClass/person/countBias").asDouble()).isGreaterThanOrEqualTo(3.0);
        assertThat(json.at("/latencyMs/p50").asDouble()).isPositive();
    }
}
