package dev.trafficcam.evaluation;

import dev.trafficcam.model.Json;
import dev.trafficcam.model.TrafficClass;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an evaluation found. Counts are objects in view per frame; precision and recall are of boxes at IoU 0.5 and the
 * report's score threshold. A ratio that has nothing to divide by (precision with no detection, the relative error of a
 * set with no vehicle) is null, not 0 or 1.
 *
 * @param frames frames scored
 * @param motorVehicleCountMae mean over frames of |detected − labelled| cars, trucks, buses and motorcycles together
 * @param motorVehiclesMeanTrue mean labelled motor vehicles per frame
 * @param imagesPerSecond frames answered per second of wall time at {@code concurrency} requests at once
 */
public record EvaluationReport(
        int frames,
        double minScore,
        Map<TrafficClass, ClassFigures> perClass,
        double motorVehicleCountMae,
        double motorVehiclesMeanTrue,
        Double latencyP50Ms,
        Double latencyP95Ms,
        Double imagesPerSecond,
        int concurrency) {

    /**
     * One class's figures.
     *
     * @param countMae mean over frames of |detected − labelled|
     * @param countBias mean over frames of detected − labelled: negative when the detector misses objects
     */
    public record ClassFigures(
            int labelled,
            int truePositives,
            int falsePositives,
            int falseNegatives,
            double countMae,
            double countBias,
            Double precision,
            Double recall,
            List<CurvePoint> curve) {
        /**
         * The curve's threshold with the highest F1, the first of equals: where to start choosing this class's
         * threshold on a tuning set. Empty when nothing of the class was labelled or found.
         */
        public java.util.Optional<CurvePoint> bestF1() {
            CurvePoint best = null;
            double bestF1 = -1;
            for (CurvePoint p : curve) {
                if (p.precision() == null || p.recall() == null) {
                    continue;
                }
                double f1 = p.precision() + p.recall() == 0
                        ? 0
                        : 2 * p.precision() * p.recall() / (p.precision() + p.recall());
                if (f1 > bestF1) {
                    best = p;
                    bestF1 = f1;
                }
            }
            return java.util.Optional.ofNullable(best);
        }

        /** The harmonic mean of precision and recall; 0 when either is 0 or unknown and nothing was found. */
        public Double f1() {
            if (precision == null || recall == null) {
                return truePositives == 0 && labelled > 0 ? 0.0 : null;
            }
            return precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
        }
    }

    /** Precision and recall at one score threshold. */
    public record CurvePoint(double threshold, Double precision, Double recall) {}

    /** The motor vehicles' count error as a share of their mean true count. */
    public Double motorVehicleRelativeError() {
        return motorVehiclesMeanTrue == 0 ? null : motorVehicleCountMae / motorVehiclesMeanTrue;
    }

    /** The document written to {@code evaluation.json}. */
    public Map<String, Object> json() {
        Map<String, Object> classes = new LinkedHashMap<>();
        perClass.forEach((c, f) -> {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("labelled", f.labelled());
            figures.put("truePositives", f.truePositives());
            figures.put("falsePositives", f.falsePositives());
            figures.put("falseNegatives", f.falseNegatives());
            figures.put("countMae", round(f.countMae()));
            figures.put("countBias", round(f.countBias()));
            figures.put("precision", round(f.precision()));
            figures.put("recall", round(f.recall()));
            figures.put("f1", round(f.f1()));
            figures.put("bestF1Threshold", f.bestF1().map(CurvePoint::threshold).orElse(null));
            figures.put(
                    "curve",
                    f.curve().stream()
                            .map(p -> {
                                Map<String, Object> point = new LinkedHashMap<>();
                                point.put("threshold", p.threshold());
                                point.put("precision", round(p.precision()));
                                point.put("recall", round(p.recall()));
                                return point;
                            })
                            .toList());
            classes.put(c.label(), figures);
        });
        Map<String, Object> vehicles = new LinkedHashMap<>();
        vehicles.put("countMae", round(motorVehicleCountMae));
        vehicles.put("meanTrue", round(motorVehiclesMeanTrue));
        vehicles.put("relativeError", round(motorVehicleRelativeError()));
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("p50", round(latencyP50Ms));
        latency.put("p95", round(latencyP95Ms));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("images", frames);
        document.put("minScore", minScore);
        document.put("iou", Evaluation.IOU);
        document.put("perClass", classes);
        document.put("motorVehicles", vehicles);
        document.put("latencyMs", latency);
        document.put("imagesPerSecond", round(imagesPerSecond));
        document.put("concurrency", concurrency);
        return document;
    }

    public String jsonText() {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the evaluation as JSON", e);
        }
    }

    /** A short table for a terminal. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "%d frames, score threshold %.2f, boxes matched at IoU %.1f%n",
                frames,
                minScore,
                Evaluation.IOU));
        out.append(String.format(
                Locale.ROOT,
                "%-11s %8s %9s %9s %6s %10s %11s %14s%n",
                "class",
                "labelled",
                "precision",
                "recall",
                "F1",
                "count MAE",
                "count bias",
                "best-F1 score"));
        perClass.forEach((c, f) -> out.append(String.format(
                Locale.ROOT,
                "%-11s %8d %9s %9s %6s %10.2f %+11.2f %14s%n",
                c.label(),
                f.labelled(),
                text(f.precision()),
                text(f.recall()),
                text(f.f1()),
                f.countMae(),
                f.countBias(),
                text(f.bestF1().map(CurvePoint::threshold).orElse(null)))));
        out.append(String.format(
                Locale.ROOT,
                "motor vehicles per frame: count MAE %.2f on a mean of %.2f (%s)%n",
                motorVehicleCountMae,
                motorVehiclesMeanTrue,
                motorVehicleRelativeError() == null
                        ? "no vehicles labelled"
                        : String.format(Locale.ROOT, "%.0f %% of the mean", 100 * motorVehicleRelativeError())));
        out.append(String.format(
                Locale.ROOT,
                "latency p50 %s ms, p95 %s ms; %s frames/s at %d request(s) at once%n",
                text(latencyP50Ms),
                text(latencyP95Ms),
                text(imagesPerSecond),
                concurrency));
        return out.toString();
    }

    private static String text(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static Double round(Double value) {
        return value == null ? null : Math.round(value * 10_000) / 10_000.0;
    }
}
