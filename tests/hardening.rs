//! Hostile and broken input, end to end: each case must end with a clear
//! error (exit code 1, the file named) or a correct result, never a crash,
//! a hang or a file read behind the user's back. README.md's reliability
//! section lists these cases with what happens and what they cost.

mod common;
use common::corpus;

use assert_cmd::Command;
use std::path::Path;
use tempfile::TempDir;

/// Runs bitext; returns (exit code, stdout, stderr).
fn run(args: &[&dyn AsRef<std::ffi::OsStr>]) -> (i32, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bitext"));
    for a in args {
        cmd.arg(a);
    }
    let out = cmd.output().expect("run bitext");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Converts a TMX given as bytes to TSV on standard output.
fn convert_tmx(dir: &TempDir, bytes: &[u8]) -> (i32, String, String) {
    let path = dir.path().join("in.tmx");
    std::fs::write(&path, bytes).unwrap();
    run(&[&"convert", &path, &"-", &"--to", &"tsv"])
}

/// Asserts a clean failure: exit code 1, the file named, `needle` in the
/// message, nothing on standard output.
fn assert_refused((code, stdout, stderr): (i32, String, String), file: &str, needle: &str) {
    assert_eq!(code, 1, "stderr: {stderr}");
    assert!(stderr.contains(file), "{file} not named in: {stderr}");
    assert!(stderr.contains(needle), "'{needle}' not in: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stdout.is_empty(), "nothing is written on failure: {stdout}");
}

const HEAD: &str = "<tmx version=\"1.4\"><header srclang=\"zh-CN\"/><body>";

fn unit(zh: &str, en: &str) -> String {
    format!(
        "<tu><tuv xml:lang=\"zh-CN\"><seg>{zh}</seg></tuv><tuv xml:lang=\"en-US\"><seg>{en}</seg></tuv></tu>"
    )
}

#[test]
fn entity_expansion_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [\n<!ENTITY lol \"lol\">\n");
    for k in 1..10 {
        let prev = if k == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", k - 1)
        };
        doc.push_str(&format!(
            "<!ENTITY lol{k} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    doc.push_str("]>\n");
    doc.push_str(HEAD);
    doc.push_str(&unit("笑", "&lol9;"));
    doc.push_str("</body></tmx>");
    assert_refused(
        convert_tmx(&dir, doc.as_bytes()),
        "in.tmx",
        "undefined entity &lol9;",
    );
}

#[test]
fn external_entities_are_never_read() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "TOP-SECRET").unwrap();
    let doc = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [<!ENTITY xxe SYSTEM \"file://{}\">]>\n{HEAD}{}</body></tmx>",
        secret.display(),
        unit("秘密", "&xxe;")
    );
    let result = convert_tmx(&dir, doc.as_bytes());
    assert!(!result.1.contains("TOP-SECRET") && !result.2.contains("TOP-SECRET"));
    assert_refused(result, "in.tmx", "undefined entity &xxe;");
}

#[test]
fn deep_nesting_is_bounded() {
    let dir = tempfile::tempdir().unwrap();
    // 100,000 levels inside a segment: refused.
    let deep = format!(
        "{HEAD}<tu><tuv xml:lang=\"en\"><seg>{}x{}</seg></tuv></tu></body></tmx>",
        "<hi>".repeat(100_000),
        "</hi>".repeat(100_000)
    );
    assert_refused(
        convert_tmx(&dir, deep.as_bytes()),
        "in.tmx",
        "nested more than 256",
    );
    // 100,000 levels of unknown elements between units: skipped, the units
    // around them read.
    let deep = format!(
        "{HEAD}{}{}{}{}</body></tmx>",
        unit("一", "one"),
        "<x>".repeat(100_000),
        "</x>".repeat(100_000),
        unit("二", "two")
    );
    let (code, stdout, stderr) = convert_tmx(&dir, deep.as_bytes());
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "一\tone\n二\ttwo\n");
}

#[test]
fn broken_xml_is_an_error_with_an_offset() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&[u8], &str)] = &[
        (
            b"<tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"en\"><seg>abc",
            "the file ends inside <seg>",
        ),
        (
            b"<tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"en\"><seg>a</tuv></tu></body></tmx>",
            "malformed XML",
        ),
        (b"<html><body>not a memory</body></html>", "not a TMX file"),
        (b"", "not a TMX file"),
        (
            b"<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><tmx/>",
            "unsupported encoding",
        ),
        (b"\xFF\xFE<\x00t\x00m", "invalid UTF-16"),
        (
            b"<tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"en\"><seg>caf\xE9</seg></tuv></tu></body></tmx>",
            "invalid UTF-8",
        ),
    ];
    for (bytes, needle) in cases {
        let result = convert_tmx(&dir, bytes);
        assert!(result.2.contains("byte offset"), "{}", result.2);
        assert_refused(result, "in.tmx", needle);
    }
}

