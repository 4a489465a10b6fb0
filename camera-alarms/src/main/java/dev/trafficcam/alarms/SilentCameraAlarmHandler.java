package dev.trafficcam.alarms;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.model.Json;
import dev.trafficcam.model.functions.FunctionEnvironment;
import dev.trafficcam.model.functions.LambdaFunctions;
import dev.trafficcam.support.AwsClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The silent-camera alarm's function, run by a schedule every {@link LambdaFunctions#SILENT_CHECK_EVERY_MINUTES}
 * minutes. Outside the VPC: it reaches SNS without an interface endpoint, and asks the check inside the VPC (the
 * database's side) with a synchronous invoke. The time checked is the scheduled event's {@code time} (EventBridge user
 * guide, "Amazon EventBridge events": {@code time} is when the event occurred), so a retried run asks the same
 * question; {@code {"at": instant}} by hand.
 *
 * <p>Environment: {@code CHECK_FUNCTION_NAME}, {@code ALARM_TOPIC_ARN}, {@code SILENT_AFTER_MINUTES} (15 when unset),
 * and the SDKs' {@code AWS_ENDPOINT_URL_LAMBDA} / {@code AWS_ENDPOINT_URL_SNS} on the local stack.
 */
public final class SilentCameraAlarmHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final SilentCameraAlarm alarm;

    /** Used by Lambda. */
    public SilentCameraAlarmHandler() {
        this(FunctionEnvironment.ofProcess());
    }

    private SilentCameraAlarmHandler(FunctionEnvironment env) {
        String region = env.required("AWS_REGION");
        String checkFunction = env.required("CHECK_FUNCTION_NAME");
        String topicArn = env.required("ALARM_TOPIC_ARN");
        int silentAfter =
                env.integer(LambdaFunctions.SILENT_AFTER_MINUTES, LambdaFunctions.DEFAULT_SILENT_AFTER_MINUTES);
        var credentials = DefaultCredentialsProvider.builder().build();
        LambdaClient lambda = AwsClients.configure(
                        LambdaClient.builder(),
                        region,
                        credentials,
                        env.endpoint("LAMBDA"),
                        new AwsClients.Call(Duration.ofSeconds(20), Duration.ofSeconds(45), 2))
                .build();
        SnsClient sns = AwsClients.configure(
                        SnsClient.builder(),
                        region,
                        credentials,
                        env.endpoint("SNS"),
                        new AwsClients.Call(Duration.ofSeconds(5), Duration.ofSeconds(15), 3))
                .build();
        env.check("silent-camera alarm");
        this.alarm = new SilentCameraAlarm(
                question -> ask(lambda, checkFunction, question),
                (subject, message) ->
                        sns.publish(b -> b.topicArn(topicArn).subject(subject).message(message)),
                Duration.ofMinutes(silentAfter),
                Duration.ofMinutes(LambdaFunctions.SILENT_CHECK_EVERY_MINUTES),
                System.out::println);
    }

    public SilentCameraAlarmHandler(SilentCameraAlarm alarm) {
        this.alarm = alarm;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Object at = event == null ? null : event.getOrDefault("time", event.get("at"));
        return alarm.run(at == null ? Instant.now() : instant(at));
    }

    private static Instant instant(Object value) {
        try {
            return Instant.parse(String.valueOf(value));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "'time' or 'at' is an instant such as 2026-12-05T10:15:00Z, got " + value);
        }
    }

    /** The check's answer; its error (a failed query, a bad question) fails this run, which the schedule retries. */
    private static JsonNode ask(LambdaClient lambda, String function, Map<String, Object> question) {
        try {
            byte[] payload = Json.mapper().writeValueAsBytes(question);
            InvokeResponse response = lambda.invoke(b -> b.functionName(function)
                    .invocationType(InvocationType.REQUEST_RESPONSE)
                    .payload(SdkBytes.fromByteArray(payload)));
            String answer = response.payload().asUtf8String();
            if (response.functionError() != null) {
                throw new IllegalStateException("the silent-camera check failed: " + answer);
            }
            return Json.mapper().readTree(answer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
