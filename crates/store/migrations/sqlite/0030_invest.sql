-- Precision investment (精准招商): candidates, imported input-output tables, what-if scenarios.
-- Portable SQL as in 0001. Money in 万元, land in 亩.

CREATE TABLE candidates (
    id                      TEXT PRIMARY KEY,
    name                    TEXT NOT NULL,
    uscc                    TEXT,
    origin_region           TEXT,
    park                    TEXT,
    nodes                   TEXT NOT NULL, -- '|'-separated chain:node
    industry_code           TEXT,
    investment              DOUBLE PRECISION NOT NULL,
    land_mu                 DOUBLE PRECISION,
    expected_output         DOUBLE PRECISION,
    expected_tax            DOUBLE PRECISION,
    jobs                    BIGINT,
    rd_intensity            DOUBLE PRECISION,
    high_tech               BIGINT NOT NULL,
    specialized             BIGINT NOT NULL,
    patents                 BIGINT,
    energy_tce_per_wan      DOUBLE PRECISION,
    emissions_tco2_per_wan  DOUBLE PRECISION,
    chemical                BIGINT NOT NULL,
    source                  TEXT NOT NULL,
    note                    TEXT NOT NULL
);

CREATE TABLE io_tables (
    id              TEXT PRIMARY KEY,
    title           TEXT NOT NULL,
    sectors         BIGINT NOT NULL,
    non_competitive BIGINT NOT NULL,
    imported_from   TEXT NOT NULL,
    seq             BIGINT NOT NULL
);

CREATE TABLE io_sectors (
    table_id        TEXT NOT NULL REFERENCES io_tables (id) ON DELETE CASCADE,
    position        BIGINT NOT NULL,
    code            TEXT NOT NULL,
    name_zh         TEXT NOT NULL,
    name_en         TEXT NOT NULL,
    total_output    DOUBLE PRECISION NOT NULL,
    final_demand    DOUBLE PRECISION NOT NULL,
    value_added     DOUBLE PRECISION,
    PRIMARY KEY (table_id, position)
);

-- Non-zero domestic intermediate flows only.
CREATE TABLE io_flows (
    table_id    TEXT NOT NULL REFERENCES io_tables (id) ON DELETE CASCADE,
    row_pos     BIGINT NOT NULL,
    col_pos     BIGINT NOT NULL,
    value       DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (table_id, row_pos, col_pos)
);

CREATE TABLE scenarios (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    region          TEXT NOT NULL,
    candidates      TEXT NOT NULL, -- '|'-separated candidate ids
    substitution    DOUBLE PRECISION NOT NULL,
    note            TEXT NOT NULL,
    created         TEXT NOT NULL
);
