package dev.trafficcam.local;

import dev.trafficcam.model.Camera;
import dev.trafficcam.model.functions.ImagePrivacy;
import dev.trafficcam.model.functions.LambdaFunctions;
import dev.trafficcam.ops.CameraAdminClient;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar local-pipeline/target/local-pipeline.jar [--api-port N] [--data-dir DIR]}: starts the whole pipeline
 * on loopback, prints each endpoint and then a line with {@code ready}; Ctrl-C stops every part.
 */
public final class LocalPipelineMain {
    /** The camera of the README's quick start and of samples/: registered at each start, with a fresh key. */
    static final Camera DEMO_CAMERA = new Camera("tiensevest", "Leuven", "Belgium");
    /** The viewer the stack issues a key for at each start, for the dashboard. */
    static final String DEMO_VIEWER = "demo";

    private LocalPipelineMain() {}

    /**
     * {@code blurPeople=false}, {@code silentCameraMinutes=30} and the like: a deployment setting under the CDK
     * context's name, applied to the stack's options.
     */
    private static LocalPipeline.Options context(LocalPipeline.Options options, String setting) {
        String[] parts = setting.split("=", 2);
        String value = parts.length == 2 ? parts[1].strip() : "";
        ImagePrivacy privacy = options.privacy();
        try {
            return switch (parts[0].strip()) {
                case "blurPeople" -> options.withPrivacy(privacy.withBlurPeople(bool(value)));
                case "keepOriginals" -> options.withPrivacy(privacy.withKeepOriginals(bool(value)));
                case "imageRetentionDays" ->
                    options.withPrivacy(privacy.withImageRetentionDays(Integer.parseInt(value)));
                case "annotateOnRead" -> options.withPrivacy(privacy.withAnnotateOnRead(bool(value)));
                case "imageEverySeconds" -> options.withPrivacy(privacy.withImageEverySeconds(Integer.parseInt(value)));
                case "silentCameraMinutes" -> options.withSilentCameraMinutes(Integer.parseInt(value));
                case "timeZone" -> options.withTimeZone(dev.trafficcam.model.CaptureTimes.zone(value));
                default ->
                    throw new IllegalArgumentException("unknown setting '" + parts[0]
                            + "'; known: blurPeople, keepOriginals, imageRetentionDays, annotateOnRead,"
                            + " imageEverySeconds, silentCameraMinutes, timeZone");
            };
        } catch (IllegalArgumentException e) {
            fail(2, "-c " + setting + ": " + e.getMessage());
            return options;
        }
    }

