package dev.trafficcam.ops;

import dev.trafficcam.persistence.FrameLookupHandler;
import dev.trafficcam.support.AwsClients;
import dev.trafficcam.support.S3Clients;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;

/** The post-deploy check's clients, with optional endpoint overrides (the local stack). */
public final class OperatorClients {
    private static final AwsClients.Call CALL = new AwsClients.Call(Duration.ofSeconds(30), Duration.ofSeconds(60), 3);

    private OperatorClients() {}

    /** Invokes the frame lookup ({@link FrameLookupHandler}), which reads rows only. */
    public static LambdaClient lambda(String region, AwsCredentialsProvider credentials, Optional<URI> endpoint) {
        return AwsClients.configure(LambdaClient.builder(), region, credentials, endpoint, CALL)
                .build();
    }

    /** Reads only (HEAD), built as the functions build theirs (on a loopback stand-in, path style). */
    public static S3Client s3(String region, AwsCredentialsProvider credentials, Optional<URI> endpoint) {
        return S3Clients.s3(region, credentials, endpoint, CALL);
    }
}
