//! `bitext convert --min-score` and `--drop-flagged`: a memory written by
//! `bitext align` (TMX, JSON Lines, TSV) cleaned afterwards, leaving out
//! exactly the units `align` would have left out, with the same words on
//! standard error; a memory without scores refused before anything is
//! written; units without a score kept and counted; the same output on
//! every run.

mod common;

use assert_cmd::Command;
use common::{bitext, corpus, fails};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// 2021-05-08T00:00:00Z, so that two runs write the same bytes.
const DATE: &str = "@1620432000";

/// Runs a command that must succeed; returns its standard error.
fn ok(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run bitext");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{cmd:?} failed:\n{stderr}");
    stderr
}

/// `bitext align` of the sample corpus to `dir/name` (the format from the
/// extension), with any extra options.
fn aligned(dir: &TempDir, name: &str, extra: &[&str]) -> PathBuf {
    let path = dir.path().join(name);
    ok(bitext()
        .arg("align")
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt"))
        .args(["--creation-date", DATE])
        .args(extra)
        .arg("-o")
        .arg(&path));
    path
}

/// `bitext convert INPUT dir/name` with the options; returns the output's
/// path and standard error.
fn convert(dir: &TempDir, input: &Path, name: &str, options: &[&str]) -> (PathBuf, String) {
    let out = dir.path().join(name);
    let stderr = ok(bitext()
        .arg("convert")
        .arg(input)
        .arg(&out)
        .args(options)
        .arg("--force"));
    (out, stderr)
}

