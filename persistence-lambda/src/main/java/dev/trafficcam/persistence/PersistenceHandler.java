package dev.trafficcam.persistence;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.db.DatabaseConnections;
import dev.trafficcam.db.DatabaseSession;
import dev.trafficcam.model.InvalidEventException;
import dev.trafficcam.model.Json;
import dev.trafficcam.model.PersistenceEvent;
import dev.trafficcam.model.PersistenceEvents;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The persistence function, invoked asynchronously with one persistence event. Thin: read the event, store the frame
 * ({@link FramePersistence}), answer {@code {"frameId":..,"outcome":..}} and log one JSON line. A failure is reported
 * to Lambda bounded ({@link ReportedError}), so that its on-failure record always fits the failure queue. Invoked
 * synchronously with {@code {"lookup": "<frameId>"}}, it answers whether and how that frame is stored, for operators.
 * Exceptions are left to Lambda: it retries (twice) and then sends the event to the failure queue;
 * {@link InvalidEventException} marks the events no retry can store.
 */
public final class PersistenceHandler implements RequestStreamHandler, Resource {
    /** The field of an operator's lookup request: {@code {"lookup": "<frameId>"}}. */
    public static final String LOOKUP = "lookup";

    private final FramePersistence persistence;
    private final Consumer<String> log;
    private final Primer primer;

    private interface Primer {
        void prime() throws IOException;
    }

    /**
     * Used by Lambda: configuration from the environment, credentials from the function's role through the SDK's
     * default chain (container credentials under SnapStart, see {@code InferenceHandler}); with SnapStart, the handler
     * primes itself before the snapshot ({@link #beforeCheckpoint}).
     */
    public PersistenceHandler() {
        this(
                PersistenceConfig.fromEnvironment(System.getenv()),
                DefaultCredentialsProvider.builder().build(),
                System.out::println);
        Core.getGlobalContext().register(this);
    }

    /** Builds the real collaborators from a configuration; the local stack and tests use this. */
    public PersistenceHandler(PersistenceConfig config, AwsCredentialsProvider credentials, Consumer<String> log) {
        this(
                config,
                s3(config, credentials),
                new DatabaseSession(new DatabaseConnections(config.database())),
                new Annotator(),
                log);
    }

    private PersistenceHandler(
            PersistenceConfig config, S3Client s3, DatabaseSession session, Annotator annotator, Consumer<String> log) {
        this(
                new FramePersistence(
                        new FrameObjects(s3, config.framesBucket()), new FrameRepository(session), annotator),
                log,
                () -> Priming.prime(s3, config.framesBucket(), annotator, session));
    }

    public PersistenceHandler(FramePersistence persistence, Consumer<String> log) {
        this(persistence, log, () -> {});
    }

    private PersistenceHandler(FramePersistence persistence, Consumer<String> log, Primer primer) {
        this.persistence = persistence;
        this.log = log;
        this.primer = primer;
    }

    /** SnapStart: warm the paths of an event without touching S3 or the database; hold no connection. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) throws IOException {
        long start = System.nanoTime();
        primer.prime();
        log.accept(Json.write(Map.of(
                "level",
                "INFO",
                "message",
                "primed before the snapshot",
                "ms",
                Math.round((System.nanoTime() - start) / 1e6))));
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // the database connection is opened by the first event after the restore
    }

    public static S3Client s3(PersistenceConfig config, AwsCredentialsProvider credentials) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(config.s3Timeout()))
                .overrideConfiguration(o -> o.apiCallTimeout(config.s3Timeout().multipliedBy(3))
                        .addExecutionInterceptor(Priming.STOP_BEFORE_SENDING))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        // S3 stand-ins on loopback (s3proxy): path style, and plain signed bodies, since s3proxy 4.1 leaves
        // a kept-alive connection broken after an aws-chunked upload. In AWS (HTTPS) neither applies.
        config.s3Endpoint()
                .ifPresent(endpoint -> builder.endpointOverride(endpoint)
                        .forcePathStyle(true)
                        .serviceConfiguration(S3Configuration.builder()
                                .chunkedEncodingEnabled(false)
                                .build()));
        return builder.build();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        long start = System.nanoTime();
        String requestId = context != null ? context.getAwsRequestId() : null;
        PersistenceEvent event = null;
        try {
            JsonNode request = PersistenceEvents.parse(input.readAllBytes());
            if (request.has(LOOKUP)) {
                output.write(Json.writeBytes(lookup(request.get(LOOKUP).asText(), requestId, start)));
                return;
            }
            event = PersistenceEvents.fromTree(request);
            FramePersistence.Outcome outcome = persistence.persist(event);
            log(requestId, event, outcome.name(), null, start);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("frameId", event.frameId().toString());
            answer.put("outcome", outcome.name());
            output.write(Json.writeBytes(answer));
        } catch (RuntimeException e) {
            log(requestId, event, e instanceof InvalidEventException ? "INVALID" : "FAILED", e, start);
            throw ReportedError.of(e);
        }
    }

    /**
     * An operator's question, invoked synchronously: is frame {@code id} stored, and under which keys? Reads the rows
     * only (the post-deploy check asks it; see README, "Check a deployment").
     */
    private Map<String, Object> lookup(String id, String requestId, long start) {
        UUID frameId;
        try {
            frameId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("lookup needs a frame id (a UUID), got '" + id + "'", e);
        }
        Optional<StoredFrame> stored = persistence.lookup(frameId);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("frameId", frameId.toString());
        answer.put("found", stored.isPresent());
        stored.ifPresent(frame -> {
            answer.put("status", frame.status());
            answer.put("originalKey", frame.originalKey());
            answer.put("annotatedKey", frame.annotatedKey());
            answer.put("detections", frame.detections());
        });
        Map<String, Object> line = line("INFO", "look up frame", requestId);
        line.put("frameId", frameId.toString());
        line.put("found", stored.isPresent());
        emit(line, start);
        return answer;
    }

    private void log(String requestId, PersistenceEvent event, String outcome, RuntimeException error, long start) {
        Map<String, Object> line = line(error == null ? "INFO" : "ERROR", "persist frame", requestId);
        if (event != null) {
            line.put("frameId", event.frameId().toString());
            line.put("camera", event.camera());
            line.put("status", event.status());
            line.put("detections", event.detections().size());
        }
        line.put("outcome", outcome);
        if (error != null) {
            line.put("error", error.getClass().getSimpleName() + ": " + error.getMessage());
            // what Lambda gets is bounded (ReportedError); the whole trace, causes included, is here
            java.io.StringWriter trace = new java.io.StringWriter();
            error.printStackTrace(new java.io.PrintWriter(trace));
            line.put("trace", trace.toString());
        }
        emit(line, start);
    }

    /** The start of one JSON log line: time, level, message, request id. */
    private static Map<String, Object> line(String level, String message, String requestId) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("level", level);
        line.put("message", message);
        line.put("requestId", requestId);
        return line;
    }

    /** Logs the line with the time since {@code start}, leaving out what is null. */
    private void emit(Map<String, Object> line, long start) {
        line.put("ms", Math.round((System.nanoTime() - start) / 1e5) / 10.0);
        line.values().removeIf(v -> v == null);
        log.accept(Json.write(line));
    }
}
