package dev.trafficcam.model.functions;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * The pipeline's functions as they are deployed: read by the CDK app ({@code cdk}) and by the local stack, which runs
 * each one from the same jar, handler, memory, time-out, SnapStart setting, reserved concurrency and environment names.
 *
 * <p>Runtime java21: Lambda's java21 runtime already stops tiered compilation at level 1 (Lambda developer guide,
 * "Customize Java runtime startup behavior": for Java 17 and later the flags default to {@code -XX:+TieredCompilation
 * -XX:TieredStopAtLevel=1}), so no {@code JAVA_TOOL_OPTIONS} repeat it; see docs/DEPLOY.md for why java21 and not
 * java25.
 */
public final class LambdaFunctions {
    public static final String RUNTIME = "java21";

    /**
     * {@code POST /frames/{fileName}} behind API Gateway; out of the VPC. It mostly waits on the model, and is billed
     * for the wait by GB-second, so it gets what its own part needs and no more: about 100 MB resident and 12 ms of CPU
     * a frame at every size measured (docs/PERFORMANCE.md, "The inference function's memory"). 1,024 MB gives 0.58 of a
     * vCPU (one at 1,769 MB), which stretches that part from ~14 ms at 1,536 MB to ~21 ms, for a third less per second
     * waited; 512 MB would stretch it to ~42 ms. On arm64, which costs a fifth less per GB-second and which SnapStart
     * supports (Lambda developer guide, "Improving startup performance with Lambda SnapStart": its limitations name
     * provisioned concurrency, EFS and ephemeral storage over 512 MB, no longer arm64); the jar has no native code (the
     * SDK's URL-connection client, Jackson, CRaC).
     */
    public static final FunctionSpec INFERENCE = new FunctionSpec(
            "frame-inference",
            "inference-lambda",
            "dev.trafficcam.inference.InferenceHandler::handleRequest",
            RUNTIME,
            1024,
            Duration.ofSeconds(28),
            true,
            OptionalInt.empty(),
            List.of(
                    "SAGEMAKER_ENDPOINT_NAME",
                    "PERSISTENCE_FUNCTION_NAME",
                    "FRAMES_BUCKET",
                    "FAILURE_QUEUE_URL",
                    "MIN_SCORES",
                    DetectorThresholds.BLUR_MIN_SCORE),
            FunctionSpec.ARM64);

    /** Invoked asynchronously with each persistence event; reserved concurrency bounds the database's connections. */
    public static final FunctionSpec PERSISTENCE = new FunctionSpec(
            "frame-persistence",
            "persistence-lambda",
            "dev.trafficcam.persistence.PersistenceHandler::handleRequest",
            RUNTIME,
            1024,
            Duration.ofSeconds(60),
            true,
            OptionalInt.of(50),
            List.of(
                    "FRAMES_BUCKET",
                    "DB_URL",
                    "DB_USER",
                    "DB_AUTH",
                    ImagePrivacy.BLUR_PEOPLE,
                    ImagePrivacy.KEEP_ORIGINALS,
                    ImagePrivacy.ANNOTATE_ON_READ,
                    ImagePrivacy.IMAGE_EVERY_SECONDS));

    /**
     * Replays the dead-letter queue (what automatic redelivery gave up on) when an operator asks; run by hand, seldom,
     * so without SnapStart. Its {@code FAILURE_QUEUE_URL} is the dead-letter queue's.
     */
    public static final FunctionSpec REPLAY = new FunctionSpec(
            "frame-replay",
            "persistence-lambda",
            "dev.trafficcam.persistence.replay.ReplayHandler::handleRequest",
            RUNTIME,
            512,
            Duration.ofMinutes(15),
            false,
            OptionalInt.empty(),
            List.of("FAILURE_QUEUE_URL", "PERSISTENCE_FUNCTION_NAME"));

    /**
     * The failure queue's event source: each failed persistence event is run through the persistence function again (a
     * synchronous invoke), one message per invocation, hidden for a doubling delay after each failure
     * ({@link RedeliveryPolicy}). 90 s covers the persistence function's 60 s and the queue calls; the failure queue's
     * visibility time-out is six times this (Lambda developer guide, "Creating and configuring an Amazon SQS event
     * source mapping"). Runs seldom and off the request path, so without SnapStart.
     */
    public static final FunctionSpec REDELIVERY = new FunctionSpec(
            "frame-redelivery",
            "persistence-lambda",
            "dev.trafficcam.persistence.replay.RedeliveryHandler::handleRequest",
            RUNTIME,
            512,
            Duration.ofSeconds(90),
            false,
            OptionalInt.empty(),
            List.of(
                    "FAILURE_QUEUE_URL",
                    "PERSISTENCE_FUNCTION_NAME",
                    RedeliveryPolicy.FIRST_DELAY_SECONDS,
                    RedeliveryPolicy.MAX_DELAY_SECONDS));

