package dev.trafficcam.inference.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trafficcam.model.BoundingBox;
import dev.trafficcam.model.Detection;
import dev.trafficcam.model.ModelDetection;
import dev.trafficcam.model.ScoreThresholds;
import dev.trafficcam.model.TrafficClass;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionAnswerTest {

    private static List<ModelDetection> parse(String json) {
        return ObjectDetectionAnswer.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheHuggingFacePipelineAnswer() {
        List<ModelDetection> found = parse("""
                [{"score":0.9982,"label":"car","box":{"xmin":175,"ymin":120,"xmax":310,"ymax":240}},
                 {"score":0.51,"label":"person","box":{"xmin":1.5,"ymin":2,"xmax":30,"ymax":80}}]""");
        assertThat(found)
                .containsExactly(
                        new ModelDetection("car", 0.9982, 175, 120, 310, 240),
                        new ModelDetection("person", 0.51, 1.5, 2, 30, 80));
        assertThat(parse("[]")).isEmpty();
        assertThat(parse("[[{\"score\":0.7,\"label\":\"bus\",\"box\":{\"xmin\":0,\"ymin\":0,\"xmax\":1,\"ymax\":1}}]]"))
                .hasSize(1);
    }

    @Test
    void anythingElseIsAModelFailureSayingWhy() {
        for (String bad : List.of(
                "",
                "<html>502</html>",
                "{\"error\":\"x\"}",
                "[{\"label\":\"car\"}]",
                "[{\"score\":\"high\",\"label\":\"car\",\"box\":{\"xmin\":0,\"ymin\":0,\"xmax\":1,\"ymax\":1}}]",
                "[{\"score\":1.5,\"label\":\"car\",\"box\":{\"xmin\":0,\"ymin\":0,\"xmax\":1,\"ymax\":1}}]",
                "[{\"score\":0.5,\"label\":7,\"box\":{\"xmin\":0,\"ymin\":0,\"xmax\":1,\"ymax\":1}}]",
                "[{\"score\":0.5,\"label\":\"car\",\"box\":{\"xmin\":0,\"ymin\":0,\"xmax\":1}}]")) {
            assertThatThrownBy(() -> parse(bad))
                    .as(bad)
                    .isInstanceOf(ModelCallException.class)
                    .hasMessageContaining("not an object-detection list")
                    .satisfies(
                            e -> assertThat(((ModelCallException) e).timedOut()).isFalse());
        }
    }

    @Test
    void keepsConfiguredClassesAboveTheScoreBestFirstWithBoxesInTheFrame() {
        DetectionFilter filter = new DetectionFilter(
                EnumSet.of(TrafficClass.CAR, TrafficClass.MOTORCYCLE, TrafficClass.PERSON),
                ScoreThresholds.uniform(0.4));

        List<Detection> kept = filter.apply(
                List.of(
                        new ModelDetection("person", 0.45, 10, 10, 20, 40),
                        new ModelDetection("car", 0.39, 0, 0, 5, 5),
                        new ModelDetection("bus", 0.99, 0, 0, 5, 5),
                        new ModelDetection("dog", 0.99, 0, 0, 5, 5),
                        new ModelDetection("motorbike", 0.8, 790.6, -3, 700.2, 50.5)),
                768,
                576);

        assertThat(kept)
                .containsExactly(
                        new Detection(TrafficClass.MOTORCYCLE, 0.8, new BoundingBox(700, 0, 768, 51)),
                        new Detection(TrafficClass.PERSON, 0.45, new BoundingBox(10, 10, 20, 40)));
    }

    @Test
    void eachClassIsKeptFromItsOwnThreshold() {
        DetectionFilter filter = new DetectionFilter(
                EnumSet.allOf(TrafficClass.class), ScoreThresholds.parse("person=0.25, bus=0.7", 0.5));

        List<Detection> kept = filter.apply(
                List.of(
                        new ModelDetection("person", 0.3, 10, 10, 20, 40), // over its own 0.25
                        new ModelDetection("car", 0.3, 0, 0, 5, 5), // under the default 0.5
                        new ModelDetection("bus", 0.6, 0, 0, 50, 50), // under its own 0.7
                        new ModelDetection("truck", 0.5, 60, 0, 90, 20)), // at the default: kept
                768,
                576);

        assertThat(kept).extracting(Detection::label).containsExactly(TrafficClass.TRUCK, TrafficClass.PERSON);
    }
}
