//! The import: one streaming pass over the file that validates every row and, while no row has
//! failed, writes batches into one open transaction. Any bad row stops the writing (validation
//! goes on, so every bad row is reported) and the transaction is rolled back: all or nothing.

use crate::error::{FileError, Problem, Report};
use crate::schema::{Column, Kind};
use crate::source::{FileInfo, Row, open};
use crate::text::{
    Cell, Invalid, half_width, parse_bool, parse_date, parse_integer, parse_number, parse_year,
    text,
};
use liantu_model::records::{
    Enterprise, EnterpriseYear, Membership, Source, SourceKind, SupplyLink,
};
use liantu_model::{IndustryCode, Ownership, RegionCode, Uscc};
use liantu_store::{ImportTx, LinkKey, Store, StoreError, link_key};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// Rows handed to the store per call.
const WRITE_BATCH: usize = 4096;

/// The source id used when neither the file nor `--source` names one; created on first use.
pub const DEFAULT_SOURCE: &str = "import";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// New rows only: a key that is already stored is an error.
    #[default]
    Insert,
    /// New rows are added, rows whose key is stored replace it (enterprises keyed by USCC, yearly
    /// figures by USCC and year, memberships by USCC, chain and node, links by buyer, supplier,
    /// chain, node, product and year).
    Upsert,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Force the encoding of a CSV file (`gbk`, `utf-8`, …).
    pub encoding: Option<String>,
    pub mode: Mode,
    /// Source id for rows without one (default [`DEFAULT_SOURCE`]).
    pub source: Option<String>,
}

/// A successful import.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportSummary {
    pub kind: Kind,
    pub info: FileInfo,
    pub rows: u64,
    pub added: u64,
    pub updated: u64,
    pub warnings: Vec<Problem>,
    pub warning_count: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    File(#[from] FileError),
    /// Bad rows: nothing was written.
    #[error("{}", .0.render(20))]
    Rows(Box<Report>),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("导入内部错误 / internal import error: {0}")]
    Internal(String),
}

/// What rows are checked against, loaded from the database before the pass.
#[derive(Default)]
struct Context {
    usccs: HashSet<String>,
    regions: HashSet<String>,
    /// Park id or Chinese name → id.
    parks: HashMap<String, String>,
    /// Chain id or Chinese name → (chain id, node id or Chinese name → node id).
    chains: HashMap<String, (String, HashMap<String, String>)>,
    sources: HashSet<String>,
    /// GB/T 4754-2017 reference codes; empty when the table is not loaded.
    industry: HashSet<String>,
    default_source: String,
}

async fn load_context(
    store: &Store,
    kind: Kind,
    opts: &ImportOptions,
) -> Result<Context, StoreError> {
    let mut ctx = Context {
        usccs: store.enterprise_usccs().await?,
        sources: store.source_ids().await?,
        default_source: opts
            .source
            .clone()
            .unwrap_or_else(|| DEFAULT_SOURCE.to_string()),
        ..Context::default()
    };
    if matches!(kind, Kind::Enterprises | Kind::Links) {
        ctx.regions = store.region_codes().await?;
    }
    if kind == Kind::Enterprises {
        for p in store.parks().await? {
            ctx.parks.insert(p.name_zh.clone(), p.id.clone());
            ctx.parks.insert(p.id.clone(), p.id);
        }
        ctx.industry = store.industry_codes().await?;
    }
    if matches!(kind, Kind::Memberships | Kind::Links) {
        let mut chains: Vec<(String, String, HashMap<String, String>)> = Vec::new();
        for (chain, chain_name, node, node_name) in store.chain_node_names().await? {
            if chains.last().is_none_or(|(id, _, _)| *id != chain) {
                chains.push((chain.clone(), chain_name, HashMap::new()));
            }
            if let Some((_, _, nodes)) = chains.last_mut() {
                nodes.insert(node_name, node.clone());
                nodes.insert(node.clone(), node);
            }
        }
        for (id, name, nodes) in chains {
            ctx.chains.insert(name, (id.clone(), nodes.clone()));
            ctx.chains.insert(id.clone(), (id, nodes));
        }
    }
    Ok(ctx)
}

