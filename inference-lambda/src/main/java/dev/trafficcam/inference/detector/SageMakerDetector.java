package dev.trafficcam.inference.detector;

import dev.trafficcam.model.ImageFormat;
import dev.trafficcam.model.ModelDetection;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;

/**
 * Sends the frame's raw bytes to a SageMaker endpoint serving a Hugging Face object-detection model:
 * {@code InvokeEndpoint} with the frame's own content type ({@code image/jpeg} or {@code image/png}, which the Hugging
 * Face toolkit decodes) and {@code Accept: application/json}. Time-outs and retries are the client's (see
 * {@code AwsClients}).
 */
public final class SageMakerDetector implements ObjectDetector {
    private final SageMakerRuntimeClient client;
    private final String endpointName;

    public SageMakerDetector(SageMakerRuntimeClient client, String endpointName) {
        this.client = client;
        this.endpointName = endpointName;
    }

    @Override
    public String name() {
        return endpointName;
    }

    @Override
    public List<ModelDetection> detect(byte[] image, ImageFormat format) {
        InvokeEndpointResponse response;
        try {
            response = client.invokeEndpoint(b -> b.endpointName(endpointName)
                    .contentType(format.mediaType())
                    .accept("application/json")
                    .body(SdkBytes.fromByteArrayUnsafe(image)));
        } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
            throw new ModelCallException("the model endpoint '" + endpointName + "' did not answer in time", true, e);
        } catch (ModelErrorException e) {
            throw new ModelCallException(
                    "the model in endpoint '" + endpointName + "' failed"
                            + (e.originalStatusCode() != null ? " with status " + e.originalStatusCode() : ""),
                    false,
                    e);
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : null;
            throw new ModelCallException(
                    "the model endpoint '" + endpointName + "' refused the call: HTTP " + e.statusCode()
                            + (code != null ? " " + code : ""),
                    false,
                    e);
        } catch (SdkException e) {
            boolean timedOut = hasCause(e, SocketTimeoutException.class)
                    || hasCause(e, InterruptedIOException.class)
                    || e instanceof AbortedException;
            throw new ModelCallException(
                    timedOut
                            ? "the model endpoint '" + endpointName + "' did not answer in time"
                            : "the model endpoint '" + endpointName + "' could not be reached",
                    timedOut,
                    e);
        }
        String contentType = response.contentType();
        if (contentType != null
                && !contentType.toLowerCase(java.util.Locale.ROOT).contains("json")) {
            throw new ModelCallException("the model answered with " + contentType + " instead of JSON", false, null);
        }
        return ObjectDetectionAnswer.parse(response.body().asByteArrayUnsafe());
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
