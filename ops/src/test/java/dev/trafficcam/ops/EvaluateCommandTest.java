package dev.trafficcam.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.evaluation.testing.LoopbackDetector;
import dev.trafficcam.model.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate} as an operator runs it: a labelled set on disk, a detector on loopback that answers each frame with
 * its labelled car, the table, the files it writes, and its errors.
 */
class EvaluateCommandTest {
    @TempDir
    Path dir;

    private LoopbackDetector detector;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        Files.write(dir.resolve("a.jpg"), "frame a".getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("b.jpg"), "frame b".getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("instances.json"), """
                {"images": [{"id": 1, "file_name": "a.jpg"}, {"id": 2, "file_name": "b.jpg"}],
                 "categories": [{"id": 3, "name": "car"}],
                 "annotations": [{"id": 1, "image_id": 1, "category_id": 3, "bbox": [0, 0, 10, 10]},
                                 {"id": 2, "image_id": 2, "category_id": 3, "bbox": [50, 50, 20, 10]}]}
                """);
        // frame a's car is found; frame b's is missed
        detector = LoopbackDetector.answering(frame ->
                frame.equals("frame a") ? "[" + LoopbackDetector.detection("car", 0.8, 0, 0, 10, 10) + "]" : "[]");
    }

    @AfterEach
    void stop() {
        detector.close();
    }

    private String endpoint() {
        return detector.url().toString();
    }

    private int evaluate(String... more) {
        out.reset();
        err.reset();
        String[] args = new String[4 + more.length];
        args[0] = "evaluate";
        args[1] = "--annotations=" + dir.resolve("instances.json");
        args[2] = "--images=" + dir;
        args[3] = "--out=" + dir.resolve("results");
        System.arraycopy(more, 0, args, 4, more.length);
        return Ops.run(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
    }

    @Test
    void scoresTheDetectorPrintsATableAndWritesTheFiguresAndThePlot() throws IOException {
        assertThat(evaluate("--endpoint", endpoint(), "--concurrency", "2")).isEqualTo(0);

        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("2 frames, score threshold 0.50")
                .contains("count MAE 0.50 on a mean of 1.00 (50 % of the mean)");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("evaluate: evaluated 2 of 2 frames");
        JsonNode json =
                Json.mapper().readTree(dir.resolve("results/evaluation.json").toFile());
        assertThat(json.path("images").asInt()).isEqualTo(2);
        assertThat(json.at("/perClass/car/precision").asDouble()).isEqualTo(1.0);
        assertThat(json.at("/perClass/car/recall").asDouble()).isEqualTo(0.5);
        assertThat(json.at("/perClass/car/countBias").asDouble()).isEqualTo(-0.5);
        assertThat(json.at("/motorVehicles/relativeError").asDouble()).isEqualTo(0.5);
        assertThat(json.at("/latencyMs/p50").asDouble()).isPositive();
        assertThat(json.path("imagesPerSecond").asDouble()).isPositive();
        assertThat(Files.readString(dir.resolve("results/precision-recall.svg")))
                .startsWith("<svg");
    }

    @Test
    void badArgumentsAndABrokenSetExit2AndAnUnreachableDetector1() throws IOException {
        // no detector named and no local pipeline built where the command looks: say what to do
        assertThat(evaluate(
                        "--local-detector-classpath", dir.resolve("no-such.jar").toString()))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("no local detector at", "build it with ./run-local", "--endpoint", "--sagemaker-endpoint");
        assertThat(evaluate("--endpoint", endpoint(), "--sagemaker-endpoint", "x"))
                .isEqualTo(2);
        assertThat(evaluate("--endpoint", endpoint(), "--min-score", "2")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--min-score must be within 0..1");

        Files.delete(dir.resolve("b.jpg"));
        assertThat(evaluate("--endpoint", endpoint())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("image 2").contains("b.jpg");
        Files.write(dir.resolve("b.jpg"), "frame b".getBytes(StandardCharsets.UTF_8));

        // nothing listens on the discard port
        assertThat(evaluate("--endpoint", "http://127.0.0.1:9/invocations")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("evaluate: the detector failed on a.jpg: cannot reach http://127.0.0.1:9/invocations")
                .doesNotContain("\tat ");
    }

    @Test
    void postDeployCheckScoresTheDeployedEndpointThroughTheSageMakerRuntimeEvenWhenTheFrameCheckFailed()
            throws IOException {
        // the runtime client signs its calls; these are read first by the default chain, and the stand-in ignores them
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        System.setProperty(PostDeployCheckCommand.CAMERA_KEY, "tcam_x");
        try {
            String[] check = {
                "post-deploy-check",
                "--api-url=http://127.0.0.1:9/frames", // nothing listens on the discard port: the frame check fails
                "--lookup-function=frame-lookup",
                "--bucket=frames",
                "--frame=" + dir.resolve("a.jpg"),
                "--region=eu-west-1"
            };
            out.reset();
            err.reset();
            int exit = Ops.run(
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8),
                    append(
                            check,
                            "--evaluate",
                            "--sagemaker-endpoint=traffic-detector",
                            "--sagemaker-runtime-url=" + detector.base(),
                            "--annotations=" + dir.resolve("instances.json"),
                            "--images=" + dir,
                            "--out=" + dir.resolve("deployed")));

            assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(1);
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .contains("FAILED  answer: the API could not be reached")
                    .contains("scoring SageMaker endpoint traffic-detector on 2 frames at 4 at once")
                    .contains("count MAE 0.50 on a mean of 1.00 (50 % of the mean)");
            JsonNode json = Json.mapper()
                    .readTree(dir.resolve("deployed/evaluation.json").toFile());
            assertThat(json.at("/perClass/car/recall").asDouble()).isEqualTo(0.5);
            // sent as the inference function sends a frame: its own content type
            assertThat(detector.contentTypes()).containsOnly("image/jpeg");

            // the scoring options come all together or not at all
            out.reset();
            err.reset();
            assertThat(Ops.run(
                            new PrintStream(out, true, StandardCharsets.UTF_8),
                            new PrintStream(err, true, StandardCharsets.UTF_8),
                            append(check, "--evaluate", "--sagemaker-endpoint=traffic-detector")))
                    .isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("--annotations", "--images");
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
            System.clearProperty(PostDeployCheckCommand.CAMERA_KEY);
        }
    }

    private static String[] append(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