/// The cells of one row, looked up by schema column, collecting problems as values are read.
struct Fields<'a> {
    row: &'a Row,
    columns: &'static [Column],
    /// Schema column index → file column index.
    at: &'a [Option<usize>],
    headers: &'a [String],
    errors: Vec<Problem>,
    warnings: Vec<Problem>,
}

impl<'a> Fields<'a> {
    fn index(&self, key: &str) -> usize {
        // Invariant: keys are the schema's own constants.
        self.columns
            .iter()
            .position(|c| c.key == key)
            .unwrap_or(usize::MAX)
    }

    fn cell(&self, key: &str) -> (Option<usize>, &'a Cell) {
        static EMPTY: Cell = Cell::Empty;
        let file_col = self.at.get(self.index(key)).copied().flatten();
        let cell = file_col
            .and_then(|c| self.row.cells.get(c))
            .unwrap_or(&EMPTY);
        (file_col, cell)
    }

    fn problem(&self, key: &str, why: Invalid) -> Problem {
        let (col, cell) = self.cell(key);
        let header = col
            .and_then(|c| self.headers.get(c))
            .cloned()
            .unwrap_or_else(|| {
                let i = self.index(key);
                self.columns
                    .get(i)
                    .map(|c| c.zh.to_string())
                    .unwrap_or_default()
            });
        Problem {
            row: self.row.number,
            column: col,
            header,
            value: cell.display(),
            reason_zh: why.zh,
            reason_en: why.en,
        }
    }

    fn fail(&mut self, key: &str, why: Invalid) {
        let p = self.problem(key, why);
        self.errors.push(p);
    }

    fn warn(&mut self, key: &str, why: Invalid) {
        let p = self.problem(key, why);
        self.warnings.push(p);
    }

