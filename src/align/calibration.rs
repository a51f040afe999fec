//! Turning a bead's posterior into a probability that the bead is right.
//!
//! The search's posterior (the share of all alignments' probability that
//! passes through a bead) is a probability under the cost model, and the
//! model is too sure of some beads and not sure enough of others. Platt
//! scaling fixes the mapping on data: `confidence = σ(slope · logit(p) +
//! intercept)`, fitted by logistic regression of "the bead equals a gold
//! bead" on the logit of the posterior. `examples/calibrate.rs` fits it on
//! MAC-Dev and writes `data/calibration.tsv`, which is embedded here.

use crate::error::{Error, Result};

/// A monotone map from posteriors to calibrated probabilities.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calibration {
    /// Multiplies the logit of the posterior (below 1: the model is
    /// over-confident; above 1: under-confident).
    pub slope: f64,
    /// Added to the scaled logit.
    pub intercept: f64,
}

/// Posteriors are clamped to `[EPS, 1 − EPS]` before taking logits.
const EPS: f64 = 1e-6;

fn logit(p: f64) -> f64 {
    let p = p.clamp(EPS, 1.0 - EPS);
    (p / (1.0 - p)).ln()
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// The fitted constants (see `examples/calibrate.rs`).
const FITTED: &str = include_str!("../../data/calibration.tsv");

impl Calibration {
    /// Leaves posteriors as they are.
    pub const IDENTITY: Calibration = Calibration {
        slope: 1.0,
        intercept: 0.0,
    };

    /// The calibrated probability of a bead whose posterior is `p`.
    ///
    /// ```
    /// use bitext::align::Calibration;
    /// let c = Calibration { slope: 0.5, intercept: 0.0 };
    /// assert!((c.apply(0.5) - 0.5).abs() < 1e-12);
    /// assert!(c.apply(0.99) < 0.99 && c.apply(0.99) > 0.9);
    /// assert_eq!(Calibration::IDENTITY.apply(0.25), 0.25);
    /// ```
    pub fn apply(&self, p: f64) -> f64 {
        if *self == Calibration::IDENTITY {
            return p;
        }
        sigmoid(self.slope * logit(p) + self.intercept)
    }

    /// Fits slope and intercept to `(posterior, correct)` samples by
    /// logistic regression (Newton's method, a tiny ridge for stability).
    /// Returns the identity when there is nothing to fit.
    pub fn fit(samples: &[(f64, bool)]) -> Calibration {
        if samples.is_empty() {
            return Calibration::IDENTITY;
        }
        let (mut a, mut b) = (1.0f64, 0.0f64);
        for _ in 0..100 {
            // Gradient and Hessian of the negative log-likelihood.
            let (mut ga, mut gb, mut haa, mut hab, mut hbb) = (1e-6 * a, 1e-6 * b, 1e-6, 0.0, 1e-6);
            for &(p, y) in samples {
                let x = logit(p);
                let q = sigmoid(a * x + b);
                let r = q - if y { 1.0 } else { 0.0 };
                let w = (q * (1.0 - q)).max(1e-12);
                ga += r * x;
                gb += r;
                haa += w * x * x;
                hab += w * x;
                hbb += w;
            }
            let det = haa * hbb - hab * hab;
            if det.abs() < 1e-18 {
                break;
            }
            let da = (hbb * ga - hab * gb) / det;
            let db = (haa * gb - hab * ga) / det;
            a -= da;
            b -= db;
            if da.abs() < 1e-10 && db.abs() < 1e-10 {
                break;
            }
        }
        Calibration {
            slope: a,
            intercept: b,
        }
    }

    /// Parses the calibration table: `#` comments, a header line, then
    /// `model TAB slope TAB intercept` lines.
    pub fn parse_table(text: &str) -> Result<Vec<(String, Calibration)>> {
        let mut out = Vec::new();
        for (k, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with("model\t") {
                continue;
            }
            let bad = || Error::Config(format!("calibration table line {}: '{line}'", k + 1));
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 3 {
                return Err(bad());
            }
            let num = |s: &str| s.parse::<f64>().ok().filter(|x| x.is_finite());
            let (Some(slope), Some(intercept)) = (num(f[1]), num(f[2])) else {
                return Err(bad());
            };
            out.push((f[0].to_string(), Calibration { slope, intercept }));
        }
        Ok(out)
    }

    /// The fitted calibration of a model named in `data/calibration.tsv`
    /// (`full` or `core`); the identity if it is not there.
    pub fn fitted(model: &str) -> Calibration {
        Calibration::fitted_row(model).unwrap_or(Calibration::IDENTITY)
    }

    /// The row named `name` of `data/calibration.tsv`, if it is there
    /// (`full-empty`: the full model's beads with an empty side).
    pub fn fitted_row(name: &str) -> Option<Calibration> {
        Calibration::parse_table(FITTED)
            .ok()
            .and_then(|t| t.into_iter().find(|(m, _)| m == name))
            .map(|(_, c)| c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_recovers_a_known_map() {
        // Beads whose posterior is p are right with probability σ(0.5·logit(p) + 0.3).
        let truth = Calibration {
            slope: 0.5,
            intercept: 0.3,
        };
        let mut samples = Vec::new();
        for k in 1..100 {
            let p = k as f64 / 100.0;
            let q = truth.apply(p);
            // 1,000 beads at p, of which round(1000 q) are right.
            let right = (1000.0 * q).round() as usize;
            samples.extend((0..1000).map(|n| (p, n < right)));
        }
        let c = Calibration::fit(&samples);
        assert!((c.slope - 0.5).abs() < 0.01, "{c:?}");
        assert!((c.intercept - 0.3).abs() < 0.01, "{c:?}");
    }

    #[test]
    fn the_embedded_table_parses() {
        let t = Calibration::parse_table(FITTED).expect("data/calibration.tsv");
        assert!(t.iter().any(|(m, _)| m == "full"));
        assert!(Calibration::fitted_row("full-empty").is_some());
        assert!(Calibration::fitted_row("no such model").is_none());
        assert!(Calibration::parse_table("model\tslope\tintercept\nfull\tx\t1\n").is_err());
    }
}
