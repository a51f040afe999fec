//! The cost of a candidate bead: a sum of negative log-probabilities (nats).
//!
//! `cost = prior(kind) + length + anchors + punctuation + paragraph`
//! - **prior**: how often beads of this shape occur (`-ln p`).
//! - **length**: a Gaussian on the log length ratio of the two sides,
//!   `d = ln((t + k√c) / (c·s + k√c))`, `cost = d² / (2σ²)`, where `c` is the
//!   ratio of the documents' total lengths (calibrated per document pair, so
//!   Chinese characters are compared with English letters at the rate this
//!   translation actually uses). Smoothing by `k√c` makes the cost identical
//!   when source and target are swapped.
//! - **anchors**: numbers and Latin tokens found on both sides earn a bonus;
//!   numbers found on one side only cost a little.
//! - **punctuation**: whether the bead's last sentences agree on ending with a
//!   question mark, an exclamation mark, a closing quote.
//! - **paragraph**: with comparable paragraph structure on both sides, a bead
//!   boundary that is a paragraph end on one side only costs extra.
//! - **lexical**: every word (either side) that finds a translation on the
//!   other side of the bead earns its idf weight times `lexical`. Since every
//!   word lies in exactly one bead, a cost for unmatched words would add the
//!   same constant to every alignment; only matches need scoring, and the
//!   score adds up the same way whatever the bead sizes. A word of the
//!   other side that two sentences of a joined side both match (more often
//!   than that side repeats it) counts [`CostModel::shared_credit`] for
//!   each: one translated word supports one sentence.
//! - **names**: every English name candidate matched by the pinyin of the
//!   Chinese side earns `name_match`.
//! - **unsupported sentences**: in a bead whose side joins several
//!   sentences, each sentence of that side that the other side hardly
//!   translates pays [`CostModel::uncovered`] (scaled on the pair itself), so
//!   that an omitted or added sentence is an empty-side bead rather than
//!   part of its neighbour's.

use super::calibration::Calibration;
use super::pairs::{Pair, PairTable};
use super::search::{BeadCost, Run, Strided, Window};
use crate::features::SentenceFeatures;
use rayon::prelude::*;
use std::ops::Range;

/// A bead shape: how many source and target sentences it joins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BeadKind {
    /// Source sentences in the bead.
    pub src: usize,
    /// Target sentences in the bead.
    pub tgt: usize,
}

impl BeadKind {
    /// A bead of `src` source and `tgt` target sentences.
    pub const fn new(src: usize, tgt: usize) -> Self {
        BeadKind { src, tgt }
    }
}

/// The bead shapes searched by default, with their prior probabilities.
/// The table is symmetric, so that aligning zh→en and en→zh agree.
pub const DEFAULT_PRIORS: &[(BeadKind, f64)] = &[
    (BeadKind::new(1, 1), 0.62),
    (BeadKind::new(1, 2), 0.13),
    (BeadKind::new(2, 1), 0.13),
    (BeadKind::new(1, 3), 0.03),
    (BeadKind::new(3, 1), 0.03),
    (BeadKind::new(2, 2), 0.02),
    (BeadKind::new(1, 0), 0.005),
    (BeadKind::new(0, 1), 0.005),
];

/// The wider bead table used with the lexicon (literary translators merge
/// and split freely): adds 1-4, 4-1, 2-3, 3-2, and, rarely, 1-5, 5-1, 2-4,
/// 4-2. Beads with an empty side are likelier than in the length-only
/// table and pay no length cost ([`CostModel::null_length`] 0 in
/// [`CostModel::lexical`]), so that real omissions get through. The 2-0
/// and 0-2 beads are runs of two sentences without counterpart (a
/// paragraph left out): cheaper than two 1-0 beads (a run is likelier
/// than two separate omissions), and written out as one bead per sentence.
pub const LEXICAL_PRIORS: &[(BeadKind, f64)] = &[
    (BeadKind::new(1, 1), 0.60),
    (BeadKind::new(1, 2), 0.12),
    (BeadKind::new(2, 1), 0.12),
    (BeadKind::new(1, 3), 0.03),
    (BeadKind::new(3, 1), 0.03),
    (BeadKind::new(2, 2), 0.02),
    (BeadKind::new(1, 4), 0.01),
    (BeadKind::new(4, 1), 0.01),
    (BeadKind::new(2, 3), 0.005),
    (BeadKind::new(3, 2), 0.005),
    (BeadKind::new(1, 5), 0.0003),
    (BeadKind::new(5, 1), 0.0003),
    (BeadKind::new(2, 4), 0.0003),
    (BeadKind::new(4, 2), 0.0003),
    (BeadKind::new(1, 0), 0.1),
    (BeadKind::new(0, 1), 0.1),
    (BeadKind::new(2, 0), 0.005),
    (BeadKind::new(0, 2), 0.005),
];

/// Weights of the cost model. All costs are in nats; see the module docs.
#[derive(Debug, Clone, PartialEq)]
pub struct CostModel {
    /// Bead shapes searched and their prior probabilities.
    pub priors: Vec<(BeadKind, f64)>,
    /// Weight of the length cost (1, or 0 to switch length off).
    pub length_weight: f64,
    /// Variance σ² of the log length ratio.
    pub length_variance: f64,
    /// Share of the length cost that a bead with an empty side pays (1: the
    /// full Gaussian, as if the empty side were a translation of length 0).
    pub null_length: f64,
    /// Length smoothing `k`, in target units at ratio 1.
    pub length_smoothing: f64,
    /// Bonus per number found on both sides.
    pub number_match: f64,
    /// Cost per number found on one side only.
    pub number_miss: f64,
    /// Bonus per Latin token found on both sides.
    pub latin_match: f64,
    /// Bonus when the bead's last sentences agree on a final `?`, `!` or
    /// closing quote.
    pub punct_match: f64,
    /// Cost when they disagree.
    pub punct_miss: f64,
    /// Cost of a bead with both sides that is out of step with the
    /// paragraphs at both of its ends (a paragraph starts or ends there on
    /// one side only; see `Scorer::paragraphs_crossed`). Used only when
    /// both sides have comparable paragraph structure.
    pub paragraph_mismatch: f64,
    /// Cost of a bead with both sides that joins sentences of two
    /// paragraphs on one side (across a break after a sentence end) while
    /// its other side lies in one paragraph; checked only when neither side
    /// is split into clearly more paragraphs than the other (see
    /// `Scorer::paragraphs_joined`). 0 switches it off.
    pub paragraph_join: f64,
    /// Bonus per unit of idf weight of words matched across the bead.
    pub lexical: f64,
    /// Bonus per English name matched by the pinyin of the Chinese side.
    pub name_match: f64,
    /// With lexical evidence: the median cost of the alignment's beads
    /// (those with both sides non-empty) above which the two texts are
    /// taken not to be translations of each other, and every bead's
    /// confidence is scaled down (see [`crate::align::Alignment::relatedness`]).
    /// On MAC-Dev the six real chapter pairs have medians from −1.86 to
    /// −0.06 and the 30 mismatched pairs from 0.58 to 2.76 (RESULTS.md).
    pub unrelated_median: f64,
    /// Cost of a sentence of a bead (both sides non-empty) that the other
    /// side does not support, for the sentences of a side that joins two or
    /// more (a 1-1 bead pays nothing, so that the cost never favours joining
    /// sentences to gather support): a sentence whose matched share of its
    /// word weight `W` (lexicon, learned translations, names) is `share`
    /// pays `uncovered × ln(1/rate) × max(0, 1 − share / target) ×
    /// min(1, W / coverage_weight)`, where `target` is `coverage_target`
    /// times the pair's typical share and `rate` how often a sentence of the
    /// previous pass's beads falls below it (1–50%; e⁻¹ before a first
    /// pass). A sentence merged into a neighbour's bead without being
    /// translated there pays it; a null bead pays its prior instead, so "no
    /// counterpart" can win. 0 switches it off.
    pub uncovered: f64,
    /// Matched share of a sentence's word weight above which it counts as
    /// fully supported, as a fraction of the document pair's typical share
    /// (the median over the sentences of the previous pass's beads; 0.4
    /// before there is one). Loose translations, where the lexicon sees
    /// little of any sentence, thus expect less of each.
    pub coverage_target: f64,
    /// Word weight below which a sentence pays proportionally less for being
    /// unsupported (short sentences have little to match).
    pub coverage_weight: f64,
    /// Credit, in [0, 1], that a sentence of a side joining several
    /// sentences gets for a word of the other side that another sentence of
    /// its side also matches, unless the other side repeats that word at
    /// least as often as it is claimed (1: full credit to each, the credit
    /// off). A word translated once supports one sentence: without this, a
    /// sentence folded into a neighbour's bead finds support in the words
    /// its neighbour's translation repeats (a news release says 联合国 and
    /// 会议 in every paragraph), earning a bonus and escaping the
    /// unsupported-sentence cost. The sentence's matched word weight (its
    /// lexical bonus and support share; names are not scaled) is multiplied
    /// by `1 − (1 − credit) × S / A`, where `A` is the weight of the other
    /// side's words it matches and `S` that of those it shares. Only sides
    /// of up to five sentences (the bead tables' longest) are scored so.
    pub shared_credit: f64,
    /// A 1-1 bead pays for support that lies next door: per side, the word
    /// weight of its sentence that a neighbour of the other sentence (the
    /// one before or after it) matches beyond what the bead's own pair
    /// matches, times how far the sentence falls short of the support
    /// target (1 with no support, 0 from the target up), times `lexical`
    /// and this factor. When a sentence was left out or added, the path
    /// often shifts by one instead of leaving it alone: it pairs the
    /// sentence 1-1 with its neighbour's translation and splits a merged
    /// bead further on. The shifted pair matches little, while that
    /// translation matches its true source one sentence away (`RESULTS.md`,
    /// issue 8, session 18). 0 switches it off.
    pub neighbour_support: f64,
    /// After the last pass, a sentence whose null marginal (the probability,
    /// over all paths, that it lies in a bead whose other side is empty)
    /// reaches this threshold has its empty-side bead favoured by
    /// [`CostModel::null_bonus`], and the path is searched again. The best
    /// path folds a sentence without counterpart into a neighbour's bead
    /// whenever that is slightly cheaper; the marginal also counts the many
    /// nearly as good paths that leave it alone. 0 switches it off. It
    /// applies to source sentences (omissions), and to target sentences
    /// too unless [`CostModel::null_threshold_tgt`] says otherwise.
    pub null_threshold: f64,
    /// The threshold for target sentences (additions), when it differs from
    /// [`CostModel::null_threshold`]. The side split more finely (MAC-Dev's
    /// English, the Bible's Chinese) holds most of the sentences that a
    /// lower threshold wrongly cuts loose: fragments of a merged bead that
    /// the dictionary barely sees (`RESULTS.md`).
    pub null_threshold_tgt: Option<f64>,
    /// Judge from the document how close the translation is (`--null-threshold
    /// auto`): a close one gets the thresholds 0.1 and 0.25 (the side with
    /// 10% more sentences or more the higher, else 0.25 both) and, in its
    /// search again, twice the cost of an unsupported sentence; any other
    /// [`CostModel::null_threshold`] and [`CostModel::null_threshold_tgt`]
    /// (which, both 0, still switch the favouring off). On by default:
    /// code that sets the thresholds itself and wants them used everywhere
    /// sets this to `false` (`--null-threshold P[,Q]` does). See
    /// `closeness.rs`.
    pub null_auto: bool,
    /// The bonus (nats) that the empty-side bead of a marked sentence gets.
    pub null_bonus: f64,
    /// With `auto` thresholds, a translation judged loose also proposes
    /// the empty-side beads of the sentences whose null marginal reaches
    /// this lower threshold, in a second favoured search; that search's
    /// changes are kept only where they explain more of the text, by
    /// [`CostModel::explained_margin`] (a run of 1-1 beads shifted by one
    /// beside a sentence without counterpart; `RESULTS.md`, issue 8,
    /// session 19). 0 switches it off.
    pub null_proposal: f64,
    /// The word weight (both sides' matched words, one per matched name)
    /// by which a proposed stretch of the path must explain more than the
    /// favoured path's to replace it (see [`CostModel::null_proposal`]).
    pub explained_margin: f64,
    /// Maps bead posteriors to calibrated confidences (fitted on MAC-Dev by
    /// `examples/calibrate.rs`; see [`Calibration`]).
    pub calibration: Calibration,
    /// The map for beads with an empty side (a sentence without
    /// counterpart), when it differs from [`CostModel::calibration`]. Their
    /// posteriors come from the favoured search, whose bonus makes them
    /// overconfident, and unmodified text has too few of them to fit a map
    /// on: this one is fitted on MAC-Dev with planted omissions and
    /// additions (`examples/calibrate.rs --planted`; `RESULTS.md`, issue 8,
    /// session 20).
    pub calibration_empty: Option<Calibration>,
}

impl CostModel {
    /// The calibrated confidence of a bead whose posterior is `posterior`;
    /// `empty`: the bead has an empty side.
    pub fn confidence(&self, posterior: f64, empty: bool) -> f64 {
        match self.calibration_empty {
            Some(c) if empty => c.apply(posterior),
            _ => self.calibration.apply(posterior),
        }
    }

    /// The length-and-anchors model without a lexicon (the core pipeline's
    /// model; also [`CostModel::default`]).
    pub fn length_only() -> Self {
        CostModel::default()
    }

    /// The full model with lexical and name evidence, weights set on
    /// MAC-Dev (see `RESULTS.md`).
    pub fn lexical() -> Self {
        CostModel {
            priors: LEXICAL_PRIORS.to_vec(),
            lexical: 0.2,
            name_match: 0.5,
            punct_miss: 0.5,
            null_length: 0.0,
            uncovered: 0.25,
            shared_credit: 0.5,
            neighbour_support: 2.0,
            null_threshold: 0.35,
            null_auto: true,
            null_bonus: 3.0,
            null_proposal: 0.2,
            explained_margin: 6.0,
            calibration: Calibration::fitted("full"),
            calibration_empty: Calibration::fitted_row("full-empty"),
            ..CostModel::default()
        }
    }
}

impl Default for CostModel {
    fn default() -> Self {
        CostModel {
            priors: DEFAULT_PRIORS.to_vec(),
            length_weight: 1.0,
            length_variance: 0.12,
            null_length: 1.0,
            length_smoothing: 6.0,
            number_match: 2.0,
            number_miss: 0.5,
            latin_match: 2.0,
            punct_match: 0.5,
            punct_miss: 1.5,
            paragraph_mismatch: 5.0,
            paragraph_join: 3.0,
            lexical: 0.0,
            name_match: 0.0,
            unrelated_median: 0.4,
            uncovered: 0.0,
            coverage_target: 0.3,
            coverage_weight: 8.0,
            shared_credit: 1.0,
            neighbour_support: 0.0,
            null_threshold: 0.0,
            null_threshold_tgt: None,
            null_auto: false,
            null_bonus: 0.0,
            null_proposal: 0.0,
            explained_margin: 0.0,
            calibration: Calibration::fitted("core"),
            calibration_empty: None,
        }
    }
}

/// What the scorer needs to know of one side of the bitext.
pub(crate) struct Side<'a> {
    pub feats: &'a [SentenceFeatures],
    /// `prefix[i]` = total length of sentences `0..i`.
    pub prefix: Vec<f64>,
    /// `boundary[i]`: a paragraph ends between sentence `i-1` and `i`
    /// (true at 0 and at the end).
    pub boundary: Vec<bool>,
    /// Total word weight of each sentence (what it could match at best).
    pub content: Vec<f32>,
    /// Per sentence, the word positions (of the first 64) whose word the
    /// sentence writes more than once.
    pub repeated: Vec<u64>,
    /// For the sentences with such words, how many times the sentence
    /// writes the word of each of its positions (of the first 64; at most
    /// 255): sentence `i`'s counts start at `repeat_start[i]` (see
    /// [`Side::repeats`]).
    repeat_counts: Vec<u8>,
    repeat_start: Vec<u32>,
    /// `breaks[k]`: the paragraph breaks before sentence `k`, and
    /// `joins[k]` those of them after a sentence end (see
    /// [`Side::set_sentence_ends`]; empty until then).
    breaks: Vec<u32>,
    joins: Vec<u32>,
    /// Running counts of numbers, of numbers written in digits and of Latin
    /// tokens: a run of sentences with none on either side skips the
    /// comparison.
    numbers: Vec<u32>,
    digits: Vec<u32>,
    latin: Vec<u32>,
    /// Per sentence, its final `?`, `!` and closing quote as bits 0, 1
    /// and 2 (see [`punct_bits`]): a bead compares them only when either
    /// side's last sentence has one.
    punct: Vec<u8>,
    /// The numbers of every run of 2 to [`MAX_RUN`] sentences, sorted (see
    /// [`RunLists`]; not the Latin tokens: every English word of two
    /// letters or more is one, and a bead compares them only when the
    /// Chinese side has some).
    number_runs: RunLists,
}

impl<'a> Side<'a> {
    pub fn new(feats: &'a [SentenceFeatures], paragraphs: &[usize]) -> Self {
        let running = |count: &dyn Fn(&SentenceFeatures) -> usize| {
            let mut v = Vec::with_capacity(feats.len() + 1);
            v.push(0u32);
            for f in feats {
                v.push(v.last().copied().unwrap_or(0) + count(f) as u32);
            }
            v
        };
        let mut prefix = Vec::with_capacity(feats.len() + 1);
        prefix.push(0.0);
        for f in feats {
            prefix.push(prefix.last().copied().unwrap_or(0.0) + f.len);
        }
        let n = feats.len();
        let boundary = (0..=n)
            .map(|i| i == 0 || i == n || paragraphs[i - 1] != paragraphs[i])
            .collect();
        // Per sentence, on every core.
        let content = feats
            .par_iter()
            .with_min_len(1024)
            .map(|f| f.weights.iter().sum())
            .collect();
        let repeated: Vec<u64> = feats
            .par_iter()
            .with_min_len(1024)
            .map(|f| repeated_words(&f.keys))
            .collect();
        let numbers = running(&|f| f.numbers.len());
        let latin = running(&|f| f.latin.len());
        let (repeat_counts, repeat_start) = repeat_counts(feats, &repeated);
        let punct = feats.iter().map(punct_bits).collect();
        Side {
            feats,
            prefix,
            boundary,
            breaks: Vec::new(),
            joins: Vec::new(),
            content,
            repeated,
            repeat_counts,
            repeat_start,
            number_runs: RunLists::new(feats, &numbers, |f| &f.numbers),
            numbers,
            digits: running(&|f| f.digit_numbers),
            latin,
            punct,
        }
    }

