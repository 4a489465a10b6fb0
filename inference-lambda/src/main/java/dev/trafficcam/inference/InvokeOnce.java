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
 * <pre>java -cp inference-lambda-*-lambda.jar dev.trafficcam.inference.InvokeOnce FRAME [FILE_NAME [REPEAT]]</pre>
 *
 * With {@code REPEAT} it sends the frame that many times through the same handler, as a warm environment handles one
 * camera's frames, and then prints the process's CPU time per frame over the second half of them and its peak resident
 * memory ({@code VmHWM}), for sizing the function (docs/PERFORMANCE.md). Exit code 0 for a 2xx answer, 1 otherwise, 2
 * for bad arguments.
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
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: InvokeOnce FRAME_FILE [FILE_NAME_TO_SEND [REPEAT]]");
            System.exit(2);
        }
        Path frame = Path.of(args[0]);
        if (!Files.isRegularFile(frame)) {
            System.err.println("no such frame file: " + frame);
            System.exit(2);
        }
        String fileName = args.length >= 2 ? args[1] : frame.getFileName().toString();
        int repeat = args.length == 3 ? Integer.parseInt(args[2]) : 1;
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

        InferenceHandler handler = new InferenceHandler();
        APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
        if (repeat > 1) {
            var os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpuAtHalf = 0;
            for (int i = 1; i < repeat; i++) {
                if (i == repeat / 2) {
                    cpuAtHalf = os.getProcessCpuTime();
                }
                event.getRequestContext().setRequestId(UUID.randomUUID().toString());
                response = handler.handleRequest(event, null);
            }
            double cpuMsPerFrame = (os.getProcessCpuTime() - cpuAtHalf) / 1e6 / (repeat - repeat / 2);
            String peak = Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("VmHWM:"))
                    .findFirst()
                    .orElse("VmHWM: unknown");
            System.out.printf(
                    java.util.Locale.ROOT,
                    "frames %d; cpu %.2f ms per frame over the last %d; %s; max heap %d MB%n",
                    repeat,
                    cpuMsPerFrame,
                    repeat - repeat / 2,
                    peak.replaceAll("\\s+", " "),
                    Runtime.getRuntime().maxMemory() / (1024 * 1024));
        }

        System.out.println("HTTP " + response.getStatusCode() + " Server-Timing: "
                + response.getHeaders().get("Server-Timing"));
        System.out.println(response.getBody());
        System.exit(response.getStatusCode() / 100 == 2 ? 0 : 1);
    }
}
