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
use crate::features::{LexEntry, MAX_WORDS, SentenceFeatures, weigh};
use crate::hash::FastMap as HashMap;
use rayon::prelude::*;

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

/// Fills `zs` with the distinct Chinese keys (words and bigrams) of the
/// sentences `zh` and `es` with the distinct English stems of `en`, both
/// sorted.
fn distinct_keys(
    zh: &[SentenceFeatures],
    en: &[SentenceFeatures],
    zs: &mut Vec<u32>,
    es: &mut Vec<u32>,
) {
    zs.clear();
    es.clear();
    zs.extend(
        zh.iter()
            .flat_map(|f| f.keys.iter().chain(&f.bigrams).copied()),
    );
    es.extend(en.iter().flat_map(|f| f.keys.iter().copied()));
    zs.sort_unstable();
    zs.dedup();
    es.sort_unstable();
    es.dedup();
}

/// The distinct Chinese keys (words and bigrams) and English stems of each
/// bead with both sides non-empty, sorted.
fn bead_keys(
    zh: &[SentenceFeatures],
    en: &[SentenceFeatures],
    beads: &[(std::ops::Range<usize>, std::ops::Range<usize>)],
) -> FlatBeads {
    // The beads in chunks on every core; the chunks' keys joined in order.
    let parts: Vec<KeysPart> = beads
        .par_chunks(1024)
        .map(|chunk| {
            let (mut zh_keys, mut en_keys) = (Vec::new(), Vec::new());
            let (mut zh_lens, mut en_lens) = (Vec::new(), Vec::new());
            let (mut zs, mut es) = (Vec::new(), Vec::new());
            for (z, e) in chunk {
                if z.is_empty() || e.is_empty() {
                    continue;
                }
                distinct_keys(&zh[z.clone()], &en[e.clone()], &mut zs, &mut es);
                if !zs.is_empty() && !es.is_empty() {
                    zh_keys.extend_from_slice(&zs);
                    en_keys.extend_from_slice(&es);
                    zh_lens.push(zs.len());
                    en_lens.push(es.len());
                }
            }
            (zh_keys, en_keys, zh_lens, en_lens)
        })
        .collect();
    let mut out = FlatBeads {
        zh: Vec::with_capacity(parts.iter().map(|p| p.0.len()).sum()),
        en: Vec::with_capacity(parts.iter().map(|p| p.1.len()).sum()),
        zh_start: vec![0],
        en_start: vec![0],
    };
    for (zh_keys, en_keys, zh_lens, en_lens) in parts {
        out.zh.extend_from_slice(&zh_keys);
        out.en.extend_from_slice(&en_keys);
        for (a, b) in zh_lens.into_iter().zip(en_lens) {
            let (z0, e0) = (
                out.zh_start[out.zh_start.len() - 1],
                out.en_start[out.en_start.len() - 1],
            );
            out.zh_start.push(z0 + a);
            out.en_start.push(e0 + b);
        }
    }
    out
}

/// A chunk of beads' keys: Chinese and English keys, and each bead's count
/// of each.
type KeysPart = (Vec<u32>, Vec<u32>, Vec<usize>, Vec<usize>);

/// The most beads [`model1`] trains on: a longer alignment's beads are
/// sampled evenly down to this many.
const MODEL1_MAX_BEADS: usize = 15_000;

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
    // A long book trains on an even sample of its beads (Model 1's time
    // grows with them; a few thousand beads already teach a book's
    // recurring words); a pair then needs to co-occur in as large a share
    // of the sample as `min_count` is of the whole, but in two beads at
    // least.
    let sampled: Vec<_>;
    let mut cfg = *cfg;
    let beads = if beads.len() > MODEL1_MAX_BEADS {
        let len = beads.len();
        sampled = (0..len)
            .filter(|&k| (k * MODEL1_MAX_BEADS) / len != ((k + 1) * MODEL1_MAX_BEADS) / len)
            .map(|k| beads[k].clone())
            .collect();
        let share = sampled.len() as f64 / len as f64;
        let scaled = (f64::from(cfg.min_count) * share).ceil() as u32;
        cfg.min_count = scaled.clamp(cfg.min_count.min(2), cfg.min_count);
        &sampled[..]
    } else {
        beads
    };
    let cfg = &cfg;
    let (beads, zh_keys, en_stems) = dense_ids(bead_keys(zh, en, beads));
    let iterations = cfg.model1_iterations;
    // A book's English vocabulary fits in two bytes a pair.
    if en_stems.len() <= 1 << 16 {
        learned(
            Model1::<u16>::train(beads, zh_keys, en_stems, iterations),
            cfg,
        )
    } else {
        learned(
            Model1::<u32>::train(beads, zh_keys, en_stems, iterations),
            cfg,
        )
    }
}

/// The pairs a trained model teaches (see [`model1`]).
fn learned<P: DenseId>(model: Model1<P>, cfg: &Learning) -> HashMap<u32, Vec<u32>> {
    let pairs = model.pairs_where(|count, x, y| {
        count >= cfg.min_count && f64::from(x) >= cfg.min_prob && f64::from(y) >= cfg.min_prob
    });
    // The model is dropped beside the ranking of its pairs (one of the two
    // on the other core when it is free).
    let ((), best) = rayon::join(
        move || drop(model),
        || {
            let mut best: HashMap<u32, Vec<(f64, u32)>> = HashMap::default();
            for (a, b, x, y) in pairs {
                let (x, y) = (f64::from(x), f64::from(y));
                best.entry(a).or_default().push((x * y, b));
            }
            keep_best(best, cfg.per_word)
        },
    );
    best
}

/// The beads' keys as dense ids (their rank among the distinct keys of
/// each side, so that a bead's sorted keys stay sorted), with the original
/// ids of the distinct Chinese keys and English stems.
fn dense_ids(mut beads: FlatBeads) -> (FlatBeads, Vec<u32>, Vec<u32>) {
    let (zh_keys, en_stems) = rayon::join(
        || to_dense_ids(&mut beads.zh),
        || to_dense_ids(&mut beads.en),
    );
    (beads, zh_keys, en_stems)
}

/// Replaces each of `keys` by its rank among their distinct values and
/// returns those values, sorted. Ids below a bound (an interner's: at most
/// a few times as many as the keys) are ranked through a table indexed by
/// id; larger ones by sorting and searching.
fn to_dense_ids(keys: &mut [u32]) -> Vec<u32> {
    let max = keys.par_iter().copied().max().map_or(0, |m| m as usize);
    if max >= DENSE_TABLE_PER_KEY * keys.len() + DENSE_TABLE_MIN {
        return to_dense_ids_by_sorting(keys);
    }
    // Marks, then ranks (by counting the marks below), by id.
    let mut rank = vec![0u32; max + 1];
    for &k in keys.iter() {
        rank[k as usize] = 1;
    }
    let mut distinct = Vec::new();
    for (k, r) in rank.iter_mut().enumerate() {
        if *r != 0 {
            *r = distinct.len() as u32;
            distinct.push(k as u32);
        }
    }
    let rank = &rank;
    keys.par_iter_mut().for_each(|k| *k = rank[*k as usize]);
    distinct
}

/// [`to_dense_ids`] by sorting the distinct keys and searching each.
fn to_dense_ids_by_sorting(keys: &mut [u32]) -> Vec<u32> {
    let mut distinct = keys.to_vec();
    distinct.par_sort_unstable();
    distinct.dedup();
    let distinct_ref = &distinct;
    keys.par_iter_mut().for_each(|k| {
        *k = distinct_ref.binary_search(k).expect("a key of the beads") as u32;
    });
    distinct
}

/// [`to_dense_ids`] ranks through a table while the largest id is below
/// this many per key plus [`DENSE_TABLE_MIN`] (the table then takes at
/// most a few times the keys' own memory).
const DENSE_TABLE_PER_KEY: usize = 4;
/// See [`DENSE_TABLE_PER_KEY`].
const DENSE_TABLE_MIN: usize = 1 << 16;

