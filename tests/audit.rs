//! `bitext audit` and the scored output of `bitext align`: the summary, the
//! JSON, TSV and HTML reports, `--fail-under`, `--min-score`, TMX inputs as
//! CAT tools write them (UTF-16 with a byte-order mark, inline tags, TMX
//! 1.1), and the HTML report rendered in a real browser.
//!
//! The browser test runs headless Chromium (Debian package `chromium`) on
//! the sample release's report and reads the DOM after the page's script
//! ran: rows present, the filter and the sort (set from the URL fragment)
//! applied, no script error. Without Chromium it prints a skip notice and
//! passes, unless the environment variable `CI` is set: then a missing
//! browser is a failure (`.ci/run` installs it).

mod common;
use common::corpus;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A headless page load takes a few seconds; this only bounds a hang.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(180);

/// `bitext` as a `std::process::Command` (these tests feed standard input
/// through a pipe of their own).
fn bitext() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bitext"));
    cmd.env_remove("SOURCE_DATE_EPOCH");
    cmd
}

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `bitext audit -` with `input` on standard input (fed from
/// another thread, so that a large input cannot block on a full pipe).
fn audit_stdin(input: Vec<u8>) -> std::process::Output {
    let mut child = bitext()
        .args(["audit", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        use std::io::Write;
        stdin.write_all(&input).unwrap();
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    out
}

fn run(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

/// Runs a command that must succeed; returns (stdout, stderr).
fn ok(cmd: &mut Command) -> (String, String) {
    let out = run(cmd);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{cmd:?} failed: {stderr}");
    (String::from_utf8(out.stdout).expect("UTF-8 stdout"), stderr)
}

/// The sample release audited from its two texts, with a report.
fn audit_sample(report: &Path) -> (String, String) {
    ok(bitext()
        .arg("audit")
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt"))
        .arg("--report")
        .arg(report))
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("report")).expect("JSON report")
}

/// The stray closing quote the published English has.
const STRAY_QUOTE: &str = "System”";

#[test]
fn sample_release_audit_finds_the_stray_quote() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("audit.json");
    let (stdout, stderr) = audit_sample(&report);
    for line in ["segments:", "flagged:", "document score:", "punctuation"] {
        assert!(stdout.contains(line), "summary lacks {line:?}:\n{stdout}");
    }
    assert!(stderr.contains("report written"), "{stderr}");
    let v = json(&report);
    let segments = v["segments"].as_array().expect("segments");
    assert_eq!(v["segments_total"].as_u64(), Some(segments.len() as u64));
    // Every character of both texts, in order, exactly once.
    let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let side = |k: &str| {
        segments
            .iter()
            .map(|s| s[k].as_str().expect("text"))
            .collect::<String>()
    };
    let text = |name: &str| std::fs::read_to_string(corpus(name)).unwrap();
    assert_eq!(strip(&side("src")), strip(&text("zh.txt")));
    assert_eq!(strip(&side("tgt")), strip(&text("en.txt")));
    // The stray quote is flagged as punctuation, with a span on it.
    let seg = segments
        .iter()
        .find(|s| s["tgt"].as_str().unwrap().contains(STRAY_QUOTE))
        .expect("the segment with the stray quote");
    let tgt = seg["tgt"].as_str().unwrap();
    let quote_at = tgt.find(STRAY_QUOTE).unwrap() + "System".len();
    let flag = seg["flags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "punctuation")
        .unwrap_or_else(|| panic!("no punctuation flag: {seg}"));
    assert!(
        flag["spans"].as_array().unwrap().iter().any(|s| {
            s["side"] == "target"
                && s["start"].as_u64().unwrap() as usize <= quote_at
                && s["end"].as_u64().unwrap() as usize > quote_at
        }),
        "no span on the quote: {flag}"
    );
    // Scores in [0, 1], the counts and the histogram add up.
    let score = v["document_score"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&score));
    let hist: u64 = v["histogram"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .sum();
    assert_eq!(hist, segments.len() as u64);
    let flags: u64 = v["flag_counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_u64().unwrap())
        .sum();
    let listed: usize = segments
        .iter()
        .map(|s| s["flags"].as_array().unwrap().len())
        .sum();
    assert_eq!(flags, listed as u64);
    for s in segments {
        let x = s["score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&x), "{s}");
        assert!(s["components"].is_object(), "{s}");
    }
}

#[test]
fn reports_are_deterministic_and_tsv_has_a_line_per_segment() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.tsv"), dir.path().join("b.tsv"));
    let (out_a, _) = audit_sample(&a);
    let (out_b, _) = audit_sample(&b);
    assert_eq!(out_a, out_b);
    let tsv = std::fs::read_to_string(&a).unwrap();
    assert_eq!(tsv, std::fs::read_to_string(&b).unwrap());
    let json_path = dir.path().join("a.json");
    audit_sample(&json_path);
    let n = json(&json_path)["segments"].as_array().unwrap().len();
    let mut lines = tsv.lines();
    assert_eq!(
        lines.next(),
        Some("index\ttuid\tsrc_lines\ttgt_lines\tscore\tflags\tsource\ttarget\tevidence\tspans")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), n);
    assert!(rows.iter().all(|r| r.len() == 10));
    assert!(
        rows.iter()
            .any(|r| r[5].contains("punctuation:") && r[7].contains(STRAY_QUOTE))
    );
    // Trial 30 (problem 8): each flag's evidence and the words it points
    // at, beside its kind; nothing for a segment without flags.
    for r in &rows {
        let kinds: Vec<&str> = r[5].split(", ").filter(|k| !k.is_empty()).collect();
        let evidence: Vec<&str> = r[8].split(" | ").filter(|e| !e.is_empty()).collect();
        assert_eq!(evidence.len(), kinds.len(), "{r:?}");
        for (k, e) in kinds.iter().zip(&evidence) {
            assert!(e.starts_with(&format!("{k} — ")), "{r:?}");
        }
        if kinds.is_empty() {
            assert_eq!(r[9], "", "{r:?}");
        }
    }
    assert!(
        rows.iter().any(|r| r[5].contains("punctuation:")
            && r[9].contains("target ")
            && r[9].contains('“')),
        "{tsv}"
    );
}

/// A report that cannot be written (here a directory no file can be made in)
/// is an error, but the audit's summary is still printed, and a gate that
/// failed still says so.
#[cfg(target_os = "linux")]
#[test]
fn a_report_that_cannot_be_written_keeps_the_summary() {
    let out = run(bitext()
        .arg("audit")
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt"))
        .args(["--fail-under", "1", "--report", "/proc/audit.json"]));
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("document score:"), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("/proc/audit.json"), "{stderr}");
    assert!(stderr.contains("below --fail-under 1"), "{stderr}");
}

#[test]
fn fail_under_exits_3_after_writing_the_summary_and_report() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("audit.json");
    let out = run(bitext()
        .arg("audit")
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt"))
        .args(["--fail-under", "1", "--report"])
        .arg(&report));
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("below --fail-under 1"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("document score:"));
    assert!(json(&report)["document_score"].as_f64().unwrap() < 1.0);
    // A threshold the release meets passes.
    ok(bitext()
        .arg("audit")
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt"))
        .args(["--fail-under", "0", "-q"]));
    // Not a number in [0, 1]: a usage error.
    let out = run(bitext()
        .arg("audit")
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt"))
        .args(["--fail-under", "80"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("between 0 and 1"));
}

#[test]
fn fail_on_blocks_an_omission_the_document_score_lets_through() {
    // English 28 left out: Chinese 21 is an omission (an error flag), but
    // the document score barely moves, so --fail-under 0.75 passes it.
    let dir = tempfile::tempdir().unwrap();
    let (zh, en, _) = sample_without_english(dir.path(), 28);
    let audit = |extra: &[&str]| {
        run(bitext()
            .args(["audit", "--presegmented"])
            .arg(&zh)
            .arg(&en)
            .args(extra))
    };
    let passes = audit(&["--fail-under", "0.75"]);
    assert_eq!(passes.status.code(), Some(0), "{passes:?}");
    let report = dir.path().join("audit.json");
    let blocked = audit(&[
        "--fail-under",
        "0.75",
        "--fail-on",
        "error",
        "--report",
        report.to_str().unwrap(),
    ]);
    assert_eq!(blocked.status.code(), Some(3), "{blocked:?}");
    let stderr = String::from_utf8_lossy(&blocked.stderr);
    assert!(
        stderr.contains("1 segment with an error flag (--fail-on error)")
            && stderr.contains("(omission)"),
        "{stderr}"
    );
    // The message names the documents (a release gate loops over many).
    assert!(
        stderr.contains(&format!(
            "bitext: error: {} + {}: 1 segment",
            zh.display(),
            en.display()
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("--fail-under"), "{stderr}");
    // The summary and the report are still written.
    assert!(String::from_utf8_lossy(&blocked.stdout).contains("document score:"));
    assert!(json(&report)["segments"].as_array().is_some());
    // The clean sample has no error, one warning (its stray quote).
    let clean = |severity: &str| {
        run(bitext()
            .args(["audit", "-q", "--fail-on", severity])
            .arg(corpus("zh.txt"))
            .arg(corpus("en.txt")))
    };
    assert_eq!(clean("error").status.code(), Some(0));
    let warned = clean("warning");
    assert_eq!(warned.status.code(), Some(3));
    assert!(
        String::from_utf8_lossy(&warned.stderr).contains("#1 (punctuation) at zh.txt:1 · en.txt:1"),
        "{warned:?}"
    );
    // `info` is no severity to fail on: a usage error naming the choices.
    let bad = clean("info");
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("use error or warning"));
}

#[test]
fn a_memory_keeping_unmatched_sentences_audits_them_as_omissions() {
    // `align --keep-empty` writes the Chinese sentence whose English was
    // left out as a unit of one <tuv>; auditing that TMX reports the
    // omission as auditing the two texts does, instead of leaving the
    // unit out.
    let dir = tempfile::tempdir().unwrap();
    let (zh, en, _) = sample_without_english(dir.path(), 28);
    let tmx = dir.path().join("kept.tmx");
    ok(bitext()
        .args(["align", "-q", "--presegmented", "--keep-empty", "-o"])
        .arg(&tmx)
        .arg(&zh)
        .arg(&en));
    let report = dir.path().join("kept.json");
    let out = run(bitext()
        .args(["audit", "--fail-on", "error", "--report"])
        .arg(&report)
        .arg(&tmx));
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("left out"), "{stdout}");
    let r = json(&report);
    assert_eq!(r["units_without_pair"], 0);
    let omissions: Vec<&Value> = r["segments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| {
            s["flags"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["kind"] == "omission" && f["severity"] == "error")
        })
        .collect();
    assert_eq!(omissions.len(), 1, "{omissions:?}");
    assert_eq!(omissions[0]["tgt"], "");
}

#[test]
fn report_files_follow_the_output_conventions() {
    let dir = tempfile::tempdir().unwrap();
    let audit = |report: &Path, force: bool| {
        let mut cmd = bitext();
        cmd.arg("audit")
            .arg(corpus("zh.txt"))
            .arg(corpus("en.txt"))
            .arg("--report")
            .arg(report)
            .arg("-q");
        if force {
            cmd.arg("--force");
        }
        run(&mut cmd)
    };
    // An extension that names no report format: refused before any work.
    let bad = dir.path().join("audit.txt");
    let out = audit(&bad, false);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains(".json, .tsv or .html"));
    assert!(!bad.exists());
    // An existing file is kept without --force, replaced with it.
    let html = dir.path().join("audit.html");
    std::fs::write(&html, "old").unwrap();
    let out = audit(&html, false);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&html).unwrap(), "old");
    assert!(audit(&html, true).status.success());
    assert!(
        std::fs::read_to_string(&html)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    // A report over an input is refused.
    let out = audit(&corpus("en.txt"), true);
    assert_eq!(out.status.code(), Some(1));
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

/// The sample release as bitext's TMX.
fn sample_tmx(dir: &Path) -> PathBuf {
    let tmx = dir.join("release.tmx");
    ok(bitext()
        .arg("align")
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt"))
        .args(["--creation-date", "20210508T000000Z", "-q", "-o"])
        .arg(&tmx));
    tmx
}

#[test]
fn tmx_audits_the_units_in_any_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = sample_tmx(dir.path());
    let utf8_json = dir.path().join("utf8.json");
    ok(bitext()
        .arg("audit")
        .arg(&tmx)
        .arg("--report")
        .arg(&utf8_json));
    let v = json(&utf8_json);
    assert_eq!(v["src_lang"], "zh-CN");
    assert_eq!(v["tgt_lang"], "en-US");
    let segments = v["segments"].as_array().unwrap();
    let units = std::fs::read_to_string(&tmx)
        .unwrap()
        .matches("<tu ")
        .count();
    assert_eq!(segments.len(), units);
    assert_eq!(segments[0]["tuid"], "1");
    assert!(segments.iter().any(|s| {
        s["tgt"].as_str().unwrap().contains(STRAY_QUOTE)
            && s["flags"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["kind"] == "punctuation")
    }));
    // The same memory in UTF-16 LE with a byte-order mark, as some CAT
    // tools write it: the same audit.
    let text = std::fs::read_to_string(&tmx)
        .unwrap()
        .replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"");
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let utf16 = dir.path().join("utf16.tmx");
    std::fs::write(&utf16, bytes).unwrap();
    let utf16_json = dir.path().join("utf16.json");
    ok(bitext()
        .arg("audit")
        .arg(&utf16)
        .arg("--report")
        .arg(&utf16_json));
    assert_eq!(json(&utf16_json)["segments"], v["segments"]);
    assert_eq!(json(&utf16_json)["document_score"], v["document_score"]);
    // Scored in chunks of 10 units: every unit still there, in order.
    let chunked = dir.path().join("chunked.json");
    ok(bitext()
        .arg("audit")
        .arg(&tmx)
        .args(["--context", "10", "--report"])
        .arg(&chunked));
    let c = json(&chunked);
    let texts = |v: &Value| -> Vec<Value> {
        v["segments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["tgt"].clone())
            .collect()
    };
    assert_eq!(texts(&c), texts(&v));
    assert!((0.0..=1.0).contains(&c["document_score"].as_f64().unwrap()));
    let out = run(bitext().arg("audit").arg(&tmx).args(["--context", "0"]));
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn tmx_with_inline_tags_and_other_languages() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = dir.path().join("tags.tmx");
    std::fs::write(
        &tmx,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="zh-CN" datatype="html"/>
<body>
<tu tuid="a"><tuv xml:lang="zh-CN"><seg>请点击<bpt i="1">&lt;b&gt;</bpt>保存<ept i="1">&lt;/b&gt;</ept>按钮。</seg></tuv>
<tuv xml:lang="en-US"><seg>Click the <bpt i="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept> button.</seg></tuv></tu>
<tu tuid="b"><tuv xml:lang="zh-CN"><seg>共有15个文件。</seg></tuv>
<tuv xml:lang="en-US"><seg>There are 16 files.</seg></tuv></tu>
<tu tuid="c"><tuv xml:lang="zh-CN"><seg>只有中文。</seg></tuv><tuv xml:lang="fr-FR"><seg>Seulement.</seg></tuv></tu>
</body></tmx>"#,
    )
    .unwrap();
    let report = dir.path().join("tags.json");
    let (stdout, stderr) = ok(bitext().arg("audit").arg(&tmx).arg("--report").arg(&report));
    assert!(
        stderr.contains("1 of 3 units lacks zh-CN or en-US and was left out"),
        "{stderr}"
    );
    assert!(stdout.contains("left out:"), "{stdout}");
    let v = json(&report);
    assert_eq!(v["units_without_pair"], 1);
    let segments = v["segments"].as_array().unwrap();
    assert_eq!(segments.len(), 2);
    // Inline tags are read as text: the plain texts are scored.
    assert_eq!(segments[0]["src"], "请点击保存按钮。");
    assert_eq!(segments[0]["tgt"], "Click the Save button.");
    assert_eq!(segments[1]["tuid"], "b");
    assert!(
        segments[1]["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["kind"] == "number_mismatch"),
        "15 files translated as 16: {}",
        segments[1]
    );
    // The TMX 1.1 fixture (lang="ZH-CN" and friends) is read too.
    let (stdout, _) = ok(bitext()
        .arg("audit")
        .arg(manifest_dir().join("tests/fixtures/tmx/bitext-tmx11-zh.tmx")));
    assert!(stdout.contains("segments:"), "{stdout}");
    // A memory of another language pair is refused, naming the file.
    let out = run(bitext()
        .arg("audit")
        .arg(manifest_dir().join("tests/fixtures/tmx/okapi-sampleTMX2.tmx")));
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("okapi-sampleTMX2.tmx") && stderr.contains("Chinese and English"),
        "{stderr}"
    );
}

