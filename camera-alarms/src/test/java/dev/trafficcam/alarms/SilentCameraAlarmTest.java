package dev.trafficcam.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trafficcam.model.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The alarm's own logic, with the check and the topic as seams (the local stack runs it with both real). */
class SilentCameraAlarmTest {
    private static final Instant AT = Instant.parse("2026-12-05T10:15:00Z");
    private final List<Map<String, Object>> questions = new ArrayList<>();
    private final List<String[]> published = new ArrayList<>();

    private SilentCameraAlarm alarm(String answer) {
        return new SilentCameraAlarm(
                question -> {
                    questions.add(question);
                    try {
                        return Json.mapper().readTree(answer);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                },
                (subject, message) -> published.add(new String[] {subject, message}),
                Duration.ofMinutes(15),
                Duration.ofMinutes(5),
                line -> {});
    }

    private static String silent(int cameras) {
        StringBuilder json = new StringBuilder("{\"silent\":[");
        for (int i = 1; i <= cameras; i++) {
            json.append(i > 1 ? "," : "")
                    .append("{\"cameraId\":")
                    .append(i)
                    .append(",\"address\":\"street ")
                    .append(i)
                    .append("\",\"city\":\"Leuven\",\"country\":\"Belgium\",\"lastSeenAt\":\"2026-12-05T09:58:30Z\",")
                    .append("\"silentMinutes\":16}");
        }
        return json.append("]}").toString();
    }

    @Test
    void itAsksForTheSilenceAsOfTheScheduledTimeAndNamesEachCameraInOneMessage() {
        Map<String, Object> answer = alarm(silent(2)).run(AT);

        assertThat(questions)
                .containsExactly(Map.of("at", AT.toString(), "silentAfterMinutes", 15L, "windowMinutes", 6L));
        assertThat(answer).containsEntry("silent", 2).containsEntry("published", true);
        assertThat(published).hasSize(1);
        assertThat(published.getFirst()[0])
                .isEqualTo("Traffic cameras: 2 cameras went silent")
                .hasSizeLessThan(100);
        assertThat(published.getFirst()[1])
                .contains("camera 1: street 1, Leuven, Belgium: last frame at 2026-12-05T09:58:30Z (16 min ago)")
                .contains("camera 2: street 2, Leuven, Belgium");
    }

    @Test
    void aCheckThatFindsNoneSaysNothing() {
        assertThat(alarm(silent(0)).run(AT)).containsEntry("published", false);
        assertThat(published).isEmpty();
    }

    @Test
    void aWholeCityGoingDarkIsOneMessageOfBoundedSize() {
        alarm(silent(3_000)).run(AT);
        String message = published.getFirst()[1];
        assertThat(published.getFirst()[0]).isEqualTo("Traffic cameras: 3000 cameras went silent");
        assertThat(message)
                .contains("camera 500: ")
                .doesNotContain("camera 501: ")
                .contains("... and 2500 more");
        // SNS takes up to 256 KB
        assertThat(message.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThan(256 * 1024);
    }

    @Test
    void theCheckNamesAtMost500AndCountsTheRest() {
        // as the check answers a whole region gone dark: the total, and the first 500 (a synchronous answer is 6 MB
        // at most)
        String answer = silent(500).replace("{\"silent\":", "{\"total\":100000,\"silent\":");
        Map<String, Object> run = alarm(answer).run(AT);
        assertThat(run).containsEntry("silent", 100_000);
        assertThat(published.getFirst()[0]).isEqualTo("Traffic cameras: 100000 cameras went silent");
        assertThat(published.getFirst()[1]).contains("camera 500: ").contains("... and 99500 more");
    }

    @Test
    void aFailedCheckFailsTheRunSoTheScheduleRetriesIt() {
        SilentCameraAlarm failing = new SilentCameraAlarm(
                question -> {
                    throw new IllegalStateException("the silent-camera check failed: database unavailable");
                },
                (subject, message) -> published.add(new String[] {subject, message}),
                Duration.ofMinutes(15),
                Duration.ofMinutes(5),
                line -> {});
        assertThatThrownBy(() -> failing.run(AT)).hasMessageContaining("database unavailable");
        assertThat(published).isEmpty();
    }

    @Test
    void theHandlerTakesTheScheduledEventsTimeOrAnInstantByHand() {
        SilentCameraAlarmHandler handler = new SilentCameraAlarmHandler(alarm(silent(0)));
        handler.handleRequest(Map.of("detail-type", "Scheduled Event", "time", "2026-12-05T10:15:00Z"), null);
        handler.handleRequest(Map.of("at", "2026-12-05T11:00:00Z"), null);
        assertThat(questions)
                .extracting(q -> q.get("at"))
                .containsExactly("2026-12-05T10:15:00Z", "2026-12-05T11:00:00Z");
        assertThatThrownBy(() -> handler.handleRequest(Map.of("time", "yesterday"), null))
                .hasMessageContaining("'time' or 'at' is an instant");
    }
}
