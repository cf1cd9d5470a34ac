-- On SQLite the index on the links' buyer now holds every column a chain read takes. PostgreSQL
-- reads a chain's links row by row through its planner, and keeps the narrow index: this
-- migration keeps the two schemas' versions in step.
SELECT 1;
