-- A person's decision on an occupation suggested for a chain node (`liantu occupation confirm |
-- reject`): a confirmed one counts as the node's occupation beside the chain file's, a rejected
-- one is not suggested again. Undoing a decision deletes its row.
CREATE TABLE node_occupation_reviews (
    chain_id    TEXT NOT NULL,
    node_id     TEXT NOT NULL,
    occupation  TEXT NOT NULL,
    decision    TEXT NOT NULL,
    decided_by  TEXT NOT NULL,
    decided_at  TEXT NOT NULL,
    PRIMARY KEY (chain_id, node_id, occupation)
);
