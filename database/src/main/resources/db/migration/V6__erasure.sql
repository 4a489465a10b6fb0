-- Erasure on request: an operator deletes a camera's images in a range of capture times, and with
-- them, if asked, the detections (the positions of the people and vehicles); the frame's counts and
-- the hourly rollup stay. Each run is recorded for audit: who asked, when, what range, what went.
-- Run by the frame-erasure function, signed in as its own user (Migrations.ensureEraser).

ALTER TABLE frames ADD COLUMN images_erased_at timestamptz;
COMMENT ON COLUMN frames.images_erased_at IS 'When an erasure deleted this frame''s images; its keys then name deleted objects.';

CREATE TABLE erasures (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    camera_id       bigint      NOT NULL REFERENCES cameras (id),
    captured_from   timestamp   NOT NULL,
    captured_to     timestamp   NOT NULL,
    detections      boolean     NOT NULL,
    requested_by    text        NOT NULL,
    requested_at    timestamptz NOT NULL DEFAULT now(),
    frames          integer     NOT NULL CHECK (frames >= 0),
    objects         integer     NOT NULL CHECK (objects >= 0),
    detection_rows  integer     NOT NULL CHECK (detection_rows >= 0),
    finished        boolean     NOT NULL,
    CONSTRAINT erasures_range_check CHECK (captured_from < captured_to)
);
COMMENT ON TABLE erasures IS 'One run of an erasure, for audit: a large range takes several runs, each with what it deleted; finished when nothing in the range was left.';
CREATE INDEX erasures_camera_idx ON erasures (camera_id, requested_at);
