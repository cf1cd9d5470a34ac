//! Layered (Sugiyama-style) layout of a chain: cycle breaking, layering by stage, crossing
//! reduction, coordinates, edge routing.

use crate::Lang;
use crate::text::{LABEL_FONT, push_num, text_px, wrap};
use liantu_chain::{Chain, Node};
use liantu_model::{EdgeKind, Stage};
use serde::Serialize;
use std::collections::HashMap;

/// Barycenter sweeps (alternately down and up) used by [`layout`].
pub const DEFAULT_SWEEPS: usize = 8;

/// Height of one label line, px.
pub(crate) const LINE_H: f64 = 17.0;
/// Inner padding of a node box, px.
pub(crate) const PAD_X: f64 = 10.0;
pub(crate) const PAD_Y: f64 = 7.0;
/// Row at the bottom of every box for the status word and the enterprise-count badge, px.
pub(crate) const BADGE_H: f64 = 18.0;

const MIN_W_ZH: f64 = 112.0;
const MIN_W_EN: f64 = 140.0;
const WRAP_ZH: usize = 14;
const WRAP_EN: usize = 22;
const MARGIN_X: f64 = 40.0;
const COL_GAP: f64 = 56.0;
const STAGE_GAP: f64 = 80.0;
/// Stage backgrounds reach this far beyond their columns.
const BAND_PAD: f64 = 14.0;
const NODE_GAP: f64 = 18.0;
const DUMMY_GAP: f64 = 8.0;
const TOP: f64 = 8.0;
const HEADING_H: f64 = 36.0;
const LANE_GAP: f64 = 9.0;
const LANE_PAD: f64 = 10.0;
const SUPPORT_GAP: f64 = 28.0;
const SUPPORT_HEADING_H: f64 = 32.0;
const CHANNEL_PAD: f64 = 12.0;
const CHANNEL_STEP: f64 = 5.0;
const PORT_INSET: f64 = 10.0;
const MIN_PORT_GAP: f64 = 6.0;

/// Options of [`layout_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayoutOptions {
    pub lang: Lang,
    /// Barycenter sweeps for crossing reduction; 0 keeps the input order of `chain.nodes`.
    pub sweeps: usize,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            lang: Lang::Zh,
            sweeps: DEFAULT_SWEEPS,
        }
    }
}

/// A laid-out chain. All coordinates are px in the SVG user space, origin top left.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    /// Number of columns (layers) of the upstream, midstream and downstream stages.
    pub layer_count: usize,
    /// One box per chain node, in the order of `chain.nodes`.
    pub nodes: Vec<NodeBox>,
    /// One path per chain edge whose two ends exist, in the order of `chain.edges`.
    pub edges: Vec<EdgePath>,
    /// Stage backgrounds (columns of a stage, or the supporting band), left to right then the band.
    pub bands: Vec<StageBand>,
}

/// A node's box. Boxes never overlap.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeBox {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// Column, counted from 0 at the left; supporting nodes (in the bottom band) have
    /// `layer == Layout::layer_count`.
    pub layer: usize,
    pub stage: Stage,
    /// The wrapped label.
    pub lines: Vec<String>,
}

impl NodeBox {
    pub fn center(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }
}

