//! What the innovation kinds (platforms, technology needs, achievements) read alike: a value
//! written as one of a fixed list of Chinese labels, the nodes served, and a required date.

use crate::schema::{Column, Type, col};
use crate::text::{Cell, Invalid};

/// The date the entry was registered or last updated (required: these are registers, not
/// yearly figures with a natural year end).
pub const DATED: Column = col!(
    "as_of",
    "登记日期",
    ["截至日期", "更新日期", "发布日期", "as_of_date"],
    Date,
    true,
    false,
    "2025-11-30",
    "登记或最近更新的日期",
    "the date it was registered or last updated"
);

/// Reads a value written as one of `choices_zh` (or its key or another usual spelling).
pub(crate) fn labelled<T: std::str::FromStr>(
    cell: &Cell,
    choices_zh: &str,
) -> Result<Option<T>, Invalid> {
    let text = cell.display();
    if text.trim().is_empty() {
        return Ok(None);
    }
    text.parse::<T>().map(Some).map_err(|_| {
        Invalid::new(
            format!("应为 {choices_zh} 之一"),
            format!("expected one of {choices_zh}"),
        )
    })
}

/// The column of the chain nodes a row is about.
pub(crate) const fn nodes_column(zh: &'static str, required: bool) -> Column {
    Column {
        key: "nodes",
        zh,
        aliases: &["服务环节", "产业链环节", "环节", "nodes"],
        ty: Type::Text,
        required,
        note_zh: "产业链:环节（编号或名称），多个用 ；、, 或空格分隔",
        note_en: "chain:node (ids or names), several separated by ；、, or spaces",
        example: "nev-battery:cathode；nev-battery:electrolyte",
        wan: false,
    }
}
