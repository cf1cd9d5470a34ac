//! The tables of a symbiosis result — exchanges, offers, needs, parks, circularity, the
//! offer–need pairs explained — and of the resource catalogue.

use liantu_symbiosis::{Catalog, PairReport, Report};
use liantu_table::{Cell, Column, ColumnKind, Table, Text};

fn text(key: &str, zh: &str, en: &str) -> Column {
    Column::new(key, zh, en, ColumnKind::Text)
}

fn number(key: &str, zh: &str, en: &str) -> Column {
    Column::new(key, zh, en, ColumnKind::Number)
}

/// A quantity: whole units from 100 up, three decimals below.
fn quantity(v: f64) -> Cell {
    Cell::Number {
        value: v,
        decimals: if v.abs() >= 100.0 { 0 } else { 3 },
    }
}

fn fixed(value: f64, decimals: u8) -> Cell {
    Cell::Number { value, decimals }
}

fn optional_text(v: &Option<String>) -> Cell {
    Cell::optional(v.as_deref(), Cell::text)
}

/// The optimal exchanges, money in 元 per year.
pub fn exchanges_table(r: &Report) -> Table {
    let mut t = Table::new(
        Text::new("交换", "Exchanges"),
        vec![
            text("offer", "供给 offer", "Offer"),
            text("need", "需求 need", "Need"),
            text("from", "供给方 from", "From"),
            text("to", "需求方 to", "To"),
            text("class", "资源 class", "Class"),
            text("need_class", "需求资源 need class", "Need class"),
            text("conversion", "转换 conversion", "Conversion"),
            number("quantity", "数量 qty", "Quantity"),
            text("unit", "单位", "Unit"),
            number("delivered", "送达 delivered", "Delivered"),
            text("delivered_unit", "送达单位", "Delivered unit"),
            text("mode", "方式 mode", "Mode"),
            number("distance_km", "km", "km"),
            number("net_value_yuan", "净值 元/年", "Net value (yuan/yr)"),
            number("co2_avoided_t", "CO2 t", "CO2 avoided (t)"),
            text("hazardous", "危废 HW", "Hazardous waste"),
        ],
    );
    for x in &r.exchanges {
        t.push(vec![
            Cell::text(&x.offer),
            Cell::text(&x.need),
            Cell::text(&x.from),
            Cell::text(&x.to),
            Cell::text(&x.class),
            Cell::text(&x.need_class),
            optional_text(&x.conversion),
            quantity(x.quantity),
            Cell::text(&x.unit),
            quantity(x.delivered),
            Cell::text(&x.delivered_unit),
            Cell::text(&x.mode),
            fixed(x.distance_km, 1),
            fixed(x.net_value, 0),
            quantity(x.co2_avoided_t),
            optional_text(&x.hazardous),
        ]);
    }
    t
}

/// Each offer: how much is used and what one more unit would be worth.
pub fn offers_table(r: &Report) -> Table {
    let mut t = Table::new(
        Text::new("供给", "Offers"),
        vec![
            text("offer", "供给 offer", "Offer"),
            text("class", "资源 class", "Class"),
            number("quantity", "数量 qty", "Quantity"),
            number("used", "已用 used", "Used"),
            number("left", "剩余 left", "Left"),
            text("unit", "单位", "Unit"),
            number(
                "shadow_price",
                "影子价格 元/单位 shadow price",
                "Shadow price (yuan/unit)",
            ),
            Column::new("note", "说明 note", "Note", ColumnKind::Local),
        ],
    );
    for x in &r.offers {
        let note = if x.scarce {
            Cell::local("稀缺 scarce", "scarce")
        } else if x.candidate_pairs == 0 {
            Cell::local(
                "无可行交换（见 --explain）/ no feasible pair (see --explain)",
                "no feasible pair",
            )
        } else {
            Cell::Empty
        };
        t.push(vec![
            Cell::text(&x.id),
            Cell::text(&x.class),
            quantity(x.quantity),
            quantity(x.used),
            quantity(x.left),
            Cell::text(&x.unit),
            Cell::optional(x.shadow_price, |v| fixed(v, 2)),
            note,
        ]);
    }
    t
}

/// Each need: how much is met, and what its unmet part is worth.
pub fn needs_table(r: &Report) -> Table {
    let mut t = Table::new(
        Text::new("需求", "Needs"),
        vec![
            text("need", "需求 need", "Need"),
            text("class", "资源 class", "Class"),
            number("quantity", "数量 qty", "Quantity"),
            number("met", "满足 met", "Met"),
            number("unmet", "未满足 unmet", "Unmet"),
            text("unit", "单位", "Unit"),
            number("shadow_price", "影子价格 shadow price", "Shadow price"),
            number(
                "value_if_supplied",
                "补足价值 元/单位 value if supplied",
                "Value if supplied (yuan/unit)",
            ),
        ],
    );
    for x in &r.needs {
        t.push(vec![
            Cell::text(&x.id),
            Cell::text(&x.class),
            quantity(x.quantity),
            quantity(x.met),
            quantity(x.unmet),
            Cell::text(&x.unit),
            Cell::optional(x.shadow_price, |v| fixed(v, 2)),
            Cell::optional(x.value_if_supplied, |v| fixed(v, 2)),
        ]);
    }
    t
}

