package dev.trafficcam.cdk;

import dev.trafficcam.model.functions.DetectorPreset;
import dev.trafficcam.model.functions.ImagePrivacy;
import dev.trafficcam.model.functions.LambdaFunctions;
import dev.trafficcam.model.functions.Lifetimes;
import java.nio.file.Path;
import software.constructs.Node;

/**
 * The deployment's knobs, from CDK context ({@code cdk.json} or {@code -c name=value}):
 *
 * @param detector the model, instance type, container and thresholds ({@code detector}, a {@link DetectorPreset} name;
 *     {@code modelId}, {@code modelRevision} and {@code instanceType} change one part of it, within its family)
 * @param existingEndpointName use this SageMaker endpoint instead of creating one (then no SageMaker resources)
 * @param auroraMinCapacity Aurora Serverless v2 minimum ACUs
 * @param auroraMaxCapacity Aurora Serverless v2 maximum ACUs
 * @param replayWindowDays how long a failed event waits on the failure queue for replay (1 to 14); the claim checks'
 *     lifetime and the async event age follow from it ({@link Lifetimes})
 * @param deletionProtection Aurora's deletion protection (turn it off, deploy, then {@code cdk destroy})
 * @param alarmEmail an address subscribed to the alarm topic, or null for none
 * @param endpointScaling the endpoint's instances and autoscaling ({@code endpointMinInstances},
 *     {@code endpointMaxInstances}, {@code endpointMaxRps})
 * @param functionsDir the project directory holding the built function jars
 * @param privacy what is kept of the images and for how long ({@code blurPeople}, {@code keepOriginals},
 *     {@code annotateOnRead}, {@code imageRetentionDays}, {@code imageEverySeconds}; docs/PRIVACY.md)
 * @param wafRateLimit requests one IP address may make in 5 minutes before AWS WAF blocks it ({@code wafRateLimit}; 0:
 *     no web ACL); at least 10, WAF's lowest
 * @param silentCameraMinutes minutes without a frame after which a camera that has sent is named on the alarm topic
 *     ({@code silentCameraMinutes}, 15 by default; at least the schedule's 5)
 * @param timeZone the IANA time zone of cameras added without one ({@code timeZone}, UTC by default): their file names
 *     give wall-clock time in it. The migration that made capture times instants read every earlier frame in it.
 */
