use super::*;
use liantu_model::chain::{Chain, Edge, Node};
use liantu_model::records::*;
use liantu_model::{Ownership, RegionCode, Uscc};

const CHAIN: &str = r#"
id = "mini"
name_zh = "小链"
name_en = "Mini chain"
[[nodes]]
id = "a"
name_zh = "甲"
name_en = "A"
stage = "upstream"
industry_codes = ["2613"]
[[nodes]]
id = "b"
name_zh = "乙"
name_en = "B"
stage = "downstream"
industry_codes = ["3612"]
[[edges]]
from = "a"
to = "b"
kind = "supplies"
"#;

/// `CHAIN` as the chain parser would read it (the store keeps the text, not the parser).
fn mini_chain() -> Chain {
    let node = |id: &str, zh: &str, en: &str, stage, code: &str| Node {
        id: id.into(),
        name_zh: zh.into(),
        name_en: en.into(),
        stage,
        industry_codes: vec![liantu_model::IndustryCode::parse(code).unwrap()],
        keywords: vec![],
        occupations: vec![],
    };
    Chain {
        id: "mini".into(),
        name_zh: "小链".into(),
        name_en: "Mini chain".into(),
        version: 1,
        description_zh: None,
        description_en: None,
        sources: vec![],
        nodes: vec![
            node("a", "甲", "A", liantu_model::Stage::Upstream, "2613"),
            node("b", "乙", "B", liantu_model::Stage::Downstream, "3612"),
        ],
        edges: vec![Edge {
            from: "a".into(),
            to: "b".into(),
            kind: liantu_model::EdgeKind::Supplies,
            coefficient: None,
        }],
        cross_edges: vec![],
    }
}

fn code(body: &str) -> Uscc {
    let check = liantu_model::uscc::check_char(body).unwrap();
    Uscc::parse_strict(&format!("{body}{check}")).unwrap()
}

fn liuzhou() -> RegionCode {
    RegionCode::parse("450200").unwrap()
}

fn dataset() -> Dataset {
    let liuzhou = liuzhou();
    let county = RegionCode::parse("450224").unwrap();
    let firm = |uscc: &Uscc, name: &str, region| Enterprise {
        uscc: uscc.clone(),
        name: name.into(),
        region,
        park: None,
        ownership: Ownership::Private,
        above_scale: true,
        industry_code: None,
        main_products: String::new(),
        business_scope: None,
        high_tech: false,
        specialized: false,
        strategic_emerging: true,
        overseas_bases: Some(1),
        listed: false,
        land_mu: Some(30.0),
        founded: Some(2010),
        source: "illustrative".into(),
        uscc_illustrative: true,
    };
    let (x, y) = (code("91450224MA5K00001"), code("91450200MA5K00002"));
    Dataset {
        sources: vec![Source {
            id: "illustrative".into(),
            kind: SourceKind::Illustrative,
            title_zh: "示例".into(),
            title_en: "Illustrative".into(),
            publisher: "liantu".into(),
            published: "2026".into(),
            url: None,
        }],
        regions: vec![
            Region {
                code: county,
                name_zh: "融安县".into(),
                name_en: "Rong'an".into(),
                level: "county".into(),
                parent: Some(liuzhou),
            },
            Region {
                code: liuzhou,
                name_zh: "柳州市".into(),
                name_en: "Liuzhou".into(),
                level: "prefecture".into(),
                parent: None,
            },
        ],
        parks: vec![],
        enterprises: vec![firm(&x, "甲厂", county), firm(&y, "乙厂", liuzhou)],
        years: vec![EnterpriseYear {
            uscc: x.clone(),
            year: 2024,
            output: Some(1200.5),
            value_added: None,
            revenue: None,
            tax: Some(30.0),
            employees: Some(80),
            rd_expense: None,
            exports: Some(40.0),
            imports: Some(12.5),
            hightech_exports: Some(25.0),
            digital_investment: Some(3.2),
            energy_tce: None,
            emissions_tco2: None,
            source: "illustrative".into(),
            as_of: "2025-03-31".into(),
        }],
        memberships: vec![
            Membership {
                uscc: x.clone(),
                chain: "mini".into(),
                node: "a".into(),
                share: None,
                source: "illustrative".into(),
            },
            Membership {
                uscc: y.clone(),
                chain: "mini".into(),
                node: "b".into(),
                share: Some(1.0),
                source: "illustrative".into(),
            },
        ],
        links: vec![SupplyLink {
            buyer: y,
            supplier: Some(x),
            supplier_name: "甲厂".into(),
            supplier_region: county,
            chain: "mini".into(),
            node: "a".into(),
            product: "碳酸锂".into(),
            year: 2024,
            value: 500.0,
            source: "illustrative".into(),
        }],
        facts: vec![],
    }
}

/// A fresh store with the mini chain on each backend (see `testdb`).
async fn fresh_all() -> Vec<crate::testdb::TestStore> {
    let stores = crate::testdb::stores().await;
    let chain = mini_chain();
    for t in &stores {
        t.store
            .install_chains(&[(&chain, CHAIN)], false)
            .await
            .unwrap();
    }
    stores
}

/// How many firms the enterprise list finds for the search text `q`.
async fn found(store: &Store, q: &str) -> i64 {
    let filter = EnterpriseFilter {
        query: Some(q.into()),
        ..Default::default()
    };
    store.enterprises(&filter, 0, 10).await.unwrap().total
}

#[tokio::test]
async fn missing_file_is_not_created_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("none.db");
    let err = Store::open(&path, false).await.unwrap_err();
    assert!(matches!(err, StoreError::Missing(_)));
    assert!(!path.exists());
}

#[tokio::test]
async fn an_older_build_refuses_a_newer_database_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.db");
    let store = Store::open(&path, true).await.unwrap();
    let supported = store.expected_schema_version();
    assert_eq!(store.schema_version().await.unwrap(), supported);
    // A migration from a later release, as a newer liantu would have recorded it.
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES ($1, 'from a later release', TRUE, x'00', 0)",
    )
    .bind(supported + 10)
    .execute(&store.pool)
    .await
    .unwrap();
    store.close().await;
    let err = Store::open(&path, false).await.unwrap_err();
    assert!(
        matches!(err, StoreError::Newer { found, supported: s } if found == supported + 10 && s == supported),
        "{err}"
    );
    assert!(err.to_string().contains("更新版本"), "{err}");
    // Nothing was touched: opened without the migrator, the data is as it was.
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let still: i64 = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(still, supported + 10);
}

