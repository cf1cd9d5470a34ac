//! A knowledge-graph directory (JSON Lines files) → [`KgData`], all or nothing: every bad line is
//! reported with its file and line, and nothing is returned unless every line is good.

use crate::{
    Company, ImportStats, Industry, KgData, KgEdge, KgMeta, Offering, Product, Relation, Stated,
    clean_name, stock_key,
};
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

/// The files `read_dir` needs. `industry_industry.json` (the 申万 hierarchy, implied by the codes)
/// and `industry_up.json` (undocumented aggregates) are not read.
pub const REQUIRED_FILES: [&str; 6] = [
    "product.json",
    "product_product.json",
    "company.json",
    "industry.json",
    "company_industry.json",
    "company_product.json",
];

/// Bad lines listed in an error; the rest are counted.
const SHOWN_ERRORS: usize = 50;

/// One bad line, 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub file: String,
    pub line: usize,
    pub message_zh: String,
    pub message_en: String,
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {} / {}",
            self.file, self.line, self.message_zh, self.message_en
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KgError {
    #[error("{dir} 中缺少 {file}（需要：{needed}）/ {file} is missing from {dir} (needed: {needed})", needed = REQUIRED_FILES.join(", "))]
    MissingFile { dir: String, file: String },
    #[error("无法读取 {file} / cannot read {file}: {source}")]
    Io {
        file: String,
        source: std::io::Error,
    },
    #[error("{}", lines_message(.errors, *.total))]
    Lines {
        /// The first bad lines, in file order.
        errors: Vec<LineError>,
        /// All bad lines.
        total: usize,
    },
}

fn lines_message(errors: &[LineError], total: usize) -> String {
    let mut msg = format!(
        "知识图谱有 {total} 行数据有误，未导入任何数据 / {total} bad line(s) in the knowledge graph, nothing imported"
    );
    for e in errors {
        msg.push('\n');
        msg.push_str(&e.to_string());
    }
    if total > errors.len() {
        msg.push_str(&format!(
            "\n……另有 {0} 行有误 / … and {0} more",
            total - errors.len()
        ));
    }
    msg
}

#[derive(Default)]
struct Errors {
    shown: Vec<LineError>,
    total: usize,
}

impl Errors {
    fn push(&mut self, file: &str, line: usize, zh: String, en: String) {
        self.total += 1;
        if self.shown.len() < SHOWN_ERRORS {
            self.shown.push(LineError {
                file: file.to_string(),
                line,
                message_zh: zh,
                message_en: en,
            });
        }
    }
}

#[derive(Deserialize)]
struct ProductRow<'a> {
    #[serde(borrow)]
    name: Cow<'a, str>,
}

#[derive(Deserialize)]
struct RelationRow<'a> {
    #[serde(borrow)]
    from_entity: Cow<'a, str>,
    #[serde(borrow)]
    rel: Cow<'a, str>,
    #[serde(borrow)]
    to_entity: Cow<'a, str>,
}

#[derive(Deserialize)]
struct CompanyRow<'a> {
    #[serde(borrow)]
    code: Cow<'a, str>,
    #[serde(borrow)]
    name: Cow<'a, str>,
    #[serde(borrow, default)]
    fullname: Cow<'a, str>,
    #[serde(borrow, default)]
    location: Cow<'a, str>,
    #[serde(borrow, default)]
    time: Cow<'a, str>,
}

#[derive(Deserialize)]
struct IndustryRow<'a> {
    #[serde(borrow)]
    code: Cow<'a, str>,
    #[serde(borrow)]
    name: Cow<'a, str>,
}

#[derive(Deserialize)]
struct CompanyIndustryRow<'a> {
    #[serde(borrow)]
    company_code: Cow<'a, str>,
    #[serde(borrow, default)]
    company_name: Cow<'a, str>,
    #[serde(borrow)]
    industry_code: Cow<'a, str>,
    #[serde(borrow, default)]
    industry_name: Cow<'a, str>,
}

#[derive(Deserialize)]
struct OfferingRow<'a> {
    #[serde(borrow)]
    company_code: Cow<'a, str>,
    #[serde(borrow, default)]
    company_name: Cow<'a, str>,
    #[serde(borrow)]
    product_name: Cow<'a, str>,
    rel_weight: f64,
}

/// Every non-empty line of `bytes` parsed as `T`, with its 1-based line number; bad lines go to
/// `errors`.
fn rows<'a, T: Deserialize<'a>>(
    file: &str,
    bytes: &'a [u8],
    errors: &mut Errors,
) -> Vec<(usize, T)> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut out = Vec::new();
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<T>(line) {
            Ok(row) => out.push((i + 1, row)),
            Err(e) => errors.push(
                file,
                i + 1,
                format!("不是有效的 JSON 记录：{e}"),
                format!("not a valid JSON record: {e}"),
            ),
        }
    }
    out
}

