//! Text measurement, label wrapping, XML escaping and number formatting.

use std::fmt::Write as _;
use unicode_width::UnicodeWidthChar;

/// Font size of node labels, in px.
pub(crate) const LABEL_FONT: f64 = 13.0;
/// A narrow (one-cell) glyph is taken as this fraction of the font size; a wide (two-cell, CJK)
/// glyph as one em. Generous for the Latin glyphs of Noto Sans CJK / WenQuanYi Micro Hei, so that
/// text estimated this way fits in its box.
const NARROW_EM: f64 = 0.6;
/// Labels longer than this many lines end with "…" (the full name is in the tooltip).
pub(crate) const MAX_LINES: usize = 4;
/// Input beyond this many characters is never shown, so it is not wrapped either.
const MAX_CHARS: usize = 240;
/// What one more line costs in [`wrap`]: more than any balance or break preference.
const LINE_COST: i64 = 1_000_000;
/// A run of Chinese characters between punctuation this short is taken as one word (石墨, 锂矿,
/// 针状焦): breaking inside it costs more than a line, so 负极原料（石墨、针状焦） wraps as
/// 负极原料 /（石墨、/ 针状焦） rather than 负极原料（石 / 墨、针状焦）. Longer runs (电池级碳酸锂)
/// may break between any two characters; without a dictionary, a short run is the one word we
/// can be sure of.
const SHORT_WORD: usize = 4;

/// Display width in terminal cells (CJK = 2); control characters count 0.
pub(crate) fn cells(c: char) -> usize {
    c.width().unwrap_or(0)
}

pub(crate) fn str_cells(s: &str) -> usize {
    s.chars().map(cells).sum()
}

/// Estimated rendered width of `s` in px at `font` px.
pub fn text_px(s: &str, font: f64) -> f64 {
    s.chars()
        .map(|c| match cells(c) {
            0 => 0.0,
            1 => NARROW_EM * font,
            _ => font,
        })
        .sum()
}

/// Characters that must not start a line (closing brackets, enumeration comma, stops…).
fn no_start(c: char) -> bool {
    matches!(
        c,
        '）' | ')'
            | ']'
            | '}'
            | '、'
            | '，'
            | ','
            | '。'
            | '.'
            | '：'
            | ':'
            | '；'
            | ';'
            | '！'
            | '!'
            | '？'
            | '?'
            | '」'
            | '』'
            | '】'
            | '》'
            | '〉'
            | '”'
            | '’'
            | '…'
            | '%'
            | '％'
    )
}

/// Characters that must not end a line (opening brackets and quotes).
fn no_end(c: char) -> bool {
    matches!(
        c,
        '（' | '(' | '[' | '{' | '「' | '『' | '【' | '《' | '〈' | '“' | '‘'
    )
}

/// Break right after one of these is a good place (Chinese enumeration and clause marks).
fn good_break_after(c: char) -> bool {
    matches!(c, '、' | '，' | ',' | '；' | ';' | '：' | ':' | '）' | ')')
}

/// An unbreakable piece of a label: one CJK character (with attached punctuation) or one word.
struct Atom {
    text: String,
    cells: usize,
    /// A space separated it from the previous atom (the space is a break opportunity and costs
    /// one cell when both atoms share a line).
    space_before: bool,
}

impl Atom {
    fn last(&self) -> Option<char> {
        self.text.chars().next_back()
    }
}

fn atoms(text: &str, max_cells: usize) -> Vec<Atom> {
    let mut out: Vec<Atom> = Vec::new();
    let mut pending_space = false;
    for c in text.chars().take(MAX_CHARS) {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if c.is_control() {
            continue;
        }
        let w = cells(c);
        let attach = match out.last() {
            None => false,
            Some(prev) => {
                let last = prev.last().unwrap_or(' ');
                !pending_space
                    && (w == 0
                        || no_start(c)
                        || no_end(last)
                        || (w == 1 && cells(last) == 1 && last != '-' && last != '/'))
            }
        };
        match out.last_mut() {
            Some(prev) if attach => {
                prev.text.push(c);
                prev.cells += w;
            }
            _ => {
                let space_before = pending_space && !out.is_empty();
                out.push(Atom {
                    text: c.to_string(),
                    cells: w,
                    space_before,
                });
            }
        }
        pending_space = false;
    }
    // Hard-split atoms wider than a line (a very long word).
    let mut split = Vec::with_capacity(out.len());
    for atom in out {
        if atom.cells <= max_cells {
            split.push(atom);
            continue;
        }
        let mut piece = Atom {
            text: String::new(),
            cells: 0,
            space_before: atom.space_before,
        };
        for c in atom.text.chars() {
            let w = cells(c);
            if piece.cells + w > max_cells && !piece.text.is_empty() {
                split.push(piece);
                piece = Atom {
                    text: String::new(),
                    cells: 0,
                    space_before: false,
                };
            }
            piece.text.push(c);
            piece.cells += w;
        }
        if !piece.text.is_empty() {
            split.push(piece);
        }
    }
    split
}