/// An upgrade of several migrations lands whole or not at all, on both backends: when the last
/// pending migration fails, the ones before it in the same upgrade are not applied either.
#[tokio::test]
async fn pending_migrations_apply_in_one_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, sql: &str| std::fs::write(dir.path().join(name), sql).unwrap();
    write(
        "0001_first.sql",
        "CREATE TABLE first_table (id BIGINT PRIMARY KEY);",
    );
    let first = sqlx::migrate::Migrator::new(dir.path()).await.unwrap();
    write(
        "0002_second.sql",
        "CREATE TABLE second_table (id BIGINT PRIMARY KEY);",
    );
    write("0003_broken.sql", "CREATE TABLE first_table (id BIGINT);");
    let upgrade = sqlx::migrate::Migrator::new(dir.path()).await.unwrap();
    let urls = {
        let file = tempfile::tempdir().unwrap();
        let sqlite = format!("sqlite://{}?mode=rwc", file.path().join("m.db").display());
        let mut urls = vec![(sqlite, Some(file))];
        if let Some(url) = crate::testing::new_database().await {
            urls.push((url, None));
        }
        urls
    };
    for (url, _keep) in &urls {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(url).await.unwrap();
        migrate(&pool, &first).await.unwrap();
        let err = migrate(&pool, &upgrade).await.unwrap_err();
        assert!(matches!(err, StoreError::Migrate(_)), "{err}");
        assert_eq!(applied_migration(&pool).await.unwrap(), Some(1), "{url}");
        let second: i64 = sqlx::query_scalar(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM _sqlx_migrations WHERE version = 2",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(second, 0, "{url}");
        assert!(
            sqlx::query("SELECT * FROM second_table")
                .fetch_all(&pool)
                .await
                .is_err(),
            "second_table was created and kept: {url}"
        );
        pool.close().await;
    }
}

#[tokio::test]
async fn an_older_database_is_copied_before_it_is_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("older.db");
    let store = Store::open(&path, true).await.unwrap();
    let supported = store.expected_schema_version();
    // Back to the schema before the last fourteen migrations (0140 name search, 0150
    // occupations, 0160 name order, 0170 region shapes, 0180 workforce, 0190 innovation, 0200
    // certifications, 0210 node occupation reviews, 0220 economy fields, 0230 park
    // coordinates, 0240 links by firm, 0250 suggestions by rank, 0260 area firms by index, 0270
    // links by buyer whole), as an earlier release left it.
    let previous: i64 = 130;
    assert_eq!(
        supported, 270,
        "this test undoes 0140 to 0270; keep it in step with the migrations"
    );
    store
        .install_chains(&[(&mini_chain(), CHAIN)], false)
        .await
        .unwrap();
    store.load_dataset(&dataset()).await.unwrap();
    // On one connection: through the pool, a CREATE of an index just dropped on another
    // connection was refused as "already exists".
    let mut undoing = store.pool.acquire().await.unwrap();
    for undo in [
        "DROP INDEX enterprises_region",
        "CREATE INDEX enterprises_region ON enterprises (region)",
        "DROP INDEX tag_suggestions_rank",
        "DROP INDEX supply_links_buyer",
        "DROP INDEX supply_links_supplier",
        "ALTER TABLE parks DROP COLUMN lat",
        "ALTER TABLE parks DROP COLUMN lon",
        "ALTER TABLE enterprises DROP COLUMN overseas_bases",
        "ALTER TABLE enterprises DROP COLUMN strategic_emerging",
        "ALTER TABLE enterprise_years DROP COLUMN digital_investment",
        "ALTER TABLE enterprise_years DROP COLUMN imports",
        "ALTER TABLE enterprise_years DROP COLUMN hightech_exports",
        "DROP TABLE node_occupation_reviews",
        "DROP TABLE certifications",
        "DROP TABLE achievements",
        "DROP TABLE tech_needs",
        "DROP TABLE platforms",
        "DROP TABLE programmes",
        "DROP TABLE workforce",
        "DROP TABLE region_shapes",
        "CREATE INDEX enterprises_name ON enterprises (name, uscc)",
        "DROP INDEX enterprises_name_sort",
        "ALTER TABLE enterprises DROP COLUMN name_sort",
        "DROP TABLE ref_occupations",
        "DROP TRIGGER enterprise_names_insert",
        "DROP TRIGGER enterprise_names_delete",
        "DROP TRIGGER enterprise_names_update",
        "DROP TABLE enterprise_names",
        "ALTER TABLE enterprises DROP COLUMN name_grams",
    ] {
        sqlx::query(undo).execute(&mut *undoing).await.unwrap();
    }
    drop(undoing);
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version > $1")
        .bind(previous)
        .execute(&store.pool)
        .await
        .unwrap();
    store.close().await;
    let upgraded = Store::open(&path, false).await.unwrap();
    assert_eq!(upgraded.schema_version().await.unwrap(), supported);
    let area_index: String =
        sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE name = 'enterprises_region'")
            .fetch_one(&upgraded.pool)
            .await
            .unwrap();
    assert!(area_index.ends_with("(region, uscc)"), "{area_index}");
    // The firms stored before the name index existed are found through it, and have their sort
    // key.
    assert_eq!(found(&upgraded, "甲厂").await, 1);
    let unsorted: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM enterprises WHERE name_sort IS NULL")
            .fetch_one(&upgraded.pool)
            .await
            .unwrap();
    assert_eq!(unsorted, 0);
    upgraded.close().await;
    // The copy is the database as it was: read without migrating it.
    let copy = dir.path().join(format!("older.db.schema-{previous}.bak"));
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", copy.display()))
        .await
        .unwrap();
    let level: i64 = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(level, previous);
    pool.close().await;
}

