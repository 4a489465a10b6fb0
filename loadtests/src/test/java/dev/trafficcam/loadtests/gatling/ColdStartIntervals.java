package dev.trafficcam.loadtests.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/**
 * One camera sending at minutes 0, 6, 16, 31 and 61: how long containers stay warm and what a cold answer costs.
 * {@code -DtimeScale=0.01} runs it in about 37 s (for the local stack, which has no containers to cool down, it shows
 * the steady state).
 */
public class ColdStartIntervals extends Simulation {
    private static final int[] MINUTES = {0, 6, 16, 31, 61};

    {
        ScenarioBuilder scenario = scenario("cold start intervals").exec(Frames.postFrame());
        for (int i = 1; i < MINUTES.length; i++) {
            scenario = scenario.pause(Frames.scaled(Duration.ofMinutes(MINUTES[i] - MINUTES[i - 1])))
                    .exec(Frames.postFrame());
        }
        setUp(scenario.injectOpen(atOnceUsers(1)))
                .protocols(Frames.protocol())
                .assertions(global().failedRequests().count().is(0L));
    }

    @Override
    public void after() {
        TimingLog.write(getClass().getSimpleName());
    }
}
