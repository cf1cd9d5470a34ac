//! End-to-end over the real demo: store → engine → report.

use super::*;
use liantu_model::{NodeStatus, RegionCode};

/// Runs the app's tests on PostgreSQL instead of SQLite (CI runs the suite once on each).
pub(crate) fn on_postgres() -> bool {
    std::env::var("LIANTU_TEST_BACKEND").as_deref() == Ok("postgres")
}

/// A fresh, empty database: a SQLite file in a temporary directory, or a new database on the
/// PostgreSQL test server with `LIANTU_TEST_BACKEND=postgres`.
pub(crate) async fn empty_app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let app = if on_postgres() {
        let url = liantu_store::testing::new_database()
            .await
            .expect("LIANTU_TEST_BACKEND=postgres needs a PostgreSQL test server");
        App::open_url(&url).await.unwrap()
    } else {
        App::open(&dir.path().join("demo.db"), true).await.unwrap()
    };
    (dir, app)
}

/// A fresh database with the built-in chains and the Liuzhou demo.
pub(crate) async fn demo_app() -> (tempfile::TempDir, App) {
    let (dir, app) = empty_app().await;
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

/// The demo tells the story of the city's own documents (../shared/SEED-FACTS.md): forestry is
/// strong in boards and weak or missing in pulp-and-paper and the supporting trades the article
/// asks for; the three chemical new materials it names are weak links.
#[tokio::test]
async fn the_demo_diagnosis_matches_the_seed() {
    let (_dir, store) = demo_store().await;
    let status = |report: &DiagnosisReport, id: &str| {
        report
            .nodes
            .iter()
            .find(|n| n.id == id)
            .map(|n| n.status)
            .unwrap_or_else(|| panic!("no node {id}"))
    };
    let forestry = store
        .chain_diagnosis(&DiagnosisRequest::new("forestry", liuzhou()))
        .await
        .unwrap();
    assert!(
        forestry.completeness.covered_nodes < forestry.completeness.total_nodes,
        "forestry should not be complete"
    );
    for board in ["veneer", "plywood", "blockboard"] {
        assert_eq!(status(&forestry, board), NodeStatus::Strong, "{board}");
    }
    for gap in [
        "pulp",
        "paper-products",
        "decorative-surfaces",
        "furniture-hardware",
        "upholstery-fabrics",
        "furniture-leather",
        "eco-coatings",
        "eco-adhesives",
    ] {
        let s = status(&forestry, gap);
        assert!(
            matches!(s, NodeStatus::Weak | NodeStatus::Missing),
            "{gap} is {s:?}"
        );
    }
    let chemical = store
        .chain_diagnosis(&DiagnosisRequest::new("chemical", liuzhou()))
        .await
        .unwrap();
    for weak in [
        "high-performance-polymers",
        "special-rubber",
        "functional-membranes",
    ] {
        assert_eq!(status(&chemical, weak), NodeStatus::Weak, "{weak}");
    }
}

/// The county layout: every county of Liuzhou with its boundary, their outputs adding up to the
/// city's (every demo firm sits in a county), each leading node the county's largest, and the
/// forestry plan's layout set beside it.
#[tokio::test]
async fn the_county_map_adds_up_to_the_city() {
    let (_dir, app) = demo_store().await;
    let view = app
        .county_map(&DiagnosisRequest::new("forestry", liuzhou()))
        .await
        .unwrap();
    assert_eq!(view.counties.len(), 10);
    assert_eq!(view.areas.len(), 10);
    assert!(view.counties.iter().all(|c| c.has_boundary));
    let sum: f64 = view.counties.iter().map(|c| c.output).sum();
    assert!(
        (sum - view.total_output).abs() < 1e-6 * view.total_output,
        "{sum} vs {}",
        view.total_output
    );
    let plan = view.plan.as_ref().expect("the forestry plan has a layout");
    assert_eq!(plan.id, "forestry-2025");
    let luzhai = view
        .counties
        .iter()
        .find(|c| c.code.as_str() == "450223")
        .unwrap();
    let own = app
        .chain_diagnosis(&DiagnosisRequest::new(
            "forestry",
            RegionCode::parse("450223").unwrap(),
        ))
        .await
        .unwrap();
    let largest = own
        .nodes
        .iter()
        .max_by(|a, b| a.output.total_cmp(&b.output))
        .unwrap();
    assert_eq!(luzhai.leading.as_ref().unwrap().id, largest.id);
    assert_eq!(
        luzhai.agrees,
        Some(luzhai.planned.iter().any(|p| p.id == largest.id))
    );
    // A county the plan does not name is neither for nor against it.
    let yufeng = view
        .counties
        .iter()
        .find(|c| c.code.as_str() == "450203")
        .unwrap();
    assert!(yufeng.planned.is_empty() && yufeng.agrees.is_none());
    let svg = crate::county_map::county_map_svg(&view, liantu_model::Lang::Zh);
    for c in &view.counties {
        assert!(svg.contains(&c.name_zh), "{} not on the map", c.name_zh);
    }
    assert!(svg.contains("示例数据") && svg.contains("非标准地图"));
    // Every demo park is on the map, inside its own county; the forestry park holds the chain's
    // firms and is numbered before the parks without any.
    assert_eq!(view.parks.len(), 8);
    assert!(
        view.parks.iter().all(|p| p.inside_county == Some(true)),
        "{:?}",
        view.parks
    );
    let guizhong = view
        .parks
        .iter()
        .position(|p| p.id == "guizhong-forestry")
        .unwrap();
    assert!(view.parks[guizhong].chain_firms > 0);
    let empty = view.parks.iter().position(|p| p.chain_firms == 0).unwrap();
    assert!(guizhong < empty);
    assert!(svg.contains("鹿寨桂中现代林业科技产业园（链上企业"));
    // A province's hundred counties are not drawn at once.
    let province = RegionCode::parse("450000").unwrap();
    let err = app
        .county_map(&DiagnosisRequest::new("forestry", province))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
}

/// Boundaries import all or nothing: a city whose counties are not regions yet is refused whole,
/// naming each feature; once the built-in divisions are in, the same file loads.
#[tokio::test]
async fn boundaries_of_unknown_counties_are_refused_whole() {
    let Some(path) = liantu_testdata::shared("maps/guangxi-counties/450100.geojson") else {
        return;
    };
    let (_dir, app) = demo_store().await;
    let nanning = RegionCode::parse("450100").unwrap();
    let err = app.import_region_shapes(&path, "test").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert!(err.to_string().contains("450102"), "{err}");
    assert!(app.store.region_shapes(&nanning).await.unwrap().is_empty());
    app.install_builtin_divisions().await.unwrap();
    let n = app.import_region_shapes(&path, "test").await.unwrap();
    assert_eq!(app.store.region_shapes(&nanning).await.unwrap().len(), n);
    // Liuzhou's are untouched.
    assert_eq!(app.store.region_shapes(&liuzhou()).await.unwrap().len(), 10);
}

/// Coupling counted by hand from the demo's own files: the chemical chain's firms selling to the
/// forestry chain's buyers in Liuzhou, and the battery chain's chemical inputs all bought from
/// outside (the chemical article's missing 电池级碳酸锂, 电解液原料 and 正极材料).
#[tokio::test]
async fn coupling_flows_are_the_links_counted_by_hand() {
    use std::collections::{HashMap, HashSet};
    let (_dir, app) = demo_store().await;
    let view = app.coupling(liuzhou(), None).await.unwrap();
    let year = view.link_year.expect("the demo has links");
    let d = liantu_demo::dataset().unwrap();
    let region: HashMap<&str, &str> = d
        .enterprises
        .iter()
        .map(|e| (e.uscc.as_str(), e.region.as_str()))
        .collect();
    let mut chains: HashMap<&str, HashSet<&str>> = HashMap::new();
    for m in &d.memberships {
        chains
            .entry(m.uscc.as_str())
            .or_default()
            .insert(m.chain.as_str());
    }
    let (mut links, mut value, mut local) = (0_i64, 0.0, 0.0);
    for l in d
        .links
        .iter()
        .filter(|l| l.year == year && l.chain == "forestry")
    {
        let buyer_here = region
            .get(l.buyer.as_str())
            .is_some_and(|r| r.starts_with("4502"));
        let chemical = l
            .supplier
            .as_ref()
            .and_then(|s| chains.get(s.as_str()))
            .is_some_and(|c| c.contains("chemical"));
        if buyer_here && chemical {
            links += 1;
            value += l.value;
            if l.supplier_region.as_str().starts_with("4502") {
                local += l.value;
            }
        }
    }
    assert!(links > 0, "the demo has chemical firms selling to forestry");
    let flow = view
        .flows
        .iter()
        .find(|f| f.supplier.id == "chemical" && f.buyer.id == "forestry")
        .expect("chemical → forestry");
    assert_eq!(flow.links, links);
    assert!((flow.value - value).abs() < 1e-6 && (flow.local_value - local).abs() < 1e-6);
    let battery = view
        .cross_supply
        .iter()
        .find(|c| c.supplier.id == "chemical" && c.buyer.id == "nev-battery")
        .expect("the chemical chain links into the battery chain");
    assert!(battery.bought > 0.0);
    assert_eq!(battery.local_from_supplier, 0.0);
    assert!(
        view.gaps
            .iter()
            .any(|g| g.buyer_node == "lithium-carbonate" && g.supplier.id == "chemical")
    );
    assert!(
        view.gaps
            .iter()
            .all(|g| g.supplier_firms > 0 && g.outside_value > 0.0)
    );
}

/// The private-economy indicators counted by hand from the demo's files, and the published
/// figures set beside them.
#[tokio::test]
async fn private_economy_indicators_are_the_figures_summed_by_hand() {
    use liantu_model::Ownership;
    let (_dir, app) = demo_store().await;
    let view = app
        .economy(liuzhou(), Ownership::Private, None, None)
        .await
        .unwrap();
    let year = view.year.unwrap();
    let d = liantu_demo::dataset().unwrap();
    let firm = |u: &liantu_model::Uscc| d.enterprises.iter().find(|e| &e.uscc == u).unwrap();
    let rows: Vec<_> = d
        .years
        .iter()
        .filter(|y| y.year == year && firm(&y.uscc).region.as_str().starts_with("4502"))
        .collect();
    let private =
        |y: &&&liantu_model::records::EnterpriseYear| firm(&y.uscc).ownership == Ownership::Private;
    let (rd, revenue) = rows
        .iter()
        .filter(private)
        .filter_map(|y| Some((y.rd_expense?, y.revenue?)))
        .fold((0.0, 0.0), |(a, b), (r, v)| (a + r, b + v));
    let get = |key: &str| view.indicators.iter().find(|i| i.key == key).unwrap();
    let intensity = get("rd_intensity");
    assert!((intensity.value.unwrap() - rd / revenue).abs() < 1e-12);
    let high_tech = rows.iter().filter(|y| firm(&y.uscc).high_tech).count();
    let private_high_tech = rows
        .iter()
        .filter(private)
        .filter(|y| firm(&y.uscc).high_tech)
        .count();
    let share = get("hightech_share");
    assert_eq!(share.coverage, high_tech as i64);
    assert!((share.value.unwrap() - private_high_tech as f64 / high_tech as f64).abs() < 1e-12);
    // The seed's published figure sits beside its computed counterpart.
    assert_eq!(intensity.published.as_ref().map(|p| p.0), Some(2.3));
    assert_eq!(
        get("digital_growth").published.as_ref().map(|p| p.0),
        Some(67.0)
    );
    assert!(
        view.published_only
            .iter()
            .all(|f| f.id != "private-digital-growth-2024")
    );
    // The fields added for the article: digital investment, trade, high-tech exports, 战新,
    // bases abroad — each summed by hand.
    let in_year = |t: i32| -> Vec<&liantu_model::records::EnterpriseYear> {
        d.years
            .iter()
            .filter(|y| y.year == t && firm(&y.uscc).region.as_str().starts_with("4502"))
            .filter(|y| firm(&y.uscc).ownership == Ownership::Private)
            .collect()
    };
    let total = |t: i32, f: &dyn Fn(&liantu_model::records::EnterpriseYear) -> Option<f64>| {
        in_year(t).iter().filter_map(|y| f(y)).sum::<f64>()
    };
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9 * b.abs().max(1.0);
    let digital = |y: &liantu_model::records::EnterpriseYear| y.digital_investment;
    assert!(close(
        get("digital_growth").value.unwrap(),
        total(year, &digital) / total(year - 1, &digital) - 1.0
    ));
    let trade = |y: &liantu_model::records::EnterpriseYear| {
        (y.exports.is_some() || y.imports.is_some())
            .then(|| y.exports.unwrap_or(0.0) + y.imports.unwrap_or(0.0))
    };
    assert!(close(
        get("trade_growth").value.unwrap(),
        total(year, &trade) / total(year - 1, &trade) - 1.0
    ));
    let both = |y: &liantu_model::records::EnterpriseYear| y.exports.zip(y.hightech_exports);
    let (ht, exports) = in_year(year)
        .iter()
        .filter_map(|y| both(y))
        .fold((0.0, 0.0), |(a, b), (e, h)| (a + h, b + e));
    assert!(close(
        get("hightech_export_share").value.unwrap(),
        ht / exports
    ));
    let above_va = |sei: bool| {
        in_year(year)
            .iter()
            .filter(|y| firm(&y.uscc).above_scale && (!sei || firm(&y.uscc).strategic_emerging))
            .filter_map(|y| y.value_added)
            .sum::<f64>()
    };
    assert!(close(
        get("sei_share").value.unwrap(),
        above_va(true) / above_va(false)
    ));
    let abroad: Vec<_> = in_year(year)
        .iter()
        .filter(|y| firm(&y.uscc).overseas_bases.unwrap_or(0) > 0)
        .map(|y| y.uscc.clone())
        .collect();
    assert!(!abroad.is_empty(), "the demo has private firms abroad");
    assert_eq!(get("overseas_firms").value, Some(abroad.len() as f64));
    let suppliers: std::collections::HashSet<_> = d
        .links
        .iter()
        .filter(|l| l.year == year && abroad.contains(&l.buyer))
        .filter_map(|l| l.supplier.as_ref())
        .filter(|s| firm(s).region.as_str().starts_with("4502"))
        .collect();
    assert_eq!(
        get("overseas_suppliers").value,
        Some(suppliers.len() as f64)
    );
    // The trend ends with the year's value and starts with the first year with figures.
    let digital_trend = &get("digital_growth").series;
    assert_eq!(digital_trend.last().map(|p| p.0), Some(year));
    assert!(close(
        digital_trend.last().unwrap().1,
        get("digital_growth").value.unwrap()
    ));
    assert_eq!(get("rd_intensity").series.first().map(|p| p.0), Some(2021));
    // The rankings: only private firms, and each 专精特新 one flagged so.
    let specialized: Vec<_> = view
        .specialized
        .iter()
        .map(|f| firm_by(&d, &f.uscc))
        .collect();
    assert!(!specialized.is_empty());
    assert!(
        specialized
            .iter()
            .all(|e| e.specialized && e.ownership == Ownership::Private)
    );
    assert!(!view.leaders.is_empty());
    assert!(
        view.leaders
            .iter()
            .all(|l| firm_by(&d, &l.uscc).ownership == Ownership::Private)
    );
    // One chain's firms only: the battery chain's private firms are a part of the city's, and
    // no published figure sits beside a chain's.
    let chain = app
        .economy(liuzhou(), Ownership::Private, None, Some("nev-battery"))
        .await
        .unwrap();
    let on_chain = |v: &crate::economy::EconomyView| {
        v.indicators
            .iter()
            .find(|i| i.key == "specialized")
            .unwrap()
            .coverage
    };
    assert!(on_chain(&chain) < on_chain(&view) && on_chain(&chain) > 0);
    assert!(chain.indicators.iter().all(|i| i.published.is_none()));
    assert!(chain.published_only.is_empty());
}

fn firm_by<'a>(
    d: &'a liantu_model::records::Dataset,
    uscc: &str,
) -> &'a liantu_model::records::Enterprise {
    d.enterprises
        .iter()
        .find(|e| e.uscc.as_str() == uscc)
        .unwrap()
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
    assert_eq!(err.kind(), ErrorKind::NotFound);
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
        ErrorKind::NotFound
    );
    bad.region = "450200".into();
    bad.time = Some("1999".into());
    assert_eq!(
        store.growth_opportunities(&bad).await.unwrap_err().kind(),
        ErrorKind::NotFound
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

/// The chains diagnosed together (one read of all their data, as the home page asks) are each
/// the diagnosis made alone, and are cached as it.
#[tokio::test]
async fn chains_diagnosed_together_are_each_as_diagnosed_alone() {
    let (_dir, app) = demo_app().await;
    let (_other, alone) = demo_app().await;
    let ids = ["luosifen", "nev-battery", "forestry", "chemical"];
    let together = app.chain_diagnoses(&ids, liuzhou(), None).await.unwrap();
    assert_eq!(together.len(), ids.len());
    for (id, report) in ids.iter().zip(&together) {
        let request = DiagnosisRequest::new(id, liuzhou());
        let single = alone.chain_diagnosis(&request).await.unwrap();
        assert_eq!(
            serde_json::to_value(&**report).unwrap(),
            serde_json::to_value(&*single).unwrap(),
            "{id}"
        );
        assert!(
            std::sync::Arc::ptr_eq(report, &app.chain_diagnosis(&request).await.unwrap()),
            "{id} is cached"
        );
    }
    // A cached chain among uncached ones keeps its place.
    app.install_builtin_chains().await.unwrap();
    app.chain_diagnosis(&DiagnosisRequest::new("forestry", liuzhou()))
        .await
        .unwrap();
    let again = app.chain_diagnoses(&ids, liuzhou(), None).await.unwrap();
    let chains: Vec<&str> = again.iter().map(|r| r.chain.id.as_str()).collect();
    assert_eq!(chains, ids);
    assert!(
        app.chain_diagnoses(&["nowhere"], liuzhou(), None)
            .await
            .is_err()
    );
}

/// Writes straight through the store, as an older liantu (before the data contract) could have.
pub(crate) async fn store_odd_figures(app: &App, output: f64, land: f64, link_value: f64) {
    const FIRM: &str = "91450204537718063L";
    let store = &app.store;
    let detail = store.enterprise(FIRM).await.unwrap().unwrap();
    let mut firm = detail.enterprise.clone();
    firm.land_mu = Some(land);
    let mut year = detail
        .years
        .iter()
        .find(|y| y.year == 2024)
        .unwrap()
        .clone();
    year.output = Some(output);
    year.tax = Some(-output);
    let link = liantu_model::records::SupplyLink {
        buyer: firm.uscc.clone(),
        supplier: None,
        supplier_name: "某物流装备公司".into(),
        supplier_region: RegionCode::parse("450204").unwrap(),
        chain: "nev-battery".into(),
        node: "auto-logistics".into(),
        product: "叉车".into(),
        year: 2024,
        value: link_value,
        source: "illustrative".into(),
    };
    let id = store.next_link_id().await.unwrap();
    let mut tx = store
        .begin_import(Some(&["land_mu", "output", "tax", "source"]))
        .await
        .unwrap();
    tx.put_enterprises(vec![firm]).await.unwrap();
    tx.put_years(&[year]).await.unwrap();
    tx.put_links(&[(id, link)]).await.unwrap();
    tx.commit().await.unwrap();
}

/// One odd row in an old database: the city's diagnosis, ranking, what-if and grading still
/// come out, the figure set aside and named beside its node.
#[tokio::test]
async fn an_odd_stored_figure_is_set_aside_beside_its_node_not_a_failure_of_the_city() {
    for (output, land, link_value) in [(-1.0, -2024.0, 1e308), (1e308, 1e308, -5.0)] {
        let (_dir, app) = demo_app().await;
        store_odd_figures(&app, output, land, link_value).await;
        let report = app
            .chain_diagnosis(&DiagnosisRequest::new("nev-battery", liuzhou()))
            .await
            .unwrap_or_else(|e| panic!("output {output}: {e}"));
        let node = report
            .nodes
            .iter()
            .find(|n| n.id == "auto-logistics")
            .unwrap();
        assert!(
            node.reason_zh.contains("超出有效范围"),
            "{}",
            node.reason_zh
        );
        let notes: Vec<&str> = node.set_aside.iter().map(|s| s.note_en.as_str()).collect();
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].contains("德诚汽车物流"), "{notes:?}");
        assert!(notes.iter().any(|n| n.contains("link")), "{notes:?}");
        assert_eq!(report.set_aside.len(), 2);
        // Every other node keeps its status (the firm's small output moves shares a little).
        let (_clean_dir, clean) = demo_app().await;
        let before = clean
            .chain_diagnosis(&DiagnosisRequest::new("nev-battery", liuzhou()))
            .await
            .unwrap();
        for (a, b) in report.nodes.iter().zip(&before.nodes) {
            if a.id != "auto-logistics" {
                assert_eq!(a.status, b.status, "{}", a.id);
                assert!(a.set_aside.is_empty());
            }
        }

        let ranking = app
            .candidate_ranking(&crate::invest::RankingRequest {
                region: liuzhou(),
                profile: crate::invest::default_profile().unwrap(),
                year: None,
                explain_top: None,
                window: None,
            })
            .await
            .unwrap_or_else(|e| panic!("ranking, output {output}: {e}"));
        assert!(!ranking.results.is_empty());
        let ids: Vec<String> = ranking.results.iter().map(|r| r.score.id.clone()).collect();
        app.what_if(&crate::whatif::WhatIfRequest::new(
            liuzhou(),
            ids[..2].to_vec(),
        ))
        .await
        .unwrap_or_else(|e| panic!("what-if, output {output}: {e}"));
        let grading = app
            .enterprise_grading(&crate::invest::GradingRequest {
                region: liuzhou(),
                year: None,
                profile: crate::invest::default_profile().unwrap(),
                park: None,
                chain: None,
                window: None,
            })
            .await
            .unwrap();
        let firm = grading
            .enterprises
            .iter()
            .find(|e| e.uscc == "91450204537718063L")
            .unwrap();
        assert!(
            firm.grade.is_none(),
            "graded on land {land}: {:?}",
            firm.grade
        );
        assert!(
            firm.not_graded_en.as_deref().unwrap_or("").contains("land"),
            "{:?}",
            firm.not_graded_en
        );
    }
}

