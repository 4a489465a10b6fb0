package dev.trafficcam.inference;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.trafficcam.inference.api.Problem;
import dev.trafficcam.inference.api.ProblemException;
import dev.trafficcam.inference.api.ProblemType;
import dev.trafficcam.inference.check.ImageChecker;
import dev.trafficcam.inference.handoff.ClaimCheckStore;
import dev.trafficcam.inference.handoff.FailureQueueHandoff;
import dev.trafficcam.inference.handoff.FallbackHandoff;
import dev.trafficcam.inference.handoff.PersistenceFunctionHandoff;
import dev.trafficcam.inference.model.DetectionFilter;
import dev.trafficcam.inference.model.SageMakerDetector;
import dev.trafficcam.model.Camera;
import dev.trafficcam.model.CameraGrant;
import dev.trafficcam.model.Json;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * The Lambda entry point for {@code POST /frames/{fileName}} behind API Gateway (REST, proxy integration, binary media
 * types). Thin: read the request, run {@link FrameInference}, map the outcome to 200 JSON or an RFC 9457 problem, with
 * a {@code Server-Timing} header and one log line.
 */
public final class InferenceHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>, Resource {
    /** Seconds a camera should wait before sending a frame again after a 503. */
    static final String RETRY_AFTER_SECONDS = "5";
    /** Threads for claim-check uploads running beside the model call. */
    private static final ExecutorService BACKGROUND = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("claim-check-", 0).factory());

    private final FrameRequestReader reader;
    private final FrameInference inference;
    private final RequestLog log;
    private final Runnable primer;

    /**
     * Used by Lambda: configuration from the environment, credentials from the function's role through the SDK's
     * default chain (with SnapStart Lambda gives container credentials, {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} +
     * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}, not key variables: Lambda developer guide, "Activating and managing
     * SnapStart", SnapStart and the AWS SDKs); with SnapStart, the handler primes itself before the snapshot
     * ({@link #beforeCheckpoint}).
     */
    public InferenceHandler() {
        this(
                InferenceConfig.fromEnvironment(System.getenv()),
                DefaultCredentialsProvider.builder().build(),
                RequestLog.toStandardOutput());
        Core.getGlobalContext().register(this);
    }

    /** Builds the real collaborators (AWS SDK clients) from a configuration; the local stack and tests use this. */
    public InferenceHandler(InferenceConfig config, AwsCredentialsProvider credentials, RequestLog log) {
        this(new FrameRequestReader(config.maxFrameBytes()), new Wiring(config, credentials, log), log);
    }

    public InferenceHandler(FrameRequestReader reader, FrameInference inference, RequestLog log) {
        this(reader, inference, log, () -> {});
    }

    private InferenceHandler(FrameRequestReader reader, Wiring wiring, RequestLog log) {
        this(reader, wiring.inference, log, wiring.primer);
    }

    private InferenceHandler(FrameRequestReader reader, FrameInference inference, RequestLog log, Runnable primer) {
        this.reader = reader;
        this.inference = inference;
        this.log = log;
        this.primer = primer;
    }

    /** SnapStart: run every request path once, without calling AWS, so the snapshot holds it warm. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        long start = System.nanoTime();
        primer.run();
        log.event("INFO", "primed before the snapshot", Map.of("ms", Math.round((System.nanoTime() - start) / 1e6)));
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // nothing to renew: priming opened no connection, and the clients connect on first use
    }

    /** The real collaborators and the priming of their request paths. */
    private static final class Wiring {
        final FrameInference inference;
        final Runnable primer;

        Wiring(InferenceConfig config, AwsCredentialsProvider credentials, RequestLog log) {
            SageMakerRuntimeClient sageMaker = AwsClients.sageMaker(config, credentials);
            LambdaClient lambda = AwsClients.lambda(config, credentials);
            ImageChecker checker = new ImageChecker(config.checkThresholds());
            inference = wire(config, credentials, log, checker, sageMaker, lambda);
            primer = () ->
                    Priming.prime(checker, sageMaker, config.endpointName(), lambda, config.persistenceFunctionName());
        }
    }

    private static FrameInference wire(
            InferenceConfig config,
            AwsCredentialsProvider credentials,
            RequestLog log,
            ImageChecker checker,
            SageMakerRuntimeClient sageMaker,
            LambdaClient lambda) {
        ClaimCheckStore claimChecks =
                new ClaimCheckStore(() -> AwsClients.s3Put(config, credentials), config.framesBucket());
        FallbackHandoff handoff = new FallbackHandoff(
                new PersistenceFunctionHandoff(lambda, config.persistenceFunctionName()),
                new FailureQueueHandoff(
                        () -> AwsClients.sqs(config, credentials),
                        config.failureQueueUrl(),
                        claimChecks,
                        config.failureQueueMaxMessageBytes()),
                (event, e) -> log.event(
                        "WARN",
                        "persistence hand-off failed; sending the event to the failure queue",
                        Map.of("frameId", event.frameId().toString(), "error", String.valueOf(e.getMessage()))));
        return new FrameInference(
                checker,
                new SageMakerDetector(sageMaker, config.endpointName()),
                new DetectionFilter(config.trafficClasses(), config.minScore()),
                claimChecks,
                handoff,
                config.inlineImageMaxBytes(),
                config.handoffTimeout().multipliedBy(2),
                BACKGROUND,
                Clock.systemUTC());
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        Timings timings = Timings.startNow();
        String requestId = requestId(event, context);
        APIGatewayProxyResponseEvent response;
        String frameId = null;
        Camera camera = null;
        String outcomeName;
        String route = null;
        String error = null;
        dev.trafficcam.model.TrafficCounts counts = null;
        String keyId = event.getRequestContext() == null
                ? null
                : CameraGrant.from(event.getRequestContext().getAuthorizer())
                        .map(CameraGrant::keyId)
                        .orElse(null);
        try {
            FrameRequest request = reader.read(event);
            camera = request.name().camera();
            FrameOutcome outcome = inference.process(request, timings);
            frameId = outcome.frameId().toString();
            route = outcome.route().name();
            switch (outcome) {
                case FrameOutcome.Answered answered -> {
                    counts = answered.answer().counts();
                    outcomeName = "DETECTED";
                    response = json(200, "application/json", Json.write(answered.answer()));
                }
                case FrameOutcome.Distorted distorted -> {
                    outcomeName = "DISTORTED";
                    error = distorted.distortion().detail();
                    Map<String, Object> members = new LinkedHashMap<>();
                    members.put("reason", distorted.distortion().reason().code());
                    members.put("frameId", frameId);
                    response = problem(
                            ProblemType.DISTORTED_FRAME, distorted.distortion().detail(), event, requestId, members);
                }
            }
        } catch (ProblemException e) {
            outcomeName = e.type().slug();
            if (e.type() == ProblemType.CAMERA_NOT_ALLOWED) {
                camera = claimedCamera(event);
            }
            Object id = e.extensions().get("frameId");
            frameId = id == null ? null : id.toString();
            error = e.getCause() != null ? e.getMessage() + " (" + e.getCause().getMessage() + ")" : e.getMessage();
            response = problem(e.type(), e.getMessage(), event, requestId, e.extensions());
        } catch (RuntimeException e) {
            outcomeName = ProblemType.INTERNAL_ERROR.slug();
            error = e.getClass().getName() + ": " + e.getMessage();
            response = problem(
                    ProblemType.INTERNAL_ERROR,
                    "the frame could not be processed; quote request id " + requestId + " to the operators",
                    event,
                    requestId,
                    Map.of());
        }
        timings.finish();
        response.getHeaders().put("Server-Timing", timings.serverTiming());
        log.request(
                requestId,
                keyId,
                frameId,
                camera,
                response.getStatusCode(),
                outcomeName,
                timings,
                counts,
                route,
                error);
        return response;
    }

    private static APIGatewayProxyResponseEvent problem(
            ProblemType type,
            String detail,
            APIGatewayProxyRequestEvent event,
            String requestId,
            Map<String, Object> extensions) {
        Map<String, Object> members = new LinkedHashMap<>(extensions);
        if (requestId != null) {
            members.put("requestId", requestId);
        }
        Problem problem = new Problem(type, detail, event.getPath(), members);
        APIGatewayProxyResponseEvent response = json(type.status(), Problem.MEDIA_TYPE, Json.write(problem));
        if (type == ProblemType.HANDOFF_UNAVAILABLE) {
            response.getHeaders().put("Retry-After", RETRY_AFTER_SECONDS);
        } else if (type == ProblemType.METHOD_NOT_ALLOWED) {
            response.getHeaders().put("Allow", "POST");
        } else if (type == ProblemType.UNSUPPORTED_MEDIA_TYPE) {
            response.getHeaders().put("Accept-Post", "image/jpeg, image/png");
        }
        return response;
    }

    private static APIGatewayProxyResponseEvent json(int status, String contentType, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        headers.put("Cache-Control", "no-store");
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(status)
                .withHeaders(headers)
                .withBody(body)
                .withIsBase64Encoded(false);
    }

    /** The camera a refused frame's name claims, for the per-camera refusal metric. */
    private static Camera claimedCamera(APIGatewayProxyRequestEvent event) {
        try {
            return event.getPathParameters() == null
                    ? null
                    : dev.trafficcam.model.FrameName.parse(
                                    event.getPathParameters().get("fileName"))
                            .camera();
        } catch (dev.trafficcam.model.InvalidFrameNameException e) {
            return null;
        }
    }

    private static String requestId(APIGatewayProxyRequestEvent event, Context context) {
        if (event.getRequestContext() != null && event.getRequestContext().getRequestId() != null) {
            return event.getRequestContext().getRequestId();
        }
        return context != null ? context.getAwsRequestId() : null;
    }
}
