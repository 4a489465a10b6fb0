package dev.trafficcam.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.db.DatabaseConnections;
import dev.trafficcam.db.DatabaseSession;
import dev.trafficcam.db.testing.EmbeddedDatabase;
import dev.trafficcam.model.Camera;
import dev.trafficcam.model.CameraGrant;
import dev.trafficcam.model.Json;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Keys, the authorizer and the operators' routes against a real, migrated PostgreSQL. */
class CameraAccessTest {
    private static final String METHOD_ARN =
            "arn:aws:execute-api:eu-west-1:123456789012:abcdef123/prod/POST/frames/x_Leuven_Belgium_01-01-2026_00-00-00.jpg";
    private static final Camera LEUVEN = new Camera("tiensevest", "Leuven", "Belgium");
    private static final Camera GHENT = new Camera("Korenmarkt", "Gent", "Belgium");

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-24T10:00:00Z"));
    private final List<String> authorizerLog = new ArrayList<>();
    private DatabaseSession session;
    private CameraKeys keys;
    private ViewerKeys viewers;
    private KeyAuthorizerHandler authorizer;
    private OperatorsHandler admin;

    @BeforeEach
    void database() {
        session = new DatabaseSession(new DatabaseConnections(EmbeddedDatabase.freshDatabase()));
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        keys = new CameraKeys(session, new SecureRandom(), clock);
        viewers = new ViewerKeys(session, new SecureRandom(), clock);
        authorizer = new KeyAuthorizerHandler(keys, viewers, authorizerLog::add);
        admin = new OperatorsHandler(new OperatorsApi(keys, viewers, 300));
    }

    @AfterEach
    void close() {
        session.close();
    }

    @Test
    void anIssuedKeyIsAllowedAsItsCameraAndMarkedSeen() {
        CameraKeys.Issued issued = keys.add(LEUVEN);

        Map<String, Object> answer = authorize("Bearer " + issued.key().text());

        assertThat(answer)
                .containsEntry("principalId", issued.key().id().toString())
                .containsEntry(
                        "usageIdentifierKey", issued.key().id().toString().replace("-", ""));
        assertThat(statement(answer))
                .containsEntry("Effect", "Allow")
                .containsEntry("Action", "execute-api:Invoke")
                .containsEntry(
                        "Resource", List.of("arn:aws:execute-api:eu-west-1:123456789012:abcdef123/prod/POST/frames/*"));
        @SuppressWarnings("unchecked")
        Map<String, Object> context = (Map<String, Object>) answer.get("context");
        assertThat(CameraGrant.from(context))
                .contains(new CameraGrant(issued.key().id().toString(), LEUVEN));
        assertThat(context.values()).allSatisfy(v -> assertThat(v).isInstanceOf(String.class));
        assertThat(keys.list()).singleElement().satisfies(e -> {
            assertThat(e.camera()).isEqualTo(LEUVEN);
            assertThat(e.keyId()).isEqualTo(issued.key().id().toString());
            assertThat(e.lastSeenAt()).isEqualTo(now.get());
        });
        assertThat(authorizerLog)
                .singleElement()
                .asString()
                .contains("camera key allowed", issued.key().id().toString())
                .doesNotContain(issued.key().text());
    }

    @Test
    void aWrongSecretUnderAKnownIdAnUnknownKeyAndNoKeyAreDenied() {
        CameraKeys.Issued issued = keys.add(LEUVEN);
        String forged = issued.key().text().substring(0, 38)
                + AccessKey.generate(AccessKey.Kind.CAMERA, new SecureRandom())
                        .text()
                        .substring(38);

        for (String header : List.of(
                "Bearer " + forged,
                "Bearer "
                        + AccessKey.generate(AccessKey.Kind.CAMERA, new SecureRandom())
                                .text(),
                "Bearer nonsense",
                "")) {
            Map<String, Object> answer = authorize(header);
            assertThat(statement(answer)).as(header).containsEntry("Effect", "Deny");
            assertThat(answer).as(header).doesNotContainKey("context").doesNotContainKey("usageIdentifierKey");
        }
        assertThat(keys.list())
                .singleElement()
                .satisfies(e -> assertThat(e.lastSeenAt())
                        .as("a refused key is not seen")
                        .isNull());
        assertThat(authorizerLog.get(0))
                .contains("unknown or revoked", issued.key().id().toString());
        assertThat(authorizerLog.get(2)).contains("not a camera or viewer key");
    }

