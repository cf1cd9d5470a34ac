//! Decisions on the occupations suggested for chain nodes (`node_occupation_reviews`).

use crate::write::bump_revision;
use crate::{Result, Store};
use sqlx::Row;

/// One stored decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OccupationReview {
    pub node: String,
    pub occupation: String,
    /// `confirmed` or `rejected`.
    pub decision: String,
    pub by: String,
    pub at: String,
}

impl Store {
    /// The decisions on `chain_id`'s nodes, by node and occupation.
    pub async fn occupation_reviews(&self, chain_id: &str) -> Result<Vec<OccupationReview>> {
        let rows = sqlx::query(
            "SELECT node_id, occupation, decision, decided_by, decided_at
             FROM node_occupation_reviews WHERE chain_id = $1 ORDER BY node_id, occupation",
        )
        .bind(chain_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(OccupationReview {
                    node: r.try_get("node_id")?,
                    occupation: r.try_get("occupation")?,
                    decision: r.try_get("decision")?,
                    by: r.try_get("decided_by")?,
                    at: r.try_get("decided_at")?,
                })
            })
            .collect()
    }

    /// Records `decision` (`confirmed`, `rejected`; `None` takes a decision back) on each of
    /// `codes` for the node, in one transaction with its audit row. Returns how many rows
    /// changed.
    pub async fn review_occupations(
        &self,
        chain_id: &str,
        node_id: &str,
        codes: &[String],
        decision: Option<&str>,
        by: &str,
        at: &str,
    ) -> Result<u64> {
        let mut tx = self.pool.begin().await?;
        let mut changed = 0;
        for code in codes {
            let done = match decision {
                Some(d) => sqlx::query(
                    "INSERT INTO node_occupation_reviews
                       (chain_id, node_id, occupation, decision, decided_by, decided_at)
                     VALUES ($1, $2, $3, $4, $5, $6)
                     ON CONFLICT (chain_id, node_id, occupation) DO UPDATE SET
                       decision = excluded.decision, decided_by = excluded.decided_by,
                       decided_at = excluded.decided_at",
                )
                .bind(chain_id)
                .bind(node_id)
                .bind(code)
                .bind(d)
                .bind(by)
                .bind(at),
                None => sqlx::query(
                    "DELETE FROM node_occupation_reviews
                     WHERE chain_id = $1 AND node_id = $2 AND occupation = $3",
                )
                .bind(chain_id)
                .bind(node_id)
                .bind(code),
            }
            .execute(&mut *tx)
            .await?;
            changed += done.rows_affected();
        }
        if changed > 0 {
            self.audit(
                &mut tx,
                decision.unwrap_or("undo"),
                "node_occupation",
                &format!("{chain_id}:{node_id}"),
                &serde_json::json!({ "occupations": codes }),
            )
            .await?;
            bump_revision(&mut tx).await?;
        }
        tx.commit().await?;
        Ok(changed)
    }
}
