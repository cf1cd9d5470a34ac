use super::*;

fn node(chain: &str, id: &str, codes: &[&str], keywords: &[&str]) -> NodeSpec {
    NodeSpec {
        chain: chain.into(),
        node: id.into(),
        // Names that are not keywords themselves, unless a test says so.
        name_zh: format!("X{id}X（说明）"),
        industry_codes: codes.iter().map(|c| c.to_string()).collect(),
        keywords: keywords.iter().map(|k| k.to_string()).collect(),
    }
}

fn firm<'a>(code: Option<&'a str>, main: &'a str, scope: Option<&'a str>) -> EnterpriseText<'a> {
    EnterpriseText {
        uscc: "U1",
        industry_code: code,
        main_products: main,
        business_scope: scope,
    }
}

fn by_node<'a>(s: &'a [Suggestion], id: &str) -> Option<&'a Suggestion> {
    s.iter().find(|s| s.node == id)
}

fn conf(s: &[Suggestion], id: &str) -> f64 {
    by_node(s, id).map_or(0.0, |s| s.confidence)
}

#[test]
fn exact_code_beats_group_beats_division() {
    let t = Tagger::new(vec![
        node("c", "exact", &["2613"], &[]),
        node("c", "group", &["2614"], &[]),
        node("c", "division", &["2661"], &[]),
        node("c", "other", &["3841"], &[]),
        node("c", "covering", &["25", "3841"], &[]),
    ])
    .unwrap();
    let s = t.tag(&firm(Some("2613"), "", None));
    assert_eq!(conf(&s, "exact"), 0.6);
    assert_eq!(conf(&s, "group"), 0.2);
    assert_eq!(conf(&s, "division"), 0.05);
    assert!(by_node(&s, "other").is_none());
    assert!(by_node(&s, "covering").is_none(), "25 does not cover 2613");
    let group = &by_node(&s, "group").unwrap().evidence[0];
    assert_eq!(group.kind, EvidenceKind::IndustryCodePrefix);
    assert_eq!(group.digits, Some(3));
    assert_eq!(group.describe_zh(), "行业代码 2613 与 2614 同属中类 261");
    let exact = &by_node(&s, "exact").unwrap().evidence[0];
    assert_eq!(exact.kind, EvidenceKind::IndustryCodeExact);
    assert_eq!(exact.describe_zh(), "行业代码 2613 完全匹配");
    assert_eq!(s[0].node, "exact", "best first");

    // A coarser node code covers the firm's class: as good as exact, said differently.
    let s = t.tag(&firm(Some("2521"), "", None));
    let covering = by_node(&s, "covering").unwrap();
    assert_eq!(covering.confidence, 0.6);
    assert_eq!(covering.evidence[0].describe_zh(), "行业代码 2521 属于 25");
    // A firm known only to its division shares it with every node there.
    let s = t.tag(&firm(Some("26"), "", None));
    assert_eq!(conf(&s, "exact"), round4(0.05 / 3.0));
    assert_eq!(by_node(&s, "exact").unwrap().evidence[0].shared_by, 3);
}

#[test]
fn a_code_shared_by_nodes_of_one_chain_is_divided_but_not_across_chains() {
    let t = Tagger::new(vec![
        node("auto", "seats", &["3670"], &[]),
        node("auto", "brakes", &["3670"], &[]),
        node("auto", "lamps", &["3670", "3879"], &[]),
        node("other", "parts", &["3670"], &[]),
    ])
    .unwrap();
    let s = t.tag(&firm(Some("3670"), "", None));
    assert_eq!(conf(&s, "seats"), 0.2);
    assert_eq!(conf(&s, "lamps"), 0.2);
    assert_eq!(conf(&s, "parts"), 0.6);
    assert!(
        by_node(&s, "seats").unwrap().evidence[0]
            .describe_zh()
            .ends_with("（本链 3 个环节共有）")
    );
}

