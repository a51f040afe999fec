//! A lexicon learned from the document pair itself.
//!
//! After a first alignment, every Chinese key (a dictionary word, or a pair
//! of adjacent Han characters outside the dictionary's words, see
//! [`SentenceFeatures::bigrams`]) is paired with the English stems it
//! translates across the beads. By default the pairs come from IBM Model 1
//! trained in both directions on the beads (a pair is kept when both
//! translation probabilities reach [`Learning::min_prob`]); with
//! `model1_iterations: 0`, from the Dice coefficient. Either way a pair
//! must co-occur in [`Learning::min_count`] beads. This adds the
//! translation's own, consistent renderings of dictionary words that
//! CC-CEDICT glosses otherwise, and names it lacks (以扫 ↔ Esau, which the
//! dictionary reads as 以 "by means of" and 扫 "sweep"). The second pass
//! searches again with these pairs added, around the first path.

use super::Learning;
use super::search::PathBead;
use crate::features::{MAX_WORDS, SentenceFeatures, weigh};
use crate::hash::FastMap as HashMap;

/// Learns `(Chinese word key, English stem id)` pairs from an alignment, by
/// Dice or by IBM Model 1 as `cfg` says.
pub(crate) fn learn(
    zh: &[SentenceFeatures],
    en: &[SentenceFeatures],
    beads: &[(std::ops::Range<usize>, std::ops::Range<usize>)],
    cfg: &Learning,
) -> HashMap<u32, Vec<u32>> {
    if cfg.model1_iterations > 0 {
        model1(zh, en, beads, cfg)
    } else {
        dice(zh, en, beads, cfg)
    }
}

/// The distinct Chinese keys (words and bigrams) and English stems of each
/// bead with both sides non-empty.
fn bead_keys(
    zh: &[SentenceFeatures],
    en: &[SentenceFeatures],
    beads: &[(std::ops::Range<usize>, std::ops::Range<usize>)],
) -> Vec<(Vec<u32>, Vec<u32>)> {
    let mut out = Vec::with_capacity(beads.len());
    for (z, e) in beads {
        if z.is_empty() || e.is_empty() {
            continue;
        }
        let mut zs: Vec<u32> = zh[z.clone()]
            .iter()
            .flat_map(|f| f.keys.iter().chain(&f.bigrams).copied())
            .collect();
        let mut es: Vec<u32> = en[e.clone()]
            .iter()
            .flat_map(|f| f.keys.iter().copied())
            .collect();
        zs.sort_unstable();
        zs.dedup();
        es.sort_unstable();
        es.dedup();
        if !zs.is_empty() && !es.is_empty() {
            out.push((zs, es));
        }
    }
    out
}

