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

-- Programmes of colleges and training bodies (院校专业, `liantu import programmes`): the supply
-- side. `occupations` is the programme's crosswalk, codes separated by spaces.
CREATE TABLE programmes (
    institution TEXT NOT NULL,
    kind        TEXT NOT NULL,
    region      TEXT NOT NULL REFERENCES regions (code),
    code        TEXT,
    name        TEXT NOT NULL,
    year        BIGINT NOT NULL,
    enrolment   BIGINT,
    graduates   BIGINT NOT NULL,
    retention   DOUBLE PRECISION,
    occupations TEXT NOT NULL,
    source      TEXT NOT NULL REFERENCES sources (id),
    as_of       TEXT NOT NULL,
    PRIMARY KEY (institution, name, year)
);
CREATE INDEX programmes_region ON programmes (region, year);