/// The JSON Lines records of a file.
fn records(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The (source, target) texts of a JSON Lines file.
fn texts(path: &Path) -> Vec<(String, String)> {
    records(path)
        .iter()
        .map(|r| {
            (
                r["src"].as_str().unwrap().to_string(),
                r["tgt"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Whether a record has a flag of one of the severities.
fn has_flag(record: &serde_json::Value, severities: &[&str]) -> bool {
    record["flags"].as_array().is_some_and(|flags| {
        flags
            .iter()
            .any(|f| severities.contains(&f["severity"].as_str().unwrap()))
    })
}

/// The values of the `x-bitext-score` properties of a TMX, in order.
fn tmx_scores(tmx: &str) -> Vec<f64> {
    tmx.split("<prop type=\"x-bitext-score\">")
        .skip(1)
        .map(|rest| rest.split('<').next().unwrap().parse().unwrap())
        .collect()
}

#[test]
fn tmx_min_score_leaves_out_what_align_leaves_out() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = aligned(&dir, "aligned.tmx", &[]);
    let text = std::fs::read_to_string(&tmx).unwrap();
    let scores = tmx_scores(&text);
    let units = text.matches("<tu ").count();
    assert_eq!(scores.len(), units, "align scores every unit");
    let below = scores.iter().filter(|&&s| s < 0.5).count();
    assert!(below > 0, "the sample has units scored below 0.5");

    let (out, stderr) = convert(&dir, &tmx, "clean.tmx", &["--min-score", "0.5"]);
    let cleaned = std::fs::read_to_string(&out).unwrap();
    common::xmllint_validate(cleaned.as_bytes(), "convert --min-score");
    assert_eq!(cleaned.matches("<tu ").count(), units - below);
    assert!(tmx_scores(&cleaned).iter().all(|&s| s >= 0.5));
    assert!(
        stderr.contains(&format!(
            "bitext: {} with a score below 0.5 left out (--min-score)",
            common::count(below as u64, "unit", "units")
        )),
        "{stderr}"
    );
    assert!(
        !stderr.contains("without bitext's score"),
        "every unit is scored: {stderr}"
    );

    // The same pairs as `align --min-score 0.5` writes.
    let (converted, _) = convert(&dir, &out, "clean.jsonl", &[]);
    let direct = aligned(&dir, "direct.jsonl", &["--min-score", "0.5"]);
    assert_eq!(texts(&converted), texts(&direct));
}

#[test]
fn jsonl_drop_flagged_by_severity() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = aligned(&dir, "aligned.jsonl", &[]);
    let all = records(&jsonl);
    for (severity, dropped) in [
        ("warning", &["warning", "error"][..]),
        ("error", &["error"]),
    ] {
        let flagged = all.iter().filter(|r| has_flag(r, dropped)).count();
        let (out, stderr) = convert(
            &dir,
            &jsonl,
            &format!("{severity}.jsonl"),
            &["--drop-flagged", severity],
        );
        let kept = records(&out);
        assert_eq!(kept.len(), all.len() - flagged, "--drop-flagged {severity}");
        assert!(!kept.iter().any(|r| has_flag(r, dropped)));
        let phrase = if severity == "error" {
            "an error"
        } else {
            "a warning or error"
        };
        let noun = if flagged == 1 { "unit" } else { "units" };
        assert!(
            stderr.contains(&format!(
                "bitext: {flagged} {noun} with {phrase} flag left out (--drop-flagged {severity})"
            )),
            "{stderr}"
        );
        // Parity with align's own filter.
        let direct = aligned(
            &dir,
            &format!("direct-{severity}.jsonl"),
            &["--drop-flagged", severity],
        );
        assert_eq!(texts(&out), texts(&direct), "--drop-flagged {severity}");
    }
    assert!(
        all.iter().any(|r| has_flag(r, &["warning"])),
        "the sample has a warning flag"
    );
}

#[test]
fn both_filters_on_tsv_from_align_to_tmx() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = aligned(&dir, "aligned.jsonl", &[]);
    let tsv = aligned(&dir, "aligned.tsv", &[]);
    let all = records(&jsonl);
    let below = all
        .iter()
        .filter(|r| r["score"].as_f64().unwrap() < 0.3)
        .count();
    let flagged = all
        .iter()
        .filter(|r| r["score"].as_f64().unwrap() >= 0.3 && has_flag(r, &["warning", "error"]))
        .count();
    let options = ["--min-score", "0.3", "--drop-flagged", "warning"];
    let (out, stderr) = convert(&dir, &tsv, "clean.tmx", &options);
    let cleaned = std::fs::read_to_string(&out).unwrap();
    assert_eq!(cleaned.matches("<tu ").count(), all.len() - below - flagged);
    assert!(stderr.contains(&format!(
        "{} with a score below 0.3 left out",
        common::count(below as u64, "unit", "units")
    )));
    assert!(stderr.contains("with a warning or error flag left out (--drop-flagged warning)"));
    // Determinism: the same bytes again, from TSV and from JSON Lines.
    let (again, _) = convert(&dir, &tsv, "again.tmx", &options);
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&again).unwrap());
    let (a, _) = convert(&dir, &tsv, "a.jsonl", &options);
    let (b, _) = convert(&dir, &jsonl, "b.jsonl", &options);
    assert_eq!(texts(&a), texts(&b));
}

/// A TMX another tool wrote: no score, no flags.
const OTHER_TOOL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
<header srclang="zh-CN" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="other" creationtoolversion="1"/>
<body>
<tu tuid="1"><tuv xml:lang="zh-CN"><seg>会议由国务委员兼外交部长王毅主持。</seg></tuv><tuv xml:lang="en-US"><seg>The meeting was chaired by State Councilor and Foreign Minister Wang Yi.</seg></tuv></tu>
<tu tuid="2"><tuv xml:lang="zh-CN"><seg>联合国大会主席博兹克尔向会议作通报。</seg></tuv><tuv xml:lang="en-US"><seg>The President of the General Assembly briefed the meeting.</seg></tuv></tu>
</body>
</tmx>
"#;

#[test]
fn a_memory_without_scores_is_refused_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = dir.path().join("other.tmx");
    std::fs::write(&tmx, OTHER_TOOL).unwrap();
    for (option, value) in [("--min-score", "0.5"), ("--drop-flagged", "error")] {
        for to in ["out.tmx", "out.tsv", "out.jsonl"] {
            let out = dir.path().join(to);
            let stderr = fails(
                bitext()
                    .arg("convert")
                    .arg(&tmx)
                    .arg(&out)
                    .args([option, value]),
            );
            assert!(
                stderr.contains(&format!("{option} needs units scored by bitext"))
                    && stderr.contains("x-bitext-score")
                    && stderr.contains("none of the 2 units read carries one")
                    && stderr.contains("bitext align")
                    && stderr.contains("bitext audit"),
                "{stderr}"
            );
            assert!(!out.exists(), "{to} written");
        }
        // Standard output gets nothing either.
        let out = bitext()
            .arg("convert")
            .arg(&tmx)
            .args(["-", "--to", "tsv", option, value])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(out.stdout.is_empty());
    }
    // A two-column TSV has no scores either.
    let tsv = dir.path().join("pairs.tsv");
    std::fs::write(
        &tsv,
        "会议由王毅主持。\tWang Yi chaired the meeting.\n他们讨论了多边主义。\tThey discussed multilateralism.\n",
    )
    .unwrap();
    let stderr = fails(
        bitext()
            .arg("convert")
            .arg(&tsv)
            .arg(dir.path().join("x.jsonl"))
            .args(["--min-score", "0.5"]),
    );
    assert!(
        stderr.contains("--min-score needs units scored by bitext"),
        "{stderr}"
    );
}

