//! Sentence alignment: which source sentences translate which target
//! sentences.
//!
//! An [`Alignment`] is a monotone sequence of [`Bead`]s that covers every
//! sentence of both sides exactly once. Beads join up to a few sentences on
//! each side (the full model: 1-1, 1-2, 2-1, 1-3, 3-1, 2-2, 1-4, 4-1, 2-3,
//! 3-2, 1-5, 5-1, 2-4, 4-2) or leave one side empty (1-0, 0-1: an omission or addition). The
//! [`Aligner`] finds the alignment of least total cost under the
//! [`CostModel`] by dynamic programming, then (with the lexicon) learns
//! translations from that alignment and searches again; see `DESIGN.md`.
//!
//! ```
//! use bitext::{Lang, align::Aligner, document::{Document, InputMode}};
//! let zh = Document::from_text("zh.txt",
//!     "王毅主持会议。15国外长出席会议。联合国大会主席作通报。", Lang::Zh, InputMode::Raw).unwrap();
//! let en = Document::from_text("en.txt",
//!     "Wang Yi chaired the meeting. Foreign ministers of 15 countries attended. \
//!      The President of the UN General Assembly briefed the meeting.", Lang::En, InputMode::Raw).unwrap();
//! let alignment = Aligner::builder().build().unwrap().align(&zh, &en).unwrap();
//! let shapes: Vec<(usize, usize)> = alignment.beads().iter().map(|b| (b.src.len(), b.tgt.len())).collect();
//! assert_eq!(shapes, [(1, 1), (1, 1), (1, 1)]);
//! assert!(alignment.beads().iter().all(|b| (0.0..=1.0).contains(&b.confidence)));
//! ```

mod anchors;
mod calibration;
mod closeness;
pub mod cost;
mod learn;
mod pairs;
mod paragraphs;
mod related;
mod search;

pub use calibration::Calibration;
pub use cost::{BeadKind, CostModel};

use crate::lexicon::Lexicon;
use std::str::FromStr;

use crate::document::Document;
use crate::error::{Error, Result};
use crate::features::{self, Interner};
use crate::lang::Lang;
use std::ops::Range;

/// One unit of an alignment: source sentences `src` translate target
/// sentences `tgt` (either range may be empty).
#[derive(Debug, Clone, PartialEq)]
pub struct Bead {
    /// Source sentence indices.
    pub src: Range<usize>,
    /// Target sentence indices.
    pub tgt: Range<usize>,
    /// The bead's cost under the model (nats; lower is better).
    pub cost: f64,
    /// Probability that this bead is right, in [0, 1]: its posterior under
    /// the model, calibrated on data ([`Calibration`]), times the
    /// alignment's [`Alignment::relatedness`].
    pub confidence: f64,
}

impl Bead {
    /// True when one side is empty (an omission or an addition).
    pub fn is_null(&self) -> bool {
        self.src.is_empty() || self.tgt.is_empty()
    }
}

/// A complete alignment of two documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    beads: Vec<Bead>,
    relatedness: f64,
    unmatched_src: Vec<f32>,
    unmatched_tgt: Vec<f32>,
    sentences: (usize, usize),
}

impl Alignment {
    /// Builds an alignment from beads, checking that they are monotone and
    /// cover `0..n_src` and `0..n_tgt` exactly once.
    pub fn from_beads(beads: Vec<Bead>, n_src: usize, n_tgt: usize) -> Result<Self> {
        let (mut i, mut j) = (0, 0);
        for (k, b) in beads.iter().enumerate() {
            if b.src.start != i || b.tgt.start != j || (b.src.is_empty() && b.tgt.is_empty()) {
                return Err(Error::Config(format!(
                    "bead {k} ({:?}:{:?}) does not continue from ({i}, {j})",
                    b.src, b.tgt
                )));
            }
            i = b.src.end;
            j = b.tgt.end;
        }
        if i != n_src || j != n_tgt {
            return Err(Error::Config(format!(
                "beads end at ({i}, {j}), not at ({n_src}, {n_tgt})"
            )));
        }
        Ok(Alignment {
            beads,
            relatedness: 1.0,
            unmatched_src: Vec::new(),
            unmatched_tgt: Vec::new(),
            sentences: (n_src, n_tgt),
        })
    }

    /// Attaches each sentence's probability of having no counterpart (see
    /// [`Alignment::unmatched_src`]): one value per source and per target
    /// sentence, each in [0, 1].
    ///
    /// ```
    /// use bitext::align::{Alignment, Bead};
    /// let bead = Bead { src: 0..2, tgt: 0..1, cost: 0.0, confidence: 0.8 };
    /// let a = Alignment::from_beads(vec![bead], 2, 1)?.with_unmatched(vec![0.01, 0.6], vec![0.0])?;
    /// assert_eq!(a.unmatched_src()[1], 0.6);
    /// # Ok::<(), bitext::Error>(())
    /// ```
    pub fn with_unmatched(mut self, src: Vec<f32>, tgt: Vec<f32>) -> Result<Self> {
        let end = |side: fn(&Bead) -> &Range<usize>| self.beads.last().map_or(0, |b| side(b).end);
        let (n, m) = (end(|b| &b.src), end(|b| &b.tgt));
        if src.len() != n || tgt.len() != m {
            return Err(Error::Config(format!(
                "{} and {} unmatched probabilities for {n} and {m} sentences",
                src.len(),
                tgt.len()
            )));
        }
        if let Some(p) = src.iter().chain(&tgt).find(|p| !(0.0..=1.0).contains(*p)) {
            return Err(Error::Config(format!(
                "unmatched probability {p} is not in [0, 1]"
            )));
        }
        self.unmatched_src = src;
        self.unmatched_tgt = tgt;
        Ok(self)
    }

    /// For each source sentence, the probability under the model that it has
    /// no counterpart: the share, over all the alignments the final search
    /// weighed (not only the best one), of those that put it in an
    /// empty-side bead. A sentence the best alignment merged into a
    /// neighbour's bead but with a high value here may well be an omission
    /// or an addition; the quality stage flags it. Empty when unknown (an
    /// alignment built with [`Alignment::from_beads`] alone, or by a model
    /// without lexical evidence). Two alignments are equal when their
    /// beads, relatedness, these probabilities and sentence counts are.
    pub fn unmatched_src(&self) -> &[f32] {
        &self.unmatched_src
    }

    /// For each target sentence, the probability under the model that it
    /// has no counterpart (as [`Alignment::unmatched_src`]).
    pub fn unmatched_tgt(&self) -> &[f32] {
        &self.unmatched_tgt
    }

    /// The beads in order.
    pub fn beads(&self) -> &[Bead] {
        &self.beads
    }

    /// The sentence counts (source, target) of the documents this
    /// alignment aligns, as given to [`Alignment::from_beads`]; they stay
    /// after [`Alignment::retain_confident`]. Writers and the quality stage
    /// compare them with the documents they are given, to refuse an
    /// alignment of other documents.
    ///
    /// ```
    /// use bitext::align::{Alignment, Bead};
    /// let bead = Bead { src: 0..2, tgt: 0..1, cost: 0.0, confidence: 0.8 };
    /// let mut a = Alignment::from_beads(vec![bead], 2, 1)?;
    /// a.retain_confident(0.9);
    /// assert_eq!(a.sentence_counts(), (2, 1));
    /// # Ok::<(), bitext::Error>(())
    /// ```
    pub fn sentence_counts(&self) -> (usize, usize) {
        self.sentences
    }

    /// Leaves out the beads whose confidence is below `min` (corpus
    /// cleaning: keep only the units the aligner is sure of) and returns how
    /// many were left out. The alignment then no longer covers every
    /// sentence; the remaining beads keep their order and indices.
    ///
    /// ```
    /// use bitext::align::{Alignment, Bead};
    /// let bead = |i: usize, confidence: f64| Bead { src: i..i + 1, tgt: i..i + 1, cost: 0.0, confidence };
    /// let mut a = Alignment::from_beads(vec![bead(0, 0.9), bead(1, 0.2), bead(2, 0.6)], 3, 3).unwrap();
    /// assert_eq!(a.retain_confident(0.5), 1);
    /// assert_eq!(a.beads().len(), 2);
    /// assert_eq!(a.beads()[1].src, 2..3);
    /// ```
    pub fn retain_confident(&mut self, min: f64) -> usize {
        let before = self.beads.len();
        self.beads.retain(|b| b.confidence >= min);
        before - self.beads.len()
    }

