//! Job titles as enterprises write them — `锂电池涂布操作工（包吃住）`, `五菱区域销售经理`,
//! `电芯工艺工程师` — to occupations (细类) of the 2022 classification, offline, on one core,
//! with nothing downloaded: a lexical ranker over each occupation's official name, the file's
//! aliases, the definition and the tasks.
//!
//! # How a title is scored
//!
//! 1. **Cleaning** ([`clean`]): full-width ASCII to half-width, lower case; recruitment noise
//!    removed (招聘, 急招, 包吃住, 五险一金, 月薪6000+, 两班倒 …), seniority (高级, 资深 …), local
//!    places and employers (柳州, 五菱 …): they say where and for whom, not what the work is.
//! 2. **Tokens**: within each run of CJK characters, its bigrams (weight 1) and characters
//!    (weight [`UNIGRAM_WEIGHT`]); each run of ASCII letters or digits is one token (`plc`,
//!    `dcs`, `java`).
//! 3. **BM25** (k1 = 1.2, b = 0.75) in four fields of each occupation, added with the field
//!    weights of [`FIELDS`]: the name says most, the aliases (the file's authors' collection of
//!    posting titles, not the standard) nearly as much, the definition and tasks less.
//! 4. **The title's head**: Chinese job titles end in what the person is — `…工程师` (an
//!    engineer: the classification's `…工程技术人员`), `…工` (a worker), `…员`, `…师`. An
//!    occupation whose name ends the same way gets [`HEAD_BONUS`] × the best score.
//!
//! The confidence of the first candidate is `1 − second/first`: 0 when two occupations tie, 1
//! when nothing else scores.

use liantu_model::occupation::{Occupation, OccupationCode};
use rustc_hash::FxHashMap as HashMap;
use std::hash::BuildHasher;

/// Weight of a single CJK character against a bigram: characters find related words when no
/// bigram matches, without letting common characters (工, 员) decide.
pub const UNIGRAM_WEIGHT: f64 = 0.1;

/// Weight of an occupation's fields: name, aliases, definition, tasks, and the name and aliases
/// of its 小类 (a title often names the group). Aliases weigh most: they are how postings
/// name jobs, which official names are not.
pub const FIELDS: [f64; 5] = [2.0, 3.0, 1.0, 0.8, 0.5];

/// Share of the best score added to an occupation whose name or an alias the title contains,
/// times the share of the title's characters it covers.
pub const CONTAIN_BONUS: f64 = 0.5;

/// Share of the best score added to occupations whose name ends like the title's head.
pub const HEAD_BONUS: f64 = 0.25;

/// The weights a classifier scores with; [`Weights::DEFAULT`] are the constants above, chosen
/// on the tuning half of the labelled titles (`tests/evaluation.rs`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    pub unigram: f64,
    pub fields: [f64; 5],
    pub contain: f64,
    pub head: f64,
}

impl Weights {
    pub const DEFAULT: Weights = Weights {
        unigram: UNIGRAM_WEIGHT,
        fields: FIELDS,
        contain: CONTAIN_BONUS,
        head: HEAD_BONUS,
    };
}

const K1: f64 = 1.2;
const B: f64 = 0.75;

/// Words that say how a job is advertised, not what it is; removed before scoring (longest
/// first, so 包吃包住 goes before 包吃).
const NOISE: &[&str] = &[
    "招聘",
    "急招",
    "急聘",
    "诚聘",
    "诚招",
    "热招",
    "直招",
    "高薪",
    "长期",
    "大量",
    "若干",
    "数名",
    "多名",
    "包吃包住",
    "包吃住",
    "包住",
    "包吃",
    "包食宿",
    "五险一金",
    "五险",
    "社保",
    "双休",
    "单休",
    "长白班",
    "白班",
    "两班倒",
    "倒班",
    "日结",
    "周结",
    "月结",
    "月薪",
    "年薪",
    "底薪",
    "薪资",
    "提成",
    "待遇",
    "优厚",
    "面议",
    "可实习",
    "实习",
    "应届",
    "毕业生",
    "经验不限",
    "不限经验",
    "男女不限",
    "限男",
    "限女",
    "岁",
    "以上",
    "以下",
    "方向",
    "岗位",
    "职位",
    "高级",
    "资深",
    "初级",
    "中级",
    "储备",
    "学徒",
    "见习",
    "正式工",
    "临时工",
    "小时工",
    "兼职",
    "全职",
    "驻厂",
    "本地",
    "区域",
    "全国",
    "轮休",
];

