-- liantu schema v1. Portable SQL: TEXT, BIGINT, DOUBLE PRECISION; no backend-specific types, so
-- the same statements run on SQLite and PostgreSQL. Money in 万元, land in 亩.

CREATE TABLE sources (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('public', 'illustrative')),
    title_zh    TEXT NOT NULL,
    title_en    TEXT NOT NULL,
    publisher   TEXT NOT NULL,
    published   TEXT NOT NULL,
    url         TEXT
);

CREATE TABLE regions (
    code        TEXT PRIMARY KEY,
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    level       TEXT NOT NULL,
    parent      TEXT REFERENCES regions (code)
);

CREATE TABLE parks (
    id          TEXT PRIMARY KEY,
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    region      TEXT NOT NULL REFERENCES regions (code),
    kind        TEXT NOT NULL,
    grade       TEXT NOT NULL,
    area_mu     DOUBLE PRECISION,
    source      TEXT NOT NULL REFERENCES sources (id)
);

-- The TOML text is the definition; nodes and edges are its queryable projection, rewritten with it.
CREATE TABLE chains (
    id          TEXT PRIMARY KEY,
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    version     BIGINT NOT NULL,
    definition  TEXT NOT NULL,
    builtin     BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE chain_nodes (
    chain_id        TEXT NOT NULL REFERENCES chains (id) ON DELETE CASCADE,
    node_id         TEXT NOT NULL,
    position        BIGINT NOT NULL,
    name_zh         TEXT NOT NULL,
    name_en         TEXT NOT NULL,
    stage           TEXT NOT NULL,
    industry_codes  TEXT NOT NULL, -- space-separated GB/T 4754-2017 codes
    keywords        TEXT NOT NULL, -- '|'-separated
    PRIMARY KEY (chain_id, node_id)
);

CREATE TABLE chain_edges (
    chain_id    TEXT NOT NULL REFERENCES chains (id) ON DELETE CASCADE,
    from_node   TEXT NOT NULL,
    to_node     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    coefficient DOUBLE PRECISION,
    PRIMARY KEY (chain_id, from_node, to_node, kind)
);

CREATE TABLE enterprises (
    uscc                TEXT PRIMARY KEY,
    name                TEXT NOT NULL,
    region              TEXT NOT NULL REFERENCES regions (code),
    park                TEXT REFERENCES parks (id),
    ownership           TEXT NOT NULL,
    above_scale         BIGINT NOT NULL,
    industry_code       TEXT,
    main_products       TEXT NOT NULL,
    high_tech           BIGINT NOT NULL,
    specialized         BIGINT NOT NULL,
    listed              BIGINT NOT NULL,
    land_mu             DOUBLE PRECISION,
    founded             BIGINT,
    source              TEXT NOT NULL REFERENCES sources (id),
    uscc_illustrative   BIGINT NOT NULL
);
CREATE INDEX enterprises_region ON enterprises (region);

CREATE TABLE enterprise_years (
    uscc            TEXT NOT NULL REFERENCES enterprises (uscc) ON DELETE CASCADE,
    year            BIGINT NOT NULL,
    output          DOUBLE PRECISION,
    value_added     DOUBLE PRECISION,
    revenue         DOUBLE PRECISION,
    tax             DOUBLE PRECISION,
    employees       BIGINT,
    rd_expense      DOUBLE PRECISION,
    exports         DOUBLE PRECISION,
    energy_tce      DOUBLE PRECISION,
    emissions_tco2  DOUBLE PRECISION,
    source          TEXT NOT NULL REFERENCES sources (id),
    as_of           TEXT NOT NULL,
    PRIMARY KEY (uscc, year)
);

-- Node ids are not foreign keys: a chain may be revised while memberships stay; diagnosis
-- reports memberships whose node no longer exists instead of losing them.
CREATE TABLE memberships (
    uscc        TEXT NOT NULL REFERENCES enterprises (uscc) ON DELETE CASCADE,
    chain_id    TEXT NOT NULL REFERENCES chains (id),
    node_id     TEXT NOT NULL,
    share       DOUBLE PRECISION,
    source      TEXT NOT NULL REFERENCES sources (id),
    PRIMARY KEY (uscc, chain_id, node_id)
);
CREATE INDEX memberships_chain ON memberships (chain_id, node_id);

CREATE TABLE supply_links (
    id              BIGINT PRIMARY KEY,
    buyer_uscc      TEXT NOT NULL REFERENCES enterprises (uscc) ON DELETE CASCADE,
    supplier_uscc   TEXT REFERENCES enterprises (uscc),
    supplier_name   TEXT NOT NULL,
    supplier_region TEXT NOT NULL,
    chain_id        TEXT NOT NULL REFERENCES chains (id),
    node_id         TEXT NOT NULL,
    product         TEXT NOT NULL,
    year            BIGINT NOT NULL,
    value           DOUBLE PRECISION NOT NULL,
    source          TEXT NOT NULL REFERENCES sources (id)
);
CREATE INDEX supply_links_chain ON supply_links (chain_id, year);

CREATE TABLE facts (
    id              TEXT PRIMARY KEY,
    indicator_zh    TEXT NOT NULL,
    indicator_en    TEXT NOT NULL,
    scope           TEXT NOT NULL,
    year            BIGINT NOT NULL,
    value           DOUBLE PRECISION NOT NULL,
    unit            TEXT NOT NULL,
    source          TEXT NOT NULL REFERENCES sources (id),
    as_of           TEXT NOT NULL
);

-- Bumped by every write transaction, so readers can cache derived results (e.g. diagnoses) and
-- know when they are stale.
CREATE TABLE store_meta (
    key     TEXT PRIMARY KEY,
    value   BIGINT NOT NULL
);
INSERT INTO store_meta (key, value) VALUES ('revision', 0);
