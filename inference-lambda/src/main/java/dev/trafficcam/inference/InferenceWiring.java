package dev.trafficcam.inference;

import dev.trafficcam.inference.check.ImageChecker;
import dev.trafficcam.inference.detector.DetectionFilter;
import dev.trafficcam.inference.detector.SageMakerDetector;
import dev.trafficcam.inference.handoff.ClaimCheckStore;
import dev.trafficcam.inference.handoff.FailureQueueHandoff;
import dev.trafficcam.inference.handoff.FallbackHandoff;
import dev.trafficcam.inference.handoff.PersistenceFunctionHandoff;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * The inference function's collaborators, built in this one place: the AWS clients, the image check, the detector, the
 * claim checks and the hand-off with its fallback to the failure queue, and the priming of every request path for
 * SnapStart.
 *
 * @param primer runs each request path once without calling AWS (SnapStart, before the snapshot)
 */
public record InferenceWiring(FrameRequestReader reader, FrameInference inference, RequestLog log, Runnable primer) {
    /** Threads for claim-check uploads running beside the model call. */
    private static final ExecutorService BACKGROUND = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("claim-check-", 0).factory());

    /**
     * What Lambda runs: configuration from the environment, credentials from the function's role through the SDK's
     * default chain (with SnapStart Lambda gives container credentials, {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} +
     * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}, not key variables: Lambda developer guide, "Activating and managing
     * SnapStart", SnapStart and the AWS SDKs).
     */
    public static InferenceWiring fromEnvironment() {
        return of(
                InferenceConfig.fromEnvironment(System.getenv()),
                DefaultCredentialsProvider.builder().build(),
                RequestLog.toStandardOutput());
    }

    /** The real collaborators (AWS SDK clients) from a configuration; the tests and benchmarks use this. */
    public static InferenceWiring of(InferenceConfig config, AwsCredentialsProvider credentials, RequestLog log) {
        SageMakerRuntimeClient sageMaker = InferenceClients.sageMaker(config, credentials);
        LambdaClient lambda = InferenceClients.lambda(config, credentials);
        ImageChecker checker = new ImageChecker(config.checkThresholds());
        ClaimCheckStore claimChecks =
                new ClaimCheckStore(() -> InferenceClients.s3Put(config, credentials), config.framesBucket());
        FallbackHandoff handoff = new FallbackHandoff(
                new PersistenceFunctionHandoff(lambda, config.persistenceFunctionName()),
                new FailureQueueHandoff(
                        () -> InferenceClients.sqs(config, credentials),
                        config.failureQueueUrl(),
                        claimChecks,
                        config.failureQueueMaxMessageBytes()),
                (event, e) -> log.event(
                        "WARN",
                        "persistence hand-off failed; sending the event to the failure queue",
                        Map.of("frameId", event.frameId().toString(), "error", String.valueOf(e.getMessage()))));
        FrameInference inference = new FrameInference(
                checker,
                new SageMakerDetector(sageMaker, config.endpointName()),
                new DetectionFilter(config.trafficClasses(), config.minScores(), config.blurMinScore()),
                claimChecks,
                handoff,
                config.inlineImageMaxBytes(),
                config.handoffTimeout().multipliedBy(2),
                BACKGROUND,
                Clock.systemUTC());
        return new InferenceWiring(
                new FrameRequestReader(config.maxFrameBytes()),
                inference,
                log,
                () -> Priming.prime(
                        checker, sageMaker, config.endpointName(), lambda, config.persistenceFunctionName()));
    }
}
