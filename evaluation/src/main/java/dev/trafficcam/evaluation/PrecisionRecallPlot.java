package dev.trafficcam.evaluation;

import dev.trafficcam.model.TrafficClass;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The precision/recall curves as an SVG picture a browser opens: recall across, precision up, one line per class with
 * its score thresholds, and the report's threshold marked on each.
 */
public final class PrecisionRecallPlot {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 480;
    private static final int LEFT = 60;
    private static final int BOTTOM = 50;
    private static final int TOP = 40;
    private static final int RIGHT = 270;
    private static final Map<TrafficClass, String> COLOURS = Map.of(
            TrafficClass.CAR, "#1f77b4",
            TrafficClass.TRUCK, "#ff7f0e",
            TrafficClass.BUS, "#2ca02c",
            TrafficClass.PERSON, "#d62728",
            TrafficClass.BICYCLE, "#9467bd",
            TrafficClass.MOTORCYCLE, "#8c564b");

    private PrecisionRecallPlot() {}

    public static String svg(EvaluationReport report) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
                        + " font-size=\"12\">%n",
                WIDTH,
                HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"24\" font-size=\"14\">Precision and recall over the score threshold (IoU %.1f, %d"
                        + " frames)</text>%n",
                LEFT,
                Evaluation.IOU,
                report.frames()));
        for (int i = 0; i <= 10; i++) {
            double v = i / 10.0;
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    x(0),
                    y(v),
                    x(1),
                    y(v)));
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>%n",
                    x(0) - 6,
                    y(v) + 4,
                    v));
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.1f</text>%n",
                    x(v),
                    y(0) + 18,
                    v));
        }
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">recall (share of labelled objects found)</text>%n",
                (x(0) + x(1)) / 2,
                HEIGHT - 10));
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"16\" y=\"%.1f\" transform=\"rotate(-90 16 %.1f)\" text-anchor=\"middle\">precision (share of"
                        + " detections right)</text>%n",
                (y(0) + y(1)) / 2,
                (y(0) + y(1)) / 2));
        int legend = 0;
        for (Map.Entry<TrafficClass, EvaluationReport.ClassFigures> e :
                report.perClass().entrySet()) {
            List<EvaluationReport.CurvePoint> points = e.getValue().curve().stream()
                    .filter(p -> p.precision() != null && p.recall() != null)
                    .toList();
            String colour = COLOURS.get(e.getKey());
            if (!points.isEmpty()) {
                StringBuilder path = new StringBuilder();
                for (EvaluationReport.CurvePoint p : points) {
                    path.append(path.isEmpty() ? "M" : " L")
                            .append(String.format(Locale.ROOT, "%.1f %.1f", x(p.recall()), y(p.precision())));
                }
                svg.append(String.format(
                        Locale.ROOT,
                        "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                        path,
                        colour));
                EvaluationReport.ClassFigures f = e.getValue();
                if (f.precision() != null && f.recall() != null) {
                    svg.append(String.format(
                            Locale.ROOT,
                            "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>%n",
                            x(f.recall()),
                            y(f.precision()),
                            colour));
                }
            }
            double ly = TOP + 20 + 18 * legend++;
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                    WIDTH - RIGHT + 20,
                    ly,
                    WIDTH - RIGHT + 40,
                    ly,
                    colour));
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%.1f\">%s: %d labelled%s</text>%n",
                    WIDTH - RIGHT + 46,
                    ly + 4,
                    e.getKey().label(),
                    e.getValue().labelled(),
                    points.isEmpty() ? ", no curve" : ""));
        }
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%.1f\">dot: threshold %.2f</text>%n",
                WIDTH - RIGHT + 20,
                TOP + 20 + 18 * legend + 8.0,
                report.minScore()));
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static double x(double recall) {
        return LEFT + recall * (WIDTH - LEFT - RIGHT);
    }

    private static double y(double precision) {
        return HEIGHT - BOTTOM - precision * (HEIGHT - BOTTOM - TOP);
    }
}
