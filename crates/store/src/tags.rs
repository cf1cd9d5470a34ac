//! Auto-tagging: what the tagger reads, its runs and suggestions, and the decisions on them.
//! A run brings the pending suggestions to what it found, in one transaction; a confirmation
//! writes the membership and marks the suggestion in one transaction; decided rows stay, so they
//! are never suggested again.

use crate::exchange::insert_sql;
use crate::write::{bump_revision, take_ids};
use crate::{Result, Store, StoreError};
use liantu_model::records::Source;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::HashSet;

/// Rows per multi-row INSERT (11 columns).
const BATCH: usize = 256;
/// Suggestions written by one statement on SQLite, as a JSON value of a few MB.
#[cfg(not(test))]
const JSON_CHUNK: usize = 20_000;
#[cfg(test)]
const JSON_CHUNK: usize = 3;

/// What the tagger reads of one enterprise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagInput {
    pub uscc: String,
    pub industry_code: Option<String>,
    pub main_products: String,
    pub business_scope: Option<String>,
}

type TagInputRow = (String, Option<String>, String, Option<String>);

/// The tagger's input a chunk at a time ([`Store::tag_input_chunks`]).
pub type TagInputChunks<'a> = crate::bulk::Chunked<'a, TagInputRow, TagInput>;

type PairRow = (String, String, String);

/// Pairs never to suggest, a chunk at a time ([`Store::tag_exclusion_chunks`]).
pub type TagExclusionChunks<'a> = crate::bulk::Chunked<'a, PairRow, (String, String, String)>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TagStatus {
    Suggested,
    Confirmed,
    Rejected,
}

impl TagStatus {
    pub fn key(self) -> &'static str {
        match self {
            TagStatus::Suggested => "suggested",
            TagStatus::Confirmed => "confirmed",
            TagStatus::Rejected => "rejected",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            TagStatus::Suggested => "待确认",
            TagStatus::Confirmed => "已确认",
            TagStatus::Rejected => "已拒绝",
        }
    }

    pub fn parse(s: &str) -> Option<TagStatus> {
        match s.trim() {
            "suggested" | "pending" | "待确认" => Some(TagStatus::Suggested),
            "confirmed" | "已确认" => Some(TagStatus::Confirmed),
            "rejected" | "已拒绝" => Some(TagStatus::Rejected),
            _ => None,
        }
    }
}

/// A run about to be written.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTagRun {
    pub created: String,
    /// The one chain tagged, `None` = every installed chain.
    pub chain: Option<String>,
    pub min_confidence: f64,
    pub enterprises: i64,
}

/// A pending suggestion as stored, to compare with a run's.
struct PendingTag {
    id: i64,
    uscc: String,
    chain: String,
    node: String,
    confidence: f64,
    evidence: String,
}

/// A suggestion about to be written; `evidence` is its JSON text.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTagSuggestion {
    pub uscc: String,
    pub chain: String,
    pub node: String,
    pub confidence: f64,
    pub evidence: String,
}

/// What a run changed among the pending suggestions of its scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TagRunWritten {
    pub run_id: i64,
    /// Pairs suggested for the first time (or again after they were removed).
    pub added: u64,
    /// Pairs suggested again with another confidence or evidence: updated, id kept.
    pub updated: u64,
    /// Pairs suggested again as they were: left as they are.
    pub kept: u64,
    /// Pending pairs not suggested again: removed.
    pub removed: u64,
}

impl TagRunWritten {
    /// The pending suggestions of the run's scope after it: added, updated or kept.
    pub fn pending(&self) -> u64 {
        self.added + self.updated + self.kept
    }
}

