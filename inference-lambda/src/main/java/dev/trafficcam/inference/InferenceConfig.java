package dev.trafficcam.inference;

import dev.trafficcam.inference.check.CheckThresholds;
import dev.trafficcam.model.EventLimits;
import dev.trafficcam.model.ScoreThresholds;
import dev.trafficcam.model.TrafficClass;
import dev.trafficcam.model.functions.DetectorThresholds;
import dev.trafficcam.model.functions.FunctionEnvironment;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The inference Lambda's settings, read from its environment. Every variable, its default and its meaning is listed in
 * docs/OPERATIONS.md ("Configuration"). Invalid values stop the function at start-up with a message naming the
 * variable, rather than failing request by request.
 */
public record InferenceConfig(
        String region,
        String endpointName,
        String persistenceFunctionName,
        String framesBucket,
        String failureQueueUrl,
        int maxFrameBytes,
        int inlineImageMaxBytes,
        int failureQueueMaxMessageBytes,
        ScoreThresholds minScores,
        double blurMinScore,
        Set<TrafficClass> trafficClasses,
        Duration modelTimeout,
        Duration modelAttemptTimeout,
        int modelMaxAttempts,
        Duration handoffTimeout,
        CheckThresholds checkThresholds,
        Endpoints endpoints) {

    /** A synchronous Lambda request holds 6 MB; the frame arrives base64 (4/3) inside a JSON event. */
    public static final int SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024;
    /** Room left in the synchronous payload for the proxy event around the body (headers, context). */
    public static final int EVENT_ENVELOPE_RESERVE = 64 * 1024;
    /** The largest raw frame whose base64 body still fits a synchronous request: 4,669,440 bytes. */
    public static final int MAX_FRAME_BYTES_CAP = (SYNC_PAYLOAD_LIMIT - EVENT_ENVELOPE_RESERVE) / 4 * 3;
    /** API Gateway's integration time-out bounds everything the function does for a request. */
    public static final Duration API_TIMEOUT = Duration.ofSeconds(29);

    /** Endpoint overrides (the local stack, tests); empty in AWS. Names follow the AWS SDKs' variables. */
    public record Endpoints(Optional<URI> sageMakerRuntime, Optional<URI> lambda, Optional<URI> s3, Optional<URI> sqs) {
        public static final Endpoints NONE =
                new Endpoints(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public InferenceConfig {
        List<String> problems = new ArrayList<>();
        if (maxFrameBytes < 1 || maxFrameBytes > MAX_FRAME_BYTES_CAP) {
            problems.add("MAX_FRAME_BYTES must be 1 to " + MAX_FRAME_BYTES_CAP
                    + " (a larger frame does not fit a synchronous Lambda request as base64), got " + maxFrameBytes);
        }
        // base64 of the image plus room for the rest of the event must stay under the async limit (EventLimits)
        if (inlineImageMaxBytes < 0 || inlineImageMaxBytes > EventLimits.INLINE_IMAGE_MAX_BYTES) {
            problems.add("INLINE_IMAGE_MAX_BYTES must be 0 to " + EventLimits.INLINE_IMAGE_MAX_BYTES
                    + " (the event must stay under Lambda's 1 MB asynchronous limit), got " + inlineImageMaxBytes);
        }
        if (failureQueueMaxMessageBytes < 1024
                || failureQueueMaxMessageBytes > EventLimits.FAILURE_QUEUE_MESSAGE_LIMIT) {
            problems.add("FAILURE_QUEUE_MAX_MESSAGE_BYTES must be 1024 to " + EventLimits.FAILURE_QUEUE_MESSAGE_LIMIT
                    + ", got " + failureQueueMaxMessageBytes);
        }
        if (trafficClasses.isEmpty()) {
            problems.add("TRAFFIC_CLASSES must name at least one class");
        }
        if (modelMaxAttempts < 1 || modelMaxAttempts > 5) {
            problems.add("MODEL_MAX_ATTEMPTS must be 1 to 5, got " + modelMaxAttempts);
        }
        if (modelAttemptTimeout.compareTo(modelTimeout) > 0) {
            problems.add("MODEL_ATTEMPT_TIMEOUT_MS must not exceed MODEL_TIMEOUT_MS");
        }
        // model + the two hand-off routes + a second for everything else must fit API Gateway's 29 s
        Duration budget = modelTimeout.plus(handoffTimeout.multipliedBy(2)).plusSeconds(1);
        if (budget.compareTo(API_TIMEOUT) > 0) {
            problems.add("MODEL_TIMEOUT_MS + 2 x HANDOFF_TIMEOUT_MS + 1 s must fit API Gateway's 29 s, got "
                    + budget.toMillis() + " ms");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid inference configuration: " + String.join("; ", problems));
        }
        trafficClasses = Set.copyOf(trafficClasses);
    }

    /** Reads the configuration from environment variables (see docs/OPERATIONS.md for the list). */
    public static InferenceConfig fromEnvironment(Map<String, String> variables) {
        FunctionEnvironment env = new FunctionEnvironment(variables);
        CheckThresholds d = CheckThresholds.DEFAULTS;
        InferenceConfig config = null;
        try {
            CheckThresholds thresholds = new CheckThresholds(
                    env.integer("CHECK_MIN_DIMENSION", d.minDimension()),
                    env.integer("CHECK_MAX_DIMENSION", d.maxDimension()),
                    env.longValue("CHECK_MAX_PIXELS", d.maxPixels()),
                    env.integer("CHECK_ANALYSIS_SIZE", d.analysisSize()),
                    env.decimal("CHECK_MIN_CONTRAST", d.minContrast()),
                    env.decimal("CHECK_MIN_MEAN_LUMA", d.minMeanLuma()),
                    env.decimal("CHECK_MAX_MEAN_LUMA", d.maxMeanLuma()),
                    env.decimal("CHECK_MIN_SHARPNESS", d.minSharpness()));
            ScoreThresholds scores = minScores(env);
            config = new InferenceConfig(
                    env.required("AWS_REGION"),
                    env.required("SAGEMAKER_ENDPOINT_NAME"),
                    env.required("PERSISTENCE_FUNCTION_NAME"),
                    env.required("FRAMES_BUCKET"),
                    env.required("FAILURE_QUEUE_URL"),
                    env.integer("MAX_FRAME_BYTES", 4_500_000),
                    env.integer("INLINE_IMAGE_MAX_BYTES", EventLimits.INLINE_IMAGE_MAX_BYTES),
                    env.integer("FAILURE_QUEUE_MAX_MESSAGE_BYTES", EventLimits.FAILURE_QUEUE_MESSAGE_LIMIT),
                    scores,
                    blurMinScore(env, scores),
                    classes(env, "TRAFFIC_CLASSES"),
                    env.millis("MODEL_TIMEOUT_MS", 20_000),
                    env.millis("MODEL_ATTEMPT_TIMEOUT_MS", 10_000),
                    env.integer("MODEL_MAX_ATTEMPTS", 2),
                    env.millis("HANDOFF_TIMEOUT_MS", 2_000),
                    thresholds,
                    new Endpoints(
                            env.endpoint("SAGEMAKER_RUNTIME"),
                            env.endpoint("LAMBDA"),
                            env.endpoint("S3"),
                            env.endpoint("SQS")));
        } catch (IllegalArgumentException e) {
            env.problem(e.getMessage().replaceFirst("^invalid inference configuration: ", ""));
        }
        env.check("inference");
        return config;
    }

    /** Every class's score threshold, unless {@code MIN_SCORES} names the class. */
    public double minScore() {
        return minScores.byDefault();
    }

    /**
     * {@code MIN_SCORE}, every class's threshold (0.5), and {@code MIN_SCORES}, per class ({@code car=0.5,...}), which
     * the CDK app and the local pipeline set from {@code DetectorThresholds}.
     */
    private static ScoreThresholds minScores(FunctionEnvironment env) {
        double byDefault = env.decimal("MIN_SCORE", 0.5);
        if (!(byDefault >= 0 && byDefault <= 1)) {
            env.problem("MIN_SCORE must be within 0..1, got " + byDefault);
            byDefault = 0.5;
        }
        try {
            return ScoreThresholds.parse(env.value("MIN_SCORES").orElse(""), byDefault);
        } catch (IllegalArgumentException e) {
            env.problem("MIN_SCORES: " + e.getMessage());
            return ScoreThresholds.uniform(byDefault);
        }
    }

    /**
     * {@code BLUR_MIN_SCORE}: a person scored this or more is blurred in the stored images, counted or not. Not set, it
     * is the counting threshold of {@code person}, so that at least every counted person is hidden.
     */
    private static double blurMinScore(FunctionEnvironment env, ScoreThresholds counting) {
        double fallback = counting.of(TrafficClass.PERSON);
        double score = env.decimal(DetectorThresholds.BLUR_MIN_SCORE, fallback);
        if (!(score >= 0 && score <= 1)) {
            env.problem(DetectorThresholds.BLUR_MIN_SCORE + " must be within 0..1, got " + score);
            return fallback;
        }
        return score;
    }

    private static Set<TrafficClass> classes(FunctionEnvironment env, String name) {
        Optional<String> v = env.value(name);
        if (v.isEmpty()) {
            return EnumSet.allOf(TrafficClass.class);
        }
        Set<TrafficClass> classes = EnumSet.noneOf(TrafficClass.class);
        for (String label : v.get().split(",")) {
            if (label.isBlank()) {
                continue;
            }
            try {
                classes.add(TrafficClass.fromLabel(label.strip().toLowerCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                env.problem(name + " names '" + label.strip()
                        + "'; known classes are car, truck, bus, person, bicycle, motorcycle");
            }
        }
        return classes;
    }
}