#[tokio::test]
async fn schema_is_migrated_and_chains_round_trip() {
    for t in fresh_all().await {
        let store = t.store.clone();
        eprintln!("on {:?}", store.backend());
        let latest = SQLITE_MIGRATOR.iter().map(|m| m.version).max().unwrap();
        assert_eq!(store.schema_version().await.unwrap(), latest);
        let chains = store.chains().await.unwrap();
        assert_eq!(chains.len(), 1);
        assert_eq!((chains[0].nodes, chains[0].edges), (2, 1));
        let definition = store.chain_definition("mini").await.unwrap().unwrap();
        assert_eq!(definition, CHAIN);
        assert!(store.chain_definition("nope").await.unwrap().is_none());
        let chain = mini_chain();
        // Installing again replaces, it does not duplicate.
        store
            .install_chains(&[(&chain, CHAIN)], true)
            .await
            .unwrap();
        assert!(store.chains().await.unwrap()[0].builtin);
    }
}

#[tokio::test]
async fn a_dataset_loads_and_reads_back_by_chain() {
    for t in fresh_all().await {
        let store = t.store.clone();
        eprintln!("on {:?}", store.backend());
        let before = store.revision().await.unwrap();
        let summary = store.load_dataset(&dataset()).await.unwrap();
        assert!(store.revision().await.unwrap() > before);
        assert_eq!((summary.enterprises, summary.links), (2, 1));
        assert!(store.has_enterprises().await.unwrap());
        let data = store.chain_data("mini", &liuzhou(), None).await.unwrap();
        assert_eq!((data.year, data.link_year), (Some(2024), Some(2024)));
        assert_eq!(data.enterprises.len(), 2);
        // Ordered by USCC: 乙厂 (450200…) before 甲厂 (450224…).
        let (y, x) = (&data.enterprises[0], &data.enterprises[1]);
        assert_eq!((x.name.as_str(), x.output), ("甲厂", Some(1200.5)));
        assert_eq!(x.output_as_of.as_deref(), Some("2025-03-31"));
        assert_eq!((y.name.as_str(), y.output), ("乙厂", None));
        assert_eq!(data.memberships.len(), 2);
        assert_eq!(data.links[0].value, 500.0);
        assert_eq!(data.links[0].supplier_region.as_str(), "450224");
        let older = store
            .chain_data("mini", &liuzhou(), Some(2020))
            .await
            .unwrap();
        assert!(older.links.is_empty() && older.link_year.is_none());
    }
}

#[tokio::test]
async fn chain_data_read_in_bulk_is_the_same_as_read_row_by_row() {
    // Twenty more firms: on a node or not, buying, supplying or neither, figures in two years
    // (some without output), links in two years; a fifth of them in Nanning, outside Liuzhou.
    let mut data = dataset();
    let nanning = RegionCode::parse("450100").unwrap();
    data.regions.push(Region {
        code: nanning,
        name_zh: "南宁市".into(),
        name_en: "Nanning".into(),
        level: "prefecture".into(),
        parent: None,
    });
    let n = 20u32;
    let usccs: Vec<Uscc> = (0..n)
        .map(|i| code(&format!("91450224MA5K1{i:04}")))
        .collect();
    let template = data.enterprises[0].clone();
    let year_row = data.years[0].clone();
    let link = data.links[0].clone();
    for (i, u) in usccs.iter().enumerate() {
        let i = i as u32;
        data.enterprises.push(Enterprise {
            uscc: u.clone(),
            name: format!("丙{i}厂"),
            region: if i % 5 == 1 { nanning } else { template.region },
            ..template.clone()
        });
        for year in [2023, 2024] {
            data.years.push(EnterpriseYear {
                uscc: u.clone(),
                year,
                output: (!i.is_multiple_of(3)).then_some(f64::from(i * 100 + year as u32)),
                ..year_row.clone()
            });
        }
        if i.is_multiple_of(2) {
            data.memberships.push(Membership {
                uscc: u.clone(),
                chain: "mini".into(),
                node: if i.is_multiple_of(4) { "a" } else { "b" }.into(),
                share: None,
                source: "illustrative".into(),
            });
        }
        if !i.is_multiple_of(5) {
            data.links.push(SupplyLink {
                buyer: u.clone(),
                supplier: Some(usccs[((i + 7) % n) as usize].clone()),
                supplier_name: format!("丙{}厂", (i + 7) % n),
                year: if i.is_multiple_of(3) { 2023 } else { 2024 },
                value: f64::from(i) * 10.0,
                ..link.clone()
            });
        }
        // A second chain, its links of 2023 only: read together with the first, each keeps
        // its own rows and link year.
        if i.is_multiple_of(3) {
            data.memberships.push(Membership {
                uscc: u.clone(),
                chain: "mini2".into(),
                node: "a".into(),
                share: None,
                source: "illustrative".into(),
            });
            data.links.push(SupplyLink {
                buyer: u.clone(),
                supplier: Some(usccs[((i + 3) % n) as usize].clone()),
                supplier_name: format!("丙{}厂", (i + 3) % n),
                chain: "mini2".into(),
                year: 2023,
                value: f64::from(i) * 3.0,
                ..link.clone()
            });
        }
    }
    let second = Chain {
        id: "mini2".into(),
        ..mini_chain()
    };
    for t in fresh_all().await {
        let store = t.store.clone();
        store
            .install_chains(&[(&second, &CHAIN.replace("\"mini\"", "\"mini2\""))], false)
            .await
            .unwrap();
        store.load_dataset(&data).await.unwrap();
        let areas = ["450200", "450224", "450100", "450000", "000000"];
        for (area, year) in areas
            .iter()
            .flat_map(|a| [None, Some(2024), Some(2023), Some(2020)].map(|y| (a, y)))
        {
            let area = RegionCode::parse(area).unwrap();
            // A chain read alone equals the portable row-by-row read.
            let alone = |chain: &'static str| {
                let store = store.clone();
                async move {
                    let fast = store.chain_data(chain, &area, year).await.unwrap();
                    let rows = store
                        .chain_data_rows(
                            chain,
                            &area,
                            fast.year.map(i64::from),
                            fast.link_year.map(i64::from),
                        )
                        .await
                        .unwrap();
                    assert_eq!(fast, rows, "{chain} {:?} {area} {year:?}", store.backend());
                    fast
                }
            };
            let fast = alone("mini").await;
            let second = alone("mini2").await;
            let both = store
                .chains_data(&["mini2", "mini"], &area, year)
                .await
                .unwrap();
            assert_eq!(both, [second, fast.clone()], "both {area} {year:?}");
            // Only firms of the area are on a node or buy; suppliers come from anywhere.
            let firm = |u: &str| fast.enterprises.iter().find(|e| e.uscc == u).unwrap();
            assert!(
                fast.memberships
                    .iter()
                    .all(|m| area.contains(&firm(&m.uscc).region))
            );
            assert!(
                fast.links
                    .iter()
                    .all(|l| area.contains(&firm(&l.buyer).region))
            );
            // Figures only for firms of the area: a supplier from outside carries none.
            for e in &fast.enterprises {
                let stored = data
                    .years
                    .iter()
                    .find(|y| y.uscc.as_str() == e.uscc && Some(y.year) == fast.year)
                    .filter(|_| area.contains(&e.region));
                let what = format!("{} in {area} {year:?}", e.uscc);
                assert_eq!(e.output, stored.and_then(|y| y.output), "{what}");
                assert_eq!(e.output_source.is_some(), stored.is_some(), "{what}");
            }
            if area == liuzhou() && year == Some(2024) {
                assert!(
                    fast.links
                        .iter()
                        .any(|l| firm(l.supplier.as_deref().unwrap()).region == nanning),
                    "a supplier outside the area is read"
                );
                // Firms neither on a node nor trading on the chain are left out.
                assert!(fast.enterprises.len() > 10 && fast.enterprises.len() < 22);
                assert!(fast.links.len() > 5);
            }
        }
    }
}

