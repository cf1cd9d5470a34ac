//! Properties of the layout and the SVG on the built-in chains and synthetic graphs.

use liantu_chain::Chain;
use liantu_chainmap::synthetic::{Rng, edge, empty, node, random_chain};
use liantu_chainmap::{
    Lang, Layout, LayoutOptions, MapOptions, NodeDecoration, Route, crossings, layout, layout_with,
    render_svg,
};
use liantu_model::{EdgeKind, NodeStatus, Stage};
use std::collections::HashMap;
use unicode_width::UnicodeWidthStr;

const MARGIN: f64 = 4.0;

fn opts(lang: Lang, legend: bool, standalone: bool) -> MapOptions {
    MapOptions {
        lang,
        legend,
        standalone,
        frame: None,
    }
}

/// Chain with the given (id, stage) nodes and (from, to, kind) edges.
fn chain_of(nodes: &[(&str, Stage)], edges: &[(&str, &str, EdgeKind)]) -> Chain {
    let mut rng = Rng::new(3);
    let mut chain = empty("test");
    for &(id, stage) in nodes {
        chain.nodes.push(node(id, stage, &mut rng));
    }
    for &(a, b, kind) in edges {
        chain.edges.push(edge(a, b, kind));
    }
    chain
}

fn all_test_chains() -> Vec<Chain> {
    use EdgeKind::*;
    use Stage::*;
    let mut chains = liantu_chain::builtin();
    assert_eq!(chains.len(), 4);
    chains.push(chain_of(
        &[("a", Midstream), ("b", Midstream)],
        &[("a", "b", Supplies), ("b", "a", Supplies)],
    ));
    chains.push(chain_of(&[("solo", Upstream)], &[]));
    chains.push(chain_of(&[("solo", Supporting)], &[]));
    // Two self-contained components, each with a cycle across and within stages.
    chains.push(chain_of(
        &[
            ("a1", Upstream),
            ("a2", Midstream),
            ("a3", Downstream),
            ("a4", Midstream),
            ("b1", Upstream),
            ("b2", Upstream),
            ("b3", Upstream),
            ("b4", Supporting),
        ],
        &[
            ("a1", "a2", Supplies),
            ("a2", "a3", Supplies),
            ("a3", "a1", ByProduct),
            ("a2", "a4", Supplies),
            ("a4", "a2", ByProduct),
            ("b1", "b2", Supplies),
            ("b2", "b3", Supplies),
            ("b3", "b1", Supplies),
            ("b4", "b2", Supplies),
            ("b3", "b4", ByProduct),
        ],
    ));
    // Only downstream and supporting nodes.
    chains.push(chain_of(
        &[("d", Downstream), ("s1", Supporting), ("s2", Supporting)],
        &[
            ("s1", "d", Supplies),
            ("s1", "s2", Supplies),
            ("s2", "s1", ByProduct),
        ],
    ));
    chains.push(random_chain(60, 11));
    chains.push(random_chain(500, 7));
    chains
}

fn overlap(a: &liantu_chainmap::NodeBox, b: &liantu_chainmap::NodeBox) -> bool {
    a.x < b.x + b.w + MARGIN
        && b.x < a.x + a.w + MARGIN
        && a.y < b.y + b.h + MARGIN
        && b.y < a.y + a.h + MARGIN
}

