//! A skeleton of sure sentence pairs, to centre the search band.
//!
//! The length diagonal drifts away from the true alignment when the
//! translation is wordier in some parts than in others (by hundreds of
//! sentences in a book-length text). Before the search, bitext finds pairs
//! that almost certainly align: a word stem, number or name that occurs in
//! at most four sentences on one side and sixteen on the other makes every
//! such pair a candidate, and a candidate that two keys agree on is sure.
//! The longest chain of sure pairs that is monotone on both sides is the
//! skeleton. In a long text most words occur too often to anchor (Bible
//! 006: 434 sure pairs for 30,000 verses), so the gaps between the
//! skeleton's pairs are searched for sure pairs of their own by the same
//! rules, counted within each gap ([`densify`]); the band follows the line
//! through them all.

use crate::features::SentenceFeatures;
use crate::hash::FastMap as HashMap;

/// Keys that occur in more sentences than this are too common to anchor.
const MAX_DF: usize = 4;
/// On the other side, a rare key may occur this often.
const WIDE_DF: usize = 16;

/// Sure pairs `(source sentence, target sentence)`, increasing on both sides.
/// `bound` is [`key_bound`]`(src, tgt)`, which [`densify`] takes too (the
/// caller finds it once for both).
pub(crate) fn skeleton(
    src: &[SentenceFeatures],
    tgt: &[SentenceFeatures],
    bound: Option<usize>,
) -> Vec<(usize, usize)> {
    let support = match bound {
        Some(bound) => rare_support(src, tgt, bound),
        None => map_support(src, tgt),
    };
    chain_of_sure(support, (src.len(), tgt.len()))
}

/// The keys of a sentence (lexicon stems, names and numbers; a key may
/// repeat).
fn keys_of(f: &SentenceFeatures) -> impl Iterator<Item = u32> + '_ {
    f.lex
        .iter()
        .map(|e| e.stem())
        .chain(f.names.iter().copied())
        .chain(f.numbers.iter().copied())
}

/// Calls `each` on the keys of a sentence in [`keys_of`]'s order: three
/// plain loops, which cost fewer instructions than the chained iterator in
/// the tables' passes that test every key (the largest key, a reduction,
/// is cheaper through the iterator: session 42).
#[inline(always)]
fn for_each_key(f: &SentenceFeatures, mut each: impl FnMut(u32)) {
    for e in &f.lex {
        each(e.stem());
    }
    for &k in &f.names {
        each(k);
    }
    for &k in &f.numbers {
        each(k);
    }
}

/// Whether a key held by `na` sentences of one side and `nb` of the other
/// makes candidates: rare on one side and not common on the other (see
/// [`support_of`]).
#[inline(always)]
fn can_anchor(na: usize, nb: usize) -> bool {
    na > 0 && nb > 0 && (na <= MAX_DF && nb <= WIDE_DF || nb <= MAX_DF && na <= WIDE_DF)
}

/// One more than the largest key of `src` and `tgt` when tables indexed by
/// key ([`rare_support`], five bytes per key a side) stay small beside the
/// features (at most one key per key occurrence, plus 2^20, and at most
/// 2^22) and the sentences number below `u32::MAX`; else `None`.
pub(crate) fn key_bound(src: &[SentenceFeatures], tgt: &[SentenceFeatures]) -> Option<usize> {
    use rayon::prelude::*;
    if src.len().max(tgt.len()) >= u32::MAX as usize {
        return None;
    }
    let (max, entries) = src
        .par_iter()
        .chain(tgt.par_iter())
        .with_min_len(512)
        .map(|f| {
            let max = keys_of(f).max().map_or(0, |k| k as usize + 1);
            (max, f.lex.len() + f.names.len() + f.numbers.len())
        })
        .reduce(|| (0, 0), |a, b| (a.0.max(b.0), a.1 + b.1));
    (max <= (entries + (1 << 20)).min(1 << 22)).then_some(max)
}

/// [`skeleton`]'s candidate pairs and their support (each pair once, in
/// order), through tables indexed by key (every key below `bound`): each
/// side's keys are counted (once per sentence, up to one past
/// [`WIDE_DF`]), then the occurrences of the keys rare enough on both
/// sides to make candidates are collected and matched as in a gap
/// ([`support_of`]). The same pairs and support as [`map_support`].
fn rare_support(
    src: &[SentenceFeatures],
    tgt: &[SentenceFeatures],
    bound: usize,
) -> Vec<((usize, usize), u32)> {
    use rayon::prelude::*;
    // How many sentences hold each key (at most `WIDE_DF + 1`): the last
    // sentence seen of each key counts each once.
    let counted = |feats: &[SentenceFeatures]| {
        let mut count = vec![0u8; bound];
        let mut last = vec![u32::MAX; bound];
        for (i, f) in feats.iter().enumerate() {
            let i = i as u32;
            for_each_key(f, |k| {
                let k = k as usize;
                if last[k] != i {
                    last[k] = i;
                    count[k] = count[k].saturating_add(1).min(WIDE_DF as u8 + 1);
                }
            });
        }
        count
    };
    let (cs, ct) = rayon::join(|| counted(src), || counted(tgt));
    // Those keys' occurrences that make candidates (see [`can_anchor`]),
    // sentences in chunks on every core: a key common on its own side
    // (most occurrences) is passed over after one look-up.
    let collected = |feats: &[SentenceFeatures], own: &[u8], other: &[u8]| {
        const SENTENCES: usize = 1024;
        let parts: Vec<Vec<u64>> = feats
            .par_chunks(SENTENCES)
            .enumerate()
            .map(|(c, chunk)| {
                let mut v = Vec::new();
                for (i, f) in (c * SENTENCES..).zip(chunk) {
                    for_each_key(f, |k| {
                        let na = own[k as usize] as usize;
                        if na <= WIDE_DF && can_anchor(na, other[k as usize] as usize) {
                            v.push(<u64 as Occurrence>::new(k, i));
                        }
                    });
                }
                v
            })
            .collect();
        let mut v = parts.concat();
        <u64 as Occurrence>::sort(&mut v);
        v.dedup();
        v
    };
    let (so, to) = rayon::join(|| collected(src, &cs, &ct), || collected(tgt, &ct, &cs));
    support_of(&so, &to)
}

