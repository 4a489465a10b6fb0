package dev.trafficcam.model.functions;

import dev.trafficcam.model.Json;
import java.util.List;

/**
 * API Gateway's catch-all answers, {@code DEFAULT_4XX} and {@code DEFAULT_5XX}: every error it gives that has no
 * gateway response of its own (a Lambda function's failure, 502; an integration time-out, 504; a bad signature on the
 * operators' routes, 403), as an RFC 9457 problem instead of {@code {"message": ...}}. The status is left as API
 * Gateway sets it (a gateway response without a status code keeps the error's; API Gateway API reference,
 * GatewayResponse), and its message is the detail ({@code $context.error.messageString}, the message as a quoted JSON
 * string; developer guide, "Gateway responses"). The local API Gateway stand-in answers the same body.
 */
public final class GatewayErrors {
    public static final List<String> RESPONSE_TYPES = List.of("DEFAULT_4XX", "DEFAULT_5XX");

    static final String SLUG = "gateway-error";
    static final String TITLE = "The API could not answer the request";

    private GatewayErrors() {}

    /** The gateway response's template: the message and the request id from API Gateway's context. */
    public static String template() {
        return shape("$context.error.messageString", "$context.requestId");
    }

    /** The body as API Gateway renders the template, for the local stand-in. */
    public static String body(String message, String requestId) {
        return shape(Json.write(message), requestId);
    }

    private static String shape(String quotedDetail, String requestId) {
        return "{\"type\":" + Json.write(ProblemDetail.type(SLUG)) + ",\"title\":" + Json.write(TITLE) + ",\"detail\":"
                + quotedDetail + ",\"requestId\":\"" + requestId + "\"}";
    }
}