fn check_layout(chain: &Chain, layout: &Layout, lang: Lang) {
    let id = &chain.id;
    assert_eq!(layout.nodes.len(), chain.nodes.len(), "{id}");
    assert!(layout.width.is_finite() && layout.height.is_finite());
    // Every edge exactly once, in order.
    let indices: Vec<usize> = layout.edges.iter().map(|e| e.edge).collect();
    assert_eq!(indices, (0..chain.edges.len()).collect::<Vec<_>>(), "{id}");
    for e in &layout.edges {
        let ce = &chain.edges[e.edge];
        assert_eq!(chain.nodes[e.from].id, ce.from);
        assert_eq!(chain.nodes[e.to].id, ce.to);
        assert_eq!(e.kind, ce.kind);
        assert!(e.points.len() >= 2);
        for &(x, y) in &e.points {
            assert!(x.is_finite() && y.is_finite(), "{id}: {e:?}");
            assert!((0.0..=layout.width).contains(&x), "{id}: x {x} outside");
            assert!((0.0..=layout.height).contains(&y), "{id}: y {y} outside");
        }
        assert!(!e.path.contains("NaN") && !e.path.contains("inf"));
        assert_eq!(e.reversed, e.route == Route::Back);
    }
    // Boxes inside the canvas, never overlapping.
    for b in &layout.nodes {
        for v in [b.x, b.y, b.w, b.h] {
            assert!(v.is_finite(), "{id}: {b:?}");
        }
        assert!(b.w > 0.0 && b.h > 0.0);
        assert!(b.x >= 0.0 && b.y >= 0.0);
        assert!(
            b.x + b.w <= layout.width && b.y + b.h <= layout.height,
            "{id}: {b:?}"
        );
    }
    for (i, a) in layout.nodes.iter().enumerate() {
        for (j, b) in layout.nodes.iter().enumerate().skip(i + 1) {
            assert!(
                !overlap(a, b),
                "{id}: boxes {i} and {j} overlap: {a:?} {b:?}"
            );
        }
    }
    // Stage columns in order; supporting nodes below all columns.
    let boxes_of = |stage: Stage| {
        chain
            .nodes
            .iter()
            .zip(&layout.nodes)
            .filter(move |(n, _)| n.stage == stage)
            .map(|(_, b)| b)
    };
    let stages = [Stage::Upstream, Stage::Midstream, Stage::Downstream];
    for pair in stages.windows(2) {
        let right = boxes_of(pair[0])
            .map(|b| b.x + b.w)
            .fold(f64::MIN, f64::max);
        let left = boxes_of(pair[1]).map(|b| b.x).fold(f64::MAX, f64::min);
        assert!(
            right < left,
            "{id}: {:?} not left of {:?}",
            pair[0],
            pair[1]
        );
    }
    let main_bottom = stages
        .iter()
        .flat_map(|&s| boxes_of(s))
        .map(|b| b.y + b.h)
        .fold(f64::MIN, f64::max);
    for b in boxes_of(Stage::Supporting) {
        assert!(
            b.y > main_bottom,
            "{id}: supporting node not below the columns"
        );
        assert_eq!(b.layer, layout.layer_count);
    }
    // Edges between columns go left to right unless flagged as back edges.
    for e in &layout.edges {
        let (a, b) = (&layout.nodes[e.from], &layout.nodes[e.to]);
        if e.route == Route::Forward {
            assert!(a.layer < b.layer && a.x + a.w < b.x, "{id}: {e:?}");
        }
    }
    // Labels wrapped to the line width, boxes wide enough for them.
    let max_cells = match lang {
        Lang::Zh => 14,
        Lang::En => 22,
    };
    for b in &layout.nodes {
        assert!(!b.lines.is_empty() && b.lines.len() <= 4);
        for line in &b.lines {
            assert!(line.width() <= max_cells, "{id}: {line:?}");
            assert!(line.width() as f64 * 6.5 < b.w, "{id}: {line:?} in {}", b.w);
        }
    }
}