    /**
     * An operator's question, is this frame stored and where ({@code {"frameId": ...}}): the post-deploy check asks it.
     * Reads the rows as the read-only user; seldom called, so without SnapStart.
     */
    public static final FunctionSpec FRAME_LOOKUP = new FunctionSpec(
            "frame-lookup",
            "persistence-lambda",
            "dev.trafficcam.persistence.FrameLookupHandler::handleRequest",
            RUNTIME,
            512,
            Duration.ofSeconds(10),
            false,
            OptionalInt.empty(),
            List.of("DB_URL", "DB_USER", "DB_AUTH"));

    /**
     * An operator's erasure of a camera's images in a range ({@code POST /admin/erasures}), as its own database user;
     * in the VPC, to reach the database and the bucket. Seldom called, so without SnapStart. Each call works for at
     * most {@code ERASURE_BUDGET_MS} and says whether it finished, so a large range is erased in several calls within
     * API Gateway's 29 s.
     */
    public static final FunctionSpec FRAME_ERASURE = new FunctionSpec(
            "frame-erasure",
            "persistence-lambda",
            "dev.trafficcam.persistence.erasure.ErasureHandler::handleRequest",
            RUNTIME,
            1024,
            Duration.ofSeconds(28),
            false,
            OptionalInt.of(2),
            List.of("FRAMES_BUCKET", "DB_URL", "DB_USER", "DB_AUTH"));

    /** Flyway on every deploy, before the persistence alias moves. */
    public static final FunctionSpec MIGRATION = new FunctionSpec(
            "schema-migration",
            "database",
            "dev.trafficcam.db.MigrationHandler::handleRequest",
            RUNTIME,
            1024,
            Duration.ofMinutes(5),
            false,
            OptionalInt.empty(),
            List.of(
                    "DB_URL",
                    "DB_SECRET_ARN",
                    "DB_APP_USER",
                    "DB_READER_USER",
                    "DB_ERASER_USER",
                    "DB_KEYS_USER",
                    "DEFAULT_TIME_ZONE"));

    /**
     * The frames API's authorizer: runs once per camera key per cache period (API Gateway caches its answer), in the
     * VPC to reach the keys through RDS Proxy; SnapStart keeps the first check of a new environment short. Reserved
     * concurrency 20: a flood of made-up keys (each a cache miss) can neither take the account's concurrency from the
     * inference function nor open more than 20 connections to the keys; 20 environments at about 10 ms a check are
     * 2,000 checks a second, seventy times what 100,000 cameras need at the hour's cache (docs/OPERATIONS.md).
     */
    public static final FunctionSpec CAMERA_AUTHORIZER = new FunctionSpec(
            "camera-authorizer",
            "access-keys",
            "dev.trafficcam.access.KeyAuthorizerHandler::handleRequest",
            RUNTIME,
            1024,
            Duration.ofSeconds(10),
            true,
            OptionalInt.of(20),
            List.of("DB_URL", "DB_USER", "DB_AUTH"));

    /** The operators' camera routes ({@code /admin/cameras}); seldom called, so without SnapStart. */
    public static final FunctionSpec CAMERA_ADMIN = new FunctionSpec(
            "camera-admin",
            "access-keys",
            "dev.trafficcam.access.OperatorsHandler::handleRequest",
            RUNTIME,
            512,
            Duration.ofSeconds(30),
            false,
            OptionalInt.empty(),
            List.of("DB_URL", "DB_USER", "DB_AUTH", "KEY_CACHE_SECONDS"));

    /**
     * The read API and the dashboard ({@code GET /cameras...}, {@code GET /frames/{frameId}}, {@code GET /}), as the
     * read-only database user; SnapStart, as a person waits for it. Reserved concurrency bounds its database
     * connections, beside the persistence function's 50.
     */
    public static final FunctionSpec READ = new FunctionSpec(
            "traffic-read",
            "read-api",
            "dev.trafficcam.read.ReadHandler::handleRequest",
            RUNTIME,
            1024,
            Duration.ofSeconds(10),
            true,
            OptionalInt.of(10),
            List.of("FRAMES_BUCKET", "DB_URL", "DB_USER", "DB_AUTH", ImagePrivacy.IMAGE_RETENTION_DAYS));

