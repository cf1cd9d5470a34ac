//! The order of firm names as people who work in Excel and WPS expect it: by pinyin.
//!
//! Sorted by code point, Chinese names come in an order nobody reads by (三江… before 柳州…,
//! since 三 is U+4E09 and 柳 U+67F3). A list of a million firms cannot sort a page by pinyin as it
//! reads it, so every firm stores a sort key, `enterprises.name_sort`, under an index with the
//! USCC (pages never overlap), written by every write beside the name-search bigrams.
//!
//! The order: digits, then Latin letters (case ignored, full-width as ASCII), then Chinese
//! characters by pinyin syllable and tone (李 lǐ before 柳 liǔ before 鹿 lù; 柳州 before the
//! names it begins, such as 柳州市); punctuation, brackets and spaces do not count. A character
//! with several readings takes its most common one (长 → cháng, 重 → zhòng), as Excel does;
//! characters without a reading (outside the CJK blocks) sort last, as equals.
//!
//! Each counted character becomes two printable ASCII bytes — its rank in that order, in base
//! 94 — so byte order is the order on both backends (PostgreSQL's column is `COLLATE "C"`) and
//! the key is shorter than the UTF-8 name: a key of pinyin text ("~liu3~zhou1…", 5½ bytes a
//! character) made a million-firm import 35 % slower through its larger index.

use pinyin::ToPinyin;
use std::collections::BTreeSet;
use std::sync::LazyLock;

/// Characters of the two CJK blocks the table covers (Extension A, then the unified block).
const FIRST: u32 = 0x3400;
const LAST: u32 = 0x9FFF;
/// Bytes `!`..=`~`: each character's rank is two of them.
const BASE: u16 = 94;
/// Ranks: 0–9 digits, 10–35 letters, then the readings in order; the last for no reading.
const LETTERS: u16 = 10;
const READINGS: u16 = 36;
const UNKNOWN: u16 = BASE * BASE - 1;

/// The rank of every character of the CJK blocks (0: no reading), built on first use.
static RANKS: LazyLock<Vec<u16>> = LazyLock::new(|| {
    let reading = |c: u32| {
        char::from_u32(c)?
            .to_pinyin()
            .map(|p| p.with_tone_num_end())
    };
    // Readings with the tone's digit sort as wanted: "li3" < "liu3" < "lu4" ('3' < 'u').
    let readings: BTreeSet<&str> = (FIRST..=LAST).filter_map(reading).collect();
    let ranks: std::collections::HashMap<&str, u16> = readings
        .iter()
        .enumerate()
        .map(|(i, &r)| (r, READINGS + u16::try_from(i).unwrap_or(UNKNOWN - READINGS)))
        .collect();
    (FIRST..=LAST)
        .map(|c| reading(c).map_or(0, |r| ranks[r]))
        .collect()
});

/// The rank of one character, or `None` when it does not count (punctuation, spaces).
fn rank(c: char) -> Option<u16> {
    // Full-width letters and digits (ＡＢＣ１２３) as their ASCII forms.
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    match c {
        '0'..='9' => Some(c as u16 - u16::from(b'0')),
        'a'..='z' => Some(LETTERS + c as u16 - u16::from(b'a')),
        'A'..='Z' => Some(LETTERS + c as u16 - u16::from(b'A')),
        _ if (FIRST..=LAST).contains(&(c as u32)) => match RANKS[(c as u32 - FIRST) as usize] {
            0 => Some(UNKNOWN),
            r => Some(r),
        },
        _ if c.is_alphanumeric() => Some(UNKNOWN),
        _ => None,
    }
}

/// The sort key of `name` (see the module doc).
pub(crate) fn name_sort(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for r in name.chars().filter_map(rank) {
        for digit in [r / BASE, r % BASE] {
            key.push(char::from(b'!' + digit as u8));
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_by_pinyin() {
        let mut names = vec![
            "三江侗族示例木业有限公司",
            "柳州市示例机械厂",
            "鹿寨示例化工有限公司",
            "柳州示例汽车零部件有限公司",
            "李宁示例体育用品公司",
            "ABB（柳州）示例有限公司",
            "abc示例",
            "１２３示例公司",
            "柳城示例糖业",
            "柳州",
        ];
        names.sort_by_key(|n| name_sort(n));
        assert_eq!(
            names,
            [
                "１２３示例公司",
                "ABB（柳州）示例有限公司",
                "abc示例",
                "李宁示例体育用品公司",
                "柳城示例糖业",
                "柳州",
                // 市 and 示 are both shì; then 示 (shì) before 例 (lì) decides.
                "柳州示例汽车零部件有限公司",
                "柳州市示例机械厂",
                "鹿寨示例化工有限公司",
                "三江侗族示例木业有限公司",
            ]
        );
    }

    #[test]
    fn keys_are_two_printable_bytes_a_counted_character() {
        let key = name_sort("柳州（中国）A-1 한");
        // 柳 州 中 国 A 1 한: brackets, the hyphen and the space do not count.
        assert_eq!(key.len(), 2 * 7, "{key}");
        assert!(key.bytes().all(|b| (b'!'..=b'~').contains(&b)));
        // Tones order a syllable's characters: 妈 mā, 麻 má, 马 mǎ, 骂 mà.
        let mut tones = vec!["骂", "马", "麻", "妈"];
        tones.sort_by_key(|n| name_sort(n));
        assert_eq!(tones, ["妈", "麻", "马", "骂"]);
        // Every reading has a rank of its own below the one for no reading.
        let max = RANKS.iter().max().copied().unwrap_or(0);
        assert!(max > READINGS + 1000 && max < UNKNOWN, "{max}");
    }
}