#[test]
fn units_without_a_score_are_kept_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = aligned(&dir, "aligned.tmx", &[]);
    let text = std::fs::read_to_string(&tmx).unwrap();
    let scores = tmx_scores(&text);
    // Another tool's two units appended to bitext's: a merged memory.
    let other = OTHER_TOOL.split("<body>\n").nth(1).unwrap();
    let other = other
        .split("</body>")
        .next()
        .unwrap()
        .replace("tuid=\"", "tuid=\"other-");
    let merged = text.replace("</body>", &format!("{other}</body>"));
    let merged_path = dir.path().join("merged.tmx");
    std::fs::write(&merged_path, merged).unwrap();
    let below = scores.iter().filter(|&&s| s < 0.5).count();
    for to in ["clean.tmx", "clean.jsonl"] {
        let (out, stderr) = convert(&dir, &merged_path, to, &["--min-score", "0.5"]);
        let written = std::fs::read_to_string(&out).unwrap();
        let n = if to.ends_with("tmx") {
            written.matches("<tu ").count()
        } else {
            written.lines().count()
        };
        assert_eq!(n, scores.len() + 2 - below, "{to}");
        assert!(written.contains("博兹克尔"), "the unscored unit is kept");
        assert!(
            stderr.contains(
                "bitext: 2 units without bitext's score or flags kept (--min-score and --drop-flagged cannot judge them)"
            ),
            "{stderr}"
        );
    }
}

#[test]
fn the_values_are_checked_as_align_checks_them() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = aligned(&dir, "aligned.tmx", &[]);
    for (option, value, says) in [
        (
            "--min-score",
            "1.5",
            "'1.5' is not a number between 0 and 1",
        ),
        ("--min-score", "x", "'x' is not a number between 0 and 1"),
        (
            "--drop-flagged",
            "info",
            "'info' is not a severity: use error or warning",
        ),
    ] {
        let out = dir.path().join("o.tmx");
        for command in ["convert", "align"] {
            let mut cmd = bitext();
            cmd.arg(command);
            if command == "convert" {
                cmd.arg(&tmx).arg(&out);
            } else {
                cmd.arg(corpus("zh.txt"))
                    .arg(corpus("en.txt"))
                    .arg("-o")
                    .arg(&out);
            }
            let output = cmd.args([option, value]).output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(1), "{command}: a usage error");
            assert!(stderr.contains(says), "{command}: {stderr}");
        }
        assert!(!out.exists());
    }
    let help = bitext().args(["convert", "--help"]).output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(help.contains("--min-score <X>") && help.contains("--drop-flagged <SEVERITY>"));
    assert!(help.contains("bitext convert aligned.tmx release.tmx --min-score 0.5"));
}

