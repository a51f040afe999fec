//! Sentences out of order: two sentences whose translations were swapped,
//! and a sentence whose translation was moved elsewhere in the document.
//!
//! The aligner is monotone, so neither can show as a bead of its own:
//!
//! - a **swap** of two adjacent translations is absorbed into a bead of
//!   several sentences on each side (2-2, 2-3, …). Inside such a bead the
//!   sentences are paired both ways — the first part of the source with the
//!   first part of the target and the rest with the rest (*in order*), and
//!   the first part with the last and the last with the first (*crossed*),
//!   at every place a side may be cut — and the bead is flagged when the
//!   crossed pairing fits clearly better than any pairing in order
//!   ([`swap`]);
//! - a **move** leaves a source with no translation where it was (an
//!   empty-target bead, or a source sentence the aligner thinks may have
//!   no counterpart) and a target with no source where it went. When such
//!   an orphaned source and an orphaned target elsewhere fit each other
//!   well, and each is the other's best fit within [`MOVE_REACH`]
//!   segments, both segments are flagged, each naming the other
//!   ([`moves`]).
//!
//! The fit of a source and a target is the measure the misalignment test
//! already uses for a segment's neighbours ([`Context::better_neighbour`]):
//! the mean weighted coverage of each side's content words by the other
//! (lexicon, learned translations, names spelled in pinyin), less
//! [`NEIGHBOUR_LENGTH`] per standard deviation of the log length ratio off
//! the document's length model, here with the numbers they share counted
//! for them and the numbers only one of them has counted against them.
//! Both flags are `misalignment` warnings: the sentences are all there, but
//! not where their translation is. The thresholds are strict, since a
//! literary translation legitimately reorders clauses inside a sentence
//! pair; they were chosen on MAC-Dev 001–003 and the Bible's file 002 with
//! `examples/plant_order.rs` (RESULTS.md, session 22).

use super::context::{Context, Facts, NEIGHBOUR_LENGTH};
use super::text::{TextCache, quote};
use super::{Flag, FlagKind, Severity, Side, Span, Unit};
use rayon::prelude::*;
use std::ops::Range;

/// The byte ranges of the sentences of each side of a segment, in its
/// joined text (one range per sentence; none for pre-aligned pairs, whose
/// sentences are not known).
#[derive(Debug, Clone, Default)]
pub(crate) struct Layout {
    pub src: Vec<Range<usize>>,
    pub tgt: Vec<Range<usize>>,
}

/// What a shared number adds to a fit, and what a number of one side
/// that the other does not have takes from it.
pub(crate) const NUMBER_FIT: f64 = 0.1;
/// The crossed pairing of a bead must fit this much better (the sum over
/// its two pairs) than the best pairing in order.
pub(crate) const SWAP_MARGIN: f64 = 0.4;
/// Each pair of the crossed pairing must have at least this mean coverage.
pub(crate) const SWAP_COVERAGE: f64 = 0.35;
/// The most sentences on a side of a bead the swap test looks into.
pub(crate) const SWAP_SENTENCES: usize = 4;
/// A moved sentence and its translation must fit this well (mean coverage).
pub(crate) const MOVE_COVERAGE: f64 = 0.5;
/// ... and this much better than either fits where it stands.
pub(crate) const MOVE_MARGIN: f64 = 0.25;
/// How far (in segments) a translation is looked for: moves within a
/// passage, which also bounds the cost on a long memory with many empty
/// sides. The next segment is not looked at: a sentence there is the
/// aligner's cut between two beads, not a move.
pub(crate) const MOVE_REACH: usize = 30;
/// A sentence of a side of several sentences is looked at as a moved one
/// when at most this share of it is covered by its bead's other side.
pub(crate) const MOVE_HOME: f64 = 0.3;
/// A moved sentence and its translation each need this many content words:
/// short lines (a speaker tag and a few words) fit too many others.
pub(crate) const MOVE_WORDS: usize = 5;
/// Each side of the pairing needs this many content words to be judged.
pub(crate) const MIN_WORDS: usize = 3;

