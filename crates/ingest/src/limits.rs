//! How much of a file liantu reads. Every buffer the readers grow is bounded by what the file
//! really holds (cells seen, bytes read) and by these limits, so a damaged or hostile file is
//! refused with a clear message in bounded memory instead of exhausting the machine.

use crate::error::FileError;

/// Limits of one read: [`Limits::DEFAULT`] everywhere but in tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// One CSV record: a line, or several when a quoted cell holds line breaks.
    pub record_bytes: u64,
    /// A whole CSV file, as UTF-8.
    pub csv_bytes: u64,
    /// Everything in a workbook's zip archive, uncompressed, as its directory declares it (the
    /// zip reader refuses to inflate a part beyond its declared size).
    pub zip_bytes: u64,
    /// A part larger than `zip_ratio_above` that inflates more than this many times is taken for
    /// a zip bomb; real worksheets compress far less.
    pub zip_ratio: u64,
    pub zip_ratio_above: u64,
    /// A workbook's shared-string table, uncompressed: it is held in memory whole.
    pub shared_strings_bytes: u64,
    /// Merged regions in a sheet, and cells looked at to fill them.
    pub merged_regions: usize,
    pub merged_cells: u64,
}

impl Limits {
    pub const DEFAULT: Limits = Limits {
        record_bytes: 1 << 20,
        csv_bytes: 4 << 30,
        zip_bytes: 2 << 30,
        zip_ratio: 250,
        zip_ratio_above: 16 << 20,
        shared_strings_bytes: 128 << 20,
        merged_regions: 100_000,
        merged_cells: 1_000_000,
    };
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::DEFAULT
    }
}

/// `1 MiB`, `4 GiB`, `1.5 KiB`.
pub(crate) fn bytes(n: u64) -> String {
    let (value, unit) = if n >= 1 << 30 {
        (n as f64 / (1u64 << 30) as f64, "GiB")
    } else if n >= 1 << 20 {
        (n as f64 / (1u64 << 20) as f64, "MiB")
    } else if n >= 1 << 10 {
        (n as f64 / (1u64 << 10) as f64, "KiB")
    } else {
        return format!("{n} B");
    };
    let text = format!("{value:.1}");
    format!("{} {unit}", text.trim_end_matches(".0"))
}

impl FileError {
    pub(crate) fn limit(zh: impl Into<String>, en: impl Into<String>) -> FileError {
        FileError::Limit {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub(crate) fn record_too_long(row: u64, limit: u64) -> FileError {
        let limit = bytes(limit);
        FileError::limit(
            format!("第 {row} 行超过 {limit}（也许少了一个右引号 \"）"),
            format!("row {row} is longer than {limit} (a missing closing quote \"?)"),
        )
    }

    pub(crate) fn file_too_large(limit: u64) -> FileError {
        let limit = bytes(limit);
        FileError::limit(
            format!("文件超过 {limit}，请分成几个文件导入"),
            format!("the file is larger than {limit}; split it into several files"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(bytes(1 << 20), "1 MiB");
        assert_eq!(bytes(4 << 30), "4 GiB");
        assert_eq!(bytes(1536), "1.5 KiB");
        assert_eq!(bytes(10), "10 B");
    }
}
