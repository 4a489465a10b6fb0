package dev.trafficcam.db;

import static dev.trafficcam.db.jooq.Tables.HOURLY_COUNTS;

import dev.trafficcam.db.jooq.tables.records.HourlyCountsRecord;
import dev.trafficcam.model.TrafficClass;
import org.jooq.TableField;

/**
 * The hourly rollup's columns of each traffic class (V8), for the code that writes it (persistence) and the code that
 * reads it (read side), so that a class added to {@link TrafficClass} fails to compile in one place.
 */
public final class HourlyCountsColumns {
    private HourlyCountsColumns() {}

    /** The sum over an hour's frames of the class's detections in each: not a count of vehicles. */
    public static TableField<HourlyCountsRecord, Long> detections(TrafficClass c) {
        return switch (c) {
            case CAR -> HOURLY_COUNTS.CAR_DETECTIONS;
            case TRUCK -> HOURLY_COUNTS.TRUCK_DETECTIONS;
            case BUS -> HOURLY_COUNTS.BUS_DETECTIONS;
            case PERSON -> HOURLY_COUNTS.PERSON_DETECTIONS;
            case BICYCLE -> HOURLY_COUNTS.BICYCLE_DETECTIONS;
            case MOTORCYCLE -> HOURLY_COUNTS.MOTORCYCLE_DETECTIONS;
        };
    }

    /** The most of the class in view in one frame of the hour. */
    public static TableField<HourlyCountsRecord, Integer> peak(TrafficClass c) {
        return switch (c) {
            case CAR -> HOURLY_COUNTS.CAR_PEAK;
            case TRUCK -> HOURLY_COUNTS.TRUCK_PEAK;
            case BUS -> HOURLY_COUNTS.BUS_PEAK;
            case PERSON -> HOURLY_COUNTS.PERSON_PEAK;
            case BICYCLE -> HOURLY_COUNTS.BICYCLE_PEAK;
            case MOTORCYCLE -> HOURLY_COUNTS.MOTORCYCLE_PEAK;
        };
    }
}
