package dev.trafficcam.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

class DatabaseSettingsTest {

    @Test
    void readsPasswordAndIamSettings() {
        DatabaseSettings password = DatabaseSettings.fromEnvironment(Map.of(
                "DB_URL", "jdbc:postgresql://127.0.0.1:5433/traffic", "DB_USER", "app", "DB_PASSWORD", "pw"));
        assertThat(password.auth()).isEqualTo(DatabaseSettings.Auth.PASSWORD);
        assertThat(password.toString()).doesNotContain("pw");

        DatabaseSettings iam = DatabaseSettings.fromEnvironment(Map.of("DB_URL",
                "jdbc:postgresql://proxy.proxy-abc.eu-west-1.rds.amazonaws.com/traffic?sslmode=require",
                "DB_USER", "persistence", "DB_AUTH", "IAM", "AWS_REGION", "eu-west-1"));
        assertThat(iam.auth()).isEqualTo(DatabaseSettings.Auth.IAM);
        assertThat(iam.hostAndPort().getHost()).isEqualTo("proxy.proxy-abc.eu-west-1.rds.amazonaws.com");
        assertThat(iam.hostAndPort().getPort()).isEqualTo(5432);
    }

    @Test
    void saysWhatIsMissing() {
        assertThatThrownBy(() -> DatabaseSettings.fromEnvironment(Map.of()))
                .hasMessageContaining("DB_URL must be a jdbc:postgresql:// URL")
                .hasMessageContaining("DB_PASSWORD or DB_SECRET_ARN");
        assertThatThrownBy(() -> DatabaseSettings.fromEnvironment(Map.of("DB_URL", "jdbc:postgresql://h/d", "DB_AUTH", "iam")))
                .hasMessageContaining("IAM authentication needs DB_USER").hasMessageContaining("AWS_REGION is not set");
        assertThatThrownBy(() -> DatabaseSettings.fromEnvironment(Map.of("DB_AUTH", "kerberos")))
                .hasMessageContaining("DB_AUTH must be 'password' or 'iam'");
    }

    @Test
    void makesAnIamTokenAsAPresignedConnectRequest() {
        String token = RdsIamToken.generate("proxy.example.rds.amazonaws.com", 5432, "persistence", "eu-west-1",
                AwsBasicCredentials.create("AKIDEXAMPLE", "secret"),
                Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC));

        assertThat(token).startsWith("proxy.example.rds.amazonaws.com:5432/?")
                .contains("Action=connect").contains("DBUser=persistence")
                .contains("X-Amz-Algorithm=AWS4-HMAC-SHA256")
                .contains("X-Amz-Credential=AKIDEXAMPLE%2F20261124%2Feu-west-1%2Frds-db%2Faws4_request")
                .contains("X-Amz-Date=20261124T100000Z")
                .contains("X-Amz-Expires=900")
                .containsPattern("X-Amz-Signature=[0-9a-f]{64}")
                .doesNotStartWith("https://");
    }
}
