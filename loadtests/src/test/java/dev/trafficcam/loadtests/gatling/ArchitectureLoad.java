package dev.trafficcam.loadtests.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/**
 * One level of the architectures' side by side ({@code Architectures}): {@code -Dcameras=N} cameras sending back to
 * back (closed model: each sends its next frame as soon as it has the answer) for {@code -DdurationSeconds=} seconds
 * against {@code -DbaseUrl=}.
 */
public class ArchitectureLoad extends Simulation {
    {
        int cameras = Integer.getInteger("cameras", 1);
        setUp(scenario("cameras back to back")
                        .exec(Frames.postFrame())
                        .injectClosed(constantConcurrentUsers(cameras)
                                .during(Duration.ofSeconds(Long.getLong("durationSeconds", 60)))))
                .protocols(Frames.protocol());
    }

    @Override
    public void after() {
        TimingLog.write(getClass().getSimpleName());
    }
}
