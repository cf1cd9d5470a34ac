//! Accounts, sign-in, sessions, API tokens and the audit trail.
//!
//! Passwords are hashed with argon2id (PHC strings); session and API tokens are 256 random bits
//! handed to the client once and stored only as SHA-256 digests (a fast digest is enough for a
//! random token; a slow one is for guessable passwords). Failed sign-ins are counted per account
//! and per client address from the audit trail (so every server on one database counts the same
//! failures), and a sign-in never says whether the name exists.

use crate::access::{ReadArea, WriteTarget};
use crate::{App, AppError, Result, blocking};
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use liantu_model::account::{Role, Scope, User};
use liantu_store::UserChange;
pub use liantu_store::{AuditFilter, AuditRow, TokenRow};
use sha2::Digest;
use std::sync::Arc;
use std::time::Duration;

/// How long a session lasts without signing in again.
pub const SESSION_HOURS: i64 = 12;
/// Passwords shorter than this are refused.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Failed sign-ins allowed per account, and per client address, within [`LOCKOUT_WINDOW`].
pub const MAX_FAILURES_PER_ACCOUNT: usize = 5;
pub const MAX_FAILURES_PER_ADDRESS: usize = 20;
pub const LOCKOUT_WINDOW: Duration = Duration::from_secs(15 * 60);

/// A started session: the token goes into the client's cookie, the CSRF token into its forms.
#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub csrf: String,
    pub user: User,
    /// UTC, as stored.
    pub expires: String,
}

/// 32 random bytes as 64 hex digits.
fn random_token() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| AppError::internal(format!("无法取得随机数 / no randomness: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The stored form of a session or API token.
fn digest(token: &str) -> String {
    format!("{:x}", sha2::Sha256::digest(token.as_bytes()))
}

fn check_password(password: &str) -> Result<()> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(AppError::invalid(format!(
            "密码至少 {MIN_PASSWORD_CHARS} 个字符 / a password has at least {MIN_PASSWORD_CHARS} characters"
        )));
    }
    if n > 1024 {
        return Err(AppError::invalid(
            "密码过长（最多 1024 个字符）/ the password is too long (at most 1024 characters)",
        ));
    }
    Ok(())
}

fn check_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.chars().count() <= 64
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '@'));
    if ok {
        Ok(())
    } else {
        Err(AppError::invalid(format!(
            "账号名 '{name}' 无效：1–64 个字母、数字、汉字或 - _ . @ / invalid account name '{name}': 1–64 letters, digits or - _ . @"
        )))
    }
}

async fn hash_password(password: String) -> Result<String> {
    blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AppError::internal(format!("密码哈希失败 / password hashing failed: {e}")))
    })
    .await
}

async fn verify_password(password: String, hash: String) -> Result<bool> {
    blocking(move || {
        Ok(Argon2::default()
            .verify_password(password.as_bytes(), hash.as_str())
            .is_ok())
    })
    .await
}

/// A hash of a random password, checked when the name is unknown so that a wrong name takes
/// as long as a wrong password. Made once per process.
async fn dummy_hash() -> Result<String> {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DUMMY
        .get_or_try_init(|| async { hash_password(random_token()?).await })
        .await
        .cloned()
}

fn wrong_credentials() -> AppError {
    AppError::Unauthenticated("用户名或密码错误 / wrong user name or password".into())
}

impl App {
    /// True once an enabled account exists (the server refuses to start before).
    pub async fn has_accounts(&self) -> Result<bool> {
        Ok(self.store.user_count().await? > 0)
    }

    /// Adds an account. Admins only (and the operator at the command line).
    pub async fn add_user(
        &self,
        name: &str,
        role: Role,
        scope: Scope,
        password: &str,
    ) -> Result<User> {
        self.require_write(WriteTarget::Accounts).await?;
        check_name(name)?;
        check_password(password)?;
        scope.check(role).map_err(AppError::invalid)?;
        self.check_scope_exists(&scope).await?;
        let hash = hash_password(password.to_string()).await?;
        self.store
            .add_user(name, role, &scope, &hash)
            .await?
            .ok_or_else(|| {
                AppError::conflict(format!("账号 '{name}' 已存在 / account '{name}' exists"))
            })
    }

