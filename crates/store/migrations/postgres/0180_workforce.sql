-- Enterprises' workforce by occupation (用工, `liantu import workforce`): people employed, open
-- vacancies and the monthly wage per firm, year, job (title or code as the file wrote it) and
-- skill level ('' when not given). The occupation is the code given or the classifier's choice
-- from the title, with its confidence (NULL when given) and whether it needs a look.
CREATE TABLE workforce (
    uscc        TEXT NOT NULL REFERENCES enterprises (uscc) ON DELETE CASCADE,
    year        BIGINT NOT NULL,
    job         TEXT NOT NULL,
    skill       TEXT NOT NULL,
    occupation  TEXT NOT NULL,
    confidence  DOUBLE PRECISION,
    review      BIGINT NOT NULL,
    employed    BIGINT NOT NULL,
    vacancies   BIGINT NOT NULL,
    wage        DOUBLE PRECISION,
    source      TEXT NOT NULL REFERENCES sources (id),
    as_of       TEXT NOT NULL,
    PRIMARY KEY (uscc, year, job, skill)
);
CREATE INDEX workforce_occupation ON workforce (occupation, year);
