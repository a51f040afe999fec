//! Running `bitext batch` and `bitext stream` over a corpus (trial 27):
//! resuming a batch with `--skip-existing` and the interrupted run's last
//! line, unpaired files reported even with `-q`, `--merge -` stopping when
//! its reader has gone, and a stream request with a key given twice.

mod common;

use common::{bitext, corpus, fails, listing};
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// `zh/` and `en/` with `n` short document pairs `d000` … and, first in
/// the order of names, the sample release as `a-release`.
fn dirs(n: usize) -> (TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let (zh, en) = (dir.path().join("zh"), dir.path().join("en"));
    std::fs::create_dir_all(&zh).unwrap();
    std::fs::create_dir_all(&en).unwrap();
    for k in 0..n {
        std::fs::write(
            zh.join(format!("d{k:03}.zh.txt")),
            format!("会议通过了{k}项决议。谢谢。\n"),
        )
        .unwrap();
        std::fs::write(
            en.join(format!("d{k:03}.en.txt")),
            format!("The meeting adopted {k} resolutions. Thank you.\n"),
        )
        .unwrap();
    }
    std::fs::copy(corpus("zh.txt"), zh.join("a-release.zh.txt")).unwrap();
    std::fs::copy(corpus("en.txt"), en.join("a-release.en.txt")).unwrap();
    (dir, zh, en)
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn skip_existing_resumes_a_batch_and_leaves_finished_outputs_alone() {
    let (dir, zh, en) = dirs(3);
    let out = dir.path().join("out");
    let resume = || {
        bitext()
            .arg("batch")
            .arg(&zh)
            .arg(&en)
            .arg("-o")
            .arg(&out)
            .arg("--skip-existing")
            .output()
            .unwrap()
    };
    let run = bitext()
        .arg("batch")
        .arg(&zh)
        .arg(&en)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr_of(&run));
    let names = listing(&out);
    assert_eq!(names, ["a-release.tmx", "d000.tmx", "d001.tmx", "d002.tmx"]);
    let first = std::fs::read(out.join("d001.tmx")).unwrap();
    // An interrupted run (d001 missing) and a grown folder (d003 new); an
    // existing output is never opened, so a marker in one stays.
    std::fs::remove_file(out.join("d001.tmx")).unwrap();
    std::fs::write(out.join("d000.tmx"), "done before").unwrap();
    std::fs::write(zh.join("d003.zh.txt"), "谢谢。\n").unwrap();
    std::fs::write(en.join("d003.en.txt"), "Thank you.\n").unwrap();
    let run = resume();
    let err = stderr_of(&run);
    assert!(run.status.success(), "{err}");
    assert!(
        err.contains("2 of 5 documents aligned")
            && err.contains("3 documents skipped: output exists"),
        "{err}"
    );
    assert_eq!(
        listing(&out),
        [
            "a-release.tmx",
            "d000.tmx",
            "d001.tmx",
            "d002.tmx",
            "d003.tmx"
        ]
    );
    assert_eq!(
        std::fs::read_to_string(out.join("d000.tmx")).unwrap(),
        "done before"
    );
    assert_eq!(std::fs::read(out.join("d001.tmx")).unwrap(), first);
    // Everything done: nothing aligned, exit 0.
    let run = resume();
    let err = stderr_of(&run);
    assert!(run.status.success(), "{err}");
    assert!(
        err.contains("0 of 5 documents aligned") && err.contains("5 documents skipped"),
        "{err}"
    );
    // Neither with --force nor with --merge.
    for extra in [&["-o", "o2", "--force"][..], &["--merge", "all.tmx"][..]] {
        let err = fails(
            bitext()
                .current_dir(dir.path())
                .arg("batch")
                .arg(&zh)
                .arg(&en)
                .arg("--skip-existing")
                .args(extra),
        );
        assert!(err.contains("cannot be used with"), "{err}");
    }
    let help = bitext().args(["batch", "--help"]).output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(
        help.contains("--skip-existing") && help.contains("atomically"),
        "{help}"
    );
}

#[cfg(unix)]
#[test]
fn an_interrupted_batch_says_what_it_wrote_and_how_to_resume() {
    let (dir, zh, en) = dirs(400);
    let out = dir.path().join("out");
    let child = spawn_batch(&[], &zh, &en, &out);
    // Once some documents are written, SIGTERM. Only finished outputs are
    // counted (a temporary `.NAME.bitext-PID-K.tmp` is not one yet), and
    // one more than the line must report: with one job, the document
    // renamed into place may not be counted yet when the signal comes.
    let Some(err) = terminate_when(child, || {
        std::fs::read_dir(&out).map_or(0, |d| {
            d.filter_map(|e| e.ok())
                .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                .count()
        }) >= 4
    }) else {
        return;
    };
    let written = listing(&out).len();
    // Even with -q: the one line that says where the run stopped. A worker
    // may rename one more output into place after the count, never fewer.
    let said = said_written(&err);
    assert!(said >= 3 && said <= written, "{err} ({written} files)");
    assert!(err.contains("--skip-existing"), "{err}");
}