/// A dense English stem id in [`Model1`]'s pair rows: `u16` when the beads
/// hold at most 65,536 distinct stems (a book's vocabulary: half the
/// memory of a row), else `u32`.
trait DenseId: Copy + Default + Send + Sync + TryFrom<u32> + Into<u32> {
    /// Every id of the type is below this (2^16 for `u16`), or 0 for no
    /// bound worth a table: the EM's loops over a row then read and count
    /// through scratch rows this long ([`RowScratch`]), which an id
    /// indexes without a bounds check.
    const SPAN: usize;

    #[inline]
    fn index(self) -> usize {
        Into::<u32>::into(self) as usize
    }
}

impl DenseId for u16 {
    const SPAN: usize = 1 << 16;
}
impl DenseId for u32 {
    const SPAN: usize = 0;
}

/// A thread's scratch rows for the EM's loops over a row's positions
/// ([`Model1::row_counts`], [`Model1::denominators`]): each at least
/// [`RowScratch::span`] long, so that for `u16` ids (a constant span of
/// 2^16) a position indexes them without a bounds check; only a row's
/// first `n` entries are written and read (the positions of a row of `n`
/// pairs are below `n`). Made zeroed (untouched pages cost nothing).
#[derive(Default)]
struct RowScratch {
    /// `t(e|z)`'s counts.
    ce: Vec<f32>,
    /// `t(z|e)`'s counts.
    cz: Vec<f32>,
    /// The row's `t(e|z)` (or, in the denominators, the table's row).
    te: Vec<f32>,
    /// The row's `t(z|e)`.
    tz: Vec<f32>,
}

impl RowScratch {
    /// Calls `f` with the current thread's scratch of `pool` (a fresh one
    /// if the pool is empty). `f` must not wait on other tasks of the pool
    /// (the slot stays locked).
    fn with<R>(pool: &[std::sync::Mutex<RowScratch>], f: impl FnOnce(&mut RowScratch) -> R) -> R {
        if pool.is_empty() {
            return f(&mut RowScratch::default());
        }
        let slot = rayon::current_thread_index().unwrap_or(0) % pool.len();
        let mut scratch = pool[slot]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut scratch)
    }

    /// The length the rows are sliced to for a row of `n` pairs: the ids'
    /// [`DenseId::SPAN`] (a constant), else `n`.
    #[inline(always)]
    fn span<P: DenseId>(n: usize) -> usize {
        if P::SPAN > 0 {
            debug_assert!(n <= P::SPAN);
            P::SPAN
        } else {
            n
        }
    }

    /// Makes `v` at least `span` long (zeroed when made anew).
    #[inline]
    fn reserve(v: &mut Vec<f32>, span: usize) {
        if v.len() < span {
            *v = vec![0.0f32; span.max(2 * v.len())];
        }
    }
}

/// The translation tables of IBM Model 1 trained in both directions on the
/// keys of a set of beads, with what they were trained on.
///
/// Chinese keys and English stems get dense ids (their rank among the
/// distinct keys of each side, so that a bead's sorted keys stay sorted).
/// The pairs that co-occur in a bead are stored row by row (compressed
/// sparse rows): row `a` (dense Chinese id) holds the dense English ids of
/// its partners, `partners[rows[a]..rows[a + 1]]`, in the order they first
/// co-occur; `e_given_z[p]` and `z_given_e[p]` are `t(e|z)` and `t(z|e)`
/// for the pair at `p`. There is no index from pair to position: training
/// visits the pairs row by row, through each row's occurrences
/// (`occurrences[occ_rows[a]..occ_rows[a + 1]]`: the beads that hold key
/// `a`, in order), reading each partner's position in the row from
/// `ranks`, which holds it for every English stem of every occurrence (in
/// the order the occurrences and their beads' stems are visited).
/// Memory: four bytes per distinct pair and direction, plus its partner's
/// id (two bytes, [`DenseId`]), plus one position per co-occurrence (two
/// bytes), plus the beads' keys; no hash map.
///
/// The sums run in the order of a straightforward implementation (pairs
/// numbered by first co-occurrence, beads in order), so the tables are the
/// same to the last bit.
struct Model1<P: DenseId> {
    /// The beads' keys as dense ids, sorted within each bead.
    beads: FlatBeads,
    /// Original ids of the dense Chinese keys and English stems.
    zh_keys: Vec<u32>,
    en_stems: Vec<u32>,
    /// Row offsets into `partners` (one row per dense Chinese key, plus one).
    rows: Vec<usize>,
    partners: Vec<P>,
    /// Row offsets into `occurrences`.
    occ_rows: Vec<usize>,
    /// One per bead that holds the row's key, in bead order.
    occurrences: Vec<Occurrence>,
    /// Row offsets into `ranks`.
    rank_rows: Vec<usize>,
    /// For each row, each of its occurrences in order and each English
    /// stem of that occurrence's bead in order: the stem's position in
    /// the row (below the row's length, so it fits in `P`).
    ranks: Vec<P>,
    /// Row offsets into `by_stem` (one row per dense English stem, plus
    /// one).
    stem_rows: Vec<usize>,
    /// For each English stem, the positions of its pairs in the order
    /// they first co-occur (beads in order, each bead's Chinese keys in
    /// order, each row's new pairs in order): the order its total is
    /// summed in.
    by_stem: Vec<u32>,
    /// The beads cut into parts for the denominators, as positions in
    /// [`FlatBeads::en`] (each part's beads' stems; `den_parts[0]` is 0,
    /// the last is the array's length).
    den_parts: Vec<usize>,
    /// For each part, its rows in order with their occurrences there.
    part_rows: Vec<Vec<RowSlice>>,
    /// `t(e|z)` and `t(z|e)`, per pair.
    e_given_z: Vec<f32>,
    z_given_e: Vec<f32>,
    /// The EM's scratch rows, one per thread of the pool (made once for
    /// every iteration: 1 MiB each with `u16` ids), given back after it.
    scratch: Vec<std::sync::Mutex<RowScratch>>,
}

/// A row's occurrences in one part of the beads (see
/// [`Model1::denominators`]): the dense Chinese key, where the occurrences
/// start in [`Model1::occurrences`], how many, and where their positions
/// start in [`Model1::ranks`].
#[derive(Clone, Copy, Debug, PartialEq)]
struct RowSlice {
    row: u32,
    len: u32,
    occ: usize,
    rank: usize,
}

/// A Chinese key's occurrence in a bead: where the bead's English stems
/// start in [`FlatBeads::en`] and how many there are (a document's stems
/// number far fewer than `u32::MAX`).
#[derive(Clone, Copy, Default)]
struct Occurrence {
    start: u32,
    len: u32,
}

impl Occurrence {
    /// The bead's English stems' range in [`FlatBeads::en`].
    #[inline]
    fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.start as usize + self.len as usize
    }
}

/// The keys of every bead, each side in one array: bead `k` holds
/// `zh[zh_start[k]..zh_start[k + 1]]` and `en[en_start[k]..en_start[k + 1]]`.
struct FlatBeads {
    zh: Vec<u32>,
    en: Vec<u32>,
    zh_start: Vec<usize>,
    en_start: Vec<usize>,
}

impl FlatBeads {
    fn len(&self) -> usize {
        self.zh_start.len() - 1
    }

    fn zh_range(&self, k: usize) -> std::ops::Range<usize> {
        self.zh_start[k]..self.zh_start[k + 1]
    }

    fn en_range(&self, k: usize) -> std::ops::Range<usize> {
        self.en_start[k]..self.en_start[k + 1]
    }
}