fn toy_panel(extra: &[(&str, &str, &str, f64)]) -> liantu_store::PanelData {
    let mut rows: Vec<liantu_store::PanelRow> = [
        ("a", "x", 10.0),
        ("b", "x", 5.0),
        ("b", "y", 5.0),
        ("c", "x", 3.0),
        ("c", "y", 3.0),
        ("c", "z", 4.0),
        ("d", "x", 2.0),
        ("d", "y", 2.0),
        ("d", "z", 2.0),
        ("d", "w", 4.0),
        ("e", "w", 10.0),
        ("e", "z", 1.0),
    ]
    .into_iter()
    .map(|(region, industry, value)| liantu_store::PanelRow {
        time: "2023".into(),
        region: region.into(),
        industry: industry.into(),
        value,
    })
    .collect();
    for (time, region, industry, value) in extra {
        rows.push(liantu_store::PanelRow {
            time: time.to_string(),
            region: region.to_string(),
            industry: industry.to_string(),
            value: *value,
        });
    }
    liantu_store::PanelData {
        id: "toy".into(),
        name_zh: "玩具".into(),
        name_en: "Toy".into(),
        measure: "employment".into(),
        source: "illustrative".into(),
        source_record: None,
        rows,
        region_names: Vec::new(),
        industry_names: Vec::new(),
    }
}

