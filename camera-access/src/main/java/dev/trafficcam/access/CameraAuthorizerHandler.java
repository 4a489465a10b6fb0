package dev.trafficcam.access;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.trafficcam.db.DatabaseConnections;
import dev.trafficcam.db.DatabaseSession;
import dev.trafficcam.db.DatabaseSettings;
import dev.trafficcam.model.CameraGrant;
import dev.trafficcam.model.Json;
import dev.trafficcam.model.functions.CameraMetrics;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.crac.Core;
import org.crac.Resource;

/**
 * The frames API's Lambda authorizer (TOKEN type, identity source {@code Authorization}). API Gateway
 * gives it {@code {"type":"TOKEN","authorizationToken":..,"methodArn":..}} and expects a principal, an
 * IAM policy and a context (API Gateway developer guide, "Input to an API Gateway Lambda authorizer" and
 * "Output from an API Gateway Lambda authorizer"). Thin: parse the key, look it up
 * ({@link CameraKeys#check}), answer Allow with the camera as context and the camera's usage key as
 * {@code usageIdentifierKey}, or Deny.
 *
 * <p>API Gateway caches the answer per header value for the authorizer's TTL (300 s here), and for that
 * long the answer covers every route the policy names: so the policy names the camera routes
 * ({@code POST /frames/*}), not only the method asked about. A revoked key is refused at the latest when
 * its cached Allow expires.
 */
public final class CameraAuthorizerHandler implements RequestHandler<Map<String, Object>, Map<String, Object>>, Resource {
    /** What a camera may call: its frames, nothing else. */
    static final List<String> CAMERA_ROUTES = List.of("POST/frames/*");

    private final CameraKeys keys;
    private final Consumer<String> log;

    /** Used by Lambda: the database from the environment ({@code DB_URL}, {@code DB_USER}, {@code DB_AUTH}). */
    public CameraAuthorizerHandler() {
        this(new CameraKeys(new DatabaseSession(new DatabaseConnections(DatabaseSettings.fromEnvironment(System.getenv()))),
                new SecureRandom(), Clock.systemUTC()), System.out::println);
        Core.getGlobalContext().register(this);
    }

    public CameraAuthorizerHandler(CameraKeys keys, Consumer<String> log) {
        this.keys = keys;
        this.log = log;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        long start = System.nanoTime();
        String methodArn = String.valueOf(event.get("methodArn"));
        Optional<CameraKey> key = CameraKey.parse(event.get("authorizationToken") instanceof String s ? s : null);
        Optional<CameraGrant> grant = key.flatMap(keys::check);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("level", grant.isPresent() ? "INFO" : "WARN");
        line.put("message", grant.isPresent() ? "camera key allowed" : key.isPresent() ? "camera key refused: unknown or revoked"
                : "camera key refused: not a camera key");
        key.ifPresent(k -> line.put("keyId", k.id().toString()));
        grant.ifPresent(g -> line.put("camera", CameraMetrics.dimensionValue(g.camera())));
        line.put("ms", Math.round((System.nanoTime() - start) / 1e5) / 10.0);
        log.accept(Json.write(line));
        return grant.map(g -> allow(g, methodArn))
                .orElseGet(() -> policy(key.map(k -> k.id().toString()).orElse("unknown"), "Deny", methodArn, Map.of()));
    }

    /**
     * The answer: the principal (the key's id), one statement over the camera routes of the stage the
     * request came to, and the context the inference function reads as {@code requestContext.authorizer}.
     */
    static Map<String, Object> policy(String principal, String effect, String methodArn, Map<String, Object> context) {
        // arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{verb}/{resource...}
        String[] parts = methodArn.split("/", 3);
        String stagePrefix = parts.length >= 2 ? parts[0] + "/" + parts[1] + "/" : methodArn;
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Action", "execute-api:Invoke");
        statement.put("Effect", effect);
        statement.put("Resource", CAMERA_ROUTES.stream().map(r -> stagePrefix + r).toList());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("principalId", principal);
        answer.put("policyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(statement)));
        if (!context.isEmpty()) {
            answer.put("context", context);
        }
        return answer;
    }

    /** Allow as the camera, counted and throttled under its own key in the cameras' usage plan (API key source AUTHORIZER). */
    static Map<String, Object> allow(CameraGrant grant, String methodArn) {
        Map<String, Object> answer = policy(grant.keyId(), "Allow", methodArn, grant.context());
        answer.put("usageIdentifierKey", grant.usageKey());
        return answer;
    }

    /** SnapStart: run the parsing and answering paths once; the database is reached on the first real request. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        CameraKey sample = CameraKey.generate(new SecureRandom());
        CameraKey.parse("Bearer " + sample.text()).orElseThrow().matches(sample.secretSha256());
        Json.write(policy("priming", "Deny", "arn:aws:execute-api:eu-west-1:123456789012:api/prod/POST/frames/x.jpg", Map.of()));
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // no connection was opened before the snapshot
    }
}
