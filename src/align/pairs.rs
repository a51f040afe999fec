//! Lexical and name evidence between one source and one target sentence,
//! computed once per sentence pair inside the search band.
//!
//! A bead joins runs of sentences; its evidence is the union of its pairs'.
//! Keeping the evidence as bit masks over word positions (which words of the
//! source sentence found a translation in the target sentence, and the
//! reverse) lets the union be exact: a word matched by two target sentences
//! of a bead counts once.

use crate::features::{LexEntry, SentenceFeatures};
use rayon::prelude::*;

/// Evidence between source sentence `i` and target sentence `j`.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Pair {
    /// Source word positions with a translation in the target sentence.
    pub src_words: u64,
    /// Target word positions with a translation in the source sentence.
    pub tgt_words: u64,
    /// Name candidates (of whichever side is English) matched by the pinyin
    /// of the other side.
    pub names: u64,
    /// The word weight of `src_words` and of `tgt_words` (what a 1-1 bead of
    /// the pair matches).
    pub src_weight: f32,
    pub tgt_weight: f32,
}

/// The pairs of a band: for each source sentence `i`, target sentences
/// `lo[i]..hi[i]`.
#[derive(Debug, Default)]
pub(crate) struct PairTable {
    lo: Vec<usize>,
    hi: Vec<usize>,
    offset: Vec<usize>,
    pairs: Vec<Pair>,
}

const EMPTY: Pair = Pair {
    src_words: 0,
    tgt_words: 0,
    names: 0,
    src_weight: 0.0,
    tgt_weight: 0.0,
};

impl PairTable {
    /// Computes the pairs `(i, lo[i]..hi[i])`. `names_on_src` says whether
    /// the English name candidates are on the source side.
    /// Pairs already in `reuse` (a table of the same features) are kept,
    /// not computed again, so that a growing window pays only for its new
    /// pairs; when the new rows take in the old ones (a window that only
    /// grew), the old table's memory is reused in place, so that the old
    /// and the new table are never held at once. The new pairs are computed
    /// on every core.
    pub fn build(
        src: &[SentenceFeatures],
        tgt: &[SentenceFeatures],
        lo: Vec<usize>,
        hi: Vec<usize>,
        names_on_src: bool,
        reuse: Option<PairTable>,
    ) -> Self {
        let mut offset = Vec::with_capacity(src.len() + 1);
        offset.push(0);
        for i in 0..src.len() {
            offset.push(offset[i] + hi[i].saturating_sub(lo[i]));
        }
        let total = *offset.last().unwrap_or(&0);
        let old_row = |old: &PairTable, i: usize| match old.lo.get(i) {
            Some(&l) if old.hi[i] > l => (l, old.hi[i]),
            _ => (0, 0),
        };
        let grown = reuse.as_ref().is_some_and(|old| {
            (0..src.len()).all(|i| {
                let (l, h) = old_row(old, i);
                l == h || (lo[i] <= l && h <= hi[i])
            }) && old.lo.len() <= src.len()
        });
        // Each row's pairs already known: target sentences `known[i]`.
        let mut known = vec![(0usize, 0usize); src.len()];
        let mut pairs = match reuse {
            Some(old) if grown => {
                for (i, k) in known.iter_mut().enumerate() {
                    *k = old_row(&old, i);
                }
                let mut pairs = old.pairs;
                // Room for exactly the new pairs: `resize` alone may double
                // the capacity, address space the table never writes (Bible
                // 006's second pass: 550,924 pairs in room for 1,008,614).
                pairs.reserve_exact(total.saturating_sub(pairs.len()));
                fill_empty(&mut pairs, total);
                // Every row starts at or after its old place (rows only
                // grew): move them into place from the last one back.
                for i in (0..src.len()).rev() {
                    let (l, h) = known[i];
                    if l < h {
                        let from = old.offset[i];
                        pairs.copy_within(from..from + (h - l), offset[i] + l - lo[i]);
                    }
                }
                pairs
            }
            Some(old) => {
                // The old pairs the new rows keep: where they go, from where.
                let mut moves = Vec::new();
                for (i, k) in known.iter_mut().enumerate() {
                    let (l, h) = old_row(&old, i);
                    let (l, h) = (l.max(lo[i]), h.min(hi[i]));
                    if l < h {
                        *k = (l, h);
                        let from = old.offset[i] + l - old.lo[i];
                        let to = offset[i] + l - lo[i];
                        moves.push((from, to, h - l));
                    }
                }
                if moves.iter().all(|&(from, to, _)| to <= from) {
                    // Each kept run goes to the same or an earlier place (a
                    // narrower window, as the refining sweep's): move them
                    // down in place, first to last, and give the rest of
                    // the old table back, so that the two tables are never
                    // held at once. The cells the moves leave stale are
                    // computed below, as every cell outside `known` is.
                    let mut pairs = old.pairs;
                    for &(from, to, len) in &moves {
                        pairs.copy_within(from..from + len, to);
                    }
                    pairs.truncate(total);
                    pairs.shrink_to_fit();
                    fill_empty(&mut pairs, total);
                    pairs
                } else {
                    let mut pairs = empty_pairs(total);
                    for &(from, to, len) in &moves {
                        pairs[to..to + len].copy_from_slice(&old.pairs[from..from + len]);
                    }
                    pairs
                }
            }
            None => empty_pairs(total),
        };
        // The rows as disjoint slices, filled in parallel.
        let mut rows: Vec<(usize, &mut [Pair])> = Vec::with_capacity(src.len());
        let mut rest = pairs.as_mut_slice();
        for i in 0..src.len() {
            let (row, tail) = rest.split_at_mut(offset[i + 1] - offset[i]);
            rows.push((i, row));
            rest = tail;
        }
        rows.into_par_iter().with_min_len(64).for_each(|(i, row)| {
            let s = &src[i];
            let (kl, kh) = known[i];
            for (j, p) in (lo[i]..).zip(row.iter_mut()) {
                if j >= kl && j < kh {
                    continue;
                }
                let t = &tgt[j];
                *p = pair(s, t, names_on_src);
                p.src_weight = super::cost::weight_of(p.src_words, &s.weights);
                p.tgt_weight = super::cost::weight_of(p.tgt_words, &t.weights);
            }
        });
        PairTable {
            lo,
            hi,
            offset,
            pairs,
        }
    }

