//! One row's cells looked up by schema column, read and checked the same way for every kind:
//! each problem is recorded with its row, column, value and reason in Chinese and English.

use crate::error::Problem;
use crate::import::ImportScope;
use crate::schema::Column;
use crate::source::Row;
use crate::text::{Cell, Invalid, half_width, parse_bool, parse_integer, parse_number, text};
use liantu_model::bounds::{Bound, Violation, check_name, check_text};
use liantu_model::innovation::NodeRef;
use liantu_model::{IndustryCode, Ownership, RegionCode, Uscc};
use liantu_store::{Store, StoreError};
use std::collections::{HashMap, HashSet};
use std::hash::Hash;

/// What rows of every kind are checked against, loaded from the database before the pass.
pub(crate) struct Shared {
    pub usccs: HashSet<String>,
    pub sources: HashSet<String>,
    /// The source id of rows without one.
    pub default_source: String,
    /// The firms the rows may touch, and where the stored ones are (loaded only when scoped).
    pub scope: Option<ImportScope>,
    pub places: HashMap<String, (String, Option<String>)>,
}

impl Shared {
    pub(crate) async fn load(
        store: &Store,
        default_source: String,
        scope: Option<ImportScope>,
    ) -> Result<Shared, StoreError> {
        let places = match scope {
            Some(_) => store.enterprise_places().await?,
            None => HashMap::new(),
        };
        Ok(Shared {
            usccs: store.enterprise_usccs().await?,
            sources: store.source_ids().await?,
            default_source,
            scope,
            places,
        })
    }
}

/// Chain id or Chinese name → (chain id, node id or Chinese name → node id).
pub(crate) type Chains = HashMap<String, (String, HashMap<String, String>)>;

/// The installed chains, looked up by id or Chinese name.
pub(crate) async fn load_chains(store: &Store) -> Result<Chains, StoreError> {
    let mut by_chain: Vec<(String, String, HashMap<String, String>)> = Vec::new();
    for (chain, chain_name, node, node_name) in store.chain_node_names().await? {
        if by_chain.last().is_none_or(|(id, _, _)| *id != chain) {
            by_chain.push((chain.clone(), chain_name, HashMap::new()));
        }
        if let Some((_, _, nodes)) = by_chain.last_mut() {
            nodes.insert(node_name, node.clone());
            nodes.insert(node.clone(), node);
        }
    }
    let mut chains = Chains::new();
    for (id, name, nodes) in by_chain {
        chains.insert(name, (id.clone(), nodes.clone()));
        chains.insert(id.clone(), (id, nodes));
    }
    Ok(chains)
}

/// The cells of one row, looked up by schema column, collecting problems as values are read.
pub(crate) struct Fields<'a> {
    row: &'a Row,
    columns: &'static [Column],
    /// Schema column index → file column index.
    at: &'a [Option<usize>],
    headers: &'a [String],
    shared: &'a Shared,
    pub(crate) errors: Vec<Problem>,
    pub(crate) warnings: Vec<Problem>,
    /// Schema keys with an error, so a contract check does not report them twice.
    failed_keys: Vec<String>,
}