    /// How likely the two texts are translations of each other at all, in
    /// [0, 1]: near 1 for a translation, near 0 for unrelated texts (whose
    /// beads find no more lexical evidence than chance gives). Only the full
    /// model can tell (it needs lexical evidence); otherwise it is 1. Every
    /// bead's confidence already includes it.
    pub fn relatedness(&self) -> f64 {
        self.relatedness
    }
}

/// When to use paragraph boundaries as alignment evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ParagraphMode {
    /// Use them when both sides have more than one paragraph and their
    /// paragraph counts differ by at most 10%. Besides, a bead joining two
    /// paragraphs on one side only pays when both sides have more than one
    /// paragraph and neither has more than 10% plus one paragraph more
    /// than the other ([`CostModel::paragraph_join`]).
    #[default]
    Auto,
    /// Ignore paragraphs.
    Ignore,
}

/// The kinds of evidence the cost model combines; each can be switched off
/// (for ablation, or when a signal is known to mislead on some text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Signal {
    /// Sentence lengths.
    Length,
    /// Numbers on both sides.
    Numbers,
    /// Latin-script tokens of the Chinese side found in the English.
    Latin,
    /// Final `?`, `!` and closing quotes.
    Punctuation,
    /// Paragraph boundaries.
    Paragraphs,
    /// Dictionary translations (the embedded lexicon and user lexicons).
    Lexicon,
    /// Chinese names matched by pinyin.
    Names,
}

impl Signal {
    /// Every signal, in the order of the ablation table.
    pub const ALL: [Signal; 7] = [
        Signal::Length,
        Signal::Numbers,
        Signal::Latin,
        Signal::Punctuation,
        Signal::Paragraphs,
        Signal::Lexicon,
        Signal::Names,
    ];

    /// The signal's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Signal::Length => "length",
            Signal::Numbers => "numbers",
            Signal::Latin => "latin",
            Signal::Punctuation => "punctuation",
            Signal::Paragraphs => "paragraphs",
            Signal::Lexicon => "lexicon",
            Signal::Names => "names",
        }
    }
}

impl FromStr for Signal {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        Signal::ALL
            .into_iter()
            .find(|x| x.name() == s.trim())
            .ok_or_else(|| {
                let names: Vec<&str> = Signal::ALL.iter().map(|x| x.name()).collect();
                format!(
                    "unknown signal '{s}' (expected one of {})",
                    names.join(", ")
                )
            })
    }
}

/// Aligns two documents. Configure with [`Aligner::builder`].
#[derive(Debug, Clone)]
pub struct Aligner {
    model: CostModel,
    min_band: usize,
    max_band: usize,
    paragraphs: ParagraphMode,
    lexicon: LexiconChoice,
    learning: Learning,
    search: Search,
}

/// How bitext learns translations from its own first alignment (see
/// `align/learn.rs`): after each pass, every Chinese word (and every pair of
/// Han characters outside the dictionary's words) is paired with the English
/// stems it translates across the beads, by IBM Model 1 (default) or by
/// Dice, and the next pass uses them as extra lexicon entries.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Learning {
    /// Extra passes with learned translations (0: align once).
    pub passes: usize,
    /// Least number of beads in which a pair must co-occur. Model 1 trains
    /// a long alignment on an even sample of its beads (15,000): there the
    /// count is scaled to the sample's share (rounded up), but is at least
    /// 2.
    pub min_count: u32,
    /// Least Dice coefficient of a learned pair (when learning by Dice).
    pub min_dice: f64,
    /// At most this many English stems learned per Chinese word.
    pub per_word: usize,
    /// EM iterations of IBM Model 1 (both directions) to learn from; 0
    /// learns by Dice instead.
    pub model1_iterations: usize,
    /// With Model 1: least translation probability of a learned pair, in
    /// both directions (`t(en|zh)` and `t(zh|en)`).
    pub min_prob: f64,
}

impl Default for Learning {
    fn default() -> Self {
        Learning {
            passes: 1,
            min_count: 3,
            min_dice: 0.4,
            per_word: 1,
            model1_iterations: 5,
            min_prob: 0.1,
        }
    }
}

/// Which lexicon an aligner uses. The embedded one is parsed on first use,
/// so an aligner that needs none never pays for it.
#[derive(Debug, Clone)]
enum LexiconChoice {
    None,
    Embedded,
    Custom(Box<Lexicon>),
}

impl LexiconChoice {
    fn get(&self) -> Option<&Lexicon> {
        match self {
            LexiconChoice::None => None,
            LexiconChoice::Embedded => Some(Lexicon::embedded()),
            LexiconChoice::Custom(l) => Some(l),
        }
    }
}

/// The default cap on the band's half-width (see [`AlignerBuilder::max_band`]).
pub const DEFAULT_MAX_BAND: usize = 1000;

/// The default half-width of the window around the search's guide (see
/// [`AlignerBuilder::min_band`]).
pub const DEFAULT_MIN_BAND: usize = 4;

/// [`Search::Auto`] searches the whole grid when it has at most this many
/// cells (a text pair of a few hundred sentences each).
pub const EXHAUSTIVE_CELLS: usize = 250_000;

/// The initial half-width of the window around the length diagonal (the
/// guide of the length-only model).
const DIAGONAL_BAND: usize = 50;

/// A first pass followed by another tries bead shapes of at most this
/// many sentences a side (1-1 and the empty-side beads), then refines its
/// path with all of them (the second pass tries them all, around that
/// path). The refinement joins the path's runs into the 1-2, 2-1 and
/// longer beads, so trying the 2-sentence shapes in the widening sweeps
/// too bought nothing: with 1 rather than 2, Bible 001 costs 3.4% fewer
/// instructions and the Bible's F1 moves from 0.9726 to 0.9728 (session
/// 29, RESULTS).
const FIRST_PASS_MAX_SIDE: usize = 1;

/// The half-width of the window in which a pass limited to
/// [`FIRST_PASS_MAX_SIDE`] refines its path with every bead shape. The
/// shapes it left out join runs of the path's own cells (a 1-2 bead where
/// the path has a 1-1 and a 0-1) or cut them a sentence elsewhere, so the
/// window does not widen: finding paths farther off is the first pass's
/// job, and the second pass widens its own window. A half-width of 1
/// rather than 2 costs Bible 001 4.1% fewer instructions, with Bible F1
/// 0.9728 → 0.9729 and the omission benchmark unchanged (session 29,
/// RESULTS).
const REFINE_BAND: usize = 1;

/// The initial half-width of the window around the previous pass's path in
/// a pass that follows one (at most the builder's `min_band`). That path is
/// already the alignment up to local moves, and the window still widens
/// wherever the new path runs along its edge; a narrower start spares the
/// sweeps with sums (forward, backward and the search again) a third of
/// their cells on a long document.
const FOLLOW_BAND: usize = 2;

/// A guided window may grow to this many cells per sentence on average
/// before the best path inside it is taken.
const MAX_MEAN_ROW_CELLS: usize = 64;

/// How far (in natural log) the length ratio measured between sure pairs
/// ([`anchors::span_ratio`]) must lie from the documents' total length
/// ratio to replace it. On the evaluation sets and the sample the two agree
/// within 0.05; a passage one side lacks moves the total by 0.3 to 1.3.
const RATIO_TOLERANCE: f64 = 0.2;

/// How far (in natural log) the ratio of the sure pairs' own sentences
/// ([`anchors::pair_ratio`], for texts with too few sure pairs to measure
/// between them) must lie from the total length ratio to replace it: a
/// factor of about 1.65, what a third of one side missing gives.
const PAIR_RATIO_TOLERANCE: f64 = 0.5;