    @Test
    void aCameraHasOneLiveKeyRotationRevokesTheOldOneAndRevocationTheLast() {
        CameraKeys.Issued first = keys.add(LEUVEN);
        assertThatThrownBy(() -> keys.add(LEUVEN))
                .isInstanceOfSatisfying(
                        KeyStateException.class, e -> assertThat(e.conflict()).isTrue());

        CameraKeys.Issued second = keys.rotate(LEUVEN);
        assertThat(keys.check(first.key())).isEmpty();
        assertThat(keys.check(second.key())).map(CameraGrant::camera).contains(LEUVEN);

        assertThat(keys.revoke(LEUVEN)).isEqualTo(second.key().id().toString());
        assertThat(keys.check(second.key())).isEmpty();
        assertThat(keys.list())
                .singleElement()
                .satisfies(e -> assertThat(e.keyId()).isNull());
        assertThatThrownBy(() -> keys.revoke(LEUVEN))
                .isInstanceOfSatisfying(
                        KeyStateException.class, e -> assertThat(e.conflict()).isFalse());

        CameraKeys.Issued third = keys.add(LEUVEN);
        assertThat(keys.check(third.key())).isPresent();
    }

    @Test
    void theOperatorsRoutesIssueListRotateAndRevoke() throws IOException {
        APIGatewayProxyResponseEvent added = call(
                "POST", "/admin/cameras", "{\"address\":\" Korenmarkt \",\"city\":\"Gent\",\"country\":\"Belgium\"}");
        assertThat(added.getStatusCode()).isEqualTo(201);
        assertThat(added.getHeaders()).containsEntry("Cache-Control", "no-store");
        JsonNode body = Json.mapper().readTree(added.getBody());
        assertThat(body.path("address").asText())
                .as("spelled as file names spell it")
                .isEqualTo("Korenmarkt");
        AccessKey key = AccessKey.parse(body.path("key").asText()).orElseThrow();
        assertThat(body.path("keyId").asText()).isEqualTo(key.id().toString());
        assertThat(keys.check(key)).map(CameraGrant::camera).contains(GHENT);

        assertThat(call(
                                "POST",
                                "/admin/cameras",
                                "{\"address\":\"Korenmarkt\",\"city\":\"Gent\",\"country\":\"Belgium\"}")
                        .getStatusCode())
                .isEqualTo(409);

        JsonNode listed =
                Json.mapper().readTree(call("GET", "/admin/cameras", null).getBody());
        assertThat(listed.path("cameras")).hasSize(1);
        assertThat(listed.path("cameras").get(0).path("keyId").asText())
                .isEqualTo(key.id().toString());
        assertThat(listed.path("cameras").get(0).path("lastSeenAt").asText())
                .isEqualTo(now.get().toString());
        assertThat(listed.toString()).doesNotContain(key.text());

        JsonNode rotated = Json.mapper()
                .readTree(call(
                                "POST",
                                "/admin/cameras/rotate",
                                "{\"address\":\"Korenmarkt\",\"city\":\"Gent\",\"country\":\"Belgium\"}")
                        .getBody());
        AccessKey newKey = AccessKey.parse(rotated.path("key").asText()).orElseThrow();
        assertThat(rotated.path("revokedKeyId").asText()).isEqualTo(key.id().toString());
        assertThat(keys.check(key)).isEmpty();

        APIGatewayProxyResponseEvent revoked = call(
                "POST",
                "/admin/cameras/revoke",
                "{\"address\":\"Korenmarkt\",\"city\":\"Gent\",\"country\":\"Belgium\"}");
        assertThat(revoked.getStatusCode()).isEqualTo(200);
        assertThat(Json.mapper()
                        .readTree(revoked.getBody())
                        .path("revokedKeyId")
                        .asText())
                .isEqualTo(newKey.id().toString());
        assertThat(Json.mapper()
                        .readTree(revoked.getBody())
                        .path("refusedWithinSeconds")
                        .asLong())
                .isEqualTo(300);
        assertThat(keys.check(newKey)).isEmpty();
    }

