-- Images for one frame a window (issue "Cost per camera-month ... under 5", IMAGE_EVERY_SECONDS). Every
-- frame still has its row, detections and counts; with a window set, only the first frame a camera
-- sends in each window has images, and the others say why not in frames.images_withheld. The
-- persistence function claims a camera's window before it writes any object, with one conditional
-- UPDATE of this column (FrameRepository.imageDue), so two frames of one window never both store
-- images and a retry of the frame that claimed it stores them again. NULL: no image stored since the
-- column was added. Added with no default: a catalogue change only, no rewrite of cameras.
ALTER TABLE cameras ADD COLUMN last_image_at timestamptz;
COMMENT ON COLUMN cameras.last_image_at IS 'Capture time of the latest frame of this camera whose images were stored while IMAGE_EVERY_SECONDS was above 0; NULL: none yet.';
COMMENT ON COLUMN frames.images_withheld IS 'Why an image was not stored: originals-not-kept, annotated-on-read, sampled: ... (another frame of the camera''s window has images), or cannot-blur: ... (never stored unblurred).';

-- A frame with no image stored says so (no-image) instead of as-sent, which reads as "kept unblurred".
-- The new check allows more than the old one, so the rows stored so far satisfy it: added NOT VALID,
-- it applies to every new or changed row without reading frames under the migration's lock.
ALTER TABLE frames DROP CONSTRAINT frames_image_privacy_check;
ALTER TABLE frames ADD CONSTRAINT frames_image_privacy_check
    CHECK (image_privacy IN ('as-sent', 'people-blurred', 'whole-frame-blurred', 'no-image')) NOT VALID;
COMMENT ON COLUMN frames.image_privacy IS 'What was done to the stored images: as-sent (blurring off, or stored before it existed), people-blurred (blurred_regions people), whole-frame-blurred (a distorted frame, whose people were never located), no-image (none stored; images_withheld says why, and frames stored before V11 say as-sent there).';
