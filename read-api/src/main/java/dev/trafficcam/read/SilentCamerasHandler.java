package dev.trafficcam.read;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.trafficcam.db.DatabaseConnections;
import dev.trafficcam.db.DatabaseSession;
import dev.trafficcam.model.functions.LambdaFunctions;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The silent-camera check, in the VPC as the read-only database user: asked by the alarm function (the
 * {@code silent-camera-alarm} function, which is outside the VPC and can reach SNS) with {@code {"at": instant,
 * "silentAfterMinutes": n, "windowMinutes": m}}, it answers how many cameras went silent ({@code total}) and names the
 * first {@value LambdaFunctions#SILENT_NAMED_AT_MOST} of them in the order of their place ({@link SilentCameras}). A
 * bad question is an error the caller sees, never an empty answer.
 */
public final class SilentCamerasHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final SilentCameras cameras;

    /** Used by Lambda: the read side's environment. */
    public SilentCamerasHandler() {
        this(new SilentCameras(new DatabaseSession(new DatabaseConnections(
                ReadConfig.fromEnvironment(System.getenv()).database()))));
    }

    public SilentCamerasHandler(SilentCameras cameras) {
        this.cameras = cameras;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> question, Context context) {
        Instant at = instant(question.get("at"));
        Duration silentAfter = Duration.ofMinutes(minutes(question, "silentAfterMinutes"));
        Duration window = Duration.ofMinutes(minutes(question, "windowMinutes"));
        List<SilentCameras.Silent> wentSilent = cameras.wentSilent(at, silentAfter, window);
        List<Map<String, Object>> silent = new ArrayList<>();
        // a whole region of 100,000 cameras going dark at once would pass a synchronous answer's 6 MB
        for (SilentCameras.Silent s :
                wentSilent.subList(0, Math.min(wentSilent.size(), LambdaFunctions.SILENT_NAMED_AT_MOST))) {
            Map<String, Object> camera = new LinkedHashMap<>();
            camera.put("cameraId", s.cameraId());
            camera.put("address", s.camera().address());
            camera.put("city", s.camera().city());
            camera.put("country", s.camera().country());
            camera.put("lastSeenAt", s.lastSeenAt().toString());
            camera.put("silentMinutes", s.minutes(at));
            silent.add(camera);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("at", at.toString());
        answer.put("silentAfterMinutes", silentAfter.toMinutes());
        answer.put("total", wentSilent.size());
        answer.put("silent", silent);
        return answer;
    }

    private static Instant instant(Object value) {
        try {
            return Instant.parse(String.valueOf(value));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'at' is an instant such as 2026-12-05T10:15:00Z, got " + value);
        }
    }

    private static long minutes(Map<String, Object> question, String name) {
        if (question.get(name) instanceof Number n && n.longValue() > 0 && n.longValue() <= 7 * 24 * 60) {
            return n.longValue();
        }
        throw new IllegalArgumentException(
                name + " is a whole number of minutes from 1 to 10080, got " + question.get(name));
    }
}
