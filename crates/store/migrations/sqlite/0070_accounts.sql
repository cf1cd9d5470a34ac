-- Accounts, their sessions and API tokens, and the audit trail of every write.
-- Passwords are argon2id PHC strings; session and API tokens are stored as SHA-256 digests only,
-- so a copy of the database lets nobody sign in.
CREATE TABLE users (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE,
    role      TEXT NOT NULL,
    region    TEXT,
    park      TEXT,
    uscc      TEXT,
    password  TEXT NOT NULL,
    disabled  BIGINT NOT NULL DEFAULT 0,
    created   TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users(id),
    csrf        TEXT NOT NULL,
    created     TEXT NOT NULL,
    expires     TEXT NOT NULL,
    revoked     BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id          INTEGER PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    user_id     BIGINT NOT NULL REFERENCES users(id),
    created     TEXT NOT NULL,
    expires     TEXT,
    revoked     BIGINT NOT NULL DEFAULT 0
);

-- One row per write, added in the write's own transaction. `actor` is the account name, NULL
-- for the operator at the server's command line; `change` is JSON (before/after, or row counts
-- and the file's SHA-256 for an import).
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    actor   TEXT,
    origin  TEXT NOT NULL,
    action  TEXT NOT NULL,
    entity  TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    change  TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log(at);

-- The trail is append-only, whatever a later version of liantu might try.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit rows cannot be deleted'); END;