impl<P: DenseId> Model1<P> {
    /// Trains both directions on `beads` (each bead's distinct Chinese keys
    /// and English stems as dense ids, sorted; see [`dense_ids`]) for
    /// `iterations` EM iterations. Every English id must fit in `P`.
    fn train(beads: FlatBeads, zh_keys: Vec<u32>, en_stems: Vec<u32>, iterations: usize) -> Self {
        let (nz, ne) = (zh_keys.len(), en_stems.len());
        // Each row's occurrences, in bead order (a serial pass), beside the
        // order in which each side's keys first appear (the EM's).
        let ((occ_rows, occurrences), orders) = rayon::join(
            || row_occurrences(&beads, nz),
            || rayon::join(|| first_seen(&beads.en, ne), || first_seen(&beads.zh, nz)),
        );
        // Each row's co-occurrences (the English stems of its occurrences'
        // beads), counted.
        let mut rank_rows = Vec::with_capacity(nz + 1);
        rank_rows.push(0usize);
        for a in 0..nz {
            let n: usize = occurrences[occ_rows[a]..occ_rows[a + 1]]
                .iter()
                .map(|occ| occ.len as usize)
                .sum();
            rank_rows.push(rank_rows[a] + n);
        }
        let mut ranks = vec![P::default(); rank_rows[nz]];
        // Each row's partners, in the order they first co-occur, and each
        // co-occurrence's position in its row: rows in chunks on every
        // core, joined in order.
        const ROWS: usize = 256;
        // How many of a row's pairs first co-occur in each of its
        // occurrences.
        let mut news = vec![0u32; occ_rows[nz]];
        let mut parts: Vec<(usize, &mut [u32], &mut [P])> = Vec::with_capacity(nz.div_ceil(ROWS));
        let (mut rest, mut rest_ranks) = (news.as_mut_slice(), ranks.as_mut_slice());
        for a0 in (0..nz).step_by(ROWS) {
            let a1 = (a0 + ROWS).min(nz);
            let (part, tail) = rest.split_at_mut(occ_rows[a1] - occ_rows[a0]);
            let (part_ranks, tail_ranks) = rest_ranks.split_at_mut(rank_rows[a1] - rank_rows[a0]);
            parts.push((a0, part, part_ranks));
            rest = tail;
            rest_ranks = tail_ranks;
        }
        // Fits: the caller chose `P` for `ne` ids, and a row has at most
        // `ne` partners.
        let dense = |x: usize| P::try_from(x as u32).unwrap_or_else(|_| unreachable!());
        let row_partners: Vec<(Vec<P>, Vec<usize>)> = parts
            .into_par_iter()
            .map_init(
                || vec![(u32::MAX, P::default()); ne],
                |seen, (a0, mut part, part_ranks)| {
                    let (mut partners, mut lens) = (Vec::new(), Vec::new());
                    let mut at = part_ranks.iter_mut();
                    for a in a0..(a0 + ROWS).min(nz) {
                        let (row, tail) = part.split_at_mut(occ_rows[a + 1] - occ_rows[a]);
                        part = tail;
                        let start = partners.len();
                        let occs = &occurrences[occ_rows[a]..occ_rows[a + 1]];
                        for (occ, new) in occs.iter().zip(row) {
                            let before = partners.len();
                            for &b in &beads.en[occ.range()] {
                                let s = &mut seen[b as usize];
                                if s.0 != a as u32 {
                                    *s = (a as u32, dense(partners.len() - start));
                                    partners.push(dense(b as usize));
                                }
                                if let Some(r) = at.next() {
                                    *r = s.1;
                                }
                            }
                            *new = (partners.len() - before) as u32;
                        }
                        lens.push(partners.len() - start);
                    }
                    (partners, lens)
                },
            )
            .collect();
        let mut rows = Vec::with_capacity(nz + 1);
        rows.push(0);
        let mut partners = Vec::with_capacity(row_partners.iter().map(|p| p.0.len()).sum());
        for (part, lens) in row_partners {
            partners.extend_from_slice(&part);
            for len in lens {
                rows.push(rows[rows.len() - 1] + len);
            }
        }
        partners.shrink_to_fit();
        // Each English stem's pairs in the order they first co-occur
        // (`by_stem`) and the denominators' parts are built by the EM, beside
        // its first counts (see `Model1::em`).
        let mut model = Model1 {
            beads,
            zh_keys,
            en_stems,
            rows,
            partners,
            occ_rows,
            occurrences,
            rank_rows,
            ranks,
            stem_rows: Vec::new(),
            by_stem: Vec::new(),
            den_parts: Vec::new(),
            part_rows: Vec::new(),
            e_given_z: Vec::new(),
            z_given_e: Vec::new(),
            scratch: Vec::new(),
        };
        let (e_given_z, z_given_e) = model.em(iterations, news, orders);
        model.e_given_z = e_given_z;
        model.z_given_e = z_given_e;
        model
    }

    /// The beads that hold Chinese key `a`, in order.
    fn occurrences_of(&self, a: usize) -> &[Occurrence] {
        &self.occurrences[self.occ_rows[a]..self.occ_rows[a + 1]]
    }

    /// The positions in row `a` of the English stems of its occurrences'
    /// beads (see [`Model1::ranks`]).
    fn ranks_of(&self, a: usize) -> &[P] {
        &self.ranks[self.rank_rows[a]..self.rank_rows[a + 1]]
    }

    /// IBM Model 1's EM in both directions, `t(e|z)` and `t(z|e)`, for
    /// `iterations` iterations from uniform tables: each generated word (an
    /// English stem given the Chinese keys of its bead, or the reverse)
    /// shares one count among its possible sources and the null word.
    ///
    /// The two directions go through the rows' occurrences together (each
    /// co-occurrence's position is read once for both), rows in parallel;
    /// then each direction's serial sum (the denominators of `t(e|z)` for
    /// the next iteration, the English stems' totals of `t(z|e)`) runs on
    /// a core of its own. Every sum keeps its order, so the tables are
    /// those of two separate runs to the last bit.
    ///
    /// The two serial passes that lay out those sums ([`stem_lists`] from
    /// `news`, each occurrence's count of new pairs, and [`den_parts`]) run
    /// beside the first iteration's counts, which need neither (they set
    /// [`Model1::by_stem`], [`Model1::den_parts`] and their offsets).
    /// `orders` holds the English stems' and the Chinese keys' dense ids in
    /// the order they first appear in the beads ([`first_seen`]).
    fn em(
        &mut self,
        iterations: usize,
        news: Vec<u32>,
        orders: (Vec<u32>, Vec<u32>),
    ) -> (Vec<f32>, Vec<f32>) {
        let (nz, ne) = (self.zh_keys.len(), self.en_stems.len());
        // The tables start uniform, written on every core (a book's are
        // megabytes, their pages first touched here: Bible 006's two took
        // 16 ms on one core).
        let ones = || {
            (0..self.partners.len())
                .into_par_iter()
                .with_min_len(1 << 16)
                .map(|_| 1.0f32)
                .collect::<Vec<f32>>()
        };
        let (mut e_given_z, mut z_given_e) = rayon::join(ones, ones);
        if iterations == 0 {
            return (e_given_z, z_given_e);
        }
        let threads = rayon::current_num_threads().max(1);
        self.scratch = (0..threads).map(|_| Default::default()).collect();
        // The generated words' null shares, normalised over them in the
        // order they first appear.
        let (en_order, zh_order) = orders;
        let (mut e_null, mut e_c_null) = (vec![1.0f32; ne], vec![0.0f32; ne]);
        let (mut z_null, mut z_c_null) = (vec![1.0f32; nz], vec![0.0f32; nz]);
        let mut den = vec![0.0f32; self.beads.en.len()];
        let mut total_e = vec![0.0f32; ne];
        // The first denominators sum ones: each is its bead's number of
        // Chinese keys plus one, exactly (while below 2^24).
        if (0..self.beads.len()).all(|k| self.beads.zh_range(k).len() < EXACT_COUNT) {
            for k in 0..self.beads.len() {
                den[self.beads.en_range(k)].fill((self.beads.zh_range(k).len() + 1) as f32);
            }
        } else {
            self.set_den_parts();
            self.denominators(&e_given_z, &e_null, &mut den);
        }
        let mut news = Some(news);
        for iteration in 1..=iterations {
            // t(e|z): the denominators inverted, the null word's counts and
            // its next shares (the counts below read only `den`).
            e_c_null.fill(0.0);
            for (d, &w) in den.iter_mut().zip(&self.beads.en) {
                *d = 1.0 / *d;
                e_c_null[w as usize] += e_null[w as usize] * *d;
            }
            null_shares(&en_order, &e_c_null, &mut e_null);
            let first = iteration == 1;
            // This iteration's counts (the model's tables read, the
            // probabilities and the null word's counts written).
            let count = |model: &Self, te: &mut [f32], tz: &mut [f32], zc: &mut [f32]| {
                model.counts(te, tz, &den, &z_null, zc, first);
            };
            if let Some(news) = news.take() {
                // The first counts with the sums' layouts beside them: the
                // stem lists on one core, the parts then the counts on the
                // other (the counts' rows on both once the lists are done).
                let no_parts = self.den_parts.is_empty();
                let this = &*self;
                let (lists, parts) = rayon::join(
                    || {
                        let ne = this.en_stems.len();
                        let b = &this.beads;
                        stem_lists(b, &this.occ_rows, &this.rows, &this.partners, &news, ne)
                    },
                    || {
                        let parts = no_parts.then(|| this.den_parts_of());
                        count(this, &mut e_given_z, &mut z_given_e, &mut z_c_null);
                        parts
                    },
                );
                (self.stem_rows, self.by_stem) = lists;
                if let Some(parts) = parts {
                    (self.den_parts, self.part_rows) = parts;
                }
            } else {
                count(self, &mut e_given_z, &mut z_given_e, &mut z_c_null);
            }
            rayon::join(
                || {
                    self.normalise_by_stem(&mut z_given_e, &mut total_e);
                    null_shares(&zh_order, &z_c_null, &mut z_null);
                },
                || {
                    if iteration < iterations {
                        self.denominators(&e_given_z, &e_null, &mut den);
                    }
                },
            );
        }
        self.scratch = Vec::new();
        (e_given_z, z_given_e)
    }

