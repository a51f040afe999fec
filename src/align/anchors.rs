//! A skeleton of sure sentence pairs, to centre the search band.
//!
//! The length diagonal drifts away from the true alignment when the
//! translation is wordier in some parts than in others (by hundreds of
//! sentences in a book-length text). Before the search, bitext finds pairs
//! that almost certainly align: a word stem, number or name that occurs in
//! at most four sentences on one side and sixteen on the other makes every
//! such pair a candidate, and a candidate that two keys agree on is sure.
//! The longest chain of sure pairs that is monotone on both sides is the
//! skeleton; the band follows the line through it.

use crate::features::SentenceFeatures;
use std::collections::HashMap;

/// Keys that occur in more sentences than this are too common to anchor.
const MAX_DF: usize = 4;
/// On the other side, a rare key may occur this often.
const WIDE_DF: usize = 16;

/// Sure pairs `(source sentence, target sentence)`, increasing on both sides.
pub(crate) fn skeleton(src: &[SentenceFeatures], tgt: &[SentenceFeatures]) -> Vec<(usize, usize)> {
    let occurrences = |feats: &[SentenceFeatures], cap: usize| {
        let mut occ: HashMap<u32, Vec<usize>> = HashMap::new();
        for (i, f) in feats.iter().enumerate() {
            let mut keys: Vec<u32> = f
                .lex
                .iter()
                .map(|&(k, _)| k)
                .chain(f.names.iter().copied())
                .collect();
            keys.extend(f.numbers.iter().copied());
            keys.sort_unstable();
            keys.dedup();
            for k in keys {
                let v = occ.entry(k).or_default();
                if v.len() <= cap {
                    v.push(i);
                }
            }
        }
        occ
    };
    // Rare on one side, not common on the other (a Chinese word has several
    // English stems, so the Chinese side's counts run higher).
    let (so, to) = (occurrences(src, MAX_DF), occurrences(tgt, MAX_DF));
    let (so_wide, to_wide) = (occurrences(src, WIDE_DF), occurrences(tgt, WIDE_DF));
    let mut support: HashMap<(usize, usize), u32> = HashMap::new();
    let mut add =
        |rare: &HashMap<u32, Vec<usize>>, other: &HashMap<u32, Vec<usize>>, flip: bool| {
            for (k, a) in rare {
                let Some(b) = other.get(k) else { continue };
                if a.len() > MAX_DF || b.len() > WIDE_DF {
                    continue;
                }
                for &x in a {
                    for &y in b {
                        let pair = if flip { (y, x) } else { (x, y) };
                        *support.entry(pair).or_default() += 1;
                    }
                }
            }
        };
    add(&so, &to_wide, false);
    add(&to, &so_wide, true);
    // A pair is sure when two rare keys agree on it (or one key seen from
    // both sides).
    let mut pairs: Vec<(usize, usize)> = support
        .into_iter()
        .filter(|&(_, n)| n >= 2)
        .map(|(p, _)| p)
        .collect();
    pairs.sort_unstable();
    longest_chain(pairs)
}

/// The longest chain of pairs increasing strictly in both coordinates
/// (patience sorting, O(p log p)).
fn longest_chain(mut pairs: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    // Sort by source ascending, target descending, so that one source
    // sentence contributes at most one pair to a strictly increasing run.
    pairs.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut tails: Vec<usize> = Vec::new(); // index into pairs of the tail of each length
    let mut prev: Vec<Option<usize>> = vec![None; pairs.len()];
    for (k, &(_, j)) in pairs.iter().enumerate() {
        let pos = tails.partition_point(|&t| pairs[t].1 < j);
        prev[k] = pos.checked_sub(1).map(|p| tails[p]);
        if pos == tails.len() {
            tails.push(k);
        } else {
            tails[pos] = k;
        }
    }
    let mut chain = Vec::with_capacity(tails.len());
    let mut cur = tails.last().copied();
    while let Some(k) = cur {
        chain.push(pairs[k]);
        cur = prev[k];
    }
    chain.reverse();
    chain
}

/// Band centres for every source prefix `0..=n`: the piecewise-linear line
/// through `(0, 0)`, the skeleton pairs, and `(n, m)`.
pub(crate) fn centres(skeleton: &[(usize, usize)], n: usize, m: usize) -> Vec<(usize, usize)> {
    let mut points: Vec<(f64, f64)> = vec![(0.0, 0.0)];
    points.extend(
        skeleton
            .iter()
            .map(|&(i, j)| (i as f64 + 0.5, j as f64 + 0.5)),
    );
    points.push((n as f64, m as f64));
    let mut out = Vec::with_capacity(n + 1);
    let mut seg = 0;
    for i in 0..=n {
        let x = i as f64;
        while seg + 2 < points.len() && points[seg + 1].0 <= x {
            seg += 1;
        }
        let (a, b) = (points[seg], points[seg + 1]);
        let y = if b.0 > a.0 {
            a.1 + (b.1 - a.1) * (x - a.0) / (b.0 - a.0)
        } else {
            a.1
        };
        let j = (y.round().max(0.0) as usize).min(m);
        out.push((j, j));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_drops_crossing_pairs() {
        let chain = longest_chain(vec![(0, 0), (1, 5), (2, 2), (3, 3), (4, 1), (5, 6)]);
        assert_eq!(chain, vec![(0, 0), (2, 2), (3, 3), (5, 6)]);
    }

    #[test]
    fn centres_interpolate() {
        let c = centres(&[(4, 9)], 10, 12);
        assert_eq!(c[0], (0, 0));
        assert_eq!(c[10], (12, 12));
        assert!(c[4].0 >= 7 && c[5].0 >= 9);
    }
}
