//! The model that turns components and flags into a score.
//!
//! A model is one or more logistic sub-models over the features of
//! [`features`], each with the logit `zₖ = bₖ + Σ wₖᵢ xᵢ` and the
//! probability `pₖ = 1 / (1 + exp(−zₖ))` that the segment has not the
//! defect it detects. They combine into a probability `P` in one of two
//! ways: the product `P = Π pₖ` (a noisy-OR of defects), or, with a
//! temperature `t` ([`Weights::temperature`]), the probability of the soft
//! minimum of their logits, `m = −t · ln Σ exp(−zₖ / t)` (about the lowest
//! logit: the worst defect decides), times the probabilities of the
//! sub-models marked as factors ([`SubModel::factor`]). An optional
//! calibration maps `P` to the score, `s = 1 / (1 + exp(−(a · ln P − b ·
//! ln(1 − P) + c)))` with `a > 0`, `b ≥ 0` (Platt scaling on `ln P` when
//! `b = 0`, beta calibration otherwise; monotone, so it changes no
//! ranking), and a segment with an `error` flag of a kind the model counts
//! gets `min(f · s, m)`, `f` the error factor and `m` the error cap (both 1
//! when absent).
//!
//! Chinese→English (`data/quality-weights.tsv`, since session 23): one
//! sub-model per corruption kind of the benchmark (misalignment, omission,
//! number, name, untranslated, truncated), each fitted by logistic
//! regression on that kind's corruptions against clean pairs, then each
//! one's logit scaled and shifted by a joint fit on the combined score so
//! that they compare in the soft minimum (`t` = 0.25); a bead sub-model on
//! the aligner's confidence and the bead's shape alone, fitted on aligned
//! beads against the gold, is a factor (a property of the alignment, not a
//! defect of the translation: inside the minimum its constant logit for
//! pre-aligned pairs would tie every good pair). The beta calibration is
//! fitted on the training draws with each clean pair weighing 3 (a prior
//! of three sound pairs to one corrupted), so the score reads as the
//! probability that a pair is sound in a mostly clean release; the error
//! cap 0.45 keeps every segment with an error flag at or below 0.45.
//! Session 22's product of the seven sub-models let the sound sub-models'
//! small doubts add up on clean pairs and rank them below dropped clauses
//! (held-out omission ROC AUC 0.949 against 0.951 now; RESULTS.md,
//! session 23); one logistic over every component and flag count, fitted
//! on every kind at once (sessions 9–21), diluted one defect's evidence in
//! the others' (0.944).
//!
//! English→Chinese (`data/quality-weights-en-zh.tsv`): one logistic model,
//! fitted on human judgements (logistic regression), no error factor.
//!
//! The weights are fitted by `examples/fit_quality.rs`
//! (`scripts/fit-quality.sh`) and embedded at build time.

use super::{Components, Flag, FlagKind, Severity};
use crate::lang::Lang;
use std::sync::OnceLock;

/// The names of the model's features, in the order of [`features`].
pub const FEATURES: &[&str] = &[
    "coverage_src",
    "coverage_tgt",
    "coverage_min",
    "length",
    "completeness",
    "anchors",
    "names",
    "script",
    "confidence",
    "shape",
    "fullness",
    "uncovered",
    "anchored",
    "brevity",
    "name_swap",
    "name_sound",
    "intact_edges",
    "error_flags",
    "warning_flags",
    "omission_flags",
    "number_flags",
    "name_flags",
    "untranslated_flags",
    "misalignment_flags",
    "length_flags",
    "punctuation_flags",
];

/// The flag kinds that have a feature of their own (after the error and
/// warning counts), in the order of [`FEATURES`]; `omission_flags` counts
/// additions too.
const KIND_FEATURES: &[&[FlagKind]] = &[
    &[FlagKind::Omission, FlagKind::Addition],
    &[FlagKind::NumberMismatch],
    &[FlagKind::NameMismatch],
    &[FlagKind::Untranslated],
    &[FlagKind::Misalignment],
    &[FlagKind::LengthRatio],
    &[FlagKind::Punctuation],
];

