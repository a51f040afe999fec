//! Shared by `examples/fit_quality.rs` and `examples/quality_bench.rs`: the
//! evaluation data readers, the seeded corruption generator and the metrics.
//! Nothing here is part of the library.

#![allow(dead_code)]

use bitext::Lang;
use bitext::numbers::{MentionKind, mentions};
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

/// The shared data folder: $BITEXT_SHARED, else ../shared; the program
/// stops with a clear message when it is absent.
pub fn shared_dir() -> PathBuf {
    let dir = std::env::var_os("BITEXT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    if !dir.join("eval/mac-dev").is_dir() {
        eprintln!(
            "evaluation data not found in {} (expected eval/mac-dev/, eval/bible/, eval/quality/);\nset BITEXT_SHARED to the folder that holds them.",
            dir.display()
        );
        std::process::exit(1);
    }
    dir
}

/// SplitMix64: a small seeded generator, so that the benchmark is the same
/// on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A document of gold 1-1 pairs (Chinese source, English target).
pub struct Doc {
    pub name: String,
    pub pairs: Vec<(String, String)>,
}

fn read_lines(p: &Path) -> Vec<String> {
    std::fs::read_to_string(p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .lines()
        .map(str::to_string)
        .collect()
}

/// `[i,j]:[k]` → (left indices, right indices).
fn parse_bead(line: &str) -> Option<(Vec<usize>, Vec<usize>)> {
    let (l, r) = line.trim().split_once(':')?;
    let list = |s: &str| -> Option<Vec<usize>> {
        let s = s.trim().strip_prefix('[')?.strip_suffix(']')?;
        if s.trim().is_empty() {
            return Some(Vec::new());
        }
        s.split(',').map(|x| x.trim().parse().ok()).collect()
    };
    Some((list(l)?, list(r)?))
}

/// The gold 1-1 pairs of MAC-Dev chapters (zh→en).
pub fn mac_dev(shared: &Path, chapters: &[&str]) -> Vec<Doc> {
    chapters
        .iter()
        .map(|n| {
            let d = shared.join("eval/mac-dev");
            let zh = read_lines(&d.join(format!("zh/{n}.zh")));
            let en = read_lines(&d.join(format!("en/{n}.en")));
            let mut pairs = Vec::new();
            for line in read_lines(&d.join(format!("gold/{n}.align"))) {
                if let Some((a, b)) = parse_bead(&line)
                    && a.len() == 1
                    && b.len() == 1
                {
                    let (s, t) = (zh[a[0]].trim(), en[b[0]].trim());
                    if !s.is_empty() && !t.is_empty() {
                        pairs.push((s.to_string(), t.to_string()));
                    }
                }
            }
            Doc {
                name: format!("mac-dev/{n}"),
                pairs,
            }
        })
        .collect()
}

/// Gold 1-1 verse pairs of the Bible (file 001), taken zh→en, from verse
/// `skip` on, in documents of `per_doc` pairs.
pub fn bible(shared: &Path, skip: usize, docs: usize, per_doc: usize) -> Vec<Doc> {
    let d = shared.join("eval/bible");
    let en = read_lines(&d.join("en/001.en"));
    let zh = read_lines(&d.join("zh/001.zh"));
    let mut pairs = Vec::new();
    for line in read_lines(&d.join("gold/001.align")) {
        if let Some((a, b)) = parse_bead(&line)
            && a.len() == 1
            && b.len() == 1
        {
            pairs.push((zh[b[0]].trim().to_string(), en[a[0]].trim().to_string()));
        }
    }
    pairs
        .into_iter()
        .skip(skip)
        .take(docs * per_doc)
        .collect::<Vec<_>>()
        .chunks(per_doc)
        .enumerate()
        .map(|(k, c)| Doc {
            name: format!("bible/{}", k + 1),
            pairs: c.to_vec(),
        })
        .collect()
}

/// The corruption kinds of the benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Clean,
    Misalignment,
    Omission,
    Number,
    Name,
    Untranslated,
    Truncated,
}

