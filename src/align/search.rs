//! The dynamic-programming search over a band around the diagonal.
//!
//! The band follows the *length diagonal*: for source prefix `i`, the target
//! prefix whose share of the total target length equals the source prefix's
//! share of the total source length. This tracks documents whose sentence
//! counts differ (Chinese split finer or coarser than English) far better
//! than the count diagonal. The band starts at ±`min_band` sentences and is
//! doubled, and the search redone, whenever the best path comes close to its
//! edge, so time and memory stay linear in the document length when the
//! translation is faithful and grow only where it is not.
//!
//! One forward pass computes both the best path (min-cost, Viterbi) and the
//! total over all paths (log-sum-exp); a backward pass gives the total from
//! each cell to the end. A bead's confidence is its posterior probability:
//! the share of all alignments' probability mass that goes through it.

use super::cost::{BeadKind, Scorer};

/// Rows of the band: for each source prefix `i`, the target prefixes
/// `lo[i]..=hi[i]` that are searched, stored flat.
struct Band {
    lo: Vec<usize>,
    hi: Vec<usize>,
    offset: Vec<usize>,
}

impl Band {
    /// A band of `half_width` around per-row centre ranges `(min_j, max_j)`.
    fn around(centres: &[(usize, usize)], half_width: usize, m: usize) -> Self {
        let n = centres.len() - 1;
        let mut lo = Vec::with_capacity(n + 1);
        let mut hi = Vec::with_capacity(n + 1);
        let mut offset = Vec::with_capacity(n + 2);
        offset.push(0);
        for (i, &(a, b)) in centres.iter().enumerate() {
            let l = if i == 0 { 0 } else { a.saturating_sub(half_width) };
            let h = if i == n { m } else { (b + half_width).min(m) };
            lo.push(l);
            hi.push(h);
            offset.push(offset[i] + (h - l + 1));
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
            let j = b.j0 + (b.j1 - b.j0) * (i - b.i0) / (b.i1 - b.i0);
            mark(i, j);
        }
    }
    c
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

/// Finds the best path through the band, widening it as needed.
pub(crate) fn best_path(
    scorer: &mut Scorer<'_>,
    kinds: &[BeadKind],
    src_prefix: &[f64],
    tgt_prefix: &[f64],
    min_band: usize,
) -> Option<Vec<PathBead>> {
    let n = src_prefix.len() - 1;
    let m = tgt_prefix.len() - 1;
    let mut half_width = min_band.max(1);
    let mut centres = length_diagonal(src_prefix, tgt_prefix);
    let mut rounds = 0;
    loop {
        let band = Band::around(&centres, half_width, m);
        let (path, touches_edge) = search(scorer, kinds, &band, n, m);
        let full = half_width >= n.max(m);
        if std::env::var_os("BITEXT_DEBUG").is_some() {
            eprintln!("band ±{half_width}: {} cells, path {}, touches edge {touches_edge}", band.cells(), path.is_some());
        }
        if full || (path.is_some() && !touches_edge) {
            // With the whole grid searched, `None` means the bead shapes
            // cannot reach (n, m) at all.
            return path;
        }
        // Re-centre the band on the path found, which knows more about where
        // the translation drifts than the length diagonal; widen it every
        // other round so that the search ends.
        rounds += 1;
        match path {
            Some(p) => centres = path_centres(&p, n),
            None => rounds = 0,
        }
        if rounds % 2 == 0 {
            half_width = (half_width * 2).min(n.max(m).max(1));
        }
    }
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
/// whether it runs within a few sentences of the band's edge.
fn search(
    scorer: &mut Scorer<'_>,
    kinds: &[BeadKind],
    band: &Band,
    n: usize,
    m: usize,
) -> (Option<Vec<PathBead>>, bool) {
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
                let Some(prev) = band.index(pi, pj) else { continue };
                if fwd[prev] == f64::INFINITY {
                    continue;
                }
                let c = scorer.cost(k, pi, i, pj, j);
                let through = best[prev] + c;
                // Ties go to the earlier kind in the table: deterministic.
                if through < b {
                    b = through;
                    arg = k as u8;
                }
                f = log_add(f, fwd[prev] + c);
            }
            best[here] = b;
            back[here] = arg;
            fwd[here] = f;
        }
    }
    let Some(end) = band.index(n, m).filter(|&e| back[e] != NONE || (n == 0 && m == 0)) else {
        return (None, true);
    };
    // Backward totals: cost of all paths from each cell to (n, m).
    let mut bwd = vec![f64::INFINITY; cells];
    bwd[end] = 0.0;
    for i in (0..=n).rev() {
        for j in (band.lo[i]..=band.hi[i]).rev() {
            let here = band.offset[i] + j - band.lo[i];
            if here == end || fwd[here] == f64::INFINITY {
                continue;
            }
            let mut total = f64::INFINITY;
            for (k, kind) in kinds.iter().enumerate() {
                let (ni, nj) = (i + kind.src, j + kind.tgt);
                if ni > n || nj > m {
                    continue;
                }
                let Some(next) = band.index(ni, nj) else { continue };
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
    let mut touches = false;
    let margin = 2;
    while i > 0 || j > 0 {
        let here = band.index(i, j).expect("path cells lie in the band");
        if (band.lo[i] > 0 && j < band.lo[i] + margin) || (band.hi[i] < m && j + margin > band.hi[i]) {
            touches = true;
        }
        let kind = kinds[back[here] as usize];
        let (pi, pj) = (i - kind.src, j - kind.tgt);
        let prev = band.index(pi, pj).expect("predecessor lies in the band");
        let cost = best[here] - best[prev];
        let posterior = (-(fwd[prev] + cost + bwd[here] - z)).exp().clamp(0.0, 1.0);
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
