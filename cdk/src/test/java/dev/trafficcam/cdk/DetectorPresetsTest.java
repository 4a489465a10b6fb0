package dev.trafficcam.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trafficcam.model.functions.DetectorPreset;
import dev.trafficcam.model.functions.DetectorThresholds;
import dev.trafficcam.model.functions.LambdaFunctions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** {@code -c detector=NAME}: each preset's endpoint as synthesized, and what synth refuses. */
class DetectorPresetsTest {
    private static final Path FUNCTIONS = Path.of(System.getProperty("functions.dir", ".."));

    private static Template synth(DetectorPreset preset) {
        return Template.fromStack(new TrafficCameraStack(
                new App(),
                "Preset" + preset.name().replace("-", ""),
                StackProps.builder().build(),
                PipelineSettings.defaults(FUNCTIONS).withDetector(preset)));
    }

    /** The endpoint's one variant is on this instance type, and its model's container has exactly this environment. */
    static void endpointIs(Template template, String instanceType, Map<String, String> environment) {
        template.hasResourceProperties(
                "AWS::SageMaker::EndpointConfig",
                Match.objectLike(
                        Map.of("ProductionVariants", List.of(Match.objectLike(Map.of("InstanceType", instanceType))))));
        template.hasResourceProperties(
                "AWS::SageMaker::Model",
                Match.objectLike(Map.of("PrimaryContainer", Match.objectLike(Map.of("Environment", environment)))));
    }

    /** The inference function's environment holds these variables, among others. */
    private static void inferenceVariablesInclude(Template template, Map<String, String> variables) {
        TrafficCameraStackTest.functionVariablesInclude(template, LambdaFunctions.INFERENCE.handler(), variables);
    }

    private static PipelineSettings fromContext(Map<String, Object> context) {
        App app = new App(AppProps.builder().context(context).build());
        return PipelineSettings.fromContext(app.getNode(), FUNCTIONS);
    }

    @Test
    void theGpuPresetGetsAGpuInstanceTheGpuImageAndAWorkerPerVcpu() {
        Template gpu = synth(DetectorPreset.RTDETR_R18_GPU);

        endpointIs(
                gpu,
                "ml.g4dn.xlarge",
                Map.of(
                        "HF_MODEL_ID", "PekingU/rtdetr_r18vd",
                        "HF_MODEL_REVISION", "main",
                        "HF_TASK", "object-detection",
                        "SAGEMAKER_MODEL_SERVER_WORKERS", "4"));
        assertThat(gpu.findResources("AWS::SageMaker::Model").toString())
                .contains("huggingface-pytorch-inference:2.6.0-transformers4.49.0-gpu-py312-cu124-ubuntu22.04")
                .doesNotContain("-cpu-");
        inferenceVariablesInclude(
                gpu,
                Map.of("MIN_SCORES", DetectorPreset.RTDETR_R18_GPU.minScores().text(), "BLUR_MIN_SCORE", "0.5"));
    }

    @Test
    void eachCpuPresetGetsItsModelOnItsCpuInstanceWithTheCpuImage() {
        for (DetectorPreset preset : List.of(DetectorPreset.DETR_R50_CPU, DetectorPreset.YOLOS_TINY_CPU)) {
            Template cpu = synth(preset);
            // no SAGEMAKER_MODEL_SERVER_WORKERS: the container's default, one worker per vCPU
            endpointIs(
                    cpu,
                    preset.instanceType(),
                    Map.of(
                            "HF_MODEL_ID", preset.modelId(),
                            "HF_MODEL_REVISION", preset.modelRevision(),
                            "HF_TASK", "object-detection"));
            assertThat(cpu.findResources("AWS::SageMaker::Model").toString())
                    .as(preset.name())
                    .contains("huggingface-pytorch-inference:2.6.0-transformers4.49.0-cpu-py312-ubuntu22.04");
            inferenceVariablesInclude(
                    cpu,
                    Map.of(
                            "MIN_SCORES", preset.minScores().text(),
                            "BLUR_MIN_SCORE", String.valueOf(preset.blurMinScore())));
        }
        // the default's thresholds are the one place the local pipeline reads its own from (DetectorThresholds)
        assertThat(DetectorPreset.DETR_R50_CPU.minScores()).isSameAs(DetectorThresholds.DEPLOYED);
        assertThat(DetectorThresholds.DEPLOYED.text()).startsWith("car=0.5,truck=0.5,");
        assertThat(DetectorPreset.YOLOS_TINY_CPU.instanceType()).isEqualTo("ml.c5.xlarge");
    }

    @Test
    void theContextPicksAPresetByNameAndChangesOnlyWhatItNames() {
        assertThat(fromContext(Map.of()).detector()).isEqualTo(DetectorPreset.DEFAULT);
        assertThat(fromContext(Map.of("detector", "rtdetr-r18-gpu")).detector())
                .isEqualTo(DetectorPreset.RTDETR_R18_GPU);

        PipelineSettings bigger = fromContext(Map.of("detector", "rtdetr-r18-gpu", "instanceType", "ml.g5.xlarge"));
        assertThat(bigger.instanceType()).isEqualTo("ml.g5.xlarge");
        assertThat(bigger.modelId()).isEqualTo("PekingU/rtdetr_r18vd");
        assertThat(bigger.detector().accelerator()).isEqualTo(DetectorPreset.Accelerator.GPU);

        PipelineSettings pinned = fromContext(
                Map.of("detector", "detr-r50-cpu", "modelRevision", "0123456789abcdef0123456789abcdef01234567"));
        assertThat(pinned.modelPinned()).isTrue();
        assertThat(pinned.instanceType()).isEqualTo("ml.m5.xlarge");
    }

    @Test
    void anUnknownPresetOrAnInstanceOfTheWrongFamilyFailsAtSynthSayingWhatWouldDo() {
        assertThatThrownBy(() -> fromContext(Map.of("detector", "yolo-v8")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown detector 'yolo-v8'")
                .hasMessageContaining("detr-r50-cpu, rtdetr-r18-gpu, yolos-tiny-cpu");
        assertThatThrownBy(() -> fromContext(Map.of("detector", "rtdetr-r18-gpu", "instanceType", "ml.m5.xlarge")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runs the GPU image, but instanceType ml.m5.xlarge is a CPU instance")
                .hasMessageContaining("ml.g4dn.*");
        assertThatThrownBy(() -> fromContext(Map.of("instanceType", "ml.g4dn.xlarge")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "detr-r50-cpu runs the CPU image, but instanceType ml.g4dn.xlarge is a GPU" + " instance");
        assertThatThrownBy(() -> fromContext(Map.of("instanceType", "ml.inf2.xlarge")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an instance family it can run on");
    }
}