fn read(dir: &Path, file: &str) -> Result<Vec<u8>, KgError> {
    let path = dir.join(file);
    if !path.is_file() {
        return Err(KgError::MissingFile {
            dir: dir.display().to_string(),
            file: file.to_string(),
        });
    }
    std::fs::read(&path).map_err(|source| KgError::Io {
        file: path.display().to_string(),
        source,
    })
}

/// Interns product names; names met outside `product.json` become unlisted products.
#[derive(Default)]
struct Products {
    list: Vec<Product>,
    index: HashMap<String, u32>,
}

impl Products {
    fn get_or_add(&mut self, name: &str, stats: &mut ImportStats) -> u32 {
        if let Some(&id) = self.index.get(name) {
            return id;
        }
        stats.unlisted_products += 1;
        let id = self.list.len() as u32;
        self.list.push(Product {
            name: name.to_string(),
            listed: false,
        });
        self.index.insert(name.to_string(), id);
        id
    }
}

/// A cleaned name, or an error for an empty one; counts names that cleaning changed.
fn name<'r>(
    raw: &'r str,
    what_zh: &str,
    what_en: &str,
    at: (&str, usize),
    stats: &mut ImportStats,
    errors: &mut Errors,
) -> Option<Cow<'r, str>> {
    let cleaned = clean_name(raw);
    if cleaned.is_empty() {
        errors.push(
            at.0,
            at.1,
            format!("{what_zh}为空"),
            format!("empty {what_en}"),
        );
        return None;
    }
    if cleaned != raw {
        stats.names_cleaned += 1;
    }
    Some(cleaned)
}

fn bad_stock_code(errors: &mut Errors, at: (&str, usize), code: &str) {
    errors.push(
        at.0,
        at.1,
        format!("股票代码 '{code}' 格式错误（应为 6 位数字，可带 .SH/.SZ/.BJ）"),
        format!("malformed stock code '{code}' (expected 6 digits, optionally .SH/.SZ/.BJ)"),
    );
}

/// Parses and normalises the knowledge graph in `dir`. Source defaults to the first heading of
/// `PROVENANCE.md` when there is one; as-of to the latest listing date in `company.json`.
pub fn read_dir(dir: &Path) -> Result<KgData, KgError> {
    let mut files = HashMap::new();
    for file in REQUIRED_FILES {
        files.insert(file, read(dir, file)?);
    }
    // Files in this order: a file may name products, industries or companies the earlier ones
    // listed (or add them), and bad lines are reported in file order.
    let mut b = Builder::default();
    b.products(&files["product.json"]);
    b.industries(&files["industry.json"]);
    b.companies(&files["company.json"]);
    let assignments = b.company_industries(&files["company_industry.json"]);
    let edges = b.relations(&files["product_product.json"]);
    let offerings = b.offerings(&files["company_product.json"]);
    b.assign_industries(assignments);

    let Builder {
        errors,
        stats,
        products,
        industries,
        companies,
        ..
    } = b;
    if errors.total > 0 {
        return Err(KgError::Lines {
            errors: errors.shown,
            total: errors.total,
        });
    }
    let as_of = companies
        .iter()
        .map(|c| c.listed_on.as_str())
        .filter(|d| looks_like_date(d))
        .max()
        .unwrap_or("")
        .to_string();
    Ok(KgData {
        meta: KgMeta {
            source: provenance_title(dir),
            as_of,
            imported_from: dir.display().to_string(),
            stats,
        },
        products: products.list,
        edges,
        industries,
        companies,
        offerings,
    })
}

/// The graph as read so far, file by file, with the bad lines and the counts.
#[derive(Default)]
struct Builder {
    errors: Errors,
    stats: ImportStats,
    products: Products,
    industries: Vec<Industry>,
    industry_index: HashMap<String, usize>,
    companies: Vec<Company>,
    /// By [`stock_key`].
    company_index: HashMap<String, u32>,
}

fn good_industry(code: &str) -> bool {
    code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())
}

impl Builder {
    fn bad_industry_code(&mut self, file: &str, line: usize, code: &str) {
        self.errors.push(
            file,
            line,
            format!("行业代码 '{code}' 应为 6 位数字"),
            format!("industry code '{code}' must be 6 digits"),
        );
    }

