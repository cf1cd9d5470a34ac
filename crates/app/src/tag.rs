//! Auto-tagging (自动标注) use cases: run the tagger over the stored enterprises against the
//! installed chains, list the suggestions with names and readable evidence, confirm or reject
//! them. A confirmed suggestion becomes a membership whose source names who confirmed it and when.

use crate::{App, AppError, Result, blocking};
use liantu_model::records::{Source, SourceKind};
use liantu_store::{
    NewTagRun, NewTagSuggestion, StoreError, TagFilter, TagInput, TagSuggestionRow,
};
pub use liantu_store::{TagDecision, TagSelection, TagStatus};
use liantu_tag::{EnterpriseText, Evidence, Tagger};
use serde::Serialize;
use std::time::Instant;

pub use liantu_tag::DEFAULT_MIN_CONFIDENCE;

mod tables;

pub use tables::{suggest_table, tags_table};

#[derive(Debug, Clone, PartialEq)]
pub struct SuggestRequest<'a> {
    /// Tag against this chain only (its pending suggestions alone are brought up to date).
    pub chain: Option<&'a str>,
    pub min_confidence: f64,
    /// Compute and report, write nothing.
    pub dry_run: bool,
}

/// Suggestions of one chain in a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainCount {
    pub chain: String,
    pub name_zh: String,
    pub suggestions: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuggestSummary {
    /// `None` on a dry run.
    pub run_id: Option<i64>,
    pub dry_run: bool,
    pub min_confidence: f64,
    pub enterprises: usize,
    pub chains: Vec<ChainCount>,
    pub suggestions: usize,
    /// Of those, pairs suggested for the first time; pairs suggested before with another
    /// confidence or evidence (updated, id kept); pairs suggested before as they are (kept).
    pub added: u64,
    pub updated: u64,
    pub kept: u64,
    /// Pending suggestions of earlier runs not suggested again: removed.
    pub removed: u64,
    /// (enterprise, node) pairs left out because they are members already or were decided.
    pub excluded_pairs: usize,
    /// Time spent matching, and in all (reading, matching, writing), in seconds.
    pub tagging_seconds: f64,
    pub total_seconds: f64,
    /// On a dry run, the suggestions themselves (best first); empty otherwise.
    pub preview: Vec<TagView>,
}

/// A suggestion as shown to a person.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TagView {
    /// `None` for a dry-run suggestion (not stored).
    pub id: Option<i64>,
    pub uscc: String,
    pub enterprise_name: String,
    pub chain: String,
    pub chain_name_zh: String,
    pub node: String,
    /// The node's Chinese name, or its id when the chain no longer has it.
    pub node_name_zh: String,
    pub confidence: f64,
    pub status: &'static str,
    pub status_zh: &'static str,
    pub evidence: Vec<Evidence>,
    pub evidence_zh: String,
    pub evidence_en: String,
    pub created: Option<String>,
    pub decided: Option<String>,
    pub decided_by: Option<String>,
}

fn evidence_json(evidence: &[Evidence]) -> Result<String> {
    serde_json::to_string(evidence)
        .map_err(|e| AppError::Store(StoreError::Corrupt(format!("evidence: {e}"))))
}

fn view(row: TagSuggestionRow) -> Result<TagView> {
    let evidence: Vec<Evidence> = serde_json::from_str(&row.evidence).map_err(|e| {
        AppError::Store(StoreError::Corrupt(format!(
            "tag suggestion {} evidence: {e}",
            row.id
        )))
    })?;
    Ok(TagView {
        id: Some(row.id),
        uscc: row.uscc,
        enterprise_name: row.enterprise_name,
        chain: row.chain,
        chain_name_zh: row.chain_name_zh,
        node_name_zh: row.node_name_zh.unwrap_or_else(|| row.node.clone()),
        node: row.node,
        confidence: row.confidence,
        status: row.status.key(),
        status_zh: row.status.label_zh(),
        evidence_zh: liantu_tag::describe_zh(&evidence),
        evidence_en: liantu_tag::describe_en(&evidence),
        evidence,
        created: Some(row.created),
        decided: row.decided,
        decided_by: row.decided_by,
    })
}

