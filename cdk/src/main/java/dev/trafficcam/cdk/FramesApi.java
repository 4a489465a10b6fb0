package dev.trafficcam.cdk;

import dev.trafficcam.model.CameraGrant;
import dev.trafficcam.model.functions.CameraUsagePlan;
import dev.trafficcam.model.functions.GatewayErrors;
import dev.trafficcam.model.functions.GatewayProblems;
import dev.trafficcam.model.functions.ViewerUsagePlan;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.ApiKeySourceType;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.GatewayResponseOptions;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.apigateway.MethodDeploymentOptions;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.ProxyResourceOptions;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.RequestValidatorOptions;
import software.amazon.awscdk.services.apigateway.Resource;
import software.amazon.awscdk.services.apigateway.ResponseType;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.apigateway.ThrottleSettings;
import software.amazon.awscdk.services.apigateway.TokenAuthorizer;
import software.amazon.awscdk.services.apigateway.UsagePlan;
import software.amazon.awscdk.services.apigateway.UsagePlanPerApiStage;
import software.amazon.awscdk.services.apigateway.UsagePlanProps;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;

/**
 * The REST API: cameras {@code POST /frames/{fileName}} (binary media types image/jpeg and image/png) behind the key
 * authorizer, viewers {@code GET /cameras...} and {@code GET /frames/{frameId}} behind the same authorizer (a viewer
 * key), the dashboard at {@code GET /} and {@code GET /dashboard/{file}} without it, operators call {@code /admin/...}
 * with IAM; API Gateway's own answers are the same problems the local stack gives ({@link GatewayProblems}); JSON
 * access logs, tracing, a throttled stage.
 */
public final class FramesApi extends Construct {
    /** The viewers' GETs and the dashboard together, per second and in a burst (the stage's method settings). */
    static final double READ_RATE_LIMIT = 20;

    static final int READ_BURST_LIMIT = 40;

    private final RestApi api;
    private final UsagePlan usagePlan;