/// A stored suggestion with the names a reader needs.
#[derive(Debug, Clone, PartialEq)]
pub struct TagSuggestionRow {
    pub id: i64,
    pub run_id: i64,
    pub uscc: String,
    pub enterprise_name: String,
    pub chain: String,
    pub chain_name_zh: String,
    pub node: String,
    /// `None` when the chain no longer has the node.
    pub node_name_zh: Option<String>,
    pub confidence: f64,
    /// JSON text.
    pub evidence: String,
    pub status: TagStatus,
    pub created: String,
    pub decided: Option<String>,
    pub decided_by: Option<String>,
}

/// Filters of [`Store::tag_suggestions`]; `None` = any.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TagFilter {
    pub chain: Option<String>,
    pub status: Option<TagStatus>,
    pub min_confidence: Option<f64>,
    /// Rows `(skip, take)` of the list in its order; `None` = every row.
    pub window: Option<(i64, i64)>,
}

/// A [`TagFilter`]'s conditions on `tag_suggestions s`: chain `$1`, status `$2`, least
/// confidence `$3` (each `NULL` for any).
const TAG_FILTER: &str = "($1 IS NULL OR s.chain_id = $1)
               AND ($2 IS NULL OR s.status = $2)
               AND ($3 IS NULL OR s.confidence >= $3)";

/// The suggestion list, best first (`window`: its LIMIT and OFFSET, or nothing): walked in the
/// order of the index `tag_suggestions_rank`, the node's place sorted within ties.
fn tag_list_sql(window: &str) -> String {
    format!(
        "SELECT s.*, e.name AS enterprise_name, c.name_zh AS chain_name_zh,
                n.name_zh AS node_name_zh
         FROM tag_suggestions s
         JOIN enterprises e ON e.uscc = s.uscc
         JOIN chains c ON c.id = s.chain_id
         LEFT JOIN chain_nodes n ON n.chain_id = s.chain_id AND n.node_id = s.node_id
         WHERE {TAG_FILTER}
         ORDER BY s.confidence DESC, s.uscc, s.chain_id, n.position, s.id
         {window}"
    )
}

impl TagFilter {
    /// The values of [`TAG_FILTER`]'s `$1`–`$3`; the least confidence 1e-9 lower, so a
    /// confidence equal to it is kept whatever the floating-point rounding.
    fn binds(&self) -> (Option<&str>, Option<&'static str>, Option<f64>) {
        (
            self.chain.as_deref(),
            self.status.map(TagStatus::key),
            self.min_confidence.map(|m| m - 1e-9),
        )
    }
}

/// Which suggestions a decision applies to.
#[derive(Debug, Clone, PartialEq)]
pub enum TagSelection {
    Ids(Vec<i64>),
    /// Every pending suggestion at or above this confidence (of one chain, when given).
    Above {
        min: f64,
        chain: Option<String>,
    },
}

/// The outcome of a confirm or reject. When `unknown` or `conflicts` is not empty nothing was
/// written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TagDecision {
    /// Ids whose status changed.
    pub changed: Vec<i64>,
    /// Ids that already had the requested status.
    pub unchanged: Vec<i64>,
    /// Ids with no suggestion.
    pub unknown: Vec<i64>,
    /// Ids that cannot take the requested status (rejecting a confirmed suggestion).
    pub conflicts: Vec<i64>,
    /// Memberships written (a confirmation of a pair already a member writes none).
    pub memberships_added: u64,
    /// Memberships an undo removed (only those a confirmation wrote).
    pub memberships_removed: u64,
}

fn row_to_suggestion(r: &AnyRow) -> Result<TagSuggestionRow> {
    let status: String = r.try_get("status")?;
    Ok(TagSuggestionRow {
        id: r.try_get("id")?,
        run_id: r.try_get("run_id")?,
        uscc: r.try_get("uscc")?,
        enterprise_name: r.try_get("enterprise_name")?,
        chain: r.try_get("chain_id")?,
        chain_name_zh: r.try_get("chain_name_zh")?,
        node: r.try_get("node_id")?,
        node_name_zh: r.try_get("node_name_zh")?,
        confidence: r.try_get("confidence")?,
        evidence: r.try_get("evidence")?,
        status: TagStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("tag suggestion status '{status}'")))?,
        created: r.try_get("created")?,
        decided: r.try_get("decided")?,
        decided_by: r.try_get("decided_by")?,
    })
}