    @Test
    void badCallsGetProblemsThatSayWhatIsWrong() throws IOException {
        assertProblem(call("POST", "/admin/cameras", "not json"), 400, "invalid-camera", "not JSON");
        assertProblem(
                call("POST", "/admin/cameras", "{\"address\":\"a\",\"city\":\"b\"}"),
                400,
                "invalid-camera",
                "\"country\"");
        assertProblem(
                call("POST", "/admin/cameras", "{\"address\":\"a/b\",\"city\":\"b\",\"country\":\"c\"}"),
                400,
                "invalid-camera",
                "path separator");
        assertProblem(
                call("POST", "/admin/cameras/rotate", "{\"address\":\"a\",\"city\":\"b\",\"country\":\"c\"}"),
                404,
                "unknown-camera",
                "add it first");
        assertProblem(call("DELETE", "/admin/cameras", null), 405, "method-not-allowed", "GET, POST");
        assertProblem(call("GET", "/admin/other", null), 404, "not-found", "/admin/cameras");
    }

    @Test
    void aViewerKeyIsAllowedTheReadRoutesOnlyAndACameraKeyNeverThem() {
        ViewerKeys.Issued viewer = viewers.add("ana@example.org");
        CameraKeys.Issued camera = keys.add(LEUVEN);

        Map<String, Object> answer = authorize("Bearer " + viewer.key().text(), READ_ARN);
        assertThat(answer)
                .containsEntry("principalId", viewer.key().id().toString())
                // throttled under its own API key in the viewers' usage plan
                .containsEntry(
                        "usageIdentifierKey", viewer.key().id().toString().replace("-", ""))
                .containsEntry(
                        "context",
                        Map.of(
                                "keyId",
                                viewer.key().id().toString(),
                                "viewer",
                                "ana@example.org",
                                // every camera, images included: what a key issued without a scope reads
                                "viewerCameras",
                                "*",
                                "viewerImages",
                                "true"));
        String stage = "arn:aws:execute-api:eu-west-1:123456789012:abcdef123/prod/";
        assertThat(statement(answer))
                .containsEntry("Effect", "Allow")
                .containsEntry(
                        "Resource", List.of(stage + "GET/cameras", stage + "GET/cameras/*", stage + "GET/frames/*"));
        assertThat(statement(authorize("Bearer " + camera.key().text(), READ_ARN))
                        .get("Resource")
                        .toString())
                .as("a camera key's policy names the camera routes only, whatever route it was asked for")
                .doesNotContain("GET/")
                .contains("POST/frames/*");
        assertThat(authorizerLog.getFirst())
                .contains("viewer key allowed", "ana@example.org")
                .doesNotContain(viewer.key().text());

        // a viewer key's id under the camera prefix is no camera key, and the other way round
        String asCamera = viewer.key().text().replace("tview_", "tcam_");
        assertThat(statement(authorize("Bearer " + asCamera, METHOD_ARN))).containsEntry("Effect", "Deny");
        assertThat(statement(authorize("Bearer " + camera.key().text().replace("tcam_", "tview_"), READ_ARN)))
                .containsEntry("Effect", "Deny");

        assertThat(viewers.list())
                .singleElement()
                .satisfies(e -> assertThat(e.lastSeenAt()).isEqualTo(now.get()));
        viewers.revoke("ana@example.org");
        assertThat(statement(authorize("Bearer " + viewer.key().text(), READ_ARN)))
                .containsEntry("Effect", "Deny");
    }