#[test]
fn glossary_terms_are_checked_and_empty_memories_refused() {
    let dir = tempfile::tempdir().unwrap();
    let terms = |glossary: &str| -> usize {
        let path = dir.path().join("terms.tsv");
        std::fs::write(&path, glossary).unwrap();
        let report = dir.path().join("terms.json");
        ok(bitext()
            .arg("audit")
            .arg(corpus("zh.txt"))
            .arg(corpus("en.txt"))
            .arg("--glossary")
            .arg(&path)
            .arg("--force")
            .arg("--report")
            .arg(&report));
        json(&report)["segments"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["flags"].as_array().unwrap().clone())
            .filter(|f| f["kind"] == "terminology")
            .count()
    };
    // The release renders 多边主义 as "multilateralism" throughout.
    assert_eq!(terms("# terms\n多边主义\tmultilateralism\n"), 0);
    let segments_with_term = std::fs::read_to_string(corpus("zh.txt"))
        .unwrap()
        .matches("多边主义")
        .count();
    let wrong = terms("多边主义\tpluralism\n");
    assert!(wrong > 0 && wrong <= segments_with_term, "{wrong}");
    // A bad glossary line is named.
    let bad = dir.path().join("bad.tsv");
    std::fs::write(&bad, "多边主义 multilateralism\n").unwrap();
    let out = run(bitext()
        .arg("audit")
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt"))
        .arg("--glossary")
        .arg(&bad));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.tsv"));
    // A memory without units: nothing to audit, said plainly.
    let empty = dir.path().join("empty.tmx");
    std::fs::write(
        &empty,
        r#"<?xml version="1.0"?><tmx version="1.4"><header srclang="zh-CN" creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" datatype="plaintext"/><body></body></tmx>"#,
    )
    .unwrap();
    let out = run(bitext().arg("audit").arg(&empty));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no translation unit"));
}

