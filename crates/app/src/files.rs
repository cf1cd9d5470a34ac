//! Reading and writing the user's files, with messages that name the file.

use crate::{AppError, Result};
use std::path::Path;

/// A text file the user named; unreadable is bad input.
pub(crate) fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| {
        AppError::invalid(format!(
            "无法读取 {0} / cannot read {0}: {e}",
            path.display()
        ))
    })
}

/// Writes `text` to `path`.
pub(crate) fn write_text(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).map_err(|e| cannot_write(path, e))
}

pub(crate) fn cannot_write(path: &Path, e: impl std::fmt::Display) -> AppError {
    AppError::internal(format!(
        "无法写入 {0} / cannot write {0}: {e}",
        path.display()
    ))
}