/// How the aligner searches for the best alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Search {
    /// Exhaustive for short texts (at most [`EXHAUSTIVE_CELLS`] cells),
    /// guided otherwise.
    #[default]
    Auto,
    /// Every cell of the `(n + 1) × (m + 1)` grid: exact, quadratic in time
    /// and memory. The oracle the guided search is tested against.
    Exhaustive,
    /// A narrow window around a guide (the sure pairs, then the first
    /// pass's path), widened only where the path runs along its edge:
    /// near-linear in time and memory.
    Guided,
}

impl FromStr for Search {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.trim() {
            "auto" => Ok(Search::Auto),
            "exhaustive" => Ok(Search::Exhaustive),
            "guided" => Ok(Search::Guided),
            _ => Err(format!(
                "unknown search '{s}' (expected auto, exhaustive or guided)"
            )),
        }
    }
}

/// How readily sentences become omissions and additions (`--null-threshold
/// P[,Q]`): the null marginal from which a source sentence's empty-side
/// bead is favoured (`src`, [`CostModel::null_threshold`]) and a target
/// sentence's (`tgt`, [`CostModel::null_threshold_tgt`]). Each lies in
/// (0, 1]. `auto` (the full model's default, [`CostModel::null_auto`])
/// judges from the document how close the translation is: 0.1 and 0.25 for
/// a close one, 0.35 (`src`, `tgt`) for any other.
///
/// ```
/// use bitext::align::{CostModel, NullThreshold};
///
/// let both: NullThreshold = "0.15".parse().unwrap();
/// assert_eq!((both.src, both.tgt, both.auto), (0.15, 0.15, false));
/// let split: NullThreshold = "0.1,0.25".parse().unwrap();
/// let mut model = CostModel::lexical();
/// assert!(model.null_auto);
/// split.apply(&mut model);
/// assert_eq!((model.null_threshold, model.null_threshold_tgt), (0.1, Some(0.25)));
/// assert!(!model.null_auto);
/// assert!("0.1,".parse::<NullThreshold>().is_err());
/// assert_eq!(split.to_string(), "0.1,0.25");
/// let auto: NullThreshold = "auto".parse().unwrap();
/// auto.apply(&mut model);
/// assert_eq!(model, CostModel::lexical());
/// assert_eq!(auto.to_string(), "auto");
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NullThreshold {
    /// For source sentences without a target (omissions); with `auto`, for
    /// a translation that is not close.
    pub src: f64,
    /// For target sentences without a source (additions); with `auto`, for
    /// a translation that is not close.
    pub tgt: f64,
    /// Judge from the document how close the translation is.
    pub auto: bool,
}

impl NullThreshold {
    /// `auto`: the full model's default.
    pub fn auto() -> Self {
        let model = CostModel::lexical();
        NullThreshold {
            src: model.null_threshold,
            tgt: model.null_threshold_tgt.unwrap_or(model.null_threshold),
            auto: true,
        }
    }
}

impl NullThreshold {
    /// Both values lie in (0, 1]; else the message says which does not.
    pub fn check(&self) -> std::result::Result<(), String> {
        for p in [self.src, self.tgt] {
            if !(p > 0.0 && p <= 1.0) {
                return Err(format!("{p} is not a number above 0 and at most 1"));
            }
        }
        Ok(())
    }

    /// Sets the thresholds of `model`.
    pub fn apply(&self, model: &mut CostModel) {
        model.null_threshold = self.src;
        model.null_threshold_tgt = (self.tgt != self.src).then_some(self.tgt);
        model.null_auto = self.auto;
    }
}

impl FromStr for NullThreshold {
    type Err = String;

    /// `P` (both sides), `P,Q` (source, target) or `auto`.
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        if s.trim() == "auto" {
            return Ok(NullThreshold::auto());
        }
        let number = |x: &str| {
            x.trim().parse::<f64>().map_err(|_| {
                format!("'{s}' is not auto, P or P,Q with numbers above 0 and at most 1")
            })
        };
        let t = match s.split_once(',') {
            None => {
                let p = number(s)?;
                NullThreshold {
                    src: p,
                    tgt: p,
                    auto: false,
                }
            }
            Some((a, b)) => NullThreshold {
                src: number(a)?,
                tgt: number(b)?,
                auto: false,
            },
        };
        t.check().map_err(|e| format!("'{s}': {e}"))?;
        Ok(t)
    }
}

impl std::fmt::Display for NullThreshold {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.auto {
            write!(f, "auto")
        } else if self.src == self.tgt {
            write!(f, "{}", self.src)
        } else {
            write!(f, "{},{}", self.src, self.tgt)
        }
    }
}

/// Builder for [`Aligner`].
#[derive(Debug, Clone)]
pub struct AlignerBuilder {
    model: CostModel,
    min_band: usize,
    max_band: usize,
    paragraphs: ParagraphMode,
    lexicon: LexiconChoice,
    disabled: Vec<Signal>,
    learning: Learning,
    search: Search,
}

impl Default for AlignerBuilder {
    /// The full model: length, anchors, punctuation, paragraphs, and the
    /// embedded lexicon with names.
    fn default() -> Self {
        AlignerBuilder {
            model: CostModel::lexical(),
            min_band: DEFAULT_MIN_BAND,
            max_band: DEFAULT_MAX_BAND,
            paragraphs: ParagraphMode::Auto,
            lexicon: LexiconChoice::Embedded,
            disabled: Vec::new(),
            learning: Learning::default(),
            search: Search::Auto,
        }
    }
}

impl AlignerBuilder {
    /// Replaces the cost model.
    pub fn cost_model(mut self, model: CostModel) -> Self {
        self.model = model;
        self
    }

    /// How to search (default [`Search::Auto`]).
    pub fn search(mut self, search: Search) -> Self {
        self.search = search;
        self
    }

    /// The initial half-width of the guided search's window around its
    /// guide, in sentences (default [`DEFAULT_MIN_BAND`]). The window widens
    /// by itself where the alignment needs it.
    pub fn min_band(mut self, sentences: usize) -> Self {
        self.min_band = sentences;
        self
    }

    /// The greatest half-width the guided window may grow to, in sentences
    /// (default 1,000). With the cap on the window's cells (64 per sentence
    /// on average), it bounds time and memory whatever the input: two
    /// unrelated texts would otherwise widen it to the whole `n × m` grid.
    /// Where the window is capped, the best path inside it is taken.
    pub fn max_band(mut self, sentences: usize) -> Self {
        self.max_band = sentences;
        self
    }

    /// Whether paragraph boundaries are used (default: when comparable).
    pub fn paragraphs(mut self, mode: ParagraphMode) -> Self {
        self.paragraphs = mode;
        self
    }

    /// Uses `lexicon` instead of the embedded one (for instance the embedded
    /// one extended with [`Lexicon::add_user_tsv`]).
    pub fn lexicon(mut self, lexicon: Lexicon) -> Self {
        self.lexicon = LexiconChoice::Custom(Box::new(lexicon));
        self
    }

    /// How to learn translations from the first alignment (default: one
    /// extra pass; `passes: 0` aligns once). Used only with the lexicon.
    pub fn learning(mut self, learning: Learning) -> Self {
        self.learning = learning;
        self
    }

    /// Switches a signal off.
    pub fn disable(mut self, signal: Signal) -> Self {
        self.disabled.push(signal);
        self
    }