/// Units left alone once an amount's digits are removed.
const UNITS: &[&str] = &["元", "k", "w", "月", "年", "天", "个", "名", "人", "号"];

/// Places and employers of the region: who and where, not what (a title's `五菱区域销售经理` is a
/// sales manager).
const NAMES: &[&str] = &[
    "广西",
    "柳州",
    "南宁",
    "桂林",
    "梧州",
    "北海",
    "玉林",
    "百色",
    "河池",
    "来宾",
    "贵港",
    "钦州",
    "防城港",
    "崇左",
    "贺州",
    "鹿寨",
    "柳城",
    "融安",
    "融水",
    "三江",
    "柳江",
    "柳南",
    "柳北",
    "城中",
    "鱼峰",
    "五菱",
    "上汽通用",
    "上汽",
    "柳钢",
    "柳工",
    "东风",
    "柳汽",
    "比亚迪",
    "宁德时代",
    "集团",
    "有限公司",
    "分公司",
    "公司",
];

/// A title's head and the ending of the occupation names it points to.
const HEADS: &[(&str, &str)] = &[
    ("工程师", "工程技术人员"),
    ("技术员", "员"),
    ("操作工", "工"),
    ("工", "工"),
    ("员", "员"),
    ("师", "师"),
];

std::thread_local! {
    /// Each thread's score buffer, one per occupation, reused from title to title.
    static SCORES: std::cell::RefCell<Vec<f64>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// One ranked occupation.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub code: OccupationCode,
    pub name: String,
    pub score: f64,
}

/// A title's best occupations and the confidence in the first.
#[derive(Debug, Clone, PartialEq)]
pub struct Classified {
    /// Best first; empty when nothing in the title matched any occupation.
    pub candidates: Vec<Candidate>,
    /// `1 − second/first` (see the crate docs); 0 without candidates.
    pub confidence: f64,
}

/// BM25 weights of one field of every occupation: token → (occupation, weight), where the
/// weight is the field's weight × the token's idf in the field × the saturated, length-normalised
/// term frequency — everything but the query's own token weight.
fn field_weights(weight: f64, texts: &[Vec<(u64, f64)>]) -> HashMap<u64, Vec<(u32, f64)>> {
    let n = texts.len() as f64;
    let lengths: Vec<f64> = texts.iter().map(|t| t.len() as f64).collect();
    let average = (lengths.iter().sum::<f64>() / n.max(1.0)).max(1.0);
    let mut postings: HashMap<u64, Vec<(u32, f64)>> = HashMap::default();
    for (doc, tokens) in texts.iter().enumerate() {
        let mut tf: HashMap<u64, f64> = HashMap::default();
        for (token, _) in tokens {
            *tf.entry(*token).or_default() += 1.0;
        }
        for (token, count) in tf {
            let norm = count * (K1 + 1.0) / (count + K1 * (1.0 - B + B * lengths[doc] / average));
            postings.entry(token).or_default().push((doc as u32, norm));
        }
    }
    for list in postings.values_mut() {
        let df = list.len() as f64;
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        for (_, w) in list.iter_mut() {
            *w *= weight * idf;
        }
    }
    postings
}