/// `--drop-flagged error` keeps a wrong date out of a TM (a CAT tool would
/// insert it as a 100% match) and says how many were left out; `warning`
/// also leaves out the sample's stray quote; batch and stream count them.
#[test]
fn drop_flagged_leaves_flagged_beads_out_and_says_how_many() {
    let dir = tempfile::tempdir().unwrap();
    let zh = dir.path().join("d.zh.txt");
    let en = dir.path().join("d.en.txt");
    std::fs::write(
        &zh,
        "会议于2021年5月7日举行。王毅主持会议。15国外长出席会议。\n",
    )
    .unwrap();
    std::fs::write(
        &en,
        "The meeting was held on 8 May 2021. Wang Yi chaired the meeting. Foreign ministers of 15 countries attended.\n",
    )
    .unwrap();
    let records = |out: &str| -> Vec<Value> {
        out.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let all = records(
        &ok(bitext()
            .arg("align")
            .arg(&zh)
            .arg(&en)
            .args(["-f", "jsonl"]))
        .0,
    );
    let errors = |r: &Value| {
        r["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["severity"] == "error")
    };
    assert_eq!(all.len(), 3);
    assert!(
        errors(&all[0]) && !errors(&all[1]) && !errors(&all[2]),
        "{all:?}"
    );
    let (kept, stderr) = ok(bitext().arg("align").arg(&zh).arg(&en).args([
        "-f",
        "jsonl",
        "--drop-flagged",
        "error",
    ]));
    let kept = records(&kept);
    assert_eq!(kept.len(), 2);
    assert_eq!(
        (&kept[0]["tuid"], &kept[0]["src"]),
        (&Value::from("2"), &all[1]["src"])
    );
    assert!(
        stderr.contains("1 bead with an error flag left out (--drop-flagged error)"),
        "{stderr}"
    );
    // The sample: no error, one warning (its stray quote).
    let sample = |severity: &str| {
        ok(bitext()
            .arg("align")
            .arg(corpus("zh.txt"))
            .arg(corpus("en.txt"))
            .args(["--creation-date", "@0", "--drop-flagged", severity]))
    };
    let (tmx, stderr) = sample("error");
    assert!(
        stderr.contains("0 beads with an error flag left out"),
        "{stderr}"
    );
    let units = tmx.matches("<tu ").count();
    let (tmx, stderr) = sample("warning");
    assert!(
        stderr.contains("1 bead with a warning or error flag left out (--drop-flagged warning)"),
        "{stderr}"
    );
    assert_eq!(tmx.matches("<tu ").count(), units - 1);
    common::xmllint_validate(tmx.as_bytes(), "align --drop-flagged");
    // batch and stream count them too.
    let out = dir.path().join("out");
    let (_, stderr) = ok(bitext()
        .args(["batch", "-f", "jsonl", "--drop-flagged", "error", "-o"])
        .arg(&out)
        .arg(dir.path())
        .arg(dir.path()));
    assert!(
        stderr.contains("1 bead with an error flag left out"),
        "{stderr}"
    );
    let line = serde_json::json!({"id": 1, "src": std::fs::read_to_string(&zh).unwrap(), "tgt": std::fs::read_to_string(&en).unwrap()});
    let mut child = bitext()
        .args(["stream", "-q", "--drop-flagged", "error"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(
        &mut child.stdin.take().unwrap(),
        format!("{line}\n").as_bytes(),
    )
    .unwrap();
    let answer: Value = serde_json::from_slice(&child.wait_with_output().unwrap().stdout).unwrap();
    assert_eq!(answer["left_out"], 1);
    assert_eq!(answer["pairs"].as_array().unwrap().len(), 2);
    // Not a severity: a usage error naming the choices.
    let bad = run(bitext()
        .arg("align")
        .arg(&zh)
        .arg(&en)
        .args(["--drop-flagged", "info"]));
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("use error or warning"));
}

#[test]
fn align_min_score_leaves_weaker_beads_out_and_says_how_many() {
    let all = ok(bitext()
        .arg("align")
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt"))
        .args(["-f", "jsonl"]))
    .0;
    let records: Vec<Value> = all
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let scores: Vec<f64> = records
        .iter()
        .map(|r| r["score"].as_f64().expect("score"))
        .collect();
    assert!(records.iter().all(|r| r["flags"].is_array()));
    // A threshold between the scores: exactly the beads at or above it stay,
    // each with its bead position as tuid.
    let mut sorted = scores.clone();
    sorted.sort_by(f64::total_cmp);
    let threshold = sorted[sorted.len() / 2];
    let (kept, stderr) = ok(bitext()
        .arg("align")
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt"))
        .args(["-f", "jsonl", "--min-score", &threshold.to_string()]));
    let kept: Vec<Value> = kept
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let expected: Vec<usize> = (0..scores.len())
        .filter(|&k| scores[k] >= threshold)
        .collect();
    assert_eq!(kept.len(), expected.len());
    for (r, &k) in kept.iter().zip(&expected) {
        assert_eq!(r["tuid"], (k + 1).to_string());
        assert_eq!(r["src"], records[k]["src"]);
    }
    let left_out = scores.len() - expected.len();
    assert!(
        stderr.contains(&format!(
            "{} with a score below {threshold} left out",
            common::count(left_out as u64, "bead", "beads")
        )),
        "{stderr}"
    );
    // TMX: the kept units carry their score and flags, the DTD holds.
    let (tmx, _) = ok(bitext()
        .arg("align")
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt"))
        .args(["--creation-date", "@0", "--min-score", "1"]));
    assert_eq!(tmx.matches("<tu ").count(), 0);
    let (tmx, _) = ok(bitext()
        .arg("align")
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt"))
        .args(["--creation-date", "@0"]));
    assert_eq!(
        tmx.matches("<prop type=\"x-bitext-score\">").count(),
        tmx.matches("<tu ").count()
    );
    assert!(
        tmx.contains("<prop type=\"x-bitext-flags\">[{&quot;kind&quot;:&quot;punctuation&quot;")
    );
    common::xmllint_validate(tmx.as_bytes(), "align with scores");
}

#[test]
fn scores_and_flags_survive_convert_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("a.jsonl");
    ok(bitext()
        .arg("align")
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt"))
        .arg("-o")
        .arg(&jsonl));
    let tmx = dir.path().join("b.tmx");
    let back = dir.path().join("c.jsonl");
    ok(bitext()
        .arg("convert")
        .arg(&jsonl)
        .arg(&tmx)
        .args(["--creation-date", "@0"]));
    common::xmllint_validate(&std::fs::read(&tmx).unwrap(), "jsonl with scores to tmx");
    ok(bitext().arg("convert").arg(&tmx).arg(&back));
    let fields = |p: &Path| -> Vec<(Value, Value, Value, Value)> {
        std::fs::read_to_string(p)
            .unwrap()
            .lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).unwrap();
                (
                    v["src"].clone(),
                    v["tgt"].clone(),
                    v["score"].clone(),
                    v["flags"].clone(),
                )
            })
            .filter(|(s, t, _, _)| s != "" && t != "")
            .map(|(s, t, score, flags)| {
                // An empty flag list is not written to TMX.
                let flags = if flags == Value::Array(vec![]) {
                    Value::Null
                } else {
                    flags
                };
                (s, t, score, flags)
            })
            .collect()
    };
    let (a, c) = (fields(&jsonl), fields(&back));
    assert!(!a.is_empty());
    assert_eq!(a, c);
    // TSV with the score and flags columns reads back too.
    let tsv = dir.path().join("d.tsv");
    ok(bitext()
        .arg("align")
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt"))
        .arg("-o")
        .arg(&tsv));
    let (out, _) = ok(bitext()
        .arg("convert")
        .arg(&tsv)
        .args(["-", "--to", "jsonl", "-q"]));
    let first: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert!(first["score"].is_number(), "{first}");
}