    /// Checks the configuration and builds the aligner.
    pub fn build(mut self) -> Result<Aligner> {
        for signal in std::mem::take(&mut self.disabled) {
            let m = &mut self.model;
            match signal {
                Signal::Length => m.length_weight = 0.0,
                Signal::Numbers => (m.number_match, m.number_miss) = (0.0, 0.0),
                Signal::Latin => m.latin_match = 0.0,
                Signal::Punctuation => (m.punct_match, m.punct_miss) = (0.0, 0.0),
                Signal::Paragraphs => self.paragraphs = ParagraphMode::Ignore,
                Signal::Lexicon => m.lexical = 0.0,
                Signal::Names => m.name_match = 0.0,
            }
        }
        if self.model.lexical == 0.0 && self.model.name_match == 0.0 {
            self.lexicon = LexiconChoice::None;
        }
        let kinds: Vec<BeadKind> = self.model.priors.iter().map(|&(k, _)| k).collect();
        for need in [BeadKind::new(1, 0), BeadKind::new(0, 1)] {
            if !kinds.contains(&need) {
                return Err(Error::Config(format!(
                    "the bead table must include {}-{} beads",
                    need.src, need.tgt
                )));
            }
        }
        for &(k, p) in &self.model.priors {
            if k.src > 8 || k.tgt > 8 || (k.src == 0 && k.tgt == 0) || !(p > 0.0 && p <= 1.0) {
                return Err(Error::Config(format!(
                    "bad bead kind {}-{} with probability {p}",
                    k.src, k.tgt
                )));
            }
        }
        let positive = |x: f64| x.is_finite() && x > 0.0;
        if !positive(self.model.length_variance) || !positive(self.model.length_smoothing) {
            return Err(Error::Config(
                "length variance and length smoothing must be positive".into(),
            ));
        }
        Ok(Aligner {
            model: self.model,
            min_band: self.min_band.max(1),
            max_band: self.max_band.max(self.min_band).max(1),
            paragraphs: self.paragraphs,
            lexicon: self.lexicon,
            learning: self.learning,
            search: self.search,
        })
    }
}

impl Aligner {
    /// A builder with the default configuration.
    pub fn builder() -> AlignerBuilder {
        AlignerBuilder::default()
    }

    /// Parses the embedded lexicon now, if this aligner uses it (it is
    /// otherwise parsed on first use), so that a caller can have it done
    /// while it reads its input.
    pub fn load_lexicon(&self) {
        if let Some(lex) = self.lexicon.get() {
            lex.prepare_words();
        }
    }

    /// Aligns `src` with `tgt`. Either may be Chinese or English.
    pub fn align(&self, src: &Document, tgt: &Document) -> Result<Alignment> {
        in_pool(|| self.align_in_pool(src, tgt))
    }