#[tokio::test]
async fn a_failing_load_writes_nothing() {
    for t in fresh_all().await {
        let store = t.store.clone();
        eprintln!("on {:?}", store.backend());
        let mut bad = dataset();
        bad.memberships[1].chain = "no-such-chain".into();
        let before = store.revision().await.unwrap();
        assert!(store.load_dataset(&bad).await.is_err());
        assert_eq!(store.revision().await.unwrap(), before);
        assert!(!store.has_enterprises().await.unwrap());
        assert!(store.sources().await.unwrap().is_empty());
        assert!(store.regions().await.unwrap().is_empty());
        // And the same data, corrected, still loads afterwards.
        store.load_dataset(&dataset()).await.unwrap();
        assert_eq!(store.regions().await.unwrap().len(), 2);
    }
}

#[tokio::test]
async fn enterprise_search_filters_and_pages() {
    for t in fresh_all().await {
        let store = t.store.clone();
        eprintln!("on {:?}", store.backend());
        store.load_dataset(&dataset()).await.unwrap();
        let all = store
            .enterprises(&EnterpriseFilter::default(), 0, 10)
            .await
            .unwrap();
        assert_eq!(all.total, 2);
        // By pinyin: 甲 jiǎ before 乙 yǐ (in code points 乙 U+4E59 came first).
        assert_eq!(all.items[0].name, "甲厂");
        let by_name = EnterpriseFilter {
            query: Some("甲".into()),
            ..Default::default()
        };
        let page = store.enterprises(&by_name, 0, 10).await.unwrap();
        assert_eq!((page.total, page.items[0].latest_output), (1, Some(1200.5)));
        // Two characters: found through the bigram index.
        assert_eq!(found(&store, "甲厂").await, 1);
        assert_eq!(found(&store, "丙厂").await, 0);
        let by_uscc = EnterpriseFilter {
            query: Some("91450224".into()),
            ..Default::default()
        };
        assert_eq!(store.enterprises(&by_uscc, 0, 10).await.unwrap().total, 1);
        // A LIKE wildcard typed by the user is text, not a wildcard.
        let wildcard = EnterpriseFilter {
            query: Some("%".into()),
            ..Default::default()
        };
        assert_eq!(store.enterprises(&wildcard, 0, 10).await.unwrap().total, 0);
        let county = EnterpriseFilter {
            region: Some(RegionCode::parse("450224").unwrap()),
            ..Default::default()
        };
        assert_eq!(store.enterprises(&county, 0, 10).await.unwrap().total, 1);
        let city = EnterpriseFilter {
            region: Some(RegionCode::parse("450200").unwrap()),
            ..Default::default()
        };
        assert_eq!(store.enterprises(&city, 0, 10).await.unwrap().total, 2);
        let node = EnterpriseFilter {
            chain: Some("mini".into()),
            node: Some("b".into()),
            ..Default::default()
        };
        let page = store.enterprises(&node, 0, 10).await.unwrap();
        assert_eq!((page.total, page.items[0].name.as_str()), (1, "乙厂"));
        let second_page = store
            .enterprises(&EnterpriseFilter::default(), 1, 1)
            .await
            .unwrap();
        assert_eq!((second_page.total, second_page.items.len()), (2, 1));
        assert_eq!(second_page.items[0].name, "乙厂");
    }
}

#[tokio::test]
async fn enterprise_detail_has_years_and_memberships() {
    for t in fresh_all().await {
        let store = t.store.clone();
        eprintln!("on {:?}", store.backend());
        store.load_dataset(&dataset()).await.unwrap();
        let x = code("91450224MA5K00001");
        let detail = store.enterprise(x.as_str()).await.unwrap().unwrap();
        assert_eq!(detail.enterprise.name, "甲厂");
        assert_eq!(detail.region_name.as_deref(), Some("融安县"));
        assert_eq!(detail.years.len(), 1);
        assert_eq!(detail.memberships[0].node_name_zh.as_deref(), Some("甲"));
        assert!(
            store
                .enterprise("91450224MA5K0000XX")
                .await
                .unwrap()
                .is_none()
        );
    }
}

#[tokio::test]
async fn trading_partners_sum_the_latest_year_per_partner() {
    for t in fresh_all().await {
        let store = t.store.clone();
        eprintln!("on {:?}", store.backend());
        let mut data = dataset();
        let first = data.links[0].clone();
        // A second 2024 purchase from the same supplier, and an older one that must not count.
        data.links.push(SupplyLink {
            product: "氢氧化锂".into(),
            value: 250.0,
            ..first.clone()
        });
        data.links.push(SupplyLink {
            year: 2023,
            value: 9_000.0,
            ..first
        });
        store.load_dataset(&data).await.unwrap();
        let (x, y) = (code("91450224MA5K00001"), code("91450200MA5K00002"));
        let suppliers = store.trading_partners(y.as_str(), true).await.unwrap();
        assert_eq!(suppliers.len(), 1);
        let s = &suppliers[0];
        assert_eq!(
            (s.uscc.as_deref(), s.name.as_str(), s.value, s.links, s.year),
            (Some(x.as_str()), "甲厂", 750.0, 2, 2024)
        );
        assert_eq!(s.region_name.as_deref(), Some("融安县"));
        let buyers = store.trading_partners(x.as_str(), false).await.unwrap();
        assert_eq!(
            buyers
                .iter()
                .map(|b| (b.name.as_str(), b.value))
                .collect::<Vec<_>>(),
            [("乙厂", 750.0)]
        );
        assert_eq!(buyers[0].region_name.as_deref(), Some("柳州市"));
        assert!(
            store
                .trading_partners(x.as_str(), true)
                .await
                .unwrap()
                .is_empty()
        );
    }
}

