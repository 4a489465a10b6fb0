package dev.trafficcam.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * After a deploy: does a frame go all the way through ({@link PostDeployCheck})? Exit code 0 when every step passed, 1
 * when one failed. {@code ./post-deploy-check} fills these options from the stack's outputs.
 */
@Command(
        name = "post-deploy-check",
        description = "Posts a frame as a camera does, then waits until its row and its objects exist.")
final class PostDeployCheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--api-url", required = true, paramLabel = "URL", description = "the ApiUrl output")
    URI apiUrl;

    @Option(
            names = "--camera-key",
            required = true,
            paramLabel = "KEY",
            description = "a key of the camera 'post-deploy check', Leuven, Belgium")
    String cameraKey;

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

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!Files.isReadable(frame)) {
            throw new ParameterException(spec.commandLine(), "cannot read the frame " + frame.toAbsolutePath());
        }
        if (timeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--timeout must be at least 1 s, got " + timeoutSeconds);
        }
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
                    new PostDeployCheck.Target(apiUrl, cameraKey, lookupFunction, bucket),
                    Files.readAllBytes(frame),
                    extension.equals("png") ? "image/png" : "image/jpeg",
                    check.fileName(extension));
            return report.passed() ? 0 : 1;
        }
    }
}
