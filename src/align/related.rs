//! Whether two aligned texts look like translations of each other: the
//! probability that scales every bead's confidence
//! ([`crate::align::Alignment::relatedness`]).
//!
//! The judgement is relative to the document itself: a bead of a
//! translation matches its own partner better than the target sentences of
//! the document's other beads far more often than chance, whatever the
//! lexicon's coverage of the text's register (archaic English, a genre the
//! dictionary hardly knows); the beads of two unrelated texts do so only as
//! often as chance and the alignment's own choice of lucky pairings give.
//! Documents with too few or too many beads to rank are judged from the
//! beads' costs alone.

use super::Bead;
use std::ops::Range;

/// A bead (both sides non-empty) at this cost or lower has strong support:
/// on MAC-Dev's 30 mismatched chapter pairs 1.8–7.5% of the beads reach
/// it, on its six real chapters 31–73%, on a short news item's correct
/// pairs more than half (`RESULTS.md`, session 23).
const STRONG_COST: f64 = -1.0;
/// So many beads with strong support are needed before their share can
/// declare the texts related.
const MIN_STRONG: usize = 3;
/// The share of strongly supported beads at which the texts are as likely
/// related as not, and the logistic step's width: the geometric midpoint
/// of the mismatched chapters' highest share (0.075) and the real
/// chapters' lowest (0.308), √(0.075 × 0.308) = 0.152, rounded.
const STRONG_SHARE: f64 = 0.15;
const STRONG_SHARE_WIDTH: f64 = 0.02;

/// The judgement from the beads' costs alone, for documents with too few or
/// too many beads to rank ([`MIN_RANKED`], [`MAX_RANKED`]), and one part of
/// the judgement of the others: the higher of two judgements.
/// - Their median cost: a logistic step at `threshold`, 0.1 nats wide.
///   Translations find lexical evidence in most beads (negative costs);
///   unrelated texts only what chance gives.
/// - The share of them with strong support ([`STRONG_COST`]), once there
///   are [`MIN_STRONG`]: a logistic step at [`STRONG_SHARE`]. A short
///   document with one paragraph added, dropped or left untranslated has
///   one or two wrong beads among six or seven, which carry the median
///   above the threshold, while its correct pairs still show what chance
///   never gives.
fn by_costs(beads: &[Bead], threshold: f64) -> f64 {
    let mut costs: Vec<f64> = beads
        .iter()
        .filter(|b| !b.is_null())
        .map(|b| b.cost)
        .collect();
    if costs.is_empty() {
        return 0.0;
    }
    costs.sort_by(f64::total_cmp);
    let median = costs[costs.len() / 2];
    let by_median = 1.0 / (1.0 + ((median - threshold) / 0.1).exp());
    let strong = costs.iter().take_while(|&&c| c <= STRONG_COST).count();
    if strong < MIN_STRONG {
        return by_median;
    }
    let share = strong as f64 / costs.len() as f64;
    let by_share = 1.0 / (1.0 + ((STRONG_SHARE - share) / STRONG_SHARE_WIDTH).exp());
    by_median.max(by_share)
}

/// Fewer beads (both sides non-empty, copies left out) than this are too
/// few to rank against each other: the costs judge.
const MIN_RANKED: usize = 4;
/// More beads than this: the costs judge. On long documents a win rate a
/// little above chance is "significant" (MAC-Dev's crossed chapters, ~250
/// beads, `RESULTS.md`, session 27) while the costs judge well; up to 80
/// beads the rank test on the unlearned features fixed more unrelated
/// Bible chapter pairs than 40 (session 28).
pub(super) const MAX_RANKED: usize = 80;
/// With more beads than this, each is ranked against the targets of
/// `RANK_OFFSETS` other beads spread over the document; with fewer, against
/// every other bead's.
const RANK_OFFSETS: usize = 8;
/// The rate at which a bead of two unrelated texts ranks its own pairing
/// first, as a multiple of 1 / (candidates + 1): measured on 1,040 Bible
/// chapters each against the English of another of similar length, 3,321
/// wins of 17,551 beads where 1,967 were expected at 1 / (candidates + 1)
/// (`scripts/relatedness.py`'s *shifted* set, `RESULTS.md`, session 28).
/// The alignment picks the pairings that match best, so chance wins are
/// more common than an unbiased draw gives.
const CHANCE_SCALE: f64 = 1.7;
/// The costs' judgement counts for at most this much in the combination
/// (held to [0.1, 0.9], log odds ±2.2): a short document's few beads leave
/// the rank test weak, and the costs then tip the balance; many beads
/// ranked outweigh them.
const COSTS_HELD: f64 = 0.1;
/// The binomial tail (the probability of so many first ranks by chance) at
/// which the texts are judged as likely related as not.
const TAIL_CUT: f64 = 0.01;

