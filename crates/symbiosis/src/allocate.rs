//! Optimal allocation: the LP (or MIP) over the profitable candidate pairs, and the accounting
//! of its solution — flows, value per exchange, shadow prices, what is left, avoided CO2,
//! avoided disposal and virgin material, per park and per enterprise.
//!
//! LP: maximise Σₖ vₖ xₖ (− Σₖ Fₖ yₖ in the MIP) where xₖ ≥ 0 is the flow of pair k in offer base
//! units and vₖ = disposal cost avoided + yield × virgin price − transport (元 per unit), subject
//! to Σₖ∈offer i xₖ ≤ Sᵢ, Σₖ∈need j yieldₖ xₖ ≤ Dⱼ, and Σₖ∈need j yieldₖ xₖ ≥ minⱼ where a need
//! states a minimum intake. MIP: yₖ ∈ {0,1}, xₖ ≤ Uₖ yₖ, xₖ ≥ Lₖ yₖ with Uₖ = min(Sᵢ, Dⱼ/yieldₖ)
//! and Lₖ the offer's minimum exchange size.

use crate::catalog::{EmissionFactor, Kind};
use crate::instance::Model;
use crate::lp::{Direction, LpError, LpModel, lp_safe};
use crate::matching::Candidate;
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::Instant;

const EPS: f64 = 1e-7;