/// Bug: `convert` to TSV wrote two columns, leaving out the score and flags
/// columns that `align --format tsv` writes, so a memory converted to TSV
/// could no longer be cleaned with `--min-score`. Now a scored memory
/// converts to the TSV `align` writes, byte for byte, from TMX, JSON Lines
/// and TSV alike.
#[test]
fn tsv_output_keeps_the_score_and_flags_columns() {
    let dir = tempfile::tempdir().unwrap();
    let direct = std::fs::read_to_string(aligned(&dir, "aligned.tsv", &[])).unwrap();
    assert!(direct.lines().all(|l| l.split('\t').count() == 4));
    for input in ["aligned.tmx", "aligned.jsonl", "aligned.tsv"] {
        let path = if input == "aligned.tsv" {
            dir.path().join(input)
        } else {
            aligned(&dir, input, &[])
        };
        let (out, _) = convert(&dir, &path, "converted.tsv", &[]);
        let converted = std::fs::read_to_string(&out).unwrap();
        assert_eq!(converted, direct, "from {input}");
        // And the TSV written is cleaned as align's would be.
        let (clean, stderr) = convert(&dir, &out, "clean.tsv", &["--min-score", "0.5"]);
        let (direct_clean, _) = convert(&dir, &path, "direct-clean.tsv", &["--min-score", "0.5"]);
        assert_eq!(
            std::fs::read_to_string(&clean).unwrap(),
            std::fs::read_to_string(&direct_clean).unwrap(),
            "from {input}"
        );
        assert!(!stderr.contains("without bitext's score"), "{stderr}");
    }
}

/// A merged memory, bitext's scored units then another tool's: in TSV the
/// other tool's units have empty score and flags columns, which read back
/// as unscored (kept and counted by `--min-score`), not as an error or 0.
/// A memory without any score converts to two columns.
#[test]
fn tsv_output_of_a_partly_scored_memory() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = aligned(&dir, "aligned.tmx", &[]);
    let text = std::fs::read_to_string(&tmx).unwrap();
    let scores = tmx_scores(&text);
    let other = OTHER_TOOL.split("<body>\n").nth(1).unwrap();
    let other = other.split("</body>").next().unwrap();
    let merged_path = dir.path().join("merged.tmx");
    std::fs::write(
        &merged_path,
        text.replace("</body>", &format!("{other}</body>")),
    )
    .unwrap();
    let (tsv, _) = convert(&dir, &merged_path, "merged.tsv", &[]);
    let lines: Vec<String> = std::fs::read_to_string(&tsv)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(lines.len(), scores.len() + 2);
    assert!(
        lines.iter().all(|l| l.split('\t').count() == 4),
        "{lines:?}"
    );
    let last = lines.last().unwrap();
    assert!(
        last.ends_with("briefed the meeting.\t\t"),
        "unscored: empty columns: {last}"
    );
    let below = scores.iter().filter(|&&s| s < 0.5).count();
    let (out, stderr) = convert(&dir, &tsv, "clean.jsonl", &["--min-score", "0.5"]);
    assert_eq!(records(&out).len(), scores.len() + 2 - below);
    assert!(
        stderr.contains("bitext: 2 units without bitext's score or flags kept"),
        "{stderr}"
    );
    // Read back as unscored: JSON Lines without "score" or "flags".
    let back = records(&out);
    assert!(
        back[back.len() - 2..]
            .iter()
            .all(|r| r.get("score").is_none() && r.get("flags").is_none())
    );
    // Without any score: two columns, as before.
    let plain = dir.path().join("other.tmx");
    std::fs::write(&plain, OTHER_TOOL).unwrap();
    let (two, _) = convert(&dir, &plain, "other.tsv", &[]);
    let two = std::fs::read_to_string(&two).unwrap();
    assert!(two.lines().all(|l| l.split('\t').count() == 2), "{two}");
}

/// Two short texts in which a Chinese sentence has no translation: `align`
/// makes it a 1-0 bead (an omission, flagged as an error).
fn omission_texts(dir: &TempDir) -> (PathBuf, PathBuf) {
    let (zh, en) = (dir.path().join("o.zh"), dir.path().join("o.en"));
    std::fs::write(
        &zh,
        "会议由王毅主持。\n15国外长出席会议。\n价格为3.5万元。\n我们明天见。\n",
    )
    .unwrap();
    std::fs::write(
        &en,
        "The meeting was chaired by Wang Yi.\nThe price is 35,000 yuan.\nSee you tomorrow.\n",
    )
    .unwrap();
    (zh, en)
}

