package dev.trafficcam.inference.testing;

import dev.trafficcam.inference.InferenceConfig;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The inference configuration of tests: every AWS endpoint on the loopback stand-in. */
public final class InferenceTestConfig {
    public static final String ENDPOINT = "traffic-detector";
    public static final String FUNCTION = "frame-persistence";
    public static final String BUCKET = "frames-bucket";
    public static final String QUEUE_PATH = "/000000000000/frame-persistence-failures";
    public static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test-key", "test-secret"));

    private InferenceTestConfig() {}

    public static Map<String, String> environment(AwsLoopback aws) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "eu-west-1");
        env.put("SAGEMAKER_ENDPOINT_NAME", ENDPOINT);
        env.put("PERSISTENCE_FUNCTION_NAME", FUNCTION);
        env.put("FRAMES_BUCKET", BUCKET);
        env.put("FAILURE_QUEUE_URL", aws.uri() + QUEUE_PATH);
        env.put("AWS_ENDPOINT_URL", aws.uri().toString());
        env.put("MODEL_TIMEOUT_MS", "5000");
        env.put("MODEL_ATTEMPT_TIMEOUT_MS", "5000");
        env.put("MODEL_MAX_ATTEMPTS", "1");
        return env;
    }

    public static InferenceConfig config(AwsLoopback aws, Map<String, String> overrides) {
        Map<String, String> env = environment(aws);
        env.putAll(overrides);
        return InferenceConfig.fromEnvironment(env);
    }
}
