//! How close a translation is, judged from the document itself, and the
//! null thresholds that follow from it (`--null-threshold auto`, the
//! default of the full model, [`super::CostModel::null_auto`]).
//!
//! A close translation (a news release, scripture, a legal or technical
//! text) renders sentence by sentence: most of its 1-1 beads are certain.
//! A loose literary one (MAC-Dev's chapters) rewrites, splits and joins, and
//! its 1-1 beads are rarely certain. The statistic is the share of the 1-1
//! beads of the final pass's path (before empty-side beads are favoured)
//! whose posterior reaches [`CONFIDENT`]; it is measured on the document
//! being aligned, but without the 1-1 beads in or beside a bead holding a
//! sentence that is likely left out or added (null marginal at least
//! [`LIKELY_NULL`]): next to an omission the path may shift by one, so
//! those beads are uncertain because of the omission, not because the
//! translation is loose. Counted with them, a short close text lost its
//! closeness to its own omissions (trial 25's FAQ: 0.276 of its 1-1 beads
//! certain with one sentence left out, 0.185 with three more, below the
//! cut; the loose threshold then folded the first omission into a 2-1
//! bead; `RESULTS.md`, session 26, `para26`).
//!
//! Derivation (`RESULTS.md`, issue 8, session 15). The share measured on
//! MAC-Dev's six chapters, unmodified and with the synthetic benchmark's
//! planted omissions (seed 1): 0.009–0.160 (highest: chapter 006, 0.160
//! unmodified, 0.108 planted), and on one Bible file, 001 (en→zh): 0.431
//! unmodified, 0.275 planted. The cut [`CLOSE_SHARE`] = 0.2 is their
//! geometric midpoint (√(0.160 × 0.275) = 0.21), rounded down. Checked
//! afterwards, not chosen on: Bible 002–006 0.377 / 0.358 / 0.296 / 0.278 /
//! 0.248, 002 planted 0.244; the sample release 0.720. Every MAC-Dev chapter
//! loses F1 below the loose threshold (even 001), so a close document gets
//! the close thresholds and every other document the loose ones; there is
//! no scale in between to interpolate on. Among close translations, the
//! side split into more sentences holds most of the fragments that a low
//! threshold wrongly cuts loose (the Bible's Chinese, the sample's
//! English), so it gets [`CLOSE_FINE`] and the other side [`CLOSE_COARSE`]
//! (both [`CLOSE_FINE`] when neither has [`FINER_BY`] as many sentences):
//! the `0.1,0.25` chosen on the Bible in session 12, whichever direction
//! the texts are aligned in. Its search again also makes an unsupported
//! sentence in a merged bead dearer ([`CLOSE_UNSUPPORTED`]), which MAC-Dev's
//! loose chapters could not afford (`RESULTS.md`, issue 8, sessions 1–2).

use super::search::PathBead;

/// A 1-1 bead counts as certain from this posterior.
pub(crate) const CONFIDENT: f64 = 0.9;
/// A translation is close when at least this share of its 1-1 beads is
/// certain.
pub(crate) const CLOSE_SHARE: f64 = 0.2;
/// Fewer 1-1 beads than this tell nothing: the loose thresholds stay.
pub(crate) const MIN_ONE_TO_ONE: usize = 10;
/// A close translation's threshold for the side with fewer sentences.
pub(crate) const CLOSE_COARSE: f64 = 0.1;
/// A close translation's threshold for the side with more sentences (both
/// sides when neither has [`FINER_BY`] as many as the other).
pub(crate) const CLOSE_FINE: f64 = 0.25;
/// A side counts as split more finely when it has at least this many times
/// the other's sentences (the Bible's Chinese and the sample's English have
/// 1.26 and 1.27 times as many). Below, both sides get [`CLOSE_FINE`]: with
/// counts this near, a few omitted sentences would flip which side looks
/// finer, and the side that lost them would be the less sensitive one.
pub(crate) const FINER_BY: f64 = 1.1;

/// A sentence whose null marginal reaches this is likely left out or added:
/// the 1-1 beads in or beside its bead are not counted in
/// [`confident_share`]. Chosen on trial 25's FAQ and MAC-Dev (session 26):
/// 0.25 also lifts MAC-Dev's chapter 006 (0.190) over the cut and costs
/// MAC-Dev 0.01 F1; at 0.5 its share is 0.196.
pub(crate) const LIKELY_NULL: f64 = 0.5;

