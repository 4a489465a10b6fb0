package dev.trafficcam.cdk;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.IApiKey;
import software.amazon.awscdk.services.apigateway.ApiKeySourceType;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.apigateway.ThrottleSettings;
import software.amazon.awscdk.services.apigateway.UsagePlan;
import software.amazon.awscdk.services.apigateway.UsagePlanPerApiStage;
import software.amazon.awscdk.services.apigateway.UsagePlanProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
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
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.sagemaker.CfnEndpoint;
import software.amazon.awscdk.services.sagemaker.CfnEndpointConfig;
import software.amazon.awscdk.services.sagemaker.CfnModel;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.triggers.Trigger;
import software.amazon.awscdk.regioninfo.FactName;
import software.constructs.Construct;
import dev.trafficcam.model.functions.FunctionSpec;
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

    private final RestApi api;
    private final Queue failureQueue;

    public TrafficCameraStack(Construct scope, String id, StackProps props, PipelineSettings settings) {
        super(scope, id, props);
        SubnetSelection isolated = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();

        // network: private subnets only; S3 and Secrets Manager through VPC endpoints, no NAT gateway
        Vpc vpc = Vpc.Builder.create(this, "Vpc")
                .maxAzs(2)
                .natGateways(0)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("private").subnetType(SubnetType.PRIVATE_ISOLATED).cidrMask(24).build()))
                .gatewayEndpoints(Map.of("S3", GatewayVpcEndpointOptions.builder()
                        .service(GatewayVpcEndpointAwsService.S3).build()))
                .build();
        vpc.addInterfaceEndpoint("SecretsManager", InterfaceVpcEndpointOptions.builder()
                .service(InterfaceVpcEndpointAwsService.SECRETS_MANAGER).privateDnsEnabled(true).build());

        // database: Aurora PostgreSQL Serverless v2, IAM auth, reached by the persistence function through RDS Proxy
        DatabaseCluster cluster = DatabaseCluster.Builder.create(this, "Database")
                .engine(DatabaseClusterEngine.auroraPostgres(AuroraPostgresClusterEngineProps.builder()
                        .version(AuroraPostgresEngineVersion.VER_17_5).build()))
                .writer(ClusterInstance.serverlessV2("writer"))
                .serverlessV2MinCapacity(settings.auroraMinCapacity())
                .serverlessV2MaxCapacity(settings.auroraMaxCapacity())
                .vpc(vpc)
                .vpcSubnets(isolated)
                .credentials(Credentials.fromGeneratedSecret("traffic_admin"))
                .defaultDatabaseName(DATABASE)
                .iamAuthentication(true)
                .storageEncrypted(true)
                .removalPolicy(RemovalPolicy.SNAPSHOT)
                .build();
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
                .defaultAuthScheme(DefaultAuthScheme.IAM_AUTH).iamAuth(true).requireTls(true)
                .build());

        // the frames bucket: private, encrypted, TLS only; claim checks and distorted frames expire
        Bucket bucket = Bucket.Builder.create(this, "Frames")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .lifecycleRules(List.of(
                        LifecycleRule.builder().id("expire-claim-checks").prefix("incoming/")
                                .expiration(Duration.days(settings.claimCheckExpiryDays())).build(),
                        LifecycleRule.builder().id("expire-distorted-frames").prefix("distorted/")
                                .expiration(Duration.days(settings.distortedRetentionDays())).build(),
                        LifecycleRule.builder().id("abort-incomplete-uploads")
                                .abortIncompleteMultipartUploadAfter(Duration.days(1)).build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        failureQueue = Queue.Builder.create(this, "FailureQueue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .visibilityTimeout(Duration.minutes(5))
                .build();

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
                .maxEventAge(Duration.hours(6))
                .onFailure(new SqsDestination(failureQueue))
                .build());
        proxy.grantConnect(persistence, DB_APP_USER);
        proxy.getConnections().allowFrom(persistence, Port.tcp(5432), "the persistence function reaches the proxy");
        bucket.grantPut(persistence, "frames/*");
        bucket.grantPut(persistence, "annotated/*");
        bucket.grantPut(persistence, "distorted/*");
        bucket.grantRead(persistence, "incoming/*");
        bucket.grantDelete(persistence, "incoming/*");

        Function inference = function("InferenceFunction", LambdaFunctions.INFERENCE, settings, null, Map.of(
                "SAGEMAKER_ENDPOINT_NAME", endpointName,
                "PERSISTENCE_FUNCTION_NAME", persistenceLive.getFunctionArn(),
                "FRAMES_BUCKET", bucket.getBucketName(),
                "FAILURE_QUEUE_URL", failureQueue.getQueueUrl(),
                "MIN_SCORE", "0.5"));
        Alias inferenceLive = alias("InferenceLive", inference);
        inference.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("sagemaker:InvokeEndpoint")).resources(List.of(endpointArn)).build());
        persistenceLive.grantInvoke(inference);
        bucket.grantPut(inference, "incoming/*");
        failureQueue.grantSendMessages(inference);

        Function replay = function("ReplayFunction", LambdaFunctions.REPLAY, settings, null, Map.of(
                "FAILURE_QUEUE_URL", failureQueue.getQueueUrl(),
                "PERSISTENCE_FUNCTION_NAME", persistenceLive.getFunctionArn()));
        failureQueue.grantConsumeMessages(replay);
        persistenceLive.grantInvoke(replay);

        Function migrations = function("MigrationFunction", LambdaFunctions.MIGRATION, settings, vpc, Map.of(
                "DB_URL", "jdbc:postgresql://" + cluster.getClusterEndpoint().getHostname() + ":5432/" + DATABASE + "?sslmode=require",
                "DB_SECRET_ARN", cluster.getSecret().getSecretArn(),
                "DB_APP_USER", DB_APP_USER));
        cluster.getSecret().grantRead(migrations);
        cluster.getConnections().allowDefaultPortFrom(migrations);
        // the schema is migrated on every deploy: after the database, before the persistence alias (which
        // every event goes through) moves to the new version
        Trigger.Builder.create(this, "MigrateOnDeploy")
                .handler(migrations)
                .executeAfter(List.of(cluster))
                .executeBefore(List.of(persistenceLive))
                .executeOnHandlerChange(true)
                .timeout(Duration.minutes(10))
                .build();


        // the API
        LogGroup accessLogs = logGroup("ApiAccessLogs");
        api = RestApi.Builder.create(this, "Api")
                .restApiName("traffic-camera-frames")
                .description("Cameras POST frames to /frames/{fileName}")
                .binaryMediaTypes(List.of("image/jpeg", "image/png"))
                .apiKeySourceType(ApiKeySourceType.HEADER)
                .endpointTypes(List.of(EndpointType.REGIONAL))
                .cloudWatchRole(true)
                .deployOptions(StageOptions.builder()
                        .stageName("prod")
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.jsonWithStandardFields())
                        .metricsEnabled(true)
                        .throttlingRateLimit(200)
                        .throttlingBurstLimit(400)
                        .build())
                .build();
        api.getRoot().addResource("frames").addResource("{fileName}").addMethod("POST",
                new LambdaIntegration(inferenceLive), MethodOptions.builder().apiKeyRequired(true).build());
        IApiKey key = api.addApiKey("CameraKey");
        UsagePlan plan = api.addUsagePlan("CameraPlan", UsagePlanProps.builder()
                .name("cameras")
                .throttle(ThrottleSettings.builder().rateLimit(50).burstLimit(100).build())
                .build());
        plan.addApiKey(key);
        plan.addApiStage(UsagePlanPerApiStage.builder().api(api).stage(api.getDeploymentStage()).build());

        alarmsAndDashboard(inference, persistence, endpointName);

        CfnOutput.Builder.create(this, "ApiUrl").value(api.urlForPath("/frames")).description("POST frames to <ApiUrl>/{fileName}").build();
        CfnOutput.Builder.create(this, "ApiKeyId").value(key.getKeyId())
                .description("aws apigateway get-api-key --include-value --api-key <ApiKeyId>").build();
        CfnOutput.Builder.create(this, "FramesBucket").value(bucket.getBucketName()).build();
        CfnOutput.Builder.create(this, "FailureQueueUrl").value(failureQueue.getQueueUrl()).build();
        CfnOutput.Builder.create(this, "ReplayFunctionName").value(replay.getFunctionName()).build();
        CfnOutput.Builder.create(this, "PersistenceFunctionAlias").value(persistenceLive.getFunctionArn()).build();
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
                        .variantName("AllTraffic")
                        .modelName(model.getAttrModelName())
                        .initialInstanceCount(1)
                        .instanceType(settings.instanceType())
                        .initialVariantWeight(1)
                        .build()))
                .build();
        return CfnEndpoint.Builder.create(this, "Endpoint").endpointConfigName(config.getAttrEndpointConfigName()).build();
    }

    /**
     * A function as its {@link FunctionSpec} says (the local stack runs the same spec): the module's
     * jar, handler, runtime, memory, time-out, SnapStart and reserved concurrency, and exactly the
     * environment variables the spec names. In the VPC's isolated subnets when {@code vpc} is given.
     */
    private Function function(String id, FunctionSpec spec, PipelineSettings settings, Vpc vpc, Map<String, String> environment) {
        Function.Builder builder = Function.Builder.create(this, id)
                .runtime(runtime(spec.runtime()))
                .architecture(Architecture.X86_64)
                .code(Code.fromAsset(settings.jar(spec.module()).toString()))
                .handler(spec.handler())
                .memorySize(spec.memoryMb())
                .timeout(Duration.seconds(spec.timeout().toSeconds()))
                .environment(spec.environment(environment))
                .logGroup(logGroup(id + "Logs"));
        if (spec.snapStart()) {
            builder.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
        }
        spec.reservedConcurrency().ifPresent(builder::reservedConcurrentExecutions);
        if (vpc != null) {
            builder.vpc(vpc).vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build());
        }
        return builder.build();
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

    private void alarmsAndDashboard(Function inference, Function persistence, String endpointName) {
        Duration period = Duration.minutes(5);
        IMetric queueDepth = failureQueue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder().period(period).build());
        IMetric inferenceErrors = inference.metricErrors(MetricOptions.builder().period(period).build());
        IMetric persistenceErrors = persistence.metricErrors(MetricOptions.builder().period(period).build());
        IMetric apiP99 = api.metricLatency(MetricOptions.builder().statistic("p99").period(period).build());
        IMetric endpointErrors = new Metric(software.amazon.awscdk.services.cloudwatch.MetricProps.builder()
                .namespace("AWS/SageMaker").metricName("Invocation5XXErrors").statistic("Sum").period(period)
                .dimensionsMap(Map.of("EndpointName", endpointName, "VariantName", "AllTraffic")).build());
        IMetric modelLatency = new Metric(software.amazon.awscdk.services.cloudwatch.MetricProps.builder()
                .namespace("AWS/SageMaker").metricName("ModelLatency").statistic("p99").period(period)
                .dimensionsMap(Map.of("EndpointName", endpointName, "VariantName", "AllTraffic")).build());

        alarm("FailureQueueNotEmpty", queueDepth, 1, "frames whose persistence failed are waiting: replay them (README, Operations)");
        alarm("InferenceErrors", inferenceErrors, 1, "the inference function threw");
        alarm("PersistenceErrors", persistenceErrors, 5, "persistence runs fail (Lambda retries them, then the failure queue)");
        alarm("ApiLatencyP99", apiP99, 10_000, "p99 of the frames API above 10 s");
        alarm("EndpointErrors", endpointErrors, 1, "the SageMaker endpoint answers 5xx");

        Dashboard.Builder.create(this, "Dashboard").dashboardName("traffic-camera-pipeline")
                .widgets(List.of(
                        List.of(GraphWidget.Builder.create().title("API latency p99 (ms)").left(List.of(apiP99)).build(),
                                GraphWidget.Builder.create().title("Model latency p99 (us)").left(List.of(modelLatency)).build()),
                        List.of(GraphWidget.Builder.create().title("Function errors").left(List.of(inferenceErrors, persistenceErrors)).build(),
                                GraphWidget.Builder.create().title("Failure queue depth").left(List.of(queueDepth)).build())))
                .build();
    }

    private void alarm(String id, IMetric metric, double threshold, String description) {
        Alarm.Builder.create(this, id)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .alarmDescription(description)
                .build();
    }

    public RestApi api() {
        return api;
    }
}
