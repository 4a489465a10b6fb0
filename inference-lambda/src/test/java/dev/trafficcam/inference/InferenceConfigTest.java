package dev.trafficcam.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trafficcam.inference.check.CheckThresholds;
import dev.trafficcam.model.TrafficClass;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InferenceConfigTest {
    private static Map<String, String> required() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "eu-west-1");
        env.put("SAGEMAKER_ENDPOINT_NAME", "detr");
        env.put("PERSISTENCE_FUNCTION_NAME", "persist");
        env.put("FRAMES_BUCKET", "frames");
        env.put("FAILURE_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/1/failures");
        return env;
    }

    @Test
    void hasSensibleDefaults() {
        InferenceConfig c = InferenceConfig.fromEnvironment(required());

        assertThat(c.maxFrameBytes()).isEqualTo(4_500_000);
        assertThat(c.inlineImageMaxBytes()).isEqualTo(737_712);
        assertThat(c.failureQueueMaxMessageBytes()).isEqualTo(1_048_576);
        assertThat(c.minScore()).isEqualTo(0.5);
        // at least every counted person is blurred
        assertThat(c.blurMinScore()).isEqualTo(0.5);
        assertThat(c.trafficClasses()).containsExactlyInAnyOrder(TrafficClass.values());
        assertThat(c.modelTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.checkThresholds()).isEqualTo(CheckThresholds.DEFAULTS);
        assertThat(c.endpoints()).isEqualTo(InferenceConfig.Endpoints.NONE);
    }

    @Test
    void theDefaultFrameLimitFitsASynchronousLambdaRequestAsBase64() {
        InferenceConfig c = InferenceConfig.fromEnvironment(required());
        assertThat(base64Length(c.maxFrameBytes()) + InferenceConfig.EVENT_ENVELOPE_RESERVE)
                .isLessThanOrEqualTo(InferenceConfig.SYNC_PAYLOAD_LIMIT);
        assertThat(base64Length(InferenceConfig.MAX_FRAME_BYTES_CAP) + InferenceConfig.EVENT_ENVELOPE_RESERVE)
                .isLessThanOrEqualTo(InferenceConfig.SYNC_PAYLOAD_LIMIT);
    }

    @Test
    void readsOverridesAndEndpoints() {
        Map<String, String> env = required();
        env.put("MIN_SCORE", "0.35");
        env.put("MIN_SCORES", "person=0.3, bus=0.6");
        env.put("TRAFFIC_CLASSES", "car, Truck,bus");
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:4566");
        env.put("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000");
        env.put("CHECK_MIN_SHARPNESS", "50");

        InferenceConfig c = InferenceConfig.fromEnvironment(env);

        assertThat(c.minScore()).isEqualTo(0.35);
        assertThat(c.minScores().of(TrafficClass.PERSON)).isEqualTo(0.3);
        assertThat(c.minScores().of(TrafficClass.BUS)).isEqualTo(0.6);
        assertThat(c.minScores().of(TrafficClass.CAR)).isEqualTo(0.35);
        assertThat(c.blurMinScore())
                .as("the person threshold, unless BLUR_MIN_SCORE says")
                .isEqualTo(0.3);
        env.put("BLUR_MIN_SCORE", "0.15");
        assertThat(InferenceConfig.fromEnvironment(env).blurMinScore()).isEqualTo(0.15);
        assertThat(c.trafficClasses())
                .containsExactlyInAnyOrder(TrafficClass.CAR, TrafficClass.TRUCK, TrafficClass.BUS);
        assertThat(c.endpoints().s3()).contains(URI.create("http://127.0.0.1:9000"));
        assertThat(c.endpoints().sageMakerRuntime()).contains(URI.create("http://127.0.0.1:4566"));
        assertThat(c.checkThresholds().minSharpness()).isEqualTo(50);
    }

    @Test
    void namesEveryBadVariableAtOnce() {
        Map<String, String> env = new HashMap<>();
        env.put("MIN_SCORE", "lots");
        env.put("MIN_SCORES", "car=0.5,van=0.3,bus=2");
        env.put("TRAFFIC_CLASSES", "car,zeppelin");
        env.put("MAX_FRAME_BYTES", "abc");
        env.put("BLUR_MIN_SCORE", "1.5");

        assertThatThrownBy(() -> InferenceConfig.fromEnvironment(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AWS_REGION is not set")
                .hasMessageContaining("SAGEMAKER_ENDPOINT_NAME is not set")
                .hasMessageContaining("FAILURE_QUEUE_URL is not set")
                .hasMessageContaining("MIN_SCORE must be a number, got 'lots'")
                .hasMessageContaining("MIN_SCORES: 'van=0.3', 'bus=2': each entry must be CLASS=SCORE")
                .hasMessageContaining("TRAFFIC_CLASSES names 'zeppelin'")
                .hasMessageContaining("MAX_FRAME_BYTES must be a whole number")
                .hasMessageContaining("BLUR_MIN_SCORE must be within 0..1, got 1.5");
    }

    @Test
    void refusesLimitsThatCannotFitLambdaOrApiGateway() {
        Map<String, String> env = required();
        env.put("MAX_FRAME_BYTES", "6000000");
        assertThatThrownBy(() -> InferenceConfig.fromEnvironment(env))
                .hasMessageContaining("MAX_FRAME_BYTES must be 1 to 4669440");

        Map<String, String> inline = required();
        inline.put("INLINE_IMAGE_MAX_BYTES", "737713");
        assertThatThrownBy(() -> InferenceConfig.fromEnvironment(inline))
                .hasMessageContaining("1 MB asynchronous limit");

        Map<String, String> slow = required();
        slow.put("MODEL_TIMEOUT_MS", "28000");
        slow.put("MODEL_ATTEMPT_TIMEOUT_MS", "28000");
        assertThatThrownBy(() -> InferenceConfig.fromEnvironment(slow))
                .hasMessageContaining("must fit API Gateway's 29 s");

        Map<String, String> exposure = required();
        exposure.put("CHECK_MIN_MEAN_LUMA", "200");
        exposure.put("CHECK_MAX_MEAN_LUMA", "100");
        assertThatThrownBy(() -> InferenceConfig.fromEnvironment(exposure)).hasMessageContaining("exposure bounds");
    }

    private static int base64Length(int bytes) {
        return (bytes + 2) / 3 * 4;
    }
}
