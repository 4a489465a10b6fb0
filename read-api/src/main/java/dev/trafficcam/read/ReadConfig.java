package dev.trafficcam.read;

import dev.trafficcam.db.DatabaseSettings;
import dev.trafficcam.model.functions.FunctionEnvironment;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read side's settings from its environment: the region, the frames bucket (links, the export), the local stack's
 * S3 endpoint override ({@code AWS_ENDPOINT_URL_S3}, the SDKs' own variable) and the database as the read-only user
 * ({@link DatabaseSettings}).
 */
public record ReadConfig(String region, String bucket, Optional<URI> s3Endpoint, DatabaseSettings database) {

    public static ReadConfig fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String region = FunctionEnvironment.required(env, "AWS_REGION", problems);
        String bucket = FunctionEnvironment.required(env, "FRAMES_BUCKET", problems);
        Optional<URI> endpoint = FunctionEnvironment.s3Endpoint(env, problems);
        DatabaseSettings database = null;
        try {
            database = DatabaseSettings.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid read configuration: " + String.join("; ", problems));
        }
        return new ReadConfig(region, bucket, endpoint, database);
    }
}
