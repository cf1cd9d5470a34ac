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

impl App {
    /// Replaces the occupation classification with the file's (all or nothing).
    pub(crate) async fn import_occupations(
        &self,
        path: &std::path::Path,
        encoding: Option<&str>,
    ) -> Result<OccupationSummary> {
        let file = liantu_ingest::occupations::read_occupations(path, encoding)?;
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
                "还没有导入职业分类：liantu reference import occupations 文件 / no occupation \
                 classification yet: liantu reference import occupations FILE",
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
        let marks = match (o.digital, o.green) {
            (true, true) => ("数字·绿色", "digital, green"),
            (true, false) => ("数字", "digital"),
            (false, true) => ("绿色", "green"),
            (false, false) => ("", ""),
        };
        table.push(vec![
            Cell::text(o.code.as_str()),
            Cell::local(LEVELS[level], LEVELS_EN[level]),
            Cell::text(&o.name),
            Cell::local(marks.0, marks.1),
            Cell::text(o.aliases.join("，")),
        ]);
    }
    table
}
