package dev.trafficcam.read;

import dev.trafficcam.db.DatabaseSettings;
import dev.trafficcam.model.functions.FunctionEnvironment;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The read side's settings from its environment: the region, the frames bucket (links, the export), the local stack's
 * S3 endpoint override ({@code AWS_ENDPOINT_URL_S3}, the SDKs' own variable) and the database as the read-only user
 * ({@link DatabaseSettings}).
 */
public record ReadConfig(String region, String bucket, Optional<URI> s3Endpoint, DatabaseSettings database) {

    public static ReadConfig fromEnvironment(Map<String, String> variables) {
        FunctionEnvironment env = new FunctionEnvironment(variables);
        String region = env.required("AWS_REGION");
        String bucket = env.required("FRAMES_BUCKET");
        Optional<URI> endpoint = env.endpoint("S3");
        DatabaseSettings database = DatabaseSettings.fromEnvironment(env);
        env.check("read");
        return new ReadConfig(region, bucket, endpoint, database);
    }
}