/// Panel rows outside the data contract are refused when saved; stored by an older liantu, a
/// junk period is never the default one and an odd value is left out and counted.
#[tokio::test]
async fn panel_rows_follow_the_contract_and_odd_stored_ones_are_set_aside() {
    let (_dir, app) = demo_app().await;
    for extra in [
        ("abc", "a", "y", 1.0),
        ("NaN", "a", "y", 1.0),
        ("2023", "e", "v", 1e308),
        ("2023", "e", "v", -1.0),
        ("2023", "\u{200B}", "v", 1.0),
    ] {
        let e = app.save_panel(&toy_panel(&[extra])).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Invalid, "{extra:?}");
        assert!(e.to_string().contains("data row 13"), "{extra:?}: {e}");
    }
    assert!(app.panels().await.unwrap().iter().all(|p| p.id != "toy"));

    // An older liantu stored them.
    app.store
        .save_panel(&toy_panel(&[
            ("abc", "a", "y", 1.0),
            ("2023", "e", "v", 1e308),
        ]))
        .await
        .unwrap();
    let report = app
        .growth_opportunities(&GrowthRequest::new("toy", "a"))
        .await
        .unwrap();
    assert_eq!(report.time, "2023");
    assert_eq!(report.set_aside_rows, 1);
    assert_eq!(report.opportunities.len(), 3);
}

