package dev.trafficcam.support;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.trafficcam.model.Json;
import dev.trafficcam.model.functions.ProblemDetail;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers to API Gateway's proxy integration, the same from every function behind it: JSON or an RFC 9457 problem,
 * never cached ({@code Cache-Control: no-store}: answers carry frames' detections or, from the operators' routes, a
 * key's secret), never base64.
 */
public final class ProxyResponses {
    private ProxyResponses() {}

    /** A JSON answer; the value is written with the project's one mapper ({@link Json}). */
    public static APIGatewayProxyResponseEvent json(int status, Object body) {
        return respond(status, "application/json", Json.write(body));
    }

    /** A problem answer, with the problem's status. */
    public static APIGatewayProxyResponseEvent problem(ProblemDetail problem) {
        return respond(problem.status(), ProblemDetail.MEDIA_TYPE, problem.json());
    }

    private static APIGatewayProxyResponseEvent respond(int status, String contentType, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        headers.put("Cache-Control", "no-store");
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(status)
                .withHeaders(headers)
                .withBody(body)
                .withIsBase64Encoded(false);
    }
}