/// How well a source and a target correspond.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Fit {
    /// Mean weighted coverage of the two sides.
    pub mean: f64,
    /// The fit: `mean`, less the length penalty, with the numbers counted.
    pub value: f64,
}

/// The fit of a pair of texts' facts (see the module's introduction);
/// `None` when a side has fewer than [`MIN_WORDS`] content words.
pub(crate) fn fit(ctx: &Context, f: &Facts) -> Option<Fit> {
    fit_sides(ctx, f, f)
}

/// [`fit`] of the source side of `sf` with the target side of `tf` (as
/// [`Context::covered`] takes them).
fn fit_sides(ctx: &Context, sf: &Facts, tf: &Facts) -> Option<Fit> {
    if sf.src_ids.keys.len() < MIN_WORDS || tf.tgt_ids.keys.len() < MIN_WORDS {
        return None;
    }
    let (sc, tc) = ctx.covered(sf, tf);
    let a = ctx.weighted(&sf.src_ids, &sc)?;
    let b = ctx.weighted(&tf.tgt_ids, &tc)?;
    let mean = (a + b) / 2.0;
    let r = ((tf.tgt.len + 1.0) / (sf.src.len + 1.0)).ln();
    let z = ((r - ctx.mu) / ctx.sigma).abs().min(3.0);
    let same = |x: f64, y: f64| (x - y).abs() < 1e-9;
    let shared = tf
        .tgt
        .numbers
        .iter()
        .filter(|m| {
            sf.src
                .numbers
                .iter()
                .chain(&sf.src.soft_numbers)
                .any(|n| same(n.value, m.value))
        })
        .count();
    let lone_tgt = tf.tgt.numbers.len() - shared;
    let lone_src = sf
        .src
        .numbers
        .iter()
        .filter(|n| {
            !tf.tgt
                .numbers
                .iter()
                .chain(&tf.tgt.soft_numbers)
                .any(|m| same(n.value, m.value))
        })
        .count();
    let value =
        mean - NEIGHBOUR_LENGTH * z + NUMBER_FIT * (shared as f64 - (lone_src + lone_tgt) as f64);
    Some(Fit { mean, value })
}

/// The text of sentences `from..to` of a side.
fn piece<'t>(text: &'t str, ranges: &[Range<usize>], from: usize, to: usize) -> &'t str {
    &text[ranges[from].start..ranges[to - 1].end]
}

/// A bead whose target parts are in the reverse order of their sources.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Swap {
    /// Where the source and the target are cut (sentence counts of the
    /// first part of each).
    pub cut: (usize, usize),
    /// The two pairs crossed: (first source part, last target part) and
    /// (last source part, first target part).
    pub crossed: (Fit, Fit),
    /// The best pairing in order (the sum of its two fits).
    pub in_order: f64,
}

/// The crossed pairing of a bead's sentences, when it fits clearly better
/// than any pairing in order (see the module's introduction).
pub(crate) fn swap(ctx: &Context, unit: &Unit, layout: &Layout) -> Option<Swap> {
    let (m, n) = (layout.src.len(), layout.tgt.len());
    if !(2..=SWAP_SENTENCES).contains(&m) || !(2..=SWAP_SENTENCES).contains(&n) {
        return None;
    }
    let pair = |s: (usize, usize), t: (usize, usize)| {
        let f = ctx.probe(
            piece(unit.src, &layout.src, s.0, s.1),
            piece(unit.tgt, &layout.tgt, t.0, t.1),
        );
        fit(ctx, &f)
    };
    let mut in_order = f64::NEG_INFINITY;
    let mut best: Option<Swap> = None;
    for p in 1..m {
        for q in 1..n {
            let (Some(a), Some(b)) = (pair((0, p), (0, q)), pair((p, m), (q, n))) else {
                return None;
            };
            in_order = in_order.max(a.value + b.value);
            let (Some(c), Some(d)) = (pair((0, p), (q, n)), pair((p, m), (0, q))) else {
                return None;
            };
            if best
                .as_ref()
                .is_none_or(|x| c.value + d.value > x.crossed.0.value + x.crossed.1.value)
            {
                best = Some(Swap {
                    cut: (p, q),
                    crossed: (c, d),
                    in_order: f64::NEG_INFINITY,
                });
            }
        }
    }
    let mut best = best?;
    best.in_order = in_order;
    let (c, d) = best.crossed;
    (c.value + d.value >= in_order + SWAP_MARGIN && c.mean.min(d.mean) >= SWAP_COVERAGE)
        .then_some(best)
}

