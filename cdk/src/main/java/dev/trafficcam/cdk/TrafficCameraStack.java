package dev.trafficcam.cdk;

import dev.trafficcam.model.functions.RedeliveryPolicy;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.constructs.Construct;

/**
 * The whole pipeline in one stack, assembled from its parts: the network, the database behind RDS Proxy, storage (the
 * frames bucket, the failure queue), the model's endpoint, the functions, the frames API and the monitoring. Each part
 * is a construct of its own ({@link Network}, {@link Database}, {@link Storage}, {@link DetectorEndpoint},
 * {@link Functions}, {@link FramesApi}, {@link Monitoring}), and the stack only wires them and names what ops need in
 * its outputs.
 */
public final class TrafficCameraStack extends Stack {
    private final FramesApi framesApi;

    public TrafficCameraStack(Construct scope, String id, StackProps props, PipelineSettings settings) {
        super(scope, id, props);
        // S3 log delivery writes access logs by bucket policy, not the LogDeliveryWrite ACL, which needs ACLs enabled
        // (a CDK feature flag, set on the stack before any child so that the app and the tests see the same)
        getNode().setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);

        Network network = new Network(this, "Network");
        Database database = new Database(
                this,
                "Database",
                network,
                settings.auroraMinCapacity(),
                settings.auroraMaxCapacity(),
                settings.deletionProtection());
        Storage storage =
                new Storage(this, "Storage", settings.lifetimes(), settings.privacy(), RedeliveryPolicy.DEFAULT);
        if (!settings.privacy().blurPeople()) {
            software.amazon.awscdk.Annotations.of(this)
                    .addWarningV2(
                            "trafficcam:blur-off",
                            "blurPeople=false: stored images show people's faces as the cameras filmed them"
                                    + " (docs/PRIVACY.md)");
        }
        if (settings.existingEndpointName() == null && !settings.modelPinned()) {
            software.amazon.awscdk.Annotations.of(this)
                    .addWarningV2(
                            "trafficcam:model-unpinned",
                            "modelRevision=" + settings.modelRevision() + " is a branch the model's owner can move:"
                                    + " the endpoint loads whatever it names when an instance starts. Pin the commit,"
                                    + " -c modelRevision=<40-hex sha> (docs/SECURITY.md)");
        }
        DetectorEndpoint model = new DetectorEndpoint(this, "Model", settings);
        Functions functions = new Functions(this, "Functions", settings, network, database, storage, model);
        framesApi = new FramesApi(this, "FramesApi", functions, settings.wafRateLimit());
        Monitoring monitoring = new Monitoring(
                this,
                "Monitoring",
                new Monitoring.Watched(
                        functions.inference(),
                        functions.persistence(),
                        functions.read(),
                        functions.countsExport(),
                        functions.dailyExport(),
                        framesApi.api(),
                        storage.failureQueue(),
                        storage.deadLetters(),
                        model.endpointName()),
                settings.alarmEmail());
        monitoring.watch(functions.silentCameraAlarm(monitoring.topic(), settings.silentCameraMinutes()));

        RestApi api = framesApi.api();
        CfnOutput.Builder.create(this, "ApiUrl")
                .value(api.urlForPath("/frames"))
                .description("POST frames to <ApiUrl>/{fileName}")
                .build();
        CfnOutput.Builder.create(this, "ApiBaseUrl")
                .value(api.getUrl())
                .description(
                        "the stage's URL: ./run-local cameras add ADDRESS CITY COUNTRY --api <ApiBaseUrl> (signed with your AWS credentials)")
                .build();
        CfnOutput.Builder.create(this, "CameraUsagePlanId")
                .value(framesApi.usagePlan().getUsagePlanId())
                .description(
                        "each camera's usage: aws apigateway get-usage --usage-plan-id <CameraUsagePlanId> --start-date ... --end-date ...")
                .build();
        CfnOutput.Builder.create(this, "DashboardUrl")
                .value(api.getUrl())
                .description("the dashboard; a viewer key for it: ./run-local viewers add NAME --api <ApiBaseUrl>")
                .build();
        CfnOutput.Builder.create(this, "CountsExportLocation")
                .value("s3://" + storage.frames().getBucketName() + "/" + dev.trafficcam.model.S3Keys.EXPORTS_PREFIX
                        + "hourly-counts/")
                .description(
                        "the daily BI export, a CSV file per day under date=YYYY-MM-DD/ (docs/API.md, Seeing the traffic)")
                .build();
        CfnOutput.Builder.create(this, "FramesBucket")
                .value(storage.frames().getBucketName())
                .build();
        CfnOutput.Builder.create(this, "FailureQueueUrl")
                .value(storage.failureQueue().getQueueUrl())
                .build();
        CfnOutput.Builder.create(this, "DeadLetterQueueUrl")
                .value(storage.deadLetters().getQueueUrl())
                .description(
                        "failed frames automatic redelivery gave up on: ./run-local replay --queue-url <DeadLetterQueueUrl> ...")
                .build();
        CfnOutput.Builder.create(this, "ReplayFunctionName")
                .value(functions.replay().getFunctionName())
                .build();
        CfnOutput.Builder.create(this, "FrameLookupFunctionName")
                .value(functions.frameLookup().getFunctionName())
                .description("what ./post-deploy-check asks whether a frame is stored")
                .build();
        CfnOutput.Builder.create(this, "DetectorEndpointName")
                .value(model.endpointName())
                .description("the SageMaker endpoint: ./post-deploy-check --evaluate ... scores it on a labelled set")
                .build();
        CfnOutput.Builder.create(this, "PersistenceFunctionAlias")
                .value(functions.persistenceLive().getFunctionArn())
                .build();
        CfnOutput.Builder.create(this, "AlarmTopicArn")
                .value(monitoring.topic().getTopicArn())
                .description(
                        "every alarm notifies this topic: aws sns subscribe --topic-arn <AlarmTopicArn> --protocol email ...")
                .build();
    }

    public RestApi api() {
        return framesApi.api();
    }
}
