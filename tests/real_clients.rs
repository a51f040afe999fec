//! Real clients of bitext's TMX: the sample release is aligned, written as
//! TMX, and handed to two tools translators actually use.
//!
//! * translate-toolkit (PyPI `translate-toolkit`) reads the TMX through
//!   `translate.storage.factory`, the reader behind all its commands
//!   (`tests/clients/tt_read_tmx.py`; the toolkit has no `tmx2po`). Every
//!   unit must come back, in order, with bitext's own source and target text
//!   (bitext's `--format jsonl` output of the same alignment) and language tags.
//! * OmegaT (Debian package `omegat`) gets a project (`tests/clients/omegat/`)
//!   whose source document is the Chinese sample text and whose `tm/auto/`
//!   holds the TMX; `omegat --mode=console-translate` runs headless and must
//!   write a target document made of the TMX's English translations.
//!
//! Without a tool the test prints `SKIPPED: …` and passes, unless the
//! environment variable `CI` is set: then a missing tool is a failure
//! (`.ci/run` sets `CI` and installs both). The notice is written to the
//! standard error handle directly, which libtest does not capture, so it
//! shows in a plain `cargo test` run (checked by
//! `a_missing_client_is_a_visible_skip_and_a_failure_under_ci`).

mod common;
use common::corpus;

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use quick_xml::Reader;
use quick_xml::events::Event;
use serde_json::Value;
use tempfile::TempDir;

const SRC_LANG: &str = "zh-CN";
const TGT_LANG: &str = "en-US";
/// The release day, so the TMX bytes do not depend on file times.
const CREATION_DATE: &str = "20210508T000000Z";
/// OmegaT must use at least this share of the TMX's units (percent).
const OMEGAT_MIN_USED_PERCENT: usize = 95;
/// A console-translate run takes a few seconds; this only bounds a hang.
const OMEGAT_TIMEOUT: Duration = Duration::from_secs(300);

// ---------------------------------------------------------------- helpers

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn clients_dir() -> PathBuf {
    manifest_dir().join("tests/clients")
}

/// The full path of `name` if an executable of that name is on `PATH`.
fn which(name: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| {
            p.metadata()
                .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
                .unwrap_or(false)
        })
}

/// Handles a missing tool: a failure when `CI` is set, else a skip notice
/// (the caller then returns).
fn missing(what: &str, install: &str) {
    if std::env::var_os("CI").is_some() {
        panic!("{what} is not installed (it is required when CI is set: {install})");
    }
    common::notice(&format!(
        "SKIPPED: {what} not installed; this real-client test did not run ({install}; under CI this fails)"
    ));
}

/// Runs a command that must succeed; returns its stdout.
fn run_ok(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed with {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("stdout is UTF-8")
}

/// `bitext align` on the sample release, with fixed language tags and date.
fn bitext_align(format: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bitext"));
    cmd.env_remove("SOURCE_DATE_EPOCH")
        .arg("align")
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt"))
        .args(["--src-lang", SRC_LANG, "--tgt-lang", TGT_LANG])
        .args(["--creation-date", CREATION_DATE])
        .args(["--format", format, "--quiet"]);
    cmd
}

/// A pair as bitext aligned it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pair {
    src: String,
    tgt: String,
}

/// The sample TMX written by bitext into `dir`, and the pairs it must hold:
/// bitext's JSONL output of the same alignment, less the beads with an empty
/// side (which a TMX leaves out without `--keep-empty`).
fn sample_tmx(dir: &Path) -> (PathBuf, Vec<Pair>) {
    let tmx = dir.join("release-2021-05-08.tmx");
    run_ok(bitext_align("tmx").arg("-o").arg(&tmx));
    let pairs: Vec<Pair> = run_ok(&mut bitext_align("jsonl"))
        .lines()
        .map(|line| {
            let v: Value = serde_json::from_str(line).expect("bitext JSONL line");
            Pair {
                src: v["src"].as_str().expect("src").to_owned(),
                tgt: v["tgt"].as_str().expect("tgt").to_owned(),
            }
        })
        .filter(|p| !p.src.is_empty() && !p.tgt.is_empty())
        .collect();
    assert!(!pairs.is_empty(), "bitext aligned nothing");

    // What bitext itself wrote: one <tu> per pair, with the same texts.
    let xml = std::fs::read_to_string(&tmx).expect("read bitext's TMX");
    common::xmllint_validate(xml.as_bytes(), "real clients");
    let tus = read_tmx(&xml);
    assert_eq!(tus.len(), pairs.len(), "<tu>s written vs. JSONL pairs");
    for (i, (tu, pair)) in tus.iter().zip(&pairs).enumerate() {
        assert_eq!(
            tu,
            &vec![
                (SRC_LANG.to_owned(), pair.src.clone()),
                (TGT_LANG.to_owned(), pair.tgt.clone())
            ],
            "<tu> {} differs from JSONL line {}",
            i + 1,
            i + 1
        );
    }
    (tmx, pairs)
}

