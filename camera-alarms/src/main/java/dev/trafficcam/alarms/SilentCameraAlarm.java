package dev.trafficcam.alarms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.model.functions.LambdaFunctions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Tells a person when cameras go silent: every {@code every} it asks the check (read-api's
 * {@code SilentCamerasHandler}, the {@code silent-cameras} function) which cameras' last frame arrived more than
 * {@code silentAfter} ago, for the first time, and publishes one message naming them on the alarm topic. One message
 * per check, whatever the number of cameras, so 10,000 cameras cost the same alarm as 10; a check that finds none
 * publishes nothing.
 */
public final class SilentCameraAlarm {
    /** SNS takes a subject of at most 100 characters and a message of at most 256 KB (SNS API reference, Publish). */
    static final int MAX_NAMED = LambdaFunctions.SILENT_NAMED_AT_MOST;

    /** Asks the check; an error of the check is an exception. */
    @FunctionalInterface
    public interface Check {
        JsonNode ask(Map<String, Object> question);
    }

    /** The alarm topic. */
    @FunctionalInterface
    public interface Topic {
        void publish(String subject, String message);
    }

    private final Check check;
    private final Topic topic;
    private final Duration silentAfter;
    private final Duration every;
    private final Consumer<String> log;

    public SilentCameraAlarm(Check check, Topic topic, Duration silentAfter, Duration every, Consumer<String> log) {
        this.check = check;
        this.topic = topic;
        this.silentAfter = silentAfter;
        this.every = every;
        this.log = log;
    }

    /**
     * The window each check looks at: its period and a minute more, as EventBridge starts a scheduled rule within a
     * minute of its time (EventBridge user guide, "Setting a schedule pattern for scheduled rules": a schedule's
     * precision is one minute), so that a late check misses nobody; a camera whose silence starts in that minute is
     * named by two checks.
     */
    Duration window() {
        return every.plusMinutes(1);
    }

    /** One check, as of {@code at}: the cameras named, and whether a message went out. */
    public Map<String, Object> run(Instant at) {
        Map<String, Object> question = new LinkedHashMap<>();
        question.put("at", at.toString());
        question.put("silentAfterMinutes", silentAfter.toMinutes());
        question.put("windowMinutes", window().toMinutes());
        JsonNode checked = check.ask(question);
        JsonNode silent = checked.path("silent");
        int total = checked.path("total").asInt(silent.size());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("at", at.toString());
        answer.put("silent", total);
        if (total == 0) {
            answer.put("published", false);
            return answer;
        }
        topic.publish(subject(total), message(silent, total));
        log.accept("silent cameras: " + total + " named on the alarm topic");
        answer.put("published", true);
        return answer;
    }

    static String subject(int cameras) {
        return cameras == 1
                ? "Traffic cameras: 1 camera went silent"
                : "Traffic cameras: " + cameras + " cameras went silent";
    }

    /** One line per camera: id, place, last frame and how long ago; at most {@link #MAX_NAMED} named. */
    String message(JsonNode silent, int total) {
        StringBuilder text = new StringBuilder();
        text.append(total == 1 ? "This camera has" : "These cameras have")
                .append(" sent no frame for ")
                .append(silentAfter.toMinutes())
                .append(" minutes or more (each is named once, when its silence is first seen):\n\n");
        int named = 0;
        for (JsonNode c : silent) {
            if (named == MAX_NAMED) {
                break;
            }
            text.append("camera ")
                    .append(c.path("cameraId").asLong())
                    .append(": ")
                    .append(c.path("address").asText())
                    .append(", ")
                    .append(c.path("city").asText())
                    .append(", ")
                    .append(c.path("country").asText())
                    .append(": last frame at ")
                    .append(c.path("lastSeenAt").asText())
                    .append(" (")
                    .append(c.path("silentMinutes").asLong())
                    .append(" min ago)\n");
            named++;
        }
        if (total > named) {
            text.append("... and ")
                    .append(total - named)
                    .append(" more: the dashboard lists every camera with its last frame.\n");
        }
        text.append("\nWhat to check: the camera's power and network, its key (revoked or rotated?), and the API's 4xx"
                + " answers to it in the access log. docs/OPERATIONS.md, \"A camera went silent\".\n");
        return text.toString();
    }
}
