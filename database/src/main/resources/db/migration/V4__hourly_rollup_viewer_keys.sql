-- The read side (issue "Seeing the traffic"): counts per camera and hour kept as frames are stored,
-- so that a day's counts cost its 24 rows, whatever the number of frames; keys for people who look
-- at the counts (viewers), apart from the cameras' keys; and an index for "when did a camera last send".

-- One row per camera and hour of capture (camera local time, as frames.captured_at). The persistence
-- function adds each newly stored frame to its hour in the transaction that stores the frame, so the
-- rollup never disagrees with frames; a resend, which stores nothing, adds nothing.
CREATE TABLE hourly_counts (
    camera_id        bigint    NOT NULL REFERENCES cameras (id),
    hour             timestamp NOT NULL,
    frames           bigint    NOT NULL DEFAULT 0 CHECK (frames >= 0),
    distorted_frames bigint    NOT NULL DEFAULT 0 CHECK (distorted_frames >= 0),
    cars             bigint    NOT NULL DEFAULT 0 CHECK (cars >= 0),
    trucks           bigint    NOT NULL DEFAULT 0 CHECK (trucks >= 0),
    buses            bigint    NOT NULL DEFAULT 0 CHECK (buses >= 0),
    persons          bigint    NOT NULL DEFAULT 0 CHECK (persons >= 0),
    bicycles         bigint    NOT NULL DEFAULT 0 CHECK (bicycles >= 0),
    motorcycles      bigint    NOT NULL DEFAULT 0 CHECK (motorcycles >= 0),
    PRIMARY KEY (camera_id, hour),
    CONSTRAINT hourly_counts_hour_check CHECK (hour = date_trunc('hour', hour)),
    CONSTRAINT hourly_counts_distorted_check CHECK (distorted_frames <= frames)
);
COMMENT ON TABLE hourly_counts IS 'Frames, distorted frames and road users per camera and hour of capture; kept by the persistence function in the transaction that stores each frame.';
COMMENT ON COLUMN hourly_counts.hour IS 'Start of the hour of capture, camera local time (frames.captured_at has no zone).';
-- the BI export reads one day of every camera
CREATE INDEX hourly_counts_hour_idx ON hourly_counts (hour);

-- what was stored before the rollup existed
INSERT INTO hourly_counts (camera_id, hour, frames, distorted_frames, cars, trucks, buses, persons, bicycles, motorcycles)
SELECT f.camera_id,
       date_trunc('hour', f.captured_at),
       count(*),
       count(*) FILTER (WHERE f.status = 'DISTORTED'),
       coalesce(sum(fc.car), 0),
       coalesce(sum(fc.truck), 0),
       coalesce(sum(fc.bus), 0),
       coalesce(sum(fc.person), 0),
       coalesce(sum(fc.bicycle), 0),
       coalesce(sum(fc.motorcycle), 0)
FROM frames f
         LEFT JOIN frame_counts fc ON fc.frame_id = f.id
GROUP BY f.camera_id, date_trunc('hour', f.captured_at);

-- The BI views keep their names and columns, and read the rollup instead of scanning frames.
CREATE OR REPLACE VIEW camera_hourly_counts AS
SELECT c.id                AS camera_id,
       c.address,
       c.city,
       c.country,
       h.hour,
       h.frames,
       h.distorted_frames,
       h.cars,
       h.trucks,
       h.buses,
       h.persons,
       h.bicycles,
       h.motorcycles
FROM hourly_counts h
         JOIN cameras c ON c.id = h.camera_id;

-- "When did the camera last send, and how much in the last hour": by arrival time, per camera.
CREATE INDEX frames_camera_received_idx ON frames (camera_id, received_at);

-- People who look at the counts (the dashboard, the read API). Their keys are another kind than the
-- cameras' (tview_ instead of tcam_): the authorizer lets a viewer key read and never post, a camera
-- key post and never read. As with camera keys only the SHA-256 of the secret is kept.
CREATE TABLE viewer_keys (
    id            uuid        PRIMARY KEY,
    viewer        text        NOT NULL,
    secret_sha256 bytea       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz,
    last_seen_at  timestamptz,
    CONSTRAINT viewer_keys_viewer_check CHECK (viewer ~ '^[a-z0-9][a-z0-9._@-]{0,63}$'),
    CONSTRAINT viewer_keys_secret_check CHECK (octet_length(secret_sha256) = 32),
    CONSTRAINT viewer_keys_revoked_check CHECK (revoked_at IS NULL OR revoked_at >= created_at)
);
COMMENT ON TABLE viewer_keys IS 'Credentials of people and tools that read the counts: one live key per viewer at most.';
COMMENT ON COLUMN viewer_keys.viewer IS 'Who holds the key: a name or e-mail address, lower case, logged with each key check.';
CREATE UNIQUE INDEX viewer_keys_one_live_key ON viewer_keys (viewer) WHERE revoked_at IS NULL;
