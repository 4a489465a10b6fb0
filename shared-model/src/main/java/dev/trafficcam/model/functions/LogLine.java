package dev.trafficcam.model.functions;

import dev.trafficcam.model.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One structured JSON log line, the shape every function writes to standard output (which Lambda sends to CloudWatch
 * Logs): {@code time}, {@code level}, {@code message}, then the line's own members. Members whose value is null are
 * left out, so a line says only what is known. Never put image bytes or a key's secret in one.
 */
public final class LogLine {
    private final Map<String, Object> members = new LinkedHashMap<>();

    private LogLine(Instant time, String level, String message) {
        members.put("time", time.toString());
        members.put("level", level);
        members.put("message", message);
    }

    public static LogLine info(String message) {
        return of("INFO", message);
    }

    public static LogLine of(String level, String message) {
        return at(Instant.now(), level, message);
    }

    /** A line whose {@code time} is the given instant: when the line's other members must say the same time. */
    public static LogLine at(Instant time, String level, String message) {
        return new LogLine(time, level, message);
    }

    /** The level of a line about an HTTP answer: ERROR for 5xx, WARN for 4xx, INFO otherwise. */
    public static String levelOf(int status) {
        return status >= 500 ? "ERROR" : status >= 400 ? "WARN" : "INFO";
    }

    public LogLine with(String member, Object value) {
        if (value != null) {
            members.put(member, value);
        }
        return this;
    }

    public LogLine withAll(Map<String, ?> more) {
        more.forEach(this::with);
        return this;
    }

    /** Milliseconds since {@code startNanos} ({@link System#nanoTime()}), to a tenth, as {@code ms}. */
    public LogLine elapsedSince(long startNanos) {
        return with("ms", Math.round((System.nanoTime() - startNanos) / 1e5) / 10.0);
    }

    public String json() {
        return Json.write(members);
    }

    @Override
    public String toString() {
        return json();
    }
}