impl Kind {
    pub const CORRUPT: [Kind; 6] = [
        Kind::Misalignment,
        Kind::Omission,
        Kind::Number,
        Kind::Name,
        Kind::Untranslated,
        Kind::Truncated,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Kind::Clean => "clean",
            Kind::Misalignment => "misalignment",
            Kind::Omission => "omission",
            Kind::Number => "number",
            Kind::Name => "name",
            Kind::Untranslated => "untranslated",
            Kind::Truncated => "truncated",
        }
    }
}

/// A benchmark item.
pub struct Item {
    pub src: String,
    pub tgt: String,
    pub kind: Kind,
}

/// English words that the corpus writes only capitalised, never at a
/// sentence start: proper names.
pub fn proper_names(docs: &[Doc]) -> Vec<String> {
    let mut lower = HashSet::new();
    let mut caps = BTreeSet::new();
    for d in docs {
        for (_, t) in &d.pairs {
            let words: Vec<&str> = t
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| !w.is_empty())
                .collect();
            for (i, w) in words.iter().enumerate() {
                if w.starts_with(|c: char| c.is_ascii_lowercase()) {
                    lower.insert(w.to_ascii_lowercase());
                } else if i > 0 && w.len() >= 3 && w[1..].chars().all(|c| c.is_ascii_lowercase()) {
                    caps.insert(w.to_string());
                }
            }
        }
    }
    caps.into_iter()
        .filter(|w| !lower.contains(&w.to_ascii_lowercase()))
        .collect()
}

fn words_spans(t: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (b, c) in t.char_indices().chain(std::iter::once((t.len(), ' '))) {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push((s, b));
            }
        } else {
            start.get_or_insert(b);
        }
    }
    out
}

fn final_mark(t: &str) -> &str {
    let trimmed = t.trim_end_matches(|c: char| !c.is_alphanumeric());
    &t[trimmed.len()..]
}

const NUMBER_WORDS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "twenty",
    "fifty", "hundred",
];