    /// [`den_parts`] of this model's beads: `4 × threads` parts on more
    /// than one thread, else one.
    fn den_parts_of(&self) -> (Vec<usize>, Vec<Vec<RowSlice>>) {
        let threads = rayon::current_num_threads();
        let parts = if threads > 1 { 4 * threads } else { 1 };
        den_parts(
            &self.beads,
            &self.occ_rows,
            &self.occurrences,
            &self.rank_rows,
            parts,
        )
    }

    /// Sets [`Model1::den_parts`] and [`Model1::part_rows`] (see
    /// [`Model1::den_parts_of`]).
    fn set_den_parts(&mut self) {
        (self.den_parts, self.part_rows) = self.den_parts_of();
    }

    /// The denominators of `t(e|z)` (one per English stem of each bead, in
    /// [`FlatBeads::en`]'s order): the null word's share, then each Chinese
    /// key's of its bead, keys in order. The beads in parts on every core
    /// ([`Model1::den_parts`]); within a part, row by row (a row's values
    /// stay at hand while its occurrences there are visited), so each
    /// denominator is summed in the same order on any number of cores.
    fn denominators(&self, t: &[f32], t_null: &[f32], den: &mut [f32]) {
        let parts = row_parts(den, &self.den_parts, 1);
        parts
            .into_par_iter()
            .zip(&self.part_rows)
            .enumerate()
            .for_each(|(k, (den, slices))| {
                RowScratch::with(&self.scratch, |scratch| {
                    let e0 = self.den_parts[k];
                    for (d, &w) in den.iter_mut().zip(&self.beads.en[e0..]) {
                        *d = t_null[w as usize];
                    }
                    for s in slices {
                        let a = s.row as usize;
                        let table = &t[self.rows[a]..self.rows[a + 1]];
                        // The row in scratch as long as the ids' span (see
                        // [`RowScratch`]): the same values, read unchecked.
                        let span = RowScratch::span::<P>(table.len());
                        RowScratch::reserve(&mut scratch.te, span);
                        scratch.te[..table.len()].copy_from_slice(table);
                        let row = &scratch.te[..span];
                        let mut ranks = &self.ranks[s.rank..];
                        for occ in &self.occurrences[s.occ..s.occ + s.len as usize] {
                            let e = occ.range();
                            let (here, rest) = ranks.split_at(e.len());
                            ranks = rest;
                            for (x, &r) in den[e.start - e0..e.end - e0].iter_mut().zip(here) {
                                *x += row[r.index()];
                            }
                        }
                    }
                });
            });
    }

    /// One EM iteration's counts of both directions, row by row (a row's
    /// tables are read only here, so its counts take their place), rows
    /// in parallel: `t(e|z)` (in `te`) from the inverted denominators
    /// `den`, normalised by the Chinese key's total count (summed in the
    /// order the pairs first co-occur); `t(z|e)` (in `tz`, left to
    /// [`Model1::normalise_by_stem`]), whose denominator for an occurrence
    /// is the null word's share (`z_null`) then each English stem's of its
    /// bead, stems in order, with the null word's counts into `z_c_null`.
    /// Each row's work is done as in a plain loop, so the sums are the same
    /// on any number of cores. On the `first` iteration every table and
    /// null share is 1.
    fn counts(
        &self,
        te: &mut [f32],
        tz: &mut [f32],
        den: &[f32],
        z_null: &[f32],
        z_c_null: &mut [f32],
        first: bool,
    ) {
        const ROWS: usize = 256;
        let parts: Vec<_> = row_parts(te, &self.rows, ROWS)
            .into_iter()
            .zip(row_parts(tz, &self.rows, ROWS))
            .zip(z_c_null.chunks_mut(ROWS))
            .enumerate()
            .collect();
        parts
            .into_par_iter()
            .for_each(|(chunk, ((mut te, mut tz), c_nulls))| {
                RowScratch::with(&self.scratch, |scratch| {
                    for (a, c_null) in (chunk * ROWS..).zip(c_nulls) {
                        let n = self.rows[a + 1] - self.rows[a];
                        let (te_row, te_tail) = std::mem::take(&mut te).split_at_mut(n);
                        let (tz_row, tz_tail) = std::mem::take(&mut tz).split_at_mut(n);
                        te = te_tail;
                        tz = tz_tail;
                        *c_null =
                            self.row_counts(a, te_row, tz_row, den, z_null[a], first, scratch);
                    }
                })
            });
    }