    /// The cell, or an error when it is a spreadsheet error value / undecodable text.
    fn value(&mut self, key: &str) -> Option<&'a Cell> {
        let (_, cell) = self.cell(key);
        if let Cell::Error(e) = cell {
            self.fail(
                key,
                Invalid::new(
                    format!("单元格无法读取：{e}"),
                    format!("unreadable cell: {e}"),
                ),
            );
            return None;
        }
        Some(cell)
    }

    fn missing(&mut self, key: &str) {
        self.fail(key, Invalid::new("必填项为空", "required value is empty"));
    }

    fn text(&mut self, key: &str, required: bool) -> Option<String> {
        let cell = self.value(key)?;
        let t = text(cell);
        if t.is_none() && required {
            self.missing(key);
        }
        t
    }

    fn parsed<T>(
        &mut self,
        key: &str,
        required: bool,
        parse: impl FnOnce(&Cell) -> Result<Option<T>, Invalid>,
    ) -> Option<T> {
        let cell = self.value(key)?;
        match parse(cell) {
            Ok(Some(v)) => Some(v),
            Ok(None) => {
                if required {
                    self.missing(key);
                }
                None
            }
            Err(why) => {
                self.fail(key, why);
                None
            }
        }
    }

    fn uscc(&mut self, key: &str, required: bool) -> Option<Uscc> {
        let cell = self.value(key)?;
        if let Cell::Number(n) = cell
            && n.abs() >= 1e15
        {
            self.fail(
                key,
                Invalid::new(
                    "信用代码被 Excel 存成了数字，后几位已丢失；请把该列设为文本后重新填写",
                    "the USCC was stored as a number and lost its last digits; format the column as text and re-enter it",
                ),
            );
            return None;
        }
        let raw = text(cell).unwrap_or_default();
        let raw = half_width(&raw);
        if raw.trim().is_empty() {
            if required {
                self.missing(key);
            }
            return None;
        }
        match Uscc::parse(&raw) {
            Ok((code, None)) => Some(code),
            Ok((code, Some(w))) => {
                self.warn(
                    key,
                    Invalid::new(
                        format!(
                            "统一社会信用代码{}",
                            w.to_string().split(" / ").next().unwrap_or("")
                        ),
                        format!("USCC: {}", w.to_string().split(" / ").nth(1).unwrap_or("")),
                    ),
                );
                Some(code)
            }
            Err(e) => {
                let s = e.to_string();
                let (zh, en) = s.split_once(" / ").unwrap_or((&s, &s));
                self.fail(key, Invalid::new(zh, en));
                None
            }
        }
    }

    fn region(
        &mut self,
        key: &str,
        known: &HashSet<String>,
        must_be_known: bool,
    ) -> Option<RegionCode> {
        let raw = self.text(key, true)?;
        match RegionCode::parse(&half_width(&raw)) {
            Ok(code)
                if known.contains(code.as_str())
                    || code == RegionCode::ABROAD && !must_be_known =>
            {
                Some(code)
            }
            Ok(code) => {
                let why = Invalid::new(
                    "数据库中没有这个行政区划代码（先运行 liantu reference import divisions FILE）",
                    "division code not in the database (run `liantu reference import divisions FILE` first)",
                );
                if must_be_known {
                    self.fail(key, why);
                    None
                } else {
                    self.warn(key, why);
                    Some(code)
                }
            }
            Err(_) => {
                self.fail(
                    key,
                    Invalid::new("行政区划代码应为 6 位数字", "a division code has 6 digits"),
                );
                None
            }
        }
    }

    fn industry(&mut self, key: &str, known: &HashSet<String>) -> Option<IndustryCode> {
        let cell = self.value(key)?;
        let mut raw = half_width(&text(cell)?).trim().to_string();
        if let Cell::Number(_) = cell
            && (raw.len() == 1 || raw.len() == 3)
        {
            raw.insert(0, '0');
            self.warn(
                key,
                Invalid::new(
                    format!("行业代码是数字，已补回开头的 0：{raw}（请把该列设为文本）"),
                    format!("numeric industry code: the leading zero was restored as {raw} (format the column as text)"),
                ),
            );
        }
        match IndustryCode::parse(&raw) {
            Ok(code) if known.is_empty() || known.contains(code.as_str()) => Some(code),
            Ok(_) => {
                self.fail(
                    key,
                    Invalid::new(
                        "GB/T 4754-2017 代码表中没有这个行业代码",
                        "industry code not in the GB/T 4754-2017 reference table",
                    ),
                );
                None
            }
            Err(e) => {
                self.fail(key, Invalid::new(e.message_zh(), e.message_en()));
                None
            }
        }
    }

    fn ownership(&mut self, key: &str) -> Option<Ownership> {
        let raw = self.text(key, true)?;
        let t = half_width(&raw).trim().to_lowercase();
        let o = match t.trim_end_matches("企业").trim_end_matches("控股") {
            "国有" | "国企" | "国有独资" | "state" | "state-owned" | "soe" => {
                Ownership::State
            }
            "民营" | "私营" | "民企" | "个体" | "集体" | "private" => Ownership::Private,
            "外资" | "外商投资" | "外商独资" | "中外合资" | "中外合作" | "foreign" => {
                Ownership::Foreign
            }
            "港澳台" | "港澳台投资" | "港澳台商投资" | "hmt" => Ownership::Hmt,
            _ => {
                self.fail(
                    key,
                    Invalid::new(
                        "所有制应为 国有 / 民营 / 外资 / 港澳台",
                        "ownership must be state, private, foreign or hmt (国有 / 民营 / 外资 / 港澳台)",
                    ),
                );
                return None;
            }
        };
        Some(o)
    }

    fn flag(&mut self, key: &str) -> bool {
        self.parsed(key, false, parse_bool).unwrap_or(false)
    }

    fn source(&mut self, ctx: &mut Context) -> String {
        match self.text("source", false) {
            Some(s) if ctx.sources.contains(&s) => s,
            Some(s) => {
                self.fail(
                    "source",
                    Invalid::new(
                        "数据库中没有这个数据来源编号",
                        "source id not in the database",
                    ),
                );
                s
            }
            None => ctx.default_source.clone(),
        }
    }

    fn chain_node(&mut self, ctx: &Context) -> Option<(String, String)> {
        let chain = self.text("chain", true);
        let node = self.text("node", true);
        let chain = chain?;
        let Some((chain_id, nodes)) = ctx.chains.get(&chain) else {
            self.fail(
                "chain",
                Invalid::new(
                    "没有安装这条产业链（liantu chain list 查看）",
                    "no such chain installed (see `liantu chain list`)",
                ),
            );
            return None;
        };
        let node = node?;
        match nodes.get(&node) {
            Some(node_id) => Some((chain_id.clone(), node_id.clone())),
            None => {
                self.fail(
                    "node",
                    Invalid::new(
                        format!(
                            "产业链 {chain_id} 中没有这个环节（liantu chain show {chain_id} 查看）"
                        ),
                        format!(
                            "chain {chain_id} has no such node (see `liantu chain show {chain_id}`)"
                        ),
                    ),
                );
                None
            }
        }
    }

    fn require_enterprise(&mut self, key: &str, code: &Uscc, ctx: &Context, hint: Invalid) {
        if !ctx.usccs.contains(code.as_str()) {
            self.fail(key, hint);
        }
    }
}

