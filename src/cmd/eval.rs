//! `bitext eval`.

use super::UsageError;
use bitext::eval::{
    BeadIds, Coverage, Reliability, Score, ScoredBead, Verses, empty_score, parse_beads,
    parse_scored_beads, read_beads, read_text, score,
};
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  bitext eval --gold gold.align --auto auto.align
  bitext eval --gold ../shared/eval/mac-dev/gold --auto out/ --per-doc
  bitext eval --gold bible/gold --auto out/ --verses bible/en.verse bible/zh.verse --json
  bitext eval --gold gold.align --auto auto.align --empty
  bitext align --format jsonl zh.txt en.txt -o auto.jsonl
  bitext eval --gold gold.align --auto auto.jsonl --calibration

Predicted files are bead lists (`bitext align --format beads`) or bitext's JSON
Lines (`--format jsonl`, which carries confidences). With directories, the
predicted file for gold NNN.align is NNN.align, else NNN.jsonl.

A warning on standard error says when the predicted and gold alignments of a
document cover different sentences (made from different segmentations).")]
pub struct EvalArgs {
    /// Gold bead file, or a directory of NNN.align files.
    #[arg(long)]
    gold: PathBuf,
    /// Predicted bead file, or a directory with the same file names as --gold.
    #[arg(long)]
    auto: PathBuf,
    /// Print a line for every document as well as the total.
    #[arg(long)]
    per_doc: bool,
    /// Verse labels of source and target sentences: predicted beads inside
    /// one verse are merged before scoring.
    #[arg(long, num_args = 2, value_names = ["SRC_VERSES", "TGT_VERSES"])]
    verses: Option<Vec<PathBuf>>,
    /// Also score the beads with an empty side (omissions and additions)
    /// on their own: how many of the gold ones were found, and how many of
    /// the predicted ones are right. With --verses, also before the verse
    /// merging (a predicted empty-side bead folded into its verse's bead is
    /// still a sentence the aligner called untranslated).
    #[arg(long)]
    empty: bool,
    /// Also print the reliability table of the confidences (10 bins: count,
    /// accuracy, mean confidence) and the expected calibration error. Needs
    /// predicted files in JSON Lines.
    #[arg(long)]
    calibration: bool,
    /// Print figures as JSON.
    #[arg(long)]
    json: bool,
}

fn pairs(gold: &Path, auto: &Path) -> anyhow::Result<Vec<(String, PathBuf, PathBuf)>> {
    if !gold.is_dir() {
        if auto.is_dir() {
            return Err(UsageError("--gold is a file but --auto is a directory".into()).into());
        }
        return Ok(vec![(gold.display().to_string(), gold.into(), auto.into())]);
    }
    if !auto.is_dir() {
        return Err(UsageError("--gold is a directory but --auto is not".into()).into());
    }
    let mut names: Vec<String> = std::fs::read_dir(gold)
        .map_err(|e| bitext::Error::io(gold, e))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".align"))
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(UsageError(format!("{}: no .align files", gold.display())).into());
    }
    Ok(names
        .into_iter()
        .map(|n| {
            let mut a = auto.join(&n);
            if !a.exists() {
                let jsonl = a.with_extension("jsonl");
                if jsonl.exists() {
                    a = jsonl;
                }
            }
            (n.clone(), gold.join(&n), a)
        })
        .collect())
}

/// Reads a predicted file: JSON Lines (with confidences) when its first
/// non-blank character is `{`, else a bead list (without).
fn read_auto(path: &Path) -> anyhow::Result<(Vec<BeadIds>, Option<Vec<ScoredBead>>)> {
    let text = read_text(path)?;
    let name = path.display().to_string();
    if text.trim_start().starts_with('{') {
        let scored = parse_scored_beads(&text, &name)?;
        let ids = scored.iter().map(|(b, _)| b.clone()).collect();
        Ok((ids, Some(scored)))
    } else {
        Ok((parse_beads(&text, &name)?, None))
    }
}