    /// `product.json`: the listed products, first spelling of a cleaned name wins.
    fn products(&mut self, bytes: &[u8]) {
        let file = "product.json";
        let rows_read: Vec<(usize, ProductRow)> = rows(file, bytes, &mut self.errors);
        self.stats.product_rows = rows_read.len();
        let products = &mut self.products;
        products.list.reserve(rows_read.len());
        products.index.reserve(rows_read.len());
        for (line, row) in rows_read {
            let Some(n) = name(
                &row.name,
                "产品名称",
                "product name",
                (file, line),
                &mut self.stats,
                &mut self.errors,
            ) else {
                continue;
            };
            if products.index.contains_key(n.as_ref()) {
                self.stats.duplicate_products += 1;
                continue;
            }
            products
                .index
                .insert(n.to_string(), products.list.len() as u32);
            products.list.push(Product {
                name: n.into_owned(),
                listed: true,
            });
        }
    }

    /// `industry.json`: the 申万 industries, first row of a code wins.
    fn industries(&mut self, bytes: &[u8]) {
        let file = "industry.json";
        let rows_read: Vec<(usize, IndustryRow)> = rows(file, bytes, &mut self.errors);
        self.stats.industry_rows = rows_read.len();
        for (line, row) in rows_read {
            let code = row.code.trim();
            if !good_industry(code) {
                self.bad_industry_code(file, line, code);
                continue;
            }
            if self.industry_index.contains_key(code) {
                continue;
            }
            self.industry_index
                .insert(code.to_string(), self.industries.len());
            self.industries.push(Industry {
                code: code.to_string(),
                name: clean_name(&row.name).into_owned(),
            });
        }
    }

    /// `company.json`: the listed companies, first row of a stock code wins.
    fn companies(&mut self, bytes: &[u8]) {
        let file = "company.json";
        let rows_read: Vec<(usize, CompanyRow)> = rows(file, bytes, &mut self.errors);
        self.stats.company_rows = rows_read.len();
        for (line, row) in rows_read {
            let code = row.code.trim();
            let Some(key) = stock_key(code) else {
                bad_stock_code(&mut self.errors, (file, line), code);
                continue;
            };
            if self.company_index.contains_key(key) {
                self.stats.duplicate_companies += 1;
                continue;
            }
            self.company_index
                .insert(key.to_string(), self.companies.len() as u32);
            self.companies.push(Company {
                code: code.to_string(),
                name: clean_name(&row.name).into_owned(),
                fullname: clean_name(&row.fullname).into_owned(),
                exchange: clean_name(&row.location).into_owned(),
                listed_on: row.time.trim().to_string(),
                industry: None,
            });
        }
    }

    /// The company named by `code` (suffix upgraded when the row has one), added when unknown;
    /// `None` for a malformed code.
    fn company(&mut self, code: &str, name: &str) -> Option<u32> {
        let key = stock_key(code)?;
        if let Some(&i) = self.company_index.get(key) {
            let c = &mut self.companies[i as usize];
            if !c.code.contains('.') && code.contains('.') {
                c.code = code.to_string();
            }
            return Some(i);
        }
        self.stats.companies_added += 1;
        let i = self.companies.len() as u32;
        self.company_index.insert(key.to_string(), i);
        self.companies.push(Company {
            code: code.to_string(),
            name: clean_name(name).into_owned(),
            fullname: String::new(),
            exchange: String::new(),
            listed_on: String::new(),
            industry: None,
        });
        Some(i)
    }

    /// `company_industry.json`: (company, 申万 code) pairs, applied once every company is known;
    /// industries not in `industry.json` are added.
    fn company_industries(&mut self, bytes: &[u8]) -> Vec<(u32, String)> {
        let file = "company_industry.json";
        let rows_read: Vec<(usize, CompanyIndustryRow)> = rows(file, bytes, &mut self.errors);
        self.stats.company_industry_rows = rows_read.len();
        let mut assignments = Vec::new();
        for (line, row) in rows_read {
            let code = row.industry_code.trim();
            if !good_industry(code) {
                self.bad_industry_code(file, line, code);
                continue;
            }
            let Some(c) = self.company(row.company_code.trim(), &row.company_name) else {
                bad_stock_code(&mut self.errors, (file, line), row.company_code.trim());
                continue;
            };
            if !self.industry_index.contains_key(code) {
                self.stats.industries_added += 1;
                self.industry_index
                    .insert(code.to_string(), self.industries.len());
                self.industries.push(Industry {
                    code: code.to_string(),
                    name: clean_name(&row.industry_name).into_owned(),
                });
            }
            assignments.push((c, code.to_string()));
        }
        assignments
    }