#[test]
fn a_50_mb_segment_is_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let long = "長".repeat(50 * 1024 * 1024 / 3);
    let doc = format!("{HEAD}{}</body></tmx>", unit(&long, "long"));
    let (code, stdout, stderr) = convert_tmx(&dir, doc.as_bytes());
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.len(), long.len() + "\tlong\n".len());
    assert!(stdout.starts_with(&long));
}

#[test]
fn a_50_mb_text_without_breaks_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one-line.txt");
    std::fs::write(&path, "a".repeat(50 * 1024 * 1024)).unwrap();
    assert_refused(
        run(&[&"align", &corpus("zh.txt"), &path]),
        "one-line.txt",
        "without a sentence end",
    );
}

#[test]
fn a_side_of_punctuation_only_is_refused() {
    // Nothing in it to align: it used to become units pairing 。。。！！！
    // with English sentences, exit 0.
    let dir = tempfile::tempdir().unwrap();
    let punct = dir.path().join("punct.txt");
    std::fs::write(&punct, "。。。！！！\n，，，\n……\n").unwrap();
    assert_refused(
        run(&[&"align", &punct, &corpus("en.txt")]),
        "punct.txt",
        "no words, only punctuation",
    );
    // One digit or letter is text enough.
    let short = dir.path().join("short.txt");
    std::fs::write(&short, "一。\n").unwrap();
    let (code, _, stderr) = run(&[&"align", &short, &corpus("en.txt"), &"--format", &"tsv"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_million_empty_lines() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "\n".repeat(1_000_000)).unwrap();
    assert_refused(
        run(&[&"align", &corpus("zh.txt"), &empty]),
        "empty.txt",
        "no text",
    );
    // The same lines around the real text change nothing but paragraphing.
    let padded = dir.path().join("padded.txt");
    let en = std::fs::read_to_string(corpus("en.txt")).unwrap();
    std::fs::write(
        &padded,
        format!("{}{en}{}", "\n".repeat(500_000), "\n".repeat(500_000)),
    )
    .unwrap();
    let (code, stdout, stderr) = run(&[&"align", &corpus("zh.txt"), &padded, &"--format", &"tsv"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.lines().count(), 33);
}

#[test]
fn mixed_encodings_name_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mixed.txt");
    // UTF-8 (è), then a line saved as Latin-1 (é as the single byte 0xE9):
    // refused as UTF-8, never read as Windows-1252.
    let mut bytes = "Première ligne.\nSecond line.\n".as_bytes().to_vec();
    bytes.extend(b"Caf\xE9 au lait.\n");
    std::fs::write(&path, bytes).unwrap();
    assert_refused(
        run(&[&"align", &corpus("zh.txt"), &path]),
        "mixed.txt",
        "line 3",
    );
}

#[test]
fn unrelated_texts_align_with_low_confidence() {
    let unrelated = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/unrelated-en.txt");
    let (code, stdout, stderr) = run(&[
        &"align",
        &corpus("zh.txt"),
        &unrelated,
        &"--format",
        &"jsonl",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("do not look like translations"), "{stderr}");
    let mut beads = 0;
    for line in stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let confidence = v["confidence"].as_f64().unwrap();
        assert!(confidence < 0.5, "{line}");
        // Each pair of unrelated texts is a misalignment error, so that
        // `--min-score` leaves it out whatever its words share by chance.
        let both = !v["src"].as_str().unwrap().is_empty() && !v["tgt"].as_str().unwrap().is_empty();
        if both {
            assert!(v["score"].as_f64().unwrap() <= 0.45, "{line}");
            assert!(
                v["flags"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|f| f["kind"] == "misalignment" && f["severity"] == "error"),
                "{line}"
            );
        }
        beads += 1;
    }
    assert!(beads > 10);
    assert!(stdout.contains("do not look like translations of each other (relatedness"));
    // The real translation is not flagged.
    let (_, stdout, stderr) = run(&[
        &"align",
        &corpus("zh.txt"),
        &corpus("en.txt"),
        &"--format",
        &"jsonl",
    ]);
    assert!(
        !stderr.contains("do not look like translations"),
        "{stderr}"
    );
    assert!(!stdout.contains("do not look like translations"));
    let high = stdout
        .lines()
        .filter(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["confidence"]
                .as_f64()
                .unwrap()
                >= 0.5
        })
        .count();
    assert!(high >= 30, "{high} of 33 beads confident");
    // A real translation of two sentences whose words the lexicon hardly
    // sees may fall under the bound: too few pairs to judge, no error.
    let dir = tempfile::tempdir().unwrap();
    let (zh, en) = (dir.path().join("zh.txt"), dir.path().join("en.txt"));
    std::fs::write(&zh, "天气很好。我们去公园吧。\n").unwrap();
    std::fs::write(&en, "Lovely day. Let us go to the park.\n").unwrap();
    let (code, stdout, stderr) = run(&[&"align", &zh, &en, &"--format", &"jsonl"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        !stdout.contains("do not look like translations"),
        "{stdout}"
    );
}

#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_no_temporary_file() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.tmx");
    // Standard input stays open, so bitext is still running (and its
    // temporary output exists) when the signal comes.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_bitext"))
        .args([
            "convert",
            "-",
            "--from",
            "tsv",
            "--src-lang",
            "zh",
            "--tgt-lang",
            "en",
        ])
        .arg(&out)
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for k in 0..2000 {
        writeln!(stdin, "句子{k}。\tSentence {k}.").unwrap();
    }
    stdin.flush().unwrap();
    // Wait until the temporary file is there.
    let temporaries = || {
        std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".tmp")
            })
            .count()
    };
    let start = std::time::Instant::now();
    while temporaries() == 0 && start.elapsed() < std::time::Duration::from_secs(30) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(temporaries(), 1, "the run writes to a temporary file");
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let code = child.wait().unwrap().code();
    drop(stdin);
    assert_eq!(code, Some(130));
    assert_eq!(temporaries(), 0, "the temporary file is removed");
    assert!(!out.exists(), "no output appears");
}