// ---------------------------------------------------------------- browser

/// Chromium's executable, if installed.
fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            let path = std::env::var_os("PATH")?;
            std::env::split_paths(&path)
                .map(|d| d.join(name))
                .find(|p| p.is_file())
        })
}

/// The DOM of `url` after its scripts ran, from headless Chromium.
fn dump_dom(browser: &Path, url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let out_path = out_dir.path().join("dom.html");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=5000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(url)
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", browser.display()));
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium failed on {url}: {status}");
            break;
        }
        if start.elapsed() > BROWSER_TIMEOUT {
            let _ = child.kill();
            panic!("chromium did not finish {url} within {BROWSER_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    std::fs::read_to_string(&out_path).unwrap()
}

/// The value of attribute `name` in the start tag `tag`.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// A segment row as rendered: (index, score, kinds, visible).
#[derive(Debug)]
struct Row {
    index: usize,
    score: f64,
    kinds: String,
    visible: bool,
}

/// The rows of the rendered table, in DOM order, and the status element.
fn rendered(dom: &str) -> (Vec<Row>, String) {
    let status = dom
        .find("<div id=\"status\"")
        .map(|i| dom[i..i + dom[i..].find('>').unwrap() + 1].to_string())
        .expect("the status element");
    let rows = dom
        .match_indices("<tr id=\"seg-")
        .map(|(i, _)| {
            let tag = &dom[i..i + dom[i..].find('>').unwrap() + 1];
            Row {
                index: attr(tag, "data-index").unwrap().parse().unwrap(),
                score: attr(tag, "data-score").unwrap().parse().unwrap(),
                kinds: attr(tag, "data-kinds").unwrap().to_string(),
                visible: !tag.contains(" hidden"),
            }
        })
        .collect();
    (rows, status)
}

#[test]
fn html_report_is_self_contained_and_works_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("audit.html");
    let report_json = dir.path().join("audit.json");
    audit_sample(&html);
    audit_sample(&report_json);
    let page = std::fs::read_to_string(&html).unwrap();
    // Self-contained: nothing to fetch.
    for needle in [" src=", " href=", "@import", "url(", "<link", "https:"] {
        assert!(!page.contains(needle), "the page refers out: {needle}");
    }
    let v = json(&report_json);
    let n = v["segments"].as_array().unwrap().len();
    let punctuation = v["segments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| {
            s["flags"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["kind"] == "punctuation")
        })
        .count();
    assert!(punctuation > 0);

    let Some(browser) = chromium() else {
        if std::env::var_os("CI").is_some() {
            panic!(
                "chromium is not installed (it is required when CI is set: apt-get install chromium)"
            );
        }
        eprintln!(
            "note: chromium not installed; skipping the browser test of the HTML report (apt-get install chromium)"
        );
        return;
    };
    let url = format!("file://{}", html.display());
    let ready = |status: &str| {
        assert!(
            status.contains("data-state=\"ready\""),
            "the page's script did not finish: {status}"
        );
        assert!(
            status.contains("data-errors=\"0\""),
            "script errors: {status}"
        );
    };

    // As opened: every segment, in document order.
    let dom = dump_dom(&browser, &url);
    let (rows, status) = rendered(&dom);
    ready(&status);
    assert_eq!(rows.len(), n);
    assert!(rows.iter().all(|r| r.visible));
    assert!(rows.windows(2).all(|w| w[0].index < w[1].index));
    // The stray quote is highlighted as a punctuation span.
    let marked_quote = dom.match_indices("<mark ").any(|(i, _)| {
        let tag_end = i + dom[i..].find('>').unwrap();
        let end = tag_end + dom[tag_end..].find("</mark>").unwrap();
        attr(&dom[i..=tag_end], "data-kinds").is_some_and(|k| k.contains("punctuation"))
            && dom[tag_end..end].contains('”')
    });
    assert!(
        marked_quote,
        "the stray quote is not highlighted in the DOM"
    );
    assert!(dom.contains("<svg id=\"histogram\""));

    // Filtered by flag kind and sorted by score, from the URL fragment.
    let dom = dump_dom(
        &browser,
        &format!("{url}#filter=kind:punctuation&sort=score-asc"),
    );
    let (rows, status) = rendered(&dom);
    ready(&status);
    assert!(
        status.contains("data-filter=\"kind:punctuation\""),
        "{status}"
    );
    let visible: Vec<&Row> = rows.iter().filter(|r| r.visible).collect();
    assert_eq!(visible.len(), punctuation);
    assert!(visible.iter().all(|r| r.kinds.contains(" punctuation ")));
    assert!(status.contains(&format!("data-visible=\"{punctuation}\"")));
    assert!(rows.windows(2).all(|w| w[0].score <= w[1].score));

    // Every row, highest score first.
    let dom = dump_dom(&browser, &format!("{url}#filter=all&sort=score-desc"));
    let (rows, status) = rendered(&dom);
    ready(&status);
    assert_eq!(rows.iter().filter(|r| r.visible).count(), n);
    assert!(rows.windows(2).all(|w| w[0].score >= w[1].score));
    assert!(
        rows.windows(2).any(|w| w[0].index > w[1].index),
        "not reordered"
    );

    // Worst flag first (the sample's one warning), then by score.
    let dom = dump_dom(&browser, &format!("{url}#filter=all&sort=severity"));
    let (rows, status) = rendered(&dom);
    ready(&status);
    assert!(status.contains("data-sort=\"severity\""), "{status}");
    let flagged = rows.iter().take_while(|r| r.kinds != " ").count();
    assert_eq!(flagged, rows.iter().filter(|r| r.kinds != " ").count());
    assert!(flagged > 0);
    assert!(rows[flagged..].windows(2).all(|w| w[0].score <= w[1].score));

    // A malformed fragment is ignored, not a script error.
    let dom = dump_dom(&browser, &format!("{url}#filter=%&sort=score-asc"));
    let (rows, status) = rendered(&dom);
    ready(&status);
    assert_eq!(rows.iter().filter(|r| r.visible).count(), n);
}

/// Two texts in legacy encodings, segmented by an SRX file, audit exactly as
/// their UTF-8 originals segmented by the same rules; the options that
/// concern two texts are refused for a translation memory.
#[test]
fn audit_reads_legacy_encodings_and_srx_rules_like_align() {
    let dir = tempfile::tempdir().unwrap();
    let srx = manifest_dir().join("data/omegat-zh-en.srx");
    let zh = std::fs::read_to_string(corpus("zh.txt")).unwrap();
    let en = std::fs::read_to_string(corpus("en.txt")).unwrap();
    let (zh_gb, _, bad) = encoding_rs::GB18030.encode(&zh);
    assert!(!bad);
    let (en_1252, _, bad) = encoding_rs::WINDOWS_1252.encode(&en);
    assert!(!bad);
    let (zh_path, en_path) = (dir.path().join("zh.gb"), dir.path().join("en.1252"));
    std::fs::write(&zh_path, &zh_gb).unwrap();
    std::fs::write(&en_path, &en_1252).unwrap();
    let utf8 = dir.path().join("utf8.json");
    ok(bitext()
        .arg("audit")
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt"))
        .arg("--srx")
        .arg(&srx)
        .arg("--report")
        .arg(&utf8));
    for named in [false, true] {
        let legacy = dir.path().join(format!("legacy-{named}.json"));
        let mut cmd = bitext();
        cmd.arg("audit")
            .arg(&zh_path)
            .arg(&en_path)
            .arg("--srx")
            .arg(&srx);
        if named {
            cmd.args([
                "--src-encoding",
                "gb18030",
                "--tgt-encoding",
                "windows-1252",
            ]);
        }
        let (_, stderr) = ok(cmd.arg("--report").arg(&legacy));
        if !named {
            assert!(
                stderr.contains("GB18030"),
                "detection not reported: {stderr}"
            );
        }
        let (mut a, mut b) = (json(&utf8), json(&legacy));
        // The reports name their inputs; everything else must be equal.
        a["inputs"] = Value::Null;
        b["inputs"] = Value::Null;
        assert_eq!(a, b, "legacy encodings audit differently (named: {named})");
    }
    let tmx = dir.path().join("m.tmx");
    ok(bitext()
        .arg("align")
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt"))
        .arg("-o")
        .arg(&tmx));
    for (flag, says) in [
        (["--srx", srx.to_str().unwrap()], "--srx is for two texts"),
        (["--encoding", "gb18030"], "a TMX file declares its own"),
    ] {
        let out = run(bitext().arg("audit").arg(&tmx).args(flag));
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{stderr}");
    }
}