    public FramesApi(Construct scope, String id, Functions functions, int wafRateLimit) {
        super(scope, id);
        LogGroup accessLogs = Parts.logGroup(this, "ApiAccessLogs");
        api = RestApi.Builder.create(this, "Api")
                .restApiName("traffic-camera-frames")
                .description(
                        "Cameras POST frames to /frames/{fileName}; viewers read /cameras and /frames/{frameId}, the dashboard"
                                + " is at /; operators manage keys under /admin")
                .binaryMediaTypes(List.of("image/jpeg", "image/png"))
                // each camera's usage and throttle count under the API key the authorizer names (usageIdentifierKey)
                .apiKeySourceType(ApiKeySourceType.AUTHORIZER)
                .endpointTypes(List.of(EndpointType.REGIONAL))
                .cloudWatchRole(true)
                .deployOptions(StageOptions.builder()
                        .stageName("prod")
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.jsonWithStandardFields())
                        .metricsEnabled(true)
                        .loggingLevel(MethodLoggingLevel.ERROR)
                        .tracingEnabled(true)
                        .throttlingRateLimit(200)
                        .throttlingBurstLimit(400)
                        // the viewers' reads and the dashboard, all together: a page view makes a handful of requests;
                        // the cameras' POSTs keep the stage's limits (and their own per camera)
                        .methodOptions(Map.of(
                                "/*/GET",
                                MethodDeploymentOptions.builder()
                                        .throttlingRateLimit(READ_RATE_LIMIT)
                                        .throttlingBurstLimit(READ_BURST_LIMIT)
                                        .build()))
                        .build())
                .build();
        // The path's file name must be there. Body validation is on, but the frame's bytes have no JSON model, and
        // "if no matching content type is found, request validation is not performed" (API Gateway developer guide,
        // "Request validation for REST APIs"): the function checks the image itself.
        RequestValidator validator = api.addRequestValidator(
                "FrameRequests",
                RequestValidatorOptions.builder()
                        .validateRequestParameters(true)
                        .validateRequestBody(true)
                        .build());
        // Each camera shows its own key; the authorizer says whose it is and the inference function accepts frames
        // under that camera's name only. API Gateway answers 401 itself to a header that is missing or not of a key's
        // shape, and keeps the authorizer's answer per key for the TTL: a revoked key is refused within it (API Gateway
        // developer guide, "Configure an API Gateway Lambda authorizer": the TTL defaults to 300 s, at most 3600; here
        // 3600, GatewayProblems.KEY_CACHE_TTL, and the commands flush it when they revoke a key).
        TokenAuthorizer cameraKeys = TokenAuthorizer.Builder.create(this, "CameraKeyAuthorizer")
                .handler(functions.cameraAuthorizerLive())
                .identitySource("method.request.header.Authorization")
                .validationRegex(CameraGrant.KEY_HEADER_PATTERN)
                .resultsCacheTtl(Duration.seconds(GatewayProblems.KEY_CACHE_TTL.toSeconds()))
                .build();
        Resource frame = api.getRoot().addResource("frames").addResource("{fileName}");
        frame.addMethod(
                "POST",
                new LambdaIntegration(functions.inferenceLive()),
                MethodOptions.builder()
                        .authorizer(cameraKeys)
                        .authorizationType(AuthorizationType.CUSTOM)
                        .apiKeyRequired(true)
                        .requestValidator(validator)
                        .requestParameters(Map.of("method.request.path.fileName", true))
                        .build());
        // The read side. The authorizer's policy lets a viewer key GET these and nothing else, and a camera key none of
        // them. GET /frames/{frameId} shares the cameras' resource, since API Gateway refuses a second variable at one
        // path level ("A sibling ({fileName}) of this resource already has a variable path part -- only one is
        // allowed"), so its parameter is called fileName here; the read function takes the id from the path.
        LambdaIntegration reads = new LambdaIntegration(functions.readLive());
        // each viewer throttled under its own key in the viewers' usage plan, as cameras are in theirs
        MethodOptions viewer = MethodOptions.builder()
                .authorizer(cameraKeys)
                .authorizationType(AuthorizationType.CUSTOM)
                .apiKeyRequired(true)
                .build();
        Resource cameras = api.getRoot().addResource("cameras");
        cameras.addMethod("GET", reads, viewer);
        Resource camera = cameras.addResource("{cameraId}");
        camera.addResource("counts").addMethod("GET", reads, viewer);
        camera.addResource("frames").addMethod("GET", reads, viewer);
        frame.addMethod("GET", reads, viewer);
        // The dashboard's static files: no authorizer, the page asks for the viewer key and sends it with its reads
        Method page = api.getRoot()
                .addMethod(
                        "GET",
                        reads,
                        MethodOptions.builder()
                                .authorizationType(AuthorizationType.NONE)
                                .build());
        Method files = api.getRoot()
                .addResource("dashboard")
                .addResource("{file}")
                .addMethod(
                        "GET",
                        reads,
                        MethodOptions.builder()
                                .authorizationType(AuthorizationType.NONE)
                                .build());
        for (Method open : List.of(page, files)) {
            Parts.suppress(
                    open,
                    "AwsSolutions-APIG4",
                    "the dashboard's static page and files, the same for everyone; the page reads "
                            + "the counts with the viewer's key");
            Parts.suppress(
                    open,
                    "AwsSolutions-COG4",
                    "the dashboard's static page and files; viewers authenticate their reads with keys");
        }
        // the operators' routes: IAM principals that may execute-api:Invoke them (the cameras command signs with SigV4)
        Resource admin = api.getRoot().addResource("admin");
        admin.addProxy(ProxyResourceOptions.builder()
                .defaultIntegration(new LambdaIntegration(functions.cameraAdmin()))
                .defaultMethodOptions(MethodOptions.builder()
                        .authorizationType(AuthorizationType.IAM)
                        .build())
                .anyMethod(true)
                .build());
        // erasures go to their own function; API Gateway prefers this literal path to the {proxy+} beside it
        admin.addResource("erasures")
                .addMethod(
                        "POST",
                        new LambdaIntegration(functions.frameErasure()),
                        MethodOptions.builder()
                                .authorizationType(AuthorizationType.IAM)
                                .build());
        // One usage plan for the cameras, its limits per API key: each camera throttled on its own (developer guide,
        // "Throttle requests to your REST APIs": per-client limits apply to the API keys of a usage plan). The cameras
        // command puts each camera key's API key in it.
        usagePlan = api.addUsagePlan(
                "CameraUsagePlan",
                UsagePlanProps.builder()
                        .name(CameraUsagePlan.NAME)
                        .description("one API key per camera key, named by the camera authorizer; limits per camera")
                        .throttle(ThrottleSettings.builder()
                                .rateLimit(CameraUsagePlan.RATE_LIMIT)
                                .burstLimit(CameraUsagePlan.BURST_LIMIT)
                                .build())
                        .build());
        usagePlan.addApiStage(UsagePlanPerApiStage.builder()
                .api(api)
                .stage(api.getDeploymentStage())
                .build());
        // and one for the viewers, whose keys the viewers command puts in it: a key in one plan only
        UsagePlan viewers = api.addUsagePlan(
                "ViewerUsagePlan",
                UsagePlanProps.builder()
                        .name(ViewerUsagePlan.NAME)
                        .description("one API key per viewer key, named by the authorizer; limits per viewer")
                        .throttle(ThrottleSettings.builder()
                                .rateLimit(ViewerUsagePlan.RATE_LIMIT)
                                .burstLimit(ViewerUsagePlan.BURST_LIMIT)
                                .build())
                        .build());
        viewers.addApiStage(UsagePlanPerApiStage.builder()
                .api(api)
                .stage(api.getDeploymentStage())
                .build());
        // API Gateway's own answers as problems, the same as the local stack's (GatewayProblems)
        for (GatewayProblems problem : GatewayProblems.values()) {
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            headers.put("Content-Type", "'application/problem+json'");
            problem.headers().forEach((name, value) -> headers.put(name, "'" + value + "'"));
            api.addGatewayResponse(
                    problem.name(),
                    GatewayResponseOptions.builder()
                            .type(ResponseType.of(problem.responseType()))
                            .statusCode(String.valueOf(problem.status()))
                            .responseHeaders(headers)
                            .templates(Map.of("application/json", problem.body("$context.requestId")))
                            .build());
        }
        // and every other error of API Gateway's, with its own status (GatewayErrors)
        for (String type : GatewayErrors.RESPONSE_TYPES) {
            api.addGatewayResponse(
                    type,
                    GatewayResponseOptions.builder()
                            .type(ResponseType.of(type))
                            .responseHeaders(Map.of("Content-Type", "'application/problem+json'"))
                            .templates(Map.of("application/json", GatewayErrors.template()))
                            .build());
        }
        // cameras are devices with keys of their own, operators IAM principals: no Cognito user pool
        Parts.suppress(
                api,
                "AwsSolutions-COG4",
                "cameras and viewers authenticate with their own keys through a Lambda authorizer; "
                        + "operators with IAM");
        if (wafRateLimit > 0) {
            rateLimitPerAddress(wafRateLimit);
        } else {
            Parts.suppress(
                    api,
                    "AwsSolutions-APIG3",
                    "wafRateLimit=0 turns the web ACL off on purpose (each camera keeps its usage plan's limits)");
        }
        Parts.suppress(
                api,
                "AwsSolutions-IAM4",
                "the account's API Gateway logging role uses the managed policy AWS documents for it",
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs");
        // the rule cannot read the stage's log format through CDK's tokens; it is
        // jsonWithStandardFields, pinned by a test
        Parts.suppress(
                api,
                "CdkNagValidationFailure",
                "the access log format is AccessLogFormat.jsonWithStandardFields (JSON)",
                "Serverless-APIGWStructuredLogging");
    }