/// Per-kind state of the pass: duplicates seen in the file, keys in the database.
enum Pass {
    Enterprises {
        seen: HashMap<String, u64>,
        batch: Vec<Enterprise>,
    },
    Years {
        stored: HashSet<(String, i32)>,
        seen: HashMap<(String, i32), u64>,
        batch: Vec<EnterpriseYear>,
    },
    Memberships {
        stored: HashSet<(String, String, String)>,
        seen: HashMap<(String, String, String), u64>,
        batch: Vec<Membership>,
    },
    Links {
        stored: HashMap<LinkKey, i64>,
        seen: HashMap<LinkKey, u64>,
        next_id: i64,
        batch: Vec<(i64, SupplyLink)>,
    },
}

fn duplicate_in_file(first: u64) -> Invalid {
    Invalid::new(
        format!("与第 {first} 行重复"),
        format!("duplicate of row {first}"),
    )
}

fn already_stored() -> Invalid {
    Invalid::new(
        "数据库中已有这条记录（要更新请用 --mode upsert）",
        "already in the database (use --mode upsert to update it)",
    )
}

fn not_imported() -> Invalid {
    Invalid::new(
        "数据库中没有这家企业，请先导入企业名录",
        "enterprise not in the database; import the enterprise list first",
    )
}

/// Outcome of one row: whether it updates a stored row.
enum RowOutcome {
    Added,
    Updated,
    Bad,
}

impl Pass {
    fn new(kind: Kind, stored: StoredKeys) -> Pass {
        match (kind, stored) {
            (Kind::Enterprises, _) => Pass::Enterprises {
                seen: HashMap::new(),
                batch: Vec::new(),
            },
            (Kind::Years, StoredKeys::Years(stored)) => Pass::Years {
                stored,
                seen: HashMap::new(),
                batch: Vec::new(),
            },
            (Kind::Memberships, StoredKeys::Memberships(stored)) => Pass::Memberships {
                stored,
                seen: HashMap::new(),
                batch: Vec::new(),
            },
            (Kind::Links, StoredKeys::Links(stored, next_id)) => Pass::Links {
                stored,
                seen: HashMap::new(),
                next_id,
                batch: Vec::new(),
            },
            // Invariant: `stored_keys` returns the variant of the kind.
            (Kind::Years, _) => Pass::Years {
                stored: HashSet::new(),
                seen: HashMap::new(),
                batch: Vec::new(),
            },
            (Kind::Memberships, _) => Pass::Memberships {
                stored: HashSet::new(),
                seen: HashMap::new(),
                batch: Vec::new(),
            },
            (Kind::Links, _) => Pass::Links {
                stored: HashMap::new(),
                seen: HashMap::new(),
                next_id: 1,
                batch: Vec::new(),
            },
        }
    }

    fn batch_len(&self) -> usize {
        match self {
            Pass::Enterprises { batch, .. } => batch.len(),
            Pass::Years { batch, .. } => batch.len(),
            Pass::Memberships { batch, .. } => batch.len(),
            Pass::Links { batch, .. } => batch.len(),
        }
    }

    /// Takes the pending batch.
    fn take(&mut self) -> Batch {
        match self {
            Pass::Enterprises { batch, .. } => Batch::Enterprises(std::mem::take(batch)),
            Pass::Years { batch, .. } => Batch::Years(std::mem::take(batch)),
            Pass::Memberships { batch, .. } => Batch::Memberships(std::mem::take(batch)),
            Pass::Links { batch, .. } => Batch::Links(std::mem::take(batch)),
        }
    }

