package dev.trafficcam.cdk;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.applicationautoscaling.BasicTargetTrackingScalingPolicyProps;
import software.amazon.awscdk.services.applicationautoscaling.PredefinedMetric;
import software.amazon.awscdk.services.applicationautoscaling.ScalableTarget;
import software.amazon.awscdk.services.applicationautoscaling.ServiceNamespace;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.GatewayResponseOptions;
import software.amazon.awscdk.services.apigateway.ProxyResourceOptions;
import software.amazon.awscdk.services.apigateway.ResponseType;
import software.amazon.awscdk.services.apigateway.TokenAuthorizer;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.RequestValidatorOptions;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.AuroraPostgresClusterEngineProps;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;
import software.amazon.awscdk.services.rds.ClusterInstance;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterEngine;
import software.amazon.awscdk.services.rds.DatabaseProxy;
import software.amazon.awscdk.services.rds.DatabaseProxyOptions;
import software.amazon.awscdk.services.rds.DefaultAuthScheme;
import software.amazon.awscdk.services.rds.RotationSingleUserOptions;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.sagemaker.CfnEndpoint;
import software.amazon.awscdk.services.sagemaker.CfnEndpointConfig;
import software.amazon.awscdk.services.sagemaker.CfnModel;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.triggers.Trigger;
import software.amazon.awscdk.regioninfo.FactName;
import software.constructs.Construct;
import software.constructs.IConstruct;
import dev.trafficcam.model.CameraGrant;
import dev.trafficcam.model.EventLimits;
import dev.trafficcam.model.S3Keys;
import dev.trafficcam.model.functions.FunctionSpec;
import dev.trafficcam.model.functions.GatewayProblems;
import dev.trafficcam.model.functions.Lifetimes;
import dev.trafficcam.model.functions.LambdaFunctions;

/**
 * The whole pipeline in one stack: network, Aurora PostgreSQL Serverless v2 behind RDS Proxy (IAM
 * auth), migrations run on every deploy before the persistence function takes traffic, the frames
 * bucket, the SageMaker endpoint (or an existing one), the four functions (java21, SnapStart on a
 * published alias), the asynchronous hand-off with its failure queue, the REST API with API keys,
 * alarms and a dashboard. Every grant is scoped to the resource and prefix it needs.
 */
public final class TrafficCameraStack extends Stack {
    static final String DATABASE = "traffic";
    static final String DB_APP_USER = "persistence";
    /**
     * The Hugging Face PyTorch inference container (AWS Deep Learning Containers, CPU). transformers 4.41
     * and later default the object-detection pipeline's threshold to 0.5 (before: 0.9, which raw-image
     * requests cannot lower), so MIN_SCORE is what decides. The registry account differs by region
     * (sagemaker-python-sdk image_uri_config/huggingface.json): it comes from CDK's region facts.
     */
    static final String HF_REPOSITORY = "huggingface-pytorch-inference";
    static final String HF_TAG = "2.6.0-transformers4.49.0-cpu-py312-ubuntu22.04";
    /** The model card's revision without the {@code timm} backbone, which the DLC does not install. */
    static final String HF_MODEL_REVISION = "no_timm";

    /** The newest Java runtime Lambda offers; the rule packs flag any other. */
    static final String LATEST_JAVA = "java25";
    static final String JAVA_RUNTIME_CHOICE =
            "java21 kept on measurement: java25's C2 gained 1-3 ms warm, lost 5-20 ms after init (docs/PERFORMANCE.md)";

    /** The endpoint's one production variant (also in Monitoring's SageMaker metrics). */
    static final String VARIANT = "AllTraffic";
    private final RestApi api;
    private final Queue failureQueue;

