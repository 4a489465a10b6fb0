package dev.trafficcam.read;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.trafficcam.db.DatabaseConnections;
import dev.trafficcam.db.DatabaseSession;
import dev.trafficcam.model.ViewerScope;
import dev.trafficcam.model.functions.LogLine;
import dev.trafficcam.support.AwsClients;
import dev.trafficcam.support.S3Clients;
import dev.trafficcam.support.images.Annotator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The read function behind API Gateway (REST proxy integration): maps the event to a {@link ReadApi.Request}, the
 * {@link ReadApi.Reply} back, and logs one line per request with the viewer the authorizer named. A failure below (the
 * database away) is a 503 problem, never a stack trace.
 */
public final class ReadHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>, Resource {
    private final ReadApi api;
    private final Consumer<String> log;

    /**
     * Used by Lambda: {@code DB_URL}, {@code DB_USER}, {@code DB_AUTH} (the read-only user), {@code FRAMES_BUCKET},
     * {@code AWS_REGION}, {@code IMAGE_RETENTION_DAYS}.
     */
    public ReadHandler() {
        this(ReadConfig.fromEnvironment(System.getenv()));
        Core.getGlobalContext().register(this);
    }

    private ReadHandler(ReadConfig config) {
        this(
                new ReadApi(
                        new TrafficReader(new DatabaseSession(new DatabaseConnections(config.database()))),
                        new FrameLinks(
                                config.region(),
                                config.bucket(),
                                config.s3Endpoint(),
                                DefaultCredentialsProvider.builder().build()),
                        Clock.systemUTC(),
                        config.privacy(),
                        new DrawnCopies(
                                S3Clients.s3(
                                        config.region(),
                                        DefaultCredentialsProvider.builder().build(),
                                        config.s3Endpoint(),
                                        new AwsClients.Call(Duration.ofSeconds(5), Duration.ofSeconds(10), 2)),
                                config.bucket(),
                                new Annotator(),
                                System.out::println)),
                System.out::println);
    }

    public ReadHandler(ReadApi api, Consumer<String> log) {
        this.api = api;
        this.log = log;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        long start = System.nanoTime();
        ReadApi.Request request = request(event);
        ReadApi.Reply reply;
        String error = null;
        try {
            reply = api.answer(request);
        } catch (RuntimeException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
            reply = ReadApi.problem(new ReadApi.Refusal(
                    503,
                    "read-unavailable",
                    "The counts cannot be read just now",
                    "the database did not answer; try again in a moment"));
            reply.headers().put("Retry-After", "5");
            reply = api.secured(reply);
        }
        Map<String, Object> authorizer = event.getRequestContext() == null
                ? Map.of()
                : Optional.ofNullable(event.getRequestContext().getAuthorizer()).orElse(Map.of());
        boolean viewer = authorizer.get("viewer") != null;
        log.accept(LogLine.of(
                        error != null ? "ERROR" : LogLine.levelOf(reply.status()),
                        error != null ? "read failed" : "read")
                .with("method", request.method())
                .with("path", request.path())
                .with("status", reply.status())
                .with("viewer", viewer ? String.valueOf(authorizer.get("viewer")) : null)
                .with("keyId", viewer ? String.valueOf(authorizer.get("keyId")) : null)
                .with("error", error)
                .elapsedSince(start)
                .json());
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(reply.status())
                .withHeaders(reply.headers())
                .withBody(reply.body().length == 0 ? null : new String(reply.body(), StandardCharsets.UTF_8))
                .withIsBase64Encoded(false);
    }

    static ReadApi.Request request(APIGatewayProxyRequestEvent event) {
        String ifNoneMatch = null;
        if (event.getHeaders() != null) {
            for (Map.Entry<String, String> h : event.getHeaders().entrySet()) {
                if (h.getKey().equalsIgnoreCase("If-None-Match")) {
                    ifNoneMatch = h.getValue();
                }
            }
        }
        String stagePath = event.getRequestContext() == null
                ? null
                : event.getRequestContext().getPath();
        Map<String, Object> authorizer =
                event.getRequestContext() == null || event.getRequestContext().getAuthorizer() == null
                        ? Map.of()
                        : event.getRequestContext().getAuthorizer();
        ViewerScope scope;
        try {
            scope = ViewerScope.from(authorizer);
        } catch (IllegalArgumentException e) {
            // a context the authorizer did not write: read nothing rather than everything
            scope = new ViewerScope(Optional.of(new java.util.TreeSet<>(java.util.Set.of(-1L))), false);
        }
        return new ReadApi.Request(
                event.getHttpMethod(),
                event.getPath(),
                stagePath,
                event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters(),
                ifNoneMatch,
                scope);
    }

    /** SnapStart: run the routes' parsing and answering once, on a request that needs no database. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        api.answer(new ReadApi.Request("GET", "/", "/prod/", Map.of(), null));
        api.answer(new ReadApi.Request("GET", "/cameras/x/counts", "/prod/cameras/x/counts", Map.of(), null));
        Base64.getUrlDecoder().decode("AA");
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // no connection was opened before the snapshot
    }
}
