package dev.trafficcam.read;

import dev.trafficcam.db.DatabaseSettings;
import dev.trafficcam.model.functions.FunctionEnvironment;
import dev.trafficcam.model.functions.ImagePrivacy;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The read side's settings from its environment: the region, the frames bucket (links, the export), the local stack's
 * S3 endpoint override ({@code AWS_ENDPOINT_URL_S3}, the SDKs' own variable) and the database as the read-only user
 * ({@link DatabaseSettings}), and how long images are kept ({@code IMAGE_RETENTION_DAYS}, {@link ImagePrivacy}), so
 * that an expired image is said to be so rather than linked.
 */
public record ReadConfig(
        String region, String bucket, Optional<URI> s3Endpoint, DatabaseSettings database, ImagePrivacy privacy) {

    public static ReadConfig fromEnvironment(Map<String, String> variables) {
        FunctionEnvironment env = new FunctionEnvironment(variables);
        String region = env.required("AWS_REGION");
        String bucket = env.required("FRAMES_BUCKET");
        Optional<URI> endpoint = env.endpoint("S3");
        DatabaseSettings database = DatabaseSettings.fromEnvironment(env);
        ImagePrivacy privacy = ImagePrivacy.from(env);
        env.check("read");
        return new ReadConfig(region, bucket, endpoint, database, privacy);
    }
}
