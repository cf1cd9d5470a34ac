//! `liantu map`, `map import`, `coupling` and `economy` driven as a user would.

mod common;

use common::{demo, json, liantu, stderr as err, stdout as out};

#[test]
fn the_demo_draws_its_county_map_and_table() {
    let dir = demo();
    let o = liantu(
        dir.path(),
        &[
            "map", "--chain", "forestry", "--out", "f.svg", "--format", "csv",
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    let svg = std::fs::read_to_string(dir.path().join("f.svg")).unwrap();
    assert!(svg.starts_with("<?xml") && svg.contains("融安县") && svg.contains("示例数据"));
    assert!(!dir.path().join("f.svg.partial").exists());
    // The table: a header and Liuzhou's ten county-level divisions.
    assert_eq!(out(&o).lines().count(), 11, "{}", out(&o));
    let v = json(
        dir.path(),
        &["map", "--chain", "forestry", "--format", "json"],
    );
    assert_eq!(v["counties"].as_array().unwrap().len(), 10);
    assert_eq!(v["plan"]["id"], "forestry-2025");
    // English text on request.
    let o = liantu(
        dir.path(),
        &[
            "map", "--chain", "forestry", "--lang", "en", "--out", "e.svg",
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    let svg = std::fs::read_to_string(dir.path().join("e.svg")).unwrap();
    assert!(svg.contains("county layout") && svg.contains("Illustrative data"));
}

#[test]
fn bad_boundary_files_change_nothing_and_say_why() {
    let dir = demo();
    std::fs::write(
        dir.path().join("bad.geojson"),
        r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"code":"450202","name":"城中区"},
             "geometry":{"type":"Polygon","coordinates":[[[109,24],[110,24],[110,25],[109,24]]]}},
            {"type":"Feature","properties":{"code":"450203"},
             "geometry":{"type":"Polygon","coordinates":[[[109,24],[110,24],[110,25],[109,24]]]}}]}"#,
    )
    .unwrap();
    let before = std::fs::read_to_string({
        let o = liantu(
            dir.path(),
            &["map", "--chain", "forestry", "--out", "a.svg"],
        );
        assert!(o.status.success(), "{}", err(&o));
        dir.path().join("a.svg")
    })
    .unwrap();
    let o = liantu(dir.path(), &["map", "import", "bad.geojson"]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(
        err(&o).contains("第 2 个要素") && err(&o).contains("no name"),
        "{}",
        err(&o)
    );
    let o = liantu(
        dir.path(),
        &["map", "--chain", "forestry", "--out", "b.svg"],
    );
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("b.svg")).unwrap(),
        before
    );
    // Not GeoJSON at all.
    std::fs::write(dir.path().join("x.geojson"), "code,name\n450202,城中区\n").unwrap();
    let o = liantu(dir.path(), &["map", "import", "x.geojson"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("JSON"), "{}", err(&o));
    // A map needs a chain.
    let o = liantu(dir.path(), &["map"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn coupling_names_what_the_battery_chain_buys_outside() {
    let dir = demo();
    let v = json(dir.path(), &["coupling", "--format", "json"]);
    let gaps = v["gaps"].as_array().unwrap();
    assert!(
        gaps.iter()
            .any(|g| g["buyer_node"] == "lithium-carbonate" && g["supplier"]["id"] == "chemical"),
        "{v}"
    );
    let o = liantu(dir.path(), &["coupling", "--format", "csv"]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(out(&o).lines().count(), gaps.len() + 1);
    let o = liantu(dir.path(), &["coupling"]);
    assert!(out(&o).contains("跨链本地配套率"), "{}", out(&o));
}

#[test]
fn economy_sets_computed_beside_published_figures() {
    let dir = demo();
    let v = json(dir.path(), &["economy", "--format", "json"]);
    assert_eq!(v["ownership"], "private");
    let rd = v["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "rd_intensity")
        .unwrap();
    assert!(rd["value"].as_f64().unwrap() > 0.0 && rd["coverage"].as_i64().unwrap() > 0);
    let o = liantu(dir.path(), &["economy", "--ownership", "state"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("专精特新企业（按产值）"), "{}", out(&o));
    let chain = json(
        dir.path(),
        &["economy", "--chain", "nev-battery", "--format", "json"],
    );
    assert_eq!(chain["chain"]["id"], "nev-battery");
    let o = liantu(dir.path(), &["economy", "--chain", "steel"]);
    assert!(
        !o.status.success() && err(&o).contains("steel"),
        "{}",
        err(&o)
    );
    let o = liantu(dir.path(), &["economy", "--ownership", "collective"]);
    assert_eq!(o.status.code(), Some(2));
}