/// [`skeleton`]'s candidate pairs and their support as maps of each key's
/// sentences give them (each pair once, in no particular order): the
/// computation [`rare_support`] replaces where keys are small numbers.
fn map_support(src: &[SentenceFeatures], tgt: &[SentenceFeatures]) -> Vec<((usize, usize), u32)> {
    let occurrences = |feats: &[SentenceFeatures], cap: usize| {
        let mut occ: HashMap<u32, Vec<usize>> = HashMap::default();
        for (i, f) in feats.iter().enumerate() {
            let mut keys: Vec<u32> = f
                .lex
                .iter()
                .map(|e| e.stem())
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
    // English stems, so the Chinese side's counts run higher). Each side on
    // its own core; the same lists serve as the rare keys' (a key found more
    // than `MAX_DF` times is skipped there).
    let (so_wide, to_wide) =
        rayon::join(|| occurrences(src, WIDE_DF), || occurrences(tgt, WIDE_DF));
    let (so, to) = (&so_wide, &to_wide);
    let mut support: HashMap<(usize, usize), u32> = HashMap::default();
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
    add(so, &to_wide, false);
    add(to, &so_wide, true);
    support.into_iter().collect()
}

/// The sure pairs of an `n` × `m` grid, from the candidate pairs and the
/// rare keys that support each (`support`, each pair once, in any order).
fn chain_of_sure(
    support: Vec<((usize, usize), u32)>,
    (n, m): (usize, usize),
) -> Vec<(usize, usize)> {
    // A pair is sure when two rare keys agree on it (or one key seen from
    // both sides).
    let pairs: Vec<((usize, usize), u32)> =
        support.iter().filter(|&&(_, k)| k >= 2).copied().collect();
    let ratio = m.max(1) as f64 / n.max(1) as f64;
    let sure = consistent(&heaviest_chain(pairs), ratio);
    // Pairs that one rare key supports are sure too when they lie on the
    // line through the sure pairs: they fill the gaps between them.
    let line = |i: usize| -> f64 {
        let k = sure.partition_point(|&(x, _)| x <= i);
        let (a, b) = match (k.checked_sub(1).map(|k| sure[k]), sure.get(k)) {
            (Some(a), Some(&b)) => (a, b),
            (Some(a), None) => (a, (n, m)),
            (None, Some(&b)) => ((0, 0), b),
            (None, None) => ((0, 0), (n, m)),
        };
        if b.0 <= a.0 {
            return a.1 as f64;
        }
        a.1 as f64 + (b.1 as f64 - a.1 as f64) * (i - a.0) as f64 / (b.0 - a.0) as f64
    };
    // The line at the last source sentence asked, kept (a function of the
    // sentence alone; the tables' support comes sorted by source sentence,
    // so each sentence's pairs ask once).
    let mut at: Option<(usize, f64)> = None;
    let pairs: Vec<((usize, usize), u32)> = support
        .into_iter()
        .filter(|&((i, j), k)| {
            k >= 2 || {
                let y = match at {
                    Some((x, y)) if x == i => y,
                    _ => {
                        let y = line(i);
                        at = Some((i, y));
                        y
                    }
                };
                (j as f64 - y).abs() <= NEAR_LINE
            }
        })
        .collect();
    consistent(&heaviest_chain(pairs), ratio)
}

/// The skeleton with the sure pairs of its gaps: between two consecutive
/// pairs of `skeleton` (and before the first, after the last), where both
/// sides span at least [`MIN_GAP`] sentences, the keys are counted within
/// the gap, and a key rare there anchors as a rare key of the whole text
/// does ([`skeleton`]'s rules). The gaps on every core. The first search
/// follows the line through these pairs: on Bible 006 (434 pairs in the
/// skeleton, one per 69 verses, the path up to 64 sentences off the line
/// between them) 18,535 pairs, and the search's window settles after 4
/// sweeps of 3.5 million bead evaluations instead of 8 of 11.7 million.
/// `bound` is [`key_bound`]`(src, tgt)` (the skeleton's: found once).
pub(crate) fn densify(
    skeleton: &[(usize, usize)],
    src: &[SentenceFeatures],
    tgt: &[SentenceFeatures],
    bound: Option<usize>,
) -> Vec<(usize, usize)> {
    use rayon::prelude::*;
    let mut gaps: Vec<(usize, usize, usize, usize)> = Vec::with_capacity(skeleton.len() + 1);
    let mut start = (0, 0);
    for &(i, j) in skeleton.iter().chain([(src.len(), tgt.len())].iter()) {
        if i >= start.0 + MIN_GAP && j >= start.1 + MIN_GAP {
            gaps.push((start.0, i, start.1, j));
        }
        start = (i + 1, j + 1);
    }
    // Each core counts a gap's keys in tables of its own while the keys
    // are small numbers (see `GapTables`), else sorts the gap's lists.
    let bound = bound.filter(|&b| b <= MAX_GAP_TABLE_KEYS);
    let threads = rayon::current_num_threads().max(1);
    let tables: Vec<std::sync::Mutex<Option<GapTables>>> = match bound {
        Some(_) => (0..threads).map(|_| Default::default()).collect(),
        None => Vec::new(),
    };
    let found: Vec<Vec<(usize, usize)>> = gaps
        .par_iter()
        .map(|&(i0, i1, j0, j1)| {
            let support = match bound {
                Some(bound) => {
                    let slot = rayon::current_thread_index().unwrap_or(0) % threads;
                    let mut tables = tables[slot]
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    tables.get_or_insert_with(|| GapTables::new(bound)).support(
                        src,
                        tgt,
                        (i0..i1, j0..j1),
                    )
                }
                None => gap_support(&src[i0..i1], &tgt[j0..j1]),
            };
            chain_of_sure(support, (i1 - i0, j1 - j0))
                .into_iter()
                .map(|(i, j)| (i + i0, j + j0))
                .collect()
        })
        .collect();
    let mut all: Vec<(usize, usize)> = skeleton
        .iter()
        .copied()
        .chain(found.into_iter().flatten())
        .collect();
    all.sort_unstable();
    all
}

/// Gaps shorter than this on either side are not searched for sure pairs
/// of their own.
const MIN_GAP: usize = 8;

/// [`densify`] counts a gap's keys in tables indexed by key (ten bytes per
/// key and core, see [`GapTables`]) while every key is below this.
const MAX_GAP_TABLE_KEYS: usize = 1 << 20;

/// One core's tables for [`densify`]'s gaps, indexed by key, one of each
/// per side: the last sentence (its index in the whole text) that held the
/// key, and how many sentences of the gap being counted did (up to one
/// past [`WIDE_DF`]). A count belongs to the gap when its last sentence
/// lies in the gap: the gaps do not overlap, so the tables serve gap after
/// gap in any order without being cleared.
struct GapTables {
    last: [Vec<u32>; 2],
    count: [Vec<u8>; 2],
}

impl GapTables {
    /// Tables for keys below `bound` (sentences below `u32::MAX`, see
    /// [`key_bound`]).
    fn new(bound: usize) -> Self {
        GapTables {
            last: [vec![u32::MAX; bound], vec![u32::MAX; bound]],
            count: [vec![0; bound], vec![0; bound]],
        }
    }

    /// [`gap_support`] of the gap of sentences `gap.0` of `src` and
    /// `gap.1` of `tgt` (every key below the tables' bound): each side's
    /// keys counted once per sentence, then only the occurrences of the
    /// keys that can anchor (rare on one side, not common on the other)
    /// sorted and matched ([`support_of`]). Keys that cannot anchor add
    /// no candidate there, so the support is the same.
    fn support(
        &mut self,
        src: &[SentenceFeatures],
        tgt: &[SentenceFeatures],
        gap: (std::ops::Range<usize>, std::ops::Range<usize>),
    ) -> Vec<((usize, usize), u32)> {
        let sides = [
            (&src[gap.0.clone()], gap.0.start),
            (&tgt[gap.1.clone()], gap.1.start),
        ];
        for (side, &(feats, lo)) in sides.iter().enumerate() {
            let (last, count) = (&mut self.last[side], &mut self.count[side]);
            for (i, f) in (lo as u32..).zip(feats) {
                // Sentences of this gap before `i`.
                let before = i - lo as u32;
                for_each_key(f, |k| {
                    let k = k as usize;
                    let l = last[k];
                    if l != i {
                        count[k] = if l.wrapping_sub(lo as u32) < before {
                            count[k].saturating_add(1).min(WIDE_DF as u8 + 1)
                        } else {
                            1
                        };
                        last[k] = i;
                    }
                });
            }
        }
        // The occurrences of the keys that make candidates (see
        // [`can_anchor`]) on `side`. Every key of the side's own sentences was
        // last seen in the gap, so its own count is the gap's; a key common
        // there (most occurrences) is passed over after that one look-up.
        // The other side's count is the gap's when its last sentence lies
        // in the gap, else 0.
        let collected = |side: usize| {
            let (feats, _) = sides[side];
            let (other_feats, other_lo) = sides[1 - side];
            let own = &self.count[side];
            let (other_last, other_count) = (&self.last[1 - side], &self.count[1 - side]);
            let mut v = Vec::new();
            for (i, f) in feats.iter().enumerate() {
                for_each_key(f, |k| {
                    let k = k as usize;
                    let na = own[k] as usize;
                    if na > WIDE_DF {
                        return;
                    }
                    let nb = if (other_last[k].wrapping_sub(other_lo as u32) as usize)
                        < other_feats.len()
                    {
                        other_count[k] as usize
                    } else {
                        0
                    };
                    if can_anchor(na, nb) {
                        v.push(<u64 as Occurrence>::new(k as u32, i));
                    }
                });
            }
            v.sort_unstable();
            v.dedup();
            v
        };
        support_of(&collected(0), &collected(1))
    }
}

/// [`skeleton`]'s candidate pairs and their support within one gap (`src`
/// and `tgt` the gap's sentences), from sorted lists of (key, sentence)
/// rather than a map of lists: a gap holds a few thousand.
fn gap_support(src: &[SentenceFeatures], tgt: &[SentenceFeatures]) -> Vec<((usize, usize), u32)> {
    // (key, sentence) as one number, key in the high half: sorting the
    // numbers sorts the pairs (a gap's sentences number far fewer than
    // `u32::MAX`, and a longer gap takes the pairs themselves).
    let packed = src.len().max(tgt.len()) <= u32::MAX as usize;
    if !packed {
        return gap_support_by(src, tgt, occurrences_of::<(u32, usize)>);
    }
    gap_support_by(src, tgt, occurrences_of::<u64>)
}

/// A (key, sentence) pair, sortable as the pair.
trait Occurrence: Copy + Ord + Send {
    fn new(key: u32, sentence: usize) -> Self;
    fn key(self) -> u32;
    fn sentence(self) -> usize;
    /// Sorts `v`, whose sentences never decrease (the order
    /// [`occurrences_of`] pushes them in): as `sort_unstable` does.
    fn sort(v: &mut Vec<Self>) {
        v.sort_unstable();
    }
}

impl Occurrence for (u32, usize) {
    #[inline]
    fn new(key: u32, sentence: usize) -> Self {
        (key, sentence)
    }
    #[inline]
    fn key(self) -> u32 {
        self.0
    }
    #[inline]
    fn sentence(self) -> usize {
        self.1
    }
}

/// The key in the high half, the sentence (below `u32::MAX`) in the low.
impl Occurrence for u64 {
    #[inline]
    fn new(key: u32, sentence: usize) -> Self {
        u64::from(key) << 32 | sentence as u64
    }
    #[inline]
    fn key(self) -> u32 {
        (self >> 32) as u32
    }
    #[inline]
    fn sentence(self) -> usize {
        self as u32 as usize
    }
    /// A stable radix sort by key: the sentences, already in order within
    /// each key, stay so (a gap's few thousand numbers sort in two passes
    /// of at most 11 bits over the keys' bits, instead of a comparison
    /// sort's dozen).
    fn sort(v: &mut Vec<Self>) {
        radix_sort_by_key(v);
    }
}

/// Sorts `v` (key in the high half, sentence in the low, sentences
/// nondecreasing in `v`'s order) into increasing order: a stable LSD radix
/// sort on the key's bits that vary, at most 11 bits a pass. Gives the
/// same order as `sort_unstable` (the numbers are then sorted by key, and
/// within a key by sentence).
fn radix_sort_by_key(v: &mut Vec<u64>) {
    const MAX_DIGIT: u32 = 11;
    if v.len() < 64 {
        v.sort_unstable();
        return;
    }
    // The key bits that differ between entries: only those need sorting.
    let (mut all, mut any) = (u32::MAX, 0u32);
    for &x in v.iter() {
        let k = (x >> 32) as u32;
        all &= k;
        any |= k;
    }
    let varying = all ^ any;
    if varying == 0 {
        return;
    }
    let low = varying.trailing_zeros();
    let bits = 32 - varying.leading_zeros() - low;
    let passes = bits.div_ceil(MAX_DIGIT);
    let width = bits.div_ceil(passes);
    let mask = (1usize << width) - 1;
    let mut counts = [0usize; 1 << MAX_DIGIT];
    let mut from = std::mem::take(v);
    let mut to = vec![0u64; from.len()];
    for pass in 0..passes {
        let shift = 32 + low + pass * width;
        let digit = |x: u64| (x >> shift) as usize & mask;
        let counts = &mut counts[..=mask];
        counts.fill(0);
        for &x in &from {
            counts[digit(x)] += 1;
        }
        let mut sum = 0;
        for c in counts.iter_mut() {
            (*c, sum) = (sum, sum + *c);
        }
        for &x in &from {
            let c = &mut counts[digit(x)];
            to[*c] = x;
            *c += 1;
        }
        std::mem::swap(&mut from, &mut to);
    }
    *v = from;
}

/// Sorts `v` by its numbers (equal numbers in any order; their weights
/// are summed after): a stable LSD radix sort on the bits that vary in each
/// half of the number (a gap's source sentence in the high half, its
/// target sentence in the low, each a few thousand at most), at most 11
/// bits a pass, low half first; short lists by comparison.
fn radix_sort_pairs(v: &mut Vec<(u64, u32)>) {
    const MAX_DIGIT: u32 = 11;
    if v.len() < 64 {
        v.sort_unstable_by_key(|&(pair, _)| pair);
        return;
    }
    let (mut all, mut any) = (u64::MAX, 0u64);
    for &(x, _) in v.iter() {
        all &= x;
        any |= x;
    }
    let varying = all ^ any;
    // Each half's digits, least significant first (a last digit that runs
    // past its half's varying bits only reads bits that do not vary there
    // or, in the low half, the high half's lowest, which the later passes
    // order again).
    let mut digits: Vec<(u32, usize)> = Vec::with_capacity(6);
    for half in [0u32, 32] {
        let bits = (varying >> half) as u32;
        if bits == 0 {
            continue;
        }
        let low = bits.trailing_zeros();
        let span = 32 - bits.leading_zeros() - low;
        let passes = span.div_ceil(MAX_DIGIT);
        let width = span.div_ceil(passes);
        for pass in 0..passes {
            digits.push((half + low + pass * width, (1usize << width) - 1));
        }
    }
    if digits.is_empty() {
        return;
    }
    let mut counts = [0usize; 1 << MAX_DIGIT];
    let mut from = std::mem::take(v);
    let mut to = vec![(0u64, 0u32); from.len()];
    for (shift, mask) in digits {
        let digit = |x: u64| (x >> shift) as usize & mask;
        let counts = &mut counts[..=mask];
        counts.fill(0);
        for &(x, _) in &from {
            counts[digit(x)] += 1;
        }
        let mut sum = 0;
        for c in counts.iter_mut() {
            (*c, sum) = (sum, sum + *c);
        }
        for &p in &from {
            let c = &mut counts[digit(p.0)];
            to[*c] = p;
            *c += 1;
        }
        std::mem::swap(&mut from, &mut to);
    }
    *v = from;
}

/// The distinct (key, sentence) pairs of `feats` (lexicon stems, names and
/// numbers), sorted.
fn occurrences_of<O: Occurrence>(feats: &[SentenceFeatures]) -> Vec<O> {
    let len = feats
        .iter()
        .map(|f| f.lex.len() + f.names.len() + f.numbers.len())
        .sum();
    let mut v: Vec<O> = Vec::with_capacity(len);
    for (i, f) in feats.iter().enumerate() {
        // A key repeated next to itself (a stem's entries are adjacent in
        // the sorted lexicon list) is left to the dedup below once.
        let mut last = None;
        for k in f
            .lex
            .iter()
            .map(|e| e.stem())
            .chain(f.names.iter().copied())
            .chain(f.numbers.iter().copied())
        {
            if last != Some(k) {
                v.push(O::new(k, i));
                last = Some(k);
            }
        }
    }
    O::sort(&mut v);
    v.dedup();
    v
}

/// [`gap_support`] with the occurrence lists of `occurrences`.
fn gap_support_by<O: Occurrence>(
    src: &[SentenceFeatures],
    tgt: &[SentenceFeatures],
    occurrences: fn(&[SentenceFeatures]) -> Vec<O>,
) -> Vec<((usize, usize), u32)> {
    support_of(&occurrences(src), &occurrences(tgt))
}

/// The candidate pairs and their support (sorted, each pair once) of the
/// sorted (key, sentence) lists of two sides, `so` and `to`, distinct.
fn support_of<O: Occurrence>(so: &[O], to: &[O]) -> Vec<((usize, usize), u32)> {
    // Each candidate pair as one number (source sentence in the high half)
    // while both fit in 32 bits, so that sorting compares one number and
    // moves 16 bytes; else as the pair.
    let mut packed: Vec<(u64, u32)> = Vec::new();
    let mut candidates: Vec<((usize, usize), u32)> = Vec::new();
    let (mut a, mut b) = (0, 0);
    while a < so.len() && b < to.len() {
        let (ka, kb) = (so[a].key(), to[b].key());
        let a_end = a + so[a..].partition_point(|o| o.key() == ka);
        let b_end = b + to[b..].partition_point(|o| o.key() == kb);
        if ka < kb {
            a = a_end;
            continue;
        }
        if kb < ka {
            b = b_end;
            continue;
        }
        let (na, nb) = (a_end - a, b_end - b);
        // Rare on one side and not common on the other, counted once per
        // side it is rare on (as `skeleton` adds it from each side).
        let weight =
            u32::from(na <= MAX_DF && nb <= WIDE_DF) + u32::from(nb <= MAX_DF && na <= WIDE_DF);
        if weight > 0 {
            for x in &so[a..a_end] {
                for y in &to[b..b_end] {
                    let (x, y) = (x.sentence(), y.sentence());
                    match (u32::try_from(x), u32::try_from(y)) {
                        (Ok(x), Ok(y)) => packed.push((u64::from(x) << 32 | u64::from(y), weight)),
                        _ => candidates.push(((x, y), weight)),
                    }
                }
            }
        }
        (a, b) = (a_end, b_end);
    }
    if candidates.is_empty() {
        // The same pairs in the same order: a pair's weights are summed
        // below, in any order.
        radix_sort_pairs(&mut packed);
        let mut support: Vec<((usize, usize), u32)> = Vec::with_capacity(packed.len());
        for (pair, w) in packed {
            let pair = ((pair >> 32) as usize, pair as u32 as usize);
            match support.last_mut() {
                Some((p, total)) if *p == pair => *total += w,
                _ => support.push((pair, w)),
            }
        }
        return support;
    }
    candidates.extend(
        packed
            .into_iter()
            .map(|(pair, w)| (((pair >> 32) as usize, pair as u32 as usize), w)),
    );
    candidates.sort_unstable();
    let mut support: Vec<((usize, usize), u32)> = Vec::with_capacity(candidates.len());
    for (pair, w) in candidates {
        match support.last_mut() {
            Some((p, total)) if *p == pair => *total += w,
            _ => support.push((pair, w)),
        }
    }
    support
}

/// How near the line through the sure pairs a pair with one rare key must
/// lie to join them.
const NEAR_LINE: f64 = 3.0;

/// Sure pairs this many sentences off the median offset of their
/// neighbours are dropped.
const MAX_OFFSET_JUMP: f64 = 12.0;

/// The pairs of a chain that agree with their neighbours: a pair whose
/// offset from the diagonal (`j − i × ratio`) is far from the median offset
/// of the five pairs either side of it is a coincidence of rare words
/// (the same names in two genealogies), not an anchor. A real shift (a run
/// of omitted sentences) moves the median with it after a pair or two.
fn consistent(chain: &[(usize, usize)], ratio: f64) -> Vec<(usize, usize)> {
    let offset = |&(i, j): &(usize, usize)| j as f64 - i as f64 * ratio;
    let offsets: Vec<f64> = chain.iter().map(offset).collect();
    let mut window = Vec::with_capacity(11);
    chain
        .iter()
        .enumerate()
        .filter(|&(k, _)| {
            window.clear();
            window.extend_from_slice(&offsets[k.saturating_sub(5)..(k + 6).min(offsets.len())]);
            window.sort_by(f64::total_cmp);
            let median = window[window.len() / 2];
            (offsets[k] - median).abs() <= MAX_OFFSET_JUMP
        })
        .map(|(_, &p)| p)
        .collect()
}

/// The chain of pairs increasing strictly in both coordinates whose
/// weights (the rare keys that support each pair) sum highest; among equal
/// sums the longer, then the first found. Counting pairs alone let a short
/// text's chain shift by one sentence: next to an omission near its end,
/// the chain of true pairs and the chain of each source sentence with its
/// neighbour's translation were equally long, and the wrong one won.
/// O(p log m), with a Fenwick tree of the best chain ending below each
/// target sentence.
fn heaviest_chain(mut pairs: Vec<((usize, usize), u32)>) -> Vec<(usize, usize)> {
    // By source ascending, target descending, so that one source sentence
    // contributes at most one pair to a chain; ties in the input order.
    // Pairs already in increasing order and distinct (as [`support_of`]
    // gives them) take that order by reversing each source sentence's run,
    // without a sort: the order has no ties then, so it is the sort's.
    if pairs.windows(2).all(|w| w[0].0 < w[1].0) {
        for run in pairs.chunk_by_mut(|a, b| a.0.0 == b.0.0) {
            run.reverse();
        }
    } else {
        pairs.sort_unstable_by(|a, b| a.0.0.cmp(&b.0.0).then(b.0.1.cmp(&a.0.1)));
    }
    // (weight, length, index of the pair it ends on).
    type Best = Option<(u64, usize, usize)>;
    let better = |a: Best, b: Best| -> Best {
        match (a, b) {
            (Some(x), Some(y)) if (y.0, y.1) > (x.0, x.1) => b,
            (None, _) => b,
            _ => a,
        }
    };
    let m = pairs.iter().map(|&((_, j), _)| j + 1).max().unwrap_or(0);
    // `tree[x]` (1-based) holds the best chain ending on a target sentence
    // in the Fenwick range of `x`; a chain ending on target `j` is stored
    // at position `j + 1`.
    let mut tree: Vec<Best> = vec![None; m + 1];
    let mut prev: Vec<Option<usize>> = vec![None; pairs.len()];
    let mut best: Best = None;
    for (k, &((_, j), w)) in pairs.iter().enumerate() {
        // The best chain ending on a target sentence before `j`.
        let mut below: Best = None;
        let mut x = j;
        while x > 0 {
            below = better(below, tree[x]);
            x &= x - 1;
        }
        let here = Some((
            below.map_or(0, |c| c.0) + u64::from(w),
            below.map_or(0, |c| c.1) + 1,
            k,
        ));
        prev[k] = below.map(|c| c.2);
        let mut x = j + 1;
        while x <= m {
            tree[x] = better(tree[x], here);
            x += x & x.wrapping_neg();
        }
        best = better(best, here);
    }
    let mut chain = Vec::with_capacity(best.map_or(0, |c| c.1));
    let mut cur = best.map(|c| c.2);
    while let Some(k) = cur {
        chain.push(pairs[k].0);
        cur = prev[k];
    }
    chain.reverse();
    chain
}

/// The guide of the first search: for every source prefix `0..=n`, the
/// range of target prefixes it should search, from the sure pairs around it.
/// A gap between two consecutive sure pairs whose shape is that of the
/// document (its slope within a factor of two of `m / n`) gets the line
/// between its ends that keeps the two sides' lengths in step (for each
/// source prefix, the target prefix with the same share of the gap's length,
/// from the prefix sums `src_len` and `tgt_len`); a gap of another shape (a run of sentences
/// present on one side only makes one side long and the other short) gets
/// the whole rectangle it spans, so that the run is searched whole, unless
/// the rectangle would hold more than [`MAX_GAP_CELLS_PER_SENTENCE`] cells
/// per sentence of the gap (then the line, and widening, must do).
pub(crate) fn guide(
    skeleton: &[(usize, usize)],
    src_len: &[f64],
    tgt_len: &[f64],
) -> Vec<(usize, usize)> {
    let (n, m) = (src_len.len() - 1, tgt_len.len() - 1);
    let mut points: Vec<(usize, usize)> = vec![(0, 0)];
    for &(i, j) in skeleton {
        points.push((i, j));
        points.push((i + 1, j + 1));
    }
    points.push((n, m));
    let ratio = m.max(1) as f64 / n.max(1) as f64;
    let mut out = vec![(usize::MAX, 0usize); n + 1];
    for w in points.windows(2) {
        let ((ia, ja), (ib, jb)) = (w[0], w[1]);
        let (ib, jb) = (ib.clamp(ia, n), jb.clamp(ja, m));
        let (di, dj) = (ib - ia, jb - ja);
        let slope = dj as f64 / di.max(1) as f64;
        let odd = di == 0 || dj == 0 || slope > 2.0 * ratio || slope < 0.5 * ratio;
        let rectangle =
            odd && di.saturating_mul(dj) <= MAX_GAP_CELLS_PER_SENTENCE * (di + dj) + 4096;
        for (i, row) in out.iter_mut().enumerate().take(ib + 1).skip(ia) {
            let (lo, hi) = if rectangle || di == 0 {
                (ja, jb)
            } else {
                let j = in_step(i, (ia, ja), (ib, jb), src_len, tgt_len);
                (j, j)
            };
            row.0 = row.0.min(lo);
            row.1 = row.1.max(hi);
        }
    }
    out
}

/// The target prefix between `ja` and `jb` whose share of the target
/// length from `ja` to `jb` is the share of source prefix `i` in the source
/// length from `ia` to `ib` (by sentence counts when a side has no length).
fn in_step(
    i: usize,
    (ia, ja): (usize, usize),
    (ib, jb): (usize, usize),
    src_len: &[f64],
    tgt_len: &[f64],
) -> usize {
    let (s_gap, t_gap) = (src_len[ib] - src_len[ia], tgt_len[jb] - tgt_len[ja]);
    if s_gap <= 0.0 || t_gap <= 0.0 {
        return ja + (jb - ja) * (i - ia) / (ib - ia).max(1);
    }
    let goal = tgt_len[ja] + (src_len[i] - src_len[ia]) / s_gap * t_gap;
    let k = tgt_len[ja..=jb].partition_point(|&t| t <= goal);
    (ja + k.saturating_sub(1)).min(jb)
}

/// See [`guide`].
const MAX_GAP_CELLS_PER_SENTENCE: usize = 64;

/// The length ratio (target length per unit of source length) of the parts
/// of two texts that the sure pairs show to be translations of each other,
/// or `None` with fewer than [`MIN_RATIO_SEGMENTS`] usable segments. Each
/// stretch between two consecutive sure pairs is a segment; a segment whose
/// ratio lies more than a factor e from the median segment's is left out
/// (a passage one side has and the other lacks), and the ratio is that of
/// the kept segments' summed lengths. `src_prefix[i]` is the length of
/// source sentences `0..i` (the same for the target).
///
/// The documents' total lengths give the ratio the length cost expects;
/// they mislead when one side holds much text the other lacks (a short
/// release with a long untranslated appendix: every real bead then looks
/// several times too short on the other side).
pub(crate) fn span_ratio(
    src_prefix: &[f64],
    tgt_prefix: &[f64],
    sure: &[(usize, usize)],
) -> Option<f64> {
    let segments: Vec<(f64, f64)> = sure
        .windows(2)
        .filter_map(|w| {
            let ((i0, j0), (i1, j1)) = (w[0], w[1]);
            let s = src_prefix.get(i1)? - src_prefix.get(i0)?;
            let t = tgt_prefix.get(j1)? - tgt_prefix.get(j0)?;
            (s > 0.0 && t > 0.0).then_some((s, t))
        })
        .collect();
    if segments.len() < MIN_RATIO_SEGMENTS {
        return None;
    }
    kept_ratio(&segments)
}

/// The ratio of the summed lengths of the segments whose own ratio lies
/// within a factor e of the median segment's.
fn kept_ratio(segments: &[(f64, f64)]) -> Option<f64> {
    let mut logs: Vec<f64> = segments.iter().map(|&(s, t)| (t / s).ln()).collect();
    logs.sort_unstable_by(f64::total_cmp);
    let median = logs[logs.len() / 2];
    let (s, t) = segments
        .iter()
        .filter(|&&(s, t)| ((t / s).ln() - median).abs() <= 1.0)
        .fold((0.0, 0.0), |(a, b), &(s, t)| (a + s, b + t));
    (s > 0.0).then(|| (t + 1.0) / (s + 1.0))
}

/// The fewest segments between sure pairs that [`span_ratio`] measures.
pub(crate) const MIN_RATIO_SEGMENTS: usize = 5;

/// The length ratio of the sure pairs' own sentences, for texts with too
/// few sure pairs for [`span_ratio`] (a short release whose translation
/// stops after a few sentences: the total lengths then make every English
/// sentence look several Chinese sentences long). `None` with fewer than
/// [`MIN_PAIR_SENTENCES`] sure pairs. Each sure pair's two sentences are
/// one segment; a sentence of a merged bead makes an outlier, which
/// [`kept_ratio`] leaves out.
pub(crate) fn pair_ratio(
    src_prefix: &[f64],
    tgt_prefix: &[f64],
    sure: &[(usize, usize)],
) -> Option<f64> {
    let segments: Vec<(f64, f64)> = sure
        .iter()
        .filter_map(|&(i, j)| {
            let s = src_prefix.get(i + 1)? - src_prefix.get(i)?;
            let t = tgt_prefix.get(j + 1)? - tgt_prefix.get(j)?;
            (s > 0.0 && t > 0.0).then_some((s, t))
        })
        .collect();
    if segments.len() < MIN_PAIR_SENTENCES {
        return None;
    }
    kept_ratio(&segments)
}

/// The fewest sure pairs that [`pair_ratio`] measures.
pub(crate) const MIN_PAIR_SENTENCES: usize = 2;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_gap_occurrences_find_what_pairs_find() {
        // Stems shared within and across sentences (some repeated next to
        // themselves), names and numbers equal to stems, sentences without
        // any: every key rare or common on either side.
        let side = |n: u32, mul: u32| -> Vec<SentenceFeatures> {
            (0..n)
                .map(|i| {
                    let stems: Vec<u32> =
                        (0..i % 7).map(|k| (i * mul + k * 5) % 23 + k % 2).collect();
                    SentenceFeatures {
                        names: vec![i % 5, 100 + i % 3],
                        numbers: if i % 4 == 0 { vec![7, i % 23] } else { vec![] },
                        ..SentenceFeatures::of_stems(&stems, vec![1.0; stems.len()])
                    }
                })
                .collect()
        };
        let (src, tgt) = (side(40, 3), side(52, 7));
        let packed = gap_support_by(&src, &tgt, occurrences_of::<u64>);
        let pairs = gap_support_by(&src, &tgt, occurrences_of::<(u32, usize)>);
        assert!(packed.len() > 50, "{}", packed.len());
        assert_eq!(packed, pairs);
        assert_eq!(gap_support(&src, &tgt), pairs);
        // The occurrence lists themselves, as the plain sort and dedup of
        // every (key, sentence) gives them.
        let mut plain: Vec<(u32, usize)> = src
            .iter()
            .enumerate()
            .flat_map(|(i, f)| {
                f.lex
                    .iter()
                    .map(|e| e.stem())
                    .chain(f.names.iter().copied())
                    .chain(f.numbers.iter().copied())
                    .map(move |k| (k, i))
            })
            .collect();
        plain.sort_unstable();
        plain.dedup();
        let packed: Vec<(u32, usize)> = occurrences_of::<u64>(&src)
            .into_iter()
            .map(|o| (o.key(), o.sentence()))
            .collect();
        assert_eq!(packed, plain);
        assert_eq!(occurrences_of::<(u32, usize)>(&src), plain);
    }

    /// `n` sentences with keys of every frequency (unique, rare, common)
    /// as `mul` and `spread` draw them, stems repeated next to themselves,
    /// names and numbers (from `numbers_from` on) equal to stems, and
    /// sentences without keys.
    fn keyed_side(n: u32, mul: u32, spread: u32, numbers_from: u32) -> Vec<SentenceFeatures> {
        (0..n)
            .map(|i| {
                let stems: Vec<u32> = (0..i % 9)
                    .map(|k| (i * mul + k * k * 17) % (spread + k * 40) + k % 2)
                    .collect();
                SentenceFeatures {
                    names: if i % 3 == 0 {
                        vec![i % 50, 5000 + i]
                    } else {
                        vec![]
                    },
                    numbers: if i % 4 == 0 {
                        vec![7, numbers_from + i / 3]
                    } else {
                        vec![]
                    },
                    ..SentenceFeatures::of_stems(&stems, vec![1.0; stems.len()])
                }
            })
            .collect()
    }

    #[test]
    fn gap_tables_find_the_sorted_lists_support() {
        // Keys of every frequency (unique, rare, common) within a gap and
        // across gaps, stems repeated next to themselves, names and numbers
        // equal to stems, sentences without keys.
        let side = |n: u32, mul: u32, spread: u32| keyed_side(n, mul, spread, 900);
        let (src, tgt) = (side(900, 31, 300), side(960, 37, 300));
        let bound = key_bound(&src, &tgt).expect("small keys");
        // Gaps of every size, in an order that revisits the tables' keys
        // after later gaps, and one gap twice.
        let gaps = [
            (400..520, 430..560),
            (0..9, 0..8),
            (600..900, 640..960),
            (9..200, 8..190),
            (200..400, 190..430),
            (520..600, 560..640),
            (0..9, 0..8),
            (300..301, 300..302),
        ];
        let mut tables = GapTables::new(bound);
        let mut candidates = 0;
        for (a, b) in gaps {
            let expected = gap_support(&src[a.clone()], &tgt[b.clone()]);
            let got = tables.support(&src, &tgt, (a.clone(), b.clone()));
            assert_eq!(got, expected, "{a:?} {b:?}");
            candidates += got.len();
        }
        assert!(candidates > 100, "{candidates}");
        // The whole of `densify` (tables on every core) against the lists.
        let skeleton = [(9, 8), (200, 190), (400, 430), (600, 640)];
        let mut expected: Vec<(usize, usize)> = skeleton.to_vec();
        let mut start = (0, 0);
        for &(i, j) in skeleton.iter().chain([(src.len(), tgt.len())].iter()) {
            if i >= start.0 + MIN_GAP && j >= start.1 + MIN_GAP {
                let support = gap_support(&src[start.0..i], &tgt[start.1..j]);
                let sure = chain_of_sure(support, (i - start.0, j - start.1));
                expected.extend(sure.into_iter().map(|(x, y)| (x + start.0, y + start.1)));
            }
            start = (i + 1, j + 1);
        }
        expected.sort_unstable();
        assert!(expected.len() > skeleton.len() + 10, "{}", expected.len());
        assert_eq!(densify(&skeleton, &src, &tgt, Some(bound)), expected);
        // Without the tables (keys too large), the lists: the same pairs.
        assert_eq!(densify(&skeleton, &src, &tgt, None), expected);
    }

    #[test]
    fn support_of_packed_pairs_is_the_pairs_support() {
        // The former computation: every candidate of every key shared by
        // the two sides, weighted as `support_of` weighs it, summed by pair.
        let plain = |so: &[(u32, usize)], to: &[(u32, usize)]| {
            let keys: std::collections::BTreeSet<u32> = so.iter().map(|o| o.0).collect();
            let mut by_pair = std::collections::BTreeMap::new();
            for k in keys {
                let a: Vec<usize> = so.iter().filter(|o| o.0 == k).map(|o| o.1).collect();
                let b: Vec<usize> = to.iter().filter(|o| o.0 == k).map(|o| o.1).collect();
                let (na, nb) = (a.len(), b.len());
                let w = u32::from(na <= MAX_DF && nb <= WIDE_DF)
                    + u32::from(nb <= MAX_DF && na <= WIDE_DF);
                if w == 0 {
                    continue;
                }
                for &x in &a {
                    for &y in &b {
                        *by_pair.entry((x, y)).or_insert(0) += w;
                    }
                }
            }
            by_pair.into_iter().collect::<Vec<_>>()
        };
        // Keys of one to twenty sentences a side; sentences past `u32::MAX`
        // (which take the unpacked pairs) in the second round.
        for offset in [0usize, u32::MAX as usize - 40] {
            let mut so = Vec::new();
            let mut to = Vec::new();
            for k in 0..40u32 {
                for i in 0..(k % 7 + 1) as usize {
                    so.push((k, offset + i * 3 + k as usize % 5));
                }
                for j in 0..(k % 20) as usize {
                    to.push((k + k % 3, offset + j * 2 + k as usize % 7));
                }
            }
            so.sort_unstable();
            so.dedup();
            to.sort_unstable();
            to.dedup();
            let expected = plain(&so, &to);
            assert!(expected.len() > 100, "{}", expected.len());
            assert_eq!(support_of(&so, &to), expected, "{offset}");
        }
    }

    #[test]
    fn skeleton_tables_find_the_maps_support() {
        // Keys of every frequency on either side (unique, rare, common),
        // stems repeated next to themselves, names and numbers equal to
        // stems, sentences without keys.
        let side = |n: u32, mul: u32, spread: u32| keyed_side(n, mul, spread, 9000);
        let sorted = |mut v: Vec<((usize, usize), u32)>| {
            v.sort_unstable();
            v
        };
        let mut sure_pairs = 0;
        for (n, m, spread) in [
            (400, 430, 900),
            (300, 280, 3000),
            (60, 61, 200),
            (0, 10, 50),
        ] {
            let (src, tgt) = (side(n, 31, spread), side(m, 37, spread));
            let bound = key_bound(&src, &tgt).expect("small keys");
            let by_tables = rare_support(&src, &tgt, bound);
            let by_maps = map_support(&src, &tgt);
            assert!(by_tables.is_sorted());
            assert_eq!(by_tables, sorted(by_maps.clone()), "{n} {m}");
            let expected = chain_of_sure(by_maps, (src.len(), tgt.len()));
            assert_eq!(skeleton(&src, &tgt, Some(bound)), expected);
            sure_pairs += expected.len();
        }
        assert!(sure_pairs > 20, "{sure_pairs}");
        // Keys too large for the tables take the maps.
        let big = vec![SentenceFeatures {
            numbers: vec![u32::MAX - 1],
            ..Default::default()
        }];
        assert_eq!(key_bound(&big, &big), None);
        assert_eq!(skeleton(&big, &big, None), vec![(0, 0)]);
    }

    /// Asserts that [`radix_sort_pairs`] orders `v`'s numbers as
    /// `sort_unstable` does, each number keeping its weights (in any order).
    fn sorts_pairs_as_by_comparison(v: Vec<(u64, u32)>, what: &str) {
        let mut want = v.clone();
        want.sort_unstable();
        let mut got = v;
        radix_sort_pairs(&mut got);
        let keys = |v: &[(u64, u32)]| v.iter().map(|p| p.0).collect::<Vec<_>>();
        assert_eq!(keys(&got), keys(&want), "{what}");
        got.sort_unstable();
        assert_eq!(got, want, "{what}");
    }

    #[test]
    fn radix_sorted_pairs_are_sorted_as_by_comparison() {
        // Packed pairs (high half and low half spread over 1 to 20 bits,
        // at an offset, repeats with other weights), 10 to 5,000 of them:
        // sorted by number as `sort_unstable_by_key` sorts them, and each
        // number's weights the same (in any order).
        let mut seed = 7u64;
        let mut next = |below: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % below
        };
        for (round, len) in [10usize, 63, 64, 65, 200, 1000, 5000]
            .into_iter()
            .cycle()
            .take(42)
            .enumerate()
        {
            let (hi_bits, lo_bits) = (1 + round as u64 % 20, 1 + (round as u64 * 7) % 20);
            let (hi_at, lo_at) = (next(1 << 11), next(1 << 11));
            let v: Vec<(u64, u32)> = (0..len)
                .map(|_| {
                    let x = hi_at + next(1 << hi_bits);
                    let y = lo_at + next(1 << lo_bits);
                    (x << 32 | y, next(3) as u32)
                })
                .collect();
            sorts_pairs_as_by_comparison(v, &round.to_string());
        }
    }

    #[test]
    fn radix_sorted_pairs_over_the_whole_width_are_sorted_as_by_comparison() {
        // Numbers whose varying bits end at the top of their half (bit 31,
        // bit 63), over spans that are not a multiple of a digit: the low
        // half's last digit then reads the high half's lowest bits, which
        // the high half's passes order again. Constant bits elsewhere,
        // repeats with other weights.
        let mut seed = 11u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            seed ^ seed >> 29
        };
        let top = |span: u32, end: u32| match span {
            0 => 0u64,
            s => ((1u64 << s) - 1) << (end - s),
        };
        for (lo, hi) in [
            (32, 0),
            (32, 1),
            (23, 9),
            (31, 32),
            (12, 32),
            (1, 32),
            (32, 32),
            (0, 32),
            (17, 17),
        ] {
            let varying = top(lo, 32) | top(hi, 64);
            let constant = next() & !varying;
            let mut v: Vec<(u64, u32)> = Vec::new();
            for i in 0..700u32 {
                let x = match v.get(i as usize / 2) {
                    Some(&(x, _)) if i % 5 == 0 => x,
                    _ => constant | next() & varying,
                };
                v.push((x, i % 3));
            }
            sorts_pairs_as_by_comparison(v, &format!("spans {lo}, {hi}"));
        }
    }

    #[test]
    fn radix_sort_sorts_as_sort_unstable() {
        // Keys over few and many bits (all equal, one bit, the top bits,
        // every bit), sentences nondecreasing, repeated pairs, lists
        // shorter and longer than the comparison sort's cutoff.
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let cases: [(usize, u64, u32); 8] = [
            (10, 5, 0),
            (100, 1, 7),
            (300, 2, 1 << 30),
            (500, 3, 1 << 20),
            (3000, 1 << 32, 0),
            (3000, 60_000, 12_345),
            (2000, 1 << 16, u32::MAX - (1 << 16)),
            (5000, 4096, 1 << 12),
        ];
        for (n, spread, base) in cases {
            let v: Vec<u64> = (0..n)
                .map(|i| {
                    let key = base.wrapping_add((next() % spread) as u32);
                    <u64 as Occurrence>::new(key, i / 7)
                })
                .collect();
            let mut expected = v.clone();
            expected.sort_unstable();
            let mut radix = v;
            radix_sort_by_key(&mut radix);
            assert_eq!(radix, expected, "{n} {spread} {base}");
        }
    }

    #[test]
    fn span_ratio_leaves_out_a_passage_one_side_lacks() {
        // Ten segments at ratio 3 between sure pairs, and one where the
        // target holds 100 units the source lacks.
        let src: Vec<f64> = (0..=12).map(|i| 10.0 * i as f64).collect();
        let mut tgt: Vec<f64> = (0..=12).map(|j| 30.0 * j as f64).collect();
        for t in tgt.iter_mut().skip(6) {
            *t += 100.0;
        }
        let sure: Vec<(usize, usize)> = (0..=12).map(|k| (k, k)).collect();
        let r = span_ratio(&src, &tgt, &sure).expect("enough segments");
        assert!((r - 3.0).abs() < 0.05, "{r}");
        // The total ratio would have been (360 + 100) / 120.
        assert!(
            span_ratio(&src, &tgt, &sure[..5]).is_none(),
            "too few segments"
        );
    }

    #[test]
    fn pair_ratio_reads_the_sure_pairs_own_sentences() {
        // Three sure pairs at ratio 2 and one sentence of a merged bead
        // (ratio 0.5): the outlier is left out.
        let src = [0.0, 10.0, 30.0, 40.0, 60.0];
        let tgt = [0.0, 20.0, 60.0, 80.0, 90.0];
        let sure = [(0, 0), (1, 1), (2, 2), (3, 3)];
        let r = pair_ratio(&src, &tgt, &sure).expect("four pairs");
        assert!((r - 81.0 / 41.0).abs() < 1e-9, "{r}");
        assert!(pair_ratio(&src, &tgt, &sure[..1]).is_none());
        // A pair past the end is no segment.
        assert!(pair_ratio(&src, &tgt, &[(0, 0), (9, 9)]).is_none());
    }

    #[test]
    fn chain_drops_crossing_pairs() {
        let pairs = [(0, 0), (1, 5), (2, 2), (3, 3), (4, 1), (5, 6)];
        let chain = heaviest_chain(pairs.iter().map(|&p| (p, 2)).collect());
        assert_eq!(chain, vec![(0, 0), (2, 2), (3, 3), (5, 6)]);
    }

    #[test]
    fn a_chain_of_sorted_pairs_is_that_of_the_same_pairs_sorted_again() {
        // Distinct pairs in increasing order (as `support_of` gives them)
        // take their order by reversing each source sentence's run; the
        // same pairs in another order are sorted: the same chain, ties of
        // weight and length included (weights 1 to 3, several targets per
        // source sentence).
        let mut seed = 99u64;
        let mut next = |below: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % below
        };
        for round in 0..200 {
            let (n, m) = (1 + next(40), 1 + next(40));
            let mut pairs: Vec<((usize, usize), u32)> = (0..next(4 * (n + m)))
                .map(|_| ((next(n), next(m)), 1 + next(3) as u32))
                .collect();
            pairs.sort_unstable();
            pairs.dedup_by_key(|p| p.0);
            let mut scrambled = pairs.clone();
            scrambled.reverse();
            if scrambled.len() > 2 {
                let k = round % scrambled.len();
                scrambled.rotate_left(k);
            }
            assert_eq!(heaviest_chain(pairs), heaviest_chain(scrambled), "{round}");
        }
    }

    #[test]
    fn chain_follows_the_better_supported_pairs_among_equally_long_chains() {
        // Eight source and seven target sentences, the last source one
        // without translation: the true pairs (i, i) and the pairs shifted
        // by one (i + 1, i) make chains of seven each; the true ones share
        // more rare keys.
        let mut pairs: Vec<((usize, usize), u32)> = (0..7).map(|i| ((i, i), 4)).collect();
        pairs.extend((0..7).map(|i| ((i + 1, i), 2)));
        let chain = heaviest_chain(pairs.clone());
        assert_eq!(chain, (0..7).map(|i| (i, i)).collect::<Vec<_>>());
        // Weight outweighs length: one heavy pair beats two light ones
        // that cross it.
        let chain = heaviest_chain(vec![((0, 1), 2), ((1, 2), 2), ((2, 0), 9)]);
        assert_eq!(chain, vec![(2, 0)]);
        assert!(heaviest_chain(Vec::new()).is_empty());
    }

    #[test]
    fn a_gap_between_sure_pairs_finds_sure_pairs_of_its_own() {
        // Sixty sentences a side, translated one for one. Every tenth pair
        // shares two keys found nowhere else; each of the others shares two
        // keys that recur every ten sentences: six times in the text (too
        // common to anchor it), once between two of its sure pairs.
        let feats: Vec<SentenceFeatures> = (0..60u32)
            .map(|i| SentenceFeatures {
                numbers: if i % 10 == 0 {
                    vec![1000 + i, 2000 + i]
                } else {
                    vec![3000 + i % 10, 4000 + i % 10]
                },
                ..Default::default()
            })
            .collect();
        let bound = key_bound(&feats, &feats);
        let sure = skeleton(&feats, &feats, bound);
        assert_eq!(sure, (0..6).map(|k| (10 * k, 10 * k)).collect::<Vec<_>>());
        let dense = densify(&sure, &feats, &feats, bound);
        assert_eq!(dense, (0..60).map(|i| (i, i)).collect::<Vec<_>>());
        // Gaps shorter than `MIN_GAP` on a side are left as they are.
        let sparse: Vec<(usize, usize)> = (0..12).map(|k| (5 * k, 5 * k)).collect();
        assert_eq!(densify(&sparse, &feats, &feats, bound), sparse);
    }

    #[test]
    fn guide_spans_odd_gaps_and_follows_normal_ones() {
        // Eight extra target sentences before the sure pair (2, 14): the
        // gap before it (slope 7 against the document's 2.9) is searched
        // whole; the one after it (slope 2) follows the line.
        let prefix = |n: usize| (0..=n).map(|k| k as f64).collect::<Vec<f64>>();
        let g = guide(&[(2, 14)], &prefix(10), &prefix(29));
        assert_eq!(g.len(), 11);
        assert_eq!(g[0], (0, 14));
        assert_eq!(g[1], (0, 14));
        assert_eq!(g[2], (0, 15));
        assert_eq!(g[3], (14, 15));
        assert_eq!(g[6], (21, 21));
        assert_eq!(g[10], (29, 29));
    }
}