    /// Counts the paragraph breaks for [`CostModel::paragraph_join`]: every
    /// break, and those after a sentence that `ends` (one flag per sentence)
    /// on a sentence-final mark. A line that stops without one (a title, a
    /// lead-in, a hard-wrapped line) may run on into the next paragraph.
    pub fn set_sentence_ends(&mut self, ends: &[bool]) {
        (self.breaks, self.joins) = (Vec::new(), Vec::new());
        if ends.len() != self.feats.len() {
            return;
        }
        let (mut b, mut j) = (0u32, 0u32);
        for k in 0..ends.len() {
            if k > 0 && self.boundary[k] {
                b += 1;
                j += u32::from(ends[k - 1]);
            }
            self.breaks.push(b);
            self.joins.push(j);
        }
    }

    /// Whether sentences `i0..i1` (not empty) lie in more than one
    /// paragraph.
    #[inline(always)]
    fn breaks_within(&self, i0: usize, i1: usize) -> bool {
        self.breaks[i1 - 1] != self.breaks[i0]
    }

    /// Whether sentences `i0..i1` (not empty) cross a paragraph break after
    /// a sentence end.
    #[inline(always)]
    fn joins_within(&self, i0: usize, i1: usize) -> bool {
        self.joins[i1 - 1] != self.joins[i0]
    }

    /// The numbers of sentences `i0..i1`, sorted (a sentence's own list,
    /// a kept run's, or gathered into `spill`, made only then).
    #[inline]
    fn numbers_of<'x>(&'x self, i0: usize, i1: usize, spill: &'x mut Option<Spill>) -> &'x [u32] {
        if i1 == i0 + 1 {
            return &self.feats[i0].numbers;
        }
        match self
            .number_runs
            .get(self.feats, &self.numbers, |f| &f.numbers, i0, i1)
        {
            Some(run) => run,
            None => gather_spilled(&self.feats[i0..i1], &|f| &f.numbers, spill),
        }
    }

    /// The Latin tokens of sentences `i0..i1`, sorted (a sentence's own
    /// list, or gathered into `spill`, made only then).
    #[inline]
    fn latin_of<'x>(&'x self, i0: usize, i1: usize, spill: &'x mut Option<Spill>) -> &'x [u32] {
        if i1 == i0 + 1 {
            return &self.feats[i0].latin;
        }
        gather_spilled(&self.feats[i0..i1], &|f| &f.latin, spill)
    }

    pub fn total(&self) -> f64 {
        self.prefix.last().copied().unwrap_or(0.0)
    }

    /// How many times sentence `i` writes the word of its position `b`
    /// (at most 255), for a position in `repeated[i]`.
    #[inline]
    fn repeats(&self, i: usize, b: usize) -> usize {
        usize::from(self.repeat_counts[self.repeat_start[i] as usize + b])
    }
}

/// [`Side::repeat_counts`] and [`Side::repeat_start`] of sentences `feats`
/// whose repeated positions are `repeated`.
fn repeat_counts(feats: &[SentenceFeatures], repeated: &[u64]) -> (Vec<u8>, Vec<u32>) {
    let mut counts = Vec::new();
    let mut start = Vec::with_capacity(feats.len());
    for (f, &mask) in feats.iter().zip(repeated) {
        start.push(u32::try_from(counts.len()).unwrap_or(u32::MAX));
        if mask != 0 {
            let keys = &f.keys;
            let (head, tail) = keys.split_at(keys.len().min(64));
            // A position outside `mask` holds a key the first 64 write
            // once: its count is one and its writings past them. (Counting
            // every key over the whole sentence took n² steps.)
            let count = |key: u32, within: &[u32]| within.iter().filter(|&&q| q == key).count();
            counts.extend(head.iter().enumerate().map(|(b, &key)| {
                let n = if mask >> b & 1 == 1 {
                    count(key, keys)
                } else {
                    1 + count(key, tail)
                };
                u8::try_from(n).unwrap_or(u8::MAX)
            }));
        }
    }
    counts.shrink_to_fit();
    (counts, start)
}

/// Scores candidate beads. It holds everything it needs precomputed (run
/// lengths' logarithms, running counts, the pair table), so that scoring
/// a bead allocates nothing and changes nothing.
pub(crate) struct Scorer<'a> {
    model: &'a CostModel,
    src: &'a Side<'a>,
    tgt: &'a Side<'a>,
    prior_cost: Vec<f64>,
    /// `ln(c·s + k√c)` for the source run of `w` sentences ending at `i`, at
    /// `i * LOG_STRIDE + w`; the same without `c` for the target. Computed
    /// once, so that the search takes no logarithm.
    src_log: Vec<f64>,
    tgt_log: Vec<f64>,
    use_paragraphs: bool,
    /// Whether a bead crossing a paragraph break of the source (first) or
    /// the target (second) side pays [`CostModel::paragraph_join`] (see
    /// [`Scorer::set_paragraph_joins`]).
    joins_checked: (bool, bool),
    names_on_tgt: bool,
    inv_two_var: f64,
    null_inv_two_var: f64,
    /// Whether lexical or name evidence is scored.
    lexical: bool,
    /// [`CostModel::shared_credit`], as the masks' weights are kept.
    shared_credit: f32,
    /// Lexical and name evidence for the sentence pairs of the window.
    pub pairs: PairTable,
    /// The matched share that counts as full support in this document pair
    /// (`coverage_target` × the typical share).
    target_share: f64,
    /// The cost of a wholly unsupported sentence: [`CostModel::uncovered`]
    /// × `ln(1 / rate)`, where `rate` is how often a sentence of a real bead
    /// falls below the target share in this document pair.
    unsupported_cost: f64,
    /// Per sentence of each side, `(scale, inverse)` such that a sentence
    /// with matched weight `support` pays `scale × max(0, 1 − support ×
    /// inverse)` for being unsupported (see [`CostModel::uncovered`]).
    src_unsupported: Vec<(f64, f64)>,
    tgt_unsupported: Vec<(f64, f64)>,
    /// A 1-1 bead whose two sentences are both unsupported pays this many
    /// times the lesser of their unsupported-sentence costs (0: off; see
    /// [`Scorer::set_unrelated_pair`]).
    unrelated_pair: f64,
    /// The factors and the unrelated-pair weight of the same scorer after
    /// [`Scorer::scale_unsupported`] and [`Scorer::set_unrelated_pair`]
    /// (a close translation's search again), when
    /// [`Scorer::set_close_alternative`] asked for them: see
    /// [`BeadCost::costs`].
    alt: Option<Alternative>,
    /// Per sentence of each side, the id of its text when the other side
    /// holds the same text (a sentence left untranslated, copied into the
    /// translation), else 0; empty when no sentence is copied (see
    /// [`Scorer::set_copies`]).
    src_copy: Vec<u32>,
    tgt_copy: Vec<u32>,
}

/// See [`Scorer::set_close_alternative`].
struct Alternative {
    k: f64,
    unrelated_pair: f64,
    src_unsupported: Vec<(f64, f64)>,
    tgt_unsupported: Vec<(f64, f64)>,
}

impl<'a> Scorer<'a> {
    pub fn new(
        model: &'a CostModel,
        src: &'a Side<'a>,
        tgt: &'a Side<'a>,
        use_paragraphs: bool,
        names_on_tgt: bool,
    ) -> Self {
        let mut scorer = Scorer {
            model,
            src,
            tgt,
            prior_cost: model.priors.iter().map(|&(_, p)| -p.ln()).collect(),
            src_log: Vec::new(),
            tgt_log: Vec::new(),
            use_paragraphs,
            joins_checked: (false, false),
            names_on_tgt,
            inv_two_var: model.length_weight / (2.0 * model.length_variance),
            null_inv_two_var: model.length_weight * model.null_length
                / (2.0 * model.length_variance),
            lexical: model.lexical != 0.0 || model.name_match != 0.0,
            shared_credit: model.shared_credit as f32,
            pairs: PairTable::default(),
            target_share: model.coverage_target * DEFAULT_TYPICAL_SHARE,
            unsupported_cost: model.uncovered * (1.0 / DEFAULT_UNSUPPORTED_RATE).ln(),
            src_unsupported: Vec::new(),
            tgt_unsupported: Vec::new(),
            unrelated_pair: 0.0,
            alt: None,
            src_copy: Vec::new(),
            tgt_copy: Vec::new(),
        }
        .with_unsupported_factors();
        scorer.set_length_ratio(total_ratio(src, tgt));
        scorer
    }

    /// Expects target runs `ratio` times as long as source runs: by default
    /// the documents' total length ratio ([`total_ratio`]), else one
    /// measured where the texts correspond ([`super::anchors::span_ratio`]).
    pub fn set_length_ratio(&mut self, ratio: f64) {
        let smooth = self.model.length_smoothing * ratio.sqrt();
        (self.src_log, self.tgt_log) = rayon::join(
            || run_logs(&self.src.prefix, ratio, smooth),
            || run_logs(&self.tgt.prefix, 1.0, smooth),
        );
    }

    /// Marks the sentences copied from one side into the other: `src[i]`
    /// and `tgt[j]` are equal and non-zero when source sentence `i` and
    /// target sentence `j` have the same text (0: no copy; see
    /// [`super::copied_sentences`]). A 1-1 bead joining a sentence with its
    /// copy costs its shape's prior less the bonus of a pair whose every
    /// word is matched on both sides (the length cost, which compares lengths
    /// measured in two languages' units, does not apply), so that the copy
    /// is its own bead rather than folded into a neighbour's (the quality
    /// stage flags it `untranslated`). Ignored without lexical evidence.
    pub fn set_copies(&mut self, src: Vec<u32>, tgt: Vec<u32>) {
        let any = src.iter().any(|&k| k != 0);
        if any && src.len() == self.src.feats.len() && tgt.len() == self.tgt.feats.len() {
            (self.src_copy, self.tgt_copy) = (src, tgt);
        } else {
            (self.src_copy, self.tgt_copy) = (Vec::new(), Vec::new());
        }
    }

    /// Makes a bead whose source (`src`) or target (`tgt`) sentences cross
    /// a paragraph break after a sentence end, while its other side lies
    /// in one paragraph, pay [`CostModel::paragraph_join`]. Needs both
    /// sides' [`Side::set_sentence_ends`]; without them it stays off.
    pub fn set_paragraph_joins(&mut self, src: bool, tgt: bool) {
        let ready = self.model.paragraph_join != 0.0
            && self.src.joins.len() == self.src.feats.len()
            && self.tgt.joins.len() == self.tgt.feats.len();
        self.joins_checked = (ready && src, ready && tgt);
    }

    fn with_unsupported_factors(mut self) -> Self {
        self.refresh_unsupported();
        self
    }

    /// Computes every sentence's unsupported-cost factors from the target
    /// share and the cost of an unsupported sentence.
    fn refresh_unsupported(&mut self) {
        let (cost, weight, target) = (
            self.unsupported_cost,
            self.model.coverage_weight,
            self.target_share.max(1e-6),
        );
        self.src_unsupported = unsupported_factors(&self.src.content, cost, weight, target);
        self.tgt_unsupported = unsupported_factors(&self.tgt.content, cost, weight, target);
        if let Some(alt) = &mut self.alt {
            let cost = self.unsupported_cost * alt.k;
            alt.src_unsupported = unsupported_factors(&self.src.content, cost, weight, target);
            alt.tgt_unsupported = unsupported_factors(&self.tgt.content, cost, weight, target);
        }
    }

    /// Makes [`BeadCost::costs`] give, beside each bead's cost, the cost
    /// the same scorer would give after `scale_unsupported(k)` and
    /// `set_unrelated_pair(unrelated_pair)`, to the bit (both come from one
    /// evaluation of the bead's evidence; the factors are computed as those
    /// calls compute them).
    pub fn set_close_alternative(&mut self, k: f64, unrelated_pair: f64) {
        self.alt = Some(Alternative {
            k,
            unrelated_pair,
            src_unsupported: Vec::new(),
            tgt_unsupported: Vec::new(),
        });
        self.refresh_unsupported();
    }
}

impl BeadCost for Scorer<'_> {
    /// Builds the pair table for the sentence pairs that the costs of the
    /// window's beads read (see [`Scorer::pair_rows`]).
    fn prepare(&mut self, window: &Window, max_src: usize) {
        if !self.lexical {
            return;
        }
        let (lo, hi) = self.pair_rows(window, max_src);
        let (sf, tf) = (self.src.feats, self.tgt.feats);
        let old = std::mem::take(&mut self.pairs);
        self.pairs = PairTable::build(sf, tf, lo, hi, !self.names_on_tgt, Some(old));
    }

    /// The pair table.
    fn releasable(&self) -> usize {
        self.pairs.bytes()
    }

    /// Gives back the pair table's rows of source sentences `i` and later.
    fn release_from(&mut self, i: usize) -> bool {
        self.pairs.release_from(i)
    }

    /// Cost of the bead of shape `kind_index` covering source `i0..i1` and
    /// target `j0..j1`.
    fn cost(&self, kind_index: usize, i0: usize, i1: usize, j0: usize, j1: usize) -> f64 {
        if i0 == i1 || j0 == j1 {
            return self.null_cost(kind_index, i0, i1, j0, j1);
        }
        let mut one = [0.0];
        let run = [Run::one(kind_index, j1 - j0, j0..j0 + 1)];
        self.run_with::<false>((i0, i1), &run, RowOut::One(&mut one), 1, false);
        one[0]
    }

    /// The cost, and the close alternative's (see
    /// [`Scorer::set_close_alternative`]; the cost again without one).
    fn costs(&self, kind_index: usize, i0: usize, i1: usize, j0: usize, j1: usize) -> (f64, f64) {
        if self.alt.is_none() || i0 == i1 || j0 == j1 {
            let c = self.cost(kind_index, i0, i1, j0, j1);
            return (c, c);
        }
        let mut two = [(0.0, 0.0)];
        let run = [Run::one(kind_index, j1 - j0, j0..j0 + 1)];
        self.run_with::<true>((i0, i1), &run, RowOut::Two(&mut two), 1, false);
        two[0]
    }

    /// The costs of a run of beads with the same source side, what they
    /// need of it read once ([`SrcSide`]).
    fn cost_run(
        &self,
        kind_index: usize,
        (i0, i1): (usize, usize),
        tgt: usize,
        starts: Range<usize>,
        out: Strided<'_, f64>,
    ) {
        let (buf, stride) = out.into_parts();
        let run = [Run::one(kind_index, tgt, starts)];
        self.run_with::<false>((i0, i1), &run, RowOut::One(buf), stride, true);
    }

    /// [`BeadCost::cost_run`] for [`BeadCost::costs`].
    fn costs_run(
        &self,
        kind_index: usize,
        (i0, i1): (usize, usize),
        tgt: usize,
        starts: Range<usize>,
        out: Strided<'_, (f64, f64)>,
    ) {
        let (buf, stride) = out.into_parts();
        let run = [Run::one(kind_index, tgt, starts)];
        self.costs_runs((i0, i1), &run, buf, stride);
    }

    /// The runs of beads with the same source side, what they need of it
    /// read once for them all ([`SrcSide`]), not once per run.
    fn cost_runs(&self, (i0, i1): (usize, usize), runs: &[Run], row: &mut [f64], stride: usize) {
        self.run_with::<false>((i0, i1), runs, RowOut::One(row), stride, true);
    }

    /// [`BeadCost::cost_runs`] for [`BeadCost::costs`].
    fn costs_runs(
        &self,
        (i0, i1): (usize, usize),
        runs: &[Run],
        row: &mut [(f64, f64)],
        stride: usize,
    ) {
        // (Without the alternative, the second cost is the first.)
        let out = RowOut::Two(row);
        if self.alt.is_some() {
            self.run_with::<true>((i0, i1), runs, out, stride, true);
        } else {
            self.run_with::<false>((i0, i1), runs, out, stride, true);
        }
    }
}

/// Per source sentence `i` of a window whose beads join at most `max_src`
/// source sentences, the target sentences `lo[i]..hi[i]` of the rows its
/// beads may start and end on: the rows `i + 1 - max_src ..= i` (a bead
/// holding `i` starts on one of them) give the least target prefix, the
/// rows `i + 1 ..= i + max_src` (it ends on one of them) the greatest. A
/// bead's pairs all lie in this band; [`Scorer::pair_rows`] builds only
/// the part of it that the beads read. (Until session 35 the table held
/// the whole band: 18.4 pairs a row on Bible 006's second pass, of which
/// the beads read 9.7.)
fn pair_band(window: &Window, max_src: usize) -> (Vec<usize>, Vec<usize>) {
    let n = window.rows() - 1;
    let max_src = max_src.max(1);
    (0..n)
        .map(|i| {
            let first = (i + 1).saturating_sub(max_src);
            let lo = (first..=i).map(|r| window.row(r).0).min().unwrap_or(0);
            let hi = (i + 1..=(i + max_src).min(n))
                .map(|r| window.row(r).1)
                .max()
                .unwrap_or(0);
            (lo, hi.max(lo))
        })
        .unzip()
}

