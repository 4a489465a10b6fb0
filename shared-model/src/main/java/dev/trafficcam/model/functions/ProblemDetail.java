package dev.trafficcam.model.functions;

import dev.trafficcam.model.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One RFC 9457 problem document, as every function and API Gateway's own answers write it: {@code type}, {@code title},
 * {@code status}, {@code detail}, {@code instance} when known, then the extension members in the order given (a
 * distorted frame's {@code reason}, the {@code requestId} to quote to operators). The {@code type} URIs are stable:
 * clients may switch on them, so they are made here and nowhere else.
 */
public record ProblemDetail(
        int status, String slug, String title, String detail, String instance, Map<String, Object> extensions) {

    /** Every problem type's URI starts so; the slug after it names the problem. */
    public static final String TYPE_PREFIX = "urn:problem-type:traffic-camera:";

    public static final String MEDIA_TYPE = "application/problem+json";

    public ProblemDetail {
        extensions = extensions == null ? Map.of() : copyWithoutNulls(extensions);
    }

    public ProblemDetail(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, null, Map.of());
    }

    /** The type URI of a problem's slug. */
    public static String type(String slug) {
        return TYPE_PREFIX + slug;
    }

    public String type() {
        return type(slug);
    }

    /** This problem with one more extension member (a null value is left out). */
    public ProblemDetail with(String member, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(member, value);
        return new ProblemDetail(status, slug, title, detail, instance, more);
    }

    /** The document's members in the order RFC 9457 lists them, extensions last. */
    public Map<String, Object> members() {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("type", type());
        members.put("title", title);
        members.put("status", status);
        members.put("detail", detail);
        if (instance != null) {
            members.put("instance", instance);
        }
        members.putAll(extensions);
        return members;
    }

    public String json() {
        return Json.write(members());
    }

    private static Map<String, Object> copyWithoutNulls(Map<String, Object> members) {
        Map<String, Object> copy = new LinkedHashMap<>();
        members.forEach((name, value) -> {
            if (value != null) {
                copy.put(name, value);
            }
        });
        return java.util.Collections.unmodifiableMap(copy);
    }
}
