package dev.trafficcam.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CountingZonesTest {
    /** The road: the lower half of a 1000 x 500 image, left of the billboard on the right. */
    private static final CountingZones ROAD = CountingZones.parse(List.of("0,0.5 0.8,0.5 0.8,1 0,1"));

    @Test
    void aDetectionCountsWhenTheBottomCentreOfItsBoxIsInAZone() {
        // a car whose box reaches up out of the zone, but whose wheels are on the road
        assertThat(ROAD.counts(new BoundingBox(100, 100, 300, 400), 1000, 500)).isTrue();
        // a bus on the billboard: its box's bottom-centre is right of the zone
        assertThat(ROAD.counts(new BoundingBox(850, 300, 950, 450), 1000, 500)).isFalse();
        // a person on the pavement above the road
        assertThat(ROAD.counts(new BoundingBox(400, 50, 440, 200), 1000, 500)).isFalse();
        // the same car at another resolution: the zone is in fractions of the image
        assertThat(ROAD.counts(new BoundingBox(50, 50, 150, 200), 500, 250)).isTrue();
        assertThat(CountingZones.WHOLE_FRAME.counts(new BoundingBox(850, 300, 950, 450), 1000, 500))
                .isTrue();
    }

    @Test
    void detectionsOutsideAreListedNotCounted() {
        List<Detection> marked = ROAD.mark(
                List.of(
                        new Detection(TrafficClass.CAR, 0.9, new BoundingBox(100, 100, 300, 400)),
                        new Detection(TrafficClass.BUS, 0.8, new BoundingBox(850, 300, 950, 450))),
                1000,
                500);
        assertThat(marked).extracting(Detection::counted).containsExactly(true, false);
        TrafficCounts counts = TrafficCounts.of(marked);
        assertThat(counts.get(TrafficClass.CAR)).isEqualTo(1);
        assertThat(counts.get(TrafficClass.BUS)).isZero();
    }

    @Test
    void theTextFormTravelsAndReadsBack() {
        CountingZones two = CountingZones.parse(List.of("0,0.5 0.8,0.5 0.8,1 0,1", "0.1,0.1 0.2,0.1 0.15,0.3"));
        assertThat(two.text()).isEqualTo("0,0.5 0.8,0.5 0.8,1 0,1;0.1,0.1 0.2,0.1 0.15,0.3");
        assertThat(CountingZones.fromText(two.text())).isEqualTo(two);
        assertThat(CountingZones.fromText(null).wholeFrame()).isTrue();
        assertThat(CountingZones.fromText("").wholeFrame()).isTrue();
    }

    @Test
    void aDetectionFromAnEventWrittenBeforeZonesCounts() throws Exception {
        Detection old = Json.mapper()
                .readValue(
                        "{\"label\":\"car\",\"score\":0.9,\"box\":{\"xmin\":1,\"ymin\":2,\"xmax\":3,\"ymax\":4}}",
                        Detection.class);
        assertThat(old.counted()).isTrue();
        assertThat(Json.write(old.counted(false))).contains("\"counted\":false");
    }

    @Test
    void badPolygonsAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> CountingZones.parse(List.of("0,0 1,1")))
                .hasMessageContaining("polygon 1 '0,0 1,1' has 2 point(s); a polygon needs at least 3");
        assertThatThrownBy(() -> CountingZones.parse(List.of("0,0 1.2,0 1,1")))
                .hasMessageContaining("the point 1.2,0 is outside the image; coordinates are 0 to 1");
        assertThatThrownBy(() -> CountingZones.parse(List.of("0,0 -0.1,1 1,1")))
                .hasMessageContaining("outside the image");
        // a bow tie: the edge from (0,0) to (1,1) crosses the one from (1,0) to (0,1)
        assertThatThrownBy(() -> CountingZones.parse(List.of("0,0 1,1 1,0 0,1")))
                .hasMessageContaining("intersects itself: its edge 1 crosses its edge 3");
        assertThatThrownBy(() -> CountingZones.parse(List.of("0,0 0.5,0.5 1,1")))
                .hasMessageContaining("no area");
        assertThatThrownBy(() -> CountingZones.parse(List.of("0,0 a,1 1,1")))
                .hasMessageContaining("'a,1' is not a point");
        assertThatThrownBy(() -> CountingZones.parse(java.util.Collections.nCopies(9, "0,0 1,0 1,1")))
                .hasMessageContaining("at most 8 polygons");
    }
}