impl Scorer<'_> {
    /// The pair-table rows the costs of `window`'s beads read (the window
    /// of a search whose beads join at most `max_src` source sentences):
    /// per source sentence `i`, target sentences `lo[i]..hi[i]`, the least
    /// run of them that holds every pair some bead's cost reads, and no
    /// pair outside [`pair_band`]. Every cost is then the one a table of
    /// the whole band gives, to the bit (a pair outside the table reads as
    /// empty, as one outside the band always did): the test
    /// `a_table_of_the_pairs_read_costs_what_the_whole_band_costs` checks
    /// it, and that no cost reads a pair of the band outside these rows.
    ///
    /// The beads a search asks for are those from a cell of its window that
    /// land in the window (`search::paired_run`, per row and shape; the
    /// forward sweep's `into_run` gives the same beads from their other
    /// end). Of those, a bead with an empty side reads no pair. The others:
    ///
    /// - a bead of `s` source and `t` target sentences from cell `(r, j0)`
    ///   reads the pairs of source sentences `r..r + s` with target
    ///   sentences `j0..j0 + t` (`Scorer::src_side`'s rows, read by the
    ///   bead tables, the columns and `long_side_evidence`): row `i` takes
    ///   `run.start..run.end - 1 + t` from each row `r` of `i + 1 - s ..= i`;
    /// - a 1-1 bead from `(r, j0)`, when it pays for support next door
    ///   ([`CostModel::neighbour_support`], `support_elsewhere`), also
    ///   reads target `j0` against source `r - 1` and `r + 1`, and source
    ///   `r` against target `j0 - 1` and `j0 + 1`: row `r` takes one target
    ///   sentence more either side of its run, rows `r ± 1` its run.
    ///
    /// Every shape with at most `max_src` source sentences is taken, as if
    /// the search tried them all (`max_src` is all `prepare` is told: a
    /// first pass of one-sentence shapes builds a few pairs too many), and
    /// the rows keep to the band: a neighbour's pair outside it (at the
    /// window's edge) read as empty before, and still does.
    fn pair_rows(&self, window: &Window, max_src: usize) -> (Vec<usize>, Vec<usize>) {
        let (band_lo, band_hi) = pair_band(window, max_src);
        let n = window.rows() - 1;
        let m = self.tgt.feats.len();
        let max_src = max_src.max(1);
        // The target sides of the shapes with both sides non-empty, by
        // source side (the rows a bead reads depend on its source side
        // only: one hull per row and source side).
        let mut shapes: Vec<(usize, Vec<usize>)> = Vec::new();
        for &(kind, _) in &self.model.priors {
            if kind.src == 0 || kind.tgt == 0 || kind.src > max_src {
                continue;
            }
            match shapes.iter_mut().find(|(s, _)| *s == kind.src) {
                Some((_, tgt)) => tgt.push(kind.tgt),
                None => shapes.push((kind.src, vec![kind.tgt])),
            }
        }
        let neighbours = self.model.neighbour_support != 0.0
            && shapes.iter().any(|(s, tgt)| *s == 1 && tgt.contains(&1));
        // The least and past the greatest target sentence read, per row.
        let (mut lo, mut hi) = (vec![usize::MAX; n], vec![0usize; n]);
        let mut read = |i: usize, from: usize, to: usize| {
            if from < to {
                lo[i] = lo[i].min(from);
                hi[i] = hi[i].max(to);
            }
        };
        // The cells `j0` of row `r` whose bead of `t` target sentences
        // lands on row `r + s` (`(a, b)`, `(c, d)`: the two rows' target
        // prefixes): `search::paired_run`'s run, found here with both rows
        // read once for all the shapes (checked against it by the test).
        let run = |(a, b): (usize, usize), (c, d): (usize, usize), t: usize| {
            let start = a.max(c.saturating_sub(t));
            let end = (b + 1)
                .min((d + 1).saturating_sub(t))
                .min((m + 1).saturating_sub(t));
            start..end.max(start)
        };
        for r in 0..n {
            let here = window.row(r);
            for (s, tgt) in &shapes {
                if r + s > n {
                    continue;
                }
                let there = window.row(r + s);
                let (mut from, mut to) = (usize::MAX, 0);
                for &t in tgt {
                    let run = run(here, there, t);
                    if !run.is_empty() {
                        from = from.min(run.start);
                        to = to.max(run.end - 1 + t);
                    }
                }
                // (A bead from row `r` lands on row `r + s` ≤ n: its
                // source sentences are rows of the table.)
                for i in r..r + s {
                    read(i, from, to);
                }
            }
            if neighbours {
                let run = run(here, window.row(r + 1), 1);
                if !run.is_empty() {
                    read(r, run.start.saturating_sub(1), run.end + 1);
                    if r > 0 {
                        read(r - 1, run.start, run.end);
                    }
                    if r + 1 < n {
                        read(r + 1, run.start, run.end);
                    }
                }
            }
        }
        for i in 0..n {
            let (l, h) = (lo[i].max(band_lo[i]), hi[i].min(band_hi[i]));
            (lo[i], hi[i]) = if l < h { (l, h) } else { (0, 0) };
        }
        (lo, hi)
    }
}

/// Where [`Scorer::run_with`] puts the costs of its runs: a row of them,
/// the cost alone or the cost and the close alternative's (see [`Run`]).
enum RowOut<'a> {
    One(&'a mut [f64]),
    Two(&'a mut [(f64, f64)]),
}

impl RowOut<'_> {
    /// The places of the run whose first value goes at `at`.
    #[inline(always)]
    fn run(&mut self, at: usize, stride: usize) -> RunOut<'_> {
        match self {
            RowOut::One(row) => RunOut::One(Strided::new(&mut row[at..], stride)),
            RowOut::Two(row) => RunOut::Two(Strided::new(&mut row[at..], stride)),
        }
    }
}

/// Where [`Scorer::run_with`] puts a run's costs: the cost alone, or the
/// cost and the close alternative's.
enum RunOut<'a> {
    One(Strided<'a, f64>),
    Two(Strided<'a, (f64, f64)>),
}

impl RunOut<'_> {
    /// Puts the `x`-th bead's costs (the cost alone, or both).
    #[inline(always)]
    fn put(&mut self, x: usize, c: (f64, f64)) {
        match self {
            RunOut::One(out) => out.set(x, c.0),
            RunOut::Two(out) => out.set(x, c),
        }
    }
}

/// One target sentence's evidence against the source side of a run of
/// beads of `A` source sentences (see [`Scorer::run_columns`]): what every
/// bead of the run that holds it reads of it, computed once.
#[derive(Clone, Copy)]
struct Column<'p, const A: usize> {
    /// Its pair with each source sentence.
    pairs: [&'p Pair; A],
    /// The union of the pairs' names, and the weight of the union of
    /// their target masks ([`Union::weight`]).
    names: u64,
    weight: f32,
    /// Its positions that two or more source sentences match, less those
    /// it repeats as often as they are claimed (as the source side's
    /// `side_score` clears them; 0 unless shared words are told apart).
    twice: u64,
    /// Per source sentence, the weight of its pair's target positions in
    /// `twice` (0 when none).
    both: [f32; A],
    /// The target sentence's unsupported-cost factors, and the close
    /// alternative's (read once a column, not once a bead).
    factors: (f64, f64),
    alt: (f64, f64),
}

impl<const A: usize> Column<'_, A> {
    fn empty() -> Self {
        Column {
            pairs: [&NO_PAIR; A],
            names: 0,
            weight: 0.0,
            twice: 0,
            both: [0.0; A],
            factors: (0.0, 0.0),
            alt: (0.0, 0.0),
        }
    }
}

/// What a bead's evidence ([`Scorer::column_evidence`],
/// [`Scorer::side_score`]) reads of each of its `A` source sentences, read
/// once for a run of beads (the same sentences in every bead of it, where
/// each bead read them from the sides' tables before): word weights,
/// repeated positions, unsupported-cost factors and the close
/// alternative's.
struct SrcSentences<'s, const A: usize> {
    weights: [&'s [f32]; A],
    repeated: [u64; A],
    factors: [(f64, f64); A],
    alt: [(f64, f64); A],
}