#[test]
fn leftmost_longest_does_not_double_count_shorter_patterns() {
    let t = Tagger::new(vec![
        node("nev", "precursor", &[], &["磷酸铁", "前驱体"]),
        node("nev", "cathode", &[], &["磷酸铁锂", "正极材料"]),
        node("chem", "phosphorus", &[], &["磷酸"]),
    ])
    .unwrap();
    let s = t.tag(&firm(None, "磷酸铁锂正极材料", None));
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(s[0].node, "cathode");
    assert_eq!(s[0].confidence, 0.6);
    let words: Vec<&str> = s[0].evidence.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(words, ["磷酸铁锂", "正极材料"]);
    assert_eq!(
        s[0].evidence[1].position,
        Some(4),
        "character offset, not bytes"
    );
    // The shorter words still match where they stand alone.
    let s = t.tag(&firm(None, "磷酸铁、磷酸", None));
    assert_eq!(conf(&s, "precursor"), 0.3);
    assert_eq!(conf(&s, "phosphorus"), 0.3);
    assert!(by_node(&s, "cathode").is_none());
}

#[test]
fn keyword_points_shared_repeated_capped_and_single_characters() {
    let t = Tagger::new(vec![
        node("c", "cell", &[], &["电池", "电芯", "动力电池", "储能电芯"]),
        node("c", "pack", &[], &["电池", "电池包"]),
        node("d", "elsewhere", &[], &["电池"]),
        node("p", "paper", &[], &["纸"]),
    ])
    .unwrap();
    // A keyword on two nodes of one chain: half each; on a node of another chain: full.
    let s = t.tag(&firm(None, "电池", None));
    assert_eq!(conf(&s, "cell"), 0.15);
    assert_eq!(conf(&s, "pack"), 0.15);
    assert_eq!(conf(&s, "elsewhere"), 0.3);
    assert_eq!(by_node(&s, "cell").unwrap().evidence[0].shared_by, 2);
    // Repeats count once; three distinct keywords hit the 0.6 cap.
    let s = t.tag(&firm(None, "电芯、电芯、动力电池、储能电芯", None));
    let cell = by_node(&s, "cell").unwrap();
    assert_eq!(cell.evidence.len(), 3);
    assert_eq!(cell.confidence, 0.6);
    // One character: half.
    let s = t.tag(&firm(None, "瓦楞纸", None));
    assert_eq!(conf(&s, "paper"), 0.15);
}

#[test]
fn business_scope_weighs_half_and_is_capped() {
    let t = Tagger::new(vec![node(
        "c",
        "lithium",
        &["2613"],
        &["碳酸锂", "氢氧化锂", "锂盐", "锂精矿"],
    )])
    .unwrap();
    let s = t.tag(&firm(None, "", Some("碳酸锂销售")));
    assert_eq!(conf(&s, "lithium"), 0.15);
    assert_eq!(s[0].evidence[0].kind, EvidenceKind::KeywordBusinessScope);
    let s = t.tag(&firm(
        None,
        "",
        Some("碳酸锂、氢氧化锂、锂盐、锂精矿的销售"),
    ));
    assert_eq!(conf(&s, "lithium"), 0.3, "scope capped at 0.3");
    // Code + main products + scope, capped at 1.
    let s = t.tag(&firm(
        Some("2613"),
        "碳酸锂、氢氧化锂",
        Some("锂盐、锂精矿的销售"),
    ));
    assert_eq!(conf(&s, "lithium"), 1.0);
    assert_eq!(
        describe_zh(&s[0].evidence),
        "行业代码 2613 完全匹配；主营产品含“碳酸锂”；主营产品含“氢氧化锂”；经营范围含“锂盐”；经营范围含“锂精矿”"
    );
    let s = t.tag(&firm(Some("2613"), "碳酸锂", None));
    assert_eq!(conf(&s, "lithium"), 0.9);
}

