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
//!   score adds up the same way whatever the bead sizes.
//! - **names**: every English name candidate matched by the pinyin of the
//!   Chinese side earns `name_match`.
//! - **unsupported sentences**: in a bead whose side joins several
//!   sentences, each sentence of that side that the other side hardly
//!   translates pays [`CostModel::uncovered`] (scaled on the pair itself), so
//!   that an omitted or added sentence is an empty-side bead rather than
//!   part of its neighbour's.

use super::calibration::Calibration;
use super::pairs::PairTable;
use crate::features::SentenceFeatures;

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
/// 4-2. Beads with an empty side
/// are likelier than in the length-only table, and pay only 30% of the
/// length cost ([`CostModel::null_length`]), so that real omissions get
/// through.
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
    /// Cost of a bead boundary that ends a paragraph on one side only (used
    /// only when both sides have comparable paragraph structure).
    pub paragraph_mismatch: f64,
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
    /// Maps bead posteriors to calibrated confidences (fitted on MAC-Dev by
    /// `examples/calibrate.rs`; see [`Calibration`]).
    pub calibration: Calibration,
}

impl CostModel {
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
            calibration: Calibration::fitted("full"),
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
            lexical: 0.0,
            name_match: 0.0,
            unrelated_median: 0.4,
            uncovered: 0.0,
            coverage_target: 0.3,
            coverage_weight: 8.0,
            calibration: Calibration::fitted("core"),
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
}

impl<'a> Side<'a> {
    pub fn new(feats: &'a [SentenceFeatures], paragraphs: &[usize]) -> Self {
        let mut prefix = Vec::with_capacity(feats.len() + 1);
        prefix.push(0.0);
        for f in feats {
            prefix.push(prefix.last().copied().unwrap_or(0.0) + f.len);
        }
        let n = feats.len();
        let boundary = (0..=n)
            .map(|i| i == 0 || i == n || paragraphs[i - 1] != paragraphs[i])
            .collect();
        let content = feats.iter().map(|f| f.weights.iter().sum()).collect();
        Side {
            feats,
            prefix,
            boundary,
            content,
        }
    }

    pub fn total(&self) -> f64 {
        self.prefix.last().copied().unwrap_or(0.0)
    }
}

/// Scores candidate beads; holds scratch buffers so that scoring allocates
/// nothing.
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
    names_on_tgt: bool,
    inv_two_var: f64,
    null_inv_two_var: f64,
    /// Lexical and name evidence for the sentence pairs of the current band.
    pub pairs: PairTable,
    /// The matched share that counts as full support in this document pair
    /// (`coverage_target` × the typical share).
    target_share: f64,
    /// How often a sentence of a real bead falls below the target share in
    /// this document pair; an unsupported sentence costs `ln(1 / rate)`
    /// times [`CostModel::uncovered`].
    unsupported_rate: f64,
    a: Vec<u32>,
    b: Vec<u32>,
}

impl<'a> Scorer<'a> {
    pub fn new(
        model: &'a CostModel,
        src: &'a Side<'a>,
        tgt: &'a Side<'a>,
        use_paragraphs: bool,
        names_on_tgt: bool,
    ) -> Self {
        let ratio = (tgt.total() + 1.0) / (src.total() + 1.0);
        Scorer {
            model,
            src,
            tgt,
            prior_cost: model.priors.iter().map(|&(_, p)| -p.ln()).collect(),

            src_log: run_logs(&src.prefix, ratio, model.length_smoothing * ratio.sqrt()),
            tgt_log: run_logs(&tgt.prefix, 1.0, model.length_smoothing * ratio.sqrt()),
            use_paragraphs,
            names_on_tgt,
            inv_two_var: model.length_weight / (2.0 * model.length_variance),
            null_inv_two_var: model.length_weight * model.null_length
                / (2.0 * model.length_variance),
            pairs: PairTable::default(),
            target_share: model.coverage_target * DEFAULT_TYPICAL_SHARE,
            unsupported_rate: DEFAULT_UNSUPPORTED_RATE,
            a: Vec::new(),
            b: Vec::new(),
        }
    }

