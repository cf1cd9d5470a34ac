//! Coordinates: rows (vertical positions of the items in each column), columns (x and width),
//! the boxes, the supporting band and the stage backgrounds.

use super::layering::{ItemGraph, Layering};
use super::{
    BAND_PAD, COL_GAP, DUMMY_GAP, Item, MAIN_STAGES, MARGIN_X, NODE_GAP, NodeBox, PAD_X, Resolved,
    STAGE_GAP, SUPPORT_GAP, SUPPORT_HEADING_H, StageBand, TOP,
};
use liantu_chain::Chain;
use liantu_model::Stage;

/// Vertical positions of the items, relative to the top of the columns.
#[derive(Debug)]
pub(super) struct Rows {
    /// Top of each item (an integer).
    pub top: Vec<f64>,
    /// Centre of each item.
    pub center: Vec<f64>,
    /// Height of the tallest column.
    pub main_h: f64,
}

impl Rows {
    /// Centres pulled toward the neighbours, order kept, no overlap.
    pub fn place(graph: &ItemGraph, order: &[Vec<usize>]) -> Rows {
        let items = &graph.items;
        let mut center = stacked_centers(items, order);
        pull_toward_neighbours(graph, order, &mut center);
        let top = integer_tops(items, order, &center);
        let main_h = (0..items.len())
            .map(|it| top[it] + items[it].h)
            .fold(0.0, f64::max);
        let center = (0..items.len())
            .map(|it| top[it] + items[it].h / 2.0)
            .collect();
        Rows {
            top,
            center,
            main_h,
        }
    }
}

/// Space between two consecutive items of a column.
fn gap(items: &[Item], a: usize, b: usize) -> f64 {
    if items[a].node.is_some() && items[b].node.is_some() {
        NODE_GAP
    } else {
        DUMMY_GAP
    }
}

/// Each column stacked with its gaps and centred on 0.
fn stacked_centers(items: &[Item], order: &[Vec<usize>]) -> Vec<f64> {
    let mut center = vec![0.0f64; items.len()];
    for layer_items in order {
        let mut y = 0.0;
        for (k, &it) in layer_items.iter().enumerate() {
            if k > 0 {
                y += gap(items, layer_items[k - 1], it);
            }
            center[it] = y + items[it].h / 2.0;
            y += items[it].h;
        }
        let shift = y / 2.0;
        for &it in layer_items {
            center[it] -= shift;
        }
    }
    center
}

/// Six rounds over the columns (left to right, then back): each column's centres move as close as
/// possible (weighted least squares) to the mean centre of their neighbours, keeping order and
/// gaps.
fn pull_toward_neighbours(graph: &ItemGraph, order: &[Vec<usize>], center: &mut [f64]) {
    let (items, up, down) = (&graph.items, &graph.up, &graph.down);
    let layer_count = order.len();
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
                    c += items[prev].h / 2.0 + gap(items, prev, it) + items[it].h / 2.0;
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
}

