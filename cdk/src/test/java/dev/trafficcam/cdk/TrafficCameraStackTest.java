package dev.trafficcam.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficcam.model.CameraGrant;
import dev.trafficcam.model.functions.FunctionSpec;
import dev.trafficcam.model.functions.GatewayProblems;
import dev.trafficcam.model.functions.LambdaFunctions;
import dev.trafficcam.model.functions.RedeliveryPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Matcher;
import software.amazon.awscdk.assertions.Template;

/**
 * Pins every promise of the deployment in the synthesized template, without an AWS account. The two templates (a new
 * endpoint; an existing one) are synthesized once for all tests.
 */
class TrafficCameraStackTest {
    private static Template template;
    private static Template withExistingEndpoint;

    @BeforeAll
    static void synthesize() {
        Path functions = Path.of(System.getProperty("functions.dir", ".."));
        template = Template.fromStack(new TrafficCameraStack(
                new App(), "Test", StackProps.builder().build(), PipelineSettings.defaults(functions)));
        withExistingEndpoint = Template.fromStack(new TrafficCameraStack(
                new App(),
                "Existing",
                StackProps.builder().build(),
                PipelineSettings.defaults(functions).withExistingEndpoint("my-detector")));
    }

    /** The function with this handler has these variables in its environment, among others. */
    static void functionVariablesInclude(Template template, String handler, Map<String, ?> variables) {
        template.hasResourceProperties(
                "AWS::Lambda::Function",
                Match.objectLike(
                        Map.of("Handler", handler, "Environment", Map.of("Variables", Match.objectLike(variables)))));
    }

    private static Map<String, Map<String, Object>> functionsWithHandler(String handler) {
        return template.findResources(
                "AWS::Lambda::Function", Match.objectLike(Map.of("Properties", Map.of("Handler", handler))));
    }

    @Test
    void fourJavaFunctionsWithSnapStartOnALiveAlias() {
        for (String handler : List.of(
                "dev.trafficcam.inference.InferenceHandler::handleRequest",
                "dev.trafficcam.persistence.PersistenceHandler::handleRequest",
                "dev.trafficcam.persistence.replay.ReplayHandler::handleRequest",
                "dev.trafficcam.db.MigrationHandler::handleRequest")) {
            assertThat(functionsWithHandler(handler)).as(handler).hasSize(1);
        }
        template.hasResourceProperties(
                "AWS::Lambda::Function",
                Match.objectLike(Map.of(
                        "Handler", "dev.trafficcam.inference.InferenceHandler::handleRequest",
                        "Runtime", "java21",
                        "SnapStart", Map.of("ApplyOn", "PublishedVersions"))));
        // java21 already stops tiered compilation at level 1; repeating it (or, on java25 with SnapStart,
        // setting it at all) only costs, so no function carries JAVA_TOOL_OPTIONS
        assertThat(template.findResources("AWS::Lambda::Function").toString()).doesNotContain("JAVA_TOOL_OPTIONS");
        template.hasResourceProperties(
                "AWS::Lambda::Function",
                Match.objectLike(Map.of(
                        "Handler", "dev.trafficcam.persistence.PersistenceHandler::handleRequest",
                        "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                        "VpcConfig", Match.anyValue(),
                        "Environment",
                                Map.of(
                                        "Variables",
                                        Match.objectLike(Map.of("DB_AUTH", "iam", "DB_USER", "persistence"))))));
        // inference, persistence, the camera authorizer and the read function: each called
        // through a published version (SnapStart)
        template.resourcePropertiesCountIs("AWS::Lambda::Alias", Match.objectLike(Map.of("Name", "live")), 4);
        // the inference function stays out of the VPC (no cold-start ENI, no NAT needed for its AWS calls)
        Map<String, Object> inference = functionsWithHandler("dev.trafficcam.inference.InferenceHandler::handleRequest")
                .values()
                .iterator()
                .next();
        assertThat(((Map<?, ?>) inference.get("Properties")).containsKey("VpcConfig"))
                .isFalse();
    }

    @Test
    void theHandOffRetriesTwiceThenGoesToTheFailureQueue() {
        template.hasResourceProperties(
                "AWS::Lambda::EventInvokeConfig",
                Match.objectLike(Map.of(
                        "Qualifier",
                        Match.anyValue(),
                        "MaximumRetryAttempts",
                        2,
                        "MaximumEventAgeInSeconds",
                        21600,
                        "DestinationConfig",
                        Map.of(
                                "OnFailure",
                                Map.of(
                                        "Destination",
                                        Match.objectLike(Map.of(
                                                "Fn::GetAtt",
                                                List.of(Match.stringLikeRegexp("FailureQueue.*"), "Arn"))))))));
        // the largest message SQS takes, so that the on-failure record of the largest event fits; kept 14 days
        template.hasResourceProperties(
                "AWS::SQS::Queue",
                Match.objectLike(Map.of(
                        "SqsManagedSseEnabled",
                        true,
                        "MaximumMessageSize",
                        1_048_576,
                        "MessageRetentionPeriod",
                        1_209_600)));
    }

    @Test
    void everyLifetimeFollowsFromTheReplayWindow() {
        PipelineSettings d = PipelineSettings.defaults(Path.of(System.getProperty("functions.dir", "..")));
        Template shortWindow = Template.fromStack(new TrafficCameraStack(
                new App(),
                "ShortWindow",
                StackProps.builder().build(),
                new PipelineSettings(
                        d.detector(),
                        null,
                        d.auroraMinCapacity(),
                        d.auroraMaxCapacity(),
                        3,
                        d.deletionProtection(),
                        null,
                        d.endpointScaling(),
                        d.functionsDir(),
                        d.privacy(),
                        d.wafRateLimit(),
                        d.silentCameraMinutes(),
                        d.timeZone())));
        shortWindow.hasResourceProperties(
                "AWS::SQS::Queue", Match.objectLike(Map.of("MessageRetentionPeriod", 3 * 86_400)));
        shortWindow.hasResourceProperties(
                "AWS::S3::Bucket",
                Match.objectLike(Map.of(
                        "LifecycleConfiguration",
                        Map.of(
                                "Rules",
                                Match.arrayWith(List.of(
                                        Match.objectLike(Map.of("Prefix", "incoming/", "ExpirationInDays", 4))))))));
        shortWindow.hasResourceProperties(
                "AWS::Lambda::EventInvokeConfig", Match.objectLike(Map.of("MaximumEventAgeInSeconds", 21600)));
    }

