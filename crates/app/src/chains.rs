//! Chain definitions: the installed list, one chain parsed from its stored TOML (cached per
//! revision), installing the built-in templates or a user's file, and checking a file — every
//! problem with its line and column, and industry codes against the GB/T 4754-2017 table.

use crate::{App, AppError, Result};
use liantu_model::chain::Chain;
use liantu_table::{Cell, Column, ColumnKind, Table, Text};
use std::sync::Arc;

pub use liantu_store::ChainSummary as ChainListItem;

/// A chain file as the user gave it: a name for messages (its path) and its text.
#[derive(Debug, Clone)]
pub struct ChainSource {
    pub name: String,
    pub text: String,
}

/// What `chain check` found in a file that parses.
#[derive(Debug, Clone)]
pub struct ChainCheck {
    pub chain: Chain,
    /// Nodes without a GB/T 4754 code (growth opportunities cannot be tied to them).
    pub uncoded: Vec<String>,
    /// Codes missing from the GB/T 4754-2017 table, with the line that names each; `None` when
    /// the database has no such table (codes were checked for form only).
    pub unknown_codes: Option<Vec<(String, usize)>>,
    pub code_count: usize,
    /// Occupation codes missing from the imported occupation classification, with the line
    /// that names each; `None` when none is imported (codes were checked for form only).
    pub unknown_occupations: Option<Vec<(String, usize)>>,
    pub occupation_count: usize,
}

/// A chain the way the chain crate reads it; every problem as `name:line:column: message`.
pub fn parse_chain_source(source: &ChainSource) -> Result<Chain> {
    liantu_chain::parse_chain(&source.text).map_err(|problems| {
        let mut message = format!(
            "{}：发现 {} 个错误 / {} error(s) found",
            source.name,
            problems.len(),
            problems.len()
        );
        for p in &problems {
            message.push_str(&format!("\n{}:{p}", source.name));
        }
        AppError::invalid(message)
    })
}

/// Nodes and edges of a chain as two tables (`liantu chain show`).
pub fn chain_tables(chain: &Chain) -> (Table, Table) {
    let mut nodes = Table::new(
        Text::new("环节", "Nodes"),
        vec![
            Column::new("node", "环节 node", "Node", ColumnKind::Text),
            Column::new("name", "名称", "Name", ColumnKind::Local),
            Column::new(
                "stage",
                "阶段 stage",
                "Stage",
                ColumnKind::Label { badge: false },
            ),
            Column::new(
                "industry_codes",
                "行业代码 GB/T 4754",
                "GB/T 4754 codes",
                ColumnKind::Text,
            ),
            Column::new("keywords", "关键词", "Keywords", ColumnKind::Text),
        ],
    );
    for n in &chain.nodes {
        let codes: Vec<&str> = n.industry_codes.iter().map(|c| c.as_str()).collect();
        nodes.push(vec![
            Cell::text(&n.id),
            Cell::local(&n.name_zh, &n.name_en),
            Cell::label(n.stage.key(), n.stage.label_zh(), n.stage.label_en()),
            Cell::text(codes.join(" ")),
            Cell::text(n.keywords.join("|")),
        ]);
    }
    let mut edges = Table::new(
        Text::new("连接", "Edges"),
        vec![
            Column::new("from", "从 from", "From", ColumnKind::Text),
            Column::new("to", "到 to", "To", ColumnKind::Text),
            Column::new(
                "kind",
                "类型 kind",
                "Kind",
                ColumnKind::Label { badge: false },
            ),
            Column::new(
                "coefficient",
                "系数 coefficient",
                "Coefficient",
                ColumnKind::Number,
            ),
        ],
    );
    for e in &chain.edges {
        edges.push(vec![
            Cell::text(&e.from),
            Cell::text(&e.to),
            Cell::label(e.kind.key(), e.kind.label_zh(), e.kind.label_en()),
            Cell::optional(e.coefficient, |c| Cell::Number {
                value: c,
                decimals: 4,
            }),
        ]);
    }
    (nodes, edges)
}