/// The share of the 1-1 beads of `path` whose posterior reaches
/// [`CONFIDENT`], leaving out those in or beside a bead with a sentence
/// whose null marginal (`null_src`, `null_tgt`, by sentence; missing
/// entries count as 0) reaches [`LIKELY_NULL`]; `None` with fewer than
/// [`MIN_ONE_TO_ONE`] counted.
pub(crate) fn confident_share(
    path: &[PathBead],
    (null_src, null_tgt): (&[f64], &[f64]),
) -> Option<f64> {
    let likely = |v: &[f64], r: std::ops::Range<usize>| {
        r.into_iter()
            .any(|k| v.get(k).is_some_and(|&p| p >= LIKELY_NULL))
    };
    let touched: Vec<bool> = path
        .iter()
        .map(|b| likely(null_src, b.i0..b.i1) || likely(null_tgt, b.j0..b.j1))
        .collect();
    let beside = |k: usize| {
        touched[k] || (k > 0 && touched[k - 1]) || touched.get(k + 1).copied().unwrap_or(false)
    };
    let (mut total, mut confident) = (0usize, 0usize);
    for (k, b) in path.iter().enumerate() {
        if b.i1 - b.i0 == 1 && b.j1 - b.j0 == 1 && !beside(k) {
            total += 1;
            if b.posterior >= CONFIDENT {
                confident += 1;
            }
        }
    }
    (total >= MIN_ONE_TO_ONE).then(|| confident as f64 / total as f64)
}

/// In the search that favours empty-side beads, a close translation's
/// unsupported sentences (of a side joining several) cost this many times
/// more ([`super::cost::Scorer::scale_unsupported`]). Chosen on Bible 001
/// and 002 (seed 1: ×2 / ×3 / ×4 raise both files' F1, and ×3 brings 002's
/// empty-side precision by sentence under 0.80), then run on four seeds:
/// planted beads found 0.854 → 0.859 (001) and 0.828 → 0.836 (002), the
/// six files' F1 0.9697 → 0.9713, calibration error 0.0356 → 0.0302.
pub(crate) const CLOSE_UNSUPPORTED: f64 = 2.0;

/// A close translation's threshold for the sentences of the fine side
/// ([`CLOSE_FINE`]) at least as long as the side's median sentence. The
/// fragments that the fine threshold guards against are short (the Bible's
/// 事就这样成了, "and it was so": a verse's Chinese split after its main
/// clause); a whole sentence added or left out is as long as any other.
/// Measured on the planted Bible 002 (seed 1), Chinese sentences at null
/// marginal 0.2–0.25: planted ones 19 Han characters on average, real ones
/// the aligner cut loose 10. Chosen on the four seeds of Bible 001 and 002
/// with [`CLOSE_UNRELATED_PAIR`]: 0.2 (0.25 = off; 0.18 and 0.15 lower the
/// six files' F1; `RESULTS.md`, issue 8, session 17).
pub(crate) const CLOSE_FINE_LONG: f64 = 0.2;

/// In a close translation's search again, a 1-1 bead whose two sentences
/// are both unsupported pays this many times the lesser of their two
/// unsupported-sentence costs ([`super::cost::Scorer::set_unrelated_pair`]):
/// next to an omission the path otherwise shifts by one and pairs a verse
/// with its neighbour's translation, since a 1-1 bead paid nothing for
/// being unsupported. 1 (chosen with [`CLOSE_FINE_LONG`]); 2 and 4 lower
/// the unmodified Bible's F1.
pub(crate) const CLOSE_UNRELATED_PAIR: f64 = 1.0;

/// Per sentence of a side of a close translation whose threshold is `tau`,
/// given the sentences' lengths: [`CLOSE_FINE_LONG`] for a sentence at
/// least as long as the side's median when `tau` is [`CLOSE_FINE`], `tau`
/// for every other.
pub(crate) fn fine_thresholds(lens: &[f64], tau: f64) -> Vec<f64> {
    if tau != CLOSE_FINE {
        return vec![tau; lens.len()];
    }
    let mut sorted = lens.to_vec();
    sorted.sort_by(f64::total_cmp);
    let median = sorted.get(sorted.len() / 2).copied().unwrap_or(0.0);
    lens.iter()
        .map(|&l| if l >= median { CLOSE_FINE_LONG } else { tau })
        .collect()
}

/// The (source, target) null thresholds for a document pair of `n` source
/// and `m` target sentences whose path before favouring is `path` (with
/// the null marginals `nulls`, source and target), when it is a close
/// translation ([`confident_share`] reaches [`CLOSE_SHARE`]); `None` for
/// any other, which keeps the loose ones.
pub(crate) fn close_thresholds(
    path: &[PathBead],
    (n, m): (usize, usize),
    nulls: (&[f64], &[f64]),
) -> Option<(f64, f64)> {
    match confident_share(path, nulls) {
        Some(share) if share >= CLOSE_SHARE => Some(thresholds_if_close((n, m))),
        _ => None,
    }
}

