//! The dynamic-programming search over a band around the diagonal.
//!
//! The band follows a centre line: the *length diagonal* for the length-only
//! model (for source prefix `i`, the target prefix whose share of the total
//! target length equals the source prefix's share of the total source
//! length), the skeleton of sure pairs (`anchors.rs`) for the lexical model,
//! or the previous pass's path. The band starts at ±`min_band` sentences;
//! whenever the best path comes close to its edge, the band moves onto the
//! path and grows by half (lexical model, up to eight times) or doubles, and
//! the search is redone. Time and memory stay linear in the document length
//! when the translation is faithful and grow only where it is not.
//!
//! One forward pass computes both the best path (min-cost, Viterbi) and the
//! total over all paths (log-sum-exp); a backward pass gives the total from
//! each cell to the end. A bead's confidence is its posterior probability:
//! the share of all alignments' probability mass that goes through it.

use super::cost::{BeadKind, Scorer};
use super::pairs::PairTable;

/// Rows of the band: for each source prefix `i`, the target prefixes
/// `lo[i]..=hi[i]` that are searched, stored flat.
struct Band {
    lo: Vec<usize>,
    hi: Vec<usize>,
    offset: Vec<usize>,
}

impl Band {
    /// A band of `half_width` around per-row centre ranges `(min_j, max_j)`.
    ///
    /// Rows are then joined up: each row reaches at least as far as the row
    /// before it and starts no later than that row ends, so a path of
    /// 1-0 and 0-1 beads always leads from (0, 0) to (n, m) however steeply
    /// the centre line jumps. A jump adds at most its own length in cells.
    fn around(centres: &[(usize, usize)], half_width: usize, m: usize) -> Self {
        let n = centres.len() - 1;
        let mut lo = Vec::with_capacity(n + 1);
        let mut hi: Vec<usize> = Vec::with_capacity(n + 1);
        for (i, &(a, b)) in centres.iter().enumerate() {
            let mut l = if i == 0 {
                0
            } else {
                a.saturating_sub(half_width)
            };
            let mut h = if i == n { m } else { (b + half_width).min(m) };
            if let Some(&prev_hi) = hi.last() {
                l = l.min(prev_hi);
                h = h.max(prev_hi);
            }
            lo.push(l);
            hi.push(h);
        }
        let mut offset = Vec::with_capacity(n + 2);
        offset.push(0);
        for i in 0..=n {
            offset.push(offset[i] + (hi[i] - lo[i] + 1));
        }
        Band { lo, hi, offset }
    }

    fn cells(&self) -> usize {
        *self.offset.last().unwrap_or(&0)
    }

    #[inline]
    fn index(&self, i: usize, j: usize) -> Option<usize> {
        (j >= self.lo[i] && j <= self.hi[i]).then(|| self.offset[i] + j - self.lo[i])
    }
}

