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

/// Writes `bytes` to `path` whole or not at all: under `PATH.partial`, moved into place when
/// complete (a reader never sees half a file; a failure leaves nothing behind).
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = std::path::PathBuf::from(partial);
    let written = std::fs::write(&partial, bytes).and_then(|()| std::fs::rename(&partial, path));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        cannot_write(path, e)
    })
}

pub(crate) fn cannot_write(path: &Path, e: impl std::fmt::Display) -> AppError {
    AppError::internal(format!(
        "无法写入 {0} / cannot write {0}: {e}",
        path.display()
    ))
}
