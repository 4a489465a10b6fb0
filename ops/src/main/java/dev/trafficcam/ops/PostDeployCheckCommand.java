package dev.trafficcam.ops;

import dev.trafficcam.evaluation.CocoSet;
import dev.trafficcam.evaluation.LabelledFrame;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * After a deploy: does a frame go all the way through ({@link PostDeployCheck})? With {@code --evaluate}, also: how
 * right and how fast is the deployed detector on a labelled set ({@link Scoring}, as {@code evaluate} scores it)? Exit
 * code 0 when every step passed and the evaluation ran, 1 when either failed. {@code ./post-deploy-check} fills these
 * options from the stack's outputs.
 */
@Command(
        name = "post-deploy-check",
        description =
                "Posts a frame as a camera does (the key from TRAFFICCAM_CAMERA_KEY), then waits until its row and"
                        + " its objects exist, and reads it back as a viewer (TRAFFICCAM_VIEWER_KEY, if set); with"
                        + " --evaluate, also scores the deployed detector on a labelled set.")
final class PostDeployCheckCommand implements Callable<Integer> {
    /**
     * Per frame scored: SageMaker's own limit is 60 s for the model to answer, and the SDK's socket timeout is advised
     * at 70 s (SageMaker Runtime API reference, InvokeEndpoint).
     */
    private static final Duration FRAME_TIMEOUT = Duration.ofSeconds(70);

    @Spec
    CommandSpec spec;

    @Option(names = "--api-url", required = true, paramLabel = "URL", description = "the ApiUrl output")
    URI apiUrl;

    /** The camera key, from the environment: a key on the command line shows in every process list and history. */
    static final String CAMERA_KEY = "TRAFFICCAM_CAMERA_KEY";
    /** A viewer key, from the environment; when set, the check also reads the frame back through the read API. */
    static final String VIEWER_KEY = "TRAFFICCAM_VIEWER_KEY";

    @Option(
            names = "--lookup-function",
            required = true,
            paramLabel = "NAME",
            description = "the FrameLookupFunctionName output")
    String lookupFunction;

    @Option(names = "--bucket", required = true, paramLabel = "BUCKET", description = "the FramesBucket output")
    String bucket;