/// A quiet one-thread batch of `zh` and `en` into `out`, running, its
/// standard error piped.
#[cfg(unix)]
fn spawn_batch(extra: &[&str], zh: &Path, en: &Path, out: &Path) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_bitext"))
        .args(["batch", "-q", "--jobs", "1"])
        .args(extra)
        .arg(zh)
        .arg(en)
        .arg("-o")
        .arg(out)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// Sends SIGTERM to a running batch once `ready()` holds, and gives its
/// standard error; `None` (a notice said) when the batch ended first.
#[cfg(unix)]
fn terminate_when(mut child: std::process::Child, ready: impl Fn() -> bool) -> Option<String> {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < Duration::from_secs(120), "no output");
        std::thread::sleep(Duration::from_millis(10));
    }
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    if status.success() {
        common::notice("SKIPPED: the batch ended before SIGTERM reached it");
        return None;
    }
    assert_eq!(status.code(), Some(130), "{err}");
    Some(err)
}

/// The count of an `interrupted: N of M documents written` line.
fn said_written(err: &str) -> usize {
    let rest = err
        .split("bitext: interrupted: ")
        .nth(1)
        .unwrap_or_else(|| panic!("no interrupted line: {err}"));
    rest.split(' ').next().unwrap().parse().unwrap()
}

/// A `--force` run over an earlier run's outputs counts only the outputs
/// it wrote itself: the earlier ones still there are not this run's, and
/// `--skip-existing` would keep them (a review found 300 of 300 said
/// after 0.3 s).
#[cfg(unix)]
#[test]
fn an_interrupted_forced_batch_counts_only_what_it_wrote() {
    let (dir, zh, en) = dirs(400);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let mut names: Vec<String> = (0..400).map(|k| format!("d{k:03}.tmx")).collect();
    names.push("a-release.tmx".into());
    for name in &names {
        std::fs::write(out.join(name), "an earlier run's output").unwrap();
    }
    let before = std::time::SystemTime::now();
    std::thread::sleep(Duration::from_millis(20));
    let fresh = || {
        names
            .iter()
            .filter(|n| {
                std::fs::metadata(out.join(n))
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| t > before)
            })
            .count()
    };
    let child = spawn_batch(&["--force"], &zh, &en, &out);
    // One more than the line must report (the output renamed into place
    // may not be counted yet when the signal comes).
    let Some(err) = terminate_when(child, || fresh() >= 4) else {
        return;
    };
    let said = said_written(&err);
    let rewritten = fresh();
    assert!(
        said >= 3 && said <= rewritten && rewritten < names.len(),
        "{err} ({rewritten} rewritten)"
    );
}

#[test]
fn quiet_still_reports_unpaired_files() {
    let (_dir, zh, en) = dirs(2);
    std::fs::write(zh.join("lone.zh.txt"), "谢谢。\n").unwrap();
    std::fs::write(en.join("other.en.txt"), "Thank you.\n").unwrap();
    let out = _dir.path().join("out");
    let run = bitext()
        .arg("batch")
        .arg("-q")
        .arg(&zh)
        .arg(&en)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let err = stderr_of(&run);
    // The pairs found are aligned; the exit status stays 0.
    assert!(run.status.success(), "{err}");
    assert!(
        err.contains("lone.zh.txt: no file of the other directory pairs with it")
            && err.contains("other.en.txt: no file of the other directory pairs with it"),
        "{err}"
    );
    assert_eq!(listing(&out).len(), 3);
    // With -q nothing else is said.
    assert_eq!(err.lines().count(), 2, "{err}");
}

#[cfg(unix)]
#[test]
fn merge_to_a_closed_pipe_stops_the_batch() {
    // The sample release comes first and fills the output buffer; 150
    // short documents follow, then one that fails: it must not be reached.
    let (_dir, zh, en) = dirs(150);
    empty_pair(&zh, &en, "zz-empty");
    let (code, err) = merge_with_reader_gone(&[
        "--jobs".as_ref(),
        "1".as_ref(),
        "--merge".as_ref(),
        "-".as_ref(),
        zh.as_os_str(),
        en.as_os_str(),
    ]);
    // As `bitext stream | head`: exit 0, nothing said.
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("zz-empty"), "aligned on after EPIPE: {err}");
}