/// Suggestions written in bulk (on SQLite as JSON, several statements in the tests) come back
/// exactly: each field, confidences to the bit, evidence text with quotes and Chinese, ids in
/// the rows' order; firms are read back in chunks too, each once.
#[tokio::test]
async fn tag_suggestions_written_in_bulk_read_back_exactly() {
    for t in fresh_all().await {
        let store = t.store.clone();
        eprintln!("on {:?}", store.backend());
        store.load_dataset(&dataset()).await.unwrap();
        let x = code("91450224MA5K00001").as_str().to_string();
        let rows: Vec<NewTagSuggestion> = (0..8)
            .map(|i| NewTagSuggestion {
                uscc: x.clone(),
                chain: "mini".into(),
                node: format!("n{i}"),
                confidence: [0.1234, 1.0 / 3.0, 0.3, 0.9999, 1.0, 0.5, 2e-4, 0.7][i],
                evidence: format!(r#"[{{"kind":"keyword","text":"锂电池 \"{i}\" \\ 正极"}}]"#),
            })
            .collect();
        let w = store
            .refresh_tag_suggestions(
                &NewTagRun {
                    created: "2026-01-01T00:00:00Z".into(),
                    chain: None,
                    min_confidence: 0.0,
                    enterprises: 2,
                },
                &rows,
            )
            .await
            .unwrap();
        assert_eq!(w.added, 8);
        // Run again, they are found as stored — to the bit, read back and compared — and
        // kept; one moved by the least step is updated, to the bit.
        let mut again = rows.clone();
        let run = NewTagRun {
            created: "2026-01-03T00:00:00Z".into(),
            chain: None,
            min_confidence: 0.0,
            enterprises: 2,
        };
        let w2 = store.refresh_tag_suggestions(&run, &again).await.unwrap();
        assert_eq!((w2.added, w2.updated, w2.kept, w2.removed), (0, 0, 8, 0));
        again[1].confidence = f64::from_bits(again[1].confidence.to_bits() + 1);
        let w2 = store.refresh_tag_suggestions(&run, &again).await.unwrap();
        assert_eq!((w2.added, w2.updated, w2.kept, w2.removed), (0, 1, 7, 0));
        // Evidence alone changed is updated too.
        again[3].evidence = again[3].evidence.replace("正极", "负极");
        let w2 = store.refresh_tag_suggestions(&run, &again).await.unwrap();
        assert_eq!((w2.added, w2.updated, w2.kept, w2.removed), (0, 1, 7, 0));
        let rows = again;
        let mut stored = store.tag_suggestions(&TagFilter::default()).await.unwrap();
        stored.sort_by_key(|r| r.id);
        assert_eq!(stored.len(), rows.len());
        for (i, (r, s)) in rows.iter().zip(&stored).enumerate() {
            assert_eq!(s.id, stored[0].id + i as i64, "ids follow the rows");
            assert_eq!((&s.uscc, &s.chain, &s.node), (&r.uscc, &r.chain, &r.node));
            assert_eq!(
                s.confidence.to_bits(),
                r.confidence.to_bits(),
                "{}",
                r.confidence
            );
            assert_eq!(s.evidence, r.evidence);
            assert_eq!((s.status, s.run_id), (TagStatus::Suggested, w.run_id));
            assert_eq!(s.created, "2026-01-01T00:00:00Z");
        }
        let mut chunks = store.tag_input_chunks();
        let mut firms = Vec::new();
        while let Some(chunk) = chunks.next().await.unwrap() {
            firms.extend(chunk.into_iter().map(|f| f.uscc));
        }
        firms.sort();
        let all: Vec<String> = store
            .tag_inputs()
            .await
            .unwrap()
            .into_iter()
            .map(|f| f.uscc)
            .collect();
        assert_eq!(firms, all);
    }
}

#[tokio::test]
async fn tag_runs_refresh_pending_and_decisions_are_transactions() {
    for t in fresh_all().await {
        let store = t.store.clone();
        eprintln!("on {:?}", store.backend());
        store.load_dataset(&dataset()).await.unwrap();
        let (x, y) = (
            code("91450224MA5K00001").as_str().to_string(),
            code("91450200MA5K00002").as_str().to_string(),
        );
        assert_eq!(store.tag_inputs().await.unwrap().len(), 2);
        let members = store.tag_exclusions().await.unwrap();
        assert!(members.contains(&(x.clone(), "mini".into(), "a".into())));
        assert_eq!(members.len(), 2);

        let run = |chain: Option<&str>| NewTagRun {
            created: "2026-01-01T00:00:00Z".into(),
            chain: chain.map(str::to_string),
            min_confidence: 0.3,
            enterprises: 2,
        };
        let row = |uscc: &str, chain: &str, node: &str, confidence| NewTagSuggestion {
            uscc: uscc.into(),
            chain: chain.into(),
            node: node.into(),
            confidence,
            evidence: "[]".into(),
        };
        let pending = |store: Store| async move {
            let rows = store
                .tag_suggestions(&TagFilter {
                    status: Some(TagStatus::Suggested),
                    ..TagFilter::default()
                })
                .await
                .unwrap();
            rows.iter()
                .map(|r| (r.id, r.uscc.clone(), r.node.clone()))
                .collect::<Vec<_>>()
        };

        let rev = store.revision().await.unwrap();
        let w = store
            .refresh_tag_suggestions(
                &run(None),
                &[row(&x, "mini", "b", 0.6), row(&y, "mini", "a", 0.3)],
            )
            .await
            .unwrap();
        let counts = |w: TagRunWritten| (w.run_id, w.added, w.updated, w.kept, w.removed);
        assert_eq!(counts(w), (1, 2, 0, 0, 0));
        assert!(
            store.revision().await.unwrap() > rev,
            "a run bumps the revision"
        );
        // A run finding nothing removes the pending suggestions; a later one adds them back
        // under new ids (ids are never reused).
        let w = store
            .refresh_tag_suggestions(&run(Some("mini")), &[])
            .await
            .unwrap();
        assert_eq!(counts(w), (2, 0, 0, 0, 2));
        assert!(pending(store.clone()).await.is_empty());
        let rows = [row(&x, "mini", "b", 0.6), row(&y, "mini", "a", 0.3)];
        let w = store
            .refresh_tag_suggestions(&run(Some("mini")), &rows)
            .await
            .unwrap();
        assert_eq!(counts(w), (3, 2, 0, 0, 0));
        let ids = [
            (3, x.clone(), "b".to_string()),
            (4, y.clone(), "a".to_string()),
        ];
        assert_eq!(pending(store.clone()).await, ids);
        // Found again: kept with their ids, one updated in place where its confidence moved.
        let w = store
            .refresh_tag_suggestions(&run(None), &rows)
            .await
            .unwrap();
        assert_eq!(counts(w), (4, 0, 0, 2, 0));
        let moved = [row(&x, "mini", "b", 0.6), row(&y, "mini", "a", 0.35)];
        let w = store
            .refresh_tag_suggestions(&run(None), &moved)
            .await
            .unwrap();
        assert_eq!(counts(w), (5, 0, 1, 1, 0));
        assert_eq!(pending(store.clone()).await, ids);
        let stored = store.tag_suggestions(&TagFilter::default()).await.unwrap();
        let y_a = stored.iter().find(|r| r.id == 4).unwrap();
        assert_eq!(
            (y_a.confidence, y_a.run_id),
            (0.35, 3),
            "updated, first run kept"
        );
        let listed = store.tag_suggestions(&TagFilter::default()).await.unwrap();
        assert_eq!(listed[0].enterprise_name, "甲厂");
        assert_eq!(listed[0].node_name_zh.as_deref(), Some("乙"));
        assert_eq!(listed[0].chain_name_zh, "小链");

        let source = Source {
            id: "tagging:tester:2026-01-02".into(),
            kind: SourceKind::Public,
            title_zh: "自动标注".into(),
            title_en: "Auto-tagging".into(),
            publisher: "tester".into(),
            published: "2026-01-02".into(),
            url: None,
        };
        let at = "2026-01-02T00:00:00Z";
        // An unknown id: nothing is written, not even for the known one.
        let rev = store.revision().await.unwrap();
        let d = store
            .confirm_tags(&TagSelection::Ids(vec![3, 999]), at, "tester", &source)
            .await
            .unwrap();
        assert_eq!(d.unknown, [999]);
        assert!(d.changed.is_empty());
        assert_eq!(store.revision().await.unwrap(), rev);
        assert_eq!(pending(store.clone()).await.len(), 2);
        assert!(!store.tag_exclusions().await.unwrap().contains(&(
            x.clone(),
            "mini".into(),
            "b".into()
        )));

        // Confirm by threshold: only id 3 (0.6) is at or above 0.5.
        let d = store
            .confirm_tags(
                &TagSelection::Above {
                    min: 0.5,
                    chain: None,
                },
                at,
                "tester",
                &source,
            )
            .await
            .unwrap();
        assert_eq!((d.changed.as_slice(), d.memberships_added), (&[3][..], 1));
        assert!(store.revision().await.unwrap() > rev);
        let data = store.chain_data("mini", &liuzhou(), None).await.unwrap();
        let m = data
            .memberships
            .iter()
            .find(|m| m.uscc == x && m.node == "b")
            .unwrap();
        assert_eq!(m.source, "tagging:tester:2026-01-02");
        assert!(
            store
                .sources()
                .await
                .unwrap()
                .iter()
                .any(|s| s.id == source.id)
        );
        let confirmed = store
            .tag_suggestions(&TagFilter {
                status: Some(TagStatus::Confirmed),
                ..TagFilter::default()
            })
            .await
            .unwrap();
        assert_eq!(confirmed[0].decided_by.as_deref(), Some("tester"));
        assert_eq!(confirmed[0].decided.as_deref(), Some(at));
        // Confirming again changes nothing.
        let d = store
            .confirm_tags(&TagSelection::Ids(vec![3]), at, "tester", &source)
            .await
            .unwrap();
        assert_eq!((d.unchanged.as_slice(), d.changed.len()), (&[3][..], 0));

        // Reject: a confirmed one is a conflict (nothing written), a pending one is rejected.
        let d = store.reject_tags(&[3, 4], at, "tester").await.unwrap();
        assert_eq!(d.conflicts, [3]);
        assert_eq!(pending(store.clone()).await.len(), 1, "4 is still pending");
        let d = store.reject_tags(&[4], at, "tester").await.unwrap();
        assert_eq!(d.changed, [4]);
        let excluded = store.tag_exclusions().await.unwrap();
        assert!(
            excluded.contains(&(y.clone(), "mini".into(), "a".into())),
            "rejected is remembered"
        );

        // A decided pair is not written again by a later run, and decided rows survive it.
        let w = store
            .refresh_tag_suggestions(
                &run(None),
                &[row(&y, "mini", "a", 0.9), row(&x, "mini", "c", 0.4)],
            )
            .await
            .unwrap();
        assert_eq!((w.added, w.removed), (1, 0));
        assert_eq!(
            store
                .tag_suggestions(&TagFilter::default())
                .await
                .unwrap()
                .len(),
            3
        );

        // A run that fails half-way writes nothing: the pending suggestion of the last run stays.
        let rev = store.revision().await.unwrap();
        let failed = store
            .refresh_tag_suggestions(
                &run(None),
                &[
                    row(&y, "mini", "d", 0.5),
                    row(&x, "no-such-chain", "a", 0.5),
                ],
            )
            .await;
        assert!(failed.is_err());
        assert_eq!(store.revision().await.unwrap(), rev);
        assert_eq!(
            pending(store.clone()).await,
            [(6, x.clone(), "c".to_string())]
        );

        // Undo: only a confirmed suggestion, all or nothing; its membership goes, it is pending.
        let d = store.undo_tags(&[3, 4]).await.unwrap();
        assert_eq!(d.conflicts, [4], "4 was rejected, not confirmed");
        assert!(d.changed.is_empty());
        let x2 = x.clone();
        let member = move |store: Store| {
            let x = x2.clone();
            async move {
                store
                    .chain_data("mini", &liuzhou(), None)
                    .await
                    .unwrap()
                    .memberships
                    .iter()
                    .any(|m| m.uscc == x && m.node == "b")
            }
        };
        assert!(member(store.clone()).await, "nothing was written");
        let d = store.undo_tags(&[3]).await.unwrap();
        assert_eq!((d.changed.as_slice(), d.memberships_removed), (&[3][..], 1));
        assert!(!member(store.clone()).await);
        assert_eq!(pending(store.clone()).await.len(), 2);
    }
}

#[tokio::test]
async fn the_audit_trail_is_written_with_the_write_and_cannot_be_changed() {
    for t in fresh_all().await {
        let store = t.store.clone();
        eprintln!("on {:?}", store.backend());
        let store = store.acting(Actor {
            user: Some("analyst".into()),
            origin: "10.0.0.7".into(),
            now: std::sync::Arc::new(|| "2026-12-03T08:00:00Z".to_string()),
        });
        store.delete_scenario("nothing").await.unwrap();
        let rows = store.audit_rows(&AuditFilter::default()).await.unwrap();
        let last = rows.last().unwrap();
        assert_eq!(
            (
                last.actor.as_deref(),
                last.origin.as_str(),
                last.action.as_str()
            ),
            (Some("analyst"), "10.0.0.7", "delete")
        );
        assert_eq!(last.at, "2026-12-03T08:00:00Z");
        // Not through liantu, and not through SQL either.
        for sql in ["UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"] {
            let err = sqlx::query(sql).execute(&store.pool).await.unwrap_err();
            assert!(
                err.to_string().contains("audit rows cannot"),
                "{sql}: {err}"
            );
        }
        assert_eq!(
            store.audit_rows(&AuditFilter::default()).await.unwrap(),
            rows
        );
    }
}

#[test]
fn both_backends_have_the_same_migrations() {
    let versions = |m: &sqlx::migrate::Migrator| {
        m.iter()
            .map(|m| (m.version, m.description.to_string()))
            .collect::<Vec<_>>()
    };
    assert_eq!(versions(&SQLITE_MIGRATOR), versions(&POSTGRES_MIGRATOR));
}

#[tokio::test]
async fn on_postgres_imports_wait_for_each_other_and_other_writes_do_not() {
    let Some(url) = crate::testing::new_database().await else {
        return;
    };
    let (first, second) = (
        Store::open_url(&url).await.unwrap(),
        Store::open_url(&url).await.unwrap(),
    );
    let held = first.begin_import(None).await.unwrap();
    // Another import waits for the first one's lock …
    let waiting = tokio::spawn(async move { second.begin_import(None).await.map(|_| ()) });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        !waiting.is_finished(),
        "a second import started beside the first"
    );
    // … while a write that is not an import goes through.
    let chain = mini_chain();
    let other = Store::open_url(&url).await.unwrap();
    tokio::time::timeout(
        std::time::Duration::from_secs(5),
        other.install_chains(&[(&chain, CHAIN)], false),
    )
    .await
    .expect("an ordinary write waited for an import")
    .unwrap();
    held.rollback().await.unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(5), waiting)
        .await
        .expect("the second import still waits after the first ended")
        .unwrap()
        .unwrap();
}

