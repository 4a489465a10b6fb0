package dev.trafficcam.cdk;

import dev.trafficcam.model.S3Keys;
import dev.trafficcam.model.functions.DetectorThresholds;
import dev.trafficcam.model.functions.FunctionSpec;
import dev.trafficcam.model.functions.GatewayProblems;
import dev.trafficcam.model.functions.LambdaFunctions;
import dev.trafficcam.model.functions.RedeliveryPolicy;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.events.CronOptions;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.EventSourceMapping;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.triggers.Trigger;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The pipeline's functions, each as its {@link FunctionSpec} says (the local stack runs the same specs), with the
 * grants each needs and nothing more:
 *
 * <ul>
 *   <li>inference (out of the VPC): invokes the endpoint, hands each frame to the persistence alias, puts claim checks,
 *       falls back to the failure queue;
 *   <li>persistence (in the VPC, invoked asynchronously through its alias: 2 retries, then the failure queue): writes
 *       the frames' objects, reads and deletes claim checks, connects through the proxy;
 *   <li>redelivery: the failure queue's event source, invokes the persistence alias again with a doubling delay, until
 *       the queue's redrive policy moves the event to the dead-letter queue;
 *   <li>replay: takes events off the dead-letter queue, when an operator asks, and invokes the persistence alias;
 *   <li>the frame lookup, for the post-deploy check: one frame's rows, through the proxy as the read-only user;
 *   <li>the camera authorizer and the camera admin function: the keys, through the proxy;
 *   <li>the read function (the viewers' API and the dashboard) and the daily counts export: the traffic, through the
 *       proxy as the read-only user; links to the frames' images; the export's files under {@code exports/};
 *   <li>the migrations, run on every deploy before the functions that read the schema move.
 * </ul>
 */
public final class Functions extends Construct {
    /** The newest Java runtime Lambda offers; the rule packs flag any other. */
    static final String LATEST_JAVA = "java25";

    static final String JAVA_RUNTIME_CHOICE =
            "java21 kept on measurement: java25's C2 gained 1-3 ms warm, lost 5-20 ms after init (docs/PERFORMANCE.md)";

    private final Path functionsDir;
    private final Function inference;
    private final Alias inferenceLive;
    private final Function persistence;
    private final Alias persistenceLive;
    private final Function replay;
    private final Function redelivery;
    private final Function frameLookup;
    private final Function frameErasure;
    private final Alias cameraAuthorizerLive;
    private final Function cameraAdmin;
    private final Function read;
    private final Alias readLive;
    private final Function countsExport;
    private final Rule dailyExport;
    private final Function silentCameras;

    /** The redelivery event source's maximum concurrency. */
    static final int REDELIVERY_CONCURRENCY = 5;

    public Functions(
            Construct scope,
            String id,
            PipelineSettings settings,
            Network network,
            Database database,
            Storage storage,
            DetectorEndpoint model) {
        super(scope, id);
        functionsDir = settings.functionsDir();
        Vpc vpc = network.vpc();
        Bucket bucket = storage.frames();
        Queue failureQueue = storage.failureQueue();

        Map<String, String> persistenceEnvironment = new HashMap<>(database.appUserEnvironment());
        persistenceEnvironment.put("FRAMES_BUCKET", bucket.getBucketName());
        // people blurred before anything is stored, unless the deployment says otherwise (ImagePrivacy)
        persistenceEnvironment.putAll(settings.privacy().storing());
        persistence = function("PersistenceFunction", LambdaFunctions.PERSISTENCE, vpc, persistenceEnvironment);
        persistenceLive = Parts.alias(this, "PersistenceLive", persistence);
        persistenceLive.configureAsyncInvoke(EventInvokeConfigOptions.builder()
                .retryAttempts(2)
                .maxEventAge(Duration.seconds(settings.lifetimes().maxEventAge().toSeconds()))
                .onFailure(new SqsDestination(failureQueue))
                .build());
        Parts.suppress(
                persistence,
                "Serverless-LambdaDLQ",
                "invoked asynchronously through its alias, whose on-failure destination "
                        + "(the failure queue) receives the event with the error, which a DLQ would not");
        Parts.suppress(
                persistence.getRole(),
                "AwsSolutions-IAM5",
                "object keys under the prefixes the function writes and reads",
                Storage.wildcardFinding(
                        S3Keys.FRAMES_PREFIX,
                        S3Keys.ANNOTATED_PREFIX,
                        S3Keys.DISTORTED_PREFIX,
                        S3Keys.INCOMING_PREFIX));
        database.letIn(persistence);
        // exact actions, not the grant helpers' s3:GetObject*/s3:List*/s3:GetBucket*/s3:Abort* families
        persistence.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:PutObject"))
                .resources(List.of(
                        storage.objectsUnder(S3Keys.FRAMES_PREFIX),
                        storage.objectsUnder(S3Keys.ANNOTATED_PREFIX),
                        storage.objectsUnder(S3Keys.DISTORTED_PREFIX)))
                .build());
        persistence.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject", "s3:DeleteObject"))
                .resources(List.of(storage.objectsUnder(S3Keys.INCOMING_PREFIX)))
                .build());
        // Without s3:ListBucket, GetObject on a missing key answers 403 AccessDenied instead of 404 NoSuchKey (S3 API
        // reference, GetObject, "Permissions"): an expired claim check would then look like a denied one and be
        // retried into the failure queue instead of being reported as gone.
        persistence.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(bucket.getBucketArn()))
                .build());
        // persistence writes through S3's gateway endpoint: 443 out; isolated subnets route nowhere else
        persistence.getConnections().allowTo(Peer.anyIpv4(), Port.tcp(443), "S3 through the gateway endpoint");

        inference = function(
                "InferenceFunction",
                LambdaFunctions.INFERENCE,
                null,
                Map.of(
                        "SAGEMAKER_ENDPOINT_NAME",
                        model.endpointName(),
                        "PERSISTENCE_FUNCTION_NAME",
                        persistenceLive.getFunctionArn(),
                        "FRAMES_BUCKET",
                        bucket.getBucketName(),
                        "FAILURE_QUEUE_URL",
                        failureQueue.getQueueUrl(),
                        "MIN_SCORES",
                        settings.detector().minScores().text(),
                        DetectorThresholds.BLUR_MIN_SCORE,
                        String.valueOf(settings.detector().blurMinScore())));
        inferenceLive = Parts.alias(this, "InferenceLive", inference);
        Parts.suppress(
                inference,
                "Serverless-LambdaDLQ",
                "invoked synchronously by API Gateway: the camera gets the error and resends");
        Parts.suppress(
                inference.getRole(),
                "AwsSolutions-IAM5",
                "claim checks, one object per frame under incoming/",
                Storage.wildcardFinding(S3Keys.INCOMING_PREFIX));
        inference.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("sagemaker:InvokeEndpoint"))
                .resources(List.of(model.endpointArn()))
                .build());
        persistenceLive.grantInvoke(inference);
        inference.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:PutObject"))
                .resources(List.of(storage.objectsUnder(S3Keys.INCOMING_PREFIX)))
                .build());
        failureQueue.grantSendMessages(inference);

        // Failed events are tried again without anyone: the failure queue is the redelivery function's event source,
        // one message per invocation with partial batch responses ("Handling errors for an SQS event source in
        // Lambda"), so that each failure is hidden for its own delay (RedeliveryPolicy). At most 5 at once: a
        // recovering database gets its backlog gently (the event source's maximum concurrency is 2 to 1,000, Lambda
        // developer guide, "Configuring maximum concurrency for Amazon SQS event sources").
        Map<String, String> redeliveryEnvironment = new HashMap<>(RedeliveryPolicy.DEFAULT.environment());
        redeliveryEnvironment.put("FAILURE_QUEUE_URL", failureQueue.getQueueUrl());
        redeliveryEnvironment.put("PERSISTENCE_FUNCTION_NAME", persistenceLive.getFunctionArn());
        redelivery = function("RedeliveryFunction", LambdaFunctions.REDELIVERY, null, redeliveryEnvironment);
        redelivery.addEventSource(SqsEventSource.Builder.create(failureQueue)
                .batchSize(1)
                .reportBatchItemFailures(true)
                .maxConcurrency(REDELIVERY_CONCURRENCY)
                .build());
        Parts.suppress(
                redelivery,
                "Serverless-LambdaDLQ",
                "its events are the failure queue's messages, whose redrive policy is the dead-letter queue");
        for (IConstruct child : redelivery.getNode().getChildren()) {
            if (child instanceof EventSourceMapping mapping) {
                Parts.suppress(
                        mapping,
                        "Serverless-LambdaEventSourceMappingDestination",
                        "what redelivery cannot store goes to the failure queue's dead-letter queue (its redrive "
                                + "policy), with the message as it was");
            }
        }
        persistenceLive.grantInvoke(redelivery);

        // what redelivery gave up on, replayed when an operator asks
        replay = function(
                "ReplayFunction",
                LambdaFunctions.REPLAY,
                null,
                Map.of(
                        "FAILURE_QUEUE_URL", storage.deadLetters().getQueueUrl(),
                        "PERSISTENCE_FUNCTION_NAME", persistenceLive.getFunctionArn()));
        Parts.suppress(
                replay,
                "Serverless-LambdaDLQ",
                "invoked synchronously by ops; what it cannot replay stays on the dead-letter queue");
        storage.deadLetters().grantConsumeMessages(replay);
        persistenceLive.grantInvoke(replay);

        // an operator's lookup of one frame (the post-deploy check): rows only, as the read-only user
        frameLookup = function("FrameLookupFunction", LambdaFunctions.FRAME_LOOKUP, vpc, database.readerEnvironment());
        Parts.suppress(
                frameLookup,
                "Serverless-LambdaDLQ",
                "invoked synchronously by an operator's post-deploy check, which reports the error");
        database.letInAsReader(frameLookup);

        // an operator's erasure of a camera's images in a range: its own database user (Migrations.ensureEraser),
        // which may mark images erased and delete detections and nothing else, and s3:DeleteObject on the images only
        Map<String, String> erasureEnvironment = new HashMap<>(database.eraserEnvironment());
        erasureEnvironment.put("FRAMES_BUCKET", bucket.getBucketName());
        frameErasure = function("FrameErasureFunction", LambdaFunctions.FRAME_ERASURE, vpc, erasureEnvironment);
        Parts.suppress(
                frameErasure,
                "Serverless-LambdaDLQ",
                "invoked synchronously by API Gateway for an operator, who gets the error and runs it again");
        Parts.suppress(
                frameErasure.getRole(),
                "AwsSolutions-IAM5",
                "object keys under the image prefixes an erasure deletes",
                Storage.wildcardFinding(
                        S3Keys.FRAMES_PREFIX, S3Keys.ANNOTATED_PREFIX, S3Keys.DISTORTED_PREFIX, S3Keys.DRAWN_PREFIX));
        database.letInAsEraser(frameErasure);
        // DeleteObjects is authorized as s3:DeleteObject on each key (S3 API reference, DeleteObjects, "Permissions")
        frameErasure.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:DeleteObject"))
                .resources(List.of(
                        storage.objectsUnder(S3Keys.FRAMES_PREFIX),
                        storage.objectsUnder(S3Keys.ANNOTATED_PREFIX),
                        storage.objectsUnder(S3Keys.DISTORTED_PREFIX),
                        storage.objectsUnder(S3Keys.DRAWN_PREFIX)))
                .build());
        frameErasure.getConnections().allowTo(Peer.anyIpv4(), Port.tcp(443), "S3 through the gateway endpoint");

        // camera keys: both functions reach the keys through the proxy as the key keeper, which may read them, add
        // them and change only their revoked_at and last_seen_at, and nothing else (Migrations.ensureKeyKeeper); the
        // persistence function's user has no right on them
        Function cameraAuthorizer = function(
                "CameraAuthorizerFunction", LambdaFunctions.CAMERA_AUTHORIZER, vpc, database.keyKeeperEnvironment());
        cameraAuthorizerLive = Parts.alias(this, "CameraAuthorizerLive", cameraAuthorizer);
        Parts.suppress(
                cameraAuthorizer,
                "Serverless-LambdaDLQ",
                "invoked synchronously by API Gateway, which answers the camera itself");
        Map<String, String> adminEnvironment = new HashMap<>(database.keyKeeperEnvironment());
        adminEnvironment.put("KEY_CACHE_SECONDS", String.valueOf(GatewayProblems.KEY_CACHE_TTL.toSeconds()));
        cameraAdmin = function("CameraAdminFunction", LambdaFunctions.CAMERA_ADMIN, vpc, adminEnvironment);
        Parts.suppress(
                cameraAdmin,
                "Serverless-LambdaDLQ",
                "invoked synchronously by API Gateway for an operator, who gets the error");
        database.letInAsKeyKeeper(cameraAuthorizer);
        database.letInAsKeyKeeper(cameraAdmin);

        // the read side: the read-only user, and only the objects it links to or writes
        Map<String, String> readEnvironment = new HashMap<>(database.readerEnvironment());
        readEnvironment.put("FRAMES_BUCKET", bucket.getBucketName());
        Map<String, String> readApiEnvironment = new HashMap<>(readEnvironment);
        // when an image has expired, so that the API says so instead of linking to nothing
        readApiEnvironment.putAll(settings.privacy().reading());
        read = function("ReadFunction", LambdaFunctions.READ, vpc, readApiEnvironment);
        readLive = Parts.alias(this, "ReadLive", read);
        Parts.suppress(
                read, "Serverless-LambdaDLQ", "invoked synchronously by API Gateway for a viewer, who gets the error");
        database.letInAsReader(read);
        // a presigned link is good only if its signer may GetObject (S3 user guide, "Download and upload objects with
        // presigned URLs": the URL acts with the permissions of whoever signed it); signing itself calls nothing
        read.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject"))
                .resources(List.of(
                        storage.objectsUnder(S3Keys.FRAMES_PREFIX),
                        storage.objectsUnder(S3Keys.ANNOTATED_PREFIX),
                        storage.objectsUnder(S3Keys.DISTORTED_PREFIX),
                        storage.objectsUnder(S3Keys.DRAWN_PREFIX)))
                .build());
        // a frame stored without its copy (annotateOnRead, now or when it was stored) gets one drawn when opened: the
        // frame is read, the copy written under drawn/, through S3's gateway endpoint
        read.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:PutObject"))
                .resources(List.of(storage.objectsUnder(S3Keys.DRAWN_PREFIX)))
                .build());
        read.getConnections().allowTo(Peer.anyIpv4(), Port.tcp(443), "S3 through the gateway endpoint");
        Parts.suppress(
                read.getRole(),
                "AwsSolutions-IAM5",
                "the frames' images it links to or draws, under their prefixes",
                Storage.wildcardFinding(
                        S3Keys.FRAMES_PREFIX, S3Keys.ANNOTATED_PREFIX, S3Keys.DISTORTED_PREFIX, S3Keys.DRAWN_PREFIX));

        countsExport = function("CountsExportFunction", LambdaFunctions.COUNTS_EXPORT, vpc, readEnvironment);
        Parts.suppress(
                countsExport,
                "Serverless-LambdaDLQ",
                "run by a daily schedule that retries it; a failed day is run again by hand "
                        + "(its alarm says so), and the next runs write the two days before again");
        database.letInAsReader(countsExport);
        countsExport.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:PutObject"))
                .resources(List.of(storage.objectsUnder(S3Keys.EXPORTS_PREFIX)))
                .build());
        Parts.suppress(
                countsExport.getRole(),
                "AwsSolutions-IAM5",
                "one file per day under exports/",
                Storage.wildcardFinding(S3Keys.EXPORTS_PREFIX));
        countsExport.getConnections().allowTo(Peer.anyIpv4(), Port.tcp(443), "S3 through the gateway endpoint");
        // EventBridge's schedule, in UTC (EventBridge user guide, "Schedule expressions for rules": all scheduled
        // events use UTC)
        dailyExport = Rule.Builder.create(this, "DailyCountsExport")
                .description("the BI export of yesterday's counts (and the two days before, for late frames)")
                .schedule(Schedule.cron(CronOptions.builder()
                        .minute("0")
                        .hour(String.valueOf(LambdaFunctions.COUNTS_EXPORT_HOUR_UTC))
                        .build()))
                .targets(List.of(LambdaFunction.Builder.create(countsExport)
                        .retryAttempts(2)
                        .build()))
                .build();
        Parts.suppress(
                dailyExport,
                "Serverless-EventBusDLQ",
                "a missed run loses nothing: the next day's run writes the two days "
                        + "before again, and the rule's FailedInvocations alarm tells ops to run it by hand");

        // which cameras went silent: asked by the alarm function below, answered from the database as the read-only
        // user; the environment is the export's (the read side's settings need the bucket's name, unused here)
        silentCameras = function("SilentCamerasFunction", LambdaFunctions.SILENT_CAMERAS, vpc, readEnvironment);
        Parts.suppress(
                silentCameras,
                "Serverless-LambdaDLQ",
                "invoked synchronously by the silent-camera alarm, whose run fails with it and is retried");
        database.letInAsReader(silentCameras);

        Function migrations = function(
                "MigrationFunction",
                LambdaFunctions.MIGRATION,
                vpc,
                Map.of(
                        "DB_URL",
                        database.adminJdbcUrl(),
                        "DB_SECRET_ARN",
                        database.cluster().getSecret().getSecretArn(),
                        "DB_APP_USER",
                        Database.APP_USER,
                        "DB_READER_USER",
                        Database.READER,
                        "DB_ERASER_USER",
                        Database.ERASER,
                        "DB_KEYS_USER",
                        Database.KEY_KEEPER,
                        "DEFAULT_TIME_ZONE",
                        settings.timeZone()));
        Parts.suppress(
                migrations,
                "Serverless-LambdaDLQ",
                "invoked synchronously by the deploy's trigger: a failure fails the deploy");
        database.letInAsAdmin(migrations, network);
        // the schema is migrated on every deploy: after the database, before the persistence alias (which
        // every event goes through), the camera functions (which read the keys) and the read side (which reads the
        // rollup as a user the migrations make) move to the new version
        Trigger.Builder.create(this, "MigrateOnDeploy")
                .handler(migrations)
                .executeAfter(List.of(database.cluster()))
                .executeBefore(List.of(
                        persistenceLive,
                        cameraAuthorizerLive,
                        cameraAdmin,
                        readLive,
                        countsExport,
                        frameLookup,
                        frameErasure))
                .executeOnHandlerChange(true)
                .timeout(Duration.minutes(10))
                .build();
    }

    public Function inference() {
        return inference;
    }

    public Alias inferenceLive() {
        return inferenceLive;
    }

    public Function persistence() {
        return persistence;
    }

    public Alias persistenceLive() {
        return persistenceLive;
    }

    public Function replay() {
        return replay;
    }

    public Function redelivery() {
        return redelivery;
    }

    public Function frameLookup() {
        return frameLookup;
    }

    public Alias cameraAuthorizerLive() {
        return cameraAuthorizerLive;
    }

    public Function frameErasure() {
        return frameErasure;
    }

    public Function cameraAdmin() {
        return cameraAdmin;
    }

    public Function read() {
        return read;
    }

    public Alias readLive() {
        return readLive;
    }

    public Function countsExport() {
        return countsExport;
    }

    public Rule dailyExport() {
        return dailyExport;
    }

    /**
     * The silent-camera alarm: every {@link LambdaFunctions#SILENT_CHECK_EVERY_MINUTES} minutes it asks the check in
     * the VPC which cameras went silent ({@code silentCameraMinutes} without a frame) and names them in one message on
     * the alarm topic. Outside the VPC, so that it reaches SNS without an interface endpoint (about 7.30 dollars a
     * month per Availability Zone, AWS PrivateLink pricing); one function call every 5 minutes is about 8,640 a month,
     * in Lambda's free tier for requests. docs/OPERATIONS.md has the cost at 10, 1,000 and 100,000 cameras.
     */
    public SilentCameraAlarm silentCameraAlarm(ITopic topic, int silentCameraMinutes) {
        Function alarm = function(
                "SilentCameraAlarmFunction",
                LambdaFunctions.SILENT_CAMERA_ALARM,
                null,
                Map.of(
                        "CHECK_FUNCTION_NAME",
                        silentCameras.getFunctionArn(),
                        "ALARM_TOPIC_ARN",
                        topic.getTopicArn(),
                        LambdaFunctions.SILENT_AFTER_MINUTES,
                        String.valueOf(silentCameraMinutes)));
        Parts.suppress(
                alarm,
                "Serverless-LambdaDLQ",
                "run by a schedule that retries it; a failing run raises SilentCameraCheckFailing");
        // the function itself, not grantInvoke's "and every version and alias" (ARN:*): the alarm calls $LATEST
        alarm.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("lambda:InvokeFunction"))
                .resources(List.of(silentCameras.getFunctionArn()))
                .build());
        // an encrypted topic: grantPublish also lets the publisher use the topic's key, with the kms:Decrypt and
        // kms:GenerateDataKey* that SNS asks of a publisher (SNS developer guide, "Key management")
        topic.grantPublish(alarm);
        Parts.suppress(
                alarm.getRole(),
                "AwsSolutions-IAM5",
                "kms:GenerateDataKey* on the alarm topic's own key, which SNS asks of a publisher to an encrypted topic",
                "Action::kms:GenerateDataKey*");
        Rule rule = Rule.Builder.create(this, "SilentCameraCheck")
                .description("names the cameras that went silent on the alarm topic")
                .schedule(Schedule.rate(
                        software.amazon.awscdk.Duration.minutes(LambdaFunctions.SILENT_CHECK_EVERY_MINUTES)))
                .targets(List.of(
                        LambdaFunction.Builder.create(alarm).retryAttempts(2).build()))
                .build();
        Parts.suppress(
                rule,
                "Serverless-EventBusDLQ",
                "a run that fails after EventBridge's retries raises SilentCameraCheckFailing on the alarm topic");
        return new SilentCameraAlarm(alarm, rule);
    }

    /** The alarm's function and its schedule, for the alarms that watch them. */
    public record SilentCameraAlarm(Function function, Rule schedule) {}

    /**
     * A function as its {@link FunctionSpec} says (the local stack runs the same spec): the module's jar, handler,
     * runtime, memory, time-out, SnapStart and reserved concurrency, and exactly the environment variables the spec
     * names. In the VPC's isolated subnets when {@code vpc} is given.
     */
    private Function function(String id, FunctionSpec spec, Vpc vpc, Map<String, String> environment) {
        LogGroup logs = Parts.logGroup(this, id + "Logs");
        // its own role, allowed to write to its own log group only (AWSLambdaBasicExecutionRole allows every log group)
        Role role = Role.Builder.create(this, id + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .build();
        logs.grantWrite(role);
        Parts.suppress(
                role,
                "AwsSolutions-IAM5",
                "X-Ray's PutTraceSegments and PutTelemetryRecords have no resource-level permissions",
                "Resource::*");
        Function.Builder builder = Function.Builder.create(this, id)
                .role(role)
                .tracing(Tracing.ACTIVE)
                .runtime(runtime(spec.runtime()))
                .architecture(architecture(spec.architecture()))
                .code(Code.fromAsset(spec.deployedJar(functionsDir).toString()))
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
            role.addManagedPolicy(
                    ManagedPolicy.fromAwsManagedPolicyName("service-role/AWSLambdaVPCAccessExecutionRole"));
            Parts.suppress(
                    role,
                    "AwsSolutions-IAM4",
                    "the ENI permissions Lambda documents for a function in a VPC",
                    "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole");
            builder.vpc(vpc)
                    .vpcSubnets(SubnetSelection.builder()
                            .subnetType(SubnetType.PRIVATE_ISOLATED)
                            .build())
                    .securityGroups(List.of(
                            Parts.securityGroup(this, id + "Security", vpc, "the " + spec.name() + " function")));
        }
        Function function = builder.build();
        if (spec.snapStart()) {
            Annotations.of(function)
                    .acknowledgeWarning(
                            "@aws-cdk/aws-lambda:snapStartRequirePublish",
                            "every invocation goes through the live alias, which is a published version");
        }
        if (!spec.runtime().equals(LATEST_JAVA)) {
            Parts.suppress(function, "AwsSolutions-L1", JAVA_RUNTIME_CHOICE);
            Parts.suppress(function, "Serverless-LambdaLatestVersion", JAVA_RUNTIME_CHOICE);
        }
        return function;
    }

    static Architecture architecture(String name) {
        return switch (name) {
            case FunctionSpec.X86_64 -> Architecture.X86_64;
            case FunctionSpec.ARM64 -> Architecture.ARM_64;
            default -> throw new IllegalArgumentException("no Lambda architecture " + name);
        };
    }

    static Runtime runtime(String name) {
        return switch (name) {
            case "java21" -> Runtime.JAVA_21;
            case "java25" -> Runtime.JAVA_25;
            default -> throw new IllegalArgumentException("no CDK runtime for " + name);
        };
    }
}