    /// [`Model1::counts`] of row `a` (`te` and `tz`, as long as the row):
    /// returns the null word's count of `t(z|e)`. On the `first`
    /// iteration an occurrence's denominator of `t(z|e)` sums ones: its
    /// bead's number of English stems plus one, exactly (while below
    /// 2^24). A row of several occurrences is counted in `scratch` (its
    /// tables copied there: the same values, read without bounds checks
    /// for `u16` ids, see [`RowScratch`]).
    #[allow(clippy::too_many_arguments)]
    #[inline]
    fn row_counts(
        &self,
        a: usize,
        te: &mut [f32],
        tz: &mut [f32],
        den: &[f32],
        null: f32,
        first: bool,
        scratch: &mut RowScratch,
    ) -> f32 {
        let sum = |here: &[P], tz: &[f32]| {
            if first && here.len() < EXACT_COUNT {
                (here.len() + 1) as f32
            } else {
                let mut d = null;
                for &r in here {
                    d += tz[r.index()];
                }
                d
            }
        };
        // All four as long as the row, so that one bounds check serves them.
        let n = te.len();
        let tz = &mut tz[..n];
        let mut c = 0.0f32;
        let occurrences = self.occurrences_of(a);
        let mut ranks = self.ranks_of(a);
        if let [occ] = occurrences {
            // A key of one bead: each pair once, so its counts replace its
            // tables in place (adding to a count of 0 changes nothing).
            let inv = 1.0 / sum(ranks, tz);
            c += null * inv;
            for (&r, &inv_e) in ranks.iter().zip(&den[occ.range()]) {
                let r = r.index();
                tz[r] *= inv;
                te[r] *= inv_e;
            }
        } else {
            let span = RowScratch::span::<P>(n);
            let RowScratch {
                ce,
                cz,
                te: te_s,
                tz: tz_s,
            } = scratch;
            for v in [&mut *ce, &mut *cz, &mut *te_s, &mut *tz_s] {
                RowScratch::reserve(v, span);
            }
            ce[..n].fill(0.0);
            cz[..n].fill(0.0);
            te_s[..n].copy_from_slice(te);
            tz_s[..n].copy_from_slice(tz);
            let (ce, cz) = (&mut ce[..span], &mut cz[..span]);
            let (te_s, tz_s) = (&te_s[..span], &tz_s[..span]);
            for occ in occurrences {
                let e = occ.range();
                let (here, rest) = ranks.split_at(e.len());
                ranks = rest;
                let inv = 1.0 / sum(here, tz_s);
                c += null * inv;
                for (&r, &inv_e) in here.iter().zip(&den[e]) {
                    let r = r.index();
                    debug_assert!(r < n);
                    cz[r] += tz_s[r] * inv;
                    ce[r] += te_s[r] * inv_e;
                }
            }
            te.copy_from_slice(&ce[..n]);
            tz.copy_from_slice(&cz[..n]);
        }
        let mut d = 0.0f32;
        for &x in te.iter() {
            d += x;
        }
        for x in te.iter_mut() {
            *x = if d > 0.0 { *x / d } else { 0.0 };
        }
        c
    }

    /// `t(z|e)`'s counts (in `t`) normalised by the English stem's total
    /// count, summed in the order the pairs first co-occur
    /// ([`Model1::by_stem`]); the stems on every core.
    fn normalise_by_stem(&self, t: &mut [f32], total_e: &mut [f32]) {
        const STEMS: usize = 256;
        {
            let t = &*t;
            total_e
                .par_chunks_mut(STEMS)
                .enumerate()
                .for_each(|(c, totals)| {
                    for (b, total) in (c * STEMS..).zip(totals) {
                        let mut sum = 0.0f32;
                        for &p in &self.by_stem[self.stem_rows[b]..self.stem_rows[b + 1]] {
                            sum += t[p as usize];
                        }
                        *total = sum;
                    }
                });
        }
        let total_e = &*total_e;
        const CHUNK: usize = 1 << 14;
        t.par_chunks_mut(CHUNK)
            .zip(self.partners.par_chunks(CHUNK))
            .for_each(|(t, partners)| {
                for (c, &b) in t.iter_mut().zip(partners) {
                    let d = total_e[b.index()];
                    *c = if d > 0.0 { *c / d } else { 0.0 };
                }
            });
    }
    /// `(zh key, English stem, t(e|z), t(z|e))` of every pair that co-occurs
    /// in a bead (with the original ids) and for which `keep(beads, t(e|z),
    /// t(z|e))` holds, in row order (Chinese keys in order, each row's
    /// partners in order). Rows in chunks on every core.
    fn pairs_where(
        &self,
        keep: impl Fn(u32, f32, f32) -> bool + Sync,
    ) -> Vec<(u32, u32, f32, f32)> {
        const ROWS: usize = 256;
        let nz = self.zh_keys.len();
        let parts: Vec<Vec<(u32, u32, f32, f32)>> = (0..nz.div_ceil(ROWS))
            .into_par_iter()
            .map_init(Vec::new, |count, c| {
                let mut out = Vec::new();
                for a in c * ROWS..((c + 1) * ROWS).min(nz) {
                    let (lo, hi) = (self.rows[a], self.rows[a + 1]);
                    count.clear();
                    count.resize(hi - lo, 0u32);
                    // Each co-occurrence counts once per bead: a bead's
                    // stems are distinct.
                    for &r in self.ranks_of(a) {
                        count[r.index()] += 1;
                    }
                    for (r, p) in (lo..hi).enumerate() {
                        let (x, y) = (self.e_given_z[p], self.z_given_e[p]);
                        if keep(count[r], x, y) {
                            out.push((
                                self.zh_keys[a],
                                self.en_stems[self.partners[p].index()],
                                x,
                                y,
                            ));
                        }
                    }
                }
                out
            })
            .collect();
        parts.concat()
    }
}

/// A sum of ones below this is exact in `f32` (2^24).
const EXACT_COUNT: usize = 1 << 24;

/// The null word's shares from its counts `c_null`, normalised by their
/// sum (in `order`).
fn null_shares(order: &[u32], c_null: &[f32], t_null: &mut [f32]) {
    let sum: f32 = order.iter().map(|&x| c_null[x as usize]).sum();
    for (x, &y) in t_null.iter_mut().zip(c_null) {
        *x = if sum > 0.0 { y / sum } else { 0.0 };
    }
}

/// The dense ids of one side's keys (`keys`, all below `n`) in the order
/// they first appear.
fn first_seen(keys: &[u32], n: usize) -> Vec<u32> {
    let mut seen = vec![false; n];
    let mut order = Vec::with_capacity(n);
    for &x in keys {
        if !std::mem::replace(&mut seen[x as usize], true) {
            order.push(x);
        }
    }
    order
}

/// Each row's occurrences (see [`Model1::occurrences`]): the row offsets
/// (one row per dense Chinese key below `nz`, plus one) and, row by row,
/// the beads that hold the row's key, in bead order.
fn row_occurrences(beads: &FlatBeads, nz: usize) -> (Vec<usize>, Vec<Occurrence>) {
    let mut occ_rows = vec![0usize; nz + 1];
    for &a in &beads.zh {
        occ_rows[a as usize + 1] += 1;
    }
    for a in 0..nz {
        occ_rows[a + 1] += occ_rows[a];
    }
    let mut occurrences = vec![Occurrence::default(); occ_rows[nz]];
    let mut fill = occ_rows.clone();
    for k in 0..beads.len() {
        for &a in &beads.zh[beads.zh_range(k)] {
            let a = a as usize;
            let e = beads.en_range(k);
            occurrences[fill[a]] = Occurrence {
                start: e.start as u32,
                len: e.len() as u32,
            };
            fill[a] += 1;
        }
    }
    (occ_rows, occurrences)
}

/// `data`, laid out in rows (row `k` is `data[bounds[k]..bounds[k + 1]]`,
/// `bounds[0]` is 0), cut into parts of `rows` rows each.
fn row_parts<'a, T>(mut data: &'a mut [T], bounds: &[usize], rows: usize) -> Vec<&'a mut [T]> {
    let items = bounds.len() - 1;
    let mut parts = Vec::with_capacity(items.div_ceil(rows));
    for k0 in (0..items).step_by(rows) {
        let k1 = (k0 + rows).min(items);
        let (part, tail) = std::mem::take(&mut data).split_at_mut(bounds[k1] - bounds[k0]);
        parts.push(part);
        data = tail;
    }
    parts
}

