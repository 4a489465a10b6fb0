-- Frame ids are made from the frame (camera, capture time, SHA-256 of the bytes), so that a
-- camera's resend of a frame has the id of the first send and the primary key stores it once.
-- Rows written before keep their random version 7 ids. Comments only: no data changes.
COMMENT ON TABLE frames IS 'One frame a camera sent; id is the frameId, made from its camera, capture time and SHA-256 (FrameIds, a UUIDv8 that sorts by capture time), also its S3 name.';
COMMENT ON COLUMN frames.sha256 IS 'SHA-256 of the bytes as sent; part of the id, and what tells a resend (same) from an id clash (different).';