    /// [`Aligner::align`], run on a thread of rayon's pool.
    fn align_in_pool(&self, src: &Document, tgt: &Document) -> Result<Alignment> {
        // Room for a string per 64 bytes of text (Bible 001 interns one
        // per 46; a longer text repeats more of its words), so that the
        // table is seldom grown while the chunks' strings are merged in
        // (its slots are only touched as they fill).
        let mut interner = Interner::with_capacity((src.text().len() + tgt.text().len()) / 64);
        let lexicon = self.lexicon.get();
        let lexical = lexicon.is_some() && self.model.lexical > 0.0;
        // The Chinese side's names (English names its pinyin spells) read
        // the English text and the Chinese text only: they are looked for
        // while the features are extracted, and so are the sentences copied
        // from one side into the other (left untranslated).
        let zh_en = match (src.lang(), tgt.lang()) {
            (Lang::Zh, Lang::En) => Some((src, tgt)),
            (Lang::En, Lang::Zh) => Some((tgt, src)),
            _ => None,
        };
        let fuzzy = self.model.name_match != 0.0;
        // The English side's name candidates, found once: its extraction
        // interns them, and the Chinese side looks for them.
        let english = lexicon
            .zip(zh_en)
            .map(|(lex, (zh, en))| (lex, zh, features::english_names(en)));
        let named = |doc: &Document| {
            english
                .as_ref()
                .filter(|_| doc.lang() == Lang::En)
                .map(|(_, _, names)| names)
        };
        let ((mut sf, mut tf), (copies, names)) = rayon::join(
            || {
                let sf = features::extract_named(src, &mut interner, lexicon, named(src));
                let tf = features::extract_named(tgt, &mut interner, lexicon, named(tgt));
                (sf, tf)
            },
            || {
                rayon::join(
                    || {
                        if lexical {
                            copied_sentences(src, tgt)
                        } else {
                            (Vec::new(), Vec::new())
                        }
                    },
                    || {
                        english.as_ref().map(|(lex, zh, names)| {
                            features::spell_names(zh, &names.candidates, lex, fuzzy)
                        })
                    },
                )
            },
        );
        if let (Some((_, _, english)), Some(spelled)) = (&english, names) {
            // Every candidate is a name of the English features, interned.
            let ids: Vec<u32> = english
                .candidates
                .iter()
                .map(|c| interner.known(c))
                .collect::<Option<_>>()
                .ok_or_else(|| Error::Internal("an English name without an id".into()))?;
            let zh = if src.lang() == Lang::Zh {
                &mut sf
            } else {
                &mut tf
            };
            spelled.give(zh, &ids);
        }
        // The strings behind the ids are not needed past this point.
        drop(interner);
        // Short lead-in fragments (at most 3 English words or 4 Han
        // characters, ending on a colon), which the favoured search leaves
        // alone.
        let leads = |doc: &Document| -> Vec<bool> {
            (0..doc.len())
                .map(|i| {
                    let t = doc.sentence_text(i).trim_end();
                    let short = || match doc.lang() {
                        Lang::Zh => t.chars().filter(|&c| crate::normalize::is_han(c)).count() <= 4,
                        Lang::En => t.split_whitespace().count() <= 3,
                    };
                    // The colon first: it rules out nearly every sentence.
                    (t.ends_with(':') || t.ends_with('：')) && short()
                })
                .collect()
        };
        let (src_leads, tgt_leads) = (leads(src), leads(tgt));
        let sp: Vec<usize> = src.sentences().iter().map(|s| s.paragraph).collect();
        let tp: Vec<usize> = tgt.sentences().iter().map(|s| s.paragraph).collect();
        let use_paragraphs = self.paragraphs == ParagraphMode::Auto
            && comparable_paragraphs(src.paragraphs(), tgt.paragraphs());
        let joins = match self.paragraphs {
            ParagraphMode::Auto => paragraphs::joins_checked(src.paragraphs(), tgt.paragraphs()),
            ParagraphMode::Ignore => (false, false),
        };
        let ends = (
            paragraphs::sentence_ends(src),
            paragraphs::sentence_ends(tgt),
        );
        let names_on_tgt = tgt.lang() == Lang::En;
        let kinds: Vec<BeadKind> = self.model.priors.iter().map(|&(k, _)| k).collect();
        let two_pass = lexical
            && self.learning.passes > 0
            && matches!(
                (src.lang(), tgt.lang()),
                (Lang::Zh, Lang::En) | (Lang::En, Lang::Zh)
            );
        let (n, m) = (src.len(), tgt.len());
        let exhaustive = match self.search {
            Search::Exhaustive => true,
            Search::Guided => false,
            Search::Auto => (n + 1).saturating_mul(m + 1) <= EXHAUSTIVE_CELLS,
        };
        let params = search::Params {
            everywhere: false,
            max_side: usize::MAX,
            width: self.min_band,
            max_width: self.max_band,
            // Room for the guide's rectangles and for widening (unrelated
            // texts widen everywhere), but never more than the whole grid.
            max_cells: (n + 1)
                .saturating_mul(m + 1)
                .min(EXHAUSTIVE_CELLS.max((n + m + 1).saturating_mul(MAX_MEAN_ROW_CELLS))),
        };
        let mut scratch = search::Scratch::default();
        // The final pass's null marginals, before it favours the likely ones.
        let mut unmatched: (Vec<f32>, Vec<f32>) = Default::default();
        // Sure pairs (with lexical evidence): the first guided pass follows
        // them, and they show the length ratio where the texts correspond.
        // The first call finds them (on its features, before any learned
        // pass) beside its sides, which need none of them.
        let mut sure: Option<Vec<(usize, usize)>> = None;
        let mut search = |sf: &[features::SentenceFeatures],
                          tf: &[features::SentenceFeatures],
                          start: Option<Vec<search::PathBead>>,
                          posteriors: bool,
                          max_side: usize| {
            let first = sure.is_none();
            let ((mut s_side, mut t_side), (found, dense)) = rayon::join(
                || rayon::join(|| cost::Side::new(sf, &sp), || cost::Side::new(tf, &tp)),
                || {
                    if !first {
                        return (None, None);
                    }
                    // The keys' bound of the skeleton's tables, found once
                    // for it and for densify.
                    let bound = lexical.then(|| anchors::key_bound(sf, tf)).flatten();
                    let sure = if lexical {
                        anchors::skeleton(sf, tf, bound)
                    } else {
                        Vec::new()
                    };
                    // The first pass's guide, when it takes the skeleton's
                    // line (see below).
                    let dense = (lexical && !exhaustive && start.is_none())
                        .then(|| anchors::densify(&sure, sf, tf, bound));
                    (Some(sure), dense)
                },
            );
            if found.is_some() {
                sure = found;
            }
            let sure: &[(usize, usize)] = sure.as_deref().unwrap_or_default();
            s_side.set_sentence_ends(&ends.0);
            t_side.set_sentence_ends(&ends.1);
            let mut scorer =
                cost::Scorer::new(&self.model, &s_side, &t_side, use_paragraphs, names_on_tgt);
            scorer.set_paragraph_joins(joins.0, joins.1);
            scorer.set_copies(copies.0.clone(), copies.1.clone());
            // The length cost expects the ratio of the documents' total
            // lengths, unless the sure pairs show a clearly different one (a
            // long passage on one side only: an untranslated appendix).
            let total = cost::total_ratio(&s_side, &t_side);
            let spans = anchors::span_ratio(&s_side.prefix, &t_side.prefix, sure);
            if let Some(ratio) = spans.filter(|&r| (r / total).ln().abs() > RATIO_TOLERANCE) {
                scorer.set_length_ratio(ratio);
            } else if spans.is_none()
                && let Some(ratio) = anchors::pair_ratio(&s_side.prefix, &t_side.prefix, sure)
                    .filter(|&r| (r / total).ln().abs() > PAIR_RATIO_TOLERANCE)
            {
                // Too few sure pairs to measure between: their own
                // sentences, trusted only when the total is far off (a
                // translation that stops early).
                scorer.set_length_ratio(ratio);
            }
            // How much of this translation the lexicon sees, measured on the
            // previous pass's beads (with what it has learned since).
            if let Some(p) = &start {
                let shares = pairs::support_shares(sf, tf, &learn::ranges(p), !names_on_tgt);
                scorer.set_support_shares(&shares);
            }
            // The guide: the previous pass's path, else the sure pairs (with
            // lexical evidence), else the length diagonal.
            let mut params = search::Params { max_side, ..params };
            if start.is_some() {
                params.width = params.width.min(FOLLOW_BAND);
            }
            let guide = if exhaustive {
                None
            } else if let Some(p) = &start {
                Some(search::path_ranges(p, n))
            } else if lexical {
                // The skeleton with the sure pairs of its gaps: a denser
                // line, nearer the path (see `anchors::densify`).
                let dense = dense
                    .unwrap_or_else(|| anchors::densify(sure, sf, tf, anchors::key_bound(sf, tf)));
                Some(anchors::guide(&dense, &s_side.prefix, &t_side.prefix))
            } else {
                // Without lexical evidence, the band of the length-only
                // model: wide around the length diagonal, widened
                // everywhere at once, up to `max_band` (its time and memory
                // grow with n × max_band, not with the path's needs).
                params.width = params.width.max(DIAGONAL_BAND);
                params.everywhere = true;
                params.max_cells = (n + 1)
                    .saturating_mul(m + 1)
                    .min((n + 1).saturating_mul(self.max_band.saturating_mul(2).saturating_add(1)));
                Some(search::length_diagonal(&s_side.prefix, &t_side.prefix))
            };
            let refine = max_side < usize::MAX;
            let cover = || Error::Internal("the bead shapes cannot cover both documents".into());
            let bonus = self.model.null_bonus;
            let loose = (
                self.model.null_threshold,
                self.model
                    .null_threshold_tgt
                    .unwrap_or(self.model.null_threshold),
            );
            // A search that may turn out close and search again: its
            // backward sweep computes the search again's backward sums
            // ahead, assuming so (used only if its marks are the ones made
            // below; see `search::Trail`).
            if posteriors
                && !refine
                && self.model.null_auto
                && (loose.0 > 0.0 || loose.1 > 0.0)
                && bonus != 0.0
            {
                let (tau_src, tau_tgt) = closeness::thresholds_if_close((n, m));
                let lens =
                    |feats: &[features::SentenceFeatures]| feats.iter().map(|f| f.len).collect();
                let (src_lens, tgt_lens): (Vec<f64>, Vec<f64>) = (lens(sf), lens(tf));
                scorer.set_close_alternative(
                    closeness::CLOSE_UNSUPPORTED,
                    closeness::CLOSE_UNRELATED_PAIR,
                );
                scratch.trail = Some(search::Trail {
                    bonus,
                    taus_src: closeness::fine_thresholds(&src_lens, tau_src),
                    taus_tgt: closeness::fine_thresholds(&tgt_lens, tau_tgt),
                    leads_src: src_leads.clone(),
                    leads_tgt: tgt_leads.clone(),
                });
            }
            let mut path = search::best_path(
                &mut scorer,
                &kinds,
                (n, m),
                guide.as_deref(),
                params,
                posteriors && !refine,
                &mut scratch,
            )
            .ok_or_else(cover)?;
            // A pass that tried the one-sentence shapes only: its path with
            // every shape, in a narrow window around it that does not
            // widen (same scorer, so the pair table is reused), for the
            // beads those shapes could not express (a 1-2 bead, not a 1-1
            // and a 0-1).
            if refine {
                let guide = search::path_ranges(&path, n);
                let refined = search::Params {
                    max_side: usize::MAX,
                    width: REFINE_BAND,
                    max_width: REFINE_BAND,
                    ..params
                };
                path = search::best_path(
                    &mut scorer,
                    &kinds,
                    (n, m),
                    Some(&guide),
                    refined,
                    posteriors,
                    &mut scratch,
                )
                .ok_or_else(cover)?;
            }
            // Kept for the quality stage's flags, whose thresholds were
            // chosen with lexical evidence (the length-only model's
            // marginals are much flatter).
            if posteriors && lexical {
                let probability = |v: &[f64]| v.iter().map(|&p| p.clamp(0.0, 1.0) as f32).collect();
                unmatched = (
                    probability(&scratch.null_src),
                    probability(&scratch.null_tgt),
                );
            }
            // Sentences that may well have no counterpart, by their null
            // marginals: favour their empty-side beads and search again.
            // `auto`: a close translation affords lower thresholds, judged
            // on this path (see `closeness`). Thresholds of 0 still switch
            // the favouring off.
            let close = if self.model.null_auto && (loose.0 > 0.0 || loose.1 > 0.0) {
                closeness::close_thresholds(&path, (n, m), (&scratch.null_src, &scratch.null_tgt))
            } else {
                None
            };
            let (tau_src, tau_tgt) = close.unwrap_or(loose);
            // A close translation's search again also expects every sentence
            // of a merged bead to be supported.
            if close.is_some() {
                scorer.scale_unsupported(closeness::CLOSE_UNSUPPORTED);
                scorer.set_unrelated_pair(closeness::CLOSE_UNRELATED_PAIR);
            }
            if close.is_none() {
                scratch.drop_favoured();
            }
            if !posteriors || (tau_src <= 0.0 && tau_tgt <= 0.0) || bonus == 0.0 {
                scratch.drop_favoured();
                return Ok(path);
            }
            // A close translation's side with the fine threshold marks its
            // longer sentences from a lower one (see `closeness`).
            let per_sentence = |feats: &[features::SentenceFeatures], tau: f64| -> Vec<f64> {
                if close.is_some() {
                    let lens: Vec<f64> = feats.iter().map(|f| f.len).collect();
                    closeness::fine_thresholds(&lens, tau)
                } else {
                    vec![tau; feats.len()]
                }
            };
            let (taus_src, taus_tgt) = (per_sentence(sf, tau_src), per_sentence(tf, tau_tgt));
            // A threshold of 0 leaves that side alone.
            // A short sentence that ends on a colon opens the next one
            // ("China advocates:"): a fragment of a merged bead, not a
            // sentence added or left out on its own, so it is not favoured
            // (any sentence ending on a colon was tried first: the Bible's
            // whole verses ending on 说： are planted omissions too; RESULTS).
            let mark = |v: &[f64], taus: &[f64], leads: &[bool]| -> Vec<f64> {
                v.iter()
                    .zip(leads)
                    .zip(taus)
                    .map(|((&p, &lead), &tau)| {
                        if tau > 0.0 && p >= tau && !lead {
                            bonus
                        } else {
                            0.0
                        }
                    })
                    .collect()
            };
            let marks = (
                mark(&scratch.null_src, &taus_src, &src_leads),
                mark(&scratch.null_tgt, &taus_tgt, &tgt_leads),
            );
            // A loose translation's sentences at a lower marginal are
            // proposed too, in a second favoured search; its changes are
            // kept only where they explain more of the text (see
            // `prefer_explained`).
            let (repair_lo, repair_margin) =
                (self.model.null_proposal, self.model.explained_margin);
            let proposal =
                (self.model.null_auto && close.is_none() && repair_lo > 0.0).then(|| {
                    let lower = |taus: &[f64]| -> Vec<f64> {
                        taus.iter()
                            .map(|&t| if t > 0.0 { t.min(repair_lo) } else { t })
                            .collect()
                    };
                    (
                        mark(&scratch.null_src, &lower(&taus_src), &src_leads),
                        mark(&scratch.null_tgt, &lower(&taus_tgt), &tgt_leads),
                    )
                });
            // The marked sentences of each side, first to last.
            let marked = |v: &[f64]| match (
                v.iter().position(|&b| b != 0.0),
                v.iter().rposition(|&b| b != 0.0),
            ) {
                (Some(a), Some(b)) => a..b + 1,
                _ => v.len()..v.len(),
            };
            let (src_marked, tgt_marked) = (marked(&marks.0), marked(&marks.1));
            let proposal = proposal.filter(|p| *p != marks);
            if src_marked.is_empty() && tgt_marked.is_empty() && proposal.is_none() {
                scratch.drop_favoured();
                return Ok(path);
            }
            scratch.keep_favoured(&marks.0, &marks.1);
            // Without the favoured sums computed ahead, the search again
            // costs its beads itself: the pair table the backward sweep gave
            // back is built again.
            if !scratch.has_favoured() {
                search::restore_released(&mut scorer, &mut scratch);
            }
            let biased = cost::FavourNulls {
                inner: &scorer,
                src: marks.0,
                tgt: marks.1,
                kinds: &kinds,
            };
            let proposal = proposal.map(|(src, tgt)| cost::FavourNulls {
                inner: &scorer,
                src,
                tgt,
                kinds: &kinds,
            });
            // With the unsupported cost changed, every bead may change.
            let changed = if close.is_some() {
                (0..n, 0..m)
            } else {
                (src_marked, tgt_marked)
            };
            // The same window again: its pair table is ready, and the rows
            // before the first marked sentence keep their forward sums, those
            // past the last their backward sums.
            let favoured = if changed.0.is_empty() && changed.1.is_empty() {
                path
            } else {
                search::search_again(&biased, &kinds, (n, m), params, changed, &mut scratch)
                    .unwrap_or(path)
            };
            let Some(proposal) = proposal else {
                return Ok(favoured);
            };
            let (src_lo, tgt_lo) = (marked(&proposal.src), marked(&proposal.tgt));
            let Some(lower) = search::search_again(
                &proposal,
                &kinds,
                (n, m),
                params,
                (src_lo, tgt_lo),
                &mut scratch,
            ) else {
                return Ok(favoured);
            };
            let evidence = |b: &search::PathBead| {
                pairs::bead_evidence(sf, tf, b.i0..b.i1, b.j0..b.j1, !names_on_tgt)
            };
            Ok(prefer_explained(favoured, lower, evidence, repair_margin))
        };
        let passes = if two_pass { self.learning.passes } else { 0 };
        // A guided first pass that only guides the next one tries the
        // one-sentence shapes, then refines its path with every shape (an
        // exhaustive one is cheap enough to try them all at once).
        let first_side = if passes > 0 && !exhaustive {
            FIRST_PASS_MAX_SIDE
        } else {
            usize::MAX
        };
        let mut path = search(&sf, &tf, None, passes == 0, first_side)?;
        // The relatedness of a short document is judged on the features
        // before the learned pass, which learns from these very beads.
        // Only the Chinese side gains learned entries: only it is copied.
        let zh_src = src.lang() == Lang::Zh;
        let unlearned = (lexical && passes > 0 && n.min(m) <= related::MAX_RANKED)
            .then(|| if zh_src { sf.clone() } else { tf.clone() });
        for pass in 1..=passes {
            // Another pass: add what the last alignment teaches about this
            // translation's vocabulary, and search again around its path.
            let beads = learn::ranges(&path);
            if zh_src {
                let learned = learn::learn(&sf, &tf, &beads, &self.learning);
                learn::augment(&mut sf, &learned);
            } else {
                let mirrored: Vec<_> = beads.into_iter().map(|(a, b)| (b, a)).collect();
                let learned = learn::learn(&tf, &sf, &mirrored, &self.learning);
                learn::augment(&mut tf, &learned);
            }
            path = search(&sf, &tf, Some(path), pass == passes, usize::MAX)?;
        }
        // A run of sentences without counterpart is one empty-side bead in
        // the search and one bead per sentence in the output.
        let mut beads: Vec<Bead> = Vec::with_capacity(path.len());
        for p in path {
            let empty = p.i0 == p.i1 || p.j0 == p.j1;
            let confidence = self.model.confidence(p.posterior, empty);
            let run = (p.i1 - p.i0).max(p.j1 - p.j0);
            if empty && run > 1 {
                let cost = p.cost / run as f64;
                beads.extend((p.i0..p.i1).map(|i| Bead {
                    src: i..i + 1,
                    tgt: p.j0..p.j0,
                    cost,
                    confidence,
                }));
                beads.extend((p.j0..p.j1).map(|j| Bead {
                    src: p.i0..p.i0,
                    tgt: j..j + 1,
                    cost,
                    confidence,
                }));
            } else {
                beads.push(Bead {
                    src: p.i0..p.i1,
                    tgt: p.j0..p.j1,
                    cost: p.cost,
                    confidence,
                });
            }
        }
        let joined = join_copies(&mut beads, src, tgt);
        for &(i, j) in &joined {
            // The pair is there: neither sentence is a likely omission.
            if let (Some(a), Some(b)) = (unmatched.0.get_mut(i), unmatched.1.get_mut(j)) {
                (*a, *b) = (0.0, 0.0);
            }
        }
        let relatedness = if lexical {
            // A line copied as it is (a copyright line, a URL) says nothing
            // of whether the texts translate each other: its bead is left
            // out of the judgement.
            let judged: Vec<Bead> = beads
                .iter()
                .filter(|b| !holds_copy(b, &copies, &joined))
                .cloned()
                .collect();
            let features = match &unlearned {
                Some(zh) if zh_src => Some((zh, &tf)),
                Some(zh) => Some((&sf, zh)),
                None => (passes == 0).then_some((&sf, &tf)),
            };
            let evidence = features
                .map(|(sf, tf)| move |s, t| pairs::bead_evidence(sf, tf, s, t, !names_on_tgt));
            related::relatedness(&judged, self.model.unrelated_median, evidence)
        } else {
            1.0
        };
        for b in &mut beads {
            b.confidence *= relatedness;
        }
        let mut alignment = Alignment::from_beads(beads, src.len(), tgt.len())?;
        alignment.relatedness = relatedness;
        if unmatched.0.len() == src.len() && unmatched.1.len() == tgt.len() {
            (alignment.unmatched_src, alignment.unmatched_tgt) = unmatched;
        }
        Ok(alignment)
    }
}

