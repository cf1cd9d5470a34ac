//! Accounts, sessions, API tokens and the audit trail. Passwords arrive here already hashed
//! (argon2id, by `app`), tokens as SHA-256 digests: the database never holds a secret that
//! signs anyone in.

use crate::write::bump_revision;
use crate::{Result, Store, StoreError};
use liantu_model::RegionCode;
use liantu_model::account::{Role, Scope, User};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use std::sync::Arc;

/// One audit row: at, actor, origin, action, entity, entity id, change.
pub(crate) const AUDIT_INSERT: &str =
    "INSERT INTO audit_log (at, actor, origin, action, entity, entity_id, change)
     VALUES ($1, $2, $3, $4, $5, $6, $7)";

/// Who is writing, recorded beside every write in the audit trail.
#[derive(Clone)]
pub struct Actor {
    /// The account name; `None` for the operator at the server's command line.
    pub user: Option<String>,
    /// Where the request came from: a client address, or `cli`.
    pub origin: String,
    /// Now, as stored (`YYYY-MM-DDTHH:MM:SSZ`), from the app's one clock.
    pub now: Arc<dyn Fn() -> String + Send + Sync>,
}

impl std::fmt::Debug for Actor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Actor")
            .field("user", &self.user)
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

impl Default for Actor {
    fn default() -> Actor {
        Actor {
            user: None,
            origin: "cli".into(),
            now: Arc::new(utc_now),
        }
    }
}

/// Now in UTC as stored (the default actor's clock; the app sets its own).
fn utc_now() -> String {
    let now = time::OffsetDateTime::now_utc();
    now.replace_nanosecond(0)
        .unwrap_or(now)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// One write as the audit trail keeps it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AuditRow {
    pub id: i64,
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub at: String,
    /// The account; `None` for the server's command line.
    pub actor: Option<String>,
    pub origin: String,
    /// What was done: `import`, `save`, `delete`, `confirm`, `login` …
    pub action: String,
    /// What kind of record: `candidate`, `scenario`, `user`, `enterprises` …
    pub entity: String,
    pub entity_id: String,
    /// JSON: before/after for edits, row counts and the file's SHA-256 for imports.
    pub change: String,
}

/// Which audit rows to list.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// From this UTC time or date on (`YYYY-MM-DD…`).
    pub since: Option<String>,
    pub actor: Option<String>,
    pub entity: Option<String>,
    /// Only the latest this many rows (still listed oldest first).
    pub latest: Option<u32>,
}

/// An API token as admins see it (never the token itself).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TokenRow {
    pub id: i64,
    pub user: String,
    pub created: String,
    pub expires: Option<String>,
    pub revoked: bool,
}

/// A session found by its token.
#[derive(Debug, Clone)]
pub struct SessionRow {
    pub user: User,
    /// The session's CSRF token, shown in its forms.
    pub csrf: String,
    /// When it ends (UTC, as stored).
    pub expires: String,
}

const USER_COLUMNS: &str = "id, name, role, region, park, uscc, disabled, created";

fn user_from_row(r: &AnyRow) -> Result<User> {
    let corrupt = |e: String| StoreError::Corrupt(e);
    let role: String = r.try_get("role")?;
    let region: Option<String> = r.try_get("region")?;
    Ok(User {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        role: Role::parse(&role).map_err(|e| corrupt(e.to_string()))?,
        scope: Scope {
            region: region
                .map(|c| RegionCode::parse(&c))
                .transpose()
                .map_err(|e| corrupt(e.to_string()))?,
            park: r.try_get("park")?,
            uscc: r.try_get("uscc")?,
        },
        disabled: r.try_get::<i64, _>("disabled")? != 0,
        created: r.try_get("created")?,
    })
}

