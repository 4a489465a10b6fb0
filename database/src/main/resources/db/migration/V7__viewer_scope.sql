-- Who may see what: a viewer key may be limited to some cameras, and to counts only (no frames, no
-- images). Set when the key is issued; a rotation keeps it. Keys issued before keep every camera
-- and their images, as they were issued.

ALTER TABLE viewer_keys
    ADD COLUMN camera_ids bigint[],
    ADD COLUMN images boolean NOT NULL DEFAULT true,
    ADD CONSTRAINT viewer_keys_cameras_check CHECK (camera_ids IS NULL OR cardinality(camera_ids) > 0);

COMMENT ON COLUMN viewer_keys.camera_ids IS 'The cameras the key reads (cameras.id), or NULL for every camera.';
COMMENT ON COLUMN viewer_keys.images IS 'Whether the key sees frames and their images; false: counts only.';
