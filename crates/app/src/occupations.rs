//! The occupation classification (职业分类大典 2022): importing it, and finding classes by level,
//! words and the digital/green marks — the vocabulary the workforce analysis speaks.

use crate::{App, AppError, Result};
use liantu_model::occupation::{Occupation, OccupationCode};
use liantu_table::{Cell, Column, ColumnKind, Table};

/// What an occupation import stored.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OccupationSummary {
    /// Classes per level: 大类, 中类, 小类, 细类.
    pub per_level: [usize; 4],
    /// Occupations marked 数字职业 (S), 绿色职业 (L), and both.
    pub digital: usize,
    pub green: usize,
    pub both: usize,
    /// Rows that repeated an earlier row exactly, merged.
    pub merged_duplicates: usize,
}

/// Which classes to list.
#[derive(Debug, Clone, Default)]
pub struct OccupationFilter {
    pub level: Option<u8>,
    /// Part of the name, an alias, the definition or the tasks; or the start of the code.
    pub query: Option<String>,
    pub digital: bool,
    pub green: bool,
}

impl OccupationFilter {
    fn keeps(&self, o: &Occupation) -> bool {
        let words = self
            .query
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty());
        self.level.is_none_or(|l| o.level == l)
            && (!self.digital || o.digital)
            && (!self.green || o.green)
            && words.is_none_or(|q| {
                o.code.as_str().starts_with(q)
                    || o.name.contains(q)
                    || o.aliases.iter().any(|a| a.contains(q))
                    || o.definition.contains(q)
                    || o.tasks.contains(q)
            })
    }
}

pub use liantu_occupation::REVIEW_BELOW;

/// What classifying a file of titles did.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ClassifySummary {
    pub rows: usize,
    /// Titles with no word of any occupation.
    pub unmatched: usize,
    /// Titles marked for review (confidence under [`REVIEW_BELOW`]).
    pub review: usize,
}

impl App {
    /// Adds to every row of the title file `input` its occupation (细类) code and name, the
    /// confidence, the next two candidates and a review mark, written to `out` (CSV or XLSX).
    pub async fn classify_titles(
        &self,
        input: &std::path::Path,
        column: Option<&str>,
        encoding: Option<&str>,
        out: &std::path::Path,
        format: crate::data::DataFormat,
    ) -> Result<ClassifySummary> {
        let classes = self.occupations(&OccupationFilter::default()).await?;
        let (input, column, encoding) = (
            input.to_path_buf(),
            column.map(str::to_string),
            encoding.map(str::to_string),
        );
        let out = out.to_path_buf();
        crate::blocking(move || {
            let titles = liantu_ingest::occupations::read_titles(
                &input,
                column.as_deref(),
                encoding.as_deref(),
            )?;
            let classifier = liantu_occupation::Classifier::new(&classes);
            write_classified(&classifier, titles, format, &out)
        })
        .await
    }

    /// Replaces the occupation classification with the file's (all or nothing).
    pub(crate) async fn import_occupations(
        &self,
        path: &std::path::Path,
        encoding: Option<&str>,
    ) -> Result<OccupationSummary> {
        let file = liantu_ingest::occupations::read_occupations(path, encoding)?;
        self.store_occupations(file).await
    }

    /// Installs the built-in 2022 classification (`data/occupations/csco2022.csv`): over the
    /// stored one when `replace`, else only when the database has none (`None` when it had).
    pub async fn install_builtin_occupations(
        &self,
        replace: bool,
    ) -> Result<Option<OccupationSummary>> {
        self.require_write(crate::WriteTarget::City).await?;
        if !replace && !self.store.occupations().await?.is_empty() {
            return Ok(None);
        }
        let file =
            crate::blocking(|| Ok(liantu_ingest::occupations::builtin_occupations()?)).await?;
        Ok(Some(self.store_occupations(file).await?))
    }

    async fn store_occupations(
        &self,
        file: liantu_ingest::occupations::OccupationFile,
    ) -> Result<OccupationSummary> {
        let classes = &file.classes;
        let mut per_level = [0; 4];
        for c in classes {
            per_level[usize::from(c.level - 1)] += 1;
        }
        let jobs = || classes.iter().filter(|c| c.level == 4);
        let summary = OccupationSummary {
            per_level,
            digital: jobs().filter(|c| c.digital).count(),
            green: jobs().filter(|c| c.green).count(),
            both: jobs().filter(|c| c.digital && c.green).count(),
            merged_duplicates: file.merged_duplicates,
        };
        self.writing(async { Ok(self.store.replace_occupations(classes).await?) })
            .await?;
        Ok(summary)
    }

    /// The classes `filter` keeps, by code.
    pub async fn occupations(&self, filter: &OccupationFilter) -> Result<Vec<Occupation>> {
        let all = self.store.occupations().await?;
        if all.is_empty() {
            return Err(AppError::not_found(
                "还没有职业分类：liantu reference import occupations --builtin（内置 2022 年版）或 \
                 导入文件 / no occupation classification yet: liantu reference import occupations \
                 --builtin (the built-in 2022 edition) or FILE",
            ));
        }
        Ok(all.into_iter().filter(|o| filter.keeps(o)).collect())
    }

