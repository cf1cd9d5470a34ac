//! The administrator's pages: the audit trail, filtered, and as an Excel download.

use crate::auth::Acting;
use crate::error::PageError;
use crate::lang::Lang;
use crate::render::{PageResult, back_link, html_table, page, xlsx_download};
use askama::Template;
use axum::extract::{OriginalUri, Query};
use liantu_app::accounts::{AuditFilter, audit_table, beijing_day_start};

/// Rows shown on the page; the download has them all.
const PAGE_ROWS: u32 = 500;

#[derive(Debug, Default, serde::Deserialize)]
pub struct AuditQuery {
    /// A Beijing date, `YYYY-MM-DD`.
    since: Option<String>,
    user: Option<String>,
    entity: Option<String>,
}

impl AuditQuery {
    fn filter(&self, latest: Option<u32>) -> Result<AuditFilter, PageError> {
        let given = |s: &Option<String>| {
            s.as_ref()
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        Ok(AuditFilter {
            since: given(&self.since)
                .map(|d| beijing_day_start(&d))
                .transpose()?,
            actor: given(&self.user),
            entity: given(&self.entity),
            latest,
        })
    }
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    lang: Lang,
    back: String,
    since: String,
    user: String,
    entity: String,
    shown: usize,
    limit: u32,
    table: String,
    download: String,
}

pub async fn audit_page(
    Acting(state): Acting,
    lang: Lang,
    uri: OriginalUri,
    Query(q): Query<AuditQuery>,
) -> PageResult {
    let rows = state.app.audit(&q.filter(Some(PAGE_ROWS))?).await?;
    let table = audit_table(&rows);
    let query = uri.query().map_or(String::new(), |q| format!("?{q}"));
    page(&AuditPage {
        lang,
        back: back_link(&uri),
        since: q.since.clone().unwrap_or_default(),
        user: q.user.clone().unwrap_or_default(),
        entity: q.entity.clone().unwrap_or_default(),
        shown: rows.len(),
        limit: PAGE_ROWS,
        table: html_table(&table, lang, "data", None),
        download: format!("/admin/audit.xlsx{query}"),
    })
}

pub async fn audit_download(
    Acting(state): Acting,
    lang: Lang,
    Query(q): Query<AuditQuery>,
) -> PageResult {
    let rows = state.app.audit(&q.filter(None)?).await?;
    xlsx_download(&audit_table(&rows), lang, "audit.xlsx")
}