/// A memory of other languages: with the pair named, the error does not
/// tell the user to name it again.
#[test]
fn a_named_pair_outside_chinese_and_english_is_refused_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = dir.path().join("enfr.tmx");
    std::fs::write(
        &tmx,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/><body>\
<tu><tuv xml:lang=\"en\"><seg>Hello.</seg></tuv><tuv xml:lang=\"fr-CA\"><seg>Bonjour.</seg></tuv></tu></body></tmx>\n",
    )
    .unwrap();
    let out =
        run(bitext()
            .arg("audit")
            .arg(&tmx)
            .args(["--src-lang", "en", "--tgt-lang", "fr-CA"]));
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("'fr-CA'"), "{stderr}");
    assert!(stderr.contains("Chinese against English only"), "{stderr}");
    assert!(!stderr.contains("name the pair"), "{stderr}");
}

/// A TSV of pairs in a legacy encoding is audited as its UTF-8 original,
/// and the encoding found is said on standard error, as `align` and
/// `convert` say it (`--quiet` keeps it quiet).
#[test]
fn a_legacy_tsv_is_audited_and_its_detected_encoding_said() {
    let dir = tempfile::tempdir().unwrap();
    let text = "中国代表团今天在安理会发言。\tThe Chinese delegation spoke at the Council today.\n\
                联合国安理会召开公开会议。\tThe UN Security Council held an open meeting.\n";
    let (gb, _, bad) = encoding_rs::GB18030.encode(text);
    assert!(!bad);
    let (utf8_path, gb_path) = (
        dir.path().join("pairs.tsv"),
        dir.path().join("pairs-gb.tsv"),
    );
    std::fs::write(&utf8_path, text).unwrap();
    std::fs::write(&gb_path, &gb).unwrap();
    let (utf8_report, gb_report) = (dir.path().join("a.json"), dir.path().join("b.json"));
    let (_, stderr) = ok(bitext()
        .arg("audit")
        .arg(&utf8_path)
        .arg("--report")
        .arg(&utf8_report));
    assert!(!stderr.contains("detected"), "{stderr}");
    let (_, stderr) = ok(bitext()
        .arg("audit")
        .arg(&gb_path)
        .arg("--report")
        .arg(&gb_report));
    assert!(
        stderr.contains("pairs-gb.tsv") && stderr.contains("read as GB18030 (detected"),
        "detection not reported: {stderr}"
    );
    let (mut a, mut b) = (json(&utf8_report), json(&gb_report));
    a["inputs"] = Value::Null;
    b["inputs"] = Value::Null;
    assert_eq!(a, b);
    let quiet = dir.path().join("c.json");
    let (_, stderr) = ok(bitext()
        .args(["audit", "--quiet"])
        .arg(&gb_path)
        .arg("--report")
        .arg(&quiet));
    assert!(!stderr.contains("detected"), "{stderr}");
}

/// The sample written into `dir` one sentence a line, without English
/// sentence `k`: the two files and the Chinese sentences.
fn sample_without_english(dir: &Path, k: usize) -> (PathBuf, PathBuf, Vec<String>) {
    let zh = dir.join("zh.txt");
    let en = dir.join("en.txt");
    let zh_lines = segmented("zh.txt", "zh");
    let mut en_lines = segmented("en.txt", "en");
    en_lines.remove(k);
    std::fs::write(&zh, zh_lines.join("\n") + "\n").unwrap();
    std::fs::write(&en, en_lines.join("\n") + "\n").unwrap();
    (zh, en, zh_lines)
}

/// The sample's sentences, one a line, by `bitext segment`.
fn segmented(name: &str, lang: &str) -> Vec<String> {
    let (out, _) = ok(bitext().args(["segment", "--lang", lang]).arg(corpus(name)));
    out.lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn null_threshold_makes_the_audit_of_two_texts_keener() {
    // English sentence 5 left out: by default its Chinese (3) joins the
    // next bead; with --null-threshold 0.1 it is an omission of its own.
    let dir = tempfile::tempdir().unwrap();
    let (zh, en, zh_lines) = sample_without_english(dir.path(), 5);
    let report = dir.path().join("audit.json");
    ok(bitext()
        .args(["audit", "-q", "--presegmented", "--null-threshold", "0.1"])
        .arg(&zh)
        .arg(&en)
        .arg("--report")
        .arg(&report));
    let v = json(&report);
    let alone = v["segments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["src"] == zh_lines[3].as_str())
        .expect("Chinese 3 in a segment of its own");
    assert_eq!(alone["tgt"], "");
    assert_eq!(alone["flags"][0]["kind"], "omission");
    assert_eq!(alone["flags"][0]["severity"], "error");
    // The report says how it was made.
    let setting = |v: &serde_json::Value, name: &str| {
        v["settings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .map(|s| s["value"].as_str().unwrap().to_owned())
    };
    assert_eq!(setting(&v, "null-threshold").as_deref(), Some("0.1"));
    assert_eq!(setting(&v, "segmentation").as_deref(), Some("presegmented"));
    // P,Q: a threshold per side, recorded as given; the default says so.
    ok(bitext()
        .args(["audit", "-q", "--force", "--null-threshold", "0.1,0.25"])
        .arg(&zh)
        .arg(&en)
        .arg("--report")
        .arg(&report));
    assert_eq!(
        setting(&json(&report), "null-threshold").as_deref(),
        Some("0.1,0.25")
    );
    let html = dir.path().join("audit.html");
    ok(bitext()
        .args(["audit", "-q"])
        .arg(&zh)
        .arg(&en)
        .arg("--report")
        .arg(&html));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("null-threshold auto (default)"), "{page}");
    // Checked before anything is read, and only for two texts.
    let out = run(bitext()
        .args(["audit", "--null-threshold", "1.5"])
        .arg(&zh)
        .arg(&en));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("above 0 and at most 1"));
    let tmx = dir.path().join("m.tmx");
    ok(bitext()
        .arg("align")
        .arg(&zh)
        .arg(&en)
        .args(["--presegmented", "-q", "-o"])
        .arg(&tmx));
    let out = run(bitext()
        .args(["audit", "--null-threshold", "0.1"])
        .arg(&tmx));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--null-threshold is for two texts"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A memory's report records its chunk size instead.
    let memory_report = dir.path().join("memory.json");
    ok(bitext()
        .args(["audit", "-q", "--context", "100"])
        .arg(&tmx)
        .arg("--report")
        .arg(&memory_report));
    let v = json(&memory_report);
    assert_eq!(setting(&v, "context").as_deref(), Some("100 units"));
    assert_eq!(setting(&v, "null-threshold"), None);
}

/// Standard output that cannot be written (a full disk, a closed pipe):
/// the report is still written, the error is said plainly (no panic), and
/// a failed gate still exits 3; a passed gate with a full disk exits 1.
#[test]
fn unwritable_stdout_keeps_the_report_and_the_gate() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("full.html");
    let full = || std::fs::File::create("/dev/full").expect("/dev/full");
    let out = run(bitext()
        .arg("audit")
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt"))
        .arg("--report")
        .arg(&report)
        .args(["--fail-under", "0.99"])
        .stdout(full()));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("bitext: error: <stdout>: "), "{stderr}");
    assert!(stderr.contains("below --fail-under 0.99"), "{stderr}");
    assert!(report.is_file(), "the report is written first");

    let out = run(bitext()
        .arg("audit")
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt"))
        .args(["--fail-under", "0"])
        .stdout(full()));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("bitext: error: <stdout>: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

    // A pipe closed before the summary (`… | head -0`): the gate's exit 3.
    let report = dir.path().join("pipe.json");
    let mut child = bitext()
        .arg("audit")
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt"))
        .arg("--report")
        .arg(&report)
        .args(["--fail-under", "0.99", "-q"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run bitext");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait for bitext");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(report.is_file());
}

/// `--context` chunks a memory; with two texts (aligned as one document)
/// it is refused plainly, as the options of two texts are for a memory.
#[test]
fn context_with_two_texts_is_refused() {
    let out = run(bitext()
        .arg("audit")
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt"))
        .args(["--context", "3"]));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("--context is for a translation memory, not two texts"),
        "{stderr}"
    );
}