/// Cost of breaking before atom `j` (lower is better).
fn break_penalty(atoms: &[Atom], j: usize) -> i64 {
    let Some(atom) = atoms.get(j) else { return 0 };
    if atom.space_before {
        return 0;
    }
    let prev_last = j
        .checked_sub(1)
        .and_then(|i| atoms.get(i))
        .and_then(Atom::last);
    let first = atom.text.chars().next().unwrap_or(' ');
    if prev_last.is_some_and(good_break_after) || no_end(first) {
        return 0;
    }
    let prev_wide = prev_last.is_some_and(|c| cells(c) == 2);
    if prev_wide || cells(first) == 2 {
        // Between two CJK characters: allowed, but a bracket or comma boundary is better, and
        // a short word stays whole.
        let letter = |c: &char| cells(*c) == 2 && c.is_alphanumeric();
        let before: usize = run_len(
            atoms[..j].iter().rev().map(|a| a.text.chars().rev()),
            letter,
        );
        let after: usize = run_len(atoms[j..].iter().map(|a| a.text.chars()), letter);
        if before > 0 && after > 0 && before + after <= SHORT_WORD {
            return 2 * LINE_COST;
        }
        return 60;
    }
    // Inside a word (after a hyphen or a hard split).
    400
}

/// How many characters in a row, across atoms, are `letter`s from the start of `atoms`.
fn run_len<I: Iterator<Item = char>>(
    atoms: impl Iterator<Item = I>,
    letter: impl Fn(&char) -> bool,
) -> usize {
    let mut n = 0;
    for chars in atoms {
        for c in chars {
            if !letter(&c) {
                return n;
            }
            n += 1;
        }
    }
    n
}

/// Wraps `text` into lines of at most `max_cells` display cells, never more than [`MAX_LINES`]
/// (the last then ends with "…"). Minimises the number of lines first, then balances line
/// lengths and prefers breaks at spaces, after 、，and before brackets.
pub(crate) fn wrap(text: &str, max_cells: usize) -> Vec<String> {
    let max_cells = max_cells.max(4);
    let atoms = atoms(text, max_cells);
    let n = atoms.len();
    if n == 0 {
        return Vec::new();
    }
    // best[j]: (cost, start of the last line) for atoms[..j].
    let mut best: Vec<(i64, usize)> = vec![(i64::MAX, 0); n + 1];
    best[0] = (0, 0);
    for j in 1..=n {
        let mut width = 0usize;
        let mut i = j;
        while i > 0 {
            i -= 1;
            let atom = &atoms[i];
            width += atom.cells;
            if i + 1 < j && atoms[i + 1].space_before {
                width += 1;
            }
            if width > max_cells && i + 1 < j {
                break;
            }
            let before = best[i].0;
            if before == i64::MAX {
                continue;
            }
            let slack = max_cells.saturating_sub(width) as i64;
            let cost = before + LINE_COST + slack * slack + break_penalty(&atoms, j);
            if cost < best[j].0 {
                best[j] = (cost, i);
            }
        }
    }
    let mut bounds = Vec::new();
    let mut j = n;
    while j > 0 {
        let i = best[j].1;
        bounds.push((i, j));
        if i >= j {
            break; // unreachable with a valid DP table; guards against a loop
        }
        j = i;
    }
    bounds.reverse();
    let mut lines: Vec<String> = bounds
        .iter()
        .map(|&(i, j)| {
            let mut line = String::new();
            for (k, atom) in atoms[i..j].iter().enumerate() {
                if k > 0 && atom.space_before {
                    line.push(' ');
                }
                line.push_str(&atom.text);
            }
            line
        })
        .collect();
    let truncated = text.chars().count() > MAX_CHARS;
    if lines.len() > MAX_LINES || truncated {
        lines.truncate(MAX_LINES);
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && str_cells(last) + 1 > max_cells {
                last.pop();
            }
            last.push('…');
        }
    }
    lines
}