/// Applies one corruption to pair `i` of a document; `None` when the pair
/// does not lend itself to it (no number to change, too short to cut …).
pub fn corrupt(doc: &Doc, i: usize, kind: Kind, names: &[String], rng: &mut Rng) -> Option<Item> {
    let (src, tgt) = &doc.pairs[i];
    let words = words_spans(tgt);
    let out = |t: String| {
        Some(Item {
            src: src.clone(),
            tgt: t,
            kind,
        })
    };
    match kind {
        Kind::Clean => out(tgt.clone()),
        Kind::Misalignment => {
            // A nearby sentence's translation (1 to 3 pairs away).
            let n = doc.pairs.len();
            let off = 1 + rng.below(3);
            let j = if (i + off < n && rng.below(2) == 0) || i < off {
                i + off
            } else {
                i - off
            };
            let t = &doc.pairs.get(j)?.1;
            (t != tgt).then(|| Item {
                src: src.clone(),
                tgt: t.clone(),
                kind,
            })
        }
        Kind::Omission => {
            if words.len() < 8 {
                return None;
            }
            // Drop a clause (between commas/semicolons) of at least a
            // quarter of the words, else the second or first half.
            let clauses: Vec<(usize, usize)> = {
                let mut v = Vec::new();
                let mut s = 0;
                for (b, c) in tgt.char_indices() {
                    if matches!(c, ',' | ';' | ':') {
                        v.push((s, b + 1));
                        s = b + 1;
                    }
                }
                v.push((s, tgt.len()));
                v
            };
            let big: Vec<&(usize, usize)> = clauses
                .iter()
                .filter(|(s, e)| tgt[*s..*e].split_whitespace().count() * 4 >= words.len())
                .collect();
            if clauses.len() >= 2 && !big.is_empty() && rng.below(2) == 0 {
                let &(s, e) = big[rng.below(big.len())];
                let mut t = format!("{}{}", &tgt[..s], &tgt[e..]);
                if e == tgt.len() {
                    t = t.trim_end_matches([',', ';', ':', ' ']).to_string();
                    t.push_str(final_mark(tgt));
                }
                return out(t.split_whitespace().collect::<Vec<_>>().join(" "));
            }
            let half = words.len() / 2;
            let t = if rng.below(2) == 0 {
                let mut t = tgt[..words[half - 1].1]
                    .trim_end_matches([',', ';', ':'])
                    .to_string();
                t.push_str(final_mark(tgt));
                t
            } else {
                let rest = &tgt[words[half].0..];
                let mut c = rest.chars();
                match c.next() {
                    Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                    None => return None,
                }
            };
            out(t)
        }
        Kind::Number => {
            // Change a number of the target that the source also has.
            let sv: Vec<f64> = mentions(src, Lang::Zh).iter().map(|m| m.value).collect();
            let ms: Vec<_> = mentions(tgt, Lang::En)
                .into_iter()
                .filter(|m| m.kind != MentionKind::Month && sv.contains(&m.value))
                .collect();
            if ms.is_empty() {
                return None;
            }
            let m = &ms[rng.below(ms.len())];
            let old = &tgt[m.start..m.end];
            let new = if m.kind == MentionKind::Digits {
                let d: String = old.chars().filter(|c| c.is_ascii_digit()).collect();
                let v: u64 = d.parse().ok()?;
                let nv = v + 1 + rng.below(9) as u64;
                nv.to_string()
            } else {
                let cands: Vec<&&str> = NUMBER_WORDS
                    .iter()
                    .filter(|w| !old.to_ascii_lowercase().contains(**w))
                    .collect();
                let w = cands[rng.below(cands.len())].to_string();
                if old.starts_with(|c: char| c.is_uppercase()) {
                    let mut c = w.chars();
                    c.next()
                        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                        .unwrap_or(w)
                } else {
                    w
                }
            };
            out(format!("{}{}{}", &tgt[..m.start], new, &tgt[m.end..]))
        }
        Kind::Name => {
            let set: HashSet<&str> = names.iter().map(String::as_str).collect();
            let found: Vec<&(usize, usize)> = words
                .iter()
                .skip(1)
                .filter(|(s, e)| {
                    set.contains(tgt[*s..*e].trim_matches(|c: char| !c.is_ascii_alphabetic()))
                })
                .collect();
            if found.is_empty() {
                return None;
            }
            let &&(s, e) = &found[rng.below(found.len())];
            let w = tgt[s..e].trim_matches(|c: char| !c.is_ascii_alphabetic());
            let ws = s + tgt[s..e].find(w)?;
            let others: Vec<&String> = names
                .iter()
                .filter(|n| n.as_str() != w && !tgt.contains(n.as_str()))
                .collect();
            if others.is_empty() {
                return None;
            }
            let new = others[rng.below(others.len())];
            out(format!("{}{}{}", &tgt[..ws], new, &tgt[ws + w.len()..]))
        }
        Kind::Untranslated => {
            // The second part of the target left in Chinese: the first
            // part's English, then the corresponding tail of the source.
            let chars: Vec<char> = src.chars().collect();
            if words.len() < 4 || chars.len() < 6 {
                return None;
            }
            let frac = 0.3 + 0.4 * rng.unit();
            let keep = ((words.len() as f64) * (1.0 - frac)) as usize;
            let cut = ((chars.len() as f64) * (1.0 - frac)) as usize;
            let tail: String = chars[cut..].iter().collect();
            if keep == 0 {
                return out(src.clone());
            }
            out(format!("{} {}", &tgt[..words[keep - 1].1], tail))
        }
        Kind::Truncated => {
            if words.len() < 6 {
                return None;
            }
            let k = (words.len() as f64 * (0.4 + 0.4 * rng.unit())) as usize;
            let t = tgt[..words[k.max(1) - 1].1].trim_end_matches(|c: char| !c.is_alphanumeric());
            out(t.to_string())
        }
    }
}

