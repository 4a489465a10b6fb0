-- Counting zones (issue "Traffic numbers, not sums of detections", part 2). Everything in a frame
-- counted, a car park at the edge of the view and a billboard with a bus on it included. Operators
-- now draw where a camera counts: polygons in normalised image coordinates (CountingZones in
-- shared-model, which validates them); a detection counts when the bottom-centre of its box is in
-- one. Every detection is still stored, with whether it counted; frame_counts and the rollup hold
-- what counted. Both columns are added with a constant default: no rewrite of either table.
ALTER TABLE cameras ADD COLUMN counting_zones text;
COMMENT ON COLUMN cameras.counting_zones IS 'Where the camera counts: polygons "x,y x,y x,y;..." in 0..1 image coordinates; NULL: the whole frame.';
ALTER TABLE detections ADD COLUMN counted boolean NOT NULL DEFAULT true;
COMMENT ON COLUMN detections.counted IS 'Whether the detection counted: its box''s bottom-centre was in one of the camera''s counting zones when it was stored (true without zones).';
