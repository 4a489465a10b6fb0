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
 * threshold, boxes rounded to whole pixels and cut to the frame, best first. Apart from that, it picks the people to
 * blur in stored images, at their own (lower) threshold and whether or not people are counted.
 *
 * @param blurMinScore a person scored this or more is blurred
 */
public record DetectionFilter(Set<TrafficClass> classes, ScoreThresholds minScores, double blurMinScore) {

    public DetectionFilter {
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("at least one traffic class must be kept");
        }
        classes = Set.copyOf(EnumSet.copyOf(classes));
    }

    /** People are blurred from the score they are counted at. */
    public DetectionFilter(Set<TrafficClass> classes, ScoreThresholds minScores) {
        this(classes, minScores, minScores.of(TrafficClass.PERSON));
    }

    /** The boxes of the people to blur, rounded and cut to the frame like counted ones. */
    public List<BoundingBox> people(List<ModelDetection> found, int frameWidth, int frameHeight) {
        List<BoundingBox> people = new ArrayList<>();
        for (ModelDetection d : found) {
            if (TrafficClass.fromModelLabel(d.label()).orElse(null) == TrafficClass.PERSON
                    && d.score() >= blurMinScore) {
                people.add(box(d, frameWidth, frameHeight));
            }
        }
        return List.copyOf(people);
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
            kept.add(new Detection(trafficClass.get(), d.score(), box(d, frameWidth, frameHeight)));
        }
        kept.sort(Comparator.comparingDouble(Detection::score).reversed());
        return List.copyOf(kept);
    }

    private static BoundingBox box(ModelDetection d, int frameWidth, int frameHeight) {
        return new BoundingBox(
                        (int) Math.round(Math.min(d.xmin(), d.xmax())),
                        (int) Math.round(Math.min(d.ymin(), d.ymax())),
                        (int) Math.round(Math.max(d.xmin(), d.xmax())),
                        (int) Math.round(Math.max(d.ymin(), d.ymax())))
                .clampTo(frameWidth, frameHeight);
    }
}
