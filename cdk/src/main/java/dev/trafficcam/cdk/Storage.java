package dev.trafficcam.cdk;

import dev.trafficcam.model.EventLimits;
import dev.trafficcam.model.S3Keys;
import dev.trafficcam.model.functions.ImagePrivacy;
import dev.trafficcam.model.functions.Lifetimes;
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
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Where frames and failed events wait: the frames bucket (private, encrypted, TLS only, access-logged to a bucket of
 * its own) and the failure queue. How long things live follows from the replay window ({@link Lifetimes}).
 */
public final class Storage extends Construct {
    private final Bucket frames;
    private final Queue failureQueue;

    public Storage(Construct scope, String id, Lifetimes lifetimes, ImagePrivacy privacy) {
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
                        LifecycleRule.builder()
                                .id("abort-incomplete-uploads")
                                .abortIncompleteMultipartUploadAfter(Duration.days(1))
                                .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        // The largest message SQS takes, set rather than left to the default: Lambda's on-failure record carries the
        // whole event, and a record the queue refuses is dropped with its frame (EventLimits).
        failureQueue = Queue.Builder.create(this, "FailureQueue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .maxMessageSizeBytes(EventLimits.FAILURE_QUEUE_MESSAGE_LIMIT)
                .retentionPeriod(
                        Duration.seconds(lifetimes.failureQueueRetention().toSeconds()))
                .visibilityTimeout(Duration.minutes(5))
                .build();
        for (String rule : List.of("AwsSolutions-SQS3", "Serverless-SQSRedrivePolicy")) {
            Parts.suppress(
                    failureQueue,
                    rule,
                    "this queue is the persistence alias's on-failure destination; the replay function redrives it");
        }
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
