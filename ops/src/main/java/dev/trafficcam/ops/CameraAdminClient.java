package dev.trafficcam.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.model.Camera;
import dev.trafficcam.model.Json;
import dev.trafficcam.model.functions.OperatorRoutes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Calls the operators' camera routes of a running stack. In AWS they use IAM authorization: each call is signed with
 * SigV4 (service {@code execute-api}) with the credentials of the SDK's default chain. Calls to a loopback address are
 * not signed: the local stack does not check IAM.
 */
public final class CameraAdminClient {
    private static final Pattern EXECUTE_API_HOST =
            Pattern.compile("[a-z0-9]+\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?");

    private final URI base;
    private final URI viewers;
    private final URI erasures;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private UsageKeys usageKeys;

    /** The route answered with a problem (or not with JSON). */
    public static final class Refused extends RuntimeException {
        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /**
     * @param api the stack's API: the {@code ApiBaseUrl} output in AWS, {@code http://127.0.0.1:8080} locally
     * @throws IllegalArgumentException if it is not an http(s) URL
     */
    public CameraAdminClient(String api) {
        URI uri;
        try {
            uri = URI.create(api.replaceAll("/+$", "") + OperatorRoutes.CAMERAS);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null
                || uri.getHost() == null
                || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("--api must be an http(s) URL, got '" + api + "'");
        }
        this.base = uri;
        this.viewers = URI.create(api.replaceAll("/+$", "") + OperatorRoutes.VIEWERS);
        this.erasures = URI.create(api.replaceAll("/+$", "") + OperatorRoutes.ERASURES);
    }

    public URI base() {
        return base;
    }

    public JsonNode list() throws IOException, InterruptedException {
        return call("GET", base, null);
    }

    /**
     * Registers the camera and issues its first key, then its usage key (the answer holds the key).
     *
     * @throws Refused also when the key was issued but its usage key could not be made: rotate then
     */
    public JsonNode add(Camera camera) throws IOException, InterruptedException {
        return add(camera, null);
    }

    /** As {@link #add(Camera)}, with the camera's IANA time zone (null: the deployment's default). */
    public JsonNode add(Camera camera, String timeZone) throws IOException, InterruptedException {
        Map<String, String> request = new LinkedHashMap<>();
        request.put("address", camera.address());
        request.put("city", camera.city());
        request.put("country", camera.country());
        if (timeZone != null) {
            request.put("timeZone", timeZone);
        }
        JsonNode answer = call("POST", base, Json.write(request));
        withUsageKeys(answer, () -> usageKeys().add(answer.path("keyId").asText(), camera));
        return answer;
    }

    /**
     * Sets where the camera counts (no polygon: the whole frame), then flushes the authorizer's cache, which carries
     * the zones with the camera's key, so that its next frame is counted by them.
     */
    public JsonNode zones(Camera camera, List<String> polygons) throws IOException, InterruptedException {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("address", camera.address());
        request.put("city", camera.city());
        request.put("country", camera.country());
        request.put("zones", polygons);
        return flushedCache(call("POST", URI.create(base + "/zones"), Json.write(request)));
    }

    /** A new key and its usage key; the old key and its usage key revoked. */
    public JsonNode rotate(Camera camera) throws IOException, InterruptedException {
        JsonNode answer = call("POST", URI.create(base + "/rotate"), body(camera));
        withUsageKeys(answer, () -> {
            usageKeys().add(answer.path("keyId").asText(), camera);
            if (answer.hasNonNull("revokedKeyId")) {
                usageKeys().remove(answer.path("revokedKeyId").asText());
            }
        });
        return flushed(answer);
    }

    /** The key revoked, its usage key deleted and the authorizer's cache flushed: refused from the next request on. */
    public JsonNode revoke(Camera camera) throws IOException, InterruptedException {
        JsonNode answer = call("POST", URI.create(base + "/revoke"), body(camera));
        withUsageKeys(
                answer, () -> usageKeys().remove(answer.path("revokedKeyId").asText()));
        return flushed(answer);
    }

    /**
     * The revocation finished: the stage's cached authorizer answers flushed, so that the revoked key is refused at
     * once. The answer says whether that worked ({@code authorizerCacheFlushed}); if not, the key is refused within the
     * cache's time, as the route's {@code refusedWithinSeconds} says.
     */
    private JsonNode flushed(JsonNode answer) {
        return answer.hasNonNull("revokedKeyId") ? flushedCache(answer) : answer;
    }

    /** The stage's cached authorizer answers flushed; the answer says whether that worked. */
    private JsonNode flushedCache(JsonNode answer) {
        if (!(answer instanceof com.fasterxml.jackson.databind.node.ObjectNode o)) {
            return answer;
        }
        try {
            usageKeys().flushAuthorizerCache();
            o.put("authorizerCacheFlushed", true);
        } catch (RuntimeException e) {
            o.put("authorizerCacheFlushed", false);
            o.put("flushProblem", String.valueOf(e.getMessage()));
        }
        return o;
    }

    /** The usage-key step after a route's answer, which already took effect: its failure says what state it left. */
    private static void withUsageKeys(JsonNode answer, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            throw new Refused(
                    0,
                    "the key "
                            + answer.path("keyId")
                                    .asText(answer.path("revokedKeyId").asText())
                            + " changed, but its usage key in the usage plan did not (" + e.getMessage()
                            + "); until it does, "
                            + "its requests get 403 camera-key-unusable: rotate the key ('cameras rotate' or"
                            + " 'viewers rotate') to try again");
        }
    }

