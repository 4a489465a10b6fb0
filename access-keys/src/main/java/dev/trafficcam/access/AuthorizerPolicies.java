package dev.trafficcam.access;

import dev.trafficcam.model.CameraGrant;
import dev.trafficcam.model.ViewerScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answers of the key authorizer, as API Gateway expects them: a principal, an IAM policy over the routes of the
 * stage the request came to, and a context (API Gateway developer guide, "Output from an API Gateway Lambda
 * authorizer"). API Gateway caches the answer per header value for the authorizer's TTL, and for that long the answer
 * covers every route the policy names: so the policy names all of a kind's routes, not only the method asked about.
 */
final class AuthorizerPolicies {
    /** What a camera may call: its frames, nothing else. */
    static final List<String> CAMERA_ROUTES = List.of("POST/frames/*");
    /**
     * What a viewer may call: the read routes ({@code GET /cameras...}, {@code GET /frames/{frameId}}), nothing else.
     */
    static final List<String> VIEWER_ROUTES = List.of("GET/cameras", "GET/cameras/*", "GET/frames/*");
    /** The authorizer's context for a viewer (the read function logs who read). */
    static final String VIEWER = "viewer";

    private AuthorizerPolicies() {}

    /**
     * Allow as the camera, counted and throttled under its own key in the cameras' usage plan (API key source
     * AUTHORIZER).
     */
    static Map<String, Object> camera(CameraGrant grant, String methodArn) {
        Map<String, Object> answer = policy(grant.keyId(), "Allow", CAMERA_ROUTES, methodArn, grant.context());
        answer.put("usageIdentifierKey", grant.usageKey());
        return answer;
    }

    /**
     * Allow the read routes the viewer's scope covers, with the viewer and its scope as context: every camera's, or
     * those of its cameras ({@code GET /cameras/3/...}); without images, the counts alone, so that API Gateway refuses
     * frames and their links (403). The camera of {@code GET /frames/{frameId}} is not in its path: the read function
     * checks it against the context.
     */
    static Map<String, Object> viewer(String keyId, ViewerKeys.Viewer viewer, String methodArn) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put(CameraGrant.KEY_ID, keyId);
        context.put(VIEWER, viewer.name());
        context.putAll(viewer.scope().context());
        Map<String, Object> answer = policy(keyId, "Allow", viewerRoutes(viewer.scope()), methodArn, context);
        // throttled under its own key in the viewers' usage plan, as a camera is in the cameras'
        answer.put("usageIdentifierKey", CameraGrant.usageKey(keyId));
        return answer;
    }

    static List<String> viewerRoutes(ViewerScope scope) {
        if (scope.equals(ViewerScope.ALL)) {
            return VIEWER_ROUTES;
        }
        List<String> routes = new ArrayList<>();
        routes.add("GET/cameras");
        if (scope.cameras().isEmpty()) {
            routes.add(scope.images() ? "GET/cameras/*" : "GET/cameras/*/counts");
        } else {
            for (long camera : scope.cameras().get()) {
                routes.add(scope.images() ? "GET/cameras/" + camera + "/*" : "GET/cameras/" + camera + "/counts");
            }
        }
        if (scope.images()) {
            routes.add("GET/frames/*");
        }
        return List.copyOf(routes);
    }

    /** Deny; the principal is the key's id when the token had a key's shape. */
    static Map<String, Object> deny(String principal, String methodArn) {
        return policy(principal, "Deny", CAMERA_ROUTES, methodArn, Map.of());
    }

    /**
     * The answer: the principal (the key's id), one statement over the routes of the stage the request came to, and the
     * context the function reads as {@code requestContext.authorizer}.
     */
    static Map<String, Object> policy(
            String principal, String effect, List<String> routes, String methodArn, Map<String, Object> context) {
        // arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{verb}/{resource...}
        String[] parts = methodArn.split("/", 3);
        String stagePrefix = parts.length >= 2 ? parts[0] + "/" + parts[1] + "/" : methodArn;
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Action", "execute-api:Invoke");
        statement.put("Effect", effect);
        statement.put("Resource", routes.stream().map(r -> stagePrefix + r).toList());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("principalId", principal);
        answer.put("policyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(statement)));
        if (!context.isEmpty()) {
            answer.put("context", context);
        }
        return answer;
    }
}
