package dev.trafficcam.persistence.replay;

import dev.trafficcam.persistence.ops.OperatorClients;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The replay from a shell, for AWS and for the local stack:
 *
 * <pre>
 * java -cp persistence-lambda/target/persistence-lambda-*-lambda.jar dev.trafficcam.persistence.replay.ReplayCommand \
 *   replay --queue-url URL --function-name NAME [--max N] [--dry-run] [--region R] [--sqs-endpoint URL] [--lambda-endpoint URL]
 * </pre>
 *
 * Credentials come from the usual places (environment, profile). Exit code 0 when nothing is left failing, 1 when some
 * events still fail or are invalid, 2 for bad arguments.
 */
public final class ReplayCommand {
    private ReplayCommand() {}

    public static void main(String[] args) {
        String queueUrl = null;
        String functionName = null;
        int max = ReplayHandler.DEFAULT_MAX_MESSAGES;
        boolean dryRun = false;
        String region = Optional.ofNullable(System.getenv("AWS_REGION")).orElse("eu-west-1");
        Optional<URI> sqsEndpoint =
                OperatorClients.endpoint(System.getenv("AWS_ENDPOINT_URL_SQS"), System.getenv("AWS_ENDPOINT_URL"));
        Optional<URI> lambdaEndpoint =
                OperatorClients.endpoint(System.getenv("AWS_ENDPOINT_URL_LAMBDA"), System.getenv("AWS_ENDPOINT_URL"));
        int i = 0;
        if (args.length > 0 && args[0].equals("replay")) {
            i = 1;
        }
        try {
            for (; i < args.length; i++) {
                switch (args[i]) {
                    case "--queue-url" -> queueUrl = args[++i];
                    case "--function-name" -> functionName = args[++i];
                    case "--max" -> max = Integer.parseInt(args[++i]);
                    case "--dry-run" -> dryRun = true;
                    case "--region" -> region = args[++i];
                    case "--sqs-endpoint" -> sqsEndpoint = Optional.of(URI.create(args[++i]));
                    case "--lambda-endpoint" -> lambdaEndpoint = Optional.of(URI.create(args[++i]));
                    case "-h", "--help" -> {
                        usage();
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
            if (queueUrl == null || functionName == null) {
                throw new IllegalArgumentException("--queue-url and --function-name are required");
            }
        } catch (RuntimeException e) {
            System.err.println("replay: " + e.getMessage());
            usage();
            System.exit(2);
            return;
        }
        var credentials = DefaultCredentialsProvider.builder().build();
        Replay replay = new Replay(
                OperatorClients.sqs(region, credentials, sqsEndpoint),
                OperatorClients.lambda(region, credentials, lambdaEndpoint));
        ReplayReport report = replay.run(queueUrl, functionName, max, dryRun);
        System.out.println(report.summary());
        if (!report.invalidIds().isEmpty()) {
            System.out.println(
                    "invalid message ids (inspect, then delete by hand): " + String.join(", ", report.invalidIds()));
        }
        System.exit(report.stillFailingTotal() + report.invalid() == 0 ? 0 : 1);
    }

    private static void usage() {
        System.err.println("usage: replay --queue-url URL --function-name NAME [--max N (100)] [--dry-run] [--region R]"
                + " [--sqs-endpoint URL] [--lambda-endpoint URL]");
    }
}