/// The optimisation model built from a validated instance.
#[derive(Clone, Debug)]
pub struct Built {
    pub lp: LpModel,
    /// column k < candidates.len() is the flow of candidate k
    pub candidates: Vec<Candidate>,
    pub offer_row: Vec<Option<usize>>,
    pub need_row: Vec<Option<usize>>,
    pub min_row: Vec<Option<usize>>,
    pub mip: bool,
    /// MIP: (candidate, column of its on/off variable)
    pub switches: Vec<(usize, usize)>,
    pub seconds_matching: f64,
    pub seconds_build: f64,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SolveError {
    #[error("{}", .0.join("\n"))]
    Infeasible(Vec<String>),
    #[error(transparent)]
    Lp(#[from] LpError),
}

#[derive(Clone, Debug, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = SymbiosisReport))]
pub struct Report {
    pub name: String,
    pub illustrative: bool,
    /// "lp" or "mip"
    pub model: &'static str,
    pub status: &'static str,
    /// net benefit, 元 per year
    pub objective: f64,
    pub totals: Totals,
    pub exchanges: Vec<Exchange>,
    pub offers: Vec<OfferResult>,
    pub needs: Vec<NeedResult>,
    pub parks: Vec<ParkResult>,
    pub enterprises: Vec<EnterpriseResult>,
    pub emission_factors: Vec<EmissionFactor>,
    pub stats: Stats,
}

impl Report {
    /// The solver's status as people say it: (中文, English).
    pub fn status_text(&self) -> (&'static str, &'static str) {
        match self.status {
            "optimal" => ("最优解", "optimal"),
            _ => ("未求得最优解", "not optimal"),
        }
    }
}

#[derive(Clone, Debug, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Totals {
    pub exchanges: usize,
    pub net_benefit: f64,
    pub avoided_disposal_cost: f64,
    pub avoided_virgin_cost: f64,
    pub transport_cost: f64,
    pub fixed_cost: f64,
    pub co2_avoided_t: f64,
    pub avoided_disposal_t: f64,
    pub avoided_virgin_t: f64,
    pub heat_exchanged_gj: f64,
    pub water_reused_m3: f64,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Exchange {
    pub offer: String,
    pub need: String,
    pub from: String,
    pub to: String,
    pub from_park: Option<String>,
    pub to_park: Option<String>,
    pub class: String,
    pub need_class: String,
    /// declared conversion used (cascade), if any
    pub conversion: Option<String>,
    /// offer base units per year
    pub quantity: f64,
    pub unit: String,
    /// need base units per year
    pub delivered: f64,
    pub delivered_unit: String,
    pub mode: String,
    pub distance_km: f64,
    pub hazardous: Option<String>,
    pub value_per_unit: f64,
    pub avoided_disposal_cost: f64,
    pub avoided_virgin_cost: f64,
    pub transport_cost: f64,
    pub fixed_cost: f64,
    pub net_value: f64,
    pub co2_avoided_t: f64,
    pub emission_factor: String,
    pub avoided_disposal_t: Option<f64>,
    pub avoided_virgin_t: Option<f64>,
    pub reason_zh: String,
    pub reason_en: String,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferResult {
    pub id: String,
    pub enterprise: String,
    pub class: String,
    pub quantity: f64,
    pub unit: String,
    pub used: f64,
    pub left: f64,
    /// 元 per unit: what one more unit of this offer would add (LP only)
    pub shadow_price: Option<f64>,
    /// fully used and worth more than it is
    pub scarce: bool,
    pub candidate_pairs: usize,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NeedResult {
    pub id: String,
    pub enterprise: String,
    pub class: String,
    pub quantity: f64,
    pub unit: String,
    pub met: f64,
    pub unmet: f64,
    pub min_intake: f64,
    /// 元 per unit: what one more unit of this need's capacity would add (LP only)
    pub shadow_price: Option<f64>,
    /// for an unmet need: the best net value (元 per unit of the need) a compatible offer would
    /// bring per extra unit delivered — what its unmet part is worth to the park
    pub value_if_supplied: Option<f64>,
    pub candidate_pairs: usize,
}

#[derive(Clone, Debug, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParkResult {
    /// offering enterprise's park; null = outside any park
    pub park: Option<String>,
    pub exchanges: usize,
    pub net_benefit: f64,
    pub co2_avoided_t: f64,
    pub avoided_disposal_t: f64,
    pub avoided_virgin_t: f64,
}

#[derive(Clone, Debug, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnterpriseResult {
    pub id: String,
    pub name: String,
    pub park: Option<String>,
    pub heat_offered_gj: f64,
    pub heat_recovered_gj: f64,
    /// recovered ÷ offered waste heat (null when none offered)
    pub waste_heat_recovery: Option<f64>,
    pub water_needed_m3: f64,
    pub water_reused_m3: f64,
    /// reused water received ÷ water needed
    pub water_reuse_rate: Option<f64>,
    pub solid_waste_offered_t: f64,
    pub solid_waste_used_t: f64,
    /// solid (and liquid) waste used ÷ offered, by mass
    pub solid_waste_utilisation: Option<f64>,
}

#[derive(Clone, Debug, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stats {
    pub offers: usize,
    pub needs: usize,
    pub candidate_pairs: usize,
    pub lp_columns: usize,
    pub lp_rows: usize,
    pub seconds_matching: f64,
    pub seconds_build: f64,
    pub seconds_solver: f64,
    pub seconds_report: f64,
}

impl<'c> Model<'c> {
    /// Matches and builds the LP (or MIP when `mip`).
    pub fn build(&self, mip: bool) -> Built {
        let t0 = Instant::now();
        let candidates = self.candidates();
        let seconds_matching = t0.elapsed().as_secs_f64();
        let t1 = Instant::now();
        let mut lp = LpModel::new(Direction::Maximise);
        let mut offer_row = vec![None; self.offers.len()];
        let mut need_row = vec![None; self.needs.len()];
        let mut min_row = vec![None; self.needs.len()];
        for c in &candidates {
            offer_row[c.offer as usize] = Some(0);
            need_row[c.need as usize] = Some(0);
        }
        for (i, r) in offer_row.iter_mut().enumerate() {
            if r.is_some() {
                *r = Some(lp.add_row(f64::NEG_INFINITY, self.offers[i].quantity));
            }
        }
        for (j, r) in need_row.iter_mut().enumerate() {
            if r.is_some() {
                *r = Some(lp.add_row(f64::NEG_INFINITY, self.needs[j].quantity));
            }
        }
        for (j, n) in self.needs.iter().enumerate() {
            if n.min_intake > 0.0 {
                min_row[j] = Some(lp.add_row(n.min_intake, f64::INFINITY));
            }
        }
        // MIP linking rows first (column-wise model: rows before columns).
        let mut link: Vec<Option<(usize, Option<usize>)>> = vec![None; candidates.len()];
        if mip {
            for (k, c) in candidates.iter().enumerate() {
                let o = &self.offers[c.offer as usize];
                if o.fixed_cost > 0.0 || o.min_exchange > 0.0 {
                    let hi = lp.add_row(f64::NEG_INFINITY, 0.0);
                    let lo = (o.min_exchange > 0.0).then(|| lp.add_row(0.0, f64::INFINITY));
                    link[k] = Some((hi, lo));
                }
            }
        }
        let mut entries = Vec::with_capacity(5);
        for (k, c) in candidates.iter().enumerate() {
            entries.clear();
            entries.push((offer_row[c.offer as usize].unwrap_or(0), 1.0));
            entries.push((need_row[c.need as usize].unwrap_or(0), c.yield_));
            if let Some(r) = min_row[c.need as usize] {
                entries.push((r, c.yield_));
            }
            if let Some((hi, lo)) = link[k] {
                entries.push((hi, 1.0));
                if let Some(lo) = lo {
                    entries.push((lo, 1.0));
                }
            }
            lp.add_col(c.value_per_unit, 0.0, f64::INFINITY, false, &entries);
        }
        // MIP on/off switches: x_k − U y_k ≤ 0 and x_k − L y_k ≥ 0.
        let mut switches = Vec::new();
        for (k, c) in candidates.iter().enumerate() {
            let Some((hi, lo)) = link[k] else { continue };
            let o = &self.offers[c.offer as usize];
            let n = &self.needs[c.need as usize];
            let upper = o.quantity.min(n.quantity / c.yield_);
            entries.clear();
            entries.push((hi, -upper));
            if let Some(lo) = lo {
                entries.push((lo, -o.min_exchange));
            }
            let y = lp.add_col(-o.fixed_cost, 0.0, 1.0, true, &entries);
            switches.push((k, y));
        }
        Built {
            lp,
            candidates,
            offer_row,
            need_row,
            min_row,
            mip,
            switches,
            seconds_matching,
            seconds_build: t1.elapsed().as_secs_f64(),
        }
    }