/// What the cost of a bead reads of its shape and its source side, read
/// once for a run of beads with the same source sentences `i0..i1` and
/// the same shape (see [`BeadCost::cost_run`]). Past `null`, the fields
/// are set only for a bead with both sides non-empty.
struct SrcSide<'s> {
    i0: usize,
    i1: usize,
    /// The shape's prior cost.
    prior: f64,
    /// `src_log` of the source run.
    log: f64,
    /// Either side is empty.
    null: bool,
    /// Whether a paragraph ends before sentence `i0` and before `i1`.
    boundary: (bool, bool),
    /// The source run crosses a paragraph break after a sentence end, and
    /// the source side is checked for it.
    joins: bool,
    /// The source run lies in more than one paragraph (read when the
    /// target side is checked).
    breaks: bool,
    /// Whether a bead of the run may pay for the paragraphs at all: they
    /// are used, or the target side is checked for joins, or the source
    /// run has joins and its side is checked for them (else neither
    /// [`Scorer::paragraphs_crossed`] nor [`Scorer::paragraphs_joined`]
    /// can hold, and a bead tests this flag instead of theirs).
    paragraphs: bool,
    /// Numbers, numbers in digits in the source run; whether it has Latin
    /// tokens and they are compared ([`CostModel::latin_match`]; in
    /// [`Scorer::run_with`], only when the runs' target spans have some).
    numbers: u32,
    digits: u32,
    latin: bool,
    /// Whether the target sentences of the beads may hold numbers (false:
    /// [`Scorer::run_with`] found none in the runs' target spans, and no
    /// bead reads the target side's number counts; the counts of numbers
    /// in digits are still read where the source run has numbers).
    tgt_numbers: bool,
    /// The last source sentence's final `?`, `!` and closing quote
    /// ([`punct_bits`]).
    punct: u8,
    /// The copy id of a one-sentence source side (0: none, or not asked).
    copy: u32,
    /// The pair-table rows of source sentences `i0 - 1 ..= i1` (with
    /// lexical evidence, a side of at most [`MAX_RUN`] sentences; the
    /// neighbours only for a 1-1 bead that pays for support next door).
    rows: [(usize, &'s [Pair]); MAX_RUN + 2],
}

impl Scorer<'_> {
    /// Whether a bead with both sides non-empty, `side` against
    /// `j0..j1`, breaks the paragraphs (when they are used): the two sides
    /// are out of step, a paragraph starting or ending on one side only,
    /// both where the bead starts and where it ends. Beads with an empty
    /// side never pay: a sentence left out (or added) at the start or the
    /// end of a paragraph is a null bead there, and the bead beside it
    /// starts or ends the other side's paragraph one sentence off, which
    /// is in step at its other end. (Charging every bead that ends out of
    /// step, as before, made the aligner pair the neighbour of a left-out
    /// last sentence with the last sentence's counterpart and leave the
    /// wrong sentence alone, or fold it into a 2-1 bead.)
    #[inline(always)]
    fn paragraphs_crossed(&self, side: &SrcSide, j0: usize, j1: usize) -> bool {
        self.use_paragraphs
            && side.boundary.0 != self.tgt.boundary[j0]
            && side.boundary.1 != self.tgt.boundary[j1]
    }

    /// Whether a bead with both sides non-empty, `side` against
    /// `j0..j1`, joins sentences of two paragraphs on a checked side (see
    /// [`Scorer::set_paragraph_joins`]) while its other side lies in one
    /// paragraph: a sentence without counterpart folded into its
    /// neighbour's bead across the break.
    #[inline(always)]
    fn paragraphs_joined(&self, side: &SrcSide, j0: usize, j1: usize) -> bool {
        // (`side.joins` and `side.breaks` hold the source side's checks.)
        let (_, tgt) = self.joins_checked;
        (side.joins && !self.tgt.breaks_within(j0, j1))
            || (tgt && self.tgt.joins_within(j0, j1) && !side.breaks)
    }

    /// The cost of a bead with an empty side: the prior and the length
    /// term only (the latter weighed by [`CostModel::null_length`]), with
    /// nothing more to read.
    #[inline]
    fn null_cost(&self, kind_index: usize, i0: usize, i1: usize, j0: usize, j1: usize) -> f64 {
        let mut cost = self.prior_cost[kind_index];
        let d =
            self.tgt_log[j1 * LOG_STRIDE + (j1 - j0)] - self.src_log[i1 * LOG_STRIDE + (i1 - i0)];
        cost += d * d * self.null_inv_two_var;
        cost
    }

    /// The costs of the beads of each of `runs` (shape `kind`, source
    /// `i0..i1`, target `j0..j0 + tgt` for each `j0` of `starts`), put in
    /// `row` at their places (see [`Run`]), and with `DUAL` the close
    /// alternative's (see [`Scorer::cost_at`]). What the beads read of the
    /// source side ([`SrcSide`], the source run's numbers and Latin tokens)
    /// is read once for all the runs, not once per run: it depends on the
    /// shape only through its prior (and, for a 1-1 bead, the neighbours'
    /// rows, read for the runs when one of them is 1-1). Every bead cost
    /// goes through one of its two copies (each holds a copy of the
    /// evidence per bead shape). With `columns`, a run of a shape that
    /// [`Scorer::run_columns`] takes reads each target sentence's evidence
    /// against the source side once for the whole run (the same values, to
    /// the bit: see the test
    /// `a_run_of_beads_costs_what_each_bead_costs_to_the_bit`).
    #[inline(never)]
    fn run_with<const DUAL: bool>(
        &self,
        (i0, i1): (usize, usize),
        runs: &[Run],
        mut row: RowOut<'_>,
        stride: usize,
        columns: bool,
    ) {
        let paired = |r: &Run| i0 < i1 && r.tgt > 0 && !r.starts.is_empty();
        // A run with an empty side: the prior and the length term, with
        // nothing of the source side to read.
        let null_run = |r: &Run, out: &mut RunOut<'_>| {
            for (x, j0) in r.starts.clone().enumerate() {
                let c = self.null_cost(r.kind, i0, i1, j0, j0 + r.tgt);
                out.put(x, (c, c));
            }
        };
        let Some(first) = runs.iter().find(|r| paired(r)) else {
            for r in runs {
                if !r.starts.is_empty() {
                    null_run(r, &mut row.run(r.at, stride));
                }
            }
            return;
        };
        let (src, t) = (self.src, self.tgt);
        let (mut a, mut b) = (None, None);
        let mut lists = (None, None);
        // The source side as the first run's shape reads it, the
        // neighbours' rows too when a run is of 1-1 beads (made in place,
        // not moved into an `Option`: 250 bytes a call).
        let ones = i1 - i0 == 1 && runs.iter().any(|r| paired(r) && r.tgt == 1);
        let mut side = self.src_side(first.kind, (i0, i1), if ones { 1 } else { first.tgt });
        // Whether some target sentence of a run's span has numbers, and
        // Latin tokens (a bead whose span has none never reads them).
        let (mut numbers, mut latin) = (false, false);
        for r in runs.iter().filter(|r| paired(r)) {
            let (from, to) = (r.starts.start, r.starts.end - 1 + r.tgt);
            numbers |= t.numbers[to] > t.numbers[from];
            latin |= t.latin[to] > t.latin[from];
        }
        // The source run's numbers and Latin tokens, gathered once when a
        // bead of the runs may compare them. With no number in the runs'
        // target spans, no bead reads the target side's number counts
        // (the counts of numbers in digits only where the source run has
        // numbers); with no Latin token in the spans, no bead compares
        // them.
        side.tgt_numbers = numbers;
        if side.numbers > 0 && numbers {
            lists.0 = Some(src.numbers_of(i0, i1, &mut a));
        }
        side.latin = side.latin && latin;
        if side.latin {
            lists.1 = Some(src.latin_of(i0, i1, &mut b));
        }
        for r in runs {
            let (kind_index, tgt, starts) = (r.kind, r.tgt, r.starts.clone());
            if starts.is_empty() {
                continue;
            }
            let mut out = row.run(r.at, stride);
            if tgt == 0 {
                null_run(r, &mut out);
                continue;
            }
            side.prior = self.prior_cost[kind_index];
            let side = &side;
            if columns && self.lexical {
                // The shapes of the bead table with several sentences a
                // side read by columns; the other shapes searched by
                // default each through its own copy of the run (the
                // shape's evidence chosen once for the run, not per bead).
                // Others, and a bead alone (`cost`, the tests' reference),
                // take the bead-by-bead path below, through
                // `lexical_evidence`, which chooses per bead.
                macro_rules! shapes {
                    ($(($a:literal, $b:literal)),*; $(($c:literal, $d:literal)),*) => {
                        match (i1 - i0, tgt) {
                            $(($a, $b) => {
                                self.run_columns::<$a, $b, DUAL>(side, lists, starts, &mut out);
                                continue;
                            })*
                            (1, 1) => {
                                self.run_one_one::<DUAL>(side, lists, starts, &mut out);
                                continue;
                            }
                            $(($c, $d) => {
                                self.run_shape::<$c, $d, DUAL>(side, lists, starts, &mut out);
                                continue;
                            })*
                            _ => {}
                        }
                    };
                }
                shapes!(
                    (2, 2), (2, 3), (3, 2), (2, 4), (4, 2);
                    (1, 2), (1, 3), (1, 4), (1, 5), (2, 1), (3, 1), (4, 1), (5, 1)
                );
            }
            for (x, j0) in starts.enumerate() {
                let c = self.cost_at::<DUAL>(side, lists, j0, j0 + tgt, |side, j0, j1| {
                    self.lexical_evidence::<DUAL>(side, j0, j1)
                });
                out.put(x, c);
            }
        }
    }

    /// [`Scorer::run_with`]'s run of 1-1 beads (lexical evidence on): each
    /// bead's cost as [`Scorer::cost_at`] gives it with
    /// [`Scorer::lexical_evidence`], to the bit, its 1-1 branch taken for
    /// the whole run.
    #[inline(never)]
    fn run_one_one<const DUAL: bool>(
        &self,
        side: &SrcSide,
        lists: (Option<&[u32]>, Option<&[u32]>),
        starts: Range<usize>,
        out: &mut RunOut<'_>,
    ) {
        self.run_each::<DUAL>(side, lists, (starts, 1), out, |side, j0| {
            self.one_one_evidence::<DUAL>(side, j0)
        });
    }

    /// [`Scorer::run_with`]'s run of beads of `A` source and `B` target
    /// sentences (not both 1, at most [`MAX_RUN`]; lexical evidence on):
    /// each bead's cost as [`Scorer::cost_at`] gives it with
    /// [`Scorer::lexical_evidence`], to the bit, the shape's
    /// [`Scorer::shape_evidence`] chosen once for the whole run.
    #[inline(never)]
    fn run_shape<const A: usize, const B: usize, const DUAL: bool>(
        &self,
        side: &SrcSide,
        lists: (Option<&[u32]>, Option<&[u32]>),
        starts: Range<usize>,
        out: &mut RunOut<'_>,
    ) {
        let src = self.src_sentences::<A, DUAL>(side);
        self.run_each::<DUAL>(side, lists, (starts, B), out, |side, j0| {
            let mut sums = (0.0f32, 0u32, 0.0f64, 0.0f64);
            self.shape_evidence::<A, B, DUAL>(side, &src, j0, &mut sums);
            self.lexical_total::<DUAL>(sums)
        });
    }

    /// A run of beads of `b` target sentences (`starts` their first),
    /// each costed as [`Scorer::cost_at`] gives it with `evidence` (of the
    /// side and the first target sentence) as its lexical evidence: the
    /// loop of [`Scorer::run_one_one`] and [`Scorer::run_shape`].
    #[inline(always)]
    fn run_each<const DUAL: bool>(
        &self,
        side: &SrcSide,
        lists: (Option<&[u32]>, Option<&[u32]>),
        (starts, b): (Range<usize>, usize),
        out: &mut RunOut<'_>,
        evidence: impl Fn(&SrcSide, usize) -> (f64, f64),
    ) {
        for (x, j0) in starts.enumerate() {
            let c = self.cost_at::<DUAL>(side, lists, j0, j0 + b, |side, j0, _| evidence(side, j0));
            out.put(x, c);
        }
    }

    /// [`Scorer::run_with`] for beads of `A` source and `B` target
    /// sentences (both sides non-empty, lexical evidence on): each target
    /// sentence's [`Column`] against the source side is computed once, and
    /// serves the `B` beads of the run that hold it (a ring of the last `B`
    /// columns). Each bead's cost is [`Scorer::cost_at`]'s, to the bit.
    #[inline(always)]
    fn run_columns<const A: usize, const B: usize, const DUAL: bool>(
        &self,
        side: &SrcSide,
        lists: (Option<&[u32]>, Option<&[u32]>),
        starts: Range<usize>,
        out: &mut RunOut<'_>,
    ) {
        let src = self.src_sentences::<A, DUAL>(side);
        // The column of target sentence `start + k` sits in slot `k % B`;
        // `at` is the slot of the bead's first one (kept as the beads go,
        // not divided out per bead). (The slots taken `% B`, not wrapped
        // by a test: with `B` a power of two a mask, and no bounds check.)
        let mut ring = [Column::<A>::empty(); B];
        for (k, slot) in ring.iter_mut().take(B - 1).enumerate() {
            *slot = self.column::<A, DUAL>(side, starts.start + k);
        }
        let wrap = |k: usize| k % B;
        let mut at = 0;
        for (x, j0) in starts.enumerate() {
            ring[wrap(at + B - 1)] = self.column::<A, DUAL>(side, j0 + B - 1);
            let c = self.cost_at::<DUAL>(side, lists, j0, j0 + B, |side, _, _| {
                let cols: [&Column<A>; B] = std::array::from_fn(|y| &ring[wrap(at + y)]);
                let mut sums = (0.0f32, 0u32, 0.0f64, 0.0f64);
                self.column_evidence::<A, B, DUAL>(side, &src, &cols, &mut sums);
                self.lexical_total::<DUAL>(sums)
            });
            out.put(x, c);
            at = wrap(at + 1);
        }
    }

    /// Target sentence `j`'s evidence against the `A` source sentences of
    /// `side`, as [`Scorer::shape_evidence`] and [`Scorer::side_score`]
    /// compute it for every bead that holds `j` (see [`Column`]).
    #[inline(always)]
    fn column<'s, const A: usize, const DUAL: bool>(
        &self,
        side: &SrcSide<'s>,
        j: usize,
    ) -> Column<'s, A> {
        let t = self.tgt;
        let mut union = Union::default();
        let mut pairs = [&NO_PAIR; A];
        let (mut once, mut twice) = (0u64, 0u64);
        // (Told apart only with several source sentences, as the source
        // side's `side_score` does.)
        let exclusive = A > 1 && self.shared_credit < 1.0;
        for (x, slot) in pairs.iter_mut().enumerate() {
            let p = pair_at(side.rows[1 + x], j);
            *slot = p;
            union.add(p.tgt_words, p.tgt_weight, p.names);
            if exclusive {
                twice |= once & p.tgt_words;
                once |= p.tgt_words;
            }
        }
        // (The sentence's weights read only when a sum needs them.)
        let weights = || &t.feats[j].weights[..];
        let mut both = [0.0f32; A];
        if exclusive {
            // A word that the target sentence repeats as often as the
            // source sentences claim it is not contested.
            let mut bits = twice & t.repeated[j];
            while bits != 0 {
                let b = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let repeats = t.repeats(j, b);
                let claims = pairs.iter().filter(|p| p.tgt_words >> b & 1 == 1).count();
                if claims <= repeats {
                    twice &= !(1u64 << b);
                }
            }
            for (w, p) in both.iter_mut().zip(&pairs) {
                let shared = p.tgt_words & twice;
                if shared != 0 {
                    *w = weight_of(shared, weights());
                }
            }
        }
        Column {
            pairs,
            names: union.names,
            weight: union.weight(weights),
            twice,
            both,
            factors: self.tgt_unsupported[j],
            alt: match &self.alt {
                Some(a) if DUAL => a.tgt_unsupported[j],
                _ => (0.0, 0.0),
            },
        }
    }

    /// What the beads of a run read of the `A` source sentences of `side`
    /// (see [`SrcSentences`]).
    #[inline(always)]
    fn src_sentences<const A: usize, const DUAL: bool>(
        &self,
        side: &SrcSide<'_>,
    ) -> SrcSentences<'_, A> {
        let s = self.src;
        let k = |x: usize| side.i0 + x;
        SrcSentences {
            weights: std::array::from_fn(|x| &s.feats[k(x)].weights[..]),
            repeated: std::array::from_fn(|x| s.repeated[k(x)]),
            factors: std::array::from_fn(|x| self.src_unsupported[k(x)]),
            alt: std::array::from_fn(|x| match &self.alt {
                Some(a) if DUAL => a.src_unsupported[k(x)],
                _ => (0.0, 0.0),
            }),
        }
    }

    /// [`Scorer::shape_evidence`] of the bead of `side` (its sentences read
    /// into `src`) and the `B` target sentences whose columns are `cols`:
    /// the same sums, in the same order, to the bit.
    #[inline(always)]
    fn column_evidence<const A: usize, const B: usize, const DUAL: bool>(
        &self,
        side: &SrcSide,
        src: &SrcSentences<'_, A>,
        cols: &[&Column<A>; B],
        (words, names, unsupported, alt): &mut (f32, u32, f64, f64),
    ) {
        let (s, i0) = (self.src, side.i0);
        let mut src_union = [Union::default(); A];
        let (mut src_twice, mut src_once) = ([0u64; A], [0u64; A]);
        let want_src = B > 1 && self.shared_credit < 1.0;
        for x in 0..A {
            for c in cols {
                let p = c.pairs[x];
                src_union[x].add(p.src_words, p.src_weight, p.names);
                if want_src {
                    src_twice[x] |= src_once[x] & p.src_words;
                    src_once[x] |= p.src_words;
                }
            }
        }
        // The source side (`side_score::<true>`), its contested words
        // cleared in the columns.
        let english = !self.names_on_tgt;
        let several = A > 1;
        let exclusive = several && self.shared_credit < 1.0 && cols.iter().any(|c| c.twice != 0);
        for (kk, u) in src_union.iter().enumerate() {
            let mut matched = u.weight(|| src.weights[kk]);
            if exclusive && matched > 0.0 {
                let (mut all, mut both) = (0.0f32, 0.0f32);
                for c in cols {
                    let p = c.pairs[kk];
                    all += p.tgt_weight;
                    if p.tgt_words & c.twice != 0 {
                        both += c.both[kk];
                    }
                }
                if both > 0.0 && all > 0.0 {
                    matched *= 1.0 - (1.0 - self.shared_credit) * both / all;
                }
            }
            *words += matched;
            let mut support = matched;
            if english && u.names != 0 {
                let count = u.names.count_ones();
                *names += count;
                support += count as f32;
            }
            if several {
                *unsupported += Self::unsupported(support, src.factors[kk]);
                if DUAL {
                    *alt += Self::unsupported(support, src.alt[kk]);
                }
            }
        }
        // The target side (`side_score::<false>`), each sentence's union
        // and its weight from its column.
        let english = self.names_on_tgt;
        let several = B > 1;
        let mut exclusive = several && self.shared_credit < 1.0;
        if exclusive {
            for (x, twice) in src_twice.iter_mut().enumerate() {
                let o = i0 + x;
                let mut bits = *twice & src.repeated[x];
                if bits == 0 {
                    continue;
                }
                while bits != 0 {
                    let b = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    let repeats = s.repeats(o, b);
                    let claims = cols
                        .iter()
                        .filter(|c| c.pairs[x].src_words >> b & 1 == 1)
                        .count();
                    if claims <= repeats {
                        *twice &= !(1u64 << b);
                    }
                }
            }
        }
        exclusive = exclusive && src_twice.iter().any(|&m| m != 0);
        for c in cols {
            let mut matched = c.weight;
            if exclusive && matched > 0.0 {
                let (mut all, mut both) = (0.0f32, 0.0f32);
                for (x, &shared) in src_twice.iter().enumerate() {
                    let p = c.pairs[x];
                    all += p.src_weight;
                    if p.src_words & shared != 0 {
                        both += weight_of(p.src_words & shared, src.weights[x]);
                    }
                }
                if both > 0.0 && all > 0.0 {
                    matched *= 1.0 - (1.0 - self.shared_credit) * both / all;
                }
            }
            *words += matched;
            let mut support = matched;
            if english && c.names != 0 {
                let count = c.names.count_ones();
                *names += count;
                support += count as f32;
            }
            if several {
                *unsupported += Self::unsupported(support, c.factors);
                if DUAL {
                    *alt += Self::unsupported(support, c.alt);
                }
            }
        }
    }

    /// What the beads of shape `kind_index` with source side `i0..i1` and
    /// `tgt` target sentences read of it (see [`SrcSide`]).
    #[inline(always)]
    fn src_side(&self, kind_index: usize, (i0, i1): (usize, usize), tgt: usize) -> SrcSide<'_> {
        let mut side = SrcSide {
            i0,
            i1,
            prior: self.prior_cost[kind_index],
            log: self.src_log[i1 * LOG_STRIDE + (i1 - i0)],
            null: i0 == i1 || tgt == 0,
            boundary: (false, false),
            joins: false,
            breaks: false,
            paragraphs: false,
            numbers: 0,
            digits: 0,
            latin: false,
            tgt_numbers: true,
            punct: 0,
            copy: 0,
            rows: [(0, &[]); MAX_RUN + 2],
        };
        if side.null {
            return side;
        }
        let src = self.src;
        let a = i1 - i0;
        side.boundary = (src.boundary[i0], src.boundary[i1]);
        side.joins = self.joins_checked.0 && src.joins_within(i0, i1);
        side.breaks = self.joins_checked.1 && src.breaks_within(i0, i1);
        side.paragraphs = self.use_paragraphs || side.joins || self.joins_checked.1;
        side.numbers = src.numbers[i1] - src.numbers[i0];
        side.digits = src.digits[i1] - src.digits[i0];
        side.latin = self.model.latin_match != 0.0 && src.latin[i1] > src.latin[i0];
        side.punct = src.punct[i1 - 1];
        if a == 1 && self.lexical && !self.src_copy.is_empty() {
            side.copy = self.src_copy[i0];
        }
        if self.lexical && a <= MAX_RUN {
            let neighbours = a == 1 && tgt == 1 && self.model.neighbour_support != 0.0;
            for (x, row) in side.rows.iter_mut().enumerate().take(a + 2) {
                if neighbours || (1..=a).contains(&x) {
                    *row = self.pairs.row((i0 + x).wrapping_sub(1));
                }
            }
        }
        side
    }

    /// The cost of the bead of `side` and target `j0..j1` (both sides
    /// non-empty: [`Scorer::null_cost`] costs the others), and with `DUAL`
    /// the close alternative's (else the second value is the first); the
    /// source run's numbers and Latin tokens when they were gathered.
    ///
    /// `lexical` gives the bead's lexical evidence (see
    /// [`Scorer::lexical_evidence`]), called only with lexical evidence on.
    #[inline(always)]
    fn cost_at<const DUAL: bool>(
        &self,
        side: &SrcSide,
        (src_numbers, src_latin): (Option<&[u32]>, Option<&[u32]>),
        j0: usize,
        j1: usize,
        lexical: impl FnOnce(&SrcSide, usize, usize) -> (f64, f64),
    ) -> (f64, f64) {
        let m = self.model;
        let (i0, i1) = (side.i0, side.i1);
        let mut cost = side.prior;
        // A sentence and its copy: every word matched, on both sides alike,
        // and no length cost; never dearer than the bead's own evidence
        // makes it (a copy with few content words, or a text aligned with
        // itself, keeps its ordinary cost).
        let mut copy = None;
        if side.copy != 0 && j1 == j0 + 1 && side.copy == self.tgt_copy[j0] {
            let mut c = cost - 2.0 * m.lexical * f64::from(self.src.content[i0]);
            if self.paragraphs_crossed(side, j0, j1) {
                c += m.paragraph_mismatch;
            }
            copy = Some(c);
        }
        // (A bead with an empty side never comes here: `run_with` gives
        // it `null_cost`.)
        debug_assert!(!side.null);
        let d = self.tgt_log[j1 * LOG_STRIDE + (j1 - j0)] - side.log;
        cost += d * d * self.inv_two_var;
        if side.paragraphs {
            if self.paragraphs_crossed(side, j0, j1) {
                cost += m.paragraph_mismatch;
            }
            if self.paragraphs_joined(side, j0, j1) {
                cost += m.paragraph_join;
            }
        }
        let (src, tgt) = (self.src, self.tgt);
        // Numbers: shared ones are evidence, unmatched ones mild counter-evidence.
        let total_s = side.numbers;
        let total_t = if side.tgt_numbers {
            tgt.numbers[j1] - tgt.numbers[j0]
        } else {
            0
        };
        if total_s + total_t > 0 {
            let shared = if total_s > 0 && total_t > 0 {
                let (mut a, mut b) = (None, None);
                let mine = match src_numbers {
                    Some(list) => list,
                    None => src.numbers_of(i0, i1, &mut a),
                };
                shared_count(mine, tgt.numbers_of(j0, j1, &mut b))
            } else {
                0
            };
            // Only numbers written in digits are expected on the other side.
            let digits_s = side.digits as usize;
            let digits_t = (tgt.digits[j1] - tgt.digits[j0]) as usize;
            let miss = digits_s.saturating_sub(shared) + digits_t.saturating_sub(shared);
            cost += m.number_miss * miss as f64 - m.number_match * shared as f64;
        }
        if side.latin && tgt.latin[j1] > tgt.latin[j0] {
            let (mut a, mut b) = (None, None);
            let mine = match src_latin {
                Some(list) => list,
                None => src.latin_of(i0, i1, &mut a),
            };
            let shared = shared_count(mine, tgt.latin_of(j0, j1, &mut b));
            cost -= m.latin_match * shared as f64;
        }
        let mut other = cost;
        if self.lexical {
            let (e, alt) = lexical(side, j0, j1);
            cost -= e;
            if DUAL {
                other -= alt;
            }
        }
        // Final punctuation of the bead's last sentences (nothing to
        // compare when neither has any).
        let (sp, tp) = (side.punct, tgt.punct[j1 - 1]);
        if sp | tp != 0 {
            for b in 0..3 {
                let (x, y) = (sp >> b & 1 == 1, tp >> b & 1 == 1);
                if x && y {
                    cost -= m.punct_match;
                    if DUAL {
                        other -= m.punct_match;
                    }
                } else if x != y {
                    cost += m.punct_miss;
                    if DUAL {
                        other += m.punct_miss;
                    }
                }
            }
        }
        let (cost, other) = (cost, if DUAL { other } else { cost });
        match copy {
            Some(c) => (cost.min(c), other.min(c)),
            None => (cost, other),
        }
    }
}

