package dev.trafficcam.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.rds.SdkRdsTokens;

class DatabaseSettingsTest {

    @Test
    void readsPasswordAndIamSettings() {
        DatabaseSettings password = DatabaseSettings.fromEnvironment(
                Map.of("DB_URL", "jdbc:postgresql://127.0.0.1:5433/traffic", "DB_USER", "app", "DB_PASSWORD", "pw"));
        assertThat(password.auth()).isEqualTo(DatabaseSettings.Auth.PASSWORD);
        assertThat(password.toString()).doesNotContain("pw");

        DatabaseSettings iam = DatabaseSettings.fromEnvironment(Map.of(
                "DB_URL",
                "jdbc:postgresql://proxy.proxy-abc.eu-west-1.rds.amazonaws.com/traffic?sslmode=require",
                "DB_USER",
                "persistence",
                "DB_AUTH",
                "IAM",
                "AWS_REGION",
                "eu-west-1"));
        assertThat(iam.auth()).isEqualTo(DatabaseSettings.Auth.IAM);
        assertThat(iam.hostAndPort().getHost()).isEqualTo("proxy.proxy-abc.eu-west-1.rds.amazonaws.com");
        assertThat(iam.hostAndPort().getPort()).isEqualTo(5432);
    }

    @Test
    void saysWhatIsMissing() {
        assertThatThrownBy(() -> DatabaseSettings.fromEnvironment(Map.of()))
                .hasMessageContaining("DB_URL must be a jdbc:postgresql:// URL")
                .hasMessageContaining("DB_PASSWORD or DB_SECRET_ARN");
        assertThatThrownBy(() ->
                        DatabaseSettings.fromEnvironment(Map.of("DB_URL", "jdbc:postgresql://h/d", "DB_AUTH", "iam")))
                .hasMessageContaining("IAM authentication needs DB_USER")
                .hasMessageContaining("AWS_REGION is not set");
        assertThatThrownBy(() -> DatabaseSettings.fromEnvironment(Map.of("DB_AUTH", "kerberos")))
                .hasMessageContaining("DB_AUTH must be 'password' or 'iam'");
    }

    @Test
    void makesAnIamTokenAsAPresignedConnectRequest() {
        String token = RdsIamToken.generate(
                "proxy.example.rds.amazonaws.com",
                5432,
                "persistence",
                "eu-west-1",
                AwsBasicCredentials.create("AKIDEXAMPLE", "secret"),
                Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC));

        assertThat(token)
                .startsWith("proxy.example.rds.amazonaws.com:5432/?")
                .contains("Action=connect")
                .contains("DBUser=persistence")
                .contains("X-Amz-Algorithm=AWS4-HMAC-SHA256")
                .contains("X-Amz-Credential=AKIDEXAMPLE%2F20261124%2Feu-west-1%2Frds-db%2Faws4_request")
                .contains("X-Amz-Date=20261124T100000Z")
                .contains("X-Amz-Expires=900")
                .containsPattern("X-Amz-Signature=[0-9a-f]{64}")
                .doesNotStartWith("https://");
    }

    /**
     * Known answer: the AWS SDK's {@code RdsUtilities.generateAuthenticationToken} with the same host, port, user,
     * region, keys and clock. RDS accepts what the SDK makes; any difference (the payload hash, the parameter order,
     * the encoding) would be rejected at connect.
     */
    @ParameterizedTest
    @CsvSource({
        "proxy.example.rds.amazonaws.com, 5432, persistence, eu-west-1, 2026-11-24T10:00:00Z",
        "traffic.proxy-abc.us-east-1.rds.amazonaws.com, 5432, persistence, us-east-1, 2027-02-28T23:59:59Z",
        "db.cluster-xyz.ap-southeast-2.rds.amazonaws.com, 6543, user_with.dots-and+plus, ap-southeast-2, 2026-01-01T00:00:00Z"
    })
    void makesTheSameTokenAsTheSdksRdsUtilities(String host, int port, String user, String region, String at) {
        Clock clock = Clock.fixed(Instant.parse(at), ZoneOffset.UTC);
        AwsSessionCredentials credentials = AwsSessionCredentials.create(
                "ASIAEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "IQoJb3JpZ2luX2VjEXAMPLE/session+token==");

        String ours = RdsIamToken.generate(host, port, user, region, credentials, clock);
        String sdks =
                SdkRdsTokens.generate(host, port, user, region, StaticCredentialsProvider.create(credentials), clock);

        // SigV4 signs the sorted canonical query, so the order of the parameters is free; everything else must match
        assertThat(ours.substring(0, ours.indexOf('?'))).isEqualTo(sdks.substring(0, sdks.indexOf('?')));
        assertThat(queryParameters(ours)).isEqualTo(queryParameters(sdks)).containsKey("X-Amz-Signature");
    }

    private static Map<String, String> queryParameters(String token) {
        Map<String, String> parameters = new java.util.TreeMap<>();
        for (String pair : token.substring(token.indexOf('?') + 1).split("&")) {
            String[] nameAndValue = pair.split("=", 2);
            assertThat(parameters.put(nameAndValue[0], nameAndValue[1]))
                    .as("parameter %s once", nameAndValue[0])
                    .isNull();
        }
        return parameters;
    }
}
