package dev.trafficcam.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trafficcam.model.ModelDetection;
import dev.trafficcam.model.TrafficClass;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The evaluation's arithmetic, on frames whose right answers are worked out by hand. */
class EvaluationTest {
    private static final Path IMAGE = Path.of("frame.jpg");

    private static LabelledFrame.Labelled object(TrafficClass c, double xmin, double ymin, double xmax, double ymax) {
        return new LabelledFrame.Labelled(c, new Box(xmin, ymin, xmax, ymax));
    }

    private static ModelDetection found(String label, double score, Box box) {
        return new ModelDetection(label, score, box.xmin(), box.ymin(), box.xmax(), box.ymax());
    }

    /** Two frames: 2 cars and a person; a bus and a truck. */
    private static final List<LabelledFrame> FRAMES = List.of(
            new LabelledFrame(
                    IMAGE,
                    List.of(
                            object(TrafficClass.CAR, 0, 0, 10, 10),
                            object(TrafficClass.CAR, 20, 0, 30, 10),
                            object(TrafficClass.PERSON, 50, 50, 55, 70)),
                    List.of()),
            new LabelledFrame(
                    IMAGE,
                    List.of(object(TrafficClass.BUS, 0, 0, 40, 20), object(TrafficClass.TRUCK, 50, 0, 80, 20)),
                    List.of()));

    private static List<ModelDetection> truth(LabelledFrame frame) {
        return frame.objects().stream()
                .map(o -> found(o.trafficClass().label(), 0.9, o.box()))
                .toList();
    }

    @Test
    void aDetectorThatAnswersTheGroundTruthScoresOne() {
        Evaluation evaluation = new Evaluation(0.5);
        FRAMES.forEach(frame -> evaluation.add(frame, truth(frame), 10));
        EvaluationReport report = evaluation.report(1, 1);

        for (TrafficClass c : List.of(TrafficClass.CAR, TrafficClass.PERSON, TrafficClass.BUS, TrafficClass.TRUCK)) {
            EvaluationReport.ClassFigures f = report.perClass().get(c);
            assertThat(f.precision()).as(c.label()).isEqualTo(1.0);
            assertThat(f.recall()).as(c.label()).isEqualTo(1.0);
            assertThat(f.f1()).as(c.label()).isEqualTo(1.0);
            assertThat(f.countMae()).as(c.label()).isZero();
        }
        // nothing labelled and nothing found: precision and recall are unknown, not perfect
        assertThat(report.perClass().get(TrafficClass.BICYCLE).precision()).isNull();
        assertThat(report.perClass().get(TrafficClass.BICYCLE).recall()).isNull();
        assertThat(report.motorVehicleCountMae()).isZero();
        assertThat(report.motorVehiclesMeanTrue()).isEqualTo(2.0); // (2 cars + bus + truck) / 2 frames
        assertThat(report.motorVehicleRelativeError()).isZero();
    }

    @Test
    void aDetectorThatFindsNothingHasZeroRecallAndMissesEveryCount() {
        Evaluation evaluation = new Evaluation(0.5);
        FRAMES.forEach(frame -> evaluation.add(frame, List.of(), 10));
        EvaluationReport report = evaluation.report(1, 1);

        EvaluationReport.ClassFigures cars = report.perClass().get(TrafficClass.CAR);
        assertThat(cars.recall()).isZero();
        assertThat(cars.precision()).isNull();
        assertThat(cars.f1()).isZero();
        assertThat(cars.falseNegatives()).isEqualTo(2);
        // 2 cars missed in one frame, none to miss in the other
        assertThat(cars.countMae()).isEqualTo(1.0);
        assertThat(cars.countBias()).isEqualTo(-1.0);
        assertThat(report.motorVehicleCountMae()).isEqualTo(2.0);
        assertThat(report.motorVehicleRelativeError()).isEqualTo(1.0);
    }

