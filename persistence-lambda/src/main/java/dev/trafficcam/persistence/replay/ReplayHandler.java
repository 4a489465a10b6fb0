package dev.trafficcam.persistence.replay;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.trafficcam.model.functions.FunctionEnvironment;
import dev.trafficcam.model.functions.LogLine;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The replay as a Lambda function, for operators: invoke it with {@code {"maxMessages": 100, "dryRun": false}} (both
 * optional). Environment: {@code FAILURE_QUEUE_URL}, {@code PERSISTENCE_FUNCTION_NAME}, {@code AWS_REGION}. Answers
 * with the report.
 */
public final class ReplayHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    public static final int DEFAULT_MAX_MESSAGES = 100;
    private final Replay replay;
    private final String queueUrl;
    private final String functionName;

    public ReplayHandler() {
        this(System.getenv());
    }

    ReplayHandler(Map<String, String> variables) {
        FunctionEnvironment env = new FunctionEnvironment(variables);
        String region = env.required("AWS_REGION");
        this.queueUrl = env.required("FAILURE_QUEUE_URL");
        this.functionName = env.required("PERSISTENCE_FUNCTION_NAME");
        Optional<URI> sqsEndpoint = env.endpoint("SQS");
        Optional<URI> lambdaEndpoint = env.endpoint("LAMBDA");
        env.check("replay");
        this.replay =
                Replay.connect(region, DefaultCredentialsProvider.builder().build(), sqsEndpoint, lambdaEndpoint);
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
        System.out.println(LogLine.info("replay").with("report", answer).json());
        return answer;
    }
}