/// Parses the SVG (must be well-formed XML) and checks what it draws.
fn check_svg(chain: &Chain, svg: &str, standalone: bool) {
    let id = &chain.id;
    let doc = roxmltree::Document::parse(svg)
        .unwrap_or_else(|e| panic!("{id}: SVG is not well-formed XML: {e}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(root.attribute("role"), Some("img"));
    assert!(root.attribute("aria-label").is_some_and(|l| !l.is_empty()));
    let vb: Vec<f64> = root
        .attribute("viewBox")
        .unwrap_or("")
        .split(' ')
        .map(|v| v.parse().expect("number"))
        .collect();
    assert_eq!(vb.len(), 4);
    assert!(vb.iter().all(|v| v.is_finite()));
    assert_eq!(svg.starts_with("<?xml"), standalone);
    assert_eq!(
        doc.descendants().any(|n| n.has_tag_name("style")),
        standalone
    );
    for n in doc.descendants().filter(|n| n.is_element()) {
        for attr in n.attributes() {
            let v = attr.value();
            if matches!(
                attr.name(),
                "x" | "y" | "width" | "height" | "d" | "viewBox" | "transform"
            ) {
                assert!(!v.contains("NaN") && !v.contains("inf"), "{id}: {v}");
            }
        }
    }
    // Each node once.
    let mut drawn: HashMap<&str, usize> = HashMap::new();
    for n in doc
        .descendants()
        .filter(|n| n.attribute("data-node").is_some())
    {
        let class = n.attribute("class").unwrap_or("");
        assert!(class.starts_with("node status-"), "{class}");
        *drawn
            .entry(n.attribute("data-node").unwrap_or(""))
            .or_default() += 1;
    }
    let mut wanted: HashMap<&str, usize> = HashMap::new();
    for node in &chain.nodes {
        *wanted.entry(node.id.as_str()).or_default() += 1;
    }
    assert_eq!(drawn, wanted, "{id}: nodes drawn");
    // Each edge once.
    let mut edges: HashMap<(&str, &str, &str), usize> = HashMap::new();
    for n in doc
        .descendants()
        .filter(|n| n.attribute("data-from").is_some())
    {
        let class = n.attribute("class").unwrap_or("");
        let kind = if class.contains("by-product") {
            "by-product"
        } else {
            "supplies"
        };
        assert!(n.attribute("marker-end").is_some());
        let key = (
            n.attribute("data-from").unwrap_or(""),
            n.attribute("data-to").unwrap_or(""),
            kind,
        );
        *edges.entry(key).or_default() += 1;
    }
    let mut wanted: HashMap<(&str, &str, &str), usize> = HashMap::new();
    for e in &chain.edges {
        *wanted
            .entry((e.from.as_str(), e.to.as_str(), e.kind.key()))
            .or_default() += 1;
    }
    assert_eq!(edges, wanted, "{id}: edges drawn");
}

#[test]
fn layouts_are_sound_on_all_chains() {
    for chain in all_test_chains() {
        for lang in [Lang::Zh, Lang::En] {
            check_layout(&chain, &layout(&chain, lang), lang);
        }
    }
}

#[test]
fn svgs_are_well_formed_and_complete() {
    for chain in all_test_chains() {
        let decorations: Vec<NodeDecoration> = (0..chain.nodes.len() / 2)
            .map(|i| NodeDecoration {
                status: Some(NodeStatus::ALL[i % 4]),
                enterprise_count: Some(i as u32),
                href: Some(format!("/nodes/{i}?a=1&b=2")),
                tooltip: Some("说明 <b>".to_string()),
                output: None,
            })
            .collect();
        for (lang, legend, standalone) in [
            (Lang::Zh, true, true),
            (Lang::Zh, false, false),
            (Lang::En, true, false),
        ] {
            let svg = render_svg(&chain, &decorations, &opts(lang, legend, standalone));
            check_svg(&chain, &svg, standalone);
        }
    }
}

#[test]
fn output_is_deterministic() {
    for chain in all_test_chains() {
        let a = render_svg(&chain, &[], &opts(Lang::Zh, true, true));
        let b = render_svg(&chain.clone(), &[], &opts(Lang::Zh, true, true));
        assert_eq!(a, b, "{}", chain.id);
        assert_eq!(layout(&chain, Lang::En), layout(&chain, Lang::En));
    }
}

#[test]
fn text_is_escaped() {
    let mut chain = chain_of(&[("x", Stage::Upstream), ("y", Stage::Midstream)], &[]);
    chain.name_zh = "<链> & \"图\"".to_string();
    chain.nodes[0].name_zh = "A&B <x>".to_string();
    chain.nodes[1].name_zh = "引号\"与'撇号\u{7}".to_string();
    chain.edges.push(edge("x", "y", EdgeKind::Supplies));
    let deco = [NodeDecoration {
        status: Some(NodeStatus::Weak),
        enterprise_count: Some(3),
        href: Some("/n?a=1&b=<2>".to_string()),
        tooltip: Some("</title><script>alert(1)</script>".to_string()),
        output: None,
    }];
    let svg = render_svg(&chain, &deco, &opts(Lang::Zh, true, true));
    assert!(svg.contains("A&amp;B &lt;x&gt;"), "{svg}");
    assert!(svg.contains("href=\"/n?a=1&amp;b=&lt;2&gt;\""));
    assert!(!svg.contains("<script>"));
    assert!(!svg.contains('\u{7}'));
    let doc = roxmltree::Document::parse(&svg).expect("well-formed");
    let texts: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
    assert!(texts.contains(&"A&B <x>"), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("</title><script>")));
    let label = doc.root_element().attribute("aria-label").unwrap_or("");
    assert!(label.starts_with("<链> & \"图\""));
}

#[test]
fn decorations_drive_classes_badges_and_links() {
    let chain = liantu_chain::builtin().remove(0);
    let deco = vec![
        NodeDecoration {
            status: Some(NodeStatus::Strong),
            enterprise_count: Some(12),
            href: Some("/chains/nev-battery/nodes/lithium-resources".to_string()),
            tooltip: None,
            output: None,
        },
        NodeDecoration {
            status: Some(NodeStatus::Missing),
            enterprise_count: None,
            href: Some("javascript:alert(1)".to_string()),
            tooltip: None,
            output: None,
        },
    ];
    let svg = render_svg(&chain, &deco, &opts(Lang::Zh, true, false));
    let doc = roxmltree::Document::parse(&svg).expect("well-formed");
    let by_id = |id: &str| {
        doc.descendants()
            .find(|n| n.attribute("data-node") == Some(id))
            .expect("drawn")
    };
    let first = by_id(&chain.nodes[0].id);
    assert_eq!(first.tag_name().name(), "a");
    assert_eq!(first.attribute("class"), Some("node status-strong"));
    assert_eq!(
        first.attribute("href"),
        Some("/chains/nev-battery/nodes/lithium-resources")
    );
    let texts: Vec<&str> = first.descendants().filter_map(|n| n.text()).collect();
    assert!(texts.contains(&"12家"), "{texts:?}");
    assert!(texts.contains(&"优势"));
    let title = first.first_element_child().expect("title");
    assert_eq!(title.tag_name().name(), "title");
    assert!(title.text().unwrap_or("").contains("锂资源"));
    // A javascript: link is dropped, the node still drawn.
    let second = by_id(&chain.nodes[1].id);
    assert_eq!(second.tag_name().name(), "g");
    assert_eq!(second.attribute("class"), Some("node status-missing"));
    // Past the decorations: undecorated.
    let third = by_id(&chain.nodes[2].id);
    assert_eq!(third.attribute("class"), Some("node status-none"));
    // English badge.
    let svg = render_svg(&chain, &deco, &opts(Lang::En, true, false));
    assert!(svg.contains(">12 firms<") && svg.contains(">Strong<"));
    // Legend lists the four statuses and the two edge kinds.
    let svg = render_svg(&chain, &[], &opts(Lang::Zh, true, false));
    for word in [
        "优势",
        "潜力",
        "薄弱",
        "空白",
        "供应",
        "副产品",
        "上游",
        "中游",
        "下游",
        "配套",
    ] {
        assert!(svg.contains(&format!(">{word}<")), "legend lacks {word}");
    }
    let svg = render_svg(&chain, &[], &opts(Lang::Zh, false, false));
    assert!(!svg.contains("class=\"legend\""));
}

#[test]
fn cycles_are_broken_with_flagged_back_edges() {
    // The NEV chain: recycling (downstream) feeds lithium carbonate (upstream) again.
    let chain = liantu_chain::builtin().remove(0);
    let map = layout(&chain, Lang::Zh);
    let back = map
        .edges
        .iter()
        .find(|e| {
            chain.nodes[e.from].id == "battery-recycling"
                && chain.nodes[e.to].id == "lithium-carbonate"
        })
        .expect("edge laid out");
    assert!(back.reversed && back.route == Route::Back);
    // A 2-cycle within a stage: exactly one edge reversed.
    let two = chain_of(
        &[("a", Stage::Midstream), ("b", Stage::Midstream)],
        &[
            ("a", "b", EdgeKind::Supplies),
            ("b", "a", EdgeKind::ByProduct),
        ],
    );
    let map = layout(&two, Lang::Zh);
    assert_eq!(map.edges.iter().filter(|e| e.reversed).count(), 1);
    assert!(
        !map.edges[0].reversed,
        "the DFS keeps the first edge forward"
    );
    assert!(map.nodes[0].layer < map.nodes[1].layer);
    // A 3-cycle in one stage takes three columns and one back edge.
    let three = chain_of(
        &[
            ("a", Stage::Upstream),
            ("b", Stage::Upstream),
            ("c", Stage::Upstream),
        ],
        &[
            ("a", "b", EdgeKind::Supplies),
            ("b", "c", EdgeKind::Supplies),
            ("c", "a", EdgeKind::Supplies),
        ],
    );
    let map = layout(&three, Lang::Zh);
    assert_eq!(map.layer_count, 3);
    let reversed: Vec<bool> = map.edges.iter().map(|e| e.reversed).collect();
    assert_eq!(reversed, [false, false, true]);
}

#[test]
fn crossing_reduction_removes_an_obvious_crossing() {
    use EdgeKind::Supplies;
    use Stage::*;
    // In input order a1 a2 a3 / b1 b2 b3 with a1→b3, a2→b2, a3→b1 every pair crosses.
    let chain = chain_of(
        &[
            ("a1", Upstream),
            ("a2", Upstream),
            ("a3", Upstream),
            ("b1", Midstream),
            ("b2", Midstream),
            ("b3", Midstream),
        ],
        &[
            ("a1", "b3", Supplies),
            ("a2", "b2", Supplies),
            ("a3", "b1", Supplies),
        ],
    );
    let unordered = layout_with(
        &chain,
        &LayoutOptions {
            lang: Lang::Zh,
            sweeps: 0,
        },
    );
    let ordered = layout(&chain, Lang::Zh);
    assert_eq!(crossings(&unordered), 3);
    assert_eq!(crossings(&ordered), 0);
    // Never worse than the input order on any chain; better on the built-ins overall.
    let (mut before, mut after) = (0, 0);
    for chain in all_test_chains() {
        let raw = crossings(&layout_with(
            &chain,
            &LayoutOptions {
                lang: Lang::Zh,
                sweeps: 0,
            },
        ));
        let reduced = crossings(&layout(&chain, Lang::Zh));
        assert!(reduced <= raw, "{}: {reduced} > {raw}", chain.id);
        before += raw;
        after += reduced;
    }
    assert!(after < before, "{after} vs {before}");
}

#[test]
fn odd_input_does_not_panic() {
    let mut chain = chain_of(
        &[
            ("a", Stage::Upstream),
            ("b", Stage::Downstream),
            ("a", Stage::Midstream),
        ],
        &[
            ("a", "a", EdgeKind::Supplies),       // self-loop
            ("a", "missing", EdgeKind::Supplies), // unknown end: skipped
            ("b", "a", EdgeKind::ByProduct),      // to an earlier stage
            ("a", "b", EdgeKind::Supplies),
            ("a", "b", EdgeKind::Supplies), // duplicate
        ],
    );
    chain.nodes[1].name_zh = String::new();
    chain.nodes[1].name_en = " ".to_string();
    chain.nodes[2].name_zh = "超长名称".repeat(500);
    chain.id = "weird id\"<>".to_string();
    let map = layout(&chain, Lang::Zh);
    assert_eq!(map.edges.len(), 4);
    assert_eq!(map.nodes[1].lines, ["b"], "falls back to the id");
    assert!(map.nodes[2].lines.len() <= 4);
    let svg = render_svg(&chain, &[], &opts(Lang::Zh, true, true));
    roxmltree::Document::parse(&svg).expect("well-formed");
    assert!(svg.contains("id=\"lt-weirdid-arrow-supplies\""));
    // No nodes at all.
    let empty_chain = empty("empty");
    let map = layout(&empty_chain, Lang::En);
    assert!(map.nodes.is_empty() && map.width > 0.0 && map.height > 0.0);
    let svg = render_svg(&empty_chain, &[], &opts(Lang::En, true, true));
    roxmltree::Document::parse(&svg).expect("well-formed");
}

#[test]
fn a_framed_map_says_what_it_shows_and_bars_output() {
    let chain = liantu_chain::builtin().remove(0);
    let deco: Vec<NodeDecoration> = [Some(12_000.0), Some(3_000.0), Some(0.0), None]
        .into_iter()
        .map(|output| NodeDecoration {
            output,
            ..NodeDecoration::default()
        })
        .collect();
    let framed = MapOptions {
        frame: Some(liantu_chainmap::MapFrame {
            region: "柳州市".into(),
            year: Some(2024),
            source: "示例数据 · 截至 2025-03-31".into(),
            illustrative: true,
        }),
        ..opts(Lang::Zh, true, false)
    };
    let svg = render_svg(&chain, &deco, &framed);
    let doc = roxmltree::Document::parse(&svg).expect("well-formed");
    let class_text = |class: &str| {
        doc.descendants()
            .find(|n| n.attribute("class") == Some(class))
            .and_then(|n| n.text())
            .unwrap_or_default()
            .to_string()
    };
    assert!(class_text("map-title").ends_with("产业链图 · 柳州市 · 2024年"));
    let note = class_text("map-note");
    assert!(
        note.starts_with("来源：示例数据 · 截至 2025-03-31"),
        "{note}"
    );
    assert!(note.contains("示例数据：企业数值为虚构"), "{note}");
    // The note lies inside the drawing.
    let height: f64 = doc
        .root_element()
        .attribute("height")
        .unwrap()
        .parse()
        .unwrap();
    let note_y: f64 = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("map-note"))
        .and_then(|n| n.attribute("y"))
        .unwrap()
        .parse()
        .unwrap();
    assert!(note_y < height, "{note_y} in {height}");
    // Bars: the largest node's spans the box less its margins, a quarter of it for a quarter
    // of the output; none for zero or unknown output. The legend explains the bar.
    let bar_width = |id: &str| {
        doc.descendants()
            .find(|n| n.attribute("data-node") == Some(id))
            .and_then(|n| {
                n.children()
                    .find(|c| c.attribute("class") == Some("output-bar"))
            })
            .map(|bar| bar.attribute("width").unwrap().parse::<f64>().unwrap())
    };
    let (big, small) = (
        bar_width(&chain.nodes[0].id).expect("a bar"),
        bar_width(&chain.nodes[1].id).expect("a bar"),
    );
    assert!((small / big - 0.25).abs() < 0.01, "{small} / {big}");
    assert_eq!(bar_width(&chain.nodes[2].id), None);
    assert_eq!(bar_width(&chain.nodes[3].id), None);
    assert!(svg.contains("本地产值：12,000 万元"));
    assert!(svg.contains(">本地产值（与最大节点相比）<"));
    // Without a frame and outputs, neither title, note nor bar legend.
    let plain = render_svg(&chain, &[], &opts(Lang::Zh, true, false));
    assert!(!plain.contains("map-note") && !plain.contains("map-title"));
    assert!(!plain.contains("output-bar"));
}