impl Store {
    /// The same store, recording `actor` as the author of every write.
    pub fn acting(&self, actor: Actor) -> Store {
        Store {
            pool: self.pool.clone(),
            backend: self.backend,
            copy_pool: self.copy_pool.clone(),
            actor: Arc::new(actor),
        }
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Appends one row to the audit trail inside the write's transaction `tx`.
    pub(crate) async fn audit(
        &self,
        tx: &mut Transaction<'_, Any>,
        action: &str,
        entity: &str,
        entity_id: &str,
        change: &serde_json::Value,
    ) -> Result<()> {
        sqlx::query(AUDIT_INSERT)
            .bind((self.actor.now)())
            .bind(&self.actor.user)
            .bind(&self.actor.origin)
            .bind(action)
            .bind(entity)
            .bind(entity_id)
            .bind(change.to_string())
            .execute(&mut **tx)
            .await?;
        // Logged as recorded, inside the write's transaction: should the write then fail, its
        // request's line says so.
        tracing::info!(
            target: "liantu::write",
            user = self.actor.user.as_deref().unwrap_or("-"),
            origin = %self.actor.origin,
            action,
            entity,
            entity_id,
            "write"
        );
        Ok(())
    }

    /// Records an event that writes nothing else (a login, a failed login, a logout).
    pub async fn record(
        &self,
        action: &str,
        entity: &str,
        entity_id: &str,
        change: &serde_json::Value,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        self.audit(&mut tx, action, entity, entity_id, change)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The latest audit row of `action` (`import`, `backup` …): when (UTC), entity and id.
    pub async fn last_event(&self, action: &str) -> Result<Option<(String, String, String)>> {
        let row = sqlx::query(
            "SELECT at, entity, entity_id FROM audit_log WHERE action = $1
             ORDER BY id DESC LIMIT 1",
        )
        .bind(action)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok((
                r.try_get("at")?,
                r.try_get("entity")?,
                r.try_get("entity_id")?,
            ))
        })
        .transpose()
    }