#[tokio::test]
async fn a_write_waits_for_an_import_then_says_who_holds_the_database() {
    if on_postgres() {
        // PostgreSQL lets other writes run beside an import (row locks, not one database lock);
        // imports wait for each other there (see the CLI's two-server test).
        eprintln!("SQLite's single writer only: skipped on PostgreSQL");
        return;
    }
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

#[tokio::test]
async fn a_backup_taken_while_writing_restores_whole_and_a_damaged_one_is_refused() {
    let (dir, app) = demo_app().await;
    if app.store.backend() == liantu_store::Backend::Postgres {
        eprintln!("skipped on PostgreSQL: it is backed up with pg_dump");
        return;
    }
    let out = dir.path().join("backup.db");
    let count = |counts: Vec<(String, i64)>, table: &str| {
        counts.into_iter().find(|(t, _)| t == table).unwrap().1
    };
    let problems_before = count(app.store.table_counts().await.unwrap(), "problems");
    // Writes keep coming while the copy is taken.
    let writer = app.clone();
    let writes = tokio::spawn(async move {
        for i in 0..20 {
            let new = crate::projects::NewProblem {
                project: "pulp-luzhai".into(),
                title: format!("并发写入 {i}"),
                category: liantu_model::project::ProblemCategory::Other,
                department: "市工信局".into(),
                due: liantu_model::Day::parse("2099-01-01").unwrap(),
                raised: None,
            };
            writer.add_problem(&new).await.unwrap();
        }
    });
    let manifest = app.backup(&out).await.unwrap();
    writes.await.unwrap();
    assert!(manifest.counts["enterprises"] > 0);
    // A snapshot: the problems committed before it began, none half-written.
    let in_copy = manifest.counts["problems"];
    assert!(
        (problems_before..=problems_before + 20).contains(&in_copy),
        "{in_copy}"
    );
    assert!(crate::backup::manifest_path(&out).exists());
    // Taken again to the same file: refused, nothing overwritten.
    assert_eq!(
        app.backup(&out).await.unwrap_err().kind(),
        ErrorKind::Conflict
    );

    // Restored over a database: the copy is exactly what the manifest says, the old one kept.
    let target = dir.path().join("restored.db");
    std::fs::write(&target, b"the database before").unwrap();
    let restored = crate::backup::restore(&out, &target).await.unwrap();
    assert_eq!(restored, manifest);
    let store = liantu_store::Store::open(&target, false).await.unwrap();
    assert_eq!(store.integrity_check().await.unwrap(), "ok");
    let counts: std::collections::BTreeMap<String, i64> =
        store.table_counts().await.unwrap().into_iter().collect();
    assert_eq!(counts, manifest.counts);
    store.close().await;
    let kept = dir.path().join("restored.db.before-restore");
    assert_eq!(std::fs::read(&kept).unwrap(), b"the database before");

    // One byte changed: refused, the target untouched.
    let mut bytes = std::fs::read(&out).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&out, &bytes).unwrap();
    let before = std::fs::read(&target).unwrap();
    let err = crate::backup::restore(&out, &target).await.unwrap_err();
    assert!(err.to_string().contains("与清单不符"), "{err}");
    assert_eq!(std::fs::read(&target).unwrap(), before);
}

