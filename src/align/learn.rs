//! A lexicon learned from the document pair itself.
//!
//! After a first alignment, every Chinese word is paired with the English
//! stem it co-occurs with most across the beads, when that association is
//! strong (Dice ≥ [`MIN_DICE`] over at least [`MIN_COUNT`] beads). This finds
//! what the dictionary lacks or words differently: names translated rather
//! than transliterated (韦小宝 → Trinket, 袭人 → Aroma), and a translation's
//! house style (耶和华 → LORD). The second pass searches again with these
//! pairs added, around the first path.

use super::search::PathBead;
use crate::features::SentenceFeatures;
use std::collections::HashMap;

/// Least number of beads in which a pair must co-occur.
pub(crate) const MIN_COUNT: u32 = 3;
/// Least Dice coefficient of a learned pair.
pub(crate) const MIN_DICE: f64 = 0.6;

/// Learns `(Chinese word key, English stem id)` pairs from an alignment.
pub(crate) fn learn(
    zh: &[SentenceFeatures],
    en: &[SentenceFeatures],
    beads: &[(std::ops::Range<usize>, std::ops::Range<usize>)],
) -> HashMap<u32, u32> {
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
    let mut best: HashMap<u32, (f64, u32)> = HashMap::new();
    for (&(a, b), &n) in &cze {
        if n < MIN_COUNT {
            continue;
        }
        let dice = 2.0 * f64::from(n) / f64::from(cz[&a] + ce[&b]);
        if dice < MIN_DICE {
            continue;
        }
        let entry = best.entry(a).or_insert((0.0, u32::MAX));
        // Ties go to the smaller id, so the result does not depend on the
        // hash map's order.
        if dice > entry.0 || (dice == entry.0 && b < entry.1) {
            *entry = (dice, b);
        }
    }
    best.into_iter().map(|(a, (_, b))| (a, b)).collect()
}

/// Adds learned translations to the Chinese sentences' lexical evidence.
pub(crate) fn augment(zh: &mut [SentenceFeatures], learned: &HashMap<u32, u32>) {
    if learned.is_empty() {
        return;
    }
    for f in zh.iter_mut() {
        let mut added = false;
        for (pos, key) in f.keys.iter().enumerate() {
            if let Some(&stem) = learned.get(key)
                && !f.lex.contains(&(stem, pos as u8))
            {
                f.lex.push((stem, pos as u8));
                added = true;
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
        let learned = learn(&zh, &en, &beads);
        assert_eq!(learned.get(&7), Some(&70));
        assert!(!learned.contains_key(&8));
        let mut z = zh.clone();
        augment(&mut z, &learned);
        assert_eq!(z[0].lex, vec![(70, 0)]);
    }
}