impl Scorer<'_> {
    /// Learns from the previous pass's beads (their sentences' matched
    /// shares, sorted) what support to expect in this document pair: the
    /// typical (median) share sets the target, and the share of sentences
    /// below the target sets the cost of one (see [`CostModel::uncovered`]).
    pub fn set_support_shares(&mut self, sorted: &[f64]) {
        if sorted.is_empty() {
            return;
        }
        let typical = sorted[sorted.len() / 2];
        self.target_share = self.model.coverage_target * typical;
        let below = sorted.partition_point(|&s| s < self.target_share);
        let rate = (below as f64 / sorted.len() as f64).clamp(0.01, 0.5);
        self.unsupported_cost = self.model.uncovered * (1.0 / rate).ln();
        self.refresh_unsupported();
    }

    /// Multiplies the cost of an unsupported sentence (of a side joining
    /// several sentences) by `k`: a close translation's merged beads are
    /// expected to support every sentence they join (see `closeness.rs`).
    pub fn scale_unsupported(&mut self, k: f64) {
        self.unsupported_cost *= k;
        self.refresh_unsupported();
    }

    /// Makes a 1-1 bead of two unsupported sentences pay `w` times the
    /// lesser of their two unsupported-sentence costs, so that pairing two
    /// sentences that do not translate each other is not cheaper than
    /// leaving both alone (see `closeness.rs`).
    pub fn set_unrelated_pair(&mut self, w: f64) {
        self.unrelated_pair = w;
    }

    /// The word weight of a 1-1 bead's sentences that a neighbour of the
    /// other sentence matches beyond what the bead's own pair `p` matches,
    /// each side's excess weighed by how far its sentence falls short of
    /// the support target (see [`CostModel::neighbour_support`]): target
    /// `j0` against source `i0 ± 1`, source `i0` against target `j0 ± 1`.
    ///
    /// `rows`: the pair-table rows of source sentences `i0 - 1`, `i0` and
    /// `i0 + 1` (see [`SrcSide::rows`]).
    #[inline(always)]
    fn support_elsewhere(&self, p: &Pair, rows: &[(usize, &[Pair])], i0: usize, j0: usize) -> f64 {
        // (A row outside the table, as before the first sentence, is
        // empty: it holds no evidence.)
        let tgt_elsewhere = (pair_at(rows[0], j0).tgt_weight).max(pair_at(rows[2], j0).tgt_weight);
        // Both of the source sentence's from its row.
        let at = |j: usize| pair_at(rows[1], j);
        let src_elsewhere = (at(j0.wrapping_sub(1)).src_weight).max(at(j0 + 1).src_weight);
        let lack =
            |own: f32, (_, inverse): (f64, f64)| (1.0 - f64::from(own) * inverse).clamp(0.0, 1.0);
        f64::from((tgt_elsewhere - p.tgt_weight).max(0.0))
            * lack(p.tgt_weight, self.tgt_unsupported[j0])
            + f64::from((src_elsewhere - p.src_weight).max(0.0))
                * lack(p.src_weight, self.src_unsupported[i0])
    }

    /// The lexical and name bonus of a bead, from the pair table, less the
    /// cost of its unsupported sentences ([`CostModel::uncovered`]). A
    /// sentence facing a single sentence takes its matched weight from the
    /// pair table as is; one facing several, from the union of its masks.
    /// With `DUAL`, the close alternative's too (see
    /// [`Scorer::set_close_alternative`]; else the second value is 0).
    #[inline(always)]
    fn lexical_evidence<const DUAL: bool>(
        &self,
        side: &SrcSide,
        j0: usize,
        j1: usize,
    ) -> (f64, f64) {
        let (i0, i1) = (side.i0, side.i1);
        let (a, b) = (i1 - i0, j1 - j0);
        if a == 1 && b == 1 {
            return self.one_one_evidence::<DUAL>(side, j0);
        }
        let mut sums = (0.0f32, 0u32, 0.0f64, 0.0f64);
        if a <= MAX_RUN && b <= MAX_RUN {
            self.short_evidence::<DUAL>(side, j0, j1, &mut sums);
        } else {
            self.long_side_evidence::<true, DUAL>(i0..i1, j0..j1, &mut sums);
            self.long_side_evidence::<false, DUAL>(j0..j1, i0..i1, &mut sums);
        }
        self.lexical_total::<DUAL>(sums)
    }

    /// [`Scorer::lexical_evidence`] of the 1-1 bead of `side` (one source
    /// sentence) and target sentence `j0`.
    #[inline(always)]
    fn one_one_evidence<const DUAL: bool>(&self, side: &SrcSide, j0: usize) -> (f64, f64) {
        let m = self.model;
        let i0 = side.i0;
        let p = pair_at(side.rows[1], j0);
        // (Counted only when there are names: the count takes a dozen
        // instructions without a population-count instruction.)
        let names = if p.names == 0 {
            0
        } else {
            p.names.count_ones()
        };
        let mut bonus =
            m.lexical * f64::from(p.src_weight + p.tgt_weight) + m.name_match * f64::from(names);
        if m.neighbour_support != 0.0 {
            bonus -=
                m.neighbour_support * m.lexical * self.support_elsewhere(p, &side.rows, i0, j0);
        }
        // Names support the English sentence only, as in a joined side.
        let unrelated = |w: f64, src_factors: &[(f64, f64)], tgt_factors: &[(f64, f64)]| {
            if w == 0.0 {
                return bonus;
            }
            let names = names as f32;
            let (src_names, tgt_names) = if self.names_on_tgt {
                (0.0, names)
            } else {
                (names, 0.0)
            };
            let src = Self::unsupported(p.src_weight + src_names, src_factors[i0]);
            let tgt = Self::unsupported(p.tgt_weight + tgt_names, tgt_factors[j0]);
            bonus - w * src.min(tgt)
        };
        let own = unrelated(
            self.unrelated_pair,
            &self.src_unsupported,
            &self.tgt_unsupported,
        );
        let alt = match &self.alt {
            Some(alt) if DUAL => unrelated(
                alt.unrelated_pair,
                &alt.src_unsupported,
                &alt.tgt_unsupported,
            ),
            _ => 0.0,
        };
        (own, alt)
    }

    /// The lexical evidence of a bead from its sums `(words, names,
    /// unsupported, alt)` (see [`Scorer::lexical_evidence`]).
    #[inline(always)]
    fn lexical_total<const DUAL: bool>(
        &self,
        (words, names, unsupported, alt): (f32, u32, f64, f64),
    ) -> (f64, f64) {
        let m = self.model;
        let matched = m.lexical * f64::from(words) + m.name_match * f64::from(names);
        (
            matched - unsupported,
            if DUAL { matched - alt } else { 0.0 },
        )
    }

    /// Adds to `(words, names, unsupported, alt)` the evidence of a bead of
    /// at most [`MAX_RUN`] sentences a side, both sides from one pass over
    /// its pairs: each pair is looked up once, and gives at once its source
    /// sentence's union over the target side, its target sentence's union
    /// over the source side, and the words of each sentence that two or
    /// more sentences of the other side match (see
    /// [`CostModel::shared_credit`]). The source side is then scored, and
    /// the target side, as [`Scorer::side_score`] says.
    #[inline(always)]
    fn short_evidence<const DUAL: bool>(
        &self,
        side: &SrcSide,
        j0: usize,
        j1: usize,
        sums: &mut (f32, u32, f64, f64),
    ) {
        // One copy per shape, its arrays and loops of the shape's size.
        macro_rules! shapes {
            ($(($a:literal, $b:literal)),*) => {
                match (side.i1 - side.i0, j1 - j0) {
                    $(($a, $b) => {
                        let src = self.src_sentences::<$a, DUAL>(side);
                        self.shape_evidence::<$a, $b, DUAL>(side, &src, j0, sums)
                    })*
                    _ => {
                        let (i0, i1) = (side.i0, side.i1);
                        self.long_side_evidence::<true, DUAL>(i0..i1, j0..j1, sums);
                        self.long_side_evidence::<false, DUAL>(j0..j1, i0..i1, sums);
                    }
                }
            };
        }
        shapes!(
            (1, 2),
            (1, 3),
            (1, 4),
            (1, 5),
            (2, 1),
            (2, 2),
            (2, 3),
            (2, 4),
            (2, 5),
            (3, 1),
            (3, 2),
            (3, 3),
            (3, 4),
            (3, 5),
            (4, 1),
            (4, 2),
            (4, 3),
            (4, 4),
            (4, 5),
            (5, 1),
            (5, 2),
            (5, 3),
            (5, 4),
            (5, 5)
        )
    }

    /// [`Scorer::short_evidence`] for a bead of `A` source and `B` target
    /// sentences (`A`, `B` at most [`MAX_RUN`]).
    #[inline(always)]
    fn shape_evidence<const A: usize, const B: usize, const DUAL: bool>(
        &self,
        side: &SrcSide,
        src: &SrcSentences<'_, A>,
        j0: usize,
        sums: &mut (f32, u32, f64, f64),
    ) {
        let i0 = side.i0;
        // `table[x][y]`: the pair of the bead's `x`-th source and `y`-th
        // target sentence.
        let mut table: [[&Pair; B]; A] = [[&NO_PAIR; B]; A];
        let mut src_union = [Union::default(); A];
        let mut tgt_union = [Union::default(); B];
        // Per sentence of one side, its positions that one (`once`) and
        // that two or more (`twice`) sentences of the other side match.
        // (Only a side of several sentences, whose shared words are told
        // apart, needs them of the other side.)
        let (mut src_twice, mut tgt_twice) = ([0u64; A], [0u64; B]);
        let (mut src_once, mut tgt_once) = ([0u64; A], [0u64; B]);
        let exclusive = self.shared_credit < 1.0;
        let (want_src, want_tgt) = (exclusive && B > 1, exclusive && A > 1);
        for x in 0..A {
            let (first, row) = side.rows[1 + x];
            for y in 0..B {
                let p = row.get((j0 + y).wrapping_sub(first)).unwrap_or(&NO_PAIR);
                table[x][y] = p;
                src_union[x].add(p.src_words, p.src_weight, p.names);
                tgt_union[y].add(p.tgt_words, p.tgt_weight, p.names);
                if want_src {
                    src_twice[x] |= src_once[x] & p.src_words;
                    src_once[x] |= p.src_words;
                }
                if want_tgt {
                    tgt_twice[y] |= tgt_once[y] & p.tgt_words;
                    tgt_once[y] |= p.tgt_words;
                }
            }
        }
        let (src_union, tgt_union) = (&src_union, &tgt_union);
        self.side_score::<true, DUAL, A, B>((i0, j0), &table, src, src_union, &mut tgt_twice, sums);
        self.side_score::<false, DUAL, A, B>(
            (j0, i0),
            &table,
            src,
            tgt_union,
            &mut src_twice,
            sums,
        );
    }

    /// Adds to `(words, names, unsupported, alt)` the evidence of one side
    /// of a bead of at most [`MAX_RUN`] sentences a side: the sentences
    /// from `own` of the source side (`SOURCE`) or of the target side, each
    /// with its `unions` over the sentences from `other` of the other side
    /// (`B` sentences for the source side, `A` for the target side), with
    /// the bead's pairs in `table` (`table[x][y]`: source `x`, target `y`),
    /// what it reads of its source sentences in `src` and, per sentence of the
    /// other side, the positions that two or more of this side's sentences
    /// match (`twice`, cleared here of the uncontested ones; see
    /// [`Scorer::short_evidence`]). A sentence facing a
    /// single sentence takes its matched weight from the pair table as is;
    /// one facing several, from the union of its masks. With several
    /// sentences on this side, the words of the other side that two or more
    /// of them match give each only `shared_credit` (see
    /// [`CostModel::shared_credit`]). Names are counted on the English
    /// side; a side of two or more sentences pays for each unsupported one.
    #[inline(always)]
    fn side_score<const SOURCE: bool, const DUAL: bool, const A: usize, const B: usize>(
        &self,
        (own, other): (usize, usize),
        table: &[[&Pair; B]; A],
        src: &SrcSentences<'_, A>,
        unions: &[Union],
        shared: &mut [u64],
        (words, names, unsupported, alt): &mut (f32, u32, f64, f64),
    ) {
        let len = if SOURCE { B } else { A };
        // The pair of the `kk`-th sentence of this side and the `x`-th of
        // the other.
        let pair =
            |kk: usize, x: usize| -> &Pair { if SOURCE { table[kk][x] } else { table[x][kk] } };
        let (feats, factors) = if SOURCE {
            (self.src.feats, &self.src_unsupported)
        } else {
            (self.tgt.feats, &self.tgt_unsupported)
        };
        let alt_factors: &[(f64, f64)] = match &self.alt {
            Some(a) if DUAL && SOURCE => &a.src_unsupported,
            Some(a) if DUAL => &a.tgt_unsupported,
            _ => &[],
        };
        let english = SOURCE != self.names_on_tgt;
        let several = unions.len() > 1;
        let exclusive = several && self.shared_credit < 1.0;
        let other_side = if SOURCE { self.tgt } else { self.src };
        // The other side's matched positions in a pair, and their weight.
        let theirs = |p: &Pair| {
            if SOURCE {
                (p.tgt_words, p.tgt_weight)
            } else {
                (p.src_words, p.src_weight)
            }
        };
        if exclusive {
            for (x, twice) in shared[..len].iter_mut().enumerate() {
                // A word that the other sentence repeats as often as this
                // side's sentences claim it is not contested.
                let o = other + x;
                // (The source sentences' read once for the run.)
                let repeated = if SOURCE {
                    other_side.repeated[o]
                } else {
                    src.repeated[x]
                };
                let mut bits = *twice & repeated;
                if bits == 0 {
                    continue;
                }
                while bits != 0 {
                    let b = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    let repeats = other_side.repeats(o, b);
                    let claims = (0..unions.len())
                        .filter(|&kk| theirs(pair(kk, x)).0 >> b & 1 == 1)
                        .count();
                    if claims <= repeats {
                        *twice &= !(1u64 << b);
                    }
                }
            }
        }
        let exclusive = exclusive && shared[..len].iter().any(|&m| m != 0);
        for (kk, u) in unions.iter().enumerate() {
            let k = own + kk;
            // (The target sentence's weights read only when the union
            // needs summing.)
            let mut matched = u.weight(|| {
                if SOURCE {
                    src.weights[kk]
                } else {
                    &feats[k].weights[..]
                }
            });
            if exclusive && matched > 0.0 {
                // The share of the other side's words it matches that it
                // shares, weighed on that side.
                let (mut all, mut both) = (0.0f32, 0.0f32);
                for (x, &s) in shared[..len].iter().enumerate() {
                    let (m, w) = theirs(pair(kk, x));
                    all += w;
                    if m & s != 0 {
                        let weights = if SOURCE {
                            &other_side.feats[other + x].weights[..]
                        } else {
                            src.weights[x]
                        };
                        both += weight_of(m & s, weights);
                    }
                }
                if both > 0.0 && all > 0.0 {
                    matched *= 1.0 - (1.0 - self.shared_credit) * both / all;
                }
            }
            *words += matched;
            let mut support = matched;
            // (Counted only when there are names: the count takes a dozen
            // instructions without a population-count instruction.)
            if english && u.names != 0 {
                let count = u.names.count_ones();
                *names += count;
                support += count as f32;
            }
            if several {
                let (own_factors, own_alt) = if SOURCE {
                    (src.factors[kk], src.alt[kk])
                } else {
                    (factors[k], if DUAL { alt_factors[k] } else { (0.0, 0.0) })
                };
                *unsupported += Self::unsupported(support, own_factors);
                if DUAL {
                    *alt += Self::unsupported(support, own_alt);
                }
            }
        }
    }

    /// [`Scorer::side_score`] for a bead with more than [`MAX_RUN`]
    /// sentences on a side (no bead table has one): the sentences `own`
    /// facing the sentences `other`, their pairs looked up as they go, the
    /// shared words not told apart. Its start and its per-sentence end
    /// repeat [`Scorer::side_score`]'s: one helper for both made
    /// `Scorer::cost` 14 M instructions (0.3%) dearer on Bible 001
    /// (`RESULTS.md`, session 28), so the hot copy is kept as it is.
    fn long_side_evidence<const SOURCE: bool, const DUAL: bool>(
        &self,
        own: Range<usize>,
        other: Range<usize>,
        (words, names, unsupported, alt): &mut (f32, u32, f64, f64),
    ) {
        let (feats, factors) = if SOURCE {
            (self.src.feats, &self.src_unsupported)
        } else {
            (self.tgt.feats, &self.tgt_unsupported)
        };
        let alt_factors: &[(f64, f64)] = match &self.alt {
            Some(a) if DUAL && SOURCE => &a.src_unsupported,
            Some(a) if DUAL => &a.tgt_unsupported,
            _ => &[],
        };
        let english = SOURCE != self.names_on_tgt;
        let several = own.len() > 1;
        for k in own {
            let mut u = Union::default();
            for o in other.clone() {
                let p = if SOURCE {
                    self.pairs.get(k, o)
                } else {
                    self.pairs.get(o, k)
                };
                if SOURCE {
                    u.add(p.src_words, p.src_weight, p.names);
                } else {
                    u.add(p.tgt_words, p.tgt_weight, p.names);
                }
            }
            let matched = u.weight(|| &feats[k].weights);
            *words += matched;
            let mut support = matched;
            if english && u.names != 0 {
                let count = u.names.count_ones();
                *names += count;
                support += count as f32;
            }
            if several {
                *unsupported += Self::unsupported(support, factors[k]);
                if DUAL {
                    *alt += Self::unsupported(support, alt_factors[k]);
                }
            }
        }
    }

    /// The cost of one sentence of a bead whose matched word weight is
    /// `support` (see [`CostModel::uncovered`]), from its `factors`.
    #[inline]
    fn unsupported(support: f32, (scale, inverse): (f64, f64)) -> f64 {
        scale * (1.0 - f64::from(support) * inverse).max(0.0)
    }
}

/// Per sentence (of word weight `content`), the factors `(scale, inverse)`
/// of its unsupported cost: `scale = cost × min(1, content / weight)` and
/// `inverse = 1 / (content × target)`; zero when there is nothing to pay.
fn unsupported_factors(content: &[f32], cost: f64, weight: f64, target: f64) -> Vec<(f64, f64)> {
    content
        .iter()
        .map(|&c| {
            let c = f64::from(c);
            if cost == 0.0 || c <= 0.0 {
                (0.0, 0.0)
            } else {
                (cost * (c / weight).min(1.0), 1.0 / (c * target))
            }
        })
        .collect()
}

/// The typical matched share assumed before a first alignment measures it.
const DEFAULT_TYPICAL_SHARE: f64 = 0.4;
/// The rate of unsupported sentences in real beads assumed before a first
/// alignment measures it (`ln(1/rate)` = 1).
const DEFAULT_UNSUPPORTED_RATE: f64 = 0.3679;

/// Longest run of sentences on one side of a bead, plus one.
const LOG_STRIDE: usize = 9;

/// `ln(scale·(prefix[i] - prefix[i - w]) + smooth)` for every `i` and every
/// run length `w < LOG_STRIDE` (`w ≤ i`).
/// The ratio of the two sides' total lengths (target per source unit),
/// smoothed so that empty sides give 1.
pub(crate) fn total_ratio(src: &Side, tgt: &Side) -> f64 {
    (tgt.total() + 1.0) / (src.total() + 1.0)
}

/// On every core (each value stands alone).
fn run_logs(prefix: &[f64], scale: f64, smooth: f64) -> Vec<f64> {
    let mut out = vec![0.0; prefix.len() * LOG_STRIDE];
    out.par_chunks_mut(LOG_STRIDE)
        .with_min_len(4096)
        .enumerate()
        .for_each(|(i, row)| {
            for (w, v) in row.iter_mut().enumerate().take(i + 1) {
                *v = (scale * (prefix[i] - prefix[i - w]) + smooth).ln();
            }
        });
    out
}

/// The positions (of the first 64) of `keys` whose key occurs more than
/// once.
fn repeated_words(keys: &[u32]) -> u64 {
    let n = keys.len().min(64);
    if n < 2 {
        return 0;
    }
    // An open-addressing table of the keys seen, at least twice as many
    // slots as keys: each slot the key in the high half and its first
    // position plus one in the low half (0: empty). A key found again marks
    // its position and its first one. (Sorting the (key, position) pairs,
    // as before, took about 2,000 instructions a sentence.)
    let mut slots = [0u64; 128];
    let mut mask = 0u64;
    for (b, &key) in keys[..n].iter().enumerate() {
        let mut h = (key.wrapping_mul(0x9E37_79B9) >> 25) as usize;
        loop {
            let slot = slots[h];
            if slot == 0 {
                slots[h] = u64::from(key) << 32 | (b as u64 + 1);
                break;
            }
            if (slot >> 32) as u32 == key {
                let first = (slot & 0x7f) - 1;
                mask |= 1 << b | 1 << first;
                break;
            }
            h = (h + 1) & 127;
        }
    }
    mask
}

/// The longest run of sentences on one side of a bead for which shared
/// words are told apart (the bead tables stop at 5).
const MAX_RUN: usize = 5;

/// The most values a run of sentences keeps in [`RunLists`].
const RUN_CAP: usize = 64;

/// A pair with no evidence, for [`Scorer::lexical_evidence`]'s table.
static NO_PAIR: Pair = Pair {
    src_words: 0,
    tgt_words: 0,
    names: 0,
    src_weight: 0.0,
    tgt_weight: 0.0,
};

/// The pair of target sentence `j` in a pair-table row `(first, row)`
/// (see [`PairTable::row`]; none outside it).
#[inline(always)]
fn pair_at((first, row): (usize, &[Pair]), j: usize) -> &Pair {
    row.get(j.wrapping_sub(first)).unwrap_or(&NO_PAIR)
}

/// One sentence's evidence against a run of sentences of the other side:
/// the union of its pairs' masks and of their names, and the mask and
/// weight of the last pair whose mask held every position before it. When
/// that mask is the whole union, its weight ([`weight_of`] of the same
/// mask, see `pairs`) is the union's, bit for bit, and no weight needs
/// summing again.
#[derive(Clone, Copy, Default)]
struct Union {
    mask: u64,
    names: u64,
    whole: u64,
    whole_weight: f32,
}

impl Union {
    /// Takes in a pair's mask `m` (of weight `w`) and its `names`.
    #[inline(always)]
    fn add(&mut self, m: u64, w: f32, names: u64) {
        self.mask |= m;
        if m == self.mask {
            (self.whole, self.whole_weight) = (m, w);
        }
        self.names |= names;
    }

    /// The weight of the union (`weights`: the sentence's word weights,
    /// read only when the pairs' weights do not give it).
    #[inline(always)]
    fn weight<'w>(&self, weights: impl FnOnce() -> &'w [f32]) -> f32 {
        if self.whole == self.mask {
            self.whole_weight
        } else {
            weight_of(self.mask, weights())
        }
    }
}

/// Sum of the weights of the word positions set in `mask`, in order of
/// position (positions past `weights` weigh nothing: the sum stops at the
/// first, the positions coming in order).
#[inline]
pub(crate) fn weight_of(mut mask: u64, weights: &[f32]) -> f32 {
    let mut sum = 0.0;
    while mask != 0 {
        let Some(&w) = weights.get(mask.trailing_zeros() as usize) else {
            break;
        };
        sum += w;
        mask &= mask - 1;
    }
    sum
}

/// A sentence's final `?`, `!` and closing quote, as bits 0, 1 and 2.
fn punct_bits(f: &SentenceFeatures) -> u8 {
    u8::from(f.question) | u8::from(f.exclamation) << 1 | u8::from(f.quote) << 2
}

/// Size of the multiset intersection of two sorted lists.
fn shared_count(a: &[u32], b: &[u32]) -> usize {
    let (mut x, mut y, mut shared) = (0, 0, 0);
    while x < a.len() && y < b.len() {
        match a[x].cmp(&b[y]) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                x += 1;
                y += 1;
            }
        }
    }
    shared
}

/// [`gather`] into `spill`, made only now if it was not yet.
#[inline]
fn gather_spilled<'x>(
    feats: &'x [SentenceFeatures],
    get: &impl Fn(&SentenceFeatures) -> &Vec<u32>,
    spill: &'x mut Option<Spill>,
) -> &'x [u32] {
    let spill = spill.get_or_insert_with(Spill::default);
    gather(feats, get, &mut spill.buf, &mut spill.heap)
}

