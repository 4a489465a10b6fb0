package dev.trafficcam.access;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.trafficcam.db.DatabaseConnections;
import dev.trafficcam.db.DatabaseSession;
import dev.trafficcam.db.DatabaseSettings;
import dev.trafficcam.model.functions.FunctionEnvironment;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

/**
 * The Lambda entry point for the operators' routes ({@code /admin/cameras...}, {@code /admin/viewers...}) behind API
 * Gateway's proxy integration. Thin: read the method, path and body, let {@link OperatorsApi} answer.
 */
public final class OperatorsHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private final OperatorsApi api;

    /**
     * Used by Lambda: the database ({@code DB_*}) from the environment; {@code KEY_CACHE_SECONDS} is the authorizer's
     * cache TTL, told to operators with each revocation.
     */
    public OperatorsHandler() {
        this(fromEnvironment(new FunctionEnvironment(System.getenv())));
    }

    public OperatorsHandler(OperatorsApi api) {
        this.api = api;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        String path = event.getPath() == null ? "" : event.getPath().replaceAll("/+$", "");
        String method = event.getHttpMethod() == null ? "" : event.getHttpMethod();
        String body = event.getBody();
        if (body != null && Boolean.TRUE.equals(event.getIsBase64Encoded())) {
            try {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                body = "";
            }
        }
        return api.answer(method, path, body);
    }

    private static OperatorsApi fromEnvironment(FunctionEnvironment env) {
        DatabaseSettings database = DatabaseSettings.fromEnvironment(env);
        long cacheSeconds = env.longValue("KEY_CACHE_SECONDS", 300);
        env.check("operators' API");
        DatabaseSession session = new DatabaseSession(new DatabaseConnections(database));
        return new OperatorsApi(
                new CameraKeys(session, new SecureRandom(), Clock.systemUTC()),
                new ViewerKeys(session, new SecureRandom(), Clock.systemUTC()),
                cacheSeconds);
    }
}
