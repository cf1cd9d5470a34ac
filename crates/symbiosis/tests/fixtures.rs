//! Reproduces every fixture of `../shared/data/symbiosis/benchmark_fixtures.json` (heat cascade,
//! allocation, water reuse), read by path; skips with a message when the file is absent.

use liantu_symbiosis::heat::{self, HeatStream, StreamType};
use liantu_symbiosis::lp::{Direction, LpModel};
use liantu_symbiosis::water::{self, Operation};
use liantu_symbiosis::{Catalog, Instance};
use serde_json::Value;

fn fixtures() -> Option<Value> {
    let path = liantu_testdata::shared("symbiosis/benchmark_fixtures.json")?;
    let text = std::fs::read_to_string(path).expect("fixtures are readable");
    Some(serde_json::from_str(&text).expect("fixtures are JSON"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * (1.0 + b.abs())
}

fn f(v: &Value) -> f64 {
    v.as_f64().expect("number")
}

#[test]
fn heat_cascade_fixtures() {
    let Some(fx) = fixtures() else { return };
    let cases = fx["heat_cascade"].as_array().expect("heat_cascade");
    assert_eq!(cases.len(), 3);
    for case in cases {
        let id = case["id"].as_str().unwrap();
        let streams: Vec<HeatStream> = case["streams"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| HeatStream {
                name: s["name"].as_str().unwrap().into(),
                kind: if s["type"] == "hot" {
                    StreamType::Hot
                } else {
                    StreamType::Cold
                },
                t_supply_c: f(&s["t_supply_C"]),
                t_target_c: f(&s["t_target_C"]),
                cp_kw_per_k: f(&s["cp_kW_per_K"]),
            })
            .collect();
        let t = heat::targets(&streams, f(&case["dt_min_K"])).unwrap();
        let e = &case["expected"];
        assert!(close(t.q_hot_min_kw, f(&e["q_hot_min_kW"])), "{id}: {t:?}");
        assert!(
            close(t.q_cold_min_kw, f(&e["q_cold_min_kW"])),
            "{id}: {t:?}"
        );
        assert!(
            close(t.q_hot_min_lp_kw, f(&e["q_hot_min_kW"])),
            "{id} LP: {t:?}"
        );
        assert!(
            close(t.pinch_shifted_c.unwrap(), f(&e["pinch_shifted_C"])),
            "{id}: {t:?}"
        );
        if let Some(h) = e.get("pinch_hot_C") {
            assert!(close(t.pinch_hot_c.unwrap(), f(h)), "{id}");
            assert!(
                close(t.pinch_cold_c.unwrap(), f(&e["pinch_cold_C"])),
                "{id}"
            );
        }
        assert!(heat::energy_balance_holds(
            &streams,
            t.q_hot_min_kw,
            t.q_cold_min_kw
        ));
        if id.ends_with("negative_control") {
            // The published answer (QH 430, QC 630) violates the first law; the check catches it.
            assert!(!heat::energy_balance_holds(&streams, 430.0, 630.0));
        }
    }
}

#[test]
fn water_reuse_fixture() {
    let Some(fx) = fixtures() else { return };
    for case in fx["water_reuse"].as_array().unwrap() {
        let ops: Vec<Operation> = case["operations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| Operation {
                mass_load_kg_per_h: f(&o["mass_load_kg_per_h"]),
                c_in_max_ppm: f(&o["c_in_max_ppm"]),
                c_out_max_ppm: f(&o["c_out_max_ppm"]),
            })
            .collect();
        let t = water::min_freshwater(&ops).unwrap();
        let e = &case["expected"];
        assert!(
            close(t.min_freshwater_t_per_h, f(&e["min_freshwater_t_per_h"])),
            "{t:?}"
        );
        assert!(close(
            t.freshwater_without_reuse_t_per_h,
            f(&e["freshwater_without_reuse_t_per_h"])
        ));
    }
}

/// The toy allocation, once as a raw min-cost LP and once through liantu's instance format
/// (net benefit = total disposal + total virgin − minimum total cost).
#[test]
fn allocation_fixture() {
    let Some(fx) = fixtures() else { return };
    for case in fx["allocation_toy"].as_array().unwrap() {
        let supplies = case["supplies"].as_object().unwrap();
        let demands = case["demands"].as_object().unwrap();
        let disposal = f(&case["disposal_cost_per_unit"]);
        let virgin = f(&case["virgin_cost_per_unit"]);
        let expected_cost = f(&case["expected"]["total_cost"]);

        // Raw LP: min Σ c x + disposal × unused supply + virgin × unmet demand.
        let mut lp = LpModel::new(Direction::Minimise);
        let s_rows: Vec<(String, usize, f64)> = supplies
            .iter()
            .map(|(k, v)| (k.clone(), lp.add_row(f(v), f(v)), f(v)))
            .collect();
        let d_rows: Vec<(String, usize, f64)> = demands
            .iter()
            .map(|(k, v)| (k.clone(), lp.add_row(f(v), f(v)), f(v)))
            .collect();
        let row = |rows: &[(String, usize, f64)], name: &str| {
            rows.iter().find(|r| r.0 == name).unwrap().1
        };
        let mut arcs = Vec::new();
        for a in case["arc_costs"].as_array().unwrap() {
            let (s, d, c) = (a[0].as_str().unwrap(), a[1].as_str().unwrap(), f(&a[2]));
            let col = lp.add_col(
                c,
                0.0,
                f64::INFINITY,
                false,
                &[(row(&s_rows, s), 1.0), (row(&d_rows, d), 1.0)],
            );
            arcs.push((format!("{s}->{d}"), col));
        }
        for (_, r, _) in &s_rows {
            lp.add_col(disposal, 0.0, f64::INFINITY, false, &[(*r, 1.0)]);
        }
        for (_, r, _) in &d_rows {
            lp.add_col(virgin, 0.0, f64::INFINITY, false, &[(*r, 1.0)]);
        }
        let sol = lp.solve(10.0).unwrap();
        assert!(close(sol.objective, expected_cost), "{}", sol.objective);
        let flows = case["expected"]["flows"].as_object().unwrap();
        for (name, col) in &arcs {
            let want = flows.get(name).map_or(0.0, f);
            assert!(
                close(sol.columns[*col], want),
                "{name}: {}",
                sol.columns[*col]
            );
        }

        // Through the instance format: one class, every arc made compatible by declared distances
        // on a pipeline-free class; non-arcs blocked by a missing distance.
        let mut inst = Instance {
            name: "allocation_toy".into(),
            ..Instance::default()
        };
        let names: Vec<&String> = supplies.keys().chain(demands.keys()).collect();
        for n in &names {
            inst.enterprises
                .push(liantu_symbiosis::instance::Enterprise {
                    id: (*n).clone(),
                    ..Default::default()
                });
        }
        for (k, v) in supplies {
            inst.offers.push(liantu_symbiosis::instance::Offer {
                id: k.clone(),
                enterprise: k.clone(),
                class: "slag".into(),
                quantity: Some(f(v)),
                unit: "t".into(),
                disposal_cost: disposal,
                ..Default::default()
            });
        }
        for (k, v) in demands {
            inst.needs.push(liantu_symbiosis::instance::Need {
                id: k.clone(),
                enterprise: k.clone(),
                class: "slag".into(),
                quantity: Some(f(v)),
                unit: "t".into(),
                virgin_price: virgin,
                ..Default::default()
            });
        }
        // truck 0.5 元/(t·km): km = cost / 0.5
        for a in case["arc_costs"].as_array().unwrap() {
            inst.distances.push(liantu_symbiosis::instance::Distance {
                from: a[0].as_str().unwrap().into(),
                to: a[1].as_str().unwrap().into(),
                km: f(&a[2]) / 0.5,
            });
        }
        let model = inst.validate(Catalog::builtin()).unwrap();
        let report = model.solve(None).unwrap();
        let total_supply: f64 = supplies.values().map(f).sum();
        let total_demand: f64 = demands.values().map(f).sum();
        let min_cost = disposal * total_supply + virgin * total_demand - report.objective;
        assert!(close(min_cost, expected_cost), "{min_cost}");
        for e in &report.exchanges {
            let want = flows[&format!("{}->{}", e.offer, e.need)].as_f64().unwrap();
            assert!(close(e.quantity, want), "{} {}", e.offer, e.need);
        }
        assert_eq!(report.exchanges.len(), flows.len());
        // S1 has 10 t left over: not scarce; slag S2 and steam S3 are used up and worth more.
        let s1 = report
            .offers
            .iter()
            .find(|o| o.id == "S1_H2_chloralkali")
            .unwrap();
        assert!(close(s1.left, 10.0) && !s1.scarce);
        assert!(
            report
                .offers
                .iter()
                .filter(|o| o.id != "S1_H2_chloralkali")
                .all(|o| o.scarce)
        );
    }
}
