//! Rows in PostgreSQL's `COPY … FROM STDIN` text format, for bulk imports.
//!
//! Fields are separated by tabs and rows end with a newline; NULL is `\N`; a backslash, tab,
//! newline or carriage return inside a value is written as its backslash escape, so any text
//! (a company name with a tab pasted from Excel) arrives as it was.

use liantu_model::records::{Enterprise, EnterpriseYear, Membership, SupplyLink};
use std::fmt::Write as _;

/// A buffer of COPY text rows.
#[derive(Default)]
pub(crate) struct CopyRows {
    buf: String,
    /// Whether the next field starts a row (no tab before it).
    row_start: bool,
}

impl CopyRows {
    pub(crate) fn new() -> CopyRows {
        CopyRows {
            buf: String::new(),
            row_start: true,
        }
    }

    fn separate(&mut self) {
        if !self.row_start {
            self.buf.push('\t');
        }
        self.row_start = false;
    }

    pub(crate) fn text(&mut self, value: &str) -> &mut Self {
        self.separate();
        for c in value.chars() {
            match c {
                '\\' => self.buf.push_str("\\\\"),
                '\t' => self.buf.push_str("\\t"),
                '\n' => self.buf.push_str("\\n"),
                '\r' => self.buf.push_str("\\r"),
                c => self.buf.push(c),
            }
        }
        self
    }

    pub(crate) fn null(&mut self) -> &mut Self {
        self.separate();
        self.buf.push_str("\\N");
        self
    }

    pub(crate) fn opt_text(&mut self, value: Option<&str>) -> &mut Self {
        match value {
            Some(v) => self.text(v),
            None => self.null(),
        }
    }

    pub(crate) fn int(&mut self, value: i64) -> &mut Self {
        self.separate();
        // Writing to a String cannot fail.
        let _ = write!(self.buf, "{value}");
        self
    }

    pub(crate) fn opt_int(&mut self, value: Option<i64>) -> &mut Self {
        match value {
            Some(v) => self.int(v),
            None => self.null(),
        }
    }

    /// A double, in the shortest form that reads back as the same value (PostgreSQL rounds
    /// decimal input correctly), or PostgreSQL's names for the non-finite ones.
    pub(crate) fn float(&mut self, value: f64) -> &mut Self {
        self.separate();
        if value.is_nan() {
            self.buf.push_str("NaN");
        } else if value.is_infinite() {
            self.buf
                .push_str(if value > 0.0 { "Infinity" } else { "-Infinity" });
        } else {
            let _ = write!(self.buf, "{value:?}");
        }
        self
    }

    pub(crate) fn opt_float(&mut self, value: Option<f64>) -> &mut Self {
        match value {
            Some(v) => self.float(v),
            None => self.null(),
        }
    }

    pub(crate) fn end_row(&mut self) {
        self.buf.push('\n');
        self.row_start = true;
    }

    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.buf.into_bytes()
    }

    /// An enterprise in `ENTERPRISE_COLUMNS` order.
    pub(crate) fn enterprise(&mut self, e: &Enterprise) {
        self.text(e.uscc.as_str())
            .text(&e.name)
            .text(&crate::search::name_grams(&e.name))
            .text(&crate::name_order::name_sort(&e.name))
            .text(e.region.as_str())
            .opt_text(e.park.as_deref())
            .text(e.ownership.key())
            .int(i64::from(e.above_scale))
            .opt_text(e.industry_code.as_ref().map(|c| c.as_str()))
            .text(&e.main_products)
            .int(i64::from(e.high_tech))
            .int(i64::from(e.specialized))
            .int(i64::from(e.listed))
            .opt_float(e.land_mu)
            .opt_int(e.founded.map(i64::from))
            .text(&e.source)
            .int(i64::from(e.uscc_illustrative))
            .opt_text(e.business_scope.as_deref())
            .int(i64::from(e.strategic_emerging))
            .opt_int(e.overseas_bases)
            .end_row();
    }

    /// A yearly figure in `YEAR_COLUMNS` order.
    pub(crate) fn year(&mut self, y: &EnterpriseYear) {
        self.text(y.uscc.as_str())
            .int(i64::from(y.year))
            .opt_float(y.output)
            .opt_float(y.value_added)
            .opt_float(y.revenue)
            .opt_float(y.tax)
            .opt_int(y.employees)
            .opt_float(y.rd_expense)
            .opt_float(y.exports)
            .opt_float(y.energy_tce)
            .opt_float(y.emissions_tco2)
            .text(&y.source)
            .text(&y.as_of)
            .opt_float(y.imports)
            .opt_float(y.hightech_exports)
            .opt_float(y.digital_investment)
            .end_row();
    }

    /// A workforce row in `WORKFORCE_COLUMNS` order.
    pub(crate) fn staffing(&mut self, w: &liantu_model::workforce::Staffing) {
        self.text(w.uscc.as_str())
            .int(i64::from(w.year))
            .text(&w.job)
            .text(w.skill.map_or("", |s| s.key()))
            .text(w.occupation.as_str())
            .opt_float(w.confidence)
            .int(i64::from(w.review))
            .int(w.employed)
            .int(w.vacancies)
            .opt_float(w.wage)
            .text(&w.source)
            .text(&w.as_of)
            .end_row();
    }

    /// A programme in `PROGRAMME_COLUMNS` order.
    pub(crate) fn programme(&mut self, p: &liantu_model::workforce::Programme) {
        self.text(&p.institution)
            .text(p.kind.key())
            .text(p.region.as_str())
            .opt_text(p.code.as_deref())
            .text(&p.name)
            .int(i64::from(p.year))
            .opt_int(p.enrolment)
            .int(p.graduates)
            .opt_float(p.retention)
            .text(&crate::workforce::occupation_list(p))
            .text(&p.source)
            .text(&p.as_of)
            .end_row();
    }

    /// A membership in `MEMBERSHIP_COLUMNS` order.
    pub(crate) fn membership(&mut self, m: &Membership) {
        self.text(m.uscc.as_str())
            .text(&m.chain)
            .text(&m.node)
            .opt_float(m.share)
            .text(&m.source)
            .end_row();
    }

    /// A supply link under `id`, in `LINK_COLUMNS` order.
    pub(crate) fn link(&mut self, id: i64, l: &SupplyLink) {
        self.int(id)
            .text(l.buyer.as_str())
            .opt_text(l.supplier.as_ref().map(|s| s.as_str()))
            .text(&l.supplier_name)
            .text(l.supplier_region.as_str())
            .text(&l.chain)
            .text(&l.node)
            .text(&l.product)
            .int(i64::from(l.year))
            .float(l.value)
            .text(&l.source)
            .end_row();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_nulls() {
        let mut rows = CopyRows::new();
        rows.text("柳州\t五菱\\有限\n公司\r")
            .null()
            .int(-3)
            .float(0.1)
            .float(1e300)
            .float(f64::NEG_INFINITY)
            .end_row();
        rows.opt_text(Some("")).opt_float(None).end_row();
        assert_eq!(
            String::from_utf8(rows.into_bytes()).unwrap(),
            "柳州\\t五菱\\\\有限\\n公司\\r\t\\N\t-3\t0.1\t1e300\t-Infinity\n\t\\N\n"
        );
    }
}
