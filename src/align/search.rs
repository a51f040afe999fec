//! The dynamic-programming search for the least-cost alignment.
//!
//! The search knows nothing of what a bead means: it asks a [`BeadCost`]
//! for the cost of each candidate bead and never changes it. It runs over a
//! [`Window`] of cells `(i, j)` (source prefix `i`, target prefix `j`):
//!
//! - **exhaustive**: the whole `(n + 1) × (m + 1)` grid (the test oracle,
//!   and what short texts use);
//! - **guided**: a few cells either side of a guide, given as one range of
//!   target prefixes per source prefix. The first pass's guide is the
//!   skeleton of sure pairs (`anchors.rs`): between two consecutive sure
//!   pairs the whole rectangle they span is searched, so a run of omitted
//!   or added sentences between them (one narrow side, one long) is inside
//!   the window however long it is. The second pass's guide is the first
//!   pass's path. Wherever the best path comes within two cells of the
//!   window's edge, the window is widened there, and only there (doubling
//!   the half-width of the rows around the touch), and the search is run
//!   again, until the path stays clear of the edge or a cap is reached.
//!
//! Time and memory are proportional to the cells of the window: near-linear
//! in the length of the texts when the translation is faithful, growing only
//! where it is not.
//!
//! One forward sweep computes both the best path (min-cost, Viterbi) and,
//! when asked, the total over all paths (log-sum-exp); a backward sweep gives
//! the total from each cell to the end. A bead's posterior is the share of
//! all alignments' probability mass (inside the window) that goes through it.

use super::cost::BeadKind;
use rayon::prelude::*;
use std::ops::Range;

/// The cost of candidate beads (nats; lower is better).
pub(crate) trait BeadCost: Sync {
    /// Called before each sweep over `window` (whose beads join at most
    /// `max_src` source sentences), so that the model can precompute what
    /// the costs of the window's beads need, and only that.
    fn prepare(&mut self, _window: &Window, _max_src: usize) {}

    /// The cost of the bead of shape `kinds[kind]` joining source sentences
    /// `i0..i1` and target sentences `j0..j1`.
    fn cost(&self, kind: usize, i0: usize, i1: usize, j0: usize, j1: usize) -> f64;

    /// The cost, and the cost of the same bead under a second model that
    /// the favoured search again of a close translation will use (see
    /// [`Trail`]); by default the cost twice.
    fn costs(&self, kind: usize, i0: usize, i1: usize, j0: usize, j1: usize) -> (f64, f64) {
        let c = self.cost(kind, i0, i1, j0, j1);
        (c, c)
    }

    /// The costs of a run of beads of shape `kind` that join the same
    /// source sentences `i0..i1`: for each target start `j0` of `starts`,
    /// the bead of target sentences `j0..j0 + tgt`, its cost put at
    /// `out`'s place `j0 - starts.start`. Each value is the one
    /// [`BeadCost::cost`] gives (by default, it is asked for each).
    fn cost_run(
        &self,
        kind: usize,
        (i0, i1): (usize, usize),
        tgt: usize,
        starts: Range<usize>,
        out: Strided<'_, f64>,
    ) {
        each_cost(self, kind, (i0, i1), tgt, starts, out);
    }

    /// [`BeadCost::cost_run`] for [`BeadCost::costs`].
    fn costs_run(
        &self,
        kind: usize,
        (i0, i1): (usize, usize),
        tgt: usize,
        starts: Range<usize>,
        mut out: Strided<'_, (f64, f64)>,
    ) {
        for (x, j0) in starts.enumerate() {
            out.set(x, self.costs(kind, i0, i1, j0, j0 + tgt));
        }
    }

    /// The costs of several runs of beads that join the same source
    /// sentences `i0..i1` (each as [`BeadCost::cost_run`] gives it), into
    /// `row`: run `r`'s `x`-th value at `row[r.at + x * stride]`. By default
    /// each run is asked of [`BeadCost::cost_run`]; a model may read what
    /// the runs share of the source side once.
    fn cost_runs(&self, (i0, i1): (usize, usize), runs: &[Run], row: &mut [f64], stride: usize) {
        for r in runs {
            let out = Strided::new(&mut row[r.at..], stride);
            self.cost_run(r.kind, (i0, i1), r.tgt, r.starts.clone(), out);
        }
    }

    /// [`BeadCost::cost_runs`] for [`BeadCost::costs`].
    fn costs_runs(
        &self,
        (i0, i1): (usize, usize),
        runs: &[Run],
        row: &mut [(f64, f64)],
        stride: usize,
    ) {
        for r in runs {
            let out = Strided::new(&mut row[r.at..], stride);
            self.costs_run(r.kind, (i0, i1), r.tgt, r.starts.clone(), out);
        }
    }

    /// The memory the model holds for the beads of the window it was
    /// prepared for, which it could give back ([`BeadCost::release_from`]);
    /// by default none.
    fn releasable(&self) -> usize {
        0
    }

    /// The search asks for no bead with both sides non-empty that takes in
    /// source sentence `i` or a later one until the next
    /// [`BeadCost::prepare`]: the model may give back what it holds for
    /// them (costs of such beads asked for after it are then wrong). Returns
    /// whether it gave anything back.
    fn release_from(&mut self, _i: usize) -> bool {
        false
    }
}

/// [`BeadCost::cost_run`] one bead at a time, each asked of
/// [`BeadCost::cost`] (for a model that overrides it for some shapes).
pub(crate) fn each_cost<C: BeadCost + ?Sized>(
    cost: &C,
    kind: usize,
    (i0, i1): (usize, usize),
    tgt: usize,
    starts: Range<usize>,
    mut out: Strided<'_, f64>,
) {
    for (x, j0) in starts.enumerate() {
        out.set(x, cost.cost(kind, i0, i1, j0, j0 + tgt));
    }
}

/// A run of beads of one shape, one of several with the same source side
/// ([`BeadCost::cost_runs`]): the beads of shape `kinds[kind]` with `tgt`
/// target sentences starting at each target sentence of `starts`, the
/// first one's cost at `at` in the row of costs, the next ones a stride
/// apart.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Run {
    pub kind: usize,
    pub tgt: usize,
    pub starts: Range<usize>,
    pub at: usize,
}

impl Run {
    /// A run alone, its first cost at the start of its places.
    pub fn one(kind: usize, tgt: usize, starts: Range<usize>) -> Self {
        Run {
            kind,
            tgt,
            starts,
            at: 0,
        }
    }
}

/// Where a run of bead costs goes ([`BeadCost::cost_run`]): the run's
/// `x`-th value at `buf[x * stride]` (a shape's place in consecutive cells
/// of a row of costs).
pub(crate) struct Strided<'a, T> {
    buf: &'a mut [T],
    stride: usize,
}

impl<'a, T> Strided<'a, T> {
    /// The places `buf[0]`, `buf[stride]`, `buf[2 * stride]`, ...
    pub fn new(buf: &'a mut [T], stride: usize) -> Self {
        Strided { buf, stride }
    }

    /// Puts the run's `x`-th value.
    #[inline(always)]
    pub fn set(&mut self, x: usize, v: T) {
        self.buf[x * self.stride] = v;
    }

    /// The run's `x`-th value (as put).
    #[inline(always)]
    pub fn get(&self, x: usize) -> T
    where
        T: Copy,
    {
        self.buf[x * self.stride]
    }

    /// The buffer and the stride (for a model that puts several runs in
    /// one buffer: [`BeadCost::cost_runs`]).
    pub fn into_parts(self) -> (&'a mut [T], usize) {
        (self.buf, self.stride)
    }

    /// The places from the run's `x`-th on.
    #[inline]
    pub fn after(&mut self, x: usize) -> Strided<'_, T> {
        let at = (x * self.stride).min(self.buf.len());
        Strided {
            buf: &mut self.buf[at..],
            stride: self.stride,
        }
    }
}

/// The cells searched: for each source prefix `i`, the target prefixes
/// `lo[i]..=hi[i]`, stored flat (`offset[i]` is the first cell of row `i`).
pub(crate) struct Window {
    lo: Vec<usize>,
    hi: Vec<usize>,
    offset: Vec<usize>,
}

impl Window {
    /// Every cell of the grid.
    pub fn full(n: usize, m: usize) -> Self {
        Window::from_rows(vec![0; n + 1], vec![m; n + 1])
    }

    /// The rows `ranges[i]` (inclusive target-prefix ranges), each widened
    /// by `widths[i]` on both sides, then joined up: each row reaches at
    /// least as far as the row before it and starts no later than that row
    /// ends, so that a path of 1-0 and 0-1 beads always leads from (0, 0) to
    /// (n, m) however steeply the guide jumps.
    pub fn around(ranges: &[(usize, usize)], widths: &[usize], m: usize) -> Self {
        let n = ranges.len() - 1;
        let mut lo = Vec::with_capacity(n + 1);
        let mut hi: Vec<usize> = Vec::with_capacity(n + 1);
        for (i, (&(a, b), &w)) in ranges.iter().zip(widths).enumerate() {
            let mut l = if i == 0 { 0 } else { a.saturating_sub(w) };
            let mut h = if i == n { m } else { (b + w).min(m) };
            if let Some(&prev_hi) = hi.last() {
                l = l.min(prev_hi);
                h = h.max(prev_hi);
            }
            lo.push(l);
            hi.push(h);
        }
        Window::from_rows(lo, hi)
    }

    fn from_rows(lo: Vec<usize>, hi: Vec<usize>) -> Self {
        let mut offset = Vec::with_capacity(lo.len() + 1);
        offset.push(0);
        for (l, h) in lo.iter().zip(&hi) {
            offset.push(offset.last().copied().unwrap_or(0) + (h - l + 1));
        }
        Window { lo, hi, offset }
    }

    /// Number of cells.
    pub fn cells(&self) -> usize {
        self.offset.last().copied().unwrap_or(0)
    }

    /// Number of source prefixes (rows): `n + 1`.
    pub fn rows(&self) -> usize {
        self.lo.len()
    }

    /// The target prefixes of row `i`.
    pub fn row(&self, i: usize) -> (usize, usize) {
        (self.lo[i], self.hi[i])
    }

    #[inline]
    fn index(&self, i: usize, j: usize) -> Option<usize> {
        let (lo, hi) = (self.lo[i], self.hi[i]);
        (j >= lo && j <= hi).then(|| self.offset[i] + j - lo)
    }
}

/// A bead of the best path, as found by the search.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PathBead {
    pub i0: usize,
    pub i1: usize,
    pub j0: usize,
    pub j1: usize,
    pub cost: f64,
    pub posterior: f64,
}

/// The arrays of one search, kept between searches so that the passes and
/// paramss of one alignment reuse their memory.
#[derive(Default)]
pub(crate) struct Scratch {
    best: Vec<f64>,
    back: Vec<u8>,
    fwd: Vec<f64>,
    bwd: Vec<f64>,
    /// After a search with posteriors, each source sentence's null
    /// marginal: the probability, summed over all paths of the window, that
    /// it lies in a bead whose target side is empty.
    pub null_src: Vec<f64>,
    /// The same for each target sentence and an empty source side.
    pub null_tgt: Vec<f64>,
    /// The window the last search with posteriors settled on (its sums
    /// are those in the arrays), for [`search_again`].
    settled: Option<Window>,
    /// The costs of the merged beads (see [`kept_kinds`]) the last sweep
    /// with sums computed for its rows from `tail_row` on (per cell, the
    /// bead of each kept shape into it), kept for the backward sweep that
    /// follows over the same window and costs, which needs them again for
    /// its first rows; at most [`TAIL_BYTES`]. Empty when stale (the
    /// backward sweep frees it).
    tail: Vec<f64>,
    /// The first row of `tail` (`n + 1` when the sweep kept none).
    tail_row: usize,
    /// The most memory `tail` may take ([`TAIL_BYTES`] unless set).
    tail_bytes: Option<usize>,
    /// The most memory the bead costs kept from one sweep with sums for
    /// the next over a widened window may take ([`STORE_BYTES`] unless
    /// set; see [`Store`]).
    store_bytes: Option<usize>,
    /// Whether a sweep with sums after a widening recomputes every row from
    /// the first changed one, rather than stopping where the old sums hold
    /// up to a constant (see [`Reuse`]): the tests' oracle.
    resweep_whole: bool,
    /// The most memory [`backward_dual`] keeps in second-model costs
    /// without having the cost model give back as much ([`ALT_BYTES`]
    /// unless set).
    alt_bytes: Option<usize>,
    /// Set before a search with posteriors: its backward sweep also
    /// computes the backward sums of the favoured search again that will
    /// follow it, if the document is close (see [`Trail`]).
    pub trail: Option<Trail>,
    /// Those sums, for [`search_again`] (see [`Scratch::keep_favoured`]).
    favoured: Option<Favoured>,
    /// Each source and target sentence's null marginal, as
    /// [`null_marginals`] sums it, when the last [`backward_dual`] summed
    /// them all for its marks: the posteriors that follow it take them
    /// rather than sum them again.
    nulls_ahead: Option<Nulls>,
    /// The bead costs of two blocks of rows (see [`fill_costs`]), kept
    /// from sweep to sweep so that each widening and pass does not fault
    /// in fresh pages for them.
    blocks: (Vec<f64>, Vec<f64>),
    /// Whether the last search with posteriors had its cost model give
    /// back what it held for the window ([`BeadCost::release_from`]), and
    /// the longest source side of its beads (for [`restore_released`]).
    released: Option<usize>,
}

/// Each source and target sentence's null marginal (see
/// [`Scratch::null_src`]).
type Nulls = (Vec<f64>, Vec<f64>);

/// What the favoured search again of a close translation needs to know
/// before its null marginals are known: the bonus of a marked sentence,
/// and per sentence of each side its threshold and whether it is a short
/// lead-in (never marked). With it, the backward sweep of the search with
/// posteriors computes, from the same evaluation of each bead (see
/// [`BeadCost::costs`]), the backward sums of the search again as well: a
/// sentence's mark is known once the sweep has passed every cell its
/// empty-side bead leaves from, and the second sums trail the first by
/// that many rows. The search again then needs no backward sweep of its
/// own. The sums are those [`search_again`]'s own backward sweep would
/// give, to the bit; they are used only when the marks turn out the same
/// as the caller's and every cell is reached as before.
pub(crate) struct Trail {
    pub bonus: f64,
    pub taus_src: Vec<f64>,
    pub taus_tgt: Vec<f64>,
    pub leads_src: Vec<bool>,
    pub leads_tgt: Vec<bool>,
}

/// The favoured search again's backward sums, computed ahead (see
/// [`Trail`]), with the marks they assumed and the cells the forward
/// sweep reached.
struct Favoured {
    bwd: Vec<f64>,
    src: Vec<f64>,
    tgt: Vec<f64>,
    reached: Vec<bool>,
    /// The second model's costs of the beads with both sides non-empty
    /// that the window holds, as [`backward_dual`] computed them (see
    /// [`Stored`]); empty when not kept.
    alt: Alt,
}

/// The second model's costs of the beads with both sides non-empty that
/// the window holds, for the favoured search again (see [`Stored`]). Per
/// row and such shape, the cells whose bead of that shape lands in the
/// window are a run ([`paired_run`]); their costs are kept one after the
/// other, row after row, in blocks of [`COST_BLOCK_ROWS`] rows from the
/// last block back (the order [`backward_dual`] computes them in).
#[derive(Default)]
struct Alt {
    blocks: Vec<Vec<f64>>,
    /// Per row and shape with both sides non-empty (`row * width + slot`),
    /// where its run's costs start in its row's block.
    start: Vec<u32>,
}

/// The cells `j` of row `i` from which a bead of shape `kind` lands in the
/// window (a bead of a shape the search does not try: none).
#[inline]
pub(crate) fn paired_run(
    window: &Window,
    (n, m): (usize, usize),
    kind: BeadKind,
    max_side: usize,
    i: usize,
) -> Range<usize> {
    let (lo, hi) = window.row(i);
    let ni = i + kind.src;
    if ni > n || kind.src.max(kind.tgt) > max_side {
        return lo..lo;
    }
    let (nlo, nhi) = window.row(ni);
    let start = lo.max(nlo.saturating_sub(kind.tgt));
    let end = (hi + 1)
        .min((nhi + 1).saturating_sub(kind.tgt))
        .min((m + 1).saturating_sub(kind.tgt));
    start..end.max(start)
}

/// The cells `j` of row `i` into which a bead of shape `kind` leads from
/// a cell of the window (a bead of a shape the search does not try: none).
/// The window's rows never fall, so they are a run.
#[inline]
fn into_run(window: &Window, kind: BeadKind, max_side: usize, i: usize) -> Range<usize> {
    let (lo, hi) = window.row(i);
    if kind.src > i || kind.src.max(kind.tgt) > max_side {
        return lo..lo;
    }
    let (plo, phi) = window.row(i - kind.src);
    let start = lo.max(plo + kind.tgt);
    let end = (hi + 1).min(phi + kind.tgt + 1);
    start..end.max(start)
}

/// Where the beads of one shape from (or into) the cells of a row lead:
/// the cells `j` of the row whose bead lands in (or leads from) the
/// window, `run`, and the other end's cell, `base + j - sub`. Found once
/// per row and shape, so that each cell and shape reads a range rather
/// than asking the window.
#[derive(Clone)]
struct Link {
    run: Range<usize>,
    base: usize,
    sub: usize,
}

impl Link {
    /// The beads of shape `kind` into the cells of row `i` ([`into_run`]).
    #[inline]
    fn into(window: &Window, kind: BeadKind, max_side: usize, i: usize) -> Self {
        let run = into_run(window, kind, max_side, i);
        if run.is_empty() {
            return Link {
                run,
                base: 0,
                sub: 0,
            };
        }
        let pi = i - kind.src;
        Link {
            run,
            base: window.offset[pi],
            sub: window.lo[pi] + kind.tgt,
        }
    }

