package dev.trafficcam.inference;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.trafficcam.inference.api.ProblemException;
import dev.trafficcam.model.Camera;
import dev.trafficcam.model.CameraGrant;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;

/**
 * The Lambda entry point for {@code POST /frames/{fileName}} behind API Gateway (REST, proxy integration, binary media
 * types). Thin: read the request, run {@link FrameInference}, map the outcome ({@link FrameResponses}), add the
 * {@code Server-Timing} header and write one log line. Its collaborators are built in {@link InferenceWiring}.
 */
public final class InferenceHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>, Resource {
    private final InferenceWiring wiring;

    /** Used by Lambda; with SnapStart, the handler primes itself before the snapshot ({@link #beforeCheckpoint}). */
    public InferenceHandler() {
        this(InferenceWiring.fromEnvironment());
        Core.getGlobalContext().register(this);
    }

    public InferenceHandler(InferenceWiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        Timings timings = Timings.startNow();
        FrameResponses responses = new FrameResponses(event, requestId(event, context), keyId(event));
        FrameResponses.Reply reply;
        Camera camera = null;
        try {
            FrameRequest request = wiring.reader().read(event);
            camera = request.name().camera();
            reply = responses.of(wiring.inference().process(request, timings));
        } catch (ProblemException e) {
            reply = responses.refused(e, camera);
        } catch (RuntimeException e) {
            reply = responses.failed(e, camera);
        }
        timings.finish();
        reply.response().getHeaders().put("Server-Timing", timings.serverTiming());
        wiring.log().request(reply.entry(), timings);
        return reply.response();
    }

    /** SnapStart: run every request path once, without calling AWS, so the snapshot holds it warm. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        long start = System.nanoTime();
        wiring.primer().run();
        wiring.log()
                .event(
                        "INFO",
                        "primed before the snapshot",
                        Map.of("ms", Math.round((System.nanoTime() - start) / 1e6)));
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // nothing to renew: priming opened no connection, and the clients connect on first use
    }

    private static String keyId(APIGatewayProxyRequestEvent event) {
        return event.getRequestContext() == null
                ? null
                : CameraGrant.from(event.getRequestContext().getAuthorizer())
                        .map(CameraGrant::keyId)
                        .orElse(null);
    }

    private static String requestId(APIGatewayProxyRequestEvent event, Context context) {
        if (event.getRequestContext() != null && event.getRequestContext().getRequestId() != null) {
            return event.getRequestContext().getRequestId();
        }
        return context != null ? context.getAwsRequestId() : null;
    }
}
