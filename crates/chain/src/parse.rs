//! TOML → [`Chain`], collecting every problem with its position instead of stopping at the first.
//!
//! We walk toml's spanned document tree ourselves rather than derive `Deserialize`: serde stops at
//! the first error, and users fixing a file want the whole list.

use crate::{Chain, Edge, Node, is_valid_id};
use liantu_model::bounds::{check_name, check_text, repair};
use liantu_model::chain::CrossEdge;
use liantu_model::occupation::OccupationCode;
use liantu_model::{EdgeKind, IndustryCode, Stage};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// One problem in a chain file, located by 1-based line and column (columns count characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub message_zh: String,
    pub message_en: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {} / {}",
            self.line, self.column, self.message_zh, self.message_en
        )
    }
}

/// Parses and validates a chain definition. On failure returns every problem found, in file order.
pub fn parse_chain(text: &str) -> Result<Chain, Vec<Problem>> {
    parse(text, false)
}

/// Parses a chain stored by an older liantu: as [`parse_chain`], but names and texts outside
/// the data contract (control characters, nothing visible) are repaired for display
/// (`liantu_model::bounds::repair`) instead of refused, so a stored chain can always be shown
/// and diagnosed.
pub fn parse_stored_chain(text: &str) -> Result<Chain, Vec<Problem>> {
    parse(text, true)
}

fn parse(text: &str, stored: bool) -> Result<Chain, Vec<Problem>> {
    let mut ctx = Ctx {
        text,
        problems: Vec::new(),
        stored,
    };
    let (doc, syntax_errors) = DeTable::parse_recoverable(text);
    for err in &syntax_errors {
        let span = err.span().unwrap_or(0..0);
        ctx.report(
            span,
            format!("TOML 语法错误：{}", err.message().trim()),
            format!("TOML syntax error: {}", err.message().trim()),
        );
    }
    let chain = read_chain(&mut ctx, doc.get_ref(), doc.span());
    let mut problems = ctx.problems;
    if problems.is_empty() {
        // Invariant: read_chain returns Some whenever it reported nothing.
        chain.ok_or_else(Vec::new)
    } else {
        problems.sort_by_key(|p| (p.line, p.column));
        problems.dedup();
        Err(problems)
    }
}

struct Ctx<'t> {
    text: &'t str,
    problems: Vec<Problem>,
    /// Repair texts outside the data contract instead of refusing them (stored chains).
    stored: bool,
}

impl Ctx<'_> {
    fn report(&mut self, span: Range<usize>, zh: String, en: String) {
        let (line, column) = line_column(self.text, span.start);
        self.problems.push(Problem {
            line,
            column,
            message_zh: zh,
            message_en: en,
        });
    }
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The keys of one TOML table, read one by one; whatever is left unread is an unknown key.
struct Fields<'a, 'i> {
    table: &'a DeTable<'i>,
    span: Range<usize>,
    what_zh: &'static str,
    what_en: &'static str,
    read: HashSet<&'static str>,
}

impl<'a, 'i> Fields<'a, 'i> {
    fn new(
        table: &'a DeTable<'i>,
        span: Range<usize>,
        what_zh: &'static str,
        what_en: &'static str,
    ) -> Self {
        Fields {
            table,
            span,
            what_zh,
            what_en,
            read: HashSet::new(),
        }
    }

    fn get(&mut self, key: &'static str) -> Option<&'a Spanned<DeValue<'i>>> {
        self.read.insert(key);
        self.table.get(key)
    }

    fn missing(&self, ctx: &mut Ctx, key: &str) {
        ctx.report(
            self.span.clone(),
            format!("{}缺少必填项 `{key}`", self.what_zh),
            format!("{} is missing the required key `{key}`", self.what_en),
        );
    }

    fn string(&mut self, ctx: &mut Ctx, key: &'static str) -> Option<Spanned<String>> {
        let Some(value) = self.get(key) else {
            self.missing(ctx, key);
            return None;
        };
        as_string(ctx, key, value)
    }

