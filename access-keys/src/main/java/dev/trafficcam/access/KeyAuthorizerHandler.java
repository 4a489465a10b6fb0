package dev.trafficcam.access;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.trafficcam.db.DatabaseConnections;
import dev.trafficcam.db.DatabaseSession;
import dev.trafficcam.db.DatabaseSettings;
import dev.trafficcam.model.CameraGrant;
import dev.trafficcam.model.Json;
import dev.trafficcam.model.functions.CameraMetrics;
import dev.trafficcam.model.functions.LogLine;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.crac.Core;
import org.crac.Resource;

/**
 * The frames API's Lambda authorizer (TOKEN type, identity source {@code Authorization}). API Gateway gives it
 * {@code {"type":"TOKEN","authorizationToken":..,"methodArn":..}} and expects a principal, an IAM policy and a context
 * (API Gateway developer guide, "Input to an API Gateway Lambda authorizer" and "Output from an API Gateway Lambda
 * authorizer"). Thin: parse the key, look it up by its kind ({@link CameraKeys#check}, {@link ViewerKeys#check}),
 * answer Allow, or Deny. A camera key is allowed the camera routes, with the camera as context and its usage key as
 * {@code usageIdentifierKey}; a viewer key the read routes, with the viewer as context. Neither is allowed the other's
 * routes.
 *
 * <p>API Gateway caches the answer per header value for the authorizer's TTL (300 s here); the policies
 * ({@link AuthorizerPolicies}) name all of a kind's routes for that reason. A revoked key is refused at the latest when
 * its cached Allow expires.
 */
public final class KeyAuthorizerHandler implements RequestHandler<Map<String, Object>, Map<String, Object>>, Resource {
    /** The authorizer's context for a viewer (the read function logs who read). */
    public static final String VIEWER = AuthorizerPolicies.VIEWER;

    private final CameraKeys keys;
    private final ViewerKeys viewers;
    private final Consumer<String> log;

    /** Used by Lambda: the database from the environment ({@code DB_URL}, {@code DB_USER}, {@code DB_AUTH}). */
    public KeyAuthorizerHandler() {
        this(new DatabaseSession(new DatabaseConnections(DatabaseSettings.fromEnvironment(System.getenv()))));
        Core.getGlobalContext().register(this);
    }

    private KeyAuthorizerHandler(DatabaseSession session) {
        this(
                new CameraKeys(session, new SecureRandom(), Clock.systemUTC()),
                new ViewerKeys(session, new SecureRandom(), Clock.systemUTC()),
                System.out::println);
    }

    public KeyAuthorizerHandler(CameraKeys keys, ViewerKeys viewers, Consumer<String> log) {
        this.keys = keys;
        this.viewers = viewers;
        this.log = log;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        long start = System.nanoTime();
        String methodArn = String.valueOf(event.get("methodArn"));
        Optional<AccessKey> key = AccessKey.parse(event.get("authorizationToken") instanceof String s ? s : null);
        Optional<CameraGrant> grant = key.flatMap(keys::check);
        Optional<ViewerKeys.Viewer> viewer = grant.isPresent() ? Optional.empty() : key.flatMap(viewers::check);
        String kind = key.map(k -> k.kind() == AccessKey.Kind.CAMERA ? "camera key" : "viewer key")
                .orElse("key");
        boolean allowed = grant.isPresent() || viewer.isPresent();
        log.accept(LogLine.of(
                        allowed ? "INFO" : "WARN",
                        allowed
                                ? kind + " allowed"
                                : key.isPresent()
                                        ? kind + " refused: unknown or revoked"
                                        : "key refused: not a camera or viewer key")
                .with("keyId", key.map(k -> k.id().toString()).orElse(null))
                .with(
                        "camera",
                        grant.map(g -> CameraMetrics.dimensionValue(g.camera())).orElse(null))
                .with(VIEWER, viewer.map(ViewerKeys.Viewer::name).orElse(null))
                .with("scope", viewer.map(v -> v.scope().describe()).orElse(null))
                .elapsedSince(start)
                .json());
        if (grant.isPresent()) {
            return AuthorizerPolicies.camera(grant.get(), methodArn);
        }
        if (viewer.isPresent()) {
            return AuthorizerPolicies.viewer(key.orElseThrow().id().toString(), viewer.get(), methodArn);
        }
        return AuthorizerPolicies.deny(key.map(k -> k.id().toString()).orElse("unknown"), methodArn);
    }

    /** SnapStart: run the parsing and answering paths once; the database is reached on the first real request. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        AccessKey sample = AccessKey.generate(AccessKey.Kind.CAMERA, new SecureRandom());
        AccessKey.parse("Bearer " + sample.text()).orElseThrow().matches(sample.secretSha256());
        Json.write(AuthorizerPolicies.deny(
                "priming", "arn:aws:execute-api:eu-west-1:123456789012:api/prod/POST/frames/x.jpg"));
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // no connection was opened before the snapshot
    }
}
