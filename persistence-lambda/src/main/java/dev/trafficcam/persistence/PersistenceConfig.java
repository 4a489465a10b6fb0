package dev.trafficcam.persistence;

import dev.trafficcam.db.DatabaseSettings;
import dev.trafficcam.model.functions.FunctionEnvironment;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The persistence Lambda's settings, from its environment (listed in README.md): the frames bucket, the S3 endpoint
 * override of the local stack, and the database (see {@link DatabaseSettings}).
 */
public record PersistenceConfig(
        String region, String framesBucket, Optional<URI> s3Endpoint, Duration s3Timeout, DatabaseSettings database) {

    public static PersistenceConfig fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String region = FunctionEnvironment.required(env, "AWS_REGION", problems);
        String bucket = FunctionEnvironment.required(env, "FRAMES_BUCKET", problems);
        Optional<URI> s3Endpoint = FunctionEnvironment.s3Endpoint(env, problems);
        long timeoutMs = 10_000;
        String timeout = env.get("S3_TIMEOUT_MS");
        if (timeout != null && !timeout.isBlank()) {
            try {
                timeoutMs = Long.parseLong(timeout.strip());
            } catch (NumberFormatException e) {
                problems.add("S3_TIMEOUT_MS must be a whole number, got '" + timeout + "'");
            }
        }
        DatabaseSettings database = null;
        try {
            database = DatabaseSettings.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid persistence configuration: " + String.join("; ", problems));
        }
        return new PersistenceConfig(region, bucket, s3Endpoint, Duration.ofMillis(timeoutMs), database);
    }
}
