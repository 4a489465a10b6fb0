package dev.trafficcam.persistence.replay;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.trafficcam.model.functions.FunctionEnvironment;
import dev.trafficcam.model.functions.RedeliveryPolicy;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The failure queue's event source (batches with {@code ReportBatchItemFailures}): hands each batch to
 * {@link Redelivery} and answers with the messages to keep. Environment: {@code FAILURE_QUEUE_URL},
 * {@code PERSISTENCE_FUNCTION_NAME}, the {@link RedeliveryPolicy} delays, {@code AWS_REGION}.
 */
public final class RedeliveryHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final Redelivery redelivery;

    public RedeliveryHandler() {
        this(System.getenv());
    }

    RedeliveryHandler(Map<String, String> variables) {
        FunctionEnvironment env = new FunctionEnvironment(variables);
        String region = env.required("AWS_REGION");
        String queueUrl = env.required("FAILURE_QUEUE_URL");
        String functionName = env.required("PERSISTENCE_FUNCTION_NAME");
        RedeliveryPolicy policy = RedeliveryPolicy.fromEnvironment(env);
        var sqsEndpoint = env.endpoint("SQS");
        var lambdaEndpoint = env.endpoint("LAMBDA");
        env.check("redelivery");
        Replay clients =
                Replay.connect(region, DefaultCredentialsProvider.builder().build(), sqsEndpoint, lambdaEndpoint);
        this.redelivery = clients.redelivery(queueUrl, functionName, policy);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return redelivery.redeliver(event);
    }
}
