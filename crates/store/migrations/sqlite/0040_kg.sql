-- The product knowledge graph (产业链知识图谱), a third-party extraction kept apart from the
-- curated chains: replaced as a whole by each `liantu kg import`. Portable SQL as in 0001.
-- Product, company ids are the importer's indices (dense, from 0).

CREATE TABLE kg_imports (
    id              BIGINT PRIMARY KEY CHECK (id = 1),  -- one import at a time
    source          TEXT NOT NULL,
    as_of           TEXT NOT NULL,
    imported_from   TEXT NOT NULL,
    imported_at     TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    stats           TEXT NOT NULL   -- JSON: rows read; values dropped, merged, added or clamped
);

CREATE TABLE kg_products (
    id      BIGINT PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    listed  BIGINT NOT NULL         -- 0: only named by a relation or a company, not product.json
);

-- supplies: from supplies to (supplier → buyer); subtype: to is a sub-type of from.
-- stated: the source's label (upstream 上游材料, downstream 下游产品, subtype 产品小类).
CREATE TABLE kg_edges (
    from_id     BIGINT NOT NULL REFERENCES kg_products (id),
    to_id       BIGINT NOT NULL REFERENCES kg_products (id),
    relation    TEXT NOT NULL CHECK (relation IN ('supplies', 'subtype')),
    stated      TEXT NOT NULL CHECK (stated IN ('upstream', 'downstream', 'subtype')),
    PRIMARY KEY (from_id, to_id, relation)
);

-- 申万 (Shenwan 2021) industries, not GB/T 4754.
CREATE TABLE kg_industries (
    code    TEXT PRIMARY KEY,
    name    TEXT NOT NULL
);

CREATE TABLE kg_companies (
    id              BIGINT PRIMARY KEY,
    code            TEXT NOT NULL,   -- stock code as given: 600373.SH, or 6 digits
    name            TEXT NOT NULL,
    fullname        TEXT NOT NULL,
    exchange        TEXT NOT NULL,
    listed_on       TEXT NOT NULL,
    industry_code   TEXT REFERENCES kg_industries (code)
);

-- 主营产品 with the revenue share: weight clamped to [0, 1], stated_weight as the source gave it.
CREATE TABLE kg_company_products (
    company_id      BIGINT NOT NULL REFERENCES kg_companies (id),
    product_id      BIGINT NOT NULL REFERENCES kg_products (id),
    weight          DOUBLE PRECISION NOT NULL,
    stated_weight   DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (company_id, product_id)
);