/// A source (or target) that has no counterpart where it stands: the
/// whole side of an empty-side bead, or a sentence of a bead that the
/// aligner thinks may have none.
#[derive(Debug, Clone)]
struct Orphan<'t> {
    /// The segment.
    unit: usize,
    /// Its place in the segment's text, and its text.
    span: Range<usize>,
    text: &'t str,
    /// Whether the aligner found it may have no counterpart (an empty-side
    /// bead, or an unmatched sentence); else it is a sentence of a side of
    /// several, which must fit poorly where it stands ([`MOVE_HOME`]).
    suspect: bool,
}

fn orphans<'t>(units: &'t [Unit<'t>], layouts: &[Layout], side: Side) -> Vec<Orphan<'t>> {
    let mut out = Vec::new();
    for (k, u) in units.iter().enumerate() {
        let (own, other) = match side {
            Side::Source => (u.src, u.tgt),
            Side::Target => (u.tgt, u.src),
        };
        if own.trim().is_empty() {
            continue;
        }
        if other.trim().is_empty() {
            out.push(Orphan {
                unit: k,
                span: 0..own.len(),
                text: own,
                suspect: true,
            });
            continue;
        }
        let unmatched: Vec<Range<usize>> = u
            .unmatched
            .iter()
            .filter(|m| m.span.side == side)
            .map(|m| m.span.start..m.span.end)
            .collect();
        // Every sentence of a side of several: a translation moved in or
        // out is often merged into a neighbour's bead.
        let sentences = layouts.get(k).map_or(&[][..], |l| match side {
            Side::Source => &l.src[..],
            Side::Target => &l.tgt[..],
        });
        let mut spans = unmatched.clone();
        if sentences.len() >= 2 {
            spans.extend(sentences.iter().filter(|r| !unmatched.contains(r)).cloned());
        }
        for span in spans {
            out.push(Orphan {
                unit: k,
                text: &own[span.clone()],
                suspect: unmatched.contains(&span),
                span,
            });
        }
    }
    out
}

/// A source whose translation stands at another segment.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Move {
    /// The source's segment and its place there.
    pub src_unit: usize,
    pub src_span: Range<usize>,
    /// The target's segment and its place there.
    pub tgt_unit: usize,
    pub tgt_span: Range<usize>,
    /// How well they fit each other.
    pub fit: Fit,
}

/// How well an orphan fits where it stands: a sentence of a bead with the
/// bead's other side; nothing for an empty-side bead. With the orphan's
/// facts as that side of a pair ([`Context::probe_side`]), which its fit
/// with the orphans of the other side reads again.
fn at_home(
    ctx: &Context,
    units: &[Unit],
    o: &Orphan,
    side: Side,
    cache: &mut TextCache,
) -> (f64, Facts) {
    let own = ctx.probe_side(o.text, side, cache);
    let u = &units[o.unit];
    if o.span.len()
        == match side {
            Side::Source => u.src.len(),
            Side::Target => u.tgt.len(),
        }
    {
        return (0.0, own);
    }
    // The bead's other side is the segment's, as the context read it.
    let home = &ctx.facts[o.unit];
    let f = match side {
        Side::Source => fit_sides(ctx, &own, home),
        Side::Target => fit_sides(ctx, home, &own),
    };
    // Judged on coverage alone: the rest of the bead makes the length off.
    (f.map_or(0.0, |x| x.mean), own)
}