    /// Cost of the bead of shape `kind_index` covering source `i0..i1` and
    /// target `j0..j1`.
    pub fn cost(&mut self, kind_index: usize, i0: usize, i1: usize, j0: usize, j1: usize) -> f64 {
        let m = self.model;
        let mut cost = self.prior_cost[kind_index];
        let d =
            self.tgt_log[j1 * LOG_STRIDE + (j1 - j0)] - self.src_log[i1 * LOG_STRIDE + (i1 - i0)];
        let null = i0 == i1 || j0 == j1;
        let weight = if null {
            self.null_inv_two_var
        } else {
            self.inv_two_var
        };
        cost += d * d * weight;
        if self.use_paragraphs && self.src.boundary[i1] != self.tgt.boundary[j1] {
            cost += m.paragraph_mismatch;
        }
        if i0 == i1 || j0 == j1 {
            return cost;
        }
        let sf = &self.src.feats[i0..i1];
        let tf = &self.tgt.feats[j0..j1];
        // Numbers: shared ones are evidence, unmatched ones mild counter-evidence.
        let (shared, total_s, total_t) =
            shared_count(&mut self.a, &mut self.b, sf, tf, |f| &f.numbers);
        if total_s + total_t > 0 {
            // Only numbers written in digits are expected on the other side.
            let digits_s: usize = sf.iter().map(|f| f.digit_numbers).sum();
            let digits_t: usize = tf.iter().map(|f| f.digit_numbers).sum();
            let miss = digits_s.saturating_sub(shared) + digits_t.saturating_sub(shared);
            cost += m.number_miss * miss as f64 - m.number_match * shared as f64;
        }
        let (shared, _, _) = shared_count(&mut self.a, &mut self.b, sf, tf, |f| &f.latin);
        cost -= m.latin_match * shared as f64;
        if m.lexical != 0.0 || m.name_match != 0.0 {
            cost -= self.lexical_evidence(i0, i1, j0, j1);
        }
        // Final punctuation of the bead's last sentences.
        let (ls, lt) = (&sf[sf.len() - 1], &tf[tf.len() - 1]);
        for (x, y) in [
            (ls.question, lt.question),
            (ls.exclamation, lt.exclamation),
            (ls.quote, lt.quote),
        ] {
            if x && y {
                cost -= m.punct_match;
            } else if x != y {
                cost += m.punct_miss;
            }
        }
        cost
    }
}