#[cfg(unix)]
#[test]
fn special_files_and_links_as_outputs() {
    // /dev/null needs no --force and stays a device.
    let (code, _, stderr) = run(&[
        &"align",
        &corpus("zh.txt"),
        &corpus("en.txt"),
        &"-o",
        &"/dev/null",
    ]);
    assert_eq!(code, 0, "{stderr}");
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    // A link to an existing file: --force replaces the file it names and
    // keeps the link.
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.tsv");
    std::fs::write(&real, "old\n").unwrap();
    let link = dir.path().join("link.tsv");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let args: [&dyn AsRef<std::ffi::OsStr>; 7] = [
        &"align",
        &corpus("zh.txt"),
        &corpus("en.txt"),
        &"-f",
        &"tsv",
        &"-o",
        &link,
    ];
    let (code, _, stderr) = run(&args);
    assert_eq!(code, 1);
    assert!(stderr.contains("--force"), "{stderr}");
    let (code, _, stderr) = run(&[args.as_slice(), &[&"--force"]].concat());
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(std::fs::read_to_string(&real).unwrap().lines().count(), 33);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn a_french_text_declared_english_is_warned_of() {
    let french = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/french-en.txt");
    let (code, _, stderr) = run(&[&"align", &corpus("zh.txt"), &french, &"--format", &"tsv"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("french-en.txt: declared en-US but looks French"),
        "{stderr}"
    );
    let (_, _, stderr) = run(&[&"align", &corpus("zh.txt"), &corpus("en.txt")]);
    assert!(!stderr.contains("looks French"), "{stderr}");
}

/// Runs bitext with its standard error a pipe whose reading end is closed
/// (`2>&1 | head -1` after the first line, or a supervisor that went away):
/// every write to standard error fails. Returns the exit code.
fn run_with_stderr_closed(args: &[&dyn AsRef<std::ffi::OsStr>]) -> i32 {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_bitext"));
    for a in args {
        cmd.arg(a);
    }
    let status = cmd
        .stdout(std::process::Stdio::null())
        .stderr(writer)
        .status()
        .expect("run bitext");
    status.code().unwrap_or(-1)
}

#[test]
fn a_closed_standard_error_changes_no_exit_status() {
    let dir = TempDir::new().unwrap();
    let (zh, en) = (corpus("zh.txt"), corpus("en.txt"));
    // A run that succeeds and reports on standard error (its summary).
    let out = dir.path().join("pair.tmx");
    assert_eq!(
        run_with_stderr_closed(&[&"align", &zh, &en, &"-o", &out]),
        0
    );
    assert!(out.exists());
    // A run that fails: its message is lost, its status is not.
    let missing = dir.path().join("missing.txt");
    assert_eq!(run_with_stderr_closed(&[&"align", &missing, &en]), 1);
    // A batch with a failed document: exit 1 with the failures listed.
    let (src, tgt) = (dir.path().join("zh"), dir.path().join("en"));
    std::fs::create_dir_all(&src).unwrap();
    std::fs::create_dir_all(&tgt).unwrap();
    std::fs::copy(&zh, src.join("a.txt")).unwrap();
    std::fs::copy(&en, tgt.join("a.txt")).unwrap();
    std::fs::write(src.join("b.txt"), "").unwrap();
    std::fs::write(tgt.join("b.txt"), "").unwrap();
    let merged = dir.path().join("all.tmx");
    assert_eq!(
        run_with_stderr_closed(&[&"batch", &src, &tgt, &"--merge", &merged]),
        1
    );
    // The commands that report as they go.
    let tsv = dir.path().join("pairs.tsv");
    std::fs::write(&tsv, "你好。\tHello.\n").unwrap();
    assert_eq!(run_with_stderr_closed(&[&"score", &tsv]), 0);
    assert_eq!(
        run_with_stderr_closed(&[&"convert", &out, &"-", &"--to", &"tsv"]),
        0
    );
    assert_eq!(run_with_stderr_closed(&[&"segment", &zh]), 0);
}