/// The length diagonal: for each source prefix, the target prefix with the
/// same share of the total length.
fn length_diagonal(src_prefix: &[f64], tgt_prefix: &[f64]) -> Vec<(usize, usize)> {
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

/// A bead of the best path, as found by the search.
pub(crate) struct PathBead {
    pub i0: usize,
    pub i1: usize,
    pub j0: usize,
    pub j1: usize,
    pub cost: f64,
    pub posterior: f64,
}

const NONE: u8 = u8::MAX;

/// Finds the best path through the band. While the path runs along the
/// band's edge, the band either moves onto the path (with `follow_path`, up to
/// [`MAX_MOVES`] times) or doubles its width around the same centre line.
/// Following the path is fast but trusts it: with a length-only model the
/// path can settle on a wrong offset and stop touching the edge, so only the
/// lexical model follows it (see `RESULTS.md`).
pub(crate) fn best_path(
    scorer: &mut Scorer<'_>,
    kinds: &[BeadKind],
    min_band: usize,
    max_band: usize,
    follow_path: bool,
    start: Option<Vec<PathBead>>,
    posteriors: bool,
) -> Option<Vec<PathBead>> {
    let (src_prefix, tgt_prefix) = scorer.prefixes();
    let (src_prefix, tgt_prefix) = (src_prefix.to_vec(), tgt_prefix.to_vec());
    let n = src_prefix.len() - 1;
    let m = tgt_prefix.len() - 1;
    // The whole grid, or the cap on the band.
    let limit = n.max(m).clamp(1, max_band.max(1));
    let mut width = min_band.clamp(1, limit);
    let mut centres = if let Some(p) = start {
        path_centres(&p, n)
    } else if follow_path {
        let (sf, tf) = scorer.feats();
        let sure = super::anchors::skeleton(sf, tf);
        super::anchors::centres(&sure, n, m)
    } else {
        length_diagonal(&src_prefix, &tgt_prefix)
    };
    let mut moves = 0;
    loop {
        let band = Band::around(&centres, width, m);
        let (path, touched) = search(scorer, kinds, &band, n, m, false);
        let full = width >= limit;
        if full || (path.is_some() && touched.is_empty()) {
            // With the whole grid (or the widest band allowed) searched,
            // `None` means the bead shapes cannot reach (n, m) at all.
            path.as_ref()?;
            if !posteriors {
                return path;
            }
            // The band is settled: search it once more, now also summing
            // over all paths for the posteriors.
            return search(scorer, kinds, &band, n, m, true).0;
        }
        match path {
            // With lexical evidence the path is reliable enough to follow:
            // move the band onto it, half as wide again, a few times.
            Some(p) if follow_path && moves < MAX_MOVES => {
                centres = path_centres(&p, n);
                width = (width * 3 / 2).min(limit);
                moves += 1;
            }
            // Otherwise widen the band around the same centre line.
            _ => width = (width * 2).min(limit),
        }
    }
}

/// How many times the band may move onto the last path before it widens.
const MAX_MOVES: usize = 8;

/// The rows a path passes through: for each source prefix, the least and
/// greatest target prefix of the path there (interpolated inside beads that
/// span several source sentences).
fn path_centres(path: &[PathBead], n: usize) -> Vec<(usize, usize)> {
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

fn log_add(a: f64, b: f64) -> f64 {
    // -ln(e^-a + e^-b), for costs (negative logs).
    if a == f64::INFINITY {
        return b;
    }
    if b == f64::INFINITY {
        return a;
    }
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    lo - (-(hi - lo)).exp().ln_1p()
}

/// One search in a fixed band. Returns the path (if (n, m) was reached) and
/// the rows where it runs within a few sentences of the band's edge.
fn search(
    scorer: &mut Scorer<'_>,
    kinds: &[BeadKind],
    band: &Band,
    n: usize,
    m: usize,
    posteriors: bool,
) -> (Option<Vec<PathBead>>, Vec<usize>) {
    if scorer.uses_pairs() {
        let max_src = kinds.iter().map(|k| k.src).max().unwrap_or(1).max(1);
        let (lo, hi): (Vec<usize>, Vec<usize>) = (0..n)
            .map(|i| {
                let first = (i + 1).saturating_sub(max_src);
                let lo = (first..=i).map(|r| band.lo[r]).min().unwrap_or(0);
                let hi = (i + 1..=(i + max_src).min(n))
                    .map(|r| band.hi[r])
                    .max()
                    .unwrap_or(m);
                (lo, hi.max(lo))
            })
            .unzip();
        let (sf, tf) = scorer.feats();
        let table = PairTable::build(sf, tf, lo, hi, !scorer.names_on_tgt());
        scorer.pairs = table;
    }
    let cells = band.cells();
    let mut best = vec![f64::INFINITY; cells];
    let mut back = vec![NONE; cells];
    let mut fwd = vec![f64::INFINITY; cells];
    best[0] = 0.0;
    fwd[0] = 0.0;
    for i in 0..=n {
        for j in band.lo[i]..=band.hi[i] {
            let here = band.offset[i] + j - band.lo[i];
            if i == 0 && j == 0 {
                continue;
            }
            let (mut b, mut arg, mut f) = (f64::INFINITY, NONE, f64::INFINITY);
            for (k, kind) in kinds.iter().enumerate() {
                if kind.src > i || kind.tgt > j {
                    continue;
                }
                let (pi, pj) = (i - kind.src, j - kind.tgt);
                let Some(prev) = band.index(pi, pj) else {
                    continue;
                };
                if best[prev] == f64::INFINITY {
                    continue;
                }
                let c = scorer.cost(k, pi, i, pj, j);
                let through = best[prev] + c;
                // Ties go to the earlier kind in the table: deterministic.
                if through < b {
                    b = through;
                    arg = k as u8;
                }
                if posteriors {
                    f = log_add(f, fwd[prev] + c);
                }
            }
            best[here] = b;
            back[here] = arg;
            fwd[here] = f;
        }
    }
    let Some(end) = band
        .index(n, m)
        .filter(|&e| back[e] != NONE || (n == 0 && m == 0))
    else {
        return (None, Vec::new());
    };
    // Backward totals: cost of all paths from each cell to (n, m).
    let mut bwd = vec![f64::INFINITY; cells];
    bwd[end] = 0.0;
    for i in (0..=n).rev().filter(|_| posteriors) {
        for j in (band.lo[i]..=band.hi[i]).rev() {
            let here = band.offset[i] + j - band.lo[i];
            if here == end || best[here] == f64::INFINITY {
                continue;
            }
            let mut total = f64::INFINITY;
            for (k, kind) in kinds.iter().enumerate() {
                let (ni, nj) = (i + kind.src, j + kind.tgt);
                if ni > n || nj > m {
                    continue;
                }
                let Some(next) = band.index(ni, nj) else {
                    continue;
                };
                if bwd[next] == f64::INFINITY {
                    continue;
                }
                total = log_add(total, scorer.cost(k, i, ni, j, nj) + bwd[next]);
            }
            bwd[here] = total;
        }
    }
    let z = fwd[end];
    let mut path = Vec::new();
    let (mut i, mut j) = (n, m);
    let mut touches = Vec::new();
    let margin = 2;
    while i > 0 || j > 0 {
        let here = band.index(i, j).expect("path cells lie in the band");
        if (band.lo[i] > 0 && j < band.lo[i] + margin)
            || (band.hi[i] < m && j + margin > band.hi[i])
        {
            touches.push(i);
        }
        let kind = kinds[back[here] as usize];
        let (pi, pj) = (i - kind.src, j - kind.tgt);
        let prev = band.index(pi, pj).expect("predecessor lies in the band");
        let cost = best[here] - best[prev];
        let posterior = if posteriors {
            (-(fwd[prev] + cost + bwd[here] - z)).exp().clamp(0.0, 1.0)
        } else {
            0.0
        };
        path.push(PathBead {
            i0: pi,
            i1: i,
            j0: pj,
            j1: j,
            cost,
            posterior,
        });
        i = pi;
        j = pj;
    }
    path.reverse();
    (Some(path), touches)
}
