//! Translation quality: a score in [0, 1] and explained flags for every
//! aligned segment, and a summary score for the document.
//!
//! The stage comes after [`crate::align`]: [`score_alignment`] scores the
//! beads of an alignment, [`score_pairs`] scores pre-aligned pairs (TMX
//! units, TSV lines). Both first build a *document context* from all the
//! segments together — word document frequencies, the document's own length
//! model (mean and spread of the log length ratio), translations learned
//! from the document's pairs (names and words co-occurring across pairs,
//! see `context.rs`), the map of repeated sources and targets — then
//! compute for every segment:
//!
//! - **components** ([`Components`], each in [0, 1], 1 = good): lexical
//!   coverage of each side by the other (through the embedded CC-CEDICT
//!   lexicon and the learned translations), length plausibility under the
//!   document's length model, agreement of numbers, names and Latin tokens,
//!   the share of the target written in the target's script, the bead's
//!   confidence and its shape;
//! - **flags** ([`Flag`]): what is wrong, how badly, with the evidence
//!   quoted and byte spans into the segment;
//! - **the score**: a logistic model over the components and the flags,
//!   whose weights are fitted on data (`examples/fit_quality.rs`,
//!   `scripts/fit-quality.sh`) and embedded from `data/quality-weights.tsv`.
//!
//! ```
//! use bitext::{Lang, quality::{score_pairs, QualityOptions, FlagKind}};
//! let pairs = vec![
//!     ("会议由外交部长王毅主持。".to_string(), "The meeting was chaired by Foreign Minister Wang Yi.".to_string()),
//!     ("15国外长出席会议。".to_string(), "Foreign ministers of 12 countries attended the meeting.".to_string()),
//!     ("联合国大会主席作通报。".to_string(), "".to_string()),
//! ];
//! let report = score_pairs(&pairs, &QualityOptions::new(Lang::Zh, Lang::En))?;
//! assert!(report.segments[0].flags.is_empty());
//! assert!(report.segments[1].flags.iter().any(|f| f.kind == FlagKind::NumberMismatch));
//! assert!(report.segments[2].flags.iter().any(|f| f.kind == FlagKind::Omission));
//! assert!(report.segments[0].score > report.segments[2].score);
//! # Ok::<(), bitext::Error>(())
//! ```

mod checks;
mod context;
mod finance;
pub mod glossary;
mod model;
mod negation;
mod order;
pub mod pairs;
mod person;
mod placeholder;
mod polarity;
mod proper;
mod text;

pub use glossary::Glossary;
pub use model::{FEATURES, SubModel, Weights, features, is_goodness};

use crate::align::Alignment;
use crate::document::Document;
use crate::error::{Error, Result};
use crate::lang::Lang;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// How serious a flag is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; often fine.
    Info,
    /// Probably wrong; a reviewer should check.
    Warning,
    /// Wrong: the segment should not ship as it is.
    Error,
}

impl Severity {
    /// The lower-case name (`info`, `warning`, `error`).
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The severity a name stands for ([`Severity::name`]'s inverse).
    ///
    /// ```
    /// use bitext::quality::Severity;
    /// assert_eq!(Severity::from_name("error"), Some(Severity::Error));
    /// assert_eq!(Severity::from_name("fatal"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Severity> {
        [Severity::Info, Severity::Warning, Severity::Error]
            .into_iter()
            .find(|s| s.name() == name)
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a flag is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// Source content with no counterpart in the target.
    Omission,
    /// Target content with no counterpart in the source.
    Addition,
    /// A number, date, percentage or amount missing or different.
    NumberMismatch,
    /// A name absent or spelled differently on the other side.
    NameMismatch,
    /// Source-script text left in the target, or target equal to source.
    Untranslated,
    /// Length outside the document's plausible range.
    LengthRatio,
    /// The two sides do not correspond.
    Misalignment,
    /// Unbalanced quotes or brackets, a question rendered as a statement, a
    /// truncated sentence, a stray closing quote.
    Punctuation,
    /// The same source translated differently, or the same target used for
    /// different sources.
    Inconsistency,
    /// A glossary term present in the source without its required rendering.
    Terminology,
    /// A negation on one side with no negation at all on the other: the
    /// meaning may be reversed (不应 → *should*).
    Negation,
    /// A direction reversed: the source says a quantity went up and the
    /// target that it went down, a profit for a loss, a surplus for a
    /// deficit, imports for exports, buying for selling, approving for
    /// rejecting (收入增长 → *revenue fell*).
    Polarity,
    /// A placeholder of a software string (`%d`, `{0}`, `${name}`, `<b>`,
    /// `&nbsp;`) missing on one side, added, changed (`%d` → `%s`), or,
    /// for plain printf forms of different types, put in another order.
    Placeholder,
}

impl FlagKind {
    /// Every kind, in declaration order.
    pub const ALL: &'static [FlagKind] = &[
        FlagKind::Omission,
        FlagKind::Addition,
        FlagKind::NumberMismatch,
        FlagKind::NameMismatch,
        FlagKind::Untranslated,
        FlagKind::LengthRatio,
        FlagKind::Misalignment,
        FlagKind::Punctuation,
        FlagKind::Inconsistency,
        FlagKind::Terminology,
        FlagKind::Negation,
        FlagKind::Polarity,
        FlagKind::Placeholder,
    ];

    /// The snake_case name used in JSON and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            FlagKind::Omission => "omission",
            FlagKind::Addition => "addition",
            FlagKind::NumberMismatch => "number_mismatch",
            FlagKind::NameMismatch => "name_mismatch",
            FlagKind::Untranslated => "untranslated",
            FlagKind::LengthRatio => "length_ratio",
            FlagKind::Misalignment => "misalignment",
            FlagKind::Punctuation => "punctuation",
            FlagKind::Inconsistency => "inconsistency",
            FlagKind::Terminology => "terminology",
            FlagKind::Negation => "negation",
            FlagKind::Polarity => "polarity",
            FlagKind::Placeholder => "placeholder",
        }
    }
}

impl fmt::Display for FlagKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for FlagKind {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        FlagKind::ALL
            .iter()
            .copied()
            .find(|k| k.name() == s.trim())
            .ok_or_else(|| {
                let names: Vec<&str> = FlagKind::ALL.iter().map(|k| k.name()).collect();
                Error::Config(format!(
                    "unknown flag kind '{s}' (expected one of {})",
                    names.join(", ")
                ))
            })
    }
}

/// Which side of a segment a span points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The source segment.
    Source,
    /// The target segment.
    Target,
}

/// A byte span into the segment text of one side (the text as written out:
/// for a bead, its sentences joined by [`join_segment`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Span {
    /// The side.
    pub side: Side,
    /// Byte offset of the start (on a char boundary).
    pub start: usize,
    /// Byte offset of the end (on a char boundary).
    pub end: usize,
}

/// One finding about a segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flag {
    /// What it is about.
    pub kind: FlagKind,
    /// How serious it is.
    pub severity: Severity,
    /// What triggered it, quoting the text.
    pub evidence: String,
    /// Where, when it points at part of a segment.
    pub spans: Vec<Span>,
}

/// The components the score is made of, each in [0, 1] (1 = good).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Components {
    /// Share (weighted by rarity) of the source's content words with a
    /// translation in the target.
    pub coverage_src: f64,
    /// Share of the target's content words with a translation in the source.
    pub coverage_tgt: f64,
    /// Plausibility of the length ratio under the document's length model.
    pub length: f64,
    /// The same on one side: 1 unless the target is shorter than the
    /// length model expects, less the shorter it is (a dropped clause, a
    /// cut target), so that a short target weighs apart from a long one.
    pub completeness: f64,
    /// Agreement of numbers, names and Latin tokens (1 when there are none).
    pub anchors: f64,
    /// 1 when every English name of the pair has a counterpart on the
    /// Chinese side (pinyin, lexicon or learned translation); 1/(1 + n)
    /// with n names that have none.
    pub names: f64,
    /// Share of the target's letters written in the target language's
    /// script (1 = no source-script text left).
    pub script: f64,
    /// The bead's confidence from the aligner (1 for pre-aligned pairs).
    pub confidence: f64,
    /// The bead's shape: 1 for 1-1, less for merges, 0 with an empty side.
    pub shape: f64,
    /// How much target there is for the source, on a straight scale:
    /// `(z + 4) / 8` with `z` the signed z-score of the log length ratio
    /// under the length model, clamped to ±4 (0.5 = as long as expected,
    /// above: longer). Unlike `length` and `completeness`, it grows
    /// monotonically with the target's share of the length.
    pub fullness: f64,
    /// `1 / (1 + n / 3)` with `n` the number of the source's content words
    /// that find no translation in the target (the count, where
    /// `coverage_src` is the share).
    pub uncovered: f64,
    /// 1 when the two sides share an anchor (a number, or a Latin token
    /// of the Chinese side written on the English side), else 0: evidence
    /// that they correspond.
    pub anchored: f64,
    /// How short the English side is, `1 / (1 + w / 10)` with `w` its
    /// words: longer sentences are harder to translate, a prior that
    /// direct human assessments of machine translation follow (the
    /// model's weight says how much).
    pub brevity: f64,
    /// 0 when a name the document links to this segment's Chinese is
    /// missing from the English while the English has a name with no
    /// counterpart in the Chinese (one name put in another's place), and 1
    /// otherwise. `names` counts both kinds of name alike; a swap is the
    /// two at once, which a clean pair seldom shows.
    pub name_swap: f64,
    /// 1 when every English name with no counterpart in the Chinese (see
    /// `names`) at least sounds near a run of its Chinese: the least, over
    /// those names, of 1 − the edit distance of consonant skeletons (name
    /// and nearest run of 2–4 Han characters not otherwise accounted for)
    /// over the longer's length; 1 with no such name. A name the rules do
    /// not hear (心利 *Zimri*) is near; a name put in another's place is far.
    pub name_sound: f64,
    /// 1 less the share of the expected target missing at an edge: the
    /// source before the first and after the last of the segment's
    /// monotone chain of word links against the target there
    /// (`Context::edge_gap` in `quality::context`); a dropped first or last clause
    /// leaves source with no target at an edge.
    pub intact_edges: f64,
}

impl Components {
    /// Every component at 1: a segment nothing is wrong with.
    pub fn perfect() -> Components {
        Components {
            coverage_src: 1.0,
            coverage_tgt: 1.0,
            length: 1.0,
            completeness: 1.0,
            anchors: 1.0,
            names: 1.0,
            script: 1.0,
            confidence: 1.0,
            shape: 1.0,
            fullness: 1.0,
            uncovered: 1.0,
            anchored: 1.0,
            brevity: 1.0,
            name_swap: 1.0,
            name_sound: 1.0,
            intact_edges: 1.0,
        }
    }
}

/// The quality of one segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentQuality {
    /// Probability that the segment is a correct translation, in [0, 1].
    pub score: f64,
    /// What the score is made of.
    pub components: Components,
    /// What is wrong, worst first.
    pub flags: Vec<Flag>,
}

impl SegmentQuality {
    /// The most serious severity among the flags, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.flags.iter().map(|f| f.severity).max()
    }
}

/// The quality of a document: one [`SegmentQuality`] per segment, in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QualityReport {
    /// One entry per bead or pair, in order.
    pub segments: Vec<SegmentQuality>,
    /// Summary score of the document in [0, 1]: the length-weighted mean
    /// segment score, lowered by the share of segments with an error flag.
    pub document_score: f64,
}

impl QualityReport {
    /// How many flags of each kind and severity.
    pub fn flag_counts(&self) -> BTreeMap<(FlagKind, Severity), usize> {
        let mut out = BTreeMap::new();
        for f in self.segments.iter().flat_map(|s| &s.flags) {
            *out.entry((f.kind, f.severity)).or_insert(0) += 1;
        }
        out
    }
}

/// Options of the quality stage.
#[derive(Debug, Clone)]
pub struct QualityOptions {
    /// Language of the source side.
    pub src_lang: Lang,
    /// Language of the target side.
    pub tgt_lang: Lang,
    /// Terminology to check (`terminology` flags).
    pub glossary: Option<Glossary>,
}

impl QualityOptions {
    /// Options for a language pair, without a glossary.
    pub fn new(src_lang: Lang, tgt_lang: Lang) -> Self {
        QualityOptions {
            src_lang,
            tgt_lang,
            glossary: None,
        }
    }

    /// Refuses options the quality stage cannot score with: the same
    /// language on both sides (a copy of the source is no translation, and
    /// every check compares Chinese with English). [`score_alignment`],
    /// [`score_pairs`] and [`score_in_chunks`] call it first.
    ///
    /// ```
    /// use bitext::{Lang, quality::QualityOptions};
    /// assert!(QualityOptions::new(Lang::Zh, Lang::En).check().is_ok());
    /// assert!(QualityOptions::new(Lang::Zh, Lang::Zh).check().is_err());
    /// ```
    pub fn check(&self) -> Result<()> {
        if self.src_lang == self.tgt_lang {
            return Err(Error::Options(format!(
                "the source and the target language are both {}: bitext scores a translation \
                 between Chinese and English",
                self.src_lang
            )));
        }
        Ok(())
    }
}