    /** The daily BI export of counts to S3 ({@code exports/}), on a schedule; seldom, so without SnapStart. */
    public static final FunctionSpec COUNTS_EXPORT = new FunctionSpec(
            "counts-export",
            "read-api",
            "dev.trafficcam.read.CountsExportHandler::handleRequest",
            RUNTIME,
            512,
            Duration.ofMinutes(5),
            false,
            OptionalInt.empty(),
            List.of("FRAMES_BUCKET", "DB_URL", "DB_USER", "DB_AUTH"));

    /**
     * When the export runs each day (UTC): the local day before has ended by then from UTC-10 to UTC+14, since capture
     * times are the cameras' local time.
     */
    public static final int COUNTS_EXPORT_HOUR_UTC = 10;

    /** The silent-camera alarm's setting: minutes without a frame after which a camera that sent is named. */
    public static final String SILENT_AFTER_MINUTES = "SILENT_AFTER_MINUTES";

    public static final int DEFAULT_SILENT_AFTER_MINUTES = 15;

    /**
     * The most cameras one silent-camera check names (it counts the rest): the check's answer is a synchronous invoke's
     * (at most 6 MB, Lambda API reference, Invoke) and the alarm's message an SNS message (at most 256 KB, SNS API
     * reference, Publish); 500 lines of about 150 bytes fit both.
     */
    public static final int SILENT_NAMED_AT_MOST = 500;

    /** How often the silent-camera alarm runs (its EventBridge schedule). */
    public static final int SILENT_CHECK_EVERY_MINUTES = 5;

    /**
     * The setting {@code silentCameraMinutes}, checked the same in the CDK app and the local stack: from the check's
     * period (a shorter silence could fall between two checks) to a week.
     *
     * @return the minutes
     */
    public static int silentCameraMinutes(int minutes) {
        if (minutes < SILENT_CHECK_EVERY_MINUTES || minutes > 7 * 24 * 60) {
            throw new IllegalArgumentException("silentCameraMinutes is from " + SILENT_CHECK_EVERY_MINUTES
                    + " (the check runs every " + SILENT_CHECK_EVERY_MINUTES + " minutes) to 10080 (a week), got "
                    + minutes);
        }
        return minutes;
    }

    /**
     * Which cameras went silent, asked by the alarm function: in the VPC, as the read-only database user. Seldom and
     * off any request path, so without SnapStart.
     */
    public static final FunctionSpec SILENT_CAMERAS = new FunctionSpec(
            "silent-cameras",
            "read-api",
            "dev.trafficcam.read.SilentCamerasHandler::handleRequest",
            RUNTIME,
            512,
            Duration.ofSeconds(30),
            false,
            OptionalInt.empty(),
            List.of("FRAMES_BUCKET", "DB_URL", "DB_USER", "DB_AUTH"));

    /**
     * The silent-camera alarm: on a schedule, asks {@link #SILENT_CAMERAS} and names the cameras on the alarm topic.
     * Outside the VPC, so that it reaches SNS without an interface endpoint; without SnapStart.
     */
    public static final FunctionSpec SILENT_CAMERA_ALARM = new FunctionSpec(
            "silent-camera-alarm",
            "camera-alarms",
            "dev.trafficcam.alarms.SilentCameraAlarmHandler::handleRequest",
            RUNTIME,
            512,
            Duration.ofSeconds(60),
            false,
            OptionalInt.empty(),
            List.of("CHECK_FUNCTION_NAME", "ALARM_TOPIC_ARN", SILENT_AFTER_MINUTES));

    public static final List<FunctionSpec> ALL = List.of(
            INFERENCE,
            PERSISTENCE,
            REPLAY,
            REDELIVERY,
            FRAME_LOOKUP,
            FRAME_ERASURE,
            MIGRATION,
            CAMERA_AUTHORIZER,
            CAMERA_ADMIN,
            READ,
            COUNTS_EXPORT,
            SILENT_CAMERAS,
            SILENT_CAMERA_ALARM);

    private LambdaFunctions() {}
}
