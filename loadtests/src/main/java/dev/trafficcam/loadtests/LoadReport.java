package dev.trafficcam.loadtests;

import dev.trafficcam.model.functions.FunctionEnvironment;
import dev.trafficcam.support.AwsClients;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The analysis step after a Gatling run: from the simulation's Server-Timing CSV, p50/p95/p99 of total, model, check,
 * hand-off and overhead (total - model) and the ratio API p50 / model p50; from the database, the asynchronous lag
 * (received to persisted) of the frames of the run, and whether it grew from the first to the last third (a growing
 * backlog); from SQS, the failure queue's depth at the end.
 *
 * <pre>java -cp loadtests/target/benchmarks.jar dev.trafficcam.loadtests.LoadReport CSV
 *     [--jdbc-url URL --db-user U --db-password P] [--queue-url URL [--sqs-endpoint URL]]</pre>
 */
public final class LoadReport {

    /** The Server-Timing stages of a run; {@code first} is when the run's first frame reached the API. */
    public record Stages(int requests, int failed, Instant first, Map<String, Percentiles> stages) {
        public double apiToModel() {
            return stages.get("total").at(50) / stages.get("model").at(50);
        }
    }

    private LoadReport() {}

    public static Stages readTimings(Path csv) throws IOException {
        Map<String, List<Double>> values = new LinkedHashMap<>();
        for (String stage : List.of("total", "model", "check", "handoff", "overhead")) {
            values.put(stage, new ArrayList<>());
        }
        int requests = 0;
        int failed = 0;
        Instant first = null;
        for (String line :
                Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
            String[] fields = line.split(",", 3);
            requests++;
            if (Boolean.parseBoolean(fields[1])) {
                failed++;
            }
            Map<String, Double> timing = HandlerOverhead.parse(fields[2].replace("\"", ""));
            // the row is written when the answer arrives; the frame arrived "total" earlier
            Instant at =
                    Instant.ofEpochMilli(Long.parseLong(fields[0]) - Math.round(timing.getOrDefault("total", 0.0)));
            first = first == null || at.isBefore(first) ? at : first;
            if (timing.containsKey("total") && timing.containsKey("model")) {
                timing.forEach((stage, ms) ->
                        values.computeIfAbsent(stage, s -> new ArrayList<>()).add(ms));
                values.get("overhead").add(timing.get("total") - timing.get("model"));
            }
        }
        Map<String, Percentiles> stages = new LinkedHashMap<>();
        values.forEach((stage, ms) -> {
            if (!ms.isEmpty()) {
                stages.put(stage, new Percentiles(ms));
            }
        });
        return new Stages(requests, failed, first, stages);
    }

    /** Received-to-persisted lag (ms) of the frames received since the given instant, in arrival order. */
    public static List<Double> asyncLagMs(String jdbcUrl, String user, String password, Instant since)
            throws SQLException {
        List<Double> lags = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
                PreparedStatement s =
                        c.prepareStatement("select extract(epoch from (persisted_at - received_at)) * 1000"
                                + " from frames where received_at >= ? order by received_at")) {
            s.setTimestamp(1, Timestamp.from(since));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    lags.add(r.getDouble(1));
                }
            }
        }
        return lags;
    }

    public static int queueDepth(String queueUrl, Optional<URI> endpoint) {
        try (SqsClient sqs = AwsClients.configure(
                        SqsClient.builder(),
                        FunctionEnvironment.ofProcess().region("eu-west-1"),
                        DefaultCredentialsProvider.builder().build(),
                        endpoint,
                        new AwsClients.Call(Duration.ofSeconds(30), Duration.ofSeconds(60), 3))
                .build()) {
            Map<String, String> a = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                            .attributeNamesWithStrings(
                                    "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                    .attributesAsStrings();
            return Integer.parseInt(a.get("ApproximateNumberOfMessages"))
                    + Integer.parseInt(a.get("ApproximateNumberOfMessagesNotVisible"));
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: LoadReport SERVER_TIMING_CSV [--jdbc-url URL --db-user U --db-password P]"
                    + " [--queue-url URL [--sqs-endpoint URL]]");
            System.exit(2);
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        Stages run = readTimings(Path.of(args[0]));
        System.out.printf("%d requests, %d failed%n", run.requests(), run.failed());
        run.stages().forEach((stage, p) -> System.out.printf(Locale.ROOT, "  %-9s %s%n", stage, p.summary()));
        if (run.stages().containsKey("model")) {
            System.out.printf(Locale.ROOT, "  API p50 / model p50 = %.3f%n", run.apiToModel());
        }
        if (options.containsKey("--jdbc-url")) {
            List<Double> lags = asyncLagMs(
                    options.get("--jdbc-url"),
                    options.getOrDefault("--db-user", "postgres"),
                    options.getOrDefault("--db-password", "postgres"),
                    run.first().minusSeconds(1));
            if (lags.isEmpty()) {
                System.out.println("  async lag: no frames of this run are stored");
            } else {
                System.out.printf(
                        Locale.ROOT, "  async lag (received -> persisted) %s%n", new Percentiles(lags).summary());
                int third = Math.max(1, lags.size() / 3);
                double early = new Percentiles(lags.subList(0, third)).at(50);
                double late = new Percentiles(lags.subList(lags.size() - third, lags.size())).at(50);
                System.out.printf(
                        Locale.ROOT,
                        "  backlog: lag p50 first third %.1f ms, last third %.1f ms (%s)%n",
                        early,
                        late,
                        late > 2 * early + 100 ? "GROWING" : "steady");
            }
        }
        if (options.containsKey("--queue-url")) {
            System.out.println("  failure queue depth at the end: "
                    + queueDepth(
                            options.get("--queue-url"),
                            Optional.ofNullable(options.get("--sqs-endpoint")).map(URI::create)));
        }
    }
}
