package dev.trafficcam.inference.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.trafficcam.model.CameraGrant;
import dev.trafficcam.model.FrameName;
import dev.trafficcam.model.InvalidFrameNameException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** API Gateway REST proxy events as the frames API receives them (binary bodies base64-encoded). */
public final class Requests {
    private Requests() {}

    public static APIGatewayProxyRequestEvent post(String fileName, String contentType, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST")
                .withResource("/frames/{fileName}")
                .withPath("/frames/" + fileName)
                .withPathParameters(Map.of("fileName", fileName))
                .withHeaders(headers)
                .withIsBase64Encoded(body != null)
                .withBody(body == null ? null : Base64.getEncoder().encodeToString(body))
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId(UUID.randomUUID().toString()));
        return withGrant(event, grantFor(fileName).orElse(null));
    }

    /** The camera authorizer's grant for the camera a file name names (none if the name does not parse). */
    public static Optional<CameraGrant> grantFor(String fileName) {
        try {
            return Optional.of(new CameraGrant(
                    "test-key-" + UUID.nameUUIDFromBytes(fileName.getBytes()),
                    FrameName.parse(fileName).camera()));
        } catch (InvalidFrameNameException e) {
            return Optional.empty();
        }
    }

    /** The same request as shown with another camera's key. */
    public static APIGatewayProxyRequestEvent withGrant(APIGatewayProxyRequestEvent event, CameraGrant grant) {
        event.getRequestContext().setAuthorizer(grant == null ? null : new HashMap<>(grant.context()));
        return event;
    }

    public static APIGatewayProxyRequestEvent postJpeg(String fileName, byte[] body) {
        return post(fileName, "image/jpeg", body);
    }
}
