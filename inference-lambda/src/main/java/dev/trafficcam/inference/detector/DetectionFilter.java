package dev.trafficcam.inference.detector;

import dev.trafficcam.model.BoundingBox;
import dev.trafficcam.model.Detection;
import dev.trafficcam.model.ModelDetection;
import dev.trafficcam.model.ScoreThresholds;
import dev.trafficcam.model.TrafficClass;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps what the pipeline counts: detections of the configured traffic classes at or above their class's score
 * threshold, boxes rounded to whole pixels and cut to the frame, best first.
 */
public record DetectionFilter(Set<TrafficClass> classes, ScoreThresholds minScores) {

    public DetectionFilter {
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("at least one traffic class must be kept");
        }
        classes = Set.copyOf(EnumSet.copyOf(classes));
    }

    public List<Detection> apply(List<ModelDetection> found, int frameWidth, int frameHeight) {
        List<Detection> kept = new ArrayList<>();
        for (ModelDetection d : found) {
            Optional<TrafficClass> trafficClass = TrafficClass.fromModelLabel(d.label());
            if (trafficClass.isEmpty()
                    || !classes.contains(trafficClass.get())
                    || d.score() < minScores.of(trafficClass.get())) {
                continue;
            }
            BoundingBox box = new BoundingBox(
                            (int) Math.round(Math.min(d.xmin(), d.xmax())),
                                    (int) Math.round(Math.min(d.ymin(), d.ymax())),
                            (int) Math.round(Math.max(d.xmin(), d.xmax())),
                                    (int) Math.round(Math.max(d.ymin(), d.ymax())))
                    .clampTo(frameWidth, frameHeight);
            kept.add(new Detection(trafficClass.get(), d.score(), box));
        }
        kept.sort(Comparator.comparingDouble(Detection::score).reversed());
        return List.copyOf(kept);
    }
}