/// Bug: `convert` of a TMX `align --keep-empty` wrote lost its one-sided
/// units (an omission and its flag) going to TSV or JSON Lines, and TSV or
/// JSON Lines with an empty side lost them going to TMX. With
/// `--keep-empty`, `convert` keeps them as `align` does, so the TSV equals
/// `align`'s; without it they are left out and counted, as before.
#[test]
fn keep_empty_keeps_one_sided_units_as_align_does() {
    let dir = TempDir::new().unwrap();
    let (zh, en) = omission_texts(&dir);
    let align = |name: &str, extra: &[&str]| {
        let path = dir.path().join(name);
        ok(bitext()
            .arg("align")
            .arg(&zh)
            .arg(&en)
            .args(["--creation-date", DATE])
            .args(extra)
            .arg("-o")
            .arg(&path));
        path
    };
    let tmx = align("ke.tmx", &["--keep-empty"]);
    let tsv = align("ke.tsv", &[]);
    let jsonl = align("ke.jsonl", &[]);
    let align_tsv = std::fs::read_to_string(&tsv).unwrap();
    assert!(align_tsv.contains("15国外长出席会议。\t\t"), "{align_tsv}");
    assert_eq!(align_tsv.lines().count(), 4);

    // TMX → TSV gives align's TSV, score and flags columns included.
    let (out, stderr) = convert(&dir, &tmx, "c.tsv", &["--keep-empty"]);
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        align_tsv,
        "{stderr}"
    );
    assert!(stderr.contains("1 with an empty side"), "{stderr}");
    // TMX → JSON Lines: the record with an empty target, its flag kept.
    let (out, _) = convert(&dir, &tmx, "c.jsonl", &["--keep-empty"]);
    let recs = records(&out);
    assert_eq!(recs.len(), 4);
    assert_eq!(recs[1]["src"], "15国外长出席会议。");
    assert_eq!(recs[1]["tgt"], "");
    assert!(has_flag(&recs[1], &["error"]));
    // TSV and JSON Lines → TMX: the unit with its one <tuv>, as align's.
    for input in [&tsv, &jsonl] {
        let (out, stderr) = convert(&dir, input, "c.tmx", &["--keep-empty"]);
        let text = std::fs::read_to_string(&out).unwrap();
        assert_eq!(text.matches("</tu>").count(), 4, "{input:?}: {text}");
        assert!(text.contains("<seg>15国外长出席会议。</seg>"), "{text}");
        assert_eq!(text.matches("<tuv ").count(), 7, "{text}");
        assert!(!stderr.contains("empty segment"), "{stderr}");
    }
    // Without --keep-empty: left out and counted, as before.
    for (input, name) in [(&tmx, "d.tsv"), (&tmx, "d.jsonl"), (&tsv, "d.tmx")] {
        let (out, stderr) = convert(&dir, input, name, &[]);
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(!text.contains("15国外长出席会议。"), "{name}: {text}");
        assert!(stderr.contains("left out 1"), "{name}: {stderr}");
    }
    // A memory of one-sided units only: nothing written, and the option
    // that keeps them named.
    let one = dir.path().join("one.tsv");
    std::fs::write(&one, "第一。\t\n\tTwo.\n").unwrap();
    let err = fails(
        bitext()
            .args(["convert", "--from", "tsv", "--to", "jsonl"])
            .arg(&one)
            .arg("-"),
    );
    assert!(
        err.contains("2 units with text on one side only: --keep-empty keeps them"),
        "{err}"
    );
    // A unit with no text on either side stays left out.
    let blank = dir.path().join("blank.tsv");
    std::fs::write(&blank, "你好。\tHello.\n \t \n").unwrap();
    let (out, stderr) = convert(&dir, &blank, "b.jsonl", &["--keep-empty"]);
    assert_eq!(records(&out).len(), 1, "{stderr}");
}
