//! A standalone symbiosis instance file (`docs/symbiosis-instance.md`, `liantu symbiosis
//! solve`): read, validated against the built-in catalogue, optionally written as an LP file,
//! solved, and every offer–need pair explained on request.

use crate::{AppError, Result, files};
use liantu_symbiosis::{Catalog, Instance, PairReport, Report, SolveError};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default)]
pub struct SolveOptions {
    /// Mixed-integer model (fixed cost and minimum size per exchange); the instance may ask
    /// for it too.
    pub mip: bool,
    /// Explain every offer–need pair.
    pub explain: bool,
    /// Also write the model here (CPLEX LP format), before solving.
    pub lp_file: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct Solved {
    pub report: Report,
    /// With `explain`: every pair, compatible or not, with the reason.
    pub pairs: Option<Vec<PairReport>>,
}

/// Reads and parses an instance file.
pub fn read_instance_file(path: &Path) -> Result<Instance> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        AppError::invalid(format!(
            "无法读取实例文件 / cannot read instance file {}: {e}",
            path.display()
        ))
    })?;
    Instance::from_json(&text).map_err(|e| invalid_instance(&path.display().to_string(), e))
}

/// Writes an instance as the JSON of an instance file.
pub fn write_instance_file(path: &Path, instance: &Instance) -> Result<()> {
    let json = serde_json::to_string_pretty(instance)
        .map_err(|e| AppError::internal(format!("instance JSON: {e}")))?;
    files::write_text(path, &json)
}

/// Validates and solves `instance`; `name` (its file or park) goes into messages. An invalid or
/// infeasible instance is bad input; a solver that breaks down is an internal failure.
pub fn solve_instance(instance: Instance, name: &str, options: &SolveOptions) -> Result<Solved> {
    let model = instance
        .validate(Catalog::builtin())
        .map_err(|e| invalid_instance(name, e))?;
    let built = model.build(options.mip || model.instance.options.mip);
    if let Some(path) = &options.lp_file {
        files::write_text(path, &built.write_lp(&model))?;
    }
    let report = crate::metrics::timed_solve(|| built.solve(&model)).map_err(|e| {
        let message = format!("无最优解 / no optimal solution ({name}):\n{e}");
        match e {
            SolveError::Infeasible(_) => AppError::invalid(message),
            SolveError::Lp(_) => AppError::internal(message),
        }
    })?;
    Ok(Solved {
        report,
        pairs: options.explain.then(|| model.explain_all()),
    })
}

fn invalid_instance(name: &str, e: impl std::fmt::Display) -> AppError {
    AppError::invalid(format!(
        "实例无效，未求解 / invalid instance, nothing solved ({name}):\n{e}"
    ))
}