    @Test
    void aViewerLimitedToACameraAndToCountsIsAllowedThoseRoutesOnlyAndKeepsItAcrossARotation() throws IOException {
        keys.add(LEUVEN);
        long leuven = cameraId(LEUVEN);
        keys.add(GHENT);
        long ghent = cameraId(GHENT);
        APIGatewayProxyResponseEvent added = call(
                "POST",
                "/admin/viewers",
                "{\"viewer\":\"mobility@leuven.be\",\"images\":false,"
                        + "\"cameras\":[{\"address\":\"tiensevest\",\"city\":\"Leuven\",\"country\":\"Belgium\"}]}");
        assertThat(added.getStatusCode()).as(added.getBody()).isEqualTo(201);
        JsonNode answer = Json.mapper().readTree(added.getBody());
        assertThat(answer.path("cameras")).hasSize(1);
        assertThat(answer.path("cameras").get(0).asLong()).isEqualTo(leuven);
        assertThat(answer.path("images").asBoolean()).isFalse();
        String header = "Bearer " + answer.path("key").asText();

        Map<String, Object> allowed = authorize(header, READ_ARN);
        Map<String, Object> statement = statement(allowed);
        assertThat(statement).containsEntry("Effect", "Allow");
        String stage = "arn:aws:execute-api:eu-west-1:123456789012:abcdef123/prod/";
        // its camera's counts and the list; no frames, no other camera
        assertThat((List<String>) statement.get("Resource"))
                .containsExactly(stage + "GET/cameras", stage + "GET/cameras/" + leuven + "/counts");
        assertThat((Map<String, Object>) allowed.get("context"))
                .containsEntry(dev.trafficcam.model.ViewerScope.CAMERAS, String.valueOf(leuven))
                .containsEntry(dev.trafficcam.model.ViewerScope.IMAGES, "false");

        // a rotation keeps what the key reads
        JsonNode rotated = Json.mapper()
                .readTree(call("POST", "/admin/viewers/rotate", "{\"viewer\":\"mobility@leuven.be\"}")
                        .getBody());
        assertThat(rotated.path("images").asBoolean()).isFalse();
        assertThat(rotated.path("cameras").get(0).asLong()).isEqualTo(leuven);
        JsonNode listed =
                Json.mapper().readTree(call("GET", "/admin/viewers", null).getBody());
        assertThat(listed.path("viewers").get(0).path("images").asBoolean()).isFalse();

        // every camera with images: the routes of every viewer before scopes
        assertThat(AuthorizerPolicies.viewerRoutes(dev.trafficcam.model.ViewerScope.ALL))
                .isEqualTo(AuthorizerPolicies.VIEWER_ROUTES);
        assertThat(AuthorizerPolicies.viewerRoutes(dev.trafficcam.model.ViewerScope.of(List.of(ghent, leuven), true)))
                .containsExactly(
                        "GET/cameras",
                        "GET/cameras/" + Math.min(leuven, ghent) + "/*",
                        "GET/cameras/" + Math.max(leuven, ghent) + "/*",
                        "GET/frames/*");
        assertThat(AuthorizerPolicies.viewerRoutes(dev.trafficcam.model.ViewerScope.of(null, false)))
                .containsExactly("GET/cameras", "GET/cameras/*/counts");

        assertProblem(
                call(
                        "POST",
                        "/admin/viewers",
                        "{\"viewer\":\"x\",\"cameras\":[{\"address\":\"nowhere\",\"city\":\"Leuven\",\"country\":\"Belgium\"}]}"),
                404,
                "unknown-camera",
                "nowhere");
        assertProblem(
                call("POST", "/admin/viewers", "{\"viewer\":\"x\",\"cameras\":[]}"),
                400,
                "invalid-viewer",
                "non-empty");
        assertProblem(
                call("POST", "/admin/viewers", "{\"viewer\":\"x\",\"images\":\"no\"}"),
                400,
                "invalid-viewer",
                "true or false");
    }