    /// The beads of shape `kind` from the cells of row `i` ([`paired_run`]).
    #[inline]
    fn from(
        window: &Window,
        (n, m): (usize, usize),
        kind: BeadKind,
        max_side: usize,
        i: usize,
    ) -> Self {
        let run = paired_run(window, (n, m), kind, max_side, i);
        if run.is_empty() {
            return Link {
                run,
                base: 0,
                sub: 0,
            };
        }
        let ni = i + kind.src;
        Link {
            run,
            base: window.offset[ni] + kind.tgt,
            sub: window.lo[ni],
        }
    }

    /// The cell at the other end of the bead from (or into) cell `j`, which
    /// the run holds (see [`KindMasks`]).
    #[inline(always)]
    fn cell_in_run(&self, j: usize) -> usize {
        debug_assert!(self.run.contains(&j));
        self.base + j - self.sub
    }
}

/// For each cell of a row, the shapes whose [`Link`] holds it, as bits
/// (shape `k` is bit `k % 64` of word `k / 64`): the sums then visit only
/// the shapes that lead into (or from) a cell of the window, in order,
/// rather than asking every shape of every cell. In a narrow window most
/// shapes of a cell lead outside it (on Bible 006, two of three).
#[derive(Default)]
struct KindMasks {
    /// Words per cell.
    words: usize,
    /// The row's cells' words, from its first cell.
    masks: Vec<u64>,
}

impl KindMasks {
    /// The masks of the cells `lo..=hi` of a row whose shapes lead as
    /// `links` says (the non-empty runs lie within the row). Each run is
    /// one stretch of cells, so its shape's bit is toggled where the run
    /// starts and where it ends, and a cell's mask is the exclusive or of
    /// the toggles up to it: two writes a shape and one a cell, rather
    /// than one a cell of every run (the same masks as the tests'
    /// cell-by-cell `fill_plain`).
    fn fill(&mut self, links: &[Link], lo: usize, hi: usize) {
        let words = links.len().div_ceil(64);
        let cells = hi + 1 - lo;
        self.words = words;
        self.masks.clear();
        // A cell more, for the toggles of the runs that end with the row.
        self.masks.resize((cells + 1) * words, 0);
        for (k, link) in links.iter().enumerate() {
            if link.run.is_empty() {
                continue;
            }
            let (w, bit) = (k / 64, 1u64 << (k % 64));
            self.masks[(link.run.start - lo) * words + w] ^= bit;
            self.masks[(link.run.end - lo) * words + w] ^= bit;
        }
        self.masks.truncate(cells * words);
        if words == 1 {
            let mut acc = 0;
            for m in &mut self.masks {
                acc ^= *m;
                *m = acc;
            }
        } else {
            for x in words..cells * words {
                self.masks[x] ^= self.masks[x - words];
            }
        }
    }

    /// [`KindMasks::fill`] cell by cell: each shape's bit set in every
    /// cell of its run (the oracle of the tests).
    #[cfg(test)]
    fn fill_plain(&mut self, links: &[Link], lo: usize, hi: usize) {
        self.words = links.len().div_ceil(64);
        self.masks.clear();
        self.masks.resize((hi + 1 - lo) * self.words, 0);
        for (k, link) in links.iter().enumerate() {
            let (w, bit) = (k / 64, 1u64 << (k % 64));
            for j in link.run.clone() {
                self.masks[(j - lo) * self.words + w] |= bit;
            }
        }
    }

    /// The shapes whose links hold the row's cell `x` (its index from the
    /// row's first cell), in increasing order.
    #[inline(always)]
    fn kinds(&self, x: usize) -> KindBits<'_> {
        let words = &self.masks[x * self.words..(x + 1) * self.words];
        KindBits {
            bits: words.first().copied().unwrap_or(0),
            words,
            w: 0,
        }
    }
}

/// The set bits of a cell's words ([`KindMasks::kinds`]), lowest first.
struct KindBits<'a> {
    words: &'a [u64],
    w: usize,
    bits: u64,
}

impl Iterator for KindBits<'_> {
    type Item = usize;

    #[inline(always)]
    fn next(&mut self) -> Option<usize> {
        loop {
            if self.bits != 0 {
                let b = self.bits.trailing_zeros() as usize;
                self.bits &= self.bits - 1;
                return Some(self.w * 64 + b);
            }
            self.w += 1;
            self.bits = *self.words.get(self.w)?;
        }
    }
}

/// The shapes with both sides non-empty, whose second-model costs
/// [`backward_dual`] keeps for the search again (a bead with an empty side
/// takes the favoured bonus, and is cheap to cost again). Per shape, its
/// place in a cell's kept costs.
fn paired_kinds(kinds: &[BeadKind]) -> (Vec<Option<usize>>, usize) {
    let mut count = 0;
    let slots = kinds
        .iter()
        .map(|k| {
            (k.src > 0 && k.tgt > 0).then(|| {
                count += 1;
                count - 1
            })
        })
        .collect();
    (slots, count)
}

/// The most memory [`backward_dual`] keeps in second-model costs for the
/// search again when the room it has is no more than that: past it, it
/// keeps them only if they fit in what the cost model gives back as the
/// sweep goes ([`BeadCost::releasable`]) and what the forward sweeps kept
/// for a widened sweep and gave back before it ([`Store`], counted at its
/// budget). (Bible 006: 15.8 MB of such costs, a pair table of 9.3 MB
/// since it holds only the pairs read, the 12 MiB store; without the store
/// counted, its search again costs 1.76 M beads again: `RESULTS.md`,
/// session 35.)
const ALT_BYTES: usize = 4 << 20;

/// The favoured search again's costs: those of the beads with both sides
/// non-empty as [`backward_dual`] computed them for the second model (kept
/// for every cell of the window: [`Favoured::alt`];
/// [`FavourNulls`](super::cost::FavourNulls) leaves them as its inner model
/// gives them), the others from `inner`.
struct Stored<'a, C> {
    inner: &'a C,
    window: &'a Window,
    kinds: &'a [BeadKind],
    n: usize,
    m: usize,
    max_side: usize,
    slots: Vec<Option<usize>>,
    width: usize,
    alt: &'a Alt,
}

impl<C: BeadCost> BeadCost for Stored<'_, C> {
    #[inline]
    fn cost(&self, kind: usize, i0: usize, i1: usize, j0: usize, j1: usize) -> f64 {
        if let Some(slot) = self.slots[kind]
            && i0 <= self.n
        {
            let run = paired_run(
                self.window,
                (self.n, self.m),
                self.kinds[kind],
                self.max_side,
                i0,
            );
            if run.contains(&j0) {
                let b = (self.n - i0) / COST_BLOCK_ROWS;
                let at = self.alt.start[i0 * self.width + slot] as usize;
                return self.alt.blocks[b][at + j0 - run.start];
            }
        }
        self.inner.cost(kind, i0, i1, j0, j1)
    }

    /// [`Stored::cost`] of each bead of the run: the kept costs read as
    /// one slice (the run's row and block found once, not per bead), the
    /// beads outside the kept run from `inner`'s [`BeadCost::cost`], as
    /// [`Stored::cost`] asks for them, and every bead of a shape with an
    /// empty side from `inner`'s [`BeadCost::cost_run`] (the same values). (Before session 36 each bead went through
    /// [`Stored::cost`]; Bible 003: 124 M instructions, most of them
    /// finding the run again.)
    fn cost_run(
        &self,
        kind: usize,
        (i0, i1): (usize, usize),
        tgt: usize,
        starts: Range<usize>,
        mut out: Strided<'_, f64>,
    ) {
        let Some(slot) = self.slots[kind].filter(|_| i0 <= self.n) else {
            return self.inner.cost_run(kind, (i0, i1), tgt, starts, out);
        };
        let run = paired_run(
            self.window,
            (self.n, self.m),
            self.kinds[kind],
            self.max_side,
            i0,
        );
        let (ks, ke) = (run.start.max(starts.start), run.end.min(starts.end));
        if ks >= ke {
            return each_cost(self.inner, kind, (i0, i1), tgt, starts, out);
        }
        let b = (self.n - i0) / COST_BLOCK_ROWS;
        let at = self.alt.start[i0 * self.width + slot] as usize;
        let kept = &self.alt.blocks[b][at + ks - run.start..at + ke - run.start];
        for (x, &c) in kept.iter().enumerate() {
            out.set(ks - starts.start + x, c);
        }
        if starts.start < ks {
            each_cost(
                self.inner,
                kind,
                (i0, i1),
                tgt,
                starts.start..ks,
                out.after(0),
            );
        }
        if ke < starts.end {
            let rest = out.after(ke - starts.start);
            each_cost(self.inner, kind, (i0, i1), tgt, ke..starts.end, rest);
        }
    }
}

impl Scratch {
    /// Keeps the favoured sums computed ahead for [`search_again`] if they
    /// assumed these marks (the bonus of each source and target sentence's
    /// empty-side bead); else gives them back.
    pub fn keep_favoured(&mut self, src: &[f64], tgt: &[f64]) {
        let same = |a: &[f64], b: &[f64]| {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
        };
        if !self
            .favoured
            .as_ref()
            .is_some_and(|f| same(&f.src, src) && same(&f.tgt, tgt))
        {
            self.favoured = None;
        }
    }

    /// Gives back the favoured sums computed ahead, if any.
    pub fn drop_favoured(&mut self) {
        self.favoured = None;
    }

    /// Whether favoured sums computed ahead are kept (see
    /// [`Scratch::keep_favoured`]): then [`search_again`] of every sentence
    /// needs no bead cost with both sides non-empty from its model.
    pub fn has_favoured(&self) -> bool {
        self.favoured.is_some()
    }
}

/// Prepares `cost` again for the settled window if the last search with
/// posteriors had it give back what it held (see
/// [`BeadCost::release_from`]), so that a [`search_again`] without the
/// favoured sums computed ahead finds its costs whole.
pub(crate) fn restore_released(cost: &mut impl BeadCost, scratch: &mut Scratch) {
    if let (Some(max_src), Some(window)) = (scratch.released.take(), &scratch.settled) {
        cost.prepare(window, max_src);
    }
}

/// The most memory the forward sweep's last costs may keep for the
/// backward sweep (about a fifth of a book-length window's merged beads).
const TAIL_BYTES: usize = 4 << 20;

/// The most memory a sweep with sums keeps in bead costs for the sweep
/// after a widening (see [`Store`]): on Bible 006 (a second-pass window of
/// 150,000 cells, widened twice, from rows 365 and 8,638), every row the
/// next sweep reads but about 1%: its second pass costs each bead with both
/// sides non-empty about once before the backward sweep (1.77 M costs; 8
/// MiB: 2.57 M), for about 4.4 MB more at the peak (`RESULTS.md`, session
/// 34).
const STORE_BYTES: usize = 12 << 20;

/// The bead costs a sweep with sums computed for its last rows (from `row`
/// on), kept for the next sweep with sums of the same search, over the
/// widened window: a bead whose cell and predecessor both lay in the old
/// window is not evaluated again (a bead's cost does not depend on the
/// window). The next sweep gives each row back once it has passed it and
/// keeps its own rows instead; the search gives them back before its
/// backward sweep. At most [`STORE_BYTES`].
///
/// Only the shapes with both sides non-empty are kept (a bead with an
/// empty side costs its length term only: cheaper to cost again than to
/// keep), and of each only the cells its beads reach from inside the
/// window ([`into_run`]: a run per row and shape; the other cells' costs
/// are infinite, and never asked for). A row's values are a header of one
/// start per such shape ([`paired_kinds`]' slots; an index, exact in an
/// `f64`), then each shape's run, in the order of the slots.
#[derive(Default)]
struct Store {
    rows: Vec<Vec<f64>>,
    /// The first row kept.
    row: usize,
    /// The cells of the window the rows were kept from.
    cells: usize,
}

/// The shapes whose costs a sweep keeps for the backward sweep: those
/// joining sentences on a side (their pairs' masks are unioned); a 1-1
/// bead reads one pair and an empty side none, so those are cheaper to
/// cost again than to keep. Per shape, its place in a cell's kept costs.
fn kept_kinds(kinds: &[BeadKind]) -> (Vec<Option<usize>>, usize) {
    let mut count = 0;
    let slots = kinds
        .iter()
        .map(|k| {
            (k.src > 0 && k.tgt > 0 && k.src + k.tgt > 2).then(|| {
                count += 1;
                count - 1
            })
        })
        .collect();
    (slots, count)
}

const NONE: u8 = u8::MAX;

/// What a search may use: bead shapes, and how a guided search may grow
/// its window.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Params {
    /// Only bead shapes with at most this many sentences on each side are
    /// tried (a rough first pass uses the common shapes only).
    pub max_side: usize,
    /// Half-width of the window around the guide at first, in sentences.
    pub width: usize,
    /// The greatest half-width a row may reach.
    pub max_width: usize,
    /// The most cells the window may have; past it, the best path inside
    /// the window is taken.
    pub max_cells: usize,
    /// Widen every row whenever the path touches the edge anywhere, and
    /// keep the guide (for a guide the path cannot be trusted to improve:
    /// with length alone, a path can settle on a wrong offset inside a
    /// narrow window without touching its edge).
    pub everywhere: bool,
}

/// The best path through the window that starts at `ranges` (one
/// inclusive target-prefix range per source prefix) widened by
/// `params.width`, params it locally wherever the path runs along its
/// edge. With `ranges` `None`, the whole grid. Returns `None` when the bead
/// shapes cannot reach (n, m).
pub(crate) fn best_path(
    cost: &mut impl BeadCost,
    kinds: &[BeadKind],
    (n, m): (usize, usize),
    ranges: Option<&[(usize, usize)]>,
    params: Params,
    posteriors: bool,
    scratch: &mut Scratch,
) -> Option<Vec<PathBead>> {
    let max_src = kinds
        .iter()
        .filter(|k| k.src.max(k.tgt) <= params.max_side)
        .map(|k| k.src)
        .max()
        .unwrap_or(1);
    let cap = params.max_width.max(1).min(n.max(m).max(1));
    let mut widths = vec![params.width.clamp(1, cap); n + 1];
    let exhaustive = ranges.is_none();
    let mut ranges = ranges.map(<[(usize, usize)]>::to_vec).unwrap_or_default();
    let mut last: Option<Window> = None;
    // Costs kept from one sweep with sums for the next (over `last`).
    let mut store = Store::default();
    scratch.released = None;
    loop {
        let window = if exhaustive {
            Window::full(n, m)
        } else {
            Window::around(&ranges, &widths, m)
        };
        cost.prepare(&window, max_src);
        // A widening changes the rows around the touches only: the forward
        // sweep starts again at the first row that changed.
        let from_row = last.as_ref().map_or(0, |old| {
            (0..=n)
                .find(|&i| old.row(i) != window.row(i))
                .unwrap_or(n + 1)
        });
        // The forward sums ride along (when posteriors are wanted), so that
        // the sweep that settles needs only the backward one.
        // A sweep after a widening recomputes only the rows the widening
        // changed and those its changes still reach (see [`Reuse`]); one
        // with sums to the agreement's precision, and only before the rows
        // whose costs it keeps for the backward sweep.
        let reuse = last
            .as_ref()
            .and_then(|old| Reuse::of(old, &window, max_src));
        let (mut path, touches) = sweep(
            cost,
            kinds,
            &params,
            &window,
            (n, m),
            posteriors,
            from_row,
            reuse,
            None,
            posteriors.then_some((last.as_ref(), &mut store)),
            scratch,
        )?;
        match grow(&path, touches, &ranges, &widths, cap, &params, (n, m)) {
            Some((grown, moved)) if !exhaustive => {
                widths = grown;
                ranges = moved;
                last = Some(window);
            }
            _ => {
                drop(store);
                if posteriors {
                    // With a trail, the backward sweep also computes the
                    // favoured search again's sums (see [`Trail`]).
                    let ready = match (scratch.trail.take(), window.index(n, m)) {
                        (Some(trail), Some(end)) => {
                            if backward_dual(
                                cost,
                                kinds,
                                &params,
                                &window,
                                (n, m),
                                end,
                                &trail,
                                scratch,
                            ) {
                                scratch.released = Some(max_src);
                            }
                            let bwd = std::mem::take(&mut scratch.bwd);
                            Some((bwd, scratch.nulls_ahead.take()))
                        }
                        _ => None,
                    };
                    fill_posteriors(
                        cost,
                        kinds,
                        &params,
                        &window,
                        (n, m),
                        None,
                        ready,
                        &mut path,
                        scratch,
                    );
                    scratch.settled = Some(window);
                } else {
                    // A search without posteriors guides a next one, and
                    // learning runs in between: give its arrays back.
                    *scratch = Scratch::default();
                }
                return Some(path);
            }
        }
    }
}

