package dev.trafficcam.persistence.ops;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * The clients of the operators' tools (replay, post-deploy check), with optional endpoint overrides (the local stack).
 */
public final class OperatorClients {
    /** A persistence run may take a while (annotate, S3, database, their retries). */
    private static final Duration INVOKE_TIMEOUT = Duration.ofSeconds(90);

    private OperatorClients() {}

    public static SqsClient sqs(String region, AwsCredentialsProvider credentials, Optional<URI> endpoint) {
        SqsClientBuilder builder = SqsClient.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)));
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    public static LambdaClient lambda(String region, AwsCredentialsProvider credentials, Optional<URI> endpoint) {
        LambdaClientBuilder builder = LambdaClient.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(INVOKE_TIMEOUT))
                .overrideConfiguration(o -> o.apiCallTimeout(INVOKE_TIMEOUT.multipliedBy(2)));
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** Reads only (HEAD); on a loopback stand-in, path-style addressing as s3proxy needs. */
    public static S3Client s3(String region, AwsCredentialsProvider credentials, Optional<URI> endpoint) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)));
        endpoint.ifPresent(uri -> builder.endpointOverride(uri).forcePathStyle(true));
        return builder.build();
    }

    /** The service's own endpoint variable (AWS_ENDPOINT_URL_SQS, ...) wins over the general one (AWS_ENDPOINT_URL). */
    public static Optional<URI> endpoint(String specific, String general) {
        String value = specific != null && !specific.isBlank() ? specific : general;
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(URI.create(value.strip()));
    }
}
