package software.amazon.awssdk.services.rds;

import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.model.GenerateAuthenticationTokenRequest;

/**
 * The AWS SDK's own RDS IAM token generator at a fixed clock: the known answer for our generator. It lives in the SDK's
 * package because {@code DefaultRdsUtilities}' clock constructor is package-private there (the SDK's own tests use it
 * the same way).
 */
public final class SdkRdsTokens {
    private SdkRdsTokens() {}

    public static String generate(
            String host, int port, String user, String region, AwsCredentialsProvider credentials, Clock clock) {
        DefaultRdsUtilities.DefaultBuilder builder = (DefaultRdsUtilities.DefaultBuilder)
                RdsUtilities.builder().region(Region.of(region)).credentialsProvider(credentials);
        return new DefaultRdsUtilities(builder, clock)
                .generateAuthenticationToken(GenerateAuthenticationTokenRequest.builder()
                        .hostname(host)
                        .port(port)
                        .username(user)
                        .build());
    }
}
