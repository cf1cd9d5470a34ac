//! Output of one period: plain structs plus accessors over the dense matrices.

use faer::Mat;

use crate::proximity::Proximity;

/// One location of a period.
#[derive(Debug, Clone, PartialEq)]
pub struct LocationResult {
    pub code: String,
    /// Sum of the location's values in the period (0 for a left-out location).
    pub total: f64,
    /// Number of present products; `None` when the location's total is 0 (left out).
    pub diversity: Option<u32>,
    /// Economic Complexity Index; `None` when left out or when diversity is 0.
    pub eci: Option<f64>,
    /// Complexity Outlook Index; `None` when left out or when COI is constant over locations.
    pub coi: Option<f64>,
}

/// One product of a period.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductResult {
    pub code: String,
    /// Sum of the product's values in the period (0 for a left-out product).
    pub total: f64,
    /// Number of locations where the product is present; `None` when left out.
    pub ubiquity: Option<u32>,
    /// Product Complexity Index; `None` when left out or when ubiquity is 0.
    pub pci: Option<f64>,
}

/// One (location, product) cell; only exists when neither side is left out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    /// Input value (0 when the pair had no row or a zero row).
    pub value: f64,
    /// Balassa revealed comparative advantage.
    pub rca: f64,
    /// Presence `M_cp`.
    pub mcp: bool,
    /// Density; `None` only when the product's proximities sum to 0 (Stata convention).
    pub density: Option<f64>,
    /// Complexity Outlook Gain (0 where `M_cp = 1`).
    pub cog: f64,
}

/// Eigenvalues of the ECI problem (the largest is always 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spectrum {
    /// The eigenvalue whose eigenvector gives ECI and PCI.
    pub second: f64,
    /// The next one, when it exists; `second - third` near 0 means ECI is ill-determined.
    pub third: Option<f64>,
}

/// Everything computed for one period. Locations and products are sorted by code (byte
/// order) and include every code with a row in the period, left-out ones too.
#[derive(Debug, Clone)]
pub struct PeriodResult {
    pub time: String,
    pub locations: Vec<LocationResult>,
    pub products: Vec<ProductResult>,
    pub spectrum: Spectrum,
    /// Mean and standard deviation of the raw country eigenvector used to scale ECI, PCI and
    /// COG (`eci = (kc - mean) / sd`).
    pub eci_scale: (f64, f64),
    pub(crate) location_slot: Vec<Option<usize>>,
    pub(crate) product_slot: Vec<Option<usize>>,
    pub(crate) value: Mat<f64>,
    pub(crate) rca: Mat<f64>,
    pub(crate) mcp: Mat<f64>,
    /// Rows `0..n`: density, rows `n..2n`: COG (already divided by the ECI sd).
    pub(crate) outlook: Mat<f64>,
    pub(crate) density_defined: Vec<bool>,
    pub(crate) proximity: Proximity,
}

impl PeriodResult {
    /// Index of a location code in [`Self::locations`].
    pub fn location_index(&self, code: &str) -> Option<usize> {
        self.locations
            .binary_search_by(|l| l.code.as_str().cmp(code))
            .ok()
    }

    /// Index of a product code in [`Self::products`].
    pub fn product_index(&self, code: &str) -> Option<usize> {
        self.products
            .binary_search_by(|p| p.code.as_str().cmp(code))
            .ok()
    }

    /// The cell of `locations[location]` and `products[product]`; `None` when either is left
    /// out or an index is out of range.
    pub fn cell(&self, location: usize, product: usize) -> Option<Cell> {
        let i = (*self.location_slot.get(location)?)?;
        let j = (*self.product_slot.get(product)?)?;
        let n = self.value.nrows();
        Some(Cell {
            value: self.value[(i, j)],
            rca: self.rca[(i, j)],
            mcp: self.mcp[(i, j)] > 0.5,
            density: self.density_defined[j].then(|| self.outlook[(i, j)]),
            cog: self.outlook[(n + i, j)],
        })
    }

    /// Proximity between `products[a]` and `products[b]`; `None` when either is left out.
    pub fn proximity(&self, a: usize, b: usize) -> Option<f64> {
        let i = (*self.product_slot.get(a)?)?;
        let j = (*self.product_slot.get(b)?)?;
        Some(self.proximity.get(i, j))
    }

    /// Every (location index, product index, cell) with both sides kept, location-major.
    pub fn cells(&self) -> impl Iterator<Item = (usize, usize, Cell)> + '_ {
        (0..self.locations.len()).flat_map(move |l| {
            (0..self.products.len()).filter_map(move |p| self.cell(l, p).map(|c| (l, p, c)))
        })
    }
}
