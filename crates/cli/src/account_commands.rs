//! `liantu user …`, `liantu token …` and `liantu audit`: accounts, API tokens and the audit
//! trail, for the operator at the server (who can open the database file, so acts with every
//! right and is recorded as the server's command line).

use crate::Format;
use crate::print::{print_csv, print_json, print_text};
use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use liantu_app::AppError;
use liantu_app::accounts::{AuditFilter, audit_table};
use liantu_app::model::RegionCode;
use liantu_app::model::account::{Role, Scope, User};
use std::io::Read;
use std::path::Path;

#[derive(Subcommand)]
pub enum UserCommand {
    /// 新建账号（密码从标准输入读取）/ add an account (password read from stdin)
    Add {
        name: String,
        /// admin | analyst | county | park | enterprise | viewer
        #[arg(long)]
        role: String,
        #[command(flatten)]
        scope: ScopeArgs,
        /// 从标准输入读取密码（必需）/ read the password from stdin (required)
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// 列出账号 / list accounts
    List {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// 重设密码（从标准输入读取），并结束该账号的所有会话 / set a new password (from stdin); ends the account's sessions
    Passwd {
        name: String,
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// 停用账号（结束会话、吊销令牌）/ disable an account (ends sessions, revokes tokens)
    Disable { name: String },
    /// 重新启用账号 / enable an account again
    Enable { name: String },
    /// 更改角色与范围 / change the role and scope
    Role {
        name: String,
        role: String,
        #[command(flatten)]
        scope: ScopeArgs,
    },
}

#[derive(Args)]
pub struct ScopeArgs {
    /// 县区账号的行政区划代码 / a county account's division code
    #[arg(long)]
    region: Option<String>,
    /// 园区账号的园区 id / a park account's park id
    #[arg(long)]
    park: Option<String>,
    /// 企业账号的统一社会信用代码 / an enterprise account's USCC
    #[arg(long)]
    uscc: Option<String>,
}

impl ScopeArgs {
    fn scope(self) -> Result<Scope> {
        Ok(Scope {
            region: self
                .region
                .map(|r| RegionCode::parse(&r).map_err(|e| AppError::invalid(e.to_string())))
                .transpose()?,
            park: self.park,
            uscc: self.uscc,
        })
    }
}

#[derive(Subcommand)]
pub enum TokenCommand {
    /// 为账号创建 API 令牌（只显示一次）/ create an API token for an account (shown once)
    Create {
        #[arg(long)]
        user: String,
        /// 有效天数（默认不过期，直到吊销）/ valid for this many days (default: until revoked)
        #[arg(long)]
        expires: Option<u32>,
    },
    /// 列出令牌（不显示令牌本身）/ list tokens (never the tokens themselves)
    List {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// 吊销令牌 / revoke a token
    Revoke { id: i64 },
}

#[derive(Args)]
pub struct AuditArgs {
    /// 起始日期或时间（UTC，YYYY-MM-DD…）/ from this UTC date or time on
    #[arg(long)]
    since: Option<String>,
    /// 只看该账号 / only this account
    #[arg(long)]
    user: Option<String>,
    /// 只看该类对象（candidate、scenario、user、enterprises …）/ only this kind of record
    #[arg(long)]
    entity: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

fn role(id: &str) -> Result<Role> {
    Ok(Role::parse(id).map_err(|e| AppError::invalid(e.to_string()))?)
}

/// The password on stdin: the first line, without its line ending.
fn read_password() -> Result<String> {
    let mut text = String::new();
    std::io::stdin()
        .take(4096)
        .read_to_string(&mut text)
        .context("cannot read the password from stdin")?;
    Ok(text.lines().next().unwrap_or("").to_string())
}

fn describe(u: &User) -> String {
    let scope = [
        u.scope.region.map(|r| format!("region {r}")),
        u.scope.park.as_ref().map(|p| format!("park {p}")),
        u.scope.uscc.as_ref().map(|c| format!("uscc {c}")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    format!(
        "{}  {}（{}）{}{}",
        u.name,
        u.role.id(),
        u.role.name_zh(),
        if scope.is_empty() {
            String::new()
        } else {
            format!("  {scope}")
        },
        if u.disabled {
            "  已停用 / disabled"
        } else {
            ""
        }
    )
}

pub async fn user(db: &Path, command: UserCommand) -> Result<()> {
    let app = crate::commands::open(db, false).await?;
    match command {
        UserCommand::Add {
            name,
            role: r,
            scope,
            ..
        } => {
            let user = app
                .add_user(&name, role(&r)?, scope.scope()?, &read_password()?)
                .await?;
            println!("已添加账号 / account added: {}", describe(&user));
        }
        UserCommand::List { format } => {
            let users = app.users().await?;
            match format {
                Format::Json => print_json(&users)?,
                Format::Table | Format::Csv => {
                    for u in &users {
                        println!("{}", describe(u));
                    }
                }
            }
        }
        UserCommand::Passwd { name, .. } => {
            let user = app.set_password(&name, &read_password()?).await?;
            println!("已更改密码 / password changed: {}", user.name);
        }
        UserCommand::Disable { name } => {
            let user = app.set_disabled(&name, true).await?;
            println!("已停用 / disabled: {}", describe(&user));
        }
        UserCommand::Enable { name } => {
            let user = app.set_disabled(&name, false).await?;
            println!("已启用 / enabled: {}", describe(&user));
        }
        UserCommand::Role {
            name,
            role: r,
            scope,
        } => {
            let user = app.set_role(&name, role(&r)?, scope.scope()?).await?;
            println!("已更改角色 / role changed: {}", describe(&user));
        }
    }
    app.close().await;
    Ok(())
}

pub async fn token(db: &Path, command: TokenCommand) -> Result<()> {
    let app = crate::commands::open(db, false).await?;
    match command {
        TokenCommand::Create { user, expires } => {
            let (id, token) = app.create_token(&user, expires).await?;
            eprintln!(
                "令牌 {id} 已创建，只显示这一次，请妥善保存 / token {id} created; it is shown this once:"
            );
            println!("{token}");
        }
        TokenCommand::List { format } => {
            let tokens = app.tokens().await?;
            match format {
                Format::Json => print_json(&tokens)?,
                Format::Table | Format::Csv => {
                    for t in &tokens {
                        println!(
                            "{}  {}  created {}  expires {}{}",
                            t.id,
                            t.user,
                            t.created,
                            t.expires.as_deref().unwrap_or("-"),
                            if t.revoked {
                                "  已吊销 / revoked"
                            } else {
                                ""
                            }
                        );
                    }
                }
            }
        }
        TokenCommand::Revoke { id } => {
            app.revoke_token(id).await?;
            println!("已吊销令牌 / revoked token {id}");
        }
    }
    app.close().await;
    Ok(())
}

pub async fn audit(db: &Path, args: AuditArgs) -> Result<()> {
    let app = crate::commands::open(db, false).await?;
    let rows = app
        .audit(&AuditFilter {
            since: args.since,
            actor: args.user,
            entity: args.entity,
            latest: None,
        })
        .await?;
    app.close().await;
    match args.format {
        Format::Json => print_json(&rows)?,
        Format::Csv => print_csv(&audit_table(&rows))?,
        Format::Table => print_text(&audit_table(&rows), &[]),
    }
    Ok(())
}
