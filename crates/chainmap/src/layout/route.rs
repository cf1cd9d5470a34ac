//! Edge routing: lanes above or below the columns for back edges and supporting-node edges,
//! ports on the box sides, the vertical channels of lane-routed edges, then the SVG paths.

use super::coords::{Columns, Rows};
use super::layering::{ItemGraph, Layering};
use super::{
    BAND_PAD, CHANNEL_PAD, CHANNEL_STEP, EdgePath, HEADING_H, LANE_GAP, LANE_PAD, MARGIN_X,
    NodeBox, PORT_INSET, Resolved, Route, TOP,
};
use crate::text::push_num;
use liantu_model::EdgeKind;

/// What edge routing reads: the edges, the columns and the rows, all fixed by now.
pub(super) struct Frame<'a> {
    pub resolved: &'a [Resolved],
    pub layering: &'a Layering,
    pub graph: &'a ItemGraph,
    pub rows: &'a Rows,
    pub columns: &'a Columns,
}

/// Horizontal runs shared by back edges (one each) and supporting-node edges (one trunk per
/// supporting node, direction and kind).
#[derive(Debug)]
struct LaneUser {
    /// Indices in `resolved`.
    members: Vec<usize>,
    above: bool,
    lo: f64,
    hi: f64,
    lane: usize,
}

/// The lanes, and where they put the columns.
pub(super) struct Lanes {
    users: Vec<LaneUser>,
    /// Per resolved edge: the y of its lane (`main_bottom` for forward edges).
    edge_lane: Vec<f64>,
    /// Per resolved edge: its index in `users` (`usize::MAX` for forward edges).
    edge_user: Vec<usize>,
    /// Top of the columns, below the headings and the lanes above.
    pub main_top: f64,
    /// Bottom of the stage backgrounds, below the lanes under the columns.
    pub bands_bottom: f64,
}