/// The chain-group map draws every cross-chain edge between the demo's chains once, each curve
/// carrying its figures, and the coupling gap in red: a well-formed standalone SVG whose figures
/// are the view's.
#[tokio::test]
async fn the_chain_group_map_draws_each_cross_chain_edge_with_its_figures() {
    let (_dir, app) = demo_store().await;
    let view = app.coupling(liuzhou(), None).await.unwrap();
    // The edges are the chain files' cross-chain edges whose both ends are installed.
    let mut expected = 0;
    for c in app.chains().await.unwrap() {
        let chain = app.chain(&c.id).await.unwrap();
        expected += chain
            .cross_edges
            .iter()
            .filter(|e| view.bands.iter().any(|b| b.chain.id == e.to_chain))
            .count();
    }
    assert!(expected > 0);
    assert_eq!(view.edges.len(), expected);
    for e in &view.edges {
        assert!(e.local_from_supplier <= e.bought + 1e-6, "{e:?}");
        assert!(e.outside_value >= -1e-6 && e.outside_value <= e.bought + 1e-6);
    }
    let svg = crate::coupling_map::coupling_map_svg(&view, liantu_model::Lang::Zh);
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let flows: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("flow"))
        .collect();
    assert!(flows.len() >= view.edges.len());
    let rubber = view
        .edges
        .iter()
        .find(|e| e.supplier.node == "special-rubber" && e.buyer.node == "tyres-rubber")
        .unwrap();
    let tooltip = format!(
        "化工·特种橡胶 → 新能源汽车及锂电池·轮胎及橡胶塑料件：本地企业采购 {} 万元",
        liantu_table::money(rubber.bought)
    );
    let drawn = flows
        .iter()
        .find(|n| {
            n.first_element_child()
                .and_then(|t| t.text())
                .is_some_and(|t| t.starts_with(&tooltip))
        })
        .unwrap_or_else(|| panic!("no curve titled {tooltip}"));
    assert_eq!(
        drawn.attribute("stroke"),
        Some("#dc2626"),
        "a coupling gap is red"
    );
    for b in view.bands.iter().filter(|b| {
        view.edges
            .iter()
            .any(|e| e.supplier.chain.id == b.chain.id || e.buyer.chain.id == b.chain.id)
    }) {
        assert!(
            svg.contains(&b.chain.name_zh),
            "{} missing",
            b.chain.name_zh
        );
    }
    assert!(svg.contains("示例数据") && svg.contains("耦合缺口"));
    // English has no Chinese but the firms' and sources' own names.
    let en = crate::coupling_map::coupling_map_svg(&view, liantu_model::Lang::En);
    assert!(en.contains("Coupling gap") && en.contains("Chemical"));
}

