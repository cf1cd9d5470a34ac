//! A spreadsheet convention every CSV we write and read follows: a text Excel or WPS would run
//! as a formula gets a leading apostrophe (OWASP's advice against CSV injection), and a reader
//! drops that apostrophe again, as the spreadsheet does when it shows the cell.

/// Characters that make a spreadsheet treat a cell as a formula when they start it.
const FORMULA_START: [u8; 6] = [b'=', b'+', b'-', b'@', b'\t', b'\r'];

/// `text` with an apostrophe in front when it starts like a formula; otherwise unchanged.
pub fn neutralise(text: String) -> String {
    match text.as_bytes().first() {
        Some(b) if FORMULA_START.contains(b) => format!("'{text}"),
        _ => text,
    }
}

/// The inverse of [`neutralise`]: an apostrophe before a formula start is dropped.
pub fn unneutralise(text: &str) -> &str {
    match text.as_bytes() {
        [b'\'', b, ..] if FORMULA_START.contains(b) => &text[1..],
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_read_back() {
        for formula in [
            "=HYPERLINK(\"x\")",
            "=cmd|' /C calc'!A0",
            "+SUM(1)",
            "-1+1",
            "@SUM(1)",
            "\tx",
            "\rx",
        ] {
            let safe = neutralise(formula.to_string());
            assert_eq!(safe, format!("'{formula}"));
            assert_eq!(unneutralise(&safe), formula);
        }
        for plain in ["柳州", "'quoted", "a=b", ""] {
            assert_eq!(neutralise(plain.to_string()), plain);
            assert_eq!(unneutralise(plain), plain);
        }
    }
}
