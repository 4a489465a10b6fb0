package dev.trafficcam.loadtests.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/**
 * {@code -Drate=} frames per second (default 2) for {@code -DdurationSeconds=} (default 60), spread over the cameras.
 */
public class ConstantRate extends Simulation {
    private final double rate = Double.parseDouble(System.getProperty("rate", "2"));
    private final Duration duration = Frames.scaled(Duration.ofSeconds(Integer.getInteger("durationSeconds", 60)));

    {
        setUp(scenario("constant rate")
                        .exec(Frames.postFrame())
                        .injectOpen(constantUsersPerSec(rate).during(duration)))
                .protocols(Frames.protocol())
                .assertions(global().failedRequests().count().is(0L));
    }

    @Override
    public void after() {
        TimingLog.write(getClass().getSimpleName());
    }
}
