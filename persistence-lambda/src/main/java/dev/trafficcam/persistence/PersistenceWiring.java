package dev.trafficcam.persistence;

import dev.trafficcam.db.DatabaseConnections;
import dev.trafficcam.db.DatabaseSession;
import dev.trafficcam.support.AwsClients;
import dev.trafficcam.support.PrimingRequests;
import dev.trafficcam.support.S3Clients;
import dev.trafficcam.support.images.Annotator;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The persistence function's collaborators, built in this one place: the S3 client, the database session, the
 * annotator, and the priming of an event's paths for SnapStart.
 *
 * @param log where the function's JSON lines go (standard output in Lambda)
 * @param primer warms an event's paths without touching S3 or the database
 */
public record PersistenceWiring(FramePersistence persistence, Consumer<String> log, Primer primer) {

    /** Priming may read the bundled sample frame. */
    public interface Primer {
        void prime() throws IOException;
    }

    /**
     * What Lambda runs: configuration from the environment, credentials from the function's role through the SDK's
     * default chain (container credentials under SnapStart, see {@code InferenceWiring}).
     */
    public static PersistenceWiring fromEnvironment() {
        return of(
                PersistenceConfig.fromEnvironment(System.getenv()),
                DefaultCredentialsProvider.builder().build(),
                System.out::println);
    }

    /** The real collaborators from a configuration; the tests use this. */
    public static PersistenceWiring of(
            PersistenceConfig config, AwsCredentialsProvider credentials, Consumer<String> log) {
        S3Client s3 = s3(config, credentials);
        DatabaseSession session = new DatabaseSession(new DatabaseConnections(config.database()));
        FrameImages images = new FrameImages(config.privacy(), new Annotator());
        return new PersistenceWiring(
                new FramePersistence(new FrameObjects(s3, config.framesBucket()), new FrameRepository(session), images),
                log,
                () -> Priming.prime(s3, config.framesBucket(), images, session));
    }

    /** A collaborator of the tests' choosing, without priming. */
    public static PersistenceWiring of(FramePersistence persistence, Consumer<String> log) {
        return new PersistenceWiring(persistence, log, () -> {});
    }

    static S3Client s3(PersistenceConfig config, AwsCredentialsProvider credentials) {
        Duration timeout = config.s3Timeout();
        return S3Clients.s3(
                config.region(),
                credentials,
                config.s3Endpoint(),
                new AwsClients.Call(timeout, timeout.multipliedBy(3), 3)
                        .with(o -> o.addExecutionInterceptor(PrimingRequests.STOP_BEFORE_SENDING)));
    }
}
