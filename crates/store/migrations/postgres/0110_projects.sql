-- Project service (全过程服务): projects with their stage dates, monthly progress reports (调度),
-- problems (问题清单) with their history, and the versions of the project settings (TOML).
-- Portable SQL as in 0001; dates as ISO 8601 text ('2026-03-01', months '2026-03').

CREATE TABLE project_settings (
    version     BIGINT PRIMARY KEY,
    definition  TEXT NOT NULL,
    installed   TEXT NOT NULL
);

CREATE TABLE projects (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    candidate   TEXT,
    uscc        TEXT,
    nodes       TEXT NOT NULL, -- '|'-separated chain:node
    park        TEXT,
    region      TEXT NOT NULL,
    investment  DOUBLE PRECISION NOT NULL,
    land_mu     DOUBLE PRECISION,
    annual_plan DOUBLE PRECISION,
    department  TEXT NOT NULL,
    leader      TEXT NOT NULL,
    contact     TEXT NOT NULL,
    source      TEXT NOT NULL,
    note        TEXT NOT NULL,
    -- Planned and actual date per stage: 'stage:planned:actual|…', a date empty when not set
    -- (the few stages of a project travel with its row; see store::projects).
    stages      TEXT NOT NULL
);
CREATE INDEX projects_region ON projects (region);

-- What the what-if predicted when a project was taken up from a candidate (JSON, kept as made).
CREATE TABLE project_predictions (
    project_id  TEXT PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    made        TEXT NOT NULL,
    body        TEXT NOT NULL
);

CREATE TABLE project_reports (
    project_id      TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    month           TEXT NOT NULL,
    invested_month  DOUBLE PRECISION NOT NULL,
    invested_total  DOUBLE PRECISION NOT NULL,
    progress_pct    DOUBLE PRECISION,
    progress_text   TEXT NOT NULL,
    output          DOUBLE PRECISION,
    issues          TEXT NOT NULL,
    source          TEXT NOT NULL,
    PRIMARY KEY (project_id, month)
);
-- The board reads every project's report for the month due.
CREATE INDEX project_reports_month ON project_reports (month);

CREATE TABLE problems (
    id          BIGINT PRIMARY KEY,
    project_id  TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    category    TEXT NOT NULL,
    department  TEXT NOT NULL,
    raised      TEXT NOT NULL,
    due         TEXT NOT NULL,
    status      TEXT NOT NULL,
    resolution  TEXT NOT NULL,
    closed_by   TEXT,
    closed      TEXT
);
CREATE INDEX problems_project ON problems (project_id);
CREATE INDEX problems_due ON problems (status, due);

CREATE TABLE problem_events (
    problem_id  BIGINT NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
    seq         BIGINT NOT NULL,
    at          TEXT NOT NULL,
    actor       TEXT,
    status      TEXT NOT NULL,
    department  TEXT NOT NULL,
    due         TEXT NOT NULL,
    note        TEXT NOT NULL,
    PRIMARY KEY (problem_id, seq)
);

INSERT INTO store_meta (key, value) VALUES ('problem_next_id', 1);