impl Lanes {
    /// Centre x of the trunk the edge's lane user runs along.
    fn trunk_x(&self, k: usize) -> Option<f64> {
        self.users
            .get(self.edge_user[k])
            .map(|u| (u.lo + u.hi) / 2.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    Left,
    Right,
    Top,
}

/// An edge end asking for a port on a side of a box.
#[derive(Debug)]
struct PortRequest {
    node: usize,
    side: Side,
    /// Where the edge goes from here; ports on a side are sorted by it.
    key: f64,
    /// Index in `resolved`.
    edge: usize,
    is_start: bool,
}

/// Start and end point of each resolved edge on the borders of its boxes.
pub(super) struct Ports {
    start: Vec<(f64, f64)>,
    end: Vec<(f64, f64)>,
}

/// x of the vertical run of each lane-routed edge next to its source and its target column.
pub(super) struct Channels {
    x_out: Vec<f64>,
    x_in: Vec<f64>,
}

impl Frame<'_> {
    /// Lanes: horizontal runs above the columns (back edges) or below them (back edges and
    /// edges of supporting nodes), packed so that runs that do not overlap share a lane.
    pub fn lanes(&self, boxes: &[NodeBox]) -> Lanes {
        let mut users = self.lane_users(boxes);
        let [lanes_above, lanes_below] = pack_lanes(&mut users);
        let main_top = TOP
            + HEADING_H
            + if lanes_above > 0 {
                LANE_PAD + lanes_above as f64 * LANE_GAP
            } else {
                0.0
            };
        let main_bottom = main_top + self.rows.main_h;
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
        let mut edge_lane: Vec<f64> = vec![main_bottom; self.resolved.len()];
        let mut edge_user: Vec<usize> = vec![usize::MAX; self.resolved.len()];
        for (u, user) in users.iter().enumerate() {
            for &k in &user.members {
                edge_lane[k] = lane_y(user.above, user.lane);
                edge_user[k] = u;
            }
        }
        Lanes {
            users,
            edge_lane,
            edge_user,
            main_top,
            bands_bottom,
        }
    }

    /// One lane user per back edge (above or below, whichever is nearer) and per trunk of a
    /// supporting node (below), with the x span each needs; lanes not yet assigned.
    fn lane_users(&self, boxes: &[NodeBox]) -> Vec<LaneUser> {
        let (layering, columns) = (self.layering, self.columns);
        let center = &self.rows.center;
        let node_item = &self.graph.node_item;
        let mut users: Vec<LaneUser> = Vec::new();
        let mut support_groups: Vec<((usize, bool, EdgeKind), usize)> = Vec::new();
        for (k, r) in self.resolved.iter().enumerate() {
            match self.graph.routes[k] {
                Route::Forward => {}
                Route::Back => {
                    let mid = (center[node_item[r.from]] + center[node_item[r.to]]) / 2.0;
                    users.push(LaneUser {
                        members: vec![k],
                        above: mid <= self.rows.main_h / 2.0,
                        lo: columns.in_x(layering.layer[r.to]) - CHANNEL_PAD,
                        hi: columns.out_x(layering.layer[r.from]) + CHANNEL_PAD,
                        lane: 0,
                    });
                }
                Route::Support => {
                    let outgoing = !layering.in_column(r.from);
                    let s = if outgoing { r.from } else { r.to };
                    let other = if outgoing { r.to } else { r.from };
                    let other_x = if !layering.in_column(other) {
                        boxes[other].x + boxes[other].w / 2.0
                    } else if outgoing {
                        columns.in_x(layering.layer[other]) - CHANNEL_PAD
                    } else {
                        columns.out_x(layering.layer[other]) + CHANNEL_PAD
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
        users
    }

    /// Ports: edges leave a column node on its right and enter on its left; supporting nodes
    /// are entered and left at the top. Ports on a side are spread and sorted by where the
    /// other end of the edge goes, so edges of one node do not cross each other.
    pub fn ports(&self, boxes: &[NodeBox], lanes: &Lanes) -> Ports {
        let mut requests = self.port_requests(boxes, lanes);
        requests.sort_by(|x, y| {
            x.node
                .cmp(&y.node)
                .then(x.side.cmp(&y.side))
                .then(x.key.total_cmp(&y.key))
                .then(x.edge.cmp(&y.edge))
                .then(x.is_start.cmp(&y.is_start))
        });
        let mut ports = Ports {
            start: vec![(0.0, 0.0); self.resolved.len()],
            end: vec![(0.0, 0.0); self.resolved.len()],
        };
        for group in requests.chunk_by(|a, b| a.node == b.node && a.side == b.side) {
            spread_ports(group, &boxes[group[0].node], lanes, &mut ports);
        }
        ports
    }

    /// Two requests per edge, one at each end.
    fn port_requests(&self, boxes: &[NodeBox], lanes: &Lanes) -> Vec<PortRequest> {
        let center = &self.rows.center;
        let main_top = lanes.main_top;
        let mut requests: Vec<PortRequest> = Vec::new();
        let mut request = |node, side, key, edge, is_start| {
            requests.push(PortRequest {
                node,
                side,
                key,
                edge,
                is_start,
            });
        };
        for (k, r) in self.resolved.iter().enumerate() {
            let (a, b) = (r.from, r.to);
            match self.graph.routes[k] {
                Route::Forward => {
                    let path = &self.graph.paths[k];
                    let next = path.get(1).map_or(0.0, |&it| center[it]);
                    let prev = path
                        .len()
                        .checked_sub(2)
                        .and_then(|p| path.get(p))
                        .map_or(0.0, |&it| center[it]);
                    request(a, Side::Right, next + main_top, k, true);
                    request(b, Side::Left, prev + main_top, k, false);
                }
                Route::Back | Route::Support => {
                    let ly = lanes.edge_lane[k];
                    // On a column node, the lane's y orders the port; on a supporting node, the
                    // x of the other end (one port per trunk: the group's edges share their
                    // first run).
                    let other_x = |i: usize| boxes[i].x + boxes[i].w / 2.0;
                    if self.layering.in_column(a) {
                        request(a, Side::Right, ly, k, true);
                    } else {
                        let trunk = lanes.trunk_x(k).unwrap_or_else(|| other_x(b));
                        request(a, Side::Top, trunk, k, true);
                    }
                    if self.layering.in_column(b) {
                        request(b, Side::Left, ly, k, false);
                    } else {
                        let trunk = lanes.trunk_x(k).unwrap_or_else(|| other_x(a));
                        request(b, Side::Top, trunk, k, false);
                    }
                }
            }
        }
        requests
    }

    /// Channels: the vertical runs of lane-routed edges, in the gap right of a source column
    /// or left of a target column; runs nearer their lane go nearer the column so they nest
    /// without crossing.
    pub fn channels(&self, lanes: &Lanes, ports: &Ports) -> Channels {
        let (layering, columns) = (self.layering, self.columns);
        // ((boundary, is_out), distance to the lane, edge)
        let mut requests: Vec<((usize, bool), f64, usize)> = Vec::new();
        for (k, r) in self.resolved.iter().enumerate() {
            if self.graph.routes[k] == Route::Forward {
                continue;
            }
            let ly = lanes.edge_lane[k];
            if layering.in_column(r.from) {
                let dist = (ports.start[k].1 - ly).abs();
                requests.push(((layering.layer[r.from] + 1, true), dist, k));
            }
            if layering.in_column(r.to) {
                let dist = (ports.end[k].1 - ly).abs();
                requests.push(((layering.layer[r.to], false), dist, k));
            }
        }
        requests.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
        let mut channels = Channels {
            x_out: vec![0.0; self.resolved.len()],
            x_in: vec![0.0; self.resolved.len()],
        };
        for group in requests.chunk_by(|a, b| a.0 == b.0) {
            let (boundary, is_out) = group[0].0;
            let gap_w = if boundary == 0 || boundary >= layering.layer_count {
                MARGIN_X
            } else {
                columns.in_x(boundary) - columns.out_x(boundary - 1)
            };
            let room = (gap_w / 2.0 - CHANNEL_PAD).max(0.0);
            let count = group.len();
            let step = if count > 1 {
                CHANNEL_STEP.min(room / (count - 1) as f64)
            } else {
                0.0
            };
            for (slot, req) in group.iter().enumerate() {
                let off = CHANNEL_PAD + slot as f64 * step;
                if is_out {
                    channels.x_out[req.2] = columns.out_x(boundary.saturating_sub(1)) + off;
                } else {
                    channels.x_in[req.2] = columns.in_x(boundary) - off;
                }
            }
        }
        channels
    }

    /// The drawn edges, in `resolved` order: forward edges as Béziers through their points in
    /// the columns between, the others along their lane with rounded corners.
    pub fn paths(&self, lanes: &Lanes, ports: &Ports, channels: &Channels) -> Vec<EdgePath> {
        let (items, columns) = (&self.graph.items, self.columns);
        let mut edges = Vec::with_capacity(self.resolved.len());
        for (k, r) in self.resolved.iter().enumerate() {
            let route = self.graph.routes[k];
            let (s, t) = (ports.start[k], ports.end[k]);
            let mut points = vec![s];
            let mut d = String::with_capacity(64);
            move_to(&mut d, s);
            match route {
                Route::Forward => {
                    let path = &self.graph.paths[k];
                    for &it in path.iter().skip(1).take(path.len().saturating_sub(2)) {
                        let l = items[it].layer;
                        let y = self.rows.center[it] + lanes.main_top;
                        points.push((columns.x[l], y));
                        points.push((columns.x[l] + columns.w[l], y));
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
                    let ly = lanes.edge_lane[k];
                    if self.layering.in_column(r.from) {
                        points.push((channels.x_out[k], s.1));
                        points.push((channels.x_out[k], ly));
                    } else {
                        points.push((s.0, ly));
                    }
                    if self.layering.in_column(r.to) {
                        points.push((channels.x_in[k], ly));
                        points.push((channels.x_in[k], t.1));
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
        edges
    }
}

/// Assigns each user the first lane on its side that is free over its span, shortest spans
/// first. Returns the number of lanes above and below.
fn pack_lanes(users: &mut [LaneUser]) -> [usize; 2] {
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
    [lanes_used[0].len(), lanes_used[1].len()]
}

/// Spreads the ports of one side of box `b` (`group`, sorted): one slot per request, except
/// that on top of a supporting node the edges of one trunk share a slot.
fn spread_ports(group: &[PortRequest], b: &NodeBox, lanes: &Lanes, ports: &mut Ports) {
    let side = group[0].side;
    let slot_of: Vec<usize> = group
        .iter()
        .scan((usize::MAX, 0usize), |(prev, slot), req| {
            let trunk = lanes.edge_user[req.edge];
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
        if req.is_start {
            ports.start[req.edge] = p;
        } else {
            ports.end[req.edge] = p;
        }
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
