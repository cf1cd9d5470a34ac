-- The enterprise list in pinyin order (see src/name_order.rs): each name's sort key, written by
-- liantu with every enterprise (filled in for existing firms by the upgrade), under the index
-- the list is read by; it replaces the index on the name itself, which only gave code-point order.
ALTER TABLE enterprises ADD COLUMN name_sort TEXT;
CREATE INDEX enterprises_name_sort ON enterprises (name_sort, uscc);
DROP INDEX enterprises_name;
