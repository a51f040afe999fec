//! `bitext batch` and `bitext stream` end to end: pairing, manifests and
//! their hostile lines, per-document failures, merged TMX (DTD-valid),
//! output independent of `--jobs`, and the same bytes as `bitext align`;
//! the stream's one answer per line, in order, and its error objects.

mod common;

use assert_cmd::Command;
use common::{bitext, corpus, fails, listing};
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// Small document pairs (source Chinese, target English).
const DOCS: [(&str, &str, &str); 3] = [
    (
        "meeting",
        "会议由国务委员兼外交部长王毅主持。联合国大会主席博兹克尔向会议作通报。\n",
        "The meeting was chaired by State Councilor and Foreign Minister Wang Yi. \
         The President of the UN General Assembly Bozkir briefed the meeting.\n",
    ),
    (
        "numbers",
        "15国外长出席会议。会议通过了3项决议。\n",
        "Foreign ministers of 15 countries attended the meeting. The meeting adopted 3 resolutions.\n",
    ),
    ("short", "你好。谢谢。\n", "Hello. Thank you.\n"),
];

/// `zh/NAME.zh.txt` and `en/NAME.en.txt` for every document, plus the
/// sample release as `release`.
fn dirs() -> (TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let (zh, en) = (dir.path().join("zh"), dir.path().join("en"));
    std::fs::create_dir_all(&zh).unwrap();
    std::fs::create_dir_all(&en).unwrap();
    for (name, z, e) in DOCS {
        std::fs::write(zh.join(format!("{name}.zh.txt")), z).unwrap();
        std::fs::write(en.join(format!("{name}.en.txt")), e).unwrap();
    }
    std::fs::copy(corpus("zh.txt"), zh.join("release.zh.txt")).unwrap();
    std::fs::copy(corpus("en.txt"), en.join("release.en.txt")).unwrap();
    (dir, zh, en)
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `cmd`, asserts that it succeeded (`what` and its standard error in
/// the message otherwise) and returns its standard output and error.
fn succeeds(cmd: &mut Command, what: &str) -> (Vec<u8>, String) {
    let run = cmd.output().unwrap();
    let err = stderr_of(&run);
    assert!(run.status.success(), "{what}: {err}");
    (run.stdout, err)
}

/// `bitext batch -f FORMAT` with one job and with two writes, for every
/// document, the bytes `bitext align -f FORMAT` writes (TMX valid against
/// the DTD). One test per format, so that the formats run side by side.
fn batch_writes_what_align_writes_whatever_the_jobs(format: &str, ext: &str) {
    let (dir, zh, en) = dirs();
    let mut outs = Vec::new();
    for jobs in ["1", "2"] {
        let out = dir.path().join(format!("out-{format}-{jobs}"));
        let (_, err) = succeeds(
            bitext()
                .args(["batch", "--creation-date", "@0", "-f", format, "-j", jobs])
                .arg(&zh)
                .arg(&en)
                .arg("-o")
                .arg(&out),
            &format!("batch -f {format} -j {jobs}"),
        );
        assert!(
            err.contains("bitext: 4 of 4 documents aligned, 0 failed, in "),
            "{err}"
        );
        assert_eq!(
            listing(&out),
            ["meeting", "numbers", "release", "short"].map(|n| format!("{n}.{ext}"))
        );
        outs.push(out);
    }
    for name in ["meeting", "numbers", "release", "short"] {
        let file = format!("{name}.{ext}");
        let one = std::fs::read(outs[0].join(&file)).unwrap();
        let two = std::fs::read(outs[1].join(&file)).unwrap();
        assert_eq!(one, two, "{file}: --jobs 1 and --jobs 2 differ");
        let align = bitext()
            .args(["align", "-q", "--creation-date", "@0", "-f", format])
            .arg(zh.join(format!("{name}.zh.txt")))
            .arg(en.join(format!("{name}.en.txt")))
            .output()
            .unwrap();
        assert!(align.status.success());
        assert_eq!(one, align.stdout, "{file}: batch and align differ");
        if format == "tmx" {
            common::xmllint_validate(&one, "batch per document");
        }
    }
}

#[test]
fn batch_writes_the_tmx_align_writes_whatever_the_jobs() {
    batch_writes_what_align_writes_whatever_the_jobs("tmx", "tmx");
}

#[test]
fn batch_writes_the_json_lines_align_writes_whatever_the_jobs() {
    batch_writes_what_align_writes_whatever_the_jobs("jsonl", "jsonl");
}

#[test]
fn batch_writes_the_tsv_align_writes_whatever_the_jobs() {
    batch_writes_what_align_writes_whatever_the_jobs("tsv", "tsv");
}

#[test]
fn batch_writes_the_beads_align_writes_whatever_the_jobs() {
    batch_writes_what_align_writes_whatever_the_jobs("beads", "align");
}

#[test]
fn merged_tmx_names_each_document_and_is_valid() {
    let (dir, zh, en) = dirs();
    let mut merged = Vec::new();
    for jobs in ["1", "2"] {
        let out = dir.path().join(format!("all-{jobs}.tmx"));
        let run = bitext()
            .args([
                "batch",
                "--creation-date",
                "@0",
                "--jobs",
                jobs,
                "--min-confidence",
                "0.2",
            ])
            .arg(&zh)
            .arg(&en)
            .arg("--merge")
            .arg(&out)
            .output()
            .unwrap();
        assert!(run.status.success(), "{}", stderr_of(&run));
        assert!(stderr_of(&run).contains("translation units written"));
        merged.push(std::fs::read(&out).unwrap());
    }
    assert_eq!(merged[0], merged[1], "--jobs 1 and --jobs 2 differ");
    let xml = String::from_utf8(merged[0].clone()).unwrap();
    common::xmllint_validate(xml.as_bytes(), "batch --merge");
    for name in ["meeting", "numbers", "release", "short"] {
        assert!(
            xml.contains(&format!("<prop type=\"x-bitext-document\">{name}</prop>")),
            "{name}"
        );
    }
    // Documents in the order of their names, each unit named by its
    // document and bead.
    let first = |s: &str| xml.find(s).unwrap();
    assert!(first("tuid=\"meeting:1\"") < first("tuid=\"numbers:1\""));
    assert!(first("tuid=\"release:1\"") < first("tuid=\"short:1\""));
    assert!(xml.contains("<seg>你好。</seg>"));
    // Every unit's text is in it once: as many units as the documents give.
    let units = xml.matches("<tu ").count();
    assert_eq!(
        units,
        xml.matches("<prop type=\"x-bitext-document\">").count()
    );
}

#[test]
fn a_failed_document_does_not_stop_the_batch() {
    let (dir, zh, en) = dirs();
    std::fs::write(zh.join("broken.zh.txt"), "坏\0了。\n").unwrap();
    std::fs::write(en.join("broken.en.txt"), "Broken.\n").unwrap();
    std::fs::write(zh.join("empty.zh.txt"), "  \n").unwrap();
    std::fs::write(en.join("empty.en.txt"), "Empty.\n").unwrap();
    std::fs::write(zh.join("lonely.zh.txt"), "孤单。\n").unwrap();
    // Two texts that do not translate each other are aligned, and named.
    std::fs::write(
        zh.join("mismatch.zh.txt"),
        "今天天气很好，我们去公园散步。晚上吃饺子。\n",
    )
    .unwrap();
    std::fs::write(
        en.join("mismatch.en.txt"),
        "The quarterly report shows a 12% rise in exports. Imports fell.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let err = fails(
        bitext()
            .args(["batch", "-f", "jsonl"])
            .arg(&zh)
            .arg(&en)
            .arg("-o")
            .arg(&out),
    );
    assert!(
        err.contains("lonely.zh.txt: no file of the other directory pairs with it"),
        "{err}"
    );
    assert!(
        err.contains("5 of 7 documents aligned (1 file unpaired), 2 failed"),
        "{err}"
    );
    assert!(
        err.contains("warning: 1 document does not look like translations of each other (relatedness < 0.5; every bead has low confidence): mismatch"),
        "{err}"
    );
    assert!(
        err.contains("bitext: error: 2 of 7 documents failed:\n  broken: "),
        "{err}"
    );
    assert!(
        err.contains("broken.zh.txt: NUL byte at byte offset 3 (line 1)"),
        "{err}"
    );
    assert!(
        err.contains("  empty: ") && err.contains("empty.zh.txt: the file has no text"),
        "{err}"
    );
    // The others were written; the failed ones left nothing, not even a
    // temporary file.
    assert_eq!(
        listing(&out),
        [
            "meeting.jsonl",
            "mismatch.jsonl",
            "numbers.jsonl",
            "release.jsonl",
            "short.jsonl"
        ]
    );
}

#[test]
fn existing_outputs_and_bad_options_stop_before_any_work() {
    let (dir, zh, en) = dirs();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("short.tmx"), "keep me").unwrap();
    let err = fails(bitext().arg("batch").arg(&zh).arg(&en).arg("-o").arg(&out));
    assert!(
        err.contains("short.tmx: the file exists; add --force"),
        "{err}"
    );
    assert_eq!(listing(&out), ["short.tmx"]);
    assert_eq!(
        std::fs::read_to_string(out.join("short.tmx")).unwrap(),
        "keep me"
    );
    // Options are checked before the directories are even listed.
    for (args, said) in [
        (
            &["--model", "core", "--lexicon", "g.tsv"][..],
            "--lexicon needs --model full",
        ),
        (
            &["--src-lang", "zh", "--tgt-lang", "zh-TW"][..],
            "are the same language",
        ),
        (
            &["--srx", "/nonexistent/rules.srx"][..],
            "/nonexistent/rules.srx",
        ),
    ] {
        let err = fails(
            bitext()
                .arg("batch")
                .args(args)
                .args(["/nonexistent/zh", "/nonexistent/en", "-o"])
                .arg(&out),
        );
        assert!(
            err.contains(said) && !err.contains("not a directory"),
            "{err}"
        );
    }
    let err = fails(
        bitext()
            .args(["batch", "/nonexistent/zh"])
            .arg(&en)
            .arg("-o")
            .arg(&out),
    );
    assert!(err.contains("/nonexistent/zh: not a directory"), "{err}");
    // -o and --merge exclude each other; one is needed.
    for extra in [&["-o", "x", "--merge", "y.tmx"][..], &[][..]] {
        fails(bitext().arg("batch").arg(&zh).arg(&en).args(extra));
    }
    // --jobs 0 is refused.
    fails(
        bitext()
            .args(["batch", "-j", "0"])
            .arg(&zh)
            .arg(&en)
            .arg("-o")
            .arg(&out),
    );
}

#[test]
fn manifest_pairs_and_names() {
    let (dir, zh, en) = dirs();
    let list = dir.path().join("lists");
    std::fs::create_dir_all(&list).unwrap();
    let manifest = list.join("pairs.tsv");
    // Relative paths start from the manifest's directory; NAME may hold a
    // subdirectory; the extension is added when missing.
    std::fs::write(
        &manifest,
        format!(
            "# source\ttarget\tname\n../zh/short.zh.txt\t../en/short.en.txt\n\r\n{}\t{}\t2021/may-meeting.tmx\r\n",
            zh.join("meeting.zh.txt").display(),
            en.join("meeting.en.txt").display()
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    let run = bitext()
        .args(["batch", "--manifest"])
        .arg(&manifest)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr_of(&run));
    assert_eq!(listing(&out), ["2021", "short.tmx"]);
    assert_eq!(listing(&out.join("2021")), ["may-meeting.tmx"]);
    // From standard input, relative paths start from the working directory.
    let out = dir.path().join("out-stdin");
    let run = bitext()
        .current_dir(dir.path())
        .args(["batch", "--model", "core", "--manifest", "-", "-o"])
        .arg(&out)
        .write_stdin("zh/numbers.zh.txt\ten/numbers.en.txt\n")
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr_of(&run));
    assert_eq!(listing(&out), ["numbers.tmx"]);
    let run = bitext()
        .args(["batch", "--manifest", "-", "-o"])
        .arg(&out)
        .write_stdin("a\tb\tc\td\n")
        .output()
        .unwrap();
    assert!(stderr_of(&run).contains("<stdin>: line 1: expected SOURCE TAB TARGET"));
    // Hostile lines: each is refused naming its line, nothing is written.
    let cases: [(&[u8], &str); 7] = [
        (
            b"a\tb\t../../escape\n",
            "line 1: the output name '../../escape' has an empty, '.' or '..' part",
        ),
        (
            b"a\tb\n\na\tb\t/etc/passwd\n",
            "line 3: the output name '/etc/passwd' is absolute",
        ),
        (
            b"a\tb\tc\td\n",
            "line 1: expected SOURCE TAB TARGET [TAB NAME], found 4 fields",
        ),
        (
            b"a b c\n",
            "line 1: expected SOURCE TAB TARGET [TAB NAME], found 1 field",
        ),
        (
            b"a\tb\tx\nc\td\tx\n",
            "line 2: the output name 'x' is also line 1's",
        ),
        (
            b"a\tb\n\xc3\x28\tb\n",
            "line 2: invalid UTF-8 at byte offset 4",
        ),
        (b"a\tb\tnul\x00\n", "line 1: NUL byte in the line"),
    ];
    for (text, said) in cases {
        std::fs::write(&manifest, text).unwrap();
        let out = dir.path().join("hostile");
        let err = fails(
            bitext()
                .args(["batch", "--manifest"])
                .arg(&manifest)
                .arg("-o")
                .arg(&out),
        );
        assert!(err.contains(&format!("pairs.tsv: {said}")), "{said}: {err}");
        assert!(!out.exists(), "{said}: the output directory was made");
    }
    // A pair whose file is missing fails alone.
    std::fs::write(
        &manifest,
        "../zh/short.zh.txt\t../en/short.en.txt\nmissing.txt\t../en/short.en.txt\tm\n",
    )
    .unwrap();
    let out = dir.path().join("out-missing");
    let err = fails(
        bitext()
            .args(["batch", "--manifest"])
            .arg(&manifest)
            .arg("-o")
            .arg(&out),
    );
    assert!(
        err.contains("1 of 2 documents failed:\n  m: ") && err.contains("missing.txt"),
        "{err}"
    );
    assert_eq!(listing(&out), ["short.tmx"]);
}

/// Every manifest line's files are checked before any document runs: each
/// bad one is named with the manifest's file and line (no raw OS error), its
/// document fails, the good lines run, and the exit status is 1 — into a
/// directory and into a merged TMX alike.
#[test]
fn manifest_files_are_checked_up_front() {
    let (dir, _zh, _en) = dirs();
    let list = dir.path().join("lists");
    std::fs::create_dir_all(&list).unwrap();
    let manifest = list.join("pairs.tsv");
    std::fs::write(
        &manifest,
        "# source\ttarget\n../zh/short.zh.txt\t../en/short.en.txt\n\
         missing.zh.txt\t../en/short.en.txt\tm\n\
         ../zh/meeting.zh.txt\t../en\tdir\n\
         ../zh/numbers.zh.txt\t../en/numbers.en.txt\n",
    )
    .unwrap();
    for merge in [false, true] {
        let mut cmd = bitext();
        cmd.args(["batch", "--model", "core", "--manifest"])
            .arg(&manifest);
        let out = dir.path().join(if merge { "all.tmx" } else { "out" });
        cmd.arg(if merge { "--merge" } else { "-o" }).arg(&out);
        let err = fails(&mut cmd);
        let missing = err
            .find("bitext: error: ")
            .and_then(|at| err[at..].lines().next())
            .unwrap_or_default()
            .to_string();
        assert!(
            missing.starts_with("bitext: error: ")
                && missing.contains("pairs.tsv: line 3: the source file ")
                && missing.ends_with("missing.zh.txt does not exist"),
            "{err}"
        );
        assert!(
            err.contains("pairs.tsv: line 4: the target file ")
                && err.contains("en is a directory, not a file"),
            "{err}"
        );
        assert!(
            err.contains("2 of 4 manifest lines name a file that cannot be read"),
            "{err}"
        );
        assert!(!err.contains("os error"), "{err}");
        // Said before the documents' summary, and listed at the end.
        let said = err.find("line 3: the source file").unwrap();
        let summary = err
            .find("2 of 4 documents failed")
            .expect("the failure list");
        assert!(said < summary, "{err}");
        assert!(err.contains("  m: ") && err.contains("  dir: "), "{err}");
        if merge {
            let tmx = std::fs::read_to_string(&out).unwrap();
            assert!(
                tmx.contains("short:1") && tmx.contains("numbers:1"),
                "{tmx}"
            );
            assert!(!tmx.contains("\"m:") && !tmx.contains("dir:"), "{tmx}");
        } else {
            assert_eq!(listing(&out), ["numbers.tmx", "short.tmx"]);
        }
    }
}

/// `align --glossary` and `batch --glossary` give the terminology flags
/// `audit --glossary` gives: a term rendered otherwise is flagged in the
/// records (and so can be dropped), a term rendered as the glossary says is
/// not; a bead list, which carries no flags, refuses it without a filter.
#[test]
fn align_and_batch_take_a_glossary() {
    let dir = tempfile::tempdir().unwrap();
    let right = dir.path().join("right.tsv");
    std::fs::write(&right, "# terms\n多边主义\tmultilateralism\n").unwrap();
    let wrong = dir.path().join("wrong.tsv");
    std::fs::write(&wrong, "多边主义\tpluralism\n").unwrap();
    let terminology = |jsonl: &str| -> usize {
        jsonl
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .flat_map(|r| r["flags"].as_array().cloned().unwrap_or_default())
            .filter(|f| f["kind"] == "terminology")
            .count()
    };
    let align = |glossary: &Path| -> String {
        let (out, _) = succeeds(
            bitext()
                .args(["align", "--format", "jsonl", "--glossary"])
                .arg(glossary)
                .arg(corpus("zh.txt"))
                .arg(corpus("en.txt")),
            "align --glossary",
        );
        String::from_utf8(out).unwrap()
    };
    assert_eq!(terminology(&align(&right)), 0);
    let flagged = terminology(&align(&wrong));
    let with_term = std::fs::read_to_string(corpus("zh.txt"))
        .unwrap()
        .matches("多边主义")
        .count();
    assert!(flagged > 0 && flagged <= with_term, "{flagged}");
    // batch: the same flags in its document's output.
    let (_dir2, zh, en) = dirs();
    let out = dir.path().join("out");
    succeeds(
        bitext()
            .args(["batch", "-q", "--format", "jsonl", "--glossary"])
            .arg(&wrong)
            .arg(&zh)
            .arg(&en)
            .arg("-o")
            .arg(&out),
        "batch --glossary",
    );
    let release = std::fs::read_to_string(out.join("release.jsonl")).unwrap();
    assert_eq!(terminology(&release), flagged);
    // A bead list carries no flags: refused up front, naming the option.
    let err = fails(
        bitext()
            .args(["align", "--format", "beads", "--glossary"])
            .arg(&wrong)
            .arg(corpus("zh.txt"))
            .arg(corpus("en.txt")),
    );
    assert!(
        err.contains("--glossary: a bead list carries no flags"),
        "{err}"
    );
    // A bad glossary line is named before any alignment.
    let bad = dir.path().join("bad.tsv");
    std::fs::write(&bad, "多边主义 multilateralism\n").unwrap();
    let err = fails(
        bitext()
            .args(["align", "--glossary"])
            .arg(&bad)
            .arg(corpus("zh.txt"))
            .arg(corpus("en.txt")),
    );
    assert!(err.contains("bad.tsv: line 1"), "{err}");
}

#[test]
fn batch_and_stream_help_show_examples() {
    for cmd in ["batch", "stream"] {
        let run = bitext().args([cmd, "--help"]).output().unwrap();
        assert!(run.status.success());
        let help = String::from_utf8(run.stdout).unwrap();
        assert!(
            help.contains("Examples:\n") && help.contains(&format!("  bitext {cmd} ")),
            "{help}"
        );
    }
}

fn stream(args: &[&str], input: impl Into<Vec<u8>>) -> (Vec<Value>, String) {
    let run = bitext()
        .arg("stream")
        .args(args)
        .write_stdin(input.into())
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr_of(&run));
    let out = String::from_utf8(run.stdout.clone()).unwrap();
    let values = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect();
    (values, stderr_of(&run))
}

