package dev.trafficcam.access;

import dev.trafficcam.model.CameraGrant;
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

    /** Allow the read routes, with the viewer as context. */
    static Map<String, Object> viewer(String keyId, String viewer, String methodArn) {
        return policy(keyId, "Allow", VIEWER_ROUTES, methodArn, Map.of(CameraGrant.KEY_ID, keyId, VIEWER, viewer));
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
