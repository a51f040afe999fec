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
    // `--show KIND`: print every pair flagged KIND whose corruption is not
    // the flag's own kind (clean pairs included), with the evidence.
    let show: Option<FlagKind> = get("--show").map(|k| k.parse().expect("--show FLAG_KIND"));
    // `--dump FILE`: one line per pair: kind, score, coverage_src,
    // coverage_tgt, length, anchors, script, flags, the misalignment
    // evidence, source, target, completeness, names, then the model's
    // feature vector (`quality::FEATURES`) and the document's index.
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
    // Whether the corruption changed the target's numbers (its digits and
    // number words, compared as tokens with the clean target's).
    let mut numbers_changed: Vec<bool> = Vec::new();
    let mut pairs_scored = 0usize;
    let t0 = Instant::now();
    for (doc_index, (doc, items)) in docs.iter().zip(&bench).enumerate() {
        for (i, item) in items.iter().enumerate() {
            numbers_changed.push(number_tokens(&item.tgt) != number_tokens(&doc.pairs[i].1));
        }
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
            if let Some(kind) = show {
                let own = match kind {
                    FlagKind::NumberMismatch => Kind::Number,
                    FlagKind::NameMismatch => Kind::Name,
                    FlagKind::Untranslated => Kind::Untranslated,
                    FlagKind::Misalignment => Kind::Misalignment,
                    FlagKind::Omission => Kind::Omission,
                    _ => Kind::Clean,
                };
                if item.kind != own && flags.contains_key(&kind) {
                    println!(
                        "{:?}\t{:.3}\t{}\t{}",
                        item.kind, s.score, item.src, item.tgt
                    );
                    for f in s.flags.iter().filter(|f| f.kind == kind) {
                        println!("    {} {}", f.severity, f.evidence);
                    }
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
                write!(
                    d,
                    "{}\t{:.4}\t{:.4}\t{:.4}\t{:.4}\t{:.4}\t{:.4}\t{}\t{}\t{}\t{}\t{:.4}\t{:.4}",
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
                        .map_or(String::new(), |f| f.evidence.clone()),
                    item.src,
                    item.tgt,
                    c.completeness,
                    c.names
                )
                .expect("write dump");
                // Then the model's whole feature vector (FEATURES order).
                let x = bitext::quality::features(c, &s.flags);
                let x: Vec<String> = x.iter().map(|v| format!("{v:.4}")).collect();
                writeln!(d, "\t{}\t{doc_index}", x.join("\t")).expect("write dump");
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
    // "against clean": the flags on the kind's pairs against those on
    // clean pairs only (a flag on a pair broken another way is neither).
    println!(
        "| flag (any severity) | on kind | precision | recall | precision (error) | recall (error) | precision against clean |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|");
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
    let against_clean = |flag: &[FlagKind], kinds: &[Kind]| {
        let hit = |r: &(Kind, f64, BTreeMap<FlagKind, Severity>)| {
            flag.iter().any(|f| r.2.contains_key(f))
        };
        let tp = rows
            .iter()
            .filter(|r| hit(r) && kinds.contains(&r.0))
            .count() as f64;
        let fp = rows.iter().filter(|r| hit(r) && r.0 == Kind::Clean).count() as f64;
        tp / (tp + fp).max(1.0)
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
            "| {label} | {} | {p:.3} | {r:.3} | {pe:.3} | {re:.3} | {:.3} |",
            names.join(" + "),
            against_clean(flag, kinds)
        );
    }
    // Strict precision counts a number flag on a pair whose corruption was
    // another kind as wrong, even when that corruption dropped or changed a
    // number (a swapped target, a cut one); this counts it as right.
    {
        let hit = |r: &(Kind, f64, BTreeMap<FlagKind, Severity>), min: Severity| {
            r.2.get(&FlagKind::NumberMismatch)
                .is_some_and(|&s| s >= min)
        };
        let right = |k: usize| {
            rows[k].0 == Kind::Number || (rows[k].0 != Kind::Clean && numbers_changed[k])
        };
        for (min, label) in [(Severity::Warning, "any"), (Severity::Error, "error")] {
            let flagged: Vec<usize> = (0..rows.len()).filter(|&k| hit(&rows[k], min)).collect();
            let ok = flagged.iter().filter(|&&k| right(k)).count();
            let on_clean = flagged
                .iter()
                .filter(|&&k| rows[k].0 == Kind::Clean)
                .count();
            println!(
                "number_mismatch ({label} severity), right when the corruption changed the target's numbers: precision {:.3} ({ok} of {}; {on_clean} on clean pairs)",
                ok as f64 / flagged.len().max(1) as f64,
                flagged.len()
            );
        }
    }
    number_check(
        &docs,
        &names,
        seed,
        &opts,
        show == Some(FlagKind::NumberMismatch),
    );
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

/// English number words (cardinal, ordinal, scales, scores).
const NUMBER_TOKENS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "million",
    "billion",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "twentieth",
    "hundredth",
    "thousandth",
    "score",
    "threescore",
    "fourscore",
];

/// The digits and number words of a text, sorted (independent of the
/// library's number reader).
fn number_tokens(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|t| t.chars().any(|c| c.is_ascii_digit()) || NUMBER_TOKENS.contains(&t.as_str()))
        .collect();
    out.sort();
    out
}

