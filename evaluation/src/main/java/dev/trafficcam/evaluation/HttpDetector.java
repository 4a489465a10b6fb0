package dev.trafficcam.evaluation;

import dev.trafficcam.model.ModelDetection;
import dev.trafficcam.model.ObjectDetectionJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * A detector behind a URL that answers a POSTed frame with the Hugging Face detection list, as the SageMaker runtime's
 * {@code /endpoints/{name}/invocations} does: a running local pipeline's SageMaker stand-in, or any such server.
 */
public final class HttpDetector implements Detector {
    private final URI url;
    private final HttpClient http;
    private final Duration timeout;

    public HttpDetector(URI url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public List<ModelDetection> detect(byte[] image, String contentType) throws IOException, InterruptedException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(url)
                            .timeout(timeout)
                            .header("Content-Type", contentType)
                            .header("Accept", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(image))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IOException(
                    "cannot reach " + url + ": "
                            + (e.getMessage() != null
                                    ? e.getMessage()
                                    : e.getClass().getSimpleName()),
                    e);
        }
        if (response.statusCode() != 200) {
            String body = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
            throw new IOException(url + " answered " + response.statusCode() + ": "
                    + (body.length() > 200 ? body.substring(0, 200) + "..." : body));
        }
        try {
            return ObjectDetectionJson.parse(response.body());
        } catch (IllegalArgumentException e) {
            throw new IOException(url + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return url.toString();
    }
}
