package dev.trafficcam.inference;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the AWS SDK clients the inference Lambda uses, once per container: the URL-connection
 * HTTP client (small, quick to start), bounded call and attempt time-outs, bounded retries,
 * and the endpoint overrides of the local stack when configured.
 */
final class AwsClients {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private AwsClients() {
    }

    static SageMakerRuntimeClient sageMaker(InferenceConfig c, AwsCredentialsProvider credentials) {
        return configure(SageMakerRuntimeClient.builder(), c, credentials, c.endpoints().sageMakerRuntime(),
                c.modelTimeout(), c.modelAttemptTimeout(), c.modelMaxAttempts()).build();
    }

    static LambdaClient lambda(InferenceConfig c, AwsCredentialsProvider credentials) {
        return configure(LambdaClient.builder(), c, credentials, c.endpoints().lambda(),
                c.handoffTimeout(), c.handoffTimeout(), 2).build();
    }

    static S3Client s3(InferenceConfig c, AwsCredentialsProvider credentials) {
        return configure(S3Client.builder(), c, credentials, c.endpoints().s3(),
                c.handoffTimeout().multipliedBy(2), c.handoffTimeout().multipliedBy(2), 2)
                // S3 stand-ins on loopback (s3proxy) have no per-bucket host names, and leave a kept-alive
                // connection broken after an aws-chunked upload (seen with s3proxy 4.1): path style and
                // plain signed bodies there. In AWS (HTTPS) neither applies.
                .forcePathStyle(c.endpoints().s3().isPresent())
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(c.endpoints().s3().isEmpty()).build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    static SqsClient sqs(InferenceConfig c, AwsCredentialsProvider credentials) {
        return configure(SqsClient.builder(), c, credentials, c.endpoints().sqs(),
                c.handoffTimeout(), c.handoffTimeout(), 2).build();
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
            B builder, InferenceConfig c, AwsCredentialsProvider credentials, Optional<URI> endpoint,
            Duration callTimeout, Duration attemptTimeout, int maxAttempts) {
        builder.region(Region.of(c.region()))
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(attemptTimeout))
                .overrideConfiguration(o -> o
                        .apiCallTimeout(callTimeout)
                        .apiCallAttemptTimeout(attemptTimeout)
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxAttempts).build())
                        .addExecutionInterceptor(Priming.STOP_BEFORE_SENDING));
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }
}
