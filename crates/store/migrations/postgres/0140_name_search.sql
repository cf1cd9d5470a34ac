-- Name search that does not read every firm (see src/search.rs): each name's bigrams, written by
-- liantu with every enterprise (filled in for existing firms when the store opens), under a GIN
-- index of its words; and the USCC's prefix through an index that serves LIKE 'prefix%' whatever
-- the database's collation.
ALTER TABLE enterprises ADD COLUMN name_grams TEXT;
CREATE INDEX enterprises_name_grams ON enterprises USING GIN (string_to_array(name_grams, ' '));
CREATE INDEX enterprises_uscc_prefix ON enterprises (uscc text_pattern_ops);