/// Adds the pair `NAME.zh.txt` / `NAME.en.txt` with no text: a document
/// that fails when the batch reaches it.
#[cfg(unix)]
fn empty_pair(zh: &Path, en: &Path, name: &str) {
    std::fs::write(zh.join(format!("{name}.zh.txt")), "").unwrap();
    std::fs::write(en.join(format!("{name}.en.txt")), "").unwrap();
}

/// `bitext batch ARGS` with standard output a pipe whose reader goes away
/// at once (`| head -c 0`): the exit status and standard error.
#[cfg(unix)]
fn merge_with_reader_gone(args: &[&std::ffi::OsStr]) -> (Option<i32>, String) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_bitext"))
        .arg("batch")
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (child.wait().unwrap().code(), err)
}

#[cfg(unix)]
#[test]
fn a_failed_document_still_fails_a_merge_whose_reader_went_away() {
    // `0-empty` fails first (no text), then the sample release fills the
    // output buffer and the write fails: the batch stops, but the failed
    // document is not forgotten (exit 1, with the list), as in a run
    // whose reader stayed.
    let (_dir, zh, en) = dirs(150);
    empty_pair(&zh, &en, "0-empty");
    // A document after the release that fails if reached: the batch must
    // stop before it.
    empty_pair(&zh, &en, "zz-empty");
    let (code, err) = merge_with_reader_gone(&[
        "--jobs".as_ref(),
        "1".as_ref(),
        "--merge".as_ref(),
        "-".as_ref(),
        zh.as_os_str(),
        en.as_os_str(),
    ]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("documents failed"), "{err}");
    assert!(err.contains("\n  0-empty: "), "{err}");
    assert!(err.contains("the output's reader went away"), "{err}");
    assert!(err.contains("1 of 153 documents failed"), "{err}");
    assert!(!err.contains("zz-empty"), "aligned on after EPIPE: {err}");
}

#[cfg(unix)]
#[test]
fn a_manifest_line_that_cannot_be_read_fails_a_merge_whose_reader_went_away() {
    // The bad line is the last one: the batch stops before it is reached,
    // but it was said (and its document failed) before any document ran.
    let (dir, zh, en) = dirs(150);
    let mut manifest = String::new();
    let mut names: Vec<String> = std::fs::read_dir(&zh)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in &names {
        let other = name.replace(".zh.", ".en.");
        manifest.push_str(&format!(
            "{}\t{}\n",
            zh.join(name).display(),
            en.join(other).display()
        ));
    }
    manifest.push_str("zh/missing.zh.txt\ten/missing.en.txt\n");
    let list = dir.path().join("pairs.tsv");
    std::fs::write(&list, manifest).unwrap();
    let (code, err) = merge_with_reader_gone(&[
        "--jobs".as_ref(),
        "1".as_ref(),
        "--merge".as_ref(),
        "-".as_ref(),
        "--manifest".as_ref(),
        list.as_os_str(),
    ]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("1 of 152 documents failed"), "{err}");
    assert!(err.contains("\n  missing: "), "{err}");
}

#[test]
fn a_stream_request_with_a_key_twice_is_an_error_line() {
    let input = concat!(
        r#"{"id": "a", "id": "b", "src": "你好。", "tgt": "Hello."}"#,
        "\n",
        r#"{"id": "c", "src": "你好。", "src": "谢谢。", "tgt": "Hello."}"#,
        "\n",
        r#"{"id": "d", "src": "你好。", "tgt": "Hello.", "tgt": "Thanks."}"#,
        "\n",
        r#"{"id": "e", "src": "你好。", "tgt": "Hello.", "\u0074gt": "Thanks."}"#,
        "\n",
        r#"{"id": "ok", "src": "你好。", "tgt": "Hello.", "note": 1, "note": 2}"#,
        "\n",
    );
    let run = bitext().arg("stream").write_stdin(input).output().unwrap();
    assert!(run.status.success(), "{}", stderr_of(&run));
    let out = String::from_utf8(run.stdout).unwrap();
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5, "{out}");
    // "id" twice: which one is meant cannot be told.
    assert_eq!(lines[0]["id"], Value::Null, "{out}");
    for (k, key, id) in [
        (0, "id", Value::Null),
        (1, "src", "c".into()),
        (2, "tgt", "d".into()),
        (3, "tgt", "e".into()),
    ] {
        let error = lines[k]["error"]
            .as_str()
            .unwrap_or_else(|| panic!("{out}"));
        assert!(
            error.starts_with(&format!("line {}: ", k + 1))
                && error.contains(&format!("\"{key}\" is given twice")),
            "{error}"
        );
        assert_eq!(lines[k]["id"], id, "{out}");
    }
    // A field bitext does not read may repeat.
    assert_eq!(lines[4]["id"], "ok", "{out}");
    assert!(lines[4]["pairs"].is_array(), "{out}");
}

