package dev.trafficcam.local;

import dev.trafficcam.db.DatabaseConnections;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Clients of a running local stack, as a camera and an operator use it; closing them stops the stack too. */
final class StackClients implements AutoCloseable {
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final LocalPipeline stack;
    final SqsClient sqs;
    final LambdaClient lambda;

    /** Starts a local stack and its clients; closing the clients stops it. */
    static StackClients start(LocalPipeline.Options options) throws Exception {
        LocalPipeline stack = LocalPipeline.start(options);
        try {
            return new StackClients(stack);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private StackClients(LocalPipeline stack) {
        this.stack = stack;
        sqs = SqsClient.builder()
                .region(Region.of(LocalPipeline.REGION))
                .credentialsProvider(LocalPipeline.CREDENTIALS)
                .endpointOverride(stack.endpoints().sqs())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        lambda = LambdaClient.builder()
                .region(Region.of(LocalPipeline.REGION))
                .credentialsProvider(LocalPipeline.CREDENTIALS)
                .endpointOverride(stack.endpoints().lambda())
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)))
                .build();
    }

    HttpResponse<String> post(String fileName, byte[] jpeg) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.endpoints().api() + "/frames/" + fileName))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "image/jpeg")
                        .header("Authorization", stack.cameraKeys().authorizationFor(fileName))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(jpeg))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static byte[] frame(String name) throws Exception {
        try (InputStream in = StackClients.class.getResourceAsStream("/frames/" + name)) {
            return in.readAllBytes();
        }
    }

    /** Visible plus in-flight messages on the failure queue. */
    int queueDepth() {
        return stack.failureQueueDepth();
    }

    void send(String body) {
        sqs.sendMessage(b -> b.queueUrl(stack.endpoints().failureQueueUrl()).messageBody(body));
    }

    long count(String sql) throws Exception {
        try (Connection c = new DatabaseConnections(stack.database()).open();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    void execute(String sql) throws Exception {
        try (Connection c = new DatabaseConnections(stack.database()).open();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * Makes the database refuse the frames whose file name starts with {@code prefix}, with an error message of
     * {@code messageChars} characters: the persistence function itself fails, every attempt.
     */
    void refuseFrames(String prefix, int messageChars) throws Exception {
        String name = refusal(prefix);
        execute("""
                create or replace function %1$s() returns trigger language plpgsql as $$
                begin
                  if new.file_name like '%2$s%%' then
                    raise exception 'refused for the test: %3$s';
                  end if;
                  return new;
                end $$;
                drop trigger if exists %1$s on frames;
                create trigger %1$s before insert on frames for each row execute function %1$s();
                """.formatted(name, prefix, "<\"&>".repeat(Math.max(0, messageChars / 5))));
    }

    void stopRefusingFrames(String prefix) throws Exception {
        String name = refusal(prefix);
        execute("drop trigger if exists " + name + " on frames; drop function if exists " + name + "()");
    }

    /** The trigger and function that refuse the frames named {@code prefix}*. */
    private static String refusal(String prefix) {
        return "refuse_" + prefix.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "_");
    }

    /** Waits (at most {@code patience}) until the condition holds. */
    static void await(java.util.function.BooleanSupplier condition, Duration patience, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what + " after " + patience.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        sqs.close();
        lambda.close();
        stack.close();
    }
}
