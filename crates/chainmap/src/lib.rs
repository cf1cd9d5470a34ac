//! 链图 chain map: lays out an industrial chain and draws it as SVG with our own code.
//!
//! Pure: plain structs in, a [`Layout`] or an SVG `String` out, no I/O. Same input, byte-identical
//! output. Never panics, whatever the chain (cycles, self-loops, unknown edge ends, empty or huge
//! names, no nodes).
//!
//! # Layout ([`layout`], [`layout_with`])
//! A layered (Sugiyama-style) drawing, flow left to right:
//! - **Columns by stage**: upstream columns, then midstream, then downstream, each stage on its
//!   own shaded background with its heading (上游 / 中游 / 下游). Within a stage, nodes are put in
//!   sub-columns by longest path over the stage's edges.
//! - **Cycles**: an edge to an earlier stage (e.g. 电池回收 → 碳酸锂) is a back edge; inside a
//!   stage, cycles are broken by a depth-first search (started from the stage's sources, then the
//!   other nodes, in `chain.nodes` order; edges in `chain.edges` order) whose edges to a node on
//!   the DFS stack form the feedback-arc set. Back edges are flagged `reversed` and routed around
//!   the columns: out of the source's right side, along a lane above (or below, whichever is
//!   nearer) the columns, into the target's left side, with rounded corners. Lanes are packed so
//!   that back edges that do not overlap horizontally share one.
//! - **Supporting** (配套: services, coatings, hardware, logistics) nodes serve several stages, so
//!   they sit in a **band along the bottom** rather than in a column: as a final column their
//!   edges to upstream and midstream nodes would all be long back edges across the map. Each
//!   supporting node is placed under the mean x of the nodes it is linked with; its edges leave
//!   and enter at its top.
//! - **Crossing reduction**: long edges get a dummy point in every column they cross; then
//!   barycenter sweeps (down, up, … [`DEFAULT_SWEEPS`]) reorder each column, keeping the order
//!   with the fewest crossings (never worse than the input order). [`crossings`] counts them.
//! - **Coordinates**: every box in a column has the column's width; its height follows its
//!   wrapped label (≤ 14 cells a line in Chinese, a CJK character being 2 cells, ≤ 22 in English,
//!   broken at spaces, after 、，and before brackets when possible) plus a row for the status word
//!   and the enterprise-count badge. Vertical positions pull each box toward its neighbours
//!   (weighted least squares under the ordering and spacing constraints, solved exactly by
//!   pool-adjacent-violators), then are rounded and re-spaced, so boxes **never overlap by
//!   construction**: columns are disjoint in x, and within a column consecutive boxes keep a gap.
//! - **Edges**: forward edges are cubic Béziers from the right side of the source to the left side
//!   of the target, passing straight through the gaps left for them in the columns between;
//!   ports on a box side are spread and sorted by where the edges go.
//!
//! # Drawing ([`render_svg`], [`render_layout`])
//! Node colour by status (优势 green, 潜力 blue, 薄弱 amber with dotted border, 空白 near-white
//! with a dashed grey border — a gap to fill, not an error —, undecorated white) and, for
//! black-and-white print, border style plus the
//! status word in the box; enterprise-count badge ("12家" / "12 firms"); edges by kind (供应 solid
//! grey, 副产品 dashed purple) with arrowheads; an output bar along a box's foot (local output
//! against the largest node's); legend; stage headings; with a [`MapFrame`], a title line
//! (chain · region · year) and a source line (sources, as-of, 示例数据 when illustrative); each
//! node a link
//! (`<a href>`, `class="node status-{key}"`, `data-node`, `<title>` tooltip). Styling is by CSS
//! classes, the CSS being [`STYLE`]: embedded in the SVG when [`MapOptions::standalone`] (for the
//! downloaded file), included once by the page otherwise.

mod layout;
mod render;
mod style;
pub mod synthetic;
mod text;

pub use layout::{
    DEFAULT_SWEEPS, EdgePath, Layout, LayoutOptions, NodeBox, Route, StageBand, crossings, layout,
    layout_with,
};
pub use render::{render_layout, render_svg};
pub use style::STYLE;

use liantu_model::NodeStatus;

/// Language of the labels, headings and legend.
pub use liantu_model::Lang;

/// What the map shows on a node besides its name. All optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NodeDecoration {
    /// Fill colour and status word.
    pub status: Option<NodeStatus>,
    /// Local enterprises on the node, shown as a badge.
    pub enterprise_count: Option<u32>,
    /// Where clicking the node goes (http(s), relative or fragment URLs; others are dropped).
    pub href: Option<String>,
    /// Extra tooltip text, after the name, status and count.
    pub tooltip: Option<String>,
    /// Local output (万元): a bar along the box's foot, as long as the output is against the
    /// largest node's, and the figure in the tooltip. Boxes keep one size (their labels set it).
    pub output: Option<f64>,
}

/// What the map is of and where its figures come from, written above and below it, so a map
/// copied into a report or printed on its own still says so.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MapFrame {
    /// The region's name (柳州市).
    pub region: String,
    pub year: Option<i32>,
    /// Sources and as-of date, as one line.
    pub source: String,
    /// Figures are made up for a demo: the map says 示例数据.
    pub illustrative: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapOptions {
    pub lang: Lang,
    /// Draw the legend (statuses, edge kinds, badge) under the map.
    pub legend: bool,
    /// `true`: a file on its own (XML declaration, embedded [`STYLE`], title, white canvas), as
    /// downloaded. `false`: an `<svg>` element to inline in an HTML page that includes [`STYLE`].
    pub standalone: bool,
    /// Title line (chain, region, year) above the map and a source note below it.
    pub frame: Option<MapFrame>,
}

impl Default for MapOptions {
    fn default() -> Self {
        MapOptions {
            lang: Lang::Zh,
            legend: true,
            standalone: false,
            frame: None,
        }
    }
}

/// Text helpers other SVG drawings of liantu share (the chain-group map): XML escaping and the
/// estimated width of a label.
pub mod svg_text {
    pub use crate::text::text_px;

    /// `s` escaped for XML text and attribute values, characters XML forbids dropped.
    pub fn escaped(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        crate::text::push_escaped(&mut out, s);
        out
    }
}
