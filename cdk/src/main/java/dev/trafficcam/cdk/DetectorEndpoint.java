package dev.trafficcam.cdk;

import dev.trafficcam.model.functions.DetectorPreset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.regioninfo.FactName;
import software.amazon.awscdk.services.applicationautoscaling.BasicTargetTrackingScalingPolicyProps;
import software.amazon.awscdk.services.applicationautoscaling.PredefinedMetric;
import software.amazon.awscdk.services.applicationautoscaling.ScalableTarget;
import software.amazon.awscdk.services.applicationautoscaling.ServiceNamespace;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.sagemaker.CfnEndpoint;
import software.amazon.awscdk.services.sagemaker.CfnEndpointConfig;
import software.amazon.awscdk.services.sagemaker.CfnModel;
import software.constructs.Construct;

/**
 * The object detector: a SageMaker endpoint serving the preset's Hugging Face model with the Deep Learning Container
 * for PyTorch inference (its CPU or GPU build), scaled on invocations per instance once MAX_RPS is measured
 * ({@link EndpointScaling}); or an existing endpoint, which the stack only names.
 */
public final class DetectorEndpoint extends Construct {
    /**
     * The Hugging Face PyTorch inference container (AWS Deep Learning Containers). transformers 4.41 and later default
     * the object-detection pipeline's threshold to 0.5 (before: 0.9, which raw-image requests cannot lower), so
     * MIN_SCORE is what decides; 4.42 added RT-DETR and 4.49's {@code MODEL_FOR_OBJECT_DETECTION_MAPPING_NAMES}
     * (transformers, models/auto/modeling_auto.py) serves DETR, RT-DETR and YOLOS through that pipeline. The registry
     * account differs by region (sagemaker-python-sdk image_uri_config/huggingface.json): it comes from CDK's region
     * facts.
     */
    static final String HF_REPOSITORY = "huggingface-pytorch-inference";

    /**
     * One transformers version for both builds, so that a preset's change of instance changes nothing of how scores are
     * cut. Both tags are in the DLC's release list (aws/deep-learning-containers,
     * docs/src/data/huggingface-pytorch-inference/2.6-{cpu,gpu}-sagemaker.yml at 14474b8805, 2026-01-21; later releases
     * moved to transformers 4.51.3 and 5.5.3, whose pipeline this project has not checked).
     */
    static final String HF_TAG_CPU = "2.6.0-transformers4.49.0-cpu-py312-ubuntu22.04";

    static final String HF_TAG_GPU = "2.6.0-transformers4.49.0-gpu-py312-cu124-ubuntu22.04";

    /**
     * The model server's workers: sagemaker-inference-toolkit reads {@code SAGEMAKER_MODEL_SERVER_WORKERS}
     * (environment.py) into Multi Model Server's {@code default_workers_per_model} (model_server.py), which the Hugging
     * Face toolkit's mms_model_server.py writes with it; unset, MMS starts one worker per GPU, else one per vCPU.
     */
    static final String WORKERS_VARIABLE = "SAGEMAKER_MODEL_SERVER_WORKERS";

    /** The model card's revision without the {@code timm} backbone, which the DLC does not install. */
    static final String HF_MODEL_REVISION = "no_timm";

    /**
     * How the endpoint spreads requests over its instances (SageMaker API reference, ProductionVariantRoutingConfig:
     * {@code LEAST_OUTSTANDING_REQUESTS} or {@code RANDOM}; random unless set, AWS Machine Learning Blog, "Minimize
     * real-time inference latency by using Amazon SageMaker routing strategies").
     */
    static final String ROUTING = "LEAST_OUTSTANDING_REQUESTS";

    /** The endpoint's one production variant (also in Monitoring's SageMaker metrics). */
    static final String VARIANT = "AllTraffic";

    private final String endpointName;
    private final String endpointArn;

    public DetectorEndpoint(Construct scope, String id, PipelineSettings settings) {
        super(scope, id);
        if (settings.existingEndpointName() != null) {
            endpointName = settings.existingEndpointName();
            endpointArn = Stack.of(this)
                    .formatArn(ArnComponents.builder()
                            .service("sagemaker")
                            .resource("endpoint")
                            .resourceName(endpointName.toLowerCase(Locale.ROOT))
                            .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                            .build());
        } else {
            CfnEndpoint endpoint = endpoint(settings);
            endpointName = endpoint.getAttrEndpointName();
            endpointArn = endpoint.getRef();
        }
    }

    public String endpointName() {
        return endpointName;
    }

    /** What sagemaker:InvokeEndpoint is granted on. */
    public String endpointArn() {
        return endpointArn;
    }

