package dev.trafficcam.loadtests.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/**
 * The seeds' ramp: cameras sending back to back, ramping to 9 over 3 minutes, holding 9 for a minute, then jumping to
 * 18 for a minute (closed model: each user sends its next frame as soon as it has the answer). {@code -DtimeScale=}
 * compresses it.
 */
public class ConcurrencyRamp extends Simulation {
    {
        setUp(scenario("concurrency ramp")
                        .exec(Frames.postFrame())
                        .injectClosed(
                                rampConcurrentUsers(1).to(9).during(Frames.scaled(Duration.ofMinutes(3))),
                                constantConcurrentUsers(9).during(Frames.scaled(Duration.ofMinutes(1))),
                                constantConcurrentUsers(18).during(Frames.scaled(Duration.ofMinutes(1)))))
                .protocols(Frames.protocol())
                .assertions(global().failedRequests().count().is(0L));
    }

    @Override
    public void after() {
        TimingLog.write(getClass().getSimpleName());
    }
}