/// A memory of software strings read from standard input may begin with a
/// placeholder or markup (`{0} 个文件`, `<b>警告</b>`): a first line with a
/// tab is TSV, not JSON Lines or TMX.
#[test]
fn tsv_on_standard_input_may_begin_with_braces_or_markup() {
    for tsv in [
        "{0} 个文件已删除。\t{0} files deleted.\n你好世界。\tHello world.\n",
        "<b>警告</b>：磁盘已满。\t<b>Warning</b>: the disk is full.\n你好世界。\tHello world.\n",
    ] {
        let out = audit_stdin(tsv.as_bytes().to_vec());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{tsv:?}: {stderr}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("segments"),
            "{tsv:?}"
        );
    }
}

/// `audit -` (and a memory whose name has no known extension) tells the
/// format from the content: TMX starts with `<`, JSON Lines with `{`, else
/// TSV; each audits as the same memory in a file does.
#[test]
fn standard_input_is_tmx_tsv_or_jsonl_as_its_content_shows() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = sample_tmx(dir.path());
    let mut summaries = Vec::new();
    for ext in ["tsv", "jsonl", "tmx"] {
        let file = dir.path().join(format!("release.{ext}"));
        if ext != "tmx" {
            ok(bitext().args(["convert", "-q"]).arg(&tmx).arg(&file));
        }
        let bytes = std::fs::read(&file).unwrap();
        let (from_file, _) = ok(bitext().args(["audit"]).arg(&file));
        // A byte-order mark and blank lines first do not hide the format
        // (a TSV's line numbers are its tuids: no blank line before it).
        let prefix: &[u8] = if ext == "tsv" {
            b"\xEF\xBB\xBF"
        } else {
            b"\xEF\xBB\xBF\n  \n"
        };
        let out = audit_stdin([prefix, &bytes[..]].concat());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{ext} on stdin: {stderr}");
        let from_stdin = String::from_utf8(out.stdout).unwrap();
        // The summary but its first line and the places of the worst
        // segments (`release.tsv:1 (unit 1)`: another name on standard
        // input, other lines after the blank ones).
        let body = |s: &str| {
            s.lines()
                .skip(1)
                .map(|l| {
                    l.split("  ")
                        .filter(|part| !part.contains(" (unit "))
                        .collect::<Vec<_>>()
                        .join("  ")
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(body(&from_stdin), body(&from_file), "{ext}");
        // The same memory named .txt.
        let txt = dir.path().join(format!("{ext}-memory.txt"));
        std::fs::copy(&file, &txt).unwrap();
        let (from_txt, _) = ok(bitext().args(["audit"]).arg(&txt));
        assert_eq!(body(&from_txt), body(&from_file), "{ext} as .txt");
        summaries.push(body(&from_file));
    }
    assert_eq!(summaries[0], summaries[1]);
}

/// The unit a too-long segment is in is named by its place among all the
/// memory's `<tu>` elements, counting those left out for lacking one of the
/// languages (the first unit here has no Chinese).
#[test]
fn the_unit_over_the_cap_is_named_by_its_place_in_the_memory() {
    let dir = tempfile::tempdir().unwrap();
    let long = "The meeting was held. ".repeat(100_000 / 22 + 1);
    let tmx = dir.path().join("gaps.tmx");
    std::fs::write(
        &tmx,
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="zh-CN" datatype="plaintext"/>
<body>
<tu><tuv xml:lang="en"><seg>Only English.</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>你好。</seg></tuv><tuv xml:lang="en"><seg>Hello.</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>会议举行。</seg></tuv><tuv xml:lang="en"><seg>{long}</seg></tuv></tu>
</body></tmx>
"#
        ),
    )
    .unwrap();
    let out = run(bitext().arg("audit").arg(&tmx));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("gaps.tmx: unit 3: the target segment is"),
        "{stderr}"
    );
}

/// A segment longer than 100,000 bytes (align's sentence cap) is refused
/// with the line or unit named, before any scoring (whose time grows with
/// the square of a segment's length), by audit of TSV, JSON Lines and TMX
/// and by score; one of exactly 100,000 bytes is scored.
#[test]
fn segments_over_the_cap_are_refused_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let long = "The meeting was held. ".repeat(100_000 / 22 + 1);
    let zh_long = "会议举行。".repeat(100_000 / 15 + 1);
    let tsv = dir.path().join("long.tsv");
    std::fs::write(
        &tsv,
        format!("你好。\tHello.\n谢谢。\t{long}\n{zh_long}\tThanks.\n"),
    )
    .unwrap();
    for command in ["audit", "score"] {
        let out = run(bitext().arg(command).arg(&tsv));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{command}: {stderr}");
        assert!(
            stderr.contains("long.tsv: line 2: the target segment is")
                && stderr.contains("the limit is 100000 bytes"),
            "{command}: {stderr}"
        );
    }
    for ext in ["jsonl", "tmx"] {
        let file = dir.path().join(format!("long.{ext}"));
        ok(bitext().args(["convert", "-q"]).arg(&tsv).arg(&file));
        let out = run(bitext().arg("audit").arg(&file));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains(&format!(
                "long.{ext}: unit 2 (tuid 2): the target segment is"
            )) && stderr.contains("the limit is 100000 bytes"),
            "{stderr}"
        );
    }
    // At the cap: scored.
    let at_cap = format!("{}{}", long, "x")
        .chars()
        .take(100_000)
        .collect::<String>();
    assert_eq!(at_cap.len(), 100_000);
    std::fs::write(&tsv, format!("你好。\tHello.\n谢谢。\t{at_cap}\n")).unwrap();
    ok(bitext().args(["score", "-q"]).arg(&tsv));
}

#[test]
fn an_audit_of_unrelated_or_non_english_texts_says_so_first() {
    // The wrong English file: the audit's flags are those of unrelated
    // texts, and the summary, the JSON and the HTML report say so before
    // the flags.
    let dir = tempfile::tempdir().unwrap();
    let unrelated = manifest_dir().join("tests/fixtures/unrelated-en.txt");
    let json = dir.path().join("r.json");
    let out = run(bitext()
        .arg("audit")
        .arg(corpus("zh.txt"))
        .arg(&unrelated)
        .arg("--report")
        .arg(&json));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let warning = stdout
        .lines()
        .find(|l| l.starts_with("warning:"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        warning.contains("do not look like translations of each other"),
        "{warning}"
    );
    let report: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let warnings = report["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let html = dir.path().join("r.html");
    run(bitext()
        .args(["audit", "-q"])
        .arg(corpus("zh.txt"))
        .arg(&unrelated)
        .arg("--report")
        .arg(&html));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.contains("<p class=\"alert\" role=\"alert\">"),
        "no warning in the page"
    );

    // A French text declared English.
    let french = manifest_dir().join("tests/fixtures/french-en.txt");
    let out = run(bitext().arg("audit").arg(corpus("zh.txt")).arg(&french));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("declared en-US but looks French"),
        "{stdout}"
    );

    // The real translation has no warning.
    let out = run(bitext()
        .arg("audit")
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt")));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("warning:"), "{stdout}");
}

/// One plain text given alone (the translation left off the command line)
/// is read as a memory of pairs; the error says how to audit a translation.
#[test]
fn a_text_given_alone_is_told_to_bring_its_translation() {
    let out = run(bitext().arg("audit").arg(corpus("zh.txt")));
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("line 1: expected 2 tab-separated fields"),
        "{stderr}"
    );
    assert!(stderr.contains("bitext audit SOURCE TARGET"), "{stderr}");
}

