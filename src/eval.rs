//! Scoring an alignment against a gold alignment.
//!
//! Strict precision, recall and F1 over beads: a predicted bead is correct
//! only if its source list and its target list both equal those of a gold
//! bead. Empty-side beads count like any other. Figures are micro-averaged
//! over documents (correct, predicted and gold beads are summed first).
//!
//! With verse labels (one label per sentence and side, as for the Bible),
//! consecutive predicted beads that lie inside one verse are merged first: a
//! bead whose sentences all lie in a single verse (both sides, or its one
//! non-empty side) joins the previous bead when that bead lies in the same
//! verse.
//!
//! ```
//! use bitext::eval::{parse_beads, score};
//! let gold = parse_beads("[0]:[0,1]\n[1]:[2]\n", "gold").unwrap();
//! let auto = parse_beads("[0]:[0]\n[]:[1]\n[1]:[2]\n", "auto").unwrap();
//! let s = score(&gold, &auto);
//! assert_eq!((s.correct, s.predicted, s.gold), (1, 3, 2));
//! assert!((s.f1() - 0.4).abs() < 1e-9);
//! ```

use crate::error::{Error, Result};
use std::path::Path;

/// A bead as a pair of sentence-index lists.
pub type BeadIds = (Vec<usize>, Vec<usize>);

/// Counts from which precision, recall and F1 follow.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Score {
    /// Predicted beads equal to a gold bead.
    pub correct: usize,
    /// Predicted beads.
    pub predicted: usize,
    /// Gold beads.
    pub gold: usize,
}

impl Score {
    /// correct / predicted (0 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }

