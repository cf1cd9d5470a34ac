-- The enterprise list is read a page at a time in name order and filtered by park, ownership
-- and size: each from an index, so the first page of a million firms does not sort them all.
CREATE INDEX enterprises_name ON enterprises (name, uscc);
CREATE INDEX enterprises_park ON enterprises (park);
-- Name-ordered within each value, so a page of one kind needs no sort either.
CREATE INDEX enterprises_ownership ON enterprises (ownership, name, uscc);
CREATE INDEX enterprises_size ON enterprises (above_scale, name, uscc);
