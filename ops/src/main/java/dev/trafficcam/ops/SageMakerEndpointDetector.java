package dev.trafficcam.ops;

import dev.trafficcam.evaluation.Detector;
import dev.trafficcam.model.ModelDetection;
import dev.trafficcam.model.ObjectDetectionJson;
import dev.trafficcam.support.AwsClients;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * A deployed SageMaker endpoint as the evaluation's detector: {@code InvokeEndpoint} with the frame's own content type
 * and {@code Accept: application/json}, as the inference function calls it, with the default credential chain.
 */
final class SageMakerEndpointDetector implements Detector, AutoCloseable {
    private final SageMakerRuntimeClient client;
    private final String endpoint;

    SageMakerEndpointDetector(String endpoint, String region, Optional<URI> override, Duration timeout) {
        this(endpoint, region, DefaultCredentialsProvider.builder().build(), override, timeout);
    }

    SageMakerEndpointDetector(
            String endpoint,
            String region,
            AwsCredentialsProvider credentials,
            Optional<URI> override,
            Duration timeout) {
        this.endpoint = endpoint;
        // one attempt: a retried call would hide the endpoint's own latency and throughput
        this.client = AwsClients.configure(
                        SageMakerRuntimeClient.builder(),
                        region,
                        credentials,
                        override,
                        new AwsClients.Call(timeout, timeout, 1))
                .build();
    }

    @Override
    public List<ModelDetection> detect(byte[] image, String contentType) throws IOException {
        byte[] answer;
        try {
            answer = client.invokeEndpoint(b -> b.endpointName(endpoint)
                            .contentType(contentType)
                            .accept("application/json")
                            .body(SdkBytes.fromByteArray(image)))
                    .body()
                    .asByteArray();
        } catch (SdkException e) {
            throw new IOException("SageMaker endpoint " + endpoint + ": " + e.getMessage(), e);
        }
        try {
            return ObjectDetectionJson.parse(answer);
        } catch (IllegalArgumentException e) {
            throw new IOException("SageMaker endpoint " + endpoint + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "SageMaker endpoint " + endpoint;
    }

    @Override
    public void close() {
        client.close();
    }
}