/// A directory holding the sample release as `src.tsv` and `tgt.txt` and
/// the manifest `NAME` listing them (output name `out_name`).
fn manifest_dir(name: &str, out_name: &str) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(corpus("zh.txt"), dir.path().join("src.tsv")).unwrap();
    std::fs::copy(corpus("en.txt"), dir.path().join("tgt.txt")).unwrap();
    let manifest = dir.path().join(name);
    std::fs::write(&manifest, format!("src.tsv\ttgt.txt\t{out_name}\n")).unwrap();
    (dir, manifest)
}

/// The manifest is an input: a batch whose output (a document's file in
/// OUT_DIR, or the --merge file) is the manifest itself, or a link to it,
/// is refused before anything runs, even with --force, and the manifest
/// is left as it was (trial 45: `--manifest mi/m2.tsv -o mi -f tsv
/// --force` replaced the manifest with the aligned TSV).
#[test]
fn a_batch_never_writes_over_its_manifest() {
    // A document's output in OUT_DIR.
    let (dir, manifest) = manifest_dir("m2.tsv", "m2");
    let before = std::fs::read(&manifest).unwrap();
    let err = fails(
        bitext()
            .arg("batch")
            .arg("--manifest")
            .arg(&manifest)
            .arg("-o")
            .arg(dir.path())
            .args(["-f", "tsv", "--force"]),
    );
    assert!(
        err.contains("m2.tsv: the output would overwrite an input file"),
        "{err}"
    );
    assert_eq!(std::fs::read(&manifest).unwrap(), before);
    // The --merge file.
    let (_dir, manifest) = manifest_dir("pairs.tmx", "p");
    let before = std::fs::read(&manifest).unwrap();
    let err = fails(
        bitext()
            .arg("batch")
            .arg("--manifest")
            .arg(&manifest)
            .arg("--merge")
            .arg(&manifest)
            .arg("--force"),
    );
    assert!(
        err.contains("pairs.tmx: the output would overwrite an input file"),
        "{err}"
    );
    assert_eq!(std::fs::read(&manifest).unwrap(), before);
    // A link to the manifest as the output (without --force too).
    #[cfg(unix)]
    {
        let (dir, manifest) = manifest_dir("list.txt", "link");
        std::os::unix::fs::symlink(&manifest, dir.path().join("link.tsv")).unwrap();
        let before = std::fs::read(&manifest).unwrap();
        for force in [false, true] {
            let err = fails(
                bitext()
                    .arg("batch")
                    .arg("--manifest")
                    .arg(&manifest)
                    .arg("-o")
                    .arg(dir.path())
                    .args(["-f", "tsv"])
                    .args(force.then_some("--force")),
            );
            assert!(
                err.contains("link.tsv: the output would overwrite an input file"),
                "{err}"
            );
            assert_eq!(std::fs::read(&manifest).unwrap(), before);
        }
    }
    // `--manifest -` with standard input the manifest file (`< m2.tsv`).
    #[cfg(target_os = "linux")]
    {
        let (dir, manifest) = manifest_dir("m2.tsv", "m2");
        let before = std::fs::read(&manifest).unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_bitext"))
            .args([
                "batch",
                "--manifest",
                "-",
                "-f",
                "tsv",
                "--force",
                "-o",
                ".",
            ])
            .current_dir(dir.path())
            .stdin(std::fs::File::open(&manifest).unwrap())
            .output()
            .unwrap();
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(
            err.contains("m2.tsv: the output would overwrite an input file"),
            "{err}"
        );
        assert_eq!(std::fs::read(&manifest).unwrap(), before);
    }
}

/// The other inputs of a batch, as `align` refuses them: a document's
/// source text, and a --lexicon file (the output named after it by the
/// manifest), even with --force.
#[test]
fn a_batch_never_writes_over_a_text_or_a_lexicon() {
    let (dir, _) = manifest_dir("unused", "x");
    std::fs::write(dir.path().join("lex.tsv"), "会议\tmeeting\n").unwrap();
    for (name, victim) in [("src", "src.tsv"), ("lex", "lex.tsv")] {
        let manifest = dir.path().join("m.txt");
        std::fs::write(&manifest, format!("src.tsv\ttgt.txt\t{name}\n")).unwrap();
        let before = std::fs::read(dir.path().join(victim)).unwrap();
        let err = fails(
            bitext()
                .arg("batch")
                .arg("--manifest")
                .arg(&manifest)
                .arg("--lexicon")
                .arg(dir.path().join("lex.tsv"))
                .arg("-o")
                .arg(dir.path())
                .args(["-f", "tsv", "--force"]),
        );
        assert!(
            err.contains(&format!(
                "{victim}: the output would overwrite an input file"
            )),
            "{err}"
        );
        assert_eq!(std::fs::read(dir.path().join(victim)).unwrap(), before);
    }
}