    /// correct / gold (0 when the gold is empty).
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    /// Adds another document's counts (micro-averaging).
    pub fn add(&mut self, other: Score) {
        self.correct += other.correct;
        self.predicted += other.predicted;
        self.gold += other.gold;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// The lines of `text` that hold something, with their 1-based numbers
/// (line ends `\n`, `\r\n` or `\r`, as [`crate::read::lines`] splits
/// them), or an error naming the first line that holds a control character
/// (a tab aside): it is named by its code point, never echoed.
fn content_lines<'a>(text: &'a str, name: &str) -> Result<Vec<(usize, &'a str)>> {
    let mut out = Vec::new();
    for l in crate::read::lines(text) {
        let line = &text[l.span];
        if let Some(c) = line.chars().find(|&c| c.is_control() && c != '\t') {
            return Err(Error::BadBeads {
                path: name.into(),
                line: l.number,
                message: format!("control character U+{:04X}", c as u32),
            });
        }
        if !line.trim().is_empty() {
            out.push((l.number, line));
        }
    }
    Ok(out)
}

/// Checks that every sentence of an alignment lies in one bead only, and
/// that every bead holds a sentence: a sentence in two beads (or twice in
/// one) would be scored twice, and could make recall exceed 1. Called with
/// each bead in turn and its line.
#[derive(Default)]
struct OneBeadEach {
    /// The line of the bead each source, then target, sentence lies in.
    lines: [std::collections::HashMap<usize, usize>; 2],
}

impl OneBeadEach {
    fn check(&mut self, bead: &BeadIds, line: usize) -> std::result::Result<(), String> {
        if bead.0.is_empty() && bead.1.is_empty() {
            return Err(
                "a bead without any sentence ([]:[]); a bead holds one sentence or more".into(),
            );
        }
        for (k, (ids, side)) in [(&bead.0, "source"), (&bead.1, "target")]
            .into_iter()
            .enumerate()
        {
            for &i in ids {
                match self.lines[k].insert(i, line) {
                    None => {}
                    Some(l) if l == line => {
                        return Err(format!(
                            "{side} sentence {i} is twice in the bead (a sentence belongs to one bead)"
                        ));
                    }
                    Some(l) => {
                        return Err(format!(
                            "{side} sentence {i} is also in the bead on line {l} (a sentence belongs to one bead)"
                        ));
                    }
                }
            }
        }
        Ok(())
    }
}

/// Parses a bead file: one `[i,j]:[k]` per line; blank lines are skipped.
/// `name` labels errors. A sentence may lie in one bead only, and a bead
/// holds a sentence or more; control characters are refused.
///
/// ```
/// use bitext::eval::parse_beads;
/// let err = parse_beads("[0]:[0]\n[0]:[1]\n", "a.align").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "a.align: line 2: source sentence 0 is also in the bead on line 1 (a sentence belongs to one bead)"
/// );
/// ```
pub fn parse_beads(text: &str, name: &str) -> Result<Vec<BeadIds>> {
    let mut out = Vec::new();
    let mut placed = OneBeadEach::default();
    for (number, line) in content_lines(text, name)? {
        let line = line.trim();
        let bad = |message: String| Error::BadBeads {
            path: name.into(),
            line: number,
            message,
        };
        // A long line (JSON Lines given for a bead list) is quoted in part.
        let shown: String = if line.chars().count() > 60 {
            format!("{}…", line.chars().take(60).collect::<String>())
        } else {
            line.to_string()
        };
        let expected = || {
            let hint = if line.starts_with('{') {
                " (JSON Lines are read as --auto when the whole file is JSON Lines; a gold or a bead list needs `[i,…]:[j,…]` lines, as `bitext align --format beads` writes)"
            } else {
                ""
            };
            bad(format!("expected [i,…]:[j,…], found '{shown}'{hint}"))
        };
        let (a, b) = line.split_once("]:[").ok_or_else(expected)?;
        let side = |s: &str| -> Result<Vec<usize>> {
            let s = s.trim_start_matches('[').trim_end_matches(']').trim();
            if s.is_empty() {
                return Ok(Vec::new());
            }
            s.split(',')
                .map(|x| {
                    x.trim()
                        .parse::<usize>()
                        .map_err(|_| bad(format!("'{}' is not a sentence index", x.trim())))
                })
                .collect()
        };
        if !a.starts_with('[') || !b.ends_with(']') {
            return Err(expected());
        }
        let bead = (side(a)?, side(b)?);
        placed.check(&bead, number).map_err(bad)?;
        out.push(bead);
    }
    Ok(out)
}

/// Reads a file `eval` takes (a bead list, bitext's JSON Lines, verse
/// labels) with the checks of every input ([`crate::read::decode_as`]): a
/// NUL byte, an empty file and bytes that do not decode are errors naming
/// the file, the byte offset and the line. These files are UTF-8 (a
/// byte-order mark dropped), or UTF-16 with a byte-order mark; they hold no
/// text that a legacy encoding would be detected from, so other bytes are
/// refused as UTF-8, not read as GB18030, Big5 or Windows-1252.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let utf16 = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
    let encoding = (!utf16).then_some(crate::read::TextEncoding::UTF_8);
    Ok(crate::read::decode_as(&bytes, path, encoding)?.text)
}

/// Reads and parses a bead file ([`read_text`], [`parse_beads`]).
pub fn read_beads(path: &Path) -> Result<Vec<BeadIds>> {
    let text = read_text(path)?;
    parse_beads(&text, &path.display().to_string())
}

/// For each predicted bead, whether it is correct: equal to a gold bead
/// that no earlier predicted bead matched. A gold bead matches one
/// predicted bead at most, so that the correct beads are never more than
/// the gold or the predicted ones, whatever the caller passes.
fn matches<'a>(
    gold: impl Iterator<Item = &'a BeadIds>,
    auto: impl Iterator<Item = &'a BeadIds>,
) -> Vec<bool> {
    let mut left: std::collections::HashMap<&BeadIds, usize> = std::collections::HashMap::new();
    for b in gold {
        *left.entry(b).or_default() += 1;
    }
    auto.map(|b| match left.get_mut(b) {
        Some(n) if *n > 0 => {
            *n -= 1;
            true
        }
        _ => false,
    })
    .collect()
}

/// Strict score of `auto` against `gold`.
pub fn score(gold: &[BeadIds], auto: &[BeadIds]) -> Score {
    Score {
        correct: matches(gold.iter(), auto.iter())
            .into_iter()
            .filter(|&m| m)
            .count(),
        predicted: auto.len(),
        gold: gold.len(),
    }
}

