//! Who may do what — decided here, once, for the CLI, the API and the pages alike.
//!
//! An [`App`] handle acts for one [`Actor`] ([`App::acting`]). Every write asks
//! [`App::require_write`] first; reads that would show one firm's private figures to another
//! ask [`App::require_read`] or go through [`App::redact_diagnosis`] / [`App::redact_node`].
//!
//! | role | reads | writes |
//! |---|---|---|
//! | admin 系统管理员 | everything | everything, accounts, tokens, audit trail |
//! | analyst 市级分析员 | everything | everything but accounts |
//! | county 县区用户 | the city | candidate projects whose park lies in its region |
//! | park 园区用户 | the city | candidate projects of its park |
//! | enterprise 企业用户 | its own figures, chain aggregates | nothing yet (no form edits firms) |
//! | viewer 只读 | the city | nothing |
//!
//! The operator at the server's command line (no `--as`) acts with every right: whoever can open
//! the database file can change it anyway. A web handle before sign-in is anonymous and may write
//! nothing.

use crate::{App, AppError, DiagnosisReport, NodeDetail, Result};
use liantu_model::account::{Role, User};
use liantu_model::candidate::Candidate;
use std::sync::Arc;

/// Who an [`App`] handle acts for.
#[derive(Debug, Clone, PartialEq)]
pub enum Actor {
    /// The operator at the server's command line.
    Operator,
    /// A signed-in account.
    User(User),
    /// Nobody has signed in.
    Anonymous,
}

/// What a write changes, for the scope check.
#[derive(Debug, Clone, Copy)]
pub enum WriteTarget<'a> {
    /// City-wide data: chains, imports, reference tables, the knowledge graph, panels, input-output
    /// tables, scenarios, tagging decisions.
    City,
    /// One candidate project (as stored, or as it will be).
    Candidate(&'a Candidate),
    /// One investment project under service, with its reports and problems (as stored, or as
    /// it will be).
    Project(&'a liantu_model::project::Project),
    /// An annual plan for a region (the city's or a county's).
    Plan(liantu_model::RegionCode),
    /// Accounts, tokens.
    Accounts,
}

/// A part of the data an enterprise account does not see (other firms' figures, the city's
/// investment work).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadArea {
    /// Lists with every firm's figures: 亩均 grading, park streams, exports of firm data,
    /// tagging suggestions.
    FirmFigures,
    /// The city's investment work: candidates, rankings, what-if scenarios.
    Investment,
    /// The audit trail, accounts and tokens.
    Administration,
}

fn denied(what_zh: &str, what_en: &str, user: &User) -> AppError {
    AppError::forbidden(format!(
        "{}「{}」没有权限{what_zh} / account '{}' ({}) may not {what_en}",
        user.role.name_zh(),
        user.name,
        user.name,
        user.role.name_en()
    ))
}

fn signed_out() -> AppError {
    AppError::Unauthenticated("请先登录 / please sign in first".into())
}

