-- What was done to a frame's images before they were stored, and which were not stored at all.
-- People are blurred before anything is written (the persistence function, BLUR_PEOPLE); a deployment
-- may keep no original (KEEP_ORIGINALS=false), and an image that cannot be blurred is not stored.
-- Rows stay when S3 expires their images (IMAGE_RETENTION_DAYS); the keys then name deleted objects.
--
-- Cost on a large table: ADD COLUMN with a constant default is a catalogue change only (PostgreSQL 11
-- and later store the default instead of rewriting rows) and DROP NOT NULL is one too; each new CHECK
-- constraint reads every row of frames once, under the migration's exclusive lock, so writes wait for
-- those scans (the persistence function retries; see docs/DATA.md).

ALTER TABLE frames ALTER COLUMN original_key DROP NOT NULL;

ALTER TABLE frames
    ADD COLUMN image_privacy text NOT NULL DEFAULT 'as-sent',
    ADD COLUMN blurred_regions integer NOT NULL DEFAULT 0,
    ADD COLUMN images_withheld text;

ALTER TABLE frames
    ADD CONSTRAINT frames_image_privacy_check
        CHECK (image_privacy IN ('as-sent', 'people-blurred', 'whole-frame-blurred')),
    ADD CONSTRAINT frames_blurred_regions_check CHECK (blurred_regions >= 0);

ALTER TABLE frames DROP CONSTRAINT frames_detected_check;
ALTER TABLE frames ADD CONSTRAINT frames_detected_check CHECK (status = 'DISTORTED'
    OR (model_endpoint IS NOT NULL AND model_latency_ms IS NOT NULL
        AND (annotated_key IS NOT NULL OR images_withheld IS NOT NULL)));
ALTER TABLE frames ADD CONSTRAINT frames_original_check
    CHECK (original_key IS NOT NULL OR images_withheld IS NOT NULL);

COMMENT ON COLUMN frames.original_key IS 'S3 key of the stored frame: frames/{id}.{ext}, or distorted/{id}.{ext}; NULL when images_withheld says why none was stored.';
COMMENT ON COLUMN frames.image_privacy IS 'What was done to the stored images: as-sent (blurring off, or stored before it existed), people-blurred (blurred_regions people), whole-frame-blurred (a distorted frame, whose people were never located).';
COMMENT ON COLUMN frames.blurred_regions IS 'How many regions of people were blurred in the stored images.';
COMMENT ON COLUMN frames.images_withheld IS 'Why an image was not stored: originals-not-kept, or cannot-blur: ... (never stored unblurred).';
