package dev.trafficcam.inference;

import dev.trafficcam.inference.handoff.S3ObjectPut;
import dev.trafficcam.support.AwsClients;
import dev.trafficcam.support.AwsClients.Call;
import dev.trafficcam.support.PrimingRequests;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The inference Lambda's AWS clients, once per container, each bounded by its own part of the request's budget (the
 * model's time-outs, the hand-off's) and stopped before sending while priming ({@link Priming}).
 */
final class InferenceClients {
    private InferenceClients() {}

    static SageMakerRuntimeClient sageMaker(InferenceConfig c, AwsCredentialsProvider credentials) {
        return configure(
                        SageMakerRuntimeClient.builder(),
                        c,
                        credentials,
                        c.endpoints().sageMakerRuntime(),
                        new Call(c.modelAttemptTimeout(), c.modelTimeout(), c.modelMaxAttempts()))
                .build();
    }

    static LambdaClient lambda(InferenceConfig c, AwsCredentialsProvider credentials) {
        return configure(LambdaClient.builder(), c, credentials, c.endpoints().lambda(), handoff(c))
                .build();
    }

    /** Claim checks' PutObject, without the S3 client (see {@link S3ObjectPut} for why). */
    static S3ObjectPut s3Put(InferenceConfig c, AwsCredentialsProvider credentials) {
        return new S3ObjectPut(
                AwsClients.httpClient(c.handoffTimeout().multipliedBy(2)),
                credentials,
                c.region(),
                c.endpoints().s3(),
                2);
    }

    static SqsClient sqs(InferenceConfig c, AwsCredentialsProvider credentials) {
        return configure(SqsClient.builder(), c, credentials, c.endpoints().sqs(), handoff(c))
                .build();
    }

    private static Call handoff(InferenceConfig c) {
        return new Call(c.handoffTimeout(), c.handoffTimeout(), 2);
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
            B builder, InferenceConfig c, AwsCredentialsProvider credentials, Optional<URI> endpoint, Call call) {
        return AwsClients.configure(
                builder,
                c.region(),
                credentials,
                endpoint,
                call.with(o -> o.addExecutionInterceptor(PrimingRequests.STOP_BEFORE_SENDING)));
    }
}
