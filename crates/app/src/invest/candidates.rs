//! Investment candidates: the demo list, one candidate saved from a form, files in and out.

use super::*;
use liantu_invest::parse_candidates_csv;

impl App {
    /// Replaces the stored candidates with the demo list.
    pub async fn load_demo_candidates(&self) -> Result<usize> {
        self.require_write(crate::WriteTarget::City).await?;
        let store = &self.store;
        let list = parse_candidates_csv(DEMO_CANDIDATES).map_err(|errors| {
        AppError::invalid(format!(
            "内置示例候选项目有误（liantu 缺陷）/ the built-in demo candidates are invalid (a liantu bug): {}",
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        ))
    })?;
        Ok(store.save_candidates(&list, true).await?)
    }
}

impl App {
    /// Every node a candidate serves must be in an installed chain.
    async fn check_nodes(&self, list: &[Candidate]) -> Result<()> {
        let mut known = BTreeSet::new();
        for chain in self.all_chains().await? {
            for n in &chain.nodes {
                known.insert(format!("{}:{}", chain.id, n.id));
            }
        }
        let unknown: Vec<String> = list
            .iter()
            .flat_map(|c| c.nodes.iter().map(move |k| (c, k.to_string())))
            .filter(|(_, k)| !known.contains(k))
            .map(|(c, k)| format!("{}: {k}", c.id))
            .collect();
        if !unknown.is_empty() {
            return Err(AppError::invalid(format!(
                "以下环节不在已安装的产业链中 / these nodes are not in an installed chain: {}",
                unknown.join(", ")
            )));
        }
        Ok(())
    }
}

impl App {
    /// Saves one candidate edited in the web app. A new one must not reuse an existing id (so a
    /// typo cannot overwrite another project); an edit replaces the stored one.
    pub async fn save_candidate(&self, candidate: &Candidate, is_new: bool) -> Result<()> {
        self.writing(async {
        let store = &self.store;
        if !candidate
            .id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(AppError::invalid(format!(
                "候选项目 id 只能含字母、数字、- 和 _：'{0}' / a candidate id may contain letters, digits, - and _ only: '{0}'",
                candidate.id
            )));
        }
        let before = store.candidate(&candidate.id).await?;
        let before = before.as_ref();
        // Both the project as stored and as it will be must lie in the actor's scope: a park
        // user cannot take over another park's project by moving it.
        if let Some(before) = before {
            self.require_write(crate::WriteTarget::Candidate(before)).await?;
        }
        self.require_write(crate::WriteTarget::Candidate(candidate)).await?;
        let exists = before.is_some();
        if is_new && exists {
            return Err(AppError::conflict(format!(
                "已有 id 为 '{0}' 的候选项目 / a candidate with id '{0}' exists",
                candidate.id
            )));
        }
        if !is_new && !exists {
            return Err(AppError::not_found(format!(
                "没有候选项目 '{0}' / no candidate '{0}'",
                candidate.id
            )));
        }
        if let Some(park) = &candidate.park
            && !store.parks().await?.iter().any(|p| &p.id == park)
        {
            return Err(AppError::invalid(format!(
                "未知园区 '{park}' / unknown park '{park}'"
            )));
        }
        self.check_nodes(std::slice::from_ref(candidate)).await?;
        store
            .save_candidates(std::slice::from_ref(candidate), false)
            .await?;
        Ok(())
            })
        .await
    }
}

