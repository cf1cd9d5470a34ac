//! The example instance and bad input: every problem reported, clearly, and nothing solved.

use liantu_symbiosis::{Catalog, Error, Instance, Rejection, SolveError, solve_json};

const EXAMPLE: &str = include_str!("../../../data/symbiosis/example-instance.json");

fn example() -> Instance {
    Instance::from_json(EXAMPLE).unwrap()
}

#[test]
fn example_solves_with_cascade_and_accounting() {
    let r = solve_json(EXAMPLE, None).unwrap();
    assert_eq!(r.model, "lp");
    assert!(r.illustrative);
    let ex = |o: &str, n: &str| r.exchanges.iter().find(|e| e.offer == o && e.need == n);
    // 8,000,000 Nm3 × 0.08988 kg/Nm3 = 719.04 t of hydrogen; the H2O2 plant takes 500 t.
    let h2 = ex("h2", "h2-need").unwrap();
    assert!((h2.quantity - 500.0).abs() < 1e-6);
    assert_eq!(h2.mode, "pipeline");
    assert!((h2.co2_avoided_t - 500.0 * 9.35).abs() < 1e-6);
    let left = r.offers.iter().find(|o| o.id == "h2").unwrap();
    assert!((left.left - 219.04).abs() < 1e-6);
    // steam: 60,000 t × 2.8 GJ/t = 168,000 GJ; 80,000 GJ direct, the rest cascaded to hot water at 0.9.
    let direct = ex("steam", "process-steam").unwrap();
    assert!((direct.quantity - 80000.0).abs() < 1e-6);
    let cascade = ex("steam", "warm-water").unwrap();
    assert!(cascade.conversion.is_some());
    assert!((cascade.delivered - 0.9 * cascade.quantity).abs() < 1e-6);
    assert!((cascade.quantity - 88000.0).abs() < 1e-6);
    // Steam is used up and worth more: scarce with a positive shadow price; the hot-water need is
    // partly unmet.
    let steam = r.offers.iter().find(|o| o.id == "steam").unwrap();
    assert!(steam.scarce && steam.shadow_price.unwrap() > 0.0);
    let warm = r.needs.iter().find(|n| n.id == "warm-water").unwrap();
    assert!(warm.unmet > 1.0 && (warm.value_if_supplied.unwrap() - 42.5).abs() < 1e-6);
    // waste acid goes to the licensed fertiliser plant; slag by truck outside the park.
    assert!(ex("acid", "acid-need").unwrap().hazardous.as_deref() == Some("HW34"));
    let slag = ex("slag", "clinker-sub").unwrap();
    assert_eq!(slag.mode, "truck");
    assert!(slag.distance_km > 20.0);
    assert!((r.totals.avoided_disposal_t - (2000.0 + 40000.0)).abs() < 1e-6);
    assert!(
        r.totals.co2_avoided_t > 0.0 && r.emission_factors.iter().all(|f| !f.source.is_empty())
    );
    let chp = r.enterprises.iter().find(|e| e.id == "chp").unwrap();
    assert!((chp.waste_heat_recovery.unwrap() - 1.0).abs() < 1e-9);
    let steel = r.enterprises.iter().find(|e| e.id == "steel").unwrap();
    assert!((steel.solid_waste_utilisation.unwrap() - 0.8).abs() < 1e-9);
    assert!((r.objective - r.totals.net_benefit).abs() < 1e-6 * r.objective);
}

#[test]
fn reasons_for_every_pair() {
    let model = example().validate(Catalog::builtin()).unwrap();
    let all = model.explain_all();
    assert_eq!(all.len(), 4 * 5);
    let find = |o: &str, n: &str| all.iter().find(|p| p.offer == o && p.need == n).unwrap();
    assert_eq!(find("slag", "h2-need").rejection, Some(Rejection::Class));
    assert!(find("steam", "warm-water").reason_en.contains("cascade"));
    assert!(find("h2", "h2-need").compatible);
    // hot water cannot be upgraded to steam
    assert!(find("slag", "process-steam").reason_zh.contains("类别不符"));
}

#[test]
fn licence_pipeline_and_property_rules() {
    let mut inst = example();
    inst.enterprises[3].licences.clear();
    inst.enterprises[4].park = None;
    // the cement plant (outside the park) asks for steam: pipelines only inside a park
    inst.needs.push(liantu_symbiosis::instance::Need {
        id: "cement-steam".into(),
        enterprise: "cement".into(),
        class: "steam".into(),
        quantity: Some(10.0),
        unit: "GJ".into(),
        virgin_price: 80.0,
        ..Default::default()
    });
    inst.needs[0].requires.insert("purity_pct".into(), 99.95);
    let model = inst.validate(Catalog::builtin()).unwrap();
    let idx = |id: &str| {
        model
            .instance
            .offers
            .iter()
            .position(|o| o.id == id)
            .unwrap() as u32
    };
    let need = |id: &str| {
        model
            .instance
            .needs
            .iter()
            .position(|n| n.id == id)
            .unwrap() as u32
    };
    assert_eq!(
        model.check_pair(idx("acid"), need("acid-need")),
        Err(Rejection::Licence { hw: "HW34".into() })
    );
    assert_eq!(
        model.check_pair(idx("steam"), need("cement-steam")),
        Err(Rejection::PipelineOnly)
    );
    let v = model.check_pair(idx("h2"), need("h2-need"));
    assert!(matches!(v, Err(Rejection::Property { .. })));
    let (zh, en) = model.reason(idx("h2"), need("h2-need"), &v);
    assert!(
        zh.contains("purity_pct") && en.contains("need ≥ 99.95"),
        "{en}"
    );
}

