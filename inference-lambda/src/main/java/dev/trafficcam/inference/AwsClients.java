package dev.trafficcam.inference;

import dev.trafficcam.inference.handoff.S3ObjectPut;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the AWS SDK clients the inference Lambda uses, once per container: the URL-connection HTTP client (small,
 * quick to start), bounded call and attempt time-outs, bounded retries, and the endpoint overrides of the local stack
 * when configured.
 */
final class AwsClients {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private AwsClients() {}

    static SageMakerRuntimeClient sageMaker(InferenceConfig c, AwsCredentialsProvider credentials) {
        return configure(
                        SageMakerRuntimeClient.builder(),
                        c,
                        credentials,
                        c.endpoints().sageMakerRuntime(),
                        c.modelTimeout(),
                        c.modelAttemptTimeout(),
                        c.modelMaxAttempts())
                .build();
    }

    static LambdaClient lambda(InferenceConfig c, AwsCredentialsProvider credentials) {
        return configure(
                        LambdaClient.builder(),
                        c,
                        credentials,
                        c.endpoints().lambda(),
                        c.handoffTimeout(),
                        c.handoffTimeout(),
                        2)
                .build();
    }

    /** Claim checks' PutObject, without the S3 client (see {@link S3ObjectPut} for why). */
    static S3ObjectPut s3Put(InferenceConfig c, AwsCredentialsProvider credentials) {
        return new S3ObjectPut(
                httpClient(c.handoffTimeout().multipliedBy(2)),
                credentials,
                c.region(),
                c.endpoints().s3(),
                2);
    }

    static SqsClient sqs(InferenceConfig c, AwsCredentialsProvider credentials) {
        return configure(
                        SqsClient.builder(),
                        c,
                        credentials,
                        c.endpoints().sqs(),
                        c.handoffTimeout(),
                        c.handoffTimeout(),
                        2)
                .build();
    }

    private static SdkHttpClient httpClient(Duration attemptTimeout) {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(attemptTimeout)
                .build();
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
            B builder,
            InferenceConfig c,
            AwsCredentialsProvider credentials,
            Optional<URI> endpoint,
            Duration callTimeout,
            Duration attemptTimeout,
            int maxAttempts) {
        builder.region(Region.of(c.region()))
                .credentialsProvider(credentials)
                .httpClient(httpClient(attemptTimeout))
                .overrideConfiguration(o -> o.apiCallTimeout(callTimeout)
                        .apiCallAttemptTimeout(attemptTimeout)
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(maxAttempts)
                                .build())
                        .addExecutionInterceptor(Priming.STOP_BEFORE_SENDING));
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }
}
