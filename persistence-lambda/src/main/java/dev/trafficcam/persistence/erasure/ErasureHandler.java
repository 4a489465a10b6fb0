package dev.trafficcam.persistence.erasure;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.trafficcam.db.DatabaseConnections;
import dev.trafficcam.db.DatabaseSession;
import dev.trafficcam.db.DatabaseSettings;
import dev.trafficcam.model.functions.FunctionEnvironment;
import dev.trafficcam.model.functions.LogLine;
import dev.trafficcam.model.functions.ProblemDetail;
import dev.trafficcam.persistence.FrameObjects;
import dev.trafficcam.support.AwsClients;
import dev.trafficcam.support.ProxyResponses;
import dev.trafficcam.support.S3Clients;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * {@code POST /admin/erasures} behind API Gateway's proxy integration, IAM-authorized: parse the request
 * ({@link ErasureRequests}), erase ({@link FrameErasure}), answer what went, and log it as an audit event. Errors are
 * RFC 9457 problems.
 */
public final class ErasureHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    /**
     * A call's work: API Gateway gives an integration 29 s, and the function's 28 s time-out must also hold the last
     * batch and the audit row.
     */
    static final Duration BUDGET = Duration.ofSeconds(20);

    private final FrameErasure erasure;
    private final Duration budget;
    private final Consumer<String> log;

    /** Used by Lambda: {@code FRAMES_BUCKET} and the database ({@code DB_*}, the eraser) from the environment. */
    public ErasureHandler() {
        this(fromEnvironment(new FunctionEnvironment(System.getenv())), BUDGET, System.out::println);
    }

    public ErasureHandler(FrameErasure erasure, Duration budget, Consumer<String> log) {
        this.erasure = erasure;
        this.budget = budget;
        this.log = log;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        long start = System.nanoTime();
        if (!"POST".equals(event.getHttpMethod())) {
            APIGatewayProxyResponseEvent refused = ProxyResponses.problem(new ProblemDetail(
                    405, "method-not-allowed", "The method is not allowed here", "an erasure is POSTed"));
            refused.getHeaders().put("Allow", "POST");
            return refused;
        }
        String requestedBy = ErasureRequests.caller(event);
        FrameErasure.Request request;
        try {
            request = ErasureRequests.parse(body(event), requestedBy);
        } catch (IllegalArgumentException e) {
            return ProxyResponses.problem(new ProblemDetail(
                    400, "invalid-erasure", "The erasure is not given as the API expects", e.getMessage()));
        }
        FrameErasure.Result result;
        try {
            result = erasure.erase(request, budget);
        } catch (FrameErasure.UnknownCamera e) {
            return ProxyResponses.problem(
                    new ProblemDetail(404, "unknown-camera", "There is no such camera", e.getMessage()));
        }
        Map<String, Object> answer = ErasureRequests.answer(result);
        // the audit event: who, when (the line's time), what range, what went; the erasures table holds the same
        log.accept(LogLine.info("erasure")
                .with("audit", "erasure")
                .with("requestId", context != null ? context.getAwsRequestId() : null)
                .with("requestedBy", requestedBy)
                .withAll(answer)
                .elapsedSince(start)
                .json());
        return ProxyResponses.json(200, answer);
    }

    private static String body(APIGatewayProxyRequestEvent event) {
        String body = event.getBody();
        if (body != null && Boolean.TRUE.equals(event.getIsBase64Encoded())) {
            try {
                return new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return "";
            }
        }
        return body;
    }

    private static FrameErasure fromEnvironment(FunctionEnvironment env) {
        String region = env.region("eu-west-1");
        String bucket = env.required("FRAMES_BUCKET");
        DatabaseSettings database = DatabaseSettings.fromEnvironment(env);
        env.check("erasure");
        Duration timeout = Duration.ofSeconds(10);
        return new FrameErasure(
                new DatabaseSession(new DatabaseConnections(database)),
                new FrameObjects(
                        S3Clients.s3(
                                region,
                                DefaultCredentialsProvider.builder().build(),
                                env.endpoint("S3"),
                                new AwsClients.Call(timeout, timeout.multipliedBy(3), 3)),
                        bucket),
                Clock.systemUTC());
    }
}