    /// The memory the pairs take (those written: a table that grew may
    /// hold more room than it ever touched).
    pub fn bytes(&self) -> usize {
        self.pairs.len() * std::mem::size_of::<Pair>()
    }

    /// Gives back the pairs of source sentences `i` and later (the table
    /// then holds none for them: [`PairTable::get`] finds them empty, and
    /// [`PairTable::build`] with this table to reuse computes them again).
    /// Returns whether there were any.
    pub fn release_from(&mut self, i: usize) -> bool {
        if i >= self.lo.len() {
            return false;
        }
        self.lo.truncate(i);
        self.hi.truncate(i);
        self.offset.truncate(i + 1);
        self.pairs.truncate(self.offset[i]);
        self.pairs.shrink_to_fit();
        true
    }

    /// The pairs of source sentence `i`: its first target sentence and its
    /// pairs in order (none outside the table). A bead's pairs of one
    /// source sentence are `row.get(j.wrapping_sub(first))`, the row's
    /// bounds read once.
    #[inline]
    pub fn row(&self, i: usize) -> (usize, &[Pair]) {
        if i < self.lo.len() {
            (self.lo[i], &self.pairs[self.offset[i]..self.offset[i + 1]])
        } else {
            (0, &[])
        }
    }

    /// The evidence between source `i` and target `j` (empty outside the
    /// table).
    #[inline]
    pub fn get(&self, i: usize, j: usize) -> &Pair {
        if i < self.lo.len() && j >= self.lo[i] && j < self.hi[i] {
            &self.pairs[self.offset[i] + j - self.lo[i]]
        } else {
            &EMPTY
        }
    }
}

/// The fewest empty pairs one core writes in [`fill_empty`] (160 KB).
const FILL_CHUNK: usize = 4096;

/// `total` empty pairs in room for exactly as many (see [`fill_empty`]).
fn empty_pairs(total: usize) -> Vec<Pair> {
    let mut pairs = Vec::with_capacity(total);
    fill_empty(&mut pairs, total);
    pairs
}