/// How an edge is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Route {
    /// Left to right between columns, through the gaps between boxes.
    Forward,
    /// A back edge (a cycle broken here, an edge to an earlier stage or column, a self-loop):
    /// out of the source's right side, along a lane above or below the columns, into the
    /// target's left side.
    Back,
    /// To or from a supporting node in the bottom band: enters/leaves that node at its top.
    Support,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EdgePath {
    /// Index in `chain.edges`.
    pub edge: usize,
    /// Index in `chain.nodes` of the supplier.
    pub from: usize,
    /// Index in `chain.nodes` of the buyer.
    pub to: usize,
    pub kind: EdgeKind,
    /// Drawn against the left-to-right flow (`route == Route::Back`).
    pub reversed: bool,
    pub route: Route,
    /// Waypoints: the start port, the corners or pass-through points, the end port.
    pub points: Vec<(f64, f64)>,
    /// SVG path data (`d`), ending at the target's border (the arrowhead's tip).
    pub path: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageBand {
    pub stage: Stage,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// Lays out `chain` with the default options for `lang`.
pub fn layout(chain: &Chain, lang: Lang) -> Layout {
    layout_with(
        chain,
        &LayoutOptions {
            lang,
            sweeps: DEFAULT_SWEEPS,
        },
    )
}

/// The label shown for a node: its name in `lang`, else the other name, else its id.
pub(crate) fn node_label(node: &Node, lang: Lang) -> &str {
    let (first, second) = match lang {
        Lang::Zh => (&node.name_zh, &node.name_en),
        Lang::En => (&node.name_en, &node.name_zh),
    };
    [first, second, &node.id]
        .into_iter()
        .find(|s| !s.trim().is_empty())
        .map(|s| s.as_str())
        .unwrap_or("")
}

fn stage_rank(stage: Stage) -> Option<usize> {
    match stage {
        Stage::Upstream => Some(0),
        Stage::Midstream => Some(1),
        Stage::Downstream => Some(2),
        Stage::Supporting => None,
    }
}

const MAIN_STAGES: [Stage; 3] = [Stage::Upstream, Stage::Midstream, Stage::Downstream];

/// An edge whose ends exist.
struct Resolved {
    edge: usize,
    from: usize,
    to: usize,
    kind: EdgeKind,
}

/// A slot in a layer: a node's box, or a point a long edge passes through.
struct Item {
    layer: usize,
    node: Option<usize>,
    h: f64,
}

pub fn layout_with(chain: &Chain, options: &LayoutOptions) -> Layout {
    let n = chain.nodes.len();
    let (wrap_cells, min_w) = match options.lang {
        Lang::Zh => (WRAP_ZH, MIN_W_ZH),
        Lang::En => (WRAP_EN, MIN_W_EN),
    };
    let lines: Vec<Vec<String>> = chain
        .nodes
        .iter()
        .map(|node| wrap(node_label(node, options.lang), wrap_cells))
        .collect();
    let text_w: Vec<f64> = lines
        .iter()
        .map(|ls| {
            ls.iter()
                .map(|l| text_px(l, LABEL_FONT))
                .fold(0.0, f64::max)
        })
        .collect();
    let mut box_h: Vec<f64> = lines
        .iter()
        .map(|ls| 2.0 * PAD_Y + ls.len().max(1) as f64 * LINE_H + BADGE_H)
        .collect();
    let rank: Vec<Option<usize>> = chain.nodes.iter().map(|nd| stage_rank(nd.stage)).collect();

    // ---- resolve edges
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(n);
    for (i, node) in chain.nodes.iter().enumerate() {
        index.entry(node.id.as_str()).or_insert(i);
    }
    let resolved: Vec<Resolved> = chain
        .edges
        .iter()
        .enumerate()
        .filter_map(|(edge, e)| {
            Some(Resolved {
                edge,
                from: *index.get(e.from.as_str())?,
                to: *index.get(e.to.as_str())?,
                kind: e.kind,
            })
        })
        .collect();

    // Boxes with many edges on a side grow so that their ports stay apart.
    let mut side_deg = vec![(0usize, 0usize); n];
    for r in &resolved {
        side_deg[r.from].1 += 1;
        side_deg[r.to].0 += 1;
    }
    for (h, &(left, right)) in box_h.iter_mut().zip(&side_deg) {
        let need = 2.0 * PORT_INSET + (left.max(right) + 1) as f64 * MIN_PORT_GAP;
        *h = h.max(need.ceil());
    }

    // ---- break cycles inside each stage: DFS, edges to a node on the stack are reversed
    let mut intra_out: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    let mut intra_in_deg = vec![0usize; n];
    for (k, r) in resolved.iter().enumerate() {
        if r.from != r.to && rank[r.from].is_some() && rank[r.from] == rank[r.to] {
            intra_out[r.from].push((k, r.to));
            intra_in_deg[r.to] += 1;
        }
    }
    let mut reversed = vec![false; resolved.len()];
    {
        let starts = (0..n)
            .filter(|&i| intra_in_deg[i] == 0)
            .chain((0..n).filter(|&i| intra_in_deg[i] != 0));
        let mut state = vec![0u8; n]; // 0 new, 1 on stack, 2 done
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for s in starts {
            if state[s] != 0 || rank[s].is_none() {
                continue;
            }
            state[s] = 1;
            stack.push((s, 0));
            while let Some(top) = stack.last_mut() {
                let (u, i) = *top;
                if let Some(&(k, v)) = intra_out[u].get(i) {
                    top.1 += 1;
                    match state[v] {
                        0 => {
                            state[v] = 1;
                            stack.push((v, 0));
                        }
                        1 => reversed[k] = true,
                        _ => {}
                    }
                } else {
                    state[u] = 2;
                    stack.pop();
                }
            }
        }
    }

    // ---- sub-layers within each stage: longest path over the remaining intra-stage edges
    let mut sub = vec![0usize; n];
    {
        let mut indeg = vec![0usize; n];
        for list in &intra_out {
            for &(k, v) in list {
                if !reversed[k] {
                    indeg[v] += 1;
                }
            }
        }
        let mut queue: Vec<usize> = (0..n)
            .filter(|&i| rank[i].is_some() && indeg[i] == 0)
            .collect();
        let mut head = 0;
        while let Some(&u) = queue.get(head) {
            head += 1;
            for &(k, v) in &intra_out[u] {
                if reversed[k] {
                    continue;
                }
                sub[v] = sub[v].max(sub[u] + 1);
                indeg[v] -= 1;
                if indeg[v] == 0 {
                    queue.push(v);
                }
            }
        }
    }
    let mut stage_layers = [0usize; 3];
    for i in 0..n {
        if let Some(r) = rank[i] {
            stage_layers[r] = stage_layers[r].max(sub[i] + 1);
        }
    }
    let stage_offset = [0, stage_layers[0], stage_layers[0] + stage_layers[1]];
    let layer_count = stage_layers.iter().sum::<usize>();
    let mut layer_stage = Vec::with_capacity(layer_count);
    for (r, &count) in stage_layers.iter().enumerate() {
        layer_stage.extend(std::iter::repeat_n(r, count));
    }
    let layer: Vec<usize> = (0..n)
        .map(|i| match rank[i] {
            Some(r) => stage_offset[r] + sub[i],
            None => layer_count,
        })
        .collect();

    // ---- classify edges; long forward edges get one dummy item per layer they cross
    let mut items: Vec<Item> = Vec::with_capacity(n);
    let mut node_item = vec![usize::MAX; n];
    for i in 0..n {
        if rank[i].is_some() {
            node_item[i] = items.len();
            items.push(Item {
                layer: layer[i],
                node: Some(i),
                h: box_h[i],
            });
        }
    }
    let mut routes = Vec::with_capacity(resolved.len());
    // For forward edges, the items from source to target.
    let mut chains_of: Vec<Vec<usize>> = Vec::with_capacity(resolved.len());
    for (k, r) in resolved.iter().enumerate() {
        let (a, b) = (r.from, r.to);
        let route = if rank[a].is_none() || rank[b].is_none() {
            Route::Support
        } else if !reversed[k] && layer[b] > layer[a] {
            Route::Forward
        } else {
            Route::Back
        };
        let mut path_items = Vec::new();
        if route == Route::Forward {
            path_items.push(node_item[a]);
            for l in layer[a] + 1..layer[b] {
                path_items.push(items.len());
                items.push(Item {
                    layer: l,
                    node: None,
                    h: 0.0,
                });
            }
            path_items.push(node_item[b]);
        }
        routes.push(route);
        chains_of.push(path_items);
    }
    let item_count = items.len();
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); item_count];
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); item_count];
    for path in &chains_of {
        for pair in path.windows(2) {
            down[pair[0]].push(pair[1]);
            up[pair[1]].push(pair[0]);
        }
    }

    // ---- order within layers: barycenter sweeps, keeping the best order seen
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); layer_count];
    for (it, item) in items.iter().enumerate() {
        if let Some(slot) = order.get_mut(item.layer) {
            slot.push(it);
        }
    }
    let mut pos = vec![0usize; item_count];
    set_positions(&order, &mut pos);
    let mut best_order = order.clone();
    let mut best_cross = total_crossings(&order, &down, &pos);
    for sweep in 0..options.sweeps {
        if best_cross == 0 {
            break;
        }
        if sweep % 2 == 0 {
            for l in 1..layer_count {
                reorder(&mut order, l, &up, &mut pos);
            }
        } else {
            for l in (0..layer_count.saturating_sub(1)).rev() {
                reorder(&mut order, l, &down, &mut pos);
            }
        }
        let cross = total_crossings(&order, &down, &pos);
        if cross < best_cross {
            best_cross = cross;
            best_order.clone_from(&order);
        }
    }
    let order = best_order;
    set_positions(&order, &mut pos);

    // ---- vertical coordinates: centers pulled toward neighbours, order kept, no overlap
    let gap = |a: usize, b: usize| {
        if items[a].node.is_some() && items[b].node.is_some() {
            NODE_GAP
        } else {
            DUMMY_GAP
        }
    };
    let mut center = vec![0.0f64; item_count];
    for layer_items in &order {
        let mut y = 0.0;
        for (k, &it) in layer_items.iter().enumerate() {
            if k > 0 {
                y += gap(layer_items[k - 1], it);
            }
            center[it] = y + items[it].h / 2.0;
            y += items[it].h;
        }
        let shift = y / 2.0;
        for &it in layer_items {
            center[it] -= shift;
        }
    }
    let mut desired = Vec::new();
    let mut weights = Vec::new();
    let mut offsets = Vec::new();
    for round in 0..6 {
        let layers: Vec<usize> = if round % 2 == 0 {
            (0..layer_count).collect()
        } else {
            (0..layer_count).rev().collect()
        };
        for l in layers {
            let layer_items = &order[l];
            desired.clear();
            weights.clear();
            offsets.clear();
            let mut c = 0.0;
            for (k, &it) in layer_items.iter().enumerate() {
                if k > 0 {
                    let prev = layer_items[k - 1];
                    c += items[prev].h / 2.0 + gap(prev, it) + items[it].h / 2.0;
                }
                offsets.push(c);
                let mut sum = 0.0;
                let mut count = 0usize;
                for &nb in up[it].iter().chain(&down[it]) {
                    sum += center[nb];
                    count += 1;
                }
                if count == 0 {
                    desired.push(center[it]);
                    weights.push(0.05);
                } else {
                    desired.push(sum / count as f64);
                    weights.push(if items[it].node.is_some() { 1.0 } else { 2.0 });
                }
            }
            let placed = place_1d(&desired, &weights, &offsets);
            for (&it, y) in layer_items.iter().zip(placed) {
                center[it] = y;
            }
        }
    }
    // Integer tops, then enforce the separation exactly.
    let mut top = vec![0.0f64; item_count];
    for layer_items in &order {
        let mut prev: Option<usize> = None;
        for &it in layer_items {
            let mut t = (center[it] - items[it].h / 2.0).round();
            if let Some(p) = prev {
                t = t.max(top[p] + items[p].h + gap(p, it));
            }
            top[it] = t;
            prev = Some(it);
        }
    }
    let min_top = top.iter().copied().fold(f64::INFINITY, f64::min);
    let min_top = if min_top.is_finite() { min_top } else { 0.0 };
    for t in &mut top {
        *t -= min_top;
    }
    let main_h = (0..item_count)
        .map(|it| top[it] + items[it].h)
        .fold(0.0, f64::max);
    let item_center = |it: usize| top[it] + items[it].h / 2.0;

    // ---- horizontal coordinates of the columns
    let mut layer_w = vec![min_w; layer_count];
    for i in 0..n {
        if let Some(w) = layer_w.get_mut(layer[i]) {
            *w = w.max((text_w[i] + 2.0 * PAD_X).ceil());
        }
    }
    let mut layer_x = Vec::with_capacity(layer_count);
    let mut x = MARGIN_X;
    for l in 0..layer_count {
        if l > 0 {
            x += if layer_stage[l] != layer_stage[l - 1] {
                STAGE_GAP
            } else {
                COL_GAP
            };
        }
        layer_x.push(x);
        x += layer_w[l];
    }
    let main_right = x;

    // ---- node boxes: x of the columns now, y once the lanes above are known
    let mut boxes: Vec<NodeBox> = (0..n)
        .map(|i| NodeBox {
            x: 0.0,
            y: 0.0,
            w: 0.0,
            h: box_h[i],
            layer: layer[i],
            stage: chain.nodes[i].stage,
            lines: lines[i].clone(),
        })
        .collect();
    for i in 0..n {
        if rank[i].is_some() {
            let l = layer[i];
            boxes[i].x = layer_x[l];
            boxes[i].w = layer_w[l];
        }
    }

    // ---- supporting band along the bottom, each node under the nodes it is linked with
    let support: Vec<usize> = (0..n).filter(|&i| rank[i].is_none()).collect();
    let support_w = support
        .iter()
        .map(|&i| (text_w[i] + 2.0 * PAD_X).ceil())
        .fold(min_w, f64::max);
    let mut width = main_right + MARGIN_X;
    if !support.is_empty() {
        let mut wanted: Vec<(usize, Option<f64>)> = support
            .iter()
            .map(|&s| {
                let mut sum = 0.0;
                let mut count = 0usize;
                for r in &resolved {
                    let other = if r.from == s {
                        r.to
                    } else if r.to == s {
                        r.from
                    } else {
                        continue;
                    };
                    if rank[other].is_some() {
                        sum += boxes[other].x + boxes[other].w / 2.0;
                        count += 1;
                    }
                }
                (s, (count > 0).then(|| sum / count as f64))
            })
            .collect();
        wanted.sort_by(|a, b| match (a.1, b.1) {
            (Some(x), Some(y)) => x.total_cmp(&y).then(a.0.cmp(&b.0)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.0.cmp(&b.0),
        });
        let step = support_w + SUPPORT_GAP;
        let mut last = MARGIN_X + support_w / 2.0;
        let desired: Vec<f64> = wanted
            .iter()
            .map(|&(_, want)| {
                if let Some(x) = want {
                    last = x;
                }
                last
            })
            .collect();
        let offsets: Vec<f64> = (0..wanted.len()).map(|k| k as f64 * step).collect();
        let weights = vec![1.0; wanted.len()];
        let centers = place_1d(&desired, &weights, &offsets);
        let first_left = centers.first().map_or(MARGIN_X, |c| c - support_w / 2.0);
        let shift = (MARGIN_X - first_left).max(0.0);
        let mut right = MARGIN_X;
        let mut prev_left = f64::NEG_INFINITY;
        for (&(s, _), c) in wanted.iter().zip(centers) {
            let left = (c - support_w / 2.0 + shift).round().max(prev_left + step);
            prev_left = left;
            boxes[s].x = left;
            boxes[s].w = support_w;
            right = right.max(left + support_w);
        }
        width = width.max(right + MARGIN_X);
    }

    // ---- lanes: horizontal runs above the columns (back edges) or below them (back edges and
    // edges of supporting nodes, one shared trunk per supporting node, direction and kind)
    struct LaneUser {
        members: Vec<usize>,
        above: bool,
        lo: f64,
        hi: f64,
        lane: usize,
    }
    let col_out_x = |l: usize| layer_x.get(l).map_or(MARGIN_X, |x| x + layer_w[l]);
    let col_in_x = |l: usize| layer_x.get(l).copied().unwrap_or(MARGIN_X);
    let mut users: Vec<LaneUser> = Vec::new();
    let mut support_groups: Vec<((usize, bool, EdgeKind), usize)> = Vec::new();
    for (k, r) in resolved.iter().enumerate() {
        match routes[k] {
            Route::Forward => {}
            Route::Back => {
                let mid = (item_center(node_item[r.from]) + item_center(node_item[r.to])) / 2.0;
                users.push(LaneUser {
                    members: vec![k],
                    above: mid <= main_h / 2.0,
                    lo: col_in_x(layer[r.to]) - CHANNEL_PAD,
                    hi: col_out_x(layer[r.from]) + CHANNEL_PAD,
                    lane: 0,
                });
            }
            Route::Support => {
                let outgoing = rank[r.from].is_none();
                let s = if outgoing { r.from } else { r.to };
                let other = if outgoing { r.to } else { r.from };
                let other_x = if rank[other].is_none() {
                    boxes[other].x + boxes[other].w / 2.0
                } else if outgoing {
                    col_in_x(layer[other]) - CHANNEL_PAD
                } else {
                    col_out_x(layer[other]) + CHANNEL_PAD
                };
                let here = boxes[s].x + boxes[s].w / 2.0;
                let (lo, hi) = (other_x.min(here), other_x.max(here));
                let key = (s, outgoing, r.kind);
                match support_groups.iter().find(|(g, _)| *g == key) {
                    Some(&(_, u)) => {
                        if let Some(user) = users.get_mut(u) {
                            user.members.push(k);
                            user.lo = user.lo.min(lo);
                            user.hi = user.hi.max(hi);
                        }
                    }
                    None => {
                        support_groups.push((key, users.len()));
                        users.push(LaneUser {
                            members: vec![k],
                            above: false,
                            lo: boxes[s].x.min(lo),
                            hi: (boxes[s].x + boxes[s].w).max(hi),
                            lane: 0,
                        });
                    }
                }
            }
        }
    }
    let mut by_span: Vec<usize> = (0..users.len()).collect();
    by_span.sort_by(|&a, &b| {
        let (ua, ub) = (&users[a], &users[b]);
        (ua.hi - ua.lo)
            .total_cmp(&(ub.hi - ub.lo))
            .then(ua.members.first().cmp(&ub.members.first()))
    });
    let mut lanes_used = [Vec::<Vec<(f64, f64)>>::new(), Vec::new()];
    for &u in &by_span {
        let user = &mut users[u];
        let side = &mut lanes_used[usize::from(!user.above)];
        let span = (user.lo - 6.0, user.hi + 6.0);
        let free = side
            .iter()
            .position(|lane| lane.iter().all(|&(a, b)| span.1 < a || b < span.0));
        let lane = match free {
            Some(lane) => lane,
            None => {
                side.push(Vec::new());
                side.len() - 1
            }
        };
        if let Some(slot) = side.get_mut(lane) {
            slot.push(span);
        }
        user.lane = lane;
    }
    let lanes_above = lanes_used[0].len();
    let lanes_below = lanes_used[1].len();
    let main_top = TOP
        + HEADING_H
        + if lanes_above > 0 {
            LANE_PAD + lanes_above as f64 * LANE_GAP
        } else {
            0.0
        };
    let main_bottom = main_top + main_h;
    let lane_y = |above: bool, lane: usize| {
        if above {
            main_top - LANE_PAD - lane as f64 * LANE_GAP
        } else {
            main_bottom + LANE_PAD + lane as f64 * LANE_GAP
        }
    };
    let bands_bottom = main_bottom
        + if lanes_below > 0 {
            LANE_PAD + lanes_below as f64 * LANE_GAP
        } else {
            0.0
        }
        + BAND_PAD;
    let mut edge_lane: Vec<f64> = vec![main_bottom; resolved.len()];
    let mut edge_user: Vec<usize> = vec![usize::MAX; resolved.len()];
    for (u, user) in users.iter().enumerate() {
        for &k in &user.members {
            edge_lane[k] = lane_y(user.above, user.lane);
            edge_user[k] = u;
        }
    }
    for i in 0..n {
        if rank[i].is_some() {
            boxes[i].y = top[node_item[i]] + main_top;
        }
    }
    let support_top = bands_bottom + 24.0 + SUPPORT_HEADING_H;
    let mut height = bands_bottom + 8.0;
    let mut bands = Vec::new();
    for (r, &stage) in MAIN_STAGES.iter().enumerate() {
        if stage_layers[r] == 0 {
            continue;
        }
        let first = stage_offset[r];
        let last = first + stage_layers[r] - 1;
        let x0 = layer_x[first] - BAND_PAD;
        let x1 = layer_x[last] + layer_w[last] + BAND_PAD;
        bands.push(StageBand {
            stage,
            x: x0,
            y: TOP,
            w: x1 - x0,
            h: bands_bottom - TOP,
        });
    }
    if !support.is_empty() {
        let band_h = support.iter().map(|&s| box_h[s]).fold(0.0, f64::max);
        for &s in &support {
            boxes[s].y = support_top;
        }
        let band = StageBand {
            stage: Stage::Supporting,
            x: MARGIN_X - BAND_PAD,
            y: bands_bottom + 24.0,
            w: width - 2.0 * (MARGIN_X - BAND_PAD),
            h: SUPPORT_HEADING_H + band_h + BAND_PAD,
        };
        height = band.y + band.h + 8.0;
        bands.push(band);
    }

    // ---- ports: edges leave a column node on its right, enter on its left; supporting nodes
    // are entered and left at the top. Ports on a side are spread and sorted by where the other
    // end of the edge goes, so edges of one node do not cross each other.
    #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    enum Side {
        Left,
        Right,
        Top,
    }
    let mut requests: Vec<(usize, Side, f64, usize, bool)> = Vec::new(); // node, side, key, k, is_start
    for (k, r) in resolved.iter().enumerate() {
        let (a, b) = (r.from, r.to);
        match routes[k] {
            Route::Forward => {
                let path = &chains_of[k];
                let next = path.get(1).map_or(0.0, |&it| item_center(it));
                let prev = path
                    .len()
                    .checked_sub(2)
                    .and_then(|p| path.get(p))
                    .map_or(0.0, |&it| item_center(it));
                requests.push((a, Side::Right, next + main_top, k, true));
                requests.push((b, Side::Left, prev + main_top, k, false));
            }
            Route::Back | Route::Support => {
                let ly = edge_lane[k];
                // On a column node, the lane's y orders the port; on a supporting node, the x of
                // the other end.
                let other_x = |i: usize| boxes[i].x + boxes[i].w / 2.0;
                if rank[a].is_none() {
                    // One port per trunk: the group's edges share their first run.
                    let trunk = users
                        .get(edge_user[k])
                        .map_or(other_x(b), |u| (u.lo + u.hi) / 2.0);
                    requests.push((a, Side::Top, trunk, k, true));
                } else {
                    requests.push((a, Side::Right, ly, k, true));
                }
                if rank[b].is_none() {
                    let trunk = users
                        .get(edge_user[k])
                        .map_or(other_x(a), |u| (u.lo + u.hi) / 2.0);
                    requests.push((b, Side::Top, trunk, k, false));
                } else {
                    requests.push((b, Side::Left, ly, k, false));
                }
            }
        }
    }
    requests.sort_by(|x, y| {
        x.0.cmp(&y.0)
            .then(x.1.cmp(&y.1))
            .then(x.2.total_cmp(&y.2))
            .then(x.3.cmp(&y.3))
            .then(x.4.cmp(&y.4))
    });
    let mut start_pt = vec![(0.0, 0.0); resolved.len()];
    let mut end_pt = vec![(0.0, 0.0); resolved.len()];
    let mut g = 0;
    while g < requests.len() {
        let (node, side) = (requests[g].0, requests[g].1);
        let mut e = g;
        while e < requests.len() && requests[e].0 == node && requests[e].1 == side {
            e += 1;
        }
        // Port slots: one per request, except that on top of a supporting node the edges of
        // one trunk share a slot.
        let group = &requests[g..e];
        let slot_of: Vec<usize> = group
            .iter()
            .scan((usize::MAX, 0usize), |(prev, slot), req| {
                let trunk = edge_user[req.3];
                if side == Side::Top && trunk == *prev && trunk != usize::MAX {
                    Some(*slot - 1)
                } else {
                    *prev = trunk;
                    *slot += 1;
                    Some(*slot - 1)
                }
            })
            .collect();
        let count = slot_of.last().map_or(0, |s| s + 1) as f64;
        let b = &boxes[node];
        for (&slot, req) in slot_of.iter().zip(group) {
            let t = (slot as f64 + 1.0) / (count + 1.0);
            let p = match side {
                Side::Left | Side::Right => {
                    let span = (b.h - 2.0 * PORT_INSET).max(0.0);
                    let x = if side == Side::Left { b.x } else { b.x + b.w };
                    (x, (b.y + PORT_INSET + span * t).round())
                }
                Side::Top => {
                    let span = (b.w - 4.0 * PORT_INSET).max(0.0);
                    ((b.x + 2.0 * PORT_INSET + span * t).round(), b.y)
                }
            };
            if req.4 {
                start_pt[req.3] = p;
            } else {
                end_pt[req.3] = p;
            }
        }
        g = e;
    }

    // ---- channels: the vertical runs of lane-routed edges, in the gap right of a source column
    // or left of a target column; runs nearer their lane go nearer the column so they nest
    // without crossing.
    let mut channel_reqs: Vec<((usize, bool), f64, usize)> = Vec::new(); // (boundary, is_out), key, k
    for (k, r) in resolved.iter().enumerate() {
        if routes[k] == Route::Forward {
            continue;
        }
        let ly = edge_lane[k];
        if rank[r.from].is_some() {
            let dist = (start_pt[k].1 - ly).abs();
            channel_reqs.push(((layer[r.from] + 1, true), dist, k));
        }
        if rank[r.to].is_some() {
            let dist = (end_pt[k].1 - ly).abs();
            channel_reqs.push(((layer[r.to], false), dist, k));
        }
    }
    channel_reqs.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut x_out = vec![0.0; resolved.len()];
    let mut x_in = vec![0.0; resolved.len()];
    let mut g = 0;
    while g < channel_reqs.len() {
        let key = channel_reqs[g].0;
        let mut e = g;
        while e < channel_reqs.len() && channel_reqs[e].0 == key {
            e += 1;
        }
        let (boundary, is_out) = key;
        let gap_w = if boundary == 0 || boundary >= layer_count {
            MARGIN_X
        } else {
            col_in_x(boundary) - col_out_x(boundary - 1)
        };
        let room = (gap_w / 2.0 - CHANNEL_PAD).max(0.0);
        let count = e - g;
        let step = if count > 1 {
            CHANNEL_STEP.min(room / (count - 1) as f64)
        } else {
            0.0
        };
        for (slot, req) in channel_reqs[g..e].iter().enumerate() {
            let off = CHANNEL_PAD + slot as f64 * step;
            if is_out {
                x_out[req.2] = col_out_x(boundary.saturating_sub(1)) + off;
            } else {
                x_in[req.2] = col_in_x(boundary) - off;
            }
        }
        g = e;
    }

    // ---- paths
    let mut edges = Vec::with_capacity(resolved.len());
    for (k, r) in resolved.iter().enumerate() {
        let route = routes[k];
        let (s, t) = (start_pt[k], end_pt[k]);
        let mut points = vec![s];
        let mut d = String::with_capacity(64);
        move_to(&mut d, s);
        match route {
            Route::Forward => {
                let path = &chains_of[k];
                for &it in path.iter().skip(1).take(path.len().saturating_sub(2)) {
                    let l = items[it].layer;
                    let y = item_center(it) + main_top;
                    points.push((layer_x[l], y));
                    points.push((layer_x[l] + layer_w[l], y));
                }
                points.push(t);
                for (j, pair) in points.windows(2).enumerate() {
                    if j % 2 == 1 {
                        d.push('H');
                        push_num(&mut d, pair[1].0);
                    } else {
                        curve_h(&mut d, pair[0], pair[1]);
                    }
                }
            }
            Route::Back | Route::Support => {
                let ly = edge_lane[k];
                if rank[r.from].is_some() {
                    points.push((x_out[k], s.1));
                    points.push((x_out[k], ly));
                } else {
                    points.push((s.0, ly));
                }
                if rank[r.to].is_some() {
                    points.push((x_in[k], ly));
                    points.push((x_in[k], t.1));
                } else {
                    points.push((t.0, ly));
                }
                points.push(t);
                rounded_polyline(&mut d, &points);
            }
        }
        edges.push(EdgePath {
            edge: r.edge,
            from: r.from,
            to: r.to,
            kind: r.kind,
            reversed: route == Route::Back,
            route,
            points,
            path: d,
        });
    }

    Layout {
        width: width.ceil(),
        height: height.ceil(),
        layer_count,
        nodes: boxes,
        edges,
        bands,
    }
}

