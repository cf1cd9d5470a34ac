//! Input: a long table of (time, location, product, value), stored with interned codes.

use std::collections::HashMap;

use crate::ComplexityError;

/// One row of the long input table. Codes are text: `"0011"` and `"11"` are different products.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub time: String,
    pub location: String,
    pub product: String,
    pub value: f64,
}

/// Interns codes as dense `u32` ids so a large panel costs 20 bytes per row.
#[derive(Debug, Clone, Default)]
pub(crate) struct Interner {
    ids: HashMap<Box<str>, u32>,
    pub(crate) names: Vec<Box<str>>,
}

impl Interner {
    /// `None` once `u32::MAX` codes exist.
    fn intern(&mut self, name: &str) -> Option<u32> {
        if let Some(&id) = self.ids.get(name) {
            return Some(id);
        }
        let id = u32::try_from(self.names.len())
            .ok()
            .filter(|&id| id < u32::MAX)?;
        self.names.push(name.into());
        self.ids.insert(name.into(), id);
        Some(id)
    }

    pub(crate) fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }

    /// Rank of each id when the codes are sorted as strings (byte order).
    pub(crate) fn ranks(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.names.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| self.names[a as usize].cmp(&self.names[b as usize]));
        let mut rank = vec![0; order.len()];
        for (r, &id) in order.iter().enumerate() {
            rank[id as usize] = r as u32;
        }
        rank
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Row {
    pub(crate) time: u32,
    pub(crate) location: u32,
    pub(crate) product: u32,
    pub(crate) value: f64,
}

/// The engine's input: rows pushed one by one (e.g. while streaming a CSV) or collected from
/// [`Observation`]s. Nothing is validated here; [`crate::compute`] and [`crate::periods`]
/// validate every row before computing.
#[derive(Debug, Clone, Default)]
pub struct Panel {
    pub(crate) times: Interner,
    pub(crate) locations: Interner,
    pub(crate) products: Interner,
    pub(crate) rows: Vec<Row>,
    /// Set when a code or the row count overflowed `u32`; reported as [`ComplexityError::TooLarge`].
    pub(crate) overflow: bool,
}

impl Panel {
    /// An empty panel.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty panel with room for `rows` rows.
    pub fn with_capacity(rows: usize) -> Self {
        Self {
            rows: Vec::with_capacity(rows),
            ..Self::default()
        }
    }

    /// Appends one row.
    pub fn push(&mut self, time: &str, location: &str, product: &str, value: f64) {
        let ids = (
            self.times.intern(time),
            self.locations.intern(location),
            self.products.intern(product),
        );
        match ids {
            (Some(time), Some(location), Some(product)) if self.rows.len() < u32::MAX as usize => {
                self.rows.push(Row {
                    time,
                    location,
                    product,
                    value,
                });
            }
            _ => self.overflow = true,
        }
    }

    /// Builds a panel from borrowed observations.
    pub fn from_observations<'a>(observations: impl IntoIterator<Item = &'a Observation>) -> Self {
        let mut panel = Self::new();
        for o in observations {
            panel.push(&o.time, &o.location, &o.product, o.value);
        }
        panel
    }

    /// Number of rows pushed.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether no row was pushed.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn key_error(&self, row: &Row) -> ComplexityError {
        ComplexityError::DuplicateKey {
            time: self.times.name(row.time).to_owned(),
            location: self.locations.name(row.location).to_owned(),
            product: self.products.name(row.product).to_owned(),
        }
    }
}

impl FromIterator<Observation> for Panel {
    fn from_iter<I: IntoIterator<Item = Observation>>(iter: I) -> Self {
        let mut panel = Self::new();
        for o in iter {
            panel.push(&o.time, &o.location, &o.product, o.value);
        }
        panel
    }
}