/// The occupations (细类) of a classification, indexed for titles.
pub struct Classifier {
    occupations: Vec<(OccupationCode, String)>,
    /// Token → its id in `postings`.
    vocabulary: HashMap<u64, u32>,
    /// Per token, every occupation it scores and by how much, all fields added.
    postings: Vec<Vec<(u32, f32)>>,
    /// Advertising words, places and employers, removed in one pass (see [`clean`]).
    noise: aho_corasick::AhoCorasick,
    /// Every occupation's name and aliases (two characters or more) …
    phrases: aho_corasick::AhoCorasick,
    /// … and whose each is, with its length in characters.
    phrase_owner: Vec<(usize, usize)>,
    weights: Weights,
    /// For each name ending of [`HEADS`], the occupations whose name ends so.
    endings: std::collections::HashMap<&'static str, Vec<usize>>,
}

impl Classifier {
    /// Indexes the level-4 classes (occupations) of `classes`.
    pub fn new(classes: &[Occupation]) -> Classifier {
        Classifier::with_weights(classes, Weights::DEFAULT)
    }

    /// [`Classifier::new`] scoring with other weights (for tuning them).
    pub fn with_weights(classes: &[Occupation], weights: Weights) -> Classifier {
        let jobs: Vec<&Occupation> = classes.iter().filter(|c| c.level == 4).collect();
        let groups: std::collections::HashMap<&str, &Occupation> = classes
            .iter()
            .filter(|c| c.level == 3)
            .map(|c| (c.code.as_str(), c))
            .collect();
        let group_text = |o: &Occupation| {
            let code = format!("{}-00", &o.code.as_str()[..7]);
            groups
                .get(code.as_str())
                .map(|g| format!("{} {}", g.name, g.aliases.join(" ")))
                .unwrap_or_default()
        };
        let texts = |text: &dyn Fn(&Occupation) -> String| -> Vec<Vec<(u64, f64)>> {
            jobs.iter()
                .map(|o| tokens(&text(o), weights.unigram))
                .collect()
        };
        let fields = [
            texts(&|o| o.name.clone()),
            texts(&|o| o.aliases.join(" ")),
            texts(&|o| o.definition.clone()),
            texts(&|o| o.tasks.clone()),
            texts(&group_text),
        ];
        let mut combined: HashMap<u64, HashMap<u32, f64>> = HashMap::default();
        for (weight, texts) in weights.fields.iter().zip(&fields) {
            for (token, list) in field_weights(*weight, texts) {
                let entry = combined.entry(token).or_default();
                for (doc, w) in list {
                    *entry.entry(doc).or_default() += w;
                }
            }
        }
        let mut vocabulary = HashMap::with_capacity_and_hasher(combined.len(), Default::default());
        let mut postings = Vec::with_capacity(combined.len());
        for (token, docs) in combined {
            vocabulary.insert(token, postings.len() as u32);
            let mut list: Vec<(u32, f32)> = docs.into_iter().map(|(d, w)| (d, w as f32)).collect();
            list.sort_unstable_by_key(|(d, _)| *d);
            postings.push(list);
        }
        let mut patterns = Vec::new();
        let mut phrase_owner = Vec::new();
        for (i, o) in jobs.iter().enumerate() {
            for phrase in std::iter::once(&o.name).chain(&o.aliases) {
                let phrase = phrase.to_lowercase();
                let len = phrase.chars().count();
                if len >= 2 {
                    patterns.push(phrase);
                    phrase_owner.push((i, len));
                }
            }
        }
        let phrases =
            aho_corasick::AhoCorasick::new(&patterns).expect("names and aliases are plain text");
        Classifier {
            occupations: jobs
                .iter()
                .map(|o| (o.code.clone(), o.name.clone()))
                .collect(),
            vocabulary,
            postings,
            noise: noise_matcher(),
            weights,
            endings: HEADS
                .iter()
                .map(|(_, ending)| {
                    let owners = jobs
                        .iter()
                        .enumerate()
                        .filter(|(_, o)| o.name.ends_with(ending))
                        .map(|(i, _)| i)
                        .collect();
                    (*ending, owners)
                })
                .collect(),
            phrases,
            phrase_owner,
        }
    }