/// Whether XML 1.0 allows `c` in a document.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// Appends `s` escaped for XML text and attribute values, dropping characters XML forbids.
pub(crate) fn push_escaped(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// Appends a coordinate rounded to 0.1 ("12", "12.5"); non-finite values print as 0.
pub(crate) fn push_num(out: &mut String, v: f64) {
    let r = if v.is_finite() {
        (v * 10.0).round() / 10.0
    } else {
        0.0
    };
    if r == 0.0 {
        out.push('0');
    } else if r.fract() == 0.0 && r.abs() < 1e15 {
        let _ = write!(out, "{}", r as i64);
    } else {
        let _ = write!(out, "{r:.1}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn widths(lines: &[String]) -> Vec<usize> {
        lines.iter().map(|l| str_cells(l)).collect()
    }

    #[test]
    fn chinese_names_wrap_within_14_cells() {
        for name in [
            "锂资源（锂矿、盐湖卤水）",
            "氟化工原料（氢氟酸、五氯化磷等）",
            "正极前驱体（三元前驱体、磷酸铁）",
            "电池级碳酸锂",
        ] {
            let lines = wrap(name, 14);
            assert!(widths(&lines).iter().all(|&w| w <= 14), "{lines:?}");
            assert_eq!(lines.concat(), name);
            for line in &lines {
                let first = line.chars().next().unwrap();
                assert!(!no_start(first), "line starts with {first}: {lines:?}");
                assert!(!no_end(line.chars().last().unwrap()), "{lines:?}");
            }
        }
        assert_eq!(wrap("电池级碳酸锂", 14), ["电池级碳酸锂"]);
        assert_eq!(
            wrap("锂资源（锂矿、盐湖卤水）", 14),
            ["锂资源（锂矿、", "盐湖卤水）"]
        );
        // A short word between punctuation stays whole, even at the cost of a line.
        assert_eq!(
            wrap("负极原料（石墨、针状焦）", 14),
            ["负极原料", "（石墨、", "针状焦）"]
        );
        // Prefers the bracket boundary when it costs no extra line.
        assert_eq!(
            wrap("充换电设施（充电桩）", 14),
            ["充换电设施", "（充电桩）"]
        );
    }

    #[test]
    fn english_breaks_at_spaces() {
        let lines = wrap("Lithium resources (spodumene, lepidolite, brine)", 22);
        assert!(widths(&lines).iter().all(|&w| w <= 22), "{lines:?}");
        assert_eq!(
            lines.join(" "),
            "Lithium resources (spodumene, lepidolite, brine)"
        );
        let lines = wrap("Supercalifragilisticexpialidociousness", 22);
        assert_eq!(lines.len(), 2);
        assert!(widths(&lines).iter().all(|&w| w <= 22));
    }

    #[test]
    fn long_and_odd_input() {
        let long = "很".repeat(10_000);
        let lines = wrap(&long, 14);
        assert_eq!(lines.len(), MAX_LINES);
        assert!(lines[MAX_LINES - 1].ends_with('…'));
        assert!(widths(&lines).iter().all(|&w| w <= 14));
        assert!(wrap("", 14).is_empty());
        assert!(wrap(" \n\t ", 14).is_empty());
        assert_eq!(wrap("a\u{0}b", 14), ["ab"]);
        assert_eq!(wrap("（（（（", 4).concat(), "（（（（");
    }

    #[test]
    fn escapes_and_numbers() {
        let mut s = String::new();
        push_escaped(&mut s, "A&B <x> \"q\" 'a'\u{1}");
        assert_eq!(s, "A&amp;B &lt;x&gt; &quot;q&quot; &apos;a&apos;");
        let mut s = String::new();
        for v in [0.0, -0.04, 12.0, 12.25, -3.5, f64::NAN, f64::INFINITY] {
            push_num(&mut s, v);
            s.push(' ');
        }
        assert_eq!(s, "0 0 12 12.3 -3.5 0 0 ");
    }
}