/// The probability that the texts are translations, from the beads with
/// both sides non-empty (the caller leaves out those that join a sentence
/// with its copy). `evidence(src, tgt)`, when given, is the lexical
/// evidence (word weight translated, names matched) between a range of
/// source sentences and a range of target sentences, on the features before
/// the learned pass.
///
/// With evidence and [`MIN_RANKED`] to [`MAX_RANKED`] such beads: each
/// bead's own pairing is compared with its source sentences against the
/// target sentences of other beads (every other one, or [`RANK_OFFSETS`]
/// spread ones); it *wins* when its own evidence is positive and higher than
/// every other's, and is no trial when none of them (its own included) has
/// any. With at least [`MIN_RANKED`] trials, the count of wins is tested
/// against chance (a binomial tail at the rate measured on unrelated pairs,
/// [`CHANCE_SCALE`]); the tail gives log odds ln(cut / tail), where the cut
/// is [`TAIL_CUT`] or, for a test too small to reach it, the tail of every
/// trial won (so such a test is neutral at its best), and the log odds of
/// [`by_costs`] (held by [`COSTS_HELD`]) are added. A test that says
/// "related" never lowers what [`by_costs`] says. Otherwise:
/// [`by_costs`].
pub(super) fn relatedness<F>(beads: &[Bead], threshold: f64, evidence: Option<F>) -> f64
where
    F: Fn(Range<usize>, Range<usize>) -> f64,
{
    let costs = by_costs(beads, threshold);
    let ranked: Vec<&Bead> = beads.iter().filter(|b| !b.is_null()).collect();
    let k = ranked.len();
    let Some(evidence) = evidence.filter(|_| (MIN_RANKED..=MAX_RANKED).contains(&k)) else {
        return costs;
    };
    let offsets: Vec<usize> = if k <= RANK_OFFSETS + 1 {
        (1..k).collect()
    } else {
        let mut o: Vec<usize> = (1..=RANK_OFFSETS)
            .map(|i| (i * k).div_ceil(RANK_OFFSETS + 1))
            .filter(|&d| d > 0 && d < k)
            .collect();
        o.dedup();
        o
    };
    // A bead whose source finds no evidence in its own target nor in any
    // other is no trial: the dictionary cannot tell (a dialogue of common
    // words), which is not evidence against.
    let (mut trials, mut wins) = (0usize, 0usize);
    for (a, b) in ranked.iter().enumerate() {
        let own = evidence(b.src.clone(), b.tgt.clone());
        let rival = offsets
            .iter()
            .map(|&d| evidence(b.src.clone(), ranked[(a + d) % k].tgt.clone()))
            .fold(0.0, f64::max);
        if own <= 0.0 && rival <= 0.0 {
            continue;
        }
        trials += 1;
        wins += usize::from(own > rival);
    }
    if trials < MIN_RANKED {
        return costs;
    }
    let chance = (CHANCE_SCALE / (offsets.len() + 1) as f64).min(0.9);
    let tail = binomial_tail(trials, wins, chance);
    // A test too small to reach TAIL_CUT even when every trial wins is
    // neutral at its best: it lowers the judgement by no more than its best
    // could raise it.
    let cut = TAIL_CUT.max(binomial_tail(trials, trials, chance));
    // The two judgements as log odds, added: the rank test's, and the
    // costs', held to [COSTS_HELD, 1 − COSTS_HELD].
    let rank = (cut / tail.max(f64::MIN_POSITIVE)).ln();
    let held = costs.clamp(COSTS_HELD, 1.0 - COSTS_HELD);
    let combined = 1.0 / (1.0 + (-(rank + (held / (1.0 - held)).ln())).exp());
    // A rank test that agrees with "related" never lowers what the costs
    // alone say.
    if rank >= 0.0 {
        combined.max(costs)
    } else {
        combined
    }
}