    @Test
    void imagesExpireAfterTheRetentionPeriodAndPeopleAreBlurredUnlessTheDeploymentSaysOtherwise() {
        // by default: 30 days on every image prefix, blurring on, originals kept; the copies the read function
        // draws on request (annotateOnRead) stay a day
        Map<String, Integer> days = Map.of("frames/", 30, "annotated/", 30, "distorted/", 30, "drawn/", 1);
        days.forEach((prefix, expiry) -> template.hasResourceProperties(
                "AWS::S3::Bucket",
                Match.objectLike(Map.of(
                        "LifecycleConfiguration",
                        Map.of(
                                "Rules",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Prefix", prefix, "ExpirationInDays", expiry, "Status", "Enabled")))))))));
        functionVariablesInclude(
                template,
                LambdaFunctions.PERSISTENCE.handler(),
                Map.of(
                        "BLUR_PEOPLE",
                        "true",
                        "KEEP_ORIGINALS",
                        "true",
                        "ANNOTATE_ON_READ",
                        "false",
                        "IMAGE_EVERY_SECONDS",
                        "0"));
        functionVariablesInclude(template, LambdaFunctions.READ.handler(), Map.of("IMAGE_RETENTION_DAYS", "30"));

        // the same names as context values; switching blurring off is said at synth
        App app = new App();
        app.getNode().setContext("imageRetentionDays", "7");
        app.getNode().setContext("blurPeople", "false");
        app.getNode().setContext("keepOriginals", "false");
        PipelineSettings settings =
                PipelineSettings.fromContext(app.getNode(), Path.of(System.getProperty("functions.dir", "..")));
        assertThat(settings.privacy()).isEqualTo(new dev.trafficcam.model.functions.ImagePrivacy(false, false, 7));
        TrafficCameraStack week =
                new TrafficCameraStack(app, "Week", StackProps.builder().build(), settings);
        Template weekTemplate = Template.fromStack(week);
        weekTemplate.hasResourceProperties(
                "AWS::S3::Bucket",
                Match.objectLike(Map.of(
                        "LifecycleConfiguration",
                        Map.of(
                                "Rules",
                                Match.arrayWith(List.of(
                                        Match.objectLike(Map.of("Prefix", "frames/", "ExpirationInDays", 7))))))));
        software.amazon.awscdk.assertions.Annotations.fromStack(week)
                .hasWarning("*", Match.stringLikeRegexp("blurPeople=false: stored images show people's faces.*"));

        App typo = new App();
        typo.getNode().setContext("blurPeople", "no");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> PipelineSettings.fromContext(typo.getNode(), Path.of("..")))
                .hasMessageContaining("blurPeople must be true or false, got 'no'");
        App onRead = new App();
        onRead.getNode().setContext("annotateOnRead", "true");
        assertThat(PipelineSettings.fromContext(onRead.getNode(), Path.of(".."))
                        .privacy()
                        .storing())
                .containsEntry("ANNOTATE_ON_READ", "true");
        onRead.getNode().setContext("keepOriginals", "false");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> PipelineSettings.fromContext(onRead.getNode(), Path.of("..")))
                .hasMessageContaining("annotateOnRead=true needs keepOriginals=true");
        App forever = new App();
        forever.getNode().setContext("imageRetentionDays", "0");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> PipelineSettings.fromContext(forever.getNode(), Path.of("..")))
                .hasMessageContaining("imageRetentionDays must be 1 to 3650 days");

        // images for one frame a minute a camera: the persistence function is told, and a window past a day is refused
        App sampled = new App();
        sampled.getNode().setContext("imageEverySeconds", "60");
        PipelineSettings minute =
                PipelineSettings.fromContext(sampled.getNode(), Path.of(System.getProperty("functions.dir", "..")));
        functionVariablesInclude(
                Template.fromStack(new TrafficCameraStack(
                        sampled, "Minute", StackProps.builder().build(), minute)),
                LambdaFunctions.PERSISTENCE.handler(),
                Map.of("IMAGE_EVERY_SECONDS", "60"));
        App tooRare = new App();
        tooRare.getNode().setContext("imageEverySeconds", "90000");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> PipelineSettings.fromContext(tooRare.getNode(), Path.of("..")))
                .hasMessageContaining("imageEverySeconds must be 0 (every frame) or 1 to 86400 seconds, got 90000");
    }

    @Test
    void erasuresArePostedWithIamToTheirOwnFunctionWhichSignsInAsTheEraserAndMayOnlyDeleteImages() {
        template.hasResourceProperties("AWS::ApiGateway::Resource", Match.objectLike(Map.of("PathPart", "erasures")));
        template.hasResourceProperties(
                "AWS::ApiGateway::Method",
                Match.objectLike(Map.of(
                        "HttpMethod",
                        "POST",
                        "AuthorizationType",
                        "AWS_IAM",
                        "ResourceId",
                        Map.of("Ref", Match.stringLikeRegexp("FramesApiadminerasures.*")))));
        functionVariablesInclude(
                template,
                LambdaFunctions.FRAME_ERASURE.handler(),
                Map.of("DB_USER", "traffic_eraser", "DB_AUTH", "iam"));
        String erasurePolicy = template.findResources(
                        "AWS::IAM::Policy",
                        Match.objectLike(Map.of(
                                "Properties",
                                Match.objectLike(Map.of(
                                        "Roles",
                                        List.of(Map.of(
                                                "Ref",
                                                Match.stringLikeRegexp("FunctionsFrameErasureFunctionRole.*"))))))))
                .toString();
        assertThat(erasurePolicy)
                .contains("s3:DeleteObject", "/frames/*", "/annotated/*", "/distorted/*", "/traffic_eraser")
                .doesNotContain("s3:PutObject", "s3:GetObject", "/incoming/*", "/persistence");
        // the migrations make the user
        template.hasResourceProperties(
                "AWS::Lambda::Function",
                Match.objectLike(Map.of(
                        "Environment",
                        Map.of("Variables", Match.objectLike(Map.of("DB_ERASER_USER", "traffic_eraser"))))));
    }

    @Test
    void theApiTakesBinaryFramesFromCamerasWithTheirOwnKeysAndOperatorsWithIam() {
        template.hasResourceProperties(
                "AWS::ApiGateway::RestApi",
                Match.objectLike(Map.of(
                        "BinaryMediaTypes", List.of("image/jpeg", "image/png"), "ApiKeySourceType", "AUTHORIZER")));
        template.hasResourceProperties(
                "AWS::ApiGateway::Resource",
                Map.of("PathPart", "{fileName}", "ParentId", Match.anyValue(), "RestApiId", Match.anyValue()));
        // the camera method: behind the key authorizer, counted and throttled per camera under the API key it names
        template.hasResourceProperties(
                "AWS::ApiGateway::Method",
                Match.objectLike(Map.of(
                        "HttpMethod",
                        "POST",
                        "AuthorizationType",
                        "CUSTOM",
                        "ApiKeyRequired",
                        true,
                        "AuthorizerId",
                        Match.objectLike(Map.of("Ref", Match.stringLikeRegexp("CameraKeyAuthorizer.*"))),
                        "Integration",
                        Match.objectLike(Map.of("Type", "AWS_PROXY")))));
        // no shared key: the cameras command makes one API key per camera key in the cameras' plan
        template.resourceCountIs("AWS::ApiGateway::ApiKey", 0);
        assertUsagePlan("cameras", 1, 5);
        template.hasOutput("CameraUsagePlanId", Match.anyValue());
        // the authorizer: the key's shape checked by API Gateway itself, answers cached
        // for 3600 s (the first line through a database outage; the commands flush it on revocation)
        template.hasResourceProperties(
                "AWS::ApiGateway::Authorizer",
                Match.objectLike(Map.of(
                        "Type",
                        "TOKEN",
                        "IdentitySource",
                        "method.request.header.Authorization",
                        "IdentityValidationExpression",
                        CameraGrant.KEY_HEADER_PATTERN,
                        "AuthorizerResultTtlInSeconds",
                        3600,
                        "AuthorizerUri",
                        Match.anyValue())));
        assertThat(template.findResources("AWS::ApiGateway::Authorizer").toString())
                .contains("CameraAuthorizerLive");
        // the operators' routes: any method under /admin, IAM-authorized, to the camera admin function
        template.hasResourceProperties("AWS::ApiGateway::Resource", Match.objectLike(Map.of("PathPart", "{proxy+}")));
        template.hasResourceProperties(
                "AWS::ApiGateway::Method",
                Match.objectLike(Map.of("HttpMethod", "ANY", "AuthorizationType", "AWS_IAM")));
        // without authorization: only the dashboard's static page and files (GET / and GET /dashboard/{file})
        Map<String, Map<String, Object>> open = template.findResources(
                "AWS::ApiGateway::Method",
                Match.objectLike(Map.of("Properties", Match.objectLike(Map.of("AuthorizationType", "NONE")))));
        assertThat(open)
                .hasSize(2)
                .allSatisfy((id, method) -> assertThat(method.toString()).contains("HttpMethod=GET", "ReadLive"));
        // API Gateway's own answers are the same problems the local stack gives
        for (GatewayProblems problem : GatewayProblems.values()) {
            template.hasResourceProperties(
                    "AWS::ApiGateway::GatewayResponse",
                    Match.objectLike(Map.of(
                            "ResponseType", problem.responseType(),
                            "StatusCode", String.valueOf(problem.status()),
                            "ResponseParameters",
                                    Match.objectLike(Map.of(
                                            "gatewayresponse.header.Content-Type", "'application/problem+json'")),
                            "ResponseTemplates", Map.of("application/json", problem.body("$context.requestId")))));
        }
        // and the catch-alls, with the error's own status (no StatusCode) and API Gateway's message as the detail
        for (String type : List.of("DEFAULT_4XX", "DEFAULT_5XX")) {
            Map<String, Map<String, Object>> found = template.findResources(
                    "AWS::ApiGateway::GatewayResponse",
                    Match.objectLike(Map.of("Properties", Match.objectLike(Map.of("ResponseType", type)))));
            assertThat(found).hasSize(1);
            Map<?, ?> properties = (Map<?, ?>) found.values().iterator().next().get("Properties");
            assertThat(properties.containsKey("StatusCode")).isFalse();
            assertThat(properties.get("ResponseTemplates").toString())
                    .contains("\"detail\":$context.error.messageString", "gateway-error");
        }
        template.hasResourceProperties(
                "AWS::ApiGateway::GatewayResponse",
                Match.objectLike(Map.of(
                        "ResponseType",
                        "AUTHORIZER_FAILURE",
                        "ResponseParameters",
                        Match.objectLike(Map.of("gatewayresponse.header.Retry-After", "'5'")))));
        template.hasResourceProperties(
                "AWS::ApiGateway::Stage",
                Match.objectLike(Map.of(
                        "StageName",
                        "prod",
                        "AccessLogSetting",
                        Match.objectLike(Map.of("DestinationArn", Match.anyValue())))));
        template.hasOutput("ApiBaseUrl", Match.anyValue());
    }

    @Test
    void viewersReadThroughTheSameAuthorizerAndTheReadSideSignsInAsTheReadOnlyUser() {
        // GET /cameras, /cameras/{cameraId}/counts|frames and /frames/{fileName}: the key
        // authorizer, each viewer's API key (the viewers' usage plan), the read alias
        for (String path : List.of("cameras", "{cameraId}", "counts")) {
            template.hasResourceProperties("AWS::ApiGateway::Resource", Match.objectLike(Map.of("PathPart", path)));
        }
        Map<String, Map<String, Object>> reads = template.findResources(
                "AWS::ApiGateway::Method",
                Match.objectLike(Map.of(
                        "Properties", Match.objectLike(Map.of("HttpMethod", "GET", "AuthorizationType", "CUSTOM")))));
        assertThat(reads)
                .hasSize(4)
                .allSatisfy((id, method) -> assertThat(method.toString())
                        .contains("CameraKeyAuthorizer", "ReadLive", "ApiKeyRequired=true"));
        assertUsagePlan("viewers", 5, 20);
        template.hasResourceProperties(
                "AWS::ApiGateway::Stage",
                Match.objectLike(Map.of(
                        "MethodSettings",
                        Match.arrayWith(List.of(Match.objectLike(Map.of(
                                "HttpMethod",
                                "GET",
                                "ResourcePath",
                                "/*",
                                "ThrottlingRateLimit",
                                20,
                                "ThrottlingBurstLimit",
                                40)))))));
        // the read function and the export: in the VPC, through the proxy as
        // traffic_reader, the migrations make that user
        for (String handler : List.of(
                "dev.trafficcam.read.ReadHandler::handleRequest",
                "dev.trafficcam.read.CountsExportHandler::handleRequest")) {
            template.hasResourceProperties(
                    "AWS::Lambda::Function",
                    Match.objectLike(Map.of(
                            "Handler",
                            handler,
                            "VpcConfig",
                            Match.anyValue(),
                            "Environment",
                            Map.of(
                                    "Variables",
                                    Match.objectLike(Map.of(
                                            "DB_AUTH",
                                            "iam",
                                            "DB_USER",
                                            "traffic_reader",
                                            "FRAMES_BUCKET",
                                            Match.anyValue()))))));
        }
        functionVariablesInclude(
                template,
                "dev.trafficcam.db.MigrationHandler::handleRequest",
                Map.of("DB_READER_USER", "traffic_reader", "DB_APP_USER", "persistence"));
        String proxyRole = template.findResources(
                        "AWS::IAM::Policy",
                        Match.objectLike(Map.of(
                                "Properties",
                                Match.objectLike(Map.of(
                                        "Roles",
                                        List.of(Map.of("Ref", Match.stringLikeRegexp("DatabaseProxyRole.*"))))))))
                .toString();
        assertThat(proxyRole).contains("/persistence", "/traffic_reader");
        // grants: the read function may read the images it links to, write only the copies it draws on request
        // (annotateOnRead), and nothing else of the bucket; the export writes exports/
        String readPolicy = policyOf("ReadFunctionRole");
        assertThat(readPolicy)
                .contains(
                        "s3:GetObject",
                        "/frames/*",
                        "/annotated/*",
                        "/distorted/*",
                        "/drawn/*",
                        "rds-db:connect",
                        "/traffic_reader")
                .doesNotContain("s3:DeleteObject", "/incoming/*", "/persistence");
        template.hasResourceProperties(
                "AWS::IAM::Policy",
                Match.objectLike(Map.of(
                        "PolicyDocument",
                        Map.of(
                                "Statement",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Action",
                                        "s3:PutObject",
                                        "Resource",
                                        Map.of(
                                                "Fn::Join",
                                                List.of(
                                                        "",
                                                        List.of(
                                                                Match.objectLike(
                                                                        Map.of("Fn::GetAtt", Match.anyValue())),
                                                                "/drawn/*"))))))),
                                "Version",
                                "2012-10-17"),
                        "Roles",
                        List.of(Map.of("Ref", Match.stringLikeRegexp("FunctionsReadFunctionRole.*"))))));
        String exportPolicy = policyOf("CountsExportFunctionRole");
        assertThat(exportPolicy)
                .contains("s3:PutObject", "/exports/*", "/traffic_reader")
                .doesNotContain("s3:GetObject", "s3:DeleteObject", "/frames/*", "/persistence");
        // every day at 10:00 UTC, retried twice by EventBridge
        template.hasResourceProperties(
                "AWS::Events::Rule",
                Match.objectLike(Map.of(
                        "ScheduleExpression",
                        "cron(0 10 * * ? *)",
                        "Targets",
                        List.of(Match.objectLike(Map.of("RetryPolicy", Map.of("MaximumRetryAttempts", 2)))))));
        template.hasOutput("DashboardUrl", Match.anyValue());
        template.hasOutput("CountsExportLocation", Match.anyValue());
    }

    private String policyOf(String rolePrefix) {
        return template.findResources(
                        "AWS::IAM::Policy",
                        Match.objectLike(Map.of(
                                "Properties",
                                Match.objectLike(Map.of(
                                        "Roles",
                                        List.of(Map.of(
                                                "Ref", Match.stringLikeRegexp("Functions" + rolePrefix + ".*"))))))))
                .toString();
    }

    @Test
    void theCameraFunctionsReachTheKeysThroughTheProxyAsTheKeyKeeper() {
        for (String handler : List.of(
                "dev.trafficcam.access.KeyAuthorizerHandler::handleRequest",
                "dev.trafficcam.access.OperatorsHandler::handleRequest")) {
            template.hasResourceProperties(
                    "AWS::Lambda::Function",
                    Match.objectLike(Map.of(
                            "Handler", handler,
                            "VpcConfig", Match.anyValue(),
                            "Environment",
                                    Map.of(
                                            "Variables",
                                            Match.objectLike(
                                                    Map.of("DB_AUTH", "iam", "DB_USER", Database.KEY_KEEPER))))));
        }
        // and the persistence function, which decodes untrusted images, as a user with no right on the keys
        functionVariablesInclude(template, LambdaFunctions.PERSISTENCE.handler(), Map.of("DB_USER", Database.APP_USER));
        template.hasResourceProperties(
                "AWS::Lambda::Function",
                Match.objectLike(Map.of(
                        "Handler",
                        "dev.trafficcam.access.KeyAuthorizerHandler::handleRequest",
                        "SnapStart",
                        Map.of("ApplyOn", "PublishedVersions"))));
        functionVariablesInclude(
                template, "dev.trafficcam.access.OperatorsHandler::handleRequest", Map.of("KEY_CACHE_SECONDS", "3600"));
        // rds-db:connect: the proxy's own role, and each of the eight functions that use the proxy
        String policies = template.findResources("AWS::IAM::Policy").toString();
        assertThat(policies.split("rds-db:connect", -1)).hasSize(1 + 1 + 8);
    }

    @Test
    void theBucketIsPrivateEncryptedTlsOnlyAndExpiresWhatItShould() {
        template.hasResourceProperties(
                "AWS::S3::Bucket",
                Match.objectLike(Map.of(
                        "BucketEncryption",
                                Match.objectLike(Map.of(
                                        "ServerSideEncryptionConfiguration",
                                        List.of(Map.of(
                                                "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256"))))),
                        "PublicAccessBlockConfiguration",
                                Map.of(
                                        "BlockPublicAcls",
                                        true,
                                        "BlockPublicPolicy",
                                        true,
                                        "IgnorePublicAcls",
                                        true,
                                        "RestrictPublicBuckets",
                                        true),
                        "LifecycleConfiguration",
                                Map.of(
                                        "Rules",
                                        Match.arrayWith(List.of(Match.objectLike(Map.of(
                                                "Prefix",
                                                "incoming/",
                                                "ExpirationInDays",
                                                15,
                                                "Status",
                                                "Enabled"))))))));
        // images expire by the retention period only (imagesExpireAfterTheRetentionPeriod...): no other rule names
        // their prefixes
        template.findResources("AWS::S3::Bucket").values().forEach(bucket -> {
            String rules = String.valueOf(((Map<?, ?>) bucket.get("Properties")).get("LifecycleConfiguration"));
            assertThat(rules.split("\\}, \\{"))
                    .filteredOn(rule -> rule.matches("(?s).*Prefix=(frames|annotated|distorted)/.*"))
                    .allSatisfy(rule -> assertThat(rule).contains("ExpirationInDays=30"));
        });
        template.hasResourceProperties(
                "AWS::S3::BucketPolicy",
                Match.objectLike(Map.of(
                        "PolicyDocument",
                        Match.objectLike(Map.of(
                                "Statement",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Effect",
                                        "Deny",
                                        "Condition",
                                        Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))))));
    }

    @Test
    void auroraServerlessWithIamAuthBehindATlsProxyMigratedOnDeploy() {
        template.hasResourceProperties(
                "AWS::RDS::DBCluster",
                Match.objectLike(Map.of(
                        "Engine",
                        "aurora-postgresql",
                        "EnableIAMDatabaseAuthentication",
                        true,
                        "StorageEncrypted",
                        true,
                        "ServerlessV2ScalingConfiguration",
                        Map.of("MinCapacity", 0.5, "MaxCapacity", 4))));
        // end-to-end IAM: the password-less rds_iam user needs no secret, and the proxy's own role may connect as it
        template.hasResourceProperties(
                "AWS::RDS::DBProxy", Match.objectLike(Map.of("RequireTLS", true, "DefaultAuthScheme", "IAM_AUTH")));
        Map<String, Map<String, Object>> proxies = template.findResources("AWS::RDS::DBProxy");
        assertThat(proxies.toString())
                .as("no secret-based login for the application user")
                .doesNotContain("SECRETS");
        String proxyRole = ((Map<?, ?>)
                        ((Map<?, ?>) proxies.values().iterator().next().get("Properties")).get("RoleArn"))
                .toString();
        Map<String, Map<String, Object>> proxyPolicies = template.findResources(
                "AWS::IAM::Policy",
                Match.objectLike(Map.of(
                        "Properties",
                        Match.objectLike(
                                Map.of("Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("ProxyRole.*"))))))));
        assertThat(proxyRole).contains("ProxyRole");
        assertThat(proxyPolicies).hasSize(1);
        assertThat(proxyPolicies.toString())
                .contains("Action=rds-db:connect")
                .contains(":dbuser:")
                .contains("DBClusterResourceId")
                .contains("/persistence");
        template.resourceCountIs("Custom::Trigger", 1);
        String trigger =
                template.findResources("Custom::Trigger").keySet().iterator().next();
        Map<String, Map<String, Object>> persistenceAlias = template.findResources(
                "AWS::Lambda::Alias",
                Match.objectLike(Map.of(
                        "Properties",
                        Match.objectLike(Map.of(
                                "FunctionName", Map.of("Ref", Match.stringLikeRegexp("PersistenceFunction.*")))))));
        assertThat(persistenceAlias).hasSize(1);
        assertThat(persistenceAlias.values().iterator().next().get("DependsOn").toString())
                .as("the persistence alias moves only after the migrations ran")
                .contains(trigger);
        // so do the camera functions, which read camera_keys (V3)
        Map<String, Map<String, Object>> authorizerAlias = template.findResources(
                "AWS::Lambda::Alias",
                Match.objectLike(Map.of(
                        "Properties",
                        Match.objectLike(Map.of(
                                "FunctionName",
                                Map.of("Ref", Match.stringLikeRegexp("CameraAuthorizerFunction.*")))))));
        assertThat(authorizerAlias.values().iterator().next().get("DependsOn").toString())
                .contains(trigger);
        assertThat(template.findResources(
                                "AWS::Lambda::Function",
                                Match.objectLike(Map.of(
                                        "Properties",
                                        Match.objectLike(Map.of(
                                                "Handler", "dev.trafficcam.access.OperatorsHandler::handleRequest")))))
                        .values()
                        .iterator()
                        .next()
                        .get("DependsOn")
                        .toString())
                .contains(trigger);
        template.resourceCountIs("AWS::EC2::NatGateway", 0);
        template.hasResourceProperties("AWS::EC2::VPCEndpoint", Match.objectLike(Map.of("VpcEndpointType", "Gateway")));
        template.hasResourceProperties(
                "AWS::EC2::VPCEndpoint", Match.objectLike(Map.of("VpcEndpointType", "Interface")));
    }

    @Test
    void theModelIsTheHuggingFaceContainerUnlessAnExistingEndpointIsNamed() {
        DetectorPresetsTest.endpointIs(
                template,
                "ml.m5.xlarge",
                Map.of(
                        "HF_MODEL_ID",
                        "facebook/detr-resnet-50",
                        "HF_MODEL_REVISION",
                        "no_timm",
                        "HF_TASK",
                        "object-detection"));
        // transformers 4.41+ (threshold 0.5 by default), from the account that serves the DLCs in the stack's region
        String model = template.findResources("AWS::SageMaker::Model").toString();
        assertThat(model)
                .contains("huggingface-pytorch-inference:2.6.0-transformers4.49.0-cpu-py312-ubuntu22.04")
                .doesNotContain("763104351884")
                .contains("Fn::FindInMap");
        Map<String, Map<String, Object>> mappings = template.findMappings("*");
        assertThat(mappings.toString())
                .as("the per-region DLC accounts")
                .contains("eu-west-1={value=763104351884}")
                .contains("ap-east-1={value=871362719292}");
        template.resourceCountIs("AWS::SageMaker::Endpoint", 1);

        for (String type :
                List.of("AWS::SageMaker::Model", "AWS::SageMaker::EndpointConfig", "AWS::SageMaker::Endpoint")) {
            withExistingEndpoint.resourceCountIs(type, 0);
        }
        functionVariablesInclude(
                withExistingEndpoint,
                "dev.trafficcam.inference.InferenceHandler::handleRequest",
                Map.of("SAGEMAKER_ENDPOINT_NAME", "my-detector"));
    }

    @Test
    void theEndpointScalesOnInvocationsPerInstanceOnceMaxRpsIsMeasured() {
        Path functions = Path.of(System.getProperty("functions.dir", ".."));
        // without a measured MAX_RPS: one instance, no policy, and synth says what to do
        template.resourceCountIs("AWS::ApplicationAutoScaling::ScalableTarget", 0);
        template.hasResourceProperties(
                "AWS::SageMaker::EndpointConfig",
                Match.objectLike(Map.of(
                        "ProductionVariants",
                        List.of(Match.objectLike(Map.of(
                                "InitialInstanceCount",
                                1,
                                "VariantName",
                                "AllTraffic",
                                "RoutingConfig",
                                Map.of("RoutingStrategy", "LEAST_OUTSTANDING_REQUESTS")))))));
        TrafficCameraStack unscaled = new TrafficCameraStack(
                new App(), "Unscaled", StackProps.builder().build(), PipelineSettings.defaults(functions));
        software.amazon.awscdk.assertions.Annotations.fromStack(unscaled)
                .hasWarning("*", Match.stringLikeRegexp(".*-c endpointMaxRps=N.*"));

        // with it: (MAX_RPS * 0.7) * 60 invocations per instance per minute, between the minimum and the maximum
        Template scaled = Template.fromStack(new TrafficCameraStack(
                new App(),
                "Scaled",
                StackProps.builder().build(),
                PipelineSettings.defaults(functions).withEndpointScaling(new EndpointScaling(2, 6, 3.0))));
        scaled.hasResourceProperties(
                "AWS::ApplicationAutoScaling::ScalableTarget",
                Match.objectLike(Map.of(
                        "ServiceNamespace",
                        "sagemaker",
                        "ScalableDimension",
                        "sagemaker:variant:DesiredInstanceCount",
                        "MinCapacity",
                        2,
                        "MaxCapacity",
                        6,
                        "ResourceId",
                        Map.of(
                                "Fn::Join",
                                List.of(
                                        "",
                                        List.of(
                                                "endpoint/",
                                                Map.of(
                                                        "Fn::GetAtt",
                                                        List.of(Match.stringLikeRegexp("Endpoint.*"), "EndpointName")),
                                                "/variant/AllTraffic"))))));
        scaled.hasResourceProperties(
                "AWS::ApplicationAutoScaling::ScalingPolicy",
                Match.objectLike(Map.of(
                        "PolicyType",
                        "TargetTrackingScaling",
                        "TargetTrackingScalingPolicyConfiguration",
                        Match.objectLike(Map.of(
                                "PredefinedMetricSpecification",
                                        Map.of("PredefinedMetricType", "SageMakerVariantInvocationsPerInstance"),
                                "TargetValue", 126,
                                "ScaleInCooldown", 600,
                                "ScaleOutCooldown", 60)))));
        scaled.hasResourceProperties(
                "AWS::SageMaker::EndpointConfig",
                Match.objectLike(
                        Map.of("ProductionVariants", List.of(Match.objectLike(Map.of("InitialInstanceCount", 2))))));
        // an endpoint the stack does not own is not scaled by it
        withExistingEndpoint.resourceCountIs("AWS::ApplicationAutoScaling::ScalableTarget", 0);
    }

    @Test
    void endpointScalingRefusesWhatCannotWork() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new EndpointScaling(0, 4, null))
                .hasMessageContaining("1 <= min <= max");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new EndpointScaling(3, 2, null))
                .hasMessageContaining("1 <= min <= max");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new EndpointScaling(1, 2, 0.0))
                .hasMessageContaining("positive");
        assertThat(new EndpointScaling(1, 4, 1.5).invocationsPerInstanceTarget())
                .isEqualTo(63.0);
    }

    @Test
    void aModelRevisionThatIsABranchWarnsAndACommitDoesNot() {
        PipelineSettings d = PipelineSettings.defaults(Path.of(System.getProperty("functions.dir", "..")));
        assertThat(d.modelPinned()).as("no_timm is a branch").isFalse();
        software.amazon.awscdk.assertions.Annotations.fromStack(new TrafficCameraStack(
                        new App(), "Branch", StackProps.builder().build(), d))
                .hasWarning("*", Match.stringLikeRegexp("modelRevision=no_timm is a branch.*"));
        software.amazon.awscdk.assertions.Annotations.fromStack(new TrafficCameraStack(
                        new App(),
                        "Commit",
                        StackProps.builder().build(),
                        d.withModelRevision("0123456789abcdef0123456789abcdef01234567")))
                .hasNoWarning("*", Match.stringLikeRegexp("modelRevision=.*"));
    }

    @Test
    void aFloodIsCutByAddressBeforeTheAuthorizerAndTheAuthorizerCannotTakeTheAccount() {
        template.hasResourceProperties(
                "AWS::WAFv2::WebACL",
                Match.objectLike(Map.of(
                        "Scope",
                        "REGIONAL",
                        "Rules",
                        List.of(Match.objectLike(Map.of(
                                "Action",
                                Map.of("Block", Map.of()),
                                "Statement",
                                Map.of(
                                        "RateBasedStatement",
                                        Map.of(
                                                "AggregateKeyType",
                                                "IP",
                                                "EvaluationWindowSec",
                                                300,
                                                "Limit",
                                                PipelineSettings.DEFAULT_WAF_RATE_LIMIT))))))));
        template.hasResourceProperties(
                "AWS::WAFv2::WebACLAssociation",
                Match.objectLike(Map.of(
                        "ResourceArn", Match.objectLike(Map.of("Fn::Join", Match.anyValue())),
                        "WebACLArn",
                                Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("FramesApiWebAcl.*"), "Arn")))));
        template.hasResourceProperties(
                "AWS::Lambda::Function",
                Match.objectLike(Map.of(
                        "Handler", LambdaFunctions.CAMERA_AUTHORIZER.handler(), "ReservedConcurrentExecutions", 20)));

        PipelineSettings d = PipelineSettings.defaults(Path.of(System.getProperty("functions.dir", "..")));
        Template without = Template.fromStack(
                new TrafficCameraStack(new App(), "NoWaf", StackProps.builder().build(), d.withWafRateLimit(0)));
        without.resourceCountIs("AWS::WAFv2::WebACL", 0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.withWafRateLimit(5))
                .hasMessageContaining("lowest rate limit is 10");
    }

    /** A usage plan on the API's stage, with each key's limits. */
    private static void assertUsagePlan(String name, int rate, int burst) {
        template.hasResourceProperties(
                "AWS::ApiGateway::UsagePlan",
                Match.objectLike(Map.of(
                        "UsagePlanName", name,
                        "Throttle", Map.of("RateLimit", rate, "BurstLimit", burst),
                        "ApiStages", List.of(Match.objectLike(Map.of("Stage", Match.anyValue()))))));
    }

    /** An alarm on one of the stack's queues, by its logical id. */
    private static void assertQueueAlarm(String metric, long threshold, String queueId) {
        template.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Match.objectLike(Map.of(
                        "MetricName",
                        metric,
                        "Threshold",
                        threshold,
                        "Dimensions",
                        List.of(Map.of(
                                "Name",
                                "QueueName",
                                "Value",
                                Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp(queueId), "QueueName")))))));
    }

    @Test
    void alarmsWatchTheQueueTheFunctionsTheApiAndTheEndpoint() {
        template.resourceCountIs("AWS::CloudWatch::Alarm", 15);
        // a camera's frames arriving with another camera's key: one contributor per camera, from its RefusedFrames
        template.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Match.objectLike(Map.of(
                        "Threshold",
                        10,
                        "Metrics",
                        List.of(Match.objectLike(Map.of(
                                "Expression",
                                "SELECT SUM(RefusedFrames) FROM SCHEMA(\"TrafficCamera\", CameraName) GROUP BY CameraName ORDER BY SUM() DESC",
                                "Period",
                                300))))));
        // a frame on the dead-letter queue asks for a human at once; one on the failure queue only once it has waited
        // longer than redelivery retries
        assertQueueAlarm("ApproximateNumberOfMessagesVisible", 1, "StorageDeadLetterQueue.*");
        assertQueueAlarm(
                "ApproximateAgeOfOldestMessage",
                RedeliveryPolicy.DEFAULT.retryWindow().plusHours(1).toSeconds(),
                "StorageFailureQueue.*");
        template.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Match.objectLike(Map.of("MetricName", "Latency", "ExtendedStatistic", "p99")));
        template.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Match.objectLike(Map.of("MetricName", "Invocation5XXErrors", "Namespace", "AWS/SageMaker")));
        template.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Match.objectLike(Map.of(
                        "MetricName",
                        "5XXError",
                        "Namespace",
                        "AWS/ApiGateway",
                        "Statistic",
                        "Average",
                        "Threshold",
                        0.05,
                        "EvaluationPeriods",
                        2)));
        for (String lost : List.of("DestinationDeliveryFailures", "AsyncEventsDropped")) {
            template.hasResourceProperties(
                    "AWS::CloudWatch::Alarm",
                    Match.objectLike(Map.of(
                            "MetricName",
                            lost,
                            "Namespace",
                            "AWS/Lambda",
                            "Statistic",
                            "Sum",
                            "Threshold",
                            1,
                            "ComparisonOperator",
                            "GreaterThanOrEqualToThreshold",
                            "Dimensions",
                            List.of(Map.of(
                                    "Name",
                                    "FunctionName",
                                    "Value",
                                    Match.objectLike(
                                            Map.of("Ref", Match.stringLikeRegexp("PersistenceFunction.*"))))))));
        }
        template.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Match.objectLike(Map.of("MetricName", "AsyncEventAge", "Statistic", "Maximum", "Threshold", 900_000)));
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    }

    @Test
    void theDeploymentsTimeZoneReachesTheMigrationsAndABadOneFailsAtSynth() {
        functionVariablesInclude(template, LambdaFunctions.MIGRATION.handler(), Map.of("DEFAULT_TIME_ZONE", "UTC"));
        PipelineSettings d = PipelineSettings.defaults(Path.of(System.getProperty("functions.dir", "..")));
        Template brussels = Template.fromStack(new TrafficCameraStack(
                new App(), "Brussels", StackProps.builder().build(), d.withTimeZone("Europe/Brussels")));
        functionVariablesInclude(
                brussels, LambdaFunctions.MIGRATION.handler(), Map.of("DEFAULT_TIME_ZONE", "Europe/Brussels"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.withTimeZone("CET+1"))
                .hasMessageContaining("is not an IANA time zone such as Europe/Brussels");
    }

    @Test
    void silentCamerasAreNamedOnTheAlarmTopicByOneScheduledCheckNotOneAlarmPerCamera() {
        // the check: in the VPC as the read-only user
        template.hasResourceProperties(
                "AWS::Lambda::Function",
                Match.objectLike(Map.of(
                        "Handler", LambdaFunctions.SILENT_CAMERAS.handler(),
                        "VpcConfig", Match.anyValue(),
                        "Environment", Map.of("Variables", Match.objectLike(Map.of("DB_USER", Database.READER))))));
        // the alarm: outside the VPC (SNS without an interface endpoint), with the setting and the topic
        Map<String, Map<String, Object>> alarmFunctions = template.findResources(
                "AWS::Lambda::Function",
                Match.objectLike(Map.of(
                        "Properties",
                        Match.objectLike(Map.of("Handler", LambdaFunctions.SILENT_CAMERA_ALARM.handler())))));
        assertThat(alarmFunctions).hasSize(1);
        Map<?, ?> alarm = (Map<?, ?>) alarmFunctions.values().iterator().next().get("Properties");
        assertThat(alarm.containsKey("VpcConfig")).isFalse();
        assertThat(alarm.get("Environment").toString())
                .contains("SILENT_AFTER_MINUTES=15")
                .contains("ALARM_TOPIC_ARN={Ref=MonitoringAlarmTopic")
                .contains("CHECK_FUNCTION_NAME={Fn::GetAtt=[FunctionsSilentCamerasFunction");
        // one schedule, every 5 minutes, whatever the number of cameras (the other rule is the daily export's)
        template.resourceCountIs("AWS::Events::Rule", 2);
        template.hasResourceProperties(
                "AWS::Events::Rule",
                Match.objectLike(Map.of(
                        "ScheduleExpression",
                        "rate(5 minutes)",
                        "Targets",
                        List.of(Match.objectLike(Map.of("RetryPolicy", Map.of("MaximumRetryAttempts", 2)))))));
        // it may invoke the check and nothing else, and publish on the topic
        Matcher invokeTheCheck = Match.objectLike(Map.of(
                "Action",
                "lambda:InvokeFunction",
                "Resource",
                Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("FunctionsSilentCamerasFunction.*"), "Arn"))));
        Matcher publish = Match.objectLike(Map.of(
                "Action", "sns:Publish", "Resource", Map.of("Ref", Match.stringLikeRegexp("MonitoringAlarmTopic.*"))));
        template.hasResourceProperties(
                "AWS::IAM::Policy",
                Match.objectLike(Map.of(
                        "PolicyDocument",
                        Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(invokeTheCheck, publish)))),
                        "Roles",
                        List.of(Map.of("Ref", Match.stringLikeRegexp("FunctionsSilentCameraAlarmFunctionRole.*"))))));
        // the check's own failures are said on the topic
        template.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Match.objectLike(Map.of("MetricName", "FailedInvocations", "Namespace", "AWS/Events", "Threshold", 1)));

        PipelineSettings d = PipelineSettings.defaults(Path.of(System.getProperty("functions.dir", "..")));
        Template hourly = Template.fromStack(new TrafficCameraStack(
                new App(), "Hourly", StackProps.builder().build(), d.withSilentCameraMinutes(60)));
        hourly.hasResourceProperties(
                "AWS::Lambda::Function",
                Match.objectLike(Map.of(
                        "Environment", Map.of("Variables", Match.objectLike(Map.of("SILENT_AFTER_MINUTES", "60"))))));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.withSilentCameraMinutes(3))
                .hasMessageContaining("silentCameraMinutes is from 5 (the check runs every 5 minutes)");
    }

    @Test
    void everyAlarmReachesSomeoneThroughOneEncryptedTopic() {
        template.resourceCountIs("AWS::SNS::Topic", 1);
        String topic =
                template.findResources("AWS::SNS::Topic").keySet().iterator().next();
        template.findResources("AWS::CloudWatch::Alarm").forEach((id, alarm) -> {
            Map<?, ?> properties = (Map<?, ?>) alarm.get("Properties");
            assertThat(properties.get("AlarmActions")).as(id).isEqualTo(List.of(Map.of("Ref", topic)));
            assertThat(properties.get("OKActions")).as(id).isEqualTo(List.of(Map.of("Ref", topic)));
        });
        // a key of its own, which CloudWatch may use (it cannot use the AWS-managed SNS key)
        template.hasResourceProperties("AWS::SNS::Topic", Match.objectLike(Map.of("KmsMasterKeyId", Match.anyValue())));
        template.hasResourceProperties(
                "AWS::KMS::Key",
                Match.objectLike(Map.of(
                        "EnableKeyRotation",
                        true,
                        "KeyPolicy",
                        Match.objectLike(Map.of(
                                "Statement",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                                        "Action", List.of("kms:Decrypt", "kms:GenerateDataKey*"))))))))));
        template.resourceCountIs("AWS::SNS::Subscription", 0);
        template.hasOutput("AlarmTopicArn", Match.objectLike(Map.of("Value", Map.of("Ref", topic))));

        Template withEmail = Template.fromStack(new TrafficCameraStack(
                new App(),
                "WithEmail",
                StackProps.builder().build(),
                PipelineSettings.defaults(Path.of(System.getProperty("functions.dir", "..")))
                        .withAlarmEmail("ops@example.org")));
        withEmail.hasResourceProperties(
                "AWS::SNS::Subscription",
                Map.of(
                        "Protocol",
                        "email",
                        "Endpoint",
                        "ops@example.org",
                        "TopicArn",
                        Match.objectLike(Map.of("Ref", Match.stringLikeRegexp(".*AlarmTopic.*")))));
    }

    @Test
    void theDashboardShowsFramesAndDistortionPerCameraFromTheLogLinesMetrics() {
        Map<String, Map<String, Object>> dashboards = template.findResources("AWS::CloudWatch::Dashboard");
        String body = String.valueOf(
                ((Map<?, ?>) dashboards.values().iterator().next().get("Properties")).get("DashboardBody"));
        assertThat(body)
                .contains("SEARCH('{TrafficCamera,CameraName} MetricName=\\\"Frames\\\"', 'Sum', 60)")
                .contains(
                        "SEARCH('{TrafficCamera,CameraName} MetricName=\\\"DistortedFrames\\\"', 'Average', 300) * 100");
    }

    @Test
    void everyGrantIsScopedNoWildcardActionsOnDataResources() {
        Map<String, Map<String, Object>> policies = template.findResources("AWS::IAM::Policy");
        assertThat(policies).isNotEmpty();
        for (var policy : policies.entrySet()) {
            String json = policy.getValue().toString();
            assertThat(json)
                    .as(policy.getKey())
                    .doesNotContain(
                            "Action=*,",
                            "Action=s3:*",
                            "Action=sqs:*",
                            "Action=lambda:*",
                            "Action=sagemaker:*",
                            "Action=rds-db:*");
        }
        // the inference function: invoke its endpoint, invoke the persistence alias,
        // put claim checks, send to the queue
        template.hasResourceProperties(
                "AWS::IAM::Policy",
                Match.objectLike(Map.of(
                        "PolicyDocument",
                        Map.of(
                                "Statement",
                                Match.arrayWith(List.of(
                                        Match.objectLike(Map.of(
                                                "Action",
                                                "sagemaker:InvokeEndpoint",
                                                "Resource",
                                                Map.of("Ref", Match.stringLikeRegexp("Endpoint.*")))),
                                        Match.objectLike(Map.of("Action", "lambda:InvokeFunction")))),
                                "Version",
                                "2012-10-17"))));
        String all = policies.toString();
        assertThat(all)
                .contains("/incoming/*")
                .contains("/frames/*")
                .contains("/annotated/*")
                .contains("/distorted/*")
                .contains("rds-db:connect")
                .contains("sqs:ReceiveMessage")
                .contains("sqs:SendMessage");
    }

    @Test
    void whatCdkNagFoundIsFixedInTheTemplate() {
        // tracing on every function and on the API stage, execution logs at ERROR, request validation
        assertThat(template.findResources(
                        "AWS::Lambda::Function",
                        Match.objectLike(Map.of(
                                "Properties", Match.objectLike(Map.of("TracingConfig", Map.of("Mode", "Active")))))))
                .hasSize(LambdaFunctions.ALL.size());
        template.hasResourceProperties(
                "AWS::ApiGateway::Stage",
                Match.objectLike(Map.of(
                        "TracingEnabled",
                        true,
                        "MethodSettings",
                        Match.arrayWith(List.of(Match.objectLike(Map.of("LoggingLevel", "ERROR")))),
                        "AccessLogSetting",
                        Match.objectLike(Map.of("Format", Match.stringLikeRegexp("^\\{.*\\}$"))))));
        template.hasResourceProperties(
                "AWS::ApiGateway::RequestValidator",
                Map.of("RestApiId", Match.anyValue(), "ValidateRequestParameters", true, "ValidateRequestBody", true));
        template.hasResourceProperties(
                "AWS::ApiGateway::Method",
                Match.objectLike(Map.of(
                        "HttpMethod",
                        "POST",
                        "RequestParameters",
                        Map.of("method.request.path.fileName", true),
                        "RequestValidatorId",
                        Match.anyValue())));
        // Aurora: deletion protection, the admin secret rotated monthly; a flow log on
        // the VPC; access logs on the bucket
        template.hasResourceProperties("AWS::RDS::DBCluster", Match.objectLike(Map.of("DeletionProtection", true)));
        template.hasResourceProperties(
                "AWS::SecretsManager::RotationSchedule",
                Match.objectLike(Map.of("RotationRules", Map.of("ScheduleExpression", "rate(30 days)"))));
        template.hasResourceProperties(
                "AWS::EC2::FlowLog", Match.objectLike(Map.of("ResourceType", "VPC", "TrafficType", "ALL")));
        template.hasResourceProperties(
                "AWS::S3::Bucket",
                Match.objectLike(Map.of(
                        "LoggingConfiguration",
                        Match.objectLike(Map.of(
                                "DestinationBucketName",
                                Map.of("Ref", Match.stringLikeRegexp("AccessLogs.*")),
                                "LogFilePrefix",
                                "frames/")))));
        // exact S3 actions: no s3:GetObject*, s3:List*, s3:GetBucket*, s3:Abort* families from the grant helpers
        String policies = template.findResources("AWS::IAM::Policy").toString();
        assertThat(policies)
                .doesNotContain("s3:List*", "s3:GetBucket*", "s3:Abort*", "s3:GetObject*", "s3:DeleteObject*");
        // ListBucket on the bucket itself, so that a missing claim check is a 404, not a 403
        template.hasResourceProperties(
                "AWS::IAM::Policy",
                Match.objectLike(Map.of(
                        "PolicyDocument",
                        Match.objectLike(Map.of(
                                "Statement",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Action",
                                        "s3:ListBucket",
                                        "Resource",
                                        Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("Frames.*"), "Arn")))))))),
                        "Roles",
                        List.of(Map.of("Ref", Match.stringLikeRegexp("PersistenceFunctionRole.*"))))));
        // no managed basic-execution policy on the functions' roles: each writes to its own log group only
        // (CDK's own trigger provider keeps it; it is not ours to configure)
        Map<String, Map<String, Object>> roles = template.findResources("AWS::IAM::Role");
        assertThat(
                        roles.keySet().stream()
                                .filter(
                                        id -> id.matches(
                                                "Functions(Inference|Persistence|Replay|Redelivery|FrameLookup|FrameErasure|Migration|CameraAuthorizer|CameraAdmin|Read|CountsExport|SilentCameras|SilentCameraAlarm)FunctionRole.*")))
                .hasSize(LambdaFunctions.ALL.size())
                .allSatisfy(id -> assertThat(roles.get(id).toString()).doesNotContain("AWSLambdaBasicExecutionRole"));
        template.hasResourceProperties(
                "AWS::IAM::Policy",
                Match.objectLike(Map.of(
                        "PolicyDocument",
                        Match.objectLike(Map.of(
                                "Statement",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Action",
                                        List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                        "Resource",
                                        Map.of(
                                                "Fn::GetAtt",
                                                List.of(
                                                        Match.stringLikeRegexp("InferenceFunctionLogs.*"),
                                                        "Arn")))))))),
                        "Roles",
                        List.of(Map.of("Ref", Match.stringLikeRegexp("InferenceFunctionRole.*"))))));
        // no security group that lets everything out; the only egress to anywhere is 443 (S3's gateway endpoint), of
        // the four functions that write or delete objects
        Map<String, Map<String, Object>> groups = template.findResources("AWS::EC2::SecurityGroup");
        assertThat(groups).isNotEmpty();
        assertThat(groups.toString()).doesNotContain("IpProtocol=-1");
        Map<String, Map<String, Object>> toAnywhere = template.findResources(
                "AWS::EC2::SecurityGroup",
                Match.objectLike(Map.of(
                        "Properties",
                        Match.objectLike(Map.of(
                                "SecurityGroupEgress",
                                Match.arrayWith(List.of(Match.objectLike(
                                        Map.of("CidrIp", "0.0.0.0/0", "FromPort", 443, "ToPort", 443)))))))));
        assertThat(toAnywhere.keySet())
                .hasSize(4)
                .allSatisfy(id -> assertThat(id)
                        .matches("Functions(Persistence|CountsExport|FrameErasure|Read)FunctionSecurity.*"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyFunctionIsDeployedAsItsSpecSays() {
        for (FunctionSpec spec : LambdaFunctions.ALL) {
            Map<String, Map<String, Object>> found = functionsWithHandler(spec.handler());
            assertThat(found).as(spec.name()).hasSize(1);
            Map<?, ?> properties = (Map<?, ?>) found.values().iterator().next().get("Properties");
            assertThat(properties.get("Runtime")).as(spec.name()).isEqualTo(spec.runtime());
            assertThat(properties.get("MemorySize")).as(spec.name()).isEqualTo(spec.memoryMb());
            assertThat(properties.get("Timeout")).as(spec.name()).isEqualTo((int)
                    spec.timeout().toSeconds());
            assertThat(properties.get("ReservedConcurrentExecutions"))
                    .as(spec.name())
                    .isEqualTo(
                            spec.reservedConcurrency().isPresent()
                                    ? spec.reservedConcurrency().getAsInt()
                                    : null);
            assertThat(properties.containsKey("SnapStart")).as(spec.name()).isEqualTo(spec.snapStart());
            assertThat(properties.get("Architectures")).as(spec.name()).isEqualTo(List.of(spec.architecture()));
            Map<String, ?> variables = (Map<String, ?>) ((Map<?, ?>) properties.get("Environment")).get("Variables");
            assertThat(variables.keySet()).as(spec.name()).containsExactlyInAnyOrderElementsOf(spec.environment());
        }
    }
}
