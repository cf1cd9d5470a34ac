-- Reference tables the user imports from files (`liantu reference import …`); liantu does not ship
-- the standards themselves.

-- GB/T 4754-2017 国民经济行业分类: sections A–T (level 1) and 2/3/4-digit codes (levels 2–4).
CREATE TABLE ref_industry_codes (
    code        TEXT PRIMARY KEY,
    level       BIGINT NOT NULL,
    name        TEXT NOT NULL,
    parent      TEXT,
    section     TEXT NOT NULL
);

-- 统计用区划代码 as published: 2-digit provinces, 4-digit cities, 6-digit counties, 9-digit
-- townships, 12-digit villages. Province, city and county rows are also added to `regions`.
CREATE TABLE ref_divisions (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    level       BIGINT NOT NULL,
    parent      TEXT
);
