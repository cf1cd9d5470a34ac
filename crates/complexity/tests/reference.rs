//! Compares the engine with outside implementations on the real world-trade table:
//! py-ecomplexity 0.5.3 (default convention), R economiccomplexity 2.0.0 and OEC
//! economic-complexity 0.3.0 (Stata convention, where their quantities coincide).
//! Provenance and exact calls: shared/data/complexity/reference/CALLS.md.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use liantu_complexity::{Options, Panel, PeriodResult, compute};

fn data_dir() -> Option<PathBuf> {
    liantu_testdata::shared("complexity/world_trade_avg_1998_to_2000.csv")?;
    liantu_testdata::shared("complexity")
}

fn read_rows(path: &Path) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut reader = csv::Reader::from_path(path).expect("open reference csv");
    let headers = reader
        .headers()
        .expect("headers")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader.records().map(|r| r.expect("csv row")).collect();
    (headers, rows)
}

fn column(headers: &[String], name: &str) -> usize {
    headers
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("column {name} missing"))
}

fn num(record: &csv::StringRecord, i: usize) -> f64 {
    record[i].parse().expect("number")
}

fn world_trade(dir: &Path) -> Panel {
    let (h, rows) = read_rows(&dir.join("world_trade_avg_1998_to_2000.csv"));
    let (c, p, v) = (
        column(&h, "country"),
        column(&h, "product"),
        column(&h, "value"),
    );
    let mut panel = Panel::with_capacity(rows.len());
    for r in &rows {
        panel.push("2000", &r[c], &r[p], num(r, v));
    }
    panel
}

fn single(panel: &Panel, options: &Options) -> PeriodResult {
    let mut periods = compute(panel, options).expect("compute");
    assert_eq!(periods.len(), 1);
    periods.remove(0)
}

