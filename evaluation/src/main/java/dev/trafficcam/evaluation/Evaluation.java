package dev.trafficcam.evaluation;

import dev.trafficcam.model.ModelDetection;
import dev.trafficcam.model.TrafficClass;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scores a detector's answers against a labelled set, frame by frame, as object-detection benchmarks do at IoU 0.5:
 *
 * <ul>
 *   <li>per class, the frame's detections are taken by descending score, and each is matched to the unmatched labelled
 *       object of its class it overlaps most, at an IoU of at least 0.5: a true positive;
 *   <li>an unmatched detection that lies at least half inside a don't-care region (a crowd, an object of another
 *       category) is ignored; any other is a false positive; an unmatched object is a false negative;
 *   <li>a frame's count of a class is its detections at or above the score threshold that are not ignored; the count
 *       error is that minus the labelled count.
 * </ul>
 *
 * Matching does not depend on the threshold, so one pass gives the precision/recall curve over every threshold. Not
 * thread-safe: the evaluator adds frames one at a time.
 */
public final class Evaluation {
    /** The overlap a detection needs with a labelled object to count as finding it. */
    public static final double IOU = 0.5;
    /** How much of an unmatched detection must lie in a don't-care region for it to be ignored. */
    public static final double DONT_CARE_INSIDE = 0.5;
    /** The classes whose counts are the traffic: the road vehicles with a motor. */
    public static final List<TrafficClass> MOTOR_VEHICLES =
            List.of(TrafficClass.CAR, TrafficClass.TRUCK, TrafficClass.BUS, TrafficClass.MOTORCYCLE);
    /** The thresholds the curve is given at. */
    static final double[] CURVE_THRESHOLDS = {
        0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95
    };

    private final double minScore;
    private final Map<TrafficClass, List<Scored>> scored = new EnumMap<>(TrafficClass.class);
    private final Map<TrafficClass, Integer> labelled = new EnumMap<>(TrafficClass.class);
    private final List<Map<TrafficClass, int[]>> counts = new ArrayList<>();
    private final List<Double> latenciesMs = new ArrayList<>();

    /** One detection's score and whether it found a labelled object. */
    record Scored(double score, boolean truePositive) {}

    /** @param minScore the score threshold the counts, precision and recall are given at */
    public Evaluation(double minScore) {
        if (!(minScore >= 0 && minScore <= 1)) {
            throw new IllegalArgumentException("the score threshold must be within 0..1, got " + minScore);
        }
        this.minScore = minScore;
        for (TrafficClass c : TrafficClass.values()) {
            scored.put(c, new ArrayList<>());
            labelled.put(c, 0);
        }
    }

    /** Adds one frame: what the detector answered (any labels; those of no traffic class are left out). */
    public void add(LabelledFrame frame, List<ModelDetection> answer, double latencyMs) {
        Map<TrafficClass, int[]> frameCounts = new EnumMap<>(TrafficClass.class);
        for (TrafficClass c : TrafficClass.values()) {
            List<Box> objects = frame.objects().stream()
                    .filter(o -> o.trafficClass() == c)
                    .map(LabelledFrame.Labelled::box)
                    .toList();
            labelled.merge(c, objects.size(), Integer::sum);
            List<ModelDetection> detections = answer.stream()
                    .filter(d -> TrafficClass.fromModelLabel(d.label()).equals(Optional.of(c)))
                    .sorted(Comparator.comparingDouble(ModelDetection::score).reversed())
                    .toList();
            boolean[] found = new boolean[objects.size()];
            int counted = 0;
            for (ModelDetection d : detections) {
                Box box = new Box(d.xmin(), d.ymin(), d.xmax(), d.ymax());
                int best = -1;
                double bestIou = IOU;
                for (int i = 0; i < objects.size(); i++) {
                    double iou = box.iou(objects.get(i));
                    if (!found[i] && iou >= bestIou) {
                        best = i;
                        bestIou = iou;
                    }
                }
                boolean ignored = best < 0
                        && frame.dontCare().stream().anyMatch(region -> box.inside(region) >= DONT_CARE_INSIDE);
                if (ignored) {
                    continue;
                }
                if (best >= 0) {
                    found[best] = true;
                }
                scored.get(c).add(new Scored(d.score(), best >= 0));
                if (d.score() >= minScore) {
                    counted++;
                }
            }
            frameCounts.put(c, new int[] {counted, objects.size()});
        }
        counts.add(frameCounts);
        latenciesMs.add(latencyMs);
    }

    /** The figures so far. */
    public EvaluationReport report(double wallSeconds, int concurrency) {
        Map<TrafficClass, EvaluationReport.ClassFigures> perClass = new EnumMap<>(TrafficClass.class);
        for (TrafficClass c : TrafficClass.values()) {
            int tp = truePositives(c, minScore);
            int fp = detections(c, minScore) - tp;
            int gt = labelled.get(c);
            double mae = 0;
            double bias = 0;
            for (Map<TrafficClass, int[]> frame : counts) {
                int[] predictedAndTrue = frame.get(c);
                mae += Math.abs(predictedAndTrue[0] - predictedAndTrue[1]);
                bias += predictedAndTrue[0] - predictedAndTrue[1];
            }
            List<EvaluationReport.CurvePoint> curve = new ArrayList<>();
            for (double t : CURVE_THRESHOLDS) {
                int tpAt = truePositives(c, t);
                int detected = detections(c, t);
                curve.add(new EvaluationReport.CurvePoint(t, ratio(tpAt, detected), ratio(tpAt, gt)));
            }
            perClass.put(
                    c,
                    new EvaluationReport.ClassFigures(
                            gt,
                            tp,
                            fp,
                            gt - tp,
                            mae / counts.size(),
                            bias / counts.size(),
                            ratio(tp, tp + fp),
                            ratio(tp, gt),
                            curve));
        }
        double vehicleError = 0;
        double vehiclesTrue = 0;
        for (Map<TrafficClass, int[]> frame : counts) {
            int predicted = 0;
            int actual = 0;
            for (TrafficClass c : MOTOR_VEHICLES) {
                predicted += frame.get(c)[0];
                actual += frame.get(c)[1];
            }
            vehicleError += Math.abs(predicted - actual);
            vehiclesTrue += actual;
        }
        return new EvaluationReport(
                counts.size(),
                minScore,
                perClass,
                vehicleError / counts.size(),
                vehiclesTrue / counts.size(),
                Percentiles.of(latenciesMs, 50),
                Percentiles.of(latenciesMs, 95),
                wallSeconds > 0 ? counts.size() / wallSeconds : null,
                concurrency);
    }

    private int truePositives(TrafficClass c, double threshold) {
        return (int) scored.get(c).stream()
                .filter(s -> s.truePositive() && s.score() >= threshold)
                .count();
    }

    private int detections(TrafficClass c, double threshold) {
        return (int) scored.get(c).stream().filter(s -> s.score() >= threshold).count();
    }

    /** A ratio, or null when there is nothing to divide by (no detection: precision is unknown, not 0 or 1). */
    private static Double ratio(int part, int whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    /** Nearest-rank percentiles. */
    static final class Percentiles {
        private Percentiles() {}

        static Double of(List<Double> values, double percentile) {
            if (values.isEmpty()) {
                return null;
            }
            List<Double> sorted = values.stream().sorted().toList();
            int rank = (int) Math.ceil(percentile / 100 * sorted.size());
            return sorted.get(Math.max(0, rank - 1));
        }
    }
}
