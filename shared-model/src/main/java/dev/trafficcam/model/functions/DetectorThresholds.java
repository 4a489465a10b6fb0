package dev.trafficcam.model.functions;

import dev.trafficcam.model.ScoreThresholds;

/**
 * The score thresholds of the detectors the pipeline serves, in one place: the {@code detr-r50-cpu} preset
 * ({@link DetectorPreset}) gives {@link #DEPLOYED} to the deployed inference function, the local pipeline gives
 * {@link #LOCAL} to its own, both as {@code MIN_SCORES}. Each is to be chosen per class on a labelled tuning set
 * ({@code ./run-local evaluate}, docs/ACCURACY.md); until such a set is in the repository, each detector has one value
 * for every class.
 */
public final class DetectorThresholds {
    /**
     * DETR-ResNet-50 through the Hugging Face object-detection pipeline: 0.5, the pipeline's own default threshold
     * since transformers 4.41 (DetectorEndpoint). A class's threshold below 0.5 would change nothing there: the
     * pipeline drops what scores less before it answers, and a raw-image request cannot lower that.
     */
    public static final ScoreThresholds DEPLOYED = ScoreThresholds.uniform(0.5);

    /** The local pipeline's CenterNet, whose scores run lower: 0.35 keeps its people and vehicles on street frames. */
    public static final ScoreThresholds LOCAL = ScoreThresholds.uniform(0.35);

    /**
     * The score at which a person is blurred in stored images ({@code BLUR_MIN_SCORE}), below the counting threshold on
     * purpose: a person missed by the count is a count, a person missed by the blur is a face kept. On the deployed
     * endpoint it cannot go below the pipeline's own 0.5 (above), so there it is the counting threshold.
     */
    public static final double DEPLOYED_BLUR = 0.5;

    /** The local CenterNet's: what it scores a partly hidden or distant person on street frames. */
    public static final double LOCAL_BLUR = 0.15;

    /** The inference function's variable for the blur threshold. */
    public static final String BLUR_MIN_SCORE = "BLUR_MIN_SCORE";

    private DetectorThresholds() {}
}
