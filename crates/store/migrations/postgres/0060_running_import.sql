-- The import in progress, if any: written (and committed) before an import's transaction starts
-- and removed when it ends, so a writer kept waiting can say who holds the database and since when.
CREATE TABLE running_import (
    id       BIGINT PRIMARY KEY CHECK (id = 1),
    what     TEXT NOT NULL,
    started  TEXT NOT NULL
);