    /**
     * A web ACL on the stage that blocks an address after {@code limit} requests in 5 minutes (AWS WAF developer guide,
     * "Rate-based rule high-level settings": windows of 60 to 600 s, a limit of at least 10). The usage plan throttles
     * each key, but a flood of made-up keys has no key to throttle: each one misses the authorizer's cache and costs a
     * check, so it is cut by the address it comes from, before API Gateway runs anything. What it costs: 5 dollars a
     * month for the web ACL, 1 for the rule and 0.60 per million requests inspected (AWS WAF pricing), about 0.31
     * dollars per camera-month at one frame every 5 s (docs/CAPACITY.md). Blocked requests get WAF's 403.
     */
    private void rateLimitPerAddress(int limit) {
        CfnWebACL acl = CfnWebACL.Builder.create(this, "WebAcl")
                .scope("REGIONAL")
                .defaultAction(CfnWebACL.DefaultActionProperty.builder()
                        .allow(CfnWebACL.AllowActionProperty.builder().build())
                        .build())
                .visibilityConfig(visibility("traffic-camera-api"))
                .rules(List.of(CfnWebACL.RuleProperty.builder()
                        .name("rate-per-address")
                        .priority(0)
                        .action(CfnWebACL.RuleActionProperty.builder()
                                .block(CfnWebACL.BlockActionProperty.builder().build())
                                .build())
                        .statement(CfnWebACL.StatementProperty.builder()
                                .rateBasedStatement(CfnWebACL.RateBasedStatementProperty.builder()
                                        .aggregateKeyType("IP")
                                        .evaluationWindowSec(300)
                                        .limit(limit)
                                        .build())
                                .build())
                        .visibilityConfig(visibility("rate-per-address"))
                        .build()))
                .build();
        CfnWebACLAssociation.Builder.create(this, "WebAclOnStage")
                .resourceArn(api.getDeploymentStage().getStageArn())
                .webAclArn(acl.getAttrArn())
                .build();
    }

    private static CfnWebACL.VisibilityConfigProperty visibility(String metric) {
        return CfnWebACL.VisibilityConfigProperty.builder()
                .cloudWatchMetricsEnabled(true)
                .metricName(metric)
                .sampledRequestsEnabled(true)
                .build();
    }

    public RestApi api() {
        return api;
    }

    public UsagePlan usagePlan() {
        return usagePlan;
    }
}