    /// Failed sign-ins since `since` (UTC, as stored): for the account `name` after its last
    /// successful sign-in, and from the address `origin`. Counted from the audit trail, so every
    /// server on one database sees the same failures.
    pub async fn failed_logins(&self, name: &str, origin: &str, since: &str) -> Result<(i64, i64)> {
        let by_account: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log
             WHERE action = 'login_failed' AND entity = 'user' AND entity_id = $1 AND at >= $2
               AND id > COALESCE((SELECT MAX(id) FROM audit_log
                                  WHERE action = 'login' AND entity = 'user' AND entity_id = $1), 0)",
        )
        .bind(name)
        .bind(since)
        .fetch_one(&self.pool)
        .await?;
        let by_address: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log
             WHERE action = 'login_failed' AND origin = $1 AND at >= $2",
        )
        .bind(origin)
        .bind(since)
        .fetch_one(&self.pool)
        .await?;
        Ok((by_account, by_address))
    }

    pub async fn user_count(&self) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE disabled = 0")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Adds an account; `None` when the name is taken.
    pub async fn add_user(
        &self,
        name: &str,
        role: Role,
        scope: &Scope,
        password_hash: &str,
    ) -> Result<Option<User>> {
        let mut tx = self.pool.begin().await?;
        let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE name = $1")
            .bind(name)
            .fetch_one(&mut *tx)
            .await?;
        if taken > 0 {
            return Ok(None);
        }
        let created = (self.actor.now)();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (name, role, region, park, uscc, password, created)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(name)
        .bind(role.id())
        .bind(scope.region.map(|r| r.to_string()))
        .bind(&scope.park)
        .bind(&scope.uscc)
        .bind(password_hash)
        .bind(&created)
        .fetch_one(&mut *tx)
        .await?;
        let user = User {
            id,
            name: name.to_string(),
            role,
            scope: scope.clone(),
            disabled: false,
            created,
        };
        self.audit(&mut tx, "add", "user", name, &user_json(&user))
            .await?;
        bump_revision(&mut tx).await?;
        tx.commit().await?;
        Ok(Some(user))
    }

    /// Every account, by name.
    pub async fn users(&self) -> Result<Vec<User>> {
        let rows = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY name"))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(user_from_row).collect()
    }

    /// An account and its password hash.
    pub async fn user_with_password(&self, name: &str) -> Result<Option<(User, String)>> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS}, password FROM users WHERE name = $1"
        ))
        .bind(name)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok((user_from_row(&r)?, r.try_get("password")?)))
            .transpose()
    }

    /// Changes an account's password, role and scope, or disabled flag (whichever are given),
    /// and — when the password changes or the account is disabled — ends its sessions and
    /// revokes its API tokens. `None` when there is no such account.
    pub async fn update_user(&self, name: &str, change: &UserChange) -> Result<Option<User>> {
        let mut tx = self.pool.begin().await?;
        let Some(before) =
            sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE name = $1"))
                .bind(name)
                .fetch_optional(&mut *tx)
                .await?
                .map(|r| user_from_row(&r))
                .transpose()?
        else {
            return Ok(None);
        };
        let mut after = before.clone();
        if let Some((role, scope)) = &change.role {
            after.role = *role;
            after.scope = scope.clone();
        }
        if let Some(disabled) = change.disabled {
            after.disabled = disabled;
        }
        sqlx::query(
            "UPDATE users SET role = $1, region = $2, park = $3, uscc = $4, disabled = $5
             WHERE id = $6",
        )
        .bind(after.role.id())
        .bind(after.scope.region.map(|r| r.to_string()))
        .bind(&after.scope.park)
        .bind(&after.scope.uscc)
        .bind(i64::from(after.disabled))
        .bind(after.id)
        .execute(&mut *tx)
        .await?;
        if let Some(hash) = &change.password_hash {
            sqlx::query("UPDATE users SET password = $1 WHERE id = $2")
                .bind(hash)
                .bind(after.id)
                .execute(&mut *tx)
                .await?;
        }
        let cut_off = change.password_hash.is_some() || after.disabled || after.role != before.role;
        if cut_off {
            for table in ["sessions", "api_tokens"] {
                sqlx::query(&format!(
                    "UPDATE {table} SET revoked = 1 WHERE user_id = $1"
                ))
                .bind(after.id)
                .execute(&mut *tx)
                .await?;
            }
        }
        let mut json =
            serde_json::json!({"before": user_json(&before), "after": user_json(&after)});
        if change.password_hash.is_some() {
            json["password"] = "changed".into();
        }
        let action = if change.password_hash.is_some() {
            "passwd"
        } else if change.role.is_some() {
            "role"
        } else {
            "disable"
        };
        self.audit(&mut tx, action, "user", name, &json).await?;
        bump_revision(&mut tx).await?;
        tx.commit().await?;
        Ok(Some(after))
    }

    /// Starts a session for `user_id`, valid until `expires`.
    pub async fn create_session(
        &self,
        token_hash: &str,
        user: &User,
        csrf: &str,
        expires: &str,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf, created, expires)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(user.id)
        .bind(csrf)
        .bind((self.actor.now)())
        .bind(expires)
        .execute(&mut *tx)
        .await?;
        self.audit(
            &mut tx,
            "login",
            "user",
            &user.name,
            &serde_json::json!({"expires": expires}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The live session with this token at `now`: not expired, not revoked, account enabled.
    pub async fn session(&self, token_hash: &str, now: &str) -> Result<Option<SessionRow>> {
        let row = sqlx::query(&format!(
            "SELECT {cols}, s.csrf, s.expires FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = $1 AND s.revoked = 0 AND s.expires > $2 AND u.disabled = 0",
            cols = prefixed("u", USER_COLUMNS)
        ))
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(SessionRow {
                user: user_from_row(&r)?,
                csrf: r.try_get("csrf")?,
                expires: r.try_get("expires")?,
            })
        })
        .transpose()
    }

    /// Ends a session (logout); false when there was no live one.
    pub async fn end_session(&self, token_hash: &str) -> Result<bool> {
        let mut tx = self.pool.begin().await?;
        let name: Option<String> = sqlx::query_scalar(
            "SELECT u.name FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = $1 AND s.revoked = 0",
        )
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(name) = name else {
            return Ok(false);
        };
        sqlx::query("UPDATE sessions SET revoked = 1 WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&mut *tx)
            .await?;
        self.audit(&mut tx, "logout", "user", &name, &serde_json::json!({}))
            .await?;
        // Signed-in lookups are cached per revision: the next request anywhere sees the end.
        bump_revision(&mut tx).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Stores a new API token's digest for `user`; returns its id.
    pub async fn create_token(
        &self,
        token_hash: &str,
        user: &User,
        expires: Option<&str>,
    ) -> Result<i64> {
        let mut tx = self.pool.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_tokens (token_hash, user_id, created, expires)
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(token_hash)
        .bind(user.id)
        .bind((self.actor.now)())
        .bind(expires)
        .fetch_one(&mut *tx)
        .await?;
        self.audit(
            &mut tx,
            "create",
            "token",
            &id.to_string(),
            &serde_json::json!({"user": user.name, "expires": expires}),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The account a live API token belongs to at `now`.
    pub async fn token_user(&self, token_hash: &str, now: &str) -> Result<Option<User>> {
        let row = sqlx::query(&format!(
            "SELECT {cols} FROM api_tokens t JOIN users u ON u.id = t.user_id
             WHERE t.token_hash = $1 AND t.revoked = 0 AND (t.expires IS NULL OR t.expires > $2)
               AND u.disabled = 0",
            cols = prefixed("u", USER_COLUMNS)
        ))
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| user_from_row(&r)).transpose()
    }

    pub async fn tokens(&self) -> Result<Vec<TokenRow>> {
        let rows = sqlx::query(
            "SELECT t.id, u.name, t.created, t.expires, t.revoked
             FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(TokenRow {
                    id: r.try_get("id")?,
                    user: r.try_get("name")?,
                    created: r.try_get("created")?,
                    expires: r.try_get("expires")?,
                    revoked: r.try_get::<i64, _>("revoked")? != 0,
                })
            })
            .collect()
    }

    /// Revokes a token; false when there is no such live token.
    pub async fn revoke_token(&self, id: i64) -> Result<bool> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("UPDATE api_tokens SET revoked = 1 WHERE id = $1 AND revoked = 0")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if done > 0 {
            self.audit(
                &mut tx,
                "revoke",
                "token",
                &id.to_string(),
                &serde_json::json!({}),
            )
            .await?;
            bump_revision(&mut tx).await?;
        }
        tx.commit().await?;
        Ok(done > 0)
    }

    /// Audit rows matching `filter`, oldest first.
    pub async fn audit_rows(&self, filter: &AuditFilter) -> Result<Vec<AuditRow>> {
        let limit = filter
            .latest
            .map_or(String::new(), |n| format!(" LIMIT {n}"));
        let rows = sqlx::query(&format!(
            "SELECT * FROM (
               SELECT id, at, actor, origin, action, entity, entity_id, change FROM audit_log
               WHERE ($1 IS NULL OR at >= $1) AND ($2 IS NULL OR actor = $2)
                 AND ($3 IS NULL OR entity = $3)
               ORDER BY id DESC{limit}) latest
             ORDER BY id"
        ))
        .bind(&filter.since)
        .bind(&filter.actor)
        .bind(&filter.entity)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AuditRow {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    actor: r.try_get("actor")?,
                    origin: r.try_get("origin")?,
                    action: r.try_get("action")?,
                    entity: r.try_get("entity")?,
                    entity_id: r.try_get("entity_id")?,
                    change: r.try_get("change")?,
                })
            })
            .collect()
    }
}

/// What [`Store::update_user`] changes.
#[derive(Debug, Clone, Default)]
pub struct UserChange {
    pub password_hash: Option<String>,
    pub role: Option<(Role, Scope)>,
    pub disabled: Option<bool>,
}

fn user_json(u: &User) -> serde_json::Value {
    serde_json::json!({
        "role": u.role.id(),
        "region": u.scope.region.map(|r| r.to_string()),
        "park": u.scope.park,
        "uscc": u.scope.uscc,
        "disabled": u.disabled,
    })
}

/// `id, name` → `u.id, u.name`.
fn prefixed(alias: &str, columns: &str) -> String {
    columns
        .split(", ")
        .map(|c| format!("{alias}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}
