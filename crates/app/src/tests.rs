//! End-to-end over the real demo: store → engine → report.

use super::*;
use liantu_model::{NodeStatus, RegionCode};

/// A fresh database with the built-in chains and the Liuzhou demo.
pub(crate) async fn demo_app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(&dir.path().join("demo.db"), true).await.unwrap();
    assert_eq!(app.install_builtin_chains().await.unwrap(), 4);
    app.load_demo().await.unwrap();
    (dir, app)
}

async fn demo_store() -> (tempfile::TempDir, App) {
    demo_app().await
}

fn liuzhou() -> RegionCode {
    RegionCode::parse("450200").unwrap()
}

#[tokio::test]
async fn missing_battery_materials_show_as_missing_or_weak() {
    let (_dir, store) = demo_store().await;
    let report = store
        .chain_diagnosis(&DiagnosisRequest::new("nev-battery", liuzhou()))
        .await
        .unwrap();
    for id in ["lithium-carbonate", "electrolyte", "cathode"] {
        let node = report.nodes.iter().find(|n| n.id == id).unwrap();
        assert!(
            matches!(node.status, NodeStatus::Missing | NodeStatus::Weak),
            "{id} is {:?}",
            node.status
        );
        assert!(!node.reason_zh.is_empty() && !node.reason_en.is_empty());
    }
    // Vehicles are Liuzhou's strength.
    let vehicle = report.nodes.iter().find(|n| n.id == "vehicle").unwrap();
    assert_eq!(vehicle.status, NodeStatus::Strong, "{}", vehicle.reason_en);
    assert!(report.local_supply.link_count > 0);
    let rate = report.local_supply.rate.unwrap();
    assert!(rate > 0.0 && rate < 1.0);
    assert!(!report.leaders.is_empty());
    assert!(report.illustrative && report.as_of.is_some());
    assert_eq!(report.year, Some(2024));
    assert_eq!(report.ignored_rows, 0);
    // Lithium carbonate is bought, but only from outside Liuzhou.
    let li = report
        .nodes
        .iter()
        .find(|n| n.id == "lithium-carbonate")
        .unwrap();
    assert_eq!(li.local_supply.local_link_count, 0);
    let json = serde_json::to_value(&*report).unwrap();
    assert_eq!(json["nodes"][4]["id"], "lithium-carbonate");
    assert_eq!(json["nodes"][4]["status"], "missing");
}

#[tokio::test]
async fn a_county_sees_its_own_picture() {
    let (_dir, store) = demo_store().await;
    let city = store
        .chain_diagnosis(&DiagnosisRequest::new("forestry", liuzhou()))
        .await
        .unwrap();
    let rongan = RegionCode::parse("450224").unwrap();
    let county = store
        .chain_diagnosis(&DiagnosisRequest::new("forestry", rongan))
        .await
        .unwrap();
    assert!(county.local_enterprises < city.local_enterprises);
    assert!(county.local_enterprises > 0);
    assert!(county.total_output < city.total_output);
}

#[tokio::test]
async fn unknown_chain_and_region_are_named() {
    let (_dir, store) = demo_store().await;
    let err = store
        .chain_diagnosis(&DiagnosisRequest::new("steel", liuzhou()))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.to_string().contains("steel"), "{err}");
    let nowhere = RegionCode::parse("659999").unwrap();
    let err = store
        .chain_diagnosis(&DiagnosisRequest::new("forestry", nowhere))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
}

#[tokio::test]
async fn the_demo_loads_only_once() {
    let (_dir, store) = demo_store().await;
    // A second load violates primary keys and must change nothing.
    assert!(store.load_demo().await.is_err());
    let report = store
        .chain_diagnosis(&DiagnosisRequest::new("luosifen", liuzhou()))
        .await
        .unwrap();
    assert!(report.local_enterprises > 0);
}

#[tokio::test]
async fn node_detail_lists_suppliers_buyers_and_neighbours() {
    let (_dir, store) = demo_store().await;
    let request = DiagnosisRequest::new("nev-battery", liuzhou());
    let li = store
        .node_detail(&request, "lithium-carbonate")
        .await
        .unwrap();
    assert_eq!(li.node.status, NodeStatus::Missing);
    assert!(!li.suppliers.is_empty() && li.suppliers.iter().all(|s| !s.local));
    assert!(li.buyers.iter().all(|b| b.local));
    assert!(li.outputs.iter().any(|n| n.id == "cathode"));
    assert!(li.inputs.iter().any(|n| n.id == "battery-recycling"));
    let parts = store.node_detail(&request, "auto-parts").await.unwrap();
    assert!(parts.suppliers[0].local, "local suppliers come first");
    let total: f64 = parts.suppliers.iter().map(|s| s.value).sum();
    assert!((total - parts.node.local_supply.total_value).abs() < 1e-6);
    let err = store
        .node_detail(&request, "no-such-node")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
}