/// Whether a feature measures goodness (its weight is held ≥ 0) rather
/// than counting flags (held ≤ 0).
pub fn is_goodness(feature: &str) -> bool {
    !feature.ends_with("_flags")
}

/// The feature vector of a segment: its components, the smaller of the two
/// coverages, the number of error flags and the number of flags of warning
/// severity or worse (so that, both weights being ≤ 0, an error never
/// weighs less than a warning, whatever the fit), and the number of
/// flags of each kind (inconsistency and terminology left out: they say how
/// the segment fits the document or the glossary, not whether it
/// translates its source). Counts stop at 3.
pub fn features(c: &Components, flags: &[Flag]) -> Vec<f64> {
    let count = |sev: Severity| {
        flags
            .iter()
            .filter(|f| f.severity >= sev && is_counted(f.kind))
            .count()
            .min(3) as f64
    };
    let mut x = vec![
        c.coverage_src,
        c.coverage_tgt,
        c.coverage_src.min(c.coverage_tgt),
        c.length,
        c.completeness,
        c.anchors,
        c.names,
        c.script,
        c.confidence,
        c.shape,
        c.fullness,
        c.uncovered,
        c.anchored,
        c.brevity,
        c.name_swap,
        c.name_sound,
        c.intact_edges,
        count(Severity::Error),
        count(Severity::Warning),
    ];
    for kinds in KIND_FEATURES {
        x.push(
            flags
                .iter()
                .filter(|f| kinds.contains(&f.kind))
                .count()
                .min(3) as f64,
        );
    }
    x
}

/// One logistic sub-model of [`Weights`]: the probability that a segment
/// has not the defect it detects.
#[derive(Debug, Clone, PartialEq)]
pub struct SubModel {
    /// Its name (the defect it detects; empty for a model of one
    /// sub-model).
    pub name: String,
    /// The intercept.
    pub bias: f64,
    /// One weight per entry of [`FEATURES`].
    pub weights: Vec<f64>,
    /// Whether, when the model takes the soft minimum of its sub-models'
    /// logits ([`Weights::temperature`]), this one stays out of it and
    /// multiplies the result's probability instead (the bead sub-model: a
    /// property of the alignment rather than a defect of the translation).
    pub factor: bool,
}

impl SubModel {
    /// `bias + Σ weight × feature`.
    pub fn logit(&self, x: &[f64]) -> f64 {
        self.bias + self.weights.iter().zip(x).map(|(w, x)| w * x).sum::<f64>()
    }

    /// The sub-model's probability for a feature vector.
    pub fn predict(&self, x: &[f64]) -> f64 {
        1.0 / (1.0 + (-self.logit(x)).exp())
    }
}

/// Weights of the model: its sub-models and its error factor (module
/// documentation).
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    /// The sub-models, whose probabilities multiply.
    pub models: Vec<SubModel>,
    /// The factor a segment with an `error` flag of a counted kind is
    /// multiplied by (1: none).
    pub error_factor: f64,
    /// The score a segment with an `error` flag of a counted kind is held
    /// at or below (1: none).
    pub error_cap: f64,
    /// The calibration of the combined probability `P`, `(a, c)` for
    /// `1 / (1 + exp(-(a · ln P − b · ln(1 − P) + c)))` (`a > 0`, `b` is
    /// [`Weights::calibration_beta`]); `None`: `P` itself.
    pub calibration: Option<(f64, f64)>,
    /// The calibration's `b ≥ 0` (0: Platt scaling on `ln P`; `b > 0`: beta
    /// calibration, which can lift the best segments to near 1).
    pub calibration_beta: f64,
    /// How the sub-models combine: `None`, the product of their
    /// probabilities (noisy-OR); `Some(t)`, the probability of the soft
    /// minimum of their logits, `−t · ln Σ exp(−zₖ / t)` (`t > 0`; the
    /// worst defect decides, the others add a little).
    pub temperature: Option<f64>,
}