#[test]
fn confirmed_and_rejected_pairs_are_not_suggested_again() {
    let t = Tagger::new(vec![
        node("c", "a", &["2613"], &["碳酸锂"]),
        node("c", "b", &["2613"], &["碳酸锂"]),
        node("c", "z", &[], &["碳酸锂"]),
    ])
    .unwrap();
    let firms = [
        firm(Some("2613"), "碳酸锂", None),
        EnterpriseText {
            uscc: "U2",
            ..firm(Some("2613"), "碳酸锂", None)
        },
    ];
    let all = t.suggest(firms, &Exclusions::default(), 0.0);
    assert_eq!(all.len(), 6);
    let exclude = t.exclusions([
        ("U1", "c", "a"),    // confirmed membership
        ("U1", "c", "b"),    // rejected earlier
        ("U2", "c", "gone"), // a node the chain no longer has: ignored
        ("U2", "other", "a"),
    ]);
    assert_eq!(exclude.len(), 2);
    let some = t.suggest(firms, &exclude, 0.0);
    let pairs: Vec<(&str, &str)> = some
        .iter()
        .map(|s| (s.uscc.as_str(), s.node.as_str()))
        .collect();
    assert_eq!(pairs, [("U1", "z"), ("U2", "a"), ("U2", "b"), ("U2", "z")]);
    // The threshold: a and b score 0.6 / 2 + 0.3 / 3 = 0.4, z scores 0.3 / 3 = 0.1.
    let sure = t.suggest(firms, &exclude, 0.3);
    assert_eq!(sure.len(), 2, "{sure:?}");
    assert!(sure.iter().all(|s| s.uscc == "U2" && s.confidence == 0.4));
}

#[test]
fn empty_missing_and_malformed_input_gives_nothing_and_never_panics() {
    let t = Tagger::new(vec![node("c", "a", &["2613"], &["碳酸锂", "PACK"])]).unwrap();
    for code in [
        None,
        Some(""),
        Some("9"),
        Some("abcd"),
        Some("26135"),
        Some("２６１３"),
    ] {
        assert!(t.tag(&firm(code, "", Some(""))).is_empty(), "{code:?}");
    }
    assert!(t.tag(&firm(None, "   ", None)).is_empty());
    assert!(t.tag(&firm(None, "\u{0}\u{FFFD}🙂碳", None)).is_empty());
    // No nodes at all.
    let empty = Tagger::new(Vec::new()).unwrap();
    assert!(empty.tag(&firm(Some("2613"), "碳酸锂", None)).is_empty());
    // Empty keywords in a chain are skipped, not matched everywhere.
    let t = Tagger::new(vec![node("c", "a", &[], &["", "  "])]).unwrap();
    assert!(t.tag(&firm(None, "任何文字", None)).is_empty());
}

#[test]
fn negated_clauses_are_ignored() {
    let t = Tagger::new(vec![node("c", "hf", &[], &["氢氟酸", "萤石"])]).unwrap();
    for scope in [
        "化工产品销售（不含氢氟酸）",
        "化工产品销售（氢氟酸除外）",
        "除氢氟酸外的化工产品销售",
        "化工原料（不含危险化学品、氢氟酸）销售",
    ] {
        assert!(t.tag(&firm(None, "", Some(scope))).is_empty(), "{scope}");
    }
    // The negation stays in its clause.
    let s = t.tag(&firm(None, "", Some("萤石销售；化工产品（不含氢氟酸）")));
    let words: Vec<&str> = s[0].evidence.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(words, ["萤石"]);
    let s = t.tag(&firm(None, "", Some("氢氟酸生产（不含储存）")));
    assert_eq!(s.len(), 1, "a negation in the next clause does not count");
}

