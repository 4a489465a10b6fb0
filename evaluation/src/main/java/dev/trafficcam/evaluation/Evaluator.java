package dev.trafficcam.evaluation;

import dev.trafficcam.model.ModelDetection;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Sends every frame of a labelled set to a detector, {@code concurrency} at a time, times each answer, and scores the
 * answers ({@link Evaluation}). With one request at a time the latencies are the detector's own; with more, the frames
 * per second are its throughput, which is how a SageMaker endpoint's MAX_RPS is measured rather than guessed.
 */
public final class Evaluator {
    private Evaluator() {}

    /**
     * @param progress told how far along it is, about every tenth of the set
     * @throws IOException naming the frame the detector failed on (unreachable, an error, an answer that is not a
     *     detection list)
     */
    public static EvaluationReport run(
            List<LabelledFrame> frames, Detector detector, double minScore, int concurrency, Consumer<String> progress)
            throws IOException, InterruptedException {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        progress.accept(String.format(
                Locale.ROOT,
                "evaluating %s on %d frames, %d request(s) at once",
                detector.describe(),
                frames.size(),
                concurrency));
        record Answer(List<ModelDetection> detections, double latencyMs) {}
        List<Future<Answer>> answers = new ArrayList<>();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            for (LabelledFrame frame : frames) {
                answers.add(pool.submit(() -> {
                    byte[] image = Files.readAllBytes(frame.image());
                    long sent = System.nanoTime();
                    List<ModelDetection> detections = detector.detect(image, contentType(frame));
                    return new Answer(detections, (System.nanoTime() - sent) / 1e6);
                }));
            }
            Evaluation evaluation = new Evaluation(minScore);
            int step = Math.max(1, frames.size() / 10);
            for (int i = 0; i < frames.size(); i++) {
                Answer answer;
                try {
                    answer = answers.get(i).get();
                } catch (ExecutionException e) {
                    pool.shutdownNow();
                    Throwable cause = e.getCause();
                    throw new IOException(
                            "the detector failed on " + frames.get(i).image().getFileName() + ": "
                                    + (cause.getMessage() != null
                                            ? cause.getMessage()
                                            : cause.getClass().getSimpleName()),
                            cause);
                }
                evaluation.add(frames.get(i), answer.detections(), answer.latencyMs());
                if ((i + 1) % step == 0 || i + 1 == frames.size()) {
                    progress.accept(String.format(Locale.ROOT, "evaluated %d of %d frames", i + 1, frames.size()));
                }
            }
            return evaluation.report((System.nanoTime() - start) / 1e9, concurrency);
        }
    }

    static String contentType(LabelledFrame frame) {
        return frame.image().getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")
                ? "image/png"
                : "image/jpeg";
    }
}
