package dev.trafficcam.access;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.trafficcam.db.DatabaseConnections;
import dev.trafficcam.db.DatabaseSession;
import dev.trafficcam.db.DatabaseSettings;
import dev.trafficcam.model.CameraGrant;
import dev.trafficcam.model.Json;
import dev.trafficcam.model.functions.CameraMetrics;
import dev.trafficcam.model.functions.FunctionEnvironment;
import dev.trafficcam.model.functions.LogLine;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
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
 * <p>API Gateway caches the answer per header value for the authorizer's TTL (3600 s here); the policies
 * ({@link AuthorizerPolicies}) name all of a kind's routes for that reason. A revoked key is refused at the latest when
 * its cached Allow expires.
 */
public final class KeyAuthorizerHandler implements RequestHandler<Map<String, Object>, Map<String, Object>>, Resource {
    /** The authorizer's context for a viewer (the read function logs who read). */
    public static final String VIEWER = AuthorizerPolicies.VIEWER;

    /**
     * How long a key checked before a database outage keeps its answer while the outage lasts
     * ({@code KEY_OUTAGE_GRACE_SECONDS}): API Gateway asks again for a key once its cached answer (an hour) expires, so
     * the environment's memory of a key is up to an hour old when the outage needs it; a quarter of an hour more covers
     * an Aurora fail-over, and a revocation made just before an outage waits no longer than the cache lets it anyway.
     */
    static final Duration OUTAGE_GRACE = Duration.ofMinutes(75);

    /**
     * The database's time limits for a key check: well inside the authorizer's 10 s, so that an unreachable or frozen
     * database fails the check (and the last-known-good answer takes over) instead of the function timing out.
     */
    static final DatabaseConnections.Timeouts KEY_CHECK_TIMEOUTS =
            new DatabaseConnections.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(3));

    private final KeyChecks checks;
    private final Consumer<String> log;

    /** Used by Lambda: the database from the environment ({@code DB_URL}, {@code DB_USER}, {@code DB_AUTH}). */
    public KeyAuthorizerHandler() {
        this(
                new DatabaseSession(new DatabaseConnections(DatabaseSettings.fromEnvironment(System.getenv()))
                        .withTimeouts(KEY_CHECK_TIMEOUTS)),
                new FunctionEnvironment(System.getenv()));
        Core.getGlobalContext().register(this);
    }

    private KeyAuthorizerHandler(DatabaseSession session, FunctionEnvironment env) {
        this(
                new KeyChecks(
                        new CameraKeys(session, new SecureRandom(), Clock.systemUTC()),
                        new ViewerKeys(session, new SecureRandom(), Clock.systemUTC()),
                        Duration.ofSeconds(env.longValue("KEY_OUTAGE_GRACE_SECONDS", OUTAGE_GRACE.toSeconds())),
                        Clock.systemUTC()),
                System.out::println);
        env.check("camera authorizer");
    }

    public KeyAuthorizerHandler(CameraKeys keys, ViewerKeys viewers, Consumer<String> log) {
        this(new KeyChecks(keys, viewers, OUTAGE_GRACE, Clock.systemUTC()), log);
    }

    public KeyAuthorizerHandler(KeyChecks checks, Consumer<String> log) {
        this.checks = checks;
        this.log = log;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        long start = System.nanoTime();
        String methodArn = String.valueOf(event.get("methodArn"));
        Optional<AccessKey> key = AccessKey.parse(event.get("authorizationToken") instanceof String s ? s : null);
        KeyChecks.Verdict verdict = key.map(checks::check).orElse(KeyChecks.Verdict.NONE);
        Optional<CameraGrant> grant = verdict.camera();
        Optional<ViewerKeys.Viewer> viewer = verdict.viewer();
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
                // answered from memory: the database was unreachable (KeyChecks)
                .with("lastKnownGood", verdict.remembered() ? Boolean.TRUE : null)
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