    /// `product_product.json`: relations normalised to supplier → buyer (or type → sub-type),
    /// without self-loops and duplicates.
    fn relations(&mut self, bytes: &[u8]) -> Vec<KgEdge> {
        let file = "product_product.json";
        let rows_read: Vec<(usize, RelationRow)> = rows(file, bytes, &mut self.errors);
        self.stats.relation_rows = rows_read.len();
        let mut edges = Vec::with_capacity(rows_read.len());
        let mut seen: HashSet<(u32, u32, Relation)> = HashSet::with_capacity(rows_read.len());
        for (line, row) in rows_read {
            let Some(stated) = Stated::from_label(row.rel.trim()) else {
                self.errors.push(
                    file,
                    line,
                    format!(
                        "未知的关系 '{}'（应为 上游材料、下游产品 或 产品小类）",
                        row.rel
                    ),
                    format!(
                        "unknown rel '{}' (expected 上游材料, 下游产品 or 产品小类)",
                        row.rel
                    ),
                );
                continue;
            };
            let at = (file, line);
            let stats = &mut self.stats;
            let errors = &mut self.errors;
            let from = name(
                &row.from_entity,
                "from_entity",
                "from_entity",
                at,
                stats,
                errors,
            );
            let to = name(&row.to_entity, "to_entity", "to_entity", at, stats, errors);
            let (Some(from), Some(to)) = (from, to) else {
                continue;
            };
            if from == to {
                stats.self_loops_dropped += 1;
                continue;
            }
            let a = self.products.get_or_add(&from, stats);
            let b = self.products.get_or_add(&to, stats);
            let (from, to, relation) = match stated {
                Stated::Upstream => (b, a, Relation::Supplies),
                Stated::Downstream => (a, b, Relation::Supplies),
                Stated::Subtype => (a, b, Relation::Subtype),
            };
            if !seen.insert((from, to, relation)) {
                stats.duplicate_relations += 1;
                continue;
            }
            match stated {
                Stated::Upstream => stats.stated_upstream += 1,
                Stated::Downstream => stats.stated_downstream += 1,
                Stated::Subtype => stats.stated_subtype += 1,
            }
            edges.push(KgEdge {
                from,
                to,
                relation,
                stated,
            });
        }
        edges
    }

    /// `company_product.json`: what each company makes, with its revenue share clamped to
    /// 0..=1 (the stated share kept).
    fn offerings(&mut self, bytes: &[u8]) -> Vec<Offering> {
        let file = "company_product.json";
        let rows_read: Vec<(usize, OfferingRow)> = rows(file, bytes, &mut self.errors);
        self.stats.offering_rows = rows_read.len();
        let mut offerings = Vec::with_capacity(rows_read.len());
        let mut seen: HashSet<(u32, u32)> = HashSet::with_capacity(rows_read.len());
        for (line, row) in rows_read {
            let at = (file, line);
            if !row.rel_weight.is_finite() {
                self.errors.push(
                    file,
                    line,
                    "rel_weight 不是有限数".into(),
                    "rel_weight is not a finite number".into(),
                );
                continue;
            }
            let Some(c) = self.company(row.company_code.trim(), &row.company_name) else {
                bad_stock_code(&mut self.errors, at, row.company_code.trim());
                continue;
            };
            let Some(p) = name(
                &row.product_name,
                "产品名称",
                "product name",
                at,
                &mut self.stats,
                &mut self.errors,
            ) else {
                continue;
            };
            let p = self.products.get_or_add(&p, &mut self.stats);
            if !seen.insert((c, p)) {
                self.stats.duplicate_offerings += 1;
                continue;
            }
            let weight = if row.rel_weight < 0.0 {
                self.stats.weights_clamped_low += 1;
                0.0
            } else if row.rel_weight > 1.0 {
                self.stats.weights_clamped_high += 1;
                1.0
            } else {
                row.rel_weight
            };
            offerings.push(Offering {
                company: c,
                product: p,
                weight,
                stated_weight: row.rel_weight,
            });
        }
        offerings
    }

    /// Each company's 申万 industry: the first assignment wins.
    fn assign_industries(&mut self, assignments: Vec<(u32, String)>) {
        for (c, code) in assignments {
            let slot = &mut self.companies[c as usize].industry;
            if slot.is_some() {
                self.stats.duplicate_company_industries += 1;
            } else {
                *slot = Some(code);
            }
        }
    }
}

fn looks_like_date(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// The first `# ` heading of `PROVENANCE.md`, else a generic name with the directory.
fn provenance_title(dir: &Path) -> String {
    let fallback = format!(
        "产业链知识图谱 industry-chain knowledge graph ({})",
        dir.display()
    );
    let Ok(text) = std::fs::read_to_string(dir.join("PROVENANCE.md")) else {
        return fallback;
    };
    text.lines()
        .find_map(|l| l.strip_prefix("# "))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .unwrap_or(fallback)
}

#[cfg(test)]
mod fuzz;
#[cfg(test)]
mod tests;