/// P(X ≥ `wins`) for X binomial with `n` trials at rate `p` (0 < p < 1).
fn binomial_tail(n: usize, wins: usize, p: f64) -> f64 {
    let (lp, lq) = (p.ln(), (1.0 - p).ln());
    // ln C(n, w) built up term by term.
    let mut ln_choose = 0.0f64;
    let mut tail = 0.0f64;
    for w in 0..=n {
        if w > 0 {
            ln_choose += ((n - w + 1) as f64).ln() - (w as f64).ln();
        }
        if w >= wins {
            tail += (ln_choose + w as f64 * lp + (n - w) as f64 * lq).exp();
        }
    }
    tail.min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Beads with both sides non-empty at the given costs.
    fn costed(costs: &[f64]) -> Vec<Bead> {
        costs
            .iter()
            .enumerate()
            .map(|(i, &cost)| Bead {
                src: i..i + 1,
                tgt: i..i + 1,
                cost,
                confidence: 1.0,
            })
            .collect()
    }

    #[test]
    fn a_short_translation_with_one_wrong_bead_is_still_related() {
        // A 7-sentence news item with an added paragraph folded into one
        // bead: three pairs strongly supported, the median above 0.4.
        let short = costed(&[0.56, -2.96, 3.55, -7.1, -1.6, 1.88, 0.82]);
        assert!(by_costs(&short, 0.4) > 0.95, "{}", by_costs(&short, 0.4));
        // A different article: no bead strongly supported.
        let other = costed(&[1.6, 3.6, 0.71, 1.04, 1.84, 0.62, 0.33, -0.35]);
        assert!(by_costs(&other, 0.4) < 0.01);
        // Two strong beads are not enough evidence on their own.
        let two = costed(&[0.56, -2.96, 3.55, -7.1, 0.9, 1.88, 0.82]);
        assert!(by_costs(&two, 0.4) < 0.5);
        // A long pair of unrelated chapters: strong beads by chance (4%)
        // are far too few.
        let mut long: Vec<f64> = vec![1.0; 240];
        long[..10].fill(-1.5);
        assert!(by_costs(&costed(&long), 0.4) < 0.02);
        // A long translation is judged by its median as before.
        let mut real: Vec<f64> = vec![-0.5; 200];
        real[..20].fill(-2.0);
        assert!(by_costs(&costed(&real), 0.4) > 0.99);
        assert_eq!(by_costs(&[], 0.4), 0.0);
    }

    /// The relatedness of a Chinese text and its English, one sentence a
    /// line, aligned by the default aligner.
    fn judged(zh: &str, en: &str) -> f64 {
        use crate::Lang;
        use crate::document::{Document, InputMode};
        let doc = |name: &str, text: &str, lang: Lang| {
            Document::from_text(name, text, lang, InputMode::Presegmented).unwrap()
        };
        let aligner = crate::align::Aligner::builder().build().unwrap();
        aligner
            .align(&doc("zh.txt", zh, Lang::Zh), &doc("en.txt", en, Lang::En))
            .unwrap()
            .relatedness()
    }

    /// Session 28's review: the rank test lowered short faithful texts. Four
    /// news sentences whose every bead wins (a test too small to be
    /// significant) got 0.73 instead of the costs' 0.99, and a four-line
    /// dialogue the dictionary barely covers (no bead with evidence, so no
    /// wins) 0.14, with an "unrelated texts" warning.
    #[test]
    fn a_rank_test_too_small_or_without_evidence_lowers_nothing() {
        let news = judged(
            "会议由王毅主持。\n15国外长出席会议。\n中方呼吁各方保持克制。\n\
             联合国秘书长古特雷斯发表讲话。\n",
            "The meeting was chaired by Wang Yi.\n\
             Foreign ministers of 15 countries attended the meeting.\n\
             China called on all parties to exercise restraint.\n\
             UN Secretary-General Guterres delivered a speech.\n",
        );
        assert!(news > 0.95, "four news sentences: relatedness {news}");
        let dialogue = judged(
            "你好吗？\n我很好，谢谢。\n你叫什么名字？\n我叫小明。\n",
            "How are you?\nI am fine, thanks.\nWhat is your name?\nMy name is Xiaoming.\n",
        );
        assert!(
            dialogue > 0.9,
            "a four-line dialogue: relatedness {dialogue}"
        );
    }

    /// Trial 27, problem 3: Psalm 13 (KJV / CUV, public domain) aligned
    /// as its own document, right bead for bead, was judged unrelated
    /// (relatedness 0.01: six beads, merged 2-1 and 4-1, archaic English,
    /// median cost 0.85), so every bead's confidence fell to ≈ 0.
    #[test]
    fn a_faithful_psalm_is_related() {
        let zh = "（大卫的诗，交与伶长。）\n耶和华阿，你忘记我要到几时呢？\n要到永远吗？\n\
                  你掩面不顾我要到几时呢？\n我心里筹算，终日愁苦，要到几时呢？\n\
                  我的仇敌升高压制我，要到几时呢？\n\
                  耶和华我的神阿，求你看顾我，应允我，使我眼目光明，免得我沉睡至死。\n\
                  免得我的仇敌说，我胜了他。\n免得我的敌人在我摇动的时候喜乐。\n\
                  但我倚靠你的慈爱。\n我的心因你的救恩快乐。\n\
                  我要向耶和华歌唱，因他用厚恩待我。\n";
        let en = "How long wilt thou forget me, O LORD? for ever? how long wilt thou hide thy face from me?\n\
                  How long shall I take counsel in my soul, having sorrow in my heart daily? how long shall mine enemy be exalted over me?\n\
                  Consider and hear me, O LORD my God: lighten mine eyes, lest I sleep the sleep of death;\n\
                  Lest mine enemy say, I have prevailed against him; and those that trouble me rejoice when I am moved.\n\
                  But I have trusted in thy mercy; my heart shall rejoice in thy salvation.\n\
                  I will sing unto the LORD, because he hath dealt bountifully with me.\n";
        let psalm = judged(zh, en);
        assert!(psalm > 0.5, "Psalm 13: relatedness {psalm}");
    }

    /// Session 28: two short unrelated texts whose beads the costs judge
    /// strongly supported (the common words of their genre: God, LORD,
    /// salvation) were judged translations. The rank test overrules the
    /// costs when the beads carry evidence but do not prefer their own
    /// partners; where no bead carries any, it abstains.
    #[test]
    fn beads_with_evidence_that_prefer_no_partner_overrule_the_costs() {
        let beads = costed(&[-2.0; 8]);
        assert!(by_costs(&beads, 0.4) > 0.99);
        // Every source finds the most evidence in the last bead's target:
        // one win in eight.
        let last_wins = |_: Range<usize>, t: Range<usize>| 1.0 + t.start as f64;
        let r = relatedness(&beads, 0.4, Some(last_wins));
        assert!(r < 0.5, "no bead prefers its own partner: {r}");
        // Each source finds the most in its own target: eight wins.
        let own_wins = |s: Range<usize>, t: Range<usize>| if s == t { 2.0 } else { 1.0 };
        let r = relatedness(&beads, 0.4, Some(own_wins));
        assert!(r > 0.99, "every bead prefers its own partner: {r}");
        // No evidence anywhere: the costs judge alone.
        let none = |_: Range<usize>, _: Range<usize>| 0.0;
        let r = relatedness(&beads, 0.4, Some(none));
        assert_eq!(r, by_costs(&beads, 0.4));
    }
}