/// The orphaned sources and targets that are each other's best fit, and
/// fit well (see the module's introduction).
pub(crate) fn moves(ctx: &Context, units: &[Unit], layouts: &[Layout]) -> Vec<Move> {
    // How well each orphan fits at home, on every core (each thread with
    // its own word cache); the kept ones with their facts.
    let caches = &ctx.caches;
    let kept = |side: Side| -> (Vec<Orphan>, Vec<(f64, Facts)>) {
        orphans(units, layouts, side)
            .into_par_iter()
            .map(|o| {
                let (home, facts) = caches.with(|cache| at_home(ctx, units, &o, side, cache));
                (o.suspect || home <= MOVE_HOME).then_some((o, (home, facts)))
            })
            .flatten()
            .unzip()
    };
    let (sources, src_facts) = kept(Side::Source);
    let (targets, tgt_facts) = kept(Side::Target);
    if sources.is_empty() || targets.is_empty() {
        return Vec::new();
    }
    // Each source orphan against the target orphans within reach (2 to
    // MOVE_REACH segments away), found by binary search among the targets
    // in the order of their segments: linear in the orphans, not their
    // product (a long loose text has thousands on each side).
    let mut by_unit: Vec<usize> = (0..targets.len()).collect();
    by_unit.sort_by_key(|&j| (targets[j].unit, j));
    let rows: Vec<Vec<(usize, Fit)>> = sources
        .par_iter()
        .zip(&src_facts)
        .map(|(s, (_, sf))| {
            let lo = s.unit.saturating_sub(MOVE_REACH);
            let hi = s.unit.saturating_add(MOVE_REACH);
            let first = by_unit.partition_point(|&j| targets[j].unit < lo);
            let mut row: Vec<(usize, Fit)> = by_unit[first..]
                .iter()
                .take_while(|&&j| targets[j].unit <= hi)
                .filter(|&&j| (2..=MOVE_REACH).contains(&s.unit.abs_diff(targets[j].unit)))
                .filter_map(|&j| {
                    let tf = &tgt_facts[j].1;
                    (sf.src_ids.keys.len() >= MOVE_WORDS && tf.tgt_ids.keys.len() >= MOVE_WORDS)
                        .then(|| fit_sides(ctx, sf, tf))
                        .flatten()
                        .map(|x| (j, x))
                })
                .collect();
            row.sort_by_key(|&(j, _)| j);
            row
        })
        .collect();
    // The best source of each target (ties: the first source).
    let mut column_best: Vec<Option<(usize, f64)>> = vec![None; targets.len()];
    for (i, row) in rows.iter().enumerate() {
        for &(j, f) in row {
            if column_best[j].is_none_or(|(_, v)| f.value > v) {
                column_best[j] = Some((i, f.value));
            }
        }
    }
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        // The source's best target (ties: the first target).
        let mut best: Option<(usize, Fit)> = None;
        for &(j, f) in row {
            if best.is_none_or(|(_, b)| f.value > b.value) {
                best = Some((j, f));
            }
        }
        let Some((j, f)) = best else {
            continue;
        };
        // The target's best source must be this one.
        if column_best[j].map(|(c, _)| c) != Some(i)
            || f.mean < MOVE_COVERAGE
            || f.mean < src_facts[i].0.max(tgt_facts[j].0) + MOVE_MARGIN
        {
            continue;
        }
        out.push(Move {
            src_unit: sources[i].unit,
            src_span: sources[i].span.clone(),
            tgt_unit: targets[j].unit,
            tgt_span: targets[j].span.clone(),
            fit: f,
        });
    }
    // The orphans' facts (a side's words, windows and names each) are
    // freed on a core of their own while the caller goes on.
    rayon::spawn(move || drop((src_facts, tgt_facts)));
    out
}

