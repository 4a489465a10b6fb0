package dev.trafficcam.read;

import dev.trafficcam.db.DatabaseSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read side's settings from its environment: the region, the frames bucket (links, the export), the
 * local stack's S3 endpoint override ({@code AWS_ENDPOINT_URL_S3}, the SDK's own variable) and the database
 * as the read-only user ({@link DatabaseSettings}).
 */
public record ReadConfig(String region, String bucket, Optional<URI> s3Endpoint, DatabaseSettings database) {

    public static ReadConfig fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String region = env.get("AWS_REGION");
        String bucket = env.get("FRAMES_BUCKET");
        if (region == null || region.isBlank()) {
            problems.add("AWS_REGION is not set");
        }
        if (bucket == null || bucket.isBlank()) {
            problems.add("FRAMES_BUCKET is not set");
        }
        Optional<URI> endpoint = Optional.empty();
        String endpointText = env.get("AWS_ENDPOINT_URL_S3");
        if (endpointText != null && !endpointText.isBlank()) {
            try {
                endpoint = Optional.of(URI.create(endpointText.strip()));
            } catch (IllegalArgumentException e) {
                problems.add("AWS_ENDPOINT_URL_S3 must be a URL, got '" + endpointText + "'");
            }
        }
        DatabaseSettings database = null;
        try {
            database = DatabaseSettings.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid read configuration: " + String.join("; ", problems));
        }
        return new ReadConfig(region.strip(), bucket.strip(), endpoint, database);
    }
}
