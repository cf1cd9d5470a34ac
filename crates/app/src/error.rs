//! One error type for every use case. It keeps the error it came from (an engine's, the store's,
//! an importer's) and says what *kind* of failure it is, so each front end maps kinds to its own
//! answer in one place: the web to HTTP status codes, the CLI to exit codes.

use liantu_store::StoreError;

/// What kind of failure, independent of where it happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The user's input is wrong (a bad file, value or argument): fix it and try again.
    Invalid,
    /// What was asked for does not exist (a chain, region, candidate …).
    NotFound,
    /// The request clashes with what is stored (an id already taken, a wrong state).
    Conflict,
    /// Not now or not here: the database is busy with another writer (try again shortly), or
    /// cannot be found or reached.
    Unavailable,
    /// liantu failed (a solver or database error, a bug): not the user's fault.
    Internal,
    /// Nobody is signed in, or the sign-in failed.
    Unauthenticated,
    /// Signed in, but the account's role or scope does not allow this.
    Forbidden,
    /// Too many failed sign-ins: wait before trying again.
    RateLimited,
}

/// Every message is written in Chinese and English ("中文 / English").
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Unavailable(String),
    #[error("{0}")]
    Internal(String),
    #[error("{0}")]
    Unauthenticated(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    RateLimited(String),

    #[error(
        "内置示例数据有误（这是 liantu 的缺陷）/ the built-in demo data is invalid (a liantu bug): {0}"
    )]
    Demo(#[from] liantu_demo::DemoError),
    #[error("诊断失败 / diagnosis failed: {0}")]
    Diagnosis(#[from] liantu_analysis::DiagnosisError),
    #[error("{0}")]
    Complexity(#[from] liantu_complexity::ComplexityError),
    #[error("{0}")]
    Profile(#[from] liantu_invest::ProfileError),
    #[error("{0}")]
    IoTable(#[from] liantu_invest::IoError),
    #[error("{0}")]
    Symbiosis(#[from] liantu_symbiosis::Error),
    #[error("{0}")]
    Kg(#[from] liantu_kg::KgError),
    #[error("{0}")]
    Draft(#[from] liantu_kg::DraftError),
    #[error("{0}")]
    Import(#[from] liantu_ingest::ImportError),
    #[error("{0}")]
    Export(#[from] liantu_ingest::export::ExportError),
    #[error("{0}")]
    File(#[from] liantu_ingest::FileError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl AppError {
    pub fn invalid(message: impl Into<String>) -> AppError {
        AppError::Invalid(message.into())
    }

    pub fn not_found(message: impl Into<String>) -> AppError {
        AppError::NotFound(message.into())
    }

    pub fn conflict(message: impl Into<String>) -> AppError {
        AppError::Conflict(message.into())
    }

    pub fn internal(message: impl Into<String>) -> AppError {
        AppError::Internal(message.into())
    }

    pub fn forbidden(message: impl Into<String>) -> AppError {
        AppError::Forbidden(message.into())
    }

    pub fn unknown_chain(id: &str) -> AppError {
        AppError::NotFound(format!("未知的产业链 '{id}' / unknown chain '{id}'"))
    }

    /// A region named as a parameter that the database does not have: well-formed input naming
    /// nothing (HTTP 404, like an unknown chain).
    pub fn unknown_region(code: impl std::fmt::Display) -> AppError {
        AppError::NotFound(format!(
            "数据库中没有区域 {code} / region {code} is not in the database"
        ))
    }

    pub fn kind(&self) -> ErrorKind {
        use liantu_symbiosis::{Error as Sym, SolveError};
        match self {
            AppError::Invalid(_) => ErrorKind::Invalid,
            AppError::NotFound(_) => ErrorKind::NotFound,
            AppError::Conflict(_) => ErrorKind::Conflict,
            AppError::Unavailable(_) => ErrorKind::Unavailable,
            AppError::Internal(_) | AppError::Demo(_) => ErrorKind::Internal,
            AppError::Unauthenticated(_) => ErrorKind::Unauthenticated,
            AppError::Forbidden(_) => ErrorKind::Forbidden,
            AppError::RateLimited(_) => ErrorKind::RateLimited,
            // The engines reject what the data cannot support (degenerate panels, bad rules,
            // odd records): a problem of the input, not of liantu.
            AppError::Diagnosis(_)
            | AppError::Complexity(_)
            | AppError::Profile(_)
            | AppError::IoTable(_)
            | AppError::Kg(liantu_kg::KgError::Lines { .. })
            | AppError::Kg(liantu_kg::KgError::MissingFile { .. })
            | AppError::Draft(_)
            | AppError::File(_) => ErrorKind::Invalid,
            AppError::Kg(liantu_kg::KgError::Io { .. }) => ErrorKind::Invalid,
            // An instance that fails validation, or has no feasible plan, is the user's to fix;
            // a solver that breaks down is ours.
            AppError::Symbiosis(Sym::Invalid(_)) => ErrorKind::Invalid,
            AppError::Symbiosis(Sym::Solve(SolveError::Infeasible(_))) => ErrorKind::Invalid,
            AppError::Symbiosis(Sym::Solve(SolveError::Lp(_))) => ErrorKind::Internal,
            AppError::Import(e) => match e {
                liantu_ingest::ImportError::File(_) | liantu_ingest::ImportError::Rows(_) => {
                    ErrorKind::Invalid
                }
                liantu_ingest::ImportError::Store(s) => store_kind(s),
                liantu_ingest::ImportError::Internal(_) => ErrorKind::Internal,
            },
            AppError::Export(liantu_ingest::export::ExportError::Store(s)) => store_kind(s),
            AppError::Export(_) => ErrorKind::Invalid,
            AppError::Store(s) => store_kind(s),
        }
    }
}

/// A missing or locked database is unavailable; the rest is internal.
fn store_kind(e: &StoreError) -> ErrorKind {
    match e {
        StoreError::Missing(_) => ErrorKind::Unavailable,
        e if e.is_busy() => ErrorKind::Unavailable,
        _ => ErrorKind::Internal,
    }
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;
