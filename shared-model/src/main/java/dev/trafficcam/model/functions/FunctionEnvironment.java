package dev.trafficcam.model.functions;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reading a function's settings from its environment, the same way in every function: each problem is collected, so
 * that one error message names every variable that is wrong, not only the first.
 */
public final class FunctionEnvironment {
    private FunctionEnvironment() {}

    /** A variable that must be set: its value, stripped; or null, with a problem added. */
    public static String required(Map<String, String> env, String name, List<String> problems) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            problems.add(name + " is not set");
            return null;
        }
        return value.strip();
    }

    /**
     * The S3 endpoint override, as the AWS SDKs name it: {@code AWS_ENDPOINT_URL_S3}, else {@code AWS_ENDPOINT_URL}
     * (the local stack, tests); empty for S3 itself.
     */
    public static Optional<URI> s3Endpoint(Map<String, String> env, List<String> problems) {
        String endpoint = Optional.ofNullable(env.get("AWS_ENDPOINT_URL_S3"))
                .filter(v -> !v.isBlank())
                .orElse(env.get("AWS_ENDPOINT_URL"));
        if (endpoint == null || endpoint.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(URI.create(endpoint.strip()));
        } catch (IllegalArgumentException e) {
            problems.add("AWS_ENDPOINT_URL_S3 must be a URL, got '" + endpoint + "'");
            return Optional.empty();
        }
    }
}
