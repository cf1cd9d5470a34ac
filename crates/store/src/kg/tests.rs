use liantu_model::kg::{
    Company, ImportStats, Industry, KgData, KgEdge, KgMeta, Offering, Product, Relation, Stated,
};

/// 2,500 products (more than two insert batches), a chain of supply relations with a cycle,
/// sub-types, companies with and without an industry, clamped weights.
fn data(products: usize) -> KgData {
    let products: Vec<Product> = (0..products)
        .map(|i| Product {
            name: format!("产品{i}"),
            listed: i % 7 != 0,
        })
        .collect();
    let n = products.len() as u32;
    let mut edges: Vec<KgEdge> = (1..n)
        .map(|i| KgEdge {
            from: i - 1,
            to: i,
            relation: Relation::Supplies,
            stated: if i % 2 == 0 {
                Stated::Upstream
            } else {
                Stated::Downstream
            },
        })
        .collect();
    edges.push(KgEdge {
        from: n - 1,
        to: 0,
        relation: Relation::Supplies,
        stated: Stated::Upstream,
    });
    edges.push(KgEdge {
        from: 0,
        to: 2,
        relation: Relation::Subtype,
        stated: Stated::Subtype,
    });
    KgData {
        meta: KgMeta {
            source: "测试图谱 test graph".into(),
            as_of: "2021-10-22".into(),
            imported_from: "/tmp/kg".into(),
            stats: ImportStats {
                product_rows: products.len(),
                weights_clamped_low: 1,
                ..ImportStats::default()
            },
        },
        products,
        edges,
        industries: vec![Industry {
            code: "220501".into(),
            name: "轮胎轮毂".into(),
        }],
        companies: vec![
            Company {
                code: "601966.SH".into(),
                name: "玲珑轮胎".into(),
                fullname: "山东玲珑轮胎股份有限公司".into(),
                exchange: "上海证券交易所".into(),
                listed_on: "2016-07-06".into(),
                industry: Some("220501".into()),
            },
            Company {
                code: "000001".into(),
                name: "平安银行".into(),
                fullname: String::new(),
                exchange: String::new(),
                listed_on: String::new(),
                industry: None,
            },
        ],
        offerings: vec![
            Offering {
                company: 0,
                product: 1,
                weight: 0.0,
                stated_weight: -0.5,
            },
            Offering {
                company: 1,
                product: 1,
                weight: 0.25,
                stated_weight: 0.25,
            },
        ],
    }
}

fn sorted(mut d: KgData) -> KgData {
    d.edges
        .sort_by_key(|e| (e.from, e.to, e.relation, e.stated.key()));
    d
}

#[tokio::test]
async fn the_graph_round_trips_and_a_new_import_replaces_the_old() {
    for t in crate::testdb::stores().await {
        let store = t.store.clone();
        eprintln!("on {:?}", store.backend());
        assert!(store.kg().await.unwrap().is_none());
        assert!(store.kg_import().await.unwrap().is_none());
        let first = data(2500);
        store.replace_kg(&first).await.unwrap();
        let back = store.kg().await.unwrap().unwrap();
        assert_eq!(sorted(back), sorted(first.clone()));
        let import = store.kg_import().await.unwrap().unwrap();
        assert_eq!(
            (import.products, import.supplies, import.subtypes),
            (2500, 2500, 1)
        );
        assert_eq!((import.companies, import.offerings), (2, 2));
        assert_eq!(import.meta, first.meta);
        assert!(import.imported_at.starts_with("20"));

        let second = data(10);
        store.replace_kg(&second).await.unwrap();
        assert_eq!(sorted(store.kg().await.unwrap().unwrap()), sorted(second));
    }
}

#[tokio::test]
async fn a_failing_import_leaves_the_previous_graph() {
    for t in crate::testdb::stores().await {
        let store = t.store.clone();
        eprintln!("on {:?}", store.backend());
        let good = data(1500);
        store.replace_kg(&good).await.unwrap();
        let revision = store.revision().await.unwrap();
        // A relation to a product that does not exist fails a foreign key in the last batch.
        let mut bad = data(3000);
        bad.offerings.push(Offering {
            company: 0,
            product: 99_999,
            weight: 0.5,
            stated_weight: 0.5,
        });
        assert!(store.replace_kg(&bad).await.is_err());
        assert_eq!(sorted(store.kg().await.unwrap().unwrap()), sorted(good));
        assert_eq!(store.revision().await.unwrap(), revision);
    }
}