/// A coupling gap no chain file declares pairs two nodes sharing an industry class: the class is
/// in both nodes' codes, the supplier node has local firms, the buyer buys from outside, and no
/// file links the pair.
#[tokio::test]
async fn industry_gaps_pair_nodes_of_the_same_class_only() {
    let (_dir, app) = demo_store().await;
    let view = app.coupling(liuzhou(), None).await.unwrap();
    let by_class: Vec<_> = view
        .gaps
        .iter()
        .filter(|g| g.same_industry.is_some())
        .collect();
    assert!(!by_class.is_empty());
    for g in by_class {
        let class = g.same_industry.as_deref().unwrap();
        let supplier = app.chain(&g.supplier.id).await.unwrap();
        let buyer = app.chain(&g.buyer.id).await.unwrap();
        let has = |c: &liantu_model::chain::Chain, node: &str| {
            c.nodes
                .iter()
                .find(|n| n.id == node)
                .unwrap()
                .industry_codes
                .iter()
                .any(|code| code.as_str().starts_with(class))
        };
        assert!(
            has(&supplier, &g.supplier_node) && has(&buyer, &g.buyer_node),
            "{g:?}"
        );
        assert!(g.supplier_firms > 0 && g.outside_value > 0.0);
        assert!(
            !supplier
                .cross_edges
                .iter()
                .any(|e| e.from == g.supplier_node && e.to_node == g.buyer_node),
            "a declared edge is the file's gap, not the class's"
        );
    }
}