/// Searches the window of the last search with posteriors again (the same
/// cells, so `cost` needs no new preparation), with costs that differ from
/// that search's only for beads that take in a source sentence of
/// `changed.0` or a target sentence of `changed.1`: the forward sums of the
/// cells that no such bead leads into (those before the first changed
/// sentence of each side), and the backward sums of the cells that no such
/// bead leads out of (those past the last of each side), are kept. Returns
/// the best path with its posteriors, and the null marginals in `scratch`;
/// `None` when there is no settled window or the bead shapes cannot reach
/// (n, m).
pub(crate) fn search_again(
    cost: &impl BeadCost,
    kinds: &[BeadKind],
    (n, m): (usize, usize),
    params: Params,
    changed: (Range<usize>, Range<usize>),
    scratch: &mut Scratch,
) -> Option<Vec<PathBead>> {
    let window = scratch.settled.take()?;
    let (src, tgt) = changed;
    // A bead that takes in target sentence j ends on a cell (i, j') with
    // j' > j: the first row reaching past the first changed one.
    let by_tgt = if tgt.is_empty() {
        n + 1
    } else {
        (0..=n)
            .find(|&i| window.row(i).1 > tgt.start)
            .unwrap_or(n + 1)
    };
    let by_src = if src.is_empty() { n + 1 } else { src.start };
    let from_row = by_src.min(by_tgt).min(n);
    let after_src = if src.is_empty() { 0 } else { src.end };
    let after_tgt = if tgt.is_empty() { 0 } else { tgt.end };
    // Every bead into a cell (i, j) with i ≤ `src.start` and j ≤
    // `tgt.start` takes in earlier sentences only, and so does every bead
    // of the paths that lead to it: its forward sums are kept. Likewise the
    // backward sums of the cells with i ≥ `src.end` and j ≥ `tgt.end`.
    let before = (
        if src.is_empty() { n } else { src.start },
        if tgt.is_empty() { m } else { tgt.start },
    );
    // A close translation's search again (every sentence changed) may find
    // its backward sums computed ahead (see [`Trail`]): then the sweep
    // keeps no costs for a backward sweep.
    let whole = from_row == 0 && before == (0, 0) && (after_src, after_tgt) == (n, m);
    let ahead = scratch
        .favoured
        .take()
        .filter(|f| whole && f.bwd.len() == window.cells());
    let budget = scratch.tail_bytes;
    if ahead.is_some() {
        scratch.tail_bytes = Some(0);
    }
    scratch.trail = None;
    let mut ahead = ahead;
    let alt = ahead
        .as_mut()
        .map(|f| std::mem::take(&mut f.alt))
        .unwrap_or_default();
    // The sweeps with one cost model or the other (two types: a macro, not
    // a closure).
    macro_rules! sweeps {
        ($cost:expr) => {
            again(
                $cost,
                kinds,
                &params,
                &window,
                (n, m),
                from_row,
                before,
                (after_src, after_tgt),
                ahead,
                scratch,
            )
        };
    }
    let path = if alt.blocks.is_empty() {
        sweeps!(cost)
    } else {
        // The second model's costs kept by the backward sweep: the beads
        // with both sides non-empty are not evaluated again.
        let (slots, width) = paired_kinds(kinds);
        let stored = Stored {
            inner: cost,
            window: &window,
            kinds,
            n,
            m,
            max_side: params.max_side,
            slots,
            width,
            alt: &alt,
        };
        sweeps!(&stored)
    };
    scratch.tail_bytes = budget;
    scratch.settled = Some(window);
    path
}

/// [`search_again`]'s sweeps over its `window`, with `cost`.
#[allow(clippy::too_many_arguments)]
fn again(
    cost: &impl BeadCost,
    kinds: &[BeadKind],
    params: &Params,
    window: &Window,
    (n, m): (usize, usize),
    from_row: usize,
    before: (usize, usize),
    after: (usize, usize),
    ahead: Option<Favoured>,
    scratch: &mut Scratch,
) -> Option<Vec<PathBead>> {
    let (mut path, _) = sweep(
        cost,
        kinds,
        params,
        window,
        (n, m),
        true,
        from_row,
        None,
        (before != (0, 0)).then_some(before),
        None,
        scratch,
    )?;
    // The sums ahead hold if this sweep reached the cells the first one
    // reached (the costs are finite alike; checked, not assumed).
    let ready = ahead
        .filter(|f| {
            f.reached
                .iter()
                .zip(&scratch.best)
                .all(|(&r, &b)| r == (b != f64::INFINITY))
        })
        .map(|f| (f.bwd, None));
    fill_posteriors(
        cost,
        kinds,
        params,
        window,
        (n, m),
        (after != (n, m)).then_some(after),
        ready,
        &mut path,
        scratch,
    );
    Some(path)
}

/// One inclusive range of target prefixes per source prefix.
type Guide = Vec<(usize, usize)>;

/// The next window's half-widths and guide after a sweep whose `path`
/// touched the edge at rows `touches`: around each touch, the guide takes in
/// the path (the window follows it) and the half-width doubles (everywhere,
/// with `params.everywhere`). `None` when the window is settled: no touch
/// where it may still grow, or the grown window would pass
/// `params.max_cells`.
fn grow(
    path: &[PathBead],
    touches: Vec<usize>,
    ranges: &[(usize, usize)],
    widths: &[usize],
    cap: usize,
    params: &Params,
    (n, m): (usize, usize),
) -> Option<(Vec<usize>, Guide)> {
    let growable: Vec<usize> = touches.into_iter().filter(|&i| widths[i] < cap).collect();
    if growable.is_empty() || ranges.is_empty() {
        return None;
    }
    let on_path = path_ranges(path, n);
    let mut grown = widths.to_vec();
    let mut moved = ranges.to_vec();
    for &t in &growable {
        let w = (widths[t] * 2).min(cap);
        if params.everywhere {
            grown.iter_mut().for_each(|g| *g = (*g).max(w));
            continue;
        }
        let reach = 2 * w + 8;
        for r in t.saturating_sub(reach)..=(t + reach).min(n) {
            grown[r] = grown[r].max(w);
            moved[r].0 = moved[r].0.min(on_path[r].0);
            moved[r].1 = moved[r].1.max(on_path[r].1);
        }
    }
    (Window::around(&moved, &grown, m).cells() <= params.max_cells).then_some((grown, moved))
}

/// -ln(e^-a + e^-b), for costs (negative logs).
fn log_add(a: f64, b: f64) -> f64 {
    if a == f64::INFINITY {
        return b;
    }
    if b == f64::INFINITY {
        return a;
    }
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    lo - (-(hi - lo)).exp().ln_1p()
}

/// `e^(lo - x)` for `x ≥ lo`: 1 without a call when `x` is `lo` (the
/// best way into a cell, whose term `exp(+0)` is exactly 1).
#[inline(always)]
fn exp_below(lo: f64, x: f64) -> f64 {
    if x == lo { 1.0 } else { (lo - x).exp() }
}

/// Paths this many nats worse than the best way into a cell add less than
/// e⁻⁴⁰ of its probability mass; the sums leave them out.
const NEGLIGIBLE: f64 = 40.0;

/// What a sweep without sums may keep of the sweep before it, after a
/// widening: the new window holds the old one row by row (a widening only
/// adds cells), and `changed` marks the rows whose cells differ.
///
/// A row whose window did not change, and whose best costs come out as the
/// old ones plus one constant, cell for cell, with the same back-pointers,
/// behaves as before: every later row reads only such rows (and, for the
/// rows after it, this one) until the next changed row, so its best costs
/// would all be the old ones plus that constant and its back-pointers the
/// old ones. Once `max_src` consecutive rows agree so (the rows a bead
/// reaches back over), the sweep keeps the old values of the rows up to
/// the next changed row and starts again there; the path, traced by
/// back-pointers, is the one a full sweep finds. (The best costs of the
/// kept rows differ from a full sweep's by a constant per stretch, which a
/// pass without posteriors never reads: only its path guides the next.)
///
/// A sweep with sums asks the same of its forward sums, which a widening's
/// added paths change everywhere after it, but in nearly the same
/// proportion in every cell once the rows have mixed: the rows agree when
/// each cell's difference lies within [`FWD_AGREEMENT_TOLERANCE`] of the
/// row's common one. The kept rows are then moved by the two constants,
/// so that their best costs and forward sums are on the new scale and the
/// posteriors read them with the recomputed ones: bead for bead the same
/// path and costs, sums within about 10⁻¹⁴ of their size of a full
/// sweep's, and posteriors and null marginals within about 10⁻⁹ (a test
/// checks this against one). On Bible 006 this spares the second pass's
/// two widened sweeps nearly all their rows.
pub(crate) struct Reuse<'w> {
    old: &'w Window,
    /// Per row: the window changed there.
    changed: Vec<bool>,
    /// Per row: the first changed row after it (`usize::MAX` if none).
    next_changed: Vec<usize>,
    max_src: usize,
}

impl<'w> Reuse<'w> {
    /// `None` when `new` does not hold `old` row by row (nothing to keep).
    fn of(old: &'w Window, new: &Window, max_src: usize) -> Option<Self> {
        let rows = new.rows();
        if old.rows() != rows {
            return None;
        }
        let mut changed = Vec::with_capacity(rows);
        for i in 0..rows {
            let (a, b) = old.row(i);
            let (c, d) = new.row(i);
            if c > a || d < b {
                return None;
            }
            changed.push((a, b) != (c, d));
        }
        let mut next_changed = vec![usize::MAX; rows];
        let mut next = usize::MAX;
        for i in (0..rows).rev() {
            next_changed[i] = next;
            if changed[i] {
                next = i;
            }
        }
        Some(Reuse {
            old,
            changed,
            next_changed,
            max_src: max_src.max(1),
        })
    }

    /// Moves the old window's values (`old.cells()` long) to their places
    /// in the new window, in place; the new cells get `fill`.
    fn spread<T: Copy>(&self, v: &mut Vec<T>, new: &Window, fill: T) {
        let old = self.old;
        v.resize(new.cells(), fill);
        // Each row moves to the same or a later place: go from the last.
        for i in (0..new.rows()).rev() {
            let (a, b) = old.row(i);
            let (c, d) = new.row(i);
            let from = old.offset[i];
            let to = new.offset[i] + (a - c);
            v.copy_within(from..from + (b - a + 1), to);
            v[new.offset[i]..to].fill(fill);
            v[to + (b - a + 1)..new.offset[i] + (d - c + 1)].fill(fill);
        }
    }
}

/// Tracks whether the recomputed rows agree with the old ones up to a
/// constant (see [`Reuse`]).
struct Agreement {
    /// Consecutive agreeing rows so far.
    streak: usize,
    /// Their common difference, new − old, of the best costs.
    delta: f64,
    /// And of the forward sums, in a sweep with sums.
    fwd_delta: f64,
}

/// A row's values in a sweep: the best cost into each cell, its back
/// pointer, and the forward sum (in a sweep with sums).
struct RowValues<'a> {
    best: &'a [f64],
    back: &'a [u8],
    fwd: Option<&'a [f64]>,
}

impl Agreement {
    /// Whether the new row agrees with the old one (the same cells before):
    /// the same back pointers, and best costs (and forward sums) that
    /// differ from the old ones by the streak's constants. Starts or ends
    /// the streak.
    fn row(&mut self, new: RowValues, old: RowValues) -> bool {
        let known = |d: f64| (self.streak > 0).then_some(d);
        let deltas = if new.back == old.back {
            let best =
                common_difference(new.best, old.best, known(self.delta), AGREEMENT_TOLERANCE);
            let fwd = match (new.fwd, old.fwd) {
                (Some(f), Some(of)) => {
                    common_difference(f, of, known(self.fwd_delta), FWD_AGREEMENT_TOLERANCE)
                }
                _ => Some(0.0),
            };
            best.zip(fwd)
        } else {
            None
        };
        match deltas {
            Some((delta, fwd_delta)) => {
                (self.delta, self.fwd_delta) = (delta, fwd_delta);
                self.streak += 1;
                true
            }
            None => {
                self.streak = 0;
                false
            }
        }
    }
}

/// The common difference `new − old` of two rows of values (`known`, when
/// given, else that of the first finite cell), when every cell's lies
/// within `tolerance` × its magnitude (at least 1) of it and both rows
/// are infinite in the same cells; 0 for a row without finite cells.
fn common_difference(new: &[f64], old: &[f64], known: Option<f64>, tolerance: f64) -> Option<f64> {
    let mut delta = known;
    for (&b, &ob) in new.iter().zip(old) {
        if (b == f64::INFINITY) != (ob == f64::INFINITY) {
            return None;
        }
        if b == f64::INFINITY {
            continue;
        }
        let d = b - ob;
        match delta {
            None => delta = Some(d),
            Some(c) if (d - c).abs() <= tolerance * b.abs().max(1.0) => {}
            Some(_) => return None,
        }
    }
    Some(delta.unwrap_or(0.0))
}

/// Relative difference under which two rows' differences to their old
/// values count as one constant (the sums' rounding).
const AGREEMENT_TOLERANCE: f64 = 1e-9;

/// The same for the forward sums, whose differences are posteriors': a
/// sweep with sums stops recomputing rows where the widening's added
/// probability mass reaches every cell in the same proportion, to this
/// relative precision: about 10⁻⁹ nats on a book's sums of 10⁵, some 30
/// times their rounding. (At 10⁻¹², 10⁻⁷ nats, one null marginal of Bible
/// 004 printed in a flag's evidence moved from 0.17 to 0.18; at 10⁻¹⁴
/// every output compared is the full sweep's, byte for byte.)
const FWD_AGREEMENT_TOLERANCE: f64 = 1e-14;

/// Rows whose bead costs are computed at once in a sweep that may stop
/// early (see [`Reuse`]): a stretch to recompute is often a few dozen rows.
const REUSE_BLOCK_ROWS: usize = 32;

