//! Typed errors: every degenerate input ends here instead of in a panic or a NaN.

/// Why a computation was refused.
///
/// Input-level errors (`EmptyInput`, `InvalidValue`, `DuplicateKey`, `InvalidThreshold`,
/// `TooLarge`) are reported before any period is computed; the others concern one period.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ComplexityError {
    /// The panel has no rows.
    #[error("the input has no rows")]
    EmptyInput,
    /// A value is negative, NaN or infinite.
    #[error(
        "row {row} (time {time:?}, location {location:?}, product {product:?}) has value {value}: values must be finite and >= 0"
    )]
    InvalidValue {
        /// 0-based index of the row in insertion order.
        row: usize,
        time: String,
        location: String,
        product: String,
        value: f64,
    },
    /// The same (time, location, product) occurs more than once.
    #[error("duplicate row for time {time:?}, location {location:?}, product {product:?}")]
    DuplicateKey {
        time: String,
        location: String,
        product: String,
    },
    /// The presence threshold is negative, NaN or infinite.
    #[error("invalid presence threshold {0}: it must be finite and >= 0")]
    InvalidThreshold(f64),
    /// More than `u32::MAX` rows or distinct codes.
    #[error("the input has more than 4294967295 rows or distinct codes")]
    TooLarge,
    /// Every value of the period is zero.
    #[error("period {time:?}: every value is zero")]
    AllZero { time: String },
    /// A total overflowed or an RCA is infinite: values span too many orders of magnitude.
    #[error(
        "period {time:?}: totals or RCA are not finite (values span too many orders of magnitude)"
    )]
    Overflow { time: String },
    /// Fewer than two locations have a positive total and at least one present product.
    #[error(
        "period {time:?}: {count} location(s) with a positive total and at least one present product; at least 2 are needed"
    )]
    TooFewLocations { time: String, count: usize },
    /// Fewer than two products have a positive total and at least one present location.
    #[error(
        "period {time:?}: {count} product(s) with a positive total and at least one present location; at least 2 are needed"
    )]
    TooFewProducts { time: String, count: usize },
    /// The period's presence matrix does not define an ECI (see the crate docs).
    #[error("period {time:?}: ECI is undefined: {reason}")]
    Degenerate { time: String, reason: &'static str },
    /// The symmetric eigensolver did not converge.
    #[error("period {time:?}: the eigendecomposition did not converge")]
    NoConvergence { time: String },
}