    fn row(&mut self, f: &mut Fields, ctx: &mut Context, mode: Mode, keep: bool) -> RowOutcome {
        let upsert = mode == Mode::Upsert;
        match self {
            Pass::Enterprises { seen, batch } => {
                let uscc = f.uscc("uscc", true);
                let name = f.text("name", true);
                let region = f.region("region", &ctx.regions, true);
                let park = match f.text("park", false) {
                    None => None,
                    Some(p) => match ctx.parks.get(&p) {
                        Some(id) => Some(id.clone()),
                        None => {
                            f.fail(
                                "park",
                                Invalid::new("数据库中没有这个园区", "park not in the database"),
                            );
                            None
                        }
                    },
                };
                let ownership = f.ownership("ownership");
                let above_scale = f.flag("above_scale");
                let industry_code = f.industry("industry_code", &ctx.industry);
                let main_products = f.text("main_products", false).unwrap_or_default();
                let business_scope = f.text("business_scope", false);
                let high_tech = f.flag("high_tech");
                let specialized = f.flag("specialized");
                let listed = f.flag("listed");
                let land_mu = f.parsed("land_mu", false, |c| parse_number(c, false));
                let founded = f.parsed("founded", false, parse_year);
                let source = f.source(ctx);
                let uscc_illustrative = f.flag("uscc_illustrative");
                let mut updated = false;
                if let Some(code) = &uscc {
                    if let Some(first) = seen.get(code.as_str()) {
                        f.fail("uscc", duplicate_in_file(*first));
                    } else {
                        seen.insert(code.as_str().to_string(), f.row.number);
                        if ctx.usccs.contains(code.as_str()) {
                            if upsert {
                                updated = true;
                            } else {
                                f.fail("uscc", already_stored());
                            }
                        }
                    }
                }
                let (Some(uscc), Some(name), Some(region), Some(ownership)) =
                    (uscc, name, region, ownership)
                else {
                    return RowOutcome::Bad;
                };
                if !f.errors.is_empty() {
                    return RowOutcome::Bad;
                }
                if keep {
                    batch.push(Enterprise {
                        uscc,
                        name,
                        region,
                        park,
                        ownership,
                        above_scale,
                        industry_code,
                        main_products,
                        business_scope,
                        high_tech,
                        specialized,
                        listed,
                        land_mu,
                        founded,
                        source,
                        uscc_illustrative,
                    });
                }
                if updated {
                    RowOutcome::Updated
                } else {
                    RowOutcome::Added
                }
            }
            Pass::Years {
                stored,
                seen,
                batch,
            } => {
                let uscc = f.uscc("uscc", true);
                if let Some(code) = &uscc {
                    f.require_enterprise("uscc", code, ctx, not_imported());
                }
                let year = f.parsed("year", true, parse_integer).and_then(|y| {
                    if (1900..=2200).contains(&y) {
                        Some(y as i32)
                    } else {
                        f.fail("year", Invalid::new("年份不合理", "implausible year"));
                        None
                    }
                });
                let money = |f: &mut Fields, key: &str| {
                    let v = f.parsed(key, false, |c| parse_number(c, false));
                    if let Some(x) = v
                        && x < 0.0
                        && matches!(key, "output" | "revenue" | "value_added")
                    {
                        f.warn(key, Invalid::new("数值为负", "negative value"));
                    }
                    v
                };
                let output = money(f, "output");
                let value_added = money(f, "value_added");
                let revenue = money(f, "revenue");
                let tax = money(f, "tax");
                let employees = f.parsed("employees", false, parse_integer);
                let rd_expense = money(f, "rd_expense");
                let exports = money(f, "exports");
                let energy_tce = money(f, "energy_tce");
                let emissions_tco2 = money(f, "emissions_tco2");
                let source = f.source(ctx);
                let as_of = f.parsed("as_of", false, parse_date);
                let (Some(uscc), Some(year)) = (uscc, year) else {
                    return RowOutcome::Bad;
                };
                let key = (uscc.as_str().to_string(), year);
                let mut updated = false;
                if let Some(first) = seen.get(&key) {
                    f.fail("year", duplicate_in_file(*first));
                } else {
                    let stored_already = stored.contains(&key);
                    seen.insert(key, f.row.number);
                    if stored_already {
                        if upsert {
                            updated = true;
                        } else {
                            f.fail("year", already_stored());
                        }
                    }
                }
                if !f.errors.is_empty() {
                    return RowOutcome::Bad;
                }
                if keep {
                    batch.push(EnterpriseYear {
                        uscc,
                        year,
                        output,
                        value_added,
                        revenue,
                        tax,
                        employees,
                        rd_expense,
                        exports,
                        energy_tce,
                        emissions_tco2,
                        source,
                        as_of: as_of
                            .map(|d| d.to_string())
                            .unwrap_or_else(|| format!("{year:04}-12-31")),
                    });
                }
                if updated {
                    RowOutcome::Updated
                } else {
                    RowOutcome::Added
                }
            }
            Pass::Memberships {
                stored,
                seen,
                batch,
            } => {
                let uscc = f.uscc("uscc", true);
                if let Some(code) = &uscc {
                    f.require_enterprise("uscc", code, ctx, not_imported());
                }
                let chain_node = f.chain_node(ctx);
                let share = f.parsed("share", false, |c| parse_number(c, true));
                if let Some(s) = share
                    && !(0.0..=1.0).contains(&s)
                {
                    f.fail(
                        "share",
                        Invalid::new(
                            "占比应在 0 到 1 之间（或 0%–100%）",
                            "share must be between 0 and 1 (or 0%–100%)",
                        ),
                    );
                }
                let source = f.source(ctx);
                let (Some(uscc), Some((chain, node))) = (uscc, chain_node) else {
                    return RowOutcome::Bad;
                };
                let key = (uscc.as_str().to_string(), chain.clone(), node.clone());
                let mut updated = false;
                if let Some(first) = seen.get(&key) {
                    f.fail("node", duplicate_in_file(*first));
                } else {
                    let stored_already = stored.contains(&key);
                    seen.insert(key, f.row.number);
                    if stored_already {
                        if upsert {
                            updated = true;
                        } else {
                            f.fail("node", already_stored());
                        }
                    }
                }
                if !f.errors.is_empty() {
                    return RowOutcome::Bad;
                }
                if keep {
                    batch.push(Membership {
                        uscc,
                        chain,
                        node,
                        share,
                        source,
                    });
                }
                if updated {
                    RowOutcome::Updated
                } else {
                    RowOutcome::Added
                }
            }
            Pass::Links {
                stored,
                seen,
                next_id,
                batch,
            } => {
                let buyer = f.uscc("buyer_uscc", true);
                if let Some(code) = &buyer {
                    f.require_enterprise("buyer_uscc", code, ctx, not_imported());
                }
                let supplier = f.uscc("supplier_uscc", false);
                if let Some(code) = &supplier {
                    f.require_enterprise(
                        "supplier_uscc",
                        code,
                        ctx,
                        Invalid::new(
                            "供应方不在企业名录中；名录外的供应方请把信用代码留空",
                            "supplier not in the enterprise list; leave the USCC empty for suppliers outside it",
                        ),
                    );
                }
                let supplier_name = f.text("supplier_name", true);
                let supplier_region = f.region("supplier_region", &ctx.regions, false);
                let chain_node = f.chain_node(ctx);
                let product = f.text("product", false).unwrap_or_default();
                let year = f.parsed("year", true, parse_integer).and_then(|y| {
                    if (1900..=2200).contains(&y) {
                        Some(y as i32)
                    } else {
                        f.fail("year", Invalid::new("年份不合理", "implausible year"));
                        None
                    }
                });
                let value = f.parsed("value", true, |c| parse_number(c, false));
                if let Some(v) = value
                    && v < 0.0
                {
                    f.fail(
                        "value",
                        Invalid::new("采购金额不能为负", "the value cannot be negative"),
                    );
                }
                let source = f.source(ctx);
                let (
                    Some(buyer),
                    Some(supplier_name),
                    Some(supplier_region),
                    Some((chain, node)),
                    Some(year),
                    Some(value),
                ) = (
                    buyer,
                    supplier_name,
                    supplier_region,
                    chain_node,
                    year,
                    value,
                )
                else {
                    return RowOutcome::Bad;
                };
                let link = SupplyLink {
                    buyer,
                    supplier,
                    supplier_name,
                    supplier_region,
                    chain,
                    node,
                    product,
                    year,
                    value,
                    source,
                };
                let key = link_key(&link);
                let mut id = None;
                if let Some(first) = seen.get(&key) {
                    f.fail("value", duplicate_in_file(*first));
                } else {
                    let existing = stored.get(&key).copied();
                    seen.insert(key, f.row.number);
                    if let Some(existing) = existing {
                        if upsert {
                            id = Some(existing);
                        } else {
                            f.fail("value", already_stored());
                        }
                    }
                }
                if !f.errors.is_empty() {
                    return RowOutcome::Bad;
                }
                let updated = id.is_some();
                let id = id.unwrap_or_else(|| {
                    let id = *next_id;
                    *next_id += 1;
                    id
                });
                if keep {
                    batch.push((id, link));
                }
                if updated {
                    RowOutcome::Updated
                } else {
                    RowOutcome::Added
                }
            }
        }
    }
}