fn push_pt(d: &mut String, p: (f64, f64)) {
    push_num(d, p.0);
    d.push(',');
    push_num(d, p.1);
}

fn move_to(d: &mut String, p: (f64, f64)) {
    d.push('M');
    push_pt(d, p);
}

/// A cubic from `a` to `b` leaving and arriving horizontally.
fn curve_h(d: &mut String, a: (f64, f64), b: (f64, f64)) {
    let dx = (b.0 - a.0) / 2.0;
    d.push('C');
    push_pt(d, (a.0 + dx, a.1));
    d.push(' ');
    push_pt(d, (b.0 - dx, b.1));
    d.push(' ');
    push_pt(d, b);
}

/// Lines through `points` (after the first, already moved to) with rounded corners.
fn rounded_polyline(d: &mut String, points: &[(f64, f64)]) {
    const R: f64 = 8.0;
    let len = points.len();
    for i in 1..len {
        let p = points[i];
        if i + 1 == len {
            d.push('L');
            push_pt(d, p);
            break;
        }
        let (a, c) = (points[i - 1], points[i + 1]);
        let d_in = ((p.0 - a.0).abs() + (p.1 - a.1).abs()) / 2.0;
        let d_out = ((c.0 - p.0).abs() + (c.1 - p.1).abs()) / 2.0;
        let r = R.min(d_in).min(d_out);
        let before = (p.0 - sign(p.0 - a.0) * r, p.1 - sign(p.1 - a.1) * r);
        let after = (p.0 + sign(c.0 - p.0) * r, p.1 + sign(c.1 - p.1) * r);
        d.push('L');
        push_pt(d, before);
        d.push('Q');
        push_pt(d, p);
        d.push(' ');
        push_pt(d, after);
    }
}

