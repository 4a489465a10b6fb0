package dev.trafficcam.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The classes of road user the pipeline counts. Their JSON form is the lower-case label. */
public enum TrafficClass {
    CAR("car"),
    TRUCK("truck"),
    BUS("bus"),
    PERSON("person"),
    BICYCLE("bicycle"),
    MOTORCYCLE("motorcycle");

    /**
     * Labels detectors use for the same things: COCO's own names (as DETR and most detectors answer), and the synonyms
     * of other label sets (PASCAL VOC's {@code motorbike}).
     */
    private static final Map<String, TrafficClass> MODEL_LABELS = Map.ofEntries(
            Map.entry("car", CAR),
            Map.entry("automobile", CAR),
            Map.entry("truck", TRUCK),
            Map.entry("lorry", TRUCK),
            Map.entry("bus", BUS),
            Map.entry("person", PERSON),
            Map.entry("pedestrian", PERSON),
            Map.entry("bicycle", BICYCLE),
            Map.entry("bike", BICYCLE),
            Map.entry("motorcycle", MOTORCYCLE),
            Map.entry("motorbike", MOTORCYCLE),
            Map.entry("motor bike", MOTORCYCLE));

    private final String label;

    TrafficClass(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    /**
     * The traffic class a detector's label stands for (case, surrounding blanks and {@code _} vs space do not matter),
     * or empty for anything the pipeline does not count.
     */
    public static Optional<TrafficClass> fromModelLabel(String label) {
        if (label == null) {
            return Optional.empty();
        }
        String key = label.strip().toLowerCase(Locale.ROOT).replace('_', ' ');
        return Optional.ofNullable(MODEL_LABELS.get(key));
    }

    /** The class with exactly this label ({@code car}, {@code truck}, ...). */
    @JsonCreator
    public static TrafficClass fromLabel(String label) {
        for (TrafficClass c : values()) {
            if (c.label.equals(label)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown traffic class '" + label + "'");
    }
}
