package dev.trafficcam.model.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionSpecTest {

    @Test
    void anEnvironmentMustNameExactlyTheSpecsVariables() {
        Map<String, String> complete = Map.of(
                "FRAMES_BUCKET",
                "b",
                "DB_URL",
                "jdbc:postgresql://h/d",
                "DB_USER",
                "u",
                "DB_AUTH",
                "iam",
                "BLUR_PEOPLE",
                "true",
                "KEEP_ORIGINALS",
                "true",
                "ANNOTATE_ON_READ",
                "false",
                "IMAGE_EVERY_SECONDS",
                "0");

        assertThat(LambdaFunctions.PERSISTENCE.environment(complete)).isEqualTo(complete);
        assertThatThrownBy(() -> LambdaFunctions.PERSISTENCE.environment(
                        Map.of("FRAMES_BUCKET", "b", "DB_USER", "u", "EXTRA", "x")))
                .hasMessageContaining("environment of frame-persistence")
                .hasMessageContaining(
                        "missing [ANNOTATE_ON_READ, BLUR_PEOPLE, DB_AUTH, DB_URL, IMAGE_EVERY_SECONDS, KEEP_ORIGINALS]")
                .hasMessageContaining("not in its spec [EXTRA]");
    }

    @Test
    void onlyEndpointOverridesAndTheLocalPasswordMayBeAddedLocally() {
        Map<String, String> local =
                new java.util.HashMap<>(Map.of("FAILURE_QUEUE_URL", "q", "PERSISTENCE_FUNCTION_NAME", "f"));
        local.put("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:1");
        local.put("AWS_ENDPOINT_URL", "http://127.0.0.1:2");

        assertThat(LambdaFunctions.REPLAY.environment(local))
                .containsEntry("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:1");
        assertThat(FunctionSpec.isLocalOnly("DB_PASSWORD")).isTrue();
        assertThat(FunctionSpec.isLocalOnly("AWS_ACCESS_KEY_ID"))
                .as("credentials come from the container endpoint")
                .isFalse();
    }

    @Test
    void everyFunctionHasADistinctNameAndAJavaRuntime() {
        assertThat(LambdaFunctions.ALL).extracting(FunctionSpec::name).doesNotHaveDuplicates();
        assertThat(LambdaFunctions.ALL).allSatisfy(f -> {
            assertThat(f.runtime()).isEqualTo("java21");
            assertThat(f.handler()).contains("::handleRequest");
            assertThat(f.timeout()).isPositive();
        });
    }
}