impl Store {
    /// Every enterprise's USCC, industry code, main products and business scope, by USCC (the
    /// tests' view of [`Store::tag_input_chunks`]).
    #[cfg(test)]
    pub(crate) async fn tag_inputs(&self) -> Result<Vec<TagInput>> {
        let mut chunks = self.tag_input_chunks();
        let mut inputs = Vec::new();
        while let Some(chunk) = chunks.next().await? {
            inputs.extend(chunk);
        }
        inputs.sort_by(|a, b| a.uscc.cmp(&b.uscc));
        Ok(inputs)
    }

    /// Every enterprise's USCC, industry code, main products and business scope, a chunk at a
    /// time, in no particular order (SQLite: in chunks of
    /// the table as stored, so the tagger works on one while the next is read and a million
    /// firms' texts are never all in memory; PostgreSQL: in one).
    pub fn tag_input_chunks(&self) -> TagInputChunks<'_> {
        TagInputChunks::new(
            self,
            &[("enterprises t", "1 = 1")],
            "uscc, industry_code, main_products, business_scope",
            |(uscc, industry_code, main_products, business_scope)| TagInput {
                uscc,
                industry_code,
                main_products,
                business_scope,
            },
            "SELECT uscc, industry_code, main_products, business_scope FROM enterprises",
            |r| {
                Ok(TagInput {
                    uscc: r.try_get("uscc")?,
                    industry_code: r.try_get("industry_code")?,
                    main_products: r.try_get("main_products")?,
                    business_scope: r.try_get("business_scope")?,
                })
            },
        )
    }

    /// USCC → name of every enterprise.
    pub async fn enterprise_names(&self) -> Result<std::collections::HashMap<String, String>> {
        let rows = sqlx::query("SELECT uscc, name FROM enterprises")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("uscc")?, r.try_get("name")?)))
            .collect()
    }

    /// (USCC, chain, node) pairs a run must not suggest: every membership, and every confirmed
    /// or rejected suggestion (the tests' view of [`Store::tag_exclusion_chunks`]).
    #[cfg(test)]
    pub(crate) async fn tag_exclusions(&self) -> Result<HashSet<(String, String, String)>> {
        let mut chunks = self.tag_exclusion_chunks();
        let mut pairs = HashSet::new();
        while let Some(chunk) = chunks.next().await? {
            pairs.extend(chunk);
        }
        Ok(pairs)
    }

    /// The (USCC, chain, node) pairs a run must not suggest — every membership, and every
    /// confirmed or rejected suggestion — a chunk at a time, a pair possibly more than once
    /// (SQLite: the memberships in chunks, then the decided suggestions; PostgreSQL: in one).
    pub fn tag_exclusion_chunks(&self) -> TagExclusionChunks<'_> {
        TagExclusionChunks::new(
            self,
            &[
                ("memberships t", "1 = 1"),
                // Through the index on the status: the decided are few beside the pending.
                ("tag_suggestions t", "status IN ('confirmed', 'rejected')"),
            ],
            "uscc, chain_id, node_id",
            |pair| pair,
            "SELECT uscc, chain_id, node_id FROM memberships
             UNION
             SELECT uscc, chain_id, node_id FROM tag_suggestions
             WHERE status IN ('confirmed', 'rejected')",
            |r| {
                Ok((
                    r.try_get("uscc")?,
                    r.try_get("chain_id")?,
                    r.try_get("node_id")?,
                ))
            },
        )
    }

    /// Records a run and brings the pending suggestions (of `run.chain`, or all) to `rows`, in
    /// one transaction: a pair suggested again keeps its id and date (its confidence and
    /// evidence updated when they changed), a pending pair not suggested again is removed, a
    /// new pair is added. A row whose pair was decided meanwhile is skipped. Ids stay what a
    /// reviewer saw, and a run over unchanged data writes nothing but its own record: at
    /// 1,000,000 firms removing and adding back 500,000 suggestions took 4 s.
    pub async fn refresh_tag_suggestions(
        &self,
        run: &NewTagRun,
        rows: &[NewTagSuggestion],
    ) -> Result<TagRunWritten> {
        let mut tx = self.pool.begin().await?;
        let run_id = take_ids(&mut tx, "tag_run_next_id", 1).await?;
        // Written first: on SQLite this takes the write lock, so the pending rows read next
        // (on another connection, in bulk) stay as read until the commit.
        sqlx::query(
            "INSERT INTO tag_runs (id, created, chain_id, min_confidence, enterprises, suggestions)
             VALUES ($1, $2, $3, $4, $5, 0)",
        )
        .bind(run_id)
        .bind(&run.created)
        .bind(&run.chain)
        .bind(run.min_confidence)
        .bind(run.enterprises)
        .execute(&mut *tx)
        .await?;
        let pending = self.pending_tags(&mut tx, run.chain.as_deref()).await?;
        let mut by_key: std::collections::HashMap<(&str, &str, &str), &PendingTag> = pending
            .iter()
            .map(|p| ((p.uscc.as_str(), p.chain.as_str(), p.node.as_str()), p))
            .collect();
        // Rows seen unchanged here are not sent to be written: at 1,000,000 firms the
        // database comparing 500,000 unchanged rows took 0.9 s. What differs here is compared
        // again by the database, which counts the rows it changed.
        let (mut unchanged, mut again, mut new) = (0, Vec::new(), Vec::new());
        for row in rows {
            match by_key.remove(&(row.uscc.as_str(), row.chain.as_str(), row.node.as_str())) {
                Some(p) if p.confidence == row.confidence && p.evidence == row.evidence => {
                    unchanged += 1;
                }
                Some(p) => again.push((p.id, row)),
                None => new.push(row),
            }
        }
        let mut gone: Vec<i64> = by_key.into_values().map(|p| p.id).collect();
        gone.sort_unstable();
        let removed = self.remove_tags(&mut tx, &gone).await?;
        let updated = self.update_tags(&mut tx, &again).await?;
        let added = self.add_tags(&mut tx, run, run_id, &new).await?;
        let written = TagRunWritten {
            run_id,
            added,
            updated,
            kept: unchanged + (again.len() as u64).saturating_sub(updated),
            removed,
        };
        let suggestions = written.pending();
        sqlx::query("UPDATE tag_runs SET suggestions = $1 WHERE id = $2")
            .bind(suggestions as i64)
            .bind(run_id)
            .execute(&mut *tx)
            .await?;
        self.audit(
            &mut tx,
            "suggest",
            "tag_run",
            &run_id.to_string(),
            &serde_json::json!({
                "suggestions": suggestions,
                "added": added,
                "updated": updated,
                "removed": removed,
            }),
        )
        .await?;
        bump_revision(&mut tx).await?;
        tx.commit().await?;
        Ok(written)
    }

    /// The pending suggestions (of `chain`, or all). On SQLite in bulk on another connection
    /// (the caller holds the write lock); on PostgreSQL in `tx`.
    async fn pending_tags(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        chain: Option<&str>,
    ) -> Result<Vec<PendingTag>> {
        if self.backend == crate::Backend::Sqlite {
            type Row = (i64, String, String, String, String, String);
            let rows = self
                .sqlite_scan::<Row>(
                    "tag_suggestions t",
                    // The confidence to 17 digits: any double reads back exactly.
                    "id, uscc, chain_id, node_id, printf('%!.17g', confidence), evidence",
                    // `+`: in rowid order a chunk is the next rows; through the status index
                    // every chunk sorted all the pending rows again (0.36 s against 0.07 s).
                    "+t.status = 'suggested' AND ($2 = '' OR +t.chain_id = $2)",
                    &[crate::bulk::Bind::Text(chain.unwrap_or_default())],
                )
                .await?;
            return rows
                .into_iter()
                .map(|(id, uscc, chain, node, confidence, evidence)| {
                    Ok(PendingTag {
                        id,
                        uscc,
                        chain,
                        node,
                        confidence: confidence.parse().map_err(crate::corrupt)?,
                        evidence,
                    })
                })
                .collect();
        }
        sqlx::query(
            "SELECT id, uscc, chain_id, node_id, confidence, evidence FROM tag_suggestions
             WHERE status = 'suggested' AND ($1 IS NULL OR chain_id = $1)",
        )
        .bind(chain)
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| {
            Ok(PendingTag {
                id: r.try_get("id")?,
                uscc: r.try_get("uscc")?,
                chain: r.try_get("chain_id")?,
                node: r.try_get("node_id")?,
                confidence: r.try_get("confidence")?,
                evidence: r.try_get("evidence")?,
            })
        })
        .collect()
    }

    /// Removes the suggestions `ids`; how many.
    async fn remove_tags(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        ids: &[i64],
    ) -> Result<u64> {
        let mut removed = 0;
        for chunk in ids.chunks(BATCH) {
            let sql = format!(
                "DELETE FROM tag_suggestions WHERE id IN ({})",
                crate::exchange::numbered_marks(chunk.len())
            );
            let mut q = sqlx::query(&sql);
            for id in chunk {
                q = q.bind(*id);
            }
            removed += q.execute(&mut **tx).await?.rows_affected();
        }
        Ok(removed)
    }

    /// Sets the confidence and evidence of the suggestions suggested again, where they
    /// changed (compared by the database, as stored); how many changed.
    async fn update_tags(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        rows: &[(i64, &NewTagSuggestion)],
    ) -> Result<u64> {
        let mut updated = 0;
        if self.backend == crate::Backend::Sqlite {
            for chunk in rows.chunks(JSON_CHUNK) {
                let values: Vec<_> = chunk
                    .iter()
                    .map(|(id, s)| (id, s.confidence, &s.evidence))
                    .collect();
                updated += sqlx::query(
                    "UPDATE tag_suggestions AS s
                     SET confidence = j.value ->> 1, evidence = j.value ->> 2
                     FROM json_each($1) j
                     WHERE s.id = j.value ->> 0
                       AND (s.confidence IS NOT j.value ->> 1 OR s.evidence IS NOT j.value ->> 2)",
                )
                .bind(serde_json::to_string(&values).map_err(crate::corrupt)?)
                .execute(&mut **tx)
                .await?
                .rows_affected();
            }
            return Ok(updated);
        }
        for chunk in rows.chunks(BATCH) {
            let values = (0..chunk.len())
                .map(|i| {
                    let n = 3 * i;
                    format!(
                        "(${}::bigint, ${}::double precision, ${})",
                        n + 1,
                        n + 2,
                        n + 3
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "UPDATE tag_suggestions AS s SET confidence = v.confidence, evidence = v.evidence
                 FROM (VALUES {values}) AS v (id, confidence, evidence)
                 WHERE s.id = v.id AND (s.confidence IS DISTINCT FROM v.confidence
                                        OR s.evidence IS DISTINCT FROM v.evidence)"
            );
            let mut q = sqlx::query(&sql);
            for (id, s) in chunk {
                q = q.bind(*id).bind(s.confidence).bind(&s.evidence);
            }
            updated += q.execute(&mut **tx).await?.rows_affected();
        }
        Ok(updated)
    }

    /// Adds the new suggestions of run `run_id`, each with a fresh id (a row skipped as decided
    /// leaves its id unused: ids are never reused); how many were added.
    async fn add_tags(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        run: &NewTagRun,
        run_id: i64,
        rows: &[&NewTagSuggestion],
    ) -> Result<u64> {
        let mut next_id = take_ids(tx, "tag_next_id", rows.len()).await?;
        const COLUMNS: [&str; 9] = [
            "id",
            "run_id",
            "uscc",
            "chain_id",
            "node_id",
            "confidence",
            "evidence",
            "status",
            "created",
        ];
        let mut inserted = 0;
        if self.backend == crate::Backend::Sqlite {
            // Rows as one JSON value a chunk (as `bulk` reads them): half a million suggestions
            // bound one value at a time through `Any` took 2.4 s.
            for chunk in rows.chunks(JSON_CHUNK) {
                let values: Vec<_> = chunk
                    .iter()
                    .zip(next_id..)
                    .map(|(s, id)| (id, &s.uscc, &s.chain, &s.node, s.confidence, &s.evidence))
                    .collect();
                next_id += chunk.len() as i64;
                inserted += sqlx::query(
                    "INSERT INTO tag_suggestions
                        (id, run_id, uscc, chain_id, node_id, confidence, evidence, status, created)
                     SELECT j.value ->> 0, $2, j.value ->> 1, j.value ->> 2, j.value ->> 3,
                            j.value ->> 4, j.value ->> 5, $3, $4
                     FROM json_each($1) j
                     WHERE true -- an INSERT … SELECT before ON CONFLICT needs its WHERE
                     ON CONFLICT (uscc, chain_id, node_id) DO NOTHING",
                )
                .bind(serde_json::to_string(&values).map_err(crate::corrupt)?)
                .bind(run_id)
                .bind(TagStatus::Suggested.key())
                .bind(&run.created)
                .execute(&mut **tx)
                .await?
                .rows_affected();
            }
            return Ok(inserted);
        }
        for chunk in rows.chunks(BATCH) {
            let sql = insert_sql(
                self.backend,
                "tag_suggestions",
                &COLUMNS,
                chunk.len(),
                "ON CONFLICT (uscc, chain_id, node_id) DO NOTHING",
            );
            let mut q = sqlx::query(&sql);
            for s in chunk {
                q = q
                    .bind(next_id)
                    .bind(run_id)
                    .bind(&s.uscc)
                    .bind(&s.chain)
                    .bind(&s.node)
                    .bind(s.confidence)
                    .bind(&s.evidence)
                    .bind(TagStatus::Suggested.key())
                    .bind(&run.created);
                next_id += 1;
            }
            inserted += q.execute(&mut **tx).await?.rows_affected();
        }
        Ok(inserted)
    }

    /// Suggestions matching `filter`, best first.
    pub async fn tag_suggestions(&self, filter: &TagFilter) -> Result<Vec<TagSuggestionRow>> {
        let window = match filter.window {
            Some((skip, take)) => format!("LIMIT {} OFFSET {}", take.max(0), skip.max(0)),
            None => String::new(),
        };
        let sql = tag_list_sql(&window);
        let (chain, status, min) = filter.binds();
        let rows = sqlx::query(&sql)
            .bind(chain)
            .bind(status)
            .bind(min)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(row_to_suggestion).collect()
    }

    /// How many suggestions pass `filter` (its window aside).
    pub async fn tag_suggestion_count(&self, filter: &TagFilter) -> Result<i64> {
        let sql = format!("SELECT COUNT(*) FROM tag_suggestions s WHERE {TAG_FILTER}");
        let (chain, status, min) = filter.binds();
        Ok(sqlx::query_scalar(&sql)
            .bind(chain)
            .bind(status)
            .bind(min)
            .fetch_one(&self.pool)
            .await?)
    }

    /// Confirms suggestions: each one's membership is written (source `source`, created when
    /// missing; no share) and the suggestion marked confirmed — all in one transaction, and
    /// nothing at all when an id is unknown. Confirming a rejected suggestion is allowed (a change
    /// of mind); an already confirmed one is left as it is.
    pub async fn confirm_tags(
        &self,
        selection: &TagSelection,
        decided: &str,
        by: &str,
        source: &Source,
    ) -> Result<TagDecision> {
        let mut tx = self.pool.begin().await?;
        let ids = selected_ids(&mut tx, selection).await?;
        let mut decision = TagDecision::default();
        let mut todo = Vec::new();
        for id in ids {
            let row = sqlx::query(
                "SELECT uscc, chain_id, node_id, status FROM tag_suggestions WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            match row {
                None => decision.unknown.push(id),
                Some(r) => {
                    let status: String = r.try_get("status")?;
                    if status == TagStatus::Confirmed.key() {
                        decision.unchanged.push(id);
                    } else {
                        let key: (String, String, String) = (
                            r.try_get("uscc")?,
                            r.try_get("chain_id")?,
                            r.try_get("node_id")?,
                        );
                        todo.push((id, key));
                    }
                }
            }
        }
        if !decision.unknown.is_empty() {
            return Ok(decision); // the transaction rolls back on drop; nothing was written
        }
        if !todo.is_empty() {
            crate::write::write_source(&mut tx, source, "ON CONFLICT (id) DO NOTHING").await?;
        }
        for (id, (uscc, chain, node)) in todo {
            decision.memberships_added += sqlx::query(
                "INSERT INTO memberships (uscc, chain_id, node_id, share, source)
                 VALUES ($1, $2, $3, NULL, $4)
                 ON CONFLICT (uscc, chain_id, node_id) DO NOTHING",
            )
            .bind(&uscc)
            .bind(&chain)
            .bind(&node)
            .bind(&source.id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            set_status(&mut tx, id, TagStatus::Confirmed, decided, by).await?;
            decision.changed.push(id);
        }
        if !decision.changed.is_empty() {
            self.audit(
                &mut tx,
                "confirm",
                "tag_suggestion",
                &join_ids(&decision.changed),
                &serde_json::json!({"memberships_added": decision.memberships_added}),
            )
            .await?;
            bump_revision(&mut tx).await?;
        }
        tx.commit().await?;
        Ok(decision)
    }

    /// Rejects suggestions, in one transaction; nothing is written when an id is unknown or
    /// already confirmed (its membership exists; rejecting would not remove it).
    pub async fn reject_tags(&self, ids: &[i64], decided: &str, by: &str) -> Result<TagDecision> {
        let mut tx = self.pool.begin().await?;
        let mut decision = TagDecision::default();
        let mut todo = Vec::new();
        for &id in ids {
            let status: Option<String> =
                sqlx::query_scalar("SELECT status FROM tag_suggestions WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            match status.as_deref() {
                None => decision.unknown.push(id),
                Some("confirmed") => decision.conflicts.push(id),
                Some("rejected") => decision.unchanged.push(id),
                Some(_) => todo.push(id),
            }
        }
        if !decision.unknown.is_empty() || !decision.conflicts.is_empty() {
            return Ok(decision);
        }
        for id in todo {
            set_status(&mut tx, id, TagStatus::Rejected, decided, by).await?;
            decision.changed.push(id);
        }
        if !decision.changed.is_empty() {
            self.audit(
                &mut tx,
                "reject",
                "tag_suggestion",
                &join_ids(&decision.changed),
                &serde_json::json!({"memberships_added": decision.memberships_added}),
            )
            .await?;
            bump_revision(&mut tx).await?;
        }
        tx.commit().await?;
        Ok(decision)
    }

    /// Takes confirmations back: the membership a confirmation wrote (source `tagging:…`) is
    /// removed and the suggestion is pending again. One transaction; nothing is written when an
    /// id is unknown or not confirmed. A membership that came from elsewhere stays.
    pub async fn undo_tags(&self, ids: &[i64]) -> Result<TagDecision> {
        let mut tx = self.pool.begin().await?;
        let mut decision = TagDecision::default();
        let mut todo = Vec::new();
        for &id in ids {
            let row = sqlx::query(
                "SELECT uscc, chain_id, node_id, status FROM tag_suggestions WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            match row {
                None => decision.unknown.push(id),
                Some(r) => {
                    let status: String = r.try_get("status")?;
                    if status == TagStatus::Confirmed.key() {
                        let key: (String, String, String) = (
                            r.try_get("uscc")?,
                            r.try_get("chain_id")?,
                            r.try_get("node_id")?,
                        );
                        todo.push((id, key));
                    } else {
                        decision.conflicts.push(id);
                    }
                }
            }
        }
        if !decision.unknown.is_empty() || !decision.conflicts.is_empty() {
            return Ok(decision);
        }
        for (id, (uscc, chain, node)) in todo {
            decision.memberships_removed += sqlx::query(
                "DELETE FROM memberships
                 WHERE uscc = $1 AND chain_id = $2 AND node_id = $3 AND source LIKE 'tagging:%'",
            )
            .bind(&uscc)
            .bind(&chain)
            .bind(&node)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            sqlx::query(
                "UPDATE tag_suggestions SET status = 'suggested', decided = NULL, decided_by = NULL
                 WHERE id = $1",
            )
            .bind(id)
            .execute(&mut *tx)
            .await?;
            decision.changed.push(id);
        }
        if !decision.changed.is_empty() {
            self.audit(
                &mut tx,
                "undo",
                "tag_suggestion",
                &join_ids(&decision.changed),
                &serde_json::json!({"memberships_added": decision.memberships_added}),
            )
            .await?;
            bump_revision(&mut tx).await?;
        }
        tx.commit().await?;
        Ok(decision)
    }
}

async fn selected_ids(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    selection: &TagSelection,
) -> Result<Vec<i64>> {
    Ok(match selection {
        TagSelection::Ids(ids) => {
            let mut seen = HashSet::new();
            ids.iter().copied().filter(|id| seen.insert(*id)).collect()
        }
        TagSelection::Above { min, chain } => {
            sqlx::query_scalar(
                "SELECT id FROM tag_suggestions
                 WHERE status = 'suggested' AND confidence >= $1 AND ($2 IS NULL OR chain_id = $2)
                 ORDER BY id",
            )
            .bind(min - 1e-9)
            .bind(chain)
            .fetch_all(&mut **tx)
            .await?
        }
    })
}

async fn set_status(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: i64,
    status: TagStatus,
    decided: &str,
    by: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE tag_suggestions SET status = $1, decided = $2, decided_by = $3 WHERE id = $4",
    )
    .bind(status.key())
    .bind(decided)
    .bind(by)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// `1,2,3` (an audit row's entity id for a batch decision).
fn join_ids(ids: &[i64]) -> String {
    ids.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page of the suggestion list is read in the index's order, not sorted from all of them
    /// (only the ties' rest is: "RIGHT PART OF ORDER BY").
    #[tokio::test]
    async fn a_page_of_suggestions_is_read_in_the_rank_index_order() {
        let stores = crate::testdb::stores().await;
        let store = &stores[0].store;
        for filter in [
            TagFilter::default(),
            TagFilter {
                chain: Some("nev-battery".into()),
                status: Some(TagStatus::Suggested),
                min_confidence: Some(0.5),
                ..TagFilter::default()
            },
        ] {
            let sql = format!("EXPLAIN QUERY PLAN {}", tag_list_sql("LIMIT 50 OFFSET 0"));
            let (chain, status, min) = filter.binds();
            let query = sqlx::query(&sql).bind(chain).bind(status).bind(min);
            let plan = crate::testdb::sqlite_plan(store, query).await;
            assert!(
                plan.iter()
                    .any(|s| s == "SCAN s USING INDEX tag_suggestions_rank"),
                "{plan:?}"
            );
            assert!(
                !plan.iter().any(|s| s == "USE TEMP B-TREE FOR ORDER BY"),
                "{plan:?}"
            );
        }
    }
}