/// Strict score of the empty-side beads only (omissions and additions):
/// `predicted` counts the predicted beads with an empty side, `gold` the
/// gold ones, `correct` the predicted ones equal to a gold bead.
///
/// ```
/// use bitext::eval::{parse_beads, empty_score};
/// let gold = parse_beads("[0]:[0]\n[1]:[]\n[2]:[1]\n", "gold").unwrap();
/// let auto = parse_beads("[0]:[0]\n[1]:[]\n[2]:[]\n[]:[1]\n", "auto").unwrap();
/// let s = empty_score(&gold, &auto);
/// assert_eq!((s.correct, s.predicted, s.gold), (1, 3, 1));
/// ```
pub fn empty_score(gold: &[BeadIds], auto: &[BeadIds]) -> Score {
    let empty = |b: &&BeadIds| b.0.is_empty() || b.1.is_empty();
    let correct = matches(gold.iter().filter(empty), auto.iter().filter(empty));
    Score {
        correct: correct.iter().filter(|&&m| m).count(),
        predicted: correct.len(),
        gold: gold.iter().filter(empty).count(),
    }
}

/// A predicted bead with its confidence.
pub type ScoredBead = (BeadIds, f64);

/// Parses bitext's JSON Lines output (`bitext align --format jsonl`): the
/// fields `src_ids`, `tgt_ids` and `confidence` of every record. `name`
/// labels errors.
pub fn parse_scored_beads(text: &str, name: &str) -> Result<Vec<ScoredBead>> {
    #[derive(serde::Deserialize)]
    struct Record {
        src_ids: Vec<usize>,
        tgt_ids: Vec<usize>,
        confidence: f64,
    }
    let mut out = Vec::new();
    let mut placed = OneBeadEach::default();
    for (number, line) in content_lines(text, name)? {
        let bad = |message: String| Error::BadBeads {
            path: name.into(),
            line: number,
            message,
        };
        let r: Record = serde_json::from_str(line).map_err(|e| {
            bad(format!(
                "expected a JSON record with src_ids, tgt_ids and confidence: {e}"
            ))
        })?;
        if !(0.0..=1.0).contains(&r.confidence) {
            return Err(bad(format!("confidence {} is not in [0, 1]", r.confidence)));
        }
        let bead = (r.src_ids, r.tgt_ids);
        placed.check(&bead, number).map_err(bad)?;
        out.push((bead, r.confidence));
    }
    Ok(out)
}

/// One bin of a reliability table.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Bin {
    /// Lower edge of the bin's confidence range.
    pub lo: f64,
    /// Upper edge (exclusive, except 1.0 for the last bin).
    pub hi: f64,
    /// Predicted beads whose confidence falls in the bin.
    pub count: usize,
    /// Of these, beads equal to a gold bead.
    pub correct: usize,
    /// Sum of their confidences.
    pub confidence_sum: f64,
}

impl Bin {
    /// Share of the bin's beads that are correct.
    pub fn accuracy(&self) -> f64 {
        ratio(self.correct, self.count)
    }

    /// Mean confidence of the bin's beads.
    pub fn mean_confidence(&self) -> f64 {
        if self.count == 0 {
            0.0
        } else {
            self.confidence_sum / self.count as f64
        }
    }
}

/// A reliability table: predicted beads binned by confidence, with how
/// often each bin's beads are right. Calibrated confidences have accuracy
/// close to mean confidence in every bin.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Reliability {
    /// Equal-width bins over [0, 1].
    pub bins: Vec<Bin>,
}

impl Reliability {
    /// An empty table of `bins` equal-width bins (at least one).
    pub fn new(bins: usize) -> Self {
        let n = bins.max(1);
        Reliability {
            bins: (0..n)
                .map(|k| Bin {
                    lo: k as f64 / n as f64,
                    hi: (k + 1) as f64 / n as f64,
                    ..Bin::default()
                })
                .collect(),
        }
    }