/// One search in a fixed window. Returns the path (if (n, m) was reached)
/// and the rows where it runs within two cells of the window's edge. With
/// `posteriors`, also sums over all paths into each cell (the forward
/// totals [`fill_posteriors`] needs). With `reuse`, recomputes only what
/// a widening changed (see [`Reuse`]). With `corner` (a search again over the
/// same window, with sums), the cells (i, j) with i ≤ `corner.0` and j ≤
/// `corner.1` keep the values of the last sweep, and so do the rows before
/// `from_row`. With `store` (a sweep with sums of a guided search: after a
/// widening of the window `store.0`, or the first), takes the costs the
/// last sweep kept ([`Store`]) and keeps its own for the next.
#[allow(clippy::too_many_arguments)]
fn sweep(
    cost: &impl BeadCost,
    kinds: &[BeadKind],
    params: &Params,
    window: &Window,
    (n, m): (usize, usize),
    posteriors: bool,
    from_row: usize,
    reuse: Option<Reuse>,
    corner: Option<(usize, usize)>,
    store: Option<(Option<&Window>, &mut Store)>,
    s: &mut Scratch,
) -> Option<(Vec<PathBead>, Vec<usize>)> {
    let max_side = params.max_side;
    let cells = window.cells();
    let reuse = reuse.filter(|_| {
        s.best.len() == s.back.len()
            && (!posteriors || (s.fwd.len() == s.best.len() && !s.resweep_whole))
    });
    let corner = corner.filter(|_| {
        posteriors && reuse.is_none() && [s.best.len(), s.back.len(), s.fwd.len()] == [cells; 3]
    });
    // The cells of row i whose values are not the last sweep's.
    let cols = |i: usize| match corner {
        Some((a, b)) if i <= a => b + 1..m + 1,
        _ => 0..m + 1,
    };
    if corner.is_some() {
        // Every cell the sweep does not keep is written below.
    } else if let Some(r) = &reuse {
        r.spread(&mut s.best, window, f64::INFINITY);
        r.spread(&mut s.back, window, NONE);
        if posteriors {
            r.spread(&mut s.fwd, window, f64::INFINITY);
        } else {
            s.fwd = Vec::new();
        }
    } else {
        // Rows before `from_row` are those of the last sweep (same cells,
        // same values): only the rows from it on are computed again.
        let kept = if from_row == 0 {
            0
        } else {
            window.offset[from_row.min(n + 1)]
        };
        s.best.truncate(kept);
        s.best.resize(cells, f64::INFINITY);
        // The forward totals only when posteriors are wanted (a first pass
        // that only guides the next does without them).
        if posteriors {
            s.fwd.truncate(kept);
            s.fwd.resize(cells, f64::INFINITY);
        } else {
            s.fwd = Vec::new();
        }
        s.back.truncate(kept);
        s.back.resize(cells, NONE);
    }
    if from_row == 0 {
        s.best[0] = 0.0;
        if posteriors {
            s.fwd[0] = 0.0;
        }
    }
    // The rows whose costs are kept for the backward sweep: the last ones,
    // within the budget, all computed by this sweep, whole.
    s.tail.clear();
    let (slots, kept) = kept_kinds(kinds);
    let tail_row = if posteriors && kept > 0 {
        let bytes = s.tail_bytes.unwrap_or(TAIL_BYTES);
        let mut budget = bytes / (std::mem::size_of::<f64>() * kept);
        // A backward sweep that also computes the favoured sums (see
        // [`Trail`]) reads no kept costs, and takes the plain one's place
        // whenever they would cover less than half the window.
        if s.trail.is_some() && 2 * budget < cells {
            budget = 0;
        }
        let mut r = n + 1;
        while r > 0 && cells - window.offset[r - 1] <= budget {
            r -= 1;
        }
        r.max(from_row).max(corner.map_or(0, |(a, _)| a + 1))
    } else {
        n + 1
    };
    s.tail_row = n + 1;
    // The costs kept by the last sweep (over `prior`), and the rows from
    // which this one keeps its own: the last ones, within the budget, all
    // computed by this sweep.
    let nk = kinds.len();
    let (store_slots, width) = paired_kinds(kinds);
    // The paired shapes (in slot order) and a row's kept values: a header
    // of `width` starts, then each shape's run (see [`Store`]).
    let paired: Vec<usize> = (0..nk).filter(|&k| store_slots[k].is_some()).collect();
    let row_len = |w: &Window, i: usize| -> usize {
        width
            + paired
                .iter()
                .map(|&k| into_run(w, kinds[k], max_side, i).len())
                .sum::<usize>()
    };
    let (prior, store) = match store {
        Some((old, st)) if posteriors && corner.is_none() => {
            let kept = std::mem::take(&mut st.rows);
            // The rows were kept by the sweep over `old` (checked by its
            // size and by each kept row's length over it: the search
            // passes its last window, and a row read through another
            // window's runs would be read out of place).
            let prior = old
                .filter(|old| {
                    old.rows() == n + 1
                        && old.cells() == st.cells
                        && st.row + kept.len() == n + 1
                        && kept
                            .iter()
                            .enumerate()
                            .all(|(k, costs)| costs.len() == row_len(old, st.row + k))
                })
                .map(|old| (old, st.row, kept));
            (prior, Some(st))
        }
        Some((_, st)) => {
            *st = Store::default();
            (None, None)
        }
        None => (None, None),
    };
    // The values of the rows kept, from the last row back.
    let mut row_lens = Vec::new();
    let store_row = if store.is_some() {
        let budget = s.store_bytes.unwrap_or(STORE_BYTES) / std::mem::size_of::<f64>();
        let (mut r, mut held) = (n + 1, 0);
        while r > 0 {
            let len = row_len(window, r - 1);
            if held + len > budget {
                break;
            }
            held += len;
            row_lens.push(len);
            r -= 1;
        }
        r.max(from_row)
    } else {
        n + 1
    };
    let mut prior = prior;
    let mut kept_rows: Vec<Vec<f64>> = Vec::new();
    // The bead costs of a block of rows are computed (on every core) while
    // the sums of the block before run: the costs need no sums.
    type Prior<'o> = Option<(&'o Window, usize, Vec<Vec<f64>>)>;
    // With them, the block's links ([`Link::into`] of each row and shape,
    // rows in order, shapes in order into `links`): found once for the
    // costs, the sums and the rows kept.
    let fill =
        |rows: std::ops::Range<usize>, buf: &mut Vec<f64>, links: &mut Vec<Link>, prior: &Prior| {
            links.clear();
            for i in rows.clone() {
                links.extend(
                    kinds
                        .iter()
                        .map(|&kind| Link::into(window, kind, max_side, i)),
                );
            }
            let (links, first) = (&*links, rows.start);
            fill_costs(
                window,
                kinds,
                rows,
                buf,
                cols,
                |i, k| links[(i - first) * nk + k].run.clone(),
                true,
                |i, list, row| {
                    // (Inside the run: the bead leads from a cell of the window.)
                    if let Some((old, first, kept)) = prior
                        && i >= *first
                    {
                        // The cells whose bead's cell and predecessor both lay
                        // in the old window take the kept costs; the cells
                        // before and after them are costed.
                        let kept = &kept[i - first];
                        let mut x = 0;
                        while x < list.len() {
                            let r = list[x].clone();
                            if let Some(slot) = store_slots[r.kind] {
                                let b = r.tgt;
                                let js = r.starts.start + b..r.starts.end + b;
                                let run = into_run(old, kinds[r.kind], max_side, i);
                                let (ks, ke) = (run.start.max(js.start), run.end.min(js.end));
                                if ks < ke {
                                    for j in ks..ke {
                                        row[r.at + (j - js.start) * nk] =
                                            kept[kept[slot] as usize + j - run.start];
                                    }
                                    list[x].starts = js.start - b..ks - b;
                                    if ke < js.end {
                                        let after = Run {
                                            starts: ke - b..js.end - b,
                                            at: r.at + (ke - js.start) * nk,
                                            ..r
                                        };
                                        list.insert(x + 1, after);
                                        x += 1;
                                    }
                                }
                            }
                            x += 1;
                        }
                        list.retain(|r| !r.starts.is_empty());
                    }
                    by_source(kinds, list, |a, group| {
                        cost.cost_runs((i - a, i), group, row, nk);
                    });
                },
            );
        };
    let block_rows = if reuse.is_some() {
        REUSE_BLOCK_ROWS
    } else {
        COST_BLOCK_ROWS
    };
    let block = |r: usize| r..(r + block_rows).min(n + 1);
    let (mut costs, mut next) = std::mem::take(&mut s.blocks);
    let (mut links, mut next_links) = (Vec::new(), Vec::new());
    let mut agreement = Agreement {
        streak: 0,
        delta: 0.0,
        fwd_delta: 0.0,
    };
    let (mut old_best, mut old_back, mut old_fwd) = (Vec::new(), Vec::new(), Vec::new());
    // Whether rows were left with their old values (after the first
    // changed row): this sweep's costs then have gaps, and none are kept
    // for the next one (moving the last sweep's costs of the rows left
    // into the store cost more than the next sweep saves: session 40,
    // RESULTS).
    let mut skipped = false;
    // The next row whose costs go to the tail (a stretch recomputed after a
    // stop may begin before the rows already there).
    let mut tail_next = tail_row;
    // The kept rows of `prior` given back so far (from its first on): each
    // block gives back only the rows after them.
    let mut given_back = 0;
    fill(block(from_row), &mut costs, &mut links, &prior);
    let mut r0 = from_row;
    while r0 <= n {
        let rows = block(r0);
        let base = window.offset[rows.start];
        let after = block(rows.end);
        // Returns the row after which the old values hold, if any.
        let mut sums = |s: &mut Scratch| -> Option<usize> {
            // A cell's terms of the forward sum, shapes in order.
            let mut through = vec![f64::INFINITY; kinds.len()];
            let mut masks = KindMasks::default();
            for i in rows.clone() {
                let (lo, hi) = window.row(i);
                let links = &links[(i - rows.start) * nk..][..nk];
                masks.fill(links, lo, hi);
                let row_cells = window.offset[i]..window.offset[i + 1];
                // The old values of an unchanged row, to compare.
                let compare = reuse.as_ref().filter(|r| !r.changed[i]);
                if compare.is_some() {
                    old_best.clear();
                    old_best.extend_from_slice(&s.best[row_cells.clone()]);
                    old_back.clear();
                    old_back.extend_from_slice(&s.back[row_cells.clone()]);
                    if posteriors {
                        old_fwd.clear();
                        old_fwd.extend_from_slice(&s.fwd[row_cells.clone()]);
                    }
                }
                for j in lo.max(cols(i).start)..=hi {
                    if i == 0 && j == 0 {
                        continue;
                    }
                    let here = window.offset[i] + j - lo;
                    let cell_costs = &costs[(here - base) * kinds.len()..][..kinds.len()];
                    let (mut b, mut arg, mut f_min) = (f64::INFINITY, NONE, f64::INFINITY);
                    // The shapes that lead into the cell from the window,
                    // in order (the others add nothing); their terms of the
                    // sum (infinite ones too, which add nothing) are kept
                    // in that order.
                    let mut terms = 0;
                    for k in masks.kinds(j - lo) {
                        let prev = links[k].cell_in_run(j);
                        let before = s.best[prev];
                        if before == f64::INFINITY {
                            continue;
                        }
                        let c = cell_costs[k];
                        // Ties go to the earlier kind in the table: deterministic.
                        if before + c < b {
                            b = before + c;
                            arg = k as u8;
                        }
                        if posteriors {
                            let x = s.fwd[prev] + c;
                            through[terms] = x;
                            terms += 1;
                            f_min = f_min.min(x);
                        }
                    }
                    s.best[here] = b;
                    s.back[here] = arg;
                    if posteriors && f_min < f64::INFINITY {
                        let mut sum = 0.0;
                        for &x in &through[..terms] {
                            if x - f_min < NEGLIGIBLE {
                                sum += exp_below(f_min, x);
                            }
                        }
                        s.fwd[here] = f_min - sum.ln();
                    } else if posteriors {
                        s.fwd[here] = f64::INFINITY;
                    }
                }
                if let Some(r) = reuse.as_ref() {
                    let agrees = compare.is_some()
                        && agreement.row(
                            RowValues {
                                best: &s.best[row_cells.clone()],
                                back: &s.back[row_cells.clone()],
                                fwd: posteriors.then(|| &s.fwd[row_cells]),
                            },
                            RowValues {
                                best: &old_best,
                                back: &old_back,
                                fwd: posteriors.then_some(&old_fwd[..]),
                            },
                        );
                    if !agrees {
                        agreement.streak = 0;
                    }
                    // Stop only where the next changed row lies past the
                    // rows this one's successors read (those must all be
                    // old values, or all new), and, in a sweep with sums,
                    // before the rows whose costs the backward sweep takes
                    // from this one (all computed).
                    if agreement.streak >= r.max_src
                        && r.next_changed[i].saturating_sub(i) > r.max_src
                        && (!posteriors || r.next_changed[i].min(n + 1) <= tail_row)
                    {
                        return Some(i);
                    }
                }
            }
            None
        };
        let stopped = if after.is_empty() {
            sums(s)
        } else {
            rayon::join(
                || sums(s),
                || fill(after.clone(), &mut next, &mut next_links, &prior),
            )
            .0
        };
        if rows.end > tail_next {
            let first = window.offset[rows.start.max(tail_next)] - base;
            tail_next = rows.end;
            let end = window.offset[rows.end] - base;
            for cell in costs[first * kinds.len()..end * kinds.len()].chunks_exact(kinds.len()) {
                s.tail.extend(
                    cell.iter()
                        .zip(&slots)
                        .filter_map(|(&c, slot)| slot.map(|_| c)),
                );
            }
        }
        // Where the sweep goes on after a stop: the next changed row.
        let resume = match (stopped, &reuse) {
            (Some(i), Some(r)) => Some((i, r.next_changed[i].min(n + 1))),
            _ => None,
        };
        // The old costs of the rows before this block (or skipped) are read
        // no more (those of the rows filled since may be read again, by a
        // stretch recomputed after a stop inside this block); this sweep's
        // own are kept from `store_row` on.
        if let Some((_, row, kept)) = prior.as_mut() {
            let filled = match resume {
                Some((_, next)) => next,
                None => rows.start,
            };
            let upto = filled.saturating_sub(*row).min(kept.len());
            for costs in kept.iter_mut().take(upto).skip(given_back) {
                *costs = Vec::new();
            }
            given_back = given_back.max(upto);
        }
        for i in rows.start.max(store_row)..if skipped { rows.start } else { rows.end } {
            let first = window.offset[i] - base;
            let lo = window.lo[i];
            let mut row = Vec::with_capacity(row_lens[n - i]);
            row.resize(width, 0.0);
            for (slot, &k) in paired.iter().enumerate() {
                row[slot] = row.len() as f64;
                let run = links[(i - rows.start) * nk + k].run.clone();
                row.extend(run.map(|j| costs[(first + j - lo) * nk + k]));
            }
            kept_rows.push(row);
        }
        match resume {
            Some((i, resume)) => {
                // The rows left as they were hold the old values; with sums,
                // they are put on the new scale, so that every cell's best
                // cost and forward sum is this sweep's (to the agreement's
                // precision) and the posteriors read them together.
                if posteriors {
                    skipped = true;
                    let cells = window.offset[i + 1]..window.offset[resume];
                    let (db, df) = (agreement.delta, agreement.fwd_delta);
                    for (b, f) in s.best[cells.clone()].iter_mut().zip(&mut s.fwd[cells]) {
                        *b += db;
                        *f += df;
                    }
                }
                agreement.streak = 0;
                if resume > n {
                    break;
                }
                fill(block(resume), &mut costs, &mut links, &prior);
                r0 = resume;
            }
            _ => {
                std::mem::swap(&mut costs, &mut next);
                std::mem::swap(&mut links, &mut next_links);
                r0 = rows.end;
            }
        }
    }
    drop(prior);
    s.blocks = (costs, next);
    if let Some(st) = store {
        *st = if !skipped && store_row <= n && store_row + kept_rows.len() == n + 1 {
            Store {
                rows: kept_rows,
                row: store_row,
                cells,
            }
        } else {
            Store::default()
        };
    }
    if tail_row <= n && s.tail.len() == (cells - window.offset[tail_row]) * kept {
        s.tail_row = tail_row;
    } else {
        s.tail = Vec::new();
    }
    let end = window.index(n, m)?;
    if s.back[end] == NONE && (n, m) != (0, 0) {
        return None;
    }
    let mut path = Vec::new();
    let mut touches = Vec::new();
    let (mut i, mut j) = (n, m);
    const MARGIN: usize = 2;
    while i > 0 || j > 0 {
        let here = window.index(i, j).expect("path cells lie in the window");
        let (lo, hi) = window.row(i);
        if (lo > 0 && j < lo + MARGIN) || (hi < m && j + MARGIN > hi) {
            touches.push(i);
        }
        let kind = kinds[s.back[here] as usize];
        let (pi, pj) = (i - kind.src, j - kind.tgt);
        let prev = window
            .index(pi, pj)
            .expect("predecessor lies in the window");
        path.push(PathBead {
            i0: pi,
            i1: i,
            j0: pj,
            j1: j,
            cost: s.best[here] - s.best[prev],
            posterior: 0.0,
        });
        (i, j) = (pi, pj);
    }
    path.reverse();
    touches.sort_unstable();
    touches.dedup();
    Some((path, touches))
}

/// Gives each bead of `path` (the best path of the last sweep over
/// `window`, which summed over all paths) its posterior: the share of the
/// total probability of the paths through it, from the forward totals and
/// a backward sweep (which keeps the backward totals of the cells from
/// `keep` on, see [`backward`]), or the backward totals `ready` (with the
/// null marginals, when they were summed from them as [`null_marginals`]
/// sums them).
#[allow(clippy::too_many_arguments)]
fn fill_posteriors(
    cost: &impl BeadCost,
    kinds: &[BeadKind],
    params: &Params,
    window: &Window,
    (n, m): (usize, usize),
    keep: Option<(usize, usize)>,
    ready: Option<(Vec<f64>, Option<Nulls>)>,
    path: &mut [PathBead],
    s: &mut Scratch,
) {
    let Some(end) = window.index(n, m) else {
        return;
    };
    let mut nulls = None;
    if let Some((bwd, summed)) = ready {
        s.bwd = bwd;
        nulls = summed.filter(|(src, tgt)| src.len() == n && tgt.len() == m);
    } else {
        backward(cost, kinds, params, window, (n, m), end, keep, s);
    }
    let z = s.fwd[end];
    if let Some((src, tgt)) = nulls {
        (s.null_src, s.null_tgt) = (src, tgt);
    } else {
        null_marginals(kinds, window, (n, m), z, cost, s);
    }
    for b in path {
        let (Some(prev), Some(here)) = (window.index(b.i0, b.j0), window.index(b.i1, b.j1)) else {
            continue;
        };
        b.posterior = (-(s.fwd[prev] + b.cost + s.bwd[here] - z))
            .exp()
            .clamp(0.0, 1.0);
    }
}

/// Per sentence of each side, the total probability of the paths that put
/// it in a bead whose other side is empty (its null marginal), from the
/// forward and backward totals of the settled window (0 for a sentence
/// whose empty-side bead lies outside the window or is not a shape of the
/// search).
fn null_marginals(
    kinds: &[BeadKind],
    window: &Window,
    (n, m): (usize, usize),
    z: f64,
    cost: &impl BeadCost,
    s: &mut Scratch,
) {
    s.null_src.clear();
    s.null_src.resize(n, 0.0);
    s.null_tgt.clear();
    s.null_tgt.resize(m, 0.0);
    // The empty-side shapes, picked once rather than at every cell.
    let nulls: Vec<(usize, usize, usize)> = kinds
        .iter()
        .enumerate()
        .filter(|(_, kind)| (kind.src == 0) != (kind.tgt == 0))
        .map(|(k, kind)| (k, kind.src, kind.tgt))
        .collect();
    for i in 0..=n {
        let (lo, hi) = window.row(i);
        for j in lo..=hi {
            let here = window.offset[i] + j - lo;
            let f = s.fwd[here];
            if f == f64::INFINITY {
                continue;
            }
            for &(k, a, b) in &nulls {
                if i + a > n || j + b > m {
                    continue;
                }
                let Some(next) = window.index(i + a, j + b) else {
                    continue;
                };
                if s.bwd[next] == f64::INFINITY {
                    continue;
                }
                let p = (-(f + cost.cost(k, i, i + a, j, j + b) + s.bwd[next] - z)).exp();
                let alone = if b == 0 {
                    &mut s.null_src[i..i + a]
                } else {
                    &mut s.null_tgt[j..j + b]
                };
                alone.iter_mut().for_each(|x| *x += p);
            }
        }
    }
}

/// Backward totals: the cost of all paths from each cell to (n, m). With
/// `keep`, the cells (i, j) with i ≥ `keep.0` and j ≥ `keep.1` keep the
/// totals already in `s.bwd` (those of a sweep over the same window whose
/// costs were the same for every bead from them on), when it holds the
/// window's cells.
#[allow(clippy::too_many_arguments)]
fn backward(
    cost: &impl BeadCost,
    kinds: &[BeadKind],
    params: &Params,
    window: &Window,
    (n, m): (usize, usize),
    end: usize,
    keep: Option<(usize, usize)>,
    s: &mut Scratch,
) {
    let keep = keep.filter(|_| s.bwd.len() == window.cells());
    // The cells of row i whose totals are not kept.
    let cols = |i: usize| match keep {
        Some((c, d)) if i >= c => 0..d,
        _ => 0..m + 1,
    };
    // The rows from `keep_from` on are kept whole.
    let mut keep_from = n + 1;
    if let Some((c, d)) = keep {
        while keep_from > c && window.row(keep_from - 1).0 >= d {
            keep_from -= 1;
        }
    }
    if keep.is_none() {
        s.bwd.clear();
        s.bwd.resize(window.cells(), f64::INFINITY);
        s.bwd[end] = 0.0;
    }
    // The rows from `tail_row` on read their costs from the forward
    // sweep's (the bead from (i, j) into (i', j') is the one the forward
    // sweep costed at (i', j'): the same call, the same value).
    let tail = std::mem::take(&mut s.tail);
    let (slots, kept) = kept_kinds(kinds);
    let tail_row =
        if s.tail_row <= n && tail.len() == (window.cells() - window.offset[s.tail_row]) * kept {
            s.tail_row
        } else {
            n + 1
        };
    let tail_base = window.offset[tail_row.min(n)];
    let fill = |rows: std::ops::Range<usize>, buf: &mut Vec<f64>| {
        fill_costs(
            window,
            kinds,
            rows,
            buf,
            cols,
            |i, k| {
                if i >= tail_row && slots[k].is_some() {
                    return 0..0;
                }
                paired_run(window, (n, m), kinds[k], params.max_side, i)
            },
            false,
            // (Inside the run: the bead lands in the window.)
            |i, list, row| {
                by_source(kinds, list, |a, group| {
                    cost.cost_runs((i, i + a), group, row, kinds.len());
                });
            },
        );
    };
    // Blocks of rows from the last one back, the costs of the next block
    // computed while the sums of this one run.
    let block = |r1: usize| r1.saturating_sub(COST_BLOCK_ROWS)..r1;
    let (mut costs, mut next) = std::mem::take(&mut s.blocks);
    fill(block(keep_from), &mut costs);
    let mut r1 = keep_from;
    while r1 > 0 {
        let rows = block(r1);
        let base = window.offset[rows.start];
        let before = block(rows.start);
        let sums = |best: &[f64], bwd: &mut [f64]| {
            let mut links = Vec::with_capacity(kinds.len());
            let mut masks = KindMasks::default();
            for i in rows.clone().rev() {
                let (lo, hi) = window.row(i);
                let top = hi.min(cols(i).end.saturating_sub(1));
                if cols(i).end == 0 {
                    continue;
                }
                links.clear();
                links.extend(
                    kinds
                        .iter()
                        .map(|&kind| Link::from(window, (n, m), kind, params.max_side, i)),
                );
                masks.fill(&links, lo, hi);
                for j in (lo..=top).rev() {
                    let here = window.offset[i] + j - lo;
                    if here == end {
                        continue;
                    }
                    if best[here] == f64::INFINITY {
                        bwd[here] = f64::INFINITY;
                        continue;
                    }
                    let cell_costs = &costs[(here - base) * kinds.len()..][..kinds.len()];
                    let mut total = f64::INFINITY;
                    // The shapes that lead from the cell into the window,
                    // in order (the others add nothing).
                    for k in masks.kinds(j - lo) {
                        let next = links[k].cell_in_run(j);
                        let after = bwd[next];
                        if after == f64::INFINITY {
                            continue;
                        }
                        let c = match slots[k] {
                            Some(x) if i >= tail_row => tail[(next - tail_base) * kept + x],
                            _ => cell_costs[k],
                        };
                        total = log_add(total, c + after);
                    }
                    bwd[here] = total;
                }
            }
        };
        let (best, bwd) = (&s.best, &mut s.bwd);
        if before.is_empty() {
            sums(best, bwd);
        } else {
            rayon::join(|| sums(best, bwd), || fill(before, &mut next));
        }
        std::mem::swap(&mut costs, &mut next);
        r1 = rows.start;
    }
    s.blocks = (costs, next);
}

