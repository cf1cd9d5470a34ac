-- Annual plans (年度计划) and their revisions (动态评估修订): every version kept with the reason
-- it was made, the plan itself as its TOML text (the targets travel with it).

CREATE TABLE plans (
    id          TEXT NOT NULL,
    version     BIGINT NOT NULL,
    year        BIGINT NOT NULL,
    region      TEXT NOT NULL,
    title       TEXT NOT NULL,
    definition  TEXT NOT NULL,
    reason      TEXT NOT NULL,
    made        TEXT NOT NULL,
    made_by     TEXT NOT NULL,
    PRIMARY KEY (id, version)
);
