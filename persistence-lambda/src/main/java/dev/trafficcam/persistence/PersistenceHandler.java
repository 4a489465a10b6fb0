package dev.trafficcam.persistence;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.trafficcam.model.InvalidEventException;
import dev.trafficcam.model.Json;
import dev.trafficcam.model.PersistenceEvent;
import dev.trafficcam.model.PersistenceEvents;
import dev.trafficcam.model.functions.LogLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;

/**
 * The persistence function, invoked asynchronously with one persistence event. Thin: read the event, store the frame
 * ({@link FramePersistence}), answer {@code {"frameId":..,"outcome":..}} and log one JSON line. A failure is reported
 * to Lambda bounded ({@link ReportedError}), so that its on-failure record always fits the failure queue. Exceptions
 * are left to Lambda: it retries (twice) and then sends the event to the failure queue; {@link InvalidEventException}
 * marks the events no retry can store. Its collaborators are built in {@link PersistenceWiring}.
 */
public final class PersistenceHandler implements RequestStreamHandler, Resource {
    private final PersistenceWiring wiring;

    /** Used by Lambda; with SnapStart, the handler primes itself before the snapshot ({@link #beforeCheckpoint}). */
    public PersistenceHandler() {
        this(PersistenceWiring.fromEnvironment());
        Core.getGlobalContext().register(this);
    }

    public PersistenceHandler(PersistenceWiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        long start = System.nanoTime();
        String requestId = context != null ? context.getAwsRequestId() : null;
        PersistenceEvent event = null;
        try {
            event = PersistenceEvents.fromJson(input.readAllBytes());
            FramePersistence.Outcome outcome = wiring.persistence().persist(event);
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

    /** SnapStart: warm the paths of an event without touching S3 or the database; hold no connection. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) throws IOException {
        long start = System.nanoTime();
        wiring.primer().prime();
        wiring.log()
                .accept(LogLine.info("primed before the snapshot")
                        .elapsedSince(start)
                        .json());
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // the database connection is opened by the first event after the restore
    }

    private void log(String requestId, PersistenceEvent event, String outcome, RuntimeException error, long start) {
        LogLine line =
                LogLine.of(error == null ? "INFO" : "ERROR", "persist frame").with("requestId", requestId);
        if (event != null) {
            line.with("frameId", event.frameId().toString())
                    .with("camera", event.camera())
                    .with("status", event.status())
                    .with("detections", event.detections().size());
        }
        line.with("outcome", outcome);
        if (error != null) {
            // what Lambda gets is bounded (ReportedError); the whole trace, causes included, is here
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            line.with("error", error.getClass().getSimpleName() + ": " + error.getMessage())
                    .with("trace", trace.toString());
        }
        wiring.log().accept(line.elapsedSince(start).json());
    }
}
