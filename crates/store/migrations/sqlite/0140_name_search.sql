-- Name search that does not read every firm (see src/search.rs): each name's bigrams, written by
-- liantu with every enterprise (filled in for existing firms when the store opens), and an FTS5
-- index over them kept in step by triggers.
ALTER TABLE enterprises ADD COLUMN name_grams TEXT;
CREATE VIRTUAL TABLE enterprise_names USING fts5(
    name_grams, content = 'enterprises', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 0',
    -- A search asks for all of a query's bigrams, never their positions: the index keeps only
    -- which firms hold each bigram (smaller, and an import writes less).
    detail = none, columnsize = 0
);
-- Every firm already stored gets its (empty) entry, so the triggers' 'delete' finds it when the
-- store fills in its bigrams.
INSERT INTO enterprise_names (enterprise_names) VALUES ('rebuild');
CREATE TRIGGER enterprise_names_insert AFTER INSERT ON enterprises BEGIN
    INSERT INTO enterprise_names (rowid, name_grams) VALUES (new.rowid, new.name_grams);
END;
CREATE TRIGGER enterprise_names_delete AFTER DELETE ON enterprises BEGIN
    INSERT INTO enterprise_names (enterprise_names, rowid, name_grams)
    VALUES ('delete', old.rowid, old.name_grams);
END;
CREATE TRIGGER enterprise_names_update AFTER UPDATE OF name_grams ON enterprises BEGIN
    INSERT INTO enterprise_names (enterprise_names, rowid, name_grams)
    VALUES ('delete', old.rowid, old.name_grams);
    INSERT INTO enterprise_names (rowid, name_grams) VALUES (new.rowid, new.name_grams);
END;
