package dev.trafficcam.loadtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The capacity model's simulation agrees with what queueing arithmetic says it must. */
class CapacityModelTest {
    @Test
    void busyPersistenceEnvironmentsFollowLittlesLaw() {
        CapacityModel.Outcome o = CapacityModel.simulate(2_000, 60, 200, 10_000, 10_000, 1);

        double expected = o.framesPerSecond() * CapacityModel.PERSISTENCE_MS.mean() / 1000;
        assertThat((double) o.persistenceConcurrencyNeeded()).isCloseTo(expected, within(expected * 0.15 + 1));
        assertThat(o.frames()).isCloseTo(2_000 * 60 / 5, within(2_000L));
    }

    @Test
    void theApiThrottleLetsThroughItsRateAndNoMore() {
        // 75,000 cameras send 15,000 frames/s against 10,000 requests/s and a bucket of 5,000
        CapacityModel.Outcome o = CapacityModel.simulate(75_000, 30, 10_000, 1_000_000, 10_000, 2);

        double admitted = o.frames() - o.apiThrottled();
        assertThat(admitted).isCloseTo(10_000 * 30 + 5_000, within(10_000 * 30 * 0.03));
    }

    @Test
    void tooFewPersistenceEnvironmentsMakeTheEventAgeGrowAndEnoughKeepItFlat() {
        double rate = 1_000 / CapacityModel.PERIOD_S;
        int short_ = (int) (rate * CapacityModel.PERSISTENCE_MS.mean() / 1000 * 0.8);
        CapacityModel.Outcome starved = CapacityModel.simulate(1_000, 120, short_, 10_000, 10_000, 3);
        CapacityModel.Outcome enough =
                CapacityModel.simulate(1_000, 120, CapacityModel.reservedNeeded(rate), 10_000, 10_000, 3);

        assertThat(starved.persistenceAgeGrowthPerHourS()).isGreaterThan(100);
        assertThat(enough.persistenceAgeMs().at(99)).isLessThan(1_000);
        assertThat(enough.persistenceAgeGrowthPerHourS()).isLessThan(starved.persistenceAgeGrowthPerHourS() / 10);
    }

    @Test
    void aFunctionAtItsConcurrencyThrottlesAndOneWithRoomDoesNot() {
        // 2,000 cameras need ~250 concurrent inference requests; 100 is too few
        CapacityModel.Outcome cramped = CapacityModel.simulate(2_000, 60, 50, 160, 10_000, 4);
        CapacityModel.Outcome roomy = CapacityModel.simulate(2_000, 60, 50, 1_000, 10_000, 4);

        assertThat(cramped.lambdaThrottled()).isPositive();
        assertThat(cramped.inferenceConcurrencyMax()).isLessThanOrEqualTo(100);
        assertThat(roomy.lambdaThrottled()).isZero();
    }

    @Test
    void samplesFollowTheirQuantiles() {
        CapacityModel.Quantiles q = new CapacityModel.Quantiles(10, 20, 40, 80, 160);
        Random random = new Random(5);
        double[] draws = new double[200_000];
        for (int i = 0; i < draws.length; i++) {
            draws[i] = q.sample(random);
        }
        Percentiles p = new Percentiles(draws);
        assertThat(p.at(50)).isCloseTo(20, within(0.5));
        assertThat(p.at(95)).isCloseTo(40, within(1.0));
        assertThat(p.at(99)).isCloseTo(80, within(3.0));
        assertThat(p.mean()).isCloseTo(q.mean(), within(0.5));
    }

    @Test
    void theLimitsAreListedInTheOrderTheyBind() {
        List<CapacityModel.Binds> order = CapacityModel.breakpoints();

        assertThat(order).extracting(CapacityModel.Binds::cameras).isSorted();
        assertThat(order).anySatisfy(b -> {
            assertThat(b.limit()).startsWith("API keys");
            assertThat(b.cameras()).isEqualTo(10_000);
        });
        assertThat(CapacityModel.apiGatewayMonth(1e9)).isCloseTo(333 * 3.50 + 667 * 2.80, within(0.01));
    }
}
