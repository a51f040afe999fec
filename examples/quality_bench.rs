//! The corruption benchmark of the quality stage (see RESULTS.md,
//! "Translation quality"). Run with `scripts/quality-bench.sh`.
//!
//! From gold 1-1 pairs (MAC-Dev and the Bible, zh→en) it makes, with a
//! fixed seed, half clean pairs and half corrupted ones — target swapped
//! with a nearby sentence's, a clause or half dropped, a number changed, a
//! name replaced, part left in Chinese, truncated — scores them with
//! `bitext::quality::score_pairs` (each chapter, or each block of 300
//! verses, one document) and prints:
//! ROC AUC clean vs corrupted (overall and per kind), each flag's precision
//! and recall on its own kind, the share of clean pairs with an error flag;
//! then, on MLQE-PE (en→zh), Pearson r of the score with z_mean and the
//! Matthews correlation of error flags with the ERR labels.
//!
//! `--set test` (default): MAC-Dev 004–006 and Bible verses 3000–4499 and
//! the MLQE-PE dev files. `--set train`: MAC-Dev 001–003, Bible verses
//! 0–1499 and the MLQE-PE train files — the data the thresholds and weights
//! were set on.

#[path = "common/quality_data.rs"]
mod quality_data;

use bitext::Lang;
use bitext::quality::{FlagKind, QualityOptions, QualityReport, Severity, score_pairs};
use quality_data::*;
use std::collections::BTreeMap;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let get = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let set = get("--set").unwrap_or_else(|| "test".into());
    let seed: u64 = get("--seed").map_or(20260512, |s| s.parse().expect("--seed N"));
    let verbose = args.iter().any(|a| a == "--verbose");
    let mut dump = get("--dump").map(|p| std::fs::File::create(p).expect("--dump FILE"));
    let shared = shared_dir();
    let (chapters, bible_skip, mlqe): (&[&str], usize, &str) = match set.as_str() {
        "train" => (&["001", "002", "003"], 0, "train"),
        "test" => (&["004", "005", "006"], 3000, "dev"),
        other => {
            eprintln!("--set must be train or test, not {other}");
            std::process::exit(1);
        }
    };
    let mut docs = mac_dev(&shared, chapters);
    docs.extend(bible(&shared, bible_skip, 5, 300));
    let names = proper_names(&docs);
    let bench = benchmark(&docs, &names, seed);
    let opts = QualityOptions::new(Lang::Zh, Lang::En);
    // (kind, score, flags present (kind → worst severity))
    let mut rows: Vec<(Kind, f64, BTreeMap<FlagKind, Severity>)> = Vec::new();
    let mut pairs_scored = 0usize;
    let t0 = Instant::now();
    for items in &bench {
        let pairs: Vec<(String, String)> = items
            .iter()
            .map(|i| (i.src.clone(), i.tgt.clone()))
            .collect();
        let report: QualityReport = score_pairs(&pairs, &opts).expect("score");
        pairs_scored += pairs.len();
        for (item, s) in items.iter().zip(&report.segments) {
            let mut flags = BTreeMap::new();
            for f in &s.flags {
                let e = flags.entry(f.kind).or_insert(f.severity);
                *e = (*e).max(f.severity);
            }
            if verbose && (item.kind == Kind::Clean) != flags.values().all(|&s| s < Severity::Error)
            {
                eprintln!(
                    "{:?}\t{:.3}\t{}\t{}",
                    item.kind, s.score, item.src, item.tgt
                );
                for f in &s.flags {
                    eprintln!("    {} {} {}", f.kind, f.severity, f.evidence);
                }
            }
            if let Some(d) = dump.as_mut() {
                use std::io::Write;
                let c = &s.components;
                let names: Vec<String> = s
                    .flags
                    .iter()
                    .map(|f| format!("{}:{}", f.kind, f.severity))
                    .collect();
                writeln!(
                    d,
                    "{}\t{:.4}\t{:.4}\t{:.4}\t{:.4}\t{:.4}\t{:.4}\t{}\t{}",
                    item.kind.name(),
                    s.score,
                    c.coverage_src,
                    c.coverage_tgt,
                    c.length,
                    c.anchors,
                    c.script,
                    names.join(","),
                    s.flags
                        .iter()
                        .find(|f| f.kind == FlagKind::Misalignment)
                        .map_or(String::new(), |f| f.evidence.clone())
                )
                .expect("write dump");
            }
            rows.push((item.kind, s.score, flags));
        }
    }
    let secs = t0.elapsed().as_secs_f64();
    println!(
        "== Corruption benchmark ({set} set, seed {seed}): {} pairs from {} documents",
        rows.len(),
        bench.len()
    );
    let clean: Vec<f64> = rows
        .iter()
        .filter(|r| r.0 == Kind::Clean)
        .map(|r| r.1)
        .collect();
    let bad: Vec<f64> = rows
        .iter()
        .filter(|r| r.0 != Kind::Clean)
        .map(|r| r.1)
        .collect();
    println!("| kind | pairs | ROC AUC (clean vs kind) |");
    println!("|---|---:|---:|");
    println!(
        "| all corrupted | {} | {:.3} |",
        bad.len(),
        auc(&clean, &bad)
    );
    for k in Kind::CORRUPT {
        let s: Vec<f64> = rows.iter().filter(|r| r.0 == k).map(|r| r.1).collect();
        println!("| {} | {} | {:.3} |", k.name(), s.len(), auc(&clean, &s));
    }
    println!("| clean | {} | |", clean.len());
    println!();
    println!(
        "| flag (any severity) | on kind | precision | recall | precision (error) | recall (error) |"
    );
    println!("|---|---|---:|---:|---:|---:|");
    let pr = |flag: &[FlagKind], kinds: &[Kind], min: Severity| {
        let hit = |r: &(Kind, f64, BTreeMap<FlagKind, Severity>)| {
            flag.iter().any(|f| r.2.get(f).is_some_and(|&s| s >= min))
        };
        let flagged = rows.iter().filter(|r| hit(r)).count() as f64;
        let tp = rows
            .iter()
            .filter(|r| hit(r) && kinds.contains(&r.0))
            .count() as f64;
        let pos = rows.iter().filter(|r| kinds.contains(&r.0)).count() as f64;
        (tp / flagged.max(1.0), tp / pos.max(1.0))
    };
    for (flag, kinds, label) in [
        (
            &[FlagKind::NumberMismatch][..],
            &[Kind::Number][..],
            "number_mismatch",
        ),
        (
            &[FlagKind::Untranslated],
            &[Kind::Untranslated],
            "untranslated",
        ),
        (
            &[FlagKind::Misalignment],
            &[Kind::Misalignment],
            "misalignment",
        ),
        (&[FlagKind::Omission], &[Kind::Omission], "omission"),
        (
            &[FlagKind::Omission],
            &[Kind::Omission, Kind::Truncated],
            "omission",
        ),
        (&[FlagKind::NameMismatch], &[Kind::Name], "name_mismatch"),
        (&[FlagKind::Punctuation], &[Kind::Truncated], "punctuation"),
    ] {
        let (p, r) = pr(flag, kinds, Severity::Warning);
        let (pe, re) = pr(flag, kinds, Severity::Error);
        let names: Vec<&str> = kinds.iter().map(|k| k.name()).collect();
        println!(
            "| {label} | {} | {p:.3} | {r:.3} | {pe:.3} | {re:.3} |",
            names.join(" + ")
        );
    }
    let clean_err = rows
        .iter()
        .filter(|r| r.0 == Kind::Clean && r.2.values().any(|&s| s == Severity::Error))
        .count() as f64
        / clean.len().max(1) as f64;
    let clean_any = rows
        .iter()
        .filter(|r| r.0 == Kind::Clean && !r.2.is_empty())
        .count() as f64
        / clean.len().max(1) as f64;
    println!();
    println!(
        "clean pairs with an error flag: {:.1}% (with any flag: {:.1}%)",
        100.0 * clean_err,
        100.0 * clean_any
    );
    println!(
        "library throughput: {:.0} pairs/s ({pairs_scored} pairs in {secs:.2} s, context included)",
        pairs_scored as f64 / secs
    );
    // MLQE-PE, en→zh.
    let q = shared.join("eval/quality");
    let da = mlqe_da(&q.join(format!("mlqepe_da_enzh_{mlqe}.tsv")));
    let opts = QualityOptions::new(Lang::En, Lang::Zh);
    let pairs: Vec<(String, String)> = da.iter().map(|r| (r.0.clone(), r.1.clone())).collect();
    let report = score_pairs(&pairs, &opts).expect("score");
    let scores: Vec<f64> = report.segments.iter().map(|s| s.score).collect();
    let z: Vec<f64> = da.iter().map(|r| r.2).collect();
    println!();
    println!("== MLQE-PE en→zh ({mlqe} files)");
    println!(
        "direct assessment: {} pairs, Pearson r(score, z_mean) = {:.3}",
        da.len(),
        pearson(&scores, &z)
    );
    let crit = mlqe_critical(&q.join(format!("mlqepe_critical_errors_enzh_{mlqe}.tsv")));
    let pairs: Vec<(String, String)> = crit.iter().map(|r| (r.0.clone(), r.1.clone())).collect();
    let report = score_pairs(&pairs, &opts).expect("score");
    let pred: Vec<bool> = report
        .segments
        .iter()
        .map(|s| s.worst() == Some(Severity::Error))
        .collect();
    let gold: Vec<bool> = crit.iter().map(|r| r.2).collect();
    let scores: Vec<f64> = report.segments.iter().map(|s| s.score).collect();
    let err_scores: Vec<f64> = scores
        .iter()
        .zip(&gold)
        .filter(|x| *x.1)
        .map(|x| *x.0)
        .collect();
    let ok_scores: Vec<f64> = scores
        .iter()
        .zip(&gold)
        .filter(|x| !*x.1)
        .map(|x| *x.0)
        .collect();
    println!(
        "critical errors: {} pairs ({} ERR), {} flagged error; MCC(error flag, ERR) = {:.3}; ROC AUC of the score = {:.3}",
        crit.len(),
        gold.iter().filter(|g| **g).count(),
        pred.iter().filter(|p| **p).count(),
        mcc(&pred, &gold),
        auc(&ok_scores, &err_scores)
    );
    let mut by_kind: BTreeMap<FlagKind, (usize, usize)> = BTreeMap::new();
    for (s, g) in report.segments.iter().zip(&gold) {
        for f in s.flags.iter().filter(|f| f.severity == Severity::Error) {
            let e = by_kind.entry(f.kind).or_default();
            e.0 += 1;
            e.1 += usize::from(*g);
        }
    }
    for (k, (n, err)) in by_kind {
        println!("  error flags {k}: {n} ({err} on ERR pairs)");
    }
}