impl<'a> Fields<'a> {
    pub(crate) fn new(
        row: &'a Row,
        columns: &'static [Column],
        at: &'a [Option<usize>],
        headers: &'a [String],
        shared: &'a Shared,
    ) -> Fields<'a> {
        Fields {
            row,
            columns,
            at,
            headers,
            shared,
            errors: Vec::new(),
            warnings: Vec::new(),
            failed_keys: Vec::new(),
        }
    }

    /// Whether the enterprise is stored.
    pub(crate) fn is_stored(&self, code: &Uscc) -> bool {
        self.shared.usccs.contains(code.as_str())
    }

    /// Checks a row's key against the rows before it (`seen`) and the database (`stored`): a
    /// duplicate in the file is an error on `column`, and so is a stored key unless `upsert`.
    /// Returns whether the row replaces a stored one.
    pub(crate) fn check_key<K: Hash + Eq>(
        &mut self,
        column: &str,
        seen: &mut HashMap<K, u64>,
        key: K,
        stored: bool,
        upsert: bool,
    ) -> bool {
        if let Some(first) = seen.get(&key) {
            self.fail(column, duplicate_in_file(*first));
            return false;
        }
        seen.insert(key, self.row.number);
        if stored && !upsert {
            self.fail(column, already_stored());
        }
        stored && upsert
    }
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

    pub(crate) fn fail(&mut self, key: &str, why: Invalid) {
        let p = self.problem(key, why);
        self.errors.push(p);
        self.failed_keys.push(key.to_string());
    }

    pub(crate) fn warn(&mut self, key: &str, why: Invalid) {
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

    /// Trimmed text; control characters (NUL …) and bidi overrides are refused.
    pub(crate) fn text(&mut self, key: &str, required: bool) -> Option<String> {
        let cell = self.value(key)?;
        let t = text(cell);
        if t.is_none() && required {
            self.missing(key);
        }
        if let Some(s) = &t
            && let Err(e) = check_text(s)
        {
            self.fail(key, Invalid::new(e.reason_zh(), e.reason_en()));
            return None;
        }
        t
    }

    /// A name: text with something visible and no control characters (`bounds::check_name`).
    pub(crate) fn name(&mut self, key: &str, required: bool) -> Option<String> {
        let cell = self.value(key)?;
        let t = text(cell);
        match t.as_deref().map(check_name) {
            None if required => self.missing(key),
            Some(Err(e)) => {
                self.fail(key, Invalid::new(e.reason_zh(), e.reason_en()));
                return None;
            }
            _ => {}
        }
        t
    }

    /// A number within `bound` (the data contract, `liantu_model::bounds`); `percent` accepts
    /// `30%` for 0.3.
    pub(crate) fn bounded(
        &mut self,
        key: &str,
        required: bool,
        percent: bool,
        bound: &Bound,
    ) -> Option<f64> {
        let v = self.parsed(key, required, |c| parse_number(c, percent))?;
        match bound.check(v) {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(key, Invalid::new(e.reason_zh(), e.reason_en()));
                None
            }
        }
    }

    /// A whole number within `bound`.
    pub(crate) fn bounded_integer(&mut self, key: &str, bound: &Bound) -> Option<i64> {
        let v = self.parsed(key, false, parse_integer)?;
        match bound.check(v as f64) {
            Ok(_) => Some(v),
            Err(e) => {
                self.fail(key, Invalid::new(e.reason_zh(), e.reason_en()));
                None
            }
        }
    }

    /// Fails the row for every contract violation of its record on a column not already
    /// refused: whatever the field-by-field reading let through, the record is still checked
    /// against `liantu_model::bounds` before it is stored.
    pub(crate) fn enforce(&mut self, violations: Vec<Violation>) {
        for v in violations {
            if !self.failed_keys.iter().any(|k| k == v.field) {
                self.fail(v.field, Invalid::new(v.reason_zh, v.reason_en));
            }
        }
    }

    pub(crate) fn parsed<T>(
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

    pub(crate) fn uscc(&mut self, key: &str, required: bool) -> Option<Uscc> {
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

    pub(crate) fn region(
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

    pub(crate) fn industry(&mut self, key: &str, known: &HashSet<String>) -> Option<IndustryCode> {
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

    pub(crate) fn ownership(&mut self, key: &str) -> Option<Ownership> {
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

    /// A year of figures (required), within `bounds::YEAR`.
    pub(crate) fn year(&mut self, key: &str) -> Option<i32> {
        let bound = liantu_model::bounds::YEAR;
        self.parsed(key, true, parse_integer).and_then(|y| {
            if bound.contains(y as f64) {
                Some(y as i32)
            } else {
                self.fail(
                    key,
                    Invalid::new(
                        format!("年份不合理，应为 {}", bound.describe_zh()),
                        format!("implausible year, expected {}", bound.describe_en()),
                    ),
                );
                None
            }
        })
    }

    pub(crate) fn flag(&mut self, key: &str) -> bool {
        self.parsed(key, false, parse_bool).unwrap_or(false)
    }

    pub(crate) fn source(&mut self) -> String {
        match self.text("source", false) {
            Some(s) if self.shared.sources.contains(&s) => s,
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
            None => self.shared.default_source.clone(),
        }
    }

    pub(crate) fn chain_node(&mut self, chains: &Chains) -> Option<(String, String)> {
        let chain = self.text("chain", true);
        let node = self.text("node", true);
        let chain = chain?;
        let Some((chain_id, nodes)) = chains.get(&chain) else {
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

    /// A list of chain nodes, each `产业链:环节` by id or Chinese name (`nev-battery:cathode`,
    /// `新能源汽车及锂电池:正极材料`), separated by `；`, `、`, `,` or spaces. Every entry that
    /// names no installed node is reported in one message.
    pub(crate) fn node_refs(
        &mut self,
        key: &str,
        required: bool,
        chains: &Chains,
    ) -> Option<Vec<NodeRef>> {
        let text = self.text(key, required)?;
        let mut refs: Vec<NodeRef> = Vec::new();
        let mut bad: Vec<&str> = Vec::new();
        for part in split_list(&text) {
            let found = part
                .split_once([':', '：'])
                .and_then(|(chain, node)| {
                    let (chain_id, nodes) = chains.get(chain)?;
                    Some((chain_id, nodes.get(node)?))
                })
                .map(|(chain, node)| NodeRef {
                    chain: chain.clone(),
                    node: node.clone(),
                });
            match found {
                Some(r) if !refs.contains(&r) => refs.push(r),
                Some(_) => {}
                None => bad.push(part),
            }
        }
        if !bad.is_empty() {
            let list = bad.join("、");
            self.fail(
                key,
                Invalid::new(
                    format!(
                        "不是已安装产业链的环节（写作 产业链:环节，liantu chain show 查看）：{list}"
                    ),
                    format!(
                        "not nodes of installed chains (write chain:node, see `liantu chain show`): {list}"
                    ),
                ),
            );
            return None;
        }
        Some(refs)
    }

    /// In a scoped import, fails `key` when the row's firm lies outside the scope: where the
    /// firm is stored, and (`place`, for an enterprise row) where the row puts it. A firm that is
    /// neither stored nor placed by the row is reported by `require_enterprise` instead.
    pub(crate) fn check_scope(
        &mut self,
        key: &str,
        code: &Uscc,
        place: Option<(&RegionCode, Option<&str>)>,
    ) {
        let Some(scope) = &self.shared.scope else {
            return;
        };
        let within = |region: &str, park: Option<&str>| match scope {
            ImportScope::Region(r) => RegionCode::parse(region).is_ok_and(|c| r.contains(&c)),
            ImportScope::Park(p) => park == Some(p.as_str()),
            ImportScope::Enterprise(u) => u == code,
        };
        let stored_inside = self
            .shared
            .places
            .get(code.as_str())
            .is_none_or(|(region, park)| within(region, park.as_deref()));
        let placed_inside = place.is_none_or(|(region, park)| within(region.as_str(), park));
        let inside = match scope {
            ImportScope::Enterprise(u) => u == code,
            _ => stored_inside && placed_inside,
        };
        if !inside {
            let (zh, en) = match scope {
                ImportScope::Region(r) => (format!("行政区划 {r}"), format!("division {r}")),
                ImportScope::Park(p) => (format!("园区 {p}"), format!("park {p}")),
                ImportScope::Enterprise(u) => (format!("企业 {u}"), format!("enterprise {u}")),
            };
            self.fail(
                key,
                Invalid::new(
                    format!("这家企业不在本账号的数据范围内（{zh}），不能导入它的数据"),
                    format!("this firm is outside the account's scope ({en}): its rows cannot be imported"),
                ),
            );
        }
    }

    pub(crate) fn require_enterprise(&mut self, key: &str, code: &Uscc, hint: Invalid) {
        if !self.shared.usccs.contains(code.as_str()) {
            self.fail(key, hint);
        }
    }
}

/// Splits a list cell on `；`, `、`, `,`, `|` and spaces, except inside brackets: node names
/// such as 锂资源（锂矿、盐湖卤水） hold separators of their own.
pub(crate) fn split_list(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in text.char_indices() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            ';' | '；' | ',' | '，' | '、' | '|' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            c if c.is_whitespace() && depth == 0 => {
                parts.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts.retain(|p| !p.is_empty());
    parts
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

/// The reason for a row about an enterprise that is not stored.
pub(crate) fn not_imported() -> Invalid {
    Invalid::new(
        "数据库中没有这家企业，请先导入企业名录",
        "enterprise not in the database; import the enterprise list first",
    )
}

#[cfg(test)]
mod tests {
    use super::split_list;

    #[test]
    fn lists_split_outside_brackets_only() {
        assert_eq!(
            split_list("a:锂资源（锂矿、盐湖卤水）；b:c、 d:e"),
            ["a:锂资源（锂矿、盐湖卤水）", "b:c", "d:e"]
        );
        assert!(split_list(" ；").is_empty());
    }
}