/// The number check on every pair that lends itself to it: each document
/// scored clean, then with the number of every eligible pair changed (the
/// benchmark's number corruption, its own seed); a flag on a clean pair is
/// a false alarm, one on a changed pair a hit.
fn number_check(docs: &[Doc], names: &[String], seed: u64, opts: &QualityOptions, show: bool) {
    let mut rng = Rng::new(seed ^ 0x6e75_6d62);
    // (pairs, pairs with any flag, pairs with an error flag)
    let tally = |counts: &mut (usize, usize, usize), worst: Option<Severity>| {
        counts.0 += 1;
        counts.1 += usize::from(worst.is_some());
        counts.2 += usize::from(worst == Some(Severity::Error));
    };
    let (mut clean_counts, mut changed_counts) = ((0usize, 0usize, 0usize), (0, 0, 0));
    let worst = |s: &bitext::quality::SegmentQuality| {
        s.flags
            .iter()
            .filter(|f| f.kind == FlagKind::NumberMismatch)
            .map(|f| f.severity)
            .max()
    };
    for doc in docs {
        let report = score_pairs(&doc.pairs, opts).expect("score");
        for (s, (src, tgt)) in report.segments.iter().zip(&doc.pairs) {
            if show && worst(s).is_some() {
                println!("false alarm\t{src}\t{tgt}");
            }
            tally(&mut clean_counts, worst(s));
        }
        let mut is_changed = vec![false; doc.pairs.len()];
        let pairs: Vec<(String, String)> = (0..doc.pairs.len())
            .map(|i| match corrupt(doc, i, Kind::Number, names, &mut rng) {
                Some(item) => {
                    is_changed[i] = true;
                    (item.src, item.tgt)
                }
                None => doc.pairs[i].clone(),
            })
            .collect();
        let report = score_pairs(&pairs, opts).expect("score");
        for ((s, _), (src, tgt)) in report
            .segments
            .iter()
            .zip(&is_changed)
            .zip(&pairs)
            .filter(|x| *x.0.1)
        {
            if show && worst(s).is_none() {
                println!("missed\t{src}\t{tgt}");
            }
            tally(&mut changed_counts, worst(s));
        }
    }
    let (clean, clean_any, clean_err) = clean_counts;
    let (changed, changed_any, changed_err) = changed_counts;
    println!();
    println!(
        "number check on every pair: {clean} clean pairs, {clean_any} flagged ({clean_err} error); {changed} pairs with a number changed, {changed_any} flagged ({changed_err} error)"
    );
    let p = |tp: usize, fp: usize| tp as f64 / (tp + fp).max(1) as f64;
    println!(
        "  precision / recall (any severity) {:.3} / {:.3}; (error) {:.3} / {:.3}",
        p(changed_any, clean_any),
        changed_any as f64 / changed.max(1) as f64,
        p(changed_err, clean_err),
        changed_err as f64 / changed.max(1) as f64
    );
}