fn check_confidence(min: f64) -> Result<()> {
    if (0.0..=1.0).contains(&min) {
        Ok(())
    } else {
        Err(AppError::invalid(format!(
            "置信度阈值应在 0 到 1 之间：{min} / the confidence threshold must lie in 0..=1: {min}"
        )))
    }
}

impl App {
    /// Tags every stored enterprise against the installed chains (or one): builds the automaton,
    /// leaves out memberships and decided pairs, and — unless `dry_run` — replaces the pending
    /// suggestions in one transaction.
    pub async fn suggest_tags(&self, req: &SuggestRequest<'_>) -> Result<SuggestSummary> {
        self.require_write(crate::WriteTarget::City).await?;
        let store = &self.store;
        let started = Instant::now();
        check_confidence(req.min_confidence)?;
        let chains: Vec<liantu_model::chain::Chain> = match req.chain {
            Some(id) => vec![self.chain(id).await?.as_ref().clone()],
            None => self
                .all_chains()
                .await?
                .iter()
                .map(|c| c.as_ref().clone())
                .collect(),
        };
        let (chains, tagger) = blocking(move || {
            let tagger = Tagger::from_chains(&chains)
                .map_err(|e| AppError::Store(StoreError::Corrupt(e.to_string())))?;
            Ok((chains, tagger))
        })
        .await?;
        // Straight into the tagger's form, a chunk at a time: 1,300,000 memberships held as
        // triples of strings first took seconds more.
        let mut exclude = liantu_tag::Exclusions::default();
        let mut pairs = store.tag_exclusion_chunks();
        while let Some(chunk) = pairs.next().await? {
            tagger.exclude(
                &mut exclude,
                chunk
                    .iter()
                    .map(|(u, c, n)| (u.as_str(), c.as_str(), n.as_str())),
            );
        }
        let exclude_len = exclude.len();
        let (enterprises, suggestions, tagging_seconds) =
            self.tag_all(tagger, exclude, req.min_confidence).await?;
        let counts = chains
            .iter()
            .map(|c| ChainCount {
                chain: c.id.clone(),
                name_zh: c.name_zh.clone(),
                suggestions: suggestions.iter().filter(|s| s.chain == c.id).count(),
            })
            .collect();
        let mut summary = SuggestSummary {
            run_id: None,
            dry_run: req.dry_run,
            min_confidence: req.min_confidence,
            enterprises,
            chains: counts,
            suggestions: suggestions.len(),
            added: 0,
            updated: 0,
            kept: 0,
            removed: 0,
            excluded_pairs: exclude_len,
            tagging_seconds,
            total_seconds: 0.0,
            preview: Vec::new(),
        };
        if req.dry_run {
            let enterprise_names = store.enterprise_names().await?;
            let mut preview = Vec::with_capacity(suggestions.len());
            for s in suggestions {
                let chain = chains.iter().find(|c| c.id == s.chain);
                preview.push(TagView {
                    id: None,
                    enterprise_name: enterprise_names.get(&s.uscc).cloned().unwrap_or_default(),
                    chain_name_zh: chain.map(|c| c.name_zh.clone()).unwrap_or_default(),
                    node_name_zh: chain
                        .and_then(|c| c.node(&s.node))
                        .map_or_else(|| s.node.clone(), |n| n.name_zh.clone()),
                    confidence: s.confidence,
                    status: TagStatus::Suggested.key(),
                    status_zh: TagStatus::Suggested.label_zh(),
                    evidence_zh: liantu_tag::describe_zh(&s.evidence),
                    evidence_en: liantu_tag::describe_en(&s.evidence),
                    uscc: s.uscc,
                    chain: s.chain,
                    node: s.node,
                    evidence: s.evidence,
                    created: None,
                    decided: None,
                    decided_by: None,
                });
            }
            preview.sort_by(|a, b| {
                b.confidence
                    .total_cmp(&a.confidence)
                    .then_with(|| a.uscc.cmp(&b.uscc))
            });
            summary.preview = preview;
        } else {
            let rows = suggestions
                .iter()
                .map(|s| {
                    Ok(NewTagSuggestion {
                        uscc: s.uscc.clone(),
                        chain: s.chain.clone(),
                        node: s.node.clone(),
                        confidence: s.confidence,
                        evidence: evidence_json(&s.evidence)?,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            let written = store
                .refresh_tag_suggestions(
                    &NewTagRun {
                        created: self.now(),
                        chain: req.chain.map(str::to_string),
                        min_confidence: req.min_confidence,
                        enterprises: enterprises as i64,
                    },
                    &rows,
                )
                .await?;
            summary.run_id = Some(written.run_id);
            summary.added = written.added;
            summary.updated = written.updated;
            summary.kept = written.kept;
            summary.removed = written.removed;
            summary.suggestions = written.pending() as usize;
        }
        summary.total_seconds = started.elapsed().as_secs_f64();
        Ok(summary)
    }
}

impl App {
    /// Every stored firm's suggestions, in USCC order (within a firm best first), with the
    /// number of firms and the seconds spent matching. The firms are read a chunk at a time
    /// and each chunk is tagged on a blocking thread while the next is read: at 1,000,000
    /// firms the reading and the matching overlap, and only a chunk of texts is held.
    async fn tag_all(
        &self,
        tagger: Tagger,
        exclude: liantu_tag::Exclusions,
        min_confidence: f64,
    ) -> Result<(usize, Vec<liantu_tag::Suggestion>, f64)> {
        // One chunk waiting while one is tagged: the reader stays a chunk ahead at most.
        let (chunks, mut received) = tokio::sync::mpsc::channel::<Vec<TagInput>>(1);
        let tagging = tokio::task::spawn_blocking(move || {
            let (mut firms, mut seconds, mut suggestions) = (0, 0.0, Vec::new());
            while let Some(chunk) = received.blocking_recv() {
                let started = Instant::now();
                firms += chunk.len();
                suggestions.extend(tagger.suggest(
                    chunk.iter().map(|e| EnterpriseText {
                        uscc: &e.uscc,
                        industry_code: e.industry_code.as_deref(),
                        main_products: &e.main_products,
                        business_scope: e.business_scope.as_deref(),
                    }),
                    &exclude,
                    min_confidence,
                ));
                seconds += started.elapsed().as_secs_f64();
            }
            // Stable: a firm's suggestions keep their order (a USCC is one firm's).
            suggestions.sort_by(|a, b| a.uscc.cmp(&b.uscc));
            (firms, suggestions, seconds)
        });
        let read = async {
            let mut firms = self.store.tag_input_chunks();
            while let Some(chunk) = firms.next().await? {
                // Refused only when the tagging thread has stopped: its error is reported below.
                if chunks.send(chunk).await.is_err() {
                    break;
                }
            }
            Ok::<_, StoreError>(())
        }
        .await;
        drop(chunks);
        let tagged = tagging.await.map_err(|e| {
            AppError::internal(format!("标注任务失败 / the tagging task failed: {e}"))
        })?;
        read?;
        Ok(tagged)
    }
}

/// Which stored suggestions to list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListRequest<'a> {
    pub chain: Option<&'a str>,
    /// `None` = every status.
    pub status: Option<TagStatus>,
    pub min_confidence: Option<f64>,
    /// Rows `(skip, take)` of the list, best first; `None` = every row.
    pub window: Option<(usize, usize)>,
}

impl App {
    /// Stored suggestions, best first.
    pub async fn list_tags(&self, req: &ListRequest<'_>) -> Result<Vec<TagView>> {
        let filter = self.tag_filter(req).await?;
        self.store
            .tag_suggestions(&filter)
            .await?
            .into_iter()
            .map(view)
            .collect()
    }

    /// The request's window of stored suggestions, best first, and how many pass its filters
    /// in all (a page and its total).
    pub async fn tag_page(&self, req: &ListRequest<'_>) -> Result<(Vec<TagView>, u64)> {
        let filter = self.tag_filter(req).await?;
        let rows = self
            .store
            .tag_suggestions(&filter)
            .await?
            .into_iter()
            .map(view)
            .collect::<Result<_>>()?;
        let total = self.store.tag_suggestion_count(&filter).await?.max(0) as u64;
        Ok((rows, total))
    }

    async fn tag_filter(&self, req: &ListRequest<'_>) -> Result<TagFilter> {
        self.require_read(crate::ReadArea::FirmFigures)?;
        if let Some(min) = req.min_confidence {
            check_confidence(min)?;
        }
        if let Some(chain) = req.chain {
            self.chain(chain).await?;
        }
        let window = req.window.map(|(skip, take)| {
            let int = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
            (int(skip), int(take))
        });
        Ok(TagFilter {
            chain: req.chain.map(str::to_string),
            status: req.status,
            min_confidence: req.min_confidence,
            window,
        })
    }
}

impl App {
    /// Confirms suggestions by id or by threshold; all or nothing: an unknown id writes nothing.
    pub async fn confirm_tags(&self, selection: &TagSelection, by: &str) -> Result<TagDecision> {
        self.require_write(crate::WriteTarget::City).await?;
        self.writing(async {
        let by = who(by)?;
        if let TagSelection::Above { min, chain } = selection {
            check_confidence(*min)?;
            if let Some(chain) = chain {
                self.chain(chain).await?;
            }
        }
        let now = self.now();
        let decision = self
            .store
            .confirm_tags(selection, &now, by, &tagging_source(by, &now))
            .await?;
        if !decision.unknown.is_empty() {
            let ids = ids_text(&decision.unknown);
            return Err(AppError::not_found(format!(
                "没有这些编号的标注建议：{ids}（未做任何更改；用 `liantu tag list` 查看）/ no tag suggestion with id {ids} (nothing was changed; see `liantu tag list`)"
            )));
        }
        Ok(decision)
            })
        .await
    }

    /// Rejects suggestions; all or nothing: an unknown or confirmed id writes nothing.
    pub async fn reject_tags(&self, ids: &[i64], by: &str) -> Result<TagDecision> {
        self.require_write(crate::WriteTarget::City).await?;
        self.writing(async {
        let by = who(by)?;
        let decision = self.store.reject_tags(ids, &self.now(), by).await?;
        refused(decision, |ids| {
            format!(
                "建议 {ids} 已确认、已写入环节归属，不能再拒绝（未做任何更改）/ suggestion {ids} is confirmed and its membership written; it cannot be rejected (nothing was changed)"
            )
        })
            })
        .await
    }

    /// Takes confirmations back (a wrong click): the memberships they wrote are removed and the
    /// suggestions are pending again; all or nothing.
    pub async fn undo_tags(&self, ids: &[i64]) -> Result<TagDecision> {
        self.require_write(crate::WriteTarget::City).await?;
        self.writing(async {
        let decision = self.store.undo_tags(ids).await?;
        refused(decision, |ids| {
            format!(
                "建议 {ids} 尚未确认，无可撤销（未做任何更改）/ suggestion {ids} is not confirmed: nothing to undo (nothing was changed)"
            )
        })
            })
        .await
    }
}

/// The source a confirmation's memberships cite: one per person and day.
pub fn tagging_source(by: &str, now: &str) -> Source {
    let day = now.get(..10).unwrap_or(now);
    Source {
        id: format!("tagging:{by}:{day}"),
        kind: SourceKind::Public,
        title_zh: format!("自动标注建议，经 {by} 人工确认（{day}）"),
        title_en: format!("Auto-tagging suggestions confirmed by {by} (liantu tag confirm, {day})"),
        publisher: by.to_string(),
        published: day.to_string(),
        url: None,
    }
}

fn ids_text(ids: &[i64]) -> String {
    ids.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn who(by: &str) -> Result<&str> {
    let by = by.trim();
    if by.is_empty() {
        return Err(AppError::invalid(
            "确认人不能为空 / who decides must not be empty",
        ));
    }
    Ok(by)
}

/// A refused decision (unknown ids, or ids in the wrong state) as an error; nothing was written.
fn refused(decision: TagDecision, conflict: impl Fn(&str) -> String) -> Result<TagDecision> {
    if !decision.unknown.is_empty() {
        let ids = ids_text(&decision.unknown);
        return Err(AppError::not_found(format!(
            "没有这些编号的标注建议：{ids}（未做任何更改）/ no tag suggestion with id {ids} (nothing was changed)"
        )));
    }
    if !decision.conflicts.is_empty() {
        return Err(AppError::conflict(conflict(&ids_text(&decision.conflicts))));
    }
    Ok(decision)
}