    /// Adds one document's predicted beads, scored strictly against `gold`.
    pub fn add(&mut self, gold: &[BeadIds], auto: &[ScoredBead]) {
        let correct = matches(gold.iter(), auto.iter().map(|(b, _)| b));
        let n = self.bins.len();
        for ((_, c), right) in auto.iter().zip(correct) {
            let c = c.clamp(0.0, 1.0);
            let k = ((c * n as f64) as usize).min(n - 1);
            let bin = &mut self.bins[k];
            bin.count += 1;
            bin.confidence_sum += c;
            if right {
                bin.correct += 1;
            }
        }
    }

    /// Expected calibration error: the bins' |accuracy − mean confidence|,
    /// weighted by their share of the beads.
    ///
    /// ```
    /// use bitext::eval::{Reliability, parse_beads};
    /// let gold = parse_beads("[0]:[0]\n[1]:[1]\n", "gold").unwrap();
    /// let mut r = Reliability::new(10);
    /// r.add(&gold, &[(gold[0].clone(), 0.95), ((vec![1], vec![]), 0.05)]);
    /// assert!((r.ece() - 0.05).abs() < 1e-9);
    /// ```
    pub fn ece(&self) -> f64 {
        let total: usize = self.bins.iter().map(|b| b.count).sum();
        if total == 0 {
            return 0.0;
        }
        self.bins
            .iter()
            .map(|b| b.count as f64 / total as f64 * (b.accuracy() - b.mean_confidence()).abs())
            .sum()
    }
}

/// Verse labels of the two sides, one per sentence.
#[derive(Debug, Clone)]
pub struct Verses {
    /// Label of each source sentence.
    pub src: Vec<String>,
    /// Label of each target sentence.
    pub tgt: Vec<String>,
}

impl Verses {
    /// Reads two label files (one label a line; [`read_text`]).
    pub fn read(src: &Path, tgt: &Path) -> Result<Self> {
        let load = |p: &Path| -> Result<Vec<String>> {
            let t = read_text(p)?;
            Ok(crate::read::lines(&t)
                .into_iter()
                .map(|l| t[l.span].trim().to_string())
                .collect())
        };
        Ok(Verses {
            src: load(src)?,
            tgt: load(tgt)?,
        })
    }

    /// The single verse a bead lies in, if it lies in one.
    fn verse_of<'a>(&'a self, bead: &BeadIds) -> Option<&'a str> {
        let mut labels = bead
            .0
            .iter()
            .map(|&i| self.src.get(i))
            .chain(bead.1.iter().map(|&j| self.tgt.get(j)));
        let first = labels.next()??;
        labels.all(|l| l == Some(first)).then_some(first.as_str())
    }

    /// Merges consecutive beads that lie in the same verse.
    pub fn merge(&self, beads: &[BeadIds]) -> Vec<BeadIds> {
        let scored: Vec<ScoredBead> = beads.iter().map(|b| (b.clone(), 1.0)).collect();
        self.merge_scored(&scored)
            .into_iter()
            .map(|(b, _)| b)
            .collect()
    }

    /// Merges consecutive beads that lie in the same verse, as
    /// [`Verses::merge`]; a merged bead's confidence is the least of its
    /// parts' (it is right only if every part is).
    pub fn merge_scored(&self, beads: &[ScoredBead]) -> Vec<ScoredBead> {
        let mut out: Vec<ScoredBead> = Vec::with_capacity(beads.len());
        for (bead, c) in beads {
            if let Some((prev, pc)) = out.last_mut() {
                let v = self.verse_of(bead);
                if v.is_some() && v == self.verse_of(prev) {
                    prev.0.extend_from_slice(&bead.0);
                    prev.1.extend_from_slice(&bead.1);
                    *pc = pc.min(*c);
                    continue;
                }
            }
            out.push((bead.clone(), *c));
        }
        out
    }
}

/// The sentences two alignments cover, compared side by side. Strict scores
/// only mean something when the predicted and gold alignments were made
/// from the same sentences (the same segmentation); when they were not,
/// every bead near a difference is wrong for a reason that is not the
/// aligner's.
///
/// ```
/// use bitext::eval::{parse_beads, Coverage};
/// let gold = parse_beads("[0]:[0]\n[1]:[1]\n", "gold").unwrap();
/// let auto = parse_beads("[0,1]:[0,1]\n[2]:[2]\n", "auto").unwrap();
/// let c = Coverage::compare(&gold, &auto);
/// assert!(!c.is_same());
/// assert_eq!(c.src_only_auto, vec![2]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Source sentences in the gold alignment only.
    pub src_only_gold: Vec<usize>,
    /// Source sentences in the predicted alignment only.
    pub src_only_auto: Vec<usize>,
    /// Target sentences in the gold alignment only.
    pub tgt_only_gold: Vec<usize>,
    /// Target sentences in the predicted alignment only.
    pub tgt_only_auto: Vec<usize>,
}

