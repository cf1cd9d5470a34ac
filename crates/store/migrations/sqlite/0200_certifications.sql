-- Skill certifications (技能等级认定结果, `liantu import certifications`): workers certified per
-- division, year, occupation and level — supply to the occupation beside the graduates.
CREATE TABLE certifications (
    region      TEXT NOT NULL REFERENCES regions (code),
    year        BIGINT NOT NULL,
    occupation  TEXT NOT NULL,
    level       TEXT NOT NULL,
    certified   BIGINT NOT NULL,
    source      TEXT NOT NULL REFERENCES sources (id),
    as_of       TEXT NOT NULL,
    PRIMARY KEY (region, year, occupation, level)
);