    /// A required name: a string with something visible and no control characters at all.
    fn name(&mut self, ctx: &mut Ctx, key: &'static str) -> Option<Spanned<String>> {
        let name = self.string(ctx, key)?;
        if ctx.stored {
            return Some(Spanned::new(name.span(), repair(name.get_ref(), true)));
        }
        if let Err(e) = check_name(name.get_ref()) {
            ctx.report(
                name.span(),
                format!("`{key}` {}", e.reason_zh()),
                format!("`{key}` {}", e.reason_en()),
            );
            return None;
        }
        Some(name)
    }

    fn optional_string(&mut self, ctx: &mut Ctx, key: &'static str) -> Option<String> {
        self.get(key)
            .and_then(|v| as_string(ctx, key, v))
            .map(Spanned::into_inner)
    }

    fn string_list(
        &mut self,
        ctx: &mut Ctx,
        key: &'static str,
        required: bool,
    ) -> Option<Vec<Spanned<String>>> {
        let Some(value) = self.get(key) else {
            if required {
                self.missing(ctx, key);
                return None;
            }
            return Some(Vec::new());
        };
        let DeValue::Array(items) = value.get_ref() else {
            ctx.report(
                value.span(),
                format!("`{key}` 应为字符串数组"),
                format!("`{key}` must be an array of strings"),
            );
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for item in items.iter() {
            match as_string(ctx, key, item) {
                Some(s) => out.push(s),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// Reports every key that was never read.
    fn finish(self, ctx: &mut Ctx) {
        for (key, _) in self.table.iter() {
            if !self.read.contains(key.get_ref().as_ref()) {
                ctx.report(
                    key.span(),
                    format!("{}中有未知的键 `{}`", self.what_zh, key.get_ref()),
                    format!("unknown key `{}` in {}", key.get_ref(), self.what_en),
                );
            }
        }
    }
}

/// A string value; control characters (NUL …) and bidi overrides are refused (data contract).
fn as_string(ctx: &mut Ctx, key: &str, value: &Spanned<DeValue>) -> Option<Spanned<String>> {
    match value.get_ref() {
        DeValue::String(s) => match check_text(s) {
            Ok(()) => Some(Spanned::new(value.span(), s.to_string())),
            Err(_) if ctx.stored => Some(Spanned::new(value.span(), repair(s, false))),
            Err(e) => {
                ctx.report(
                    value.span(),
                    format!("`{key}` {}", e.reason_zh()),
                    format!("`{key}` {}", e.reason_en()),
                );
                None
            }
        },
        _ => {
            ctx.report(
                value.span(),
                format!("`{key}` 应为字符串"),
                format!("`{key}` must be a string"),
            );
            None
        }
    }
}

fn number(value: &DeValue) -> Option<f64> {
    match value {
        DeValue::Integer(i) => i.as_str().parse::<i64>().ok().map(|v| v as f64),
        DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
        _ => None,
    }
}

fn check_id(ctx: &mut Ctx, id: &Spanned<String>, what_zh: &str, what_en: &str) -> bool {
    let ok = is_valid_id(id.get_ref());
    if !ok {
        ctx.report(
            id.span(),
            format!(
                "{what_zh} id '{}' 格式错误：只能用小写字母、数字和 '-'，以字母开头",
                id.get_ref()
            ),
            format!(
                "malformed {what_en} id '{}': use lowercase letters, digits and '-', starting with a letter",
                id.get_ref()
            ),
        );
    }
    ok
}

fn tables<'a, 'i>(
    ctx: &mut Ctx,
    value: &'a Spanned<DeValue<'i>>,
    key: &str,
) -> Vec<(&'a DeTable<'i>, Range<usize>)> {
    let DeValue::Array(items) = value.get_ref() else {
        ctx.report(
            value.span(),
            format!("`{key}` 应写成 [[{key}]] 表数组"),
            format!("`{key}` must be an array of tables, written [[{key}]]"),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items.iter() {
        match item.get_ref() {
            DeValue::Table(t) => out.push((t, item.span())),
            _ => ctx.report(
                item.span(),
                format!("`{key}` 的每一项都应为表"),
                format!("every entry of `{key}` must be a table"),
            ),
        }
    }
    out
}

fn read_chain(ctx: &mut Ctx, doc: &DeTable, span: Range<usize>) -> Option<Chain> {
    let mut fields = Fields::new(doc, span.clone(), "产业链定义", "the chain definition");
    let id = fields.string(ctx, "id");
    if let Some(id) = &id {
        check_id(ctx, id, "产业链", "chain");
    }
    let name_zh = fields.name(ctx, "name_zh");
    let name_en = fields.name(ctx, "name_en");
    let version = match fields.get("version") {
        None => 1,
        Some(v) => match v.get_ref() {
            DeValue::Integer(i) if i.as_str().parse::<i64>().is_ok_and(|n| n >= 1) => {
                i.as_str().parse::<i64>().unwrap_or(1)
            }
            _ => {
                ctx.report(
                    v.span(),
                    "`version` 应为正整数".into(),
                    "`version` must be a positive integer".into(),
                );
                1
            }
        },
    };
    let description_zh = fields.optional_string(ctx, "description_zh");
    let description_en = fields.optional_string(ctx, "description_en");
    let sources = fields
        .string_list(ctx, "sources", false)
        .unwrap_or_default();

    let node_tables = match fields.get("nodes") {
        Some(v) => tables(ctx, v, "nodes"),
        None => Vec::new(),
    };
    if node_tables.is_empty() {
        ctx.report(
            span.start..span.start,
            "产业链至少需要一个环节（[[nodes]]）".into(),
            "a chain needs at least one node ([[nodes]])".into(),
        );
    }
    let mut nodes = Vec::new();
    let mut seen: HashMap<String, Range<usize>> = HashMap::new();
    for (table, span) in node_tables {
        let (node, id) = read_node(ctx, table, span);
        // A node with other errors still defines its id, so edges to it are not reported twice.
        let Some(id) = id else { continue };
        if let Some(first) = seen.get(id.get_ref()) {
            let (line, _) = line_column(ctx.text, first.start);
            ctx.report(
                id.span(),
                format!("环节 id '{}' 重复（首次出现在第 {line} 行）", id.get_ref()),
                format!(
                    "duplicate node id '{}' (first defined on line {line})",
                    id.get_ref()
                ),
            );
            continue;
        }
        seen.insert(id.get_ref().clone(), id.span());
        nodes.extend(node);
    }

    let edge_tables = match fields.get("edges") {
        Some(v) => tables(ctx, v, "edges"),
        None => Vec::new(),
    };
    let mut edges = Vec::new();
    let mut cross_edges = Vec::new();
    let mut seen_edges = HashSet::new();
    for (table, span) in edge_tables {
        if let Some((edge, span)) = read_edge(ctx, table, span, &seen) {
            if let Some((to_chain, to_node)) = edge.to.split_once(':') {
                let own = id.as_ref().is_some_and(|i| i.get_ref() == to_chain);
                let key = (edge.from.clone(), edge.to.clone(), edge.kind);
                if own || !seen_edges.insert(key) {
                    ctx.report(
                        span,
                        if own {
                            format!("跨链连接指向本链（{}）：请直接写环节 id", edge.to)
                        } else {
                            format!("重复的跨链连接 {} → {}", edge.from, edge.to)
                        },
                        if own {
                            format!(
                                "a cross-chain edge into this chain ({}): name the node alone",
                                edge.to
                            )
                        } else {
                            format!("duplicate cross-chain edge {} → {}", edge.from, edge.to)
                        },
                    );
                    continue;
                }
                cross_edges.push(CrossEdge {
                    from: edge.from,
                    to_chain: to_chain.to_string(),
                    to_node: to_node.to_string(),
                    kind: edge.kind,
                    coefficient: edge.coefficient,
                });
                continue;
            }
            let key = (edge.from.clone(), edge.to.clone(), edge.kind);
            if !seen_edges.insert(key) {
                ctx.report(
                    span,
                    format!(
                        "重复的连接 {} → {}（{}）",
                        edge.from,
                        edge.to,
                        edge.kind.label_zh()
                    ),
                    format!("duplicate edge {} → {} ({})", edge.from, edge.to, edge.kind),
                );
                continue;
            }
            edges.push(edge);
        }
    }
    fields.finish(ctx);

    Some(Chain {
        id: id?.into_inner(),
        name_zh: name_zh?.into_inner(),
        name_en: name_en?.into_inner(),
        version,
        description_zh,
        description_en,
        sources: sources.into_iter().map(Spanned::into_inner).collect(),
        nodes,
        edges,
        cross_edges,
    })
}

/// Returns the node when it is valid, and its id whenever it has a well-formed one.
fn read_node(
    ctx: &mut Ctx,
    table: &DeTable,
    span: Range<usize>,
) -> (Option<Node>, Option<Spanned<String>>) {
    let mut fields = Fields::new(table, span, "环节", "a node");
    let id = fields.string(ctx, "id");
    let id_ok = id
        .as_ref()
        .is_some_and(|id| check_id(ctx, id, "环节", "node"));
    let name_zh = fields.name(ctx, "name_zh");
    let name_en = fields.name(ctx, "name_en");
    let stage = fields.string(ctx, "stage").and_then(|s| {
        s.get_ref()
            .parse::<Stage>()
            .map_err(|e| {
                ctx.report(
                    s.span(),
                    format!("未知的环节阶段 '{}'，可选：{}", e.value, e.expected.trim()),
                    format!(
                        "unknown stage '{}', expected one of: {}",
                        e.value,
                        e.expected.trim()
                    ),
                )
            })
            .ok()
    });
    // Optional: a node drafted from data without GB/T 4754 codes (e.g. the product knowledge
    // graph) is still a node; it just cannot be matched by industry code until someone adds one.
    let codes = fields.string_list(ctx, "industry_codes", false);
    let mut industry_codes = Vec::new();
    let mut codes_ok = codes.is_some();
    if let Some(codes) = &codes {
        for code in codes {
            match IndustryCode::parse(code.get_ref()) {
                Ok(c) => industry_codes.push(c),
                Err(e) => {
                    codes_ok = false;
                    ctx.report(code.span(), e.message_zh(), e.message_en());
                }
            }
        }
    }
    let keywords = fields
        .string_list(ctx, "keywords", false)
        .unwrap_or_default();
    let mut occupations = Vec::new();
    let mut occupations_ok = true;
    for code in fields
        .string_list(ctx, "occupations", false)
        .unwrap_or_default()
    {
        match OccupationCode::parse(code.get_ref()) {
            Ok(c) if occupations.contains(&c) => {
                occupations_ok = false;
                ctx.report(
                    code.span(),
                    format!("职业编码 {c} 重复"),
                    format!("occupation {c} is listed twice"),
                );
            }
            Ok(c) => occupations.push(c),
            Err(_) => {
                occupations_ok = false;
                let text = code.get_ref();
                ctx.report(
                    code.span(),
                    format!("职业编码应为 D-DD-DD-DD 形式，如 2-02-06-03，而不是 “{text}”"),
                    format!("an occupation code is D-DD-DD-DD, e.g. 2-02-06-03, not `{text}`"),
                );
            }
        }
    }
    fields.finish(ctx);
    let id = id.filter(|_| id_ok);
    let node = match (&id, name_zh, name_en, stage, codes_ok && occupations_ok) {
        (Some(id), Some(name_zh), Some(name_en), Some(stage), true) => Some(Node {
            id: id.get_ref().clone(),
            name_zh: name_zh.into_inner(),
            name_en: name_en.into_inner(),
            stage,
            industry_codes,
            keywords: keywords.into_iter().map(Spanned::into_inner).collect(),
            occupations,
        }),
        _ => None,
    };
    (node, id)
}

fn read_edge(
    ctx: &mut Ctx,
    table: &DeTable,
    span: Range<usize>,
    nodes: &HashMap<String, Range<usize>>,
) -> Option<(Edge, Range<usize>)> {
    let mut fields = Fields::new(table, span.clone(), "连接", "an edge");
    let endpoint = |ctx: &mut Ctx, fields: &mut Fields, key: &'static str| {
        let id = fields.string(ctx, key)?;
        // `to` may name another chain's node: `chain:node`, checked for form only here.
        if key == "to"
            && let Some((chain, node)) = id.get_ref().split_once(':')
        {
            if !(is_valid_id(chain) && is_valid_id(node)) {
                ctx.report(
                    id.span(),
                    format!("跨链连接应写作 产业链id:环节id，实际 '{}'", id.get_ref()),
                    format!(
                        "a cross-chain edge is written chain-id:node-id, got '{}'",
                        id.get_ref()
                    ),
                );
                return None;
            }
            return Some(id);
        }
        if !nodes.contains_key(id.get_ref()) {
            ctx.report(
                id.span(),
                format!("连接的 `{key}` 指向不存在的环节 '{}'", id.get_ref()),
                format!("edge `{key}` names an unknown node '{}'", id.get_ref()),
            );
            return None;
        }
        Some(id)
    };
    let from = endpoint(ctx, &mut fields, "from");
    let to = endpoint(ctx, &mut fields, "to");
    let kind = fields.string(ctx, "kind").and_then(|k| {
        k.get_ref()
            .parse::<EdgeKind>()
            .map_err(|e| {
                ctx.report(
                    k.span(),
                    format!("未知的连接类型 '{}'，可选：{}", e.value, e.expected.trim()),
                    format!(
                        "unknown edge kind '{}', expected one of: {}",
                        e.value,
                        e.expected.trim()
                    ),
                )
            })
            .ok()
    });
    let mut coefficient_ok = true;
    let coefficient = fields.get("coefficient").and_then(|v| {
        match number(v.get_ref()).filter(|c| c.is_finite() && *c > 0.0 && *c <= 10.0) {
            Some(c) => Some(c),
            None => {
                coefficient_ok = false;
                ctx.report(
                    v.span(),
                    "`coefficient` 应为 (0, 10] 之间的数".into(),
                    "`coefficient` must be a number in (0, 10]".into(),
                );
                None
            }
        }
    });
    fields.finish(ctx);
    let (from, to, kind) = (from?, to?, kind?);
    if from.get_ref() == to.get_ref() {
        ctx.report(
            to.span(),
            format!("连接不能指向自身（{}）", from.get_ref()),
            format!("an edge cannot point to its own node ({})", from.get_ref()),
        );
        return None;
    }
    coefficient_ok.then(|| {
        (
            Edge {
                from: from.into_inner(),
                to: to.into_inner(),
                kind,
                coefficient,
            },
            span,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
id = "demo"
name_zh = "示例链"
name_en = "Demo chain"

[[nodes]]
id = "ore"
name_zh = "锂矿"
name_en = "Lithium ore"
stage = "upstream"
industry_codes = ["0919"]

[[nodes]]
id = "salt"
name_zh = "碳酸锂"
name_en = "Lithium carbonate"
stage = "midstream"
industry_codes = ["2613"]
keywords = ["碳酸锂"]

[[edges]]
from = "ore"
to = "salt"
kind = "supplies"
coefficient = 0.4

[[edges]]
from = "salt"
to = "ore"
kind = "by-product"
"#;

    #[test]
    fn a_good_chain_with_a_cycle_parses() {
        let chain = parse_chain(GOOD).unwrap();
        assert_eq!(chain.nodes.len(), 2);
        assert_eq!(chain.edges.len(), 2);
        assert_eq!(chain.edges[0].coefficient, Some(0.4));
        assert_eq!(chain.nodes[1].keywords, ["碳酸锂"]);
        assert_eq!(chain.version, 1);
    }

    fn problems(text: &str) -> Vec<Problem> {
        parse_chain(text).unwrap_err()
    }

    #[test]
    fn an_edge_into_another_chain_is_a_cross_edge() {
        let text = format!(
            "{GOOD}\n[[edges]]\nfrom = \"salt\"\nto = \"nev-battery:cathode\"\nkind = \"supplies\"\ncoefficient = 0.3\n"
        );
        let chain = parse_chain(&text).unwrap();
        assert_eq!(chain.edges.len(), 2, "cross edges are kept apart");
        let cross = &chain.cross_edges[0];
        assert_eq!(
            (
                cross.from.as_str(),
                cross.to_chain.as_str(),
                cross.to_node.as_str()
            ),
            ("salt", "nev-battery", "cathode")
        );
        assert_eq!(cross.coefficient, Some(0.3));
        // Its own end must exist; the other end must be well formed.
        for (bad, says) in [
            (
                "from = \"salt\"\nto = \"nev-battery:cathode\"",
                "from = \"salts\"\nto = \"nev-battery:cathode\"",
            ),
            (
                "to = \"nev-battery:cathode\"",
                "to = \"nev battery:cathode\"",
            ),
            ("to = \"nev-battery:cathode\"", "to = \"nev-battery:\""),
            ("to = \"nev-battery:cathode\"", "to = \"demo:ore\""),
        ] {
            let found = problems(&text.replace(bad, says));
            assert_eq!(found.len(), 1, "{says}: {found:#?}");
        }
        let twice = format!(
            "{text}\n[[edges]]\nfrom = \"salt\"\nto = \"nev-battery:cathode\"\nkind = \"supplies\"\n"
        );
        assert!(
            problems(&twice)[0]
                .message_en
                .contains("duplicate cross-chain edge")
        );
    }

    #[test]
    fn every_error_is_reported_with_its_position() {
        let bad = GOOD
            .replace("stage = \"upstream\"", "stage = \"upstrem\"")
            .replace("[\"2613\"]", "[\"26X3\"]")
            .replace("to = \"salt\"", "to = \"salts\"")
            .replace("id = \"salt\"", "id = \"salt\"\nstgae = 1");
        let found = problems(&bad);
        let text: Vec<String> = found.iter().map(|p| p.to_string()).collect();
        assert_eq!(found.len(), 4, "{text:#?}");
        assert!(text[0].starts_with("10:9:") && text[0].contains("upstrem"));
        assert!(text[1].starts_with("15:1:") && text[1].contains("stgae"));
        assert!(text[2].starts_with("19:19:") && text[2].contains("26X3"));
        assert!(text[3].starts_with("24:6:") && text[3].contains("salts"));
    }

    #[test]
    fn duplicate_ids_and_edges() {
        let bad = GOOD.replace("id = \"salt\"", "id = \"ore\"");
        let found = problems(&bad);
        assert!(
            found
                .iter()
                .any(|p| p.line == 14 && p.message_en.contains("duplicate node id 'ore'")),
            "{found:#?}"
        );
        let twice =
            format!("{GOOD}\n[[edges]]\nfrom = \"ore\"\nto = \"salt\"\nkind = \"supplies\"\n");
        let found = problems(&twice);
        assert_eq!(found.len(), 1);
        assert!(found[0].message_en.contains("duplicate edge"));
    }

    #[test]
    fn empty_chain_and_missing_keys() {
        let found = problems("id = \"x\"\nname_zh = \"空\"\nname_en = \"Empty\"\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].message_en.contains("at least one node"));
        let found = problems("");
        assert!(found.iter().any(|p| p.message_en.contains("`id`")));
        assert!(
            found
                .iter()
                .any(|p| p.message_en.contains("at least one node"))
        );
    }

    #[test]
    fn self_edges_bad_coefficients_and_kinds() {
        let bad = GOOD
            .replace("coefficient = 0.4", "coefficient = 0")
            .replace("kind = \"by-product\"", "kind = \"waste\"");
        let found = problems(&bad);
        assert_eq!(found.len(), 2, "{found:#?}");
        let selfie = GOOD.replace("from = \"salt\"", "from = \"ore\"");
        let found = problems(&selfie);
        assert!(found[0].message_en.contains("own node"));
    }

    #[test]
    fn syntax_errors_have_positions_and_never_panic() {
        let found = problems("id = \"x\nname_zh = ");
        assert!(!found.is_empty());
        assert!(found.iter().all(|p| p.line >= 1 && p.column >= 1));
        for text in [
            "[[nodes]]\n[[nodes]]\nid=1",
            "nodes = 3",
            "edges = [1, 2]",
            "\u{feff}中文 = 1",
        ] {
            assert!(parse_chain(text).is_err());
        }
    }

    /// Names and texts follow the data contract: no NUL or other control characters, names with
    /// something visible; each refused where it is written.
    #[test]
    fn control_characters_and_invisible_names_are_refused_where_written() {
        for (from, to, line) in [
            ("name_zh = \"示例链\"", "name_zh = \"示例\\u0000链\"", 3),
            (
                "name_en = \"Demo chain\"",
                "name_en = \"\\u202E\\u200B\"",
                4,
            ),
            ("name_zh = \"锂矿\"", "name_zh = \"\\u200B\"", 8),
            (
                "name_en = \"Lithium ore\"",
                "name_en = \"ore\\u001B[31m\"",
                9,
            ),
            (
                "keywords = [\"碳酸锂\"]",
                "keywords = [\"碳酸\\u0000锂\"]",
                19,
            ),
            (
                "name_en = \"Demo chain\"",
                "name_en = \"Demo chain\"\ndescription_zh = \"说明\\u0000\"",
                5,
            ),
        ] {
            let bad = GOOD.replace(from, to);
            assert_ne!(bad, GOOD);
            let found = problems(&bad);
            assert_eq!(found.len(), 1, "{to}: {found:#?}");
            assert_eq!(found[0].line, line, "{to}: {found:#?}");
        }
        // A chain stored by an older liantu is repaired for display, not refused.
        let old = GOOD.replace("name_zh = \"示例链\"", "name_zh = \"示例\\u0000链\"");
        assert_eq!(parse_stored_chain(&old).unwrap().name_zh, "示例\u{FFFD}链");
        // Tabs and line breaks are fine in a description.
        let multi = GOOD.replace(
            "name_en = \"Demo chain\"",
            "name_en = \"Demo chain\"\ndescription_en = \"one\\ntwo\\tthree\"",
        );
        assert!(parse_chain(&multi).is_ok());
    }

    #[test]
    fn industry_codes_are_optional_but_checked_when_given() {
        let without = GOOD.replace("industry_codes = [\"0919\"]\n", "");
        let chain = parse_chain(&without).unwrap();
        assert!(chain.nodes[0].industry_codes.is_empty());
        let empty = GOOD.replace("[\"0919\"]", "[]");
        assert!(
            parse_chain(&empty).unwrap().nodes[0]
                .industry_codes
                .is_empty()
        );
        let bad = GOOD.replace("[\"0919\"]", "[\"0919\", 7]");
        assert!(problems(&bad)[0].message_en.contains("must be a string"));
    }

    #[test]
    fn occupations_are_optional_and_each_code_is_checked_where_written() {
        assert!(parse_chain(GOOD).unwrap().nodes[0].occupations.is_empty());
        let with = GOOD.replace(
            "industry_codes = [\"0919\"]\n",
            "industry_codes = [\"0919\"]\noccupations = [\"6-01-01-02\", \"2-02-01-01\"]\n",
        );
        let codes: Vec<String> = parse_chain(&with).unwrap().nodes[0]
            .occupations
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(codes, ["6-01-01-02", "2-02-01-01"]);
        let bad = with.replace("\"2-02-01-01\"]", "\"20201\", \"6-01-01-02\"]");
        let found = problems(&bad);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].message_zh.contains("“20201”"), "{found:?}");
        assert!(found[0].message_en.contains("D-DD-DD-DD"), "{found:?}");
        assert!(found[1].message_en.contains("listed twice"), "{found:?}");
        let line = bad
            .lines()
            .position(|l| l.starts_with("occupations"))
            .unwrap()
            + 1;
        assert_eq!(found[0].line, line);
        assert_eq!(
            found[0].column,
            "occupations = [\"6-01-01-02\", ".chars().count() + 1
        );
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let bad = GOOD.replace(
            "name_en = \"Lithium ore\"",
            "name_en = \"锂\"\n名字 = \"锂\"",
        );
        let found = problems(&bad);
        assert_eq!((found[0].line, found[0].column), (10, 1));
        assert_eq!(line_column("锂锂x", "锂锂".len()), (1, 3));
    }
}