/// The installed chains as a table (`liantu chain list`).
pub fn chain_list_table(chains: &[ChainListItem]) -> Table {
    let mut t = Table::new(
        Text::new("产业链", "Chains"),
        vec![
            Column::new("id", "id", "Id", ColumnKind::Text),
            Column::new("name", "名称", "Name", ColumnKind::Local),
            Column::new("version", "版本 version", "Version", ColumnKind::Count),
            Column::new("nodes", "环节 nodes", "Nodes", ColumnKind::Count),
            Column::new("edges", "连接 edges", "Edges", ColumnKind::Count),
        ],
    );
    for c in chains {
        t.push(vec![
            Cell::text(&c.id),
            Cell::local(&c.name_zh, &c.name_en),
            Cell::Count(c.version),
            Cell::Count(c.nodes),
            Cell::Count(c.edges),
        ]);
    }
    t
}

impl App {
    /// The installed chains, in order.
    pub async fn chains(&self) -> Result<Vec<ChainListItem>> {
        Ok(self.store.chains().await?)
    }

    /// One installed chain, parsed once per revision; `NotFound` names the installed ones.
    pub async fn chain(&self, id: &str) -> Result<Arc<Chain>> {
        self.cached(&self.caches.chains, id.to_string(), async || {
            let Some(text) = self.store.chain_definition(id).await? else {
                let installed: Vec<String> =
                    self.chains().await?.into_iter().map(|c| c.id).collect();
                return Err(AppError::not_found(format!(
                    "未知的产业链 '{id}'，已安装：{0} / unknown chain '{id}', installed: {0}",
                    installed.join(", ")
                )));
            };
            liantu_chain::parse_stored_chain(&text).map_err(|problems| {
                AppError::internal(format!(
                    "数据库中的产业链 {id} 无法解析 / stored chain {id} does not parse: {}",
                    problems
                        .first()
                        .map(ToString::to_string)
                        .unwrap_or_default()
                ))
            })
        })
        .await
    }

    /// Every installed chain, parsed.
    pub async fn all_chains(&self) -> Result<Vec<Arc<Chain>>> {
        let mut out = Vec::new();
        for summary in self.chains().await? {
            out.push(self.chain(&summary.id).await?);
        }
        Ok(out)
    }

    /// Installs (or refreshes) the built-in chain templates; returns how many.
    pub async fn install_builtin_chains(&self) -> Result<usize> {
        self.require_write(crate::WriteTarget::City).await?;
        let parsed: Vec<(Chain, &str)> = liantu_chain::builtin_sources()
            .iter()
            .filter_map(|(_, text)| liantu_chain::parse_chain(text).ok().map(|c| (c, *text)))
            .collect();
        let refs: Vec<(&Chain, &str)> = parsed.iter().map(|(c, t)| (c, *t)).collect();
        self.store.install_chains(&refs, true).await?;
        Ok(refs.len())
    }

    /// Validates a chain file and installs (or replaces) it; a bad file changes nothing.
    pub async fn install_chain(&self, source: &ChainSource) -> Result<Chain> {
        self.require_write(crate::WriteTarget::City).await?;
        let chain = parse_chain_source(source)?;
        self.store
            .install_chains(&[(&chain, &source.text)], false)
            .await?;
        Ok(chain)
    }

    /// Parses a chain file and checks its industry codes against the reference table.
    pub async fn check_chain(&self, source: &ChainSource) -> Result<ChainCheck> {
        let mut check = check_form(source)?;
        let codes: Vec<&str> = check
            .chain
            .nodes
            .iter()
            .flat_map(|n| n.industry_codes.iter().map(|c| c.as_str()))
            .collect();
        check.unknown_codes = self
            .store
            .unknown_industry_codes(&codes)
            .await?
            .map(|unknown| {
                unknown
                    .into_iter()
                    .map(|code| {
                        let line = line_naming(&source.text, &code);
                        (code, line)
                    })
                    .collect()
            });
        let classes = self.store.occupations().await?;
        if !classes.is_empty() {
            // Occupations (细类) only: a node employs people of an occupation, not of a class.
            let known: std::collections::HashSet<&str> = classes
                .iter()
                .filter(|o| o.level == 4)
                .map(|o| o.code.as_str())
                .collect();
            let mut unknown: Vec<(String, usize)> = Vec::new();
            for code in check.chain.nodes.iter().flat_map(|n| &n.occupations) {
                let code = code.as_str();
                if !known.contains(code) && !unknown.iter().any(|(c, _)| c == code) {
                    unknown.push((code.to_string(), line_naming(&source.text, code)));
                }
            }
            check.unknown_occupations = Some(unknown);
        }
        Ok(check)
    }
}