/// A short story, one Chinese and one English sentence a line (written for
/// this test).
const STORY_ZH: &[&str] = &[
    "今天早上，李明骑自行车去学校。",
    "路上下着大雨，他的衣服全湿了。",
    "到了学校以后，老师给了他一条干毛巾。",
    "第一节课是数学课，一共有三十二个学生。",
    "老师在黑板上写了一道很难的题目。",
    "李明想了十分钟，终于找到了答案。",
    "中午，他和朋友们在食堂吃饭。",
    "食堂的饺子很好吃，他吃了十五个。",
    "下午学校举行了一场篮球比赛。",
    "李明的班级以八十比七十赢了比赛。",
    "比赛结束后，大家一起去公园散步。",
    "公园里的花开得非常漂亮。",
    "晚上，李明给妈妈打了一个电话。",
    "妈妈说明天要去北京看望外婆。",
    "李明很高兴，因为他很久没有见到外婆了。",
    "他早早地上床睡觉了。",
];
const STORY_EN: &[&str] = &[
    "This morning, Li Ming rode his bicycle to school.",
    "It was raining heavily on the way, and his clothes were all wet.",
    "After he arrived at school, the teacher gave him a dry towel.",
    "The first class was mathematics, with thirty-two students in all.",
    "The teacher wrote a very difficult problem on the blackboard.",
    "Li Ming thought for ten minutes and finally found the answer.",
    "At noon, he ate with his friends in the canteen.",
    "The dumplings in the canteen were delicious, and he ate fifteen of them.",
    "In the afternoon the school held a basketball match.",
    "Li Ming's class won the match eighty to seventy.",
    "After the match, everyone went for a walk in the park together.",
    "The flowers in the park were blooming beautifully.",
    "In the evening, Li Ming phoned his mother.",
    "His mother said she would go to Beijing tomorrow to visit his grandmother.",
    "Li Ming was very happy, because he had not seen his grandmother for a long time.",
    "He went to bed early.",
];

/// Audits two texts (one sentence a line) in a direction; the JSON report.
fn audit_texts(dir: &Path, src: &[&str], tgt: &[&str], langs: (&str, &str)) -> Value {
    let (s, t, report) = (
        dir.join("src.txt"),
        dir.join("tgt.txt"),
        dir.join("audit.json"),
    );
    std::fs::write(&s, src.join("\n") + "\n").unwrap();
    std::fs::write(&t, tgt.join("\n") + "\n").unwrap();
    ok(bitext()
        .args([
            "audit",
            "-q",
            "--force",
            "--src-lang",
            langs.0,
            "--tgt-lang",
            langs.1,
        ])
        .arg(&s)
        .arg(&t)
        .arg("--report")
        .arg(&report));
    json(&report)
}

/// The misalignment evidences of each segment (1-based index, evidence).
fn misalignments(report: &Value) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (k, s) in report["segments"].as_array().unwrap().iter().enumerate() {
        for f in s["flags"].as_array().unwrap() {
            if f["kind"] == "misalignment" {
                out.push((k + 1, f["evidence"].as_str().unwrap().to_string()));
            }
        }
    }
    out
}

#[test]
fn swapped_and_moved_translations_are_flagged_in_both_directions() {
    let dir = tempfile::tempdir().unwrap();
    for (src, tgt, langs) in [
        (STORY_ZH, STORY_EN, ("zh", "en")),
        (STORY_EN, STORY_ZH, ("en", "zh")),
    ] {
        // Unmodified: no misalignment at all.
        let clean = audit_texts(dir.path(), src, tgt, langs);
        assert_eq!(misalignments(&clean), vec![], "{langs:?}");
        // Targets 5 and 6 swapped: the bead holding them says so.
        let mut swapped = tgt.to_vec();
        swapped.swap(4, 5);
        let found = misalignments(&audit_texts(dir.path(), src, &swapped, langs));
        assert_eq!(found.len(), 1, "{langs:?}: {found:?}");
        assert!(found[0].1.contains("in swapped order"), "{found:?}");
        assert!(found[0].1.contains(&swapped[4][..12]), "{found:?}");
        // Target 3 moved ten lines on: its source's segment names where
        // its translation is, and that segment names the source back.
        let mut moved = tgt.to_vec();
        let line = moved.remove(2);
        moved.insert(12, line);
        let report = audit_texts(dir.path(), src, &moved, langs);
        let found = misalignments(&report);
        assert_eq!(found.len(), 2, "{langs:?}: {found:?}");
        let segments = report["segments"].as_array().unwrap();
        let (from, to) = (found[0].0, found[1].0);
        assert_eq!(segments[from - 1]["tgt"], "", "{found:?}");
        assert_eq!(segments[to - 1]["src"], "", "{found:?}");
        assert!(
            found[0]
                .1
                .contains(&format!("its translation appears at segment #{to}")),
            "{found:?}"
        );
        assert!(
            found[1]
                .1
                .contains(&format!("its source appears at segment #{from}")),
            "{found:?}"
        );
        // The omission and the addition stay errors.
        assert!(
            segments[from - 1]["flags"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["kind"] == "omission" && f["severity"] == "error")
        );
    }
}

/// Checks each segment's `src_lines` and `tgt_lines` against the texts:
/// the line a side begins on holds its first characters, the line it ends
/// on its last ones; a side without text has `null`. Returns the ranges.
fn check_lines(report: &Value, src_text: &str, tgt_text: &str) -> Vec<(Value, Value)> {
    let mut out = Vec::new();
    for s in report["segments"].as_array().unwrap() {
        for (side, key, text) in [
            ("src", "src_lines", src_text),
            ("tgt", "tgt_lines", tgt_text),
        ] {
            let seg = s[side].as_str().unwrap();
            let range = &s[key];
            if seg.is_empty() {
                assert!(range.is_null(), "{s}");
                continue;
            }
            let lines: Vec<&str> = text.lines().collect();
            let [a, b] =
                [0, 1].map(|k| range[k].as_u64().unwrap_or_else(|| panic!("{s}")) as usize);
            assert!(a <= b, "{s}");
            let chars: Vec<char> = seg.chars().collect();
            let head: String = chars.iter().take(4).collect();
            let tail: String = chars[chars.len().saturating_sub(4)..].iter().collect();
            assert!(lines[a - 1].contains(&head), "line {a} lacks {head:?}: {s}");
            assert!(lines[b - 1].contains(&tail), "line {b} lacks {tail:?}: {s}");
        }
        out.push((s["src_lines"].clone(), s["tgt_lines"].clone()));
    }
    out
}

#[test]
fn every_segment_says_where_it_is_in_the_input_files() {
    let dir = tempfile::tempdir().unwrap();
    // The sample release as published: paragraphs of several sentences,
    // blank lines between the English ones.
    let report = dir.path().join("audit.json");
    let (summary, _) = audit_sample(&report);
    let text = |p: &Path| std::fs::read_to_string(p).unwrap();
    let (zh_text, en_text) = (text(&corpus("zh.txt")), text(&corpus("en.txt")));
    let v = json(&report);
    let ranges = check_lines(&v, &zh_text, &en_text);
    assert_eq!(
        ranges[0],
        (serde_json::json!([1, 1]), serde_json::json!([1, 1]))
    );
    assert!(ranges.iter().any(|(_, t)| t[0].as_u64() > Some(60)));
    // The summary's worst segments say where they are, by file name.
    assert!(
        summary.contains("  #1  zh.txt:1 · en.txt:1  score "),
        "{summary}"
    );
    // So do the TSV report's columns and the HTML page, beside each text.
    let tsv = dir.path().join("audit.tsv");
    audit_sample(&tsv);
    let rows: Vec<Vec<String>> = text(&tsv)
        .lines()
        .skip(1)
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect();
    let shown = |r: &Value| match (r[0].as_u64(), r[1].as_u64()) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a}-{b}"),
        _ => String::new(),
    };
    for (row, (src, tgt)) in rows.iter().zip(&ranges) {
        assert_eq!((&row[2], &row[3]), (&shown(src), &shown(tgt)));
    }
    let html = dir.path().join("audit.html");
    audit_sample(&html);
    let page = text(&html);
    assert!(page.contains("<div class=\"loc\">zh.txt:1</div>"));
    assert_eq!(
        page.matches("<div class=\"loc\">en.txt:").count(),
        rows.len()
    );

    // One sentence a line with blank lines between, one English sentence
    // left out: its Chinese is an omission, with no target lines.
    let (zh, en, _) = sample_without_english(dir.path(), 28);
    std::fs::write(&en, text(&en).replace('\n', "\n\n")).unwrap();
    let report = dir.path().join("omission.json");
    let (summary, _) = ok(bitext()
        .args(["audit", "--presegmented", "--worst", "1"])
        .arg(&zh)
        .arg(&en)
        .arg("--report")
        .arg(&report));
    let v = json(&report);
    let ranges = check_lines(&v, &text(&zh), &text(&en));
    let omitted: Vec<&(Value, Value)> = ranges.iter().filter(|(_, t)| t.is_null()).collect();
    assert_eq!(omitted.len(), 1, "{ranges:?}");
    let line = omitted[0].0[0].as_u64().unwrap();
    assert!(
        summary.contains(&format!("  zh.txt:{line}  score ")),
        "{summary}"
    );
    // Every English line is odd: one sentence, then a blank line.
    assert!(
        ranges
            .iter()
            .all(|(_, t)| t.is_null() || t[0].as_u64().unwrap() % 2 == 1)
    );
}

