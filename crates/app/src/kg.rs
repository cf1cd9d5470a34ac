//! The product knowledge graph (产业链知识图谱): import a directory (all or nothing), the graph
//! loaded once per revision for search and product pages, its import status, and chain drafts.

use crate::{App, AppError, Result, blocking};
pub use liantu_kg::{
    Draft, DraftError, DraftNode, DraftOptions, Graph, Hit, ImportStats, KgData, MatchKind,
    ProductSummary,
};
pub use liantu_store::KgImport as KgStatus;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

mod views;

pub use views::{KgList, KgMaker, KgProduct, KgSearch, hits_table, makers_table, product_href};

/// What an import read, kept and fixed, and how long it took.
#[derive(Debug, Clone)]
pub struct KgImportOutcome {
    pub data: KgData,
    pub parse_time: Duration,
    pub write_time: Duration,
}

/// A chain draft and its TOML text.
#[derive(Debug, Clone)]
pub struct KgDraft {
    pub draft: Draft,
    pub toml: String,
}

impl App {
    /// Reads a graph directory and replaces the stored graph with it; a bad directory or line
    /// changes nothing. `source` and `as_of` override what the files say.
    pub async fn import_kg(
        &self,
        dir: &Path,
        source: Option<String>,
        as_of: Option<String>,
    ) -> Result<KgImportOutcome> {
        self.require_write(crate::WriteTarget::City).await?;
        let start = Instant::now();
        let dir = dir.to_path_buf();
        let mut data = blocking(move || {
            let mut data = liantu_kg::read_dir(&dir)?;
            if let Ok(canonical) = dir.canonicalize() {
                data.meta.imported_from = canonical.display().to_string();
            }
            Ok(data)
        })
        .await?;
        let parse_time = start.elapsed();
        if let Some(source) = source {
            data.meta.source = source;
        }
        if let Some(as_of) = as_of {
            data.meta.as_of = as_of;
        }
        let write_start = Instant::now();
        self.store.replace_kg(&data).await?;
        Ok(KgImportOutcome {
            data,
            parse_time,
            write_time: write_start.elapsed(),
        })
    }

    /// Where the stored graph came from and how big it is; `None` before the first import.
    pub async fn kg_status(&self) -> Result<Option<KgStatus>> {
        Ok(self.store.kg_import().await?)
    }

    /// The stored graph, built once per revision (≈0.5 s for the shared graph, on the blocking
    /// pool); `None` before the first import.
    pub async fn kg_graph(&self) -> Result<Option<Arc<Graph>>> {
        let graph = self
            .cached(&self.caches.kg, (), async || {
                match self.store.kg().await? {
                    Some(data) => blocking(move || Ok(Some(Arc::new(Graph::new(data))))).await,
                    None => Ok(None),
                }
            })
            .await?;
        Ok(graph.as_ref().clone())
    }

    /// The stored graph, or an error telling the user to import one first.
    pub async fn require_kg(&self) -> Result<Arc<Graph>> {
        self.kg_graph().await?.ok_or_else(|| {
            AppError::invalid(
                "尚未导入产业链知识图谱，请先运行 liantu kg import DIR / no knowledge graph imported yet: run liantu kg import DIR",
            )
        })
    }

    /// Drafts a chain template around a product of the stored graph.
    pub async fn kg_draft(&self, options: DraftOptions, command: &str) -> Result<KgDraft> {
        let graph = self.require_kg().await?;
        let command = command.to_string();
        blocking(move || {
            let draft = liantu_kg::draft(&graph, &options)?;
            let toml = draft.to_toml(&graph, &command);
            // A draft must pass `liantu chain check`; one that does not is our bug.
            if let Err(problems) = liantu_chain::parse_chain(&toml) {
                let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
                return Err(AppError::internal(format!(
                    "起草的产业链无法解析 / the drafted chain does not parse:\n{}",
                    list.join("\n")
                )));
            }
            Ok(KgDraft { draft, toml })
        })
        .await
    }

    /// [`App::kg_draft`] written to `path`; an existing file is kept unless `overwrite`.
    pub async fn write_kg_draft(
        &self,
        options: DraftOptions,
        command: &str,
        path: &Path,
        overwrite: bool,
    ) -> Result<KgDraft> {
        if path.exists() && !overwrite {
            return Err(AppError::invalid(format!(
                "{0} 已存在（加 --force 覆盖）/ {0} already exists (add --force to overwrite)",
                path.display()
            )));
        }
        let draft = self.kg_draft(options, command).await?;
        crate::files::write_text(path, &draft.toml)?;
        Ok(draft)
    }
}