#[tokio::test]
async fn growth_opportunities_for_liuzhou_from_the_demo_panel() {
    let (_dir, store) = demo_store().await;
    let report = store
        .growth_opportunities(&GrowthRequest::new(DEMO_PANEL, "450200"))
        .await
        .unwrap();
    assert_eq!(report.time, "2023");
    assert!(report.illustrative);
    assert!(report.locations >= 25 && report.products >= 50);
    assert!(report.eci.is_some());
    // Opportunities are missing industries, most feasible first.
    assert!(report.opportunities.iter().all(|o| !o.present));
    let densities: Vec<f64> = report
        .opportunities
        .iter()
        .filter_map(|o| o.density)
        .collect();
    assert!(densities.windows(2).all(|w| w[0] >= w[1]));
    // The battery-material classes Liuzhou lacks are opportunities, tied to chain nodes.
    let salts = report
        .opportunities
        .iter()
        .find(|o| o.industry == "2613")
        .unwrap();
    assert_eq!(salts.value, 0.0);
    assert!(
        salts
            .chain_nodes
            .iter()
            .any(|n| n.node == "lithium-carbonate")
    );
    // Ranked by value instead: PCI descending.
    let mut by_pci = GrowthRequest::new(DEMO_PANEL, "450200");
    by_pci.sort = "pci".parse().unwrap();
    let ranked = store.growth_opportunities(&by_pci).await.unwrap();
    let pcis: Vec<f64> = ranked.opportunities.iter().filter_map(|o| o.pci).collect();
    assert!(pcis.windows(2).all(|w| w[0] >= w[1]));
    assert!("size".parse::<GrowthSort>().is_err());
    // Vehicles are a strength.
    assert!(report.strengths.iter().any(|s| s.industry == "3612"));
    // Peer-group RCA changes the comparison set.
    let mut peers = GrowthRequest::new(DEMO_PANEL, "450200");
    peers.peers = Some(
        ["450100", "450300", "450900", "440300", "360500", "350900"]
            .map(String::from)
            .to_vec(),
    );
    let peer = store.growth_opportunities(&peers).await.unwrap();
    assert_eq!(peer.locations, 7);
    let mut bad = GrowthRequest::new(DEMO_PANEL, "999999");
    assert_eq!(
        store.growth_opportunities(&bad).await.unwrap_err().kind(),
        ErrorKind::Invalid
    );
    bad.region = "450200".into();
    bad.time = Some("1999".into());
    assert_eq!(
        store.growth_opportunities(&bad).await.unwrap_err().kind(),
        ErrorKind::Invalid
    );
    let unknown = GrowthRequest::new("nope", "450200");
    assert_eq!(
        store
            .growth_opportunities(&unknown)
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
}

#[tokio::test]
async fn a_result_computed_during_a_write_is_not_served_after_it() {
    let (_dir, app) = demo_app().await;
    let cache = crate::cache::RevisionCache::<(), i64>::default();
    let first = app
        .cached(&cache, (), async || {
            let before = app.revision().await?;
            // A write commits while the value is being computed.
            app.install_builtin_chains().await?;
            Ok(before)
        })
        .await
        .unwrap();
    let second = app
        .cached(&cache, (), async || app.revision().await)
        .await
        .unwrap();
    assert!(
        *second > *first,
        "the value computed before the write was served after it"
    );
    // Unchanged data is served from the cache.
    let third = app.cached(&cache, (), async || Ok(-1)).await.unwrap();
    assert_eq!(*third, *second);
}

#[tokio::test]
async fn a_diagnosis_is_recomputed_after_a_write() {
    let (_dir, app) = demo_app().await;
    let request = DiagnosisRequest::new("nev-battery", liuzhou());
    let before = app.chain_diagnosis(&request).await.unwrap();
    assert!(std::sync::Arc::ptr_eq(
        &before,
        &app.chain_diagnosis(&request).await.unwrap()
    ));
    app.install_builtin_chains().await.unwrap();
    let after = app.chain_diagnosis(&request).await.unwrap();
    assert!(!std::sync::Arc::ptr_eq(&before, &after));
}

#[tokio::test]
async fn a_write_waits_for_an_import_then_says_who_holds_the_database() {
    let (dir, app) = demo_app().await;
    let db = dir.path().join("demo.db");
    // Another process's import: its note, then its transaction holding the write lock.
    let other = liantu_store::Store::open(&db, false).await.unwrap();
    other
        .note_import_start("企业名录", "2026-12-03T08:41:00Z")
        .await
        .unwrap();
    let mut tx = other.begin_import(None).await.unwrap();
    tx.ensure_source(&liantu_model::records::Source {
        id: "held".into(),
        kind: liantu_model::records::SourceKind::Public,
        title_zh: "x".into(),
        title_en: "x".into(),
        publisher: String::new(),
        published: String::new(),
        url: None,
    })
    .await
    .unwrap();
    let impatient = App::open_with(&db, false, std::time::Duration::from_millis(200))
        .await
        .unwrap();
    let err = impatient
        .delete_candidate("cathode-twin")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unavailable, "{err}");
    let message = err.to_string();
    assert!(
        message.contains("企业名录") && message.contains("2026年12月3日 16:41"),
        "{message}"
    );
    // Reads go on meanwhile (WAL).
    assert!(!impatient.candidates().await.unwrap().is_empty());
    // Once the import ends, the write goes through.
    drop(tx);
    other.note_import_end().await.unwrap();
    impatient.delete_candidate("cathode-twin").await.unwrap();
    drop(app);
}