#[test]
fn every_unit_of_a_memory_says_where_it_is_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = sample_tmx(dir.path());
    let report = dir.path().join("tmx.json");
    let (summary, _) = ok(bitext().arg("audit").arg(&tmx).arg("--report").arg(&report));
    let file = std::fs::read_to_string(&tmx).unwrap();
    // The lines holding a `<tu `, counted on the file.
    let tu_lines: Vec<u64> = file
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("<tu "))
        .map(|(k, _)| k as u64 + 1)
        .collect();
    let v = json(&report);
    let segments = v["segments"].as_array().unwrap();
    assert_eq!(segments.len(), tu_lines.len());
    for (k, (s, line)) in segments.iter().zip(&tu_lines).enumerate() {
        assert_eq!(s["unit"].as_u64(), Some(k as u64 + 1));
        assert_eq!(s["line"].as_u64(), Some(*line));
        assert!(s.get("src_lines").is_none());
    }
    assert!(
        summary.contains(&format!("  release.tmx:{} (unit 1)  score ", tu_lines[0])),
        "{summary}"
    );
    // A TSV memory on standard input: the record's line, blank lines
    // counted; the TSV report's unit and line columns.
    let out = audit_stdin(
        "\n会议于2021年举行。\tThe meeting was held in 2021.\n\n\n价格是100元。\tThe price is 100 yuan.\n"
            .as_bytes()
            .to_vec(),
    );
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("<stdin>:5 (unit 2)"), "{stdout}");
    let tsv = dir.path().join("memory.tsv");
    std::fs::write(&tsv, "会议于2021年举行。\tThe meeting was held in 2021.\n\n价格是100元。\tThe price is 200 yuan.\n").unwrap();
    let tsv_report = dir.path().join("memory-report.tsv");
    ok(bitext()
        .args(["audit", "-q"])
        .arg(&tsv)
        .arg("--report")
        .arg(&tsv_report));
    let report = std::fs::read_to_string(&tsv_report).unwrap();
    let mut lines = report.lines();
    assert_eq!(
        lines.next(),
        Some("index\ttuid\tunit\tline\tscore\tflags\tsource\ttarget\tevidence\tspans")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows[1][..4], ["2", "3", "2", "3"]);
}

#[test]
fn audit_of_two_chinese_texts_says_both_look_chinese_as_align_does() {
    // Trial 26: the "English" file a copy of the Chinese; audit suggested,
    // as the fix, the very command that was run.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.en.txt");
    std::fs::copy(corpus("zh.txt"), &copy).unwrap();
    let stderr = |cmd: &str| {
        let out = run(bitext().arg(cmd).arg(corpus("zh.txt")).arg(&copy));
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let (audit, align) = (stderr("audit"), stderr("align"));
    assert!(
        audit.contains("both look Chinese") && audit.contains("is one of them the wrong file?"),
        "{audit}"
    );
    assert!(!audit.contains("bitext audit --src-lang"), "{audit}");
    assert_eq!(audit, align);
}

/// Trial 26: `audit -q` printed its whole summary, so the help's gate
/// example (`bitext audit release.tmx --fail-under 0.75 -q || echo
/// 'release blocked'`) was 45 lines of noise. `-q` prints nothing but
/// errors, as `align -q` does: the exit status, the gate's message and
/// `--report` tell.
#[test]
fn audit_quiet_prints_nothing_but_errors() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("audit.json");
    let out = run(bitext()
        .args(["audit", "-q", "--fail-under", "0.99", "--report"])
        .arg(&report)
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt")));
    assert_eq!(out.status.code(), Some(3));
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("below --fail-under 0.99") && stderr.lines().count() == 1,
        "{stderr}"
    );
    assert!(report.is_file());
    // Passing the bar: silence.
    let out = run(bitext()
        .args(["audit", "-q", "--fail-under", "0"])
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt")));
    assert!(out.status.success());
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
}

/// A TMX of `units` (`<tu>` elements), zh-CN → en-US.
fn tmx_of(dir: &Path, name: &str, units: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="zh-CN" datatype="html"/>
<body>
{units}
</body></tmx>"#
        ),
    )
    .unwrap();
    path
}

#[test]
fn units_without_text_are_left_out_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    // Only inline codes, only spaces: no text on either side, as CAT tools
    // write for a line break or a placeholder.
    let tags = r#"<tu tuid="a"><tuv xml:lang="zh-CN"><seg><ph x="1">&lt;br/&gt;</ph></seg></tuv><tuv xml:lang="en-US"><seg><ph x="1">&lt;br/&gt;</ph></seg></tuv></tu>"#;
    let spaces = r#"<tu tuid="s"><tuv xml:lang="zh-CN"><seg> </seg></tuv><tuv xml:lang="en-US"><seg> </seg></tuv></tu>"#;
    let text = r#"<tu tuid="b"><tuv xml:lang="zh-CN"><seg>你好。</seg></tuv><tuv xml:lang="en-US"><seg>Hello.</seg></tuv></tu>
<tu tuid="c"><tuv xml:lang="zh-CN"><seg>共有15个文件。</seg></tuv><tuv xml:lang="en-US"><seg>There are 15 files.</seg></tuv></tu>"#;
    // Text on one side only is an omission, scored as before.
    let one_side = r#"<tu tuid="d"><tuv xml:lang="zh-CN"><seg>再见。</seg></tuv><tuv xml:lang="en-US"><seg><ph x="2">&lt;br/&gt;</ph></seg></tuv></tu>"#;
    let tmx = tmx_of(
        dir.path(),
        "tag.tmx",
        &format!("{tags}\n{text}\n{spaces}\n{one_side}"),
    );
    for ext in ["json", "tsv", "html"] {
        let report = dir.path().join(format!("tag.{ext}"));
        let (stdout, stderr) = ok(bitext().arg("audit").arg(&tmx).arg("--report").arg(&report));
        assert!(
            stderr.contains(
                "2 of 5 units hold no text (empty, spaces or inline codes only) and were left out"
            ),
            "{stderr}"
        );
        assert!(stdout.contains("segments:        3"), "{stdout}");
        assert!(
            stdout.contains("left out:        2 units without text"),
            "{stdout}"
        );
        let written = std::fs::read_to_string(&report).unwrap();
        match ext {
            "json" => {
                let v = json(&report);
                assert_eq!(v["units_without_text"], 2);
                assert_eq!(v["units_without_pair"], 0);
                let segments = v["segments"].as_array().unwrap();
                let tuids: Vec<&str> = segments
                    .iter()
                    .map(|s| s["tuid"].as_str().unwrap())
                    .collect();
                assert_eq!(tuids, ["b", "c", "d"]);
                // Their places among all the units read.
                let units: Vec<u64> = segments
                    .iter()
                    .map(|s| s["unit"].as_u64().unwrap())
                    .collect();
                assert_eq!(units, [2, 3, 5]);
                assert_eq!(segments[2]["tgt"], "");
                assert!(
                    segments[2]["flags"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|f| f["kind"] == "omission"),
                    "{}",
                    segments[2]
                );
            }
            "tsv" => assert_eq!(written.lines().count(), 4, "{written}"),
            _ => assert!(
                written.contains("2 units without text were left out"),
                "{written}"
            ),
        }
    }
    // -q: nothing on standard error.
    let out = run(bitext().arg("audit").arg(&tmx).arg("-q"));
    assert!(out.status.success() && out.stderr.is_empty(), "{out:?}");
    // Every unit without text: nothing to audit, a clear error.
    let empty = tmx_of(dir.path(), "empty.tmx", &format!("{tags}\n{spaces}"));
    let out = run(bitext().arg("audit").arg(&empty));
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("empty.tmx: none of its 2 units holds text to audit (empty, spaces or inline codes only)"),
        "{stderr}"
    );
    let one = tmx_of(dir.path(), "one.tmx", tags);
    let out = run(bitext().arg("audit").arg(&one));
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("one.tmx: its one unit holds no text to audit"),
        "{stderr}"
    );
}

#[test]
fn fail_under_shows_the_score_below_the_bar() {
    // The sample's score is 0.92593: shown as 0.926 it would read as not
    // below 0.926.
    let out = run(bitext()
        .arg("audit")
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt"))
        .args(["--fail-under", "0.926", "-q"]));
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the document score 0.9259 is below --fail-under 0.926"),
        "{stderr}"
    );
    // Far below: three places, as the summary shows it.
    let out = run(bitext()
        .arg("audit")
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt"))
        .args(["--fail-under", "0.99"]));
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the document score 0.926 is below --fail-under 0.99"),
        "{stderr}"
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("document score:  0.926"),
        "{out:?}"
    );
}
