package dev.trafficcam.local;

import com.sun.net.httpserver.HttpExchange;
import dev.trafficcam.model.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Answers {@code POST /endpoints/{name}/invocations} as a SageMaker endpoint serving a Hugging Face object-detection
 * model does: an {@code image/jpeg} or {@code image/png} body in, the pipeline's JSON list out
 * ({@code [{"score","label","box":{"xmin","ymin","xmax","ymax"}}]}, pixels of the frame), from the real CenterNet
 * detector.
 */
final class SageMakerStandIn {
    static final String PATH = "/endpoints/";
    private final String endpointName;
    private final CenterNetDetector detector;

    SageMakerStandIn(String endpointName, CenterNetDetector detector) {
        this.endpointName = endpointName;
        this.detector = detector;
    }

    void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String expected = PATH + endpointName + "/invocations";
        if (!"POST".equals(exchange.getRequestMethod()) || !path.startsWith(PATH) || !path.endsWith("/invocations")) {
            HttpExchanges.awsError(exchange, 404, "UnknownOperationException", "no such operation: " + path);
            return;
        }
        if (!path.equals(expected)) {
            HttpExchanges.awsError(
                    exchange,
                    400,
                    "ValidationError",
                    "Endpoint " + path.substring(PATH.length(), path.length() - "/invocations".length())
                            + " of account 000000000000 not found.");
            return;
        }
        String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"))
                .toLowerCase(Locale.ROOT);
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (!contentType.startsWith("image/jpeg") && !contentType.startsWith("image/png")) {
            // the Hugging Face toolkit's answer to a content type it cannot decode, as SageMaker relays it
            HttpExchanges.awsError(
                    exchange,
                    424,
                    "ModelError",
                    "Received client error (415) from primary: content type " + contentType + " is not supported");
            return;
        }
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(body));
        if (image == null) {
            HttpExchanges.awsError(
                    exchange,
                    424,
                    "ModelError",
                    "Received client error (400) from primary: cannot identify image file");
            return;
        }
        List<CenterNetDetector.Found> found = detector.detect(image);
        List<Map<String, Object>> answer = found.stream()
                .map(f -> {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("score", Math.round(f.score() * 10_000) / 10_000.0);
                    item.put("label", f.label());
                    item.put("box", Map.of("xmin", f.xmin(), "ymin", f.ymin(), "xmax", f.xmax(), "ymax", f.ymax()));
                    return item;
                })
                .toList();
        HttpExchanges.send(
                exchange,
                200,
                Map.of("Content-Type", "application/json", "x-Amzn-Invoked-Production-Variant", "AllTraffic"),
                Json.writeBytes(answer));
    }
}
