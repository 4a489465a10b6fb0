package dev.trafficcam.persistence;

import dev.trafficcam.db.DatabaseSettings;
import dev.trafficcam.model.functions.FunctionEnvironment;
import dev.trafficcam.model.functions.ImagePrivacy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The persistence Lambda's settings, from its environment (listed in docs/OPERATIONS.md): the frames bucket, the S3
 * endpoint override of the local stack, the database (see {@link DatabaseSettings}), and what is kept of the images
 * ({@link ImagePrivacy}: {@code BLUR_PEOPLE}, {@code KEEP_ORIGINALS}).
 */
public record PersistenceConfig(
        String region,
        String framesBucket,
        Optional<URI> s3Endpoint,
        Duration s3Timeout,
        DatabaseSettings database,
        ImagePrivacy privacy) {

    public static PersistenceConfig fromEnvironment(Map<String, String> variables) {
        FunctionEnvironment env = new FunctionEnvironment(variables);
        String region = env.required("AWS_REGION");
        String bucket = env.required("FRAMES_BUCKET");
        Optional<URI> s3Endpoint = env.endpoint("S3");
        Duration s3Timeout = env.millis("S3_TIMEOUT_MS", 10_000);
        DatabaseSettings database = DatabaseSettings.fromEnvironment(env);
        ImagePrivacy privacy = ImagePrivacy.from(env);
        env.check("persistence");
        return new PersistenceConfig(region, bucket, s3Endpoint, s3Timeout, database, privacy);
    }
}
