//! JSON: an array of objects, one per row, keyed by column key. Numbers stay numbers (money in
//! 万元, shares as fractions), enumerations are their keys, language-dependent texts appear as
//! `key_zh` and `key_en`, empty cells are `null`.

use crate::{Cell, ColumnKind, Table};
use serde_json::{Map, Value, json};

pub fn rows(table: &Table) -> Value {
    let items = table
        .rows
        .iter()
        .map(|row| {
            let mut object = Map::new();
            for (column, cell) in table.columns.iter().zip(row) {
                let cell = cell.inner();
                if column.kind == ColumnKind::Local {
                    let (zh, en) = match cell {
                        Cell::Local(t) | Cell::Label { text: t, .. } => (json!(t.zh), json!(t.en)),
                        Cell::Empty => (Value::Null, Value::Null),
                        other => {
                            let s = other.display(crate::Lang::Zh);
                            (json!(s), json!(s))
                        }
                    };
                    object.insert(format!("{}_zh", column.key), zh);
                    object.insert(format!("{}_en", column.key), en);
                } else {
                    object.insert(column.key.clone(), value(cell));
                }
            }
            Value::Object(object)
        })
        .collect();
    Value::Array(items)
}

fn value(cell: &Cell) -> Value {
    match cell {
        Cell::Empty => Value::Null,
        Cell::Text(s) => json!(s),
        Cell::Local(t) => json!(t.zh),
        Cell::Label { key, .. } => json!(key),
        Cell::Money(v) | Cell::Percent(v) | Cell::Number { value: v, .. } => {
            serde_json::Number::from_f64(*v).map_or(Value::Null, Value::Number)
        }
        Cell::Count(n) => json!(n),
        Cell::Date { .. } => json!(cell.display(crate::Lang::Zh)),
        Cell::Link { cell, .. } => value(cell),
    }
}