    /// A county's region, a park, a firm named in a scope must be in the database.
    async fn check_scope_exists(&self, scope: &Scope) -> Result<()> {
        if let Some(region) = scope.region
            && !self.store.region_codes().await?.contains(region.as_str())
        {
            return Err(AppError::unknown_region(region));
        }
        if let Some(park) = &scope.park
            && !self.store.parks().await?.iter().any(|p| &p.id == park)
        {
            return Err(AppError::not_found(format!(
                "数据库中没有园区 '{park}' / park '{park}' is not in the database"
            )));
        }
        if let Some(uscc) = &scope.uscc
            && !self.store.enterprise_usccs().await?.contains(uscc)
        {
            return Err(AppError::not_found(format!(
                "数据库中没有统一社会信用代码为 {uscc} 的企业 / no enterprise {uscc} in the database"
            )));
        }
        Ok(())
    }

    /// The enabled account `name` (for the command line's `--as`, run by the operator).
    pub async fn enabled_user(&self, name: &str) -> Result<User> {
        match self.store.user_with_password(name).await? {
            Some((user, _)) if !user.disabled => Ok(user),
            _ => Err(AppError::not_found(format!(
                "没有可用的账号 '{name}' / no enabled account '{name}'"
            ))),
        }
    }

    /// Every account. Admins only.
    pub async fn users(&self) -> Result<Vec<User>> {
        self.require_read(ReadArea::Administration)?;
        Ok(self.store.users().await?)
    }

    /// Sets a new password (admins, or the account itself); ends the account's sessions.
    pub async fn set_password(&self, name: &str, password: &str) -> Result<User> {
        if self.user().is_none_or(|u| u.name != name) {
            self.require_write(WriteTarget::Accounts).await?;
        }
        check_password(password)?;
        let hash = hash_password(password.to_string()).await?;
        self.change_user(
            name,
            UserChange {
                password_hash: Some(hash),
                ..UserChange::default()
            },
        )
        .await
    }

    /// Disables (or enables) an account; disabling ends its sessions and tokens.
    pub async fn set_disabled(&self, name: &str, disabled: bool) -> Result<User> {
        self.require_write(WriteTarget::Accounts).await?;
        self.change_user(
            name,
            UserChange {
                disabled: Some(disabled),
                ..UserChange::default()
            },
        )
        .await
    }

    /// Gives an account another role and scope; ends its sessions and tokens.
    pub async fn set_role(&self, name: &str, role: Role, scope: Scope) -> Result<User> {
        self.require_write(WriteTarget::Accounts).await?;
        scope.check(role).map_err(AppError::invalid)?;
        self.check_scope_exists(&scope).await?;
        self.change_user(
            name,
            UserChange {
                role: Some((role, scope)),
                ..UserChange::default()
            },
        )
        .await
    }

    async fn change_user(&self, name: &str, change: UserChange) -> Result<User> {
        self.store
            .update_user(name, &change)
            .await?
            .ok_or_else(|| AppError::not_found(format!("没有账号 '{name}' / no account '{name}'")))
    }

    /// Signs in: checks the password (rate-limited per account and per `origin`) and starts a
    /// session. Every failure says the same, whether or not the name exists.
    pub async fn login(&self, name: &str, password: &str, origin: &str) -> Result<Session> {
        let window = time::Duration::try_from(LOCKOUT_WINDOW).unwrap_or(time::Duration::HOUR);
        let since = crate::clock::stored(self.clock.now() - window);
        let (by_account, by_address) = self.store.failed_logins(name, origin, &since).await?;
        if by_account >= MAX_FAILURES_PER_ACCOUNT as i64
            || by_address >= MAX_FAILURES_PER_ADDRESS as i64
        {
            return Err(AppError::RateLimited(format!(
                "登录失败次数过多，请 {} 分钟后再试 / too many failed sign-ins: try again in {} minutes",
                LOCKOUT_WINDOW.as_secs() / 60,
                LOCKOUT_WINDOW.as_secs() / 60
            )));
        }
        let found = self.store.user_with_password(name).await?;
        let hash = match &found {
            Some((_, h)) => h.clone(),
            None => dummy_hash().await?,
        };
        let matches = verify_password(password.to_string(), hash).await?;
        let user = match found {
            Some((user, _)) if matches && !user.disabled => user,
            _ => {
                // The audit row is also what the limit above counts.
                self.store
                    .record(
                        "login_failed",
                        "user",
                        name,
                        &serde_json::json!({"origin": origin}),
                    )
                    .await?;
                return Err(wrong_credentials());
            }
        };
        let (token, csrf) = (random_token()?, random_token()?);
        let expires = crate::clock::stored(self.clock.now() + time::Duration::hours(SESSION_HOURS));
        // The sign-in is recorded under the account that signed in.
        self.acting(crate::Actor::User(user.clone()), origin)
            .store
            .create_session(&digest(&token), &user, &csrf, &expires)
            .await?;
        Ok(Session {
            token,
            csrf,
            user,
            expires,
        })
    }