/// Rows on their way to the database.
enum Batch {
    Enterprises(Vec<Enterprise>),
    Years(Vec<EnterpriseYear>),
    Memberships(Vec<Membership>),
    Links(Vec<(i64, SupplyLink)>),
}

/// Writes batches into the import transaction on a task of its own, so the next batch is read
/// and validated while the previous one is written. The task hands the transaction back at the
/// end; if the import is abandoned instead, the task ends and the transaction rolls back.
struct Writer {
    send: mpsc::Sender<Batch>,
    task: JoinHandle<Result<ImportTx, StoreError>>,
}

impl Writer {
    fn spawn(mut tx: ImportTx) -> Writer {
        let (send, mut recv) = mpsc::channel::<Batch>(2);
        let task = tokio::spawn(async move {
            while let Some(batch) = recv.recv().await {
                match batch {
                    Batch::Enterprises(rows) => tx.put_enterprises(rows).await?,
                    Batch::Years(rows) => tx.put_years(&rows).await?,
                    Batch::Memberships(rows) => tx.put_memberships(&rows).await?,
                    Batch::Links(rows) => tx.put_links(&rows).await?,
                }
            }
            Ok(tx)
        });
        Writer { send, task }
    }

    /// Queues a batch; an error when the writer has stopped (its store error).
    async fn write(&mut self, batch: Batch) -> Result<(), ImportError> {
        if self.send.send(batch).await.is_ok() {
            return Ok(());
        }
        match (&mut self.task).await {
            Ok(Err(e)) => Err(e.into()),
            Ok(Ok(_)) => Err(ImportError::Internal("writer stopped".into())),
            Err(e) => Err(ImportError::Internal(e.to_string())),
        }
    }