/// The warm-up builds every chain's diagnosis and what the ranking reads from one read of the
/// chains' data: each equals the one built on its own.
#[tokio::test]
async fn the_warm_up_builds_diagnoses_and_ranking_from_one_read() {
    let (_dir, app) = demo_store().await;
    app.warm_caches(liuzhou()).await.unwrap();
    let revision = app.revision().await.unwrap();
    let scoring = app
        .caches
        .scoring
        .get(revision, &(liuzhou(), None))
        .unwrap();
    let fresh = app.build_scoring_context(&liuzhou(), None).await.unwrap();
    assert_eq!(*scoring, fresh);
    assert!(!fresh.0.nodes.is_empty());
    let chains = app.chains().await.unwrap();
    assert_eq!(chains.len(), 4);
    for chain in chains {
        let key = (chain.id.clone(), liuzhou(), None);
        let cached = app.caches.diagnoses.get(revision, &key).unwrap();
        let request = DiagnosisRequest::new(&chain.id, liuzhou());
        let fresh = app.build_diagnosis(&request).await.unwrap().0;
        assert_eq!(
            serde_json::to_value(cached.as_ref()).unwrap(),
            serde_json::to_value(&fresh).unwrap(),
            "{}",
            chain.id
        );
    }
    // The what-if adds its candidates to the warm-up's chain states: the same report as one
    // read afresh (a stricter rule is never cached and reads the data again).
    let states = app
        .caches
        .chain_states
        .get(revision, &(liuzhou(), None))
        .unwrap();
    assert_eq!(states.len(), 4);
    let request = crate::whatif::WhatIfRequest::new(liuzhou(), vec!["li2co3-luzhai".into()]);
    let warmed = app.what_if(&request).await.unwrap();
    let (_other, cold) = demo_store().await;
    let fresh = cold.what_if(&request).await.unwrap();
    assert_eq!(
        serde_json::to_value(&warmed).unwrap(),
        serde_json::to_value(&fresh).unwrap()
    );
    assert!(!warmed.chains.is_empty());
}