    /// Match, build, solve, account. `mip` overrides the instance's `options.mip` when given.
    pub fn solve(&self, mip: Option<bool>) -> Result<Report, SolveError> {
        let built = self.build(mip.unwrap_or(self.instance.options.mip));
        built.solve(self)
    }
}

impl Built {
    /// The model in CPLEX LP format, with names from the instance's ids.
    pub fn write_lp(&self, model: &Model) -> String {
        let mut row_names = vec![String::new(); self.lp.num_rows()];
        for (i, r) in self.offer_row.iter().enumerate() {
            if let Some(r) = r {
                row_names[*r] = format!("offer{i}_{}", lp_safe(&model.instance.offers[i].id, 24));
            }
        }
        for (j, r) in self.need_row.iter().enumerate() {
            if let Some(r) = r {
                row_names[*r] = format!("need{j}_{}", lp_safe(&model.instance.needs[j].id, 24));
            }
        }
        for (j, r) in self.min_row.iter().enumerate() {
            if let Some(r) = r {
                row_names[*r] = format!("min{j}_{}", lp_safe(&model.instance.needs[j].id, 24));
            }
        }
        for (r, name) in row_names.iter_mut().enumerate() {
            if name.is_empty() {
                *name = format!("link{r}");
            }
        }
        let col_names = self.column_names(model);
        let title = format!(
            "liantu symbiosis allocation: {}\nmaximise net benefit (yuan/yr); x = flow in offer base units per year",
            model.instance.name.replace('\n', " ")
        );
        self.lp
            .write_lp(&title, &|k| col_names[k].clone(), &|r| row_names[r].clone())
    }

    /// LP-legal column names: `x{k}_{offer}_{need}` for flows, `y{k}` for MIP switches.
    pub fn column_names(&self, model: &Model) -> Vec<String> {
        let n_flow = self.candidates.len();
        (0..self.lp.num_cols())
            .map(|k| {
                if k < n_flow {
                    let c = &self.candidates[k];
                    format!(
                        "x{k}_{}_{}",
                        lp_safe(&model.instance.offers[c.offer as usize].id, 16),
                        lp_safe(&model.instance.needs[c.need as usize].id, 16)
                    )
                } else {
                    format!("y{k}")
                }
            })
            .collect()
    }

    /// Explains, before solving, needs whose minimum intake cannot be met.
    fn precheck(&self, model: &Model) -> Vec<String> {
        let mut reach = vec![0.0; model.needs.len()];
        for c in &self.candidates {
            reach[c.need as usize] += c.yield_ * model.offers[c.offer as usize].quantity;
        }
        let mut out = Vec::new();
        for (j, n) in model.needs.iter().enumerate() {
            if n.min_intake > 0.0 && reach[j] + EPS < n.min_intake {
                let unit = model.catalog.classes[n.class as usize].base_unit;
                out.push(format!(
                    "模型不可行：需求 {} 至少要接收 {:.3} {unit}，但所有相容供给合计最多 {:.3} {unit} / the model is infeasible: need {} must take at least {:.3} {unit}, but all compatible offers together can supply at most {:.3} {unit}",
                    model.instance.needs[j].id, n.min_intake, reach[j],
                    model.instance.needs[j].id, n.min_intake, reach[j]
                ));
            }
        }
        out
    }