/// The longest segment (bytes, as written) [`score_pairs`] and
/// [`score_in_chunks`] take: the longest sentence `bitext align` takes
/// ([`crate::document::DEFAULT_MAX_SENTENCE_BYTES`]), the cap `bitext score`
/// and `bitext audit` apply to every line and unit. Scoring time grows
/// faster than a segment's length; the cap keeps a service safe from one
/// huge pair.
pub const MAX_PAIR_SEGMENT_BYTES: usize = crate::document::DEFAULT_MAX_SENTENCE_BYTES;

/// Refuses pairs [`score_pairs`] cannot score: none at all, a pair with
/// both sides empty (or only whitespace), a segment over
/// [`MAX_PAIR_SEGMENT_BYTES`]. The errors ([`Error::Options`]) name the
/// pair by its index in the slice (`pairs[3]`).
fn check_pairs<S: AsRef<str>, T: AsRef<str>>(pairs: &[(S, T)]) -> Result<()> {
    if pairs.is_empty() {
        return Err(Error::Options(
            "no pairs to score: a document score needs at least one pair".into(),
        ));
    }
    for (k, (s, t)) in pairs.iter().enumerate() {
        let (s, t) = (s.as_ref(), t.as_ref());
        if s.trim().is_empty() && t.trim().is_empty() {
            return Err(Error::Options(format!(
                "pairs[{k}]: both sides are empty: a pair holds a source, a target or both \
                 (one empty side is scored as an omission or an addition)"
            )));
        }
        if let Some(why) = pairs::oversized_segment(s, t, MAX_PAIR_SEGMENT_BYTES) {
            return Err(Error::Options(format!("pairs[{k}]: {why}")));
        }
    }
    Ok(())
}

/// Joins the sentences of one side of a bead into the segment text, as the
/// writers do: nothing between Chinese sentences, one space between English
/// ones. Every span of a [`Flag`] points into this text.
pub fn join_segment(lang: Lang, sentences: &[&str]) -> String {
    sentences.join(lang.joiner())
}

/// One segment to score: its two sides, and what the aligner knows of it.
#[derive(Debug, Clone)]
pub(crate) struct Unit<'a> {
    pub src: &'a str,
    pub tgt: &'a str,
    pub confidence: f64,
    pub shape: (usize, usize),
    /// The bead's sentences that the aligner thinks may have no
    /// counterpart (none for pre-aligned pairs).
    pub unmatched: &'a [Unmatched],
}

/// A sentence inside a bead that the aligner's search, over all the
/// alignments it weighed, often left without counterpart
/// ([`Alignment::unmatched_src`]).
#[derive(Debug, Clone)]
pub(crate) struct Unmatched {
    /// Where it lies in the segment text.
    pub span: Span,
    /// Its place in the bead's side (0-based) and the side's sentence count.
    pub place: (usize, usize),
    /// The probability that it has no counterpart.
    pub probability: f64,
}

/// A sentence of a bead whose probability of having no counterpart reaches
/// this is flagged (`omission` on the source side, `addition` on the
/// target side) with severity `info`; see [`UNMATCHED_WARNING`]. On the
/// synthetic omissions benchmark (`scripts/omissions.sh`), the planted
/// sentences either in an empty-side bead or flagged: MAC-Dev 0.854, Bible
/// 001 0.857, 002 0.825 (RESULTS.md).
pub(crate) const UNMATCHED_INFO: f64 = 0.15;
/// From this probability on, the flag is a `warning`.
pub(crate) const UNMATCHED_WARNING: f64 = 0.3;

/// The sentences of one side of a bead that may have no counterpart, with
/// their spans in the joined segment text.
fn unmatched_sentences(
    side: Side,
    lang: Lang,
    sentences: &[&str],
    probabilities: Option<&[f32]>,
    out: &mut Vec<Unmatched>,
) {
    let Some(probabilities) = probabilities else {
        return;
    };
    let mut start = 0;
    for (k, (text, &p)) in sentences.iter().zip(probabilities).enumerate() {
        if f64::from(p) >= UNMATCHED_INFO && !text.trim().is_empty() {
            out.push(Unmatched {
                span: Span {
                    side,
                    start,
                    end: start + text.len(),
                },
                place: (k, sentences.len()),
                probability: f64::from(p),
            });
        }
        start += text.len() + lang.joiner().len();
    }
}

/// Scores the beads of an alignment of two documents: one
/// [`SegmentQuality`] per bead, in order, including beads with an empty side
/// (omissions and additions).
///
/// ```
/// use bitext::{Lang, align::Aligner, document::{Document, InputMode}};
/// use bitext::quality::{score_alignment, QualityOptions};
/// let zh = Document::from_text("zh.txt", "王毅主持会议。15国外长出席会议。", Lang::Zh, InputMode::Raw)?;
/// let en = Document::from_text("en.txt", "Wang Yi chaired the meeting. Foreign ministers of 15 countries attended.", Lang::En, InputMode::Raw)?;
/// let alignment = Aligner::builder().build()?.align(&zh, &en)?;
/// let report = score_alignment(&zh, &en, &alignment, &QualityOptions::new(Lang::Zh, Lang::En))?;
/// assert_eq!(report.segments.len(), alignment.beads().len());
/// assert!(report.segments.iter().all(|s| s.flags.is_empty() && s.score > 0.5));
/// # Ok::<(), bitext::Error>(())
/// ```
pub fn score_alignment(
    src: &Document,
    tgt: &Document,
    alignment: &Alignment,
    opts: &QualityOptions,
) -> Result<QualityReport> {
    opts.check()?;
    crate::format::Bitext {
        src,
        tgt,
        alignment,
    }
    .check()?;
    if src.lang() != opts.src_lang || tgt.lang() != opts.tgt_lang {
        return Err(Error::Config(format!(
            "the documents are {}→{} but the quality options say {}→{}",
            src.lang(),
            tgt.lang(),
            opts.src_lang,
            opts.tgt_lang
        )));
    }
    if let Some(b) = alignment
        .beads()
        .iter()
        .find(|b| b.src.end > src.len() || b.tgt.end > tgt.len())
    {
        return Err(Error::Config(format!(
            "bead {:?}:{:?} lies outside the documents ({} and {} sentences)",
            b.src,
            b.tgt,
            src.len(),
            tgt.len()
        )));
    }
    // Each bead's texts and layout, on every core, in order.
    let (texts, layouts): (Vec<_>, Vec<_>) = alignment
        .beads()
        .par_iter()
        .map(|b| {
            let s: Vec<&str> = b.src.clone().map(|i| src.sentence_text(i)).collect();
            let t: Vec<&str> = b.tgt.clone().map(|i| tgt.sentence_text(i)).collect();
            // A bead with an empty side is an omission or an addition already.
            let mut unmatched = Vec::new();
            if !b.is_null() {
                let (ps, pt) = (alignment.unmatched_src(), alignment.unmatched_tgt());
                let (ps, pt) = (ps.get(b.src.clone()), pt.get(b.tgt.clone()));
                unmatched_sentences(Side::Source, src.lang(), &s, ps, &mut unmatched);
                unmatched_sentences(Side::Target, tgt.lang(), &t, pt, &mut unmatched);
            }
            let layout = order::Layout {
                src: sentence_ranges(src.lang(), &s),
                tgt: sentence_ranges(tgt.lang(), &t),
            };
            let text = (
                join_segment(src.lang(), &s),
                join_segment(tgt.lang(), &t),
                b.confidence,
                (b.src.len(), b.tgt.len()),
                unmatched,
            );
            (text, layout)
        })
        .unzip();
    let units: Vec<Unit> = texts
        .iter()
        .map(|(s, t, c, shape, unmatched)| Unit {
            src: s,
            tgt: t,
            confidence: *c,
            shape: *shape,
            unmatched,
        })
        .collect();
    // On a few pairs the judgement is one loose bead's cost (a real
    // two-sentence translation can fall under the bound): it is left to
    // the warning and the confidences.
    let pairs = alignment.beads().iter().filter(|b| !b.is_null()).count();
    let relatedness = (pairs >= UNRELATED_MIN_PAIRS).then(|| alignment.relatedness());
    Ok(score_units(&units, &layouts, opts, relatedness))
}

/// The byte range of each sentence in the text [`join_segment`] makes of
/// them.
fn sentence_ranges(lang: Lang, sentences: &[&str]) -> Vec<std::ops::Range<usize>> {
    let mut start = 0;
    sentences
        .iter()
        .map(|t| {
            let r = start..start + t.len();
            start = r.end + lang.joiner().len();
            r
        })
        .collect()
}

/// The fewest pairs (beads with both sides) for [`UNRELATED_TEXTS`] to put
/// its error on every pair.
pub const UNRELATED_MIN_PAIRS: usize = 5;

/// Below this relatedness (the aligner's probability that the two texts are
/// translations, [`Alignment::relatedness`]) every pair of the alignment
/// is a `misalignment` error: the texts were judged unrelated, so no pair
/// of them is a translation, whatever its own evidence says (with at least
/// [`UNRELATED_MIN_PAIRS`] pairs). The same bound `align`, `batch` and
/// `audit` warn at.
pub const UNRELATED_TEXTS: f64 = 0.5;

/// Scores pre-aligned pairs (TMX units, TSV lines). The document context
/// (length model, learned translations, inconsistency) is built from all the
/// pairs together. An empty side is scored, not refused: it is an omission
/// (or an addition).
///
/// Refused with an [`Error::Options`], as `bitext score` refuses them: the
/// same language on both sides ([`QualityOptions::check`]), an empty list,
/// a pair with both sides empty or only whitespace, a segment over
/// [`MAX_PAIR_SEGMENT_BYTES`] (split it, or leave the pair out); the
/// error names the pair by its index, `pairs[3]`.
///
/// The sides may be owned or borrowed (`&[(String, String)]`,
/// `&[(&str, &str)]`).
///
/// ```
/// use bitext::{Lang, quality::{score_pairs, QualityOptions}};
/// let opts = QualityOptions::new(Lang::Zh, Lang::En);
/// let report = score_pairs(&[("王毅主持会议。", "Wang Yi chaired the meeting."), ("", "Thanks.")], &opts)?;
/// assert_eq!(report.segments.len(), 2);
/// let err = score_pairs(&[("你好。", "Hello."), (" ", "")], &opts).unwrap_err();
/// assert!(err.to_string().starts_with("pairs[1]: both sides are empty"));
/// # Ok::<(), bitext::Error>(())
/// ```
pub fn score_pairs<S: AsRef<str>, T: AsRef<str>>(
    pairs: &[(S, T)],
    opts: &QualityOptions,
) -> Result<QualityReport> {
    opts.check()?;
    check_pairs(pairs)?;
    let units: Vec<Unit> = pairs
        .iter()
        .map(|(s, t)| (s.as_ref(), t.as_ref()))
        .map(|(s, t)| Unit {
            src: s,
            tgt: t,
            confidence: 1.0,
            shape: (
                usize::from(!s.trim().is_empty()),
                usize::from(!t.trim().is_empty()),
            ),
            unmatched: &[],
        })
        .collect();
    Ok(score_units(&units, &[], opts, None))
}

/// Scores a long list of pre-aligned pairs in chunks of `chunk` pairs, each
/// chunk one document context (length model, learned translations,
/// repeats), so that memory stays bounded; calls `each` with every chunk
/// and its report, in order. Chunks are scored as many at a time as the
/// current rayon pool has threads (the global pool, or the one the caller
/// runs in with `ThreadPool::install`), a wave at a time; the reports do
/// not depend on the number of threads. Stops at the first error `each`
/// returns. The pairs are checked as [`score_pairs`] checks them, all
/// before any is scored (the error names the index in `pairs`), except that
/// an empty list calls `each` never and is no error.
///
/// ```
/// use bitext::{Lang, quality::{score_in_chunks, QualityOptions}};
/// let pairs = vec![("王毅主持会议。", "Wang Yi chaired the meeting."); 5];
/// let mut scored = 0;
/// score_in_chunks(&pairs, 2, &QualityOptions::new(Lang::Zh, Lang::En), |chunk, report| {
///     assert_eq!(chunk.len(), report.segments.len());
///     scored += chunk.len();
///     Ok(())
/// })?;
/// assert_eq!(scored, 5);
/// # Ok::<(), bitext::Error>(())
/// ```
pub fn score_in_chunks<S, T, F>(
    pairs: &[(S, T)],
    chunk: usize,
    opts: &QualityOptions,
    mut each: F,
) -> Result<()>
where
    S: AsRef<str> + Sync,
    T: AsRef<str> + Sync,
    F: FnMut(&[(S, T)], QualityReport) -> Result<()>,
{
    opts.check()?;
    if pairs.is_empty() {
        return Ok(());
    }
    check_pairs(pairs)?;
    let parts: Vec<&[(S, T)]> = pairs.chunks(chunk.max(1)).collect();
    // The pool the caller runs in (rayon's global one unless it installed
    // its own), so that a service can bound the threads a request uses.
    let threads = rayon::current_num_threads();
    for wave in parts.chunks(threads.max(1)) {
        let reports: Vec<Result<QualityReport>> = wave
            .par_iter()
            .map(|part| score_pairs(part, opts))
            .collect();
        for (part, report) in wave.iter().zip(reports) {
            each(part, report?)?;
        }
    }
    Ok(())
}