#[test]
fn stream_answers_each_line_as_align_would() {
    let zh = std::fs::read_to_string(corpus("zh.txt")).unwrap();
    let en = std::fs::read_to_string(corpus("en.txt")).unwrap();
    let mut input = String::new();
    for (k, (name, z, e)) in DOCS.iter().enumerate() {
        input += &serde_json::json!({"id": name, "src": z, "tgt": e}).to_string();
        input += "\n";
        if k == 0 {
            input += &serde_json::json!({"id": 42, "src": zh, "tgt": en}).to_string();
            input += "\n";
        }
    }
    let (out, err) = stream(&[], input);
    assert!(
        err.contains("bitext: 4 lines, 4 aligned, 0 errors"),
        "{err}"
    );
    let ids: Vec<Value> = out.iter().map(|v| v["id"].clone()).collect();
    assert_eq!(
        ids,
        [
            Value::from("meeting"),
            42.into(),
            "numbers".into(),
            "short".into()
        ]
    );
    // The pairs are the records `align --format jsonl` writes.
    let dir = tempfile::tempdir().unwrap();
    let mut texts: Vec<(String, String)> = DOCS
        .iter()
        .map(|(_, z, e)| (z.to_string(), e.to_string()))
        .collect();
    texts.insert(1, (zh, en));
    for (v, (z, e)) in out.iter().zip(&texts) {
        std::fs::write(dir.path().join("zh.txt"), z).unwrap();
        std::fs::write(dir.path().join("en.txt"), e).unwrap();
        let align = bitext()
            .args(["align", "-q", "-f", "jsonl"])
            .arg(dir.path().join("zh.txt"))
            .arg(dir.path().join("en.txt"))
            .output()
            .unwrap();
        let records: Vec<Value> = String::from_utf8(align.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(v["pairs"].as_array().unwrap(), &records, "{}", v["id"]);
        assert_eq!(v["beads"].as_u64().unwrap() as usize, records.len());
        assert_eq!(
            (v["src_lang"].as_str(), v["tgt_lang"].as_str()),
            (Some("zh-CN"), Some("en-US"))
        );
    }
}

#[test]
fn stream_survives_hostile_lines() {
    let good = r#"{"id": "ok", "src": "你好。", "tgt": "Hello."}"#;
    let huge = format!(
        r#"{{"id": "big", "src": "{}", "tgt": "x"}}"#,
        "字".repeat(2000)
    );
    let mut input: Vec<u8> = Vec::new();
    for line in [
        good.as_bytes(),
        b"{not json",
        b"\xff\xfe{\"id\": 1}",
        br#"{"id": 3, "tgt": "x"}"#,
        br#"{"id": 4, "src": ["a"], "tgt": "x"}"#,
        br#"{"id": {"a": 1}, "src": "a", "tgt": "b"}"#,
        br#"{"src": "a", "tgt": "b"}"#,
        br#"{"id": 5, "src": "  ", "tgt": "b"}"#,
        br#"{"id": 6, "src": "\u0000", "tgt": "b"}"#,
        huge.as_bytes(),
        b"",
        br#""just a string""#,
        br#"{"id": 7, "src": "a", "tgt": "b", "src_lang": 12}"#,
        good.as_bytes(),
    ] {
        input.extend_from_slice(line);
        input.push(b'\n');
    }
    let (out, err) = stream(&["--model", "core", "--max-line-bytes", "4096"], input);
    assert!(err.contains("14 lines, 2 aligned, 12 errors"), "{err}");
    assert_eq!(out.len(), 14);
    let expect: [(Value, &str); 12] = [
        (Value::Null, "line 2: not JSON"),
        (
            Value::Null,
            "line 3: invalid UTF-8 at byte offset 0 of the line",
        ),
        (3.into(), "line 4: no \"src\""),
        (4.into(), "line 5: \"src\" must be a string"),
        (Value::Null, "line 6: \"id\" must be a string or a number"),
        (Value::Null, "line 7: no \"id\""),
        (5.into(), "line 8: \"src\" is empty"),
        (6.into(), "line 9: src: NUL byte"),
        (
            "big".into(),
            "line 10: the line is 6036 bytes long, longer than 4096",
        ),
        (Value::Null, "line 11: empty line"),
        (Value::Null, "line 12: not a JSON object"),
        (7.into(), "line 13: \"src_lang\" must be a string"),
    ];
    assert_eq!(out[0]["id"], "ok");
    assert_eq!(out[13]["id"], "ok");
    assert_eq!(out[0]["pairs"], out[13]["pairs"]);
    for (v, (id, said)) in out[1..13].iter().zip(&expect) {
        assert_eq!(&v["id"], id, "{v}");
        assert!(
            v["error"].as_str().unwrap().starts_with(said),
            "{said}: {v}"
        );
        assert_eq!(v.as_object().unwrap().len(), 2, "{v}");
    }
}

/// A record whose texts contradict their languages is told so in the
/// record's terms (its fields), not the files and options of `align`.
#[test]
fn stream_language_errors_name_the_record_fields() {
    let input = concat!(
        r#"{"id": "z", "src": "王毅主持会议。十五国外长出席会议。", "tgt": "会议由王毅主持。十五国外长出席会议。"}"#,
        "\n",
        r#"{"id": "y", "src": "Wang Yi chaired the meeting. Fifteen foreign ministers attended it.", "tgt": "会议由王毅主持。十五国外长出席会议。"}"#,
        "\n",
    );
    let (out, _) = stream(&[], input);
    assert_eq!(
        out[0]["error"],
        "line 1: src and tgt both look Chinese; bitext aligns a Chinese text with its \
         English translation (is one of them the wrong text?)"
    );
    assert_eq!(
        out[1]["error"],
        "line 2: src looks English and tgt Chinese, but their languages are zh-CN and \
         en-US (the record's src_lang and tgt_lang, else the command's --src-lang and \
         --tgt-lang): the two texts look swapped. The source text comes first: put the \
         Chinese text in src, or, if the English text is the source, say so: src_lang \
         en-US, tgt_lang zh-CN"
    );
}

/// Trial 29: swapped tags on a short pair (`"src_lang": "en", "tgt_lang":
/// "zh"` on a Chinese source with too few Han characters to contradict
/// "en" alone) were "tgt: the text looks English, but its language is zh
/// …; the source text comes first", as if the texts were out of order;
/// `align` says the two look swapped, and so does `stream` now.
#[test]
fn stream_says_swapped_tags_of_a_short_pair_look_swapped() {
    let input = concat!(
        r#"{"id": "s", "src": "会议由王毅主持。", "tgt": "The meeting was chaired by Wang Yi.", "src_lang": "en", "tgt_lang": "zh"}"#,
        "\n",
    );
    let (out, _) = stream(&[], input);
    let err = out[0]["error"].as_str().unwrap();
    assert!(
        err.starts_with(
            "line 1: src looks Chinese and tgt English, but their languages are en and zh"
        ),
        "{err}"
    );
    assert!(err.contains("the two texts look swapped"), "{err}");
    assert!(err.contains("say so: src_lang zh, tgt_lang en"), "{err}");
}

#[test]
fn align_checks_options_before_reading_inputs() {
    // The inputs do not exist: each error is the option's, said first.
    for (args, said) in [
        (
            &["--model", "core", "--lexicon", "g.tsv"][..],
            "--lexicon needs --model full",
        ),
        (
            &["--lexicon", "g.tsv", "--disable", "lexicon"][..],
            "--lexicon and --disable lexicon contradict each other",
        ),
        (
            &["--lexicon", "/nonexistent/g.tsv"][..],
            "/nonexistent/g.tsv",
        ),
        (
            &["--srx", "/nonexistent/rules.srx"][..],
            "/nonexistent/rules.srx",
        ),
    ] {
        let err = fails(
            bitext()
                .arg("align")
                .args(args)
                .args(["/nonexistent/zh.txt", "/nonexistent/en.txt"]),
        );
        assert!(err.contains(said) && !err.contains("zh.txt"), "{err}");
    }
}

/// A UTF-8 byte-order mark (as Windows editors write it) is dropped from a
/// stream's first line and from a manifest, as align and convert drop it.
#[test]
fn a_utf8_bom_is_dropped_from_stream_input_and_manifests() {
    let out = bitext()
        .args(["stream", "-q"])
        .write_stdin("\u{FEFF}{\"id\":1,\"src\":\"你好。\",\"tgt\":\"Hello.\"}\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(answer["id"], 1, "{answer}");
    assert!(answer.get("error").is_none(), "{answer}");

    let (dir, _zh, _en) = dirs();
    let manifest = dir.path().join("bom.tsv");
    std::fs::write(&manifest, "\u{FEFF}zh/short.zh.txt\ten/short.en.txt\n").unwrap();
    let out_dir = dir.path().join("out");
    let run = bitext()
        .args(["batch", "-q", "--manifest"])
        .arg(&manifest)
        .arg("-o")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr_of(&run));
    assert_eq!(listing(&out_dir), ["short.tmx"]);
}

/// A block of a larger input given `--first-line N` (N > 1) does not start
/// the input, so a byte-order mark there is a malformed request, as one
/// stream over the whole input finds it: the split run's answers are the
/// same bytes as the whole run's (trial 27).
#[test]
fn a_bom_is_dropped_only_before_the_inputs_first_line() {
    let good = "{\"id\":1,\"src\":\"你好。\",\"tgt\":\"Hello.\"}\n";
    let marked = "\u{FEFF}{\"id\":2,\"src\":\"你好。\",\"tgt\":\"Hello.\"}\n";
    let run = |input: String, first: &str| {
        let out = bitext()
            .args(["stream", "-q", "--first-line", first])
            .write_stdin(input)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        out.stdout
    };
    let whole = run(format!("{good}{marked}"), "1");
    let second: Value =
        serde_json::from_slice(whole.split(|&b| b == b'\n').nth(1).unwrap()).unwrap();
    assert!(second.get("error").is_some(), "{second}");
    let blocks = [run(good.to_string(), "1"), run(marked.to_string(), "2")].concat();
    assert_eq!(
        String::from_utf8_lossy(&blocks),
        String::from_utf8_lossy(&whole)
    );
}

/// `--merge` writes TMX, so a name that says another format is refused
/// before anything runs, as `align -o m.txt` is.
#[test]
fn merge_refuses_a_name_that_is_not_tmx() {
    let (dir, zh, en) = dirs();
    for name in ["merged.txt", "merged.tsv", "merged.jsonl"] {
        let merged = dir.path().join(name);
        let err = fails(
            bitext()
                .arg("batch")
                .arg(&zh)
                .arg(&en)
                .arg("--merge")
                .arg(&merged),
        );
        assert!(
            err.contains(name) && err.contains("--merge writes TMX"),
            "{err}"
        );
        assert!(!merged.exists());
    }
    // No extension, or .TMX in capitals: TMX.
    for name in ["merged", "merged.TMX"] {
        let merged = dir.path().join(name);
        let run = bitext()
            .args(["batch", "-q"])
            .arg(&zh)
            .arg(&en)
            .arg("--merge")
            .arg(&merged)
            .output()
            .unwrap();
        assert!(run.status.success(), "{}", stderr_of(&run));
        assert!(std::fs::read_to_string(&merged).unwrap().contains("<tmx "));
    }
}

/// The id is echoed exactly as the request wrote it: `1e2` stays `1e2`
/// (not `100.0`), a number beyond 64 bits keeps its digits, a string its
/// escapes; in error objects too.
#[test]
fn stream_echoes_ids_exactly_as_given() {
    let input = concat!(
        r#"{"id": 1e2, "src": "你好。", "tgt": "Hello."}"#,
        "\n",
        r#"{"id":18446744073709551616,"src":"你好。","tgt":"Hello."}"#,
        "\n",
        r#"{"id": "caf\u00e9-1", "src": "你好。", "tgt": "Hello."}"#,
        "\n",
        r#"{"id": -0.50, "src": "", "tgt": "Hello."}"#,
        "\n",
        r#"{"id": 7}"#,
        "\n",
    );
    let out = bitext()
        .args(["stream", "-q"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert!(
        lines[0].starts_with(r#"{"id":1e2,"src_lang""#),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with(r#"{"id":18446744073709551616,"#),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with(r#"{"id":"caf\u00e9-1","#),
        "{}",
        lines[2]
    );
    assert!(
        lines[3].starts_with(r#"{"id":-0.50,"error":"line 4: "#),
        "{}",
        lines[3]
    );
    assert!(
        lines[4].starts_with(r#"{"id":7,"error":"line 5: no \"src\""#),
        "{}",
        lines[4]
    );
    for line in lines {
        serde_json::from_str::<Value>(line).expect("each answer is JSON");
    }
}

/// Trial 23 (a corpus builder's folders): nested years, names in capitals,
/// near misses, the directories the wrong way round, `--merge -`.
#[test]
fn batch_pairs_nested_folders_and_names_what_it_cannot_pair() {
    let (dir, zh, en) = dirs();
    std::fs::create_dir_all(zh.join("2023")).unwrap();
    std::fs::create_dir_all(en.join("2023")).unwrap();
    let (_, z, e) = DOCS[1];
    std::fs::write(zh.join("2023/n.zh.txt"), z).unwrap();
    std::fs::write(en.join("2023/n.en.txt"), e).unwrap();
    std::fs::write(zh.join("caps.zh.TXT"), z).unwrap();
    std::fs::write(en.join("caps.en.txt"), e).unwrap();
    std::fs::write(zh.join("notice_31_zh.txt"), z).unwrap();
    std::fs::write(en.join("notice_31_en.txt"), e).unwrap();
    let out = dir.path().join("out");
    let (_, err) = succeeds(
        bitext()
            .args(["batch", "-f", "jsonl"])
            .arg(&zh)
            .arg(&en)
            .arg("-o")
            .arg(&out),
        "batch -f jsonl",
    );
    assert!(
        err.contains("2 subdirectories not searched") && err.contains("add --recursive"),
        "{err}"
    );
    assert!(
        err.contains("notice_31_zh.txt and ") && err.contains("look like a pair"),
        "{err}"
    );
    assert!(
        err.contains("5 of 5 documents aligned (2 files unpaired)"),
        "{err}"
    );
    assert!(out.join("caps.jsonl").is_file());
    // --recursive: the nested pair, its output in the same subdirectory.
    let out2 = dir.path().join("out2");
    let run = bitext()
        .args(["batch", "-r", "-q", "-f", "jsonl"])
        .arg(&zh)
        .arg(&en)
        .arg("-o")
        .arg(&out2)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr_of(&run));
    assert_eq!(
        std::fs::read(out2.join("2023/n.jsonl")).unwrap(),
        std::fs::read(out2.join("caps.jsonl")).unwrap()
    );
    // The directories the wrong way round: said, not just "no pair".
    let err = fails(
        bitext()
            .arg("batch")
            .arg(&en)
            .arg(&zh)
            .arg("-o")
            .arg(dir.path().join("out3")),
    );
    assert!(err.contains("are SRC_DIR and TGT_DIR swapped?"), "{err}");
    // --merge -: the merged TMX on standard output, as a file would hold it.
    let merged = dir.path().join("all.tmx");
    let run = bitext()
        .args(["batch", "-q", "--creation-date", "@0", "--merge"])
        .arg(&merged)
        .arg(&zh)
        .arg(&en)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr_of(&run));
    let run2 = bitext()
        .args(["batch", "-q", "--creation-date", "@0", "--merge", "-"])
        .arg(&zh)
        .arg(&en)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(run2.status.success(), "{}", stderr_of(&run2));
    assert_eq!(run2.stdout, std::fs::read(&merged).unwrap());
    assert!(!dir.path().join("-").exists());
}

/// Trial 23: a document that fails on a `--force` re-run leaves the
/// earlier run's output in place (it is never removed), and the list of
/// failures says so, so that `cat out/*` is not trusted blindly.
#[test]
fn a_failed_rerun_names_the_earlier_output_it_leaves() {
    let (dir, zh, en) = dirs();
    let out = dir.path().join("out");
    let first = bitext()
        .args(["batch", "-q", "-f", "jsonl"])
        .arg(&zh)
        .arg(&en)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(first.status.success(), "{}", stderr_of(&first));
    let before = std::fs::read(out.join("short.jsonl")).unwrap();
    std::fs::write(en.join("short.en.txt"), "   \n").unwrap();
    let err = fails(
        bitext()
            .args(["batch", "--force", "-f", "jsonl"])
            .arg(&zh)
            .arg(&en)
            .arg("-o")
            .arg(&out),
    );
    assert!(
        err.contains(&format!(
            "({} is an earlier run's output, left in place)",
            out.join("short.jsonl").display()
        )),
        "{err}"
    );
    assert_eq!(std::fs::read(out.join("short.jsonl")).unwrap(), before);
}

/// Trial 23: one `--tgt-encoding windows-1252` for a folder of mixed files
/// reads the legacy file in it and leaves the UTF-8 ones as they are.
#[test]
fn a_named_legacy_encoding_spares_the_utf8_files_of_a_batch() {
    let (dir, zh, en) = dirs();
    std::fs::write(zh.join("quote.zh.txt"), "中国的出口增长了。\n").unwrap();
    std::fs::write(en.join("quote.en.txt"), b"China\x92s exports grew.\n").unwrap();
    std::fs::write(zh.join("curly.zh.txt"), "中国的进口增长了。\n").unwrap();
    std::fs::write(en.join("curly.en.txt"), "China’s imports grew.\n").unwrap();
    let out = dir.path().join("out");
    let (_, err) = succeeds(
        bitext()
            .args(["batch", "-f", "tsv", "--tgt-encoding", "windows-1252"])
            .arg(&zh)
            .arg(&en)
            .arg("-o")
            .arg(&out),
        "batch -f tsv --tgt-encoding windows-1252",
    );
    assert!(
        err.contains("curly.en.txt: UTF-8 text; read as UTF-8, not as windows-1252"),
        "{err}"
    );
    let quote = std::fs::read_to_string(out.join("quote.tsv")).unwrap();
    let curly = std::fs::read_to_string(out.join("curly.tsv")).unwrap();
    assert!(quote.contains("China’s exports grew."), "{quote}");
    assert!(curly.contains("China’s imports grew."), "{curly}");
    assert!(!curly.contains("â€"), "{curly}");
}

/// Trial 23: under GNU parallel each process sees a block of the input;
/// `--first-line` numbers its error objects as the whole input does, and
/// the summary says what the filters left out, as its help promises.
#[test]
fn stream_numbers_lines_from_first_line_and_counts_what_filters_leave_out() {
    let input = concat!(
        r#"{"id": "a", "src": "会议由王毅主持。十五国外长出席会议。", "tgt": "Wang Yi chaired the meeting. Fifteen foreign ministers attended it."}"#,
        "\n",
        "not json\n",
    );
    let (out, err) = stream(
        &["--first-line", "201", "--min-confidence", "0.999999"],
        input,
    );
    assert!(
        out[1]["error"].as_str().unwrap().starts_with("line 202: "),
        "{}",
        out[1]
    );
    let left = out[0]["left_out"].as_u64().unwrap();
    assert!(left > 0, "{}", out[0]);
    assert!(
        err.contains(&format!(
            "bitext: {} with confidence < 0.999999 left out (--min-confidence)",
            common::count(left, "bead", "beads")
        )),
        "{err}"
    );
    let run = bitext()
        .args(["stream", "--first-line", "0"])
        .write_stdin("")
        .output()
        .unwrap();
    assert!(!run.status.success());
    assert!(stderr_of(&run).contains("'0' is not a line number"));
}

/// Review 23: `bitext batch in/ in/ -o in/out -r` run twice paired the
/// first run's outputs on the second (in/out/meeting.tmx with itself), and
/// `--merge in/all.tmx` the merged file with itself: the output directory
/// and the merged file are never walked (compared as canonical paths, so
/// `in/./out` is the same directory), nor named as a subdirectory not
/// searched without --recursive.
#[test]
fn batch_never_pairs_its_own_outputs_inside_the_input_directory() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    for (name, z, e) in &DOCS[..2] {
        std::fs::write(input.join(format!("{name}.zh.txt")), z).unwrap();
        std::fs::write(input.join(format!("{name}.en.txt")), e).unwrap();
    }
    for round in 0..2 {
        let (_, err) = succeeds(
            bitext()
                .args(["batch", "-r", "--force"])
                .arg(&input)
                .arg(&input)
                .arg("-o")
                .arg(input.join(".").join("out")),
            &format!("round {round}"),
        );
        assert!(
            err.contains("2 of 2 documents aligned,") && !err.contains("unpaired"),
            "round {round}: {err}"
        );
        assert!(!input.join("out/out").exists(), "round {round}");
        assert!(input.join("out/meeting.tmx").is_file());
    }
    // Without --recursive the output directory is not "not searched".
    let (_, err) = succeeds(
        bitext()
            .args(["batch", "--force"])
            .arg(&input)
            .arg(&input)
            .arg("-o")
            .arg(input.join("out")),
        "without --recursive",
    );
    assert!(!err.contains("not searched"), "{err}");
    // --merge: the merged file of the first run is not a document (nor an
    // unpaired file) of the second.
    std::fs::remove_dir_all(input.join("out")).unwrap();
    let merged = input.join("all.tmx");
    for round in 0..2 {
        let (_, err) = succeeds(
            bitext()
                .args(["batch", "-r", "--force", "--creation-date", "@0", "--merge"])
                .arg(&merged)
                .arg(&input)
                .arg(&input),
            &format!("merge round {round}"),
        );
        assert!(
            err.contains("2 of 2 documents aligned,") && !err.contains("unpaired"),
            "merge round {round}: {err}"
        );
    }
    let tmx = std::fs::read_to_string(&merged).unwrap();
    assert!(!tmx.contains("all:"), "{tmx}");
}

/// Corpus builders: `batch --dedupe` writes each pair of texts once, across
/// the whole batch for `--merge` (the first document's unit kept) and
/// inside each document for per-document files; `stream --dedupe` inside
/// each line's documents; a bead list refuses it.
#[test]
fn dedupe_writes_each_pair_of_texts_once() {
    let (dir, zh, en) = dirs();
    // The short document again under another name, and a document that
    // repeats its first sentence.
    let (_, z, e) = DOCS[2];
    std::fs::write(zh.join("short-again.zh.txt"), z).unwrap();
    std::fs::write(en.join("short-again.en.txt"), e).unwrap();
    let (_, mz, me) = DOCS[0];
    std::fs::write(zh.join("twice.zh.txt"), format!("{mz}\n{mz}")).unwrap();
    std::fs::write(en.join("twice.en.txt"), format!("{me}\n{me}")).unwrap();
    let hello = "<seg>你好。</seg>";
    let merge = |dedupe: bool| {
        let mut cmd = bitext();
        cmd.args(["batch", "--creation-date", "@0", "--merge", "-"])
            .arg(&zh)
            .arg(&en);
        if dedupe {
            cmd.arg("--dedupe");
        }
        let (out, err) = succeeds(&mut cmd, "batch --merge -");
        (String::from_utf8(out).unwrap(), err)
    };
    let (all, _) = merge(false);
    assert_eq!(all.matches(hello).count(), 2, "{all}");
    let (deduped, err) = merge(true);
    assert_eq!(deduped.matches(hello).count(), 1, "{deduped}");
    // The documents' order is their names' (short-again before short), and
    // `twice` repeats `meeting`'s pairs only.
    assert!(
        deduped.contains("tuid=\"short-again:1\"")
            && !deduped.contains("tuid=\"short:1\"")
            && deduped.contains("tuid=\"meeting:1\"")
            && !deduped.contains("tuid=\"twice:"),
        "{deduped}"
    );
    assert!(
        err.contains("duplicate pairs of texts left out (--dedupe)"),
        "{err}"
    );
    common::xmllint_validate(deduped.as_bytes(), "batch --merge --dedupe");
    // Per-document files: inside each document (both short ones kept).
    let out = dir.path().join("out");
    succeeds(
        bitext()
            .args(["batch", "-q", "--dedupe", "-f", "jsonl"])
            .arg(&zh)
            .arg(&en)
            .arg("-o")
            .arg(&out),
        "batch --dedupe -o",
    );
    let lines = |name: &str| -> Vec<Value> {
        std::fs::read_to_string(out.join(name))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let twice = lines("twice.jsonl");
    let pairs: Vec<(&str, &str)> = twice
        .iter()
        .map(|v| (v["src"].as_str().unwrap(), v["tgt"].as_str().unwrap()))
        .collect();
    let mut unique = pairs.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), pairs.len(), "{pairs:?}");
    assert!(pairs.len() >= 2, "{pairs:?}");
    assert_eq!(lines("short.jsonl"), lines("short-again.jsonl"));
    // A bead list is positions: refused before any work.
    let err = fails(
        bitext()
            .args(["batch", "--dedupe", "-f", "beads"])
            .arg(&zh)
            .arg(&en)
            .arg("-o")
            .arg(dir.path().join("beads")),
    );
    assert!(
        err.contains("--dedupe") && err.contains("bead list"),
        "{err}"
    );
    assert!(!dir.path().join("beads").exists());
    // stream: inside each line's documents.
    let request =
        serde_json::json!({"id": 1, "src": format!("{mz}\n{mz}"), "tgt": format!("{me}\n{me}")});
    let (plain, _) = stream(&[], format!("{request}\n"));
    let (values, err) = stream(&["--dedupe"], format!("{request}\n{request}\n"));
    let n = plain[0]["pairs"].as_array().unwrap().len();
    for v in &values {
        let kept = v["pairs"].as_array().unwrap().len();
        assert!(kept < n, "{v}");
        assert_eq!(v["left_out"].as_u64(), Some((n - kept) as u64), "{v}");
    }
    assert!(err.contains("left out (--dedupe)"), "{err}");
    for cmd in ["batch", "stream"] {
        let run = bitext().args([cmd, "--help"]).output().unwrap();
        let help = String::from_utf8(run.stdout).unwrap();
        assert!(
            help.contains("--dedupe") && help.contains(" --dedupe"),
            "{help}"
        );
    }
}

/// Review 23: `--merge -` in a pipe (`| gzip`) hides bitext's exit status
/// behind gzip's; the help says how to see it.
#[test]
fn batch_help_tells_a_pipe_to_set_pipefail() {
    let run = bitext().args(["batch", "--help"]).output().unwrap();
    let help = String::from_utf8(run.stdout).unwrap();
    assert!(
        help.contains("set -o pipefail; bitext batch zh/ en/ --merge - | gzip"),
        "{help}"
    );
    let merge = &help[help.find("--merge <FILE.tmx>").unwrap()..];
    assert!(
        merge[..merge.find("\n  -").unwrap_or(merge.len())].contains("set -o pipefail"),
        "{merge}"
    );
}

/// Trial 26: the summary of a merged TMX said "1 bead with an empty side
/// left out of the TMX" without naming the document, and gave no flag
/// counts; it names both now.
#[test]
fn batch_summary_names_what_the_tmx_leaves_out_and_counts_flags() {
    let dir = tempfile::tempdir().unwrap();
    let (zh, en) = (dir.path().join("zh"), dir.path().join("en"));
    std::fs::create_dir_all(&zh).unwrap();
    std::fs::create_dir_all(&en).unwrap();
    let docs = [
        (
            "omit",
            "会议由王毅主持。他说，中国是全球最大的风电市场，装机容量连续十年位居世界第一，远超其他国家。十五国外长出席会议。\n",
            "The meeting was chaired by Wang Yi. Fifteen foreign ministers attended the meeting.\n",
        ),
        (
            "numbers",
            "会议通过了3项决议。会议由王毅主持。\n",
            "The meeting adopted 5 resolutions. The meeting was chaired by Wang Yi.\n",
        ),
        ("short", "你好。谢谢。\n", "Hello. Thank you.\n"),
    ];
    for (name, z, e) in docs {
        std::fs::write(zh.join(format!("{name}.zh.txt")), z).unwrap();
        std::fs::write(en.join(format!("{name}.en.txt")), e).unwrap();
    }
    for to in ["--merge", "-o"] {
        let out = dir
            .path()
            .join(if to == "--merge" { "all.tmx" } else { "out" });
        let (_, err) = succeeds(
            bitext().arg("batch").arg(&zh).arg(&en).arg(to).arg(&out),
            "batch",
        );
        assert!(
            err.contains(
                "bitext: 1 bead with an empty side left out of the TMX (--keep-empty keeps them): omit (1)"
            ),
            "{to}: {err}"
        );
        let flags = err
            .lines()
            .find(|l| l.starts_with("bitext: flags:"))
            .unwrap_or_else(|| panic!("{to}: no flag counts: {err}"));
        assert!(flags.contains("2 errors"), "{to}: {flags}");
        assert!(flags.contains("numbers (1), omit (1)"), "{to}: {flags}");
        assert!(!flags.contains("short"), "{to}: {flags}");
    }
}

/// Trial 26: a line over --max-line-bytes was answered with `"id":null`
/// although `"id"` was its first key; the id is read from its start now.
#[test]
fn a_line_over_the_cap_keeps_the_id_it_starts_with() {
    let long = format!(
        "{{\"id\": \"huge\", \"src\": \"{}\", \"tgt\": \"Hello.\"}}\n",
        "你好。".repeat(5000)
    );
    let (out, _) = stream(&["--max-line-bytes", "1000"], long);
    assert_eq!(out[0]["id"], "huge", "{:?}", out[0]);
    assert!(
        out[0]["error"]
            .as_str()
            .unwrap()
            .starts_with("line 1: the line is"),
        "{:?}",
        out[0]
    );
}

/// Session 45's trial: `--max-line-bytes 0` was taken as 1 without a word
/// (every line then answered "longer than 1"). A cap of no bytes is a
/// usage error, said before any line is read.
#[test]
fn a_line_cap_of_zero_bytes_is_refused() {
    let run = bitext()
        .args(["stream", "--max-line-bytes", "0"])
        .write_stdin("{\"id\": 1, \"src\": \"你好。\", \"tgt\": \"Hello.\"}\n")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "{}", stderr_of(&run));
    assert!(run.stdout.is_empty());
    let err = stderr_of(&run);
    assert!(
        err.contains("--max-line-bytes") && err.contains("'0'"),
        "{err}"
    );
}

/// Trial 26: with the directories the wrong way round, batch printed one
/// "rename one" warning per file before the error that says they are
/// swapped. The swap is found first and is all that is said.
#[test]
fn swapped_directories_are_said_once_without_a_warning_per_file() {
    let (dir, zh, en) = dirs();
    let out = bitext()
        .arg("batch")
        .arg(&en)
        .arg(&zh)
        .arg("-o")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("are SRC_DIR and TGT_DIR swapped?"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        !err.contains("rename one") && !err.contains("warning"),
        "{err}"
    );
}
