//! A user's region × industry panel from a long CSV (time, region, industry, value; optional
//! region_name and industry_name), read whole and checked before anything is stored.

use crate::complexity::non_negative;
use crate::{App, AppError, Result, blocking};
use liantu_model::records::{Source, SourceKind};
use liantu_store::{PanelData, PanelRow};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// Bad rows listed in the message (all are counted).
const SHOWN_PROBLEMS: usize = 50;

/// What the user says about a panel file: its id, names and source.
#[derive(Debug, Clone, Default)]
pub struct PanelMeta {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// What the values measure (employment, output …).
    pub measure: String,
    pub source_title: String,
    pub publisher: String,
    /// YYYY or YYYY-MM-DD.
    pub published: String,
    /// The figures are made up.
    pub illustrative: bool,
}

impl App {
    /// Reads a panel file and stores it, replacing a panel with the same id; returns the number
    /// of rows. A bad row stores nothing.
    pub async fn import_panel(&self, path: &Path, meta: &PanelMeta) -> Result<usize> {
        self.require_write(crate::WriteTarget::City).await?;
        let (path, meta) = (path.to_path_buf(), meta.clone());
        let panel = blocking(move || read_panel_file(&path, &meta)).await?;
        self.save_panel(&panel).await?;
        Ok(panel.rows.len())
    }
}

fn find(headers: &csv::StringRecord, names: &[&str]) -> Option<usize> {
    headers
        .iter()
        .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
}

/// The columns of a panel file.
struct Columns {
    time: usize,
    region: usize,
    industry: usize,
    value: usize,
    region_name: Option<usize>,
    industry_name: Option<usize>,
}

impl Columns {
    fn find(headers: &csv::StringRecord, file: &str) -> Result<Columns> {
        let need = |names: &[&str], what: &str| {
            find(headers, names).ok_or_else(|| {
                AppError::invalid(format!(
                    "{file} 缺少 {what} 列（可用列名：{0}）/ {file} has no {what} column (accepted names: {0})",
                    names.join(", "),
                ))
            })
        };
        Ok(Columns {
            time: need(&["time", "year", "年份"], "time")?,
            region: need(&["region", "loc", "location", "地区", "区域"], "region")?,
            industry: need(&["industry", "prod", "product", "行业"], "industry")?,
            value: need(
                &[
                    "value",
                    "val",
                    "employment",
                    "output",
                    "数值",
                    "从业人员",
                    "产值",
                ],
                "value",
            )?,
            region_name: find(headers, &["region_name", "地区名称"]),
            industry_name: find(headers, &["industry_name", "行业名称"]),
        })
    }
}

/// Reads a panel file whole: every bad row is reported (line and column), nothing is kept
/// unless all rows are good.
pub fn read_panel_file(path: &Path, meta: &PanelMeta) -> Result<PanelData> {
    if !liantu_chain::is_valid_id(&meta.id) {
        return Err(AppError::invalid(format!(
            "面板 id '{0}' 只能用小写字母、数字和 '-' / panel id '{0}': use lowercase letters, digits and '-'",
            meta.id
        )));
    }
    let file = path.display().to_string();
    let mut reader = csv::Reader::from_path(path)
        .map_err(|e| AppError::invalid(format!("无法读取 / cannot read {file}: {e}")))?;
    let headers = reader
        .headers()
        .map_err(|e| AppError::invalid(format!("{file}: {e}")))?
        .clone();
    let columns = Columns::find(&headers, &file)?;
    let mut rows = Vec::new();
    let mut region_names = BTreeMap::new();
    let mut industry_names = BTreeMap::new();
    let mut seen = HashSet::new();
    let mut problems = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!("第 {line} 行 / line {line}: {e}"));
                continue;
            }
        };
        let cell = |c: usize| record.get(c).unwrap_or("").trim().to_string();
        let row = match panel_row(&record, &columns, &headers, line) {
            Ok(row) => row,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        if !seen.insert((row.time.clone(), row.region.clone(), row.industry.clone())) {
            problems.push(format!(
                "第 {line} 行：重复的 ({0}, {1}, {2}) / line {line}: duplicate ({0}, {1}, {2})",
                row.time, row.region, row.industry
            ));
            continue;
        }
        if let Some(c) = columns.region_name {
            region_names.insert(row.region.clone(), cell(c));
        }
        if let Some(c) = columns.industry_name {
            industry_names.insert(row.industry.clone(), cell(c));
        }
        rows.push(row);
    }
    if !problems.is_empty() {
        let shown: Vec<&str> = problems
            .iter()
            .take(SHOWN_PROBLEMS)
            .map(String::as_str)
            .collect();
        return Err(AppError::invalid(format!(
            "{file}：{0} 处错误，未导入任何数据 / {0} problem(s), nothing imported:\n{1}",
            problems.len(),
            shown.join("\n")
        )));
    }
    if rows.is_empty() {
        return Err(AppError::invalid(format!(
            "{file}：没有数据行 / no data rows"
        )));
    }
    Ok(panel_data(meta, rows, region_names, industry_names))
}