/// The `<tuv>`s of every `<tu>` of a TMX 1.4 or 1.1 file, as (language, text):
/// enough to read bitext's output and OmegaT's exported memory.
fn read_tmx(xml: &str) -> Vec<Vec<(String, String)>> {
    let mut reader = Reader::from_str(xml);
    let mut tus: Vec<Vec<(String, String)>> = Vec::new();
    let mut in_seg = false;
    let mut text = String::new();
    loop {
        match reader.read_event().expect("well-formed TMX") {
            Event::Start(e) => match e.name().as_ref() {
                b"tu" => tus.push(Vec::new()),
                b"tuv" => {
                    let lang = e
                        .attributes()
                        .map(|a| a.expect("attribute"))
                        .find(|a| matches!(a.key.as_ref(), b"xml:lang" | b"lang"))
                        .map(|a| String::from_utf8(a.value.into_owned()).expect("UTF-8"))
                        .expect("<tuv> without a language");
                    tus.last_mut()
                        .expect("<tuv> outside <tu>")
                        .push((lang, String::new()));
                }
                b"seg" => {
                    in_seg = true;
                    text.clear();
                }
                _ => {}
            },
            Event::End(e) if e.name().as_ref() == b"seg" => {
                in_seg = false;
                let tuv = tus.last_mut().and_then(|tu| tu.last_mut());
                tuv.expect("<seg> outside <tuv>").1 = std::mem::take(&mut text);
            }
            Event::Text(t) if in_seg => text.push_str(&t.unescape().expect("XML escape")),
            Event::CData(t) if in_seg => {
                text.push_str(std::str::from_utf8(&t.into_inner()).expect("UTF-8"))
            }
            Event::Eof => break,
            _ => {}
        }
    }
    tus
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

// ---------------------------------------------------------- translate-toolkit

#[test]
fn translate_toolkit_reads_every_unit_of_the_sample_tmx() {
    const INSTALL: &str = "python3 -m pip install translate-toolkit";
    let Some(python) = which("python3") else {
        missing("python3", INSTALL);
        return;
    };
    let probe = Command::new(&python)
        .args(["-c", "import translate.storage.tmx"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !probe {
        missing("translate-toolkit", INSTALL);
        return;
    }

    let dir = TempDir::new().expect("temporary directory");
    let (tmx, pairs) = sample_tmx(dir.path());
    let out = run_ok(
        Command::new(&python)
            .arg(clients_dir().join("tt_read_tmx.py"))
            .arg(&tmx),
    );
    let mut lines = out.lines().map(|l| -> Value {
        serde_json::from_str(l).unwrap_or_else(|e| panic!("bad line {l:?}: {e}"))
    });
    let head = lines.next().expect("header line from tt_read_tmx.py");
    assert_eq!(head["class"], "translate.storage.tmx.tmxfile", "{head}");
    assert_eq!(
        head["srclang"], SRC_LANG,
        "header srclang as translate-toolkit reads it"
    );
    let units: Vec<Value> = lines.collect();

    eprintln!(
        "translate-toolkit {}: {} units read / {} written by bitext",
        head["toolkit"].as_str().unwrap_or("?"),
        units.len(),
        pairs.len()
    );
    assert_eq!(
        units.len(),
        pairs.len(),
        "units read by translate-toolkit vs. written"
    );
    for (i, (unit, pair)) in units.iter().zip(&pairs).enumerate() {
        let n = i + 1;
        assert_eq!(unit["id"], n.to_string(), "tuid of unit {n}");
        assert_eq!(unit["source"], pair.src.as_str(), "source text of unit {n}");
        assert_eq!(unit["target"], pair.tgt.as_str(), "target text of unit {n}");
        assert_eq!(
            unit["langs"],
            serde_json::json!([SRC_LANG, TGT_LANG]),
            "languages of unit {n}"
        );
    }
}

// -------------------------------------------------------------------- OmegaT

/// Waits for `child` at most `limit`; kills it past that.
fn wait_bounded(mut child: std::process::Child, limit: Duration) -> (bool, String) {
    let start = Instant::now();
    // Output goes to a file, so a chatty JVM cannot block on a full pipe.
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for omegat") {
            break Some(status);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    match status {
        Some(s) => (s.success(), format!("{s}")),
        None => (false, format!("killed after {limit:?}")),
    }
}

#[test]
fn omegat_console_translate_uses_the_sample_tmx() {
    let Some(omegat) = which("omegat") else {
        missing("OmegaT", "apt-get install omegat");
        return;
    };

    let dir = TempDir::new().expect("temporary directory");
    let (tmx, pairs) = sample_tmx(dir.path());

    // The project, as a user sets it up: OmegaT's default folders, the Chinese
    // document in source/, bitext's TMX in tm/auto/ (OmegaT inserts its exact
    // matches as the translations when the project loads), nothing else.
    // Debian's `omegat` script passes its arguments unquoted: keep the
    // project path free of spaces.
    let project = dir.path().join("release-zh-en");
    for sub in [
        "source",
        "target",
        "tm/auto",
        "omegat",
        "glossary",
        "dictionary",
    ] {
        std::fs::create_dir_all(project.join(sub)).expect("project folder");
    }
    std::fs::copy(
        clients_dir().join("omegat/omegat.project"),
        project.join("omegat.project"),
    )
    .expect("copy omegat.project");
    std::fs::copy(
        corpus("zh.txt"),
        project.join("source/release-2021-05-08.txt"),
    )
    .expect("copy the source document");
    std::fs::copy(&tmx, project.join("tm/auto/release-2021-05-08.tmx")).expect("copy the TMX");
    let config = dir.path().join("omegat-config");
    std::fs::create_dir_all(&config).expect("config folder");
    assert!(
        !project.to_string_lossy().contains(char::is_whitespace),
        "temporary path with spaces: {project:?}"
    );

    // Headless: no display, and AWT told so (with a DISPLAY that cannot be
    // reached, OmegaT 3.6 fails on an AWTError even in console mode).
    let log_path = dir.path().join("omegat.log");
    let log = std::fs::File::create(&log_path).expect("log file");
    let child = Command::new(&omegat)
        .arg(&project)
        .arg("--mode=console-translate")
        .arg(format!("--config-dir={}", config.display()))
        .args(["--disable-project-locking", "--no-team", "--quiet"])
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("JAVA_TOOL_OPTIONS", "-Djava.awt.headless=true")
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("log file"))
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {omegat:?}: {e}"));
    let started = Instant::now();
    let (success, status) = wait_bounded(child, OMEGAT_TIMEOUT);
    let elapsed = started.elapsed();
    let mut log_text = String::new();
    std::fs::File::open(&log_path)
        .and_then(|mut f| f.read_to_string(&mut log_text))
        .expect("read the OmegaT log");
    let tail: String = {
        let lines: Vec<&str> = log_text.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    };
    assert!(
        success,
        "omegat console-translate: {status}\n--- log (end) ---\n{tail}"
    );

    // The translated document.
    let target_path = project.join("target/release-2021-05-08.txt");
    let target = std::fs::read_to_string(&target_path)
        .unwrap_or_else(|e| panic!("no target document {target_path:?} ({e})\n{tail}"));
    let source = std::fs::read_to_string(corpus("zh.txt")).expect("source");
    assert_eq!(
        target.lines().count(),
        source.lines().count(),
        "the target document keeps the source's paragraphs"
    );

    // Units used: their English text occurs in the target document, in order.
    let mut used = 0;
    let mut at = 0;
    let mut missed = Vec::new();
    for (i, pair) in pairs.iter().enumerate() {
        match target[at..].find(&pair.tgt) {
            Some(pos) => {
                used += 1;
                at += pos + pair.tgt.len();
            }
            None => missed.push(i + 1),
        }
    }
    let han_left = target.chars().filter(|&c| is_han(c)).count();

    // OmegaT's exported project memory (<project>-omegat.tmx, TMX 1.1): its
    // translations are the ones it took from bitext's TMX, texts unchanged.
    let export = project.join("release-zh-en-omegat.tmx");
    let export_xml = std::fs::read_to_string(&export)
        .unwrap_or_else(|e| panic!("no exported memory {export:?} ({e})"));
    let known: HashSet<(&str, &str)> = pairs
        .iter()
        .map(|p| (p.src.as_str(), p.tgt.as_str()))
        .collect();
    let exported = read_tmx(&export_xml);
    let exported_from_bitext = exported
        .iter()
        .filter(|tu| match tu.as_slice() {
            [(_, src), (_, tgt)] => known.contains(&(src.as_str(), tgt.as_str())),
            _ => false,
        })
        .count();

    eprintln!(
        "OmegaT console-translate ({:.1} s): {used} of {} bitext units used in the target \
         document ({} bytes, {} Han characters left untranslated); exported project memory: \
         {exported_from_bitext} of {} units equal to a bitext pair; missed units: {missed:?}",
        elapsed.as_secs_f64(),
        pairs.len(),
        target.len(),
        han_left,
        exported.len(),
    );
    assert!(
        used * 100 >= pairs.len() * OMEGAT_MIN_USED_PERCENT,
        "OmegaT used only {used} of {} units (missed {missed:?})\n--- target ---\n{target}",
        pairs.len()
    );
    if used == pairs.len() {
        assert_eq!(
            han_left, 0,
            "Chinese left in the target document:\n{target}"
        );
    }
    assert_eq!(
        exported_from_bitext, used,
        "OmegaT's memory vs. translations used"
    );
    assert_eq!(
        exported.len(),
        used,
        "OmegaT's memory holds only bitext's pairs"
    );
}

/// A missing client is seen: the translate-toolkit test, run again as a
/// child process with a `python3` that cannot import the toolkit first on
/// `PATH`, passes with `SKIPPED: translate-toolkit` in the normal output
/// (no `--nocapture`), and fails when `CI` is set.
#[test]
fn a_missing_client_is_a_visible_skip_and_a_failure_under_ci() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new().expect("temporary directory");
    let stub = dir.path().join("python3");
    std::fs::write(&stub, "#!/bin/sh\nexit 1\n").unwrap();
    std::fs::set_permissions(&stub, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = std::env::join_paths(std::iter::once(dir.path().to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let child = |ci: bool| {
        let mut cmd = Command::new(std::env::current_exe().unwrap());
        cmd.args([
            "translate_toolkit_reads_every_unit_of_the_sample_tmx",
            "--exact",
            "--test-threads=1",
        ])
        .env("PATH", &path)
        .env_remove("CI");
        if ci {
            cmd.env("CI", "true");
        }
        cmd.output().expect("run the test binary")
    };
    let out = child(false);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("1 passed"), "{stdout}");
    assert!(
        stderr.contains("SKIPPED: translate-toolkit not installed"),
        "the skip is not in the normal output:\n{stdout}\n{stderr}"
    );
    let out = child(true);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{stdout}");
    assert!(stdout.contains("required when CI is set"), "{stdout}");
}

// ------------------------------------------------ OmegaT's segmentation

/// The source segments OmegaT makes of `text` (language `tag`), with the
/// project's segmentation rules `conf` (`omegat/segmentation.conf`, or
/// OmegaT's defaults when `None`): `--mode=console-createpseudotranslatetmx`
/// writes one unit per distinct source segment.
fn omegat_segments(
    omegat: &Path,
    dir: &Path,
    name: &str,
    tag: &str,
    text: &Path,
    conf: Option<&str>,
) -> Vec<String> {
    let project = dir.join(name);
    for sub in ["source", "target", "tm", "omegat", "glossary", "dictionary"] {
        std::fs::create_dir_all(project.join(sub)).expect("project folder");
    }
    let other = if tag.starts_with("zh") {
        "en-US"
    } else {
        "zh-CN"
    };
    let project_xml = std::fs::read_to_string(clients_dir().join("omegat/omegat.project"))
        .expect("omegat.project")
        .replace(
            "<source_lang>zh-CN</source_lang>",
            &format!("<source_lang>{tag}</source_lang>"),
        )
        .replace(
            "<target_lang>en-US</target_lang>",
            &format!("<target_lang>{other}</target_lang>"),
        );
    std::fs::write(project.join("omegat.project"), project_xml).expect("write omegat.project");
    std::fs::copy(text, project.join("source/doc.txt")).expect("copy the text");
    if let Some(conf) = conf {
        std::fs::write(project.join("omegat/segmentation.conf"), conf).expect("segmentation.conf");
    }
    let config = dir.join(format!("{name}-config"));
    std::fs::create_dir_all(&config).expect("config folder");
    let tmx = dir.join(format!("{name}.tmx"));
    let log_path = dir.join(format!("{name}.log"));
    let log = std::fs::File::create(&log_path).expect("log file");
    let child = Command::new(omegat)
        .arg(&project)
        .arg("--mode=console-createpseudotranslatetmx")
        .arg(format!("--pseudotranslatetmx={}", tmx.display()))
        .arg("--pseudotranslatetype=equal")
        .arg(format!("--config-dir={}", config.display()))
        .args(["--disable-project-locking", "--no-team", "--quiet"])
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("JAVA_TOOL_OPTIONS", "-Djava.awt.headless=true")
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("log file"))
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {omegat:?}: {e}"));
    let (success, status) = wait_bounded(child, OMEGAT_TIMEOUT);
    let log_text = std::fs::read_to_string(&log_path).unwrap_or_default();
    assert!(
        success,
        "omegat createpseudotranslatetmx: {status}\n{log_text}"
    );
    let xml = std::fs::read_to_string(&tmx)
        .unwrap_or_else(|e| panic!("no pseudo-translated TMX {tmx:?} ({e})\n{log_text}"));
    read_tmx(&xml)
        .into_iter()
        .filter_map(|tu| tu.into_iter().find(|(l, _)| l == tag).map(|(_, s)| s))
        .collect()
}

/// OmegaT's default segmentation rules (`defaultRules.srx` in its jar),
/// with `cascade="yes"` added to the header (the file has none, and OmegaT
/// always cascades). `None`, with a notice, when the jar or `unzip` is
/// missing.
fn omegat_default_srx(dir: &Path) -> Option<PathBuf> {
    let jar = Path::new("/usr/share/omegat/OmegaT.jar");
    let out = Command::new("unzip")
        .arg("-p")
        .arg(jar)
        .arg("org/omegat/core/segmentation/defaultRules.srx")
        .output();
    match out {
        Ok(o) if o.status.success() && !o.stdout.is_empty() => {
            let text = String::from_utf8(o.stdout).expect("defaultRules.srx is UTF-8");
            let text = text.replacen("<header>", "<header cascade=\"yes\">", 1);
            let path = dir.join("omegat-defaultRules.srx");
            std::fs::write(&path, text).expect("write defaultRules.srx");
            Some(path)
        }
        _ => {
            eprintln!(
                "note: cannot read defaultRules.srx from {} (unzip missing?); skipping the default-rules comparison",
                jar.display()
            );
            None
        }
    }
}

/// bitext's segments of `text`, distinct, in order of first appearance.
fn bitext_segments(tag: &str, text: &Path, srx: Option<&Path>) -> Vec<String> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bitext"));
    cmd.args(["segment", "--lang", tag]).arg(text);
    if let Some(srx) = srx {
        cmd.arg("--srx").arg(srx);
    }
    let mut seen = HashSet::new();
    run_ok(&mut cmd)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter(|l| seen.insert(l.to_string()))
        .map(str::to_string)
        .collect()
}

/// Segments equal (as sets of distinct segments) and the total (the larger
/// of the two counts).
fn agreement(a: &[String], b: &[String]) -> (usize, usize) {
    let a: HashSet<&String> = a.iter().collect();
    let b: HashSet<&String> = b.iter().collect();
    (a.intersection(&b).count(), a.len().max(b.len()))
}

/// OmegaT given bitext's shipped rule file (`data/omegat-zh-en.srx`, written
/// as the project's `segmentation.conf`) cuts the sample release and texts of
/// our own exactly as `bitext segment --srx` does.
#[test]
fn omegat_segments_as_bitext_with_the_shipped_rules() {
    let Some(omegat) = which("omegat") else {
        missing("OmegaT", "apt-get install omegat");
        return;
    };
    let srx_path = manifest_dir().join("data/omegat-zh-en.srx");
    let rules = bitext::segment::srx::SrxRules::from_file(&srx_path).expect("shipped SRX");
    let dir = TempDir::new().expect("temporary directory");
    // OmegaT's rules as a user gets them: `segment --write-rules` writes
    // them under the name OmegaT reads in a project's omegat/ folder.
    let written = dir.path().join("written-rules");
    std::fs::create_dir_all(&written).expect("rules folder");
    run_ok(
        Command::new(env!("CARGO_BIN_EXE_bitext"))
            .args(["segment", "--write-rules"])
            .arg(&written),
    );
    let conf = std::fs::read_to_string(written.join("segmentation.conf"))
        .expect("--write-rules writes segmentation.conf");
    assert_eq!(conf, rules.to_omegat_conf());
    let texts = manifest_dir().join("tests/fixtures/segment/texts");
    let cases = [
        ("release-zh", "zh-CN", corpus("zh.txt")),
        ("release-en", "en-US", corpus("en.txt")),
        ("mixed-zh", "zh-CN", texts.join("zh-mixed.txt")),
        ("mixed-en", "en-US", texts.join("en-mixed.txt")),
        // List numbers and headings that open their sentence, an emoji
        // after a sentence end, a sentence glued to the next (trial 29:
        // the shipped rules cut `1.`, `Article 5.`, `Section 5.2.` off).
        // On these OmegaT must also agree with bitext's built-in rules.
        ("lists-en", "en-US", texts.join("en-lists.txt")),
        ("lists-zh", "zh-CN", texts.join("zh-lists.txt")),
    ];
    let mut failures = Vec::new();
    for (name, tag, text) in &cases {
        let theirs = omegat_segments(&omegat, dir.path(), name, tag, text, Some(&conf));
        let ours = bitext_segments(tag, text, Some(&srx_path));
        let (equal, total) = agreement(&theirs, &ours);
        eprintln!(
            "OmegaT vs bitext --srx data/omegat-zh-en.srx, {name}: {equal}/{total} segments equal"
        );
        if equal != total || theirs.len() != ours.len() {
            let only_theirs: Vec<&String> = theirs.iter().filter(|s| !ours.contains(s)).collect();
            let only_ours: Vec<&String> = ours.iter().filter(|s| !theirs.contains(s)).collect();
            failures.push(format!("{name}: {equal}/{total}\n  only OmegaT: {only_theirs:?}\n  only bitext: {only_ours:?}"));
        }
        if name.starts_with("lists") {
            let builtin = bitext_segments(tag, text, None);
            let (equal, total) = agreement(&theirs, &builtin);
            eprintln!(
                "OmegaT with the shipped rules vs bitext built-in, {name}: {equal}/{total} segments equal"
            );
            if equal != total || theirs.len() != builtin.len() {
                let only_theirs: Vec<&String> =
                    theirs.iter().filter(|s| !builtin.contains(s)).collect();
                let only_builtin: Vec<&String> =
                    builtin.iter().filter(|s| !theirs.contains(s)).collect();
                failures.push(format!("{name} vs built-in: {equal}/{total}\n  only OmegaT: {only_theirs:?}\n  only built-in: {only_builtin:?}"));
            }
        }
        // OmegaT's own default rules: vs. bitext's built-in ones (for the
        // record), and vs. bitext given the same rules (OmegaT's
        // defaultRules.srx from its jar, cascading as OmegaT always does).
        if name.starts_with("release") {
            let theirs = omegat_segments(
                &omegat,
                dir.path(),
                &format!("{name}-default"),
                tag,
                text,
                None,
            );
            let ours = bitext_segments(tag, text, None);
            let (equal, total) = agreement(&theirs, &ours);
            eprintln!(
                "OmegaT default rules vs bitext built-in rules, {name}: {equal}/{total} segments equal"
            );
            if let Some(default_srx) = omegat_default_srx(dir.path()) {
                let ours = bitext_segments(tag, text, Some(&default_srx));
                let (equal, total) = agreement(&theirs, &ours);
                eprintln!(
                    "OmegaT default rules vs bitext --srx OmegaT's defaultRules.srx, {name}: {equal}/{total} segments equal"
                );
                if equal != total {
                    failures.push(format!(
                        "{name} with OmegaT's default rules: {equal}/{total}"
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "OmegaT and bitext disagree:\n{}",
        failures.join("\n")
    );
}