    /// The live session with this cookie token: its account and CSRF token.
    pub async fn session(&self, token: &str) -> Result<Option<(User, String)>> {
        let revision = self.revision().await?;
        self.session_at(revision, token).await
    }

    /// [`App::session`] for a request that has read the store's revision already: a session
    /// seen at this revision is answered from memory (until it expires), so a signed-in request
    /// costs one read of the revision, not a join over sessions and users.
    pub async fn session_at(&self, revision: i64, token: &str) -> Result<Option<(User, String)>> {
        let key = digest(token);
        let now = self.now();
        if let Some(hit) = self.caches.sessions.get(revision, &key)
            && hit.2 > now
        {
            return Ok(Some((hit.0.clone(), hit.1.clone())));
        }
        let Some(s) = self.store.session(&key, &now).await? else {
            return Ok(None);
        };
        let hit = (s.user, s.csrf, s.expires);
        self.caches
            .sessions
            .insert(revision, key, Arc::new(hit.clone()));
        Ok(Some((hit.0, hit.1)))
    }

    /// Ends a session (logout).
    pub async fn logout(&self, token: &str) -> Result<bool> {
        Ok(self.store.end_session(&digest(token)).await?)
    }

    /// Creates an API token for `name`, valid for `days` (or until revoked); the token is
    /// returned once and stored only as a digest. Admins only.
    pub async fn create_token(&self, name: &str, days: Option<u32>) -> Result<(i64, String)> {
        self.require_write(WriteTarget::Accounts).await?;
        let Some((user, _)) = self.store.user_with_password(name).await? else {
            return Err(AppError::not_found(format!(
                "没有账号 '{name}' / no account '{name}'"
            )));
        };
        let token = random_token()?;
        let expires = days
            .map(|d| crate::clock::stored(self.clock.now() + time::Duration::days(i64::from(d))));
        let id = self
            .store
            .create_token(&digest(&token), &user, expires.as_deref())
            .await?;
        Ok((id, token))
    }

    /// The account a live API token belongs to.
    pub async fn token_user(&self, token: &str) -> Result<Option<User>> {
        Ok(self.store.token_user(&digest(token), &self.now()).await?)
    }

    /// Every API token (never the tokens themselves). Admins only.
    pub async fn tokens(&self) -> Result<Vec<TokenRow>> {
        self.require_read(ReadArea::Administration)?;
        Ok(self.store.tokens().await?)
    }

    /// Revokes an API token. Admins only.
    pub async fn revoke_token(&self, id: i64) -> Result<()> {
        self.require_write(WriteTarget::Accounts).await?;
        if self.store.revoke_token(id).await? {
            Ok(())
        } else {
            Err(AppError::not_found(format!(
                "没有有效的令牌 {id} / no live token {id}"
            )))
        }
    }

    /// The audit trail, filtered. Admins only.
    pub async fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditRow>> {
        self.require_read(ReadArea::Administration)?;
        Ok(self.store.audit_rows(filter).await?)
    }
}

/// What an audit row's `action` and `entity` ids read as for people.
fn audit_words(id: &str) -> (&'static str, &'static str) {
    match id {
        "add" => ("新增", "add"),
        "save" => ("保存", "save"),
        "delete" => ("删除", "delete"),
        "replace_all" => ("整体替换", "replace all"),
        "import" => ("导入", "import"),
        "load" => ("载入", "load"),
        "install" => ("安装", "install"),
        "suggest" => ("生成建议", "suggest"),
        "confirm" => ("确认", "confirm"),
        "reject" => ("拒绝", "reject"),
        "undo" => ("撤销", "undo"),
        "login" => ("登录", "sign in"),
        "login_failed" => ("登录失败", "failed sign-in"),
        "logout" => ("退出", "sign out"),
        "passwd" => ("改密码", "password change"),
        "role" => ("改角色", "role change"),
        "disable" => ("停用/启用", "disable/enable"),
        "create" => ("创建", "create"),
        "revoke" => ("吊销", "revoke"),
        "candidate" => ("候选项目", "candidate"),
        "scenario" => ("假设方案", "scenario"),
        "user" => ("账号", "account"),
        "token" => ("API 令牌", "API token"),
        "chain" => ("产业链", "chain"),
        "dataset" => ("示例数据", "demo data"),
        "kg" => ("产品图谱", "knowledge graph"),
        "panel" => ("数据面板", "panel"),
        "io_table" => ("投入产出表", "input-output table"),
        "reference" => ("参考表", "reference table"),
        "tag_run" => ("自动标注", "tagging run"),
        "tag_suggestion" => ("标注建议", "tag suggestion"),
        "enterprises" => ("企业名录", "enterprises"),
        "years" => ("企业年度数据", "yearly figures"),
        "memberships" => ("链上归属", "memberships"),
        "links" => ("供应关系", "supply links"),
        _ => ("其他", "other"),
    }
}

