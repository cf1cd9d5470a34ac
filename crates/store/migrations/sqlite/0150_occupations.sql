-- The occupation classification (职业分类大典 2022), as imported by `liantu reference import
-- occupations`: every class at every level. A few occupations share their class's code, so the
-- key is the level with the code.
CREATE TABLE ref_occupations (
    level       BIGINT NOT NULL,
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    digital     BIGINT NOT NULL,
    green       BIGINT NOT NULL,
    definition  TEXT NOT NULL,
    tasks       TEXT NOT NULL,
    -- JSON array of other titles (the file's, not the standard's).
    aliases     TEXT NOT NULL,
    parent      TEXT,
    PRIMARY KEY (level, code)
);
