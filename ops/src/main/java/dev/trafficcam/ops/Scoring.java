package dev.trafficcam.ops;

import dev.trafficcam.evaluation.Detector;
import dev.trafficcam.evaluation.EvaluationReport;
import dev.trafficcam.evaluation.Evaluator;
import dev.trafficcam.evaluation.LabelledFrame;
import dev.trafficcam.evaluation.PrecisionRecallPlot;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One scoring run as both {@code evaluate} and {@code post-deploy-check --evaluate} do it: progress on standard error,
 * then the table on standard output and {@code evaluation.json} and {@code precision-recall.svg} in the output folder.
 */
final class Scoring {
    private Scoring() {}

    static EvaluationReport score(
            List<LabelledFrame> frames,
            Detector detector,
            double minScore,
            int concurrency,
            Path out,
            PrintWriter stdout,
            PrintWriter progress)
            throws IOException, InterruptedException {
        EvaluationReport report =
                Evaluator.run(frames, detector, minScore, concurrency, line -> progress.println("evaluate: " + line));
        Files.createDirectories(out);
        Path json = Files.writeString(out.resolve("evaluation.json"), report.jsonText());
        Path plot = Files.writeString(out.resolve("precision-recall.svg"), PrecisionRecallPlot.svg(report));
        stdout.print(report.table());
        stdout.println("wrote " + json + " and " + plot);
        return report;
    }
}
