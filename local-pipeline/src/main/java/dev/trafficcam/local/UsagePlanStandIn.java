package dev.trafficcam.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.trafficcam.model.Json;
import dev.trafficcam.model.functions.CameraUsagePlan;
import dev.trafficcam.model.functions.ViewerUsagePlan;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cameras' and the viewers' usage plans as API Gateway keeps them: API keys, the plan each is in, and each key's
 * token bucket (steady rate and burst, {@link CameraUsagePlan}, {@link ViewerUsagePlan}). Two faces:
 *
 * <ul>
 *   <li>the part of API Gateway's management API the cameras command uses (REST JSON, as the AWS SDK's
 *       {@code ApiGatewayClient} speaks it): {@code GetUsagePlans}, {@code CreateApiKey}, {@code CreateUsagePlanKey},
 *       {@code GetApiKeys} by name, {@code DeleteApiKey}, and the stage's {@code FlushStageAuthorizersCache}; served
 *       under {@code /_aws/apigateway} on the API's port, without checking signatures;
 *   <li>{@link #admit}: what API Gateway does with an authorizer's {@code usageIdentifierKey} (API key source
 *       AUTHORIZER): a key that is not an enabled key of the plan is 403 (INVALID_API_KEY), a key over its limits 429
 *       (THROTTLED).
 * </ul>
 */
final class UsagePlanStandIn {
    static final String PATH = "/_aws/apigateway";
    static final String PLAN_ID = "local-cameras";
    static final String VIEWER_PLAN_ID = "local-viewers";

    enum Admission {
        ADMITTED,
        NOT_IN_PLAN,
        THROTTLED
    }