/// `layouts` gives the sentences of each unit's sides, when they are known
/// (an alignment's beads; empty for pre-aligned pairs). `relatedness` is
/// the aligner's judgement of the whole texts, when they were aligned
/// (`None` for pre-aligned pairs).
///
/// Scores units with their traditional characters folded to simplified ones
/// ([`crate::normalize::fold_traditional`]), so that every rule and word list
/// reads both scripts; spans keep pointing into the original text (the fold
/// keeps byte offsets) and evidence quotes it ([`unfold_evidence`]).
fn score_units(
    units: &[Unit],
    layouts: &[order::Layout],
    opts: &QualityOptions,
    relatedness: Option<f64>,
) -> QualityReport {
    use crate::normalize::fold_traditional;
    use std::borrow::Cow;
    let folded: Vec<(Cow<str>, Cow<str>)> = units
        .par_iter()
        .map(|u| (fold_traditional(u.src), fold_traditional(u.tgt)))
        .collect();
    let changed =
        |(s, t): &(Cow<str>, Cow<str>)| matches!(s, Cow::Owned(_)) || matches!(t, Cow::Owned(_));
    if !folded.iter().any(changed) {
        return score_folded(units, units, layouts, opts, relatedness);
    }
    let matching: Vec<Unit> = units
        .iter()
        .zip(&folded)
        .map(|(u, (s, t))| Unit {
            src: s,
            tgt: t,
            confidence: u.confidence,
            shape: u.shape,
            unmatched: u.unmatched,
        })
        .collect();
    let mut report = score_folded(&matching, units, layouts, opts, relatedness);
    for ((segment, unit), m) in report.segments.iter_mut().zip(units).zip(&matching) {
        if m.src == unit.src && m.tgt == unit.tgt {
            continue;
        }
        let sides = [(m.src, unit.src), (m.tgt, unit.tgt)];
        for f in &mut segment.flags {
            f.evidence = unfold_evidence(&f.evidence, &sides, &f.spans);
        }
    }
    report
}

/// Puts the original characters back into evidence quoted from folded text:
/// every run of Han characters of `evidence` found in a folded side is
/// replaced by the original text at the same offsets — from inside one of
/// the flag's `spans` when one holds it (the text the flag points to: a
/// target's *繁體中文* is not the source's *繁体中文*), else from the first of
/// `sides` (the source's, then the target's folded and original text) that
/// holds it; a run found whole in neither side (evidence that joins two
/// quotations) is restored character by character, each from its first
/// occurrence.
fn unfold_evidence(evidence: &str, sides: &[(&str, &str)], spans: &[Span]) -> String {
    use crate::normalize::is_han;
    let at = |folded: &str, original: &str, piece: &str| -> Option<String> {
        let p = folded.find(piece)?;
        original.get(p..p + piece.len()).map(str::to_string)
    };
    let in_span = |run: &str| -> Option<String> {
        spans.iter().find_map(|sp| {
            let side = match sp.side {
                Side::Source => 0,
                Side::Target => 1,
            };
            let &(f, o) = sides.get(side)?;
            let (f, o) = (f.get(sp.start..sp.end)?, o.get(sp.start..sp.end)?);
            at(f, o, run)
        })
    };
    let original = |run: &str| -> String {
        if let Some(o) = in_span(run).or_else(|| sides.iter().find_map(|&(f, o)| at(f, o, run))) {
            return o;
        }
        run.chars()
            .map(|c| {
                let mut buf = [0u8; 4];
                let piece = c.encode_utf8(&mut buf);
                sides
                    .iter()
                    .find_map(|&(f, o)| at(f, o, piece))
                    .unwrap_or_else(|| piece.to_string())
            })
            .collect()
    };
    let mut out = String::with_capacity(evidence.len());
    let mut rest = evidence;
    while let Some(start) = rest.find(is_han) {
        out.push_str(&rest[..start]);
        let len = rest[start..]
            .find(|c: char| !is_han(c))
            .unwrap_or(rest.len() - start);
        out.push_str(&original(&rest[start..start + len]));
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    out
}

/// Scores units whose text is ready for matching: the document context,
/// then every unit against it. `written` are the units as the user wrote
/// them, for evidence quoted from another segment.
fn score_folded(
    units: &[Unit],
    written: &[Unit],
    layouts: &[order::Layout],
    opts: &QualityOptions,
    relatedness: Option<f64>,
) -> QualityReport {
    let mut ctx = context::Context::build(units, opts);
    // Sentences out of order (swapped inside a bead, moved across the
    // document) are judged over the whole document at once.
    let unrelated = relatedness.is_some_and(|r| r < UNRELATED_TEXTS);
    let order_flags = if unrelated {
        vec![Vec::new(); units.len()]
    } else {
        order::flags(&ctx, units, written, layouts)
    };
    // The word caches serve the passes over texts (the facts, the probes of
    // the order flags), all done: they are freed on a core of their own.
    let caches = ctx.take_caches();
    rayon::spawn(move || drop(caches));
    let weights = Weights::embedded(opts.src_lang, opts.tgt_lang);
    // Each unit is scored against the shared context alone: on every core,
    // in order.
    let segments: Vec<SegmentQuality> = units
        .par_iter()
        .enumerate()
        .map(|(k, unit)| {
            let analysis = ctx.analyse(k, unit);
            let mut flags = checks::flags(&ctx, k, unit, &analysis, opts);
            flags.extend(order_flags[k].iter().cloned());
            if let Some(r) = relatedness.filter(|&r| r < UNRELATED_TEXTS)
                && let Some(f) = checks::unrelated_texts(unit, r, &flags)
            {
                flags.push(f);
            }
            flags.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.kind.cmp(&b.kind)));
            let score = weights.score(&analysis.components, &flags);
            SegmentQuality {
                score,
                components: analysis.components,
                flags,
            }
        })
        .collect();
    // The context's facts (every segment's words, windows and names: about
    // a million allocations on a book) are freed on a core of their own,
    // while the caller goes on: nothing reads them again.
    let facts = ctx.take_facts();
    rayon::spawn(move || drop(facts));
    let document_score = document_score(units, &segments);
    QualityReport {
        segments,
        document_score,
    }
}

