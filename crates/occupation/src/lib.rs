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
//!    engineer: the classification's `…工程技术人员`), `…工` (a worker), `…操作工`, `…员`,
//!    `…师傅`, `…司机` (the last word that ends in one: brackets often follow). The head is
//!    left out of the BM25 query — the rest of the title says what the work is; searched, 操作工
//!    would find 风机操作工 and 司机 轨道交通列车司机 in any title — and an occupation whose
//!    name ends as the head points to gets [`HEAD_BONUS`] × the best score.
//! 5. **Trade words** ([`POSTING_TERMS`], `data/occupations/posting-terms.csv`): the words of a
//!    trade that postings use and the classification's texts do not, each pointing to the
//!    occupation (or 小类) that does that work. A word is of one of two kinds: a **process**
//!    (工序: 化成, 焊装, 排钻, IQC, 叉车) names the work itself, and an occupation it points to
//!    gets [`TERM_BONUS`] × the best score; a **trade** (行业: 电芯, 氯碱, 螺蛳粉, 家具) names
//!    what the employer makes, which decides between otherwise equal jobs but not against the
//!    job the title names (`螺蛳粉包装设计师` is a designer), and gets [`CONTEXT_BONUS`] × the
//!    best score. Each bonus once per occupation, and only for the rank the title's head names:
//!    an engineer's title (`电芯工艺工程师`) does not lift a worker's occupation (电池制造工),
//!    nor a worker's title a 专业技术人员's.
//!
//! The confidence of the first candidate is `1 − second/first`: 0 when two occupations tie, 1
//! when nothing else scores.

use liantu_model::occupation::{Occupation, OccupationCode};
use rustc_hash::FxHashMap as HashMap;
use std::hash::BuildHasher;

/// Weight of a single CJK character against a bigram: characters find related words when no
/// bigram matches, without letting common characters (工, 员) decide.
pub const UNIGRAM_WEIGHT: f64 = 0.5;

/// Weight of an occupation's fields: name, aliases, definition, tasks, and the name and aliases
/// of its 小类 (a title often names the group). Aliases weigh most: they are how postings
/// name jobs, which official names are not.
pub const FIELDS: [f64; 5] = [1.0, 2.0, 1.0, 1.2, 0.5];

/// Share of the best score added to an occupation whose name or an alias the title contains,
/// times the share of the title's characters it covers.
pub const CONTAIN_BONUS: f64 = 0.5;

/// Share of the best score added to occupations whose name ends like the title's head.
pub const HEAD_BONUS: f64 = 0.25;

/// Share of the best score added to an occupation a process (工序) word of the title points to.
pub const TERM_BONUS: f64 = 1.0;

/// Share of the best score added to an occupation a trade (行业) word of the title points to.
pub const CONTEXT_BONUS: f64 = 0.75;

/// The trade words, the occupation each points to and their kind (`词,职业编码,类,说明`, 类 being
/// 工序 or 行业; see the crate docs).
pub const POSTING_TERMS: &str = include_str!("../../../data/occupations/posting-terms.csv");

/// The weights a classifier scores with; [`Weights::DEFAULT`] are the constants above, chosen
/// on the tuning half of the labelled titles (`tests/evaluation.rs`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    pub unigram: f64,
    pub fields: [f64; 5],
    pub contain: f64,
    pub head: f64,
    pub term: f64,
    pub context: f64,
}

