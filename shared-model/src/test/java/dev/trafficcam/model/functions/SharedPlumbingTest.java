package dev.trafficcam.model.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.model.Json;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plumbing every function shares: problem details, log lines, reading the environment. */
class SharedPlumbingTest {

    @Test
    void aProblemListsItsMembersInRfc9457sOrderWithExtensionsLastAndNoNulls() throws Exception {
        ProblemDetail problem = new ProblemDetail(
                        422,
                        "distorted-frame",
                        "The frame is distorted",
                        "too dark",
                        "/frames/x.jpg",
                        new java.util.LinkedHashMap<>(java.util.Collections.singletonMap("reason", "underexposed")))
                .with("requestId", "r-1")
                .with("frameId", null);

        JsonNode json = Json.mapper().readTree(problem.json());
        assertThat(json.fieldNames())
                .toIterable()
                .containsExactly("type", "title", "status", "detail", "instance", "reason", "requestId");
        assertThat(json.path("type").asText()).isEqualTo("urn:problem-type:traffic-camera:distorted-frame");
        assertThat(json.path("status").asInt()).isEqualTo(422);
        assertThat(new ProblemDetail(404, "not-found", "t", "d").members()).doesNotContainKey("instance");
    }

    @Test
    void gatewayProblemsAreWrittenByTheSameDefinition() throws Exception {
        JsonNode json = Json.mapper().readTree(GatewayProblems.THROTTLED.body("req-9"));
        assertThat(json.path("type").asText()).isEqualTo(ProblemDetail.type("camera-throttled"));
        assertThat(json.path("requestId").asText()).isEqualTo("req-9");
        assertThat(json.fieldNames()).toIterable().containsExactly("type", "title", "status", "detail", "requestId");
    }

    @Test
    void aLogLineStartsWithTimeLevelAndMessageAndLeavesOutWhatIsUnknown() throws Exception {
        long start = System.nanoTime();
        JsonNode json = Json.mapper()
                .readTree(LogLine.of(LogLine.levelOf(503), "read failed")
                        .with("path", "/cameras")
                        .with("viewer", null)
                        .withAll(Map.of("status", 503))
                        .elapsedSince(start)
                        .json());
        assertThat(json.fieldNames()).toIterable().containsExactly("time", "level", "message", "path", "status", "ms");
        assertThat(json.path("level").asText()).isEqualTo("ERROR");
        assertThat(json.path("ms").asDouble()).isNotNegative();
        assertThat(LogLine.levelOf(404)).isEqualTo("WARN");
        assertThat(LogLine.levelOf(200)).isEqualTo("INFO");
    }

    @Test
    void theEnvironmentIsReadTheSameWayAndEveryProblemIsNamedAtOnce() {
        FunctionEnvironment env = new FunctionEnvironment(Map.of(
                "FRAMES_BUCKET", "  frames ",
                "S3_TIMEOUT_MS", "1_500",
                "MIN_SCORE", "lots",
                "MAX", "12x",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:1",
                "AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:2",
                "AWS_ENDPOINT_URL_LAMBDA", "not a url",
                "DB_AUTH", "kerberos",
                "BLANK", "   "));

        assertThat(env.required("FRAMES_BUCKET")).isEqualTo("frames");
        assertThat(env.millis("S3_TIMEOUT_MS", 10)).isEqualTo(Duration.ofMillis(1500));
        assertThat(env.text("BLANK", "fallback")).isEqualTo("fallback");
        assertThat(env.endpoint("SQS")).contains(URI.create("http://127.0.0.1:2"));
        // the service's own variable wins; without one, the general one
        assertThat(env.endpoint("S3")).contains(URI.create("http://127.0.0.1:1"));
        assertThat(env.problems()).isEmpty();

        assertThat(env.required("AWS_REGION")).isNull();
        assertThat(env.decimal("MIN_SCORE", 0.5)).isEqualTo(0.5);
        assertThat(env.integer("MAX", 7)).isEqualTo(7);
        assertThat(env.endpoint("LAMBDA")).isEmpty();
        assertThat(env.oneOf("DB_AUTH", "password", List.of("password", "iam"))).isEqualTo("password");
        assertThat(env.problems())
                .containsExactly(
                        "AWS_REGION is not set",
                        "MIN_SCORE must be a number, got 'lots'",
                        "MAX must be a whole number, got '12x'",
                        "AWS_ENDPOINT_URL_LAMBDA must be an absolute http(s) URL, got 'not a url'",
                        "DB_AUTH must be 'password' or 'iam', got 'kerberos'");
        assertThatThrownBy(() -> env.check("test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid test configuration: AWS_REGION is not set; MIN_SCORE");
    }

    @Test
    void theRegionIsLambdasVariableElseTheOperatorsElseTheFallback() {
        assertThat(new FunctionEnvironment(Map.of("AWS_REGION", "eu-central-1", "AWS_DEFAULT_REGION", "us-east-1"))
                        .region("eu-west-1"))
                .isEqualTo("eu-central-1");
        assertThat(new FunctionEnvironment(Map.of("AWS_DEFAULT_REGION", "us-east-1")).region("eu-west-1"))
                .isEqualTo("us-east-1");
        assertThat(new FunctionEnvironment(Map.of()).region("eu-west-1")).isEqualTo("eu-west-1");
    }
}
