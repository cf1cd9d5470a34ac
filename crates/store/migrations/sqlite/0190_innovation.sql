-- The innovation chain (创新链). Node lists are `chain:node` ids separated by spaces; they are
-- checked against the installed chains on import and read leniently after (a chain may change).

-- Innovation platforms (创新平台, `liantu import platforms`), keyed by name.
CREATE TABLE platforms (
    name        TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    level       TEXT NOT NULL,
    host        TEXT NOT NULL,
    host_uscc   TEXT,
    region      TEXT NOT NULL REFERENCES regions (code),
    nodes       TEXT NOT NULL,
    fields      TEXT,
    year        BIGINT,
    source      TEXT NOT NULL REFERENCES sources (id),
    as_of       TEXT NOT NULL
);

-- Enterprises' technology needs (技术需求, `liantu import tech-needs`), keyed by number.
CREATE TABLE tech_needs (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    description TEXT,
    uscc        TEXT NOT NULL REFERENCES enterprises (uscc) ON DELETE CASCADE,
    nodes       TEXT NOT NULL,
    budget      DOUBLE PRECISION,
    deadline    TEXT,
    status      TEXT NOT NULL,
    partner     TEXT,
    source      TEXT NOT NULL REFERENCES sources (id),
    as_of       TEXT NOT NULL
);
CREATE INDEX tech_needs_uscc ON tech_needs (uscc);

-- Technology achievements and capabilities (科技成果, `liantu import achievements`).
CREATE TABLE achievements (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    description TEXT,
    owner       TEXT NOT NULL,
    region      TEXT NOT NULL REFERENCES regions (code),
    maturity    TEXT NOT NULL,
    patents     BIGINT NOT NULL,
    nodes       TEXT NOT NULL,
    source      TEXT NOT NULL REFERENCES sources (id),
    as_of       TEXT NOT NULL
);