    public TrafficCameraStack(Construct scope, String id, StackProps props, PipelineSettings settings) {
        super(scope, id, props);
        // S3 log delivery writes access logs by bucket policy, not the LogDeliveryWrite ACL, which needs ACLs enabled
        // (a CDK feature flag, set on the stack before any child so that the app and the tests see the same)
        getNode().setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
        SubnetSelection isolated = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
        Lifetimes lifetimes = settings.lifetimes();

        // network: private subnets only; S3 and Secrets Manager through VPC endpoints, no NAT gateway
        Vpc vpc = Vpc.Builder.create(this, "Vpc")
                .maxAzs(2)
                .natGateways(0)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("private").subnetType(SubnetType.PRIVATE_ISOLATED).cidrMask(24).build()))
                .gatewayEndpoints(Map.of("S3", GatewayVpcEndpointOptions.builder()
                        .service(GatewayVpcEndpointAwsService.S3).build()))
                .build();
        // rejected and accepted traffic alike, a month in CloudWatch Logs
        vpc.addFlowLog("FlowLog", FlowLogOptions.builder()
                .destination(FlowLogDestination.toCloudWatchLogs(logGroup("VpcFlowLogs")))
                .trafficType(FlowLogTrafficType.ALL).build());
        // reached by the migration function and the secret's rotation only; `open` would let the whole VPC in
        InterfaceVpcEndpoint secretsManager = vpc.addInterfaceEndpoint("SecretsManager", InterfaceVpcEndpointOptions.builder()
                .service(InterfaceVpcEndpointAwsService.SECRETS_MANAGER).privateDnsEnabled(true).open(false)
                .securityGroups(List.of(securityGroup("SecretsManagerEndpoint", vpc, "the Secrets Manager endpoint"))).build());

        // database: Aurora PostgreSQL Serverless v2, IAM auth, reached by the persistence function through RDS Proxy
        DatabaseCluster cluster = DatabaseCluster.Builder.create(this, "Database")
                .engine(DatabaseClusterEngine.auroraPostgres(AuroraPostgresClusterEngineProps.builder()
                        .version(AuroraPostgresEngineVersion.VER_17_5).build()))
                .writer(ClusterInstance.serverlessV2("writer"))
                .serverlessV2MinCapacity(settings.auroraMinCapacity())
                .serverlessV2MaxCapacity(settings.auroraMaxCapacity())
                .vpc(vpc)
                .vpcSubnets(isolated)
                .securityGroups(List.of(securityGroup("DatabaseSecurity", vpc, "Aurora: in from the proxy and the migrations")))
                .credentials(Credentials.fromGeneratedSecret("traffic_admin"))
                .defaultDatabaseName(DATABASE)
                .iamAuthentication(true)
                .storageEncrypted(true)
                .removalPolicy(RemovalPolicy.SNAPSHOT)
                .deletionProtection(settings.deletionProtection())
                .build();
        // only the migrations log in with the admin secret; they read it on each run, so rotation cannot strand them
        cluster.addRotationSingleUser(RotationSingleUserOptions.builder()
                .automaticallyAfter(Duration.days(30))
                .vpcSubnets(isolated)
                .endpoint(secretsManager)
                .securityGroup(securityGroup("SecretRotation", vpc, "the admin secret rotation function"))
                .build());
        // End-to-end IAM: the function signs in to the proxy with an IAM token and the proxy signs in to Aurora
        // with one of its own, so the password-less rds_iam user needs no secret. In the standard scheme the proxy
        // would log in with a Secrets Manager secret per user, which `persistence` does not have (RDS user guide,
        // "Setting up IAM authentication for RDS Proxy": end-to-end IAM needs rds-db:connect on the proxy's role).
        Role proxyRole = Role.Builder.create(this, "ProxyRole").assumedBy(new ServicePrincipal("rds.amazonaws.com")).build();
        proxyRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("rds-db:connect"))
                .resources(List.of(formatArn(ArnComponents.builder().service("rds-db").resource("dbuser")
                        .resourceName(cluster.getClusterResourceIdentifier() + "/" + DB_APP_USER)
                        .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build())))
                .build());
        DatabaseProxy proxy = cluster.addProxy("Proxy", DatabaseProxyOptions.builder()
                .vpc(vpc).vpcSubnets(isolated).role(proxyRole)
                .securityGroups(List.of(securityGroup("ProxySecurity", vpc, "RDS Proxy: in from the persistence function, out to Aurora")))
                .defaultAuthScheme(DefaultAuthScheme.IAM_AUTH).iamAuth(true).requireTls(true)
                .build());

        // the frames bucket: private, encrypted, TLS only, access-logged; claim checks and distorted frames expire
        Bucket bucket = Bucket.Builder.create(this, "Frames")
                .encryption(BucketEncryption.S3_MANAGED)
                .serverAccessLogsBucket(accessLogBucket())
                .serverAccessLogsPrefix("frames/")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                // Only claim checks expire, once no event can still need them (Lifetimes). Nothing a row points at
                // (frames/, annotated/, distorted/) has a lifecycle rule: the database never names a missing object.
                .lifecycleRules(List.of(
                        LifecycleRule.builder().id("expire-claim-checks").prefix(S3Keys.INCOMING_PREFIX)
                                .expiration(Duration.days(lifetimes.claimCheckExpiryDays())).build(),
                        LifecycleRule.builder().id("abort-incomplete-uploads")
                                .abortIncompleteMultipartUploadAfter(Duration.days(1)).build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        // The largest message SQS takes, set rather than left to the default: Lambda's on-failure record carries the
        // whole event, and a record the queue refuses is dropped with its frame (EventLimits).
        failureQueue = Queue.Builder.create(this, "FailureQueue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .maxMessageSizeBytes(EventLimits.FAILURE_QUEUE_MESSAGE_LIMIT)
                .retentionPeriod(Duration.seconds(lifetimes.failureQueueRetention().toSeconds()))
                .visibilityTimeout(Duration.minutes(5))
                .build();
        for (String rule : List.of("AwsSolutions-SQS3", "Serverless-SQSRedrivePolicy")) {
            suppress(failureQueue, rule, "this queue is the persistence alias's on-failure destination; the replay function redrives it");
        }

        // the model
        String endpointName;
        String endpointArn;
        if (settings.existingEndpointName() != null) {
            endpointName = settings.existingEndpointName();
            endpointArn = formatArn(ArnComponents.builder().service("sagemaker").resource("endpoint")
                    .resourceName(endpointName.toLowerCase(Locale.ROOT)).arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
        } else {
            CfnEndpoint endpoint = endpoint(settings);
            endpointName = endpoint.getAttrEndpointName();
            endpointArn = endpoint.getRef();
        }

        // the functions
        Function persistence = function("PersistenceFunction", LambdaFunctions.PERSISTENCE, settings, vpc, Map.of(
                "FRAMES_BUCKET", bucket.getBucketName(),
                "DB_URL", "jdbc:postgresql://" + proxy.getEndpoint() + ":5432/" + DATABASE + "?sslmode=require",
                "DB_USER", DB_APP_USER,
                "DB_AUTH", "iam"));
        Alias persistenceLive = alias("PersistenceLive", persistence);
        persistenceLive.configureAsyncInvoke(EventInvokeConfigOptions.builder()
                .retryAttempts(2)
                .maxEventAge(Duration.seconds(lifetimes.maxEventAge().toSeconds()))
                .onFailure(new SqsDestination(failureQueue))
                .build());
        suppress(persistence, "Serverless-LambdaDLQ", "invoked asynchronously through its alias, whose on-failure destination "
                + "(the failure queue) receives the event with the error, which a DLQ would not");
        suppress(persistence.getRole(), "AwsSolutions-IAM5", "object keys under the prefixes the function writes and reads",
                objectsUnder(S3Keys.FRAMES_PREFIX, S3Keys.ANNOTATED_PREFIX, S3Keys.DISTORTED_PREFIX, S3Keys.INCOMING_PREFIX));
        proxy.grantConnect(persistence, DB_APP_USER);
        proxy.getConnections().allowFrom(persistence, Port.tcp(5432), "the persistence function reaches the proxy");
        // exact actions, not the grant helpers' s3:GetObject*/s3:List*/s3:GetBucket*/s3:Abort* families
        persistence.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("s3:PutObject"))
                .resources(List.of(objects(bucket, S3Keys.FRAMES_PREFIX), objects(bucket, S3Keys.ANNOTATED_PREFIX),
                        objects(bucket, S3Keys.DISTORTED_PREFIX))).build());
        persistence.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("s3:GetObject", "s3:DeleteObject"))
                .resources(List.of(objects(bucket, S3Keys.INCOMING_PREFIX))).build());
        // Without s3:ListBucket, GetObject on a missing key answers 403 AccessDenied instead of 404 NoSuchKey (S3 API
        // reference, GetObject, "Permissions"): an expired claim check would then look like a denied one and be
        // retried into the failure queue instead of being reported as gone.
        persistence.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("s3:ListBucket"))
                .resources(List.of(bucket.getBucketArn())).build());
        // persistence writes through S3's gateway endpoint: 443 out; isolated subnets route nowhere else
        persistence.getConnections().allowTo(Peer.anyIpv4(), Port.tcp(443), "S3 through the gateway endpoint");

        Function inference = function("InferenceFunction", LambdaFunctions.INFERENCE, settings, null, Map.of(
                "SAGEMAKER_ENDPOINT_NAME", endpointName,
                "PERSISTENCE_FUNCTION_NAME", persistenceLive.getFunctionArn(),
                "FRAMES_BUCKET", bucket.getBucketName(),
                "FAILURE_QUEUE_URL", failureQueue.getQueueUrl(),
                "MIN_SCORE", "0.5"));
        Alias inferenceLive = alias("InferenceLive", inference);
        suppress(inference, "Serverless-LambdaDLQ", "invoked synchronously by API Gateway: the camera gets the error and resends");
        suppress(inference.getRole(), "AwsSolutions-IAM5", "claim checks, one object per frame under incoming/", objectsUnder(S3Keys.INCOMING_PREFIX));
        inference.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("sagemaker:InvokeEndpoint")).resources(List.of(endpointArn)).build());
        persistenceLive.grantInvoke(inference);
        inference.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("s3:PutObject"))
                .resources(List.of(objects(bucket, S3Keys.INCOMING_PREFIX))).build());
        failureQueue.grantSendMessages(inference);

        Function replay = function("ReplayFunction", LambdaFunctions.REPLAY, settings, null, Map.of(
                "FAILURE_QUEUE_URL", failureQueue.getQueueUrl(),
                "PERSISTENCE_FUNCTION_NAME", persistenceLive.getFunctionArn()));
        suppress(replay, "Serverless-LambdaDLQ", "invoked synchronously by ops; what it cannot replay stays on the failure queue");
        failureQueue.grantConsumeMessages(replay);
        persistenceLive.grantInvoke(replay);

        // camera keys: both functions reach the keys through the proxy as the application user, which may read them
        // and change only their revoked_at and last_seen_at (Migrations.ensureAppUser)
        Map<String, String> keysDatabase = Map.of(
                "DB_URL", "jdbc:postgresql://" + proxy.getEndpoint() + ":5432/" + DATABASE + "?sslmode=require",
                "DB_USER", DB_APP_USER,
                "DB_AUTH", "iam");
        Function cameraAuthorizer = function("CameraAuthorizerFunction", LambdaFunctions.CAMERA_AUTHORIZER, settings, vpc, keysDatabase);
        Alias cameraAuthorizerLive = alias("CameraAuthorizerLive", cameraAuthorizer);
        suppress(cameraAuthorizer, "Serverless-LambdaDLQ", "invoked synchronously by API Gateway, which answers the camera itself");
        Map<String, String> adminEnvironment = new java.util.HashMap<>(keysDatabase);
        adminEnvironment.put("KEY_CACHE_SECONDS", String.valueOf(GatewayProblems.KEY_CACHE_TTL.toSeconds()));
        Function cameraAdmin = function("CameraAdminFunction", LambdaFunctions.CAMERA_ADMIN, settings, vpc, adminEnvironment);
        suppress(cameraAdmin, "Serverless-LambdaDLQ", "invoked synchronously by API Gateway for an operator, who gets the error");
        for (Function keys : List.of(cameraAuthorizer, cameraAdmin)) {
            proxy.grantConnect(keys, DB_APP_USER);
            proxy.getConnections().allowFrom(keys, Port.tcp(5432), "the " + keys.getNode().getId() + " reaches the proxy");
        }

        Function migrations = function("MigrationFunction", LambdaFunctions.MIGRATION, settings, vpc, Map.of(
                "DB_URL", "jdbc:postgresql://" + cluster.getClusterEndpoint().getHostname() + ":5432/" + DATABASE + "?sslmode=require",
                "DB_SECRET_ARN", cluster.getSecret().getSecretArn(),
                "DB_APP_USER", DB_APP_USER));
        suppress(migrations, "Serverless-LambdaDLQ", "invoked synchronously by the deploy's trigger: a failure fails the deploy");
        cluster.getSecret().grantRead(migrations);
        cluster.getConnections().allowDefaultPortFrom(migrations);
        secretsManager.getConnections().allowDefaultPortFrom(migrations);
        // the schema is migrated on every deploy: after the database, before the persistence alias (which
        // every event goes through) and the camera functions (which read camera_keys) move to the new version
        Trigger.Builder.create(this, "MigrateOnDeploy")
                .handler(migrations)
                .executeAfter(List.of(cluster))
                .executeBefore(List.of(persistenceLive, cameraAuthorizerLive, cameraAdmin))
                .executeOnHandlerChange(true)
                .timeout(Duration.minutes(10))
                .build();


        // the API
        LogGroup accessLogs = logGroup("ApiAccessLogs");
        api = RestApi.Builder.create(this, "Api")
                .restApiName("traffic-camera-frames")
                .description("Cameras POST frames to /frames/{fileName}; operators manage camera keys under /admin/cameras")
                .binaryMediaTypes(List.of("image/jpeg", "image/png"))
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
                        .build())
                .build();
        // The path's file name must be there. Body validation is on, but the frame's bytes have no JSON model, and
        // "if no matching content type is found, request validation is not performed" (API Gateway developer guide,
        // "Request validation for REST APIs"): the function checks the image itself.
        RequestValidator validator = api.addRequestValidator("FrameRequests", RequestValidatorOptions.builder()
                .validateRequestParameters(true).validateRequestBody(true).build());
        // Each camera shows its own key; the authorizer says whose it is and the inference function accepts frames under
        // that camera's name only. API Gateway answers 401 itself to a header that is missing or not of a key's shape, and
        // keeps the authorizer's answer per key for the TTL: a revoked key is refused within it (API Gateway developer guide,
        // "Configure an API Gateway Lambda authorizer": the TTL defaults to 300 s, at most 3600).
        TokenAuthorizer cameraKeys = TokenAuthorizer.Builder.create(this, "CameraKeyAuthorizer")
                .handler(cameraAuthorizerLive)
                .identitySource("method.request.header.Authorization")
                .validationRegex(CameraGrant.KEY_HEADER_PATTERN)
                .resultsCacheTtl(Duration.seconds(GatewayProblems.KEY_CACHE_TTL.toSeconds()))
                .build();
        api.getRoot().addResource("frames").addResource("{fileName}").addMethod("POST",
                new LambdaIntegration(inferenceLive), MethodOptions.builder()
                        .authorizer(cameraKeys).authorizationType(AuthorizationType.CUSTOM)
                        .requestValidator(validator).requestParameters(Map.of("method.request.path.fileName", true)).build());
        // the operators' routes: IAM principals that may execute-api:Invoke them (the cameras command signs with SigV4)
        api.getRoot().addResource("admin").addProxy(ProxyResourceOptions.builder()
                .defaultIntegration(new LambdaIntegration(cameraAdmin))
                .defaultMethodOptions(MethodOptions.builder().authorizationType(AuthorizationType.IAM).build())
                .anyMethod(true).build());
        // API Gateway's own answers as problems, the same as the local stack's (GatewayProblems)
        for (GatewayProblems problem : GatewayProblems.values()) {
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            headers.put("Content-Type", "'application/problem+json'");
            problem.headers().forEach((name, value) -> headers.put(name, "'" + value + "'"));
            api.addGatewayResponse(problem.name(), GatewayResponseOptions.builder()
                    .type(ResponseType.of(problem.responseType()))
                    .statusCode(String.valueOf(problem.status()))
                    .responseHeaders(headers)
                    .templates(Map.of("application/json", problem.body("$context.requestId")))
                    .build());
        }
        // cameras are devices with keys of their own, operators IAM principals: no Cognito user pool
        suppress(api, "AwsSolutions-COG4", "cameras authenticate with their own keys through a Lambda authorizer; operators with IAM");
        suppress(api, "AwsSolutions-APIG3", "every method is authorized (camera keys, IAM) and the stage throttled; attach a WAFv2 web ACL if it draws abuse");
        suppress(api, "AwsSolutions-IAM4", "the account's API Gateway logging role uses the managed policy AWS documents for it",
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs");
        // the rule cannot read the stage's log format through CDK's tokens; it is jsonWithStandardFields, pinned by a test
        suppress(api, "CdkNagValidationFailure", "the access log format is AccessLogFormat.jsonWithStandardFields (JSON)",
                "Serverless-APIGWStructuredLogging");

        Monitoring monitoring = new Monitoring(this, "Monitoring",
                new Monitoring.Watched(inference, persistence, api, failureQueue, endpointName), settings.alarmEmail());

        CfnOutput.Builder.create(this, "ApiUrl").value(api.urlForPath("/frames")).description("POST frames to <ApiUrl>/{fileName}").build();
        CfnOutput.Builder.create(this, "ApiBaseUrl").value(api.getUrl())
                .description("the stage's URL: ./run-local cameras add ADDRESS CITY COUNTRY --api <ApiBaseUrl> (signed with your AWS credentials)").build();
        CfnOutput.Builder.create(this, "FramesBucket").value(bucket.getBucketName()).build();
        CfnOutput.Builder.create(this, "FailureQueueUrl").value(failureQueue.getQueueUrl()).build();
        CfnOutput.Builder.create(this, "ReplayFunctionName").value(replay.getFunctionName()).build();
        CfnOutput.Builder.create(this, "PersistenceFunctionAlias").value(persistenceLive.getFunctionArn()).build();
        CfnOutput.Builder.create(this, "AlarmTopicArn").value(monitoring.topic().getTopicArn())
                .description("every alarm notifies this topic: aws sns subscribe --topic-arn <AlarmTopicArn> --protocol email ...").build();
    }

    private CfnEndpoint endpoint(PipelineSettings settings) {
        // the account that serves the Deep Learning Containers in this region (a mapping when the region is a token)
        String dlcAccount = regionalFact(FactName.DLC_REPOSITORY_ACCOUNT);
        Role role = Role.Builder.create(this, "ModelRole").assumedBy(new ServicePrincipal("sagemaker.amazonaws.com")).build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"))
                .resources(List.of(formatArn(ArnComponents.builder().service("ecr").account(dlcAccount).resource("repository")
                        .resourceName(HF_REPOSITORY).arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build())))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ecr:GetAuthorizationToken")) // has no resource-level permissions
                .resources(List.of("*")).build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(Fn.sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/sagemaker/Endpoints/*")))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("cloudwatch:PutMetricData")).resources(List.of("*")) // has no resource-level permissions
                .conditions(Map.of("StringEquals", Map.of("cloudwatch:namespace", "/aws/sagemaker/Endpoints"))).build());
        suppress(role, "AwsSolutions-IAM5", "ecr:GetAuthorizationToken and cloudwatch:PutMetricData have no resource-level "
                + "permissions (the latter is held to SageMaker's namespace)", "Resource::*");
        suppress(role, "AwsSolutions-IAM5", "SageMaker names the endpoint's log groups after the endpoint, which CloudFormation names",
                "Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/sagemaker/Endpoints/*");
        CfnModel model = CfnModel.Builder.create(this, "Model")
                .executionRoleArn(role.getRoleArn())
                .primaryContainer(CfnModel.ContainerDefinitionProperty.builder()
                        .image(dlcAccount + ".dkr.ecr." + getRegion() + "." + getUrlSuffix() + "/" + HF_REPOSITORY + ":" + HF_TAG)
                        .environment(Map.of("HF_MODEL_ID", settings.modelId(), "HF_MODEL_REVISION", settings.modelRevision(),
                                "HF_TASK", "object-detection"))
                        .build())
                .build();
        model.getNode().addDependency(role);
        CfnEndpointConfig config = CfnEndpointConfig.Builder.create(this, "EndpointConfig")
                .productionVariants(List.of(CfnEndpointConfig.ProductionVariantProperty.builder()
                        .variantName(VARIANT)
                        .modelName(model.getAttrModelName())
                        .initialInstanceCount(settings.endpointScaling().minInstances())
                        .instanceType(settings.instanceType())
                        .initialVariantWeight(1)
                        .build()))
                .build();
        CfnEndpoint endpoint = CfnEndpoint.Builder.create(this, "Endpoint").endpointConfigName(config.getAttrEndpointConfigName()).build();
        scale(endpoint, settings.endpointScaling());
        return endpoint;
    }

    /**
     * Target tracking on the variant's invocations per instance (EndpointScaling), between the minimum and
     * maximum instances; without a measured MAX_RPS, no policy and a warning at synth.
     */
    private void scale(CfnEndpoint endpoint, EndpointScaling scaling) {
        if (!scaling.scales()) {
            Annotations.of(endpoint).addWarningV2("trafficcam:endpointNotScaled", "the endpoint has " + scaling.minInstances()
                    + " instance(s) and no autoscaling: measure MAX_RPS for the model and instance type and deploy with "
                    + "-c endpointMaxRps=N (README, \"Endpoint autoscaling\")");
            return;
        }
        ScalableTarget target = ScalableTarget.Builder.create(this, "EndpointScaling")
                .serviceNamespace(ServiceNamespace.SAGEMAKER)
                .resourceId("endpoint/" + endpoint.getAttrEndpointName() + "/variant/" + VARIANT)
                .scalableDimension("sagemaker:variant:DesiredInstanceCount")
                .minCapacity(scaling.minInstances())
                .maxCapacity(scaling.maxInstances())
                .build();
        target.getNode().addDependency(endpoint);
        target.scaleToTrackMetric("InvocationsPerInstance", BasicTargetTrackingScalingPolicyProps.builder()
                .predefinedMetric(PredefinedMetric.SAGEMAKER_VARIANT_INVOCATIONS_PER_INSTANCE)
                .targetValue(scaling.invocationsPerInstanceTarget())
                .scaleInCooldown(Duration.seconds(EndpointScaling.SCALE_IN_COOLDOWN.toSeconds()))
                .scaleOutCooldown(Duration.seconds(EndpointScaling.SCALE_OUT_COOLDOWN.toSeconds()))
                .build());
    }

    /**
     * A function as its {@link FunctionSpec} says (the local stack runs the same spec): the module's
     * jar, handler, runtime, memory, time-out, SnapStart and reserved concurrency, and exactly the
     * environment variables the spec names. In the VPC's isolated subnets when {@code vpc} is given.
     */
    private Function function(String id, FunctionSpec spec, PipelineSettings settings, Vpc vpc, Map<String, String> environment) {
        LogGroup logs = logGroup(id + "Logs");
        // its own role, allowed to write to its own log group only (AWSLambdaBasicExecutionRole allows every log group)
        Role role = Role.Builder.create(this, id + "Role").assumedBy(new ServicePrincipal("lambda.amazonaws.com")).build();
        logs.grantWrite(role);
        suppress(role, "AwsSolutions-IAM5", "X-Ray's PutTraceSegments and PutTelemetryRecords have no resource-level permissions",
                "Resource::*");
        Function.Builder builder = Function.Builder.create(this, id)
                .role(role)
                .tracing(Tracing.ACTIVE)
                .runtime(runtime(spec.runtime()))
                .architecture(Architecture.X86_64)
                .code(Code.fromAsset(spec.deployedJar(settings.functionsDir()).toString()))
                .handler(spec.handler())
                .memorySize(spec.memoryMb())
                .timeout(Duration.seconds(spec.timeout().toSeconds()))
                .environment(spec.environment(environment))
                .logGroup(logs);
        if (spec.snapStart()) {
            builder.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
        }
        spec.reservedConcurrency().ifPresent(builder::reservedConcurrentExecutions);
        if (vpc != null) {
            // CDK adds the VPC policy only to roles it creates itself
            role.addManagedPolicy(ManagedPolicy.fromAwsManagedPolicyName("service-role/AWSLambdaVPCAccessExecutionRole"));
            suppress(role, "AwsSolutions-IAM4", "the ENI permissions Lambda documents for a function in a VPC",
                    "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole");
            builder.vpc(vpc).vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
                    .securityGroups(List.of(securityGroup(id + "Security", vpc, "the " + spec.name() + " function")));
        }
        Function function = builder.build();
        if (spec.snapStart()) {
            Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "every invocation goes through the live alias, which is a published version");
        }
        if (!spec.runtime().equals(LATEST_JAVA)) {
            suppress(function, "AwsSolutions-L1", JAVA_RUNTIME_CHOICE);
            suppress(function, "Serverless-LambdaLatestVersion", JAVA_RUNTIME_CHOICE);
        }
        return function;
    }

    /** The IAM5 finding for objects under these prefixes ({@link S3Keys}, with their slash) of the frames bucket. */
    private static RegexAppliesTo objectsUnder(String... prefixes) {
        String names = java.util.Arrays.stream(prefixes).map(p -> p.substring(0, p.length() - 1)).collect(java.util.stream.Collectors.joining("|"));
        return RegexAppliesTo.builder()
                .regex("/^Resource::<Frames[0-9A-F]{8}\\.Arn>\\/(" + names + ")\\/\\*$/g").build();
    }

    /** Every object under a prefix of {@link S3Keys}, as an IAM resource. */
    private static String objects(Bucket bucket, String prefix) {
        return bucket.arnForObjects(prefix + "*");
    }

    /** No egress until a rule adds it (CDK's default allows all outbound traffic). */
    private SecurityGroup securityGroup(String id, Vpc vpc, String description) {
        return SecurityGroup.Builder.create(this, id).vpc(vpc).description(description).allowAllOutbound(false).build();
    }

    /** Where the frames bucket's server access logs go, kept 90 days. */
    private Bucket accessLogBucket() {
        Bucket logs = Bucket.Builder.create(this, "AccessLogs")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .enforceSsl(true)
                .lifecycleRules(List.of(LifecycleRule.builder().id("expire-access-logs").expiration(Duration.days(90)).build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        suppress(logs, "AwsSolutions-S1", "this is the access-log bucket; logging it would only log the logging");
        return logs;
    }

    /**
     * A cdk-nag finding accepted on purpose, with why (on the construct and its children). {@code appliesTo}
     * narrows it to the named policies, actions or resources of a finding such as AwsSolutions-IAM5
     * (strings, or a {@link RegexAppliesTo} where a logical id is in the name).
     */
    static void suppress(IConstruct construct, String rule, String reason, Object... appliesTo) {
        NagPackSuppression.Builder suppression = NagPackSuppression.builder().id(rule).reason(reason);
        if (appliesTo.length > 0) {
            suppression.appliesTo(List.of(appliesTo));
        }
        NagSuppressions.addResourceSuppressions(construct, List.of(suppression.build()), true);
    }

    static Runtime runtime(String name) {
        return switch (name) {
            case "java21" -> Runtime.JAVA_21;
            case "java25" -> Runtime.JAVA_25;
            default -> throw new IllegalArgumentException("no CDK runtime for " + name);
        };
    }

    private Alias alias(String id, Function function) {
        return Alias.Builder.create(this, id).aliasName("live").version(function.getCurrentVersion()).build();
    }

    private LogGroup logGroup(String id) {
        return LogGroup.Builder.create(this, id).retention(RetentionDays.ONE_MONTH).removalPolicy(RemovalPolicy.DESTROY).build();
    }

    public RestApi api() {
        return api;
    }
}