/// IBM Model 1 trained in both directions on the beads (a null word on
/// each side absorbs what has no translation), each from uniform
/// probabilities. A pair is learned when it co-occurs in at least
/// `min_count` beads and each side's translation probability given the
/// other reaches `min_prob`; unlike Dice, a key that merely keeps company
/// with a word's real translation (a bigram beside it) is explained away.
fn model1(
    zh: &[SentenceFeatures],
    en: &[SentenceFeatures],
    beads: &[(std::ops::Range<usize>, std::ops::Range<usize>)],
    cfg: &Learning,
) -> HashMap<u32, Vec<u32>> {
    let beads = bead_keys(zh, en, beads);
    // Dense ids for the pairs that co-occur, and each bead's pair indices
    // in row-major order (Chinese key by English stem).
    let mut index: HashMap<(u32, u32), u32> = HashMap::default();
    let mut pair_keys: Vec<(u32, u32)> = Vec::new();
    let mut count: Vec<u32> = Vec::new();
    let mut flat: Vec<u32> = Vec::new();
    for (zs, es) in &beads {
        for &a in zs {
            for &b in es {
                let next = pair_keys.len() as u32;
                let p = *index.entry((a, b)).or_insert(next);
                if p == next {
                    pair_keys.push((a, b));
                    count.push(0);
                }
                count[p as usize] += 1;
                flat.push(p);
            }
        }
    }
    drop(index);
    let n = pair_keys.len();
    // Dense ids of the keys on each side, for the normalisers.
    let dense = |side: &dyn Fn(&(u32, u32)) -> u32| {
        let mut ids: HashMap<u32, u32> = HashMap::default();
        let of_pair: Vec<u32> = pair_keys
            .iter()
            .map(|k| {
                let next = ids.len() as u32;
                *ids.entry(side(k)).or_insert(next)
            })
            .collect();
        (of_pair, ids.len())
    };
    let (z_of, nz) = dense(&|k| k.0);
    let (e_of, ne) = dense(&|k| k.1);
    // `t[p]` = t(row word | column word) for one direction.
    let train = |given_zh: bool| -> Vec<f32> {
        let (cond_of, ncond, out_of, nout) = if given_zh {
            (&z_of, nz, &e_of, ne)
        } else {
            (&e_of, ne, &z_of, nz)
        };
        let mut t = vec![1.0f32; n];
        let mut t_null = vec![1.0f32; nout];
        let mut c = vec![0.0f32; n];
        let mut c_null = vec![0.0f32; nout];
        let mut total = vec![0.0f32; ncond];
        for _ in 0..cfg.model1_iterations {
            c.iter_mut().for_each(|x| *x = 0.0);
            c_null.iter_mut().for_each(|x| *x = 0.0);
            let mut at = 0;
            let mut inv: Vec<f32> = Vec::new();
            for (zs, es) in &beads {
                let (nzs, nes) = (zs.len(), es.len());
                let cells = &flat[at..at + nzs * nes];
                at += nzs * nes;
                // Each generated word (English given Chinese, or the
                // reverse) shares one count among its possible sources: the
                // denominators first, row by row through the bead's cells,
                // then the shares.
                let outer = if given_zh { nes } else { nzs };
                let word = |o: usize| {
                    let first = if given_zh { cells[o] } else { cells[o * nes] };
                    out_of[first as usize] as usize
                };
                inv.clear();
                inv.extend((0..outer).map(|o| t_null[word(o)]));
                for (a, row) in cells.chunks_exact(nes).enumerate() {
                    for (b, &p) in row.iter().enumerate() {
                        inv[if given_zh { b } else { a }] += t[p as usize];
                    }
                }
                for (o, x) in inv.iter_mut().enumerate() {
                    *x = 1.0 / *x;
                    c_null[word(o)] += t_null[word(o)] * *x;
                }
                for (a, row) in cells.chunks_exact(nes).enumerate() {
                    for (b, &p) in row.iter().enumerate() {
                        let p = p as usize;
                        c[p] += t[p] * inv[if given_zh { b } else { a }];
                    }
                }
            }
            total.iter_mut().for_each(|x| *x = 0.0);
            for p in 0..n {
                total[cond_of[p] as usize] += c[p];
            }
            for p in 0..n {
                let d = total[cond_of[p] as usize];
                t[p] = if d > 0.0 { c[p] / d } else { 0.0 };
            }
            let sum: f32 = c_null.iter().sum();
            for (x, &y) in t_null.iter_mut().zip(&c_null) {
                *x = if sum > 0.0 { y / sum } else { 0.0 };
            }
        }
        t
    };
    // The two directions are independent: one on each core.
    let (e_given_z, z_given_e) = rayon::join(|| train(true), || train(false));
    let mut best: HashMap<u32, Vec<(f64, u32)>> = HashMap::default();
    for p in 0..n {
        let (a, b) = pair_keys[p];
        let (x, y) = (f64::from(e_given_z[p]), f64::from(z_given_e[p]));
        if count[p] >= cfg.min_count && x >= cfg.min_prob && y >= cfg.min_prob {
            best.entry(a).or_default().push((x * y, b));
        }
    }
    keep_best(best, cfg.per_word)
}

/// The `per_word` best-scored stems of each key.
fn keep_best(best: HashMap<u32, Vec<(f64, u32)>>, per_word: usize) -> HashMap<u32, Vec<u32>> {
    best.into_iter()
        .map(|(a, mut v)| {
            // Best first; ties go to the smaller id, so the result does not
            // depend on the hash map's order.
            v.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
            (a, v.into_iter().take(per_word).map(|(_, b)| b).collect())
        })
        .collect()
}

/// Learns pairs by Dice coefficient over the beads.
fn dice(
    zh: &[SentenceFeatures],
    en: &[SentenceFeatures],
    beads: &[(std::ops::Range<usize>, std::ops::Range<usize>)],
    cfg: &Learning,
) -> HashMap<u32, Vec<u32>> {
    let mut cz: HashMap<u32, u32> = HashMap::default();
    let mut ce: HashMap<u32, u32> = HashMap::default();
    let mut cze: HashMap<(u32, u32), u32> = HashMap::default();
    let mut zs: Vec<u32> = Vec::new();
    let mut es: Vec<u32> = Vec::new();
    for (z, e) in beads {
        if z.is_empty() || e.is_empty() {
            continue;
        }
        zs.clear();
        es.clear();
        zs.extend(
            zh[z.clone()]
                .iter()
                .flat_map(|f| f.keys.iter().chain(&f.bigrams).copied()),
        );
        es.extend(en[e.clone()].iter().flat_map(|f| f.keys.iter().copied()));
        zs.sort_unstable();
        zs.dedup();
        es.sort_unstable();
        es.dedup();
        for &a in &zs {
            *cz.entry(a).or_default() += 1;
        }
        for &b in &es {
            *ce.entry(b).or_default() += 1;
        }
        for &a in &zs {
            for &b in &es {
                *cze.entry((a, b)).or_default() += 1;
            }
        }
    }
    let mut best: HashMap<u32, Vec<(f64, u32)>> = HashMap::default();
    for (&(a, b), &n) in &cze {
        if n < cfg.min_count {
            continue;
        }
        let dice = 2.0 * f64::from(n) / f64::from(cz[&a] + ce[&b]);
        if dice >= cfg.min_dice {
            best.entry(a).or_default().push((dice, b));
        }
    }
    keep_best(best, cfg.per_word)
}

