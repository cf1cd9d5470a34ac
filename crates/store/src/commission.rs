//! A project that has reached production (投产) enters the enterprise data: its firm created or
//! linked, memberships on the project's chain nodes, and its output per year — in one
//! transaction with the project's new USCC, so the diagnosis changes with the project or not
//! at all.

use crate::exchange::ENTERPRISE_COLUMNS;
use crate::exchange::{
    MEMBERSHIP_COLUMNS, bind_enterprise, bind_membership, insert_sql, upsert_suffix,
};
use crate::write::bump_revision;
use crate::{Result, Store};
use liantu_model::project::Project;
use liantu_model::records::{Enterprise, Membership, Source};

/// What a project brings into the enterprise data.
#[derive(Debug, Clone)]
pub struct Commissioning {
    /// The project, its `uscc` set to the firm's.
    pub project: Project,
    /// Where the rows written come from.
    pub source: Source,
    /// The firm, when it is new; `None` links to a stored one.
    pub new_enterprise: Option<Enterprise>,
    pub memberships: Vec<Membership>,
    /// Output (万元) per year. A year whose output is already stored keeps it: a figure from
    /// the statistics outranks the project's own reports.
    pub output: Vec<(i32, f64)>,
}

/// What the transaction wrote.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Commissioned {
    pub enterprise_created: bool,
    pub memberships_added: u64,
    /// The years whose output was written (the others kept a stored figure).
    pub output_years: Vec<i32>,
}

impl Store {
    /// Writes a commissioning whole, with its audit row; the revision moves once.
    pub async fn commission_project(&self, c: &Commissioning) -> Result<Commissioned> {
        let mut tx = self.pool.begin().await?;
        let mut done = Commissioned::default();
        self.audit(
            &mut tx,
            "commission",
            "project",
            &c.project.id,
            &serde_json::json!({
                "uscc": c.project.uscc,
                "new_enterprise": c.new_enterprise,
                "memberships": c.memberships.len(),
                "output": c.output,
            }),
        )
        .await?;
        crate::write::upsert_source(&mut tx, &c.source).await?;
        if let Some(e) = &c.new_enterprise {
            let sql = insert_sql(self.backend, "enterprises", &ENTERPRISE_COLUMNS, 1, "");
            bind_enterprise(sqlx::query(&sql), e.clone())
                .execute(&mut *tx)
                .await?;
            done.enterprise_created = true;
        }
        let key = ["uscc", "chain_id", "node_id"];
        for m in &c.memberships {
            let sql = insert_sql(
                self.backend,
                "memberships",
                &MEMBERSHIP_COLUMNS,
                1,
                &upsert_suffix(&key, &[]),
            );
            done.memberships_added += bind_membership(sqlx::query(&sql), m)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        }
        let uscc = c.project.uscc.as_deref().unwrap_or_default();
        for &(year, output) in &c.output {
            let written = sqlx::query(
                "INSERT INTO enterprise_years (uscc, year, output, source, as_of)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (uscc, year) DO UPDATE SET output = excluded.output
                 WHERE enterprise_years.output IS NULL",
            )
            .bind(uscc)
            .bind(i64::from(year))
            .bind(output)
            .bind(&c.source.id)
            .bind(&c.source.published)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if written > 0 {
                done.output_years.push(year);
            }
        }
        crate::projects::write_project(&mut tx, &c.project, true).await?;
        bump_revision(&mut tx).await?;
        tx.commit().await?;
        Ok(done)
    }
}