/// One row, or the problem with it.
fn panel_row(
    record: &csv::StringRecord,
    columns: &Columns,
    headers: &csv::StringRecord,
    line: usize,
) -> std::result::Result<PanelRow, String> {
    let cell = |c: usize| record.get(c).unwrap_or("").trim().to_string();
    let raw = cell(columns.value);
    let Some(value) = non_negative(&raw) else {
        return Err(format!(
            "第 {line} 行 {0} 列：'{raw}' 不是非负数 / line {line}, column {0}: '{raw}' is not a non-negative number",
            &headers[columns.value]
        ));
    };
    let row = PanelRow {
        time: cell(columns.time),
        region: cell(columns.region),
        industry: cell(columns.industry),
        value,
    };
    if row.region.is_empty() || row.industry.is_empty() {
        return Err(format!(
            "第 {line} 行：区域或行业为空 / line {line}: empty region or industry"
        ));
    }
    Ok(row)
}

fn panel_data(
    meta: &PanelMeta,
    rows: Vec<PanelRow>,
    region_names: BTreeMap<String, String>,
    industry_names: BTreeMap<String, String>,
) -> PanelData {
    let source_id = format!("panel-{}", meta.id);
    PanelData {
        id: meta.id.clone(),
        name_zh: meta.name_zh.clone(),
        name_en: meta.name_en.clone(),
        measure: meta.measure.clone(),
        source: source_id.clone(),
        source_record: Some(Source {
            id: source_id,
            kind: if meta.illustrative {
                SourceKind::Illustrative
            } else {
                SourceKind::Public
            },
            title_zh: meta.source_title.clone(),
            title_en: meta.source_title.clone(),
            publisher: meta.publisher.clone(),
            published: meta.published.clone(),
            url: None,
        }),
        rows,
        region_names: region_names.into_iter().collect(),
        industry_names: industry_names.into_iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(id: &str) -> PanelMeta {
        PanelMeta {
            id: id.into(),
            name_zh: "玩具".into(),
            name_en: "Toy".into(),
            measure: "employment".into(),
            source_title: "test".into(),
            ..PanelMeta::default()
        }
    }

    #[test]
    fn every_bad_row_is_named_and_nothing_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.csv");
        std::fs::write(
            &path,
            "year,region,industry,value,industry_name\n2023,a,x,ten,X\n2023,a,x,1,X\n2023,a,x,2,X\n2023,,y,1,Y\n",
        )
        .unwrap();
        let e = read_panel_file(&path, &meta("toy")).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Invalid);
        let m = e.to_string();
        for expected in [
            "line 2",
            "line 4: duplicate (2023, a, x)",
            "line 5",
            "3 problem(s)",
        ] {
            assert!(m.contains(expected), "{expected}: {m}");
        }
        std::fs::write(
            &path,
            "year,region,industry,value,industry_name\n2023,a,x,1,X\n",
        )
        .unwrap();
        let panel = read_panel_file(&path, &meta("toy")).unwrap();
        assert_eq!(panel.rows.len(), 1);
        assert_eq!(panel.industry_names, vec![("x".into(), "X".into())]);
        assert_eq!(panel.source, "panel-toy");
        assert!(read_panel_file(&path, &meta("Bad id")).is_err());
    }
}