    /// Waits for every queued batch to be written and returns the transaction.
    async fn finish(self) -> Result<ImportTx, ImportError> {
        drop(self.send);
        match self.task.await {
            Ok(r) => Ok(r?),
            Err(e) => Err(ImportError::Internal(e.to_string())),
        }
    }
}

enum StoredKeys {
    None,
    Years(HashSet<(String, i32)>),
    Memberships(HashSet<(String, String, String)>),
    Links(HashMap<LinkKey, i64>, i64),
}

async fn stored_keys(store: &Store, kind: Kind) -> Result<StoredKeys, StoreError> {
    Ok(match kind {
        Kind::Enterprises => StoredKeys::None,
        Kind::Years => StoredKeys::Years(store.year_keys().await?),
        Kind::Memberships => StoredKeys::Memberships(store.membership_keys().await?),
        Kind::Links => StoredKeys::Links(store.link_keys().await?, store.next_link_id().await?),
    })
}

/// Database columns an upsert overwrites: those the file has (and the source, always).
fn update_columns(kind: Kind, info: &FileInfo) -> Vec<&'static str> {
    let columns = kind.columns();
    let present: HashSet<usize> = info.mapping.iter().flatten().copied().collect();
    let db = |key: &'static str| match key {
        "chain" => "chain_id",
        "node" => "node_id",
        other => other,
    };
    if kind == Kind::Links {
        // A link is replaced whole.
        return vec![
            "buyer_uscc",
            "supplier_uscc",
            "supplier_name",
            "supplier_region",
            "chain_id",
            "node_id",
            "product",
            "year",
            "value",
            "source",
        ];
    }
    let mut cols: Vec<&'static str> = columns
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            present.contains(i) || c.key == "source" || (kind == Kind::Years && c.key == "as_of")
        })
        .map(|(_, c)| db(c.key))
        .collect();
    cols.dedup();
    cols
}