/// -1, 0 or 1 (`f64::signum` gives 1 for 0).
fn sign(v: f64) -> f64 {
    if v > 0.0 {
        1.0
    } else if v < 0.0 {
        -1.0
    } else {
        0.0
    }
}

fn set_positions(order: &[Vec<usize>], pos: &mut [usize]) {
    for layer_items in order {
        for (k, &it) in layer_items.iter().enumerate() {
            pos[it] = k;
        }
    }
}

/// Sorts layer `l` by the mean position of each item's neighbours in `adj` (items without
/// neighbours keep their relative place).
fn reorder(order: &mut [Vec<usize>], l: usize, adj: &[Vec<usize>], pos: &mut [usize]) {
    let Some(layer_items) = order.get(l) else {
        return;
    };
    let mut keyed: Vec<(f64, usize, usize)> = layer_items
        .iter()
        .map(|&it| {
            let list = &adj[it];
            let key = if list.is_empty() {
                pos[it] as f64
            } else {
                list.iter().map(|&nb| pos[nb] as f64).sum::<f64>() / list.len() as f64
            };
            (key, pos[it], it)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    if let Some(slot) = order.get_mut(l) {
        slot.clear();
        slot.extend(keyed.iter().map(|&(_, _, it)| it));
        for (k, &it) in slot.iter().enumerate() {
            pos[it] = k;
        }
    }
}

/// Crossings between consecutive layers for the given order.
fn total_crossings(order: &[Vec<usize>], down: &[Vec<usize>], pos: &[usize]) -> usize {
    let mut total = 0;
    let mut segs: Vec<(usize, usize)> = Vec::new();
    let mut tree: Vec<usize> = Vec::new();
    for l in 0..order.len().saturating_sub(1) {
        segs.clear();
        for &it in &order[l] {
            for &nb in &down[it] {
                segs.push((pos[it], pos[nb]));
            }
        }
        segs.sort_unstable();
        let size = order[l + 1].len() + 1;
        tree.clear();
        tree.resize(size + 1, 0);
        for (seen, &(_, b)) in segs.iter().enumerate() {
            // Number already seen with a target position <= b.
            let mut i = b + 1;
            let mut not_greater = 0;
            while i > 0 {
                not_greater += tree[i];
                i -= i & i.wrapping_neg();
            }
            total += seen - not_greater;
            let mut i = b + 1;
            while i <= size {
                tree[i] += 1;
                i += i & i.wrapping_neg();
            }
        }
    }
    total
}

/// Positions `p_i` as close as possible (weighted least squares) to `desired`, subject to
/// `p_{i+1} - p_i >= offsets_{i+1} - offsets_i` (pool-adjacent-violators on `p_i - offsets_i`).
pub(crate) fn place_1d(desired: &[f64], weights: &[f64], offsets: &[f64]) -> Vec<f64> {
    // Blocks of (weighted sum, weight, count).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::with_capacity(desired.len());
    for ((&want, &w), &off) in desired.iter().zip(weights).zip(offsets) {
        let w = if w.is_finite() && w > 0.0 { w } else { 1.0 };
        let z = if (want - off).is_finite() {
            want - off
        } else {
            0.0
        };
        blocks.push((z * w, w, 1));
        while blocks.len() >= 2 {
            let (s1, w1, c1) = blocks[blocks.len() - 1];
            let (s0, w0, c0) = blocks[blocks.len() - 2];
            if s0 / w0 > s1 / w1 {
                blocks.pop();
                if let Some(last) = blocks.last_mut() {
                    *last = (s0 + s1, w0 + w1, c0 + c1);
                }
            } else {
                break;
            }
        }
    }
    let mut out = Vec::with_capacity(desired.len());
    for (s, w, c) in blocks {
        let z = s / w;
        for _ in 0..c {
            let off = offsets.get(out.len()).copied().unwrap_or(0.0);
            out.push(z + off);
        }
    }
    out
}

/// Number of crossings between the forward edges of `layout`, counted between each pair of
/// adjacent columns from the edges' waypoints (two edges cross when their order at the left
/// column differs from their order at the right one). Back edges and edges to or from the
/// supporting band are not counted.
pub fn crossings(layout: &Layout) -> usize {
    let mut segs: HashMap<(i64, i64), Vec<(f64, f64)>> = HashMap::new();
    for edge in layout.edges.iter().filter(|e| e.route == Route::Forward) {
        for (j, pair) in edge.points.windows(2).enumerate() {
            if j % 2 == 0 {
                let key = (
                    (pair[0].0 * 10.0).round() as i64,
                    (pair[1].0 * 10.0).round() as i64,
                );
                segs.entry(key).or_default().push((pair[0].1, pair[1].1));
            }
        }
    }
    let mut total = 0;
    for list in segs.values() {
        for (i, a) in list.iter().enumerate() {
            for b in &list[i + 1..] {
                if (a.0 - b.0) * (a.1 - b.1) < 0.0 {
                    total += 1;
                }
            }
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_1d_keeps_separation_and_order() {
        let offsets = [0.0, 10.0, 20.0];
        let p = place_1d(&[5.0, 5.0, 5.0], &[1.0; 3], &offsets);
        assert_eq!(p, vec![-5.0, 5.0, 15.0]);
        let p = place_1d(&[0.0, 100.0, 50.0], &[1.0; 3], &offsets);
        assert_eq!(p[0], 0.0);
        assert!(p[2] - p[1] >= 10.0 - 1e-9);
        assert!(place_1d(&[], &[], &[]).is_empty());
    }
}
