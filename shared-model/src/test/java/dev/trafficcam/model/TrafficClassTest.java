package dev.trafficcam.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficClassTest {

    @Test
    void mapsCocoLabelsAndSynonyms() {
        assertThat(TrafficClass.fromModelLabel("car")).contains(TrafficClass.CAR);
        assertThat(TrafficClass.fromModelLabel("motorbike")).contains(TrafficClass.MOTORCYCLE);
        assertThat(TrafficClass.fromModelLabel(" Motorcycle ")).contains(TrafficClass.MOTORCYCLE);
        assertThat(TrafficClass.fromModelLabel("motor_bike")).contains(TrafficClass.MOTORCYCLE);
        assertThat(TrafficClass.fromModelLabel("TRUCK")).contains(TrafficClass.TRUCK);
        assertThat(TrafficClass.fromModelLabel("person")).contains(TrafficClass.PERSON);
    }

    @Test
    void ignoresWhatThePipelineDoesNotCount() {
        for (String label : List.of("traffic light", "dog", "airplane", "train", "", "N/A", "LABEL_3")) {
            assertThat(TrafficClass.fromModelLabel(label)).as(label).isEmpty();
        }
        assertThat(TrafficClass.fromModelLabel(null)).isEmpty();
    }

    @Test
    void countsEveryClassIncludingZeros() {
        BoundingBox box = new BoundingBox(0, 0, 10, 10);
        TrafficCounts counts = TrafficCounts.of(List.of(
                new Detection(TrafficClass.CAR, 0.9, box),
                new Detection(TrafficClass.CAR, 0.8, box),
                new Detection(TrafficClass.PERSON, 0.7, box)));

        assertThat(counts.get(TrafficClass.CAR)).isEqualTo(2);
        assertThat(counts.get(TrafficClass.PERSON)).isEqualTo(1);
        assertThat(counts.get(TrafficClass.BUS)).isZero();
        assertThat(counts.total()).isEqualTo(3);
        assertThat(counts.asMap())
                .containsExactly(
                        java.util.Map.entry("car", 2),
                        java.util.Map.entry("truck", 0),
                        java.util.Map.entry("bus", 0),
                        java.util.Map.entry("person", 1),
                        java.util.Map.entry("bicycle", 0),
                        java.util.Map.entry("motorcycle", 0));
    }

    @Test
    void clampsBoxesToTheFrame() {
        assertThat(new BoundingBox(-5, 10, 900, 700).clampTo(768, 576)).isEqualTo(new BoundingBox(0, 10, 768, 576));
        assertThat(new BoundingBox(800, 600, 900, 700).clampTo(768, 576))
                .isEqualTo(new BoundingBox(768, 576, 768, 576));
    }
}
