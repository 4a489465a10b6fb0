package dev.trafficcam.inference;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.trafficcam.model.CameraGrant;
import dev.trafficcam.model.FrameName;
import dev.trafficcam.model.InvalidFrameNameException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * Sends one frame through the inference handler exactly as Lambda would (configuration from the environment, a REST
 * proxy event, the real AWS SDK clients) and prints the answer. For smoke tests against real or local endpoints, and
 * for measuring a cold start from a fresh JVM.
 *
 * <pre>java -cp inference-lambda-*-lambda.jar dev.trafficcam.inference.InvokeOnce FRAME [FILE_NAME]</pre>
 *
 * Exit code 0 for a 2xx answer, 1 otherwise, 2 for bad arguments.
 */
public final class InvokeOnce {
    private InvokeOnce() {}

    /**
     * This runs the handler directly, past API Gateway and its camera authorizer, as an operator with the function's
     * role: the grant the authorizer would give is made up for the camera the name names.
     */
    private static Map<String, Object> operatorGrant(String fileName) {
        try {
            return new CameraGrant("invoke-once", FrameName.parse(fileName).camera()).context();
        } catch (InvalidFrameNameException e) {
            return null; // the handler answers the bad name before it looks for a grant
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: InvokeOnce FRAME_FILE [FILE_NAME_TO_SEND]");
            System.exit(2);
        }
        Path frame = Path.of(args[0]);
        if (!Files.isRegularFile(frame)) {
            System.err.println("no such frame file: " + frame);
            System.exit(2);
        }
        String fileName = args.length == 2 ? args[1] : frame.getFileName().toString();
        String contentType = fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".png") ? "image/png" : "image/jpeg";
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST")
                .withResource("/frames/{fileName}")
                .withPath("/frames/" + fileName)
                .withPathParameters(Map.of("fileName", fileName))
                .withHeaders(Map.of("Content-Type", contentType))
                .withIsBase64Encoded(true)
                .withBody(Base64.getEncoder().encodeToString(Files.readAllBytes(frame)))
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId(UUID.randomUUID().toString()));
        event.getRequestContext().setAuthorizer(operatorGrant(fileName));

        APIGatewayProxyResponseEvent response = new InferenceHandler().handleRequest(event, null);

        System.out.println("HTTP " + response.getStatusCode() + " Server-Timing: "
                + response.getHeaders().get("Server-Timing"));
        System.out.println(response.getBody());
        System.exit(response.getStatusCode() / 100 == 2 ? 0 : 1);
    }
}