fn invalid(text: &str) -> Vec<String> {
    match solve_json(text, None) {
        Err(Error::Invalid(e)) => e.0,
        other => panic!("expected invalid input, got {other:?}"),
    }
}

#[test]
fn bad_input_is_reported_completely() {
    let mut v: serde_json::Value = serde_json::from_str(EXAMPLE).unwrap();
    v["offers"][0]["quantity"] = serde_json::json!(-5);
    v["offers"][1].as_object_mut().unwrap().remove("quantity");
    v["offers"][2]["unit"] = serde_json::json!("barrel");
    v["offers"][3]["class"] = serde_json::json!("unobtainium");
    v["needs"][1]["unit"] = serde_json::json!("m3");
    v["needs"][0]["requires"]["colour"] = serde_json::json!(3);
    let errors = invalid(&v.to_string());
    let all = errors.join("\n");
    assert_eq!(errors.len(), 6, "{all}");
    assert!(
        all.contains("offer h2：数量必须为非负数")
            && all.contains("quantity must be non-negative, got -5")
    );
    assert!(all.contains("offer steam：缺少数量 / quantity missing"));
    assert!(all.contains("unknown unit \"barrel\""));
    assert!(all.contains("unknown class \"unobtainium\""));
    assert!(
        all.contains("unit mismatch: class steam is measured in GJ and m3"),
        "{all}"
    );
    assert!(all.contains("class hydrogen has no property colour"));
}

/// Properties and prices follow the data contract: a purity below 0 % or above 100 %, a
/// temperature below absolute zero, a negative or absurd pressure, price or quantity are
/// refused naming the stream and field. A negative disposal cost stays allowed: it is the
/// documented way to say the offerer could sell the stream elsewhere.
#[test]
fn properties_and_prices_outside_the_contract_are_refused() {
    let mut v: serde_json::Value = serde_json::from_str(EXAMPLE).unwrap();
    v["offers"][0]["properties"]["purity_pct"] = serde_json::json!(-5);
    v["needs"][0]["requires"]["purity_pct"] = serde_json::json!(150);
    v["offers"][1]["properties"]["temperature_c"] = serde_json::json!(-300);
    v["offers"][1]["properties"]["pressure_mpa"] = serde_json::json!(-1);
    v["needs"][1]["virgin_price"] = serde_json::json!(1e300);
    v["offers"][2]["disposal_cost"] = serde_json::json!(-1e300);
    v["needs"][3]["quantity"] = serde_json::json!(1e300);
    let errors = invalid(&v.to_string());
    let all = errors.join("\n");
    assert_eq!(errors.len(), 7, "{all}");
    for needle in [
        "offer h2：properties.purity_pct",
        "need h2-need：requires.purity_pct",
        "offer steam：properties.temperature_c",
        "offer steam：properties.pressure_mpa",
        "need process-steam：virgin_price",
        "offer acid：disposal_cost",
        "need acid-need：",
    ] {
        assert!(all.contains(needle), "{needle}: {all}");
    }
    assert!(all.contains("0..=100 (%)"), "{all}");

    let mut v: serde_json::Value = serde_json::from_str(EXAMPLE).unwrap();
    v["offers"][3]["disposal_cost"] = serde_json::json!(-20);
    assert!(
        Instance::from_json(&v.to_string())
            .unwrap()
            .validate(Catalog::builtin())
            .is_ok()
    );
}

#[test]
fn malformed_json_names_line_and_column() {
    let errors = invalid("{ \"offers\": [ }");
    assert!(errors[0].contains("line 1"), "{errors:?}");
    let errors = invalid("{ \"offerz\": [] }");
    assert!(errors[0].contains("offerz"), "{errors:?}");
}

#[test]
fn infeasible_minimum_intake_is_explained() {
    let mut inst = example();
    inst.needs[0].quantity = Some(900.0);
    inst.needs[0].min_intake = Some(800.0); // only 719.04 t of hydrogen exist
    let model = inst.validate(Catalog::builtin()).unwrap();
    match model.solve(None) {
        Err(SolveError::Infeasible(lines)) => {
            assert!(
                lines[0].contains("need h2-need must take at least 800.000 t"),
                "{lines:?}"
            );
            assert!(lines[0].contains("at most 719.040 t"), "{lines:?}");
        }
        other => panic!("{other:?}"),
    }
    // two needs competing for the same 719.04 t: each alone is fine, together infeasible
    let mut inst = example();
    inst.needs[0].min_intake = Some(400.0);
    let mut second = inst.needs[0].clone();
    second.id = "h2-need-2".into();
    inst.needs.push(second);
    let model = inst.validate(Catalog::builtin()).unwrap();
    let err = model.solve(None).unwrap_err();
    assert!(
        err.to_string().contains("cannot all be met at once"),
        "{err}"
    );
}

#[test]
fn mip_respects_fixed_cost_and_minimum_size() {
    let mut inst = example();
    inst.options.mip = true;
    // A fixed cost larger than the acid exchange's value (2000 t × (800 + 300 − transport)) drops it.
    inst.offers[2].exchange_fixed_cost = Some(3_000_000.0);
    // The slag exchange must be at least 45,000 t but the cement plant needs only 40,000 t.
    inst.offers[3].min_exchange = Some(45_000.0);
    let r = inst
        .validate(Catalog::builtin())
        .unwrap()
        .solve(None)
        .unwrap();
    assert_eq!(r.model, "mip");
    assert!(
        r.exchanges
            .iter()
            .all(|e| e.offer != "acid" && e.offer != "slag")
    );
    assert!(r.offers.iter().all(|o| o.shadow_price.is_none()));
    let lp = solve_json(EXAMPLE, Some(false)).unwrap();
    assert!(r.objective < lp.objective);
}
