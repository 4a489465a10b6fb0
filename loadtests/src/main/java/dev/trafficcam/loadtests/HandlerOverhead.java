package dev.trafficcam.loadtests;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.trafficcam.inference.InferenceHandler;
import dev.trafficcam.inference.InferenceWiring;
import dev.trafficcam.inference.RequestLog;
import dev.trafficcam.inference.testing.AwsLoopback;
import dev.trafficcam.inference.testing.InferenceTestConfig;
import dev.trafficcam.inference.testing.Requests;
import dev.trafficcam.inference.testing.TestFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the inference handler adds to the model's own latency, warm: the real handler with its real AWS SDK clients
 * against an instant loopback endpoint (SageMaker answers at once, Lambda accepts the hand-off at once), on a real
 * 768x576 street frame. Overhead = Server-Timing total - model.
 *
 * <pre>java -cp loadtests/target/benchmarks.jar dev.trafficcam.loadtests.HandlerOverhead [WARMUP] [MEASURED]</pre>
 */
public final class HandlerOverhead {
    private static final Pattern STAGE = Pattern.compile("(\\w+);dur=([0-9.]+)");
    static final String ANSWER = """
            [{"score":0.97,"label":"car","box":{"xmin":10,"ymin":20,"xmax":110,"ymax":90}},
             {"score":0.88,"label":"person","box":{"xmin":400,"ymin":120,"xmax":430,"ymax":210}},
             {"score":0.75,"label":"person","box":{"xmin":500,"ymin":100,"xmax":530,"ymax":200}},
             {"score":0.61,"label":"truck","box":{"xmin":200,"ymin":220,"xmax":360,"ymax":300}}]""";

    private HandlerOverhead() {}

    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        byte[] frame = TestFrames.frame(TestFrames.STREET_220);
        try (AwsLoopback aws = new AwsLoopback().sageMakerReplies(AwsLoopback.Reply.json(200, ANSWER))) {
            InferenceHandler handler = new InferenceHandler(InferenceWiring.of(
                    InferenceTestConfig.config(aws, Map.of()),
                    InferenceTestConfig.CREDENTIALS,
                    new RequestLog(line -> {})));
            Map<String, List<Double>> stages = Map.of(
                    "check",
                    new ArrayList<>(),
                    "model",
                    new ArrayList<>(),
                    "handoff",
                    new ArrayList<>(),
                    "total",
                    new ArrayList<>(),
                    "overhead",
                    new ArrayList<>());
            for (int i = 0; i < warmup + measured; i++) {
                if (i % 500 == 0) {
                    aws.reset(); // the stand-in keeps every request; do not let it grow without bound
                }
                APIGatewayProxyResponseEvent response = handler.handleRequest(
                        Requests.postJpeg("Main Street 5_Leuven_Belgium_12-10-2022_10-51-38.jpg", frame), null);
                if (response.getStatusCode() != 200) {
                    throw new IllegalStateException(
                            "unexpected answer " + response.getStatusCode() + ": " + response.getBody());
                }
                if (i < warmup) {
                    continue;
                }
                Map<String, Double> timing = parse(response.getHeaders().get("Server-Timing"));
                timing.forEach((stage, ms) -> stages.get(stage).add(ms));
                stages.get("overhead").add(timing.get("total") - timing.get("model"));
            }
            System.out.printf(
                    "handler overhead, warm, instant loopback endpoint; %d warm-up + %d measured requests, JDK %s%n",
                    warmup, measured, Runtime.version());
            for (String stage : List.of("check", "model", "handoff", "total", "overhead")) {
                System.out.printf("  %-8s %s%n", stage, new Percentiles(stages.get(stage)).summary());
            }
        }
    }

    static Map<String, Double> parse(String serverTiming) {
        Map<String, Double> stages = new java.util.HashMap<>();
        Matcher m = STAGE.matcher(serverTiming);
        while (m.find()) {
            stages.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return stages;
    }
}