/// The most memory [`backward_dual`] may hold in costs for its second sums
/// (the rows they trail by); a window that needs more (a whole grid, whose
/// target sentences each span every row) takes the plain [`backward`].
const TRAIL_BYTES: usize = 8 << 20;

/// [`backward`] without kept cells, which also computes the backward sums
/// of the favoured search again that `trail` describes (see [`Trail`]),
/// into `s.favoured`: each bead is evaluated once for both
/// ([`BeadCost::costs`]), and the second sums, which need the marks of the
/// sentences whose empty-side beads leave from a row, trail the first by
/// the rows a target sentence spans. Each sentence's null marginal is
/// summed as [`null_marginals`] sums it, so the marks are those the caller
/// will make from it (the caller checks: [`Scratch::keep_favoured`]).
/// Falls back to [`backward`] when a side has no empty-side shape, when the
/// trail would hold more than [`TRAIL_BYTES`], or when the forward sweep
/// kept the costs of half the window's cells or more.
#[allow(clippy::too_many_arguments)]
fn backward_dual<C: BeadCost>(
    cost: &mut C,
    kinds: &[BeadKind],
    params: &Params,
    window: &Window,
    (n, m): (usize, usize),
    end: usize,
    trail: &Trail,
    s: &mut Scratch,
) -> bool {
    s.nulls_ahead = None;
    let nk = kinds.len();
    let cells = window.cells();
    // The empty-side shapes of each side, in order, and the longest.
    let nulls = |src: bool| -> Vec<(usize, usize)> {
        kinds
            .iter()
            .enumerate()
            .filter(|(_, k)| (k.src == 0) != (k.tgt == 0) && (k.tgt == 0) == src)
            .map(|(x, k)| (x, k.src.max(k.tgt)))
            .collect()
    };
    let (src_nulls, tgt_nulls) = (nulls(true), nulls(false));
    let longest = |v: &[(usize, usize)]| v.iter().map(|&(_, a)| a).max().unwrap_or(0);
    let (max_a, max_b) = (longest(&src_nulls), longest(&tgt_nulls));
    // A target column's first row (the window's upper ends never fall).
    let monotone = (1..=n).all(|i| window.hi[i] >= window.hi[i - 1]);
    let first_row = |c: usize| window.hi.partition_point(|&h| h < c);
    // The row the second sums of row t wait for: every mark they read is
    // summed from rows at or after it.
    let need = |t: usize| {
        let (lo, hi) = window.row(t);
        let by_tgt = if lo < hi { first_row(lo + 1) } else { t + 1 };
        by_tgt.min(t + 1)
    };
    let block_cells = |r: usize| {
        let a = r.saturating_sub(2 * COST_BLOCK_ROWS);
        window.offset[(r + 1).min(n + 1)] - window.offset[a]
    };
    let fits = monotone
        && (0..=n).all(|t| {
            let held = window.offset[t + 1] - window.offset[need(t).min(t)] + block_cells(t);
            held * nk * std::mem::size_of::<(f64, f64)>() <= TRAIL_BYTES
        });
    // The forward sweep's kept costs (see [`Scratch::tail`]) spare the
    // plain backward sweep the merged beads of their rows, and the search
    // again's sweeps keep as many: with half the window's cells kept, the
    // two plain backward sweeps cost no more than this one.
    let (_, kept) = kept_kinds(kinds);
    let tail_cells =
        if s.tail_row <= n && s.tail.len() == (cells - window.offset[s.tail_row]) * kept {
            cells - window.offset[s.tail_row]
        } else {
            0
        };
    if !fits || max_a == 0 || max_b == 0 || 2 * tail_cells >= cells {
        backward(cost, kinds, params, window, (n, m), end, None, s);
        return false;
    }
    s.tail = Vec::new();
    s.bwd.clear();
    s.bwd.resize(cells, f64::INFINITY);
    s.bwd[end] = 0.0;
    let z = s.fwd[end];
    let fill = |cost: &C, rows: std::ops::Range<usize>, buf: &mut Vec<(f64, f64)>| {
        fill_costs(
            window,
            kinds,
            rows,
            buf,
            |_| 0..m + 1,
            |i, k| paired_run(window, (n, m), kinds[k], params.max_side, i),
            false,
            // (Inside the run: the bead lands in the window.)
            |i, list, row| {
                by_source(kinds, list, |a, group| {
                    cost.costs_runs((i, i + a), group, row, nk);
                });
            },
        );
    };
    // The least of the window's lower ends from each row on: no row past
    // the first whose rest starts after column j holds j.
    let mut rest_lo = window.lo.clone();
    for i in (0..n).rev() {
        rest_lo[i] = rest_lo[i].min(rest_lo[i + 1]);
    }
    let mark = |p: f64, tau: f64, lead: bool| {
        if tau > 0.0 && p >= tau && !lead {
            trail.bonus
        } else {
            0.0
        }
    };
    // The null marginals, summed in the order of [`null_marginals`]
    // (rows, then cells, then shapes, each in order).
    let src_marginal = |cost: &C, i: usize, fwd: &[f64], bwd: &[f64]| {
        let mut p = 0.0;
        for r in i.saturating_sub(max_a - 1)..=i {
            let (lo, hi) = window.row(r);
            for j in lo..=hi {
                let f = fwd[window.offset[r] + j - lo];
                if f == f64::INFINITY {
                    continue;
                }
                for &(k, a) in &src_nulls {
                    if i >= r + a || r + a > n {
                        continue;
                    }
                    let Some(next) = window.index(r + a, j) else {
                        continue;
                    };
                    if bwd[next] == f64::INFINITY {
                        continue;
                    }
                    p += (-(f + cost.cost(k, r, r + a, j, j) + bwd[next] - z)).exp();
                }
            }
        }
        p
    };
    let tgt_marginal = |cost: &C, j: usize, fwd: &[f64], bwd: &[f64]| {
        let mut p = 0.0;
        let mut i = first_row(j + 1);
        while i <= n && rest_lo[i] <= j {
            let (lo, hi) = window.row(i);
            for c in lo.max((j + 1).saturating_sub(max_b))..=hi.min(j) {
                let here = window.offset[i] + c - lo;
                let f = fwd[here];
                if f == f64::INFINITY {
                    continue;
                }
                for &(k, b) in &tgt_nulls {
                    if j >= c + b || c + b > m {
                        continue;
                    }
                    let Some(next) = window.index(i, c + b) else {
                        continue;
                    };
                    if bwd[next] == f64::INFINITY {
                        continue;
                    }
                    p += (-(f + cost.cost(k, i, i, c, c + b) + bwd[next] - z)).exp();
                }
            }
            i += 1;
        }
        p
    };
    // The second sums' state: rows from `row` on are done.
    struct State {
        row: usize,
        fav: Vec<f64>,
        src: Vec<f64>,
        tgt: Vec<f64>,
        src_known: Vec<bool>,
        tgt_known: Vec<bool>,
        /// The null marginals the marks were made from.
        src_p: Vec<f64>,
        tgt_p: Vec<f64>,
    }
    let mut st = State {
        row: n + 1,
        fav: vec![f64::INFINITY; cells],
        src: vec![0.0; n],
        tgt: vec![0.0; m],
        src_known: vec![false; n],
        tgt_known: vec![false; m],
        src_p: vec![0.0; n],
        tgt_p: vec![0.0; m],
    };
    st.fav[end] = 0.0;
    let reached: Vec<bool> = s.best.iter().map(|&b| b != f64::INFINITY).collect();
    // Runs the second sums down to the rows the first sums (done from row
    // `done` on) allow.
    let advance = |cost: &C,
                   done: usize,
                   held: &Held,
                   best: &[f64],
                   fwd: &[f64],
                   bwd: &[f64],
                   st: &mut State| {
        let mut links = Vec::with_capacity(nk);
        let mut masks = KindMasks::default();
        while st.row > 0 {
            let t = st.row - 1;
            if done > need(t) {
                break;
            }
            let (lo, hi) = window.row(t);
            for i in t..(t + max_a).min(n) {
                if !st.src_known[i] {
                    st.src_p[i] = src_marginal(cost, i, fwd, bwd);
                    st.src[i] = mark(st.src_p[i], trail.taus_src[i], trail.leads_src[i]);
                    st.src_known[i] = true;
                }
            }
            for j in lo..hi.min(m) {
                if !st.tgt_known[j] {
                    st.tgt_p[j] = tgt_marginal(cost, j, fwd, bwd);
                    st.tgt[j] = mark(st.tgt_p[j], trail.taus_tgt[j], trail.leads_tgt[j]);
                    st.tgt_known[j] = true;
                }
            }
            let Some((rows, costs)) = held.iter().find(|(r, _)| r.contains(&t)) else {
                return;
            };
            let base = window.offset[rows.start];
            links.clear();
            links.extend(
                kinds
                    .iter()
                    .map(|&kind| Link::from(window, (n, m), kind, params.max_side, t)),
            );
            masks.fill(&links, lo, hi);
            for j in (lo..=hi).rev() {
                let here = window.offset[t] + j - lo;
                if here == end {
                    continue;
                }
                if best[here] == f64::INFINITY {
                    st.fav[here] = f64::INFINITY;
                    continue;
                }
                let cell_costs = &costs[(here - base) * nk..][..nk];
                let mut total = f64::INFINITY;
                // The shapes that lead into the window, in order.
                for k in masks.kinds(j - lo) {
                    let next = links[k].cell_in_run(j);
                    let c = cell_costs[k].1;
                    let (ni, nj) = (t + kinds[k].src, j + kinds[k].tgt);
                    let after = st.fav[next];
                    if after == f64::INFINITY {
                        continue;
                    }
                    // As [`super::cost::FavourNulls`] gives it.
                    let c = match kinds[k] {
                        BeadKind { src: _, tgt: 0 } => c - st.src[t..ni].iter().sum::<f64>(),
                        BeadKind { src: 0, tgt: _ } => c - st.tgt[j..nj].iter().sum::<f64>(),
                        _ => c,
                    };
                    total = log_add(total, c + after);
                }
                st.fav[here] = total;
            }
            st.row = t;
        }
    };
    let block = |r1: usize| r1.saturating_sub(COST_BLOCK_ROWS)..r1;
    // The second model's costs of the beads with both sides non-empty, for
    // the search again's sweeps (see [`Stored`]): kept when they take no
    // more memory than the model gives back as the sweep passes (or little).
    let (pair_slots, width) = paired_kinds(kinds);
    let paired: Vec<(usize, usize)> = pair_slots
        .iter()
        .enumerate()
        .filter_map(|(k, slot)| slot.map(|p| (k, p)))
        .collect();
    let run = |i: usize, k: usize| paired_run(window, (n, m), kinds[k], params.max_side, i);
    let alt_len: usize = (0..=n)
        .map(|i| paired.iter().map(|&(k, _)| run(i, k).len()).sum::<usize>())
        .sum();
    let alt_bytes =
        alt_len * std::mem::size_of::<f64>() + (n + 1) * width * std::mem::size_of::<u32>();
    // The room: what the model gives back as the sweep passes, and the
    // costs the forward sweeps kept for a widened sweep ([`Store`], at
    // most its budget), given back before this sweep.
    let room = cost
        .releasable()
        .saturating_add(s.store_bytes.unwrap_or(STORE_BYTES));
    let free = s.alt_bytes.unwrap_or(ALT_BYTES);
    let keep_alt = alt_bytes <= free.max(room);
    let release = keep_alt && alt_bytes > free;
    let max_src = kinds.iter().map(|k| k.src).max().unwrap_or(0);
    let mut alt = Alt::default();
    if keep_alt {
        alt.start = vec![0; (n + 1) * width];
    }
    let mut released = false;
    let mut held = Held::new();
    let (mut costs, mut next) = (Vec::new(), Vec::new());
    // A block given back (see the end of the loop), whose memory the next
    // block's costs take over rather than fault in fresh pages.
    let mut spare: Vec<(f64, f64)> = Vec::new();
    fill(cost, block(n + 1), &mut costs);
    let mut r1 = n + 1;
    while r1 > 0 {
        let rows = block(r1);
        let base = window.offset[rows.start];
        let before = block(rows.start);
        if keep_alt {
            let len = rows
                .clone()
                .map(|i| paired.iter().map(|&(k, _)| run(i, k).len()).sum::<usize>())
                .sum();
            let mut kept = Vec::with_capacity(len);
            for i in rows.clone() {
                let lo = window.lo[i];
                for &(k, p) in &paired {
                    let cells = run(i, k);
                    alt.start[i * width + p] = kept.len() as u32;
                    if cells.is_empty() {
                        continue;
                    }
                    let first = window.offset[i] + cells.start - lo - base;
                    kept.extend(
                        costs[first * nk..][..cells.len() * nk]
                            .chunks_exact(nk)
                            .map(|c| c[k].1),
                    );
                }
            }
            alt.blocks.push(kept);
        }
        held.push_back((rows.clone(), std::mem::take(&mut costs)));
        let cur = &held
            .back()
            .map(|(_, c)| c)
            .unwrap_or_else(|| unreachable!())[..];
        let sums = |best: &[f64], bwd: &mut [f64]| {
            let mut links = Vec::with_capacity(nk);
            let mut masks = KindMasks::default();
            for i in rows.clone().rev() {
                let (lo, hi) = window.row(i);
                links.clear();
                links.extend(
                    kinds
                        .iter()
                        .map(|&kind| Link::from(window, (n, m), kind, params.max_side, i)),
                );
                masks.fill(&links, lo, hi);
                for j in (lo..=hi).rev() {
                    let here = window.offset[i] + j - lo;
                    if here == end {
                        continue;
                    }
                    if best[here] == f64::INFINITY {
                        bwd[here] = f64::INFINITY;
                        continue;
                    }
                    let cell_costs = &cur[(here - base) * nk..][..nk];
                    let mut total = f64::INFINITY;
                    // The shapes that lead into the window, in order.
                    for k in masks.kinds(j - lo) {
                        let next = links[k].cell_in_run(j);
                        let after = bwd[next];
                        if after == f64::INFINITY {
                            continue;
                        }
                        let c = cell_costs[k].0;
                        total = log_add(total, c + after);
                    }
                    bwd[here] = total;
                }
            }
        };
        let (best, fwd, bwd) = (&s.best, &s.fwd, &mut s.bwd);
        let held_ref = &held;
        let st_ref = &mut st;
        let shared: &C = cost;
        let mut first = || {
            sums(best, bwd);
            advance(shared, rows.start, held_ref, best, fwd, bwd, st_ref);
        };
        let free_from = if before.is_empty() {
            0
        } else {
            before.start + max_src
        };
        if before.is_empty() {
            first();
        } else {
            next = std::mem::take(&mut spare);
            rayon::join(first, || fill(shared, before, &mut next));
        }
        // No bead the sweep costs from now on (those leaving from the rows
        // before the ones filled) takes in a source sentence from
        // `free_from` on: what the model holds for them is given back.
        if release {
            released |= cost.release_from(free_from);
        }
        while held.front().is_some_and(|(r, _)| r.start >= st.row) {
            if let Some((_, done)) = held.pop_front()
                && done.capacity() > spare.capacity()
            {
                spare = done;
            }
        }
        costs = std::mem::take(&mut next);
        r1 = rows.start;
    }
    if st.row > 0 {
        return released;
    }
    // Marks no row read (none in a connected window), for the caller's
    // comparison.
    for i in 0..n {
        if !st.src_known[i] {
            st.src_p[i] = src_marginal(cost, i, &s.fwd, &s.bwd);
            st.src[i] = mark(st.src_p[i], trail.taus_src[i], trail.leads_src[i]);
        }
    }
    for j in 0..m {
        if !st.tgt_known[j] {
            st.tgt_p[j] = tgt_marginal(cost, j, &s.fwd, &s.bwd);
            st.tgt[j] = mark(st.tgt_p[j], trail.taus_tgt[j], trail.leads_tgt[j]);
        }
    }
    // Every sentence's marginal is summed, from the final sums: the
    // posteriors take them (see [`Scratch::nulls_ahead`]).
    s.nulls_ahead = Some((st.src_p, st.tgt_p));
    s.favoured = Some(Favoured {
        bwd: st.fav,
        src: st.src,
        tgt: st.tgt,
        reached,
        alt,
    });
    released
}

