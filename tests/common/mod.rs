//! Helpers shared by the integration tests (each test file uses some).
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;

/// Says something in `cargo test`'s normal output. libtest captures what
/// `print!` and `eprint!` write (shown only for failing tests), but not
/// writes to the standard error handle itself, so this line is seen in a
/// plain `cargo test` run: a skipped check is never silent.
pub fn notice(message: &str) {
    let _ = writeln!(std::io::stderr(), "{message}");
}

/// Validates a TMX with `xmllint --noout --dtdvalid tests/fixtures/tmx14.dtd`
/// (the LISA TMX 1.4 DTD, identical to `../shared/tmx/tmx14.dtd`).
/// Without `xmllint`: fails when `CI` is set, skips (with a note) otherwise.
///
/// Each validation is logged as one line in
/// `$CARGO_TARGET_TMPDIR/dtd-validations.log`, so that
/// `scripts/count-dtd.sh` can report how many TMX files the suite validated.
pub fn xmllint_validate(xml: &[u8], what: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dtd = root.join("tests/fixtures/tmx14.dtd");
    if std::process::Command::new("xmllint")
        .arg("--version")
        .output()
        .is_err()
    {
        if std::env::var_os("CI").is_some() {
            panic!(
                "xmllint is not installed (it is required when CI is set: apt-get install libxml2-utils)"
            );
        }
        notice(
            "SKIPPED: xmllint not installed; no DTD validation of a TMX (apt-get install libxml2-utils; under CI this fails)",
        );
        return;
    }
    // The DTD goes beside the file too, so that the DOCTYPE's system
    // identifier "tmx14.dtd" resolves and xmllint has nothing to warn about.
    let dir = tempfile::tempdir().expect("temporary directory");
    std::fs::copy(&dtd, dir.path().join("tmx14.dtd")).expect("copy the DTD");
    let file = dir.path().join("out.tmx");
    std::fs::write(&file, xml).expect("write the TMX");
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--dtdvalid")
        .arg(&dtd)
        .arg(&file)
        .output()
        .expect("run xmllint");
    assert!(
        out.status.success(),
        "xmllint rejects the TMX ({what}):\n{}\n--- TMX (first 2000 bytes) ---\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&xml[..xml.len().min(2000)])
    );
    let log = Path::new(env!("CARGO_TARGET_TMPDIR")).join("dtd-validations.log");
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
    {
        let _ = writeln!(f, "{what}\t{} bytes", xml.len());
    }
}

/// Checks that beads (source and target sentence indices) are monotone,
/// contiguous and cover `0..n_src` and `0..n_tgt` exactly once, with no
/// bead empty on both sides.
pub fn assert_covering(beads: &[(Vec<usize>, Vec<usize>)], n_src: usize, n_tgt: usize) {
    let (mut i, mut j) = (0, 0);
    for (k, (s, t)) in beads.iter().enumerate() {
        assert!(
            !(s.is_empty() && t.is_empty()),
            "bead {k} is empty on both sides"
        );
        for &x in s {
            assert_eq!(
                x, i,
                "bead {k} ({s:?}:{t:?}): source {x} out of order (expected {i})"
            );
            i += 1;
        }
        for &y in t {
            assert_eq!(
                y, j,
                "bead {k} ({s:?}:{t:?}): target {y} out of order (expected {j})"
            );
            j += 1;
        }
    }
    assert_eq!((i, j), (n_src, n_tgt), "beads do not cover both sides");
}

/// Runs a command that must fail with exit code 1; returns its stderr.
pub fn fails(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().expect("run bitext");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{cmd:?} should exit with 1\nstdout:\n{}\nstderr:\n{stderr}",
        String::from_utf8_lossy(&out.stdout)
    );
    stderr
}

/// Names of the files in a directory, sorted.
pub fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The `bitext` binary of this build, with `SOURCE_DATE_EPOCH` cleared so
/// that a TMX's dates come from the options or the clock, not the caller's
/// environment.
pub fn bitext() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_bitext"));
    cmd.env_remove("SOURCE_DATE_EPOCH");
    cmd
}

/// A file of the sample corpus (`corpora/release-2021-05-08`).
pub fn corpus(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpora/release-2021-05-08")
        .join(name)
}

/// `1 unit`, `2 units`: a count as bitext's summary lines say it.
pub fn count(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The flags of one pair scored alone by `bitext score` (zh→en, or en→zh
/// with `en_zh`), as `kind:severity — evidence`.
pub fn score_flags(src: &str, tgt: &str, en_zh: bool) -> Vec<String> {
    let mut cmd = bitext();
    cmd.arg("score");
    if en_zh {
        cmd.args(["--src-lang", "en", "--tgt-lang", "zh"]);
    }
    let out = cmd
        .arg("-")
        .write_stdin(format!("{src}\t{tgt}\n"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let line = String::from_utf8(out).unwrap();
    let v: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
    v["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}:{} — {}",
                f["kind"].as_str().unwrap(),
                f["severity"].as_str().unwrap(),
                f["evidence"].as_str().unwrap()
            )
        })
        .collect()
}

/// [`score_flags`] of a Chinese source and its English translation.
pub fn zh_en(zh: &str, en: &str) -> Vec<String> {
    score_flags(zh, en, false)
}

/// [`score_flags`] of an English source and its Chinese translation.
pub fn en_zh(en: &str, zh: &str) -> Vec<String> {
    score_flags(en, zh, true)
}
