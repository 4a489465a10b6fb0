package dev.trafficcam.model.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.model.Json;
import org.junit.jupiter.api.Test;

class GatewayErrorsTest {
    @Test
    void theStandInsBodyIsTheTemplateAsApiGatewayRendersIt() throws Exception {
        String message = "Endpoint request timed out \"quoted\"";
        // $context.error.messageString is the message as a quoted, escaped JSON string
        String rendered = GatewayErrors.template()
                .replace("$context.error.messageString", Json.write(message))
                .replace("$context.requestId", "req-1");

        assertThat(GatewayErrors.body(message, "req-1")).isEqualTo(rendered);
        JsonNode problem = Json.mapper().readTree(rendered);
        assertThat(problem.path("type").asText()).isEqualTo("urn:problem-type:traffic-camera:gateway-error");
        assertThat(problem.path("detail").asText()).isEqualTo(message);
        assertThat(problem.path("requestId").asText()).isEqualTo("req-1");
        assertThat(problem.has("status"))
                .as("the status is API Gateway's, not the body's")
                .isFalse();
    }
}
