package dev.trafficcam.cdk;

import dev.trafficcam.model.functions.CameraMetrics;
import dev.trafficcam.model.functions.RedeliveryPolicy;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.MetricProps;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * The pipeline's alarms, the topic every one of them notifies (when it fires and when it clears), and the dashboard. An
 * e-mail address from context ({@code alarmEmail}) subscribes to the topic; anything else (a pager, a chat bridge)
 * subscribes the same way.
 */
public final class Monitoring extends Construct {
    private static final Duration PERIOD = Duration.minutes(5);

    /** What is watched. */
    public record Watched(
            Function inference,
            Function persistence,
            Function read,
            Function countsExport,
            software.amazon.awscdk.services.events.Rule dailyExport,
            RestApi api,
            Queue failureQueue,
            Queue deadLetters,
            String endpointName) {}

    private final Topic topic;

    public Monitoring(Construct scope, String id, Watched watched, String alarmEmail) {
        super(scope, id);
        // Encrypted with a key of its own: CloudWatch cannot publish to a topic under the AWS-managed SNS key, and
        // needs kms:Decrypt and kms:GenerateDataKey* on a customer-managed one (SNS developer guide, "Key management":
        // compatibility between event sources from AWS services and encrypted topics).
        Key key = Key.Builder.create(this, "AlarmTopicKey")
                .enableKeyRotation(true)
                .description("encrypts the traffic camera pipeline's alarm topic")
                .build();
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*")) // in a key policy, "*" is this key
                .conditions(Map.of(
                        "StringEquals",
                        Map.of("aws:SourceAccount", Stack.of(this).getAccount())))
                .build());
        topic = Topic.Builder.create(this, "AlarmTopic")
                .displayName("Traffic camera pipeline alarms")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        if (alarmEmail != null) {
            topic.addSubscription(new EmailSubscription(alarmEmail));
        }

        Function persistence = watched.persistence();
        IMetric queueDepth = watched.failureQueue().metricApproximateNumberOfMessagesVisible(options("Maximum"));
        IMetric inferenceErrors = watched.inference().metricErrors(options("Sum"));
        IMetric persistenceErrors = persistence.metricErrors(options("Sum"));
        IMetric readErrors = watched.read().metricErrors(options("Sum"));
        IMetric apiP99 = watched.api().metricLatency(options("p99"));
        // API Gateway's 5XXError is 1 or 0 per request, so its average is the share of requests that got a 5xx
        IMetric api5xxRate = watched.api().metricServerError(options("Average"));
        IMetric endpointErrors = sageMaker("Invocation5XXErrors", "Sum", watched.endpointName());
        IMetric modelLatency = sageMaker("ModelLatency", "p99", watched.endpointName());

