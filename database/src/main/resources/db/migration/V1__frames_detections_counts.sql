-- Frames from traffic cameras, what the model found in them, and per-frame counts.
-- PostgreSQL 17 / Aurora PostgreSQL. One row per frame, written once: the persistence
-- Lambda inserts a frame, its detections and its counts in one transaction.

CREATE TABLE cameras (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    address    text        NOT NULL,
    city       text        NOT NULL,
    country    text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cameras_place_key UNIQUE (address, city, country)
);
COMMENT ON TABLE cameras IS 'A camera, known by where it stands (from the frame file name).';

CREATE TABLE frames (
    id                uuid        PRIMARY KEY,
    camera_id         bigint      NOT NULL REFERENCES cameras (id),
    file_name         text        NOT NULL,
    captured_at       timestamp   NOT NULL,
    received_at       timestamptz NOT NULL,
    persisted_at      timestamptz NOT NULL DEFAULT now(),
    status            text        NOT NULL,
    distortion_reason text,
    distortion_detail text,
    content_type      text        NOT NULL,
    size_bytes        bigint      NOT NULL,
    sha256            text        NOT NULL,
    width             integer,
    height            integer,
    original_key      text        NOT NULL,
    annotated_key     text,
    model_endpoint    text,
    model_latency_ms  integer,
    CONSTRAINT frames_status_check CHECK (status IN ('DETECTED', 'DISTORTED')),
    CONSTRAINT frames_distortion_check CHECK ((status = 'DISTORTED') = (distortion_reason IS NOT NULL)),
    CONSTRAINT frames_detected_check CHECK (status = 'DISTORTED'
        OR (annotated_key IS NOT NULL AND model_endpoint IS NOT NULL AND model_latency_ms IS NOT NULL)),
    CONSTRAINT frames_content_type_check CHECK (content_type IN ('image/jpeg', 'image/png')),
    CONSTRAINT frames_size_check CHECK (size_bytes >= 0),
    CONSTRAINT frames_sha256_check CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    CONSTRAINT frames_dimensions_check CHECK ((width IS NULL OR width > 0) AND (height IS NULL OR height > 0)),
    CONSTRAINT frames_latency_check CHECK (model_latency_ms IS NULL OR model_latency_ms >= 0)
);
COMMENT ON TABLE frames IS 'One frame a camera sent; id is the frameId (UUIDv7) made on arrival, also its S3 name.';
COMMENT ON COLUMN frames.captured_at IS 'Camera local time from the file name (it carries no zone).';
COMMENT ON COLUMN frames.received_at IS 'When the inference Lambda received the frame.';
COMMENT ON COLUMN frames.original_key IS 'S3 key of the bytes as sent: frames/{id}.{ext}, or distorted/{id}.{ext}.';
COMMENT ON COLUMN frames.annotated_key IS 'S3 key of the copy with boxes drawn: annotated/{id}.jpg (detected frames only).';

CREATE INDEX frames_camera_captured_idx ON frames (camera_id, captured_at);
CREATE INDEX frames_captured_idx ON frames (captured_at);
CREATE INDEX frames_received_idx ON frames (received_at);

CREATE TABLE detections (
    frame_id uuid     NOT NULL REFERENCES frames (id) ON DELETE CASCADE,
    ordinal  smallint NOT NULL,
    label    text     NOT NULL,
    score    real     NOT NULL,
    box_xmin integer  NOT NULL,
    box_ymin integer  NOT NULL,
    box_xmax integer  NOT NULL,
    box_ymax integer  NOT NULL,
    PRIMARY KEY (frame_id, ordinal),
    CONSTRAINT detections_label_check CHECK (label IN ('car', 'truck', 'bus', 'person', 'bicycle', 'motorcycle')),
    CONSTRAINT detections_score_check CHECK (score >= 0 AND score <= 1),
    CONSTRAINT detections_box_check CHECK (box_xmin <= box_xmax AND box_ymin <= box_ymax)
);
COMMENT ON TABLE detections IS 'Road users the model found in a frame, best score first (ordinal 0); boxes in pixels of the frame (xmin and friends are PostgreSQL system column names, hence box_).';
CREATE INDEX detections_label_idx ON detections (label);

CREATE TABLE frame_counts (
    frame_id   uuid    PRIMARY KEY REFERENCES frames (id) ON DELETE CASCADE,
    car        integer NOT NULL DEFAULT 0 CHECK (car >= 0),
    truck      integer NOT NULL DEFAULT 0 CHECK (truck >= 0),
    bus        integer NOT NULL DEFAULT 0 CHECK (bus >= 0),
    person     integer NOT NULL DEFAULT 0 CHECK (person >= 0),
    bicycle    integer NOT NULL DEFAULT 0 CHECK (bicycle >= 0),
    motorcycle integer NOT NULL DEFAULT 0 CHECK (motorcycle >= 0)
);
COMMENT ON TABLE frame_counts IS 'Per-frame count of each traffic class (zeros for distorted frames).';

-- For BI tools: counts per camera and hour / day of capture (camera local time).
-- Sums cover analysed (DETECTED) frames; distorted frames are counted apart.
CREATE VIEW camera_hourly_counts AS
SELECT c.id                                                   AS camera_id,
       c.address,
       c.city,
       c.country,
       date_trunc('hour', f.captured_at)                      AS hour,
       count(*)                                               AS frames,
       count(*) FILTER (WHERE f.status = 'DISTORTED')         AS distorted_frames,
       coalesce(sum(fc.car), 0)                               AS cars,
       coalesce(sum(fc.truck), 0)                             AS trucks,
       coalesce(sum(fc.bus), 0)                               AS buses,
       coalesce(sum(fc.person), 0)                            AS persons,
       coalesce(sum(fc.bicycle), 0)                           AS bicycles,
       coalesce(sum(fc.motorcycle), 0)                        AS motorcycles
FROM frames f
         JOIN cameras c ON c.id = f.camera_id
         LEFT JOIN frame_counts fc ON fc.frame_id = f.id
GROUP BY c.id, c.address, c.city, c.country, date_trunc('hour', f.captured_at);

CREATE VIEW camera_daily_counts AS
SELECT camera_id,
       address,
       city,
       country,
       date_trunc('day', hour)::date AS day,
       sum(frames)                   AS frames,
       sum(distorted_frames)         AS distorted_frames,
       sum(cars)                     AS cars,
       sum(trucks)                   AS trucks,
       sum(buses)                    AS buses,
       sum(persons)                  AS persons,
       sum(bicycles)                 AS bicycles,
       sum(motorcycles)              AS motorcycles
FROM camera_hourly_counts
GROUP BY camera_id, address, city, country, date_trunc('day', hour)::date;
