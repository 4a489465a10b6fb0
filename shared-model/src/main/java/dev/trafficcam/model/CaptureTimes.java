package dev.trafficcam.model;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * When a frame was captured, as an instant: a file name gives a camera's wall-clock time, and the camera's IANA time
 * zone says which instant that was. The rules, the same in the V9 migration's backfill:
 *
 * <ul>
 *   <li>a name with a UTC offset ({@code ..._02-30-00+0200.jpg}) is that instant, whatever the zone;
 *   <li>a time the clocks skipped (spring forward, 02:30 where clocks went from 02:00 to 03:00) is read as the clock
 *       after the change shows it, shifted forward by the gap (03:30), as {@link ZonedDateTime#ofLocal} and PostgreSQL
 *       both do;
 *   <li>a time that happened twice (fall back, 02:30 when clocks went from 03:00 back to 02:00) is the reading nearer
 *       the frame's arrival: a camera sends within seconds of capturing, so the right reading is minutes from it and
 *       the other an hour further. A camera that sends old frames across a clock change should name their offset.
 * </ul>
 */
public final class CaptureTimes {
    private CaptureTimes() {}

    /**
     * The capture instant of a frame named with {@code local} (and {@code offset}, or null), arriving at
     * {@code receivedAt}.
     */
    public static Instant instant(LocalDateTime local, ZoneOffset offset, ZoneId zone, Instant receivedAt) {
        if (offset != null) {
            return local.toInstant(offset);
        }
        List<ZoneOffset> readings = zone.getRules().getValidOffsets(local);
        if (readings.size() < 2) {
            return ZonedDateTime.ofLocal(local, zone, null).toInstant();
        }
        Instant earlier = local.toInstant(readings.get(0));
        Instant later = local.toInstant(readings.get(1));
        Instant first = earlier.isBefore(later) ? earlier : later;
        Instant second = earlier.isBefore(later) ? later : earlier;
        return Duration.between(first, receivedAt)
                                .abs()
                                .compareTo(Duration.between(second, receivedAt).abs())
                        < 0
                ? first
                : second;
    }

    /**
     * The start of the camera-local hour that holds {@code captured}, as an instant: the rollup's key. In the hour that
     * happens twice, the two passes are two hours, as they were.
     */
    public static Instant hourStart(Instant captured, ZoneId zone) {
        return captured.atZone(zone).truncatedTo(ChronoUnit.HOURS).toInstant();
    }

    /** The IANA time zone named, or an error that says what a zone looks like. */
    public static ZoneId zone(String name) {
        if (name == null || !ZoneId.getAvailableZoneIds().contains(name.strip())) {
            throw new IllegalArgumentException(
                    "'" + name + "' is not an IANA time zone such as Europe/Brussels," + " America/New_York or UTC");
        }
        return ZoneId.of(name.strip());
    }
}
