//! Fits the confidence calibration (Platt scaling of the bead posterior) on
//! MAC-Dev and writes `data/calibration.tsv`, which the library embeds.
//!
//! ```sh
//! cargo run --release --example calibrate            # fit, print, write data/calibration.tsv
//! cargo run --release --example calibrate -- --check # fit and print only
//! # the map of beads with an empty side, on MAC-Dev with planted omissions:
//! cargo run --release --example plant_nulls -- mac-dev /tmp/planted --seed 1
//! cargo run --release --example calibrate -- --planted /tmp/planted/mac-dev
//! ```
//! For each cost model (`full`: the default lexical model; `core`: length
//! and anchors), MAC-Dev's six chapters are aligned zh→en with the identity
//! calibration; every predicted bead gives a sample (its posterior, whether
//! it equals a gold bead), and a logistic regression on the posterior's
//! logit gives slope and intercept. The reliability table and expected
//! calibration error (10 bins) before and after are printed. Data:
//! `EVAL_DIR`, else `../shared/eval`.
//!
//! With `--planted DIR` (the `mac-dev` folder that `examples/plant_nulls.rs`
//! writes: `zh/`, `en/`, `gold/`), only the `full-empty` row is fitted,
//! and the table's other rows are kept as they are: the full model aligns
//! the planted chapters with the identity calibration, and every predicted
//! bead with an empty side gives a sample. Unmodified text has too few such
//! beads to fit on (MAC-Dev: about 20, most of them wrong), and the favoured
//! search's bonus makes their posteriors overconfident (`RESULTS.md`, issue
//! 8, session 20).

use bitext::Lang;
use bitext::align::{Aligner, Calibration, CostModel};
use bitext::document::{Document, InputMode};
use bitext::eval::{BeadIds, Reliability, ScoredBead, read_beads};
use std::collections::HashSet;
use std::path::PathBuf;

fn print_table(label: &str, r: &Reliability) {
    println!("{label}: ECE {:.4}", r.ece());
    println!("  bin        count  accuracy  mean confidence");
    for b in &r.bins {
        println!(
            "  {:.1}–{:.1}  {:>6}  {:.4}    {:.4}",
            b.lo,
            b.hi,
            b.count,
            b.accuracy(),
            b.mean_confidence()
        );
    }
}

/// Fits the `full-empty` row on the planted chapters in `planted` and
/// returns the embedded table with that row replaced (or added).
fn fit_empty(planted: &std::path::Path) -> String {
    let aligner = Aligner::builder()
        .cost_model(CostModel {
            calibration: Calibration::IDENTITY,
            calibration_empty: None,
            ..CostModel::lexical()
        })
        .build()
        .expect("aligner");
    let mut samples = Vec::new();
    let mut scored: Vec<(Vec<BeadIds>, Vec<ScoredBead>)> = Vec::new();
    for n in 1..=6 {
        let f = |side: &str| planted.join(side).join(format!("{n:03}.{side}"));
        let zh = Document::read(f("zh"), Lang::Zh, InputMode::Presegmented).expect("zh");
        let en = Document::read(f("en"), Lang::En, InputMode::Presegmented).expect("en");
        let gold = read_beads(&planted.join("gold").join(format!("{n:03}.align"))).expect("gold");
        let a = aligner.align(&zh, &en).expect("align");
        let related = a.relatedness().max(1e-9);
        let gold_set: HashSet<&BeadIds> = gold.iter().collect();
        let mut beads = Vec::new();
        for b in a.beads().iter().filter(|b| b.is_null()) {
            let ids: BeadIds = (b.src.clone().collect(), b.tgt.clone().collect());
            let posterior = (b.confidence / related).clamp(0.0, 1.0);
            samples.push((posterior, gold_set.contains(&ids)));
            beads.push((ids, posterior));
        }
        scored.push((gold, beads));
    }
    let fit = Calibration::fit(&samples);
    let full = Calibration::fitted("full");
    let (mut before, mut old, mut after) = (
        Reliability::new(10),
        Reliability::new(10),
        Reliability::new(10),
    );
    for (gold, beads) in &scored {
        let mapped = |c: &Calibration| -> Vec<ScoredBead> {
            beads
                .iter()
                .map(|(b, p)| (b.clone(), c.apply(*p)))
                .collect()
        };
        before.add(gold, beads);
        old.add(gold, &mapped(&full));
        after.add(gold, &mapped(&fit));
    }
    println!(
        "== full model, beads with an empty side of {}: {} beads; slope {:.4}, intercept {:.4}",
        planted.display(),
        samples.len(),
        fit.slope,
        fit.intercept
    );
    print_table("posterior", &before);
    print_table("the full model's map", &old);
    print_table("calibrated", &after);
    let mut table = String::new();
    let mut replaced = false;
    for line in FITTED.lines() {
        if line.starts_with("full-empty\t") {
            replaced = true;
            table.push_str(&format!(
                "full-empty\t{:.4}\t{:.4}\n",
                fit.slope, fit.intercept
            ));
        } else {
            table.push_str(line);
            table.push('\n');
        }
    }
    if !replaced {
        table.push_str(&format!(
            "full-empty\t{:.4}\t{:.4}\n",
            fit.slope, fit.intercept
        ));
    }
    table
}

