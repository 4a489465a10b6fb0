package dev.trafficcam.persistence;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.db.DatabaseConnections;
import dev.trafficcam.db.DatabaseSession;
import dev.trafficcam.db.DatabaseSettings;
import dev.trafficcam.model.InvalidEventException;
import dev.trafficcam.model.Json;
import dev.trafficcam.model.functions.LogLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * An operator's question, invoked synchronously with {@code {"frameId": "<id>"}}: is that frame stored, and under which
 * object keys? It reads the rows only, as the read-only database user, so it is a function of its own rather than a
 * second kind of event for the persistence function, which decodes untrusted images and may write. The post-deploy
 * check asks it (docs/DEPLOY.md, "Check a deployment").
 */
public final class FrameLookupHandler implements RequestStreamHandler {
    /** The request's one member. */
    public static final String FRAME_ID = "frameId";

    private final FrameRepository frames;
    private final Consumer<String> log;

    /** Used by Lambda: the database ({@code DB_*}) from the environment. */
    public FrameLookupHandler() {
        this(
                new FrameRepository(new DatabaseSession(
                        new DatabaseConnections(DatabaseSettings.fromEnvironment(System.getenv())))),
                System.out::println);
    }

    public FrameLookupHandler(FrameRepository frames, Consumer<String> log) {
        this.frames = frames;
        this.log = log;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        long start = System.nanoTime();
        UUID frameId = frameId(input.readAllBytes());
        Optional<StoredFrame> stored = frames.find(frameId);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("frameId", frameId.toString());
        answer.put("found", stored.isPresent());
        stored.ifPresent(frame -> {
            answer.put("status", frame.status());
            answer.put("originalKey", frame.originalKey());
            answer.put("annotatedKey", frame.annotatedKey());
            answer.put("detections", frame.detections());
        });
        log.accept(LogLine.info("look up frame")
                .with("requestId", context != null ? context.getAwsRequestId() : null)
                .with("frameId", frameId.toString())
                .with("found", stored.isPresent())
                .elapsedSince(start)
                .json());
        output.write(Json.writeBytes(answer));
    }

    private static UUID frameId(byte[] request) {
        JsonNode id;
        try {
            id = Json.mapper().readTree(request).path(FRAME_ID);
        } catch (IOException e) {
            throw new InvalidEventException("lookup needs a JSON object {\"" + FRAME_ID + "\": \"<id>\"}", e);
        }
        try {
            return UUID.fromString(id.asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(
                    "lookup needs a frame id (a UUID) in \"" + FRAME_ID + "\", got '" + id.asText() + "'", e);
        }
    }
}
