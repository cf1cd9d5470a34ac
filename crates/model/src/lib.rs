//! Domain types of liantu and validation of the codes users know: the unified social credit code
//! (统一社会信用代码, GB 32100-2015), administrative division codes (GB/T 2260) and industry codes
//! (GB/T 4754-2017). Pure: no I/O, no database.

pub mod account;
pub mod bounds;
pub mod candidate;
pub mod chain;
pub mod date;
pub mod industry;
pub mod innovation;
pub mod io;
pub mod kg;
pub mod lang;
pub mod numbers;
pub mod occupation;
pub mod project;
pub mod records;
pub mod region;
pub mod spreadsheet;
pub mod types;
pub mod uscc;
pub mod workforce;

pub use date::{Day, YearMonth};
pub use industry::{IndustryCode, IndustryCodeError};
pub use lang::Lang;
pub use region::RegionLevel;
pub use region::{RegionCode, RegionCodeError};
pub use types::{EdgeKind, NodeStatus, Ownership, Stage, UnknownVariant};
pub use uscc::{Uscc, UsccError, UsccWarning};
