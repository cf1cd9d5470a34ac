//! The import kinds. Each is one module implementing [`ImportKind`] — its columns, how one row
//! is read and checked, how a batch is written — and one line in the `register!` list at the
//! bottom of this file, which makes it a [`Kind`] the command line, the web form, templates and
//! [`crate::import_file`] know.
//!
//! Adding a kind: a module here (copy `memberships.rs`, the smallest), its `mod` line and its
//! `register!` line below; the store's `ImportTx::put_…` and stored-keys query for its table;
//! its arm in the export; its columns in docs/import-format.md.

mod achievements;
mod certifications;
mod enterprises;
mod innovation;
mod links;
mod memberships;
mod platforms;
mod programmes;
mod tech_needs;
mod workforce;
mod years;

use crate::import::{Fields, ImportError, ImportOptions, ImportSummary, run};
use crate::schema::Column;
use liantu_store::{ImportTx, Store, StoreError};
use std::collections::HashSet;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// Whether a valid row adds a record or replaces a stored one (upsert).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change {
    Added,
    Updated,
}

impl Change {
    pub(crate) fn from_update(updates: bool) -> Change {
        if updates {
            Change::Updated
        } else {
            Change::Added
        }
    }
}

/// One kind of data file, from its header row to the store. The value is the state of one
/// import: what rows are checked against (loaded once) and the keys seen so far in the file.
pub(crate) trait ImportKind: Sized + Send + 'static {
    /// Stable name (`liantu import KEY`), labels (Chinese: sheet names and titles; English), and
    /// every name the command line accepts for the kind.
    const KEY: &'static str;
    const LABEL_ZH: &'static str;
    const LABEL_EN: &'static str;
    const NAMES: &'static [&'static str];
    /// The columns of the file, in the order templates and exports write them.
    const COLUMNS: &'static [Column];
    /// A valid row, ready for the store.
    type Record: Send + 'static;

    /// Loads what rows are checked against: stored keys, reference codes, chains. Keys a row's
    /// id depends on are read through `tx`, the import's own transaction.
    fn load(
        store: &Store,
        tx: &mut ImportTx,
    ) -> impl Future<Output = Result<Self, StoreError>> + Send;

    /// Reads and checks one row, recording every problem in `f`. Returns the record when it
    /// could be built; the row is only kept when `f` has no errors either.
    fn row(&mut self, f: &mut Fields, upsert: bool) -> Option<(Self::Record, Change)>;

    /// Writes a batch of valid rows into the import's transaction.
    fn write(
        tx: &mut ImportTx,
        rows: Vec<Self::Record>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Database columns an upsert overwrites, given the keys of the columns the file has: by
    /// default those, and the source (always).
    fn update_columns(present: &HashSet<&'static str>) -> Vec<&'static str> {
        columns_in_file(Self::COLUMNS, present, &["source"])
    }
}

/// A row's as-of date as stored: the date given, else 31 December of its year.
pub(crate) fn as_of_or_year_end(as_of: Option<crate::text::Date>, year: i32) -> String {
    as_of
        .map(|d| d.to_string())
        .unwrap_or_else(|| format!("{year:04}-12-31"))
}

/// Keys of `columns` the file has, and of those in `always`, in schema order.
pub(crate) fn columns_in_file(
    columns: &[Column],
    present: &HashSet<&'static str>,
    always: &[&str],
) -> Vec<&'static str> {
    columns
        .iter()
        .filter(|c| present.contains(c.key) || always.contains(&c.key))
        .map(|c| c.key)
        .collect()
}

/// Declares [`Kind`] with one variant per registered module, and what dispatches on it.
macro_rules! register {
    ($($variant:ident => $kind:ty,)+) => {
        /// A kind of data file.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Kind {
            $($variant,)+
        }

        impl Kind {
            pub const ALL: [Kind; [$(Kind::$variant),+].len()] = [$(Kind::$variant),+];

            pub fn key(self) -> &'static str {
                match self {
                    $(Kind::$variant => <$kind as ImportKind>::KEY,)+
                }
            }

            pub fn label_zh(self) -> &'static str {
                match self {
                    $(Kind::$variant => <$kind as ImportKind>::LABEL_ZH,)+
                }
            }

            pub fn label_en(self) -> &'static str {
                match self {
                    $(Kind::$variant => <$kind as ImportKind>::LABEL_EN,)+
                }
            }

            pub fn columns(self) -> &'static [Column] {
                match self {
                    $(Kind::$variant => <$kind as ImportKind>::COLUMNS,)+
                }
            }

            fn names(self) -> &'static [&'static str] {
                match self {
                    $(Kind::$variant => <$kind as ImportKind>::NAMES,)+
                }
            }
        }

        /// Imports `path` as `kind` (see [`crate::import_file`]).
        pub(crate) async fn import(
            kind: Kind,
            store: &Store,
            path: &Path,
            opts: &ImportOptions,
        ) -> Result<ImportSummary, ImportError> {
            match kind {
                $(Kind::$variant => run::<$kind>(kind, store, path, opts).await,)+
            }
        }
    };
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Kind, String> {
        let s = s.trim();
        if let Some(kind) = Kind::ALL.into_iter().find(|k| k.names().contains(&s)) {
            return Ok(kind);
        }
        let keys: Vec<&str> = Kind::ALL.iter().map(|k| k.key()).collect();
        let keys = keys.join(" ");
        Err(format!(
            "未知的数据类型 '{s}'，可选 {keys} / unknown kind '{s}', expected one of: {keys}"
        ))
    }
}

// The registry: one line per kind.
register! {
    Enterprises => enterprises::Enterprises,
    Years => years::Years,
    Memberships => memberships::Memberships,
    Links => links::Links,
    Workforce => workforce::Workforce,
    Programmes => programmes::Programmes,
    Certifications => certifications::Certifications,
    Platforms => platforms::Platforms,
    TechNeeds => tech_needs::TechNeeds,
    Achievements => achievements::Achievements,
}
