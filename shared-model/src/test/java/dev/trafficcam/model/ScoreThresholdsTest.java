package dev.trafficcam.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoreThresholdsTest {

    @Test
    void eachClassHasItsThresholdAndTheOthersTheDefault() {
        ScoreThresholds thresholds = ScoreThresholds.parse(" Person=0.3, bus=0.7 ,", 0.5);

        assertThat(thresholds.of(TrafficClass.PERSON)).isEqualTo(0.3);
        assertThat(thresholds.of(TrafficClass.BUS)).isEqualTo(0.7);
        assertThat(thresholds.of(TrafficClass.CAR)).isEqualTo(0.5);
        assertThat(thresholds.lowest()).isEqualTo(0.3);
        assertThat(thresholds.withDefault(0.2).of(TrafficClass.CAR)).isEqualTo(0.2);
        assertThat(thresholds.withDefault(0.2).of(TrafficClass.PERSON)).isEqualTo(0.3);
        // written with every class, it reads back the same whatever the default
        ScoreThresholds read = ScoreThresholds.parse(thresholds.text(), 0.9);
        for (TrafficClass c : TrafficClass.values()) {
            assertThat(read.of(c)).as(c.label()).isEqualTo(thresholds.of(c));
        }
        assertThat(thresholds.text()).isEqualTo("car=0.5,truck=0.5,bus=0.7,person=0.3,bicycle=0.5,motorcycle=0.5");
    }

    @Test
    void aBadEntryOrScoreIsRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> ScoreThresholds.parse("car=0.5,van=0.3,bus=2,person", 0.5))
                .hasMessageStartingWith("'van=0.3', 'bus=2', 'person': each entry must be CLASS=SCORE");
        assertThatThrownBy(() -> new ScoreThresholds(1.5, Map.of()))
                .hasMessageContaining("must be within 0..1, got 1.5");
        assertThat(ScoreThresholds.parse(null, 0.4)).isEqualTo(ScoreThresholds.uniform(0.4));
    }
}