/// Totals by the offering site's park, net benefit in 万元 per year.
pub fn parks_table(r: &Report) -> Table {
    let mut t = Table::new(
        Text::new("园区", "Parks"),
        vec![
            Column::new("park", "园区 park", "Park", ColumnKind::Local),
            Column::new(
                "exchanges",
                "交换 exchanges",
                "Exchanges",
                ColumnKind::Count,
            ),
            number("net_benefit", "净收益 万元", "Net benefit (10k yuan)"),
            number("co2_avoided_t", "CO2 t", "CO2 avoided (t)"),
            number("avoided_disposal_t", "避免处置 t", "Disposal avoided (t)"),
            number("avoided_virgin_t", "替代原料 t", "Virgin input avoided (t)"),
        ],
    );
    for x in &r.parks {
        t.push(vec![
            match &x.park {
                Some(p) => Cell::local(p, p),
                None => Cell::local("园区外 outside parks", "outside parks"),
            },
            Cell::Count(x.exchanges as i64),
            fixed(x.net_benefit / 10_000.0, 2),
            quantity(x.co2_avoided_t),
            quantity(x.avoided_disposal_t),
            quantity(x.avoided_virgin_t),
        ]);
    }
    t
}

/// Waste-heat recovery, water reuse and solid-waste utilisation of each enterprise that has any.
pub fn circularity_table(r: &Report) -> Table {
    let percent = |key: &str, zh: &str, en: &str| Column::new(key, zh, en, ColumnKind::Percent);
    let mut t = Table::new(
        Text::new("循环指标", "Circularity"),
        vec![
            text("enterprise", "企业", "Enterprise"),
            percent(
                "waste_heat_recovery",
                "余热回收率 waste-heat recovery",
                "Waste-heat recovery",
            ),
            percent("water_reuse_rate", "水回用率 water reuse", "Water reuse"),
            percent(
                "solid_waste_utilisation",
                "固废利用率 solid-waste utilisation",
                "Solid-waste utilisation",
            ),
        ],
    );
    for x in &r.enterprises {
        let rates = [
            x.waste_heat_recovery,
            x.water_reuse_rate,
            x.solid_waste_utilisation,
        ];
        if rates.iter().all(Option::is_none) {
            continue;
        }
        let name = if x.name.is_empty() {
            x.id.clone()
        } else {
            format!("{} {}", x.id, x.name)
        };
        let mut row = vec![Cell::text(name)];
        row.extend(rates.map(|v| Cell::optional(v, Cell::Percent)));
        t.push(row);
    }
    t
}

/// Every offer–need pair with whether it is compatible and why.
pub fn pairs_table(pairs: &[PairReport]) -> Table {
    let mut t = Table::new(
        Text::new("每对供需", "Every pair"),
        vec![
            text("offer", "供给 offer", "Offer"),
            text("need", "需求 need", "Need"),
            Column::new(
                "compatible",
                "相容 ok",
                "Compatible",
                ColumnKind::Label { badge: false },
            ),
            Column::new("reason", "原因 reason", "Reason", ColumnKind::Local),
        ],
    );
    for p in pairs {
        t.push(vec![
            Cell::text(&p.offer),
            Cell::text(&p.need),
            if p.compatible {
                Cell::label("true", "是 yes", "yes")
            } else {
                Cell::label("false", "否 no", "no")
            },
            Cell::local(&p.reason_zh, &p.reason_en),
        ]);
    }
    t
}

/// The resource classes of the catalogue with their properties, legal codes and transport modes.
pub fn classes_table(catalogue: &Catalog) -> Table {
    let mut t = Table::new(
        Text::new("资源类别", "Resource classes"),
        vec![
            text("id", "id", "Id"),
            Column::new("name", "名称 name", "Name", ColumnKind::Local),
            text("unit", "单位 unit", "Unit"),
            text("properties", "属性 properties", "Properties"),
            text("legal_codes", "法定代码 legal codes", "Legal codes"),
            text("modes", "运输 modes", "Transport modes"),
        ],
    );
    for c in &catalogue.classes {
        let mut legal = Vec::new();
        if let Some(hw) = &c.hw {
            legal.push(format!("危废 {hw}"));
        }
        if let Some(s) = &c.s_code {
            legal.push(s.clone());
        }
        if let Some(e) = &c.ewc {
            legal.push(format!("EWC {e}"));
        }
        let properties: Vec<&str> = c.property.iter().map(|p| p.name.as_str()).collect();
        let modes: Vec<&str> = c.modes.iter().map(|m| m.mode.as_str()).collect();
        t.push(vec![
            Cell::text(&c.id),
            Cell::local(format!("{} {}", c.name_zh, c.name_en), c.name_en.clone()),
            Cell::text(c.base_unit.to_string()),
            Cell::text(properties.join(", ")),
            Cell::text(legal.join(", ")),
            Cell::text(modes.join(", ")),
        ]);
    }
    t
}
