package dev.trafficcam.ops;

import dev.trafficcam.model.Camera;
import dev.trafficcam.model.CameraGrant;
import dev.trafficcam.model.functions.CameraMetrics;
import dev.trafficcam.model.functions.CameraUsagePlan;
import dev.trafficcam.model.functions.ViewerUsagePlan;
import dev.trafficcam.support.AwsClients;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.CreateApiKeyResponse;
import software.amazon.awssdk.services.apigateway.model.UsagePlan;

/**
 * Each camera key's API Gateway API key in the cameras' usage plan, which the authorizer names as the request's
 * {@code usageIdentifierKey}: made when a key is issued, deleted when it is revoked. The plan is the one whose API
 * stage is the {@code --api} URL's ({@code https://<api-id>.execute-api. <region>.amazonaws.com/<stage>}). The API
 * key's name and value are the camera key's usage key ({@link CameraGrant#usageKey}), its description the camera. Calls
 * go to API Gateway's management API with your AWS credentials; for a stack on loopback, to the local stack's stand-in
 * of it, unsigned checks aside.
 */
final class UsageKeys implements AutoCloseable {
    /** Where the local API stand-in serves API Gateway's management API, on the API's own port. */
    static final String LOCAL_MANAGEMENT_PATH = "/_aws/apigateway";
    /** The local stack's API id and stage, as its usage plan names them. */
    static final String LOCAL_API = "local";

    private final ApiGatewayClient apiGateway;
    private final String apiId;
    private final String stage;
    private final Map<String, String> planIds = new HashMap<>();

    private UsageKeys(ApiGatewayClient apiGateway, String apiId, String stage) {
        this.apiGateway = apiGateway;
        this.apiId = apiId;
        this.stage = stage;
    }

    /** For the API at this base URL (its {@code /admin/cameras} resolved away). */
    static UsageKeys forApi(URI api) {
        if (CameraAdminClient.loopback(api)) {
            return new UsageKeys(
                    client(
                            "eu-west-1",
                            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")),
                            Optional.of(
                                    URI.create(api.getScheme() + "://" + api.getAuthority() + LOCAL_MANAGEMENT_PATH))),
                    LOCAL_API,
                    LOCAL_API);
        }
        String host = api.getHost();
        String path = api.getPath() == null ? "" : api.getPath().replaceAll("^/+", "");
        if (path.isEmpty() || !host.contains(".execute-api.")) {
            throw new IllegalArgumentException(
                    "cannot tell the API and its stage from " + api + ": give the stack's ApiBaseUrl output, "
                            + "https://<api-id>.execute-api.<region>.amazonaws.com/<stage>/");
        }
        return new UsageKeys(
                client(
                        CameraAdminClient.region(api),
                        DefaultCredentialsProvider.builder().build(),
                        Optional.empty()),
                host.substring(0, host.indexOf('.')),
                path.split("/")[0]);
    }

    private static ApiGatewayClient client(String region, AwsCredentialsProvider credentials, Optional<URI> endpoint) {
        return AwsClients.configure(
                        ApiGatewayClient.builder(),
                        region,
                        credentials,
                        endpoint,
                        new AwsClients.Call(Duration.ofSeconds(30), Duration.ofSeconds(60), 3))
                .build();
    }

    /** Makes the usage key of a camera key and puts it in the cameras' usage plan. */
    void add(String keyId, Camera camera) {
        add(keyId, "camera " + CameraMetrics.dimensionValue(camera), CameraUsagePlan.NAME);
    }

    /** Makes the usage key of a viewer key and puts it in the viewers' usage plan. */
    void addViewer(String keyId, String viewer) {
        add(keyId, "viewer " + viewer, ViewerUsagePlan.NAME);
    }

    private void add(String keyId, String description, String plan) {
        String value = CameraGrant.usageKey(keyId);
        CreateApiKeyResponse key = apiGateway.createApiKey(
                b -> b.name(value).value(value).enabled(true).description(description));
        apiGateway.createUsagePlanKey(
                b -> b.usagePlanId(planId(plan)).keyId(key.id()).keyType("API_KEY"));
    }

    /** Deletes the usage key of a revoked camera key (which also takes it out of the plan); none is fine. */
    void remove(String keyId) {
        String value = CameraGrant.usageKey(keyId);
        apiGateway.getApiKeysPaginator(b -> b.nameQuery(value)).items().stream()
                .filter(key -> value.equals(key.name()))
                .forEach(key -> apiGateway.deleteApiKey(b -> b.apiKey(key.id())));
    }

    /**
     * Empties the stage's cache of authorizer answers ({@code FlushStageAuthorizersCache}), so that a revoked key is
     * refused from the next request on, not after the cache's hour. Needs {@code apigateway:DELETE} on
     * {@code arn:aws:apigateway:<region>::/restapis/<api-id>/stages/<stage>/cache/authorizers} (API Gateway REST API
     * reference, FlushStageAuthorizersCache). Every key is checked once more against the database afterwards: a few
     * hundred authorizer runs for a few hundred cameras, once.
     */
    void flushAuthorizerCache() {
        apiGateway.flushStageAuthorizersCache(b -> b.restApiId(apiId).stageName(stage));
    }

    /** The usage plan of that name on the API's stage (the stack makes one for cameras and one for viewers). */
    private String planId(String name) {
        return planIds.computeIfAbsent(
                name,
                n -> apiGateway.getUsagePlansPaginator(b -> {}).items().stream()
                        .filter(plan -> n.equals(plan.name()))
                        .filter(plan -> plan.apiStages().stream()
                                .anyMatch(s -> apiId.equals(s.apiId()) && stage.equals(s.stage())))
                        .map(UsagePlan::id)
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("no usage plan '" + n + "' has the API " + apiId
                                + ", stage " + stage + ": is --api the stack's ApiBaseUrl?")));
    }

    @Override
    public void close() {
        apiGateway.close();
    }
}