/// Imports write every value as it was given — text with tabs, newlines and backslashes,
/// NULLs, fractions — on both backends (PostgreSQL through COPY), an upsert overwrites only the
/// columns named, and a rolled-back import leaves nothing.
#[tokio::test]
async fn imports_write_values_as_given_and_upsert_only_named_columns() {
    for t in fresh_all().await {
        let store = &t.store;
        let mut base = dataset();
        let (mut firms, years, members, links) = (
            std::mem::take(&mut base.enterprises),
            std::mem::take(&mut base.years),
            std::mem::take(&mut base.memberships),
            std::mem::take(&mut base.links),
        );
        store.load_dataset(&base).await.unwrap();
        firms[0].name = "甲厂\t(柳州)\\分厂\n二期\r".into();
        firms[0].land_mu = Some(0.1 + 0.2);
        firms[0].business_scope = Some(String::new());
        firms[1].land_mu = None;
        firms[1].founded = None;
        firms[1].business_scope = Some("锂电池\\N 材料".into());
        let mut tx = store.begin_import(None).await.unwrap();
        tx.put_enterprises(firms.clone()).await.unwrap();
        tx.put_years(&years).await.unwrap();
        tx.put_memberships(&members).await.unwrap();
        tx.put_new_links(&links).await.unwrap();
        tx.commit().await.unwrap();

        let mut sorted = firms.clone();
        sorted.sort_by(|a, b| a.uscc.as_str().cmp(b.uscc.as_str()));
        assert_eq!(store.enterprises_after(None, 10).await.unwrap(), sorted);
        assert_eq!(store.years_after(None, 10).await.unwrap(), years);
        let mut members_sorted = members.clone();
        members_sorted.sort_by(|a, b| a.uscc.as_str().cmp(b.uscc.as_str()));
        assert_eq!(store.all_memberships().await.unwrap(), members_sorted);
        let stored = store.links_after(0, 10).await.unwrap();
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].1, links[0]);

        // An upsert naming land_mu and value: the name in the file does not overwrite the
        // stored one; the link under a stored id is replaced.
        let mut changed = firms[0].clone();
        changed.name = "改名".into();
        changed.land_mu = Some(42.5);
        let mut tx = store
            .begin_import(Some(&["land_mu", "value"]))
            .await
            .unwrap();
        tx.put_enterprises(vec![changed.clone()]).await.unwrap();
        tx.put_links(&[(
            stored[0].0,
            SupplyLink {
                value: 7.25,
                ..links[0].clone()
            },
        )])
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let now = store.enterprises_after(None, 10).await.unwrap();
        let first = now.iter().find(|e| e.uscc == firms[0].uscc).unwrap();
        assert_eq!(
            (first.name.as_str(), first.land_mu),
            (firms[0].name.as_str(), Some(42.5))
        );
        // An upsert naming the name renames the firm, and the name search follows it.
        assert_eq!(found(store, "分厂").await, 1);
        let mut tx = store.begin_import(Some(&["name"])).await.unwrap();
        tx.put_enterprises(vec![changed.clone()]).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(found(store, "分厂").await, 0);
        assert_eq!(found(store, "改名").await, 1);
        let now = store.links_after(0, 10).await.unwrap();
        assert_eq!((now.len(), now[0].1.value), (1, 7.25));

        // A rolled-back import leaves nothing.
        let revision = store.revision().await.unwrap();
        let mut tx = store.begin_import(None).await.unwrap();
        tx.put_new_links(&links).await.unwrap();
        tx.rollback().await.unwrap();
        assert_eq!(store.links_after(0, 10).await.unwrap().len(), 1);
        assert_eq!(store.revision().await.unwrap(), revision);
    }
}