/// The length-weighted mean segment score, times one minus half the share
/// of segments with an error flag (so that a release with many broken
/// segments cannot hide them behind long good ones).
fn document_score(units: &[Unit], segments: &[SegmentQuality]) -> f64 {
    if segments.is_empty() {
        return 1.0;
    }
    let (mut sum, mut weight) = (0.0, 0.0);
    for (u, s) in units.iter().zip(segments) {
        let w = (u.src.chars().count() + u.tgt.chars().count()).max(1) as f64;
        sum += w * s.score;
        weight += w;
    }
    let errors = segments
        .iter()
        .filter(|s| s.worst() == Some(Severity::Error))
        .count() as f64
        / segments.len() as f64;
    (sum / weight) * (1.0 - 0.5 * errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::InputMode;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    fn kinds(s: &SegmentQuality) -> Vec<FlagKind> {
        s.flags.iter().map(|f| f.kind).collect()
    }

    /// Every span lies on char boundaries inside its side.
    fn spans_ok(report: &QualityReport, p: &[(String, String)]) {
        for (s, (src, tgt)) in report.segments.iter().zip(p) {
            for f in &s.flags {
                for sp in &f.spans {
                    let t = if sp.side == Side::Source { src } else { tgt };
                    assert!(
                        sp.end <= t.len()
                            && t.is_char_boundary(sp.start)
                            && t.is_char_boundary(sp.end)
                    );
                }
            }
        }
    }

    #[test]
    fn a_lost_negation_is_flagged_in_both_directions() {
        // The target says the opposite of its source: the negation of one
        // side has no counterpart on the other.
        let p = pairs(&[
            ("工厂今年没有扩建。", "The factory was expanded this year."),
            (
                "老师同意了这个安排。",
                "The teacher agreed to the arrangement.",
            ),
        ]);
        let report = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        spans_ok(&report, &p);
        let negation = |s: &SegmentQuality| s.flags.iter().any(|f| f.kind.name() == "negation");
        assert!(
            negation(&report.segments[0]),
            "{:?}",
            report.segments[0].flags
        );
        assert!(
            !negation(&report.segments[1]),
            "{:?}",
            report.segments[1].flags
        );
        let p = pairs(&[(
            "The museum is not open to visitors on Sundays.",
            "博物馆周日对游客开放。",
        )]);
        let report = score_pairs(&p, &QualityOptions::new(Lang::En, Lang::Zh)).unwrap();
        assert!(
            negation(&report.segments[0]),
            "{:?}",
            report.segments[0].flags
        );
    }

    #[test]
    fn a_target_sharing_its_numbers_with_its_own_source_is_not_misaligned() {
        // The second target borrows the first's words (meeting, Beijing: 会议
        // and 北京 are in the first source only), but its number is its own
        // source's: a loose translation, not the neighbour's.
        let p = pairs(&[
            (
                "会议在北京举行，有三十二个国家参加。",
                "The meeting was held in Beijing, and thirty-two countries attended.",
            ),
            (
                "一万六千口。",
                "The meeting in Beijing: sixteen thousand persons.",
            ),
        ]);
        let report = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        assert!(
            !kinds(&report.segments[1]).contains(&FlagKind::Misalignment),
            "{:?}",
            report.segments[1].flags
        );
        // A target with the neighbour's numbers still is the neighbour's.
        let mut p = p;
        p[1].1 = p[0].1.clone();
        let report = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        assert!(kinds(&report.segments[1]).contains(&FlagKind::Misalignment));
    }

    #[test]
    fn a_question_word_rendered_by_an_english_stop_word_is_no_omission() {
        // 为什么 "why", 谁 "who", 不 "not": English leaves such words out of
        // its content words, so the Chinese must too, or "Why?" leaves its
        // whole source uncovered and reads as an omission.
        let p = pairs(&[
            ("“为什么？”", "\"Why?\""),
            ("谁？", "Who?"),
            ("我不去。", "I will not go."),
        ]);
        let report = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        for s in &report.segments {
            assert!(
                !kinds(s).contains(&FlagKind::Omission),
                "{:?} {:?}",
                s.flags,
                s.components
            );
            assert_eq!(s.components.coverage_src, 1.0, "{:?}", s.components);
        }
    }

    #[test]
    fn flag_kinds_round_trip_by_name() {
        for k in FlagKind::ALL {
            assert_eq!(k.name().parse::<FlagKind>().unwrap(), *k);
            assert_eq!(
                serde_json::to_string(k).unwrap(),
                format!("\"{}\"", k.name())
            );
        }
        assert!("typo".parse::<FlagKind>().is_err());
        assert_eq!(
            serde_json::to_string(&Severity::Warning).unwrap(),
            "\"warning\""
        );
    }

    #[test]
    fn english_to_chinese_untranslated_and_terminology() {
        let p = pairs(&[
            (
                "The Security Council met on the 7th.",
                "安理会7日举行了会议。",
            ),
            (
                "Multilateralism is the way forward for all of us.",
                "多边主义 is the way forward for all of us。",
            ),
        ]);
        let mut opts = QualityOptions::new(Lang::En, Lang::Zh);
        opts.glossary = Some(
            Glossary::parse(
                "g.tsv",
                "安理会\tSecurity Council\n联合国\tUnited Nations\n",
            )
            .unwrap(),
        );
        let r = score_pairs(&p, &opts).unwrap();
        spans_ok(&r, &p);
        assert!(
            kinds(&r.segments[0]).is_empty(),
            "{:?}",
            r.segments[0].flags
        );
        let un = r.segments[1]
            .flags
            .iter()
            .find(|f| f.kind == FlagKind::Untranslated)
            .unwrap();
        assert_eq!(
            &p[1].1[un.spans[0].start..un.spans[0].end],
            "is the way forward for all of us"
        );
        // zh→en: the term is in the source, its rendering not in the target.
        let p = pairs(&[("安理会举行会议。", "The council met.")]);
        let mut opts = QualityOptions::new(Lang::Zh, Lang::En);
        opts.glossary = Some(Glossary::parse("g.tsv", "安理会\tSecurity Council\n").unwrap());
        let r = score_pairs(&p, &opts).unwrap();
        let t = &r.segments[0].flags[0];
        assert_eq!(
            (t.kind, t.severity),
            (FlagKind::Terminology, Severity::Error)
        );
        assert_eq!(&p[0].0[t.spans[0].start..t.spans[0].end], "安理会");
        // The glossary's error keeps the pair out of `--min-score 0.5`, as
        // any other error flag does.
        assert!(r.segments[0].score <= 0.45 + 1e-6);
        let without = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        assert!(without.segments[0].score > r.segments[0].score);
    }

    /// A number mismatch quotes the numbers written in digits of each side
    /// when it has any (not the 三 of 第三产业 or a `first`), with their values
    /// free of float noise.
    /// Asserts that no segment of `r` carries a flag of `kind`.
    fn assert_no_flag(r: &QualityReport, kind: FlagKind) {
        for (k, s) in r.segments.iter().enumerate() {
            assert!(!kinds(s).contains(&kind), "{k}: {:?}", s.flags);
        }
    }

    /// A document delivered in paragraphs: a sentence left out of the
    /// translation is folded into its neighbour's segment (two Chinese
    /// sentences, one English one).
    fn paragraph_release(last: &str) -> Vec<(String, String)> {
        pairs(&[
            (
                "来自欧盟27个成员国和中国的600多名政府官员、企业代表和专家学者出席了论坛。",
                "More than 600 government officials, business representatives, experts and scholars from the 27 EU member states and China attended the forum.",
            ),
            (
                "他说，2025年中国可再生能源装机容量已突破18亿千瓦，占全国发电总装机的56%。",
                "He said that China's installed renewable energy capacity exceeded 1.8 billion kilowatts in 2025, accounting for 56% of the country's total installed power generation capacity.",
            ),
            (
                "论坛期间，双方企业签署了23项合作协议，总金额超过86亿欧元。",
                "During the forum, companies from both sides signed 23 cooperation agreements worth more than 8.6 billion euros.",
            ),
            (
                "下一届论坛将于2027年在比利时布鲁塞尔举行。",
                "The next forum will be held in Brussels, Belgium, in 2027.",
            ),
            (
                "欧盟委员会能源专员表示，欧盟愿与中国在氢能、储能和海上风电等领域加强合作。她说：“气候变化是我们共同面对的挑战，没有任何国家可以独善其身。”",
                last,
            ),
        ])
    }

    #[test]
    fn a_sentence_left_out_of_a_merged_segment_is_an_omission() {
        let cut = "The European Commissioner for Energy said the EU was willing to strengthen cooperation with China in hydrogen, energy storage, offshore wind power and other fields.";
        let p = paragraph_release(cut);
        let r = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        let s = &r.segments[4];
        let f = s
            .flags
            .iter()
            .find(|f| f.kind == FlagKind::Omission)
            .unwrap_or_else(|| panic!("{:?}", s.flags));
        // A quarter of it is covered (说, 气候变化, 国家): a warning.
        assert_eq!(f.severity, Severity::Warning, "{f:?}");
        assert!(
            f.evidence.contains("source sentence 2 of 2"),
            "{}",
            f.evidence
        );
        let sp = &f.spans[0];
        assert_eq!(
            &p[4].0[sp.start..sp.end],
            "她说：“气候变化是我们共同面对的挑战，没有任何国家可以独善其身。”"
        );
        spans_ok(&r, &p);
        // A sentence with nothing of it translated is an error.
        let mut p = paragraph_release(cut);
        p[4].0 = p[4].0.replace(
            "她说：“气候变化是我们共同面对的挑战，没有任何国家可以独善其身。”",
            "全年城镇新增就业28.6万人，城镇调查失业率为4.9%，比上年下降0.3个百分点，农民工总量比上年增长2.1%。",
        );
        let r = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        let f = r.segments[4]
            .flags
            .iter()
            .find(|f| f.kind == FlagKind::Omission)
            .unwrap_or_else(|| panic!("{:?}", r.segments[4].flags));
        assert_eq!(f.severity, Severity::Error, "{f:?}");
        // Translated whole, the same segment is clean.
        let whole = format!(
            "{cut} \"Climate change is a challenge we all face, and no country can stay immune from it,\" she said."
        );
        let r = score_pairs(
            &paragraph_release(&whole),
            &QualityOptions::new(Lang::Zh, Lang::En),
        )
        .unwrap();
        assert_no_flag(&r, FlagKind::Omission);
    }

    #[test]
    fn a_sentence_added_to_a_merged_segment_is_an_addition() {
        let mut p = paragraph_release(
            "The European Commissioner for Energy said the EU was willing to strengthen cooperation with China in hydrogen, energy storage, offshore wind power and other fields. \"Climate change is a challenge we all face, and no country can stay immune from it,\" she said.",
        );
        p[2].1.push_str(" Tickets for the football final sold out within minutes, organisers reported on Sunday.");
        let r = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        let s = &r.segments[2];
        let f = s
            .flags
            .iter()
            .find(|f| f.kind == FlagKind::Addition)
            .unwrap_or_else(|| panic!("{:?}", s.flags));
        assert!(
            f.evidence.contains("target sentence 2 of 2"),
            "{}",
            f.evidence
        );
        assert!(p[2].1[f.spans[0].start..f.spans[0].end].starts_with("Tickets"));
    }

    #[test]
    fn number_evidence_quotes_the_digits() {
        let p = pairs(&[
            (
                "第三产业增加值占全市生产总值的比重为75.2%。",
                "The tertiary industry accounted for 57.2% of the city's GDP.",
            ),
            (
                "全市生产总值达4.72万亿元，位居全国第一。",
                "The city's GDP reached 4.27 trillion yuan, the first in the country.",
            ),
        ]);
        let r = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        let evidence = |k: usize| {
            r.segments[k]
                .flags
                .iter()
                .find(|f| f.kind == FlagKind::NumberMismatch)
                .map(|f| (f.evidence.clone(), f.spans.len()))
        };
        assert_eq!(
            evidence(0),
            Some((
                "the source has “75.2%” (75.2) where the target has “57.2%” (57.2)".into(),
                2
            ))
        );
        assert_eq!(
            evidence(1),
            Some((
                "the source has “4.72万亿” (4720000000000) where the target has “4.27 trillion” (4270000000000)".into(),
                2
            ))
        );
    }

    #[test]
    fn inconsistent_translations_of_a_repeated_source() {
        let src = "中方愿同各方一道推动多边主义扬帆再出发。";
        let p = pairs(&[
            (
                src,
                "China is willing to work with all parties to promote multilateralism.",
            ),
            ("王毅主持会议。", "Wang Yi chaired the meeting."),
            (
                src,
                "China will push multilateralism forward with everyone.",
            ),
        ]);
        let r = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        assert!(kinds(&r.segments[0]).contains(&FlagKind::Inconsistency));
        assert!(kinds(&r.segments[2]).contains(&FlagKind::Inconsistency));
        assert!(!kinds(&r.segments[1]).contains(&FlagKind::Inconsistency));
        let f = r.segments[2]
            .flags
            .iter()
            .find(|f| f.kind == FlagKind::Inconsistency)
            .unwrap();
        assert!(f.evidence.contains("segment 1"), "{}", f.evidence);
    }

    #[test]
    fn short_boilerplate_with_an_address_translated_two_ways_is_inconsistent() {
        // A localization lead's support line, 4 words beside an e-mail
        // address, rendered two ways (en→zh); "Yes." repeated is not judged.
        let p = pairs(&[
            (
                "For help, contact support@example.com.",
                "如需帮助，请联系 support@example.com。",
            ),
            ("Yes.", "是的。"),
            ("The service is available today.", "该服务今天即可使用。"),
            ("Yes.", "对。"),
            (
                "For help, contact support@example.com.",
                "需要协助时，可发邮件到 support@example.com 与我们联系。",
            ),
        ]);
        let r = score_pairs(&p, &QualityOptions::new(Lang::En, Lang::Zh)).unwrap();
        assert!(kinds(&r.segments[0]).contains(&FlagKind::Inconsistency));
        assert!(kinds(&r.segments[4]).contains(&FlagKind::Inconsistency));
        assert!(!kinds(&r.segments[1]).contains(&FlagKind::Inconsistency));
        assert!(!kinds(&r.segments[3]).contains(&FlagKind::Inconsistency));
    }

    #[test]
    fn a_repeated_sentence_rendered_otherwise_inside_a_merged_segment_is_inconsistent() {
        // Trial 25's F1: the support line's second rendering sits in a bead
        // the aligner merged with an untranslated sentence, so the whole
        // sources never compare equal; the sentence inside them does.
        let line = "For help, contact support@example.com.";
        let p = pairs(&[
            (line, "如需帮助，请联系 support@example.com。"),
            ("The service is available today.", "该服务今天即可使用。"),
            (
                "Refunds are processed within five business days. For help, contact support@example.com.",
                "Refunds are processed within five business days. 需要协助时，可发邮件到 support@example.com 与我们联系。",
            ),
            (
                "Orders ship within two days. For help, contact support@example.com.",
                "订单两天内发货。如需帮助，请联系 support@example.com。",
            ),
        ]);
        let r = score_pairs(&p, &QualityOptions::new(Lang::En, Lang::Zh)).unwrap();
        let inconsistent = |k: usize| {
            r.segments[k]
                .flags
                .iter()
                .filter(|f| f.kind == FlagKind::Inconsistency)
                .map(|f| f.evidence.clone())
                .collect::<Vec<_>>()
        };
        let merged = inconsistent(2);
        assert_eq!(merged.len(), 1, "{merged:?}");
        assert!(
            merged[0].contains("segment 1") && merged[0].contains("For help"),
            "{merged:?}"
        );
        let alone = inconsistent(0);
        assert_eq!(alone.len(), 1, "{alone:?}");
        assert!(alone[0].contains("segment 3"), "{alone:?}");
        // The same rendering inside a merged segment, and an unrelated one.
        assert!(inconsistent(3).is_empty(), "{:?}", inconsistent(3));
        assert!(inconsistent(1).is_empty());
        // The spans point at the merged segment's sentence, and inside the
        // lone segment's (shorter) target.
        let spans = |k: usize| -> Vec<(Side, &str)> {
            let (src, tgt) = (&p[k].0, &p[k].1);
            r.segments[k]
                .flags
                .iter()
                .filter(|f| f.kind == FlagKind::Inconsistency)
                .flat_map(|f| f.spans.iter())
                .map(|s| {
                    let text = if s.side == Side::Source { src } else { tgt };
                    (s.side, &text[s.start..s.end])
                })
                .collect()
        };
        assert_eq!(spans(2), vec![(Side::Source, line)]);
        assert_eq!(spans(0), vec![(Side::Target, p[0].1.as_str())]);
    }

    #[test]
    fn a_repeated_target_sentence_inside_a_merged_segment_is_checked_too() {
        // zh→en: the English line stands alone once and inside a merged
        // target once, there for a different Chinese source.
        let en = "Please contact customer service for details.";
        let p = pairs(&[
            ("详情请咨询客服人员，我们将竭诚为您服务。", en),
            (
                "本活动最终解释权归本公司所有。",
                "The company reserves the right of final interpretation.",
            ),
            (
                "活动时间为五月一日至五月七日，请留意官方网站的后续通知。",
                "The event runs from May 1 to May 7. Please contact customer service for details.",
            ),
        ]);
        let r = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        let count = |k: usize| {
            r.segments[k]
                .flags
                .iter()
                .filter(|f| f.kind == FlagKind::Inconsistency)
                .count()
        };
        assert_eq!((count(0), count(1), count(2)), (1, 0, 1));
    }

    #[test]
    fn numbers_in_words_and_units_agree_and_differ() {
        let p = pairs(&[
            (
                "他们走了三千五百里路。",
                "They walked three thousand five hundred li.",
            ),
            (
                "增长了百分之五，达到1.5亿元。",
                "It grew 5% to 150 million yuan.",
            ),
            ("他们走了三十里路。", "They walked forty li."),
        ]);
        let r = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        spans_ok(&r, &p);
        assert!(!kinds(&r.segments[0]).contains(&FlagKind::NumberMismatch));
        assert!(!kinds(&r.segments[1]).contains(&FlagKind::NumberMismatch));
        let f = &r.segments[2].flags[0];
        assert_eq!(
            (f.kind, f.severity),
            (FlagKind::NumberMismatch, Severity::Error)
        );
        assert_eq!(&p[2].0[f.spans[0].start..f.spans[0].end], "三十");
        assert_eq!(&p[2].1[f.spans[1].start..f.spans[1].end], "forty");
    }

    #[test]
    fn numbers_rounded_across_a_scale_word_agree_and_others_do_not() {
        let p = pairs(&[
            (
                "投资约48.8万亿元。",
                "Investment was about 48.79 trillion yuan.",
            ),
            ("人口为14.08亿。", "The population was 1.41 billion."),
            ("GDP达到1349084亿元。", "GDP reached 134.9 trillion yuan."),
            ("GDP达到1349084亿元。", "GDP reached 134.91 trillion yuan."),
            // Not rounding: a digit the less precise side shows differs, or
            // an integer (whose zeros may not be rounding) meets a decimal.
            ("收入为25亿元。", "Income was 2.6 billion yuan."),
            ("增长2.7%。", "It grew 3 percent."),
            ("共有3.5万人。", "There were 36,000 people."),
            // One significant digit is no rounding: 1亿 is not 150 million.
            ("中国有1亿人口。", "China has 150 million people."),
            (
                "他们雇用了3万名工人。",
                "They employed 34 thousand workers.",
            ),
            // An afternoon hour is its own value or, on a 24-hour clock,
            // twelve more; it meets no other count.
            (
                "下午3时，15人参加了会议。",
                "At 3 p.m., 3 people attended the meeting.",
            ),
            (
                "会议于下午3时至5时举行。",
                "The meeting was held from 3 to 6 p.m.",
            ),
        ]);
        let r = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        spans_ok(&r, &p);
        for (k, s) in r.segments.iter().enumerate() {
            let flagged = kinds(s).contains(&FlagKind::NumberMismatch);
            assert_eq!(flagged, k >= 4, "{k}: {:?}", s.flags);
        }
    }

    #[test]
    fn clock_times_agree_however_they_are_written() {
        let p = pairs(&[
            ("会议于10:00开始。", "The meeting began at 10:00."),
            // A 24-hour Chinese clock, a 12-hour English one.
            ("会议于14时15分开始。", "The meeting began at 2:15 p.m."),
            (
                "航班于凌晨零点四十分起飞。",
                "The flight took off at 12:40 a.m.",
            ),
            // Percentage points and basis points.
            (
                "贷款利率下调了0.25个百分点。",
                "The lending rate was cut by 25 basis points.",
            ),
            (
                "降息50个基点。",
                "Interest rates were cut by 50 basis points.",
            ),
            ("会议于10时开始。", "The meeting began at 10:00."),
            (
                "会议于下午3时30分开始。",
                "The meeting will start at 15:30.",
            ),
            (
                "会议于下午3时30分开始。",
                "The meeting will start at 3:30 p.m.",
            ),
            (
                "会议于下午3时至5时举行。",
                "The meeting was held from 3 to 5 p.m.",
            ),
            (
                "下午两点，她出门了。",
                "At two o'clock in the afternoon, she went out.",
            ),
        ]);
        let r = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        assert_no_flag(&r, FlagKind::NumberMismatch);
    }

    #[test]
    fn numbers_that_agree_however_they_are_written() {
        let p = pairs(&[
            // A numeral without a classifier may still be a number.
            (
                "坛长五肘，宽五肘，高三肘。",
                "The altar was five cubits long, five cubits broad and three cubits high.",
            ),
            // Decimals as far as the less precise side writes them.
            ("温度为2.726K。", "The temperature is 2.7255 K."),
            // The number of a list item is layout.
            ("7.开麦拉", "Camera"),
            // Two numbers apart in the sentence are not one value.
            (
                "要铸四个金环，这边两环，那边两环。",
                "Cast six rings of gold: two rings on one side and two rings on the other.",
            ),
        ]);
        let r = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        spans_ok(&r, &p);
        for k in 0..3 {
            assert!(
                !kinds(&r.segments[k]).contains(&FlagKind::NumberMismatch),
                "{k}: {:?}",
                r.segments[k].flags
            );
        }
        let f = r.segments[3]
            .flags
            .iter()
            .find(|f| f.kind == FlagKind::NumberMismatch)
            .expect("四 against six");
        assert_eq!(f.severity, Severity::Error);
        assert!(f.evidence.contains("“six” (6)"), "{}", f.evidence);
    }

    #[test]
    fn a_sentence_cut_and_closed_with_a_full_stop_is_an_omission() {
        // A user's trial: English that stops mid-content but ends with a
        // full stop was not flagged (`of`, `to` may end a sentence, so
        // they were not dangling words); nor was English whose beginning
        // was dropped, leaving a sentence with no subject. Both targets
        // are too little short for the length to tell (about 1 s.d.).
        let p = pairs(&[
            (
                "他们在城里住了很多年。",
                "They lived in the city for many years.",
            ),
            ("后来战争开始了。", "Then the war began."),
            (
                "他们在城里住了很多年，直到战争结束的那一年。",
                "They lived in the city for many years, until the end of.",
            ),
            (
                "后来他们又在村里住了很多年。",
                "Were living in the village for many years.",
            ),
        ]);
        let r = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        spans_ok(&r, &p);
        assert!(
            r.segments[..2].iter().all(|s| s.flags.is_empty()),
            "{:?}",
            r.segments
        );
        for (k, word) in [(2, "of"), (3, "Were")] {
            let f = r.segments[k]
                .flags
                .iter()
                .find(|f| f.kind == FlagKind::Omission)
                .unwrap_or_else(|| panic!("segment {k}: {:?}", r.segments[k].flags));
            assert_eq!(f.spans[0].side, Side::Target);
            assert_eq!(&p[k].1[f.spans[0].start..f.spans[0].end], word);
            assert!(f.evidence.contains(&format!("“{word}”")), "{}", f.evidence);
        }
    }

    #[test]
    fn a_dateline_name_at_the_start_of_the_sentence_is_present() {
        let p = pairs(&[
            (
                "2026年10月28日，深圳——华远科技股份有限公司今天公布了截至2026年9月30日的第三季度财务业绩。",
                "Shenzhen, October 28, 2026 - Huayuan Technology Co., Ltd. today announced its financial results for the third quarter ended September 30, 2026.",
            ),
            (
                "华远科技成立于2003年，总部位于深圳，在全球拥有员工约1.6万人。",
                "Founded in 2003 and headquartered in Shenzhen, Huayuan Technology has about 16,000 employees worldwide.",
            ),
            (
                "公司股票在深圳证券交易所上市，股票代码为002968。",
                "The company's shares are listed on the Shenzhen Stock Exchange under the stock code 002968.",
            ),
        ]);
        let r = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        assert_no_flag(&r, FlagKind::NameMismatch);
    }

    #[test]
    fn money_in_another_currency_is_a_number_error() {
        let p = pairs(&[
            (
                "该项目投资15亿美元。",
                "The project has an investment of 1.5 billion yuan.",
            ),
            (
                "该项目投资15亿美元。",
                "The project has an investment of 1.5 billion US dollars.",
            ),
            ("门票售价300元。", "Tickets cost 300 yuan."),
            ("门票售价300元。", "Tickets cost HK$300."),
            (
                "营收达48.6亿元人民币。",
                "Revenue reached RMB 4.86 billion.",
            ),
            ("出口额达3.6亿欧元。", "Exports reached 360 million euros."),
            (
                "出口额达3.6亿欧元。",
                "Exports reached 360 million dollars.",
            ),
            ("他买了三百元的书。", "He bought books worth 300."),
            // Other senses of *sterling* and *yen*.
            (
                "他表现出色，获得奖金5000元。",
                "His sterling performance earned him a bonus of 5,000.",
            ),
            (
                "他花了100美元来满足自己对旅行的渴望。",
                "He spent a hundred bucks to satisfy his yen for travel.",
            ),
            ("日元兑美元汇率下跌。", "The yen fell against the dollar."),
        ]);
        let r = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        spans_ok(&r, &p);
        for (k, wrong) in [
            (0, true),
            (1, false),
            (2, false),
            (3, false),
            (4, false),
            (5, false),
            (6, true),
            (7, false),
            (8, false),
            (9, false),
            (10, false),
        ] {
            let f = r.segments[k]
                .flags
                .iter()
                .find(|f| f.kind == FlagKind::NumberMismatch);
            assert_eq!(f.is_some(), wrong, "{k}: {:?}", r.segments[k].flags);
            if let Some(f) = f {
                assert_eq!(f.severity, Severity::Error);
                assert!(
                    f.evidence.contains("“美元” (US dollar)")
                        || f.evidence.contains("“欧元” (euro)"),
                    "{}",
                    f.evidence
                );
            }
        }
    }

    #[test]
    fn a_date_with_day_and_month_swapped_is_a_number_error() {
        let p = pairs(&[
            (
                "代表团于5月8日抵达北京。",
                "The delegation arrived in Beijing on August 5.",
            ),
            (
                "代表团于5月8日抵达北京。",
                "The delegation arrived in Beijing on May 8.",
            ),
            (
                "会议定于2027年3月1日召开。",
                "The meeting will open on 3/1/2027.",
            ),
            // Ranges of months: the first names a month too.
            (
                "1-5月，全国规模以上工业企业实现利润总额2.5万亿元。",
                "From January to May, industrial enterprises above designated size made total profits of 2.5 trillion yuan.",
            ),
            (
                "1至5月，全国规模以上工业企业实现利润总额2.5万亿元。",
                "In January-May, industrial enterprises above designated size made total profits of 2.5 trillion yuan.",
            ),
            (
                "今年二季度（4-6月）出口增长8%。",
                "Exports grew 8% in the second quarter (April-June).",
            ),
            ("5、6月份出口增长8%。", "Exports grew 8% in May and June."),
        ]);
        let r = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        spans_ok(&r, &p);
        let f = r.segments[0]
            .flags
            .iter()
            .find(|f| f.kind == FlagKind::NumberMismatch)
            .expect("May 8 against August 5");
        assert_eq!(f.severity, Severity::Error);
        assert!(f.evidence.contains("“August” (8)"), "{}", f.evidence);
        for k in 1..p.len() {
            assert!(
                !kinds(&r.segments[k]).contains(&FlagKind::NumberMismatch),
                "{k}: {:?}",
                r.segments[k].flags
            );
        }
    }

    #[test]
    fn a_sentence_cut_and_closed_on_a_dangling_word_is_an_omission() {
        let p = pairs(&[
            (
                "他们在城里住了很多年。",
                "They lived in the city for many years.",
            ),
            ("后来战争开始了。", "Then the war began."),
            (
                "他们在城里住了很多年，直到战争结束，才回到家乡。",
                "They lived in the city for many years, until the.",
            ),
        ]);
        let r = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        spans_ok(&r, &p);
        assert!(
            r.segments[..2].iter().all(|s| s.flags.is_empty()),
            "{:?}",
            r.segments
        );
        let f = r.segments[2]
            .flags
            .iter()
            .find(|f| f.kind == FlagKind::Omission)
            .expect("the end is missing");
        assert_eq!(f.spans[0].side, Side::Target);
        assert_eq!(&p[2].1[f.spans[0].start..f.spans[0].end], "the");
        assert!(f.evidence.contains("“the”"), "{}", f.evidence);
    }

    #[test]
    fn a_speaker_tag_left_out_of_the_english_is_no_omission() {
        let p = pairs(&[
            ("海老公道：“偷什么书？”", "'Which book?'"),
            (
                "他们在城里住了很多年。",
                "They lived in the city for many years.",
            ),
            ("后来战争开始了。", "Then the war began."),
        ]);
        let r = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        assert!(
            !kinds(&r.segments[0]).contains(&FlagKind::Omission),
            "{:?}",
            r.segments[0].flags
        );
    }

    #[test]
    fn a_name_put_in_a_linked_names_place_is_a_swap() {
        let p = pairs(&[
            ("毕罗多今天来了。", "Qarvex came today."),
            ("我们见到了毕罗多和他的马。", "We met Qarvex and his horse."),
            ("那天下雨。", "It rained that day."),
            ("后来毕罗多走了。", "Then Bozkor left."),
            ("后来他走了。", "Then Tarvin left."),
        ]);
        let r = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        let swap: Vec<f64> = r.segments.iter().map(|s| s.components.name_swap).collect();
        // Only where 毕罗多 (Qarvex in this document) is rendered by a name
        // the Chinese does not account for; a stray name alone is no swap.
        assert_eq!(swap, [1.0, 1.0, 1.0, 0.0, 1.0]);
        assert!(r.segments[3].score < r.segments[4].score);
    }

    #[test]
    fn a_name_in_a_linked_names_place_is_a_swap_even_when_heard_by_chance() {
        // 摩西 is Moses in this document; in the fourth segment the English
        // has Shanghai instead, which 牲畜 (sheng chu) happens to sound like.
        let rest = "举手，用杖击打磐石两下，就有许多水流出来，会众和他们的牲畜都喝了。";
        let en = " lifted up his hand, and with his rod he smote the rock twice: and the water came out abundantly, and the congregation drank, and their beasts also.";
        let (zh4, en4) = (format!("摩西{rest}"), format!("And Shanghai{en}"));
        let (zh5, en5) = (format!("他{rest}"), format!("And he{en}"));
        let p = pairs(&[
            ("摩西今天来了。", "Moses came today."),
            ("我们见到了摩西和他的马。", "We met Moses and his horse."),
            ("那天下雨。", "It rained that day."),
            (&zh4, &en4),
            (&zh5, &en5),
        ]);
        let r = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        let swap: Vec<f64> = r.segments.iter().map(|s| s.components.name_swap).collect();
        assert_eq!(swap, [1.0, 1.0, 1.0, 0.0, 1.0]);
        assert!(r.segments[3].score < r.segments[4].score);
    }

    #[test]
    fn a_two_word_names_part_with_another_partner() {
        // The document writes Wu Peizhen (吴佩珍) throughout; "Wu Qarvex"
        // puts an unknown name beside Wu in a segment whose Chinese has
        // no name (她): a part of the name replaced. Lexicon words beside
        // a usual part (the United States beside the United Nations) and
        // the usual pair itself are not flagged.
        let p = pairs(&[
            ("吴佩珍来了。", "Then Wu Peizhen came over."),
            ("我们见到了吴佩珍。", "We met Wu Peizhen there."),
            ("吴佩珍笑了。", "Later Wu Peizhen laughed."),
            ("吴佩珍走了。", "At last Wu Peizhen left."),
            ("她回到家里。", "By then Wu Qarvex got home."),
            ("联合国开会。", "The United Nations met."),
            ("联合国决定。", "The United Nations decided."),
            ("联合国同意。", "The United Nations agreed."),
            ("美国同意。", "The United States agreed."),
        ]);
        let r = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        spans_ok(&r, &p);
        let flagged: Vec<bool> = r
            .segments
            .iter()
            .map(|s| kinds(s).contains(&FlagKind::NameMismatch))
            .collect();
        assert_eq!(
            flagged,
            [false, false, false, false, true, false, false, false, false]
        );
        let f = r.segments[4]
            .flags
            .iter()
            .find(|f| f.kind == FlagKind::NameMismatch)
            .unwrap();
        assert!(
            f.evidence.contains("“Wu” before “Peizhen” 4 times"),
            "{}",
            f.evidence
        );
        assert_eq!(&p[4].1[f.spans[0].start..f.spans[0].end], "Qarvex");
    }

    #[test]
    fn a_name_replaced_by_a_word_the_lexicon_knows() {
        // "Cain" is in the lexicon, but this document never writes it in
        // lower case: in place of the document's Wang Er it is a name.
        let p = pairs(&[
            ("王二来了。", "Wang Er came."),
            ("我们见到了王二。", "We met Wang Er."),
            ("后来王二走了。", "Then Wang Er left."),
            ("后来王二笑了。", "Later Cain Er laughed."),
        ]);
        let r = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        spans_ok(&r, &p);
        assert!(
            r.segments[..3]
                .iter()
                .all(|s| !kinds(s).contains(&FlagKind::NameMismatch))
        );
        let f = r.segments[3]
            .flags
            .iter()
            .find(|f| f.kind == FlagKind::NameMismatch)
            .expect("Cain for Wang");
        assert!(f.evidence.contains("Cain"), "{}", f.evidence);
    }

    /// The `name_mismatch` flags of each pair, scored as one document.
    fn name_flags(list: &[(&str, &str)]) -> Vec<Vec<Flag>> {
        let p = pairs(list);
        let r = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        spans_ok(&r, &p);
        r.segments
            .iter()
            .map(|s| {
                s.flags
                    .iter()
                    .filter(|f| f.kind == FlagKind::NameMismatch)
                    .cloned()
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_chinese_name_misspelled_or_replaced_in_pinyin_is_flagged_by_nearness() {
        // Bug: a misspelled name (*Sun Liqing* for 孙丽萍), one put in its
        // place (*Zhao Guoqiang*), and a name after a long title or whose
        // given name is a word (周建国) had no flag.
        let zh = "财务总监孙丽萍指出，成本下降了。";
        for (en, severity) in [
            (
                "Finance director Sun Liqing noted that costs fell.",
                Severity::Warning,
            ),
            (
                "Finance director Sun Lipin noted that costs fell.",
                Severity::Warning,
            ),
            (
                "Finance director Zhao Guoqiang noted that costs fell.",
                Severity::Error,
            ),
        ] {
            let f = name_flags(&[(zh, en)]);
            assert_eq!(f[0].len(), 1, "{en}: {f:?}");
            assert_eq!(f[0][0].severity, severity, "{en}");
            assert!(
                f[0][0].evidence.contains("“孙丽萍” (Sun Liping)"),
                "{}",
                f[0][0].evidence
            );
        }
        let zh = "首席运营官周建国表示，产量将增加。";
        let f = name_flags(&[(
            zh,
            "Chief operating officer Zhou Jianping said output would rise.",
        )]);
        assert_eq!(f[0].len(), 1, "{f:?}");
        // A given name's syllable replaced by another (guo → ping), not a
        // slip of one letter, is another person (session 19: an error).
        assert_eq!(f[0][0].severity, Severity::Error);
        let f = name_flags(&[(
            zh,
            "Chief operating officer Huang Dezhi said output would rise.",
        )]);
        assert_eq!(f[0].len(), 1, "{f:?}");
        assert_eq!(f[0][0].severity, Severity::Error);
        // Written right, or left to a pronoun or a title: no flag.
        for en in [
            "Chief operating officer Zhou Jianguo said output would rise.",
            "The chief operating officer said output would rise.",
            "Zhou said output would rise.",
        ] {
            let f = name_flags(&[(zh, en)]);
            assert!(f[0].is_empty(), "{en}: {f:?}");
        }
        // A character a name reads otherwise than the dictionary's first
        // reading (乐 *yue*, not *le*).
        let f = name_flags(&[(
            "财务总监孙乐萍指出，成本下降了。",
            "Finance director Sun Yueping noted that costs fell.",
        )]);
        assert!(f[0].is_empty(), "{f:?}");
        // Another person the Chinese names beside a title the English
        // expands is no mismatch while the name is written.
        let f = name_flags(&[(
            "外长会见了孙丽萍。",
            "Foreign Minister Wang Yi met Sun Liping.",
        )]);
        assert!(f[0].is_empty(), "{f:?}");
    }

    #[test]
    fn a_chinese_name_replaced_everywhere_is_flagged_everywhere() {
        // The document pairs 孙丽萍 with *Zhao Guoqiang* three times and
        // learns it; the pinyin still says Sun Liping.
        let f = name_flags(&[
            ("孙丽萍说，成本下降了。", "Zhao Guoqiang said costs fell."),
            ("董事会开会。", "The board met."),
            (
                "孙丽萍指出，利润增加了。",
                "Zhao Guoqiang noted that profit rose.",
            ),
            ("股价上涨。", "The shares rose."),
            ("孙丽萍表示满意。", "Zhao Guoqiang said she was satisfied."),
        ]);
        let flagged: Vec<Option<Severity>> =
            f.iter().map(|v| v.first().map(|f| f.severity)).collect();
        assert_eq!(
            flagged,
            [
                Some(Severity::Error),
                None,
                Some(Severity::Error),
                None,
                Some(Severity::Error)
            ]
        );
    }

    #[test]
    fn a_target_its_neighbour_translates_better_with_its_own_is_not_misaligned() {
        // The third target repeats the second's Secretary-General and
        // meeting, and so fits the second source better than its own (a
        // loose rendering whose words the lexicon does not pair); but the
        // second source has its own translation, which fits it far better:
        // the third target is a loose rendering, not the second's.
        let p = pairs(&[
            (
                "会议由外交部长王毅主持。",
                "The meeting was chaired by Foreign Minister Wang Yi.",
            ),
            (
                "联合国秘书长出席会议并讲话。",
                "The Secretary-General of the United Nations attended the meeting and spoke.",
            ),
            (
                "全场一片寂静。",
                "When the Secretary-General of the United Nations had spoken at the meeting, the hall was silent.",
            ),
            (
                "各国外长讨论了气候变化问题。",
                "The foreign ministers discussed the problem of climate change.",
            ),
            ("会议通过了一项决议。", "The meeting adopted a resolution."),
        ]);
        let opts = QualityOptions::new(Lang::Zh, Lang::En);
        let report = score_pairs(&p, &opts).unwrap();
        assert!(
            !kinds(&report.segments[2]).contains(&FlagKind::Misalignment),
            "{:?}",
            report.segments[2].flags
        );
        // A copy of the second target in the third's place fits the second
        // source as well as its own does: that is the neighbour's target.
        let mut p = p;
        p[2].1 = p[1].1.clone();
        let report = score_pairs(&p, &opts).unwrap();
        assert!(kinds(&report.segments[2]).contains(&FlagKind::Misalignment));
    }

    #[test]
    fn a_target_that_belongs_to_a_neighbour_is_a_misalignment() {
        let clean = [
            (
                "会议由外交部长王毅主持。",
                "The meeting was chaired by Foreign Minister Wang Yi.",
            ),
            (
                "联合国秘书长出席会议并讲话。",
                "The Secretary-General of the United Nations attended the meeting and spoke.",
            ),
            (
                "各国外长讨论了气候变化问题。",
                "The foreign ministers discussed the problem of climate change.",
            ),
            ("会议通过了一项决议。", "The meeting adopted a resolution."),
        ];
        let opts = QualityOptions::new(Lang::Zh, Lang::En);
        let r = score_pairs(&pairs(&clean), &opts).unwrap();
        assert!(
            r.segments
                .iter()
                .all(|s| !kinds(s).contains(&FlagKind::Misalignment)),
            "{:?}",
            r.segments
        );
        let mut swapped = pairs(&clean);
        swapped[2].1 = clean[1].1.to_string();
        let r = score_pairs(&swapped, &opts).unwrap();
        let f = r.segments[2]
            .flags
            .iter()
            .find(|f| f.kind == FlagKind::Misalignment)
            .expect("the target of segment 2 is segment 1's");
        assert_eq!(f.severity, Severity::Error);
        assert!(f.evidence.contains("segment 2"), "{}", f.evidence);
        assert!(r.segments[2].score < r.segments[3].score);
    }

    #[test]
    fn a_heading_translated_as_a_heading_is_not_taken_by_the_sentence_after_it() {
        // en→zh: the heading 贮藏 recurs in the next sentence, whose
        // *store* it covers, while *Storage* finds no lexicon entry: the
        // heading fits the sentence better by the words, but a short line
        // without a sentence's end on both sides is a heading, and the
        // sentence is not.
        let clean = [
            ("Keep the bottle tightly closed.", "请盖紧瓶盖。"),
            ("Storage", "贮藏"),
            ("Do not store above 30 °C.", "请勿在30 °C以上贮藏。"),
            (
                "Once opened, use within 6 months.",
                "开封后请在6个月内用完。",
            ),
            ("Dosage", "用法用量"),
            (
                "Children aged 6 months to 2 years: give one dose of 5 mL.",
                "6个月至2岁的儿童：每次剂量5 mL。",
            ),
        ];
        let opts = QualityOptions::new(Lang::En, Lang::Zh);
        let r = score_pairs(&pairs(&clean), &opts).unwrap();
        for k in [1, 4] {
            assert!(
                !kinds(&r.segments[k]).contains(&FlagKind::Misalignment),
                "{k}: {:?}",
                r.segments[k].flags
            );
        }
        // The sentence's own target in the heading's place is misaligned.
        let mut swapped = pairs(&clean);
        swapped[1].1 = clean[2].1.to_string();
        let r = score_pairs(&swapped, &opts).unwrap();
        assert!(
            kinds(&r.segments[1]).contains(&FlagKind::Misalignment),
            "{:?}",
            r.segments[1].flags
        );
    }

    #[test]
    fn a_number_with_another_unit_of_its_measure_is_a_number_error() {
        let opts = QualityOptions::new(Lang::En, Lang::Zh);
        let wrong = [
            (
                "The baby must weigh more than 4 kg.",
                "婴儿体重必须超过4磅。",
            ),
            (
                "You need 2 GB of free disk space.",
                "您需要 2 MB 可用磁盘空间。",
            ),
            ("Give 5 mL of the syrup.", "服用5升糖浆。"),
            (
                "Each tablet contains 50 mg of the drug.",
                "每片含药物50克。",
            ),
        ];
        for (src, tgt) in wrong {
            let r = score_pairs(&pairs(&[(src, tgt)]), &opts).unwrap();
            let f = r.segments[0]
                .flags
                .iter()
                .find(|f| f.kind == FlagKind::NumberMismatch)
                .unwrap_or_else(|| panic!("{tgt}: {:?}", r.segments[0].flags));
            assert_eq!(f.severity, Severity::Error, "{tgt}: {}", f.evidence);
        }
        let right = [
            (
                "The baby must weigh more than 4 kg.",
                "婴儿体重必须超过4 kg。",
            ),
            (
                "The baby must weigh more than 4 kg.",
                "婴儿体重必须超过4公斤。",
            ),
            (
                "You need 2 GB of free disk space.",
                "您需要 2 GB 可用磁盘空间。",
            ),
            ("Give 5 mL of the syrup.", "服用5毫升糖浆。"),
            (
                "Each tablet contains 50 mg of the drug.",
                "每片含药物50毫克。",
            ),
        ];
        for (src, tgt) in right {
            let r = score_pairs(&pairs(&[(src, tgt)]), &opts).unwrap();
            assert!(
                !kinds(&r.segments[0]).contains(&FlagKind::NumberMismatch),
                "{tgt}: {:?}",
                r.segments[0].flags
            );
        }
    }

    #[test]
    fn one_in_ten_is_one_tenth() {
        let opts = QualityOptions::new(Lang::En, Lang::Zh);
        let p = pairs(&[(
            "Very common (may affect more than 1 in 10 people): headache.",
            "十分常见（可能影响超过十分之一的人）：头痛。",
        )]);
        let r = score_pairs(&p, &opts).unwrap();
        assert!(
            !kinds(&r.segments[0]).contains(&FlagKind::NumberMismatch),
            "{:?}",
            r.segments[0].flags
        );
        // Another share is still a number error.
        let p = pairs(&[(
            "Very common (may affect more than 1 in 10 people): headache.",
            "十分常见（可能影响超过五分之一的人）：头痛。",
        )]);
        let r = score_pairs(&p, &opts).unwrap();
        assert!(
            kinds(&r.segments[0]).contains(&FlagKind::NumberMismatch),
            "{:?}",
            r.segments[0].flags
        );
    }

    #[test]
    fn per_mille_and_per_ten_thousand_are_percentages() {
        // 万分之五 is 0.05%, 千分之三 0.3% (trial 26's contract, Big5 萬).
        let opts = QualityOptions::new(Lang::Zh, Lang::En);
        for (zh, en) in [
            (
                "逾期付款的，乙方應按每日萬分之五的比例支付滯納金。",
                "For late payment, Party B shall pay a late fee at the rate of 0.05% per day.",
            ),
            (
                "手续费为交易金额的千分之三。",
                "The fee is 0.3% of the transaction amount.",
            ),
        ] {
            let r = score_pairs(&pairs(&[(zh, en)]), &opts).unwrap();
            assert!(
                !kinds(&r.segments[0]).contains(&FlagKind::NumberMismatch),
                "{en}: {:?}",
                r.segments[0].flags
            );
        }
        // Another rate is still a number error, and so is a share per
        // million (百万分之五, 0.0005%) or per three thousand written as
        // the per-ten-thousand or per-mille one.
        for (zh, en) in [
            (
                "乙方应按每日万分之五的比例支付滞纳金。",
                "Party B shall pay a late fee at the rate of 0.5% per day.",
            ),
            ("事故率为百万分之五。", "The accident rate is 0.05%."),
            ("事故率为三千分之一。", "The accident rate is 0.1%."),
        ] {
            let r = score_pairs(&pairs(&[(zh, en)]), &opts).unwrap();
            assert!(
                kinds(&r.segments[0]).contains(&FlagKind::NumberMismatch),
                "{en}: {:?}",
                r.segments[0].flags
            );
        }
    }

    #[test]
    fn a_latin_word_kept_in_the_singular_is_no_stray_name() {
        let opts = QualityOptions::new(Lang::En, Lang::Zh);
        let p = pairs(&[
            ("Refunds", "退款"),
            ("Webhooks", "Webhook"),
            (
                "Set up an endpoint to receive the events.",
                "设置一个端点来接收事件。",
            ),
        ]);
        let r = score_pairs(&p, &opts).unwrap();
        assert!(r.segments[1].flags.is_empty(), "{:?}", r.segments[1].flags);
    }
    #[test]
    fn months_and_weekdays_are_no_stray_names() {
        let p = pairs(&[(
            "下一次新闻发布会将于4月16日（星期三）上午10时举行。",
            "At 10 a.m. on Wednesday, April 16, the next press conference will be held.",
        )]);
        let r = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        let s = &r.segments[0];
        assert!(s.flags.is_empty(), "{:?}", s.flags);
        assert_eq!(s.components.names, 1.0);
        assert!(s.score > 0.8, "{}", s.score);
    }

    #[test]
    fn names_heard_in_the_chinese_have_a_counterpart_and_others_not() {
        let src = "和尼尼微，迦拉中间的利鲜，这就是那大城。";
        let p = pairs(&[
            (
                src,
                "And Resen between Nineveh and Calah: the same is a great city.",
            ),
            (
                src,
                "And Resen between Nineveh and Gomorrah: the same is a great city.",
            ),
        ]);
        let r = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        assert_eq!(r.segments[0].components.names, 1.0);
        assert_eq!(r.segments[1].components.names, 0.5);
        assert!(r.segments[1].score < r.segments[0].score);
    }

    /// Three Chinese sentences and the given English, one a line.
    fn documents(en: &str) -> (Document, Document) {
        let zh = "王毅主持会议。\n15国外长出席会议。\n联合国大会主席作通报。\n";
        let mode = InputMode::Presegmented;
        (
            Document::from_text("zh", zh, Lang::Zh, mode).unwrap(),
            Document::from_text("en", en, Lang::En, mode).unwrap(),
        )
    }

    fn bead(src: std::ops::Range<usize>, tgt: std::ops::Range<usize>) -> crate::align::Bead {
        crate::align::Bead {
            src,
            tgt,
            cost: 0.0,
            confidence: 0.9,
        }
    }

    /// A chapter of expository prose translated at about three and a half
    /// English letters per Chinese character, the first sentence of which
    /// is rendered tersely but completely.
    fn a_chapter_with_a_terse_sentence() -> Vec<(String, String)> {
        pairs(&[
            (
                "人的一生有四分之一的时间在工作中度过。",
                "We spend a quarter of life working.",
            ),
            (
                "工作不仅提供收入，也给人带来身份认同和社会联系。",
                "Work not only provides an income, but also gives people a sense of identity and social connection.",
            ),
            (
                "许多研究发现，长期失业的人更容易感到孤独和焦虑。",
                "Many studies have found that people out of work for a long time are more likely to feel lonely and anxious.",
            ),
            (
                "然而，过度工作同样会损害健康，甚至缩短寿命。",
                "However, working too much can also damage health and may even shorten a person's life.",
            ),
            (
                "日本有一个专门的词语来描述因过劳而死亡的现象。",
                "Japan even has a special word of its own to describe the phenomenon of death caused by overwork.",
            ),
            (
                "经济学家认为，劳动时间的减少并没有降低生产效率。",
                "Economists believe that the reduction in working hours has not lowered the efficiency of production.",
            ),
            (
                "一些公司开始尝试每周工作四天的制度。",
                "Some companies have begun to try out a system of working four days a week.",
            ),
            (
                "参加试验的员工普遍表示，他们的精神状态有了明显改善。",
                "The employees who took part in the trials generally reported that their mental state had clearly improved.",
            ),
            (
                "管理者发现，员工请病假的次数也减少了。",
                "Managers found that the number of times employees took sick leave also went down.",
            ),
            (
                "有的员工利用多出来的一天照顾孩子或者学习新的技能。",
                "Some employees used the extra day to look after their children or to learn new skills.",
            ),
            (
                "也有人担心，更短的工作周会让工作压力集中在更少的日子里。",
                "Others worry that a shorter working week will concentrate the pressure of work into fewer days.",
            ),
            (
                "在工厂和医院，每周工作四天的制度很难推行。",
                "In factories and hospitals, a four-day working week is very difficult to put into practice.",
            ),
            (
                "这些行业需要有人每天二十四小时值班。",
                "These industries need someone to be on duty twenty-four hours a day.",
            ),
            (
                "历史上，工作时间曾经比今天长得多。",
                "Historically, working hours were once much longer than they are today.",
            ),
            (
                "十九世纪的工人常常每天工作十二个小时以上。",
                "Workers in the nineteenth century often worked for more than twelve hours a day.",
            ),
            (
                "工会的斗争使八小时工作制逐渐成为世界各国的标准。",
                "The struggle of the trade unions gradually made the eight-hour day the standard around the world.",
            ),
            (
                "一百年前，经济学家凯恩斯预言他的孙辈每周只需工作十五个小时。",
                "A hundred years ago, the economist Keynes predicted that his grandchildren would only need to work fifteen hours a week.",
            ),
            (
                "这个预言并没有实现，今天的人们仍然工作很长时间。",
                "This prediction did not come true, and people today still work very long hours.",
            ),
            (
                "原因之一是人们对物质生活的要求不断提高。",
                "One of the reasons is that people's demands on their material life keep rising.",
            ),
            (
                "另一个原因是许多工作本身就给人带来乐趣和意义。",
                "Another reason is that many jobs bring people pleasure and meaning in their own right.",
            ),
            (
                "心理学家把全神贯注地投入工作的状态称为心流。",
                "Psychologists call the state of being completely absorbed in one's work flow.",
            ),
            (
                "在心流状态中，人们往往会忘记时间的流逝。",
                "In a state of flow, people often forget about the passing of time.",
            ),
            (
                "不过，并不是每一份工作都能让人体验到心流。",
                "However, not every job allows people to experience the state of flow.",
            ),
            (
                "重复单调的工作容易让人感到厌倦和疲惫。",
                "Repetitive and monotonous work easily makes people feel bored and tired.",
            ),
            (
                "因此，很多公司开始重视员工的工作体验。",
                "For this reason, many companies have begun to pay attention to their employees' experience of work.",
            ),
            (
                "他们为员工提供培训，让他们有机会承担新的任务。",
                "They provide training for employees and give them the chance to take on new tasks.",
            ),
            (
                "一些公司还允许员工在家里远程办公。",
                "Some companies also allow their employees to work remotely from home.",
            ),
            (
                "远程办公节省了通勤时间，却也模糊了工作与生活的界限。",
                "Working from home saves time spent commuting, but it also blurs the line between work and life.",
            ),
            (
                "专家建议，在家工作的人应该为自己设定固定的作息时间。",
                "Experts advise that people who work from home should set themselves a fixed daily schedule.",
            ),
            (
                "下一章，我们将讨论休息对于创造力的重要作用。",
                "In the next chapter, we will discuss the important role that rest plays in human creativity.",
            ),
        ])
    }

    #[test]
    fn a_terse_but_complete_translation_is_no_omission_error() {
        // 3 s.d. short against the chapter's length model, but every
        // content word but 人 and 时间 has its English (一生 *life*, 四分之一
        // *a quarter*, 工作 *working*, 度过 *spend*): short, not incomplete.
        let p = a_chapter_with_a_terse_sentence();
        let r = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        let s = &r.segments[0];
        assert!(
            s.flags.iter().all(|f| f.severity < Severity::Error),
            "{:?}",
            s.flags
        );
        // A sentence of the same chapter with a clause dropped is still an
        // omission error.
        let mut p = a_chapter_with_a_terse_sentence();
        p[2].1 = "Many studies have found this.".to_string();
        let r = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        let f = r.segments[2]
            .flags
            .iter()
            .find(|f| f.kind == FlagKind::Omission)
            .unwrap_or_else(|| panic!("{:?}", r.segments[2].flags));
        assert_eq!(f.severity, Severity::Error, "{f:?}");
    }

    #[test]
    fn plurals_and_adjectives_of_state_find_their_chinese() {
        // *lives* is Porter2's `live`, *asleep* no form of *sleep*: both
        // meet the Chinese word whose gloss has the singular or the base.
        let p = pairs(&[
            (
                "猫的一生大部分在睡眠。",
                "Cats are asleep for most of their lives.",
            ),
            ("小偷偷走了刀。", "The thieves stole the knives."),
        ]);
        let r = score_pairs(&p, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        for s in &r.segments {
            assert_eq!(s.components.coverage_tgt, 1.0, "{:?}", s.components);
        }
    }

    #[test]
    fn alignment_beads_with_an_empty_side_are_omissions() {
        let (zh, en) = documents(
            "Wang Yi chaired the meeting.\nForeign ministers of 15 countries attended.\n",
        );
        let a = Alignment::from_beads(
            vec![bead(0..1, 0..1), bead(1..2, 1..2), bead(2..3, 2..2)],
            3,
            2,
        )
        .unwrap();
        let r = score_alignment(&zh, &en, &a, &QualityOptions::new(Lang::Zh, Lang::En)).unwrap();
        assert_eq!(r.segments.len(), 3);
        assert_eq!(kinds(&r.segments[2]), [FlagKind::Omission]);
        assert_eq!(r.segments[2].components.shape, 0.0);
        assert!(r.segments[2].score < r.segments[0].score);
        assert!(r.flag_counts()[&(FlagKind::Omission, Severity::Error)] == 1);
        assert!((0.0..=1.0).contains(&r.document_score));
        // Languages that do not match the options are refused.
        assert!(score_alignment(&zh, &en, &a, &QualityOptions::new(Lang::En, Lang::Zh)).is_err());
    }

    /// Review 23: a Chinese release's editorial byline, which English
    /// releases leave out, was an omission error on its own bead and a
    /// warning inside one; it is `info`, named as a byline, and a sentence
    /// really left out is still an error.
    #[test]
    fn an_editorial_byline_left_out_is_info() {
        let zh_en = QualityOptions::new(Lang::Zh, Lang::En);
        let p = pairs(&[
            (
                "会议由国务委员兼外交部长王毅主持。",
                "The meeting was chaired by State Councilor and Foreign Minister Wang Yi.",
            ),
            ("（责任编辑：张伟）", ""),
            ("【编辑：王丽】", ""),
            ("责任编辑：张伟 李明", ""),
            ("本报记者 张伟 报道", ""),
            ("联合国大会主席博兹克尔向会议作通报。", ""),
        ]);
        let r = score_pairs(&p, &zh_en).unwrap();
        for (k, what) in [
            (1, "editor's byline not translated: “（责任编辑：张伟）”"),
            (2, "editor's byline not translated: “【编辑：王丽】”"),
            (3, "editor's byline not translated"),
            (4, "reporter's byline not translated"),
        ] {
            let s = &r.segments[k];
            assert_eq!(kinds(s), [FlagKind::Omission], "{s:?}");
            assert_eq!(s.flags[0].severity, Severity::Info, "{s:?}");
            assert!(s.flags[0].evidence.contains(what), "{s:?}");
        }
        assert_eq!(r.segments[5].flags[0].severity, Severity::Error);
        // From English into Chinese the byline is the target's addition.
        let en_zh = QualityOptions::new(Lang::En, Lang::Zh);
        let p = pairs(&[
            ("The meeting was chaired by Wang Yi.", "会议由王毅主持。"),
            ("", "（责任编辑：张伟）"),
        ]);
        let r = score_pairs(&p, &en_zh).unwrap();
        let f = &r.segments[1].flags[0];
        assert_eq!((f.kind, f.severity), (FlagKind::Addition, Severity::Info));
        assert!(
            f.evidence.starts_with("editor's byline without source"),
            "{f:?}"
        );
        // Inside a bead the aligner made (the byline joined to the last
        // sentence), nothing about it is more than info.
        let zh = Document::from_text(
            "zh",
            "会议由国务委员兼外交部长王毅主持。\n\n【编辑：王丽】\n",
            Lang::Zh,
            InputMode::Raw,
        )
        .unwrap();
        let en = Document::from_text(
            "en",
            "The meeting was chaired by State Councilor and Foreign Minister Wang Yi.\n",
            Lang::En,
            InputMode::Raw,
        )
        .unwrap();
        let a = crate::align::Aligner::builder()
            .build()
            .unwrap()
            .align(&zh, &en)
            .unwrap();
        let r = score_alignment(&zh, &en, &a, &zh_en).unwrap();
        for s in &r.segments {
            for f in &s.flags {
                assert!(f.severity == Severity::Info, "{f:?}");
            }
        }
        // A reporter in a dateline's brackets is no byline (the English
        // dateline renders it), nor is a sentence that names an editor.
        assert!(checks::bylines("新华社北京5月8日电（记者张伟）会议由王毅主持。").is_empty());
        assert!(checks::bylines("编辑：张伟说，会议很成功。").is_empty());
        assert!(checks::bylines("编辑：张伟说会议很成功").is_empty());
    }

    #[test]
    fn sentences_the_aligner_left_unmatched_are_flagged_where_they_are() {
        let (zh, en) = documents(
            "Wang Yi chaired the meeting.\nIt rained.\nForeign ministers of 15 countries attended.\n",
        );
        let beads = vec![bead(0..1, 0..2), bead(1..3, 2..3)];
        let a = Alignment::from_beads(beads, 3, 3).unwrap();
        // Without the probabilities (an alignment built from beads alone),
        // nothing is flagged from them.
        let opts = QualityOptions::new(Lang::Zh, Lang::En);
        let plain = score_alignment(&zh, &en, &a, &opts).unwrap();
        let a = a
            .with_unmatched(vec![0.0, 0.0, 0.2], vec![0.01, 0.6, 0.0])
            .unwrap();
        let r = score_alignment(&zh, &en, &a, &opts).unwrap();
        for (got, before, kind) in [
            (&r.segments[0], &plain.segments[0], FlagKind::Addition),
            (&r.segments[1], &plain.segments[1], FlagKind::Omission),
        ] {
            assert!(!before.flags.iter().any(|f| f.kind == kind), "{before:?}");
            assert!(got.score <= before.score);
            let f = got.flags.iter().find(|f| f.kind == kind).expect("flag");
            assert_eq!(f.spans.len(), 1);
            let (text, severity) = if kind == FlagKind::Addition {
                ("Wang Yi chaired the meeting. It rained.", Severity::Warning)
            } else {
                ("15国外长出席会议。联合国大会主席作通报。", Severity::Info)
            };
            let quoted = if kind == FlagKind::Addition {
                "It rained."
            } else {
                "联合国大会主席作通报。"
            };
            let sp = &f.spans[0];
            assert_eq!(&text[sp.start..sp.end], quoted);
            assert_eq!(f.severity, severity);
            assert!(f.evidence.contains(quoted), "{}", f.evidence);
        }
        // Probabilities that do not fit the documents are refused.
        let beads = a.beads().to_vec();
        let again = || Alignment::from_beads(beads.clone(), 3, 3).unwrap();
        assert!(again().with_unmatched(vec![0.0; 2], vec![0.0; 3]).is_err());
        assert!(
            again()
                .with_unmatched(vec![0.0; 3], vec![0.0, 1.5, 0.0])
                .is_err()
        );
    }

    #[test]
    fn empty_input_and_identical_sides() {
        let opts = QualityOptions::new(Lang::Zh, Lang::En);
        // An empty list has no document score (it was 1.0).
        let err = score_pairs::<&str, &str>(&[], &opts).unwrap_err();
        assert!(err.to_string().starts_with("no pairs to score"), "{err}");
        let mut called = false;
        score_in_chunks::<&str, &str, _>(&[], 10, &opts, |_, _| {
            called = true;
            Ok(())
        })
        .unwrap();
        assert!(!called);
        // A pair with both sides empty or blank is refused by its index, as
        // `bitext score` refuses the line (it scored 0.963 with no flags).
        for bad in [("", ""), ("   ", "  ")] {
            let p = pairs(&[("你好。", "Hello."), bad]);
            let err = score_pairs(&p, &opts).unwrap_err().to_string();
            assert!(err.starts_with("pairs[1]: both sides are empty"), "{err}");
            let err = score_in_chunks(&p, 1, &opts, |_, _| Ok(())).unwrap_err();
            assert!(
                err.to_string()
                    .starts_with("pairs[1]: both sides are empty")
            );
        }
        // One empty side is an omission, scored.
        let p = pairs(&[
            ("", "Thanks."),
            ("Hello there, friend.", "Hello there, friend."),
        ]);
        let r = score_pairs(&p, &opts).unwrap();
        assert_eq!(r.segments.len(), 2);
        assert_eq!(kinds(&r.segments[1]), [FlagKind::Untranslated]);
    }

    #[test]
    fn traditional_text_is_checked_as_simplified_is_and_quoted_as_written() {
        // The same pairs in simplified and in traditional characters: the
        // same flags at the same byte offsets, and the evidence quotes the
        // traditional text, not its fold.
        let simplified = pairs(&[
            ("工厂今年没有扩建。", "The factory was expanded this year."),
            (
                "十五国外长出席了会议。",
                "Foreign ministers of 12 countries attended the meeting.",
            ),
            ("合同金额为两万元。", "The contract is worth 20,000 yuan."),
            (
                "我们的报告有效期间为三年。",
                "Our report is valid for three years.",
            ),
        ]);
        let traditional = pairs(&[
            ("工廠今年沒有擴建。", "The factory was expanded this year."),
            (
                "十五國外長出席了會議。",
                "Foreign ministers of 12 countries attended the meeting.",
            ),
            ("合同金額為兩萬元。", "The contract is worth 20,000 yuan."),
            (
                "我們的報告有效期間為三年。",
                "Our report is valid for three years.",
            ),
        ]);
        let opts = QualityOptions::new(Lang::Zh, Lang::En);
        let rs = score_pairs(&simplified, &opts).unwrap();
        let rt = score_pairs(&traditional, &opts).unwrap();
        spans_ok(&rt, &traditional);
        assert!(kinds(&rt.segments[0]).contains(&FlagKind::Negation));
        assert!(kinds(&rt.segments[1]).contains(&FlagKind::NumberMismatch));
        assert!(!kinds(&rt.segments[2]).contains(&FlagKind::NumberMismatch));
        assert!(
            rt.segments[3].flags.is_empty(),
            "{:?}",
            rt.segments[3].flags
        );
        for (k, (s, t)) in rs.segments.iter().zip(&rt.segments).enumerate() {
            assert_eq!(kinds(s), kinds(t), "pair {k}");
            assert_eq!(s.components, t.components, "pair {k}");
            assert!((s.score - t.score).abs() < 1e-12, "pair {k}");
            for (fs, ft) in s.flags.iter().zip(&t.flags) {
                assert_eq!(fs.spans, ft.spans, "pair {k}");
                let (zs, zt) = (&simplified[k].0, &traditional[k].0);
                for sp in ft.spans.iter().filter(|sp| sp.side == Side::Source) {
                    // The span marks the traditional text where it marks
                    // the simplified one.
                    assert_eq!(
                        crate::normalize::fold_traditional(&zt[sp.start..sp.end]),
                        zs[sp.start..sp.end]
                    );
                }
            }
        }
        let negation = &rt.segments[0].flags[0];
        let quoted = negation
            .evidence
            .chars()
            .filter(|&c| crate::normalize::is_han(c))
            .collect::<String>();
        assert!(!quoted.is_empty(), "{}", negation.evidence);
        assert!(
            quoted.chars().all(|c| traditional[0].0.contains(c)),
            "{}",
            negation.evidence
        );
        let span = negation
            .spans
            .iter()
            .find(|sp| sp.side == Side::Source)
            .expect("the negation's span on the source");
        assert!(
            traditional[0].0[span.start..span.end].contains('沒'),
            "{:?}",
            span
        );
    }

    #[test]
    fn evidence_quotes_the_text_its_span_points_to() {
        // Trial 29: Chinese left in the English in traditional characters
        // was quoted in simplified ones (“繁体中文”), taken from the
        // source, which writes them so, not from the target the span marks.
        let opts = QualityOptions::new(Lang::Zh, Lang::En);
        let r = score_pairs(
            &[(
                "本产品支持繁体中文界面。",
                "This product supports 繁體中文.",
            )],
            &opts,
        )
        .unwrap();
        let f = r.segments[0]
            .flags
            .iter()
            .find(|f| f.kind == FlagKind::Untranslated)
            .expect("an untranslated flag");
        assert_eq!(f.evidence, "Chinese left in the English: “繁體中文”");
    }

    #[test]
    fn evidence_is_unfolded_run_by_run() {
        let sides = [
            ("我们没有看到这份报告，头发", "我們沒有看到這份報告，頭髮"),
            ("We did not see it.", "We did not see it."),
        ];
        assert_eq!(
            unfold_evidence("“没有看到” missing; 报告 and 头发 (2)", &sides, &[]),
            "“沒有看到” missing; 報告 and 頭髮 (2)"
        );
        // A run the text does not hold whole: character by character.
        assert_eq!(unfold_evidence("报们", &sides, &[]), "報們");
        // A character found alone is restored from where it stands (发 of
        // 头发); one the text does not hold stays as it is.
        assert_eq!(unfold_evidence("发 it", &sides, &[]), "髮 it");
        assert_eq!(unfold_evidence("书 it", &sides, &[]), "书 it");
    }

    #[test]
    fn a_segment_over_the_cap_is_refused() {
        let opts = QualityOptions::new(Lang::Zh, Lang::En);
        let long = "这是一个很长的句子".repeat(MAX_PAIR_SEGMENT_BYTES / 27 + 1);
        assert!(long.len() > MAX_PAIR_SEGMENT_BYTES);
        let p = [
            ("你好。", "Hello."),
            ("再见。", "Bye."),
            (long.as_str(), "Long."),
        ];
        let err = score_pairs(&p, &opts).unwrap_err().to_string();
        assert!(
            err.starts_with("pairs[2]: the source segment is")
                && err.contains(&format!("the limit is {MAX_PAIR_SEGMENT_BYTES} bytes")),
            "{err}"
        );
        let err = score_in_chunks(&p, 1, &opts, |_, _| Ok(())).unwrap_err();
        assert!(err.to_string().starts_with("pairs[2]"));
        let at_cap = "a".repeat(MAX_PAIR_SEGMENT_BYTES);
        assert!(check_pairs(&[("你好。", at_cap.as_str())]).is_ok());
    }

    #[test]
    fn the_same_language_on_both_sides_is_refused() {
        let zh = Document::from_text("zh", "会议由王毅主持。", Lang::Zh, InputMode::Raw).unwrap();
        let a = Alignment::from_beads(
            vec![crate::align::Bead {
                src: 0..1,
                tgt: 0..1,
                cost: 0.0,
                confidence: 0.9,
            }],
            1,
            1,
        )
        .unwrap();
        for lang in [Lang::Zh, Lang::En] {
            let opts = QualityOptions::new(lang, lang);
            let err = score_pairs(&[("会议由王毅主持。", "会议由王毅主持。")], &opts).unwrap_err();
            assert!(matches!(err, Error::Options(_)), "{err:?}");
            assert!(err.to_string().contains("are both"), "{err}");
            assert!(score_in_chunks(&[("a", "a")], 1, &opts, |_, _| Ok(())).is_err());
        }
        let opts = QualityOptions::new(Lang::Zh, Lang::Zh);
        let err = score_alignment(&zh, &zh, &a, &opts).unwrap_err();
        assert!(matches!(err, Error::Options(_)), "{err:?}");
    }

    #[test]
    fn score_alignment_refuses_a_smaller_alignment_of_other_documents() {
        let zh = Document::from_text("zh", "你好。再见。", Lang::Zh, InputMode::Raw).unwrap();
        let en = Document::from_text("en", "Hello. Goodbye.", Lang::En, InputMode::Raw).unwrap();
        let bead = crate::align::Bead {
            src: 0..1,
            tgt: 0..1,
            cost: 0.0,
            confidence: 0.9,
        };
        let other = Alignment::from_beads(vec![bead], 1, 1).unwrap();
        let err = score_alignment(&zh, &en, &other, &QualityOptions::new(Lang::Zh, Lang::En));
        assert!(err.is_err_and(|e| e.to_string().contains("the alignment is of documents")));
    }
}
