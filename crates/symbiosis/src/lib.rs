//! Industrial symbiosis (工业共生) for liantu: resource classes with physical properties and
//! legal codes, offers and needs with explicit units, matching with reasons, optimal allocation
//! with HiGHS, and the accounting of what it saves (cost, CO2, tonnage, circularity).
//!
//! Pure: plain structs in, plain structs out; no database, file system or network. The
//! resource catalogue and emission factors (`data/symbiosis/`) are compiled in.

pub mod allocate;
pub mod catalog;
pub mod heat;
pub mod instance;
pub mod lp;
pub mod matching;
pub mod synthetic;
pub mod units;
pub mod water;

pub use allocate::{Built, Report, SolveError};
pub use catalog::Catalog;
pub use instance::{Instance, InvalidInstance, Model};
pub use lp::{Direction, LpError, LpModel, LpSolution};
pub use matching::{Candidate, PairReport, Rejection};
pub use units::Unit;

/// Parses, validates and solves an instance with the built-in catalogue.
pub fn solve_json(text: &str, mip: Option<bool>) -> Result<Report, Error> {
    let model = Instance::from_json(text)?.validate(Catalog::builtin())?;
    Ok(model.solve(mip)?)
}

/// Anything that stops a solve: invalid input (nothing was solved) or a model without optimum.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Invalid(#[from] InvalidInstance),
    #[error(transparent)]
    Solve(#[from] SolveError),
}