impl Scorer<'_> {
    /// The source and target features.
    pub fn feats(&self) -> (&[SentenceFeatures], &[SentenceFeatures]) {
        (self.src.feats, self.tgt.feats)
    }

    /// Prefix sums of the source and target sentence lengths.
    pub fn prefixes(&self) -> (&[f64], &[f64]) {
        (&self.src.prefix, &self.tgt.prefix)
    }

    /// Whether the English name candidates are on the target side.
    pub fn names_on_tgt(&self) -> bool {
        self.names_on_tgt
    }

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
        self.unsupported_rate = (below as f64 / sorted.len() as f64).clamp(0.01, 0.5);
    }

    /// Whether lexical or name evidence is scored at all.
    pub fn uses_pairs(&self) -> bool {
        self.model.lexical != 0.0 || self.model.name_match != 0.0
    }

    /// The lexical and name bonus of a bead, from the pair table, less the
    /// cost of its unsupported sentences ([`CostModel::uncovered`]).
    fn lexical_evidence(&self, i0: usize, i1: usize, j0: usize, j1: usize) -> f64 {
        let m = self.model;
        let mut words = 0.0f32;
        let mut names = 0u32;
        let mut unsupported = 0.0f64;
        for i in i0..i1 {
            let (mut mask, mut name_mask) = (0u64, 0u64);
            for j in j0..j1 {
                let p = self.pairs.get(i, j);
                mask |= p.src_words;
                name_mask |= p.names;
            }
            let matched = weight_of(mask, &self.src.feats[i].weights);
            words += matched;
            let mut support = matched;
            if !self.names_on_tgt {
                names += name_mask.count_ones();
                support += name_mask.count_ones() as f32;
            }
            if i1 - i0 > 1 {
                unsupported += self.unsupported(support, self.src.content[i]);
            }
        }
        for j in j0..j1 {
            let (mut mask, mut name_mask) = (0u64, 0u64);
            for i in i0..i1 {
                let p = self.pairs.get(i, j);
                mask |= p.tgt_words;
                name_mask |= p.names;
            }
            let matched = weight_of(mask, &self.tgt.feats[j].weights);
            words += matched;
            let mut support = matched;
            if self.names_on_tgt {
                names += name_mask.count_ones();
                support += name_mask.count_ones() as f32;
            }
            if j1 - j0 > 1 {
                unsupported += self.unsupported(support, self.tgt.content[j]);
            }
        }
        m.lexical * f64::from(words) + m.name_match * f64::from(names) - unsupported
    }

    /// The cost of one sentence of a bead whose matched word weight is
    /// `support` out of `content` (see [`CostModel::uncovered`]).
    #[inline]
    fn unsupported(&self, support: f32, content: f32) -> f64 {
        let m = self.model;
        if m.uncovered == 0.0 || content <= 0.0 {
            return 0.0;
        }
        let (support, content) = (f64::from(support), f64::from(content));
        let share = support / content;
        let lack = (1.0 - share / self.target_share.max(1e-6)).max(0.0);
        m.uncovered
            * (1.0 / self.unsupported_rate).ln()
            * lack
            * (content / m.coverage_weight).min(1.0)
    }
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
fn run_logs(prefix: &[f64], scale: f64, smooth: f64) -> Vec<f64> {
    let mut out = vec![0.0; prefix.len() * LOG_STRIDE];
    for i in 0..prefix.len() {
        for w in 0..LOG_STRIDE.min(i + 1) {
            out[i * LOG_STRIDE + w] = (scale * (prefix[i] - prefix[i - w]) + smooth).ln();
        }
    }
    out
}

/// Sum of the weights of the word positions set in `mask`.
pub(crate) fn weight_of(mut mask: u64, weights: &[f32]) -> f32 {
    let mut sum = 0.0;
    while mask != 0 {
        let k = mask.trailing_zeros() as usize;
        sum += weights.get(k).copied().unwrap_or(0.0);
        mask &= mask - 1;
    }
    sum
}

/// Size of the multiset intersection of one list-valued feature over two
/// runs of sentences, and the two totals. Uses the scratch buffers.
fn shared_count(
    a: &mut Vec<u32>,
    b: &mut Vec<u32>,
    sf: &[SentenceFeatures],
    tf: &[SentenceFeatures],
    get: impl Fn(&SentenceFeatures) -> &Vec<u32>,
) -> (usize, usize, usize) {
    let total_s: usize = sf.iter().map(|f| get(f).len()).sum();
    let total_t: usize = tf.iter().map(|f| get(f).len()).sum();
    if total_s == 0 || total_t == 0 {
        return (0, total_s, total_t);
    }
    fill_sorted(a, sf, &get);
    fill_sorted(b, tf, &get);
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
    (shared, total_s, total_t)
}

fn fill_sorted(
    buf: &mut Vec<u32>,
    feats: &[SentenceFeatures],
    get: &impl Fn(&SentenceFeatures) -> &Vec<u32>,
) {
    buf.clear();
    for f in feats {
        buf.extend_from_slice(get(f));
    }
    if feats.len() > 1 {
        buf.sort_unstable();
    }
}