        // The failure queue drains itself (RedeliveryPolicy): a message there is no news, one older than the whole
        // retry window is (the redelivery function or its event source is not working). What redelivery gave up on
        // lands on the dead-letter queue: that one needs a human at once.
        alarm(
                "FramesWaitingForOperator",
                watched.deadLetters().metricApproximateNumberOfMessagesVisible(options("Maximum")),
                1,
                1,
                "frames whose storing failed for longer than automatic redelivery tries are waiting:"
                        + " fix the cause, then replay the dead-letter queue (docs/OPERATIONS.md)");
        alarm(
                "RedeliveryStuck",
                watched.failureQueue().metricApproximateAgeOfOldestMessage(options("Maximum")),
                RedeliveryPolicy.DEFAULT.retryWindow().plusHours(1).toSeconds(),
                1,
                "a failed frame has waited on the failure queue longer than redelivery retries:"
                        + " is the redelivery function's event source enabled? (docs/OPERATIONS.md)");
        alarm("InferenceErrors", inferenceErrors, 1, 1, "the inference function threw");
        alarm(
                "PersistenceErrors",
                persistenceErrors,
                5,
                1,
                "persistence runs fail (Lambda retries them, then the failure queue redelivers them)");
        alarm("ApiLatencyP99", apiP99, 10_000, 1, "p99 of the frames API above 10 s");
        alarm(
                "Api5xxRate",
                api5xxRate,
                0.05,
                2,
                "more than 5 % of camera requests got a 5xx for 10 minutes: cameras are resending");
        alarm("EndpointErrors", endpointErrors, 1, 1, "the SageMaker endpoint answers 5xx");
        // the export runs once a day: one error is a day's file missing or stale
        alarm(
                "CountsExportErrors",
                watched.countsExport()
                        .metricErrors(MetricOptions.builder()
                                .statistic("Sum")
                                .period(Duration.hours(1))
                                .build()),
                1,
                1,
                "the daily BI export failed (after EventBridge's retries): run it for the day by hand, "
                        + "aws lambda invoke --function-name <counts-export> --cli-binary-format raw-in-base64-out --payload '{\"date\":\"YYYY-MM-DD\"}' out.json (docs/API.md)");
        // EventBridge could not invoke it at all (permissions, throttling past its
        // retries): no function error shows that
        alarm(
                "CountsExportNotRun",
                new Metric(MetricProps.builder()
                        .namespace("AWS/Events")
                        .metricName("FailedInvocations")
                        .dimensionsMap(Map.of("RuleName", watched.dailyExport().getRuleName()))
                        .statistic("Sum")
                        .period(Duration.hours(1))
                        .build()),
                1,
                1,
                "the daily BI export's schedule could not invoke the function: run it by hand for the day (docs/API.md)");
        // The ways Lambda loses or delays an event after accepting it ("Types of metrics for Lambda functions",
        // asynchronous invocation metrics): a record it could not deliver to the failure queue (permissions, size), an
        // event dropped (with the on-failure destination set, it went there first), and events waiting: retries come
        // after about 1 and 2 minutes, so an age of a quarter of an hour means a backlog, not a retry.
        alarm(
                "PersistenceRecordsUndelivered",
                persistence.metric("DestinationDeliveryFailures", options("Sum")),
                1,
                1,
                "Lambda could not put a failed event on the failure queue: that frame is lost; check the queue's policy and size");
        alarm(
                "PersistenceEventsDropped",
                persistence.metric("AsyncEventsDropped", options("Sum")),
                1,
                1,
                "Lambda gave up on persistence events: they should be on the failure queue, redelivered from there; if not, see DestinationDeliveryFailures");
        // One contributor per camera (a Metrics Insights query over every camera's RefusedFrames, CloudWatch user
        // guide, "Create a CloudWatch alarm based on a Metrics Insights query"): a camera whose key keeps coming with
        // other cameras' frames is stolen or misplaced. The dimension is the key's camera, never the claimed one, so
        // no key holder can add metrics or raise the alarm against another camera.
        alarm(
                "CameraImpersonation",
                MathExpression.Builder.create()
                        .expression("SELECT SUM(" + CameraMetrics.REFUSED_FRAMES + ") FROM SCHEMA(\""
                                + CameraMetrics.NAMESPACE + "\", " + CameraMetrics.CAMERA + ") GROUP BY "
                                + CameraMetrics.CAMERA + " ORDER BY SUM() DESC")
                        .usingMetrics(Map.of())
                        .period(PERIOD)
                        .build(),
                10,
                1,
                "a camera's key comes with other cameras' frames (10 or more in 5 minutes): a stolen or misplaced key; "
                        + "see the refusals' keyId in the inference log, then rotate or revoke that key (docs/OPERATIONS.md)");
        alarm(
                "PersistenceEventAge",
                persistence.metric("AsyncEventAge", options("Maximum")),
                Duration.minutes(15).toMilliseconds().doubleValue(),
                2,
                "persistence events wait over 15 minutes: the function is throttled or failing; frames reach the database late");