/// Runs `op` on a thread of rayon's pool (at once when already on one).
/// There every `rayon::join` of the alignment (a sweep's block of sums
/// beside the costs of the next, some 1,500 of them on Bible 006; the
/// stages' joins) and every parallel loop is a job pushed to that thread's
/// own queue, which the other threads take from. Called from a thread
/// outside the pool (the command's main thread), each would be handed to
/// the pool while the caller sleeps until it is done: two thread wake-ups
/// each. What runs, and the values, are the same wherever it runs
/// (issue 10, session 44: Bible 006 about 5% less wall time and 12% less
/// system time in alternated runs; `RESULTS.md`).
fn in_pool<R: Send>(op: impl FnOnce() -> R + Send) -> R {
    rayon::scope(|_| op())
}

/// Merges two paths over the same documents: `base` and a `proposal` that
/// favoured more sentences' empty-side beads. Between two grid points both
/// paths pass through, the proposal's beads replace the base's only when
/// they explain more of the text: their summed `evidence` (the word weight
/// each sentence's bead partner translates) beats the base's by more than
/// `margin`. Leaving a sentence out then pays for what it matched, while a
/// run that the base shifted by one (pairing a sentence with the translation
/// of its neighbour) gains what the right partners match.
fn prefer_explained(
    base: Vec<search::PathBead>,
    proposal: Vec<search::PathBead>,
    evidence: impl Fn(&search::PathBead) -> f64,
    margin: f64,
) -> Vec<search::PathBead> {
    let mut out = Vec::with_capacity(base.len().max(proposal.len()));
    let (mut x, mut y, mut sx, mut sy) = (0, 0, 0, 0);
    let end = |b: &search::PathBead| (b.i1, b.j1);
    while x < base.len() && y < proposal.len() {
        let (a, b) = (end(&base[x]), end(&proposal[y]));
        if a == b {
            x += 1;
            y += 1;
            let (old, new) = (&base[sx..x], &proposal[sy..y]);
            let differs = old.len() != new.len()
                || old
                    .iter()
                    .zip(new)
                    .any(|(p, q)| (p.i0, p.i1, p.j0, p.j1) != (q.i0, q.i1, q.j0, q.j1));
            let gain = if differs {
                new.iter().map(&evidence).sum::<f64>() - old.iter().map(&evidence).sum::<f64>()
            } else {
                0.0
            };
            out.extend_from_slice(if differs && gain > margin { new } else { old });
            (sx, sy) = (x, y);
        } else if a.0 + a.1 < b.0 + b.1 {
            x += 1;
        } else {
            y += 1;
        }
    }
    // Both paths end on (n, m); anything left over is the base's.
    out.extend_from_slice(&base[sx..]);
    out
}

