package dev.trafficcam.support;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The S3 client as the functions and commands build it ({@link AwsClients}), with checksums only where S3 requires
 * them. Against a loopback stand-in (s3proxy): path-style addressing, and plain signed bodies, since s3proxy 4.1 leaves
 * a kept-alive connection broken after an aws-chunked upload. In AWS (HTTPS, no endpoint override) neither applies.
 */
public final class S3Clients {
    private S3Clients() {}

    public static S3Client s3(
            String region, AwsCredentialsProvider credentials, Optional<URI> endpoint, AwsClients.Call call) {
        var builder = AwsClients.configure(S3Client.builder(), region, credentials, endpoint, call)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        endpoint.ifPresent(uri -> builder.forcePathStyle(true)
                .serviceConfiguration(
                        S3Configuration.builder().chunkedEncodingEnabled(false).build()));
        return builder.build();
    }
}