impl Coverage {
    /// Compares the sentences `gold` and `auto` cover.
    pub fn compare(gold: &[BeadIds], auto: &[BeadIds]) -> Self {
        use std::collections::BTreeSet;
        let side = |beads: &[BeadIds], src: bool| -> BTreeSet<usize> {
            beads
                .iter()
                .flat_map(|(s, t)| if src { s.iter() } else { t.iter() })
                .copied()
                .collect()
        };
        let only = |a: &BTreeSet<usize>, b: &BTreeSet<usize>| a.difference(b).copied().collect();
        let (gs, as_) = (side(gold, true), side(auto, true));
        let (gt, at) = (side(gold, false), side(auto, false));
        Coverage {
            src_only_gold: only(&gs, &as_),
            src_only_auto: only(&as_, &gs),
            tgt_only_gold: only(&gt, &at),
            tgt_only_auto: only(&at, &gt),
        }
    }

    /// True when both alignments cover the same sentences on both sides.
    pub fn is_same(&self) -> bool {
        self.src_only_gold.is_empty()
            && self.src_only_auto.is_empty()
            && self.tgt_only_gold.is_empty()
            && self.tgt_only_auto.is_empty()
    }
}

impl std::fmt::Display for Coverage {
    /// `source: 1 only predicted (2); target: 2 only in the gold (1, 2)`,
    /// with at most five indices a list.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let list = |ids: &[usize]| {
            let mut shown: Vec<String> = ids.iter().take(5).map(usize::to_string).collect();
            if ids.len() > 5 {
                shown.push("…".into());
            }
            shown.join(", ")
        };
        let mut sides = Vec::new();
        for (name, gold, auto) in [
            ("source", &self.src_only_gold, &self.src_only_auto),
            ("target", &self.tgt_only_gold, &self.tgt_only_auto),
        ] {
            let mut parts = Vec::new();
            if !gold.is_empty() {
                parts.push(format!("{} only in the gold ({})", gold.len(), list(gold)));
            }
            if !auto.is_empty() {
                parts.push(format!("{} only predicted ({})", auto.len(), list(auto)));
            }
            if !parts.is_empty() {
                sides.push(format!("{name}: {}", parts.join(", ")));
            }
        }
        f.write_str(&sides.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_differences_are_listed() {
        let gold = parse_beads("[0]:[0]\n[1]:[1,2]\n", "g").unwrap();
        assert!(Coverage::compare(&gold, &gold).is_same());
        let auto = parse_beads("[0,1]:[0]\n[2]:[]\n", "a").unwrap();
        let c = Coverage::compare(&gold, &auto);
        assert!(!c.is_same());
        assert_eq!(c.src_only_auto, vec![2]);
        assert_eq!(c.tgt_only_gold, vec![1, 2]);
        assert!(c.src_only_gold.is_empty() && c.tgt_only_auto.is_empty());
        assert_eq!(
            c.to_string(),
            "source: 1 only predicted (2); target: 2 only in the gold (1, 2)"
        );
        // Long lists are cut.
        let many: Vec<BeadIds> = (0..20).map(|i| (vec![i], vec![i])).collect();
        let c = Coverage::compare(&many, &many[..1]);
        assert!(
            c.to_string()
                .contains("19 only in the gold (1, 2, 3, 4, 5, …)"),
            "{c}"
        );
    }

    #[test]
    fn parse_errors_name_the_line() {
        let err = parse_beads("[0]:[0]\n[1]-[2]\n", "g.align").unwrap_err();
        assert!(err.to_string().contains("g.align: line 2"), "{err}");
        assert!(parse_beads("[x]:[1]", "g").is_err());
    }

    #[test]
    fn a_sentence_in_two_beads_is_refused() {
        for (text, line, message) in [
            (
                "[0]:[0,1,2]\n[1]:[3]\n[0]:[0,1,2]\n",
                3,
                "source sentence 0 is also in the bead on line 1",
            ),
            (
                "[0]:[0]\n\n[1]:[1]\n[2]:[1]\n",
                4,
                "target sentence 1 is also in the bead on line 3",
            ),
            (
                "[0]:[0]\n[1,1]:[1]\n",
                2,
                "source sentence 1 is twice in the bead",
            ),
            ("[0]:[0]\n[]:[]\n", 2, "a bead without any sentence"),
        ] {
            let err = parse_beads(text, "a.align").unwrap_err();
            assert!(
                matches!(&err, Error::BadBeads { line: l, message: m, .. } if *l == line && m.contains(message)),
                "{text:?}: {err}"
            );
        }
        let jsonl = "{\"src_ids\":[0],\"tgt_ids\":[0],\"confidence\":0.9}\n\
                     {\"src_ids\":[],\"tgt_ids\":[0],\"confidence\":0.9}\n";
        let err = parse_scored_beads(jsonl, "a.jsonl").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("a.jsonl: line 2: target sentence 0 is also in the bead on line 1"),
            "{err}"
        );
    }

    #[test]
    fn control_characters_are_named_not_echoed() {
        for (text, code) in [
            ("[0]:[0]\n[1]:[1\u{1}]\n", "U+0001"),
            ("[0]:[0]\n\u{1b}[31m\n", "U+001B"),
            ("[0]:[0\u{85}]\n", "U+0085"),
        ] {
            let msg = parse_beads(text, "a.align").unwrap_err().to_string();
            assert!(msg.contains(code), "{msg:?}");
            assert!(!msg.chars().any(char::is_control), "{msg:?}");
            let msg = parse_scored_beads(text, "a.jsonl").unwrap_err().to_string();
            assert!(msg.contains(code), "{msg:?}");
        }
    }

    /// Beads given to the library twice (it does not require them to come
    /// from a parsed file) count once each: no figure exceeds 1.
    #[test]
    fn a_bead_given_twice_matches_one_gold_bead() {
        let b = |s: usize, t: Option<usize>| (vec![s], t.into_iter().collect::<Vec<_>>());
        let gold = vec![b(0, Some(0)), b(1, None), b(2, Some(1))];
        let auto = vec![b(0, Some(0)), b(0, Some(0)), b(1, None), b(1, None)];
        let s = score(&gold, &auto);
        assert_eq!((s.correct, s.predicted, s.gold), (2, 4, 3));
        let s = score(&auto, &gold);
        assert_eq!((s.correct, s.predicted, s.gold), (2, 3, 4));
        let e = empty_score(&gold, &auto);
        assert_eq!((e.correct, e.predicted, e.gold), (1, 2, 1));
        let e = empty_score(&auto, &gold);
        assert_eq!((e.correct, e.predicted, e.gold), (1, 1, 2));
        for s in [
            score(&gold, &auto),
            score(&auto, &gold),
            empty_score(&gold, &auto),
            empty_score(&auto, &gold),
        ] {
            for x in [s.precision(), s.recall(), s.f1()] {
                assert!((0.0..=1.0).contains(&x), "{s:?}");
            }
        }
        let mut r = Reliability::new(10);
        let scored: Vec<ScoredBead> = auto.iter().map(|x| (x.clone(), 0.95)).collect();
        r.add(&gold, &scored);
        assert_eq!((r.bins[9].count, r.bins[9].correct), (4, 2));
    }

    #[test]
    fn verse_merge_joins_beads_inside_one_verse() {
        let v = Verses {
            src: vec!["a".into(), "b".into()],
            tgt: vec!["a".into(), "a".into(), "b".into()],
        };
        let auto = vec![(vec![0], vec![0]), (vec![], vec![1]), (vec![1], vec![2])];
        assert_eq!(
            v.merge(&auto),
            vec![(vec![0], vec![0, 1]), (vec![1], vec![2])]
        );
    }
}