/// The (source, target) null thresholds of a close translation of `n`
/// source and `m` target sentences (see [`close_thresholds`]).
pub(crate) fn thresholds_if_close((n, m): (usize, usize)) -> (f64, f64) {
    let (n, m) = (n as f64, m as f64);
    if m >= n * FINER_BY {
        (CLOSE_COARSE, CLOSE_FINE)
    } else if n >= m * FINER_BY {
        (CLOSE_FINE, CLOSE_COARSE)
    } else {
        (CLOSE_FINE, CLOSE_FINE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A path of `k` 1-1 beads, the first `sure` of them at posterior 0.95
    /// and the rest at 0.6, then a 2-1 bead at 0.99 (not counted).
    fn path(k: usize, sure: usize) -> Vec<PathBead> {
        let mut v: Vec<PathBead> = (0..k)
            .map(|i| PathBead {
                i0: i,
                i1: i + 1,
                j0: i,
                j1: i + 1,
                cost: 0.0,
                posterior: if i < sure { 0.95 } else { 0.6 },
            })
            .collect();
        v.push(PathBead {
            i0: k,
            i1: k + 2,
            j0: k,
            j1: k + 1,
            cost: 0.0,
            posterior: 0.99,
        });
        v
    }

    /// No null marginals: every 1-1 bead counts.
    const NONE: (&[f64], &[f64]) = (&[], &[]);

    #[test]
    fn beads_beside_a_likely_omission_are_left_out_of_the_share() {
        // 5 of 30 1-1 beads certain: loose.
        let mut p = path(30, 6);
        p[2].posterior = 0.6;
        assert_eq!(confident_share(&p, NONE), Some(5.0 / 30.0));
        assert_eq!(close_thresholds(&p, (32, 31), NONE), None);
        // Source sentences 20 and 24 likely left out: the beads holding
        // them and their neighbours (19–21, 23–25) are not counted.
        let mut nulls = vec![0.0; 32];
        nulls[20] = 0.8;
        nulls[24] = LIKELY_NULL;
        assert_eq!(confident_share(&p, (&nulls, &[])), Some(5.0 / 24.0));
        assert_eq!(
            close_thresholds(&p, (32, 31), (&nulls, &[])),
            Some((0.25, 0.25))
        );
        // Just under the mark: counted.
        nulls[24] = LIKELY_NULL - 0.01;
        assert_eq!(confident_share(&p, (&nulls, &[])), Some(5.0 / 27.0));
        // A target sentence likely added, the same.
        let mut tgt = vec![0.0; 31];
        tgt[20] = 0.9;
        assert_eq!(confident_share(&p, (&[], &tgt)), Some(5.0 / 27.0));
    }

    #[test]
    fn the_share_counts_certain_one_to_one_beads_only() {
        assert_eq!(confident_share(&path(20, 5), NONE), Some(0.25));
        assert_eq!(confident_share(&path(20, 0), NONE), Some(0.0));
        // Too few 1-1 beads to judge.
        assert_eq!(confident_share(&path(MIN_ONE_TO_ONE - 1, 9), NONE), None);
    }

    #[test]
    fn a_close_translation_gets_the_low_thresholds_finer_side_higher() {
        // 5 of 20 certain: close. The target has more sentences.
        assert_eq!(
            close_thresholds(&path(20, 5), (22, 30), NONE),
            Some((0.1, 0.25))
        );
        // The same texts the other way round.
        assert_eq!(
            close_thresholds(&path(20, 5), (30, 22), NONE),
            Some((0.25, 0.1))
        );
        assert_eq!(
            close_thresholds(&path(20, 5), (22, 22), NONE),
            Some((0.25, 0.25))
        );
        // Counts within 10% of each other: no side is finer, so two
        // sentences left out of one side cannot flip the thresholds.
        assert_eq!(
            close_thresholds(&path(30, 8), (40, 41), NONE),
            Some((0.25, 0.25))
        );
        assert_eq!(
            close_thresholds(&path(30, 8), (40, 39), NONE),
            Some((0.25, 0.25))
        );
        assert_eq!(
            close_thresholds(&path(30, 8), (40, 44), NONE),
            Some((0.1, 0.25))
        );
    }

    #[test]
    fn the_fine_side_marks_its_longer_sentences_from_a_lower_threshold() {
        // Median length 10: the sentences of length 10 and more get the
        // long threshold, the shorter ones keep the fine one.
        let lens = [4.0, 30.0, 10.0, 9.0, 12.0];
        assert_eq!(
            fine_thresholds(&lens, CLOSE_FINE),
            vec![
                CLOSE_FINE,
                CLOSE_FINE_LONG,
                CLOSE_FINE_LONG,
                CLOSE_FINE,
                CLOSE_FINE_LONG
            ]
        );
        // The coarse side (and any other threshold) is left as it is.
        assert_eq!(fine_thresholds(&lens, CLOSE_COARSE), vec![CLOSE_COARSE; 5]);
        assert!(fine_thresholds(&[], CLOSE_FINE).is_empty());
    }

    #[test]
    fn a_loose_or_short_translation_is_not_judged_close() {
        // 3 of 20 certain (MAC-Dev's chapters: 0.009–0.160).
        assert_eq!(close_thresholds(&path(20, 3), (22, 30), NONE), None);
        // All certain, but only 9 1-1 beads.
        assert_eq!(close_thresholds(&path(9, 9), (11, 10), NONE), None);
        // At the cut exactly: close.
        assert_eq!(
            close_thresholds(&path(10, 2), (12, 11), NONE),
            Some((0.25, 0.25))
        );
        assert_eq!(
            close_thresholds(&path(10, 2), (14, 11), NONE),
            Some((0.25, 0.1))
        );
    }
}