/// A copied sentence has at least this many characters (white space aside),
/// one of them a letter or digit: a short line ("1.", "A.") may well recur
/// on both sides without being left untranslated.
const MIN_COPY_CHARS: usize = 4;

/// `t` without its white space (`char::is_whitespace`) into `out`
/// (cleared and sized at once: collected a character at a time, the
/// strings grew and were reallocated several times each). The pieces
/// between white space are copied whole; only characters whose first byte
/// may begin a white-space character (ASCII, 0xC2, 0xE1 to 0xE3) are
/// looked at.
fn bare_into(t: &str, out: &mut String) {
    out.clear();
    out.reserve(t.len());
    let bytes = t.as_bytes();
    let (mut from, mut at) = (0, 0);
    while at < bytes.len() {
        let (len, white) = match bytes[at] {
            b'\t'..=b'\r' | b' ' => (1, true),
            0..0x80 => (1, false),
            0xC2 | 0xE1..=0xE3 => {
                let c = t[at..].chars().next().unwrap_or_default();
                (c.len_utf8(), c.is_whitespace())
            }
            0x80..0xE0 => (2, false),
            0xE0..0xF0 => (3, false),
            _ => (4, false),
        };
        if white {
            out.push_str(&t[from..at]);
            from = at + len;
        }
        at += len;
    }
    out.push_str(&t[from..]);
}

/// The sentences of `src` and `tgt` with the same text (white space aside,
/// at least [`MIN_COPY_CHARS`] long): per sentence of each side, an id
/// shared by the sentences of the two sides with that text, or 0 (see
/// [`cost::Scorer::set_copies`]). A sentence left untranslated, copied into
/// the translation as it is, is its own best match.
pub(crate) fn copied_sentences(src: &Document, tgt: &Document) -> (Vec<u32>, Vec<u32>) {
    let bare = |t: &str| -> String {
        let mut out = String::new();
        bare_into(t, &mut out);
        out
    };
    let usable =
        |t: &String| t.chars().count() >= MIN_COPY_CHARS && t.chars().any(char::is_alphanumeric);
    let mut ids: crate::hash::FastMap<String, u32> = crate::hash::FastMap::default();
    let src_texts: Vec<String> = (0..src.len()).map(|i| bare(src.sentence_text(i))).collect();
    for t in &src_texts {
        if usable(t) && !ids.contains_key(t) {
            let id = ids.len() as u32 + 1;
            ids.insert(t.clone(), id);
        }
    }
    let mut buf = String::new();
    let tgt_ids: Vec<u32> = (0..tgt.len())
        .map(|j| {
            bare_into(tgt.sentence_text(j), &mut buf);
            ids.get(buf.as_str()).copied().unwrap_or(0)
        })
        .collect();
    let shared: std::collections::HashSet<u32> =
        tgt_ids.iter().copied().filter(|&k| k != 0).collect();
    let src_ids = src_texts
        .iter()
        .map(|t| {
            ids.get(t)
                .copied()
                .filter(|k| shared.contains(k))
                .unwrap_or(0)
        })
        .collect();
    (src_ids, tgt_ids)
}

/// A sentence left untranslated (copied into the translation as it is)
/// matches nothing the lexicon knows, so the search leaves it as an
/// omission beside an addition of the same text. Two neighbouring
/// empty-side beads, one source sentence and one target sentence with the
/// same text (white space aside), are one 1-1 bead: the pair is there, and
/// the quality stage flags it `untranslated`. Its cost is the two beads'
/// sum, its confidence the lower of theirs. Returns the sentences joined.
fn join_copies(beads: &mut Vec<Bead>, src: &Document, tgt: &Document) -> Vec<(usize, usize)> {
    let mut joined = Vec::new();
    let bare = |t: &str| -> String { t.chars().filter(|c| !c.is_whitespace()).collect() };
    let mut out: Vec<Bead> = Vec::with_capacity(beads.len());
    let mut k = 0;
    while k < beads.len() {
        let b = &beads[k];
        // An omission and an addition side by side, in either order.
        let pair = beads.get(k + 1).and_then(|next| {
            match (b.src.len(), b.tgt.len(), next.src.len(), next.tgt.len()) {
                (1, 0, 0, 1) => Some((next, b.src.start, next.tgt.start)),
                (0, 1, 1, 0) => Some((next, next.src.start, b.tgt.start)),
                _ => None,
            }
        });
        if let Some((next, s, t)) = pair {
            let text = bare(src.sentence_text(s));
            if !text.is_empty() && text == bare(tgt.sentence_text(t)) {
                out.push(Bead {
                    src: s..s + 1,
                    tgt: t..t + 1,
                    cost: b.cost + next.cost,
                    confidence: b.confidence.min(next.confidence),
                });
                joined.push((s, t));
                k += 2;
                continue;
            }
        }
        out.push(beads[k].clone());
        k += 1;
    }
    *beads = out;
    joined
}

/// Whether a bead joins a sentence with its copy on the other side (the
/// ids of [`copied_sentences`], or a pair of [`join_copies`]).
fn holds_copy(b: &Bead, copies: &(Vec<u32>, Vec<u32>), joined: &[(usize, usize)]) -> bool {
    if b.is_null() {
        return false;
    }
    let by_id = b.src.clone().any(|i| {
        copies
            .0
            .get(i)
            .is_some_and(|&k| k != 0 && b.tgt.clone().any(|j| copies.1.get(j) == Some(&k)))
    });
    by_id
        || joined
            .iter()
            .any(|&(i, j)| b.src.contains(&i) && b.tgt.contains(&j))
}

