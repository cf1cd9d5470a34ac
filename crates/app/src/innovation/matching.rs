//! The need ↔ achievement matching of the module docs, fast enough for a province: texts become
//! sparse TF-IDF vectors over interned terms, and each need meets only the achievements that
//! share a term (through an inverted index) or a node; the rest could not reach the threshold
//! (without either, a pair is never a match). Reasons are written for the kept matches only.

use super::{
    DISTANCE_WEIGHT, MATCHES_PER_NEED, MIN_SCORE, MIN_TEXT, NODE_WEIGHT, READINESS_WEIGHT,
    TEXT_WEIGHT,
};
use liantu_model::RegionCode;
use liantu_model::innovation::{Achievement, NodeRef, TechNeed};
use std::collections::{HashMap, HashSet};

/// Chinese character bigrams (a single character alone) and lower-cased Latin words/numbers.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut han: Vec<char> = Vec::new();
    let mut word = String::new();
    let flush_han = |han: &mut Vec<char>, out: &mut Vec<String>| {
        match han.len() {
            0 => {}
            1 => out.push(han[0].to_string()),
            _ => out.extend(han.windows(2).map(|w| w.iter().collect::<String>())),
        }
        han.clear();
    };
    for c in text.chars() {
        if ('\u{4e00}'..='\u{9fff}').contains(&c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            han.push(c);
        } else if c.is_ascii_alphanumeric() {
            flush_han(&mut han, &mut out);
            word.push(c.to_ascii_lowercase());
        } else {
            flush_han(&mut han, &mut out);
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
        }
    }
    flush_han(&mut han, &mut out);
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// A unit-length TF-IDF vector: (term id, weight), by term id.
pub(super) type Vector = Vec<(u32, f64)>;

/// Term ids and their IDF over a set of texts, `ln((1+N)/(1+df)) + 1`.
pub(super) struct TextIndex {
    ids: HashMap<String, u32>,
    idf: Vec<f64>,
}

impl TextIndex {
    pub(super) fn new<'a>(texts: impl Iterator<Item = &'a str>) -> TextIndex {
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut df: Vec<usize> = Vec::new();
        let mut n = 0usize;
        for text in texts {
            n += 1;
            let mut seen: HashSet<u32> = HashSet::new();
            for t in terms(text) {
                let next = ids.len() as u32;
                let id = *ids.entry(t).or_insert(next);
                if id as usize == df.len() {
                    df.push(0);
                }
                if seen.insert(id) {
                    df[id as usize] += 1;
                }
            }
        }
        let idf = df
            .into_iter()
            .map(|d| ((1 + n) as f64 / (1 + d) as f64).ln() + 1.0)
            .collect();
        TextIndex { ids, idf }
    }

    /// How many distinct terms the index holds.
    pub(super) fn terms(&self) -> usize {
        self.idf.len()
    }

    /// The text's vector; terms the index never saw are left out.
    pub(super) fn vector(&self, text: &str) -> Vector {
        let mut weights: HashMap<u32, f64> = HashMap::new();
        for t in terms(text) {
            if let Some(&id) = self.ids.get(&t) {
                *weights.entry(id).or_default() += self.idf[id as usize];
            }
        }
        let norm = weights.values().map(|x| x * x).sum::<f64>().sqrt();
        let mut v: Vector = weights
            .into_iter()
            .map(|(id, w)| (id, if norm > 0.0 { w / norm } else { 0.0 }))
            .collect();
        v.sort_unstable_by_key(|(id, _)| *id);
        v
    }
}

/// Cosine of two unit vectors (a merge over their sorted term ids).
#[cfg(test)]
pub(super) fn cosine(a: &Vector, b: &Vector) -> f64 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum.clamp(0.0, 1.0)
}

/// How close two divisions are: same county 1, city 0.7, province 0.4, elsewhere 0.1.
pub(super) fn closeness(a: &RegionCode, b: &RegionCode) -> f64 {
    let (sa, sb) = (a.as_str(), b.as_str());
    if sa == sb {
        1.0
    } else if sa[..4] == sb[..4] {
        0.7
    } else if sa[..2] == sb[..2] {
        0.4
    } else {
        0.1
    }
}