    pub fn solve(&self, model: &Model) -> Result<Report, SolveError> {
        let pre = self.precheck(model);
        if !pre.is_empty() {
            return Err(SolveError::Infeasible(pre));
        }
        let sol = match self.lp.solve(model.instance.options.time_limit_s) {
            Ok(s) => s,
            Err(LpError::Infeasible) if self.min_row.iter().any(Option::is_some) => {
                let names: Vec<&str> = self
                    .min_row
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.is_some())
                    .map(|(j, _)| model.instance.needs[j].id.as_str())
                    .collect();
                return Err(SolveError::Infeasible(vec![format!(
                    "模型不可行：这些需求的最低接收量无法同时满足（它们争用同一批供给）/ the model is infeasible: the minimum intakes of these needs cannot all be met at once (they compete for the same offers): {}",
                    names.join(", ")
                )]));
            }
            Err(e) => return Err(e.into()),
        };
        let t = Instant::now();
        let mut report = self.account(model, &sol);
        report.stats.seconds_solver = sol.solver_seconds;
        report.stats.seconds_report = t.elapsed().as_secs_f64();
        Ok(report)
    }

    fn account(&self, model: &Model, sol: &crate::lp::LpSolution) -> Report {
        let cat = model.catalog;
        let inst = &model.instance;
        let flows = self.flows(model, sol);
        let offers = self.offer_results(model, sol, &flows);
        let needs = self.need_results(model, sol, &flows);
        let enterprises = self.indicators(model, &flows.used, &flows.met);
        Report {
            name: inst.name.clone(),
            illustrative: inst.illustrative,
            model: if self.mip { "mip" } else { "lp" },
            status: "optimal",
            objective: sol.objective,
            totals: flows.totals,
            exchanges: flows.exchanges,
            offers,
            needs,
            parks: flows.parks.into_values().collect(),
            enterprises,
            emission_factors: cat
                .factors
                .iter()
                .zip(&flows.factors_used)
                .filter(|(_, u)| **u)
                .map(|(f, _)| f.clone())
                .collect(),
            stats: Stats {
                offers: model.offers.len(),
                needs: model.needs.len(),
                candidate_pairs: self.candidates.len(),
                lp_columns: self.lp.num_cols(),
                lp_rows: self.lp.num_rows(),
                seconds_matching: self.seconds_matching,
                seconds_build: self.seconds_build,
                seconds_solver: 0.0,
                seconds_report: 0.0,
            },
        }
    }

    /// Walks the candidate pairs: counts them, and turns each with a flow into an exchange,
    /// adding it up per offer, need, park and in total.
    fn flows(&self, model: &Model, sol: &crate::lp::LpSolution) -> Flows {
        let cat = model.catalog;
        let mut fixed = vec![0.0; self.candidates.len()];
        for &(k, y) in &self.switches {
            fixed[k] = -self.lp.cost[y] * sol.columns[y].round();
        }
        let mut f = Flows {
            used: vec![0.0; model.offers.len()],
            met: vec![0.0; model.needs.len()],
            offer_pairs: vec![0usize; model.offers.len()],
            need_pairs: vec![0usize; model.needs.len()],
            best_value: vec![f64::NEG_INFINITY; model.needs.len()],
            exchanges: Vec::new(),
            totals: Totals::default(),
            parks: BTreeMap::new(),
            factors_used: vec![false; cat.factors.len()],
        };
        for (k, c) in self.candidates.iter().enumerate() {
            f.offer_pairs[c.offer as usize] += 1;
            f.need_pairs[c.need as usize] += 1;
            f.best_value[c.need as usize] =
                f.best_value[c.need as usize].max(c.value_per_unit / c.yield_);
            let x = sol.columns[k];
            if x <= EPS {
                continue;
            }
            let n = &model.needs[c.need as usize];
            f.used[c.offer as usize] += x;
            let e = exchange(model, c, x, fixed[k]);
            f.met[c.need as usize] += e.delivered;
            f.factors_used[n.factor] = true;
            f.totals.add(&e, cat.classes[n.class as usize].kind);
            let p = f.parks.entry(e.from_park.clone()).or_default();
            p.add(&e);
            f.exchanges.push(e);
        }
        f.exchanges
            .sort_by(|a, b| b.net_value.total_cmp(&a.net_value));
        f
    }

