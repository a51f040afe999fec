//! Splits out of a bead the sentence the quality stage flags as having no
//! counterpart (issues 8 and 9): when an error-level `omission` (`addition`)
//! flag points exactly at the first or last of a bead's several source
//! (target) sentences, that sentence becomes its own empty-side bead, before
//! or after the rest of the bead, and the document is scored again. A
//! sentence in the middle stays: splitting it out would cross the rest.

use crate::align::{Alignment, Bead};
use crate::document::Document;
use crate::error::Result;
use crate::quality::{FlagKind, QualityOptions, QualityReport, Severity, Side, score_alignment};
use std::ops::Range;

/// Where a side's sentence lies in the bead's joined segment text
/// (`quality::join_segment`), without surrounding white space.
fn sentence_span(doc: &Document, range: &Range<usize>, which: usize) -> Range<usize> {
    let joiner = doc.lang().joiner();
    let mut start = 0;
    for i in range.start..range.start + which {
        start += doc.sentence_text(i).len() + joiner.len();
    }
    let text = doc.sentence_text(range.start + which);
    let lead = text.len() - text.trim_start().len();
    start + lead..start + lead + text.trim().len()
}

/// Which end of the side (`Some(true)` first, `Some(false)` last) the span
/// covers exactly, when the side has at least two sentences.
fn end_flagged(doc: &Document, range: &Range<usize>, span: Range<usize>) -> Option<bool> {
    if range.len() < 2 {
        return None;
    }
    let first = sentence_span(doc, range, 0);
    let last = sentence_span(doc, range, range.len() - 1);
    if first.is_empty() || last.is_empty() {
        return None;
    }
    if span == first {
        Some(true)
    } else if span == last {
        Some(false)
    } else {
        None
    }
}

/// The split of one bead, if a flag calls for it: the two beads in order.
fn split_bead(
    src: &Document,
    tgt: &Document,
    b: &Bead,
    flags: &[crate::quality::Flag],
) -> Option<[Bead; 2]> {
    if b.is_null() {
        return None;
    }
    for f in flags {
        if f.severity != Severity::Error || f.spans.len() != 1 {
            continue;
        }
        let s = &f.spans[0];
        let trimmed = |text: &str| {
            let piece = text.get(s.start..s.end)?;
            let lead = piece.len() - piece.trim_start().len();
            Some(s.start + lead..s.start + lead + piece.trim().len())
        };
        let part = |r: Range<usize>| Bead {
            src: r,
            tgt: 0..0,
            cost: b.cost,
            confidence: b.confidence,
        };
        match (f.kind, s.side) {
            (FlagKind::Omission, Side::Source) => {
                let joined = join(src, &b.src);
                let first = end_flagged(src, &b.src, trimmed(&joined)?)?;
                let (alone, rest) = if first {
                    (b.src.start..b.src.start + 1, b.src.start + 1..b.src.end)
                } else {
                    (b.src.end - 1..b.src.end, b.src.start..b.src.end - 1)
                };
                // The empty target range sits where the bead's target starts
                // (before it) or ends (after it).
                let at = if first { b.tgt.start } else { b.tgt.end };
                let lone = Bead {
                    tgt: at..at,
                    ..part(alone)
                };
                let kept = Bead {
                    tgt: b.tgt.clone(),
                    ..part(rest)
                };
                return Some(if first { [lone, kept] } else { [kept, lone] });
            }
            (FlagKind::Addition, Side::Target) => {
                let joined = join(tgt, &b.tgt);
                let first = end_flagged(tgt, &b.tgt, trimmed(&joined)?)?;
                let (alone, rest) = if first {
                    (b.tgt.start..b.tgt.start + 1, b.tgt.start + 1..b.tgt.end)
                } else {
                    (b.tgt.end - 1..b.tgt.end, b.tgt.start..b.tgt.end - 1)
                };
                let at = if first { b.src.start } else { b.src.end };
                let lone = Bead {
                    src: at..at,
                    tgt: alone,
                    ..part(0..0)
                };
                let kept = Bead {
                    src: b.src.clone(),
                    tgt: rest,
                    ..part(0..0)
                };
                return Some(if first { [lone, kept] } else { [kept, lone] });
            }
            _ => {}
        }
    }
    None
}

fn join(doc: &Document, range: &Range<usize>) -> String {
    let sentences: Vec<&str> = range.clone().map(|i| doc.sentence_text(i)).collect();
    crate::quality::join_segment(doc.lang(), &sentences)
}

/// The alignment with every flagged end sentence split out of its bead, or
/// `None` when no bead calls for it. `quality` is the alignment's report.
pub(crate) fn split_flagged(
    src: &Document,
    tgt: &Document,
    alignment: &Alignment,
    quality: &QualityReport,
) -> Result<Option<Alignment>> {
    let mut beads = Vec::with_capacity(alignment.beads().len());
    let mut split = false;
    for (b, q) in alignment.beads().iter().zip(&quality.segments) {
        match split_bead(src, tgt, b, &q.flags) {
            Some(parts) => {
                split = true;
                beads.extend(parts);
            }
            None => beads.push(b.clone()),
        }
    }
    if !split {
        return Ok(None);
    }
    let mut out = Alignment::from_beads(beads, src.len(), tgt.len())?;
    let (us, ut) = (alignment.unmatched_src(), alignment.unmatched_tgt());
    if us.len() == src.len() && ut.len() == tgt.len() && !(us.is_empty() && ut.is_empty()) {
        out = out.with_unmatched(us.to_vec(), ut.to_vec())?;
    }
    Ok(Some(out))
}

/// Scores the alignment, splits out the flagged end sentences and, when any
/// was, scores the new alignment: the final alignment (if it changed) and its
/// report.
pub(crate) fn score_and_split(
    src: &Document,
    tgt: &Document,
    alignment: &Alignment,
    options: &QualityOptions,
) -> Result<(Option<Alignment>, QualityReport)> {
    let quality = score_alignment(src, tgt, alignment, options)?;
    match split_flagged(src, tgt, alignment, &quality)? {
        Some(split) => {
            let quality = score_alignment(src, tgt, &split, options)?;
            Ok((Some(split), quality))
        }
        None => Ok((None, quality)),
    }
}
