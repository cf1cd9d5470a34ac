-- Auto-tagging (自动标注): suggested chain-node memberships and what people decided about them.
-- Portable SQL as in 0001. A suggestion stays a suggestion until confirmed; confirming writes the
-- membership. Confirmed and rejected rows are kept, so a new run never suggests those pairs again.

CREATE TABLE tag_runs (
    id              BIGINT PRIMARY KEY,
    created         TEXT NOT NULL,
    chain_id        TEXT,             -- NULL = every installed chain
    min_confidence  DOUBLE PRECISION NOT NULL,
    enterprises     BIGINT NOT NULL,
    suggestions     BIGINT NOT NULL
);

CREATE TABLE tag_suggestions (
    id          BIGINT PRIMARY KEY,   -- from store_meta 'tag_next_id': never reused
    run_id      BIGINT NOT NULL REFERENCES tag_runs (id),
    uscc        TEXT NOT NULL REFERENCES enterprises (uscc) ON DELETE CASCADE,
    chain_id    TEXT NOT NULL REFERENCES chains (id),
    node_id     TEXT NOT NULL,
    confidence  DOUBLE PRECISION NOT NULL,
    evidence    TEXT NOT NULL,        -- JSON array of liantu-tag Evidence
    status      TEXT NOT NULL CHECK (status IN ('suggested', 'confirmed', 'rejected')),
    created     TEXT NOT NULL,
    decided     TEXT,
    decided_by  TEXT,
    UNIQUE (uscc, chain_id, node_id)
);
CREATE INDEX tag_suggestions_status ON tag_suggestions (status, chain_id);

INSERT INTO store_meta (key, value) VALUES ('tag_next_id', 1);
