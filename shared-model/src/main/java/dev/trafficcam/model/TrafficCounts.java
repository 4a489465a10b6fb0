package dev.trafficcam.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many road users of each traffic class a frame holds. Every class is always present (zero when none was seen), so
 * readers never have to guess what a missing key means. JSON:
 * {@code {"car":2,"truck":0,"bus":0,"person":5,"bicycle":0,"motorcycle":0}}.
 */
public final class TrafficCounts {
    private static final TrafficClass[] CLASSES = TrafficClass.values();
    private final int[] counts;

    private TrafficCounts(int[] counts) {
        this.counts = counts;
    }

    public static TrafficCounts of(Collection<Detection> detections) {
        int[] counts = new int[CLASSES.length];
        for (Detection d : detections) {
            if (d.counts()) { // outside the camera's counting zones: listed and stored, not counted
                counts[d.label().ordinal()]++;
            }
        }
        return new TrafficCounts(counts);
    }

    public static TrafficCounts none() {
        return new TrafficCounts(new int[CLASSES.length]);
    }

    public int get(TrafficClass trafficClass) {
        return counts[trafficClass.ordinal()];
    }

    public int total() {
        return Arrays.stream(counts).sum();
    }

    @JsonValue
    public Map<String, Integer> asMap() {
        Map<String, Integer> map = new LinkedHashMap<>();
        for (TrafficClass c : CLASSES) {
            map.put(c.label(), counts[c.ordinal()]);
        }
        return map;
    }

    /** Reads the JSON form; a missing class counts zero, an unknown class or a negative count is an error. */
    @JsonCreator
    public static TrafficCounts fromMap(Map<String, Integer> map) {
        int[] counts = new int[CLASSES.length];
        for (Map.Entry<String, Integer> e : map.entrySet()) {
            int n = e.getValue() == null ? 0 : e.getValue();
            if (n < 0) {
                throw new IllegalArgumentException("count of '" + e.getKey() + "' is negative: " + n);
            }
            counts[TrafficClass.fromLabel(e.getKey()).ordinal()] = n;
        }
        return new TrafficCounts(counts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrafficCounts other && Arrays.equals(counts, other.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
