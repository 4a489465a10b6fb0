package dev.trafficcam.cdk;

import dev.trafficcam.model.EventLimits;
import dev.trafficcam.model.S3Keys;
import dev.trafficcam.model.functions.ImagePrivacy;
import dev.trafficcam.model.functions.LambdaFunctions;
import dev.trafficcam.model.functions.Lifetimes;
import dev.trafficcam.model.functions.RedeliveryPolicy;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Where frames and failed events wait: the frames bucket (private, encrypted, TLS only, access-logged to a bucket of
 * its own), the failure queue (redelivered automatically) and its dead-letter queue (replayed by an operator). How long
 * things live follows from the replay window ({@link Lifetimes}).
 */
public final class Storage extends Construct {
    private final Bucket frames;
    private final Queue failureQueue;
    private final Queue deadLetters;

    public Storage(Construct scope, String id, Lifetimes lifetimes, ImagePrivacy privacy, RedeliveryPolicy redelivery) {
        super(scope, id);
        frames = Bucket.Builder.create(this, "Frames")
                .encryption(BucketEncryption.S3_MANAGED)
                .serverAccessLogsBucket(accessLogBucket())
                // the log objects' folder in the access-log bucket, named after the bucket they log
                .serverAccessLogsPrefix("frames/")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                // Claim checks expire once no event can still need them (Lifetimes). Images expire after the
                // retention period (ImagePrivacy); their rows and counts stay, and the read API computes the same
                // expiry, so it says "expired" rather than link to a deleted object.
                .lifecycleRules(List.of(
                        LifecycleRule.builder()
                                .id("expire-claim-checks")
                                .prefix(S3Keys.INCOMING_PREFIX)
                                .expiration(Duration.days(lifetimes.claimCheckExpiryDays()))
                                .build(),
                        imageExpiry("expire-frames", S3Keys.FRAMES_PREFIX, privacy),
                        imageExpiry("expire-annotated", S3Keys.ANNOTATED_PREFIX, privacy),
                        imageExpiry("expire-distorted", S3Keys.DISTORTED_PREFIX, privacy),
                        // copies the read function drew on request (annotateOnRead): a day of views shares one
                        LifecycleRule.builder()
                                .id("expire-drawn")
                                .prefix(S3Keys.DRAWN_PREFIX)
                                .expiration(Duration.days(ImagePrivacy.DRAWN_DAYS))
                                .build(),
                        LifecycleRule.builder()
                                .id("abort-incomplete-uploads")
                                .abortIncompleteMultipartUploadAfter(Duration.days(1))
                                .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        // What redelivery gives up on waits here for an operator (and its alarm). SQS counts a message's retention from
        // when it was first sent, also on the dead-letter queue ("Setting-up dead-letter queue retention in Amazon
        // SQS"), so the same retention keeps a failed event the replay window from its first failure, wherever it is.
        deadLetters = Queue.Builder.create(this, "DeadLetterQueue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .maxMessageSizeBytes(EventLimits.FAILURE_QUEUE_MESSAGE_LIMIT)
                .retentionPeriod(
                        Duration.seconds(lifetimes.failureQueueRetention().toSeconds()))
                .build();
        for (String rule : List.of("AwsSolutions-SQS3", "Serverless-SQSRedrivePolicy")) {
            Parts.suppress(
                    deadLetters,
                    rule,
                    "this is the failure queue's dead-letter queue; an operator replays it, nothing consumes it on its own");
        }

        // The largest message SQS takes, set rather than left to the default: Lambda's on-failure record carries the
        // whole event, and a record the queue refuses is dropped with its frame (EventLimits). The redelivery function
        // is its event source: its visibility time-out is six times the function's, as the Lambda developer guide
        // asks ("Creating and configuring an Amazon SQS event source mapping"); a failed redelivery hides the message
        // for its own delay instead (RedeliveryPolicy), and after maxReceives SQS moves it to the dead-letter queue.
        failureQueue = Queue.Builder.create(this, "FailureQueue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .maxMessageSizeBytes(EventLimits.FAILURE_QUEUE_MESSAGE_LIMIT)
                .retentionPeriod(
                        Duration.seconds(lifetimes.failureQueueRetention().toSeconds()))
                .visibilityTimeout(Duration.seconds(
                        6 * LambdaFunctions.REDELIVERY.timeout().toSeconds()))
                .deadLetterQueue(DeadLetterQueue.builder()
                        .queue(deadLetters)
                        .maxReceiveCount(redelivery.maxReceives())
                        .build())
                .build();
    }

    private static LifecycleRule imageExpiry(String id, String prefix, ImagePrivacy privacy) {
        return LifecycleRule.builder()
                .id(id)
                .prefix(prefix)
                .expiration(Duration.days(privacy.imageRetentionDays()))
                .build();
    }

    public Bucket frames() {
        return frames;
    }

    public Queue failureQueue() {
        return failureQueue;
    }

    /** What automatic redelivery gave up on: the replay's queue. */
    public Queue deadLetters() {
        return deadLetters;
    }

    /** Every object under a prefix of {@link S3Keys}, as an IAM resource. */
    public String objectsUnder(String prefix) {
        return frames.arnForObjects(prefix + "*");
    }

    /**
     * The AwsSolutions-IAM5 finding for objects under these prefixes ({@link S3Keys}, with their slash) of the frames
     * bucket.
     */
    static RegexAppliesTo wildcardFinding(String... prefixes) {
        String names =
                Arrays.stream(prefixes).map(p -> p.substring(0, p.length() - 1)).collect(Collectors.joining("|"));
        return RegexAppliesTo.builder()
                .regex("/^Resource::<[A-Za-z0-9]*Frames[0-9A-F]{8}\\.Arn>\\/(" + names + ")\\/\\*$/g")
                .build();
    }

    /** Where the frames bucket's server access logs go, kept 90 days. */
    private Bucket accessLogBucket() {
        Bucket logs = Bucket.Builder.create(this, "AccessLogs")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .enforceSsl(true)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-access-logs")
                        .expiration(Duration.days(90))
                        .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Parts.suppress(logs, "AwsSolutions-S1", "this is the access-log bucket; logging it would only log the logging");
        return logs;
    }
}