/// Adds learned translations to the Chinese sentences' lexical evidence. A
/// learned bigram ([`SentenceFeatures::bigrams`]) becomes a word of its
/// sentence (while positions last), and the side's idf weights are computed
/// again to include it.
pub(crate) fn augment(zh: &mut [SentenceFeatures], learned: &HashMap<u32, Vec<u32>>) {
    if learned.is_empty() {
        return;
    }
    let mut new_words = false;
    for f in zh.iter_mut() {
        let mut added = false;
        for k in 0..f.bigrams.len() {
            let bigram = f.bigrams[k];
            if f.keys.len() < MAX_WORDS && learned.contains_key(&bigram) {
                f.keys.push(bigram);
                new_words = true;
            }
        }
        for (pos, key) in f.keys.iter().enumerate() {
            for &stem in learned.get(key).into_iter().flatten() {
                if !f.lex.contains(&(stem, pos as u8)) {
                    f.lex.push((stem, pos as u8));
                    added = true;
                }
            }
        }
        if added {
            f.lex.sort_unstable();
        }
    }
    if new_words {
        weigh(zh);
    }
}

/// The bead ranges of a path.
pub(crate) fn ranges(path: &[PathBead]) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    path.iter().map(|b| (b.i0..b.i1, b.j0..b.j1)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feats(keys: &[u32]) -> SentenceFeatures {
        SentenceFeatures {
            keys: keys.to_vec(),
            ..SentenceFeatures::default()
        }
    }

    #[test]
    fn learns_consistent_pairs_only() {
        // Chinese word 7 always beside English stem 70; word 8 beside a
        // different stem each time.
        let zh: Vec<_> = (0..6)
            .map(|k| feats(&[if k < 3 { 7 } else { 8 }]))
            .collect();
        let en: Vec<_> = (0..6)
            .map(|k| feats(&[if k < 3 { 70 } else { 100 + k }]))
            .collect();
        let beads: Vec<_> = (0..6).map(|k| (k..k + 1, k..k + 1)).collect();
        let learned = learn(&zh, &en, &beads, &Learning::default());
        assert_eq!(learned.get(&7), Some(&vec![70]));
        assert!(!learned.contains_key(&8));
        let mut z = zh.clone();
        augment(&mut z, &learned);
        assert_eq!(z[0].lex, vec![(70, 0)]);
    }

    #[test]
    fn model1_explains_away_a_bystander() {
        // Word 7 always translates stem 70. Bigram 9 stands beside word 7 in
        // half of its sentences: Dice pairs it with 70 as well, Model 1 does
        // not. Bigram 8 is the only key of the sentences with stem 80.
        let zh: Vec<_> = (0..8)
            .map(|k| SentenceFeatures {
                keys: vec![7, 100 + k],
                bigrams: if k % 2 == 0 { vec![9] } else { vec![] },
                ..SentenceFeatures::default()
            })
            .chain((0..4).map(|k| SentenceFeatures {
                keys: vec![200 + k],
                bigrams: vec![8],
                ..SentenceFeatures::default()
            }))
            .collect();
        let en: Vec<_> = (0..8)
            .map(|k| feats(&[70, 300 + k]))
            .chain((0..4).map(|k| feats(&[80, 400 + k])))
            .collect();
        let beads: Vec<_> = (0..12).map(|k| (k..k + 1, k..k + 1)).collect();
        let dice = learn(&zh, &en, &beads, &Learning::default());
        assert_eq!(dice.get(&9), Some(&vec![70]));
        let cfg = Learning {
            model1_iterations: 5,
            min_prob: 0.3,
            ..Learning::default()
        };
        let m1 = learn(&zh, &en, &beads, &cfg);
        assert_eq!(m1.get(&7), Some(&vec![70]));
        assert_eq!(m1.get(&8), Some(&vec![80]));
        assert!(!m1.contains_key(&9), "{m1:?}");
        // A learned bigram becomes a word of its sentences, with a weight.
        let mut z = zh.clone();
        augment(&mut z, &m1);
        assert_eq!(z[8].keys, vec![200, 8]);
        assert_eq!(z[8].lex, vec![(80, 1)]);
        assert_eq!(z[8].weights.len(), 2);
        assert_eq!(z[0].keys, vec![7, 100]);
    }
}