    /// The occupations indexed.
    pub fn len(&self) -> usize {
        self.occupations.len()
    }

    pub fn is_empty(&self) -> bool {
        self.occupations.is_empty()
    }

    /// The best `k` occupations for `title`.
    pub fn classify(&self, title: &str, k: usize) -> Classified {
        let cleaned = clean_with(&self.noise, title);
        let mut query = tokens(&cleaned, self.weights.unigram);
        query.sort_unstable_by_key(|t| t.0);
        query.dedup_by_key(|t| t.0);
        SCORES.with_borrow_mut(|scores| {
            scores.clear();
            scores.resize(self.occupations.len(), 0.0);
            self.rank(&cleaned, &query, scores, k)
        })
    }

    /// Scores every occupation for the cleaned title's `query` tokens into `scores` and keeps
    /// the best `k`.
    fn rank(
        &self,
        cleaned: &str,
        query: &[(u64, f64)],
        scores: &mut [f64],
        k: usize,
    ) -> Classified {
        for (token, weight) in query {
            if let Some(id) = self.vocabulary.get(token) {
                for &(doc, w) in &self.postings[*id as usize] {
                    scores[doc as usize] += weight * f64::from(w);
                }
            }
        }
        let best = scores.iter().copied().fold(0.0, f64::max);
        if best <= 0.0 {
            return Classified {
                candidates: Vec::new(),
                confidence: 0.0,
            };
        }
        // An occupation whose name or alias the title contains, by the share it covers.
        let title_len = cleaned
            .chars()
            .filter(|c| c.is_alphanumeric())
            .count()
            .max(1);
        let mut covered: HashMap<usize, usize> = HashMap::default();
        for found in self.phrases.find_overlapping_iter(cleaned) {
            let (owner, len) = self.phrase_owner[found.pattern().as_usize()];
            let best_len = covered.entry(owner).or_default();
            *best_len = (*best_len).max(len);
        }
        for (owner, len) in covered {
            scores[owner] +=
                self.weights.contain * best * (len.min(title_len) as f64 / title_len as f64);
        }
        if let Some(ending) = head_ending(cleaned)
            && let Some(owners) = self.endings.get(ending)
        {
            for &i in owners {
                if scores[i] > 0.0 {
                    scores[i] += self.weights.head * best;
                }
            }
        }
        // The best few by one pass (sorting every scored occupation would cost more than
        // scoring them). Ties go to the lower code, so the answer never depends on input order.
        let better = |a: usize, b: usize| {
            scores[a]
                .total_cmp(&scores[b])
                .then_with(|| self.occupations[b].0.cmp(&self.occupations[a].0))
                .is_gt()
        };
        let keep = k.max(2);
        let mut order: Vec<usize> = Vec::with_capacity(keep + 1);
        for i in (0..scores.len()).filter(|i| scores[*i] > 0.0) {
            if order.len() == keep && !better(i, order[keep - 1]) {
                continue;
            }
            let at = order
                .iter()
                .position(|&j| better(i, j))
                .unwrap_or(order.len());
            order.insert(at, i);
            order.truncate(keep);
        }
        let candidates: Vec<Candidate> = order
            .iter()
            .take(k.max(1))
            .map(|i| Candidate {
                code: self.occupations[*i].0.clone(),
                name: self.occupations[*i].1.clone(),
                score: scores[*i],
            })
            .collect();
        let confidence = match order.as_slice() {
            [first, second, ..] => 1.0 - scores[*second] / scores[*first],
            _ => 1.0,
        };
        Classified {
            candidates,
            confidence,
        }
    }
}