/// Each English stem's pairs in the order they first co-occur: the beads
/// in order, each bead's Chinese keys in order, and the pairs of each key's
/// row that first co-occur there (the row's next ones; `news` holds how
/// many for each occurrence, rows' occurrences in order). Returns the
/// stems' row offsets (`ne + 1`) and the pairs' positions, as
/// [`Model1::stem_rows`] and [`Model1::by_stem`]. A position fits in
/// `u32`: there are fewer pairs than co-occurrences, which take two bytes
/// each in [`Model1::ranks`].
fn stem_lists<P: DenseId>(
    beads: &FlatBeads,
    occ_rows: &[usize],
    rows: &[usize],
    partners: &[P],
    news: &[u32],
    ne: usize,
) -> (Vec<usize>, Vec<u32>) {
    let nz = occ_rows.len() - 1;
    let mut stem_rows = vec![0usize; ne + 1];
    for &b in partners {
        stem_rows[b.index() + 1] += 1;
    }
    for b in 0..ne {
        stem_rows[b + 1] += stem_rows[b];
    }
    let mut by_stem = vec![0u32; partners.len()];
    let mut stem_fill = stem_rows[..ne].to_vec();
    let mut occ_cursor = occ_rows[..nz].to_vec();
    let mut pair_cursor = rows[..nz].to_vec();
    for &a in &beads.zh {
        let c = &mut occ_cursor[a as usize];
        let new = news[*c] as usize;
        *c += 1;
        if new > 0 {
            let p = &mut pair_cursor[a as usize];
            for (q, b) in (*p..).zip(&partners[*p..*p + new]) {
                let f = &mut stem_fill[b.index()];
                by_stem[*f] = q as u32;
                *f += 1;
            }
            *p += new;
        }
    }
    (stem_rows, by_stem)
}

/// The beads cut into `parts` parts of about as many co-occurrences each
/// (at bead boundaries, as positions in [`FlatBeads::en`], from 0 to its
/// length), and for each part the rows whose keys occur there, in order,
/// with those occurrences ([`RowSlice`]): what [`Model1::denominators`]
/// visits on each core. `occ_rows`, `occurrences` and `rank_rows` as in
/// [`Model1`].
fn den_parts(
    beads: &FlatBeads,
    occ_rows: &[usize],
    occurrences: &[Occurrence],
    rank_rows: &[usize],
    parts: usize,
) -> (Vec<usize>, Vec<Vec<RowSlice>>) {
    let parts = parts.max(1);
    let work = |k: usize| beads.zh_range(k).len() * beads.en_range(k).len();
    let total: usize = (0..beads.len()).map(work).sum();
    let mut bounds = Vec::with_capacity(parts + 1);
    bounds.push(0);
    let mut done = 0;
    for k in 0..beads.len() {
        done += work(k);
        // The next part starts after the bead that reaches its share.
        if bounds.len() < parts && done * parts >= total * bounds.len() {
            bounds.push(beads.en_range(k).end);
        }
    }
    let end = beads.en.len();
    while bounds.len() <= parts {
        bounds.push(end);
    }
    // A part of no stems would take no rows; they are kept for the count.
    let mut part_rows: Vec<Vec<RowSlice>> = vec![Vec::new(); parts];
    for a in 0..occ_rows.len() - 1 {
        let occs = &occurrences[occ_rows[a]..occ_rows[a + 1]];
        let mut rank = rank_rows[a];
        let mut i = 0;
        while i < occs.len() {
            let start = occs[i].start as usize;
            // The part of this occurrence: the last whose start is at or
            // before it.
            let part = bounds[1..parts].partition_point(|&b| b <= start);
            let stop = bounds[part + 1];
            let n = occs[i..].partition_point(|o| (o.start as usize) < stop);
            part_rows[part].push(RowSlice {
                row: a as u32,
                len: n as u32,
                occ: occ_rows[a] + i,
                rank,
            });
            rank += occs[i..i + n].iter().map(|o| o.len as usize).sum::<usize>();
            i += n;
        }
    }
    (bounds, part_rows)
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
        distinct_keys(&zh[z.clone()], &en[e.clone()], &mut zs, &mut es);
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
    // Sentence by sentence, on every core. What a sentence gains is
    // gathered first, so that its lists grow once, to their final size.
    let new_words = zh
        .par_iter_mut()
        .with_min_len(256)
        .map_init(
            || (Vec::new(), Vec::new()),
            |(words, entries): &mut (Vec<u32>, Vec<LexEntry>), f| {
                words.clear();
                for &bigram in &f.bigrams {
                    if f.keys.len() + words.len() < MAX_WORDS && learned.contains_key(&bigram) {
                        words.push(bigram);
                    }
                }
                let new_words = !words.is_empty();
                if new_words {
                    f.keys.reserve_exact(words.len());
                    f.keys.extend_from_slice(words);
                    // The features are kept for the rest of the alignment.
                    f.keys.shrink_to_fit();
                }
                entries.clear();
                // The list is kept sorted (then a search finds an entry, and
                // the new ones are merged in).
                let sorted = f.lex.is_sorted();
                for (pos, key) in f.keys.iter().enumerate() {
                    for &stem in learned.get(key).into_iter().flatten() {
                        if let Some(e) = LexEntry::new(stem, pos)
                            && !(if sorted {
                                f.lex.binary_search(&e).is_ok()
                            } else {
                                f.lex.contains(&e)
                            })
                            && !entries.contains(&e)
                        {
                            entries.push(e);
                        }
                    }
                }
                if !entries.is_empty() {
                    let mut lex = Vec::with_capacity(f.lex.len() + entries.len());
                    if sorted {
                        entries.sort_unstable();
                        merge_sorted(&f.lex, entries, &mut lex);
                    } else {
                        lex.extend_from_slice(&f.lex);
                        lex.extend_from_slice(entries);
                        lex.sort_unstable();
                    }
                    f.lex = lex;
                }
                new_words
            },
        )
        .reduce(|| false, |a, b| a || b);
    if new_words {
        weigh(zh);
    }
}

