package dev.trafficcam.loadtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRank() {
        Percentiles p = new Percentiles(new double[] {5, 1, 4, 2, 3, 6, 7, 8, 9, 10});
        assertThat(p.at(50)).isEqualTo(5);
        assertThat(p.at(90)).isEqualTo(9);
        assertThat(p.at(99)).isEqualTo(10);
        assertThat(p.at(1)).isEqualTo(1);
        assertThat(new Percentiles(List.of(42.0)).at(99)).isEqualTo(42);
        assertThatThrownBy(() -> new Percentiles(new double[0])).hasMessageContaining("no measurements");
        assertThatThrownBy(() -> p.at(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsServerTimingStages() {
        assertThat(HandlerOverhead.parse("check;dur=3.1, model;dur=812.0, handoff;dur=12.5, total;dur=830.4"))
                .isEqualTo(Map.of("check", 3.1, "model", 812.0, "handoff", 12.5, "total", 830.4));
    }
}
