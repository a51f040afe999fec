//! The model that turns components and flags into a score.
//!
//! A model is one or more logistic sub-models over the features of
//! [`features`], each `pₖ = 1 / (1 + exp(-(bₖ + Σ wₖᵢ xᵢ)))`, combined as a
//! noisy-OR of defects: `P = Π pₖ`, where `1 − pₖ` is the probability of
//! the defect sub-model `k` detects. An optional calibration maps the
//! product to the score, `s = 1 / (1 + exp(-(a · ln P + c)))` with `a > 0`
//! (Platt scaling: monotone, so it changes no ranking), and a segment with
//! an `error` flag of a kind the model counts gets `min(f · s, m)`, `f` the
//! error factor and `m` the error cap (both 1 when absent).
//!
//! Chinese→English (`data/quality-weights.tsv`, since session 22): one
//! sub-model per corruption kind of the benchmark (misalignment, omission,
//! number, name, untranslated, truncated), each fitted by logistic
//! regression on that kind's corruptions against clean pairs, so that each
//! defect's own evidence carries the score down, and a bead sub-model on
//! the aligner's confidence and the bead's shape alone, fitted on aligned
//! beads against the gold. The product of seven probabilities sits lower
//! on clean pairs than one logistic did (mean clean score 0.844 against
//! 0.892), so the product is calibrated: `a` and `c` are fitted by logistic
//! regression of the clean pairs against the corrupted ones of the
//! training draws, as drawn, on `ln P`, so that the score reads as a
//! probability again (`--min-score` keeps its meaning). The error cap 0.45
//! then keeps every segment with an error flag at or below 0.45. One
//! logistic over every component and
//! flag count, fitted on every kind at once (sessions 9–21), let the
//! evidence of one defect be diluted by the others': the `completeness`
//! component alone separated dropped clauses from clean pairs better than
//! the fitted score (ROC AUC 0.953 against 0.938, RESULTS.md, session 21).
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
    /// The calibration of the product of the sub-models' probabilities,
    /// `(a, c)` for `1 / (1 + exp(-(a · ln P + c)))` (`a > 0`); `None`: the
    /// product itself.
    pub calibration: Option<(f64, f64)>,
}

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
            }],
            error_factor: 1.0,
            error_cap: 1.0,
            calibration: None,
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
        let mut models: Vec<(String, Option<f64>, Vec<Option<f64>>)> = Vec::new();
        let mut error_factor = 1.0;
        let mut error_cap = 1.0;
        let (mut scale, mut offset) = (None, None);
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
                    models.push((model.to_string(), None, vec![None; FEATURES.len()]));
                    models.len() - 1
                }
            };
            if feature == "bias" {
                models[m].1 = Some(v);
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
            .map(|(name, bias, weights)| {
                let weights = weights
                    .into_iter()
                    .zip(FEATURES)
                    .map(|(w, f)| w.ok_or_else(|| format!("no weight for '{f}' in '{name}'")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(SubModel {
                    bias: bias.ok_or_else(|| format!("no bias in '{name}'"))?,
                    name,
                    weights,
                })
            })
            .collect::<Result<Vec<SubModel>, String>>()?;
        let calibration = match (scale, offset) {
            (Some(a), Some(c)) => Some((a, c)),
            (None, None) => None,
            _ => return Err("calibration_scale and calibration_bias go together".into()),
        };
        Ok(Weights {
            models,
            error_factor,
            error_cap,
            calibration,
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
        if let Some((a, c)) = self.calibration {
            out.push_str(&format!("calibration_scale\t{a:.6}\n"));
            out.push_str(&format!("calibration_bias\t{c:.6}\n"));
        }
        for m in &self.models {
            let prefix = if m.name.is_empty() {
                String::new()
            } else {
                format!("{}.", m.name)
            };
            out.push_str(&format!("{prefix}bias\t{:.6}\n", m.bias));
            for (f, w) in FEATURES.iter().zip(&m.weights) {
                out.push_str(&format!("{prefix}{f}\t{w:.6}\n"));
            }
        }
        out
    }

    /// The product of the sub-models' probabilities for a feature vector
    /// (`P` of the module documentation), before calibration.
    pub fn product(&self, x: &[f64]) -> f64 {
        self.models.iter().map(|m| m.predict(x)).product()
    }

    /// The calibrated product: `1 / (1 + exp(-(a · ln P + c)))`, or `P`
    /// without a calibration.
    pub fn calibrated(&self, product: f64) -> f64 {
        match self.calibration {
            Some((a, c)) => {
                let t = a * product.max(f64::MIN_POSITIVE).ln() + c;
                1.0 / (1.0 + (-t).exp())
            }
            None => product,
        }
    }

    /// The probability the model gives to a feature vector: the calibrated
    /// product of its sub-models' probabilities, times the error factor and
    /// at most the error cap when the vector counts an error flag.
    pub fn predict(&self, x: &[f64]) -> f64 {
        let p = self.calibrated(self.product(x));
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