/// `pairs.resize(total, EMPTY)`, the new pairs written on every core: a
/// table of megabytes, whose writes are the first touch of its pages, is
/// filled on one core otherwise while the other waits (the table's
/// `prepare` runs between two sweeps). Grows into room already reserved
/// when there is enough (rayon's `par_extend` of a sized iterator reserves
/// only what is missing).
fn fill_empty(pairs: &mut Vec<Pair>, total: usize) {
    if total > pairs.len() {
        let more = total - pairs.len();
        pairs.par_extend(rayon::iter::repeat_n(EMPTY, more).with_min_len(FILL_CHUNK));
    } else {
        pairs.truncate(total);
    }
}

#[cfg(test)]
impl PairTable {
    /// This table with each of its pairs of source sentence `i` outside
    /// target sentences `lo[i]..hi[i]` replaced by `poison` (a test's
    /// check that no cost reads them).
    pub fn poisoned_outside(mut self, lo: &[usize], hi: &[usize], poison: Pair) -> Self {
        for i in 0..self.lo.len() {
            for j in self.lo[i]..self.hi[i] {
                if j < lo[i] || j >= hi[i] {
                    self.pairs[self.offset[i] + j - self.lo[i]] = poison;
                }
            }
        }
        self
    }

    /// The number of pairs held.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }
}

/// For every sentence of the non-empty beads of an alignment (`beads` as
/// source and target ranges) that has words, the share of its word weight
/// that the other side of its bead translates, sorted: how much of this
/// translation the lexicon can see.
pub(crate) fn support_shares(
    src: &[SentenceFeatures],
    tgt: &[SentenceFeatures],
    beads: &[(std::ops::Range<usize>, std::ops::Range<usize>)],
    names_on_src: bool,
) -> Vec<f64> {
    // The beads in chunks on every core, their shares kept in bead order
    // (the sort makes the order moot, but keeps the result the same).
    let parts: Vec<Vec<f64>> = beads
        .par_chunks(512)
        .map(|beads| {
            let mut shares = Vec::new();
            let mut t_masks = Vec::new();
            for (sr, tr) in beads {
                if sr.is_empty() || tr.is_empty() {
                    continue;
                }
                t_masks.clear();
                t_masks.resize(tr.len(), (0u64, 0u64));
                for i in sr.clone() {
                    let (mut mask, mut names) = (0u64, 0u64);
                    for (k, j) in tr.clone().enumerate() {
                        let p = pair(&src[i], &tgt[j], names_on_src);
                        mask |= p.src_words;
                        names |= p.names;
                        t_masks[k].0 |= p.tgt_words;
                        t_masks[k].1 |= p.names;
                    }
                    let n = if names_on_src {
                        names.count_ones() as f32
                    } else {
                        0.0
                    };
                    push_share(&mut shares, mask, n, &src[i].weights);
                }
                for (k, j) in tr.clone().enumerate() {
                    let n = if names_on_src {
                        0.0
                    } else {
                        t_masks[k].1.count_ones() as f32
                    };
                    push_share(&mut shares, t_masks[k].0, n, &tgt[j].weights);
                }
            }
            shares
        })
        .collect();
    let mut shares = parts.concat();
    shares.par_sort_unstable_by(f64::total_cmp);
    shares
}

/// The evidence a bead explains: the word weight of each of its sentences
/// that the other side of the bead translates (the union over that side's
/// sentences, as [`support_shares`] measures it), plus one per matched
/// name, summed over both sides. An empty-side bead explains nothing.
pub(crate) fn bead_evidence(
    src: &[SentenceFeatures],
    tgt: &[SentenceFeatures],
    sr: std::ops::Range<usize>,
    tr: std::ops::Range<usize>,
    names_on_src: bool,
) -> f64 {
    if sr.is_empty() || tr.is_empty() {
        return 0.0;
    }
    let mut t_masks = vec![0u64; tr.len()];
    let mut names = 0u64;
    let mut total = 0.0f64;
    for i in sr {
        let mut mask = 0u64;
        let mut own_names = 0u64;
        for (k, j) in tr.clone().enumerate() {
            let p = pair(&src[i], &tgt[j], names_on_src);
            mask |= p.src_words;
            own_names |= p.names;
            t_masks[k] |= p.tgt_words;
        }
        names += u64::from(own_names.count_ones());
        total += f64::from(super::cost::weight_of(mask, &src[i].weights));
    }
    for (k, j) in tr.enumerate() {
        total += f64::from(super::cost::weight_of(t_masks[k], &tgt[j].weights));
    }
    total + names as f64
}

