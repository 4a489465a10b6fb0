package dev.trafficcam.model.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import org.junit.jupiter.api.Test;

class DetectorPresetTest {
    @Test
    void eachPresetRunsOnAFamilyOfItsAcceleratorAndSaysWhereItsFiguresComeFrom() {
        assertThat(DetectorPreset.names()).containsExactly("detr-r50-cpu", "rtdetr-r18-gpu", "yolos-tiny-cpu");
        assertThat(Collections.disjoint(DetectorPreset.GPU_FAMILIES, DetectorPreset.CPU_FAMILIES))
                .isTrue();
        for (DetectorPreset p : DetectorPreset.ALL) {
            assertThat(DetectorPreset.named(p.name())).isSameAs(p);
            assertThat(p.maxRps().value()).as(p.name()).isPositive();
            assertThat(p.maxRps().source()).as(p.name()).isNotBlank();
            assertThat(p.modelP50Ms().source()).as(p.name()).isNotBlank();
            assertThat(p.blurMinScore())
                    .as(p.name() + ": a person missed by the count may still be blurred")
                    .isLessThanOrEqualTo(p.minScores().of(dev.trafficcam.model.TrafficClass.PERSON));
        }
        assertThat(DetectorPreset.RTDETR_R18_GPU.accelerator()).isEqualTo(DetectorPreset.Accelerator.GPU);
        assertThat(DetectorPreset.DEFAULT).isSameAs(DetectorPreset.DETR_R50_CPU);
    }

    @Test
    void aWrongNameOrFamilyIsRefusedWithWhatWouldWork() {
        assertThatThrownBy(() -> DetectorPreset.named(" detr "))
                .hasMessage("unknown detector 'detr': -c detector= takes detr-r50-cpu, rtdetr-r18-gpu, yolos-tiny-cpu"
                        + " (docs/DEPLOY.md, \"Choosing a detector\")");
        assertThatThrownBy(() -> DetectorPreset.YOLOS_TINY_CPU.withInstanceType("ml.p3.2xlarge"))
                .hasMessageStartingWith("detector yolos-tiny-cpu runs the CPU image, but instanceType ml.p3.2xlarge is"
                        + " a GPU instance: use one of ml.m5.*");
        assertThatThrownBy(() -> DetectorPreset.RTDETR_R18_GPU.withInstanceType("ml.trn1.2xlarge"))
                .hasMessageContaining("is not an instance family it can run on");
        assertThat(DetectorPreset.RTDETR_R18_GPU
                        .withInstanceType("ml.g5.2xlarge")
                        .instanceType())
                .isEqualTo("ml.g5.2xlarge");
        assertThatThrownBy(() -> DetectorPreset.DETR_R50_CPU.withModel("facebook/detr-resnet-50", " "))
                .hasMessageContaining("a model id and a revision are needed");
    }
}
