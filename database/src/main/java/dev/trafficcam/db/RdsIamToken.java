package dev.trafficcam.db;

import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * An RDS IAM authentication token: a SigV4-presigned {@code connect} request for the database user (service
 * {@code rds-db}, valid 15 minutes), used as the password of a new connection. Made locally from the function's
 * credentials, without a call to AWS.
 *
 * <p>It is what the AWS SDK's {@code RdsUtilities.generateAuthenticationToken} makes (pinned by a known-answer test
 * against it): the canonical request hashes the empty payload (SHA-256 of ""), not {@code UNSIGNED-PAYLOAD}, which
 * changes the signature and which RDS would reject. The {@code rds} SDK module itself is 5.9 MB of model classes, too
 * much for a function jar.
 */
public final class RdsIamToken {
    static final Duration LIFETIME = Duration.ofMinutes(15);

    private RdsIamToken() {}

    public static String generate(
            String host, int port, String user, String region, AwsCredentialsIdentity credentials, Clock clock) {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .protocol("https")
                .host(host)
                .port(port)
                .encodedPath("/")
                .putRawQueryParameter("DBUser", user)
                .putRawQueryParameter("Action", "connect")
                .build();
        SignedRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(credentials)
                        .request(request)
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "rds-db")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, LIFETIME)
                        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
        String uri = signed.request().getUri().toString();
        return uri.substring("https://".length());
    }
}