fn push_share(shares: &mut Vec<f64>, mask: u64, names: f32, weights: &[f32]) {
    let content: f32 = weights.iter().sum();
    if content > 0.0 {
        let matched = super::cost::weight_of(mask, weights) + names;
        shares.push(f64::from((matched / content).min(1.0)));
    }
}

/// The first index from `from` on whose entry is not below `key` (the
/// length when none is), one entry at a time: one bounds check a step.
#[inline(always)]
fn skip_below(entries: &[LexEntry], from: usize, key: LexEntry) -> usize {
    let mut k = from;
    while let Some(&e) = entries.get(k) {
        if e >= key {
            break;
        }
        k += 1;
    }
    k
}

fn pair(s: &SentenceFeatures, t: &SentenceFeatures, names_on_src: bool) -> Pair {
    let mut p = Pair::default();
    // Merge join over stem ids: each side skips, in a tight loop of its
    // own, the stems below the other's current one (a Chinese sentence's
    // entries, every gloss of every word, far outnumber an English one's).
    let (a, b) = (s.lex.as_slice(), t.lex.as_slice());
    let (mut x, mut y) = (0, 0);
    while x < a.len() && y < b.len() {
        // The entries are ordered by stem, then position: an entry is of a
        // lesser stem than another exactly when it is below that stem's entry at
        // position 0 (always an entry: a stem read from one fits, and so
        // does position 0), so the loops compare entries as they are.
        let first = a[x].first_of_stem();
        // Four entries at a time while the fourth is still below (the
        // entries are sorted: the three before it are below too), then one
        // at a time: the same entry is reached (one bounds check a step).
        while let Some(&fourth) = b.get(y + 3) {
            if fourth >= first {
                break;
            }
            y += 4;
        }
        y = skip_below(b, y, first);
        if y == b.len() {
            break;
        }
        let v = b[y].stem();
        x = skip_below(a, x, b[y].first_of_stem());
        if x == a.len() {
            break;
        }
        let stem = a[x].stem();
        if stem != v {
            continue;
        }
        while let Some(e) = a.get(x).filter(|e| e.stem() == stem) {
            p.src_words |= 1 << e.pos();
            x += 1;
        }
        while let Some(e) = b.get(y).filter(|e| e.stem() == stem) {
            p.tgt_words |= 1 << e.pos();
            y += 1;
        }
    }
    let (en, zh) = if names_on_src { (s, t) } else { (t, s) };
    if !en.names.is_empty() && !zh.names.is_empty() {
        for (k, name) in en.names.iter().take(64).enumerate() {
            if zh.names.binary_search(name).is_ok() {
                p.names |= 1 << k;
            }
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sentences whose words share stems with their neighbours', so that
    /// most pairs of a band hold evidence.
    fn side(n: usize, shift: u32) -> Vec<SentenceFeatures> {
        (0..n)
            .map(|i| {
                let stems = [
                    i as u32 + shift,
                    i as u32 + shift + 1,
                    (i as u32 + shift) / 3,
                ];
                SentenceFeatures::of_stems(&stems, vec![1.0, 0.5, 0.25])
            })
            .collect()
    }

    fn same(a: &PairTable, b: &PairTable, n: usize, m: usize) {
        for i in 0..n {
            for j in 0..m {
                let (x, y) = (a.get(i, j), b.get(i, j));
                assert_eq!(
                    (
                        x.src_words,
                        x.tgt_words,
                        x.names,
                        x.src_weight,
                        x.tgt_weight
                    ),
                    (
                        y.src_words,
                        y.tgt_words,
                        y.names,
                        y.src_weight,
                        y.tgt_weight
                    ),
                    "pair ({i}, {j})"
                );
            }
        }
    }

    #[test]
    fn the_merge_join_finds_every_shared_stem() {
        // Stems repeated within a sentence, lists of very different
        // lengths, shared stems at either end, sentences without any.
        let sentence = |i: u32, n: u32, stride: u32| {
            let stems: Vec<u32> = (0..n).map(|k| (i * 7 + k * stride) % 40).collect();
            SentenceFeatures::of_stems(&stems, vec![1.0; n as usize])
        };
        let mut sentences = vec![SentenceFeatures::of_stems(&[], Vec::new())];
        for i in 0..12 {
            sentences.push(sentence(i, 3 + i % 4, 3));
            sentences.push(sentence(i + 5, 40 + i, 1));
            sentences.push(sentence(i, 9, 11));
        }
        let mut matched = 0;
        for s in &sentences {
            for t in &sentences {
                let (mut src_words, mut tgt_words) = (0u64, 0u64);
                for e in &s.lex {
                    for f in &t.lex {
                        if e.stem() == f.stem() {
                            src_words |= 1 << e.pos();
                            tgt_words |= 1 << f.pos();
                        }
                    }
                }
                let p = pair(s, t, true);
                assert_eq!((p.src_words, p.tgt_words), (src_words, tgt_words));
                matched += usize::from(src_words != 0);
            }
        }
        assert!(matched > 500, "{matched}");
    }

    #[test]
    fn empty_pairs_filled_on_every_core_are_a_resize() {
        // `fill_empty` against `resize`: the pairs kept, the new ones
        // empty, in room reserved exactly (none more), on either side of
        // the chunk one core writes, growing and shrinking.
        let marked = |k: usize| Pair {
            src_words: k as u64 + 1,
            tgt_words: 3,
            names: 5,
            src_weight: 0.5,
            tgt_weight: k as f32,
        };
        let fields = |p: &Pair| {
            (
                p.src_words,
                p.tgt_words,
                p.names,
                p.src_weight.to_bits(),
                p.tgt_weight.to_bits(),
            )
        };
        let sizes = [
            0,
            1,
            7,
            FILL_CHUNK - 1,
            FILL_CHUNK,
            FILL_CHUNK + 1,
            5 * FILL_CHUNK + 3,
        ];
        for &from in &sizes {
            for &total in &sizes {
                let old: Vec<Pair> = (0..from).map(marked).collect();
                let mut plain = old.clone();
                plain.resize(total, EMPTY);
                let mut filled = old.clone();
                filled.reserve_exact(total.saturating_sub(filled.len()));
                let room = filled.capacity();
                fill_empty(&mut filled, total);
                assert_eq!(filled.len(), total);
                assert!(filled.iter().map(fields).eq(plain.iter().map(fields)));
                if total >= from {
                    assert_eq!(filled.capacity(), room, "{from} {total}");
                }
            }
            let fresh = empty_pairs(from);
            assert_eq!((fresh.len(), fresh.capacity()), (from, from));
            assert!(fresh.iter().all(|p| fields(p) == fields(&EMPTY)));
        }
    }

    #[test]
    fn a_table_built_from_another_equals_a_fresh_one() {
        let (src, tgt) = (side(40, 0), side(50, 1));
        let (n, m) = (src.len(), tgt.len());
        let band = |w: usize, shift: isize| -> (Vec<usize>, Vec<usize>) {
            (0..n)
                .map(|i| {
                    let c = ((i * m / n) as isize + shift).clamp(0, m as isize) as usize;
                    (c.saturating_sub(w), (c + w).min(m))
                })
                .unzip()
        };
        // A narrower table inside the old one (moved down in place),
        // ones shifted off it, a wider one shifted (copied: its rows start
        // later than the old ones), and a wider one around it (grown).
        for (old_band, new_band) in [
            ((12, 0), (2, 0)),
            ((12, 0), (1, 3)),
            ((12, 0), (3, -15)),
            ((2, 0), (8, 9)),
            ((12, 0), (14, 0)),
        ] {
            let (lo, hi) = band(old_band.0, old_band.1);
            let old = PairTable::build(&src, &tgt, lo, hi, true, None);
            let (lo, hi) = band(new_band.0, new_band.1);
            let fresh = PairTable::build(&src, &tgt, lo.clone(), hi.clone(), true, None);
            let reused = PairTable::build(&src, &tgt, lo, hi, true, Some(old));
            assert_eq!(reused.pairs.len(), fresh.pairs.len());
            same(&reused, &fresh, n, m);
            // A row's pairs are those `get` finds, inside the table and out.
            for i in 0..n + 2 {
                let (first, row) = reused.row(i);
                for j in 0..m + 2 {
                    let fields = |p: &Pair| (p.src_words, p.tgt_words, p.names, p.src_weight);
                    let from_row = row.get(j.wrapping_sub(first)).unwrap_or(&EMPTY);
                    assert_eq!(fields(from_row), fields(reused.get(i, j)), "({i}, {j})");
                }
            }
        }
    }
}
