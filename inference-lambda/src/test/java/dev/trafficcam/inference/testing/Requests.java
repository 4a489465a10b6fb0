package dev.trafficcam.inference.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** API Gateway REST proxy events as the frames API receives them (binary bodies base64-encoded). */
public final class Requests {
    private Requests() {
    }

    public static APIGatewayProxyRequestEvent post(String fileName, String contentType, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST")
                .withResource("/frames/{fileName}")
                .withPath("/frames/" + fileName)
                .withPathParameters(Map.of("fileName", fileName))
                .withHeaders(headers)
                .withIsBase64Encoded(body != null)
                .withBody(body == null ? null : Base64.getEncoder().encodeToString(body))
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId(UUID.randomUUID().toString()));
    }

    public static APIGatewayProxyRequestEvent postJpeg(String fileName, byte[] body) {
        return post(fileName, "image/jpeg", body);
    }
}