    private record Key(String id, String name, String value, String description, boolean enabled) {
        Map<String, Object> json(boolean withValue) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", id);
            json.put("name", name);
            if (withValue) {
                json.put("value", value);
            }
            json.put("description", description);
            json.put("enabled", enabled);
            return json;
        }
    }

    /** A token bucket: {@code burst} tokens at most, refilled at {@code rate} a second. */
    private static final class Bucket {
        private final double rate;
        private final int burst;
        private double tokens;
        private long refilledAt = System.nanoTime();

        Bucket(double rate, int burst) {
            this.rate = rate;
            this.burst = burst;
            this.tokens = burst;
        }

        synchronized boolean take() {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * rate);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }

    /** A plan: its name and each key's limits. */
    private record Plan(String id, String name, double rate, int burst) {}

    private final Map<String, Plan> plans;
    private final Map<String, Key> keys = new ConcurrentHashMap<>();
    /** Key ids by value: every camera request looks its key up by value. */
    private final Map<String, String> idsByValue = new ConcurrentHashMap<>();

    /** The plan each key is in, by key id. */
    private final Map<String, Plan> inPlan = new ConcurrentHashMap<>();

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private volatile Runnable flushAuthorizers = () -> {};

    /** The cameras' plan and the viewers', with each key's limits in them. */
    UsagePlanStandIn(double cameraRate, int cameraBurst, double viewerRate, int viewerBurst) {
        Plan cameras = new Plan(PLAN_ID, CameraUsagePlan.NAME, cameraRate, cameraBurst);
        Plan viewers = new Plan(VIEWER_PLAN_ID, ViewerUsagePlan.NAME, viewerRate, viewerBurst);
        this.plans = Map.of(cameras.id(), cameras, viewers.id(), viewers);
    }

    /** What {@code FlushStageAuthorizersCache} empties: the API stand-in's cache of authorizer answers. */
    void onFlushAuthorizers(Runnable flush) {
        this.flushAuthorizers = flush;
    }

    /** API Gateway's check of a request's usage identifier key, after the authorizer allowed it. */
    Admission admit(String usageKey) {
        String id = usageKey == null ? null : idsByValue.get(usageKey);
        Key key = id == null ? null : keys.get(id);
        Plan plan = key == null ? null : inPlan.get(key.id());
        if (plan == null || !key.enabled()) {
            return Admission.NOT_IN_PLAN;
        }
        return buckets.computeIfAbsent(key.id(), k -> new Bucket(plan.rate(), plan.burst()))
                        .take()
                ? Admission.ADMITTED
                : Admission.THROTTLED;
    }

    void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath().substring(PATH.length());
        String method = exchange.getRequestMethod();
        JsonNode body;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            body = bytes.length == 0
                    ? Json.mapper().createObjectNode()
                    : Json.mapper().readTree(bytes);
        }
        if (method.equals("GET") && path.equals("/usageplans")) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (Plan p : plans.values()) {
                Map<String, Object> plan = new LinkedHashMap<>();
                plan.put("id", p.id());
                plan.put("name", p.name());
                plan.put("apiStages", List.of(Map.of("apiId", "local", "stage", "local")));
                plan.put("throttle", Map.of("rateLimit", p.rate(), "burstLimit", p.burst()));
                items.add(plan);
            }
            answer(exchange, 200, Map.of("item", items));
        } else if (method.equals("POST") && path.equals("/apikeys")) {
            String value =
                    body.path("value").asText(UUID.randomUUID().toString().replace("-", ""));
            if (idsByValue.containsKey(value)) {
                HttpExchanges.awsError(exchange, 409, "ConflictException", "API Key already exists");
                return;
            }
            Key key = new Key(
                    UUID.randomUUID().toString().substring(0, 10),
                    body.path("name").asText(value),
                    value,
                    body.path("description").asText(null),
                    body.path("enabled").asBoolean(false));
            keys.put(key.id(), key);
            idsByValue.put(value, key.id());
            answer(exchange, 201, key.json(true));
        } else if (method.equals("POST")
                && path.startsWith("/usageplans/")
                && path.endsWith("/keys")
                && plans.containsKey(path.substring("/usageplans/".length(), path.length() - "/keys".length()))) {
            Plan plan = plans.get(path.substring("/usageplans/".length(), path.length() - "/keys".length()));
            Key key = keys.get(body.path("keyId").asText());
            if (key == null) {
                HttpExchanges.awsError(exchange, 404, "NotFoundException", "Invalid API Key identifier specified");
                return;
            }
            if (inPlan.containsKey(key.id())) {
                // API Gateway: a key is in one usage plan per stage
                HttpExchanges.awsError(exchange, 409, "ConflictException", "the API key is in a usage plan already");
                return;
            }
            inPlan.put(key.id(), plan);
            answer(exchange, 201, Map.of("id", key.id(), "type", "API_KEY", "name", key.name(), "value", key.value()));
        } else if (method.equals("GET") && path.equals("/apikeys")) {
            String nameQuery = query(exchange, "name");
            boolean withValues = "true".equals(query(exchange, "includeValues"));
            List<Map<String, Object>> items = new ArrayList<>();
            keys.values().stream()
                    .filter(k -> nameQuery == null || k.name().startsWith(nameQuery))
                    .forEach(k -> items.add(k.json(withValues)));
            answer(exchange, 200, Map.of("item", items));
        } else if (method.equals("DELETE") && path.equals("/restapis/local/stages/local/cache/authorizers")) {
            flushAuthorizers.run();
            HttpExchanges.send(exchange, 202, Map.of(), new byte[0]);
        } else if (method.equals("DELETE") && path.startsWith("/apikeys/")) {
            String id = path.substring("/apikeys/".length());
            Key removed = keys.remove(id);
            if (removed == null) {
                HttpExchanges.awsError(exchange, 404, "NotFoundException", "Invalid API Key identifier specified");
                return;
            }
            idsByValue.remove(removed.value());
            inPlan.remove(id);
            buckets.remove(id);
            HttpExchanges.send(exchange, 202, Map.of(), new byte[0]);
        } else {
            HttpExchanges.awsError(
                    exchange, 404, "NotFoundException", "the local stand-in does not serve " + method + " " + path);
        }
    }

    private static String query(HttpExchange exchange, String name) {
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return null;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void answer(HttpExchange exchange, int status, Object body) throws IOException {
        HttpExchanges.send(exchange, status, Map.of("Content-Type", "application/json"), Json.writeBytes(body));
    }
}