    private CfnEndpoint endpoint(PipelineSettings settings) {
        // the account that serves the Deep Learning Containers in this region (a mapping when the region is a token)
        String dlcAccount = Stack.of(this).regionalFact(FactName.DLC_REPOSITORY_ACCOUNT);
        Role role = Role.Builder.create(this, "ModelRole")
                .assumedBy(new ServicePrincipal("sagemaker.amazonaws.com"))
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"))
                .resources(List.of(Stack.of(this)
                        .formatArn(ArnComponents.builder()
                                .service("ecr")
                                .account(dlcAccount)
                                .resource("repository")
                                .resourceName(HF_REPOSITORY)
                                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                                .build())))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ecr:GetAuthorizationToken")) // has no resource-level permissions
                .resources(List.of("*"))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(
                        List.of(
                                Fn.sub(
                                        "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/sagemaker/Endpoints/*")))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("cloudwatch:PutMetricData"))
                .resources(List.of("*")) // has no resource-level permissions
                .conditions(Map.of("StringEquals", Map.of("cloudwatch:namespace", "/aws/sagemaker/Endpoints")))
                .build());
        Parts.suppress(
                role,
                "AwsSolutions-IAM5",
                "ecr:GetAuthorizationToken and cloudwatch:PutMetricData have no resource-level "
                        + "permissions (the latter is held to SageMaker's namespace)",
                "Resource::*");
        Parts.suppress(
                role,
                "AwsSolutions-IAM5",
                "SageMaker names the endpoint's log groups after the endpoint, which CloudFormation names",
                "Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/sagemaker/Endpoints/*");
        CfnModel model = CfnModel.Builder.create(this, "Model")
                .executionRoleArn(role.getRoleArn())
                .primaryContainer(CfnModel.ContainerDefinitionProperty.builder()
                        .image(dlcAccount + ".dkr.ecr." + Stack.of(this).getRegion() + "."
                                + Stack.of(this).getUrlSuffix() + "/" + HF_REPOSITORY + ":"
                                + imageTag(settings.detector()))
                        .environment(containerEnvironment(settings.detector()))
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
                        // each request to the instance with the most room; SageMaker's default sends it to a random
                        // one, where a one-worker CPU instance queues it behind another (docs/CAPACITY.md)
                        .routingConfig(CfnEndpointConfig.RoutingConfigProperty.builder()
                                .routingStrategy(ROUTING)
                                .build())
                        .build()))
                .build();
        CfnEndpoint endpoint = CfnEndpoint.Builder.create(this, "Endpoint")
                .endpointConfigName(config.getAttrEndpointConfigName())
                .build();
        scale(endpoint, settings.endpointScaling());
        return endpoint;
    }

    static String imageTag(DetectorPreset detector) {
        return detector.accelerator() == DetectorPreset.Accelerator.GPU ? HF_TAG_GPU : HF_TAG_CPU;
    }

    static Map<String, String> containerEnvironment(DetectorPreset detector) {
        Map<String, String> environment = new java.util.TreeMap<>(Map.of(
                "HF_MODEL_ID", detector.modelId(),
                "HF_MODEL_REVISION", detector.modelRevision(),
                "HF_TASK", "object-detection"));
        if (detector.workers() > 0) {
            environment.put(WORKERS_VARIABLE, String.valueOf(detector.workers()));
        }
        return environment;
    }

    /**
     * Target tracking on the variant's invocations per instance (EndpointScaling), between the minimum and maximum
     * instances; without a measured MAX_RPS, no policy and a warning at synth.
     */
    private void scale(CfnEndpoint endpoint, EndpointScaling scaling) {
        if (!scaling.scales()) {
            Annotations.of(endpoint)
                    .addWarningV2(
                            "trafficcam:endpointNotScaled",
                            "the endpoint has " + scaling.minInstances()
                                    + " instance(s) and no autoscaling: measure MAX_RPS for the model and instance type and deploy with "
                                    + "-c endpointMaxRps=N (docs/DEPLOY.md, \"Endpoint autoscaling\")");
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
        target.scaleToTrackMetric(
                "InvocationsPerInstance",
                BasicTargetTrackingScalingPolicyProps.builder()
                        .predefinedMetric(PredefinedMetric.SAGEMAKER_VARIANT_INVOCATIONS_PER_INSTANCE)
                        .targetValue(scaling.invocationsPerInstanceTarget())
                        .scaleInCooldown(Duration.seconds(EndpointScaling.SCALE_IN_COOLDOWN.toSeconds()))
                        .scaleOutCooldown(Duration.seconds(EndpointScaling.SCALE_OUT_COOLDOWN.toSeconds()))
                        .build());
    }
}