    fn offer_results(
        &self,
        model: &Model,
        sol: &crate::lp::LpSolution,
        flows: &Flows,
    ) -> Vec<OfferResult> {
        let (cat, inst) = (model.catalog, &model.instance);
        let lp_duals = !self.mip;
        model
            .offers
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let dual = self.offer_row[i].map_or(0.0, |r| sol.row_duals[r]);
                let left = (o.quantity - flows.used[i]).max(0.0);
                OfferResult {
                    id: inst.offers[i].id.clone(),
                    enterprise: inst.enterprises[o.enterprise as usize].id.clone(),
                    class: cat.classes[o.class as usize].id.clone(),
                    quantity: o.quantity,
                    unit: cat.classes[o.class as usize].base_unit.symbol().into(),
                    used: flows.used[i],
                    left,
                    shadow_price: lp_duals.then_some(dual),
                    scarce: lp_duals && dual > 1e-9 && left <= EPS.max(1e-9 * o.quantity),
                    candidate_pairs: flows.offer_pairs[i],
                }
            })
            .collect()
    }

    fn need_results(
        &self,
        model: &Model,
        sol: &crate::lp::LpSolution,
        flows: &Flows,
    ) -> Vec<NeedResult> {
        let (cat, inst) = (model.catalog, &model.instance);
        let lp_duals = !self.mip;
        model
            .needs
            .iter()
            .enumerate()
            .map(|(j, n)| {
                let dual = self.need_row[j].map_or(0.0, |r| sol.row_duals[r])
                    + self.min_row[j].map_or(0.0, |r| sol.row_duals[r]);
                let unmet = (n.quantity - flows.met[j]).max(0.0);
                NeedResult {
                    id: inst.needs[j].id.clone(),
                    enterprise: inst.enterprises[n.enterprise as usize].id.clone(),
                    class: cat.classes[n.class as usize].id.clone(),
                    quantity: n.quantity,
                    unit: cat.classes[n.class as usize].base_unit.symbol().into(),
                    met: flows.met[j],
                    unmet,
                    min_intake: n.min_intake,
                    shadow_price: lp_duals.then_some(dual),
                    value_if_supplied: (unmet > EPS && flows.need_pairs[j] > 0)
                        .then_some(flows.best_value[j].max(0.0)),
                    candidate_pairs: flows.need_pairs[j],
                }
            })
            .collect()
    }

    fn indicators(&self, model: &Model, used: &[f64], met: &[f64]) -> Vec<EnterpriseResult> {
        let cat = model.catalog;
        let mut out: Vec<EnterpriseResult> = model
            .instance
            .enterprises
            .iter()
            .zip(&model.sites)
            .map(|(e, s)| EnterpriseResult {
                id: e.id.clone(),
                name: e.name.clone(),
                park: s.park.map(|p| model.parks[p as usize].clone()),
                ..EnterpriseResult::default()
            })
            .collect();
        for (i, o) in model.offers.iter().enumerate() {
            let c = &cat.classes[o.class as usize];
            let r = &mut out[o.enterprise as usize];
            match c.kind {
                Kind::Heat => {
                    r.heat_offered_gj += o.quantity;
                    r.heat_recovered_gj += used[i];
                }
                Kind::Solid | Kind::Liquid => {
                    let t = c.tonnes_per_base_unit().unwrap_or(0.0);
                    r.solid_waste_offered_t += o.quantity * t;
                    r.solid_waste_used_t += used[i] * t;
                }
                _ => {}
            }
        }
        for (j, n) in model.needs.iter().enumerate() {
            if cat.classes[n.class as usize].kind == Kind::Water {
                let r = &mut out[n.enterprise as usize];
                r.water_needed_m3 += n.quantity;
                r.water_reused_m3 += met[j];
            }
        }
        let ratio = |a: f64, b: f64| (b > 0.0).then(|| (a / b).min(1.0));
        for r in &mut out {
            r.waste_heat_recovery = ratio(r.heat_recovered_gj, r.heat_offered_gj);
            r.water_reuse_rate = ratio(r.water_reused_m3, r.water_needed_m3);
            r.solid_waste_utilisation = ratio(r.solid_waste_used_t, r.solid_waste_offered_t);
        }
        out
    }
}