/// Integer tops, the separation then enforced exactly, shifted so that the highest top is 0.
fn integer_tops(items: &[Item], order: &[Vec<usize>], center: &[f64]) -> Vec<f64> {
    let mut top = vec![0.0f64; items.len()];
    for layer_items in order {
        let mut prev: Option<usize> = None;
        for &it in layer_items {
            let mut t = (center[it] - items[it].h / 2.0).round();
            if let Some(p) = prev {
                t = t.max(top[p] + items[p].h + gap(items, p, it));
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
    top
}

/// Horizontal placement of the columns.
#[derive(Debug)]
pub(super) struct Columns {
    pub x: Vec<f64>,
    pub w: Vec<f64>,
    /// Right edge of the last column (the left margin when there is none).
    pub right: f64,
}

impl Columns {
    /// Each column as wide as its widest label (at least `min_w`); a wider gap between stages.
    pub fn place(layering: &Layering, text_w: &[f64], min_w: f64) -> Columns {
        let layer_count = layering.layer_count;
        let mut w = vec![min_w; layer_count];
        for (i, &l) in layering.layer.iter().enumerate() {
            if let Some(col_w) = w.get_mut(l) {
                *col_w = col_w.max((text_w[i] + 2.0 * PAD_X).ceil());
            }
        }
        let mut xs = Vec::with_capacity(layer_count);
        let mut x = MARGIN_X;
        for (l, &col_w) in w.iter().enumerate() {
            if l > 0 {
                x += if layering.layer_stage[l] != layering.layer_stage[l - 1] {
                    STAGE_GAP
                } else {
                    COL_GAP
                };
            }
            xs.push(x);
            x += col_w;
        }
        Columns { x: xs, w, right: x }
    }

    /// Right side of column `l` (the left margin past the columns).
    pub fn out_x(&self, l: usize) -> f64 {
        self.x.get(l).map_or(MARGIN_X, |x| x + self.w[l])
    }

    /// Left side of column `l` (the left margin past the columns).
    pub fn in_x(&self, l: usize) -> f64 {
        self.x.get(l).copied().unwrap_or(MARGIN_X)
    }
}

/// One box per node: column nodes get their column's x and width now, every box its y later
/// (once the lanes above the columns are known), supporting nodes their x in the band.
pub(super) fn column_boxes(
    chain: &Chain,
    lines: Vec<Vec<String>>,
    box_h: &[f64],
    layering: &Layering,
    columns: &Columns,
) -> Vec<NodeBox> {
    let mut boxes: Vec<NodeBox> = chain
        .nodes
        .iter()
        .zip(lines)
        .enumerate()
        .map(|(i, (node, lines))| NodeBox {
            x: 0.0,
            y: 0.0,
            w: 0.0,
            h: box_h[i],
            layer: layering.layer[i],
            stage: node.stage,
            lines,
        })
        .collect();
    for (i, b) in boxes.iter_mut().enumerate() {
        if layering.in_column(i) {
            let l = layering.layer[i];
            b.x = columns.x[l];
            b.w = columns.w[l];
        }
    }
    boxes
}

/// Places the `support` nodes side by side in the bottom band, each as near as it can be to the
/// mean x of the column nodes it is linked with. Returns the band's right edge (`None`: no
/// supporting node).
pub(super) fn place_support_band(
    boxes: &mut [NodeBox],
    support: &[usize],
    layering: &Layering,
    resolved: &[Resolved],
    text_w: &[f64],
    min_w: f64,
) -> Option<f64> {
    if support.is_empty() {
        return None;
    }
    let support_w = support
        .iter()
        .map(|&i| (text_w[i] + 2.0 * PAD_X).ceil())
        .fold(min_w, f64::max);
    let mut wanted: Vec<(usize, Option<f64>)> = support
        .iter()
        .map(|&s| (s, linked_mean_x(boxes, s, layering, resolved)))
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
    Some(right)
}

/// Mean centre x of the column nodes linked with supporting node `s` (`None`: none).
fn linked_mean_x(
    boxes: &[NodeBox],
    s: usize,
    layering: &Layering,
    resolved: &[Resolved],
) -> Option<f64> {
    let mut sum = 0.0;
    let mut count = 0usize;
    for r in resolved {
        let other = if r.from == s {
            r.to
        } else if r.to == s {
            r.from
        } else {
            continue;
        };
        if layering.in_column(other) {
            sum += boxes[other].x + boxes[other].w / 2.0;
            count += 1;
        }
    }
    (count > 0).then(|| sum / count as f64)
}

/// Sets the y of the column nodes, the columns starting at `main_top`.
pub(super) fn set_column_rows(
    boxes: &mut [NodeBox],
    layering: &Layering,
    graph: &ItemGraph,
    rows: &Rows,
    main_top: f64,
) {
    for (i, b) in boxes.iter_mut().enumerate() {
        if layering.in_column(i) {
            b.y = rows.top[graph.node_item[i]] + main_top;
        }
    }
}

/// The background of each main stage that has columns, reaching down to `bands_bottom`.
pub(super) fn stage_bands(
    layering: &Layering,
    columns: &Columns,
    bands_bottom: f64,
) -> Vec<StageBand> {
    let mut bands = Vec::new();
    for (r, &stage) in MAIN_STAGES.iter().enumerate() {
        if layering.stage_layers[r] == 0 {
            continue;
        }
        let first = layering.stage_offset[r];
        let last = first + layering.stage_layers[r] - 1;
        let x0 = columns.x[first] - BAND_PAD;
        let x1 = columns.x[last] + columns.w[last] + BAND_PAD;
        bands.push(StageBand {
            stage,
            x: x0,
            y: TOP,
            w: x1 - x0,
            h: bands_bottom - TOP,
        });
    }
    bands
}

/// The supporting band under the stage backgrounds, as wide as the map; sets the y of the
/// `support` nodes in it. `None` when there is no supporting node.
pub(super) fn support_band(
    boxes: &mut [NodeBox],
    support: &[usize],
    bands_bottom: f64,
    width: f64,
) -> Option<StageBand> {
    if support.is_empty() {
        return None;
    }
    let band_h = support.iter().map(|&s| boxes[s].h).fold(0.0, f64::max);
    let support_top = bands_bottom + 24.0 + SUPPORT_HEADING_H;
    for &s in support {
        boxes[s].y = support_top;
    }
    Some(StageBand {
        stage: Stage::Supporting,
        x: MARGIN_X - BAND_PAD,
        y: bands_bottom + 24.0,
        w: width - 2.0 * (MARGIN_X - BAND_PAD),
        h: SUPPORT_HEADING_H + band_h + BAND_PAD,
    })
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
