package dev.trafficcam.ops;

import dev.trafficcam.persistence.replay.Replay;
import dev.trafficcam.persistence.replay.ReplayHandler;
import dev.trafficcam.persistence.replay.ReplayReport;
import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Replays the dead-letter queue (what automatic redelivery gave up on) from a shell, with the same code the replay
 * function runs ({@link Replay}). Credentials come from the usual places (environment, profile). Exit code 0 when
 * nothing is left failing, 1 when some events still fail or are invalid.
 */
@Command(
        name = "replay",
        description = "Runs the dead-letter queue's events through the persistence function again;"
                + " deletes what is stored, keeps what still fails.")
final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--queue-url",
            required = true,
            paramLabel = "URL",
            description = "the DeadLetterQueueUrl output (or FailureQueueUrl, to replay before redelivery does)")
    String queueUrl;

    @Option(
            names = "--function-name",
            required = true,
            paramLabel = "NAME",
            description = "the PersistenceFunctionAlias output")
    String functionName;

    @Option(names = "--max", paramLabel = "N", description = "messages to look at, at most (default: ${DEFAULT-VALUE})")
    int max = ReplayHandler.DEFAULT_MAX_MESSAGES;

    @Option(names = "--dry-run", description = "say what would be replayed; change nothing")
    boolean dryRun;

    @Mixin
    AwsOptions aws;

    @Option(names = "--sqs-endpoint", paramLabel = "URL", description = "default: AWS_ENDPOINT_URL_SQS, if set")
    URI sqsEndpoint;

    @Override
    public Integer call() {
        if (max < 1) {
            throw new ParameterException(spec.commandLine(), "--max must be at least 1, got " + max);
        }
        Replay replay = Replay.connect(
                aws.region(),
                DefaultCredentialsProvider.builder().build(),
                aws.endpoint(sqsEndpoint, "SQS"),
                aws.lambdaEndpoint());
        ReplayReport report = replay.run(queueUrl, functionName, max, dryRun);
        PrintWriter out = spec.commandLine().getOut();
        out.println(report.summary());
        if (!report.invalidIds().isEmpty()) {
            out.println(
                    "invalid message ids (inspect, then delete by hand): " + String.join(", ", report.invalidIds()));
        }
        return report.stillFailingTotal() + report.invalid() == 0 ? 0 : 1;
    }
}
