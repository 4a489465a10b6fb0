package dev.trafficcam.model.functions;

import dev.trafficcam.model.ScoreThresholds;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A detector as deployed, chosen with one CDK context value ({@code -c detector=NAME}): the Hugging Face model, the
 * SageMaker instance type, which Deep Learning Container serves it (CPU or GPU), its score thresholds and what one
 * instance can take. The CDK app builds the endpoint from it and the capacity model ({@code loadtests}) costs it, so
 * the figures and the deployment cannot drift apart.
 *
 * @param name what {@code -c detector=} names
 * @param modelId {@code HF_MODEL_ID}
 * @param modelRevision {@code HF_MODEL_REVISION}: a branch until a deployment pins a commit (synth warns)
 * @param instanceType the endpoint's instance type; its family must match {@code accelerator}
 * @param accelerator which image of the container: CPU or GPU
 * @param workers model-server workers ({@code SAGEMAKER_MODEL_SERVER_WORKERS}), 0 for the container's default (one per
 *     GPU, else one per vCPU: Multi Model Server's {@code default_workers_per_model})
 * @param minScores the inference function's {@code MIN_SCORES}
 * @param blurMinScore the inference function's {@code BLUR_MIN_SCORE}
 * @param maxRps the requests per second one instance serves before its latency rises (SageMaker's MAX_RPS)
 * @param modelP50Ms the model's median time per request at the endpoint, unloaded
 * @param cocoAp the model's published COCO val2017 AP, with its source (docs/ACCURACY.md)
 */
public record DetectorPreset(
        String name,
        String modelId,
        String modelRevision,
        String instanceType,
        Accelerator accelerator,
        int workers,
        ScoreThresholds minScores,
        double blurMinScore,
        Figure maxRps,
        Figure modelP50Ms,
        String cocoAp) {

    /** Which build of the Hugging Face PyTorch inference container serves the model. */
    public enum Accelerator {
        CPU,
        GPU
    }

    /** How sure a figure is: measured here or on a deployment, published by someone else, or worked out on paper. */
    public enum Basis {
        MEASURED,
        CITED,
        ESTIMATED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A number and where it comes from. */
    public record Figure(double value, Basis basis, String source) {}

    /**
     * SageMaker instance families with an NVIDIA GPU, which the GPU image needs and the CPU image would leave idle
     * (SageMaker pricing, "Real-Time Inference": ml.g4dn, ml.g5, ml.g6, ml.p3, ml.p4d, ml.p5 carry GPUs). Inferentia
     * and Trainium (ml.inf, ml.trn) need the Neuron container, which no preset uses.
     */
    static final List<String> GPU_FAMILIES =
            List.of("ml.g4dn.", "ml.g5.", "ml.g6.", "ml.g6e.", "ml.p3.", "ml.p4d.", "ml.p5.");

    /** General-purpose, compute- and memory-optimised CPU families, which the CPU image runs on. */
    static final List<String> CPU_FAMILIES = List.of(
            "ml.m5.", "ml.m6i.", "ml.m7i.", "ml.c5.", "ml.c6i.", "ml.c7i.", "ml.r5.", "ml.r6i.", "ml.t2.", "ml.t3.");

    public DetectorPreset {
        if (modelId == null || modelId.isBlank() || modelRevision == null || modelRevision.isBlank()) {
            throw new IllegalArgumentException("detector " + name + ": a model id and a revision are needed");
        }
        if (workers < 0) {
            throw new IllegalArgumentException("detector " + name + ": workers is 0 (the container's default) or more");
        }
        List<String> families = accelerator == Accelerator.GPU ? GPU_FAMILIES : CPU_FAMILIES;
        if (instanceType == null || families.stream().noneMatch(instanceType::startsWith)) {
            String other = accelerator == Accelerator.GPU ? "CPU" : "GPU";
            boolean isOther = instanceType != null
                    && (accelerator == Accelerator.GPU ? CPU_FAMILIES : GPU_FAMILIES)
                            .stream().anyMatch(instanceType::startsWith);
            throw new IllegalArgumentException("detector " + name + " runs the " + accelerator + " image, but "
                    + "instanceType " + instanceType
                    + (isOther ? " is a " + other + " instance" : " is not an instance family it can run on")
                    + ": use one of " + families.stream().map(f -> f + "*").collect(Collectors.joining(", "))
                    + ", or a detector preset made for it (" + String.join(", ", names()) + ")");
        }
    }

    /**
     * DETR with a ResNet-50 backbone on a general-purpose CPU instance: what the stack served before presets. The
     * {@code no_timm} revision uses transformers' own ResNet, as the container does not install timm.
     */
    public static final DetectorPreset DETR_R50_CPU = new DetectorPreset(
            "detr-r50-cpu",
            "facebook/detr-resnet-50",
            "no_timm",
            "ml.m5.xlarge",
            Accelerator.CPU,
            0,
            DetectorThresholds.DEPLOYED,
            DetectorThresholds.DEPLOYED_BLUR,
            new Figure(
                    1.0,
                    Basis.ESTIMATED,
                    "DETR-R50 takes 86 GFLOPs a COCO image (Carion et al. 2020, table 1); our 768x576 frames are"
                            + " resized to 800x1067, ~70 GFLOPs, on 2 physical cores (4 vCPUs) of ml.m5.xlarge"),
            new Figure(700, Basis.ESTIMATED, "the same arithmetic for one request alone on the instance"),
            "42.0 (Carion et al. 2020, table 1)");

    /**
     * RT-DETR with a ResNet-18 backbone on one NVIDIA T4. Four workers, one per vCPU: each decodes and resizes its
     * frame in Python on a CPU, and the one default worker a GPU gets would leave the GPU idle while it does.
     */
    public static final DetectorPreset RTDETR_R18_GPU = new DetectorPreset(
            "rtdetr-r18-gpu",
            "PekingU/rtdetr_r18vd",
            "main",
            "ml.g4dn.xlarge",
            Accelerator.GPU,
            4,
            ScoreThresholds.uniform(0.5),
            0.5,
            new Figure(
                    40,
                    Basis.ESTIMATED,
                    "the model alone runs 217 frames/s on a T4 with TensorRT FP16 (Zhao et al. 2024, RT-DETR, table"
                            + " 1); served in eager FP32 PyTorch behind Python pre-processing of ~25 ms a frame on one"
                            + " of 4 vCPUs, the CPUs bind first at ~40 requests/s"),
            new Figure(60, Basis.ESTIMATED, "~25 ms pre-processing, ~25 ms on the GPU, ~10 ms serving"),
            "46.5 (lyuwenyu/RT-DETR model zoo)");

    /**
     * YOLOS-tiny on a compute-optimised CPU instance: about a quarter of DETR-R50's arithmetic, and far less accurate
     * on COCO; for small fleets where an instance of either is mostly idle.
     */
    public static final DetectorPreset YOLOS_TINY_CPU = new DetectorPreset(
            "yolos-tiny-cpu",
            "hustvl/yolos-tiny",
            "main",
            "ml.c5.xlarge",
            Accelerator.CPU,
            0,
            ScoreThresholds.uniform(0.5),
            0.5,
            new Figure(
                    4,
                    Basis.ESTIMATED,
                    "YOLOS-Ti takes 18.8 GFLOPs a frame at its 512-pixel input (Fang et al. 2021, \"You Only Look at"
                            + " One Sequence\"), about a quarter of DETR-R50's on"
                            + " our frames, on 4 vCPUs of ml.c5.xlarge"),
            new Figure(250, Basis.ESTIMATED, "the same arithmetic for one request alone on the instance"),
            "28.7 (Fang et al. 2021; the model card)");

    public static final List<DetectorPreset> ALL = List.of(DETR_R50_CPU, RTDETR_R18_GPU, YOLOS_TINY_CPU);

    /** The preset a deployment gets without {@code -c detector}: see docs/CAPACITY.md, "Which detector". */
    public static final DetectorPreset DEFAULT = DETR_R50_CPU;

    public static List<String> names() {
        return ALL.stream().map(DetectorPreset::name).toList();
    }

    /**
     * The preset of that name.
     *
     * @throws IllegalArgumentException naming the presets there are
     */
    public static DetectorPreset named(String name) {
        String wanted = name == null ? "" : name.strip();
        return ALL.stream()
                .filter(p -> p.name().equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown detector '" + wanted + "': -c detector= takes "
                        + String.join(", ", names()) + " (docs/DEPLOY.md, \"Choosing a detector\")"));
    }

    /** The same preset on another model or revision (context {@code modelId}, {@code modelRevision}). */
    public DetectorPreset withModel(String id, String revision) {
        return new DetectorPreset(
                name,
                id,
                revision,
                instanceType,
                accelerator,
                workers,
                minScores,
                blurMinScore,
                maxRps,
                modelP50Ms,
                cocoAp);
    }

    /** The same preset on another instance type of its family (context {@code instanceType}); checked again. */
    public DetectorPreset withInstanceType(String type) {
        return new DetectorPreset(
                name,
                modelId,
                modelRevision,
                type,
                accelerator,
                workers,
                minScores,
                blurMinScore,
                maxRps,
                modelP50Ms,
                cocoAp);
    }
}