impl App {
    /// Imports candidates from a file the way enterprises are imported: XLSX, XLS or CSV (UTF-8,
    /// GBK, GB18030 detected; `encoding` forces one), Chinese or English headers. Every bad cell is
    /// reported with its row, column and header; nothing is written unless all rows are good.
    pub async fn import_candidates_file(
        &self,
        path: &std::path::Path,
        encoding: Option<&str>,
        replace_all: bool,
    ) -> Result<usize> {
        self.require_write(crate::WriteTarget::City).await?;
        self.writing(async {
            let store = &self.store;
            use liantu_ingest::candidates::{candidate_columns, read_candidate_rows};
            let table = read_candidate_rows(path, encoding)
                .map_err(|e| AppError::invalid(e.to_string()))?;
            let columns = candidate_columns();
            // The rows as text under the parser's keys; writing CSV into memory cannot fail.
            let mut w = csv::Writer::from_writer(Vec::new());
            let _ = w.write_record(liantu_invest::CANDIDATE_COLUMNS);
            for (_, cells) in &table.rows {
                let _ = w.write_record(cells);
            }
            let text = String::from_utf8_lossy(&w.into_inner().unwrap_or_default()).into_owned();
            // Where a schema column sits in the file, for messages in the user's terms.
            let file_column = |key: &str| -> Option<(usize, String)> {
                let c = columns.iter().position(|c| c.key == key)?;
                let at = table.info.mapping.iter().position(|m| *m == Some(c))?;
                Some((at, table.info.headers.get(at).cloned().unwrap_or_default()))
            };
            let list = liantu_invest::parse_candidates_csv(&text).map_err(|errors| {
                AppError::invalid(errors
            .iter()
            .map(|e| {
                // Line 1 of the text is the header, line k the (k − 2)th row read.
                let row = (e.line as usize)
                    .checked_sub(2)
                    .and_then(|i| table.rows.get(i))
                    .map_or(e.line, |r| r.0);
                // One line a cell, "中文 / English" as a whole, so a page can show one language.
                let (zh, en) = e.reason.split_once(" / ").unwrap_or((&e.reason, &e.reason));
                match file_column(&e.column) {
                    Some((at, header)) => {
                        let letter = liantu_ingest::text::column_letter(at);
                        format!(
                            "第 {row} 行 {letter} 列（{header}）：{zh} / row {row}, column {letter} ({header}): {en}"
                        )
                    }
                    None => format!("第 {row} 行：{} {zh} / row {row}: {} {en}", e.column, e.column),
                }
            })
            .collect::<Vec<_>>()
            .join("\n"))
            })?;
            self.check_nodes(&list).await?;
            Ok(store.save_candidates(&list, replace_all).await?)
        })
        .await
    }
}

impl App {
    /// Writes every stored candidate as XLSX or CSV with Chinese headers (readable back by
    /// [`import_candidates_file`]).
    pub async fn export_candidates_file(
        &self,
        path: &std::path::Path,
        format: liantu_ingest::export::FileFormat,
    ) -> Result<u32> {
        self.require_read(crate::ReadArea::Investment)?;
        let store = &self.store;
        let rows: Vec<Vec<String>> = store
            .candidates()
            .await?
            .iter()
            .map(|c| liantu_invest::candidate_fields(c).to_vec())
            .collect();
        liantu_ingest::candidates::write_candidates(path, format, &rows)
            .map_err(|e| AppError::invalid(e.to_string()))
    }

    /// Every stored candidate as the CSV text the candidate import reads (English headers).
    pub async fn candidates_csv(&self) -> Result<String> {
        self.require_read(crate::ReadArea::Investment)?;
        Ok(liantu_invest::write_candidates_csv(
            &self.candidates().await?,
        ))
    }
}

impl App {
    /// Every stored candidate as a table in the candidate-file layout (Chinese headers, typed
    /// numbers, 是/否 flags): what the Excel download shows and the importer reads back.
    pub async fn candidates_table(&self) -> Result<liantu_table::Table> {
        self.require_read(crate::ReadArea::Investment)?;
        let rows: Vec<Vec<String>> = self
            .candidates()
            .await?
            .iter()
            .map(|c| liantu_invest::candidate_fields(c).to_vec())
            .collect();
        Ok(liantu_ingest::candidates::candidates_table(&rows))
    }

    /// The stored investment candidates.
    pub async fn candidates(&self) -> Result<Vec<Candidate>> {
        self.require_read(crate::ReadArea::Investment)?;
        Ok(self.store.candidates().await?)
    }

    /// The candidates of `window` (offset, rows) by id, and how many there are in all.
    pub async fn candidate_page(&self, window: (usize, usize)) -> Result<(usize, Vec<Candidate>)> {
        self.require_read(crate::ReadArea::Investment)?;
        let (total, rows) = self
            .store
            .candidate_page(window.0 as u64, window.1 as u64)
            .await?;
        Ok((total as usize, rows))
    }

    /// One candidate by id, if stored.
    pub async fn candidate(&self, id: &str) -> Result<Option<Candidate>> {
        self.require_read(crate::ReadArea::Investment)?;
        Ok(self.store.candidate(id).await?)
    }

    /// Deletes a candidate; `NotFound` when there is none with this id.
    pub async fn delete_candidate(&self, id: &str) -> Result<()> {
        self.writing(async {
            if let Some(c) = self.store.candidate(id).await? {
                self.require_write(crate::WriteTarget::Candidate(&c))
                    .await?;
            }
            if self.store.delete_candidate(id).await? {
                Ok(())
            } else {
                Err(AppError::not_found(format!(
                    "没有候选项目 '{id}' / no candidate '{id}'"
                )))
            }
        })
        .await
    }
}