        Dashboard.Builder.create(this, "Dashboard")
                .dashboardName("traffic-camera-pipeline")
                .widgets(List.of(
                        List.of(
                                GraphWidget.Builder.create()
                                        .title("Frames per minute, per camera")
                                        .width(12)
                                        .left(List.of(perCamera(CameraMetrics.FRAMES, "Sum", "", Duration.minutes(1))))
                                        .build(),
                                GraphWidget.Builder.create()
                                        .title("Distortion rate per camera (%)")
                                        .width(12)
                                        .left(List.of(
                                                perCamera(CameraMetrics.DISTORTED_FRAMES, "Average", " * 100", PERIOD)))
                                        .build()),
                        List.of(
                                GraphWidget.Builder.create()
                                        .title("API latency p99 (ms)")
                                        .left(List.of(apiP99))
                                        .build(),
                                GraphWidget.Builder.create()
                                        .title("API 5xx share")
                                        .left(List.of(api5xxRate))
                                        .build(),
                                GraphWidget.Builder.create()
                                        .title("Model latency p99 (us)")
                                        .left(List.of(modelLatency))
                                        .build()),
                        List.of(
                                GraphWidget.Builder.create()
                                        .title("Function errors")
                                        .left(List.of(inferenceErrors, persistenceErrors, readErrors))
                                        .build(),
                                GraphWidget.Builder.create()
                                        .title("Failed frames: being redelivered, waiting for an operator")
                                        .left(List.of(
                                                queueDepth,
                                                watched.deadLetters()
                                                        .metricApproximateNumberOfMessagesVisible(options("Maximum"))))
                                        .build())))
                .build();
    }

    /** Where every alarm sends its state changes. */
    public Topic topic() {
        return topic;
    }

    private static MetricOptions options(String statistic) {
        return MetricOptions.builder().statistic(statistic).period(PERIOD).build();
    }

    private static Metric sageMaker(String name, String statistic, String endpointName) {
        return new Metric(MetricProps.builder()
                .namespace("AWS/SageMaker")
                .metricName(name)
                .statistic(statistic)
                .period(PERIOD)
                .dimensionsMap(Map.of("EndpointName", endpointName, "VariantName", DetectorEndpoint.VARIANT))
                .build());
    }

    /** One line per camera, whatever cameras there are, from the metrics the inference function's log lines carry. */
    private static MathExpression perCamera(String metric, String statistic, String scale, Duration period) {
        return MathExpression.Builder.create()
                .expression("SEARCH('{" + CameraMetrics.NAMESPACE + "," + CameraMetrics.CAMERA + "} MetricName=\""
                        + metric + "\"', '" + statistic + "', " + period.toSeconds() + ")" + scale)
                .usingMetrics(Map.of())
                .period(period)
                .build();
    }

    /**
     * The silent-camera alarm can itself fail (the database away, the check's errors) or not run: either is said on the
     * topic, as a silence nobody hears about is what it exists to prevent.
     */
    public void watch(Functions.SilentCameraAlarm silentCameras) {
        alarm(
                "SilentCameraCheckFailing",
                silentCameras.function().metricErrors(options("Sum")),
                1,
                3,
                "the silent-camera check has failed for 15 minutes (after EventBridge's retries): silent cameras are"
                        + " not being named; see the silent-camera-alarm function's log (docs/OPERATIONS.md)");
        alarm(
                "SilentCameraCheckNotRun",
                new Metric(MetricProps.builder()
                        .namespace("AWS/Events")
                        .metricName("FailedInvocations")
                        .dimensionsMap(
                                Map.of("RuleName", silentCameras.schedule().getRuleName()))
                        .statistic("Sum")
                        .period(Duration.minutes(15))
                        .build()),
                1,
                1,
                "the silent-camera check's schedule could not invoke its function: silent cameras are not being named");
    }

    private void alarm(String id, IMetric metric, double threshold, int periods, String description) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(periods)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .alarmDescription(description)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
        alarm.addOkAction(new SnsAction(topic));
    }
}
