package dev.trafficcam.persistence.replay;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/** The SQS and Lambda clients of a replay, with optional endpoint overrides (the local stack). */
final class ReplayClients {
    /** A persistence run may take a while (annotate, S3, database, their retries). */
    private static final Duration INVOKE_TIMEOUT = Duration.ofSeconds(90);

    private ReplayClients() {
    }

    static SqsClient sqs(String region, AwsCredentialsProvider credentials, Optional<URI> endpoint) {
        SqsClientBuilder builder = SqsClient.builder().region(Region.of(region)).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)));
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    static LambdaClient lambda(String region, AwsCredentialsProvider credentials, Optional<URI> endpoint) {
        LambdaClientBuilder builder = LambdaClient.builder().region(Region.of(region)).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(INVOKE_TIMEOUT))
                .overrideConfiguration(o -> o.apiCallTimeout(INVOKE_TIMEOUT.multipliedBy(2)));
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    static Optional<URI> endpoint(String specific, String general) {
        String value = specific != null && !specific.isBlank() ? specific : general;
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(URI.create(value.strip()));
    }
}