pub fn run(args: EvalArgs) -> anyhow::Result<()> {
    let verses = match &args.verses {
        Some(v) => Some(Verses::read(&v[0], &v[1])?),
        None => None,
    };
    let mut total = Score::default();
    let mut empty = Score::default();
    // Empty-side beads as predicted, before any verse merging.
    let mut empty_sentences = Score::default();
    let mut reliability = Reliability::new(10);
    let mut docs = Vec::new();
    for (name, g, a) in pairs(&args.gold, &args.auto)? {
        let gold = read_beads(&g)?;
        let (mut auto, scored) = read_auto(&a)?;
        let coverage = Coverage::compare(&gold, &auto);
        if !coverage.is_same() {
            say!(
                "bitext: warning: {} and {} cover different sentences ({coverage}); \
                 were they made from the same segmentation?",
                g.display(),
                a.display()
            );
        }
        if let Some(v) = &verses {
            empty_sentences.add(empty_score(&gold, &auto));
            auto = v.merge(&auto);
        }
        if args.calibration {
            let Some(mut scored) = scored else {
                return Err(UsageError(format!(
                    "{}: --calibration needs confidences: align with --format jsonl",
                    a.display()
                ))
                .into());
            };
            if let Some(v) = &verses {
                scored = v.merge_scored(&scored);
            }
            reliability.add(&gold, &scored);
        }
        let s = score(&gold, &auto);
        total.add(s);
        empty.add(empty_score(&gold, &auto));
        docs.push((name, s));
    }
    if args.json {
        let doc_json: Vec<_> = docs
            .iter()
            .map(|(n, s)| serde_json::json!({"doc": n, "precision": s.precision(), "recall": s.recall(), "f1": s.f1(), "counts": s}))
            .collect();
        let mut out = serde_json::json!({
            "precision": total.precision(), "recall": total.recall(), "f1": total.f1(),
            "counts": total, "docs": if args.per_doc { doc_json } else { Vec::new() },
        });
        if args.empty {
            out["empty"] = serde_json::json!({
                "precision": empty.precision(), "recall": empty.recall(), "f1": empty.f1(),
                "counts": empty,
            });
            if verses.is_some() {
                out["empty_sentences"] = serde_json::json!({
                    "precision": empty_sentences.precision(), "recall": empty_sentences.recall(),
                    "f1": empty_sentences.f1(), "counts": empty_sentences,
                });
            }
        }
        if args.calibration {
            out["calibration"] = serde_json::json!({
                "ece": reliability.ece(), "bins": reliability.bins,
            });
        }
        return super::emit(None, &[], false, |w| writeln!(w, "{out}").map_err(out_err));
    }
    // A figure with nothing to count (no bead predicted, none in the gold:
    // `--empty` on a text without omissions) is n/a, not a 0 that reads as
    // a failure.
    let line = |w: &mut dyn Write, name: &str, s: &Score| {
        let figure = |x: f64, defined: bool| {
            if defined {
                format!("{x:.4}")
            } else {
                "n/a".to_string()
            }
        };
        writeln!(
            w,
            "{name:<12} P {}  R {}  F1 {}  ({} correct, {} predicted, {} gold)",
            figure(s.precision(), s.predicted > 0),
            figure(s.recall(), s.gold > 0),
            figure(s.f1(), s.predicted > 0 && s.gold > 0),
            s.correct,
            s.predicted,
            s.gold
        )
        .map_err(out_err)
    };
    super::emit(None, &[], false, |w| {
        if args.per_doc {
            for (n, s) in &docs {
                line(w, n, s)?;
            }
        }
        line(w, "all", &total)?;
        if args.empty {
            line(w, "empty-side", &empty)?;
            if verses.is_some() {
                line(
                    w,
                    "empty-side, by sentence (before verse merging)",
                    &empty_sentences,
                )?;
            }
        }
        if args.calibration {
            writeln!(w, "reliability (bin, count, accuracy, mean confidence):").map_err(out_err)?;
            for b in &reliability.bins {
                writeln!(
                    w,
                    "  {:.1}-{:.1}  {:>6}  {:.4}  {:.4}",
                    b.lo,
                    b.hi,
                    b.count,
                    b.accuracy(),
                    b.mean_confidence()
                )
                .map_err(out_err)?;
            }
            writeln!(w, "ECE (10 bins) {:.4}", reliability.ece()).map_err(out_err)?;
        }
        Ok(())
    })
}

fn out_err(e: std::io::Error) -> bitext::Error {
    bitext::Error::io("<stdout>", e)
}
