-- Where a park lies (WGS 84 degrees), so county maps can mark it. Optional.
ALTER TABLE parks ADD COLUMN lon DOUBLE PRECISION;
ALTER TABLE parks ADD COLUMN lat DOUBLE PRECISION;