/// Imports `path` as `kind`: every row validated, written in one transaction, all or nothing.
pub async fn import_file(
    store: &Store,
    kind: Kind,
    path: &Path,
    opts: &ImportOptions,
) -> Result<ImportSummary, ImportError> {
    let columns = kind.columns();
    let mut opened = open(path, columns, opts.encoding.as_deref())?;
    let mut ctx = load_context(store, kind, opts).await?;
    let mut pass = Pass::new(kind, stored_keys(store, kind).await?);
    let info = opened.info.clone();
    // Schema column → file column.
    let mut at = vec![None; columns.len()];
    for (file_col, m) in info.mapping.iter().enumerate() {
        if let Some(c) = m {
            at[*c] = Some(file_col);
        }
    }
    let mut report = Report {
        header_row: info.header_row,
        headers: info.headers.clone(),
        ..Report::default()
    };
    for w in opened.warnings.drain(..) {
        report.warning(w);
    }
    let update = update_columns(kind, &info);
    let mut tx = store
        .begin_import((opts.mode == Mode::Upsert).then_some(update.as_slice()))
        .await?;
    if !ctx.sources.contains(&ctx.default_source) {
        // Created inside the import's transaction: gone again if the import fails.
        tx.ensure_source(&Source {
            id: ctx.default_source.clone(),
            kind: SourceKind::Public,
            title_zh: "用户导入的数据".into(),
            title_en: "Data imported by the user".into(),
            publisher: String::new(),
            published: String::new(),
            url: None,
        })
        .await?;
        ctx.sources.insert(ctx.default_source.clone());
    }
    let mut writer = Writer::spawn(tx);
    let (mut added, mut updated) = (0u64, 0u64);
    while let Some(row) = opened.rows.next_row()? {
        if row.cells.iter().all(Cell::is_empty) {
            continue;
        }
        report.rows += 1;
        let mut f = Fields {
            row: &row,
            columns,
            at: &at,
            headers: &info.headers,
            errors: Vec::new(),
            warnings: Vec::new(),
        };
        let keep = report.error_count == 0;
        match pass.row(&mut f, &mut ctx, opts.mode, keep) {
            RowOutcome::Added => added += 1,
            RowOutcome::Updated => updated += 1,
            RowOutcome::Bad => {}
        }
        for w in f.warnings {
            report.warning(w);
        }
        if !f.errors.is_empty() {
            report.bad_rows += 1;
            if report.bad_row_cells.len() < crate::error::MAX_KEPT {
                report
                    .bad_row_cells
                    .push((row.number, row.cells.iter().map(Cell::display).collect()));
            }
            for e in f.errors {
                report.error(e);
            }
        }
        if pass.batch_len() >= WRITE_BATCH {
            let batch = pass.take();
            // Once a row has failed nothing more is written; the rest is only validated.
            if report.error_count == 0 {
                writer.write(batch).await?;
            }
        }
    }
    if report.rows == 0 {
        return Err(FileError::NoData.into());
    }
    if report.error_count > 0 {
        writer.finish().await?.rollback().await?;
        return Err(ImportError::Rows(Box::new(report)));
    }
    writer.write(pass.take()).await?;
    writer.finish().await?.commit().await?;
    Ok(ImportSummary {
        kind,
        info,
        rows: report.rows,
        added,
        updated,
        warnings: report.warnings,
        warning_count: report.warning_count,
    })
}