impl Weights {
    pub const DEFAULT: Weights = Weights {
        unigram: UNIGRAM_WEIGHT,
        fields: FIELDS,
        contain: CONTAIN_BONUS,
        head: HEAD_BONUS,
        term: TERM_BONUS,
        context: CONTEXT_BONUS,
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

/// Jobs that contain a noise word (招聘专员 is a job, 招聘 alone is the advert): matched with the
/// noise, longest first, and kept.
const KEEP: &[&str] = &["招聘专员", "招聘主管", "招聘经理", "招聘师"];

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

/// A title's head, the endings of the occupation names it points to, and who the person is.
const HEADS: &[Head] = &[
    ("工程师", &["工程技术人员"], Rank::Professional),
    ("技术员", &["员", "工", "人员"], Rank::Either),
    ("专员", &["员", "人员", "师"], Rank::Either),
    ("经理", &["员", "人员", "师"], Rank::Either),
    ("操作工", &["工"], Rank::Worker),
    ("操作员", &["工", "员"], Rank::Worker),
    ("师傅", &["工", "司机", "师"], Rank::Worker),
    ("司机", &["司机", "驾驶员", "操作工"], Rank::Worker),
    ("工", &["工"], Rank::Worker),
    ("员", &["员"], Rank::Either),
    ("师", &["师"], Rank::Either),
];

/// Whom a title's head names: a 专业技术人员 (major group 2 of the classification), someone
/// who is not, or either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rank {
    Professional,
    Worker,
    Either,
}

impl Rank {
    fn admits(self, code: &OccupationCode) -> bool {
        let professional = code.as_str().starts_with("2-");
        match self {
            Rank::Professional => professional,
            Rank::Worker => !professional,
            Rank::Either => true,
        }
    }
}

/// The kind of a trade word (see the crate docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum WordKind {
    /// 工序: names the work.
    Process,
    /// 行业: names what the employer makes.
    Trade,
}

/// The words of [`POSTING_TERMS`] as (word, code, kind): the header skipped, and a line that
/// does not read so (none: the test `posting_terms_all_read` checks the file).
pub fn posting_terms() -> impl Iterator<Item = (&'static str, &'static str, Option<WordKind>)> {
    POSTING_TERMS.lines().skip(1).filter_map(|line| {
        let mut fields = line.splitn(4, ',').map(str::trim);
        let (word, code, kind) = (fields.next()?, fields.next()?, fields.next()?);
        let kind = match kind {
            "工序" => Some(WordKind::Process),
            "行业" => Some(WordKind::Trade),
            _ => None,
        };
        Some((word, code, kind)).filter(|_| !word.is_empty() && !code.is_empty())
    })
}