/// The blocks of rows whose two costs per bead [`backward_dual`] still
/// holds, first block the last rows.
type Held = std::collections::VecDeque<(Range<usize>, Vec<(f64, f64)>)>;

/// The value of a bead shape that cannot be taken.
trait Infinite {
    const INFINITE: Self;
}

impl Infinite for f64 {
    const INFINITE: f64 = f64::INFINITY;
}

impl Infinite for (f64, f64) {
    const INFINITE: (f64, f64) = (f64::INFINITY, f64::INFINITY);
}

/// Rows of the window whose bead costs are computed at once (in parallel)
/// and held while the sums run over them.
const COST_BLOCK_ROWS: usize = 128;

/// Fills `buf` with the cost of every cell `(i, j)` of the window's
/// `rows` and every bead shape `k` of `kinds` whose cells of row `i` are
/// `runs(i, k)` (infinite elsewhere), `kinds.len()` values per cell in the
/// window's cell order (only the cells of row `i` whose target prefix lies
/// in `cols(i)`; the others infinite), the rows computed on every core:
/// `cost(i, list, row)` puts the costs of the runs in `list` in the row's
/// values `row`, each shape's cells of the row as one [`Run`] (the bead of
/// cell `j` starts at target sentence `j - tgt` with `into`, the beads
/// into the cells, else at `j`; its value at `(j - lo) × kinds.len() + k`),
/// the runs in the order [`by_source`] groups them in (the bead's source
/// side is the same along a run, and across the runs of a group). Each
/// value is computed as the sweep would, so the sums are the same to the
/// bit. (The runs are found once per row and shape, rather than each cell
/// and shape asking whether its bead lands in the window.)
#[allow(clippy::too_many_arguments)]
fn fill_costs<T: Copy + Send + Sync + Infinite>(
    window: &Window,
    kinds: &[BeadKind],
    rows: std::ops::Range<usize>,
    buf: &mut Vec<T>,
    cols: impl Fn(usize) -> Range<usize> + Sync,
    runs: impl Fn(usize, usize) -> Range<usize> + Sync,
    into: bool,
    cost: impl Fn(usize, &mut Vec<Run>, &mut [T]) + Sync,
) {
    buf.clear();
    if rows.is_empty() {
        return;
    }
    let nk = kinds.len();
    let base = window.offset[rows.start];
    buf.resize((window.offset[rows.end] - base) * nk, T::INFINITE);
    let mut parts: Vec<(usize, &mut [T])> = Vec::with_capacity(rows.len());
    let mut rest = buf.as_mut_slice();
    for i in rows {
        let (row, tail) = rest.split_at_mut((window.offset[i + 1] - window.offset[i]) * nk);
        parts.push((i, row));
        rest = tail;
    }
    // The shapes in [`by_source`]'s order.
    let mut order: Vec<usize> = (0..nk).collect();
    order.sort_by_key(|&k| source_group(kinds[k]));
    parts.into_par_iter().with_min_len(8).for_each_init(
        || Vec::with_capacity(nk),
        |list, (i, row)| {
            let (lo, hi) = window.row(i);
            let cols = cols(i);
            let (first, end) = (cols.start.max(lo), cols.end.min(hi + 1));
            if first >= end {
                return;
            }
            list.clear();
            for &k in &order {
                let run = runs(i, k);
                let js = run.start.max(first)..run.end.min(end);
                if js.is_empty() {
                    continue;
                }
                let tgt = kinds[k].tgt;
                let shift = if into { tgt } else { 0 };
                list.push(Run {
                    kind: k,
                    tgt,
                    starts: js.start - shift..js.end - shift,
                    at: (js.start - lo) * nk + k,
                });
            }
            cost(i, list, row);
        },
    );
}

/// The group of a shape's runs in a row ([`by_source`]): those with an
/// empty side apart, then by source count.
fn source_group(kind: BeadKind) -> (bool, usize) {
    (kind.src == 0 || kind.tgt == 0, kind.src)
}

/// Calls `each(a, group)` for each stretch of `runs` (in
/// [`fill_costs`]' order) whose shapes have `a` source sentences, and both
/// sides non-empty or not alike: the runs of a row whose beads have the
/// same source side, which [`BeadCost::cost_runs`] takes together.
fn by_source(kinds: &[BeadKind], runs: &[Run], mut each: impl FnMut(usize, &[Run])) {
    let Some(first) = runs.first() else {
        return;
    };
    // Each run's group found once: a stretch ends where the group changes.
    let (mut s, mut group) = (0, source_group(kinds[first.kind]));
    for (x, r) in runs.iter().enumerate().skip(1) {
        let g = source_group(kinds[r.kind]);
        if g != group {
            each(group.1, &runs[s..x]);
            (s, group) = (x, g);
        }
    }
    each(group.1, &runs[s..]);
}

/// The rows a path passes through: for each source prefix, the least and
/// greatest target prefix of the path there (interpolated inside beads that
/// span several source sentences).
pub(crate) fn path_ranges(path: &[PathBead], n: usize) -> Vec<(usize, usize)> {
    let mut c = vec![(usize::MAX, 0); n + 1];
    let mut mark = |i: usize, j: usize| {
        c[i].0 = c[i].0.min(j);
        c[i].1 = c[i].1.max(j);
    };
    mark(0, 0);
    for b in path {
        mark(b.i0, b.j0);
        mark(b.i1, b.j1);
        for i in b.i0 + 1..b.i1 {
            mark(i, b.j0 + (b.j1 - b.j0) * (i - b.i0) / (b.i1 - b.i0));
        }
    }
    c
}