/// The solution's flows added up (see [`Built::flows`]).
struct Flows {
    /// Per offer, base units used.
    used: Vec<f64>,
    /// Per need, base units delivered.
    met: Vec<f64>,
    offer_pairs: Vec<usize>,
    need_pairs: Vec<usize>,
    /// Per need, the best net value per unit delivered among its candidate pairs.
    best_value: Vec<f64>,
    /// Best first.
    exchanges: Vec<Exchange>,
    totals: Totals,
    /// By the offering enterprise's park.
    parks: BTreeMap<Option<String>, ParkResult>,
    factors_used: Vec<bool>,
}

/// Candidate pair `c` with flow `x` (offer base units) and MIP fixed cost `fixed`.
fn exchange(model: &Model, c: &Candidate, x: f64, fixed: f64) -> Exchange {
    let (cat, inst) = (model.catalog, &model.instance);
    let park_name = |e: u32| {
        model.sites[e as usize]
            .park
            .map(|p| model.parks[p as usize].clone())
    };
    let o = &model.offers[c.offer as usize];
    let n = &model.needs[c.need as usize];
    let oc = &cat.classes[o.class as usize];
    let nc = &cat.classes[n.class as usize];
    let delivered = x * c.yield_;
    let factor = &cat.factors[n.factor];
    let co2 = delivered * factor.value;
    // Tonnage only for material streams: wastes not disposed, materials not bought.
    let avoided_disposal_t = matches!(oc.kind, Kind::Solid | Kind::Liquid)
        .then(|| oc.tonnes_per_base_unit().map(|t| x * t))
        .flatten();
    let avoided_virgin_t = matches!(nc.kind, Kind::Solid | Kind::Liquid | Kind::Gas)
        .then(|| nc.tonnes_per_base_unit().map(|t| delivered * t))
        .flatten();
    let (reason_zh, reason_en) = model.reason(c.offer, c.need, &Ok(*c));
    Exchange {
        offer: inst.offers[c.offer as usize].id.clone(),
        need: inst.needs[c.need as usize].id.clone(),
        from: inst.enterprises[o.enterprise as usize].id.clone(),
        to: inst.enterprises[n.enterprise as usize].id.clone(),
        from_park: park_name(o.enterprise),
        to_park: park_name(n.enterprise),
        class: oc.id.clone(),
        need_class: nc.id.clone(),
        conversion: c
            .conversion
            .map(|v| cat.conversions[v as usize].name_en.clone()),
        quantity: x,
        unit: oc.base_unit.symbol().into(),
        delivered,
        delivered_unit: nc.base_unit.symbol().into(),
        mode: oc.modes[c.mode as usize].mode.clone(),
        distance_km: c.distance_km,
        hazardous: o.hw.clone(),
        value_per_unit: c.value_per_unit,
        avoided_disposal_cost: x * o.price,
        avoided_virgin_cost: delivered * n.price,
        transport_cost: x * c.transport_per_unit,
        fixed_cost: fixed,
        net_value: x * c.value_per_unit - fixed,
        co2_avoided_t: co2,
        emission_factor: factor.id.clone(),
        avoided_disposal_t,
        avoided_virgin_t,
        reason_zh,
        reason_en,
    }
}

impl Totals {
    /// Adds exchange `e`, whose need is of class kind `need_kind`.
    fn add(&mut self, e: &Exchange, need_kind: Kind) {
        self.exchanges += 1;
        self.net_benefit += e.net_value;
        self.avoided_disposal_cost += e.avoided_disposal_cost;
        self.avoided_virgin_cost += e.avoided_virgin_cost;
        self.transport_cost += e.transport_cost;
        self.fixed_cost += e.fixed_cost;
        self.co2_avoided_t += e.co2_avoided_t;
        self.avoided_disposal_t += e.avoided_disposal_t.unwrap_or(0.0);
        self.avoided_virgin_t += e.avoided_virgin_t.unwrap_or(0.0);
        if need_kind == Kind::Heat {
            self.heat_exchanged_gj += e.delivered;
        }
        if need_kind == Kind::Water {
            self.water_reused_m3 += e.delivered;
        }
    }
}

impl ParkResult {
    /// Adds exchange `e` of an enterprise of this park.
    fn add(&mut self, e: &Exchange) {
        self.park.clone_from(&e.from_park);
        self.exchanges += 1;
        self.net_benefit += e.net_value;
        self.co2_avoided_t += e.co2_avoided_t;
        self.avoided_disposal_t += e.avoided_disposal_t.unwrap_or(0.0);
        self.avoided_virgin_t += e.avoided_virgin_t.unwrap_or(0.0);
    }
}