    private static boolean bool(String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    public static void main(String[] args) throws Exception {
        LocalPipeline.Options defaults = LocalPipeline.Options.defaults();
        int apiPort = defaults.apiPort();
        Path dataDir = defaults.dataDir();
        double failS3 = 0;
        double failDb = 0;
        java.util.Optional<Faults.Outage> outage = java.util.Optional.empty();
        LocalPipeline.CameraLimits limits = defaults.cameraLimits();
        LocalPipeline.Architecture architecture = defaults.architecture();
        LocalPipeline.Options settings = defaults;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--api-port" -> apiPort = port(value(args, ++i, "--api-port"));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
                case "--fail-s3" -> failS3 = fraction(value(args, ++i, "--fail-s3"), "--fail-s3");
                case "--fail-db" -> failDb = fraction(value(args, ++i, "--fail-db"), "--fail-db");
                case "--db-outage" -> outage = java.util.Optional.of(outage(value(args, ++i, "--db-outage")));
                case "--camera-limits" -> limits = limits(value(args, ++i, "--camera-limits"));
                case "--architecture" -> architecture = architecture(value(args, ++i, "--architecture"));
                case "-c", "--context" -> settings = context(settings, value(args, ++i, "-c"));
                case "-h", "--help" -> {
                    System.out.println("""
                            usage: ./run-local [options]        (java -jar local-pipeline/target/local-pipeline.jar [options])
                              --api-port N          the API's port (8080)
                              --data-dir DIR        database and S3 objects, kept across restarts (./.local-pipeline)
                              --camera-limits R:B   each camera's requests per second and burst (AWS's: 1:5); raise
                                                    them to send one camera's frames back to back
                              --architecture A      split (this design: answer, then store asynchronously) or
                                                    single-function (the design it replaces: store and annotate
                                                    each frame before answering), to compare the two
                              -c NAME=VALUE         a deployment setting, named as in the CDK context:
                                                    blurPeople=true|false (true), keepOriginals=true|false (true),
                                                    imageRetentionDays=N (30); docs/PRIVACY.md;
                                                    silentCameraMinutes=N (15): a camera silent this
                                                    long is named on the alarm topic, printed here;
                                                    timeZone=ZONE (UTC): the IANA zone of cameras
                                                    added without --time-zone
                            fault injection (off by default):
                              --fail-s3 FRACTION    this share of S3 writes by the persistence function fails (0..1)
                              --fail-db FRACTION    this share of its database transactions fails (0..1)
                              --db-outage AFTER:FOR PostgreSQL goes away AFTER seconds after start, for FOR seconds
                            the operators' commands, against this stack or a deployed one:
                              ./run-local cameras|viewers|replay|post-deploy-check|evaluate --help""");
                    return;
                }
                default -> fail(2, "unknown argument '" + args[i] + "'; see --help");
            }
        }
        long start = System.nanoTime();
        System.out.println("starting the local stack (data in " + dataDir.toAbsolutePath() + ") ...");
        LocalPipeline stack;
        try {
            stack = LocalPipeline.start(settings.withApiPort(apiPort)
                    .withDataDir(dataDir)
                    .withFaults(new Faults(failS3, failDb, outage))
                    .withCameraLimits(limits)
                    .withArchitecture(architecture));
        } catch (BindException e) {
            fail(3, "port " + apiPort + " is already in use: stop what uses it or start with --api-port N");
            return;
        } catch (Exception e) {
            fail(1, "the local stack did not start: " + e.getMessage());
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping the local stack ...");
            stack.close();
            stopped.countDown();
        }));
        LocalPipeline.Endpoints e = stack.endpoints();
        String demoKey;
        String viewerKey;
        try {
            CameraAdminClient admin = new CameraAdminClient(e.api().toString());
            demoKey = admin.keyFor(DEMO_CAMERA);
            viewerKey = admin.viewerKeyFor(DEMO_VIEWER);
        } catch (Exception ex) {
            stack.close();
            fail(1, "the demo camera and viewer could not be registered: " + ex.getMessage());
            return;
        }
        System.out.println(
                "API          " + e.api() + "/frames/{fileName}   (POST, Content-Type image/jpeg or image/png, "
                        + "Authorization: Bearer <camera key>)");
        System.out.println(
                "Cameras      ./run-local cameras add|list|rotate|revoke ...   (" + e.api() + "/admin/cameras)");
        System.out.println(
                "Read API     " + e.api()
                        + "/cameras, /cameras/{cameraId}/counts, /cameras/{cameraId}/frames, /frames/{frameId}"
                        + "   (GET, Authorization: Bearer <viewer key>; viewers: ./run-local viewers add|list|rotate|revoke ...)");
        System.out.println("S3           " + e.s3() + "   bucket " + e.bucket() + "   access key "
                + LocalPipeline.ACCESS_KEY + " / secret " + LocalPipeline.SECRET_KEY);
        System.out.println("SQS          " + e.sqs() + "   failure queue " + e.failureQueueUrl()
                + " (redelivered automatically)   dead-letter queue " + e.deadLetterQueueUrl());
        System.out.println("PostgreSQL   " + e.psqlUrl() + "   (password postgres)   JDBC " + e.jdbcUrl());
        System.out.println("Lambda       " + e.lambda() + "   (functions " + LocalPipeline.INFERENCE_FUNCTION + ", "
                + LocalPipeline.PERSISTENCE_FUNCTION + ", " + LambdaFunctions.FRAME_LOOKUP.name()
                + ": the deployed jars, one JVM per execution environment, started on first use)");
        System.out.println("SageMaker    " + e.sageMaker() + "   (endpoint " + LocalPipeline.ENDPOINT_NAME + ")");
        System.out.println("Replay       AWS_ACCESS_KEY_ID=" + LocalPipeline.ACCESS_KEY + " AWS_SECRET_ACCESS_KEY="
                + LocalPipeline.SECRET_KEY + " ./run-local replay --queue-url " + e.deadLetterQueueUrl()
                + " --function-name " + LocalPipeline.PERSISTENCE_FUNCTION + " --sqs-endpoint " + e.sqs()
                + " --lambda-endpoint " + e.lambda());
        System.out.println("Demo camera  " + DEMO_CAMERA.address() + ", " + DEMO_CAMERA.city() + ", "
                + DEMO_CAMERA.country() + "   camera key " + demoKey);
        System.out.println(
                "Dashboard    " + e.api() + "/   viewer key " + viewerKey + "   (the page asks for it once)");
        if (architecture == LocalPipeline.Architecture.SINGLE_FUNCTION) {
            System.out.println(
                    "Architecture single-function: each frame is stored and annotated before its answer (the design this one replaces)");
        }
        System.out.printf("ready in %.1f s (Ctrl-C stops)%n", (System.nanoTime() - start) / 1e9);
        stopped.await();
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            fail(2, flag + " needs a value");
        }
        return args[i];
    }

    private static double fraction(String text, String flag) {
        try {
            double f = Double.parseDouble(text);
            if (!(f >= 0 && f <= 1)) {
                throw new NumberFormatException();
            }
            return f;
        } catch (NumberFormatException e) {
            fail(2, flag + " takes a fraction 0..1, got '" + text + "'");
            return 0;
        }
    }

    private static Faults.Outage outage(String text) {
        String[] parts = text.split(":");
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            return new Faults.Outage(
                    java.time.Duration.ofSeconds(Long.parseLong(parts[0])),
                    java.time.Duration.ofSeconds(Long.parseLong(parts[1])));
        } catch (NumberFormatException e) {
            fail(2, "--db-outage takes AFTER:FOR in seconds, e.g. 30:20, got '" + text + "'");
            return null;
        }
    }

    private static LocalPipeline.Architecture architecture(String text) {
        return switch (text) {
            case "split" -> LocalPipeline.Architecture.SPLIT;
            case "single-function" -> LocalPipeline.Architecture.SINGLE_FUNCTION;
            default -> {
                fail(2, "--architecture takes split or single-function, got '" + text + "'");
                yield null;
            }
        };
    }

    private static LocalPipeline.CameraLimits limits(String text) {
        String[] parts = text.split(":");
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            double rate = Double.parseDouble(parts[0]);
            int burst = Integer.parseInt(parts[1]);
            if (!(rate > 0) || burst < 1) {
                throw new NumberFormatException();
            }
            return new LocalPipeline.CameraLimits(rate, burst);
        } catch (NumberFormatException e) {
            fail(
                    2,
                    "--camera-limits takes RATE:BURST, a positive rate per second and a burst of 1 or more, e.g. 1:5, got '"
                            + text + "'");
            return null;
        }
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            fail(2, "--api-port takes a port number 0..65535, got '" + text + "'");
            return -1;
        }
    }

    private static void fail(int code, String message) {
        System.err.println("local-pipeline: " + message);
        System.exit(code);
    }
}
