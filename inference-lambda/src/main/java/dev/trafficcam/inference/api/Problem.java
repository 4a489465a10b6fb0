package dev.trafficcam.inference.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * An RFC 9457 problem document: {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance}, plus
 * extension members (for example {@code reason} and {@code frameId} of a distorted frame, and the {@code requestId} to
 * quote to operators).
 */
@JsonPropertyOrder({"type", "title", "status", "detail", "instance"})
public record Problem(
        @JsonIgnore ProblemType problemType,
        String detail,
        String instance,
        @JsonIgnore Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    public String getType() {
        return problemType.uri();
    }

    public String getTitle() {
        return problemType.title();
    }

    public int getStatus() {
        return problemType.status();
    }

    @JsonAnyGetter
    public Map<String, Object> members() {
        return extensions;
    }
}
