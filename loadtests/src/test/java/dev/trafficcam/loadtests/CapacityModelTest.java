package dev.trafficcam.loadtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trafficcam.model.functions.DetectorPreset;
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

    @Test
    void aRandomInstanceQueuesWhereTheLeastBusyOneDoesNot() {
        // one-worker CPU instances at the target: a random pick often lands on a busy one
        CapacityModel.Deployment lor = CapacityModel.Deployment.DEFAULT.withPeriod(10);
        CapacityModel.Deployment random = lor.withLeastOutstanding(false);

        CapacityModel.Outcome pooled = CapacityModel.raisedRun(lor, 1_000, 60, 6);
        CapacityModel.Outcome scattered = CapacityModel.raisedRun(random, 1_000, 60, 6);

        assertThat(pooled.modelInstances()).isEqualTo(scattered.modelInstances());
        assertThat(pooled.modelWaitMs().at(99)).isLessThan(100);
        assertThat(scattered.modelWaitMs().at(99)).isGreaterThan(1_000);
    }

    @Test
    void instancesFollowTheTargetShareOfMaxRps() {
        CapacityModel.Deployment gpu = CapacityModel.Deployment.DEFAULT.withPreset(DetectorPreset.RTDETR_R18_GPU);
        double perInstance = DetectorPreset.RTDETR_R18_GPU.maxRps().value() * CapacityModel.TARGET_UTILISATION;

        assertThat(CapacityModel.instances(gpu, 0.1)).isEqualTo(1);
        assertThat(CapacityModel.instances(gpu, perInstance)).isEqualTo(1);
        assertThat(CapacityModel.instances(gpu, perInstance + 0.01)).isEqualTo(2);
        assertThat(CapacityModel.instances(gpu.withTarget(0.5), perInstance + 0.01))
                .isEqualTo(2);
        assertThat(CapacityModel.instances(gpu.withTarget(0.35), perInstance)).isEqualTo(2);
    }

    @Test
    void rekognitionIsBilledByTierAndTheStorageStopsGrowingAtTheRetention() {
        assertThat(CapacityModel.rekognitionMonth(36e6)).isCloseTo(1_000 + 3_200 + 18_000 + 250, within(0.01));
        assertThat(CapacityModel.rekognitionMonth(500_000)).isCloseTo(500, within(0.01));

        // 1,000 cameras every 10 s: month 1 holds half a month of images, steady state 30.5 days of them
        CapacityModel.Deployment d = CapacityModel.Deployment.DEFAULT.withPeriod(10);
        CapacityModel.Outcome o = CapacityModel.raisedRun(d, 1_000, 30, 7);
        CapacityModel.Month month = CapacityModel.month(d, o);
        double gb = 1_000 * 8_640 * 30.5 * d.kbPerFrame() / 1024 / 1024;
        assertThat(month.s3StorageSteady()).isCloseTo(gb * CapacityModel.S3_GB_MONTH, within(0.01));
        assertThat(month.s3StorageSteady() / month.s3StorageMonth1()).isCloseTo(30.5 / (30.4 / 2), within(0.05));

        CapacityModel.Month copyOnly = CapacityModel.month(d.copyOnly(), o);
        assertThat(copyOnly.s3Puts()).isCloseTo(month.s3Puts() / 2, within(0.01));
        CapacityModel.Month drawnOnRead = CapacityModel.month(d.drawnOnRead(), o);
        assertThat(drawnOnRead.s3Puts()).isCloseTo(month.s3Puts() / 2, within(0.01));
        assertThat(drawnOnRead.s3StorageSteady() / month.s3StorageSteady())
                .as("the frame's 80.7 KB of the 176.2 kept with its copy")
                .isCloseTo(80.7 / 176.2, within(0.001));
        assertThat(CapacityModel.month(d.withWaf(false), o).waf()).isZero();
        // one frame a minute of a camera sending every 10 s: a sixth of the PUTs and of the images kept, and the
        // window's claim on the database
        CapacityModel.Month minute = CapacityModel.month(d.withImageEverySeconds(60), o);
        assertThat(minute.s3Puts()).isCloseTo(month.s3Puts() / 6, within(0.01));
        assertThat(minute.s3StorageSteady()).isCloseTo(month.s3StorageSteady() / 6, within(0.01));
        assertThat(d.withImageEverySeconds(60).dbCpuMsPerFrame()).isGreaterThan(d.dbCpuMsPerFrame());
        double requests =
                o.framesPerSecond() * 3600 * CapacityModel.HOURS_A_MONTH * CapacityModel.LAMBDA_PER_MILLION / 1e6;
        assertThat((minute.persistenceLambda() - requests) / (month.persistenceLambda() - requests))
                .as("its GB-seconds: a sixth of the frames at full time, the rest at the measured share")
                .isCloseTo(1 / 6.0 + 5 / 6.0 * CapacityModel.NO_IMAGE_PERSISTENCE_SHARE, within(0.02));
        assertThat(d.withImageEverySeconds(5).imageShare())
                .as("a window shorter than the camera's period keeps every frame's")
                .isEqualTo(1.0);
    }
}