impl App {
    /// The same app acting for `actor`, from `origin` (a client address, or `cli`): its writes
    /// are checked against the actor's role and recorded under its name.
    pub fn acting(&self, actor: Actor, origin: &str) -> App {
        let clock = self.clock.clone();
        let store_actor = liantu_store::Actor {
            user: match &actor {
                Actor::User(u) => Some(u.name.clone()),
                Actor::Operator | Actor::Anonymous => None,
            },
            origin: origin.to_string(),
            now: Arc::new(move || crate::clock::stored(clock.now())),
        };
        App {
            store: self.store.acting(store_actor),
            actor: Arc::new(actor),
            ..self.clone()
        }
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// The signed-in account, if any.
    pub fn user(&self) -> Option<&User> {
        match &*self.actor {
            Actor::User(u) => Some(u),
            Actor::Operator | Actor::Anonymous => None,
        }
    }

    /// `Forbidden` unless the actor may make this write.
    pub async fn require_write(&self, target: WriteTarget<'_>) -> Result<()> {
        let user = match &*self.actor {
            Actor::Operator => return Ok(()),
            Actor::Anonymous => return Err(signed_out()),
            Actor::User(u) => u,
        };
        let allowed = match (user.role, target) {
            (Role::Admin, _) => true,
            (_, WriteTarget::Accounts) => false,
            (Role::Analyst, _) => true,
            (Role::County, WriteTarget::Candidate(c)) => self.park_in_region(c, user).await?,
            (Role::Park, WriteTarget::Candidate(c)) => {
                c.park.is_some() && c.park == user.scope.park
            }
            (Role::County, WriteTarget::Project(p)) => {
                user.scope.region.is_some_and(|r| r.contains(&p.region))
            }
            (Role::Park, WriteTarget::Project(p)) => p.park.is_some() && p.park == user.scope.park,
            (Role::County, WriteTarget::Plan(region)) => {
                user.scope.region.is_some_and(|r| r.contains(&region))
            }
            _ => false,
        };
        if allowed {
            return Ok(());
        }
        if user.role == Role::Viewer {
            return Err(denied(
                "修改数据（只读账号）",
                "change data (read-only account)",
                user,
            ));
        }
        Err(match target {
            WriteTarget::City => denied("修改全市数据", "change city-wide data", user),
            WriteTarget::Candidate(c) => denied(
                &format!("修改候选项目「{}」（不在本账号的范围内）", c.name),
                &format!("change candidate '{}' (outside the account's scope)", c.id),
                user,
            ),
            WriteTarget::Project(p) => denied(
                &format!("修改项目「{}」（不在本账号的范围内）", p.name),
                &format!("change project '{}' (outside the account's scope)", p.id),
                user,
            ),
            WriteTarget::Plan(region) => denied(
                &format!("修改 {region} 的年度计划（不在本账号的范围内）"),
                &format!("change a plan for {region} (outside the account's scope)"),
                user,
            ),
            WriteTarget::Accounts => denied("管理账号", "manage accounts", user),
        })
    }

    /// The firms an import by the actor may touch: any for the operator, administrators and
    /// analysts; its division's, its park's or its own for county, park and enterprise accounts
    /// (a row outside is a bad row); none for read-only accounts (`Forbidden`).
    pub(crate) fn import_scope(&self) -> Result<Option<liantu_ingest::ImportScope>> {
        use liantu_ingest::ImportScope;
        let user = match &*self.actor {
            Actor::Operator => return Ok(None),
            Actor::Anonymous => return Err(signed_out()),
            Actor::User(u) => u,
        };
        let scope = match user.role {
            Role::Admin | Role::Analyst => return Ok(None),
            Role::County => user.scope.region.map(ImportScope::Region),
            Role::Park => user.scope.park.clone().map(ImportScope::Park),
            Role::Enterprise => user
                .scope
                .uscc
                .as_deref()
                .and_then(|u| liantu_model::Uscc::parse(u).ok())
                .map(|(u, _)| ImportScope::Enterprise(u)),
            Role::Viewer => None,
        };
        scope.map(Some).ok_or_else(|| {
            if user.role == Role::Viewer {
                denied(
                    "修改数据（只读账号）",
                    "change data (read-only account)",
                    user,
                )
            } else {
                denied(
                    "导入数据（账号没有数据范围）",
                    "import data (the account has no scope)",
                    user,
                )
            }
        })
    }

    /// `Forbidden` when the actor may not read `area`.
    pub fn require_read(&self, area: ReadArea) -> Result<()> {
        let Actor::User(user) = &*self.actor else {
            return Ok(());
        };
        match (user.role, area) {
            (Role::Admin, _) => Ok(()),
            (_, ReadArea::Administration) => Err(denied(
                "查看账号与审计记录",
                "see accounts and the audit trail",
                user,
            )),
            (Role::Enterprise, ReadArea::FirmFigures) => Err(denied(
                "查看其他企业的数据",
                "see other firms' figures",
                user,
            )),
            (Role::Enterprise, ReadArea::Investment) => Err(denied(
                "查看招商项目与方案",
                "see the city's investment projects",
                user,
            )),
            _ => Ok(()),
        }
    }

    /// True when the actor may see the private figures of firm `uscc`.
    pub fn may_see_firm(&self, uscc: &str) -> bool {
        match &*self.actor {
            Actor::User(u) if u.role == Role::Enterprise => u.scope.uscc.as_deref() == Some(uscc),
            _ => true,
        }
    }

    fn hides_firms(&self) -> bool {
        matches!(&*self.actor, Actor::User(u) if u.role == Role::Enterprise)
    }

    /// The diagnosis as the actor may see it: an enterprise account keeps the chain's
    /// aggregates and its own firm, never another firm's figures or share.
    pub(crate) fn redact_diagnosis(&self, report: Arc<DiagnosisReport>) -> Arc<DiagnosisReport> {
        if !self.hides_firms() {
            return report;
        }
        let mut r = (*report).clone();
        r.leaders.retain(|l| self.may_see_firm(&l.uscc));
        for node in &mut r.nodes {
            node.enterprises.retain(|e| self.may_see_firm(&e.uscc));
            if node
                .single_supplier_risk
                .as_ref()
                .is_some_and(|risk| !self.may_see_firm(&risk.uscc))
            {
                node.single_supplier_risk = None;
            }
        }
        Arc::new(r)
    }

    /// The node page as the actor may see it (see [`App::redact_diagnosis`]).
    pub(crate) fn redact_node(&self, detail: Arc<NodeDetail>) -> Arc<NodeDetail> {
        if !self.hides_firms() {
            return detail;
        }
        let mut d = (*detail).clone();
        d.node.enterprises.retain(|e| self.may_see_firm(&e.uscc));
        if d.node
            .single_supplier_risk
            .as_ref()
            .is_some_and(|risk| !self.may_see_firm(&risk.uscc))
        {
            d.node.single_supplier_risk = None;
        }
        let mine =
            |c: &crate::Counterparty| c.uscc.as_deref().is_some_and(|u| self.may_see_firm(u));
        d.suppliers.retain(mine);
        d.buyers.retain(mine);
        Arc::new(d)
    }

    /// A county account may change a project whose park lies in its region.
    async fn park_in_region(&self, c: &Candidate, user: &User) -> Result<bool> {
        let (Some(park), Some(region)) = (&c.park, user.scope.region) else {
            return Ok(false);
        };
        let parks = self.store.parks().await?;
        Ok(parks
            .iter()
            .find(|p| &p.id == park)
            .is_some_and(|p| region.contains(&p.region)))
    }
}