/// A Beijing date `YYYY-MM-DD` as the stored UTC time it starts at.
pub fn beijing_day_start(date: &str) -> Result<String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let day = time::Date::parse(date.trim(), &format).map_err(|_| {
        AppError::invalid(format!(
            "日期应写作 YYYY-MM-DD：'{date}' / a date is written YYYY-MM-DD: '{date}'"
        ))
    })?;
    let start = time::PrimitiveDateTime::new(day, time::Time::MIDNIGHT)
        .assume_offset(time::macros::offset!(+8));
    Ok(crate::clock::stored(start))
}

/// The audit trail as a table (times in Beijing time).
pub fn audit_table(rows: &[AuditRow]) -> liantu_table::Table {
    use liantu_table::{Cell, Column, ColumnKind, Table, Text};
    let text = |key: &str, zh: &str, en: &str| Column::new(key, zh, en, ColumnKind::Text);
    let label = |key: &str, zh: &str, en: &str| {
        Column::new(key, zh, en, ColumnKind::Label { badge: false })
    };
    let mut table = Table::new(
        Text::new("审计记录", "Audit trail"),
        vec![
            Column::new("id", "序号", "No.", ColumnKind::Count),
            text("at", "时间（北京时间）", "Time (Beijing)"),
            text("actor", "账号", "Account"),
            text("origin", "来源地址", "From"),
            label("action", "操作", "Action"),
            label("entity", "对象类型", "Entity"),
            text("entity_id", "对象", "Entity id"),
            text("change", "变更内容", "Change"),
        ],
    );
    for r in rows {
        let word = |id: &str| {
            let (zh, en) = audit_words(id);
            Cell::label(id, zh, en)
        };
        table.push(vec![
            Cell::Count(r.id),
            Cell::text(crate::clock::beijing(&r.at).unwrap_or_else(|| r.at.clone())),
            match (&r.actor, r.origin.as_str()) {
                (Some(name), _) => Cell::text(name.clone()),
                (None, "cli") => Cell::local("（服务器命令行）", "(server command line)"),
                (None, _) => Cell::local("（未登录）", "(not signed in)"),
            },
            Cell::text(r.origin.clone()),
            word(&r.action),
            word(&r.entity),
            Cell::text(r.entity_id.clone()),
            Cell::text(r.change.clone()),
        ]);
    }
    table
}

impl App {
    /// One account per role for trying the demo (`demo-admin`, `demo-analyst`, `demo-county` for
    /// 鹿寨县, `demo-park` for the first park of the demo, `demo-enterprise` for its first firm,
    /// `demo-viewer`), each with a fresh random password returned here — to be shown once and
    /// never stored in the clear.
    pub async fn add_demo_users(&self) -> Result<Vec<(User, String)>> {
        let park = self.store.parks().await?.into_iter().next().map(|p| p.id);
        let firm = self
            .store
            .enterprises(&crate::EnterpriseFilter::default(), 0, 1)
            .await?
            .items
            .into_iter()
            .next()
            .map(|e| e.uscc);
        let county = liantu_model::RegionCode::parse("450223").ok();
        let accounts = [
            ("demo-admin", Role::Admin, Scope::default()),
            ("demo-analyst", Role::Analyst, Scope::default()),
            (
                "demo-county",
                Role::County,
                Scope {
                    region: county,
                    ..Scope::default()
                },
            ),
            (
                "demo-park",
                Role::Park,
                Scope {
                    park,
                    ..Scope::default()
                },
            ),
            (
                "demo-enterprise",
                Role::Enterprise,
                Scope {
                    uscc: firm,
                    ..Scope::default()
                },
            ),
            ("demo-viewer", Role::Viewer, Scope::default()),
        ];
        let mut made = Vec::new();
        for (name, role, scope) in accounts {
            // 12 random bytes: 24 hex digits, easy to copy from a terminal.
            let password = random_token()?[..24].to_string();
            let user = self.add_user(name, role, scope, &password).await?;
            made.push((user, password));
        }
        Ok(made)
    }
}