    @Option(names = "--frame", paramLabel = "FILE", description = "default: ${DEFAULT-VALUE}")
    Path frame = Path.of("samples/street_frame_220.jpg");

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "default: ${DEFAULT-VALUE}")
    long timeoutSeconds = 180;

    @Mixin
    AwsOptions aws;

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "default: AWS_ENDPOINT_URL_S3, if set")
    URI s3Endpoint;

    @ArgGroup(exclusive = false, heading = "Scoring the deployed detector (all or none of these):%n")
    Evaluation evaluation;

    /** The deployed endpoint, scored on a labelled set after the frame check: accuracy, latency and throughput. */
    static final class Evaluation {
        @Option(names = "--evaluate", required = true, description = "score the deployed detector as well")
        boolean evaluate;

        @Option(
                names = "--sagemaker-endpoint",
                required = true,
                paramLabel = "NAME",
                description = "the DetectorEndpointName output")
        String endpoint;

        @Option(
                names = "--annotations",
                required = true,
                paramLabel = "FILE",
                description = "a COCO instances JSON file, as for evaluate")
        Path annotations;

        @Option(names = "--images", required = true, paramLabel = "DIR", description = "where its file_names are")
        Path images;

        @Option(
                names = "--min-score",
                paramLabel = "SCORE",
                description = "the threshold figures are given at (default: ${DEFAULT-VALUE})")
        double minScore = 0.5;

        @Option(
                names = "--concurrency",
                paramLabel = "N",
                description = "frames sent at once; throughput is measured at this (default: ${DEFAULT-VALUE})")
        int concurrency = 4;

        @Option(names = "--out", paramLabel = "DIR", description = "where the results go (default: ${DEFAULT-VALUE})")
        Path out = Path.of("evaluation");

        @Option(
                names = "--sagemaker-runtime-url",
                paramLabel = "URL",
                description = "default: AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME, if set")
        URI runtimeUrl;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        String cameraKey = secret(CAMERA_KEY);
        if (cameraKey == null) {
            throw new ParameterException(
                    spec.commandLine(),
                    CAMERA_KEY + " is not set: export a key of the camera 'post-deploy check', Leuven, Belgium"
                            + " (./post-deploy-check does, and revokes it at the end)");
        }
        if (!Files.isReadable(frame)) {
            throw new ParameterException(spec.commandLine(), "cannot read the frame " + frame.toAbsolutePath());
        }
        if (timeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--timeout must be at least 1 s, got " + timeoutSeconds);
        }
        List<LabelledFrame> labelled = evaluation == null ? List.of() : labelledSet();
        String extension =
                frame.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png") ? "png" : "jpg";
        var credentials = DefaultCredentialsProvider.builder().build();
        try (LambdaClient lambda = OperatorClients.lambda(aws.region(), credentials, aws.lambdaEndpoint());
                S3Client s3 = OperatorClients.s3(aws.region(), credentials, aws.endpoint(s3Endpoint, "S3"))) {
            PostDeployCheck check = new PostDeployCheck(
                    HttpClient.newBuilder()
                            .connectTimeout(Duration.ofSeconds(10))
                            .build(),
                    lambda,
                    s3,
                    Duration.ofSeconds(timeoutSeconds),
                    Duration.ofSeconds(2),
                    Clock.systemUTC(),
                    spec.commandLine().getOut()::println);
            PostDeployCheck.Report report = check.run(
                    new PostDeployCheck.Target(apiUrl, cameraKey, lookupFunction, bucket, secret(VIEWER_KEY)),
                    Files.readAllBytes(frame),
                    extension.equals("png") ? "image/png" : "image/jpeg",
                    check.fileName(extension));
            if (evaluation == null) {
                return report.passed() ? 0 : 1;
            }
            // scored even when the frame check failed: the detector is judged on its own, and a failed store says
            // nothing of the model
            boolean scored = evaluate(labelled, credentials);
            return report.passed() && scored ? 0 : 1;
        }
    }

    /** A variable of the environment, or (for tests, which cannot set one) the system property of that name. */
    static String secret(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            value = System.getProperty(name);
        }
        return value == null || value.isBlank() ? null : value.strip();
    }

    private List<LabelledFrame> labelledSet() throws IOException {
        if (!(evaluation.minScore >= 0 && evaluation.minScore <= 1)) {
            throw new ParameterException(
                    spec.commandLine(), "--min-score must be within 0..1, got " + evaluation.minScore);
        }
        if (evaluation.concurrency < 1) {
            throw new ParameterException(spec.commandLine(), "--concurrency must be at least 1");
        }
        try {
            return CocoSet.read(evaluation.annotations, evaluation.images);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private boolean evaluate(List<LabelledFrame> labelled, AwsCredentialsProvider credentials)
            throws IOException, InterruptedException {
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("scoring SageMaker endpoint " + evaluation.endpoint + " on " + labelled.size() + " frames at "
                + evaluation.concurrency + " at once");
        try (SageMakerEndpointDetector detector = new SageMakerEndpointDetector(
                evaluation.endpoint,
                aws.region(),
                credentials,
                aws.endpoint(evaluation.runtimeUrl, "SAGEMAKER_RUNTIME"),
                FRAME_TIMEOUT)) {
            Scoring.score(
                    labelled,
                    detector,
                    evaluation.minScore,
                    evaluation.concurrency,
                    evaluation.out,
                    stdout,
                    spec.commandLine().getErr());
            return true;
        } catch (IOException e) {
            stdout.println("evaluation FAILED: " + e.getMessage());
            return false;
        }
    }
}
