package dev.trafficcam.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CaptureTimesTest {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    @Test
    void aWallClockTimeIsReadInTheCamerasZone() {
        LocalDateTime tenToEleven = LocalDateTime.of(2022, 10, 12, 10, 51, 38);
        assertThat(CaptureTimes.instant(tenToEleven, null, BRUSSELS, Instant.parse("2022-10-12T08:51:40Z")))
                .isEqualTo(Instant.parse("2022-10-12T08:51:38Z"));
        assertThat(CaptureTimes.instant(
                        tenToEleven, null, ZoneId.of("America/New_York"), Instant.parse("2022-10-12T14:51:40Z")))
                .isEqualTo(Instant.parse("2022-10-12T14:51:38Z"));
        // winter time in Brussels: one hour from UTC
        assertThat(CaptureTimes.instant(
                        LocalDateTime.of(2022, 12, 1, 8, 0), null, BRUSSELS, Instant.parse("2022-12-01T07:00:02Z")))
                .isEqualTo(Instant.parse("2022-12-01T07:00:00Z"));
    }

    @Test
    void aTimeThatHappenedTwiceIsTheReadingNearerTheArrival() {
        LocalDateTime twoThirty = LocalDateTime.of(2022, 10, 30, 2, 30);
        assertThat(CaptureTimes.instant(twoThirty, null, BRUSSELS, Instant.parse("2022-10-30T00:30:04Z")))
                .as("the first pass, summer time")
                .isEqualTo(Instant.parse("2022-10-30T00:30:00Z"));
        assertThat(CaptureTimes.instant(twoThirty, null, BRUSSELS, Instant.parse("2022-10-30T01:30:04Z")))
                .as("the second pass, winter time")
                .isEqualTo(Instant.parse("2022-10-30T01:30:00Z"));
    }

    @Test
    void aTimeTheClocksSkippedIsShiftedForwardByTheGap() {
        assertThat(CaptureTimes.instant(
                        LocalDateTime.of(2022, 3, 27, 2, 30), null, BRUSSELS, Instant.parse("2022-03-27T01:30:04Z")))
                .as("02:30 did not happen; 03:30 summer time did")
                .isEqualTo(Instant.parse("2022-03-27T01:30:00Z"));
    }

    @Test
    void aNamesOffsetWinsOverTheZoneAndTheArrival() {
        assertThat(CaptureTimes.instant(
                        LocalDateTime.of(2022, 10, 30, 2, 30),
                        ZoneOffset.ofHours(1),
                        BRUSSELS,
                        Instant.parse("2022-10-30T00:30:04Z")))
                .isEqualTo(Instant.parse("2022-10-30T01:30:00Z"));
    }

    @Test
    void theHourKeyIsTheLocalHoursStartAndTheRepeatedHourIsTwoHours() {
        assertThat(CaptureTimes.hourStart(Instant.parse("2022-10-30T00:45:00Z"), BRUSSELS))
                .isEqualTo(Instant.parse("2022-10-30T00:00:00Z"));
        assertThat(CaptureTimes.hourStart(Instant.parse("2022-10-30T01:45:00Z"), BRUSSELS))
                .isEqualTo(Instant.parse("2022-10-30T01:00:00Z"));
        // a zone half an hour off UTC: its hours start at half past, UTC
        assertThat(CaptureTimes.hourStart(Instant.parse("2022-10-30T01:10:00Z"), ZoneId.of("Asia/Kolkata")))
                .isEqualTo(Instant.parse("2022-10-30T00:30:00Z"));
    }

    @Test
    void onlyIanaZonesAreTaken() {
        assertThat(CaptureTimes.zone("Europe/Brussels")).isEqualTo(BRUSSELS);
        assertThat(CaptureTimes.zone("UTC")).isEqualTo(ZoneId.of("UTC"));
        assertThatThrownBy(() -> CaptureTimes.zone("Brussels")).hasMessageContaining("not an IANA time zone");
        assertThatThrownBy(() -> CaptureTimes.zone("+02:00")).hasMessageContaining("not an IANA time zone");
        assertThatThrownBy(() -> CaptureTimes.zone(null)).hasMessageContaining("not an IANA time zone");
    }
}