#[tokio::test]
async fn projects_reports_and_problems_round_trip_and_saving_a_project_keeps_its_history() {
    use liantu_model::project::*;
    use liantu_model::{Day, YearMonth};
    let day = |t: &str| Day::parse(t).unwrap();
    for t in fresh_all().await {
        let store = t.store.clone();
        eprintln!("on {:?}", store.backend());
        let mut project = Project {
            id: "p-1".into(),
            name: "电池级碳酸锂项目".into(),
            candidate: Some("lithium-carbonate".into()),
            uscc: None,
            nodes: vec![liantu_model::candidate::NodeKey::parse("mini:a").unwrap()],
            park: Some("luzhai".into()),
            region: RegionCode::parse("450224").unwrap(),
            investment: 120_000.0,
            land_mu: Some(300.0),
            annual_plan: None,
            department: "市工信局".into(),
            leader: "副市长".into(),
            contact: "张三 0772-1234567".into(),
            stages: vec![StageDates {
                stage: "signed".into(),
                planned: Some(day("2026-03-01")),
                actual: Some(day("2026-03-05")),
            }],
            source: "illustrative".into(),
            note: String::new(),
        };
        store.save_projects(&[project.clone()]).await.unwrap();
        let report = ProgressReport {
            project: "p-1".into(),
            month: YearMonth::parse("2026-04").unwrap(),
            invested_month: 500.0,
            invested_total: 500.0,
            progress_pct: Some(5.0),
            progress_text: "场地平整".into(),
            output: None,
            issues: String::new(),
            source: "illustrative".into(),
        };
        store
            .save_reports(std::slice::from_ref(&report))
            .await
            .unwrap();
        let problem = Problem {
            id: 0,
            project: "p-1".into(),
            title: "用地指标未落实".into(),
            category: ProblemCategory::Land,
            department: "市自然资源局".into(),
            raised: day("2026-04-02"),
            due: day("2026-05-01"),
            status: ProblemStatus::Assigned,
            resolution: String::new(),
            closed_by: None,
            closed: None,
        };
        let ids = store
            .add_problems(&[problem.clone(), problem.clone()])
            .await
            .unwrap();
        assert_eq!(ids.len(), 2);
        assert_ne!(ids[0], ids[1]);

        // Reaching the next stage rewrites the project; its report and problems stay.
        project.stages.push(StageDates {
            stage: "land".into(),
            planned: Some(day("2026-05-01")),
            actual: None,
        });
        store.save_projects(&[project.clone()]).await.unwrap();
        let mut back = store.project("p-1").await.unwrap().unwrap();
        back.stages.sort_by(|a, b| b.stage.cmp(&a.stage));
        assert_eq!(back, project);
        assert_eq!(store.projects().await.unwrap().len(), 1);
        assert_eq!(
            store.project_reports("p-1").await.unwrap(),
            vec![report.clone()]
        );
        // The board reads the latest report by the month kept on the project, and the month due:
        // a later month saved, then an earlier one, leaves the later as the latest.
        let month = |m: &str| YearMonth::parse(m).unwrap();
        let june = ProgressReport {
            month: month("2026-06"),
            invested_total: 900.0,
            invested_month: 400.0,
            ..report.clone()
        };
        let may = ProgressReport {
            month: month("2026-05"),
            invested_total: 500.0,
            invested_month: 0.0,
            ..report.clone()
        };
        store
            .save_reports(std::slice::from_ref(&june))
            .await
            .unwrap();
        store
            .save_reports(std::slice::from_ref(&may))
            .await
            .unwrap();
        let months = |rs: Vec<ProgressReport>| rs.into_iter().map(|r| r.month).collect::<Vec<_>>();
        let mut board = months(store.reports_for_board(month("2026-04")).await.unwrap());
        board.sort();
        assert_eq!(board, vec![month("2026-04"), month("2026-06")]);
        // The month due being the latest is read once.
        assert_eq!(
            months(store.reports_for_board(month("2026-06")).await.unwrap()),
            vec![month("2026-06")]
        );
        let mut closed = store.problem(ids[0]).await.unwrap().unwrap();
        assert_eq!(
            closed,
            Problem {
                id: ids[0],
                ..problem.clone()
            }
        );
        closed.status = ProblemStatus::Closed;
        closed.resolution = "已调剂指标".into();
        closed.closed = Some(day("2026-04-20"));
        store.update_problem(&closed, "销号").await.unwrap();
        let today = day("2026-04-21");
        let open = store
            .problem_page(
                &ProblemFilter {
                    open_only: true,
                    ..Default::default()
                },
                today,
                None,
            )
            .await
            .unwrap();
        assert_eq!(
            open.rows.iter().map(|(p, _)| p.id).collect::<Vec<_>>(),
            vec![ids[1]]
        );
        let events = store.problem_events(ids[0]).await.unwrap();
        assert_eq!(
            events
                .iter()
                .map(|e| (e.status, e.note.as_str()))
                .collect::<Vec<_>>(),
            vec![
                (ProblemStatus::Assigned, ""),
                (ProblemStatus::Closed, "销号")
            ]
        );
        // A problem on an unknown project is refused and writes nothing.
        let stray = Problem {
            project: "nope".into(),
            ..problem.clone()
        };
        assert!(store.add_problems(&[problem.clone(), stray]).await.is_err());
        assert_eq!(
            store
                .problem_page(&ProblemFilter::default(), today, None)
                .await
                .unwrap()
                .total,
            2
        );
    }
}
