//! National input-output tables: import and the multiplier report.

use super::*;
use liantu_invest::io::{leontief, parse_io_csv};

// ------------------------------------------------------------------------------ input-output

#[derive(Debug, Clone, Serialize)]
pub struct IoImportSummary {
    pub id: String,
    pub title: String,
    pub sectors: usize,
    pub non_competitive: bool,
    /// max |Σ z + f − x| ÷ x as read.
    pub balance_residual: f64,
    /// max |L(I − A) − I|.
    pub identity_residual: f64,
    /// The shipped chain-node mapping fits this table (multipliers will be used in scoring).
    pub node_mapping_fits: bool,
}

impl App {
    /// [`App::import_io_table`] of a file (its path is kept as where the table came from).
    pub async fn import_io_table_file(
        &self,
        id: &str,
        title: &str,
        path: &std::path::Path,
    ) -> Result<IoImportSummary> {
        self.require_write(crate::WriteTarget::City).await?;
        let text = crate::files::read_text(path)?;
        self.import_io_table(id, title, &path.display().to_string(), &text)
            .await
    }

    /// Parses, checks (Leontief inverse computable) and stores an input-output table.
    pub async fn import_io_table(
        &self,
        id: &str,
        title: &str,
        imported_from: &str,
        text: &str,
    ) -> Result<IoImportSummary> {
        self.require_write(crate::WriteTarget::City).await?;
        let store = &self.store;
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(AppError::invalid(format!(
                "表 id 只能含字母、数字、- 和 _：'{id}' / a table id may contain letters, digits, - and _ only: '{id}'"
            )));
        }
        let table =
            parse_io_csv(text).map_err(|e| AppError::invalid(format!("{imported_from}: {e}")))?;
        let analysis =
            leontief(&table).map_err(|e| AppError::invalid(format!("{imported_from}: {e}")))?;
        let node_mapping_fits = node_map_for(&table)?.is_some();
        store
            .save_io_table(id, title, imported_from, &table)
            .await?;
        Ok(IoImportSummary {
            id: id.to_string(),
            title: title.to_string(),
            sectors: table.len(),
            non_competitive: table.non_competitive,
            balance_residual: table.balance_residual(),
            identity_residual: analysis.identity_residual,
            node_mapping_fits,
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct IoSectorView {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// 万元.
    pub total_output: f64,
    pub final_demand: f64,
    pub output_multiplier: f64,
    /// 影响力系数.
    pub backward_linkage: f64,
    /// 感应度系数.
    pub forward_linkage: f64,
    /// Chain nodes mapped to this sector (`chain:node`).
    pub nodes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IoReport {
    pub id: String,
    pub title: String,
    pub imported_from: String,
    pub non_competitive: bool,
    pub identity_residual: f64,
    pub sectors: Vec<IoSectorView>,
}

impl App {
    /// Multipliers and linkages of a stored table (`None` id: the latest).
    pub async fn io_report(&self, id: Option<&str>) -> Result<IoReport> {
        let store = &self.store;
        let tables = store.io_tables().await?;
        let summary = match id {
        Some(id) => tables.into_iter().find(|t| t.id == id),
        None => tables.into_iter().next(),
    }
    .ok_or_else(|| {
        AppError::invalid(match id {
            Some(id) => format!("没有投入产出表 '{id}' / no input-output table '{id}'"),
            None => "尚未导入投入产出表（liantu io import FILE）/ no input-output table imported (liantu io import FILE)".into(),
        })
    })?;
        let table = store
            .io_table(&summary.id)
            .await?
            .ok_or_else(|| AppError::invalid(format!("no input-output table '{}'", summary.id)))?;
        let analysis = leontief(&table).map_err(|e| AppError::invalid(e.to_string()))?;
        let map = node_map_for(&table)?;
        let sectors = table
            .sectors
            .iter()
            .enumerate()
            .map(|(i, s)| IoSectorView {
                code: s.code.clone(),
                name_zh: s.name_zh.clone(),
                name_en: s.name_en.clone(),
                total_output: table.total_output[i],
                final_demand: table.final_demand[i],
                output_multiplier: analysis.output_multipliers[i],
                backward_linkage: analysis.backward_linkage[i],
                forward_linkage: analysis.forward_linkage[i],
                nodes: if let Some(map) = &map {
                    map.chains
                        .iter()
                        .flat_map(|(chain, nodes)| {
                            nodes
                                .iter()
                                .filter(|(_, code)| **code == s.code)
                                .map(move |(node, _)| format!("{chain}:{node}"))
                        })
                        .collect()
                } else {
                    Vec::new()
                },
            })
            .collect();
        Ok(IoReport {
            id: summary.id,
            title: summary.title,
            imported_from: summary.imported_from,
            non_competitive: table.non_competitive,
            identity_residual: analysis.identity_residual,
            sectors,
        })
    }
}
