//! A lexicon learned from the document pair itself.
//!
//! After a first alignment, every Chinese word is paired with the English
//! stems it co-occurs with most across the beads, when that association is
//! strong (Dice coefficient and co-occurrence count above the thresholds of
//! [`Learning`]). This adds the translation's own, consistent renderings of
//! dictionary words that CC-CEDICT glosses otherwise. (Words the dictionary
//! does not know at all have no key yet, so a name translated rather than
//! transliterated is not learned.) The second pass searches again with these
//! pairs added, around the first path.

use super::Learning;
use super::search::PathBead;
use crate::features::SentenceFeatures;
use std::collections::HashMap;

/// Learns `(Chinese word key, English stem id)` pairs from an alignment.
pub(crate) fn learn(
    zh: &[SentenceFeatures],
    en: &[SentenceFeatures],
    beads: &[(std::ops::Range<usize>, std::ops::Range<usize>)],
    cfg: &Learning,
) -> HashMap<u32, Vec<u32>> {
    let mut cz: HashMap<u32, u32> = HashMap::new();
    let mut ce: HashMap<u32, u32> = HashMap::new();
    let mut cze: HashMap<(u32, u32), u32> = HashMap::new();
    let mut zs: Vec<u32> = Vec::new();
    let mut es: Vec<u32> = Vec::new();
    for (z, e) in beads {
        if z.is_empty() || e.is_empty() {
            continue;
        }
        zs.clear();
        es.clear();
        zs.extend(zh[z.clone()].iter().flat_map(|f| f.keys.iter().copied()));
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
    let mut best: HashMap<u32, Vec<(f64, u32)>> = HashMap::new();
    for (&(a, b), &n) in &cze {
        if n < cfg.min_count {
            continue;
        }
        let dice = 2.0 * f64::from(n) / f64::from(cz[&a] + ce[&b]);
        if dice >= cfg.min_dice {
            best.entry(a).or_default().push((dice, b));
        }
    }
    best.into_iter()
        .map(|(a, mut v)| {
            // Best first; ties go to the smaller id, so the result does not
            // depend on the hash map's order.
            v.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
            (
                a,
                v.into_iter().take(cfg.per_word).map(|(_, b)| b).collect(),
            )
        })
        .collect()
}

/// Adds learned translations to the Chinese sentences' lexical evidence.
pub(crate) fn augment(zh: &mut [SentenceFeatures], learned: &HashMap<u32, Vec<u32>>) {
    if learned.is_empty() {
        return;
    }
    for f in zh.iter_mut() {
        let mut added = false;
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
}