    private UsageKeys usageKeys() {
        if (usageKeys == null) {
            usageKeys = UsageKeys.forApi(base);
        }
        return usageKeys;
    }

    /** A key for the camera, whether it is new or has one already (then rotated): for demos and tests. */
    public String keyFor(Camera camera) throws IOException, InterruptedException {
        try {
            return add(camera).path("key").asText();
        } catch (Refused e) {
            if (e.status() != 409) {
                throw e;
            }
            return rotate(camera).path("key").asText();
        }
    }

    /** The viewers with a live key. */
    public JsonNode listViewers() throws IOException, InterruptedException {
        return call("GET", viewers, null);
    }

    /** The viewer's first key (in the answer), for every camera and their images, and its usage key. */
    public JsonNode addViewer(String viewer) throws IOException, InterruptedException {
        return addViewer(viewer, List.of(), true);
    }

    /**
     * The viewer's first key, limited to these cameras (none: every camera) and, without images, to counts; then its
     * usage key in the viewers' usage plan.
     */
    public JsonNode addViewer(String viewer, List<Camera> cameras, boolean images)
            throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("viewer", viewer);
        if (!cameras.isEmpty()) {
            body.put(
                    "cameras",
                    cameras.stream()
                            .map(c -> Map.of("address", c.address(), "city", c.city(), "country", c.country()))
                            .toList());
        }
        body.put("images", images);
        JsonNode answer = call("POST", viewers, Json.write(body));
        withUsageKeys(answer, () -> usageKeys().addViewer(answer.path("keyId").asText(), viewer));
        return answer;
    }

    /** A new key and its usage key; the old key and its usage key revoked, the authorizer's cache flushed. */
    public JsonNode rotateViewer(String viewer) throws IOException, InterruptedException {
        JsonNode answer = call("POST", URI.create(viewers + "/rotate"), Json.write(Map.of("viewer", viewer)));
        withUsageKeys(answer, () -> {
            usageKeys().addViewer(answer.path("keyId").asText(), viewer);
            if (answer.hasNonNull("revokedKeyId")) {
                usageKeys().remove(answer.path("revokedKeyId").asText());
            }
        });
        return flushed(answer);
    }

    public JsonNode revokeViewer(String viewer) throws IOException, InterruptedException {
        JsonNode answer = call("POST", URI.create(viewers + "/revoke"), Json.write(Map.of("viewer", viewer)));
        withUsageKeys(
                answer, () -> usageKeys().remove(answer.path("revokedKeyId").asText()));
        return flushed(answer);
    }

    /** A key for the viewer, whether it is new or has one already (then rotated): for demos and tests. */
    public String viewerKeyFor(String viewer) throws IOException, InterruptedException {
        try {
            return addViewer(viewer).path("key").asText();
        } catch (Refused e) {
            if (e.status() != 409) {
                throw e;
            }
            return rotateViewer(viewer).path("key").asText();
        }
    }

    /**
     * One call of an erasure: it works for at most the function's budget and says whether it {@code finished}; the next
     * call with the same arguments goes on where it stopped.
     */
    public JsonNode erase(Camera camera, LocalDateTime from, LocalDateTime to, boolean detections)
            throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("address", camera.address());
        body.put("city", camera.city());
        body.put("country", camera.country());
        body.put("from", from.toString());
        body.put("to", to.toString());
        body.put("detections", detections);
        return call("POST", erasures, Json.write(body));
    }

    private static String body(Camera camera) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("address", camera.address());
        body.put("city", camera.city());
        body.put("country", camera.country());
        return Json.write(body);
    }

    private JsonNode call(String method, URI uri, String body) throws IOException, InterruptedException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        if (!loopback(uri)) {
            headers.putAll(sigV4(method, uri, headers, bytes));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(bytes));
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Host")) {
                request.header(name, value);
            }
        });
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer;
        try {
            answer = Json.mapper().readTree(response.body());
        } catch (IOException e) {
            answer = null;
        }
        if (response.statusCode() / 100 == 2 && answer != null) {
            return answer;
        }
        String detail = answer == null
                ? response.body()
                : answer.hasNonNull("detail")
                        ? answer.path("detail").asText()
                        : answer.path("message").asText(response.body());
        throw new Refused(
                response.statusCode(), method + " " + uri + " answered " + response.statusCode() + ": " + detail);
    }

    /** SigV4 headers for an IAM-authorized API Gateway route (service {@code execute-api}), signed over the body. */
    private static Map<String, String> sigV4(String method, URI uri, Map<String, String> headers, byte[] body) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.fromValue(method));
        headers.forEach(request::putHeader);
        SignedRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(
                                DefaultCredentialsProvider.builder().build().resolveCredentials())
                        .request(request.build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region(uri)));
        Map<String, String> signedHeaders = new LinkedHashMap<>();
        signed.request().headers().forEach((name, values) -> signedHeaders.put(name, values.getFirst()));
        return signedHeaders;
    }

    /** The region in an execute-api host name, else AWS_REGION (a custom domain names none). */
    static String region(URI uri) {
        Matcher m = EXECUTE_API_HOST.matcher(uri.getHost());
        if (m.matches()) {
            return m.group(1);
        }
        String region = System.getenv("AWS_REGION");
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("cannot tell the region from " + uri.getHost() + ": set AWS_REGION");
        }
        return region;
    }

    static boolean loopback(URI uri) {
        try {
            return InetAddress.getByName(uri.getHost()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