/// Running maximum of |a - b| per column, printed at the end.
#[derive(Default)]
struct Deviation(Vec<(&'static str, f64)>);

impl Deviation {
    fn add(&mut self, name: &'static str, a: f64, b: f64) {
        let d = (a - b).abs();
        assert!(d.is_finite(), "{name}: non-finite comparison {a} vs {b}");
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some((_, m)) => *m = m.max(d),
            None => self.0.push((name, d)),
        }
    }

    fn check(&self, label: &str, limits: &[(&str, f64)]) {
        for (name, max) in &self.0 {
            eprintln!("{label}: max |diff| {name:<12} = {max:.3e}");
        }
        for (name, limit) in limits {
            let (_, max) = self
                .0
                .iter()
                .find(|(n, _)| n == name)
                .unwrap_or_else(|| panic!("{name} was never compared"));
            assert!(
                max <= limit,
                "{label}: {name} deviates by {max:e} > {limit:e}"
            );
        }
    }
}

#[test]
fn matches_py_ecomplexity_every_cp_column() {
    let Some(dir) = data_dir() else { return };
    let out = single(&world_trade(&dir), &Options::default());
    assert_eq!((out.locations.len(), out.products.len()), (226, 785));

    let (h, rows) = read_rows(&dir.join("reference/py_ecomplexity_0.5.3_cp.csv"));
    assert_eq!(rows.len(), 226 * 785);
    let col = |n| column(&h, n);
    let (country, product) = (col("country"), col("product"));
    let names = [
        "value",
        "rca",
        "mcp",
        "diversity",
        "ubiquity",
        "eci",
        "pci",
        "density",
        "coi",
        "cog",
    ];
    let idx: Vec<usize> = names.iter().map(|n| col(n)).collect();
    let mut dev = Deviation::default();
    for r in &rows {
        let l = out.location_index(&r[country]).expect("country");
        let p = out.product_index(&r[product]).expect("product");
        let loc = &out.locations[l];
        let prod = &out.products[p];
        let cell = out.cell(l, p).expect("cell");
        let ours = [
            cell.value,
            cell.rca,
            f64::from(u8::from(cell.mcp)),
            f64::from(loc.diversity.expect("diversity")),
            f64::from(prod.ubiquity.expect("ubiquity")),
            loc.eci.expect("eci"),
            prod.pci.expect("pci"),
            cell.density.expect("density"),
            loc.coi.expect("coi"),
            cell.cog,
        ];
        for ((name, &i), ours) in names.iter().zip(&idx).zip(ours) {
            dev.add(name, ours, num(r, i));
        }
    }
    dev.check(
        "py-ecomplexity",
        &[
            ("value", 0.0),
            ("rca", 1e-12),
            ("mcp", 0.0),
            ("diversity", 0.0),
            ("ubiquity", 0.0),
            ("eci", 1e-9),
            ("pci", 1e-9),
            ("density", 1e-12),
            ("coi", 1e-9),
            ("cog", 1e-9),
        ],
    );
}

#[test]
fn matches_py_ecomplexity_proximity() {
    let Some(dir) = data_dir() else { return };
    let out = single(&world_trade(&dir), &Options::default());
    let (h, rows) = read_rows(&dir.join("reference/py_ecomplexity_0.5.3_proximity_upper.csv"));
    let (a, b, v) = (
        column(&h, "product_1"),
        column(&h, "product_2"),
        column(&h, "proximity"),
    );
    let mut dev = Deviation::default();
    for r in &rows {
        let pa = out.product_index(&r[a]).expect("product_1");
        let pb = out.product_index(&r[b]).expect("product_2");
        dev.add("proximity", out.proximity(pa, pb).expect("kept"), num(r, v));
        dev.add("symmetry", out.proximity(pb, pa).expect("kept"), num(r, v));
    }
    dev.check(
        "py-ecomplexity",
        &[("proximity", 1e-12), ("symmetry", 1e-12)],
    );
    // The file omits zero cells: our upper triangle must have exactly as many non-zeros.
    let p = out.products.len();
    let nonzero = (0..p)
        .flat_map(|i| (i..p).map(move |j| (i, j)))
        .filter(|&(i, j)| out.proximity(i, j).is_some_and(|x| x != 0.0))
        .count();
    assert_eq!(nonzero, rows.len());
}

/// z-score with the sample sd (ddof 1), R's convention.
fn zscore_ddof1(x: &[f64]) -> Vec<f64> {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    let sd = (x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    x.iter().map(|v| (v - m) / sd).collect()
}

#[test]
fn stata_convention_matches_r_and_oec_where_they_coincide() {
    let Some(dir) = data_dir() else { return };
    let out = single(&world_trade(&dir), &Options::stata());
    let mut dev = Deviation::default();

    // R: rca, mcp (R tests rca >= 1, Stata rca > 1: no cell has rca exactly 1 here).
    let (h, rows) = read_rows(&dir.join("reference/r_economiccomplexity_2.0.0_cp.csv"));
    let (c, p, rca, mcp) = (
        column(&h, "country"),
        column(&h, "product"),
        column(&h, "rca"),
        column(&h, "mcp"),
    );
    assert_eq!(rows.len(), 226 * 785);
    for r in &rows {
        let l = out.location_index(&r[c]).expect("country");
        let q = out.product_index(&r[p]).expect("product");
        let cell = out.cell(l, q).expect("cell");
        dev.add("rca", cell.rca, num(r, rca));
        dev.add("mcp", f64::from(u8::from(cell.mcp)), num(r, mcp));
    }

    // R: diversity and ECI. R z-scores ECI with its own mean and ddof-1 sd; Stata's ECI is an
    // affine image of the same eigenvector, so re-standardising it must reproduce R.
    let (h, rows) = read_rows(&dir.join("reference/r_economiccomplexity_2.0.0_country.csv"));
    let (c, div, eci) = (
        column(&h, "country"),
        column(&h, "diversity"),
        column(&h, "eci_eigenvalues"),
    );
    let ours: Vec<f64> = out.locations.iter().map(|l| l.eci.expect("eci")).collect();
    let z = zscore_ddof1(&ours);
    for r in &rows {
        let l = out.location_index(&r[c]).expect("country");
        let d = out.locations[l].diversity.expect("diversity");
        dev.add("diversity", f64::from(d), num(r, div));
        dev.add("eci (rescaled)", z[l], num(r, eci));
    }

    let (h, rows) = read_rows(&dir.join("reference/r_economiccomplexity_2.0.0_product.csv"));
    let (p, ubi, pci) = (
        column(&h, "product"),
        column(&h, "ubiquity"),
        column(&h, "pci_eigenvalues"),
    );
    let ours: Vec<f64> = out.products.iter().map(|x| x.pci.expect("pci")).collect();
    let z = zscore_ddof1(&ours);
    for r in &rows {
        let q = out.product_index(&r[p]).expect("product");
        let u = out.products[q].ubiquity.expect("ubiquity");
        dev.add("ubiquity", f64::from(u), num(r, ubi));
        dev.add("pci (rescaled)", z[q], num(r, pci));
    }

    // OEC relatedness is density with a zero proximity diagonal: Stata's density.
    let (h, rows) = read_rows(&dir.join("reference/oec_economic_complexity_0.3.0_cp.csv"));
    let (c, p, rel) = (
        column(&h, "country"),
        column(&h, "product"),
        column(&h, "relatedness"),
    );
    let known: HashMap<&str, usize> = out
        .locations
        .iter()
        .enumerate()
        .map(|(i, l)| (l.code.as_str(), i))
        .collect();
    for r in &rows {
        let l = known[&r[c]];
        let q = out.product_index(&r[p]).expect("product");
        let cell = out.cell(l, q).expect("cell");
        dev.add("density", cell.density.expect("density"), num(r, rel));
    }

    dev.check(
        "stata vs R/OEC",
        &[
            ("rca", 1e-12),
            ("mcp", 0.0),
            ("diversity", 0.0),
            ("ubiquity", 0.0),
            ("eci (rescaled)", 1e-9),
            ("pci (rescaled)", 1e-9),
            ("density", 1e-12),
        ],
    );
}

#[test]
fn stata_and_py_differ_only_by_the_documented_scaling() {
    let Some(dir) = data_dir() else { return };
    let panel = world_trade(&dir);
    let py = single(&panel, &Options::default());
    let st = single(&panel, &Options::stata());
    // Same presence on this table, so kc is the same and only the sd differs:
    // sd_stata = sd_py * sqrt(nP / (nP - 1)).
    let (n, p) = (226.0, 785.0);
    let ratio = (n * p / (n * p - 1.0_f64)).sqrt();
    for (a, b) in py.locations.iter().zip(&st.locations) {
        let (a, b) = (a.eci.expect("eci"), b.eci.expect("eci"));
        assert!((a - b * ratio).abs() < 1e-9, "{a} vs {b}");
    }
}
