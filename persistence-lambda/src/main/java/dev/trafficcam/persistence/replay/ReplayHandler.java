package dev.trafficcam.persistence.replay;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.trafficcam.persistence.ops.OperatorClients;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The replay as a Lambda function, for operators: invoke it with {@code {"maxMessages": 100, "dryRun": false}} (both
 * optional). Environment: {@code FAILURE_QUEUE_URL}, {@code PERSISTENCE_FUNCTION_NAME}, {@code AWS_REGION}. Answers
 * with the report.
 */
public final class ReplayHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    static final int DEFAULT_MAX_MESSAGES = 100;
    private final Replay replay;
    private final String queueUrl;
    private final String functionName;

    public ReplayHandler() {
        this(System.getenv());
    }

    ReplayHandler(Map<String, String> env) {
        String region = required(env, "AWS_REGION");
        this.queueUrl = required(env, "FAILURE_QUEUE_URL");
        this.functionName = required(env, "PERSISTENCE_FUNCTION_NAME");
        var credentials = DefaultCredentialsProvider.builder().build();
        this.replay = new Replay(
                OperatorClients.sqs(
                        region,
                        credentials,
                        OperatorClients.endpoint(env.get("AWS_ENDPOINT_URL_SQS"), env.get("AWS_ENDPOINT_URL"))),
                OperatorClients.lambda(
                        region,
                        credentials,
                        OperatorClients.endpoint(env.get("AWS_ENDPOINT_URL_LAMBDA"), env.get("AWS_ENDPOINT_URL"))));
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        Map<String, Object> request = input == null ? Map.of() : input;
        int maxMessages = request.get("maxMessages") instanceof Number n ? n.intValue() : DEFAULT_MAX_MESSAGES;
        boolean dryRun = Boolean.TRUE.equals(request.get("dryRun"));
        ReplayReport report = replay.run(queueUrl, functionName, maxMessages, dryRun);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("examined", report.examined());
        answer.put("replayed", report.replayed());
        answer.put("alreadyStored", report.alreadyStored());
        answer.put("stillFailing", report.stillFailing());
        answer.put("invalid", report.invalid());
        answer.put("invalidMessageIds", report.invalidIds());
        answer.put("dryRun", report.dryRun());
        answer.put("wouldReplay", report.wouldReplay());
        System.out.println(dev.trafficcam.model.Json.write(Map.of("message", "replay", "report", answer)));
        return answer;
    }

    private static String required(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + " is not set");
        }
        return v.strip();
    }
}
