package dev.trafficcam.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficcam.model.TrafficClass;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class OccupancyTest {
    private static final ZonedDateTime TEN = ZonedDateTime.of(2026, 3, 2, 10, 0, 0, 0, ZoneOffset.UTC);

    /** An hour as the persistence function would roll it up from frames every {@code seconds} with these cars. */
    private static TrafficReader.HourCounts hour(ZonedDateTime start, int seconds, int[] carsPerFrame) {
        Map<TrafficClass, Long> detections = new EnumMap<>(TrafficClass.class);
        Map<TrafficClass, Integer> peaks = new EnumMap<>(TrafficClass.class);
        for (TrafficClass c : TrafficClass.values()) {
            detections.put(c, 0L);
            peaks.put(c, 0);
        }
        detections.put(
                TrafficClass.CAR, (long) java.util.Arrays.stream(carsPerFrame).sum());
        peaks.put(TrafficClass.CAR, java.util.Arrays.stream(carsPerFrame).max().orElse(0));
        return new TrafficReader.HourCounts(
                start.toInstant(),
                carsPerFrame.length,
                0,
                detections,
                peaks,
                start.toInstant(),
                start.plusSeconds((long) seconds * (carsPerFrame.length - 1)).toInstant());
    }

    /**
     * Cars in view frame by frame: a parked car (always 1) and traffic that comes and goes (0, 2, 1, 0, 2, 1 ...);
     * {@code step} 2 is every other frame of the same scene.
     */
    private static int[] scene(int frames, int step) {
        int[] cars = new int[frames];
        for (int i = 0; i < frames; i++) {
            cars[i] = 1 + List.of(0, 2, 1).get((i * step) % 3);
        }
        return cars;
    }

    @Test
    void aCameraThatSendsTwiceAsOftenHasTheSameMeanTwiceTheFramesAndTheSameCoverage() {
        // the same street seen every 10 s (360 frames) and every 20 s (every other one of those frames)
        var every10 = List.of(hour(TEN, 10, scene(360, 1)));
        var every20 = List.of(hour(TEN, 20, scene(180, 2)));

        OptionalDouble interval10 = Occupancy.usualIntervalSeconds(every10);
        OptionalDouble interval20 = Occupancy.usualIntervalSeconds(every20);
        Occupancy.Bucket a = Occupancy.buckets(every10, TEN, TEN.plusHours(1), ChronoUnit.HOURS, interval10)
                .getFirst();
        Occupancy.Bucket b = Occupancy.buckets(every20, TEN, TEN.plusHours(1), ChronoUnit.HOURS, interval20)
                .getFirst();

        assertThat(interval10).hasValue(10.0);
        assertThat(interval20).hasValue(20.0);
        assertThat(a.frames()).isEqualTo(2 * b.frames());
        assertThat(a.classes().get(TrafficClass.CAR).detections())
                .as("the sum doubles with the frame rate: not a traffic figure")
                .isEqualTo(2 * b.classes().get(TrafficClass.CAR).detections());
        assertThat(a.classes().get(TrafficClass.CAR).mean())
                .isEqualTo(b.classes().get(TrafficClass.CAR).mean())
                .isEqualTo(2.0);
        assertThat(a.classes().get(TrafficClass.CAR).peak()).isEqualTo(3);
        assertThat(a.coverage()).isEqualTo(b.coverage()).isEqualTo(1.0);
    }

    @Test
    void theUsualIntervalIsTheMedianOfTheHoursSoAnHourWithAGapDoesNotMoveIt() {
        List<TrafficReader.HourCounts> hours = new ArrayList<>();
        hours.add(hour(TEN, 10, scene(360, 1)));
        hours.add(hour(TEN.plusHours(1), 10, scene(360, 1)));
        // an hour where the camera sent 10 frames at its start and 10 at its end: (3590 s / 19) between frames
        TrafficReader.HourCounts gappy = new TrafficReader.HourCounts(
                TEN.plusHours(2).toInstant(),
                20,
                0,
                hours.getFirst().detections(),
                hours.getFirst().peaks(),
                TEN.plusHours(2).toInstant(),
                TEN.plusHours(2).plusSeconds(3590).toInstant());
        hours.add(gappy);

        OptionalDouble interval = Occupancy.usualIntervalSeconds(hours);
        assertThat(interval).hasValue(10.0);
        List<Occupancy.Bucket> buckets = Occupancy.buckets(hours, TEN, TEN.plusHours(4), ChronoUnit.HOURS, interval);
        assertThat(buckets).extracting(Occupancy.Bucket::coverage).containsExactly(1.0, 1.0, 0.056, 0.0);
        // one day bucket: 740 frames of the 8,640 a day at 10 s
        assertThat(Occupancy.buckets(
                                hours,
                                TEN.truncatedTo(ChronoUnit.DAYS),
                                TEN.plusDays(1).truncatedTo(ChronoUnit.DAYS),
                                ChronoUnit.DAYS,
                                interval)
                        .getFirst()
                        .coverage())
                .isEqualTo(Occupancy.round(740 / 8640.0));
    }

    @Test
    void withoutTwoFramesApartNoIntervalIsKnownAndCoverageIsNotGuessed() {
        var single = List.of(hour(TEN, 10, new int[] {2}));
        OptionalDouble interval = Occupancy.usualIntervalSeconds(single);
        assertThat(interval).isEmpty();
        Occupancy.Bucket bucket = Occupancy.buckets(single, TEN, TEN.plusHours(1), ChronoUnit.HOURS, interval)
                .getFirst();
        assertThat(bucket.coverage()).isNull();
        assertThat(bucket.classes().get(TrafficClass.CAR).mean()).isEqualTo(2.0);
    }

    @Test
    void distortedFramesAreNotInTheMeanButCountForCoverage() {
        TrafficReader.HourCounts h = hour(TEN, 10, new int[] {2, 4, 0, 0});
        TrafficReader.HourCounts withTwoDistorted = new TrafficReader.HourCounts(
                h.hour(), h.frames(), 2, h.detections(), h.peaks(), h.firstCapturedAt(), h.lastCapturedAt());
        Occupancy.Bucket bucket = Occupancy.buckets(
                        List.of(withTwoDistorted), TEN, TEN.plusHours(1), ChronoUnit.HOURS, OptionalDouble.of(900))
                .getFirst();
        assertThat(bucket.classes().get(TrafficClass.CAR).mean()).isEqualTo(3.0);
        assertThat(bucket.coverage()).isEqualTo(1.0);
    }

    /**
     * A camera in Brussels across both clock changes of 2022: the day of 27 March has 23 hours and that of 30 October
     * 25, so a camera that sent every 10 s all day has full coverage on both; and the hour that happened twice in
     * October is two buckets, each with its offset.
     */
    @Test
    void localDaysHave23Or25HoursAcrossClockChangesAndTheRepeatedHourIsTwoBuckets() {
        java.time.ZoneId brussels = java.time.ZoneId.of("Europe/Brussels");
        for (java.time.LocalDate day :
                List.of(java.time.LocalDate.of(2022, 3, 27), java.time.LocalDate.of(2022, 10, 30))) {
            ZonedDateTime midnight = day.atStartOfDay(brussels);
            List<TrafficReader.HourCounts> hours = new ArrayList<>();
            for (ZonedDateTime h = midnight; h.toLocalDate().equals(day); h = h.plusHours(1)) {
                hours.add(hour(h, 10, scene(360, 1)));
            }
            assertThat(hours).hasSize(day.getMonthValue() == 3 ? 23 : 25);
            Occupancy.Bucket whole = Occupancy.buckets(
                            hours, midnight, midnight.plusDays(1), ChronoUnit.DAYS, OptionalDouble.of(10))
                    .getFirst();
            assertThat(whole.frames()).isEqualTo(360L * hours.size());
            assertThat(whole.coverage()).as(day.toString()).isEqualTo(1.0);
        }

        ZonedDateTime midnight = java.time.LocalDate.of(2022, 10, 30).atStartOfDay(brussels);
        List<TrafficReader.HourCounts> hours = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            hours.add(hour(midnight.plusHours(i), 10, scene(360 - i, 1)));
        }
        List<Occupancy.Bucket> buckets =
                Occupancy.buckets(hours, midnight, midnight.plusHours(5), ChronoUnit.HOURS, OptionalDouble.of(10));
        assertThat(buckets)
                .extracting(b -> Occupancy.text(b.start()) + " " + b.frames())
                .containsExactly(
                        "2022-10-30T00:00+02:00 360",
                        "2022-10-30T01:00+02:00 359",
                        "2022-10-30T02:00+02:00 358",
                        "2022-10-30T02:00+01:00 357",
                        "2022-10-30T03:00+01:00 356");
    }
}
