package dev.trafficcam.model;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The score a detection needs to count, one per traffic class: a detector's scores are not equally reliable for a bus
 * and a bicycle, so each class gets its own, chosen on a tuning set ({@code ./run-local evaluate} names the best-F1
 * threshold of each). Written as {@code car=0.5,truck=0.5,...}; a class not named takes the default.
 *
 * @param byDefault the threshold of every class not named in {@code perClass}
 */
public record ScoreThresholds(double byDefault, Map<TrafficClass, Double> perClass) {

    public ScoreThresholds {
        check("the default", byDefault);
        perClass.forEach((c, t) -> check(c.label(), t));
        perClass = perClass.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(perClass));
    }

    /** The same threshold for every class. */
    public static ScoreThresholds uniform(double threshold) {
        return new ScoreThresholds(threshold, Map.of());
    }

    /**
     * Reads {@code car=0.5,person=0.4,...} (blank: none), over a default for the classes it does not name.
     *
     * @throws IllegalArgumentException naming each entry that is not a known class with a score within 0..1
     */
    public static ScoreThresholds parse(String text, double byDefault) {
        Map<TrafficClass, Double> perClass = new EnumMap<>(TrafficClass.class);
        List<String> problems = new ArrayList<>();
        for (String entry : text == null ? new String[0] : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.split("=", 2);
            try {
                TrafficClass c = TrafficClass.fromLabel(parts[0].strip().toLowerCase(Locale.ROOT));
                double threshold = Double.parseDouble(parts.length == 2 ? parts[1].strip() : "");
                check(c.label(), threshold);
                perClass.put(c, threshold);
            } catch (IllegalArgumentException e) {
                problems.add("'" + entry.strip() + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", problems)
                    + ": each entry must be CLASS=SCORE, a class of car, truck, bus, person, bicycle, motorcycle and"
                    + " a score within 0..1");
        }
        return new ScoreThresholds(byDefault, perClass);
    }

    /** The threshold of one class. */
    public double of(TrafficClass trafficClass) {
        return perClass.getOrDefault(trafficClass, byDefault);
    }

    /** The lowest threshold of any class: what a detector may drop below without losing a detection that counts. */
    public double lowest() {
        double lowest = byDefault;
        for (double t : perClass.values()) {
            lowest = Math.min(lowest, t);
        }
        return lowest;
    }

    /** These thresholds with another default; the classes named keep theirs. */
    public ScoreThresholds withDefault(double threshold) {
        return new ScoreThresholds(threshold, perClass);
    }

    /** Every class named, in {@link TrafficClass} order: {@code car=0.5,truck=0.5,...}. */
    public String text() {
        return java.util.Arrays.stream(TrafficClass.values())
                .map(c -> c.label() + "=" + of(c))
                .collect(Collectors.joining(","));
    }

    private static void check(String what, double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException(
                    "the score threshold of " + what + " must be within 0..1, got " + threshold);
        }
    }
}