/// The sorted values of a run of sentences: the sentence's own list for a
/// run of one, else the lists gathered into `buf` (or `heap` when they do
/// not fit) and sorted.
fn gather<'x>(
    feats: &'x [SentenceFeatures],
    get: &impl Fn(&SentenceFeatures) -> &Vec<u32>,
    buf: &'x mut [u32; 64],
    heap: &'x mut Vec<u32>,
) -> &'x [u32] {
    if let [one] = feats {
        return get(one);
    }
    let total: usize = feats.iter().map(|f| get(f).len()).sum();
    let out: &mut [u32] = if total <= buf.len() {
        let mut k = 0;
        for f in feats {
            let v = get(f);
            buf[k..k + v.len()].copy_from_slice(v);
            k += v.len();
        }
        &mut buf[..total]
    } else {
        heap.clear();
        for f in feats {
            heap.extend_from_slice(get(f));
        }
        &mut heap[..]
    };
    out.sort_unstable();
    out
}

/// Where [`Side::numbers_of`] and [`Side::latin_of`] gather a run's values
/// when they are not kept: on the stack, on the heap past 64.
struct Spill {
    buf: [u32; 64],
    heap: Vec<u32>,
}

impl Default for Spill {
    fn default() -> Self {
        Spill {
            buf: [0; 64],
            heap: Vec::new(),
        }
    }
}

/// One list-valued feature (the numbers) of every run of 2 to [`MAX_RUN`]
/// sentences of a side in which two or more sentences have any, sorted, so
/// that a candidate bead compares two sorted lists instead of gathering and
/// sorting its sentences' lists each time it is scored (a run in which one
/// sentence has values is that sentence's own list). Only runs of at most
/// [`RUN_CAP`] values are kept: every value is in up to 14 runs, so on
/// number-heavy text keeping them all doubled the aligner's peak memory,
/// and a longer run is gathered each time as before. With running counts
/// `count` (`count[i]`: values of sentences `0..i`), the kept runs ending
/// before sentence `i` start at `start[i]` in `values`, the run of 2 first,
/// then of 3, and so on; the run `i0..i` holds `count[i] - count[i0]`
/// values.
#[derive(Default)]
struct RunLists {
    start: Vec<usize>,
    values: Vec<u32>,
}

impl RunLists {
    fn new(
        feats: &[SentenceFeatures],
        count: &[u32],
        get: impl Fn(&SentenceFeatures) -> &Vec<u32>,
    ) -> Self {
        let n = feats.len();
        if count.last().is_none_or(|&c| c == 0) {
            // No values at all: no run is ever looked up.
            return RunLists::default();
        }
        let mut start = Vec::with_capacity(n + 1);
        let mut values = Vec::new();
        for i in 0..=n {
            start.push(values.len());
            let mut filled = 0;
            for k in (i - MAX_RUN.min(i)..i).rev() {
                if (count[i] - count[k]) as usize > RUN_CAP {
                    // Nor any longer run ending here: it holds this one.
                    break;
                }
                filled += usize::from(!get(&feats[k]).is_empty());
                if i - k >= 2 && filled >= 2 {
                    let from = values.len();
                    for f in &feats[k..i] {
                        values.extend_from_slice(get(f));
                    }
                    values[from..].sort_unstable();
                }
            }
        }
        values.shrink_to_fit();
        RunLists { start, values }
    }

    /// The sorted values of sentences `i0..i1`, when the run is one of
    /// 2 to [`MAX_RUN`] sentences and holds any, either in one sentence or
    /// at most [`RUN_CAP`] in all (`feats`, `count` and `get` those it was
    /// built from).
    #[inline]
    fn get<'x>(
        &'x self,
        feats: &'x [SentenceFeatures],
        count: &[u32],
        get: impl Fn(&SentenceFeatures) -> &Vec<u32>,
        i0: usize,
        i1: usize,
    ) -> Option<&'x [u32]> {
        let w = i1 - i0;
        if !(2..=MAX_RUN).contains(&w) || count[i1] == count[i0] {
            return None;
        }
        // Past the kept shorter runs ending at `i1`, counting the run's
        // sentences with values (when the run is kept, so are all of them:
        // they hold no more values).
        let (mut at, mut filled, mut only) = (self.start[i1], 0, i0);
        for k in (i0..i1).rev() {
            if !get(&feats[k]).is_empty() {
                filled += 1;
                only = k;
            }
            if k > i0 && i1 - k >= 2 && filled >= 2 {
                at += (count[i1] - count[k]) as usize;
            }
        }
        if filled == 1 {
            return Some(get(&feats[only]));
        }
        if (count[i1] - count[i0]) as usize > RUN_CAP {
            return None;
        }
        Some(&self.values[at..at + (count[i1] - count[i0]) as usize])
    }
}

/// A bead cost that takes `src[i]` nats off every empty-side bead that
/// holds source sentence `i` (`tgt[j]` for target sentence `j`): the search
/// again after the null marginals have marked the sentences that may well
/// have no counterpart (see [`CostModel::null_threshold`]). It searches a
/// window that `inner` is already prepared for
/// ([`super::search::search_again`]), so it prepares nothing itself.
pub(crate) struct FavourNulls<'a, C> {
    /// The model's own costs.
    pub inner: &'a C,
    /// The bonus of each source sentence's 1-0 bead (0 for most).
    pub src: Vec<f64>,
    /// The bonus of each target sentence's 0-1 bead.
    pub tgt: Vec<f64>,
    /// The bead shapes, in the search's order.
    pub kinds: &'a [BeadKind],
}