/// Half the pairs of each document clean, the other half corrupted, each by
/// a kind drawn at random among those that apply (in the order drawn). One
/// item per source pair, so no source repeats.
pub fn benchmark(docs: &[Doc], names: &[String], seed: u64) -> Vec<Vec<Item>> {
    let mut rng = Rng::new(seed);
    docs.iter()
        .map(|doc| {
            (0..doc.pairs.len())
                .map(|i| {
                    if rng.below(2) == 0 {
                        return corrupt(doc, i, Kind::Clean, names, &mut rng).unwrap();
                    }
                    let first = rng.below(6);
                    for k in 0..6 {
                        let kind = Kind::CORRUPT[(first + k) % 6];
                        if let Some(item) = corrupt(doc, i, kind, names, &mut rng) {
                            return item;
                        }
                    }
                    corrupt(doc, i, Kind::Clean, names, &mut rng).unwrap()
                })
                .collect()
        })
        .collect()
}

/// Area under the ROC curve: the probability that a random positive scores
/// above a random negative (ties count half).
pub fn auc(pos: &[f64], neg: &[f64]) -> f64 {
    if pos.is_empty() || neg.is_empty() {
        return f64::NAN;
    }
    let mut all: Vec<(f64, bool)> = pos
        .iter()
        .map(|&s| (s, true))
        .chain(neg.iter().map(|&s| (s, false)))
        .collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Rank-sum with average ranks for ties.
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < all.len() {
        let mut j = i;
        while j < all.len() && all[j].0 == all[i].0 {
            j += 1;
        }
        let avg = (i + j + 1) as f64 / 2.0;
        rank_sum += avg * all[i..j].iter().filter(|x| x.1).count() as f64;
        i = j;
    }
    let (p, n) = (pos.len() as f64, neg.len() as f64);
    (rank_sum - p * (p + 1.0) / 2.0) / (p * n)
}

pub fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx).powi(2);
        syy += (b - my).powi(2);
    }
    sxy / (sxx * syy).sqrt()
}

pub fn mcc(pred: &[bool], gold: &[bool]) -> f64 {
    let (mut tp, mut tn, mut fp, mut fne) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    for (p, g) in pred.iter().zip(gold) {
        match (p, g) {
            (true, true) => tp += 1.0,
            (false, false) => tn += 1.0,
            (true, false) => fp += 1.0,
            (false, true) => fne += 1.0,
        }
    }
    let d = ((tp + fp) * (tp + fne) * (tn + fp) * (tn + fne)).sqrt();
    if d == 0.0 {
        0.0
    } else {
        (tp * tn - fp * fne) / d
    }
}

/// MLQE-PE direct assessment rows: (English source, Chinese MT, z_mean).
pub fn mlqe_da(path: &Path) -> Vec<(String, String, f64)> {
    read_lines(path)
        .iter()
        .skip(1)
        .filter_map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            Some((
                c.get(1)?.to_string(),
                c.get(2)?.to_string(),
                c.get(6)?.parse().ok()?,
            ))
        })
        .collect()
}

/// MLQE-PE critical error rows: (English source, Chinese MT with the
/// word-segmentation spaces removed between Han characters, ERR?).
pub fn mlqe_critical(path: &Path) -> Vec<(String, String, bool)> {
    read_lines(path)
        .iter()
        .filter_map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            let label = c.get(4)?.trim();
            Some((c.get(1)?.to_string(), unsegment(c.get(2)?), label == "ERR"))
        })
        .collect()
}

/// Removes the spaces a Chinese word segmenter put between tokens, keeping
/// those between two Latin/digit tokens.
pub fn unsegment(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let prev = chars[..i].iter().rev().find(|c| **c != ' ');
            let next = chars[i + 1..].iter().find(|c| **c != ' ');
            let latin = |c: Option<&char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            if latin(prev) && latin(next) && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}