    /// The classes with `code` (an occupation may share its 小类's code) and the classes under
    /// them.
    pub async fn occupation(&self, code: &str) -> Result<(Vec<Occupation>, Vec<Occupation>)> {
        let code = OccupationCode::parse(code).map_err(AppError::invalid)?;
        let all = self.occupations(&OccupationFilter::default()).await?;
        let (found, rest): (Vec<Occupation>, Vec<Occupation>) =
            all.into_iter().partition(|o| o.code == code);
        if found.is_empty() {
            return Err(AppError::not_found(format!(
                "没有职业编码 {code} / no occupation class {code}"
            )));
        }
        let children = rest
            .into_iter()
            .filter(|o| o.parent.as_ref() == Some(&code))
            .collect();
        Ok((found, children))
    }
}

/// The title file's rows with their classification appended, read and written row by row.
/// A file that cannot be read to its end leaves no output behind.
fn write_classified(
    classifier: &liantu_occupation::Classifier,
    mut titles: liantu_ingest::occupations::TitleReader,
    format: crate::data::DataFormat,
    out: &std::path::Path,
) -> Result<ClassifySummary> {
    let mut columns: Vec<Column> = titles
        .headers
        .iter()
        .enumerate()
        .map(|(i, h)| Column::new(&format!("c{i}"), h, h, ColumnKind::Text))
        .collect();
    columns.extend([
        Column::new("code", "职业编码", "occupation code", ColumnKind::Text),
        Column::new("name", "职业名称", "occupation", ColumnKind::Text),
        Column::new("confidence", "置信度", "confidence", ColumnKind::Percent),
        Column::new("second", "候选2", "second candidate", ColumnKind::Text),
        Column::new("third", "候选3", "third candidate", ColumnKind::Text),
        Column::new("review", "复核", "review", ColumnKind::Local),
    ]);
    let fail = |e: liantu_table::WriterError| AppError::invalid(e.to_string());
    let mut writer = liantu_table::Writer::create(
        out,
        format,
        "职位与职业编码",
        columns,
        liantu_table::Lang::Zh,
    )
    .map_err(fail)?;
    let mut summary = ClassifySummary {
        rows: 0,
        unmatched: 0,
        review: 0,
    };
    let mut row: Vec<Cell> = Vec::new();
    while let Some(cells) = titles.next_row()? {
        let result = classifier.classify(&cells[titles.title_column], 3);
        let candidate = |i: usize| {
            result
                .candidates
                .get(i)
                .map(|c| format!("{} {}", c.code, c.name))
                .unwrap_or_default()
        };
        let first = result.candidates.first();
        let confidence = liantu_occupation::rounded_confidence(result.confidence);
        let review = first.is_none() || confidence < REVIEW_BELOW;
        summary.rows += 1;
        summary.unmatched += usize::from(first.is_none());
        summary.review += usize::from(review);
        row.clear();
        // `next_row` gives every row as many cells as the header.
        row.extend(cells.into_iter().map(Cell::Text));
        row.extend([
            Cell::text(first.map(|c| c.code.as_str()).unwrap_or_default()),
            Cell::text(first.map(|c| c.name.as_str()).unwrap_or_default()),
            match first {
                Some(_) => Cell::Percent(confidence),
                None => Cell::Empty,
            },
            Cell::text(candidate(1)),
            Cell::text(candidate(2)),
            if review {
                Cell::local("请复核", "review")
            } else {
                Cell::Empty
            },
        ]);
        writer.row(&row).map_err(fail)?;
    }
    if summary.rows == 0 {
        return Err(liantu_ingest::FileError::NoData.into());
    }
    writer.finish(None).map_err(fail)?;
    Ok(summary)
}

/// The classes as a table: code, level, name, marks, aliases.
pub fn occupation_table(classes: &[Occupation]) -> Table {
    const LEVELS: [&str; 4] = ["大类", "中类", "小类", "细类"];
    const LEVELS_EN: [&str; 4] = ["major group", "middle group", "small group", "occupation"];
    let mut table = Table::new(
        liantu_table::Text::new(
            "职业分类（2022 年版大典）",
            "Occupation classification (2022)",
        ),
        vec![
            Column::new("code", "职业编码", "code", ColumnKind::Text),
            Column::new("level", "层级", "level", ColumnKind::Local),
            Column::new("name", "职业名称", "name", ColumnKind::Text),
            Column::new("marks", "标识", "marks", ColumnKind::Local),
            Column::new(
                "aliases",
                "别名（非官方）",
                "aliases (not official)",
                ColumnKind::Text,
            ),
        ],
    );
    for o in classes {
        let level = usize::from(o.level.clamp(1, 4) - 1);
        table.push(vec![
            Cell::text(o.code.as_str()),
            Cell::local(LEVELS[level], LEVELS_EN[level]),
            Cell::text(&o.name),
            marks_cell(o.digital, o.green),
            Cell::text(o.aliases.join("，")),
        ]);
    }
    table
}

/// The edition's marks of an occupation as one cell: 数字 (S), 绿色 (L), both, or nothing.
pub fn marks_cell(digital: bool, green: bool) -> Cell {
    match (digital, green) {
        (true, true) => Cell::local("数字·绿色", "digital, green"),
        (true, false) => Cell::local("数字", "digital"),
        (false, true) => Cell::local("绿色", "green"),
        (false, false) => Cell::local("", ""),
    }
}