    @Test
    void boxesAndCountsAreScoredApartAtTheThreshold() {
        LabelledFrame frame = FRAMES.getFirst();
        List<ModelDetection> answer = List.of(
                found("car", 0.9, new Box(0, 0, 10, 10)), // the first car: a true positive
                found("car", 0.8, new Box(100, 100, 110, 110)), // nothing there: a false positive
                found("car", 0.3, new Box(21, 0, 31, 10)), // the second car (IoU 0.82), below the threshold
                found("Person", 0.7, new Box(50, 52, 55, 72)), // IoU 0.82 with the person, any case of label
                found("traffic light", 0.99, new Box(0, 0, 5, 5))); // no traffic class: left out
        Evaluation evaluation = new Evaluation(0.5);
        evaluation.add(frame, answer, 10);
        EvaluationReport report = evaluation.report(1, 1);

        EvaluationReport.ClassFigures cars = report.perClass().get(TrafficClass.CAR);
        assertThat(cars.truePositives()).isEqualTo(1);
        assertThat(cars.falsePositives()).isEqualTo(1);
        assertThat(cars.falseNegatives()).isEqualTo(1);
        assertThat(cars.precision()).isEqualTo(0.5);
        assertThat(cars.recall()).isEqualTo(0.5);
        // two cars counted, two in view: the count is right although one box is wrong
        assertThat(cars.countMae()).isZero();
        EvaluationReport.CurvePoint at03 = cars.curve().stream()
                .filter(p -> Math.abs(p.threshold() - 0.3) < 1e-9)
                .findFirst()
                .orElseThrow();
        assertThat(at03.precision()).isCloseTo(2 / 3.0, within(1e-9));
        assertThat(at03.recall()).isEqualTo(1.0);
        assertThat(report.perClass().get(TrafficClass.PERSON).precision()).isEqualTo(1.0);
        // F1 is 0.8 at thresholds up to 0.3 (both cars found, one detection wrong), 0.5 from 0.35 to 0.8, 2/3 at 0.85
        // and 0.9 (only the first car: precision 1, recall 1/2): the best is at the lowest thresholds, the first of
        // them
        assertThat(cars.bestF1()).map(EvaluationReport.CurvePoint::threshold).contains(0.05);
        assertThat(report.perClass().get(TrafficClass.BUS).bestF1()).isEmpty();
    }

    @Test
    void aDetectionOnACrowdOrAnotherCategoryIsNeitherRightNorWrong() {
        LabelledFrame frame = new LabelledFrame(
                IMAGE, List.of(object(TrafficClass.PERSON, 0, 0, 10, 20)), List.of(new Box(100, 0, 200, 50)));
        Evaluation evaluation = new Evaluation(0.5);
        evaluation.add(
                frame,
                List.of(
                        found("person", 0.9, new Box(0, 0, 10, 20)),
                        found("person", 0.9, new Box(120, 10, 130, 30)), // inside the crowd: ignored
                        found("person", 0.9, new Box(195, 10, 215, 30))), // a quarter inside: a false positive
                10);
        EvaluationReport.ClassFigures people =
                evaluation.report(1, 1).perClass().get(TrafficClass.PERSON);

        assertThat(people.truePositives()).isEqualTo(1);
        assertThat(people.falsePositives()).isEqualTo(1);
        assertThat(people.countBias()).isEqualTo(1.0); // the ignored one is not counted either
    }

    @Test
    void aTruckCalledACarIsAFalseCarAndAMissedTruck() {
        LabelledFrame frame = new LabelledFrame(IMAGE, List.of(object(TrafficClass.TRUCK, 0, 0, 40, 20)), List.of());
        Evaluation evaluation = new Evaluation(0.5);
        evaluation.add(frame, List.of(found("car", 0.9, new Box(0, 0, 40, 20))), 10);
        EvaluationReport report = evaluation.report(1, 1);

        assertThat(report.perClass().get(TrafficClass.CAR).falsePositives()).isEqualTo(1);
        assertThat(report.perClass().get(TrafficClass.TRUCK).falseNegatives()).isEqualTo(1);
        // as traffic, one motor vehicle in view and one counted
        assertThat(report.motorVehicleCountMae()).isZero();
    }

    @Test
    void latencyIsGivenAsNearestRankPercentiles() {
        Evaluation evaluation = new Evaluation(0.5);
        for (int ms = 1; ms <= 20; ms++) {
            evaluation.add(FRAMES.getFirst(), List.of(), ms);
        }
        EvaluationReport report = evaluation.report(4, 2);

        assertThat(report.latencyP50Ms()).isEqualTo(10.0);
        assertThat(report.latencyP95Ms()).isEqualTo(19.0);
        assertThat(report.imagesPerSecond()).isEqualTo(5.0);
        assertThat(report.json()).containsKeys("images", "perClass", "motorVehicles", "latencyMs", "imagesPerSecond");
    }

    @Test
    void boxOverlapIsIntersectionOverUnion() {
        Box a = new Box(0, 0, 10, 10);
        assertThat(a.iou(new Box(0, 0, 10, 10))).isEqualTo(1.0);
        assertThat(a.iou(new Box(5, 0, 15, 10))).isCloseTo(50 / 150.0, within(1e-9));
        assertThat(a.iou(new Box(20, 20, 30, 30))).isZero();
        assertThat(new Box(0, 0, 10, 10).inside(new Box(5, 0, 100, 100))).isEqualTo(0.5);
        assertThat(Box.ofCoco(10, 20, 30, 40)).isEqualTo(new Box(10, 20, 40, 60));
    }
}
