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
use std::collections::HashSet;
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

/// Parses a bead file: one `[i,j]:[k]` per line; blank lines are skipped.
/// `name` labels errors.
pub fn parse_beads(text: &str, name: &str) -> Result<Vec<BeadIds>> {
    let mut out = Vec::new();
    for (k, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let bad = |message: String| Error::BadBeads {
            path: name.into(),
            line: k + 1,
            message,
        };
        let (a, b) = line
            .split_once("]:[")
            .ok_or_else(|| bad(format!("expected [i,…]:[j,…], found '{line}'")))?;
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
            return Err(bad(format!("expected [i,…]:[j,…], found '{line}'")));
        }
        out.push((side(a)?, side(b)?));
    }
    Ok(out)
}

/// Reads and parses a bead file.
pub fn read_beads(path: &Path) -> Result<Vec<BeadIds>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    parse_beads(&text, &path.display().to_string())
}

/// Strict score of `auto` against `gold`.
pub fn score(gold: &[BeadIds], auto: &[BeadIds]) -> Score {
    let gold_set: HashSet<&BeadIds> = gold.iter().collect();
    Score {
        correct: auto.iter().filter(|b| gold_set.contains(b)).count(),
        predicted: auto.len(),
        gold: gold.len(),
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
    /// Reads two label files (one label a line).
    pub fn read(src: &Path, tgt: &Path) -> Result<Self> {
        let load = |p: &Path| -> Result<Vec<String>> {
            let t = std::fs::read_to_string(p).map_err(|e| Error::io(p, e))?;
            Ok(t.lines().map(|l| l.trim().to_string()).collect())
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
        let mut out: Vec<BeadIds> = Vec::with_capacity(beads.len());
        for bead in beads {
            if let Some(prev) = out.last_mut() {
                let v = self.verse_of(bead);
                if v.is_some() && v == self.verse_of(prev) {
                    prev.0.extend_from_slice(&bead.0);
                    prev.1.extend_from_slice(&bead.1);
                    continue;
                }
            }
            out.push(bead.clone());
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