/// The rows of one period and the codes that occur in it, sorted as strings.
#[derive(Debug, Clone)]
pub(crate) struct PeriodLayout {
    pub(crate) time: u32,
    /// Row indices into `Panel::rows`.
    pub(crate) rows: Vec<u32>,
    /// Location ids occurring in the period, in string order.
    pub(crate) locations: Vec<u32>,
    /// Product ids occurring in the period, in string order.
    pub(crate) products: Vec<u32>,
}

/// Validates every row and groups the rows by period (periods in string order of `time`).
pub(crate) fn layout(panel: &Panel) -> Result<Vec<PeriodLayout>, ComplexityError> {
    if panel.overflow {
        return Err(ComplexityError::TooLarge);
    }
    if panel.rows.is_empty() {
        return Err(ComplexityError::EmptyInput);
    }
    for (i, r) in panel.rows.iter().enumerate() {
        if !r.value.is_finite() || r.value < 0.0 {
            return Err(ComplexityError::InvalidValue {
                row: i,
                time: panel.times.name(r.time).to_owned(),
                location: panel.locations.name(r.location).to_owned(),
                product: panel.products.name(r.product).to_owned(),
                value: r.value,
            });
        }
    }

    // Bucket rows by time (counting sort keeps insertion order inside a bucket).
    let time_rank = panel.times.ranks();
    let n_times = time_rank.len();
    let mut order_of_rank = vec![0u32; n_times];
    for (id, &r) in time_rank.iter().enumerate() {
        order_of_rank[r as usize] = id as u32;
    }
    let mut buckets: Vec<Vec<u32>> = vec![Vec::new(); n_times];
    for (i, r) in panel.rows.iter().enumerate() {
        buckets[time_rank[r.time as usize] as usize].push(i as u32);
    }

    let loc_rank = panel.locations.ranks();
    let prod_rank = panel.products.ranks();
    // Scratch maps from global id to the period-local index (u32::MAX = absent).
    let mut loc_slot = vec![u32::MAX; loc_rank.len()];
    let mut prod_slot = vec![u32::MAX; prod_rank.len()];

    let mut out = Vec::with_capacity(n_times);
    for (rank, rows) in buckets.into_iter().enumerate() {
        let locations = distinct_sorted(
            rows.iter().map(|&i| panel.rows[i as usize].location),
            &loc_rank,
        );
        let products = distinct_sorted(
            rows.iter().map(|&i| panel.rows[i as usize].product),
            &prod_rank,
        );
        for (k, &id) in locations.iter().enumerate() {
            loc_slot[id as usize] = k as u32;
        }
        for (k, &id) in products.iter().enumerate() {
            prod_slot[id as usize] = k as u32;
        }
        // One bit per (location, product) cell of the period detects duplicate keys.
        let n_p = products.len();
        let cells = locations.len() * n_p;
        let mut seen = vec![0u64; cells.div_ceil(64)];
        for &i in &rows {
            let r = &panel.rows[i as usize];
            let cell = loc_slot[r.location as usize] as usize * n_p
                + prod_slot[r.product as usize] as usize;
            let (word, bit) = (cell / 64, 1u64 << (cell % 64));
            if seen[word] & bit != 0 {
                return Err(panel.key_error(r));
            }
            seen[word] |= bit;
        }
        for &id in &locations {
            loc_slot[id as usize] = u32::MAX;
        }
        for &id in &products {
            prod_slot[id as usize] = u32::MAX;
        }
        out.push(PeriodLayout {
            time: order_of_rank[rank],
            rows,
            locations,
            products,
        });
    }
    Ok(out)
}

fn distinct_sorted(ids: impl Iterator<Item = u32>, rank: &[u32]) -> Vec<u32> {
    let mut present = vec![false; rank.len()];
    for id in ids {
        present[id as usize] = true;
    }
    let mut out: Vec<u32> = (0..rank.len() as u32)
        .filter(|&id| present[id as usize])
        .collect();
    out.sort_unstable_by_key(|&id| rank[id as usize]);
    out
}