    private long cameraId(Camera camera) {
        return session.inTransaction(db -> db.select(dev.trafficcam.db.jooq.Tables.CAMERAS.ID)
                .from(dev.trafficcam.db.jooq.Tables.CAMERAS)
                .where(dev.trafficcam.db.jooq.Tables.CAMERAS.ADDRESS.eq(camera.address()))
                .fetchSingle(dev.trafficcam.db.jooq.Tables.CAMERAS.ID));
    }

    @Test
    void theOperatorsViewerRoutesIssueRotateRevokeAndRefuseBadNames() throws IOException {
        APIGatewayProxyResponseEvent added = call("POST", "/admin/viewers", "{\"viewer\":\"traffic-office\"}");
        assertThat(added.getStatusCode()).isEqualTo(201);
        AccessKey key = AccessKey.parse(
                        Json.mapper().readTree(added.getBody()).path("key").asText())
                .orElseThrow();
        assertThat(key.kind()).isEqualTo(AccessKey.Kind.VIEWER);
        assertThat(viewers.check(key))
                .contains(new ViewerKeys.Viewer("traffic-office", dev.trafficcam.model.ViewerScope.ALL));
        assertProblem(
                call("POST", "/admin/viewers", "{\"viewer\":\"traffic-office\"}"),
                409,
                "viewer-key-conflict",
                "rotate");

        JsonNode rotated = Json.mapper()
                .readTree(call("POST", "/admin/viewers/rotate", "{\"viewer\":\"traffic-office\"}")
                        .getBody());
        assertThat(rotated.path("revokedKeyId").asText()).isEqualTo(key.id().toString());
        assertThat(viewers.check(key)).isEmpty();
        JsonNode listed =
                Json.mapper().readTree(call("GET", "/admin/viewers", null).getBody());
        assertThat(listed.path("viewers"))
                .singleElement()
                .satisfies(v -> assertThat(v.path("keyId").asText())
                        .isEqualTo(rotated.path("keyId").asText()));
        assertThat(call("POST", "/admin/viewers/revoke", "{\"viewer\":\"traffic-office\"}")
                        .getStatusCode())
                .isEqualTo(200);

        assertProblem(
                call("POST", "/admin/viewers", "{\"viewer\":\"Ana Smith\"}"), 400, "invalid-viewer", "lower-case");
        assertProblem(call("POST", "/admin/viewers", "[]"), 400, "invalid-viewer", "JSON object");
        assertProblem(
                call("POST", "/admin/viewers/rotate", "{\"viewer\":\"nobody\"}"),
                404,
                "unknown-viewer",
                "add it first");
        assertProblem(
                call("POST", "/admin/viewers/revoke", "{\"viewer\":\"traffic-office\"}"),
                404,
                "unknown-viewer",
                "no live key");
    }

    private static final String READ_ARN = "arn:aws:execute-api:eu-west-1:123456789012:abcdef123/prod/GET/cameras";

    private Map<String, Object> authorize(String header) {
        return authorize(header, METHOD_ARN);
    }

    private Map<String, Object> authorize(String header, String methodArn) {
        Map<String, Object> event = new HashMap<>();
        event.put("type", "TOKEN");
        event.put("authorizationToken", header);
        event.put("methodArn", methodArn);
        return authorizer.handleRequest(event, null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> statement(Map<String, Object> answer) {
        Map<String, Object> policy = (Map<String, Object>) answer.get("policyDocument");
        assertThat(policy).containsEntry("Version", "2012-10-17");
        return ((List<Map<String, Object>>) policy.get("Statement")).getFirst();
    }

    private APIGatewayProxyResponseEvent call(String method, String path, String body) {
        return admin.handleRequest(
                new APIGatewayProxyRequestEvent()
                        .withHttpMethod(method)
                        .withPath(path)
                        .withBody(body)
                        .withIsBase64Encoded(false),
                null);
    }

    private static void assertProblem(APIGatewayProxyResponseEvent response, int status, String slug, String detailPart)
            throws IOException {
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        JsonNode problem = Json.mapper().readTree(response.getBody());
        assertThat(problem.path("type").asText()).isEqualTo("urn:problem-type:traffic-camera:" + slug);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).contains(detailPart);
    }
}
