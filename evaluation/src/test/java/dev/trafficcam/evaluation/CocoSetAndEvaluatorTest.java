package dev.trafficcam.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trafficcam.evaluation.testing.LoopbackDetector;
import dev.trafficcam.model.ModelDetection;
import dev.trafficcam.model.TrafficClass;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a COCO set, and running a detector over it, here one on loopback that speaks the detection JSON. */
class CocoSetAndEvaluatorTest {
    @TempDir
    Path dir;

    private static final String COCO = """
            {"images": [{"id": 1, "file_name": "a.jpg"}, {"id": 2, "file_name": "b.png"}],
             "categories": [{"id": 3, "name": "car"}, {"id": 1, "name": "person"}, {"id": 12, "name": "van"}],
             "annotations": [
               {"id": 10, "image_id": 1, "category_id": 3, "bbox": [0, 0, 10, 10], "iscrowd": 0},
               {"id": 11, "image_id": 1, "category_id": 1, "bbox": [100, 0, 50, 50], "iscrowd": 1},
               {"id": 12, "image_id": 2, "category_id": 12, "bbox": [5, 5, 20, 10]},
               {"id": 13, "image_id": 2, "category_id": 1, "bbox": [40, 40, 5, 20]}]}
            """;

    private Path set(String json) throws IOException {
        Files.write(dir.resolve("a.jpg"), "frame a".getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("b.png"), "frame b".getBytes(StandardCharsets.UTF_8));
        return Files.writeString(dir.resolve("instances.json"), json);
    }

    @Test
    void cocoCategoriesMapToTrafficClassesAndCrowdsAndOtherCategoriesAreDontCare() throws IOException {
        List<LabelledFrame> frames = CocoSet.read(set(COCO), dir);

        assertThat(frames).hasSize(2);
        assertThat(frames.get(0).objects())
                .containsExactly(new LabelledFrame.Labelled(TrafficClass.CAR, new Box(0, 0, 10, 10)));
        assertThat(frames.get(0).dontCare()).containsExactly(new Box(100, 0, 150, 50));
        assertThat(frames.get(1).dontCare()).containsExactly(new Box(5, 5, 25, 15));
        assertThat(frames.get(1).count(TrafficClass.PERSON)).isEqualTo(1);
    }

    @Test
    void aBrokenSetIsRefusedWithWhatIsWrong() throws IOException {
        assertThatThrownBy(() -> CocoSet.read(set("{not json"), dir)).hasMessageContaining("cannot read");
        assertThatThrownBy(() -> CocoSet.read(set("{\"images\": []}"), dir))
                .hasMessageContaining("no \"categories\" list");
        assertThatThrownBy(() -> CocoSet.read(set(COCO.replace("b.png", "missing.png")), dir))
                .hasMessageContaining("image 2")
                .hasMessageContaining("missing.png");
        assertThatThrownBy(() -> CocoSet.read(set(COCO.replace("\"category_id\": 12", "\"category_id\": 99")), dir))
                .hasMessageContaining("category 99");
        assertThatThrownBy(() -> CocoSet.read(set(COCO.replace("[0, 0, 10, 10]", "[0, 0, 10]")), dir))
                .hasMessageContaining("bbox must be [x, y, width, height]");
    }

    @Test
    void theEvaluatorScoresADetectorOverHttpAndSaysHowFarAlongItIs() throws Exception {
        List<LabelledFrame> frames = CocoSet.read(set(COCO), dir);
        List<String> progress = new ArrayList<>();
        // frame a: its car; frame b: nothing
        try (LoopbackDetector detector = LoopbackDetector.answering(frame ->
                frame.equals("frame a") ? "[" + LoopbackDetector.detection("car", 0.9, 0, 0, 10, 10) + "]" : "[]")) {
            EvaluationReport report = Evaluator.run(
                    frames, new HttpDetector(detector.url(), Duration.ofSeconds(10)), 0.5, 2, progress::add);

            assertThat(report.frames()).isEqualTo(2);
            assertThat(report.perClass().get(TrafficClass.CAR).recall()).isEqualTo(1.0);
            assertThat(report.perClass().get(TrafficClass.PERSON).recall()).isZero();
            assertThat(report.latencyP50Ms()).isPositive();
            assertThat(report.imagesPerSecond()).isPositive();
            assertThat(detector.contentTypes()).containsExactlyInAnyOrder("image/jpeg", "image/png");
            assertThat(progress).first().asString().contains("evaluating " + detector.url());
            assertThat(progress).last().isEqualTo("evaluated 2 of 2 frames");

            // an answer that is not a detection list names the frame and what was wrong
            detector.answer(frame -> "{\"error\": \"no\"}");
            assertThatThrownBy(() -> Evaluator.run(
                            frames, new HttpDetector(detector.url(), Duration.ofSeconds(10)), 0.5, 1, line -> {}))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("a.jpg")
                    .hasMessageContaining("not a JSON list of detections");
        }
    }

    @Test
    void anUnreachableDetectorIsSaidPlainly() throws IOException {
        List<LabelledFrame> frames = CocoSet.read(set(COCO), dir);
        // nothing listens on the discard port
        Detector nowhere = new HttpDetector(URI.create("http://127.0.0.1:9/invocations"), Duration.ofSeconds(5));

        assertThatThrownBy(() -> Evaluator.run(frames, nowhere, 0.5, 1, line -> {}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot reach http://127.0.0.1:9/invocations");
    }

    @Test
    void thePlotDrawsOneCurvePerClassThatWasFound() {
        Evaluation evaluation = new Evaluation(0.5);
        LabelledFrame frame = new LabelledFrame(
                dir.resolve("a.jpg"),
                List.of(new LabelledFrame.Labelled(TrafficClass.CAR, new Box(0, 0, 10, 10))),
                List.of());
        evaluation.add(frame, List.of(new ModelDetection("car", 0.9, 0, 0, 10, 10)), 5);
        String svg = PrecisionRecallPlot.svg(evaluation.report(1, 1));

        assertThat(svg).startsWith("<svg").contains("car: 1 labelled<").contains("bus: 0 labelled, no curve");
        assertThat(svg.split("<path ", -1)).hasSize(2);
    }
}