/// The table as embedded in the library.
const FITTED: &str = include_str!("../data/calibration.tsv");

fn main() {
    let check = std::env::args().any(|a| a == "--check");
    let args: Vec<String> = std::env::args().collect();
    if let Some(k) = args.iter().position(|a| a == "--planted") {
        let Some(dir) = args.get(k + 1) else {
            eprintln!("calibrate: --planted needs the folder plant_nulls wrote (…/mac-dev)");
            std::process::exit(2);
        };
        let table = fit_empty(std::path::Path::new(dir));
        if check {
            print!("{table}");
        } else {
            std::fs::write("data/calibration.tsv", &table).expect("write data/calibration.tsv");
            println!("wrote data/calibration.tsv");
        }
        return;
    }
    let dir = PathBuf::from(std::env::var("EVAL_DIR").unwrap_or_else(|_| "../shared/eval".into()));
    let mac = dir.join("mac-dev");
    if !mac.is_dir() {
        eprintln!(
            "calibrate: no MAC-Dev in {} (set EVAL_DIR to the folder holding mac-dev/)",
            dir.display()
        );
        std::process::exit(1);
    }
    let mut docs = Vec::new();
    for n in 1..=6 {
        let f = |side: &str| mac.join(side).join(format!("{n:03}.{side}"));
        let zh = Document::read(f("zh"), Lang::Zh, InputMode::Presegmented).expect("zh");
        let en = Document::read(f("en"), Lang::En, InputMode::Presegmented).expect("en");
        let gold = read_beads(&mac.join("gold").join(format!("{n:03}.align"))).expect("gold");
        docs.push((zh, en, gold));
    }
    let mut table = String::from(
        "# Confidence calibration (Platt scaling of the bead posterior), one line per\n\
         # cost model: confidence = σ(slope · logit(posterior) + intercept).\n\
         # Generated by `cargo run --release --example calibrate` on MAC-Dev\n\
         # (six chapters, zh→en); the full model's beads with an empty side by\n\
         # `… --example calibrate -- --planted DIR` on MAC-Dev with planted\n\
         # omissions (`full-empty`); do not edit by hand.\n\
         model\tslope\tintercept\n",
    );
    for (name, model) in [
        ("full", CostModel::lexical()),
        ("core", CostModel::length_only()),
    ] {
        let aligner = Aligner::builder()
            .cost_model(CostModel {
                calibration: Calibration::IDENTITY,
                calibration_empty: None,
                ..model
            })
            .build()
            .expect("aligner");
        let mut samples = Vec::new();
        let mut scored: Vec<(Vec<BeadIds>, Vec<ScoredBead>)> = Vec::new();
        for (zh, en, gold) in &docs {
            let a = aligner.align(zh, en).expect("align");
            let related = a.relatedness().max(1e-9);
            let gold_set: HashSet<&BeadIds> = gold.iter().collect();
            let mut beads = Vec::new();
            for b in a.beads() {
                let ids: BeadIds = (b.src.clone().collect(), b.tgt.clone().collect());
                let posterior = (b.confidence / related).clamp(0.0, 1.0);
                samples.push((posterior, gold_set.contains(&ids)));
                beads.push((ids, posterior));
            }
            scored.push((gold.clone(), beads));
        }
        let fit = Calibration::fit(&samples);
        let (mut before, mut after) = (Reliability::new(10), Reliability::new(10));
        for (gold, beads) in &scored {
            before.add(gold, beads);
            let calibrated: Vec<ScoredBead> = beads
                .iter()
                .map(|(b, p)| (b.clone(), fit.apply(*p)))
                .collect();
            after.add(gold, &calibrated);
        }
        println!(
            "== {name} model: {} beads; slope {:.4}, intercept {:.4}",
            samples.len(),
            fit.slope,
            fit.intercept
        );
        print_table("posterior", &before);
        print_table("calibrated", &after);
        table.push_str(&format!("{name}\t{:.4}\t{:.4}\n", fit.slope, fit.intercept));
    }
    // The map of beads with an empty side is fitted on other data (see
    // `fit_empty`): kept as it is.
    for line in FITTED.lines().filter(|l| l.starts_with("full-empty\t")) {
        table.push_str(line);
        table.push('\n');
    }
    if check {
        print!("{table}");
    } else {
        std::fs::write("data/calibration.tsv", &table).expect("write data/calibration.tsv");
        println!("wrote data/calibration.tsv");
    }
}
