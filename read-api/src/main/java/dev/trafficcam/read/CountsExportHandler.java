package dev.trafficcam.read;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.trafficcam.db.DatabaseConnections;
import dev.trafficcam.db.DatabaseSession;
import dev.trafficcam.model.functions.LogLine;
import dev.trafficcam.support.AwsClients;
import dev.trafficcam.support.S3Clients;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Writes the daily BI export ({@link CountsExport}). Two inputs:
 *
 * <ul>
 *   <li>the EventBridge schedule's event (a {@code "Scheduled Event"} with its {@code time}, EventBridge user guide,
 *       "Schedule expressions for rules"): exports the day before {@code time}'s date and the {@link #LATE_DAYS} days
 *       before that again, which late frames (retries, replays) may have changed;
 *   <li>{@code {"date": "YYYY-MM-DD"}}, by hand: that day only, e.g. after a replay of older events.
 * </ul>
 *
 * The answer lists the files written and their rows.
 */
public final class CountsExportHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    /** Days before yesterday written again on each scheduled run. */
    public static final int LATE_DAYS = 2;

    private final TrafficReader reader;
    private final S3Client s3;
    private final String bucket;
    private final Clock clock;
    private final Consumer<String> log;

    /** Used by Lambda: as {@link ReadHandler}'s environment. */
    public CountsExportHandler() {
        this(ReadConfig.fromEnvironment(System.getenv()));
    }

    private CountsExportHandler(ReadConfig config) {
        this(
                new TrafficReader(new DatabaseSession(new DatabaseConnections(config.database()))),
                s3(config),
                config.bucket(),
                Clock.systemUTC(),
                System.out::println);
    }

    public CountsExportHandler(TrafficReader reader, S3Client s3, String bucket, Clock clock, Consumer<String> log) {
        this.reader = reader;
        this.s3 = s3;
        this.bucket = bucket;
        this.clock = clock;
        this.log = log;
    }

    private static S3Client s3(ReadConfig config) {
        return S3Clients.s3(
                config.region(),
                DefaultCredentialsProvider.builder().build(),
                config.s3Endpoint(),
                new AwsClients.Call(Duration.ofSeconds(30), Duration.ofSeconds(90), 3));
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        List<LocalDate> days = days(event == null ? Map.of() : event);
        List<Map<String, Object>> files = days.stream().map(this::export).toList();
        return Map.of("files", files);
    }

    /** Which days an event asks for. */
    List<LocalDate> days(Map<String, Object> event) {
        Object date = event.get("date");
        if (date != null) {
            try {
                return List.of(LocalDate.parse(date.toString()));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("date must be YYYY-MM-DD, got '" + date + "'");
            }
        }
        Instant at = event.get("time") == null
                ? clock.instant()
                : OffsetDateTime.parse(event.get("time").toString()).toInstant();
        LocalDate yesterday = at.atOffset(ZoneOffset.UTC).toLocalDate().minusDays(1);
        return java.util.stream.IntStream.rangeClosed(0, LATE_DAYS)
                .mapToObj(yesterday::minusDays)
                .toList();
    }

    /** Writes one day's file; its key, rows and bytes. */
    public Map<String, Object> export(LocalDate day) {
        var hours = reader.allHours(day);
        byte[] csv = CountsExport.csv(hours);
        String key = CountsExport.key(day);
        s3.putObject(
                b -> b.bucket(bucket)
                        .key(key)
                        .contentType("text/csv; charset=utf-8")
                        .contentDisposition("attachment; filename=\"hourly-counts-" + day + ".csv\""),
                RequestBody.fromBytes(csv));
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("key", key);
        file.put("rows", hours.size());
        file.put("bytes", csv.length);
        log.accept(LogLine.info("counts exported")
                .withAll(file)
                .with("date", day.toString())
                .json());
        return file;
    }
}