/// The checks that need no database: the file parses; nodes without codes are named.
pub fn check_form(source: &ChainSource) -> Result<ChainCheck> {
    let chain = parse_chain_source(source)?;
    let uncoded = chain
        .nodes
        .iter()
        .filter(|n| n.industry_codes.is_empty())
        .map(|n| n.id.clone())
        .collect();
    let code_count = chain.nodes.iter().map(|n| n.industry_codes.len()).sum();
    let occupation_count = chain.nodes.iter().map(|n| n.occupations.len()).sum();
    Ok(ChainCheck {
        chain,
        uncoded,
        unknown_codes: None,
        code_count,
        unknown_occupations: None,
        occupation_count,
    })
}

/// The first line of `text` that quotes `code` (1-based; 0 when none does).
fn line_naming(text: &str, code: &str) -> usize {
    let quoted = format!("\"{code}\"");
    text.lines()
        .position(|l| l.contains(&quoted))
        .map_or(0, |i| i + 1)
}

impl ChainSource {
    /// A chain file from disk, named by its path.
    pub fn read(path: &std::path::Path) -> Result<ChainSource> {
        Ok(ChainSource {
            name: path.display().to_string(),
            text: crate::files::read_text(path)?,
        })
    }
}

impl ChainCheck {
    /// Bad input naming each industry code missing from the GB/T 4754-2017 table, with its line
    /// in `source` and the nodes that use it; `None` when every code is known (or the table was
    /// not available).
    pub fn unknown_codes_error(&self, source: &ChainSource) -> Option<AppError> {
        self.unknown_error(
            source,
            self.unknown_codes.as_ref()?,
            |n, code| n.industry_codes.iter().any(|c| c.as_str() == code),
            |count| {
                format!(
                    "{count} 个行业代码不在 GB/T 4754-2017 代码表中 / {count} industry code(s) not in the GB/T 4754-2017 table"
                )
            },
            |code, nodes| {
                format!(
                    "行业代码 {code}（环节 {nodes}）不存在 / industry code {code} (node {nodes}) does not exist"
                )
            },
        )
    }

    /// Bad input naming each occupation code missing from the imported classification, with
    /// its line and the nodes that name it; `None` when every code is known (or none imported).
    pub fn unknown_occupations_error(&self, source: &ChainSource) -> Option<AppError> {
        self.unknown_error(
            source,
            self.unknown_occupations.as_ref()?,
            |n, code| n.occupations.iter().any(|c| c.as_str() == code),
            |count| {
                format!(
                    "{count} 个职业编码不是已导入的职业分类中的职业（细类）/ {count} occupation code(s) not an occupation (细类) of the imported classification"
                )
            },
            |code, nodes| {
                format!(
                    "职业编码 {code}（环节 {nodes}）不在职业分类的细类中 / occupation code {code} (node {nodes}) is not an occupation of the classification"
                )
            },
        )
    }

    /// `name：heading`, then `name:line: problem` per unknown code with the nodes naming it.
    fn unknown_error(
        &self,
        source: &ChainSource,
        unknown: &[(String, usize)],
        names: impl Fn(&liantu_model::chain::Node, &str) -> bool,
        heading: impl Fn(usize) -> String,
        problem: impl Fn(&str, &str) -> String,
    ) -> Option<AppError> {
        if unknown.is_empty() {
            return None;
        }
        let name = &source.name;
        let mut message = format!("{name}：{}", heading(unknown.len()));
        for (code, line) in unknown {
            let nodes: Vec<&str> = self
                .chain
                .nodes
                .iter()
                .filter(|n| names(n, code))
                .map(|n| n.id.as_str())
                .collect();
            message.push_str(&format!(
                "\n{name}:{line}: {}",
                problem(code, &nodes.join(", "))
            ));
        }
        Some(AppError::invalid(message))
    }
}