/// Appends the sorted lists `a` and `b` to `out`, merged (sorted).
fn merge_sorted<T: Copy + Ord>(a: &[T], b: &[T], out: &mut Vec<T>) {
    let (mut x, mut y) = (0, 0);
    while x < a.len() && y < b.len() {
        if b[y] < a[x] {
            out.push(b[y]);
            y += 1;
        } else {
            out.push(a[x]);
            x += 1;
        }
    }
    out.extend_from_slice(&a[x..]);
    out.extend_from_slice(&b[y..]);
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
        assert_eq!(z[0].lex, vec![LexEntry::new(70, 0).unwrap()]);
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
        assert_eq!(z[8].lex, vec![LexEntry::new(80, 1).unwrap()]);
        assert_eq!(z[8].weights.len(), 2);
        assert_eq!(z[0].keys, vec![7, 100]);
    }

    #[test]
    fn two_byte_and_four_byte_partner_ids_learn_the_same() {
        // Overlapping beads of several keys and stems, some pairs kept.
        let zh: Vec<_> = (0..40u32)
            .map(|k| SentenceFeatures {
                keys: vec![k % 7, 10 + k % 5, 20 + k],
                bigrams: if k % 3 == 0 { vec![50] } else { vec![] },
                ..SentenceFeatures::default()
            })
            .collect();
        let en: Vec<_> = (0..40u32)
            .map(|k| feats(&[70 + k % 7, 90 + k % 4, 300 + k]))
            .collect();
        let beads: Vec<_> = (0..40).map(|k| (k..k + 1, k..k + 1)).collect();
        let cfg = Learning {
            model1_iterations: 5,
            min_prob: 0.05,
            min_count: 2,
            ..Learning::default()
        };
        let train = || dense_ids(bead_keys(&zh, &en, &beads));
        let (b, z, e) = train();
        let narrow = Model1::<u16>::train(b, z, e, 5);
        let (b, z, e) = train();
        let wide = Model1::<u32>::train(b, z, e, 5);
        assert_eq!(narrow.e_given_z, wide.e_given_z);
        assert_eq!(narrow.z_given_e, wide.z_given_e);
        let learned_narrow = learned(narrow, &cfg);
        assert!(!learned_narrow.is_empty());
        assert_eq!(learned_narrow, learned(wide, &cfg));
        assert_eq!(learned_narrow, learn(&zh, &en, &beads, &cfg));
    }

    /// Model 1 in both directions as a straightforward implementation
    /// computes it: pairs numbered by first co-occurrence (beads in order,
    /// each bead's keys in order, then its stems in order), every sum in
    /// bead order. Returns `t(e|z)` and `t(z|e)` by `(key, stem)` (dense
    /// ids).
    #[allow(clippy::type_complexity)]
    fn straightforward(
        beads: &FlatBeads,
        nz: usize,
        ne: usize,
        iterations: usize,
    ) -> (HashMap<(u32, u32), f32>, HashMap<(u32, u32), f32>) {
        let mut id: HashMap<(u32, u32), usize> = HashMap::default();
        let mut pairs = Vec::new();
        for k in 0..beads.len() {
            for &a in &beads.zh[beads.zh_range(k)] {
                for &b in &beads.en[beads.en_range(k)] {
                    id.entry((a, b)).or_insert_with(|| {
                        pairs.push((a, b));
                        pairs.len() - 1
                    });
                }
            }
        }
        let first_seen = |keys: &[u32], n: usize| {
            let mut seen = vec![false; n];
            let mut order = Vec::new();
            for &x in keys {
                if !std::mem::replace(&mut seen[x as usize], true) {
                    order.push(x);
                }
            }
            order
        };
        let null_shares = |order: &[u32], c_null: &[f32], t_null: &mut [f32]| {
            let mut sum = 0.0f32;
            for &x in order {
                sum += c_null[x as usize];
            }
            for (x, &y) in t_null.iter_mut().zip(c_null) {
                *x = if sum > 0.0 { y / sum } else { 0.0 };
            }
        };
        // Each pair divided by its key's (`given_zh`) or stem's total count,
        // summed in pair order.
        let normalise = |c: &[f32], t: &mut [f32], given_zh: bool, n: usize| {
            let side = |p: usize| {
                let (a, b) = pairs[p];
                (if given_zh { a } else { b }) as usize
            };
            let mut total = vec![0.0f32; n];
            for (p, &x) in c.iter().enumerate() {
                total[side(p)] += x;
            }
            for (p, x) in t.iter_mut().enumerate() {
                let d = total[side(p)];
                *x = if d > 0.0 { c[p] / d } else { 0.0 };
            }
        };
        // t(e|z).
        let mut t = vec![1.0f32; pairs.len()];
        let mut t_null = vec![1.0f32; ne];
        let order = first_seen(&beads.en, ne);
        for _ in 0..iterations {
            let mut c = vec![0.0f32; pairs.len()];
            let mut c_null = vec![0.0f32; ne];
            for k in 0..beads.len() {
                let zs = &beads.zh[beads.zh_range(k)];
                for &b in &beads.en[beads.en_range(k)] {
                    let mut d = t_null[b as usize];
                    for &a in zs {
                        d += t[id[&(a, b)]];
                    }
                    let inv = 1.0 / d;
                    c_null[b as usize] += t_null[b as usize] * inv;
                    for &a in zs {
                        let p = id[&(a, b)];
                        c[p] += t[p] * inv;
                    }
                }
            }
            normalise(&c, &mut t, true, nz);
            null_shares(&order, &c_null, &mut t_null);
        }
        let e_given_z = pairs.iter().copied().zip(t).collect();
        // t(z|e).
        let mut t = vec![1.0f32; pairs.len()];
        let mut t_null = vec![1.0f32; nz];
        let order = first_seen(&beads.zh, nz);
        for _ in 0..iterations {
            let mut c = vec![0.0f32; pairs.len()];
            let mut c_null = vec![0.0f32; nz];
            for k in 0..beads.len() {
                let es = &beads.en[beads.en_range(k)];
                for &a in &beads.zh[beads.zh_range(k)] {
                    let mut d = t_null[a as usize];
                    for &b in es {
                        d += t[id[&(a, b)]];
                    }
                    let inv = 1.0 / d;
                    c_null[a as usize] += t_null[a as usize] * inv;
                    for &b in es {
                        let p = id[&(a, b)];
                        c[p] += t[p] * inv;
                    }
                }
            }
            normalise(&c, &mut t, false, ne);
            null_shares(&order, &c_null, &mut t_null);
        }
        (e_given_z, pairs.iter().copied().zip(t).collect())
    }

    /// A model's rows, partners (as `u32`) and both tables, trained with
    /// ids of type `P`.
    #[allow(clippy::type_complexity)]
    fn tables_with<P: DenseId>(
        (b, z, e): (FlatBeads, Vec<u32>, Vec<u32>),
        iterations: usize,
    ) -> (Vec<usize>, Vec<u32>, Vec<f32>, Vec<f32>) {
        let model = Model1::<P>::train(b, z, e, iterations);
        let partners = model.partners.iter().map(|p| p.index() as u32).collect();
        (model.rows, partners, model.e_given_z, model.z_given_e)
    }

    #[test]
    fn model1_tables_are_the_straightforward_ones_to_the_bit() {
        // Beads of several sizes over a skewed vocabulary (frequent keys
        // with long rows, keys of one bead, empty-side beads skipped), in
        // more than one chunk of rows; ids of two bytes (the rows counted
        // in scratch rows of 2^16, unchecked) and of four.
        let (zh, en, beads) = skewed(900);
        for (iterations, wide) in [(1, false), (2, false), (5, false), (2, true), (5, true)] {
            let (b, z, e) = dense_ids(bead_keys(&zh, &en, &beads));
            let (nz, ne) = (z.len(), e.len());
            let expected = straightforward(&b, nz, ne, iterations);
            let (rows, partners, e_given_z, z_given_e) = if wide {
                tables_with::<u32>((b, z, e), iterations)
            } else {
                tables_with::<u16>((b, z, e), iterations)
            };
            let mut compared = 0;
            for a in 0..nz {
                for p in rows[a]..rows[a + 1] {
                    let pair = (a as u32, partners[p]);
                    assert_eq!(
                        e_given_z[p].to_bits(),
                        expected.0[&pair].to_bits(),
                        "t(e|z) of {pair:?}, {iterations} iterations, wide {wide}"
                    );
                    assert_eq!(
                        z_given_e[p].to_bits(),
                        expected.1[&pair].to_bits(),
                        "t(z|e) of {pair:?}, {iterations} iterations, wide {wide}"
                    );
                    compared += 1;
                }
            }
            assert_eq!(compared, expected.0.len());
            assert!(
                nz > 300 && ne > 300 && compared > 5000,
                "{nz} {ne} {compared}"
            );
        }
    }

    #[test]
    fn dense_ids_through_the_table_are_those_of_sorting() {
        // Small ids (the table), ids past its bound (sorting), repeats,
        // one key, none.
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let cases: Vec<Vec<u32>> = vec![
            (0..5000).map(|_| (next() % 3000) as u32).collect(),
            (0..5000).map(|_| (next() % 200_000) as u32).collect(),
            (0..300).map(|_| next() as u32).collect(),
            (0..2000).map(|_| 70_000 + (next() % 9) as u32).collect(),
            vec![u32::MAX, 0, u32::MAX],
            vec![42],
            Vec::new(),
        ];
        let mut tables = 0;
        for keys in cases {
            let (mut by_table, mut by_sorting) = (keys.clone(), keys.clone());
            let distinct = to_dense_ids(&mut by_table);
            assert_eq!(distinct, to_dense_ids_by_sorting(&mut by_sorting));
            assert_eq!(by_table, by_sorting);
            for (&k, &d) in keys.iter().zip(&by_table) {
                assert_eq!(distinct[d as usize], k);
            }
            let max = keys.iter().copied().max().unwrap_or(0) as usize;
            tables += usize::from(max < DENSE_TABLE_PER_KEY * keys.len() + DENSE_TABLE_MIN);
        }
        assert!(tables >= 4, "{tables}");
    }

    /// `n` sentences a side over a skewed vocabulary (frequent keys with
    /// long rows, keys of one bead), in overlapping beads of several sizes
    /// (every other sentence starts one).
    #[allow(clippy::type_complexity)]
    fn skewed(
        n: u32,
    ) -> (
        Vec<SentenceFeatures>,
        Vec<SentenceFeatures>,
        Vec<(std::ops::Range<usize>, std::ops::Range<usize>)>,
    ) {
        let zh: Vec<_> = (0..n)
            .map(|k| SentenceFeatures {
                keys: (0..1 + k % 6)
                    .map(|i| (k * 7 + i * 13) % (40 + k % 500))
                    .collect(),
                bigrams: if k % 4 == 0 {
                    vec![1000 + k % 3]
                } else {
                    vec![]
                },
                ..SentenceFeatures::default()
            })
            .collect();
        let en: Vec<_> = (0..n)
            .map(|k| {
                feats(
                    &(0..(k * 5) % 9)
                        .map(|i| (k * 3 + i * i) % (30 + k % 700))
                        .collect::<Vec<_>>(),
                )
            })
            .collect();
        let beads: Vec<_> = (0..n as usize)
            .step_by(2)
            .map(|k| (k..k + 1 + k % 3 / 2, k..k + 2 - k % 5 / 4))
            .collect();
        (zh, en, beads)
    }

    /// A model trained on [`skewed`]'s beads.
    fn trained(n: u32, iterations: usize) -> Model1<u16> {
        let (zh, en, beads) = skewed(n);
        let (b, z, e) = dense_ids(bead_keys(&zh, &en, &beads));
        Model1::<u16>::train(b, z, e, iterations)
    }

    #[test]
    fn denominators_in_parts_are_the_row_order_ones_to_the_bit() {
        let mut model = trained(900, 2);
        let (nz, ne) = (model.zh_keys.len(), model.en_stems.len());
        // Tables of varied values, so that the order of each sum shows.
        let t: Vec<f32> = (0..model.partners.len())
            .map(|p| 1.0 / (1.0 + (p * 7919 % 1013) as f32))
            .collect();
        let t_null: Vec<f32> = (0..ne).map(|b| 0.1 + b as f32 / 977.0).collect();
        // The former computation: one pass over all rows in order.
        let mut expected: Vec<f32> = model.beads.en.iter().map(|&w| t_null[w as usize]).collect();
        for a in 0..nz {
            let row = &t[model.rows[a]..model.rows[a + 1]];
            let mut ranks = model.ranks_of(a);
            for occ in model.occurrences_of(a) {
                let e = occ.range();
                let (here, rest) = ranks.split_at(e.len());
                ranks = rest;
                for (x, &r) in expected[e].iter_mut().zip(here) {
                    *x += row[r.index()];
                }
            }
        }
        let expected: Vec<u32> = expected.iter().map(|x| x.to_bits()).collect();
        for parts in [1, 2, 3, 8, 64, 5000] {
            let (bounds, rows) = den_parts(
                &model.beads,
                &model.occ_rows,
                &model.occurrences,
                &model.rank_rows,
                parts,
            );
            assert_eq!(bounds.len(), parts + 1);
            assert_eq!(bounds[parts], model.beads.en.len());
            let slices: usize = rows.iter().map(Vec::len).sum();
            assert!(slices >= nz, "{slices} {nz}");
            model.den_parts = bounds;
            model.part_rows = rows;
            let mut den = vec![f32::NAN; model.beads.en.len()];
            model.denominators(&t, &t_null, &mut den);
            let got: Vec<u32> = den.iter().map(|x| x.to_bits()).collect();
            assert!(got == expected, "{parts} parts");
        }
    }

    #[test]
    fn stem_totals_run_in_first_co_occurrence_order() {
        // The former walk: beads in order, each bead's keys in order, the
        // row's pairs new in that occurrence, each added to its stem's
        // total.
        let model = trained(600, 1);
        let (nz, ne) = (model.zh_keys.len(), model.en_stems.len());
        let mut news = Vec::new();
        for a in 0..nz {
            let mut seen = std::collections::HashSet::new();
            let mut ranks = model.ranks_of(a);
            for occ in model.occurrences_of(a) {
                let (here, rest) = ranks.split_at(occ.len as usize);
                ranks = rest;
                news.push(here.iter().filter(|r| seen.insert(r.index())).count());
            }
        }
        let t: Vec<f32> = (0..model.partners.len())
            .map(|p| 1.0 / (3.0 + (p * 104_729 % 2003) as f32))
            .collect();
        let mut total = vec![0.0f32; ne];
        let mut occ_cursor = model.occ_rows[..nz].to_vec();
        let mut pair_cursor = model.rows[..nz].to_vec();
        for &a in &model.beads.zh {
            let new = news[occ_cursor[a as usize]];
            occ_cursor[a as usize] += 1;
            let p = pair_cursor[a as usize];
            for q in p..p + new {
                total[model.partners[q].index()] += t[q];
            }
            pair_cursor[a as usize] += new;
        }
        let expected: Vec<f32> = t
            .iter()
            .zip(&model.partners)
            .map(|(&c, b)| {
                let d = total[b.index()];
                if d > 0.0 { c / d } else { 0.0 }
            })
            .collect();
        let mut got = t.clone();
        model.normalise_by_stem(&mut got, &mut vec![f32::NAN; ne]);
        let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert!(bits(&got) == bits(&expected));
        assert_eq!(model.by_stem.len(), model.partners.len());
    }

    #[test]
    fn augment_adds_what_pushing_and_sorting_adds() {
        // The former computation: push, then sort the whole list.
        let by_push = |zh: &mut [SentenceFeatures], learned: &HashMap<u32, Vec<u32>>| {
            for f in zh.iter_mut() {
                for k in 0..f.bigrams.len() {
                    let bigram = f.bigrams[k];
                    if f.keys.len() < MAX_WORDS && learned.contains_key(&bigram) {
                        f.keys.push(bigram);
                    }
                }
                let mut added = false;
                for (pos, key) in f.keys.iter().enumerate() {
                    for &stem in learned.get(key).into_iter().flatten() {
                        if let Some(e) = LexEntry::new(stem, pos)
                            && !f.lex.contains(&e)
                        {
                            f.lex.push(e);
                            added = true;
                        }
                    }
                }
                if added {
                    f.lex.sort_unstable();
                }
            }
        };
        let learned: HashMap<u32, Vec<u32>> = [
            (1, vec![10, 11]),
            (2, vec![10]),
            (5, vec![12, 3]),
            (9, vec![40]),
            (60, vec![41, 10]),
        ]
        .into_iter()
        .collect();
        let mut zh: Vec<SentenceFeatures> = (0..300u32)
            .map(|i| {
                let keys: Vec<u32> = (0..i % 9).map(|k| (i + k * 3) % 12).collect();
                let mut lex: Vec<LexEntry> = keys
                    .iter()
                    .enumerate()
                    .filter_map(|(p, &k)| LexEntry::new(k + 8 * (p as u32 % 2), p))
                    .collect();
                lex.sort_unstable();
                // Some lists out of order, with a duplicate: the plain
                // search and sort serve them.
                if i % 10 == 3 {
                    lex.reverse();
                    lex.extend(lex.first().copied());
                }
                let bigrams = if i % 3 == 0 { vec![60, 9, 61] } else { vec![] };
                SentenceFeatures {
                    keys,
                    lex,
                    bigrams,
                    ..SentenceFeatures::default()
                }
            })
            .collect();
        // A sentence of the most words gains no bigram.
        zh[7].keys = (0..MAX_WORDS as u32).collect();
        zh[7].bigrams = vec![60];
        let mut expected = zh.clone();
        by_push(&mut expected, &learned);
        augment(&mut zh, &learned);
        let mut grown = 0;
        for (k, (a, b)) in zh.iter().zip(&expected).enumerate() {
            assert_eq!((&a.keys, &a.lex), (&b.keys, &b.lex), "sentence {k}");
            grown += usize::from(a.lex.len() > 3);
        }
        assert!(grown > 50, "{grown}");
        assert_eq!(zh[7].keys.len(), MAX_WORDS);
    }
}