/// The flags of sentences out of order, per segment: swaps inside the
/// segments `layouts` describes (one per unit, or none), moves across the
/// document. `units` are read for matching; `written` are the same units as
/// the user wrote them (before the traditional fold, same byte offsets),
/// which a move's evidence quotes from another segment.
pub(crate) fn flags(
    ctx: &Context,
    units: &[Unit],
    written: &[Unit],
    layouts: &[Layout],
) -> Vec<Vec<Flag>> {
    let mut out: Vec<Vec<Flag>> = vec![Vec::new(); units.len()];
    if !ctx.cross() {
        return out;
    }
    // The beads' crossed pairings, on every core (each probe through its
    // thread's cache), in order.
    let swaps: Vec<Option<Swap>> = units
        .par_iter()
        .zip(layouts)
        .map(|(unit, layout)| swap(ctx, unit, layout))
        .collect();
    for ((k, unit), (layout, s)) in units.iter().enumerate().zip(layouts.iter().zip(swaps)) {
        let Some(s) = s else {
            continue;
        };
        let (p, q) = s.cut;
        let (m, n) = (layout.src.len(), layout.tgt.len());
        let first_tgt = layout.tgt[0].start..layout.tgt[q - 1].end;
        let last_tgt = layout.tgt[q].start..layout.tgt[n - 1].end;
        let first_src = piece(unit.src, &layout.src, 0, p);
        let last_src = piece(unit.src, &layout.src, p, m);
        out[k].push(Flag {
            kind: FlagKind::Misalignment,
            severity: Severity::Warning,
            evidence: format!(
                "the target's sentences are in swapped order: “{}” translates “{}”, and “{}” translates “{}” ({:.0}% and {:.0}% of the content words crossed)",
                quote(&unit.tgt[last_tgt.clone()], 40),
                quote(first_src, 30),
                quote(&unit.tgt[first_tgt.clone()], 40),
                quote(last_src, 30),
                100.0 * s.crossed.0.mean,
                100.0 * s.crossed.1.mean,
            ),
            spans: vec![
                Span {
                    side: Side::Target,
                    start: first_tgt.start,
                    end: first_tgt.end,
                },
                Span {
                    side: Side::Target,
                    start: last_tgt.start,
                    end: last_tgt.end,
                },
            ],
        });
    }
    for mv in moves(ctx, units, layouts) {
        let (s, t) = (&written[mv.src_unit], &written[mv.tgt_unit]);
        let percent = 100.0 * mv.fit.mean;
        out[mv.src_unit].push(Flag {
            kind: FlagKind::Misalignment,
            severity: Severity::Warning,
            evidence: format!(
                "its translation appears at segment #{}: “{}” ({percent:.0}% of the content words)",
                mv.tgt_unit + 1,
                quote(&t.tgt[mv.tgt_span.clone()], 60),
            ),
            spans: vec![Span {
                side: Side::Source,
                start: mv.src_span.start,
                end: mv.src_span.end,
            }],
        });
        out[mv.tgt_unit].push(Flag {
            kind: FlagKind::Misalignment,
            severity: Severity::Warning,
            evidence: format!(
                "its source appears at segment #{}: “{}” ({percent:.0}% of the content words)",
                mv.src_unit + 1,
                quote(&s.src[mv.src_span.clone()], 60),
            ),
            spans: vec![Span {
                side: Side::Target,
                start: mv.tgt_span.start,
                end: mv.tgt_span.end,
            }],
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::quality::{QualityOptions, Unmatched};

    /// A story told in Chinese and English, one pair per sentence.
    const STORY: &[(&str, &str)] = &[
        (
            "今天早上，李明骑自行车去学校。",
            "This morning, Li Ming rode his bicycle to school.",
        ),
        (
            "路上下着大雨，他的衣服全湿了。",
            "It was raining heavily on the way, and his clothes were all wet.",
        ),
        (
            "到了学校以后，老师给了他一条干毛巾。",
            "After he arrived at school, the teacher gave him a dry towel.",
        ),
        (
            "第一节课是数学课，一共有三十二个学生。",
            "The first class was mathematics, with thirty-two students in all.",
        ),
        (
            "老师在黑板上写了一道很难的题目。",
            "The teacher wrote a very difficult problem on the blackboard.",
        ),
        (
            "李明想了十分钟，终于找到了答案。",
            "Li Ming thought for ten minutes and finally found the answer.",
        ),
        (
            "中午，他和朋友们在食堂吃饭。",
            "At noon, he ate with his friends in the canteen.",
        ),
        (
            "食堂的饺子很好吃，他吃了十五个。",
            "The dumplings in the canteen were delicious, and he ate fifteen of them.",
        ),
        (
            "下午学校举行了一场篮球比赛。",
            "In the afternoon the school held a basketball match.",
        ),
        (
            "李明的班级以八十比七十赢了比赛。",
            "Li Ming's class won the match eighty to seventy.",
        ),
        (
            "比赛结束后，大家一起去公园散步。",
            "After the match, everyone went for a walk in the park together.",
        ),
        (
            "公园里的花开得非常漂亮。",
            "The flowers in the park were blooming beautifully.",
        ),
        (
            "晚上，李明给妈妈打了一个电话。",
            "In the evening, Li Ming phoned his mother.",
        ),
        (
            "妈妈说明天要去北京看望外婆。",
            "His mother said she would go to Beijing tomorrow to visit his grandmother.",
        ),
    ];

    /// Joins sentences as the writers do, with each one's range.
    fn joined(lang: Lang, sentences: &[&str]) -> (String, Vec<Range<usize>>) {
        let mut text = String::new();
        let mut ranges = Vec::new();
        for s in sentences {
            if !text.is_empty() {
                text.push_str(lang.joiner());
            }
            ranges.push(text.len()..text.len() + s.len());
            text.push_str(s);
        }
        (text, ranges)
    }

    fn unit<'a>(src: &'a str, tgt: &'a str, unmatched: &'a [Unmatched]) -> Unit<'a> {
        Unit {
            src,
            tgt,
            confidence: 0.9,
            shape: (usize::from(!src.is_empty()), usize::from(!tgt.is_empty())),
            unmatched,
        }
    }

    fn opts() -> QualityOptions {
        QualityOptions::new(Lang::Zh, Lang::En)
    }

    /// The story with pairs `i` and `i + 1` in one 2-2 bead, its English
    /// sentences in the order `order` gives; the swap test's answer.
    fn bead_of_two(i: usize, crossed: bool) -> Option<Swap> {
        let (zh, zr) = joined(Lang::Zh, &[STORY[i].0, STORY[i + 1].0]);
        let en_order = if crossed {
            [STORY[i + 1].1, STORY[i].1]
        } else {
            [STORY[i].1, STORY[i + 1].1]
        };
        let (en, er) = joined(Lang::En, &en_order);
        let mut units: Vec<Unit> = Vec::new();
        for (k, (s, t)) in STORY.iter().enumerate() {
            if k == i {
                units.push(unit(&zh, &en, &[]));
            } else if k != i + 1 {
                units.push(unit(s, t, &[]));
            }
        }
        let ctx = Context::build(&units, &opts());
        let layout = Layout { src: zr, tgt: er };
        swap(&ctx, &units[i], &layout)
    }

    #[test]
    fn a_bead_whose_two_translations_are_swapped_is_found() {
        for i in [0, 4, 8, 12] {
            let s = bead_of_two(i, true).unwrap_or_else(|| panic!("swap at {i} not found"));
            assert_eq!(s.cut, (1, 1));
            assert!(s.crossed.0.mean >= SWAP_COVERAGE && s.crossed.1.mean >= SWAP_COVERAGE);
            assert!(s.crossed.0.value + s.crossed.1.value >= s.in_order + SWAP_MARGIN);
        }
    }

    #[test]
    fn a_bead_in_order_is_no_swap() {
        for i in 0..STORY.len() - 1 {
            assert_eq!(bead_of_two(i, false), None, "pairs {i} and {}", i + 1);
        }
    }

    #[test]
    fn a_bead_of_one_sentence_a_side_is_not_looked_into() {
        let units: Vec<Unit> = STORY.iter().map(|(s, t)| unit(s, t, &[])).collect();
        let ctx = Context::build(&units, &opts());
        // One range a side: one sentence each.
        let layout = Layout {
            src: std::iter::once(0..STORY[0].0.len()).collect(),
            tgt: std::iter::once(0..STORY[0].1.len()).collect(),
        };
        assert_eq!(swap(&ctx, &units[0], &layout), None);
    }

    #[test]
    fn a_moved_translation_links_its_omission_and_its_addition() {
        // Pair 2's English moved after pair 9: segment 2 has no target,
        // a segment after 9 has no source.
        let mut units: Vec<Unit> = Vec::new();
        for (k, (s, t)) in STORY.iter().enumerate() {
            if k == 2 {
                units.push(unit(s, "", &[]));
            } else {
                units.push(unit(s, t, &[]));
            }
            if k == 9 {
                units.push(unit("", STORY[2].1, &[]));
            }
        }
        let ctx = Context::build(&units, &opts());
        let found = moves(&ctx, &units, &[]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].src_unit, found[0].tgt_unit), (2, 10));
        assert!(found[0].fit.mean >= MOVE_COVERAGE);
        let flags = flags(&ctx, &units, &units, &[]);
        assert!(
            flags[2][0]
                .evidence
                .contains("its translation appears at segment #11")
        );
        assert!(
            flags[10][0]
                .evidence
                .contains("its source appears at segment #3")
        );
        assert_eq!(flags[2][0].spans[0].side, Side::Source);
        assert_eq!(flags[10][0].spans[0].side, Side::Target);
        assert!(
            flags
                .iter()
                .enumerate()
                .all(|(k, f)| f.is_empty() || k == 2 || k == 10)
        );
    }

    #[test]
    fn an_omission_and_an_unrelated_addition_are_not_linked() {
        let mut units: Vec<Unit> = Vec::new();
        for (k, (s, t)) in STORY.iter().enumerate() {
            if k == 2 {
                units.push(unit(s, "", &[]));
            } else {
                units.push(unit(s, t, &[]));
            }
        }
        units.push(unit(
            "",
            "The committee approved the budget for the new railway.",
            &[],
        ));
        let ctx = Context::build(&units, &opts());
        assert!(moves(&ctx, &units, &[]).is_empty());
    }

    #[test]
    fn a_sentence_the_aligner_left_unmatched_inside_a_bead_is_an_orphan() {
        // Pair 3's English moved into the bead of pair 10, where the
        // aligner found it may have no counterpart.
        let (en, er) = joined(Lang::En, &[STORY[10].1, STORY[3].1]);
        let unmatched = [Unmatched {
            span: Span {
                side: Side::Target,
                start: er[1].start,
                end: er[1].end,
            },
            place: (1, 2),
            probability: 0.4,
        }];
        let mut units: Vec<Unit> = Vec::new();
        for (k, (s, t)) in STORY.iter().enumerate() {
            match k {
                3 => units.push(unit(s, "", &[])),
                10 => units.push(unit(s, &en, &unmatched)),
                _ => units.push(unit(s, t, &[])),
            }
        }
        let ctx = Context::build(&units, &opts());
        let found = moves(&ctx, &units, &[]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].src_unit, found[0].tgt_unit), (3, 10));
        assert_eq!(found[0].tgt_span, er[1]);
    }

    #[test]
    fn pairs_of_one_language_get_no_order_flags() {
        let units = vec![unit("a b c d", "", &[]), unit("", "a b c d", &[])];
        let opts = QualityOptions::new(Lang::En, Lang::En);
        let ctx = Context::build(&units, &opts);
        assert!(flags(&ctx, &units, &units, &[]).iter().all(Vec::is_empty));
    }
}