/// The length diagonal: for each source prefix, the target prefix with the
/// same share of the total length.
pub(crate) fn length_diagonal(src_prefix: &[f64], tgt_prefix: &[f64]) -> Vec<(usize, usize)> {
    let n = src_prefix.len() - 1;
    let m = tgt_prefix.len() - 1;
    let (s_total, t_total) = (src_prefix[n], tgt_prefix[m]);
    let mut j = 0;
    src_prefix
        .iter()
        .enumerate()
        .map(|(i, &sp)| {
            let centre = if s_total <= 0.0 || t_total <= 0.0 {
                (i * m).checked_div(n).unwrap_or(m)
            } else {
                let goal = sp / s_total * t_total;
                while j < m && tgt_prefix[j + 1] <= goal {
                    j += 1;
                }
                j
            };
            (centre, centre)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A vector's values to the bit, for comparisons that must be exact.
    fn bits(v: &[f64]) -> Vec<u64> {
        v.iter().map(|x| x.to_bits()).collect()
    }

    /// A path's beads with their cost and posterior to the bit.
    fn beads(p: &[PathBead]) -> Vec<(usize, usize, usize, usize, u64, u64)> {
        p.iter()
            .map(|b| {
                (
                    b.i0,
                    b.i1,
                    b.j0,
                    b.j1,
                    b.cost.to_bits(),
                    b.posterior.to_bits(),
                )
            })
            .collect()
    }
    use crate::align::cost::FavourNulls;

    /// A toy cost: 1-1 beads on the diagonal shifted by `offset` are cheap,
    /// everything else dear; 1-0 and 0-1 cost 3.
    struct Toy {
        offset: usize,
    }

    impl BeadCost for Toy {
        fn cost(&self, kind: usize, i0: usize, _i1: usize, j0: usize, _j1: usize) -> f64 {
            match kind {
                0 if j0 == i0 + self.offset => -2.0,
                0 => 2.0,
                _ => 3.0,
            }
        }
    }

    const KINDS: [BeadKind; 3] = [
        BeadKind::new(1, 1),
        BeadKind::new(1, 0),
        BeadKind::new(0, 1),
    ];

    #[test]
    fn a_row_s_runs_grouped_by_source_side_fill_every_cell_as_each_bead_alone() {
        // Every shape of the lexical table on a window with uneven rows,
        // both ways (the beads into the cells, as the forward sweep costs
        // them, and those from the cells, as the backward sweeps do), some
        // columns left out: each group of runs shares its source side, and
        // the buffer holds, cell by cell and shape by shape, what the plain
        // formula gives (the bead's value where its run holds the cell,
        // infinite elsewhere).
        let kinds: Vec<BeadKind> = super::super::cost::LEXICAL_PRIORS
            .iter()
            .map(|&(k, _)| k)
            .collect();
        let nk = kinds.len();
        let (n, m): (usize, usize) = (23, 27);
        let guide: Vec<(usize, usize)> = (0..=n)
            .map(|i| {
                let j = (i * m / n).min(m);
                (j.saturating_sub(i % 3), (j + i % 4).min(m))
            })
            .collect();
        let widths: Vec<usize> = (0..=n).map(|i| 1 + i % 3).collect();
        let window = Window::around(&guide, &widths, m);
        let value = |k: usize, (i0, i1): (usize, usize), j0: usize| {
            (k * 1000 + i0 * 37 + i1 * 5 + j0) as f64 + 0.25
        };
        let cols = |i: usize| if i % 5 == 2 { i / 2..m + 1 } else { 0..m + 1 };
        for into in [true, false] {
            let runs = |i: usize, k: usize| {
                if into {
                    into_run(&window, kinds[k], usize::MAX, i)
                } else {
                    paired_run(&window, (n, m), kinds[k], usize::MAX, i)
                }
            };
            let mut buf = Vec::new();
            fill_costs(
                &window,
                &kinds,
                0..n + 1,
                &mut buf,
                cols,
                runs,
                into,
                |i, list, row| {
                    let mut groups = 0;
                    by_source(&kinds, list, |a, group| {
                        groups += 1;
                        let src = if into { (i - a, i) } else { (i, i + a) };
                        let empty = source_group(kinds[group[0].kind]).0;
                        for r in group {
                            assert_eq!(kinds[r.kind].src, a);
                            assert_eq!(source_group(kinds[r.kind]).0, empty);
                            for (x, j0) in r.starts.clone().enumerate() {
                                row[r.at + x * nk] = value(r.kind, src, j0);
                            }
                        }
                    });
                    // One group per source count and emptiness at most.
                    assert!(groups <= 2 * 6, "{groups}");
                },
            );
            assert_eq!(buf.len(), window.cells() * nk);
            let mut finite = 0;
            for i in 0..=n {
                let (lo, hi) = window.row(i);
                for j in lo..=hi {
                    for (k, kind) in kinds.iter().enumerate() {
                        let got = buf[(window.offset[i] + j - lo) * nk + k];
                        let want = if runs(i, k).contains(&j) && cols(i).contains(&j) {
                            finite += 1;
                            if into {
                                value(k, (i - kind.src, i), j - kind.tgt)
                            } else {
                                value(k, (i, i + kind.src), j)
                            }
                        } else {
                            f64::INFINITY
                        };
                        assert_eq!(got.to_bits(), want.to_bits(), "{into} {i} {j} {kind:?}");
                    }
                }
            }
            assert!(finite > 1000, "{finite}");
        }
    }

    #[test]
    fn kind_masks_list_the_shapes_whose_runs_hold_each_cell() {
        // Rows of up to 140 shapes (three words a cell), runs anywhere in
        // the row, empty (some past its end) or whole: each cell's shapes,
        // in order, are those whose run holds it, and the toggled masks are
        // those set cell by cell.
        let mut seed = 12345u64;
        let mut next = |below: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % below
        };
        let mut masks = KindMasks::default();
        for round in 0..300 {
            let nk = [1, 3, 18, 63, 64, 65, 140][round % 7];
            let lo = next(50);
            let hi = lo + next(12);
            let links: Vec<Link> = (0..nk)
                .map(|_| {
                    if next(8) == 0 {
                        // Empty past the row's end, as `into_run` may give.
                        let a = hi + 1 + next(5);
                        return Link {
                            run: a..a,
                            base: 0,
                            sub: 0,
                        };
                    }
                    let a = lo + next(hi + 2 - lo);
                    let b = (a + next(hi + 2 - lo)).min(hi + 1);
                    Link {
                        run: a..b.max(a),
                        base: next(1000),
                        sub: 0,
                    }
                })
                .collect();
            masks.fill(&links, lo, hi);
            let got_masks = masks.masks.clone();
            for j in lo..=hi {
                let plain: Vec<usize> = (0..nk).filter(|&k| links[k].run.contains(&j)).collect();
                let got: Vec<usize> = masks.kinds(j - lo).collect();
                assert_eq!(got, plain, "{round} {j}");
            }
            // The toggled masks are the cell-by-cell ones, word for word.
            let mut plain = KindMasks::default();
            plain.fill_plain(&links, lo, hi);
            assert_eq!(
                (masks.words, got_masks),
                (plain.words, plain.masks),
                "{round}"
            );
        }
    }

    #[test]
    fn by_source_cuts_the_runs_where_the_plain_scan_does() {
        // Lists of runs of the lexical shapes in any order (groups
        // interleaved, repeated, single): the stretches are those of a scan
        // that asks each stretch's group of every run again.
        let kinds: Vec<BeadKind> = super::super::cost::LEXICAL_PRIORS
            .iter()
            .map(|&(k, _)| k)
            .collect();
        let plain = |runs: &[Run]| {
            let mut out = Vec::new();
            let mut s = 0;
            while s < runs.len() {
                let group = source_group(kinds[runs[s].kind]);
                let len = runs[s..]
                    .iter()
                    .take_while(|r| source_group(kinds[r.kind]) == group)
                    .count();
                out.push((group.1, s, s + len));
                s += len;
            }
            out
        };
        let mut seed = 5u64;
        for round in 0..500 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = (seed >> 40) as usize % 12;
            let mut order: Vec<usize> = (0..kinds.len()).collect();
            order.sort_by_key(|&k| source_group(kinds[k]));
            let runs: Vec<Run> = (0..len)
                .map(|x| {
                    let k = if round % 2 == 0 {
                        order[(x * 5 + (seed >> 50) as usize) % order.len()]
                    } else {
                        ((seed >> (x % 30)) as usize) % kinds.len()
                    };
                    // `at` numbers the runs, to tell where a stretch starts.
                    Run {
                        at: x,
                        ..Run::one(k, kinds[k].tgt, x..x + 1)
                    }
                })
                .collect();
            let mut got = Vec::new();
            by_source(&kinds, &runs, |a, group| {
                assert!(!group.is_empty());
                got.push((a, group[0].at, group[0].at + group.len()));
            });
            assert_eq!(got, plain(&runs), "{round}");
        }
    }

    /// Uneven bead costs (some shapes infinite) for the sweeps' oracle.
    struct Uneven;

    impl BeadCost for Uneven {
        fn cost(&self, kind: usize, i0: usize, i1: usize, j0: usize, j1: usize) -> f64 {
            let h = (kind * 7919 + i0 * 104_729 + j0 * 1_299_709 + i1 * 31 + j1 * 17) % 1000;
            if h == 3 {
                f64::INFINITY
            } else {
                h as f64 / 97.0 + kind as f64 * 0.3
            }
        }
    }

    #[test]
    fn the_sweeps_sums_over_the_shapes_that_lead_in_are_the_plain_ones_to_the_bit() {
        // The forward sweep (best costs, back-pointers, forward sums) and
        // the backward sums, which visit only the shapes whose beads stay in
        // the window ([`KindMasks`]), against every shape of every cell
        // asked of the window, in the same order: the same bits. The
        // lexical table (0-1 and 0-2 after 2-0: shapes that read the same
        // row among the others), narrow uneven rows, all shapes and two.
        let kinds: Vec<BeadKind> = super::super::cost::LEXICAL_PRIORS
            .iter()
            .map(|&(k, _)| k)
            .collect();
        let nk = kinds.len();
        let (n, m): (usize, usize) = (61, 70);
        let guide: Vec<(usize, usize)> = (0..=n)
            .map(|i| {
                let j = (i * m / n).min(m);
                (j.saturating_sub(i % 3), (j + i % 2).min(m))
            })
            .collect();
        for (width, max_side) in [(0, usize::MAX), (1, usize::MAX), (2, 2), (3, usize::MAX)] {
            let widths: Vec<usize> = (0..=n).map(|i| width + i % 2).collect();
            let window = Window::around(&guide, &widths, m);
            let params = Params {
                max_side,
                width,
                max_width: width,
                max_cells: usize::MAX,
                everywhere: false,
            };
            let mut s = Scratch::default();
            let found = sweep(
                &Uneven,
                &kinds,
                &params,
                &window,
                (n, m),
                true,
                0,
                None,
                None,
                None,
                &mut s,
            );
            assert!(found.is_some());
            let end = window.index(n, m).unwrap();
            backward(&Uneven, &kinds, &params, &window, (n, m), end, None, &mut s);
            // The plain sweeps.
            let cells = window.cells();
            let (mut best, mut back) = (vec![f64::INFINITY; cells], vec![NONE; cells]);
            let (mut fwd, mut bwd) = (vec![f64::INFINITY; cells], vec![f64::INFINITY; cells]);
            let allowed = |k: usize| kinds[k].src.max(kinds[k].tgt) <= max_side;
            best[0] = 0.0;
            fwd[0] = 0.0;
            for i in 0..=n {
                let (lo, hi) = window.row(i);
                for j in lo..=hi {
                    if i == 0 && j == 0 {
                        continue;
                    }
                    let here = window.index(i, j).unwrap();
                    let (mut b, mut arg, mut f_min) = (f64::INFINITY, NONE, f64::INFINITY);
                    let mut through = vec![f64::INFINITY; nk];
                    for (k, kind) in kinds.iter().enumerate() {
                        if kind.src > i || kind.tgt > j || !allowed(k) {
                            continue;
                        }
                        let Some(prev) = window.index(i - kind.src, j - kind.tgt) else {
                            continue;
                        };
                        if best[prev] == f64::INFINITY {
                            continue;
                        }
                        let c = Uneven.cost(k, i - kind.src, i, j - kind.tgt, j);
                        if best[prev] + c < b {
                            b = best[prev] + c;
                            arg = k as u8;
                        }
                        through[k] = fwd[prev] + c;
                        f_min = f_min.min(through[k]);
                    }
                    best[here] = b;
                    back[here] = arg;
                    if f_min < f64::INFINITY {
                        let mut sum = 0.0;
                        for &x in &through {
                            if x - f_min < NEGLIGIBLE {
                                sum += exp_below(f_min, x);
                            }
                        }
                        fwd[here] = f_min - sum.ln();
                    }
                }
            }
            bwd[end] = 0.0;
            for i in (0..=n).rev() {
                let (lo, hi) = window.row(i);
                for j in (lo..=hi).rev() {
                    let here = window.index(i, j).unwrap();
                    if here == end || best[here] == f64::INFINITY {
                        continue;
                    }
                    let mut total = f64::INFINITY;
                    for (k, kind) in kinds.iter().enumerate() {
                        if i + kind.src > n || j + kind.tgt > m || !allowed(k) {
                            continue;
                        }
                        let Some(next) = window.index(i + kind.src, j + kind.tgt) else {
                            continue;
                        };
                        if bwd[next] == f64::INFINITY {
                            continue;
                        }
                        let c = Uneven.cost(k, i, i + kind.src, j, j + kind.tgt);
                        total = log_add(total, c + bwd[next]);
                    }
                    bwd[here] = total;
                }
            }
            assert_eq!(bits(&s.best), bits(&best), "{width} {max_side}");
            assert_eq!(s.back, back, "{width} {max_side}");
            assert_eq!(bits(&s.fwd), bits(&fwd), "{width} {max_side}");
            assert_eq!(bits(&s.bwd), bits(&bwd), "{width} {max_side}");
            let finite = bwd.iter().filter(|x| x.is_finite()).count();
            assert!(finite * 2 > cells, "{finite} of {cells}");
        }
    }

    #[test]
    fn the_best_term_of_a_sum_is_one_as_its_exp_is() {
        // `exp_below` against the plain `exp` it stands for, to the bit:
        // the least term (`x == lo`, whatever `lo`) and the others.
        let los: [f64; 9] = [0.0, -0.0, 1e-300, 0.5, 3.0, -7.25, 1234.5678, -1e6, 40.0];
        for &lo in &los {
            for d in [0.0f64, 1e-17, 1e-9, 0.1, 0.75, 1.0, 5.5, 39.9, 40.0] {
                let x = lo + d;
                let plain = (lo - x).exp();
                assert_eq!(exp_below(lo, x).to_bits(), plain.to_bits(), "{lo} {x}");
            }
            assert_eq!(exp_below(lo, lo).to_bits(), 1f64.to_bits());
        }
    }

    #[test]
    fn a_narrow_window_widens_where_the_path_leaves_it() {
        // 300 extra target sentences at the start: the path first runs along
        // the target axis, far from the diagonal guide.
        let (n, m) = (100, 400);
        let mut toy = Toy { offset: 300 };
        let mut s = Scratch::default();
        let full = best_path(
            &mut toy,
            &KINDS,
            (n, m),
            None,
            Params {
                max_side: 1,
                width: 1,
                max_width: 1,
                max_cells: 0,
                everywhere: false,
            },
            true,
            &mut s,
        )
        .unwrap();
        let guide: Vec<(usize, usize)> = (0..=n).map(|i| (i * 4, i * 4)).collect();
        let params = Params {
            max_side: 1,
            width: 2,
            max_width: 1000,
            max_cells: 1 << 20,
            everywhere: false,
        };
        let fast = best_path(&mut toy, &KINDS, (n, m), Some(&guide), params, true, &mut s).unwrap();
        let shape = |p: &[PathBead]| -> Vec<(usize, usize, usize, usize)> {
            p.iter().map(|b| (b.i0, b.i1, b.j0, b.j1)).collect()
        };
        assert_eq!(shape(&fast), shape(&full));
        for (a, b) in fast.iter().zip(&full) {
            assert!((a.posterior - b.posterior).abs() < 1e-6);
        }
        assert_eq!(fast.iter().filter(|b| b.i0 == b.i1).count(), 300);
    }

    /// Noisy costs around a path with runs of added target sentences at
    /// several places, so that a narrow window widens in several rounds.
    struct Detours;

    impl Detours {
        /// The target sentence facing source sentence `i` on the true path:
        /// 12 added target sentences after source 40, 30 after 150, 6
        /// after 260.
        fn facing(i: usize) -> usize {
            i + [(40, 12), (150, 30), (260, 6)]
                .iter()
                .filter(|&&(at, _)| i >= at)
                .map(|&(_, k)| k)
                .sum::<usize>()
        }
    }

    impl BeadCost for Detours {
        fn cost(&self, kind: usize, i0: usize, i1: usize, j0: usize, j1: usize) -> f64 {
            // A deterministic noise in [0, 1).
            let h = (i0 * 7919 + j0 * 104_729 + kind * 15_485_863 + i1 * 31 + j1)
                .wrapping_mul(0x9E37_79B9_7F4A_7C15_usize);
            let noise = (h >> 40) as f64 / (1u64 << 24) as f64;
            let on_path = i1 > i0 && j1 > j0 && j0 == Self::facing(i0);
            if on_path { -2.0 + noise } else { 1.5 + noise }
        }
    }

    /// The shapes of sides up to two, and a guided window of ±2 along the
    /// diagonal over 400 source sentences of [`Detours`] (with its target
    /// count), widening as far as it must.
    fn detour_window() -> ([BeadKind; 8], usize, usize, Vec<(usize, usize)>, Params) {
        let kinds = [
            BeadKind::new(1, 1),
            BeadKind::new(1, 0),
            BeadKind::new(0, 1),
            BeadKind::new(1, 2),
            BeadKind::new(2, 1),
            BeadKind::new(2, 2),
            BeadKind::new(2, 0),
            BeadKind::new(0, 2),
        ];
        let n = 400;
        let m = Detours::facing(n);
        let guide = (0..=n).map(|i| (i * m / n, i * m / n)).collect();
        let params = Params {
            max_side: 2,
            width: 2,
            max_width: 1000,
            max_cells: 1 << 20,
            everywhere: false,
        };
        (kinds, n, m, guide, params)
    }

    #[test]
    fn a_widening_without_sums_keeps_what_it_did_not_change() {
        // The sweeps recompute only the rows a widening reaches, the sweeps
        // with sums to the agreement's precision. Both must find the same
        // path in every round.
        let (kinds, n, m, guide, params) = detour_window();
        let shape = |p: &[PathBead]| -> Vec<(usize, usize, usize, usize)> {
            p.iter().map(|b| (b.i0, b.i1, b.j0, b.j1)).collect()
        };
        let mut s = Scratch::default();
        let kept = best_path(
            &mut Detours,
            &kinds,
            (n, m),
            Some(&guide),
            params,
            false,
            &mut s,
        )
        .unwrap();
        let mut s = Scratch::default();
        let summed = best_path(
            &mut Detours,
            &kinds,
            (n, m),
            Some(&guide),
            params,
            true,
            &mut s,
        )
        .unwrap();
        assert_eq!(shape(&kept), shape(&summed));
        let exhaustive =
            best_path(&mut Detours, &kinds, (n, m), None, params, false, &mut s).unwrap();
        assert_eq!(shape(&kept), shape(&exhaustive));
    }

    #[test]
    fn the_forward_costs_kept_for_the_backward_sweep_change_no_sum() {
        // A guided search with sums that widens (so its last forward sweep
        // starts after row 0), then a search again: with no costs kept,
        // with the last rows' kept (the budget ends inside the window),
        // and with every row's, the sums, null marginals and posteriors
        // are the same to the bit. (Every row recomputed after a widening:
        // where a sweep may stop depends on the rows kept.)
        let (kinds, n, m, guide, params) = detour_window();
        let run = |bytes: usize| {
            let mut s = Scratch {
                tail_bytes: Some(bytes),
                resweep_whole: true,
                ..Scratch::default()
            };
            let path = best_path(
                &mut Detours,
                &kinds,
                (n, m),
                Some(&guide),
                params,
                true,
                &mut s,
            )
            .unwrap();
            let kept_rows = s.tail_row;
            let first = (
                s.fwd.clone(),
                s.bwd.clone(),
                s.null_src.clone(),
                s.null_tgt.clone(),
            );
            search_again(&Detours, &kinds, (n, m), params, (0..n, 0..m), &mut s).unwrap();
            // Rows and cells kept before and after the changed sentences.
            let again = search_again(
                &Detours,
                &kinds,
                (n, m),
                params,
                (100..200, 120..230),
                &mut s,
            )
            .unwrap();
            (
                kept_rows,
                beads(&path),
                beads(&again),
                [
                    &first.0,
                    &first.1,
                    &first.2,
                    &first.3,
                    &s.fwd,
                    &s.bwd,
                    &s.null_src,
                    &s.null_tgt,
                ]
                .map(|v| bits(v)),
            )
        };
        let none = run(0);
        let some = run(4_000);
        let all = run(usize::MAX / 2);
        // No row kept; the last rows; every row the last sweep computed.
        assert_eq!(none.0, n + 1);
        assert!(
            0 < some.0 && some.0 <= n && all.0 < some.0,
            "{} {}",
            some.0,
            all.0
        );
        assert!(none.1.iter().any(|b| b.5 != 0));
        for other in [&some, &all] {
            assert_eq!(none.1, other.1);
            assert_eq!(none.2, other.2);
            assert_eq!(none.3, other.3);
        }
    }

    /// [`Detours`], counting the beads it costs.
    struct Counted(std::sync::atomic::AtomicUsize);

    impl BeadCost for Counted {
        fn cost(&self, kind: usize, i0: usize, i1: usize, j0: usize, j1: usize) -> f64 {
            self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Detours.cost(kind, i0, i1, j0, j1)
        }
    }

    #[test]
    fn the_costs_kept_across_a_widening_change_no_sum_and_spare_evaluations() {
        // A guided search with sums that widens: with no costs kept from
        // one sweep for the next, with the last rows' (the budget ends
        // inside the window), and with every row's, the path, posteriors,
        // sums and null marginals are the same to the bit, and the more
        // rows are kept, the fewer beads are costed.
        let (kinds, n, m, guide, params) = detour_window();
        let run = |bytes: usize| {
            let mut s = Scratch {
                store_bytes: Some(bytes),
                ..Scratch::default()
            };
            let mut cost = Counted(std::sync::atomic::AtomicUsize::new(0));
            let path = best_path(
                &mut cost,
                &kinds,
                (n, m),
                Some(&guide),
                params,
                true,
                &mut s,
            )
            .unwrap();
            let sums = [&s.fwd, &s.bwd, &s.null_src, &s.null_tgt].map(|v| bits(v));
            (cost.0.into_inner(), beads(&path), sums)
        };
        let none = run(0);
        let some = run(40_000);
        let all = run(usize::MAX / 2);
        assert!(none.1.iter().any(|b| b.5 != 0));
        for other in [&some, &all] {
            assert_eq!(none.1, other.1);
            assert_eq!(none.2, other.2);
        }
        assert!(
            none.0 > some.0 && some.0 > all.0,
            "{} {} {}",
            none.0,
            some.0,
            all.0
        );
    }

    #[test]
    fn a_widening_with_sums_stops_where_the_old_sums_hold() {
        // A guided search with sums that widens in several places: each
        // sweep after a widening stops recomputing rows where the new best
        // costs and forward sums differ from the old ones by constants, and
        // goes on at the next changed row. Against sweeps that recompute
        // every row from the first change (no costs kept in either, so
        // that each bead a sweep recomputes is costed again): the same
        // path, the same costs, posteriors, sums and null marginals to the
        // agreement's precision, and fewer beads costed. (No costs kept
        // for the backward sweep either: a sweep stops only before the rows
        // whose costs it keeps for it.)
        // The guide misses one detour (30 target sentences added after
        // source 150), so the window widens there only.
        let (kinds, n, m, _, params) = detour_window();
        let guide: Vec<(usize, usize)> = (0..=n)
            .map(|i| {
                let j = Detours::facing(i) - if (150..180).contains(&i) { 30 } else { 0 };
                (j, j)
            })
            .collect();
        let run = |whole: bool| {
            let mut s = Scratch {
                store_bytes: Some(0),
                tail_bytes: Some(0),
                resweep_whole: whole,
                ..Scratch::default()
            };
            let mut cost = Counted(std::sync::atomic::AtomicUsize::new(0));
            let path = best_path(
                &mut cost,
                &kinds,
                (n, m),
                Some(&guide),
                params,
                true,
                &mut s,
            )
            .unwrap();
            let sums = [&s.fwd, &s.bwd, &s.null_src, &s.null_tgt].map(|v| v.clone());
            (cost.0.into_inner(), path, sums)
        };
        let (whole_costs, whole, whole_sums) = run(true);
        let (costs, path, sums) = run(false);
        let close = |a: f64, b: f64| a == b || (a - b).abs() <= 1e-9 * a.abs().max(1.0);
        assert_eq!(whole.len(), path.len());
        assert!(whole.iter().any(|b| b.posterior > 0.0 && b.posterior < 1.0));
        for (a, b) in whole.iter().zip(&path) {
            assert_eq!((a.i0, a.i1, a.j0, a.j1), (b.i0, b.i1, b.j0, b.j1));
            assert!(close(a.cost, b.cost), "{a:?} {b:?}");
            assert!(close(a.posterior, b.posterior), "{a:?} {b:?}");
        }
        for (a, b) in whole_sums.iter().zip(&sums) {
            assert_eq!(a.len(), b.len());
            assert!(a.iter().zip(b).all(|(&x, &y)| close(x, y)));
        }
        assert!(costs < whole_costs, "{costs} {whole_costs}");
    }

    /// [`Detours`], with a second model that makes merged beads dearer
    /// (as a close translation's search again does).
    struct TwoModels;

    impl TwoModels {
        fn second(kind: BeadKind, c: f64, i0: usize, j0: usize) -> f64 {
            if kind.src > 0 && kind.tgt > 0 && kind.src + kind.tgt > 2 {
                c + 0.7 + 0.01 * ((i0 * 3 + j0) % 7) as f64
            } else {
                c
            }
        }
    }

    const TWO_KINDS: [BeadKind; 8] = [
        BeadKind::new(1, 1),
        BeadKind::new(1, 0),
        BeadKind::new(0, 1),
        BeadKind::new(1, 2),
        BeadKind::new(2, 1),
        BeadKind::new(2, 2),
        BeadKind::new(2, 0),
        BeadKind::new(0, 2),
    ];

    impl BeadCost for TwoModels {
        fn cost(&self, kind: usize, i0: usize, i1: usize, j0: usize, j1: usize) -> f64 {
            Detours.cost(kind, i0, i1, j0, j1)
        }

        fn costs(&self, kind: usize, i0: usize, i1: usize, j0: usize, j1: usize) -> (f64, f64) {
            let c = Detours.cost(kind, i0, i1, j0, j1);
            (c, Self::second(TWO_KINDS[kind], c, i0, j0))
        }
    }

    /// The second model of [`TwoModels`] alone.
    struct Second;

    impl BeadCost for Second {
        fn cost(&self, kind: usize, i0: usize, i1: usize, j0: usize, j1: usize) -> f64 {
            TwoModels.costs(kind, i0, i1, j0, j1).1
        }
    }

    /// The set-up of the favoured searches again from a backward sweep
    /// with a trail: [`detour_window`], the bonus and τ of the marks, and
    /// which sentences (by index, on either side) lead.
    struct FavouredWindow {
        kinds: [BeadKind; 8],
        n: usize,
        m: usize,
        guide: Vec<(usize, usize)>,
        params: Params,
        bonus: f64,
        tau: f64,
        lead: fn(usize) -> bool,
    }

    impl FavouredWindow {
        fn new(lead: fn(usize) -> bool) -> Self {
            let (kinds, n, m, guide, params) = detour_window();
            FavouredWindow {
                kinds,
                n,
                m,
                guide,
                params,
                bonus: 1.5,
                tau: 0.05,
                lead,
            }
        }

        /// The trail of marks at τ with the bonus, leads left alone.
        fn trail(&self) -> Trail {
            let leads = |len: usize| (0..len).map(self.lead).collect::<Vec<bool>>();
            Trail {
                bonus: self.bonus,
                taus_src: vec![self.tau; self.n],
                taus_tgt: vec![self.tau; self.m],
                leads_src: leads(self.n),
                leads_tgt: leads(self.m),
            }
        }

        /// The marks of one side's null marginals, as the trail assumes.
        fn mark(&self, v: &[f64]) -> Vec<f64> {
            v.iter()
                .enumerate()
                .map(|(i, &p)| {
                    if p >= self.tau && !(self.lead)(i) {
                        self.bonus
                    } else {
                        0.0
                    }
                })
                .collect()
        }

        /// The guided search with sums.
        fn first(&self, model: &mut impl BeadCost, s: &mut Scratch) -> Vec<PathBead> {
            let (n, m) = (self.n, self.m);
            best_path(
                model,
                &self.kinds,
                (n, m),
                Some(&self.guide),
                self.params,
                true,
                s,
            )
            .unwrap()
        }

        /// The search again of every sentence with `inner` favouring the
        /// marked ones.
        fn again(
            &self,
            inner: &impl BeadCost,
            (src, tgt): (Vec<f64>, Vec<f64>),
            s: &mut Scratch,
        ) -> Vec<PathBead> {
            let (n, m) = (self.n, self.m);
            let favoured = FavourNulls {
                inner,
                src,
                tgt,
                kinds: &self.kinds,
            };
            search_again(&favoured, &self.kinds, (n, m), self.params, (0..n, 0..m), s).unwrap()
        }
    }

    #[test]
    fn the_favoured_backward_sums_computed_ahead_are_those_of_the_search_again() {
        // A guided search with sums that widens, its null marginals marking
        // sentences, then a favoured search again over every sentence under
        // the second model: with the search again's backward sums computed
        // during the first backward sweep (a `Trail`), the path, sums,
        // posteriors and null marginals are those of the search again's own
        // backward sweep, to the bit.
        let w = FavouredWindow::new(|i| i % 7 == 3);
        assert_eq!(w.kinds, TWO_KINDS);
        let run = |ahead: bool| {
            let mut s = Scratch {
                tail_bytes: Some(0),
                ..Scratch::default()
            };
            if ahead {
                s.trail = Some(w.trail());
            }
            let first = w.first(&mut TwoModels, &mut s);
            let (src, tgt) = (w.mark(&s.null_src), w.mark(&s.null_tgt));
            assert!(src.iter().chain(&tgt).any(|&b| b != 0.0));
            let nulls = (s.null_src.clone(), s.null_tgt.clone());
            s.keep_favoured(&src, &tgt);
            assert_eq!(s.favoured.is_some(), ahead);
            let again = w.again(&Second, (src, tgt), &mut s);
            (
                beads(&first),
                beads(&again),
                [&nulls.0, &nulls.1, &s.fwd, &s.bwd, &s.null_src, &s.null_tgt].map(|v| bits(v)),
            )
        };
        let plain = run(false);
        let ahead = run(true);
        assert_ne!(plain.0, plain.1);
        assert_eq!(plain, ahead);
        // Other marks than those assumed: the sums ahead are given back.
        let mut s = Scratch {
            tail_bytes: Some(0),
            trail: Some(w.trail()),
            ..Scratch::default()
        };
        w.first(&mut TwoModels, &mut s);
        assert!(s.favoured.is_some());
        s.keep_favoured(&vec![0.0; w.n], &vec![0.0; w.m]);
        assert!(s.favoured.is_none());
    }

    /// [`TwoModels`], which gives back its beads as the search says it may
    /// ([`BeadCost::release_from`]) and fails the test if asked for one
    /// after that (until prepared again).
    struct Forgetful {
        from: std::sync::atomic::AtomicUsize,
        releases: std::sync::atomic::AtomicUsize,
    }

    impl Forgetful {
        fn new() -> Self {
            Forgetful {
                from: usize::MAX.into(),
                releases: 0.into(),
            }
        }

        fn check(&self, kind: usize, i1: usize) {
            let k = TWO_KINDS[kind];
            let from = self.from.load(std::sync::atomic::Ordering::Relaxed);
            assert!(
                k.src == 0 || k.tgt == 0 || i1 <= from,
                "a bead given back was asked for"
            );
        }
    }

    impl BeadCost for Forgetful {
        fn prepare(&mut self, _window: &Window, _max_src: usize) {
            *self.from.get_mut() = usize::MAX;
        }

        fn cost(&self, kind: usize, i0: usize, i1: usize, j0: usize, j1: usize) -> f64 {
            self.check(kind, i1);
            TwoModels.cost(kind, i0, i1, j0, j1)
        }

        fn costs(&self, kind: usize, i0: usize, i1: usize, j0: usize, j1: usize) -> (f64, f64) {
            self.check(kind, i1);
            TwoModels.costs(kind, i0, i1, j0, j1)
        }

        fn releasable(&self) -> usize {
            usize::MAX
        }

        fn release_from(&mut self, i: usize) -> bool {
            let from = self.from.get_mut();
            *from = (*from).min(i);
            *self.releases.get_mut() += 1;
            true
        }
    }

    /// The second model of a [`Forgetful`], which checks as it does.
    struct ForgetfulSecond<'a>(&'a Forgetful);

    impl BeadCost for ForgetfulSecond<'_> {
        fn cost(&self, kind: usize, i0: usize, i1: usize, j0: usize, j1: usize) -> f64 {
            self.0.check(kind, i1);
            TwoModels.costs(kind, i0, i1, j0, j1).1
        }
    }

    #[test]
    fn a_search_again_from_stored_costs_needs_no_bead_given_back() {
        // The backward sweep with a trail keeps the second model's costs of
        // the beads with both sides non-empty and has the model give its
        // beads back as it passes them (here whatever their size): the
        // favoured search again reads the kept costs, asks the model for
        // none of those beads, and finds what the search again of a model
        // that gave nothing back finds, to the bit. With other marks (the
        // sums ahead given back), the model is prepared again first.
        let w = FavouredWindow::new(|_| false);
        let run = |give_back: bool, other_marks: bool| {
            let mut model = Forgetful::new();
            let mut s = Scratch {
                trail: Some(w.trail()),
                tail_bytes: Some(0),
                alt_bytes: give_back.then_some(0),
                ..Scratch::default()
            };
            w.first(&mut model, &mut s);
            assert_eq!(
                *model.releases.get_mut() > 0 && s.released.is_some(),
                give_back
            );
            let (mut src, tgt) = (w.mark(&s.null_src), w.mark(&s.null_tgt));
            if other_marks {
                src[0] = w.bonus - src[0];
            }
            s.keep_favoured(&src, &tgt);
            assert_eq!(s.has_favoured(), !other_marks);
            if !s.has_favoured() {
                restore_released(&mut model, &mut s);
            }
            let again = w.again(&ForgetfulSecond(&model), (src, tgt), &mut s);
            (
                beads(&again),
                [&s.fwd, &s.bwd, &s.null_src, &s.null_tgt].map(|v| bits(v)),
            )
        };
        assert_eq!(run(false, false), run(true, false));
        assert_eq!(run(false, true), run(true, true));
    }

    #[test]
    fn the_null_marginals_summed_for_the_marks_are_those_of_the_posteriors() {
        // A backward sweep with a trail sums every sentence's null marginal
        // for its marks; the posteriors take them rather than sum them
        // again: they are those that `null_marginals` sums from the final
        // forward and backward sums, to the bit (leads or none, marks or
        // none), and a search without a trail sums the same.
        for (lead, tau) in [
            ((|_| false) as fn(usize) -> bool, 0.05),
            (|i| i % 7 == 3, 0.05),
            (|_| false, 2.0),
        ] {
            let mut w = FavouredWindow::new(lead);
            w.tau = tau;
            let run = |trail: bool| {
                let mut s = Scratch {
                    tail_bytes: Some(0),
                    trail: trail.then(|| w.trail()),
                    ..Scratch::default()
                };
                let path = w.first(&mut TwoModels, &mut s);
                assert_eq!(s.favoured.is_some(), trail);
                assert!(s.nulls_ahead.is_none());
                let taken = [bits(&s.null_src), bits(&s.null_tgt)];
                let window = s.settled.take().unwrap();
                let z = s.fwd[window.index(w.n, w.m).unwrap()];
                null_marginals(&w.kinds, &window, (w.n, w.m), z, &TwoModels, &mut s);
                assert_eq!(taken, [bits(&s.null_src), bits(&s.null_tgt)]);
                let marked = w.mark(&s.null_src).iter().any(|&b| b != 0.0);
                (beads(&path), taken, marked)
            };
            let (plain, ahead) = (run(false), run(true));
            assert_eq!(plain, ahead);
            assert_eq!(ahead.2, tau < 1.0);
        }
    }

    #[test]
    fn a_run_of_stored_costs_is_each_beads_stored_cost() {
        // The second model's costs kept by a backward sweep with a trail,
        // read a run at a time: each bead's value is the one
        // `Stored::cost` gives, to the bit, inside the kept run and past
        // either of its ends (where the inner model answers), for every
        // row and shape of the settled window, into every other place.
        let w = FavouredWindow::new(|_| false);
        let mut s = Scratch {
            trail: Some(w.trail()),
            tail_bytes: Some(0),
            ..Scratch::default()
        };
        w.first(&mut TwoModels, &mut s);
        let window = s.settled.as_ref().unwrap();
        let alt = &s.favoured.as_ref().unwrap().alt;
        assert!(!alt.blocks.is_empty());
        let (slots, width) = paired_kinds(&w.kinds);
        let stored = Stored {
            inner: &Second,
            window,
            kinds: &w.kinds,
            n: w.n,
            m: w.m,
            max_side: w.params.max_side,
            slots,
            width,
            alt,
        };
        let (mut kept, mut outside) = (0, 0);
        for i0 in 0..=w.n {
            for (k, kind) in w.kinds.iter().enumerate() {
                let last = (w.m + 1).saturating_sub(kind.tgt);
                if i0 + kind.src > w.n || last == 0 {
                    continue;
                }
                let run = paired_run(window, (w.n, w.m), *kind, w.params.max_side, i0);
                let (lo, hi) = (run.start.saturating_sub(3), (run.end + 3).min(last));
                if lo >= hi {
                    continue;
                }
                let mut got = vec![f64::NAN; 2 * (hi - lo)];
                let (a, b) = (kind.src, kind.tgt);
                stored.cost_run(k, (i0, i0 + a), b, lo..hi, Strided::new(&mut got, 2));
                let want: Vec<f64> = (lo..hi)
                    .map(|j0| stored.cost(k, i0, i0 + a, j0, j0 + b))
                    .collect();
                let got: Vec<f64> = got.iter().step_by(2).copied().collect();
                assert_eq!(bits(&got), bits(&want), "row {i0}, shape {kind:?}");
                if a > 0 && b > 0 {
                    kept += run.len();
                    outside += hi - lo - run.len();
                }
            }
        }
        assert!(
            kept > 1000 && outside > 1000,
            "{kept} kept, {outside} outside"
        );
    }

    /// Parameters of a search of the whole grid (no guide).
    const WHOLE_GRID: Params = Params {
        max_side: usize::MAX,
        width: 1,
        max_width: 1,
        max_cells: 0,
        everywhere: false,
    };

    /// Costs that make every path likely: a small grid whose null marginals
    /// can be checked against all its paths, one by one.
    struct Varied;

    impl BeadCost for Varied {
        fn cost(&self, kind: usize, i0: usize, i1: usize, j0: usize, j1: usize) -> f64 {
            0.3 * kind as f64 + 0.1 * (i0 + 2 * i1) as f64 - 0.2 * (j0 + j1) as f64
        }
    }

    /// Adds to `(total, null_src, null_tgt)` the probabilities of all paths
    /// from (i, j) to (n, m), the path so far having cost `spent` and
    /// leaving alone the sentences in `alone`.
    fn enumerate(
        kinds: &[BeadKind],
        (i, j): (usize, usize),
        (n, m): (usize, usize),
        spent: f64,
        alone: &mut Vec<(bool, usize)>,
        sums: &mut (f64, Vec<f64>, Vec<f64>),
    ) {
        if (i, j) == (n, m) {
            let p = (-spent).exp();
            sums.0 += p;
            for &(src, k) in alone.iter() {
                if src { sums.1[k] += p } else { sums.2[k] += p }
            }
            return;
        }
        for (k, kind) in kinds.iter().enumerate() {
            let (ni, nj) = (i + kind.src, j + kind.tgt);
            if ni > n || nj > m {
                continue;
            }
            let c = Varied.cost(k, i, ni, j, nj);
            let null = match (kind.src, kind.tgt) {
                (1, 0) => Some((true, i)),
                (0, 1) => Some((false, j)),
                _ => None,
            };
            alone.extend(null);
            enumerate(kinds, (ni, nj), (n, m), spent + c, alone, sums);
            if null.is_some() {
                alone.pop();
            }
        }
    }

    #[test]
    fn null_marginals_sum_the_paths_that_leave_a_sentence_alone() {
        let kinds = [
            BeadKind::new(1, 1),
            BeadKind::new(1, 0),
            BeadKind::new(0, 1),
            BeadKind::new(2, 1),
            BeadKind::new(1, 2),
        ];
        let (n, m) = (4, 3);
        let mut sums = (0.0, vec![0.0; n], vec![0.0; m]);
        enumerate(&kinds, (0, 0), (n, m), 0.0, &mut Vec::new(), &mut sums);
        let mut s = Scratch::default();
        let params = WHOLE_GRID;
        best_path(&mut Varied, &kinds, (n, m), None, params, true, &mut s).unwrap();
        for (got, paths) in s.null_src.iter().zip(&sums.1) {
            assert!(
                (got - paths / sums.0).abs() < 1e-9,
                "{got} vs {}",
                paths / sums.0
            );
        }
        for (got, paths) in s.null_tgt.iter().zip(&sums.2) {
            assert!(
                (got - paths / sums.0).abs() < 1e-9,
                "{got} vs {}",
                paths / sums.0
            );
        }
        // Not all trivially zero: some sentence is left alone by a fair
        // share of the paths.
        assert!(s.null_src.iter().chain(&s.null_tgt).any(|&p| p > 0.05));
    }

    #[test]
    fn a_search_again_keeps_the_sums_outside_the_marked_sentences() {
        // A window (guided, or the whole grid) over runs of added
        // sentences, searched with sums; then again with a few sentences
        // favoured in the middle: keeping the forward sums of the cells
        // before them and the backward sums of those after them gives what
        // searching every cell again gives, to the bit.
        let (kinds, n, m, guide, params) = detour_window();
        // Marks on both sides, on the source side only, on the target side
        // only.
        // (sentence, bonus) of each side.
        type Marks = &'static [(usize, f64)];
        let marks: [(Marks, Marks); 3] = [
            (&[(150, 2.5), (170, 1.0)], &[(160, 3.0), (200, 2.0)]),
            (&[(90, 3.0), (120, 3.0)], &[]),
            (&[], &[(300, 3.0)]),
        ];
        for ranges in [Some(&guide[..]), None] {
            for (src_marks, tgt_marks) in marks {
                let mut src = vec![0.0; n];
                let mut tgt = vec![0.0; m];
                src_marks.iter().for_each(|&(i, b)| src[i] = b);
                tgt_marks.iter().for_each(|&(j, b)| tgt[j] = b);
                let span = |v: &[(usize, f64)], len: usize| match (v.first(), v.last()) {
                    (Some(a), Some(b)) => a.0..b.0 + 1,
                    _ => len..len,
                };
                let changed = (span(src_marks, n), span(tgt_marks, m));
                let favoured = super::super::cost::FavourNulls {
                    inner: &Detours,
                    src,
                    tgt,
                    kinds: &kinds,
                };
                let (mut kept, mut whole, mut plain) =
                    (Scratch::default(), Scratch::default(), Scratch::default());
                for s in [&mut kept, &mut whole, &mut plain] {
                    best_path(&mut Detours, &kinds, (n, m), ranges, params, true, s).unwrap();
                }
                let a = search_again(&favoured, &kinds, (n, m), params, changed, &mut kept);
                let b = search_again(&favoured, &kinds, (n, m), params, (0..n, 0..m), &mut whole);
                assert!(a.is_some());
                assert_eq!(a, b);
                assert_eq!(kept.null_src, whole.null_src);
                assert_eq!(kept.null_tgt, whole.null_tgt);
                assert_eq!(kept.fwd, whole.fwd);
                assert_eq!(kept.bwd, whole.bwd);
                // The favoured sentences changed the sums (the test is not
                // empty), and not everywhere (something was kept).
                assert_ne!(plain.fwd, kept.fwd);
                assert_ne!(plain.bwd, kept.bwd);
                assert!(
                    plain
                        .fwd
                        .iter()
                        .zip(&kept.fwd)
                        .any(|(x, y)| x == y && x.is_finite())
                );
                assert!(
                    plain
                        .bwd
                        .iter()
                        .zip(&kept.bwd)
                        .any(|(x, y)| x == y && x.is_finite())
                );
            }
        }
    }

    #[test]
    fn favoured_nulls_take_a_sentence_out_of_its_neighbours_bead() {
        // Source sentence 1 costs a little less merged into a 2-1 bead
        // than alone; a bonus on its 1-0 bead turns the path.
        struct Merge;
        impl BeadCost for Merge {
            fn cost(&self, kind: usize, i0: usize, _i1: usize, j0: usize, _j1: usize) -> f64 {
                match kind {
                    0 if i0 == j0 || (i0 == 2 && j0 == 1) => -2.0,
                    0 => 4.0,
                    3 if i0 == 0 && j0 == 0 => -1.5,
                    1 | 2 => 1.0,
                    _ => 4.0,
                }
            }
        }
        let kinds = [
            BeadKind::new(1, 1),
            BeadKind::new(1, 0),
            BeadKind::new(0, 1),
            BeadKind::new(2, 1),
        ];
        let params = WHOLE_GRID;
        let shape = |p: Vec<PathBead>| -> Vec<(usize, usize, usize, usize)> {
            p.iter().map(|b| (b.i0, b.i1, b.j0, b.j1)).collect()
        };
        let mut s = Scratch::default();
        let plain = best_path(&mut Merge, &kinds, (3, 2), None, params, true, &mut s).unwrap();
        assert_eq!(shape(plain), vec![(0, 2, 0, 1), (2, 3, 1, 2)]);
        let merged = s.null_src[1];
        assert!(merged > 0.0 && merged < 0.5, "{merged}");
        // Source sentence 1's 1-0 bead favoured by 2 nats.
        let favour = || super::super::cost::FavourNulls {
            inner: &Merge,
            src: vec![0.0, 2.0, 0.0],
            tgt: vec![0.0, 0.0],
            kinds: &kinds,
        };
        let favoured = favour();
        let again = search_again(&favoured, &kinds, (3, 2), params, (1..2, 2..2), &mut s).unwrap();
        assert_eq!(
            shape(again.clone()),
            vec![(0, 1, 0, 1), (1, 2, 1, 1), (2, 3, 1, 2)]
        );
        assert!(s.null_src[1] > merged);
        // The same as searching the whole grid afresh with those costs.
        let mut fresh = Scratch::default();
        let mut whole = favour();
        let afresh = best_path(&mut whole, &kinds, (3, 2), None, params, true, &mut fresh).unwrap();
        assert_eq!(afresh, again);
        assert_eq!(
            afresh,
            search_again(&favoured, &kinds, (3, 2), params, (0..3, 0..2), &mut s).unwrap()
        );
    }
}
