-- Region × industry panels (e.g. prefecture cities × GB/T 4754 classes, employment or output)
-- for economic complexity and growth opportunities. Regions and industries are plain codes: a
-- panel usually covers many more cities than the `regions` table.
CREATE TABLE panels (
    id          TEXT PRIMARY KEY,
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    measure     TEXT NOT NULL,           -- what the values are, e.g. employment, output
    source      TEXT NOT NULL REFERENCES sources (id)
);

CREATE TABLE panel_values (
    panel_id    TEXT NOT NULL REFERENCES panels (id) ON DELETE CASCADE,
    time        TEXT NOT NULL,
    region      TEXT NOT NULL,
    industry    TEXT NOT NULL,
    value       DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (panel_id, time, region, industry)
);

CREATE TABLE panel_names (
    panel_id    TEXT NOT NULL REFERENCES panels (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('region', 'industry')),
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    PRIMARY KEY (panel_id, kind, code)
);
