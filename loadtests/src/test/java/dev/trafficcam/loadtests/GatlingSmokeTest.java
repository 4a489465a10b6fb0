package dev.trafficcam.loadtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficcam.loadtests.gatling.ConstantRate;
import dev.trafficcam.local.LocalPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short Gatling run (ConstantRate, 2 frames/s for 20 s) against the local stack started in this JVM on free loopback
 * ports: zero failed requests, every request's Server-Timing recorded, every frame stored, nothing on the failure
 * queue. The full scenarios are run by hand (docs/PERFORMANCE.md).
 */
class GatlingSmokeTest {
    @TempDir
    Path dataDir;

    @Test
    void aShortConstantRateRunHasNoFailuresAndEveryFrameIsStored() throws Exception {
        Path timings = Path.of("target/gatling/smoke-server-timing.csv").toAbsolutePath();
        Files.deleteIfExists(timings);
        try (LocalPipeline stack = LocalPipeline.start(LocalPipeline.Options.defaults()
                .withApiPort(0)
                .withDataDir(dataDir)
                // the simulations' cameras send back to back, to load the pipeline, not as
                // cameras do (1 a second at most)
                .withCameraLimits(LocalPipeline.CameraLimits.UNBOUNDED)
                .withLog(line -> {}))) {
            System.setProperty("baseUrl", stack.endpoints().api().toString());
            System.setProperty("rate", "2");
            System.setProperty("durationSeconds", "20");
            System.setProperty("timingsFile", timings.toString());
            System.setProperty("gatling.data.enableAnalytics", "false");
            System.setProperty(
                    "aws.accessKeyId", LocalPipeline.ACCESS_KEY); // LoadReport's SQS client: the default chain
            System.setProperty("aws.secretAccessKey", LocalPipeline.SECRET_KEY);

            int status = io.gatling.app.Gatling$.MODULE$.fromArgs(new String[] {
                "-s",
                ConstantRate.class.getName(),
                "-rf",
                Path.of("target/gatling").toAbsolutePath().toString()
            });

            assertThat(status)
                    .as("Gatling's exit status (assertion: zero failed requests)")
                    .isZero();
            LoadReport.Stages run = LoadReport.readTimings(timings);
            assertThat(run.requests()).isEqualTo(40);
            assertThat(run.failed()).isZero();
            assertThat(run.stages().get("model").count()).isEqualTo(40);
            assertThat(run.stages().get("total").at(50))
                    .isGreaterThanOrEqualTo(run.stages().get("model").at(50));

            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (stack.pendingEvents() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            List<Double> lags = LoadReport.asyncLagMs(
                    stack.database().jdbcUrl(),
                    "postgres",
                    "postgres",
                    run.first().minusSeconds(1));
            assertThat(lags).as("every frame of the run is stored").hasSize(40);
            assertThat(LoadReport.queueDepth(
                            stack.endpoints().failureQueueUrl(),
                            Optional.of(stack.endpoints().sqs())))
                    .isZero();
        }
    }
}
