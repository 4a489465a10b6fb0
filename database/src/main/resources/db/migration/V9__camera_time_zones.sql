-- A time zone per camera (issue "Traffic numbers, not sums of detections", part 3). File names give a
-- camera's wall-clock time with no zone; until now it was stored as such, so at the autumn clock change
-- the repeated hour merged into one row and a CSV row carried no offset. Now:
--   cameras.time_zone: the camera's IANA zone; existing cameras take the deployment's default
--     (${defaultTimeZone}, the migration function's DEFAULT_TIME_ZONE), which Migrations also makes the
--     column's default at each run, for cameras added without one;
--   frames.captured_at: the capture instant (timestamptz), resolved from the wall-clock time in the
--     camera's zone by the rules of CaptureTimes (shared-model): a skipped time (spring) is shifted
--     forward by the gap, PostgreSQL's reading too; a time that happened twice (autumn) is the reading
--     nearer the frame's arrival;
--   hourly_counts.hour: the start of the camera-local hour as an instant, so the two passes of the
--     repeated hour are two rows. The rollup is built again from the frames, the only way to split the
--     hour that was merged.
ALTER TABLE cameras ADD COLUMN time_zone text NOT NULL DEFAULT '${defaultTimeZone}';
COMMENT ON COLUMN cameras.time_zone IS 'The camera''s IANA time zone: file names give wall-clock time in it.';

DROP VIEW camera_daily_counts;
DROP VIEW camera_hourly_counts;

-- one rewrite of frames (and of its two indexes on captured_at)
ALTER TABLE frames ALTER COLUMN captured_at TYPE timestamptz USING
    CASE
        -- the time happened twice: the earlier reading too shows this wall-clock time, and is nearer the arrival
        WHEN ((captured_at AT TIME ZONE '${defaultTimeZone}') - interval '1 hour') AT TIME ZONE '${defaultTimeZone}' = captured_at
            AND abs(extract(epoch FROM received_at - ((captured_at AT TIME ZONE '${defaultTimeZone}') - interval '1 hour')))
                < abs(extract(epoch FROM received_at - (captured_at AT TIME ZONE '${defaultTimeZone}')))
            THEN (captured_at AT TIME ZONE '${defaultTimeZone}') - interval '1 hour'
        ELSE captured_at AT TIME ZONE '${defaultTimeZone}'
    END;
COMMENT ON COLUMN frames.captured_at IS 'The capture instant: the file name''s wall-clock time in the camera''s time zone, or with the offset the name gives.';

-- the rollup again, from the frames (the only way to split the hour that was merged): emptied, its
-- times made instants, then one pass over the frames and one write per camera-local hour
TRUNCATE hourly_counts;
ALTER TABLE hourly_counts
    DROP CONSTRAINT hourly_counts_hour_check,
    ALTER COLUMN hour TYPE timestamptz USING hour AT TIME ZONE '${defaultTimeZone}',
    ALTER COLUMN first_captured_at TYPE timestamptz USING first_captured_at AT TIME ZONE '${defaultTimeZone}',
    ALTER COLUMN last_captured_at TYPE timestamptz USING last_captured_at AT TIME ZONE '${defaultTimeZone}',
    -- a local hour starts on a whole minute, a multiple of 15 past the UTC hour (zones are offset by
    -- 15-minute steps); which one depends on the camera's zone, which a CHECK cannot read
    ADD CONSTRAINT hourly_counts_hour_check
        CHECK (hour = date_trunc('minute', hour) AND extract(minute FROM hour AT TIME ZONE 'UTC')::int % 15 = 0);
COMMENT ON COLUMN hourly_counts.hour IS 'The start of the camera-local hour, as an instant: in the hour that happens twice in autumn, each pass is its own row.';
COMMENT ON TABLE hourly_counts IS 'Frames, distorted frames and road users per camera and camera-local hour of capture; kept by the persistence function in the transaction that stores each frame.';

INSERT INTO hourly_counts (camera_id, hour, frames, distorted_frames,
                           car_detections, truck_detections, bus_detections, person_detections,
                           bicycle_detections, motorcycle_detections,
                           car_peak, truck_peak, bus_peak, person_peak, bicycle_peak, motorcycle_peak,
                           first_captured_at, last_captured_at)
SELECT f.camera_id,
       -- the instant less the minutes and seconds into its local hour: no reading of a local time back
       f.captured_at - ((f.captured_at AT TIME ZONE c.time_zone)
                        - date_trunc('hour', f.captured_at AT TIME ZONE c.time_zone)) AS hour,
       count(*),
       count(*) FILTER (WHERE f.status = 'DISTORTED'),
       coalesce(sum(fc.car), 0), coalesce(sum(fc.truck), 0), coalesce(sum(fc.bus), 0),
       coalesce(sum(fc.person), 0), coalesce(sum(fc.bicycle), 0), coalesce(sum(fc.motorcycle), 0),
       coalesce(max(fc.car), 0), coalesce(max(fc.truck), 0), coalesce(max(fc.bus), 0),
       coalesce(max(fc.person), 0), coalesce(max(fc.bicycle), 0), coalesce(max(fc.motorcycle), 0),
       min(f.captured_at),
       max(f.captured_at)
FROM frames f
         JOIN cameras c ON c.id = f.camera_id
         LEFT JOIN frame_counts fc ON fc.frame_id = f.id
GROUP BY f.camera_id,
         f.captured_at - ((f.captured_at AT TIME ZONE c.time_zone)
                          - date_trunc('hour', f.captured_at AT TIME ZONE c.time_zone));

-- The BI views, made again: hour is an instant, with the camera's zone and its local hour beside it;
-- days are camera-local days.
CREATE VIEW camera_hourly_counts AS
SELECT c.id                                                              AS camera_id,
       c.address,
       c.city,
       c.country,
       c.time_zone,
       h.hour,
       h.hour AT TIME ZONE c.time_zone                                   AS local_hour,
       to_char(h.hour AT TIME ZONE c.time_zone, 'YYYY-MM-DD"T"HH24:MI')
           || CASE WHEN (h.hour AT TIME ZONE c.time_zone) - (h.hour AT TIME ZONE 'UTC') >= interval '0'
                   THEN '+' ELSE '-' END
           || to_char(abs(extract(epoch FROM (h.hour AT TIME ZONE c.time_zone) - (h.hour AT TIME ZONE 'UTC')))
                      * interval '1 second', 'HH24:MI')                AS local_hour_start,
       h.frames,
       h.distorted_frames,
       round(h.car_detections::numeric / nullif(h.frames - h.distorted_frames, 0), 3)        AS car_mean,
       h.car_peak,
       h.car_detections,
       round(h.truck_detections::numeric / nullif(h.frames - h.distorted_frames, 0), 3)      AS truck_mean,
       h.truck_peak,
       h.truck_detections,
       round(h.bus_detections::numeric / nullif(h.frames - h.distorted_frames, 0), 3)        AS bus_mean,
       h.bus_peak,
       h.bus_detections,
       round(h.person_detections::numeric / nullif(h.frames - h.distorted_frames, 0), 3)     AS person_mean,
       h.person_peak,
       h.person_detections,
       round(h.bicycle_detections::numeric / nullif(h.frames - h.distorted_frames, 0), 3)    AS bicycle_mean,
       h.bicycle_peak,
       h.bicycle_detections,
       round(h.motorcycle_detections::numeric / nullif(h.frames - h.distorted_frames, 0), 3) AS motorcycle_mean,
       h.motorcycle_peak,
       h.motorcycle_detections
FROM hourly_counts h
         JOIN cameras c ON c.id = h.camera_id;
COMMENT ON VIEW camera_hourly_counts IS 'Per camera and camera-local hour of capture (hour: its start as an instant; local_hour: the camera''s wall clock; local_hour_start: both, with the offset): <class>_mean is road users in view per analysed frame, <class>_peak the most in one frame, <class>_detections the sum over frames (not a count of vehicles).';

CREATE VIEW camera_daily_counts AS
SELECT c.id                                                                                AS camera_id,
       c.address,
       c.city,
       c.country,
       c.time_zone,
       (h.hour AT TIME ZONE c.time_zone)::date                                             AS day,
       count(*)                                                                            AS hours_with_frames,
       sum(h.frames)                                                                       AS frames,
       sum(h.distorted_frames)                                                             AS distorted_frames,
       round(sum(h.car_detections)::numeric / nullif(sum(h.frames - h.distorted_frames), 0), 3)        AS car_mean,
       max(h.car_peak)                                                                     AS car_peak,
       sum(h.car_detections)                                                               AS car_detections,
       round(sum(h.truck_detections)::numeric / nullif(sum(h.frames - h.distorted_frames), 0), 3)      AS truck_mean,
       max(h.truck_peak)                                                                   AS truck_peak,
       sum(h.truck_detections)                                                             AS truck_detections,
       round(sum(h.bus_detections)::numeric / nullif(sum(h.frames - h.distorted_frames), 0), 3)        AS bus_mean,
       max(h.bus_peak)                                                                     AS bus_peak,
       sum(h.bus_detections)                                                               AS bus_detections,
       round(sum(h.person_detections)::numeric / nullif(sum(h.frames - h.distorted_frames), 0), 3)     AS person_mean,
       max(h.person_peak)                                                                  AS person_peak,
       sum(h.person_detections)                                                            AS person_detections,
       round(sum(h.bicycle_detections)::numeric / nullif(sum(h.frames - h.distorted_frames), 0), 3)    AS bicycle_mean,
       max(h.bicycle_peak)                                                                 AS bicycle_peak,
       sum(h.bicycle_detections)                                                           AS bicycle_detections,
       round(sum(h.motorcycle_detections)::numeric / nullif(sum(h.frames - h.distorted_frames), 0), 3) AS motorcycle_mean,
       max(h.motorcycle_peak)                                                              AS motorcycle_peak,
       sum(h.motorcycle_detections)                                                        AS motorcycle_detections
FROM hourly_counts h
         JOIN cameras c ON c.id = h.camera_id
GROUP BY c.id, c.address, c.city, c.country, c.time_zone, (h.hour AT TIME ZONE c.time_zone)::date;
COMMENT ON VIEW camera_daily_counts IS 'camera_hourly_counts per camera-local day of capture (23, 24 or 25 hours across a clock change): means over the day''s analysed frames, the day''s peak.';