impl<C: BeadCost> BeadCost for FavourNulls<'_, C> {
    fn cost(&self, kind: usize, i0: usize, i1: usize, j0: usize, j1: usize) -> f64 {
        let c = self.inner.cost(kind, i0, i1, j0, j1);
        match self.kinds[kind] {
            BeadKind { src: _, tgt: 0 } => c - self.src[i0..i1].iter().sum::<f64>(),
            BeadKind { src: 0, tgt: _ } => c - self.tgt[j0..j1].iter().sum::<f64>(),
            _ => c,
        }
    }

    /// The inner model's run, less each bead's bonus for a shape with an
    /// empty side (as [`FavourNulls::cost`] takes it off: a source run's
    /// bonus is the same for every bead of the run, summed once).
    fn cost_run(
        &self,
        kind: usize,
        (i0, i1): (usize, usize),
        tgt: usize,
        starts: Range<usize>,
        mut out: Strided<'_, f64>,
    ) {
        match self.kinds[kind] {
            BeadKind { src: _, tgt: 0 } => {
                let bonus = self.src[i0..i1].iter().sum::<f64>();
                let len = starts.len();
                self.inner
                    .cost_run(kind, (i0, i1), tgt, starts, out.after(0));
                for x in 0..len {
                    out.set(x, out.get(x) - bonus);
                }
            }
            BeadKind { src: 0, tgt: _ } => {
                let run = starts.clone();
                self.inner
                    .cost_run(kind, (i0, i1), tgt, starts, out.after(0));
                for (x, j0) in run.enumerate() {
                    out.set(x, out.get(x) - self.tgt[j0..j0 + tgt].iter().sum::<f64>());
                }
            }
            _ => self.inner.cost_run(kind, (i0, i1), tgt, starts, out),
        }
    }

    /// Runs of shapes with both sides non-empty (no bonus) are the inner
    /// model's, together; others go run by run ([`FavourNulls::cost_run`]).
    fn cost_runs(&self, (i0, i1): (usize, usize), runs: &[Run], row: &mut [f64], stride: usize) {
        let paired = |r: &Run| {
            let k = self.kinds[r.kind];
            k.src > 0 && k.tgt > 0
        };
        if runs.iter().all(paired) {
            return self.inner.cost_runs((i0, i1), runs, row, stride);
        }
        for r in runs {
            let out = Strided::new(&mut row[r.at..], stride);
            self.cost_run(r.kind, (i0, i1), r.tgt, r.starts.clone(), out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sentence whose words are `stems`, each of weight 4 (a full
    /// sentence's worth: past `coverage_weight`).
    fn sentence(stems: &[u32]) -> SentenceFeatures {
        SentenceFeatures::of_stems(stems, vec![4.0; stems.len()])
    }

    #[test]
    fn run_logs_on_every_core_are_the_logs_of_each_run() {
        // Past the parallel split (4,096 rows a piece), with runs shorter
        // than the stride at the start.
        let prefix: Vec<f64> = (0..10_000)
            .scan(0.0, |total, i| {
                *total += f64::from(1 + (i * 7919) % 83);
                Some(*total)
            })
            .collect();
        let (scale, smooth) = (1.3, 0.7);
        let logs = run_logs(&prefix, scale, smooth);
        assert_eq!(logs.len(), prefix.len() * LOG_STRIDE);
        for i in 0..prefix.len() {
            for w in 0..LOG_STRIDE {
                let want = if w <= i {
                    (scale * (prefix[i] - prefix[i - w]) + smooth).ln()
                } else {
                    0.0
                };
                assert_eq!(
                    logs[i * LOG_STRIDE + w].to_bits(),
                    want.to_bits(),
                    "{i} {w}"
                );
            }
        }
    }

    #[test]
    fn repeat_counts_are_each_key_s_writings_counted() {
        // The former computation: every one of the first 64 keys counted
        // over the whole sentence.
        let plain = |feats: &[SentenceFeatures], repeated: &[u64]| {
            let mut counts = Vec::new();
            let mut start = Vec::new();
            for (f, &mask) in feats.iter().zip(repeated) {
                start.push(counts.len() as u32);
                if mask != 0 {
                    let keys = &f.keys;
                    counts.extend(keys.iter().take(64).map(|&key| {
                        u8::try_from(keys.iter().filter(|&&q| q == key).count()).unwrap_or(u8::MAX)
                    }));
                }
            }
            (counts, start)
        };
        let mut feats = Vec::new();
        for len in [0usize, 1, 2, 5, 40, 63, 64, 65, 70, 130, 300] {
            for modulus in [2u32, 7, 50, 1000] {
                let mut f = sentence(&[]);
                f.keys = (0..len as u32)
                    .map(|k| k.wrapping_mul(2_654_435_761) % modulus)
                    .collect();
                feats.push(f);
            }
        }
        // Keys the first 64 write once and later positions again (key 0
        // twice in the first 64, so that the sentence's counts are kept).
        let mut f = sentence(&[]);
        f.keys = (0..63u32).chain([0, 3, 3, 9, 62, 500]).collect();
        feats.push(f);
        let repeated: Vec<u64> = feats.iter().map(|f| repeated_words(&f.keys)).collect();
        assert!(repeated.iter().filter(|&&m| m != 0).count() > 20);
        assert_eq!(repeat_counts(&feats, &repeated), plain(&feats, &repeated));
    }

    #[test]
    fn repeated_words_are_those_of_the_pairs_sort() {
        // The former computation: (key, position) pairs sorted.
        let by_pairs = |keys: &[u32]| -> u64 {
            let n = keys.len().min(64);
            let mut sorted: Vec<(u32, u8)> = keys[..n]
                .iter()
                .enumerate()
                .map(|(b, &k)| (k, b as u8))
                .collect();
            sorted.sort_unstable();
            let mut mask = 0u64;
            for w in sorted.windows(2) {
                if w[0].0 == w[1].0 {
                    mask |= 1 << w[0].1 | 1 << w[1].1;
                }
            }
            mask
        };
        let mut checked = 0;
        for len in [0usize, 1, 2, 5, 17, 63, 64, 65, 90] {
            for modulus in [3u32, 11, 40, 1000] {
                let keys: Vec<u32> = (0..len as u32)
                    .map(|k| {
                        k.wrapping_mul(2_654_435_761u32.wrapping_add(k)) % modulus
                            + (u32::MAX - 1000)
                    })
                    .collect();
                assert_eq!(repeated_words(&keys), by_pairs(&keys), "{keys:?}");
                checked += u32::from(by_pairs(&keys) != 0);
            }
        }
        assert!(checked > 10, "{checked}");
        // Keys that all take the table's last slot first (so the probes
        // wrap around), repeated in turn and not, and the extreme keys.
        let hash = |key: u32| key.wrapping_mul(0x9E37_79B9) >> 25;
        let last: Vec<u32> = (0..u32::MAX).filter(|&k| hash(k) == 127).take(70).collect();
        for len in [2usize, 3, 33, 64, 70] {
            for period in [1usize, 2, 7, 64] {
                let keys: Vec<u32> = (0..len).map(|b| last[b % period.min(len)]).collect();
                assert_eq!(repeated_words(&keys), by_pairs(&keys), "{keys:?}");
                let mut keys: Vec<u32> = last[..len].to_vec();
                keys[len - 1] = keys[(len - 1) / 2];
                assert_eq!(repeated_words(&keys), by_pairs(&keys), "{keys:?}");
            }
        }
        for keys in [[0u32, u32::MAX, 0, u32::MAX], [u32::MAX; 4], [0; 4]] {
            assert_eq!(repeated_words(&keys), by_pairs(&keys), "{keys:?}");
        }
    }

    #[test]
    fn a_run_s_numbers_are_its_sentences_gathered_and_sorted() {
        // Sentences with no numbers, one, several and repeated ones.
        let lists: [&[u32]; 9] = [&[], &[5], &[3, 9], &[], &[], &[1, 5, 5], &[9], &[], &[2]];
        let feats: Vec<SentenceFeatures> = lists
            .iter()
            .map(|l| SentenceFeatures {
                numbers: l.to_vec(),
                latin: l.iter().map(|&v| v + 1).collect(),
                ..Default::default()
            })
            .collect();
        let side = Side::new(&feats, &[0; 9]);
        let (mut found, mut spill, mut own) = (0, None, Spill::default());
        for i0 in 0..=9 {
            for i1 in i0..=9 {
                let mut expected: Vec<u32> = lists[i0..i1].concat();
                expected.sort_unstable();
                assert_eq!(side.numbers_of(i0, i1, &mut spill), &expected[..]);
                let latin: Vec<u32> = expected.iter().map(|&v| v + 1).collect();
                assert_eq!(side.latin_of(i0, i1, &mut spill), &latin[..]);
                let (buf, heap) = (&mut own.buf, &mut own.heap);
                assert_eq!(
                    gather(&feats[i0..i1], &|f| &f.numbers, buf, heap),
                    &expected[..]
                );
                let w = i1 - i0;
                if (2..=MAX_RUN).contains(&w) && !expected.is_empty() {
                    let run = side
                        .number_runs
                        .get(&feats, &side.numbers, |f| &f.numbers, i0, i1);
                    assert_eq!(run, Some(&expected[..]));
                    found += 1;
                }
            }
        }
        assert!(found > 10);
        // A side without numbers keeps no runs.
        let none = vec![SentenceFeatures::default(); 4];
        assert!(Side::new(&none, &[0; 4]).number_runs.values.is_empty());
        assert_eq!(shared_count(&[1, 5, 5, 9], &[5, 5, 5, 9, 10]), 3);
    }

    #[test]
    fn a_run_over_the_cap_is_gathered_not_kept() {
        // Sentences of 0 to 64 numbers: runs of more than `RUN_CAP` values
        // in two sentences or more are not kept (their numbers are
        // gathered each time), the rest are; either way a run's numbers
        // are its sentences' gathered and sorted.
        let sizes = [30, 0, 40, 20, 10, 64, 1, 0, 3, 70, 2];
        let lists: Vec<Vec<u32>> = sizes
            .iter()
            .enumerate()
            .map(|(i, &len)| {
                // Each sentence's own list is sorted, as the features keep it.
                let mut l: Vec<u32> = (0..len).map(|k| ((i * 7 + k * 13) % 50) as u32).collect();
                l.sort_unstable();
                l
            })
            .collect();
        let feats: Vec<SentenceFeatures> = lists
            .iter()
            .map(|l| SentenceFeatures {
                numbers: l.clone(),
                ..Default::default()
            })
            .collect();
        let n = feats.len();
        let side = Side::new(&feats, &vec![0; n]);
        let (mut kept_values, mut over, mut spill) = (0, 0, None);
        for i0 in 0..=n {
            for i1 in i0..=n {
                let mut expected: Vec<u32> = lists[i0..i1].concat();
                expected.sort_unstable();
                assert_eq!(side.numbers_of(i0, i1, &mut spill), &expected[..]);
                let w = i1 - i0;
                let filled = lists[i0..i1].iter().filter(|l| !l.is_empty()).count();
                let run = side
                    .number_runs
                    .get(&feats, &side.numbers, |f| &f.numbers, i0, i1);
                if !(2..=MAX_RUN).contains(&w) || filled == 0 {
                    assert_eq!(run, None);
                } else if filled == 1 {
                    // The one sentence's own list, kept or not.
                    assert_eq!(run, Some(&expected[..]));
                } else if expected.len() <= RUN_CAP {
                    assert_eq!(run, Some(&expected[..]));
                    kept_values += expected.len();
                } else {
                    assert_eq!(run, None, "run {i0}..{i1} of {}", expected.len());
                    over += 1;
                }
            }
        }
        assert!(over > 10 && kept_values > 0);
        // Only the kept runs take room.
        assert_eq!(side.number_runs.values.len(), kept_values);
    }

    #[test]
    fn a_one_to_one_pair_pays_for_support_next_door() {
        // Source 1 has no translation; target 1 translates source 2. The
        // shifted pair [1]:[1] matches nothing, while target 1's words lie
        // in source 2, next door.
        let sf = [
            sentence(&[1, 2, 3]),
            sentence(&[10, 11, 12]),
            sentence(&[20, 21, 22]),
        ];
        let tf = [sentence(&[1, 2, 3]), sentence(&[20, 21, 22])];
        let (s, t) = (Side::new(&sf, &[0, 0, 0]), Side::new(&tf, &[0, 0]));
        let mut off = CostModel::lexical();
        off.neighbour_support = 0.0;
        let on = CostModel::lexical();
        assert!(on.neighbour_support > 0.0);
        let one = on
            .priors
            .iter()
            .position(|&(k, _)| k == BeadKind::new(1, 1))
            .expect("a 1-1 shape");
        let costs = |model: &CostModel| {
            let mut scorer = Scorer::new(model, &s, &t, false, true);
            scorer.prepare(&Window::full(3, 2), 1);
            [(0, 0), (1, 1), (2, 1)].map(|(i, j)| scorer.cost(one, i, i + 1, j, j + 1))
        };
        let (before, after) = (costs(&off), costs(&on));
        // The shifted pair pays target 1's whole weight (three words of 4),
        // wholly unsupported by its own pair.
        let expected = on.neighbour_support * on.lexical * 12.0;
        assert!((after[1] - before[1] - expected).abs() < 1e-9);
        // The true pairs are not touched.
        assert_eq!(after[0], before[0]);
        assert_eq!(after[2], before[2]);
    }

    #[test]
    fn a_bead_joining_two_paragraphs_on_one_side_only_pays() {
        // Three one-sentence paragraphs against two: the 2-1 bead that
        // joins source 0 and 1 across their break pays `paragraph_join`,
        // unless source 0 does not end a sentence (a title, a wrapped
        // line), the source side is not checked, or the target side
        // crosses a break too.
        let sf = [sentence(&[1, 2]), sentence(&[3, 4]), sentence(&[5, 6])];
        let tf = [sentence(&[1, 2]), sentence(&[5, 6])];
        let model = CostModel::lexical();
        assert!(model.paragraph_join > 0.0);
        let shape = |a, b| {
            model
                .priors
                .iter()
                .position(|&(k, _)| k == BeadKind::new(a, b))
                .expect("a shape")
        };
        let cost = |ends: &[bool], checked: (bool, bool), b: (usize, usize, usize, usize)| {
            let mut s = Side::new(&sf, &[0, 1, 2]);
            let mut t = Side::new(&tf, &[0, 1]);
            s.set_sentence_ends(ends);
            t.set_sentence_ends(&[true, true]);
            let mut scorer = Scorer::new(&model, &s, &t, false, true);
            scorer.set_paragraph_joins(checked.0, checked.1);
            scorer.prepare(&Window::full(3, 2), 3);
            scorer.cost(shape(b.1 - b.0, b.3 - b.2), b.0, b.1, b.2, b.3)
        };
        let ends = [true, true, true];
        let joined = cost(&ends, (true, true), (0, 2, 0, 1));
        let unchecked = cost(&ends, (false, true), (0, 2, 0, 1));
        assert!((joined - unchecked - model.paragraph_join).abs() < 1e-9);
        assert_eq!(
            cost(&[false, true, true], (true, true), (0, 2, 0, 1)),
            unchecked
        );
        // Both sides cross a break: in step, nothing to pay.
        assert_eq!(
            cost(&ends, (true, true), (1, 3, 0, 2)),
            cost(&ends, (false, false), (1, 3, 0, 2))
        );
        // One sentence a side never pays.
        assert_eq!(
            cost(&ends, (true, true), (1, 2, 1, 2)),
            cost(&ends, (false, false), (1, 2, 1, 2))
        );
    }

    #[test]
    fn a_run_that_cannot_pay_for_paragraphs_skips_their_checks() {
        // Every bead of two sides with paragraphs and sentence ends that
        // join and break, under every combination of the paragraphs used
        // and each side's joins checked: where the source side's
        // `paragraphs` flag is off, neither check holds (the bead skips
        // what could not add anything); where it is on, the checks run as
        // before.
        let (sf, tf) = run_sentences(false);
        let (n, m) = (sf.len(), tf.len());
        let mut s = Side::new(&sf, &[0, 0, 0, 1, 1, 1]);
        let mut t = Side::new(&tf, &[0, 0, 0, 0, 1, 1, 1]);
        s.set_sentence_ends(&[true, true, false, true, true, true]);
        t.set_sentence_ends(&[true, true, true, false, true, true, true]);
        let model = CostModel::lexical();
        let (mut off, mut paid) = (0, 0);
        for used in [false, true] {
            for checked in [(false, false), (true, false), (false, true), (true, true)] {
                let mut scorer = Scorer::new(&model, &s, &t, used, true);
                scorer.set_paragraph_joins(checked.0, checked.1);
                scorer.prepare(&Window::full(n, m), 5);
                for i0 in 0..n {
                    for i1 in i0 + 1..=n.min(i0 + MAX_RUN) {
                        let side = scorer.src_side(0, (i0, i1), 1);
                        for j0 in 0..m {
                            for j1 in j0 + 1..=m {
                                let crossed = scorer.paragraphs_crossed(&side, j0, j1);
                                let joined = scorer.paragraphs_joined(&side, j0, j1);
                                if !side.paragraphs {
                                    assert!(!crossed && !joined, "{used} {checked:?} {i0} {j0}");
                                    off += 1;
                                }
                                paid += usize::from(crossed || joined);
                            }
                        }
                    }
                }
            }
        }
        assert!(off > 100 && paid > 100, "{off} {paid}");
    }

    #[test]
    fn final_punctuation_is_compared_as_the_flags_were() {
        // Last sentences with every combination of a final `?`, `!` and
        // closing quote on each side: each bead's two costs are those
        // without the punctuation terms, then, flag by flag in the order
        // `?`, `!`, quote, less `punct_match` where both have it and plus
        // `punct_miss` where one has it (as the terms were added before the
        // flags were kept as bits), bit for bit.
        let flagged = |stems: &[u32], bits: u8| SentenceFeatures {
            question: bits & 1 != 0,
            exclamation: bits & 2 != 0,
            quote: bits & 4 != 0,
            ..sentence(stems)
        };
        let sf: Vec<_> = (0..8u8)
            .map(|b| flagged(&[1, 2, u32::from(b) + 10], b))
            .collect();
        let tf: Vec<_> = (0..8u8)
            .map(|b| flagged(&[2, u32::from(7 - b) + 10], 7 - b))
            .collect();
        let (s, t) = (Side::new(&sf, &[0; 8]), Side::new(&tf, &[0; 8]));
        let model = CostModel {
            punct_match: 0.75,
            punct_miss: 1.25,
            ..CostModel::lexical()
        };
        let none = CostModel {
            punct_match: 0.0,
            punct_miss: 0.0,
            ..model.clone()
        };
        let scorer = |m| {
            let mut scorer = Scorer::new(m, &s, &t, false, true);
            scorer.set_support_shares(&[0.1, 0.3, 0.5, 0.7]);
            scorer.set_close_alternative(2.0, 1.0);
            scorer.prepare(&Window::full(8, 8), 5);
            scorer
        };
        let (with, without) = (scorer(&model), scorer(&none));
        let (mut matched, mut missed) = (0, 0);
        for (x, &(kind, _)) in model.priors.iter().enumerate() {
            if kind.src == 0 || kind.tgt == 0 {
                continue;
            }
            for i0 in 0..=8 - kind.src {
                for j0 in 0..=8 - kind.tgt {
                    let (i1, j1) = (i0 + kind.src, j0 + kind.tgt);
                    let (a, b) = with.costs(x, i0, i1, j0, j1);
                    let (mut c, mut d) = without.costs(x, i0, i1, j0, j1);
                    let (ls, lt) = (&sf[i1 - 1], &tf[j1 - 1]);
                    for (x, y) in [
                        (ls.question, lt.question),
                        (ls.exclamation, lt.exclamation),
                        (ls.quote, lt.quote),
                    ] {
                        if x && y {
                            c -= model.punct_match;
                            d -= model.punct_match;
                            matched += 1;
                        } else if x != y {
                            c += model.punct_miss;
                            d += model.punct_miss;
                            missed += 1;
                        }
                    }
                    assert_eq!(a.to_bits(), c.to_bits(), "{kind:?} at {i0}, {j0}");
                    assert_eq!(b.to_bits(), d.to_bits(), "{kind:?} at {i0}, {j0}");
                }
            }
        }
        assert!(matched > 50 && missed > 50);
    }

    #[test]
    fn a_mask_s_weight_is_its_positions_weights_summed_in_order() {
        // Against the sum that dropped the positions past the weights
        // first: bit for bit, for masks with positions past them or not.
        let dropped_first = |mut mask: u64, weights: &[f32]| -> f32 {
            if weights.len() < 64 {
                mask &= (1u64 << weights.len()) - 1;
            }
            let mut sum = 0.0;
            while mask != 0 {
                sum += weights[mask.trailing_zeros() as usize];
                mask &= mask - 1;
            }
            sum
        };
        let weights: Vec<f32> = (0..70).map(|k| 0.1 + (k * 37 % 11) as f32 * 0.37).collect();
        let mut mask = 0x9e37_79b9_7f4a_7c15u64;
        for len in 0..=70 {
            for _ in 0..20 {
                mask ^= mask << 13;
                mask ^= mask >> 7;
                mask ^= mask << 17;
                for m in [mask, mask & mask >> 3, u64::MAX, 0, 1 << 63] {
                    let w = &weights[..len];
                    assert_eq!(weight_of(m, w).to_bits(), dropped_first(m, w).to_bits());
                }
            }
        }
    }

    #[test]
    fn a_run_of_favoured_costs_is_each_beads_favoured_cost() {
        // Every shape, source run and run of target starts of a small grid,
        // with a bonus on every sentence: each value of a favoured run is
        // the bead's own favoured cost, to the bit (a shape with an empty
        // side is the inner model's run less each bead's bonus).
        let sf: Vec<_> = (0..6).map(|i| sentence(&[i, i + 1, 20 + i])).collect();
        let tf: Vec<_> = (0..7).map(|j| sentence(&[j, 30 + j])).collect();
        let (s, t) = (Side::new(&sf, &[0; 6]), Side::new(&tf, &[0; 7]));
        let model = CostModel::lexical();
        let mut scorer = Scorer::new(&model, &s, &t, false, true);
        scorer.prepare(&Window::full(6, 7), 5);
        let kinds: Vec<BeadKind> = model.priors.iter().map(|&(k, _)| k).collect();
        let favour = FavourNulls {
            inner: &scorer,
            src: (0..6).map(|i| 0.3 * f64::from(i) + 0.1).collect(),
            tgt: (0..7).map(|j| 0.7 / (f64::from(j) + 1.0)).collect(),
            kinds: &kinds,
        };
        let stride = 3;
        let mut nulls = 0;
        for (k, kind) in kinds.iter().enumerate() {
            for i0 in 0..=6 - kind.src {
                let i1 = i0 + kind.src;
                let last = 7 - kind.tgt;
                for a in 0..=last {
                    for b in a..=last + 1 {
                        let mut buf = vec![f64::NAN; (b - a) * stride + 1];
                        let out = Strided::new(&mut buf, stride);
                        favour.cost_run(k, (i0, i1), kind.tgt, a..b, out);
                        for (x, j0) in (a..b).enumerate() {
                            let one = favour.cost(k, i0, i1, j0, j0 + kind.tgt);
                            assert_eq!(buf[x * stride].to_bits(), one.to_bits());
                            if kind.src == 0 || kind.tgt == 0 {
                                assert!(one < scorer.cost(k, i0, i1, j0, j0 + kind.tgt));
                                nulls += 1;
                            }
                        }
                    }
                }
            }
        }
        assert!(nulls > 100);
    }

    #[test]
    fn the_close_alternative_is_the_scaled_scorer_to_the_bit() {
        // Every bead of a small grid (every shape), with support shares set:
        // the second cost of `costs` is what the same scorer gives after
        // `scale_unsupported` and `set_unrelated_pair`, bit for bit, and the
        // first is its own cost.
        let sf = [
            sentence(&[1, 2, 3]),
            sentence(&[10, 11, 12, 13]),
            sentence(&[20, 21]),
            sentence(&[30, 31, 2]),
            sentence(&[40]),
        ];
        let tf = [
            sentence(&[1, 2]),
            sentence(&[3, 10]),
            sentence(&[11, 12, 13, 99]),
            sentence(&[20, 21, 30]),
            sentence(&[31, 2, 40]),
            sentence(&[77]),
        ];
        let (s, t) = (
            Side::new(&sf, &[0, 0, 0, 0, 0]),
            Side::new(&tf, &[0, 0, 0, 0, 0, 0]),
        );
        let model = CostModel::lexical();
        let (k, w) = (2.0, 1.0);
        let scorer = |alt: bool, scaled: bool| {
            let mut scorer = Scorer::new(&model, &s, &t, false, true);
            scorer.set_support_shares(&[0.1, 0.3, 0.5, 0.7]);
            if alt {
                scorer.set_close_alternative(k, w);
            }
            if scaled {
                scorer.scale_unsupported(k);
                scorer.set_unrelated_pair(w);
            }
            scorer.prepare(&Window::full(5, 6), 5);
            scorer
        };
        let (plain, dual, scaled) = (
            scorer(false, false),
            scorer(true, false),
            scorer(false, true),
        );
        let mut merged = 0;
        for (x, &(kind, _)) in model.priors.iter().enumerate() {
            for i0 in 0..=5 - kind.src {
                for j0 in 0..=6 - kind.tgt {
                    let (i1, j1) = (i0 + kind.src, j0 + kind.tgt);
                    let own = plain.cost(x, i0, i1, j0, j1);
                    let (a, b) = dual.costs(x, i0, i1, j0, j1);
                    let other = scaled.cost(x, i0, i1, j0, j1);
                    assert_eq!(a.to_bits(), own.to_bits(), "{kind:?} at {i0}, {j0}");
                    assert_eq!(b.to_bits(), other.to_bits(), "{kind:?} at {i0}, {j0}");
                    if own != other {
                        merged += 1;
                    }
                }
            }
        }
        // The scaling changes some beads' costs.
        assert!(merged > 0);
    }

    /// The sentences of the run tests: shared and unshared words, numbers
    /// (in digits), Latin tokens and final marks; with `more`, one more
    /// sentence a side, of words other sentences have.
    fn run_sentences(more: bool) -> (Vec<SentenceFeatures>, Vec<SentenceFeatures>) {
        let f = |stems: &[u32], numbers: &[u32], latin: &[u32], question: bool| {
            let mut s = sentence(stems);
            s.len = 4.0 + 3.0 * stems.len() as f64;
            s.numbers = numbers.to_vec();
            s.digit_numbers = numbers.len();
            s.latin = latin.to_vec();
            s.question = question;
            s
        };
        let mut sf = vec![
            f(&[1, 2, 3], &[5], &[], false),
            f(&[10, 11, 12, 13], &[], &[70, 71], true),
            f(&[20, 21], &[7, 9], &[72], false),
            f(&[30, 31, 2], &[], &[], false),
            f(&[40, 41], &[9], &[73], true),
            f(&[50], &[], &[], false),
        ];
        let mut tf = vec![
            f(&[1, 2], &[5], &[], false),
            f(&[3, 10], &[], &[70], true),
            f(&[11, 12, 13, 99], &[7], &[], false),
            f(&[20, 21, 30], &[9, 9], &[72], false),
            f(&[31, 2, 40], &[], &[], true),
            f(&[41, 77], &[9], &[73], false),
            f(&[50, 51], &[], &[], false),
        ];
        if more {
            sf.push(f(&[2, 3, 60], &[], &[], false));
            tf.push(f(&[60, 2], &[], &[], false));
        }
        (sf, tf)
    }

    #[test]
    fn a_run_of_beads_costs_what_each_bead_costs_to_the_bit() {
        // Sentences with shared and unshared words, numbers (in digits),
        // Latin tokens, final marks, two paragraphs a side and a copied
        // sentence: every run of every shape from every source run, and
        // every part of it (the run's lists are gathered over its span),
        // gives each bead's own cost and close alternative, bit for bit.
        let (sf, tf) = run_sentences(false);
        let (n, m) = (sf.len(), tf.len());
        let mut s = Side::new(&sf, &[0, 0, 0, 1, 1, 1]);
        let mut t = Side::new(&tf, &[0, 0, 0, 0, 1, 1, 1]);
        s.set_sentence_ends(&[true, true, false, true, true, true]);
        t.set_sentence_ends(&[true; 7]);
        let model = CostModel::lexical();
        let mut scorer = Scorer::new(&model, &s, &t, true, true);
        scorer.set_paragraph_joins(true, true);
        scorer.set_copies(vec![0, 0, 0, 0, 0, 8], vec![0, 0, 0, 0, 0, 0, 8]);
        scorer.set_support_shares(&[0.1, 0.3, 0.5, 0.7]);
        scorer.set_close_alternative(2.0, 1.0);
        scorer.prepare(&Window::full(n, m), 5);
        let mut runs = 0;
        for (x, &(kind, _)) in model.priors.iter().enumerate() {
            for i0 in 0..=n - kind.src {
                let i1 = i0 + kind.src;
                for from in 0..=m - kind.tgt {
                    for to in from + 1..=m - kind.tgt + 1 {
                        let mut one = vec![f64::NAN; to - from];
                        let mut two = vec![(f64::NAN, f64::NAN); to - from];
                        let out = Strided::new(&mut one, 1);
                        scorer.cost_run(x, (i0, i1), kind.tgt, from..to, out);
                        let out = Strided::new(&mut two, 1);
                        scorer.costs_run(x, (i0, i1), kind.tgt, from..to, out);
                        for (k, j0) in (from..to).enumerate() {
                            let j1 = j0 + kind.tgt;
                            let own = scorer.cost(x, i0, i1, j0, j1);
                            let (a, b) = scorer.costs(x, i0, i1, j0, j1);
                            assert_eq!(one[k].to_bits(), own.to_bits(), "{kind:?} {i0} {j0}");
                            assert_eq!(two[k].0.to_bits(), a.to_bits(), "{kind:?} {i0} {j0}");
                            assert_eq!(two[k].1.to_bits(), b.to_bits(), "{kind:?} {i0} {j0}");
                        }
                        runs += 1;
                    }
                }
            }
        }
        assert!(runs > 1000);
    }

    /// For every source side of `scorer`'s `n` × `m` grid, the runs of
    /// every shape of `kinds` with its source count (those with an empty
    /// side among them, one shape's run cut in two, runs of a few starts to
    /// the whole row), asked together ([`BeadCost::cost_runs`]), put each
    /// bead's own cost and close alternative at its place, bit for bit, and
    /// write nothing else; so do the favoured costs of the same runs.
    /// Returns the groups of runs checked.
    fn check_runs_of_source_sides(
        scorer: &Scorer,
        kinds: &[BeadKind],
        (n, m): (usize, usize),
    ) -> usize {
        let nk = kinds.len();
        let favour = FavourNulls {
            inner: scorer,
            src: (0..n).map(|i| 0.3 * i as f64 + 0.1).collect(),
            tgt: (0..m).map(|j| 0.7 / (j as f64 + 1.0)).collect(),
            kinds,
        };
        let mut groups = 0;
        for a in 0..=MAX_RUN {
            for i0 in 0..=n - a {
                let i1 = i0 + a;
                for pattern in 0..6 {
                    // Every shape of `a` source sentences (`pattern` 5:
                    // those with both sides non-empty only), each with its
                    // own run of starts; the value of the bead from target
                    // `j0` at `j0 * nk + k`.
                    let mut runs = Vec::new();
                    for (k, kind) in kinds.iter().enumerate() {
                        if kind.src != a || (pattern == 5 && kind.tgt == 0) || kind.tgt > m {
                            continue;
                        }
                        let last = m - kind.tgt;
                        let from = (pattern + k) % (last + 1);
                        let to = match pattern {
                            0 | 5 => last + 1,
                            _ => (from + 1 + (pattern * 3 + k) % 4).min(last + 1),
                        };
                        let run = |starts: Range<usize>| Run {
                            kind: k,
                            tgt: kind.tgt,
                            at: starts.start * nk + k,
                            starts,
                        };
                        if pattern == 3 && to - from >= 3 {
                            // Cut in two, a start left out between.
                            runs.push(run(from..from + 1));
                            runs.push(run(from + 2..to));
                        } else {
                            runs.push(run(from..to));
                        }
                    }
                    if runs.is_empty() {
                        continue;
                    }
                    groups += 1;
                    let len = (m + 1) * nk;
                    let mut one = vec![f64::NAN; len];
                    let mut two = vec![(f64::NAN, f64::NAN); len];
                    let mut fav = vec![f64::NAN; len];
                    scorer.cost_runs((i0, i1), &runs, &mut one, nk);
                    scorer.costs_runs((i0, i1), &runs, &mut two, nk);
                    favour.cost_runs((i0, i1), &runs, &mut fav, nk);
                    let mut put = vec![false; len];
                    for r in &runs {
                        for (x, j0) in r.starts.clone().enumerate() {
                            let at = r.at + x * nk;
                            put[at] = true;
                            let j1 = j0 + r.tgt;
                            let own = scorer.cost(r.kind, i0, i1, j0, j1);
                            let (c, alt) = scorer.costs(r.kind, i0, i1, j0, j1);
                            let favoured = favour.cost(r.kind, i0, i1, j0, j1);
                            let place = (kinds[r.kind], i0, j0, pattern);
                            assert_eq!(one[at].to_bits(), own.to_bits(), "{place:?}");
                            assert_eq!(two[at].0.to_bits(), c.to_bits(), "{place:?}");
                            assert_eq!(two[at].1.to_bits(), alt.to_bits(), "{place:?}");
                            assert_eq!(fav[at].to_bits(), favoured.to_bits(), "{place:?}");
                        }
                    }
                    for (x, &p) in put.iter().enumerate() {
                        if !p {
                            assert!(one[x].is_nan() && two[x].0.is_nan() && fav[x].is_nan());
                        }
                    }
                }
            }
        }
        groups
    }

    #[test]
    fn the_runs_of_a_source_side_cost_what_each_bead_costs_to_the_bit() {
        // The sentences of the run test (numbers, Latin tokens, final
        // marks, paragraphs, a copy, the close alternative, support next
        // door), then those of the column test (repeated words told apart
        // by their repeats or not, names, uneven weights; with the close
        // alternative and without), every group checked as
        // `check_runs_of_source_sides` says.
        let (sf, tf) = run_sentences(true);
        let (n, m) = (sf.len(), tf.len());
        let mut s = Side::new(&sf, &[0, 0, 0, 1, 1, 1, 1]);
        let mut t = Side::new(&tf, &[0, 0, 0, 0, 1, 1, 1, 1]);
        s.set_sentence_ends(&[true, true, false, true, true, true, true]);
        t.set_sentence_ends(&[true; 8]);
        let model = CostModel::lexical();
        assert!(model.neighbour_support != 0.0);
        let kinds: Vec<BeadKind> = model.priors.iter().map(|&(k, _)| k).collect();
        let mut scorer = Scorer::new(&model, &s, &t, true, true);
        scorer.set_paragraph_joins(true, true);
        scorer.set_copies(vec![0, 0, 0, 0, 0, 8, 0], vec![0, 0, 0, 0, 0, 0, 8, 0]);
        scorer.set_support_shares(&[0.1, 0.3, 0.5, 0.7]);
        scorer.set_close_alternative(2.0, 1.0);
        scorer.prepare(&Window::full(n, m), 5);
        let groups = check_runs_of_source_sides(&scorer, &kinds, (n, m));
        assert!(groups > 150, "{groups}");

        let (sf, tf) = column_sentences();
        let (n, m) = (sf.len(), tf.len());
        let (s, t) = (Side::new(&sf, &[0; 9]), Side::new(&tf, &[0; 16]));
        assert!(s.repeated.iter().chain(&t.repeated).any(|&r| r != 0));
        let mut model = CostModel::lexical();
        model.priors.push((BeadKind::new(3, 3), 0.001));
        let kinds: Vec<BeadKind> = model.priors.iter().map(|&(k, _)| k).collect();
        each_column_scorer(&mut model, (&s, &t), (n, m), |scorer, _, _, _| {
            let groups = check_runs_of_source_sides(scorer, &kinds, (n, m));
            assert!(groups > 200, "{groups}");
        });
    }

    /// The sentences of the column tests: 9 source and 16 target
    /// [`varied_sentence`]s, every fifth a question, the target's repeating
    /// the source's words in an uneven order.
    fn column_sentences() -> (Vec<SentenceFeatures>, Vec<SentenceFeatures>) {
        let f = |i: u32, side: u32| SentenceFeatures {
            question: (i + side).is_multiple_of(5),
            ..varied_sentence(i, side, (5, 6), 17)
        };
        let sf = (0..9).map(|i| f(i, 0)).collect();
        let tf = (0..16).map(|i| f(i / 2 + i % 3, 1)).collect();
        (sf, tf)
    }

    /// Calls `check` with a prepared scorer of `model` for the column
    /// tests' sides, with the model's shared credit and with 1 (shared words
    /// told apart or not), each without and with the close alternative;
    /// with the model as set, the credit and whether the alternative is on.
    fn each_column_scorer(
        model: &mut CostModel,
        (s, t): (&Side, &Side),
        (n, m): (usize, usize),
        mut check: impl FnMut(&Scorer, &CostModel, f64, bool),
    ) {
        for credit in [model.shared_credit, 1.0] {
            model.shared_credit = credit;
            for alt in [false, true] {
                let mut scorer = Scorer::new(model, s, t, false, true);
                scorer.set_support_shares(&[0.1, 0.3, 0.5, 0.7]);
                if alt {
                    scorer.set_close_alternative(2.0, 1.0);
                }
                scorer.prepare(&Window::full(n, m), 5);
                check(&scorer, model, credit, alt);
            }
        }
    }

    /// Sentence `i` of a side (`side` 0 or 1) for the tests of runs and
    /// tables: `words.0 + (3i + side) % words.1` stems out of `vocabulary`,
    /// shared with its neighbours and repeated within it, unevenly weighted,
    /// with two names.
    fn varied_sentence(i: u32, side: u32, words: (u32, u32), vocabulary: u32) -> SentenceFeatures {
        let stems: Vec<u32> = (0..words.0 + (i * 3 + side) % words.1)
            .map(|k| (i + k / 2 + side * (k % 3)) % vocabulary + (k % 4 == 3) as u32 * (i % 3))
            .collect();
        let weights: Vec<f32> = (0..stems.len())
            .map(|k| 0.3 + ((k as u32 * 7 + i) % 5) as f32 * 0.45)
            .collect();
        let mut s = SentenceFeatures::of_stems(&stems, weights);
        s.keys = stems;
        s.len = 10.0 + f64::from((i * 5 + side) % 9);
        s.names = vec![i % 4, 7 + i % 3];
        s
    }

    #[test]
    fn a_run_read_by_columns_costs_what_each_bead_costs_to_the_bit() {
        // Long runs of every shape that `Scorer::run_columns` takes (and
        // the others), over sentences that repeat words (contested words
        // told apart by their repeats), share words with both neighbours,
        // hold names on the English (target) side and weigh their words
        // unevenly: each run's costs (each target sentence's column read
        // once) are those of its beads one by one (the per-bead path), to
        // the bit, with the close alternative and without, and with shared
        // words told apart or not.
        let (sf, tf) = column_sentences();
        let (n, m) = (sf.len(), tf.len());
        let (s, t) = (Side::new(&sf, &[0; 9]), Side::new(&tf, &[0; 16]));
        assert!(s.repeated.iter().chain(&t.repeated).any(|&r| r != 0));
        let mut model = CostModel::lexical();
        model.priors.push((BeadKind::new(3, 3), 0.001));
        let (mut runs, mut contested) = (0, 0);
        each_column_scorer(
            &mut model,
            (&s, &t),
            (n, m),
            |scorer, model, credit, alt| {
                for (x, &(kind, _)) in model.priors.iter().enumerate() {
                    if kind.src == 0 || kind.tgt == 0 {
                        continue;
                    }
                    for i0 in 0..=n - kind.src {
                        let i1 = i0 + kind.src;
                        for (from, to) in [(0, m - kind.tgt + 1), (3, 4), (2, 9)] {
                            let mut one = vec![f64::NAN; to - from];
                            let mut two = vec![(f64::NAN, f64::NAN); to - from];
                            let out = Strided::new(&mut one, 1);
                            scorer.cost_run(x, (i0, i1), kind.tgt, from..to, out);
                            let out = Strided::new(&mut two, 1);
                            scorer.costs_run(x, (i0, i1), kind.tgt, from..to, out);
                            for (k, j0) in (from..to).enumerate() {
                                let j1 = j0 + kind.tgt;
                                let own = scorer.cost(x, i0, i1, j0, j1);
                                let (a, b) = scorer.costs(x, i0, i1, j0, j1);
                                let at = format!("{kind:?} {i0} {j0} {credit} {alt}");
                                assert_eq!(one[k].to_bits(), own.to_bits(), "{at}");
                                assert_eq!(two[k].0.to_bits(), a.to_bits(), "{at}");
                                assert_eq!(two[k].1.to_bits(), b.to_bits(), "{at}");
                            }
                            runs += 1;
                        }
                        // Target sentences with a word that both source
                        // sentences of a 2-2 bead match, not repeated as
                        // often.
                        if kind == BeadKind::new(2, 2) && credit < 1.0 {
                            let side = scorer.src_side(x, (i0, i1), kind.tgt);
                            contested += (0..m)
                                .filter(|&j| scorer.column::<2, false>(&side, j).twice != 0)
                                .count();
                        }
                    }
                }
            },
        );
        assert!(runs > 500, "{runs}");
        assert!(contested > 0);
    }

    #[test]
    fn a_table_of_the_pairs_read_costs_what_the_whole_band_costs() {
        // Sentences that share words with their neighbours (so that the
        // pairs next door hold evidence), repeat words and carry names, in
        // guided windows that widen, narrow and widen again, with beads of
        // one source sentence and of up to five: every bead a search may
        // ask for (every shape, every cell of the window whose bead lands
        // in it) costs the same with the table of the pairs read
        // (`Scorer::pair_rows`, built from the table before it, as the
        // search builds it) as with a fresh table of the whole band
        // (`pair_band`), and the same again when every pair of the band
        // outside the rows read is poisoned: no cost reads one.
        let f = |i: u32, side: u32| varied_sentence(i, side, (4, 5), 23);
        let (n, m): (usize, usize) = (17, 24);
        // Some sentences of each side share no word with any other (their
        // own pairs support nothing), so that a 1-1 bead holding one pays
        // for the support its neighbours' pairs show: those reads change
        // its cost.
        let alone = |i: u32| {
            let stems: Vec<u32> = (0..4).map(|k| 1000 + i * 10 + k).collect();
            let mut s = SentenceFeatures::of_stems(&stems, vec![1.0; 4]);
            s.len = 12.0;
            s
        };
        let sf: Vec<SentenceFeatures> = (0..n as u32)
            .map(|i| if i % 4 == 2 { alone(i) } else { f(i, 0) })
            .collect();
        let tf: Vec<SentenceFeatures> = (0..m as u32)
            .map(|i| {
                if i % 3 == 1 {
                    alone(100 + i)
                } else {
                    f(i * 2 / 3, 1)
                }
            })
            .collect();
        let (s, t) = (Side::new(&sf, &[0; 17]), Side::new(&tf, &[0; 24]));
        // The lexical model with a 3-3 and a 2-6 shape (the long-side
        // path), and with the one-sentence shapes only (as a first pass
        // searches: no other shape's pairs cover a 1-1 bead's neighbours).
        let mut model = CostModel::lexical();
        model.priors.push((BeadKind::new(3, 3), 0.001));
        model.priors.push((BeadKind::new(2, 6), 0.001));
        assert!(model.neighbour_support != 0.0);
        let mut ones = model.clone();
        ones.priors.retain(|(k, _)| k.src <= 1 && k.tgt <= 1);
        let models = [model, ones];
        let poison = Pair {
            src_words: u64::MAX,
            tgt_words: u64::MAX,
            names: u64::MAX,
            src_weight: 1.0e4,
            tgt_weight: 1.0e4,
        };
        let (mut beads, mut saved, mut teeth) = (0, 0, 0);
        for model in &models {
            let scorer = || {
                let mut scorer = Scorer::new(model, &s, &t, false, true);
                scorer.set_support_shares(&[0.1, 0.3, 0.5, 0.7]);
                scorer.set_close_alternative(2.0, 1.0);
                scorer.set_unrelated_pair(1.0);
                scorer
            };
            let guide: Vec<(usize, usize)> =
                (0..=n).map(|i| (i * m / n, (i * m).div_ceil(n))).collect();
            let around = |widths: &[usize]| Window::around(&guide, widths, m);
            let mut wide = vec![1; n + 1];
            wide[6..11].fill(4);
            let windows = [
                (around(&[1; 18]), 1),
                (around(&[1; 18]), 5),
                (around(&wide), 5),
                (around(&[3; 18]), 6),
                (around(&[1; 18]), 2),
                (Window::full(n, m), 6),
            ];
            let mut tight = scorer();
            for (w, (window, max_src)) in windows.iter().enumerate() {
                tight.prepare(window, *max_src);
                let (band_lo, band_hi) = pair_band(window, *max_src);
                let (lo, hi) = tight.pair_rows(window, *max_src);
                // The rows from `paired_run`'s runs, shape by shape.
                let (mut by_runs_lo, mut by_runs_hi) = (vec![usize::MAX; n], vec![0; n]);
                for &(kind, _) in &model.priors {
                    if kind.src == 0 || kind.tgt == 0 || kind.src > *max_src {
                        continue;
                    }
                    for r in 0..n {
                        let run =
                            super::super::search::paired_run(window, (n, m), kind, usize::MAX, r);
                        if run.is_empty() {
                            continue;
                        }
                        let mut read = |i: usize, from: usize, to: usize| {
                            by_runs_lo[i] = by_runs_lo[i].min(from);
                            by_runs_hi[i] = by_runs_hi[i].max(to);
                        };
                        for i in r..r + kind.src {
                            read(i, run.start, run.end - 1 + kind.tgt);
                        }
                        if kind == BeadKind::new(1, 1) {
                            read(r, run.start.saturating_sub(1), run.end + 1);
                            if r > 0 {
                                read(r - 1, run.start, run.end);
                            }
                            if r + 1 < n {
                                read(r + 1, run.start, run.end);
                            }
                        }
                    }
                }
                for i in 0..n {
                    let (l, h) = (by_runs_lo[i].max(band_lo[i]), by_runs_hi[i].min(band_hi[i]));
                    let expected = if l < h { (l, h) } else { (0, 0) };
                    assert_eq!((lo[i], hi[i]), expected, "window {w}, row {i}");
                }
                let band = || {
                    let (lo, hi) = (band_lo.clone(), band_hi.clone());
                    PairTable::build(&sf, &tf, lo, hi, false, None)
                };
                let mut whole = scorer();
                whole.pairs = band();
                let mut poisoned = scorer();
                poisoned.pairs = band().poisoned_outside(&lo, &hi, poison);
                // Poison everywhere: some cost reads a pair (the check bites).
                let mut all = scorer();
                all.pairs = band().poisoned_outside(&[0; 17], &[0; 17], poison);
                saved += whole.pairs.len() - tight.pairs.len();
                for (x, &(kind, _)) in model.priors.iter().enumerate() {
                    if kind.src > *max_src {
                        continue;
                    }
                    for r in 0..=n {
                        let run =
                            super::super::search::paired_run(window, (n, m), kind, usize::MAX, r);
                        if run.is_empty() {
                            continue;
                        }
                        let (i0, i1) = (r, r + kind.src);
                        let runs = |sc: &Scorer| {
                            let mut one = vec![f64::NAN; run.len()];
                            let mut two = vec![(f64::NAN, f64::NAN); run.len()];
                            sc.cost_run(
                                x,
                                (i0, i1),
                                kind.tgt,
                                run.clone(),
                                Strided::new(&mut one, 1),
                            );
                            sc.costs_run(
                                x,
                                (i0, i1),
                                kind.tgt,
                                run.clone(),
                                Strided::new(&mut two, 1),
                            );
                            let mut bits = Vec::new();
                            for (k, j0) in run.clone().enumerate() {
                                let j1 = j0 + kind.tgt;
                                let (a, b) = sc.costs(x, i0, i1, j0, j1);
                                bits.push(
                                    [one[k], two[k].0, two[k].1, sc.cost(x, i0, i1, j0, j1), a, b]
                                        .map(f64::to_bits),
                                );
                            }
                            bits
                        };
                        let got = runs(&tight);
                        let at = format!("window {w}, {kind:?} from row {r}");
                        assert_eq!(got, runs(&whole), "{at}");
                        assert_eq!(got, runs(&poisoned), "{at}");
                        teeth += usize::from(got != runs(&all));
                        beads += run.len();
                    }
                }
            }
        }
        assert!(beads > 2000, "{beads}");
        assert!(saved > 200, "{saved}");
        assert!(teeth > 100, "{teeth}");
    }

    #[test]
    fn an_unrelated_one_to_one_pair_pays_only_when_asked() {
        // Source and target 0 translate each other; 1 and 1 share nothing.
        let sf = [sentence(&[1, 2, 3]), sentence(&[10, 11, 12])];
        let tf = [sentence(&[1, 2, 3]), sentence(&[20, 21, 22])];
        let (s, t) = (Side::new(&sf, &[0, 0]), Side::new(&tf, &[0, 0]));
        let model = CostModel::lexical();
        let one = model
            .priors
            .iter()
            .position(|&(k, _)| k == BeadKind::new(1, 1))
            .expect("a 1-1 shape");
        let mut scorer = Scorer::new(&model, &s, &t, false, true);
        scorer.prepare(&Window::full(2, 2), 1);
        let (related, unrelated) = (scorer.cost(one, 0, 1, 0, 1), scorer.cost(one, 1, 2, 1, 2));
        scorer.set_unrelated_pair(2.0);
        // Both sentences wholly unsupported: twice the cost of one.
        let expected = 2.0 * scorer.unsupported_cost;
        assert!(expected > 0.0);
        assert!((scorer.cost(one, 1, 2, 1, 2) - unrelated - expected).abs() < 1e-9);
        // A supported pair is not touched.
        assert_eq!(scorer.cost(one, 0, 1, 0, 1), related);
    }

    #[test]
    fn a_bead_with_an_empty_side_takes_its_own_calibration() {
        let full = CostModel::lexical();
        let empty = full.calibration_empty.expect("a fitted full-empty row");
        for p in [0.3, 0.7, 0.95, 0.999] {
            assert_eq!(full.confidence(p, true), empty.apply(p));
            assert_eq!(full.confidence(p, false), full.calibration.apply(p));
        }
        // Fitted on planted omissions: the favoured search's near-certain
        // empty-side beads are right less often than other near-certain
        // beads, so the same posterior means less.
        assert!(full.confidence(0.99, true) < full.confidence(0.99, false) - 0.02);
        // Without a map of its own, an empty-side bead takes the model's.
        let core = CostModel::length_only();
        assert!(core.calibration_empty.is_none());
        assert_eq!(core.confidence(0.8, true), core.confidence(0.8, false));
    }
}
