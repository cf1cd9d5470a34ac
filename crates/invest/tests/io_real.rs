//! The Leontief model on the real NBS tables in `../shared/data/input-output/` (read by path,
//! never copied). Skips with a message when the shared data is absent (fails under LIANTU_REQUIRE_SHARED).

use liantu_invest::io::{NodeSectorMap, leontief, parse_io_csv};

fn read(name: &str) -> Option<String> {
    let path = liantu_testdata::shared(&format!("input-output/{name}"))?;
    Some(std::fs::read_to_string(path).unwrap())
}

#[test]
fn china_2020_42_sector_table() {
    let Some(text) = read("china_io_2020_42.csv") else {
        return;
    };
    let t = parse_io_csv(&text).unwrap();
    assert_eq!(t.len(), 42);
    assert!(t.non_competitive);
    assert_eq!(t.sectors[17].name_zh, "交通运输设备");
    let m = leontief(&t).unwrap();
    let n = t.len();
    // L(I − A) = I to 1e-9, recomputed here with plain loops.
    let mut worst: f64 = 0.0;
    for i in 0..n {
        for j in 0..n {
            let mut v = 0.0;
            for k in 0..n {
                let id = if k == j { 1.0 } else { 0.0 };
                v += m.l(i, k) * (id - m.a(k, j));
            }
            let id = if i == j { 1.0 } else { 0.0 };
            worst = worst.max((v - id).abs());
        }
    }
    eprintln!("max |L(I − A) − I| = {worst:e}");
    assert!(worst <= 1e-9, "{worst:e}");
    // Total output = L × final demand to 1e-6 relative.
    let x = m.output_for(&t.final_demand);
    let mut rel: f64 = 0.0;
    for (xi, go) in x.iter().zip(&t.total_output) {
        rel = rel.max(((xi - go) / go).abs());
    }
    eprintln!("max relative |L f − x| / x = {rel:e}");
    assert!(rel <= 1e-6, "{rel:e}");
    // Plausibility: multipliers above 1, manufacturing of transport equipment above average.
    assert!(m.output_multipliers.iter().all(|v| *v >= 1.0));
    assert!(m.backward_linkage[17] > 1.0);
    let mean: f64 = m.backward_linkage.iter().sum::<f64>() / n as f64;
    assert!((mean - 1.0).abs() < 1e-12);
}

#[test]
fn every_shared_table_inverts() {
    for name in [
        "china_io_2015_42.csv",
        "china_io_2017_42.csv",
        "china_io_2018_42.csv",
        "china_io_2012_139.csv",
        "china_io_2017_149.csv",
        "china_io_2018_153.csv",
        "china_io_2020_153.csv",
    ] {
        let Some(text) = read(name) else {
            return;
        };
        let t = parse_io_csv(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            t.balance_residual() < 1e-9,
            "{name}: {}",
            t.balance_residual()
        );
        let m = leontief(&t).unwrap_or_else(|e| panic!("{name}: {e}"));
        let x = m.output_for(&t.final_demand);
        for (xi, go) in x.iter().zip(&t.total_output) {
            if *go > 0.0 {
                assert!(((xi - go) / go).abs() < 1e-6, "{name}");
            }
        }
    }
}

#[test]
fn shipped_node_mapping_fits_the_42_sector_tables() {
    let map = NodeSectorMap::from_toml(include_str!("../../../data/io/nodes-nbs42.toml")).unwrap();
    assert_eq!(map.sectors, 42);
    let Some(text) = read("china_io_2020_42.csv") else {
        return;
    };
    let t = parse_io_csv(&text).unwrap();
    assert_eq!(map.missing_in(&t), Vec::<String>::new());
}