/// Both sides have several paragraphs, in numbers within 10% of each other.
fn comparable_paragraphs(a: usize, b: usize) -> bool {
    let (lo, hi) = (a.min(b) as f64, a.max(b) as f64);
    lo >= 2.0 && hi <= lo * 1.1 + 0.5
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text without its white space is the text's characters that are not
    /// white space: every character alone, and between others.
    #[test]
    fn bare_text_is_the_characters_that_are_not_white_space() {
        let slow = |t: &str| -> String { t.chars().filter(|c| !c.is_whitespace()).collect() };
        let mut out = String::new();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let t = format!("a{c}中{c}{c}");
            bare_into(&t, &mut out);
            assert_eq!(out, slow(&t), "U+{:04X}", c as u32);
        }
        for t in [
            "",
            " ",
            "In the beginning God created the heaven and the earth.",
            "起初 神创造天地。\u{3000}地是空虚混沌，\t渊面黑暗；",
            "\u{85}x\u{a0}y\u{1680}z\u{2009}\u{2028}\u{202f}\u{205f}é𠀋 ",
        ] {
            bare_into(t, &mut out);
            assert_eq!(out, slow(t), "{t}");
        }
    }
    use search::PathBead;

    /// The alignment moved onto a thread of rayon's pool is the one its body
    /// gives where it is called, to the bit: from the test's own thread
    /// (outside the pool: the work is handed to the pool) and from a thread
    /// of the pool (where it runs at once), on a pair long enough for the
    /// guided search and its parallel sweeps.
    #[test]
    fn an_alignment_run_in_the_pool_is_the_alignment_run_in_place() {
        assert!(in_pool(|| rayon::current_thread_index().is_some()));
        // Six hundred lines a side, each with its chapter's numbers.
        let doc = |name: &str, lang: Lang, line: fn(usize, usize, usize) -> String| {
            let text: String = (0..600).map(|i| line(i, i * 7 + 3, i % 13 + 2)).collect();
            Document::from_text(name, &text, lang, crate::document::InputMode::Presegmented)
                .unwrap()
        };
        let zh = doc("zh.txt", Lang::Zh, |i, p, c| {
            format!("第{i}章记载了{p}个人和{c}座城。\n")
        });
        let en = doc("en.txt", Lang::En, |i, p, c| {
            format!("Chapter {i} records {p} people and {c} cities.\n")
        });
        const { assert!(601 * 601 > EXHAUSTIVE_CELLS) };
        let aligner = Aligner::builder().build().unwrap();
        let in_place = aligner.align_in_pool(&zh, &en).unwrap();
        assert_eq!(in_place.beads().len(), 600);
        assert_eq!(aligner.align(&zh, &en).unwrap(), in_place);
        assert_eq!(rayon::scope(|_| aligner.align(&zh, &en)).unwrap(), in_place);
    }

    fn bead(i0: usize, i1: usize, j0: usize, j1: usize) -> PathBead {
        PathBead {
            i0,
            i1,
            j0,
            j1,
            cost: 0.0,
            posterior: 1.0,
        }
    }

    /// Review 23: lines copied as they are (a copyright line, an address,
    /// a URL) are not evidence that two texts translate each other: two
    /// unrelated short texts sharing three such lines stay unrelated, and a
    /// real translation with the same lines stays related.
    #[test]
    fn copied_lines_are_no_evidence_of_relatedness() {
        let copies = "Copyright © 2023 Xinhua News Agency. All rights reserved.\n\n\
                      http://www.news.cn/english/2023-05/08/c_1310717777.htm\n\n\
                      Tel: +86-10-6307-1234, Fax: +86-10-6307-5678\n";
        let zh_body = "今年春季全国大部分地区降水偏多。\n\n\
                       农业农村部要求各地抓紧做好春播工作。\n\n\
                       专家表示，小麦长势总体良好。\n\n\
                       各地加强病虫害监测和防治。\n\n";
        let en_body = "The home team won the cup final on Sunday evening.\n\n\
                       Their striker scored twice in the second half.\n\n\
                       More than sixty thousand fans watched the match.\n\n\
                       The coach thanked the supporters after the game.\n\n";
        let en_translation = "Most parts of the country saw more rain than usual this spring.\n\n\
                              The Ministry of Agriculture and Rural Affairs asked all localities to step up spring sowing.\n\n\
                              Experts said wheat is growing well overall.\n\n\
                              All localities have strengthened the monitoring and control of pests and diseases.\n\n";
        let doc = |name: &str, text: String, lang: Lang| {
            Document::from_text(name, &text, lang, crate::document::InputMode::Raw).unwrap()
        };
        let aligner = Aligner::builder().build().unwrap();
        let zh = doc("zh.txt", format!("{zh_body}{copies}"), Lang::Zh);
        let unrelated = aligner
            .align(&zh, &doc("en.txt", format!("{en_body}{copies}"), Lang::En))
            .unwrap();
        assert!(
            unrelated.relatedness() < 0.5,
            "unrelated texts sharing three copied lines: relatedness {}",
            unrelated.relatedness()
        );
        let related = aligner
            .align(
                &zh,
                &doc("en.txt", format!("{en_translation}{copies}"), Lang::En),
            )
            .unwrap();
        assert!(
            related.relatedness() > 0.5,
            "a translation with three copied lines: relatedness {}",
            related.relatedness()
        );
    }

    #[test]
    fn a_sentence_copied_into_the_other_side_is_found() {
        let zh = Document::from_text(
            "zh.txt",
            "出口增长6.5%。\n\n跨境电商等新业态保持良好发展势头。\n\n好。\n",
            Lang::Zh,
            crate::document::InputMode::Raw,
        )
        .unwrap();
        let en = Document::from_text(
            "en.txt",
            "Exports rose 6.5 percent.\n\n跨境电商等新业态 保持良好发展势头。\n\n好。\n",
            Lang::En,
            crate::document::InputMode::Raw,
        )
        .unwrap();
        let (s, t) = copied_sentences(&zh, &en);
        assert_eq!(s.len(), zh.len());
        assert_eq!(t.len(), en.len());
        // The copy (white space aside) shares one id; the short line
        // "好。" is too short to count; the rest have none.
        let copy = (0..zh.len())
            .find(|&i| zh.sentence_text(i).starts_with("跨境"))
            .unwrap();
        let there = (0..en.len())
            .find(|&j| en.sentence_text(j).starts_with("跨境"))
            .unwrap();
        assert_ne!(s[copy], 0);
        assert_eq!(s[copy], t[there]);
        assert_eq!(s.iter().filter(|&&k| k != 0).count(), 1);
        assert_eq!(t.iter().filter(|&&k| k != 0).count(), 1);
    }

    #[test]
    fn a_proposal_replaces_a_stretch_only_where_it_explains_more() {
        // Base: [0]:[0] [1]:[1] [2]:[2,3] [3]:[4] [4]:[5]. The proposal
        // leaves target 1 out and pairs source 1 with target 2 (a shift
        // undone), and leaves target 5 out (a real pair split).
        let base = vec![
            bead(0, 1, 0, 1),
            bead(1, 2, 1, 2),
            bead(2, 3, 2, 4),
            bead(3, 4, 4, 5),
            bead(4, 5, 5, 6),
        ];
        let proposal = vec![
            bead(0, 1, 0, 1),
            bead(1, 1, 1, 2),
            bead(1, 2, 2, 3),
            bead(2, 3, 3, 4),
            bead(3, 4, 4, 5),
            bead(4, 5, 5, 5),
            bead(5, 5, 5, 6),
        ];
        // Evidence: the true pairs match well, the shifted ones and the
        // merged bead little, an empty side nothing.
        let evidence = |b: &PathBead| match (b.i0, b.i1, b.j0, b.j1) {
            (_, _, j0, j1) if j0 == j1 => 0.0,
            (i0, i1, _, _) if i0 == i1 => 0.0,
            (1, 2, 1, 2) => 1.0,
            (2, 3, 2, 4) => 6.0,
            (1, 2, 2, 3) | (2, 3, 3, 4) => 8.0,
            _ => 10.0,
        };
        let merged = prefer_explained(base.clone(), proposal.clone(), evidence, 2.0);
        let want: Vec<PathBead> = proposal[..5].iter().chain(&base[4..]).cloned().collect();
        assert_eq!(merged, want);
        // A margin above the shift's gain (16 − 7 = 9) keeps the base.
        assert_eq!(
            prefer_explained(base.clone(), proposal, evidence, 9.0),
            base
        );
    }
}
