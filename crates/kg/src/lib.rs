//! The product knowledge graph (产业链知识图谱): a third-party extraction of products, product
//! relations and A-share companies (format: `../shared/data/industry-chain-kg`, JSON Lines).
//!
//! Pure — no database: [`read_dir`] parses a directory into normalised [`KgData`] (all or nothing,
//! every bad line reported with file and line), [`Graph`] indexes it for [`Graph::search`] and
//! [`draft`] turns the neighbourhood of a product into a chain template that `liantu chain check`
//! accepts. The store keeps `KgData` as rows and hands it back for the graph to be rebuilt.
//!
//! Normalisation, so nothing downstream needs to know the source's conventions:
//! - every product relation becomes either `supplies` (from = supplier, to = buyer; `上游材料`
//!   A→B means B supplies A, `下游产品` A→B means A supplies B) or `subtype` (from = the general
//!   product, to = its sub-type, `产品小类`);
//! - names lose control characters (six names contain line breaks) and surrounding spaces;
//! - self-loops are dropped, duplicate relations merged, relation endpoints missing from
//!   `product.json` added as *unlisted* products;
//! - revenue shares (`rel_weight`) outside [0, 1] are clamped (the stated value is kept beside).
//!
//! Each of these is counted in [`ImportStats`] so an import can say what it changed.

mod draft;
#[cfg(test)]
mod fixture;
mod graph;
mod parse;

pub use draft::{Draft, DraftError, DraftNode, DraftOptions, draft, slug};
pub use graph::{Graph, Hit, MatchKind, ProductSummary};
pub use parse::{KgError, LineError, REQUIRED_FILES, read_dir};

pub use liantu_model::kg::{
    Company, ImportStats, Industry, KgData, KgEdge, KgMeta, Offering, Product, Relation, Stated,
};

/// A product or company name as the graph keys it: control characters (line breaks inside names)
/// removed, surrounding whitespace trimmed.
pub fn clean_name(raw: &str) -> std::borrow::Cow<'_, str> {
    if raw.chars().any(char::is_control) {
        let joined: String = raw.chars().filter(|c| !c.is_control()).collect();
        std::borrow::Cow::Owned(joined.trim().to_string())
    } else {
        std::borrow::Cow::Borrowed(raw.trim())
    }
}

/// The six-digit stock code of `600373.SH` or `301079`, or None when malformed.
pub fn stock_key(code: &str) -> Option<&str> {
    let digits = code.split('.').next().unwrap_or("");
    (digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}