/// A kept match, as numbers: the achievement's index and the parts of its score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Scored {
    pub achievement: usize,
    pub score: f64,
    pub text: f64,
    pub nodes: f64,
    pub distance: f64,
    pub readiness: f64,
}

/// The achievements, indexed for matching.
pub(super) struct Matcher<'a> {
    achievements: &'a [Achievement],
    /// Term id → (achievement, weight).
    postings: Vec<Vec<(u32, f64)>>,
    by_node: HashMap<&'a NodeRef, Vec<u32>>,
    /// Reused per need: text score per achievement, and which were touched.
    scores: Vec<f64>,
    touched: Vec<u32>,
}

impl<'a> Matcher<'a> {
    pub(super) fn new(
        achievements: &'a [Achievement],
        vectors: &[Vector],
        terms: usize,
    ) -> Matcher<'a> {
        let mut postings: Vec<Vec<(u32, f64)>> = vec![Vec::new(); terms];
        let mut by_node: HashMap<&NodeRef, Vec<u32>> = HashMap::new();
        for (i, (a, v)) in achievements.iter().zip(vectors).enumerate() {
            for &(t, w) in v {
                postings[t as usize].push((i as u32, w));
            }
            for n in &a.nodes {
                by_node.entry(n).or_default().push(i as u32);
            }
        }
        Matcher {
            achievements,
            postings,
            by_node,
            scores: vec![0.0; achievements.len()],
            touched: Vec::new(),
        }
    }

    /// The need's best [`MATCHES_PER_NEED`] achievements, best first (ties by number).
    pub(super) fn best(
        &mut self,
        need: &TechNeed,
        vector: &Vector,
        region: Option<&RegionCode>,
    ) -> Vec<Scored> {
        for &(t, w) in vector {
            for &(a, wa) in &self.postings[t as usize] {
                if self.scores[a as usize] == 0.0 {
                    self.touched.push(a);
                }
                self.scores[a as usize] += w * wa;
            }
        }
        for n in &need.nodes {
            for &a in self.by_node.get(n).into_iter().flatten() {
                if self.scores[a as usize] == 0.0 {
                    // Marked as touched with a text score too small to count.
                    self.scores[a as usize] = f64::MIN_POSITIVE;
                    self.touched.push(a);
                }
            }
        }
        let chains: HashSet<&str> = need.nodes.iter().map(|n| n.chain.as_str()).collect();
        let mut kept: Vec<Scored> = Vec::new();
        for &a in &self.touched {
            let i = a as usize;
            let text = self.scores[i].clamp(0.0, 1.0);
            self.scores[i] = 0.0;
            let achievement = &self.achievements[i];
            let shared = achievement.nodes.iter().any(|n| need.nodes.contains(n));
            if !shared && text < MIN_TEXT {
                continue;
            }
            let nodes = if shared {
                1.0
            } else if achievement
                .nodes
                .iter()
                .any(|n| chains.contains(n.chain.as_str()))
            {
                0.3
            } else {
                0.0
            };
            let distance = region.map_or(0.0, |r| closeness(r, &achievement.region));
            let readiness = achievement.maturity.readiness();
            let score = TEXT_WEIGHT * text
                + NODE_WEIGHT * nodes
                + DISTANCE_WEIGHT * distance
                + READINESS_WEIGHT * readiness;
            if score < MIN_SCORE {
                continue;
            }
            kept.push(Scored {
                achievement: i,
                score,
                text,
                nodes,
                distance,
                readiness,
            });
        }
        self.touched.clear();
        kept.sort_by(|x, y| {
            y.score.total_cmp(&x.score).then_with(|| {
                self.achievements[x.achievement]
                    .id
                    .cmp(&self.achievements[y.achievement].id)
            })
        });
        kept.truncate(MATCHES_PER_NEED);
        kept
    }
}