#[test]
fn ascii_keywords_match_any_case_as_whole_words() {
    let t = Tagger::new(vec![
        node("c", "pack", &[], &["PACK", "BMS"]),
        node("c", "solvent", &[], &["EC", "DMC"]),
        node("c", "dcdc", &[], &["DC/DC"]),
    ])
    .unwrap();
    assert_eq!(conf(&t.tag(&firm(None, "电池pack组装", None)), "pack"), 0.3);
    assert_eq!(conf(&t.tag(&firm(None, "Bms、PACK", None)), "pack"), 0.6);
    assert!(t.tag(&firm(None, "PACKAGE 包装", None)).is_empty());
    assert!(t.tag(&firm(None, "PVEC 管材", None)).is_empty());
    assert_eq!(
        conf(&t.tag(&firm(None, "溶剂EC、DMC", None)), "solvent"),
        0.6
    );
    assert_eq!(conf(&t.tag(&firm(None, "车载DC/DC", None)), "dcdc"), 0.3);
    // Full-width Latin letters (typed with a Chinese input method) are the same letters.
    let s = t.tag(&firm(None, "电池ＰＡＣＫ及ｂｍｓ", None));
    assert_eq!(conf(&s, "pack"), 0.6);
    assert_eq!(by_node(&s, "pack").unwrap().evidence[0].position, Some(2));
    assert!(t.tag(&firm(None, "ＰＡＣＫＡＧＥ", None)).is_empty());
}

#[test]
fn node_names_without_their_gloss_are_patterns() {
    let mut n = node("nev", "resources", &[], &["锂辉石"]);
    n.name_zh = "锂资源（锂矿、盐湖卤水）".into();
    let t = Tagger::new(vec![n]).unwrap();
    let s = t.tag(&firm(None, "锂资源开发", None));
    assert_eq!(s[0].evidence[0].text, "锂资源");
    assert!(
        t.tag(&firm(None, "盐湖卤水", None)).is_empty(),
        "the gloss is not a keyword"
    );
}

#[test]
fn evidence_json_round_trips_and_reads_well() {
    let t = Tagger::new(vec![node("c", "a", &["2613"], &["碳酸锂"])]).unwrap();
    let s = t.tag(&firm(Some("2613"), "电池级碳酸锂", None));
    let json = serde_json::to_string(&s[0].evidence).unwrap();
    assert!(json.contains("\"kind\":\"industry_code_exact\""), "{json}");
    assert!(
        json.contains("\"kind\":\"keyword_main_products\""),
        "{json}"
    );
    let back: Vec<Evidence> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, s[0].evidence);
    assert_eq!(
        describe_en(&back),
        "industry code 2613 matches exactly; main products mention “碳酸锂”"
    );
}

#[test]
fn a_chain_name_shields_the_shorter_keywords_inside_it() {
    let nodes = vec![
        node("luosifen", "snail-farming", &[], &["螺蛳"]),
        node("luosifen", "ecommerce", &[], &["电商"]),
    ];
    let shielded = Tagger::with_shields(nodes.clone(), &["螺蛳粉"]).unwrap();
    let s = shielded.tag(&firm(None, "螺蛳粉电商、直播带货", None));
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(s[0].node, "ecommerce");
    assert_eq!(
        conf(
            &shielded.tag(&firm(None, "螺蛳养殖", None)),
            "snail-farming"
        ),
        0.3
    );
    let bare = Tagger::new(nodes).unwrap();
    assert!(by_node(&bare.tag(&firm(None, "螺蛳粉电商", None)), "snail-farming").is_some());
}

#[test]
fn builtin_chains_tag_a_lithium_carbonate_maker() {
    let t = Tagger::from_chains(&liantu_chain::builtin()).unwrap();
    assert!(t.pattern_count() > 300, "{}", t.pattern_count());
    let s = t.tag(&firm(Some("2613"), "电池级碳酸锂、氢氧化锂", None));
    let best = &s[0];
    assert_eq!(
        (best.chain.as_str(), best.node.as_str()),
        ("nev-battery", "lithium-carbonate")
    );
    // “电池级碳酸锂” is matched whole (the longer keyword), not also as “碳酸锂”.
    assert_eq!(
        best.evidence
            .iter()
            .filter(|e| e.kind == EvidenceKind::KeywordMainProducts)
            .map(|e| e.text.as_str())
            .collect::<Vec<_>>(),
        ["电池级碳酸锂"]
    );
    assert!(by_node(&s, "lithium-hydroxide").is_some());
}