/// Diagnoses asked for at the same moment (a page and the server's warm-up) are built once: the
/// later caller waits and gets the very reports the first built; after the warm-up a single
/// chain's diagnosis is the cached one; a write makes them stale.
#[tokio::test]
async fn diagnoses_asked_for_together_are_built_once() {
    let (_dir, app) = demo_store().await;
    let ids = ["chemical", "forestry", "luosifen", "nev-battery"];
    let (a, b) = tokio::join!(
        app.chain_diagnoses(&ids, liuzhou(), None),
        app.chain_diagnoses(&ids, liuzhou(), None)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert!(a.iter().zip(&b).all(|(x, y)| Arc::ptr_eq(x, y)));
    // The warm-up's reports are the ones a chain page then reads.
    app.warm_caches(liuzhou()).await.unwrap();
    // … and so are the city's grades, which every enterprise page's grade line reads.
    let revision = app.revision().await.unwrap();
    assert!(app.caches.firm_grades.get(revision, &liuzhou()).is_some());
    // … and what the ranking reads, which `liantu score` and the ranking page then use.
    let scoring = app
        .caches
        .scoring
        .get(revision, &(liuzhou(), None))
        .unwrap();
    assert!(Arc::ptr_eq(
        &scoring,
        &app.scoring_context(&liuzhou(), None).await.unwrap()
    ));
    assert!(!scoring.0.nodes.is_empty());
    // … and the grading the 亩均 page ranks (the built-in rule, the latest year).
    let year = app.store.latest_year().await.unwrap().unwrap();
    let graded = app.caches.graded.get(revision, &(year, liuzhou())).unwrap();
    let page = app
        .enterprise_grading(&crate::invest::GradingRequest {
            region: liuzhou(),
            year: None,
            profile: crate::invest::default_profile().unwrap(),
            park: None,
            chain: None,
            window: Some((0, 5)),
        })
        .await
        .unwrap();
    assert_eq!(page.graded, graded.1.graded);
    // The page's first row: the first by USCC of those ranked first.
    let first = graded
        .1
        .results
        .iter()
        .filter(|g| g.rank == Some(1))
        .map(|g| &graded.0[g.index].uscc)
        .min();
    assert_eq!(Some(&page.enterprises[0].uscc), first);
    // … and the coupling view and the economy's group sums, which are the ones those pages read.
    let warmed = app
        .caches
        .couplings
        .get(revision, &(liuzhou(), None))
        .unwrap();
    let coupling = app.coupling(liuzhou(), None).await.unwrap();
    assert_eq!(
        serde_json::to_value(&coupling).unwrap(),
        serde_json::to_value(warmed.as_ref()).unwrap()
    );
    assert!(!coupling.flows.is_empty());
    let sums = app
        .caches
        .economy_groups
        .get(revision, &(liuzhou(), None))
        .unwrap();
    let scope = liantu_store::EconomyScope {
        area: &liuzhou(),
        chain: None,
    };
    assert!(Arc::ptr_eq(
        &sums,
        &app.economy_groups(scope).await.unwrap()
    ));
    assert_eq!(*sums, app.store.economy_groups(scope).await.unwrap());
    let forestry = app
        .chain_diagnosis(&DiagnosisRequest::new("forestry", liuzhou()))
        .await
        .unwrap();
    assert!(Arc::ptr_eq(&forestry, &a[1]));
    // A write: the next read builds anew.
    app.import_region_shapes_text(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data/maps/450200.geojson"
        ))
        .unwrap(),
        "again",
    )
    .await
    .unwrap();
    let after = app
        .chain_diagnosis(&DiagnosisRequest::new("forestry", liuzhou()))
        .await
        .unwrap();
    assert!(!Arc::ptr_eq(&forestry, &after));
}

/// The scale data set at a small size: every kind of record it holds arrives through the checked
/// paths — firms, candidates (the generator's file read by the candidate import), projects with
/// their monthly reports, the tagger's suggestions.
#[tokio::test]
async fn the_scale_data_set_holds_every_kind_of_record() {
    let (dir, app) = demo_app().await;
    let before = app.candidates().await.unwrap().len();
    let added = app
        .load_scale_demo(2000, &dir.path().join("scale"))
        .await
        .unwrap();
    assert_eq!((added.enterprises, added.candidates), (2000, 20));
    assert_eq!(app.candidates().await.unwrap().len(), before + 20);
    assert_eq!(added.projects, 10);
    assert!(added.reports > 0 && added.suggestions > 0, "{added:?}");
    let board = app
        .project_board(&crate::projects::BoardFilter::default())
        .await
        .unwrap();
    let taken_up = board
        .rows
        .iter()
        .filter(|r| {
            r.project
                .candidate
                .as_deref()
                .is_some_and(|c| c.starts_with(liantu_demo::scale::CANDIDATE_ID_PREFIX))
        })
        .count();
    assert_eq!(taken_up, 10);
}