/// A sub-model as [`Weights::parse`] reads it: name, bias, weights (by
/// [`FEATURES`] index), factor.
type Parsed = (String, Option<f64>, Vec<Option<f64>>, bool);

const EMBEDDED: &str = include_str!("../../data/quality-weights.tsv");
const EMBEDDED_EN_ZH: &str = include_str!("../../data/quality-weights-en-zh.tsv");

impl Weights {
    /// A model of one logistic sub-model and no error factor.
    pub fn single(bias: f64, weights: Vec<f64>) -> Weights {
        Weights {
            models: vec![SubModel {
                name: String::new(),
                bias,
                weights,
                factor: false,
            }],
            error_factor: 1.0,
            error_cap: 1.0,
            calibration: None,
            calibration_beta: 0.0,
            temperature: None,
        }
    }

    /// The weights fitted by `examples/fit_quality.rs` for a language
    /// pair, parsed once: English→Chinese has its own
    /// (`data/quality-weights-en-zh.tsv`, fitted on human judgements of
    /// English→Chinese translations), every other pair the Chinese→English
    /// ones (`data/quality-weights.tsv`).
    pub fn embedded(src_lang: Lang, tgt_lang: Lang) -> &'static Weights {
        static ZH_EN: OnceLock<Weights> = OnceLock::new();
        static EN_ZH: OnceLock<Weights> = OnceLock::new();
        if (src_lang, tgt_lang) == (Lang::En, Lang::Zh) {
            EN_ZH.get_or_init(|| {
                Weights::parse(EMBEDDED_EN_ZH).expect("data/quality-weights-en-zh.tsv is valid")
            })
        } else {
            ZH_EN.get_or_init(|| {
                Weights::parse(EMBEDDED).expect("data/quality-weights.tsv is valid")
            })
        }
    }

    /// Parses the weights file: `#` comment lines, then `name TAB weight`
    /// lines in any order: for each sub-model `bias` and one line per
    /// feature of [`FEATURES`], the names prefixed with the sub-model's
    /// name and a dot (`omission.bias`, `omission.completeness`; no prefix
    /// for a model of one sub-model); and optionally `error_factor`,
    /// `error_cap` (each in (0, 1]) and the calibration's
    /// `calibration_scale` (> 0) and `calibration_bias` (both or neither).
    pub fn parse(text: &str) -> Result<Weights, String> {
        // (name, bias, weights), in the order the sub-models first appear.
        let mut models: Vec<Parsed> = Vec::new();
        let mut error_factor = 1.0;
        let mut error_cap = 1.0;
        let (mut scale, mut offset) = (None, None);
        let mut beta = 0.0;
        let mut temperature = None;
        for (k, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let (name, value) = line
                .split_once('\t')
                .ok_or_else(|| format!("line {}: expected name TAB weight", k + 1))?;
            let v: f64 = value
                .trim()
                .parse()
                .map_err(|_| format!("line {}: '{value}' is not a number", k + 1))?;
            match name {
                "error_factor" | "error_cap" => {
                    if !(v > 0.0 && v <= 1.0) {
                        return Err(format!("line {}: {name} must be in (0, 1]", k + 1));
                    }
                    if name == "error_factor" {
                        error_factor = v;
                    } else {
                        error_cap = v;
                    }
                    continue;
                }
                "calibration_scale" => {
                    if !(v > 0.0 && v.is_finite()) {
                        return Err(format!("line {}: calibration_scale must be > 0", k + 1));
                    }
                    scale = Some(v);
                    continue;
                }
                "calibration_beta" => {
                    if !(v >= 0.0 && v.is_finite()) {
                        return Err(format!("line {}: calibration_beta must be >= 0", k + 1));
                    }
                    beta = v;
                    continue;
                }
                "combine_temperature" => {
                    if !(v > 0.0 && v.is_finite()) {
                        return Err(format!("line {}: combine_temperature must be > 0", k + 1));
                    }
                    temperature = Some(v);
                    continue;
                }
                "calibration_bias" => {
                    if !v.is_finite() {
                        return Err(format!("line {}: calibration_bias must be finite", k + 1));
                    }
                    offset = Some(v);
                    continue;
                }
                _ => {}
            }
            let (model, feature) = name.rsplit_once('.').unwrap_or(("", name));
            let m = match models.iter().position(|m| m.0 == model) {
                Some(m) => m,
                None => {
                    models.push((model.to_string(), None, vec![None; FEATURES.len()], false));
                    models.len() - 1
                }
            };
            if feature == "bias" {
                models[m].1 = Some(v);
            } else if feature == "factor" {
                models[m].3 = v != 0.0;
            } else if let Some(i) = FEATURES.iter().position(|f| *f == feature) {
                models[m].2[i] = Some(v);
            } else {
                return Err(format!("line {}: unknown feature '{feature}'", k + 1));
            }
        }
        if models.is_empty() {
            return Err("no weights".into());
        }
        let models = models
            .into_iter()
            .map(|(name, bias, weights, factor)| {
                let weights = weights
                    .into_iter()
                    .zip(FEATURES)
                    .map(|(w, f)| w.ok_or_else(|| format!("no weight for '{f}' in '{name}'")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(SubModel {
                    bias: bias.ok_or_else(|| format!("no bias in '{name}'"))?,
                    name,
                    weights,
                    factor,
                })
            })
            .collect::<Result<Vec<SubModel>, String>>()?;
        let calibration = match (scale, offset) {
            (Some(a), Some(c)) => Some((a, c)),
            (None, None) => None,
            _ => return Err("calibration_scale and calibration_bias go together".into()),
        };
        if beta > 0.0 && calibration.is_none() {
            return Err("calibration_beta needs calibration_scale and calibration_bias".into());
        }
        Ok(Weights {
            models,
            error_factor,
            error_cap,
            calibration,
            calibration_beta: beta,
            temperature,
        })
    }

    /// Writes the weights in the format [`Weights::parse`] reads, after the
    /// given header lines (each prefixed with `# `).
    pub fn to_tsv(&self, header: &[String]) -> String {
        let mut out = String::new();
        for h in header {
            out.push_str(&format!("# {h}\n"));
        }
        if self.error_factor != 1.0 {
            out.push_str(&format!("error_factor\t{:.6}\n", self.error_factor));
        }
        if self.error_cap != 1.0 {
            out.push_str(&format!("error_cap\t{:.6}\n", self.error_cap));
        }
        if let Some(t) = self.temperature {
            out.push_str(&format!("combine_temperature\t{t:.6}\n"));
        }
        if let Some((a, c)) = self.calibration {
            out.push_str(&format!("calibration_scale\t{a:.6}\n"));
            out.push_str(&format!("calibration_bias\t{c:.6}\n"));
            if self.calibration_beta > 0.0 {
                out.push_str(&format!("calibration_beta\t{:.6}\n", self.calibration_beta));
            }
        }
        for m in &self.models {
            let prefix = if m.name.is_empty() {
                String::new()
            } else {
                format!("{}.", m.name)
            };
            out.push_str(&format!("{prefix}bias\t{:.6}\n", m.bias));
            if m.factor {
                out.push_str(&format!("{prefix}factor\t1\n"));
            }
            for (f, w) in FEATURES.iter().zip(&m.weights) {
                out.push_str(&format!("{prefix}{f}\t{w:.6}\n"));
            }
        }
        out
    }

    /// `(ln P, ln(1 − P))` for a feature vector, `P` the sub-models'
    /// combined probability (the module documentation) before calibration.
    pub fn log_combined(&self, x: &[f64]) -> (f64, f64) {
        match self.temperature {
            None => {
                let ln_p: f64 = self.models.iter().map(|m| log_sigmoid(m.logit(x))).sum();
                (ln_p, (-ln_p.exp()).ln_1p().max(f64::MIN))
            }
            Some(t) => {
                let z = soft_min(
                    self.models.iter().filter(|m| !m.factor).map(|m| m.logit(x)),
                    t,
                );
                let factors: f64 = self
                    .models
                    .iter()
                    .filter(|m| m.factor)
                    .map(|m| log_sigmoid(m.logit(x)))
                    .sum();
                if factors == 0.0 {
                    (log_sigmoid(z), log_sigmoid(-z))
                } else {
                    let ln_p = log_sigmoid(z) + factors;
                    (ln_p, (-ln_p.exp()).ln_1p().max(f64::MIN))
                }
            }
        }
    }

    /// The sub-models' combined probability `P` for a feature vector,
    /// before calibration: the product of their probabilities, or the
    /// probability of the soft minimum of their logits.
    pub fn combined(&self, x: &[f64]) -> f64 {
        self.log_combined(x).0.exp()
    }

    /// The calibrated probability for `(ln P, ln(1 − P))`:
    /// `1 / (1 + exp(-(a · ln P − b · ln(1 − P) + c)))`, or `P` without a
    /// calibration.
    pub fn calibrated(&self, (ln_p, ln_q): (f64, f64)) -> f64 {
        match self.calibration {
            Some((a, c)) => {
                let t = a * ln_p.max(f64::MIN) - self.calibration_beta * ln_q.max(f64::MIN) + c;
                1.0 / (1.0 + (-t).exp())
            }
            None => ln_p.exp(),
        }
    }

    /// The probability the model gives to a feature vector: the calibrated
    /// product of its sub-models' probabilities, times the error factor and
    /// at most the error cap when the vector counts an error flag.
    pub fn predict(&self, x: &[f64]) -> f64 {
        let p = self.calibrated(self.log_combined(x));
        let errors = FEATURES.iter().position(|f| *f == "error_flags");
        if errors.is_some_and(|i| x.get(i).is_some_and(|&n| n > 0.0)) {
            (p * self.error_factor).min(self.error_cap)
        } else {
            p
        }
    }

    /// The score of a segment: the model's probability for its components
    /// and flags, at most [`Weights::error_ceiling`] when it has an `error`
    /// of a kind the model does not count (a glossary's `terminology`, an
    /// `inconsistency`: policies and context the fit never saw), so that
    /// such an error weighs as much as any other: with the zh→en weights,
    /// every error keeps a segment out of `--min-score 0.5`.
    pub fn score(&self, components: &Components, flags: &[Flag]) -> f64 {
        let s = self.predict(&features(components, flags));
        if flags
            .iter()
            .any(|f| f.severity == Severity::Error && !is_counted(f.kind))
        {
            s.min(self.error_ceiling())
        } else {
            s
        }
    }

    /// The highest score one `error` flag of a kind the model counts leaves
    /// a segment whose components are all perfect: at most 0.45 with the
    /// zh→en weights (their error cap), about 0.93 with the en→zh ones
    /// (fitted on human judgements of machine translation alone).
    pub fn error_ceiling(&self) -> f64 {
        let best = Components::perfect();
        FlagKind::ALL
            .iter()
            .filter(|&&k| is_counted(k))
            .map(|&kind| {
                let flag = Flag {
                    kind,
                    severity: Severity::Error,
                    evidence: String::new(),
                    spans: Vec::new(),
                };
                self.predict(&features(&best, &[flag]))
            })
            .fold(0.0, f64::max)
    }
}

/// `ln(1 / (1 + e^−z))`, computed stably.
fn log_sigmoid(z: f64) -> f64 {
    if z > 0.0 {
        -(-z).exp().ln_1p()
    } else {
        z - z.exp().ln_1p()
    }
}

/// The soft minimum `−t · ln Σ exp(−zₖ / t)` of the logits (at most their
/// minimum, at least the minimum − t · ln n), computed stably.
fn soft_min(z: impl Iterator<Item = f64> + Clone, t: f64) -> f64 {
    let lo = z.clone().fold(f64::INFINITY, f64::min);
    if !lo.is_finite() {
        return lo;
    }
    lo - t * z.map(|v| (-(v - lo) / t).exp()).sum::<f64>().ln()
}

/// Whether the model counts flags of this kind among its features: every
/// kind but the ones that depend on the user's glossary or on the rest of
/// the memory.
fn is_counted(kind: FlagKind) -> bool {
    !matches!(kind, FlagKind::Inconsistency | FlagKind::Terminology)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_weights_parse_and_round_trip() {
        for (s, t) in [(Lang::Zh, Lang::En), (Lang::En, Lang::Zh)] {
            let w = Weights::embedded(s, t);
            assert!(w.models.iter().all(|m| m.weights.len() == FEATURES.len()));
            let again = Weights::parse(&w.to_tsv(&["test".into()])).unwrap();
            assert_eq!(again.models.len(), w.models.len());
            for (a, b) in again.models.iter().zip(&w.models) {
                assert_eq!(a.name, b.name);
                assert!((a.bias - b.bias).abs() < 1e-5);
            }
            assert!((again.error_factor - w.error_factor).abs() < 1e-5);
            assert!((again.error_cap - w.error_cap).abs() < 1e-5);
            assert_eq!(again.calibration.is_some(), w.calibration.is_some());
            assert_eq!(again.temperature, w.temperature);
            assert!((again.calibration_beta - w.calibration_beta).abs() < 1e-5);
            assert_eq!(
                again.models.iter().map(|m| m.factor).collect::<Vec<_>>(),
                w.models.iter().map(|m| m.factor).collect::<Vec<_>>()
            );
        }
        // Sub-models by prefix; every one needs every feature.
        let mut two = String::from("error_factor\t0.5\n");
        for m in ["a", "b"] {
            two.push_str(&format!("{m}.bias\t1\n"));
            for f in FEATURES {
                two.push_str(&format!("{m}.{f}\t0\n"));
            }
        }
        let w = Weights::parse(&two).unwrap();
        assert_eq!(w.models.len(), 2);
        let x = vec![0.0; FEATURES.len()];
        let p = 1.0 / (1.0 + (-1.0f64).exp());
        assert!((w.predict(&x) - p * p).abs() < 1e-12);
        let mut erred = x.clone();
        erred[FEATURES.iter().position(|f| *f == "error_flags").unwrap()] = 1.0;
        assert!((w.predict(&erred) - 0.5 * p * p).abs() < 1e-12);
        assert!(Weights::parse(&two.replace("b.shape\t0\n", "")).is_err());
        assert!(Weights::parse(&two.replace("error_factor\t0.5", "error_factor\t2")).is_err());
        // A cap instead of a factor: an error holds the score at the cap.
        let capped = Weights::parse(&two.replace("error_factor\t0.5", "error_cap\t0.3")).unwrap();
        assert!((capped.predict(&x) - p * p).abs() < 1e-12);
        assert!((capped.predict(&erred) - 0.3).abs() < 1e-12);
        // The calibration: logistic(a ln P + c), written back as read.
        let calibrated = Weights::parse(&format!(
            "{two}calibration_scale\t2\ncalibration_bias\t1.5\n"
        ))
        .unwrap();
        let expected = 1.0 / (1.0 + (-(2.0 * (p * p).ln() + 1.5)).exp());
        assert!((calibrated.predict(&x) - expected).abs() < 1e-12);
        assert!((calibrated.predict(&erred) - 0.5 * expected).abs() < 1e-12);
        assert_eq!(
            Weights::parse(&calibrated.to_tsv(&[])).unwrap().calibration,
            Some((2.0, 1.5))
        );
        assert!(Weights::parse(&format!("{two}calibration_scale\t2\n")).is_err());
        assert!(
            Weights::parse(&format!(
                "{two}calibration_scale\t-1\ncalibration_bias\t0\n"
            ))
            .is_err()
        );
        // The soft minimum of the logits, a factor multiplying it, and the
        // beta calibration, written back as read.
        let mut soft = two.replace("error_factor\t0.5\n", "");
        soft = soft.replace("b.bias\t1\n", "b.bias\t3\nb.factor\t1\n");
        soft.push_str("c.bias\t-1\n");
        for f in FEATURES {
            soft.push_str(&format!("c.{f}\t0\n"));
        }
        soft.push_str("combine_temperature\t0.5\n");
        let w = Weights::parse(&soft).unwrap();
        assert!(w.models[1].factor && !w.models[0].factor);
        let sig = |z: f64| 1.0 / (1.0 + (-z).exp());
        // a (logit 1) and c (logit −1) in the soft minimum, b (3) a factor.
        let m = -0.5 * ((-1.0f64 / 0.5).exp() + (1.0f64 / 0.5).exp()).ln();
        assert!(m < -1.0 && m > -1.0 - 0.5 * 2f64.ln());
        let p = sig(m) * sig(3.0);
        assert!((w.predict(&x) - p).abs() < 1e-12);
        assert!((w.combined(&x) - p).abs() < 1e-12);
        let beta = Weights::parse(&format!(
            "{soft}calibration_scale\t2\ncalibration_bias\t0.5\ncalibration_beta\t3\n"
        ))
        .unwrap();
        let expected = sig(2.0 * p.ln() - 3.0 * (1.0 - p).ln() + 0.5);
        assert!((beta.predict(&x) - expected).abs() < 1e-12);
        let again = Weights::parse(&beta.to_tsv(&[])).unwrap();
        assert_eq!(again.temperature, Some(0.5));
        assert_eq!(again.calibration_beta, 3.0);
        assert!(again.models[1].factor);
        assert!((again.predict(&x) - expected).abs() < 1e-6);
        // The lowest logit decides more as the temperature falls.
        let cold = Weights::parse(&soft.replace("temperature\t0.5", "temperature\t0.01")).unwrap();
        assert!((cold.predict(&x) - sig(-1.0) * sig(3.0)).abs() < 1e-6);
        assert!(Weights::parse(&soft.replace("temperature\t0.5", "temperature\t0")).is_err());
        assert!(Weights::parse(&format!("{soft}calibration_beta\t1\n")).is_err());
        assert!(
            Weights::parse(&format!(
                "{soft}calibration_scale\t2\ncalibration_bias\t0\ncalibration_beta\t-1\n"
            ))
            .is_err()
        );
        assert_ne!(
            Weights::embedded(Lang::Zh, Lang::En),
            Weights::embedded(Lang::En, Lang::Zh)
        );
        assert!(Weights::parse("bias\t1\n").is_err());
        assert!(Weights::parse("bias\tx\n").is_err());
    }

    fn components(values: [f64; 16]) -> Components {
        let [
            coverage_src,
            coverage_tgt,
            length,
            completeness,
            anchors,
            names,
            script,
            confidence,
            shape,
            fullness,
            uncovered,
            anchored,
            brevity,
            name_swap,
            name_sound,
            intact_edges,
        ] = values;
        Components {
            coverage_src,
            coverage_tgt,
            length,
            completeness,
            anchors,
            names,
            script,
            confidence,
            shape,
            fullness,
            uncovered,
            anchored,
            brevity,
            name_swap,
            name_sound,
            intact_edges,
        }
    }

    fn flag(severity: Severity) -> Flag {
        flag_of(FlagKind::Omission, severity)
    }

    fn flag_of(kind: FlagKind, severity: Severity) -> Flag {
        Flag {
            kind,
            severity,
            evidence: String::new(),
            spans: Vec::new(),
        }
    }

    /// With every other component equal, more of any component (bead
    /// confidence, either coverage, length plausibility, completeness,
    /// anchors, names, script, shape, fullness, uncovered, anchored,
    /// brevity, name_swap, name_sound, intact_edges) never lowers the score, and one more flag of any kind never
    /// raises it (an error lowers it at least as much as a warning): the
    /// fitting program constrains the signs of the weights, and the
    /// committed weights of both directions must respect them.
    #[test]
    fn score_is_monotone_in_every_component() {
        for (s, t) in [(Lang::Zh, Lang::En), (Lang::En, Lang::Zh)] {
            monotone(Weights::embedded(s, t));
        }
    }

    /// One error flag of any kind that the model counts keeps a Chinese→English segment below
    /// 0.5 however good its components (the fitting program holds the
    /// error count's weight down for it), so `--min-score 0.5` leaves out
    /// every segment with an error flag.
    #[test]
    fn an_error_flag_keeps_a_segment_below_one_half() {
        let w = Weights::embedded(Lang::Zh, Lang::En);
        let best = components([1.0; 16]);
        assert!(w.predict(&features(&best, &[])) > 0.5);
        // Inconsistency and terminology are not counted (`features`): the
        // score caps them at the highest a counted error leaves.
        for &kind in FlagKind::ALL {
            let s = w.score(&best, &[flag_of(kind, Severity::Error)]);
            assert!(s < 0.5, "one {kind} error leaves a segment at {s}");
            assert!(
                s <= w.error_ceiling(),
                "one {kind} error leaves a segment at {s}"
            );
        }
        // In both directions an uncounted error weighs as a counted one.
        for (src, tgt) in [(Lang::Zh, Lang::En), (Lang::En, Lang::Zh)] {
            let w = Weights::embedded(src, tgt);
            let glossary = w.score(&best, &[flag_of(FlagKind::Terminology, Severity::Error)]);
            let clean = w.predict(&features(&best, &[]));
            assert_eq!(glossary, w.error_ceiling().min(clean));
        }
        // A warning of an uncounted kind costs nothing.
        let s = w.score(&best, &[flag_of(FlagKind::Terminology, Severity::Warning)]);
        assert_eq!(s, w.predict(&features(&best, &[])));
    }

    fn monotone(w: &Weights) {
        let names = [
            "coverage_src",
            "coverage_tgt",
            "length",
            "completeness",
            "anchors",
            "names",
            "script",
            "confidence",
            "shape",
            "fullness",
            "uncovered",
            "anchored",
            "brevity",
            "name_swap",
            "name_sound",
            "intact_edges",
        ];
        let grid = [0.0, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 1.0];
        let bases: [[f64; 16]; 4] = [
            [0.5; 16],
            [0.0; 16],
            [1.0; 16],
            [
                0.2, 0.8, 0.6, 0.7, 0.3, 0.5, 1.0, 0.9, 0.5, 0.4, 0.6, 1.0, 0.3, 1.0, 0.7, 0.8,
            ],
        ];
        for flags in [
            vec![],
            vec![flag(Severity::Warning)],
            vec![flag(Severity::Error)],
        ] {
            for base in bases {
                for (c, name) in names.iter().enumerate() {
                    let mut previous = f64::NEG_INFINITY;
                    for v in grid {
                        let mut values = base;
                        values[c] = v;
                        let s = w.predict(&features(&components(values), &flags));
                        assert!(
                            s >= previous,
                            "{name} raised from below {v} lowered the score ({previous} → {s}) \
                             with the others at {base:?}"
                        );
                        previous = s;
                    }
                }
                let x = components(base);
                let clean = w.predict(&features(&x, &[]));
                for &kind in FlagKind::ALL {
                    let warned = w.predict(&features(&x, &[flag_of(kind, Severity::Warning)]));
                    let erred = w.predict(&features(&x, &[flag_of(kind, Severity::Error)]));
                    assert!(
                        warned <= clean && erred <= warned,
                        "a {kind} flag raised the score"
                    );
                }
            }
        }
    }
}