std::thread_local! {
    /// Each thread's score buffer, one per occupation, reused from title to title.
    static SCORES: std::cell::RefCell<Vec<f64>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Below this confidence a classified title is marked for review (请复核): the first two
/// candidates are within 10 % of each other's score.
pub const REVIEW_BELOW: f64 = 0.1;

/// The confidence as written out: to 0.1 %, which is all the score ratio says. Review marks
/// judge this figure, so a reader filtering on it finds the same rows.
pub fn rounded_confidence(confidence: f64) -> f64 {
    (confidence * 1000.0).round() / 1000.0
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

/// A trade word of [`POSTING_TERMS`] in a classifier.
struct TradeWord {
    /// The occupations it points to, and as which kind of word.
    owners: Vec<(usize, WordKind)>,
    /// Whether it starts or ends in an ASCII letter or digit: then it must be a whole word
    /// there (`qc` is not in `iqcx`).
    ascii_start: bool,
    ascii_end: bool,
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
    /// … and whose each is, with its length in characters; the patterns after these are the
    /// trade words of [`POSTING_TERMS`] …
    phrase_owner: Vec<(usize, usize)>,
    /// … each with the occupations it points to.
    trade_words: Vec<TradeWord>,
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
        // Trade words point to an occupation by its code, or to every occupation of a 小类; a
        // word may point to several (a worker's and an engineer's: the head chooses).
        let mut words: Vec<(String, Vec<(usize, WordKind)>)> = Vec::new();
        for (word, code, kind) in posting_terms() {
            let Some(kind) = kind else { continue };
            let exact = jobs.iter().any(|j| j.code.as_str() == code);
            let owners = jobs
                .iter()
                .enumerate()
                .filter(|(_, o)| match exact {
                    true => o.code.as_str() == code,
                    false => {
                        code.ends_with("-00") && o.code.as_str()[..7] == code[..code.len() - 3]
                    }
                })
                .map(|(i, _)| (i, kind));
            let word = word.to_lowercase();
            match words.iter_mut().find(|(w, _)| *w == word) {
                Some((_, list)) => list.extend(owners),
                None => words.push((word, owners.collect())),
            }
        }
        words.retain(|(_, owners)| !owners.is_empty()); // not in this database's classification
        let ascii_at = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        let mut trade_words = Vec::new();
        for (word, owners) in words {
            trade_words.push(TradeWord {
                owners,
                ascii_start: ascii_at(word.chars().next()),
                ascii_end: ascii_at(word.chars().next_back()),
            });
            patterns.push(word);
        }
        let phrases = aho_corasick::AhoCorasick::new(&patterns)
            .expect("names, aliases and trade words are plain text");
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
                .flat_map(|(_, endings, _)| endings.iter())
                .map(|ending| {
                    let owners = jobs
                        .iter()
                        .enumerate()
                        .filter(|(_, o)| ends_like(&o.name, ending))
                        .map(|(i, _)| i)
                        .collect();
                    (*ending, owners)
                })
                .collect(),
            phrases,
            phrase_owner,
            trade_words,
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
        let head = head_of(&cleaned);
        // The head says whom (a worker, an engineer, a driver) and scores through the name
        // endings; the rest of the title says what work, and only it is searched: otherwise
        // 操作工 finds 风机操作工 and 司机 finds 轨道交通列车司机 in any title.
        let work = match head {
            Some((entry, at)) if cleaned[..at].chars().any(char::is_alphanumeric) => {
                format!("{}{}", &cleaned[..at], &cleaned[at + entry.0.len()..])
            }
            _ => cleaned.clone(),
        };
        let mut query = tokens(&work, self.weights.unigram);
        query.sort_unstable_by_key(|t| t.0);
        query.dedup_by_key(|t| t.0);
        SCORES.with_borrow_mut(|scores| {
            scores.clear();
            scores.resize(self.occupations.len(), 0.0);
            self.rank(&cleaned, head.map(|(entry, _)| entry), &query, scores, k)
        })
    }

    /// The occupations the trade `words` found in the cleaned title point to, each once: the
    /// leftmost-longest words that stand alone (an ASCII word is whole), and of their
    /// occupations those of the rank the title's head names.
    fn pointed_by_words(
        &self,
        cleaned: &str,
        mut words: Vec<(usize, usize, usize)>,
        head: Option<&Head>,
    ) -> Vec<(usize, WordKind)> {
        let ascii_at = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        words.sort_unstable_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
        let mut pointed = Vec::new();
        let mut free_from = 0;
        for (start, end, term) in words {
            let word = &self.trade_words[term];
            if start < free_from
                || (word.ascii_start && ascii_at(cleaned[..start].chars().next_back()))
                || (word.ascii_end && ascii_at(cleaned[end..].chars().next()))
            {
                continue;
            }
            free_from = end;
            pointed.extend(word.owners.iter().copied().filter(|&(i, _)| {
                head.is_none_or(|(_, _, rank)| rank.admits(&self.occupations[i].0))
            }));
        }
        pointed.sort_unstable();
        pointed.dedup();
        pointed
    }

    /// Scores every occupation for the cleaned title's `query` tokens into `scores` and keeps
    /// the best `k`.
    fn rank(
        &self,
        cleaned: &str,
        head: Option<&Head>,
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
        // Trade words found: (start, end, term), of which the leftmost-longest are kept (伐木
        // in 油锯伐木工, not 木工 inside it).
        let mut words: Vec<(usize, usize, usize)> = Vec::new();
        for found in self.phrases.find_overlapping_iter(cleaned) {
            let pattern = found.pattern().as_usize();
            match self.phrase_owner.get(pattern) {
                Some(&(owner, len)) => {
                    let best_len = covered.entry(owner).or_default();
                    *best_len = (*best_len).max(len);
                }
                None => words.push((
                    found.start(),
                    found.end(),
                    pattern - self.phrase_owner.len(),
                )),
            }
        }
        for (owner, len) in covered {
            scores[owner] +=
                self.weights.contain * best * (len.min(title_len) as f64 / title_len as f64);
        }
        for (i, kind) in self.pointed_by_words(cleaned, words, head) {
            let share = match kind {
                WordKind::Process => self.weights.term,
                WordKind::Trade => self.weights.context,
            };
            scores[i] += share * best;
        }
        for ending in head.into_iter().flat_map(|(_, endings, _)| endings.iter()) {
            for &i in &self.endings[ending] {
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
        let mut floor = 0.0; // the last kept score once `keep` are kept: below it, no contest
        // Blocks of scores whose best is under the floor are passed over whole: a block's
        // maximum is a branch-free pass the compiler vectorises.
        const BLOCK: usize = 32;
        for (b, block) in scores.chunks(BLOCK).enumerate() {
            let top = block
                .iter()
                .fold(0.0, |m: f64, &s| if s > m { s } else { m });
            if top <= 0.0 || top < floor {
                continue;
            }
            for (j, &score) in block.iter().enumerate() {
                let i = b * BLOCK + j;
                if score <= 0.0
                    || score < floor
                    || (order.len() == keep && !better(i, order[keep - 1]))
                {
                    continue;
                }
                let at = order
                    .iter()
                    .position(|&j| better(i, j))
                    .unwrap_or(order.len());
                order.insert(at, i);
                order.truncate(keep);
                if order.len() == keep {
                    floor = scores[order[keep - 1]];
                }
            }
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

/// Whether an occupation's name ends in `ending`: `员` is an 操作员's or 质检员's ending, not that
/// of a group of people (…工程技术人员, …专业人员), which is `人员`.
fn ends_like(name: &str, ending: &str) -> bool {
    name.ends_with(ending) && (ending != "员" || !name.ends_with("人员"))
}

/// A title's head: its word, the occupation-name endings it points to, whom it names.
type Head = (&'static str, &'static [&'static str], Rank);

/// The [`HEADS`] entry of the last word of a cleaned title that ends in a head, and where in
/// the title the head starts (`底盘设计工程师 新能源商用车`: the words after the job are often
/// a bracket's).
fn head_of(cleaned: &str) -> Option<(&'static Head, usize)> {
    let mut end = cleaned.len();
    for word in cleaned.rsplit(' ') {
        let start = end - word.len();
        if let Some(entry) = HEADS.iter().find(|(head, _, _)| word.ends_with(head)) {
            return Some((entry, end - entry.0.len()));
        }
        end = start.saturating_sub(1);
    }
    None
}

/// The matcher of [`NOISE`] and [`NAMES`], longest first.
fn noise_matcher() -> aho_corasick::AhoCorasick {
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(NOISE.iter().chain(NAMES).chain(KEEP))
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
    let mut cleaned = String::with_capacity(text.len());
    let mut last = 0;
    for m in noise.find_iter(&text) {
        cleaned.push_str(&text[last..m.start()]);
        // A kept word (招聘专员) stays; noise and names become a space.
        match m.pattern().as_usize() >= NOISE.len() + NAMES.len() {
            true => cleaned.push_str(&text[m.start()..m.end()]),
            false => cleaned.push(' '),
        }
        last = m.end();
    }
    cleaned.push_str(&text[last..]);
    let text = cleaned;
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
    fn posting_terms_all_read() {
        let lines = POSTING_TERMS.lines().count() - 1;
        let read: Vec<_> = posting_terms()
            .filter(|(_, _, kind)| kind.is_some())
            .collect();
        assert_eq!(
            read.len(),
            lines,
            "every line is 词,职业编码,工序|行业,说明"
        );
        for (word, code, _) in read {
            assert!(
                OccupationCode::parse(code).is_ok() && word == word.trim(),
                "{word} → {code}"
            );
        }
    }

    #[test]
    fn a_title_head_points_to_name_endings() {
        let endings = |title| head_of(title).map(|((_, endings, rank), _)| (*endings, *rank));
        assert_eq!(
            endings("电芯工艺工程师"),
            Some((&["工程技术人员"][..], Rank::Professional))
        );
        assert_eq!(endings("涂布操作工"), Some((&["工"][..], Rank::Worker)));
        assert_eq!(
            endings("普铣师傅"),
            Some((&["工", "司机", "师"][..], Rank::Worker))
        );
        assert_eq!(
            endings("底盘设计工程师 新能源商用车"),
            Some((&["工程技术人员"][..], Rank::Professional)),
            "the head is the last word that ends in one"
        );
        assert_eq!(endings("底盘设计"), None);
        assert!(ends_like("质检员", "员") && !ends_like("化工工程技术人员", "员"));
    }
}
