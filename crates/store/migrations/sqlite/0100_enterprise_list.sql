-- The enterprise list is read a page at a time in name order and filtered by park: both from an
-- index, so the first page of a million firms does not sort them all. (Ownership and size match
-- most firms; their pages walk the name index. An index each would cost imports more than it
-- saves: four extra indexes made a million-firm import 1.8× as long.)
CREATE INDEX enterprises_name ON enterprises (name, uscc);
CREATE INDEX enterprises_park ON enterprises (park);
-- Grading reads one year's figures (and the latest year) for every firm that has them.
CREATE INDEX enterprise_years_year ON enterprise_years (year, uscc);
