-- Occupancy (issue "Traffic numbers, not sums of detections"). A camera sends a snapshot every few
-- seconds; it cannot follow a vehicle from one frame to the next, so the sum of a class over an hour
-- counts a parked car once per frame (360 times an hour at one frame every 10 s) and doubles when the
-- camera sends twice as often. What snapshots do measure is how many road users are in view. The
-- rollup keeps what that needs, per camera, hour and class:
--   mean in view = <class>_detections / (frames - distorted_frames), objects per analysed frame;
--   peak         = <class>_peak, the most in one frame;
-- and, for coverage (the share of the hour's expected frames that arrived), the first and last
-- capture times of the hour, from which the camera's usual interval is estimated on read
-- ((last - first) / (frames - 1), the median over hours).
-- The sums stay, renamed to say what they are: detections, not vehicles.

ALTER TABLE hourly_counts RENAME COLUMN cars TO car_detections;
ALTER TABLE hourly_counts RENAME COLUMN trucks TO truck_detections;
ALTER TABLE hourly_counts RENAME COLUMN buses TO bus_detections;
ALTER TABLE hourly_counts RENAME COLUMN persons TO person_detections;
ALTER TABLE hourly_counts RENAME COLUMN bicycles TO bicycle_detections;
ALTER TABLE hourly_counts RENAME COLUMN motorcycles TO motorcycle_detections;

-- PostgreSQL 11+ adds a column with a constant default without rewriting the table; the backfill
-- below then writes each row once.
ALTER TABLE hourly_counts
    ADD COLUMN car_peak          integer NOT NULL DEFAULT 0 CHECK (car_peak >= 0),
    ADD COLUMN truck_peak        integer NOT NULL DEFAULT 0 CHECK (truck_peak >= 0),
    ADD COLUMN bus_peak          integer NOT NULL DEFAULT 0 CHECK (bus_peak >= 0),
    ADD COLUMN person_peak       integer NOT NULL DEFAULT 0 CHECK (person_peak >= 0),
    ADD COLUMN bicycle_peak      integer NOT NULL DEFAULT 0 CHECK (bicycle_peak >= 0),
    ADD COLUMN motorcycle_peak   integer NOT NULL DEFAULT 0 CHECK (motorcycle_peak >= 0),
    ADD COLUMN first_captured_at timestamp,
    ADD COLUMN last_captured_at  timestamp,
    ADD CONSTRAINT hourly_counts_captured_check CHECK (first_captured_at <= last_captured_at);

COMMENT ON COLUMN hourly_counts.car_detections IS 'Sum over the hour''s frames of the cars detected in each: a parked car counts once per frame. Mean in view = car_detections / (frames - distorted_frames).';
COMMENT ON COLUMN hourly_counts.car_peak IS 'The most cars in view in one frame of the hour.';
COMMENT ON COLUMN hourly_counts.first_captured_at IS 'Capture time of the hour''s first frame; with last_captured_at and frames, the camera''s interval that hour.';

-- the backfill: one pass over the frames, one write per rollup row
UPDATE hourly_counts h
SET car_peak          = s.car_peak,
    truck_peak        = s.truck_peak,
    bus_peak          = s.bus_peak,
    person_peak       = s.person_peak,
    bicycle_peak      = s.bicycle_peak,
    motorcycle_peak   = s.motorcycle_peak,
    first_captured_at = s.first_captured_at,
    last_captured_at  = s.last_captured_at
FROM (SELECT f.camera_id,
             date_trunc('hour', f.captured_at)  AS hour,
             coalesce(max(fc.car), 0)           AS car_peak,
             coalesce(max(fc.truck), 0)         AS truck_peak,
             coalesce(max(fc.bus), 0)           AS bus_peak,
             coalesce(max(fc.person), 0)        AS person_peak,
             coalesce(max(fc.bicycle), 0)       AS bicycle_peak,
             coalesce(max(fc.motorcycle), 0)    AS motorcycle_peak,
             min(f.captured_at)                 AS first_captured_at,
             max(f.captured_at)                 AS last_captured_at
      FROM frames f
               LEFT JOIN frame_counts fc ON fc.frame_id = f.id
      GROUP BY f.camera_id, date_trunc('hour', f.captured_at)) s
WHERE h.camera_id = s.camera_id
  AND h.hour = s.hour;

-- The BI views: occupancy first, detections under their name. Column names change, so the views are
-- made again (CREATE OR REPLACE VIEW may only add columns at the end).
DROP VIEW camera_daily_counts;
DROP VIEW camera_hourly_counts;

CREATE VIEW camera_hourly_counts AS
SELECT c.id                                                              AS camera_id,
       c.address,
       c.city,
       c.country,
       h.hour,
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
COMMENT ON VIEW camera_hourly_counts IS 'Per camera and hour of capture: <class>_mean is road users in view per analysed frame, <class>_peak the most in one frame, <class>_detections the sum over frames (not a count of vehicles).';

CREATE VIEW camera_daily_counts AS
SELECT c.id                                                                                AS camera_id,
       c.address,
       c.city,
       c.country,
       h.hour::date                                                                        AS day,
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
GROUP BY c.id, c.address, c.city, c.country, h.hour::date;
COMMENT ON VIEW camera_daily_counts IS 'camera_hourly_counts per day of capture: means over the day''s analysed frames, the day''s peak.';