/// The occupation-name ending a cleaned title's head points to.
fn head_ending(cleaned: &str) -> Option<&'static str> {
    let last = cleaned
        .split(|c: char| !c.is_alphanumeric())
        .rfind(|part| !part.is_empty())?;
    HEADS
        .iter()
        .find(|(head, _)| last.ends_with(head))
        .map(|(_, ending)| *ending)
}

/// The matcher of [`NOISE`] and [`NAMES`], longest first.
fn noise_matcher() -> aho_corasick::AhoCorasick {
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(NOISE.iter().chain(NAMES))
        .expect("plain words")
}

/// A title with what does not say what the job is taken out (see the crate docs); the rest is
/// kept in order, separated by spaces.
pub fn clean(title: &str) -> String {
    clean_with(&noise_matcher(), title)
}

fn clean_with(noise: &aho_corasick::AhoCorasick, title: &str) -> String {
    let text: String = title
        .chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            // Amounts (6000+, 5k-8k, 4500元) lose their digits; what is left is a unit.
            c if c.is_ascii_digit() || c == '\u{3000}' => ' ',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    let text = noise.replace_all(&text, &[" "; NOISE.len() + NAMES.len()]);
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|part| !part.is_empty() && !UNITS.contains(part))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The tokens of `text` with their weights: CJK bigrams (1) and characters
/// ([`UNIGRAM_WEIGHT`]) within runs, ASCII words (1) — as numbers: a character is tagged in the
/// top bit, a bigram in the next with both characters (21 bits each), an ASCII word is its hash
/// with both tags clear.
fn tokens(text: &str, unigram: f64) -> Vec<(u64, f64)> {
    const CHAR: u64 = 1 << 63;
    const BIGRAM: u64 = 1 << 62;
    let word = |w: &str| rustc_hash::FxBuildHasher.hash_one(w) & !(CHAR | BIGRAM);
    let mut out = Vec::new();
    let mut previous: Option<char> = None;
    let mut ascii = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            previous = None;
            ascii.push(c);
            continue;
        }
        if !ascii.is_empty() {
            out.push((word(&ascii), 1.0));
            ascii.clear();
        }
        if c.is_alphanumeric() {
            out.push((CHAR | u64::from(c), unigram));
            if let Some(p) = previous {
                out.push((BIGRAM | u64::from(p) << 21 | u64::from(c), 1.0));
            }
            previous = Some(c);
        } else {
            previous = None;
        }
    }
    if !ascii.is_empty() {
        out.push((word(&ascii), 1.0));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_keeps_the_work_and_drops_the_advert() {
        assert_eq!(clean("锂电池涂布操作工（包吃住）"), "锂电池涂布操作工");
        assert_eq!(
            clean("柳州急招普工/操作工 五险一金 月薪6000+"),
            "普工 操作工"
        );
        assert_eq!(clean("五菱区域销售经理"), "销售经理");
        assert_eq!(clean("高级Java开发工程师"), "java开发工程师");
        assert_eq!(clean("ＰＬＣ工程师"), "plc工程师");
    }

    #[test]
    fn tokens_are_bigrams_characters_and_ascii_words() {
        let t = tokens("plc电工 plc", UNIGRAM_WEIGHT);
        assert_eq!(t.len(), 5);
        assert_eq!(t[0].0, t[4].0, "the same word, the same token");
        let (char_e, char_g, bigram) = (t[1].0, t[2].0, t[3].0);
        assert_eq!((char_e >> 63, char_g >> 63, bigram >> 62), (1, 1, 1));
        assert_eq!((t[1].1, t[3].1), (UNIGRAM_WEIGHT, 1.0));
        assert_ne!(t[0].0 >> 62, 1);
    }

    #[test]
    fn a_title_head_points_to_name_endings() {
        assert_eq!(head_ending("电芯工艺工程师"), Some("工程技术人员"));
        assert_eq!(head_ending("涂布操作工"), Some("工"));
        assert_eq!(head_ending("销售经理"), None);
    }
}