public record PipelineSettings(
        DetectorPreset detector,
        String existingEndpointName,
        double auroraMinCapacity,
        double auroraMaxCapacity,
        int replayWindowDays,
        boolean deletionProtection,
        String alarmEmail,
        EndpointScaling endpointScaling,
        Path functionsDir,
        ImagePrivacy privacy,
        int wafRateLimit,
        int silentCameraMinutes,
        String timeZone) {

    /**
     * 3,000 requests in 5 minutes, 10 a second, from one address: 50 cameras sending a frame every 5 s behind one NAT,
     * with room for their resends; a flood from one address is cut after a few thousand requests.
     */
    public static final int DEFAULT_WAF_RATE_LIMIT = 3000;

    public PipelineSettings {
        java.util.Objects.requireNonNull(detector, "detector");
        if (wafRateLimit != 0 && (wafRateLimit < 10 || wafRateLimit > 2_000_000_000)) {
            throw new IllegalArgumentException(
                    "wafRateLimit is 0 (no web ACL) or 10 and more requests per 5 minutes per address (AWS WAF's"
                            + " lowest rate limit is 10), got " + wafRateLimit);
        }
        if (auroraMinCapacity < 0 || auroraMaxCapacity < auroraMinCapacity || auroraMaxCapacity > 256) {
            throw new IllegalArgumentException("Aurora capacity must satisfy 0 <= min <= max <= 256 ACU, got "
                    + auroraMinCapacity + ".." + auroraMaxCapacity);
        }
        Lifetimes.ofDays(replayWindowDays); // 1 to 14 days, or it says why not
        LambdaFunctions.silentCameraMinutes(silentCameraMinutes); // 5 to 10,080, or it says why not
        dev.trafficcam.model.CaptureTimes.zone(timeZone); // an IANA zone, or it says what one looks like
    }

    public static PipelineSettings defaults(Path functionsDir) {
        return new PipelineSettings(
                DetectorPreset.DEFAULT,
                null,
                0.5,
                4,
                14,
                true,
                null,
                EndpointScaling.DEFAULT,
                functionsDir,
                ImagePrivacy.DEFAULT,
                DEFAULT_WAF_RATE_LIMIT,
                LambdaFunctions.DEFAULT_SILENT_AFTER_MINUTES,
                "UTC");
    }

    static PipelineSettings fromContext(Node node, Path functionsDir) {
        PipelineSettings d = defaults(functionsDir);
        String existing = blankToNull(string(node, "existingEndpointName", null));
        DetectorPreset preset =
                DetectorPreset.named(string(node, "detector", d.detector().name()));
        preset = preset.withModel(
                        string(node, "modelId", preset.modelId()),
                        string(node, "modelRevision", preset.modelRevision()))
                .withInstanceType(string(node, "instanceType", preset.instanceType()));
        return new PipelineSettings(
                preset,
                existing,
                number(node, "auroraMinCapacity", d.auroraMinCapacity()),
                number(node, "auroraMaxCapacity", d.auroraMaxCapacity()),
                (int) number(node, "replayWindowDays", d.replayWindowDays()),
                Boolean.parseBoolean(string(node, "deletionProtection", String.valueOf(d.deletionProtection()))),
                blankToNull(string(node, "alarmEmail", null)),
                new EndpointScaling(
                        (int) number(
                                node,
                                "endpointMinInstances",
                                d.endpointScaling().minInstances()),
                        (int) number(
                                node,
                                "endpointMaxInstances",
                                d.endpointScaling().maxInstances()),
                        blankToNull(string(node, "endpointMaxRps", null)) == null
                                ? null
                                : Double.valueOf(string(node, "endpointMaxRps", null))),
                functionsDir,
                new ImagePrivacy(
                        flag(node, "blurPeople", d.privacy().blurPeople()),
                        flag(node, "keepOriginals", d.privacy().keepOriginals()),
                        (int) number(node, "imageRetentionDays", d.privacy().imageRetentionDays()),
                        flag(node, "annotateOnRead", d.privacy().annotateOnRead()),
                        (int) number(node, "imageEverySeconds", d.privacy().imageEverySeconds())),
                (int) number(node, "wafRateLimit", d.wafRateLimit()),
                (int) number(node, "silentCameraMinutes", d.silentCameraMinutes()),
                string(node, "timeZone", d.timeZone()));
    }

    public PipelineSettings withExistingEndpoint(String name) {
        Draft d = new Draft(this);
        d.existingEndpointName = name;
        return d.settings();
    }

    public PipelineSettings withAlarmEmail(String address) {
        Draft d = new Draft(this);
        d.alarmEmail = address;
        return d.settings();
    }

    public PipelineSettings withEndpointScaling(EndpointScaling scaling) {
        Draft d = new Draft(this);
        d.endpointScaling = scaling;
        return d.settings();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** How long unstored frames and their events live, all from {@link #replayWindowDays}. */
    public Lifetimes lifetimes() {
        return Lifetimes.ofDays(replayWindowDays);
    }

    private static String string(Node node, String key, String fallback) {
        Object v = node.tryGetContext(key);
        return v == null ? fallback : v.toString();
    }

    public String modelId() {
        return detector.modelId();
    }

    public String modelRevision() {
        return detector.modelRevision();
    }

    public String instanceType() {
        return detector.instanceType();
    }

    /** Whether {@link #modelRevision} names a commit (40 hex digits), which nobody can move, rather than a branch. */
    public boolean modelPinned() {
        return modelRevision() != null && modelRevision().matches("[0-9a-f]{40}");
    }

    public PipelineSettings withModelRevision(String revision) {
        Draft d = new Draft(this);
        d.detector = detector.withModel(detector.modelId(), revision);
        return d.settings();
    }

    public PipelineSettings withDetector(DetectorPreset preset) {
        Draft d = new Draft(this);
        d.detector = preset;
        return d.settings();
    }

    public PipelineSettings withWafRateLimit(int limit) {
        Draft d = new Draft(this);
        d.wafRateLimit = limit;
        return d.settings();
    }

    public PipelineSettings withTimeZone(String zone) {
        Draft d = new Draft(this);
        d.timeZone = zone;
        return d.settings();
    }

    public PipelineSettings withSilentCameraMinutes(int minutes) {
        Draft d = new Draft(this);
        d.silentCameraMinutes = minutes;
        return d.settings();
    }

    public PipelineSettings withPrivacy(ImagePrivacy p) {
        Draft d = new Draft(this);
        d.privacy = p;
        return d.settings();
    }

    /** {@code true} or {@code false}, nothing else: a typo must not switch a privacy setting off. */
    private static boolean flag(Node node, String key, boolean fallback) {
        String v = string(node, key, String.valueOf(fallback)).strip();
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false, got '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    private static double number(Node node, String key, double fallback) {
        Object v = node.tryGetContext(key);
        return v == null ? fallback : Double.parseDouble(v.toString());
    }

    /** A copy of the settings to change one part of: each {@code with...} sets one and builds anew. */
    private static final class Draft {
        DetectorPreset detector;
        String existingEndpointName;
        double auroraMinCapacity;
        double auroraMaxCapacity;
        int replayWindowDays;
        boolean deletionProtection;
        String alarmEmail;
        EndpointScaling endpointScaling;
        Path functionsDir;
        ImagePrivacy privacy;
        int wafRateLimit;
        int silentCameraMinutes;
        String timeZone;

        Draft(PipelineSettings s) {
            detector = s.detector();
            existingEndpointName = s.existingEndpointName();
            auroraMinCapacity = s.auroraMinCapacity();
            auroraMaxCapacity = s.auroraMaxCapacity();
            replayWindowDays = s.replayWindowDays();
            deletionProtection = s.deletionProtection();
            alarmEmail = s.alarmEmail();
            endpointScaling = s.endpointScaling();
            functionsDir = s.functionsDir();
            privacy = s.privacy();
            wafRateLimit = s.wafRateLimit();
            silentCameraMinutes = s.silentCameraMinutes();
            timeZone = s.timeZone();
        }

        PipelineSettings settings() {
            return new PipelineSettings(
                    detector,
                    existingEndpointName,
                    auroraMinCapacity,
                    auroraMaxCapacity,
                    replayWindowDays,
                    deletionProtection,
                    alarmEmail,
                    endpointScaling,
                    functionsDir,
                    privacy,
                    wafRateLimit,
                    silentCameraMinutes,
                    timeZone);
        }
    }
}
