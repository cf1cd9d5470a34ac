//! Checks a zip-based workbook (`.xlsx`, `.xlsb`, `.ods`) before calamine opens it. calamine
//! reserves memory for as many shared strings as the file declares, and inflates every part the
//! workbook names; here each part's declared size is held to the limits (the zip reader never
//! inflates a part beyond what it declares, so a zip bomb is stopped by its own directory), and
//! the declared string count to the strings the table really holds.

use crate::error::FileError;
use crate::limits::{Limits, bytes};
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

/// Strings a table may declare beyond those it holds (calamine reserves room for them).
const SLACK: u64 = 65_536;

pub(super) fn check(path: &Path, limits: Limits) -> Result<(), FileError> {
    let file = File::open(path).map_err(|e| FileError::io(path, e))?;
    // Not a zip (`.xls`), or a damaged one: calamine says what is wrong with it.
    let Ok(mut zip) = zip::ZipArchive::new(BufReader::new(file)) else {
        return Ok(());
    };
    let mut total = 0u64;
    let mut shared_strings = Vec::new();
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index_raw(i) else {
            continue;
        };
        let name = part.name().map(|n| n.to_lowercase()).unwrap_or_default();
        let (size, packed) = (part.size(), part.compressed_size());
        total = total.saturating_add(size);
        if total > limits.zip_bytes {
            return Err(FileError::limit(
                format!(
                    "工作簿解压后超过 {}，请另存为 CSV 后导入",
                    bytes(limits.zip_bytes)
                ),
                format!(
                    "the workbook inflates to more than {}: save it as CSV and import that",
                    bytes(limits.zip_bytes)
                ),
            ));
        }
        if size > limits.zip_ratio_above && size / packed.max(1) > limits.zip_ratio {
            return Err(FileError::limit(
                format!(
                    "工作簿中的 {name} 从 {} 解压为 {}，不像真实的表格（压缩炸弹？）",
                    bytes(packed),
                    bytes(size)
                ),
                format!(
                    "{name} in the workbook inflates from {} to {}, unlike any real sheet (a zip bomb?)",
                    bytes(packed),
                    bytes(size)
                ),
            ));
        }
        if name.ends_with("sharedstrings.xml") {
            if size > limits.shared_strings_bytes {
                return Err(FileError::limit(
                    format!(
                        "工作簿的共享字符串表有 {}（上限 {}），请另存为 CSV 后导入",
                        bytes(size),
                        bytes(limits.shared_strings_bytes)
                    ),
                    format!(
                        "the workbook's shared strings take {} (at most {}): save it as CSV and import that",
                        bytes(size),
                        bytes(limits.shared_strings_bytes)
                    ),
                ));
            }
            shared_strings.push(i);
        }
    }
    for i in shared_strings {
        // Unreadable: calamine reports it.
        let Ok(part) = zip.by_index(i) else {
            continue;
        };
        let Ok(Some((declared, held))) = count_strings(BufReader::new(part)) else {
            continue;
        };
        // A writer that miscounts a little is harmless; room for billions of strings is not.
        if declared > held.saturating_add(SLACK) {
            return Err(FileError::limit(
                format!(
                    "工作簿的共享字符串表声明有 {declared} 个字符串，实际只有 {held} 个：文件已损坏或被改动，请在 Excel/WPS 中打开并另存"
                ),
                format!(
                    "the workbook's shared-string table declares {declared} strings but holds {held}: the file is damaged or was tampered with; open it in Excel or WPS and save it again"
                ),
            ));
        }
    }
    Ok(())
}

/// The `uniqueCount` a shared-string table declares and the `<si>` elements it holds; `None`
/// when it declares no count.
fn count_strings(mut xml: impl BufRead) -> std::io::Result<Option<(u64, u64)>> {
    let mut declared = None;
    let mut held = 0u64;
    let mut tag = Vec::new();
    let mut in_tag = false;
    loop {
        let buf = xml.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        let n = buf.len();
        for &b in buf {
            if b == b'<' {
                in_tag = true;
                tag.clear();
            } else if in_tag && b == b'>' {
                in_tag = false;
                let (name, attributes) = split_tag(&tag);
                match name {
                    b"si" => held += 1,
                    b"sst" if declared.is_none() => declared = unique_count(attributes),
                    _ => {}
                }
            } else if in_tag && tag.len() < 4096 {
                tag.push(b);
            }
        }
        xml.consume(n);
    }
    Ok(declared.map(|d| (d, held)))
}

/// The local name of a start tag (`x:si` → `si`) and the text after it.
fn split_tag(tag: &[u8]) -> (&[u8], &[u8]) {
    let end = tag
        .iter()
        .position(|b| b.is_ascii_whitespace() || *b == b'/')
        .unwrap_or(tag.len());
    let (name, rest) = tag.split_at(end);
    let local = match name.iter().rposition(|&b| b == b':') {
        Some(colon) => &name[colon + 1..],
        None => name,
    };
    (local, rest)
}

fn unique_count(attributes: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(attributes).ok()?;
    let at = text.find("uniqueCount")?;
    let value = text[at + "uniqueCount".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = value.chars().next()?;
    let value = value.strip_prefix(quote)?;
    let end = value.find(quote)?;
    value[..end].trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_declared_and_held_strings() {
        let xml = br#"<?xml version="1.0"?><sst xmlns="x" count="3" uniqueCount="2"><si><t>a</t></si><si><r><t>b</t></r></si></sst>"#;
        assert_eq!(count_strings(&xml[..]).unwrap(), Some((2, 2)));
        let xml = br#"<x:sst uniqueCount = '4294967295'><x:si><x:t>a</x:t></x:si></x:sst>"#;
        assert_eq!(count_strings(&xml[..]).unwrap(), Some((4_294_967_295, 1)));
        assert_eq!(count_strings(&b"<sst><si/></sst>"[..]).unwrap(), None);
    }
}
