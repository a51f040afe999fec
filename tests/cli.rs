//! End-to-end tests of the `bitext` command line: every output format, the
//! "every character exactly once" guarantee, TMX well-formedness and DTD
//! validity, determinism, the creation date, standard input, `segment`,
//! `eval`, help texts, and the error cases (exit code 1, the file named).
//!
//! Every TMX these tests produce is parsed back with quick-xml and, when
//! `xmllint` is installed, validated against `tests/fixtures/tmx14.dtd`
//! (without `xmllint`, that check fails under `CI` and is skipped otherwise).

mod common;

use assert_cmd::Command;
use common::{bitext, corpus, fails, listing};
use predicates::prelude::*;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tempfile::TempDir;

const VERSION: &str = env!("CARGO_PKG_VERSION");
/// 2021-05-08T00:00:00Z.
const RELEASE_DAY: u64 = 1_620_432_000;

// ---------------------------------------------------------------- helpers

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn zh() -> PathBuf {
    corpus("zh.txt")
}

fn en() -> PathBuf {
    corpus("en.txt")
}

/// A scratch directory, removed when dropped.
fn tmp() -> TempDir {
    tempfile::tempdir().expect("temporary directory")
}

/// Writes `bytes` to `dir/name` and returns the path.
fn put(dir: &TempDir, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write test input");
    path
}

/// Runs a command that must succeed; returns (stdout, stderr).
fn ok(cmd: &mut Command) -> (String, String) {
    let out = cmd.output().expect("run bitext");
    let stdout = String::from_utf8(out.stdout).expect("stdout is UTF-8");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "{cmd:?} failed with {:?}\nstderr:\n{stderr}",
        out.status
    );
    (stdout, stderr)
}

fn matches(re: &str, s: &str) -> bool {
    predicate::str::is_match(re).expect("valid regex").eval(s)
}

fn is_tmx_date(s: &str) -> bool {
    matches(r"^\d{8}T\d{6}Z$", s)
}

fn strip_ws(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Undoes the TSV escaping (`\\`, `\t`, `\n`, `\r`); any other backslash
/// sequence is a test failure.
fn unescape_tsv(field: &str) -> String {
    let mut out = String::new();
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            other => panic!("bad TSV escape \\{other:?} in {field:?}"),
        }
    }
    out
}

/// Splits `bitext align` TSV output into (source, target) pairs, unescaped.
/// Every line must hold four fields: source, target, score and flags.
fn tsv_pairs(tsv: &str) -> Vec<(String, String)> {
    assert!(
        tsv.is_empty() || tsv.ends_with('\n'),
        "TSV does not end with a newline"
    );
    tsv.lines()
        .map(|line| {
            // source, target, score, flags (`kind:severity, …`)
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(
                fields.len(),
                4,
                "TSV line without exactly four fields: {line:?}"
            );
            let score: f64 = fields[2].parse().expect("a score");
            assert!((0.0..=1.0).contains(&score), "score {score}: {line:?}");
            for flag in fields[3].split(", ").filter(|f| !f.is_empty()) {
                let (_, severity) = flag.split_once(':').expect("kind:severity");
                assert!(["error", "warning", "info"].contains(&severity), "{line:?}");
            }
            (unescape_tsv(fields[0]), unescape_tsv(fields[1]))
        })
        .collect()
}

/// Parses a bead line `[0,1]:[2]`.
fn parse_bead(line: &str) -> (Vec<usize>, Vec<usize>) {
    assert!(
        matches(r"^\[[0-9,]*\]:\[[0-9,]*\]$", line),
        "not a bead line: {line:?}"
    );
    let side = |s: &str| -> Vec<usize> {
        let s = s.trim_start_matches('[').trim_end_matches(']');
        if s.is_empty() {
            Vec::new()
        } else {
            s.split(',').map(|x| x.parse().unwrap()).collect()
        }
    };
    let (a, b) = line.split_once(':').unwrap();
    (side(a), side(b))
}

/// `bitext segment` output: paragraphs of sentences.
fn segment(path: &Path, lang: &str) -> Vec<Vec<String>> {
    let (out, _) = ok(bitext().args(["segment", "--lang", lang]).arg(path));
    parse_segment_output(&out)
}

fn parse_segment_output(out: &str) -> Vec<Vec<String>> {
    assert!(
        out.ends_with('\n'),
        "segment output does not end with a newline"
    );
    assert!(
        !out.contains("\n\n\n"),
        "more than one blank line between paragraphs"
    );
    assert!(
        !out.starts_with('\n'),
        "segment output starts with a blank line"
    );
    out.split("\n\n")
        .map(|p| p.lines().map(str::to_string).collect::<Vec<_>>())
        .inspect(|p| {
            assert!(!p.is_empty(), "empty paragraph in segment output");
            for s in p {
                assert!(
                    !s.trim().is_empty() && s.trim() == s,
                    "bad sentence line {s:?}"
                );
            }
        })
        .collect()
}

fn sentences(path: &Path, lang: &str) -> Vec<String> {
    segment(path, lang).into_iter().flatten().collect()
}

// ------------------------------------------------------------- TMX parsing

#[derive(Debug, Default)]
struct Tmx {
    doctype: Option<String>,
    version: String,
    header: BTreeMap<String, String>,
    tus: Vec<Tu>,
}

#[derive(Debug, Default)]
struct Tu {
    attrs: BTreeMap<String, String>,
    /// (type, text) of every `<prop>`.
    props: Vec<(String, String)>,
    tuvs: Vec<Tuv>,
}

#[derive(Debug, Default)]
struct Tuv {
    lang: String,
    seg: String,
}

fn attributes(e: &BytesStart) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for a in e.attributes().with_checks(true) {
        let a = a.unwrap_or_else(|err| panic!("bad attribute: {err}"));
        let key = String::from_utf8(a.key.as_ref().to_vec()).unwrap();
        let value = a.unescape_value().expect("attribute value").into_owned();
        assert!(
            out.insert(key.clone(), value).is_none(),
            "duplicate attribute {key}"
        );
    }
    out
}

/// Parses a TMX document with quick-xml, failing the test when it is not
/// well-formed or has elements bitext does not write.
fn parse_tmx(xml: &str) -> Tmx {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().trim_text(false);
    reader.config_mut().check_end_names = true;
    let mut tmx = Tmx::default();
    let mut stack: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut prop_type = String::new();
    let mut roots = 0;
    let mut saw_decl = false;
    loop {
        let event = reader.read_event().unwrap_or_else(|e| {
            panic!(
                "TMX not well-formed at byte {}: {e}",
                reader.buffer_position()
            )
        });
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
            let attrs = attributes(&e);
            let parent = stack.last().map(String::as_str);
            match (parent, name.as_str()) {
                (None, "tmx") => {
                    roots += 1;
                    tmx.version = attrs.get("version").cloned().unwrap_or_default();
                }
                (Some("tmx"), "header") => tmx.header = attrs,
                (Some("tmx"), "body") => {}
                (Some("body"), "tu") => tmx.tus.push(Tu {
                    attrs,
                    ..Tu::default()
                }),
                (Some("tu"), "prop") => {
                    prop_type = attrs.get("type").cloned().expect("<prop> without type");
                    text.clear();
                }
                (Some("tu"), "tuv") => {
                    let lang = attrs
                        .get("xml:lang")
                        .cloned()
                        .expect("<tuv> without xml:lang");
                    tmx.tus.last_mut().unwrap().tuvs.push(Tuv {
                        lang,
                        seg: String::new(),
                    });
                }
                (Some("tuv"), "seg") => text.clear(),
                (p, n) => panic!("unexpected <{n}> inside {p:?}"),
            }
            if !empty {
                stack.push(name);
            } else {
                assert!(name != "seg" && name != "prop", "empty <{name}/>");
            }
            continue;
        }
        match event {
            Event::Decl(d) => {
                assert!(
                    stack.is_empty() && !saw_decl && roots == 0,
                    "misplaced XML declaration"
                );
                saw_decl = true;
                assert_eq!(d.version().unwrap().as_ref(), b"1.0");
                assert_eq!(d.encoding().unwrap().unwrap().as_ref(), b"UTF-8");
            }
            Event::DocType(d) => {
                assert!(roots == 0, "DOCTYPE after the root element");
                tmx.doctype = Some(String::from_utf8(d.into_inner().into_owned()).unwrap());
            }
            Event::End(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                assert_eq!(stack.pop().as_deref(), Some(name.as_str()));
                match name.as_str() {
                    "seg" => {
                        let tu = tmx.tus.last_mut().unwrap();
                        tu.tuvs.last_mut().unwrap().seg = std::mem::take(&mut text);
                    }
                    "prop" => {
                        let tu = tmx.tus.last_mut().unwrap();
                        tu.props
                            .push((std::mem::take(&mut prop_type), std::mem::take(&mut text)));
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                let s = t
                    .unescape()
                    .unwrap_or_else(|e| panic!("bad escape in TMX text: {e}"));
                match stack.last().map(String::as_str) {
                    Some("seg") | Some("prop") => text.push_str(&s),
                    other => assert!(
                        s.trim().is_empty(),
                        "text {s:?} outside <seg>/<prop> (in {other:?})"
                    ),
                }
            }
            Event::Eof => break,
            other => panic!("unexpected XML event {other:?}"),
        }
    }
    assert!(saw_decl, "no XML declaration");
    assert!(stack.is_empty(), "unclosed elements {stack:?}");
    assert_eq!(roots, 1, "a TMX has exactly one root element");
    tmx
}

/// Parses, validates and checks the structure of a TMX written by bitext.
fn check_tmx(xml: &str, src_lang: &str, tgt_lang: &str, keep_empty: bool) -> Tmx {
    let tmx = parse_tmx(xml);
    common::xmllint_validate(xml.as_bytes(), "cli");
    assert_eq!(
        tmx.doctype.as_deref().map(str::trim),
        Some(r#"tmx SYSTEM "tmx14.dtd""#)
    );
    assert_eq!(tmx.version, "1.4");
    let h = &tmx.header;
    assert_eq!(h.get("creationtool").map(String::as_str), Some("bitext"));
    assert_eq!(
        h.get("creationtoolversion").map(String::as_str),
        Some(VERSION)
    );
    assert_eq!(h.get("segtype").map(String::as_str), Some("sentence"));
    assert_eq!(h.get("srclang").map(String::as_str), Some(src_lang));
    for required in ["adminlang", "datatype", "o-tmf"] {
        assert!(
            h.get(required).is_some_and(|v| !v.is_empty()),
            "header lacks {required}: {h:?}"
        );
    }
    let date = h.get("creationdate").expect("header creationdate");
    assert!(is_tmx_date(date), "bad creationdate {date:?}");
    let mut tuids = HashSet::new();
    for tu in &tmx.tus {
        let tuid = tu.attrs.get("tuid").expect("<tu> without tuid");
        assert!(tuids.insert(tuid.clone()), "duplicate tuid {tuid}");
        if let Some(d) = tu.attrs.get("creationdate") {
            assert!(is_tmx_date(d), "bad <tu> creationdate {d:?}");
        }
        let conf: Vec<&(String, String)> = tu
            .props
            .iter()
            .filter(|(t, _)| t == "x-bitext-confidence")
            .collect();
        assert_eq!(
            conf.len(),
            1,
            "tu {tuid}: expected one x-bitext-confidence prop"
        );
        let c: f64 = conf[0].1.trim().parse().expect("confidence is a number");
        assert!(
            (0.0..=1.0).contains(&c),
            "tu {tuid}: confidence {c} outside [0, 1]"
        );
        let langs: Vec<&str> = tu.tuvs.iter().map(|t| t.lang.as_str()).collect();
        if keep_empty {
            assert!(
                langs == [src_lang, tgt_lang] || langs == [src_lang] || langs == [tgt_lang],
                "tu {tuid}: languages {langs:?}"
            );
        } else {
            assert_eq!(
                langs,
                [src_lang, tgt_lang],
                "tu {tuid}: expected two <tuv>s"
            );
        }
        for tuv in &tu.tuvs {
            assert!(!tuv.seg.trim().is_empty(), "tu {tuid}: empty <seg>");
        }
    }
    tmx
}

/// The segments of one language, in document order.
fn tmx_segs<'a>(tmx: &'a Tmx, lang: &str) -> Vec<&'a str> {
    tmx.tus
        .iter()
        .flat_map(|tu| tu.tuvs.iter())
        .filter(|t| t.lang == lang)
        .map(|t| t.seg.as_str())
        .collect()
}

// ------------------------------------------------------- formats and content

/// Aligns the corpus with `args` into a file named `name` and checks that
/// the file holds exactly what standard output gave.
fn assert_file_equals_stdout(out: &str, args: &[&str], name: &str) {
    let dir = tmp();
    let file = dir.path().join(name);
    ok(bitext()
        .arg("align")
        .arg(zh())
        .arg(en())
        .args(args)
        .arg("-o")
        .arg(&file));
    assert_eq!(read(&file), out);
}

fn align_corpus(extra: &[&str]) -> String {
    let (out, _) = ok(bitext().arg("align").arg(zh()).arg(en()).args(extra));
    out
}

fn corpus_beads() -> Vec<(Vec<usize>, Vec<usize>)> {
    align_corpus(&["--format", "beads"])
        .lines()
        .map(parse_bead)
        .collect()
}

#[test]
fn tmx_is_the_default_format_and_is_valid() {
    let (out, stderr) = ok(bitext().arg("align").arg(zh()).arg(en()));
    let tmx = check_tmx(&out, "zh-CN", "en-US", false);
    let beads = corpus_beads();
    let full = beads
        .iter()
        .filter(|(s, t)| !s.is_empty() && !t.is_empty())
        .count();
    assert_eq!(tmx.tus.len(), full, "one <tu> per bead with two sides");
    assert!(stderr.contains("beads"), "summary on stderr: {stderr}");
    // The date of an input file's mtime still has the TMX form.
    assert!(is_tmx_date(&tmx.header["creationdate"]));
}

#[test]
fn tmx_to_file_equals_stdout() {
    let dir = tmp();
    let out = dir.path().join("release.tmx");
    let date = ["--creation-date", "20210508T000000Z"];
    let (stdout, _) = ok(bitext()
        .arg("align")
        .arg(zh())
        .arg(en())
        .args(date)
        .arg("-o")
        .arg(&out));
    assert!(stdout.is_empty(), "nothing on stdout with -o");
    let file = read(&out);
    check_tmx(&file, "zh-CN", "en-US", false);
    assert_eq!(file, align_corpus(&date));
    assert_eq!(
        listing(dir.path()),
        ["release.tmx"],
        "no temporary file left behind"
    );
}

#[test]
fn tmx_language_tags_follow_the_options() {
    let out = align_corpus(&["--src-lang", "zh-Hans", "--tgt-lang", "en-GB"]);
    let tmx = check_tmx(&out, "zh-Hans", "en-GB", false);
    assert!(!tmx.tus.is_empty());
    // en → zh: the English side is the source.
    let (out, _) = ok(bitext()
        .args(["align", "--src-lang", "en", "--tgt-lang", "zh-CN"])
        .arg(en())
        .arg(zh()));
    check_tmx(&out, "en", "zh-CN", false);
}

#[test]
fn tmx_segments_hold_every_character_with_keep_empty() {
    let out = align_corpus(&["--keep-empty", "--creation-date", "@0"]);
    let tmx = check_tmx(&out, "zh-CN", "en-US", true);
    assert_eq!(tmx.header["creationdate"], "19700101T000000Z");
    assert_eq!(
        strip_ws(&tmx_segs(&tmx, "zh-CN").concat()),
        strip_ws(&read(&zh()))
    );
    assert_eq!(
        strip_ws(&tmx_segs(&tmx, "en-US").concat()),
        strip_ws(&read(&en()))
    );
}

#[test]
fn tsv_has_one_line_per_bead() {
    let out = align_corpus(&["--format", "tsv"]);
    let pairs = tsv_pairs(&out);
    assert_eq!(pairs.len(), corpus_beads().len());
    assert!(pairs.iter().all(|(s, t)| !(s.is_empty() && t.is_empty())));
    assert_file_equals_stdout(&out, &["-f", "tsv"], "pairs.tsv");
}

#[test]
fn jsonl_lines_are_records() {
    let out = align_corpus(&["--format", "jsonl"]);
    let n_src = sentences(&zh(), "zh").len();
    let n_tgt = sentences(&en(), "en").len();
    let mut beads = Vec::new();
    for line in out.lines() {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        let ids = |k: &str| -> Vec<usize> {
            v[k].as_array()
                .unwrap_or_else(|| panic!("{k} is not an array: {line}"))
                .iter()
                .map(|x| x.as_u64().expect("index") as usize)
                .collect()
        };
        let (s, t) = (ids("src_ids"), ids("tgt_ids"));
        assert!(v["src"].is_string() && v["tgt"].is_string(), "{line}");
        assert_eq!(
            v["src"].as_str().unwrap().is_empty(),
            s.is_empty(),
            "{line}"
        );
        assert_eq!(
            v["tgt"].as_str().unwrap().is_empty(),
            t.is_empty(),
            "{line}"
        );
        let c = v["confidence"].as_f64().expect("confidence");
        assert!((0.0..=1.0).contains(&c), "confidence {c}: {line}");
        beads.push((s, t));
    }
    common::assert_covering(&beads, n_src, n_tgt);
    assert_eq!(beads, corpus_beads(), "JSONL and bead ids agree");
    assert_file_equals_stdout(&out, &["--format", "jsonl"], "pairs.jsonl");
}

#[test]
fn beads_lines_have_the_gold_form() {
    let out = align_corpus(&["--format", "beads"]);
    assert!(out.ends_with('\n'));
    for line in out.lines() {
        assert!(matches(r"^\[[0-9,]*\]:\[[0-9,]*\]$", line), "{line:?}");
    }
    assert_file_equals_stdout(&out, &["--format", "beads"], "auto.align");
}

#[test]
fn formats_are_case_insensitive_with_aliases() {
    assert_eq!(
        align_corpus(&["--format", "TSV"]),
        align_corpus(&["--format", "tsv"])
    );
    assert_eq!(
        align_corpus(&["-f", "align"]),
        align_corpus(&["-f", "beads"])
    );
    assert_eq!(
        align_corpus(&["-f", "json"]),
        align_corpus(&["-f", "jsonl"])
    );
}

// ------------------------------------------- every character exactly once

/// Checks TSV output against the two input texts: the source fields,
/// concatenated, are the source text (whitespace aside), and so for the
/// target.
fn assert_tsv_covers(tsv: &str, src_text: &str, tgt_text: &str) {
    let pairs = tsv_pairs(tsv);
    let src: String = pairs.iter().map(|(s, _)| s.as_str()).collect();
    let tgt: String = pairs.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(strip_ws(&src), strip_ws(src_text), "source characters");
    assert_eq!(strip_ws(&tgt), strip_ws(tgt_text), "target characters");
}

#[test]
fn tsv_holds_every_character_once_on_the_sample_corpus() {
    assert_tsv_covers(&align_corpus(&["-f", "tsv"]), &read(&zh()), &read(&en()));
    let (out, _) = ok(bitext()
        .args(["align", "--src-lang", "en", "--tgt-lang", "zh", "-f", "tsv"])
        .arg(en())
        .arg(zh()));
    assert_tsv_covers(&out, &read(&en()), &read(&zh()));
}

#[test]
fn tsv_escapes_are_reversible() {
    let dir = tmp();
    let zh_text = "路径是C:\\new\\table。他说\\t不是制表符。\n表格\t里有制表符！反斜杠\\\\两个。\n";
    let en_text = "The path is C:\\new\\table. He said \\t is not a tab.\n\
                   The table\thas a tab! Two backslashes \\\\ here.\n";
    let z = put(&dir, "zh.txt", zh_text);
    let e = put(&dir, "en.txt", en_text);
    let (out, _) = ok(bitext().args(["align", "-f", "tsv"]).arg(&z).arg(&e));
    assert_tsv_covers(&out, zh_text, en_text);
    // A tab inside a segment is escaped, never a second separator.
    assert!(out.contains("\\t"), "{out}");
    let pairs = tsv_pairs(&out);
    assert!(
        pairs.iter().any(|(s, _)| s.contains("表格\t里")),
        "{pairs:?}"
    );
    assert!(
        pairs.iter().any(|(s, _)| s.contains("C:\\new\\table")),
        "{pairs:?}"
    );
}

#[test]
fn tsv_keeps_both_sides_of_an_unbalanced_pair() {
    // Many more English sentences than Chinese: whatever the beads, no text
    // may be lost and the TSV keeps empty-side beads.
    let dir = tmp();
    let zh_text = "今天下雨。\n我们待在家里。\n";
    let en_text = "It rained today. Nobody expected it. The forecast said sun.\n\
                   We stayed at home. We read books. We cooked dinner. Then we slept.\n";
    let z = put(&dir, "zh.txt", zh_text);
    let e = put(&dir, "en.txt", en_text);
    let (out, _) = ok(bitext().args(["align", "-f", "tsv"]).arg(&z).arg(&e));
    assert_tsv_covers(&out, zh_text, en_text);
}

#[test]
fn beads_cover_every_sentence_once() {
    let zs = sentences(&zh(), "zh");
    let es = sentences(&en(), "en");
    let beads = corpus_beads();
    common::assert_covering(&beads, zs.len(), es.len());
    let src: String = beads
        .iter()
        .flat_map(|(s, _)| s.iter().map(|&i| zs[i].as_str()))
        .collect();
    let tgt: String = beads
        .iter()
        .flat_map(|(_, t)| t.iter().map(|&j| es[j].as_str()))
        .collect();
    assert_eq!(strip_ws(&src), strip_ws(&read(&zh())));
    assert_eq!(strip_ws(&tgt), strip_ws(&read(&en())));
    // TSV and beads describe the same alignment.
    let pairs = tsv_pairs(&align_corpus(&["-f", "tsv"]));
    assert_eq!(pairs.len(), beads.len());
    for ((s, t), (ps, pt)) in beads.iter().zip(&pairs) {
        let join = |ids: &[usize], sents: &[String], sep: &str| {
            ids.iter()
                .map(|&i| sents[i].as_str())
                .collect::<Vec<_>>()
                .join(sep)
        };
        assert_eq!(&join(s, &zs, ""), ps);
        assert_eq!(&join(t, &es, " "), pt);
    }
}

// ------------------------------------------------- TMX and awkward characters

#[test]
fn tmx_drops_xml_forbidden_characters_and_escapes_markup() {
    let dir = tmp();
    let z = put(
        &dir,
        "zh.txt",
        "甲\u{1}乙\u{B}丙说：&<>\"'。\n第二句\u{1F}话。\n",
    );
    let e = put(
        &dir,
        "en.txt",
        "A\u{1} said: & <b> \"q\" 'x'.\nThe second\u{B} one.\n",
    );
    let (out, stderr) = ok(bitext()
        .args(["align", "--creation-date", "20210508T000000Z"])
        .arg(&z)
        .arg(&e));
    let tmx = check_tmx(&out, "zh-CN", "en-US", false);
    assert!(
        stderr.contains("warning") && stderr.contains("dropped"),
        "stderr should warn about dropped characters: {stderr}"
    );
    assert!(stderr.contains('5'), "five characters dropped: {stderr}");
    let zh_all = tmx_segs(&tmx, "zh-CN").concat();
    let en_all = tmx_segs(&tmx, "en-US").concat();
    assert_eq!(strip_ws(&zh_all), "甲乙丙说：&<>\"'。第二句话。");
    assert_eq!(strip_ws(&en_all), "Asaid:&<b>\"q\"'x'.Thesecondone.");
    assert!(!out.contains('\u{1}') && !out.contains('\u{B}') && !out.contains('\u{1F}'));
    // TSV and JSONL keep the characters: they are plain text.
    let (tsv, _) = ok(bitext().args(["align", "-f", "tsv"]).arg(&z).arg(&e));
    assert!(tsv.contains('\u{1}'));
}

#[test]
fn tmx_of_supplementary_and_special_whitespace_is_valid() {
    let dir = tmp();
    let z = put(&dir, "zh.txt", "𠀀字在扩展B区。\u{3000}全角空格之后。\n");
    let e = put(
        &dir,
        "en.txt",
        "The 𠀀 character is in Extension B.\u{A0}After a full-width space.\n",
    );
    let (out, _) = ok(bitext().arg("align").arg(&z).arg(&e).arg("--keep-empty"));
    let tmx = check_tmx(&out, "zh-CN", "en-US", true);
    assert!(tmx_segs(&tmx, "zh-CN").concat().contains('𠀀'));
}

// -------------------------------------------------------------- determinism

#[test]
fn same_command_same_bytes_with_creation_date() {
    let args = ["--creation-date", "20210508T000000Z"];
    let a = align_corpus(&args);
    let b = align_corpus(&args);
    assert_eq!(a, b);
    check_tmx(&a, "zh-CN", "en-US", false);
    for f in ["tsv", "jsonl", "beads"] {
        assert_eq!(
            align_corpus(&["-f", f]),
            align_corpus(&["-f", f]),
            "format {f}"
        );
    }
}

fn set_mtime(path: &Path, secs: u64) {
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(UNIX_EPOCH + Duration::from_secs(secs))
        .unwrap();
}

#[test]
fn same_files_same_bytes_with_date_from_mtimes() {
    let dir = tmp();
    let z = put(&dir, "zh.txt", read(&zh()));
    let e = put(&dir, "en.txt", read(&en()));
    set_mtime(&z, RELEASE_DAY - 86_400);
    set_mtime(&e, RELEASE_DAY);
    let run = || ok(bitext().arg("align").arg(&z).arg(&e)).0;
    let (a, b) = (run(), run());
    assert_eq!(a, b, "two runs on the same files differ");
    let tmx = check_tmx(&a, "zh-CN", "en-US", false);
    assert_eq!(
        tmx.header["creationdate"], "20210508T000000Z",
        "the newer mtime"
    );
    assert!(
        tmx.tus
            .iter()
            .all(|tu| tu.attrs["creationdate"] == "20210508T000000Z")
    );
    // Through -o as well.
    let o1 = dir.path().join("1.tmx");
    let o2 = dir.path().join("2.tmx");
    ok(bitext().arg("align").arg(&z).arg(&e).arg("-o").arg(&o1));
    std::thread::sleep(Duration::from_millis(1100));
    ok(bitext().arg("align").arg(&z).arg(&e).arg("-o").arg(&o2));
    assert_eq!(std::fs::read(&o1).unwrap(), std::fs::read(&o2).unwrap());
    assert_eq!(std::fs::read(&o1).unwrap(), a.as_bytes());
}

#[test]
fn creation_date_option_reaches_the_tmx() {
    for (arg, want) in [
        ("20210508T000000Z", "20210508T000000Z"),
        ("@1620432000", "20210508T000000Z"),
        ("20000229T235959Z", "20000229T235959Z"),
    ] {
        let out = align_corpus(&["--creation-date", arg]);
        let tmx = check_tmx(&out, "zh-CN", "en-US", false);
        assert_eq!(tmx.header["creationdate"], want);
        assert!(tmx.tus.iter().all(|tu| tu.attrs["creationdate"] == want));
    }
    for bad in [
        "2021-05-08",
        "20210508",
        "1620432000",
        "20210230T000000Z",
        "20210508T000000",
        "yesterday",
    ] {
        let stderr = fails(
            bitext()
                .arg("align")
                .arg(zh())
                .arg(en())
                .args(["--creation-date", bad]),
        );
        assert!(stderr.contains(bad), "{stderr}");
    }
}

#[test]
fn source_date_epoch_reaches_the_tmx() {
    let (out, _) = ok(bitext()
        .env("SOURCE_DATE_EPOCH", RELEASE_DAY.to_string())
        .arg("align")
        .arg(zh())
        .arg(en()));
    let tmx = check_tmx(&out, "zh-CN", "en-US", false);
    assert_eq!(tmx.header["creationdate"], "20210508T000000Z");
    // --creation-date wins over SOURCE_DATE_EPOCH.
    let (out, _) = ok(bitext()
        .env("SOURCE_DATE_EPOCH", RELEASE_DAY.to_string())
        .args(["align", "--creation-date", "19700101T000001Z"])
        .arg(zh())
        .arg(en()));
    assert_eq!(parse_tmx(&out).header["creationdate"], "19700101T000001Z");
    // A malformed SOURCE_DATE_EPOCH is an error, named.
    let stderr = fails(
        bitext()
            .env("SOURCE_DATE_EPOCH", "soon")
            .arg("align")
            .arg(zh())
            .arg(en()),
    );
    assert!(stderr.contains("SOURCE_DATE_EPOCH"), "{stderr}");
}

#[test]
fn date_of_now_when_reading_standard_input() {
    let before = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let (out, _) = ok(bitext()
        .args(["align", "-"])
        .arg(en())
        .write_stdin(read(&zh())));
    let tmx = check_tmx(&out, "zh-CN", "en-US", false);
    let year = &tmx.header["creationdate"][..4];
    let this_year = 1970 + before / 31_556_952;
    assert!(year.parse::<u64>().unwrap() >= this_year - 1, "{year}");
}

// ------------------------------------------ presegmented, stdin, segment

#[test]
fn presegmented_lines_are_taken_as_they_are() {
    let dir = tmp();
    let z = put(
        &dir,
        "a.zh",
        "第一行。第二句还在第一行。\n\n  第二行  \n第三行！\n",
    );
    let e = put(
        &dir,
        "a.en",
        "Line one. Still line one.\nLine two\n\n\nLine three!\n",
    );
    let (beads, _) = ok(bitext()
        .args(["align", "--presegmented", "--format", "beads"])
        .arg(&z)
        .arg(&e));
    let beads: Vec<_> = beads.lines().map(parse_bead).collect();
    common::assert_covering(&beads, 3, 3);
    assert_eq!(
        beads,
        [(vec![0], vec![0]), (vec![1], vec![1]), (vec![2], vec![2])]
    );
    let (tsv, _) = ok(bitext()
        .args(["align", "--presegmented", "-f", "tsv"])
        .arg(&z)
        .arg(&e));
    let pairs = tsv_pairs(&tsv);
    assert_eq!(
        pairs[0],
        (
            "第一行。第二句还在第一行。".into(),
            "Line one. Still line one.".into()
        )
    );
    assert_eq!(pairs[1], ("第二行".into(), "Line two".into()));
    // Without --presegmented the first line is two sentences.
    let (raw, _) = ok(bitext().args(["align", "-f", "beads"]).arg(&z).arg(&e));
    assert_eq!(
        raw.lines()
            .map(parse_bead)
            .map(|b| b.0.len())
            .sum::<usize>(),
        4
    );
}

#[test]
fn standard_input_as_either_side() {
    let file_out = align_corpus(&["-f", "tsv"]);
    let (src_stdin, _) = ok(bitext()
        .args(["align", "-f", "tsv", "-"])
        .arg(en())
        .write_stdin(read(&zh())));
    assert_eq!(src_stdin, file_out);
    let (tgt_stdin, _) = ok(bitext()
        .args(["align", "-f", "tsv"])
        .arg(zh())
        .arg("-")
        .write_stdin(read(&en())));
    assert_eq!(tgt_stdin, file_out);
    let stderr = fails(bitext().args(["align", "-", "-"]).write_stdin("x"));
    assert!(stderr.contains("standard input"), "{stderr}");
}

#[test]
fn standard_input_errors_name_stdin() {
    let stderr = fails(bitext().args(["align", "-"]).arg(en()).write_stdin("  \n"));
    assert!(stderr.contains("<stdin>"), "{stderr}");
}

#[test]
fn segment_prints_one_sentence_a_line_and_blank_lines_between_paragraphs() {
    let zh_paras = segment(&zh(), "zh");
    let en_paras = segment(&en(), "en");
    let non_blank = |p: &Path| read(p).lines().filter(|l| !l.trim().is_empty()).count();
    assert_eq!(zh_paras.len(), non_blank(&zh()));
    assert_eq!(en_paras.len(), non_blank(&en()));
    let zs: Vec<String> = zh_paras.concat();
    let es: Vec<String> = en_paras.concat();
    assert_eq!(zs.len(), 33, "zh sentences as in gold.align");
    assert_eq!(es.len(), 42, "en sentences as in gold.align");
    assert_eq!(strip_ws(&zs.concat()), strip_ws(&read(&zh())));
    assert_eq!(strip_ws(&es.concat()), strip_ws(&read(&en())));
    assert_eq!(zs[1], "会议由国务委员兼外交部长王毅主持。");

    let dir = tmp();
    let t = put(&dir, "t.txt", "First one. Second one!\n\n\nThird?\n");
    let (out, _) = ok(bitext().args(["segment", "--lang", "en"]).arg(&t));
    assert_eq!(out, "First one.\nSecond one!\n\nThird?\n");
    let (out, _) = ok(bitext()
        .args(["segment", "--lang", "zh", "-"])
        .write_stdin("一。二！\n三？"));
    assert_eq!(out, "一。\n二！\n\n三？\n");
    // -o writes the same to a file; a language tag works too.
    let o = dir.path().join("t.sent");
    ok(bitext()
        .args(["segment", "--lang", "en-US", "-o"])
        .arg(&o)
        .arg(&t));
    assert_eq!(read(&o), "First one.\nSecond one!\n\nThird?\n");
    // Without --lang the language is guessed.
    let (guessed, _) = ok(bitext().arg("segment").arg(zh()));
    assert_eq!(parse_segment_output(&guessed), zh_paras);
}

#[test]
fn version_and_help() {
    bitext()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("bitext {VERSION}")));
    bitext().arg("--help").assert().success().stdout(
        predicate::str::contains("Examples:").and(predicate::str::contains("bitext align")),
    );
    bitext()
        .arg("align")
        .arg("--help")
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Examples:")
                .and(predicate::str::contains("bitext align"))
                .and(predicate::str::contains("--presegmented"))
                .and(predicate::str::contains("--creation-date")),
        );
    bitext()
        .args(["segment", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:"));
    bitext()
        .args(["eval", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:"));
    // Missing arguments are a usage error.
    let stderr = fails(bitext().arg("align"));
    assert!(
        stderr.contains("<SRC>") && stderr.contains("Usage"),
        "{stderr}"
    );
    // No subcommand at all prints the usage (exit status left to main).
    bitext()
        .assert()
        .stderr(predicate::str::contains("Usage").and(predicate::str::contains("Examples:")));
}

#[test]
fn eval_scores_the_sample_corpus() {
    let dir = tmp();
    let auto = dir.path().join("auto.align");
    ok(bitext()
        .args(["align", "-q", "-f", "beads", "-o"])
        .arg(&auto)
        .arg(zh())
        .arg(en()));
    let gold = corpus("gold.align");
    let (out, _) = ok(bitext()
        .args(["eval", "--gold"])
        .arg(&gold)
        .arg("--auto")
        .arg(&auto));
    assert!(out.contains("F1"), "{out}");
    let f1: f64 = out
        .split_whitespace()
        .skip_while(|w| *w != "F1")
        .nth(1)
        .and_then(|w| w.parse().ok())
        .unwrap_or_else(|| panic!("no F1 figure in {out}"));
    assert!(f1 >= 0.90, "F1 {f1}");
    let (json, _) = ok(bitext()
        .args(["eval", "--json", "--gold"])
        .arg(&gold)
        .arg("--auto")
        .arg(&auto));
    let v: serde_json::Value = serde_json::from_str(json.trim()).expect("eval --json is JSON");
    assert!((v["f1"].as_f64().unwrap() - f1).abs() < 1e-3);
    for k in ["precision", "recall", "f1"] {
        assert!((0.0..=1.0).contains(&v[k].as_f64().unwrap()), "{k}: {json}");
    }
    assert_eq!(v["counts"]["gold"].as_u64(), Some(33));
    // The gold against itself is perfect.
    let (json, _) = ok(bitext()
        .args(["eval", "--json", "--gold"])
        .arg(&gold)
        .arg("--auto")
        .arg(&gold));
    let v: serde_json::Value = serde_json::from_str(json.trim()).unwrap();
    assert_eq!(v["f1"].as_f64(), Some(1.0));
}

#[test]
fn eval_rejects_malformed_beads() {
    let dir = tmp();
    let bad = put(&dir, "bad.align", "[0]:[0]\n[1]-[1]\n");
    let stderr = fails(
        bitext()
            .args(["eval", "--gold"])
            .arg(corpus("gold.align"))
            .arg("--auto")
            .arg(&bad),
    );
    assert!(
        stderr.contains("bad.align") && stderr.contains("line 2"),
        "{stderr}"
    );
}

// -------------------------------------------------------------- error cases

#[test]
fn invalid_utf8_names_file_and_offset() {
    let dir = tmp();
    // UTF-8 (è) with a Latin-1 é on line 2: an error, not a guess.
    let bad = put(
        &dir,
        "mixed.txt",
        ["Première ligne.\nCaf".as_bytes(), b"\xE9 au lait.\n"].concat(),
    );
    let stderr = fails(bitext().arg("align").arg(zh()).arg(&bad));
    assert!(stderr.contains("mixed.txt"), "{stderr}");
    assert!(
        stderr.contains("invalid UTF-8 at byte offset 20"),
        "{stderr}"
    );
    assert!(stderr.contains("line 2"), "{stderr}");
    // The same Latin-1 line alone is a Windows-1252 text, read as such.
    let latin1 = put(&dir, "latin1.txt", b"Hello.\nCaf\xE9 au lait.\n");
    let (out, stderr) = ok(bitext().args(["segment", "--lang", "en"]).arg(&latin1));
    assert_eq!(out, "Hello.\n\nCafé au lait.\n");
    assert!(
        stderr.contains("latin1.txt: not UTF-8; read as windows-1252 (detected"),
        "{stderr}"
    );
}

#[test]
fn empty_and_whitespace_only_files_are_refused() {
    let dir = tmp();
    let empty = put(&dir, "empty.txt", "");
    let blank = put(&dir, "blank.txt", " \n\t\r\n\u{3000}\n");
    for (f, name) in [(&empty, "empty.txt"), (&blank, "blank.txt")] {
        let stderr = fails(bitext().arg("align").arg(zh()).arg(f));
        assert!(
            stderr.contains(name) && stderr.contains("no text"),
            "{stderr}"
        );
        let stderr = fails(bitext().arg("align").arg(f).arg(en()));
        assert!(stderr.contains(name), "{stderr}");
        let stderr = fails(bitext().args(["segment", "--lang", "en"]).arg(f));
        assert!(stderr.contains(name), "{stderr}");
    }
}

#[test]
fn nul_byte_is_refused() {
    let dir = tmp();
    let f = put(&dir, "binary.txt", b"Hello.\nWor\0ld.\n");
    let stderr = fails(bitext().arg("align").arg(zh()).arg(&f));
    assert!(
        stderr.contains("binary.txt") && stderr.contains("NUL"),
        "{stderr}"
    );
    assert!(
        stderr.contains("byte offset 10") && stderr.contains("line 2"),
        "{stderr}"
    );
}

#[test]
fn missing_file_is_named() {
    let dir = tmp();
    let missing = dir.path().join("no-such-file.txt");
    let stderr = fails(bitext().arg("align").arg(zh()).arg(&missing));
    assert!(stderr.contains("no-such-file.txt"), "{stderr}");
    let stderr = fails(bitext().arg("align").arg(&missing).arg(en()));
    assert!(stderr.contains("no-such-file.txt"), "{stderr}");
    // Both missing (the two are read side by side): the source's error.
    let other = dir.path().join("no-such-translation.txt");
    let stderr = fails(bitext().arg("align").arg(&missing).arg(&other));
    assert!(stderr.contains("no-such-file.txt"), "{stderr}");
    assert!(!stderr.contains("no-such-translation.txt"), "{stderr}");
}

#[test]
fn io_error_message_is_not_repeated() {
    let dir = tmp();
    let missing = dir.path().join("missing.txt");
    let stderr = fails(bitext().arg("align").arg(zh()).arg(&missing));
    assert_eq!(
        stderr.matches("No such file or directory").count(),
        1,
        "{stderr}"
    );
    let stderr = fails(
        bitext()
            .arg("align")
            .arg(zh())
            .arg(en())
            .args(["-o", "/nonexistent-dir/x.tmx"]),
    );
    assert_eq!(stderr.matches("does not exist").count(), 1, "{stderr}");
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for u in text.encode_utf16() {
        out.extend_from_slice(&if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

#[test]
fn utf16_with_bom_is_accepted() {
    let dir = tmp();
    let utf8_out = align_corpus(&["-f", "tsv"]);
    let z = put(&dir, "zh16le.txt", utf16(&read(&zh()), false));
    let e = put(&dir, "en16be.txt", utf16(&read(&en()), true));
    let (out, _) = ok(bitext().args(["align", "-f", "tsv"]).arg(&z).arg(&e));
    assert_eq!(out, utf8_out, "UTF-16 input aligns like UTF-8");
    let z = put(&dir, "zh16be.txt", utf16(&read(&zh()), true));
    let e = put(&dir, "en16le.txt", utf16(&read(&en()), false));
    let (out, _) = ok(bitext().args(["align", "-f", "tsv"]).arg(&z).arg(&e));
    assert_eq!(out, utf8_out);
    // Output is always UTF-8; a UTF-8 BOM on input is dropped.
    let z = put(
        &dir,
        "zh-bom.txt",
        [b"\xEF\xBB\xBF".as_slice(), read(&zh()).as_bytes()].concat(),
    );
    let (out, _) = ok(bitext().args(["align", "-f", "tsv"]).arg(&z).arg(en()));
    assert_eq!(out, utf8_out);
    let (tmx, _) = ok(bitext().arg("align").arg(&z).arg(en()));
    check_tmx(&tmx, "zh-CN", "en-US", false);
    assert!(!tmx.contains('\u{FEFF}'));
}

#[test]
fn crlf_and_cr_line_ends_work() {
    let plain = align_corpus(&["-f", "tsv"]);
    let dir = tmp();
    let z = put(&dir, "zh-crlf.txt", read(&zh()).replace('\n', "\r\n"));
    let e = put(&dir, "en-crlf.txt", read(&en()).replace('\n', "\r\n"));
    let (out, _) = ok(bitext().args(["align", "-f", "tsv"]).arg(&z).arg(&e));
    assert!(!out.contains("\\r"), "no carriage return in a segment");
    assert_eq!(out, plain, "CRLF input aligns like LF input");
    let (tmx, _) = ok(bitext().arg("align").arg(&z).arg(&e));
    check_tmx(&tmx, "zh-CN", "en-US", false);
    assert!(!tmx.contains('\r'));
    let z = put(&dir, "zh-cr.txt", read(&zh()).replace('\n', "\r"));
    let (out, _) = ok(bitext().args(["align", "-f", "tsv"]).arg(&z).arg(en()));
    assert_eq!(out, plain, "CR input aligns like LF input");
}

#[test]
fn unwritable_output_fails_and_leaves_no_file() {
    let target = Path::new("/nonexistent-dir/x.tmx");
    let out = bitext()
        .arg("align")
        .arg(zh())
        .arg(en())
        .arg("-o")
        .arg(target)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("x.tmx"), "{stderr}");
    assert!(!target.exists());
    // A directory as the output is refused too, and left alone.
    let dir = tmp();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let out = bitext()
        .arg("align")
        .arg(zh())
        .arg(en())
        .arg("-o")
        .arg(&sub)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(sub.is_dir());
    assert_eq!(
        listing(dir.path()),
        ["sub"],
        "no temporary file left behind"
    );
    assert!(listing(&sub).is_empty());
}

#[test]
fn existing_output_needs_force() {
    let dir = tmp();
    let out = put(&dir, "out.tsv", "keep me\n");
    for cmd in ["align", "segment"] {
        let mut c = bitext();
        c.arg(cmd);
        if cmd == "segment" {
            c.arg(zh());
        } else {
            c.arg(zh()).arg(en()).args(["--format", "tsv"]);
        }
        let stderr = fails(c.arg("-o").arg(&out));
        assert!(
            stderr.contains("out.tsv") && stderr.contains("--force"),
            "{stderr}"
        );
        assert_eq!(read(&out), "keep me\n");
    }
    ok(bitext()
        .arg("align")
        .arg(zh())
        .arg(en())
        .args(["--format", "tsv", "-o"])
        .arg(&out)
        .arg("--force"));
    assert_eq!(read(&out).lines().count(), 33);
}

#[test]
fn failed_run_keeps_the_old_output() {
    let dir = tmp();
    let out = put(&dir, "out.tmx", "old content\n");
    let bad = put(&dir, "bad.txt", b"\xFF\xFF not text");
    let stderr = fails(
        bitext()
            .arg("align")
            .arg(zh())
            .arg(&bad)
            .arg("-o")
            .arg(&out)
            .arg("--force"),
    );
    assert!(stderr.contains("bad.txt"), "{stderr}");
    assert_eq!(read(&out), "old content\n");
    assert_eq!(
        listing(dir.path()),
        ["bad.txt", "out.tmx"],
        "no temporary file left behind"
    );
}

#[test]
fn output_equal_to_an_input_is_refused() {
    let dir = tmp();
    let z = put(&dir, "zh.txt", read(&zh()));
    let e = put(&dir, "en.txt", read(&en()));
    for out in [&z, &e] {
        let stderr = fails(bitext().arg("align").arg(&z).arg(&e).arg("-o").arg(out));
        assert!(stderr.contains("overwrite"), "{stderr}");
    }
    // Another spelling of the same path.
    let stderr = fails(
        bitext()
            .current_dir(dir.path())
            .args(["align", "zh.txt", "en.txt", "-o", "./en.txt"]),
    );
    assert!(stderr.contains("overwrite"), "{stderr}");
    assert_eq!(read(&z), read(&zh()));
    assert_eq!(read(&e), read(&en()));
    let stderr = fails(
        bitext()
            .current_dir(dir.path())
            .args(["segment", "--lang", "zh", "zh.txt", "-o", "zh.txt"]),
    );
    assert!(stderr.contains("overwrite"), "{stderr}");
    assert_eq!(read(&z), read(&zh()));
}

#[test]
fn unknown_format_is_a_usage_error() {
    let stderr = fails(
        bitext()
            .arg("align")
            .arg(zh())
            .arg(en())
            .args(["--format", "xlsx"]),
    );
    assert!(stderr.contains("xlsx"), "{stderr}");
}

#[test]
fn unsupported_language_is_refused() {
    let stderr = fails(
        bitext()
            .arg("align")
            .arg(zh())
            .arg(en())
            .args(["--src-lang", "fr"]),
    );
    assert!(stderr.contains("'fr'"), "{stderr}");
    let stderr = fails(
        bitext()
            .arg("align")
            .arg(zh())
            .arg(en())
            .args(["--tgt-lang", "de-DE"]),
    );
    assert!(stderr.contains("de-DE"), "{stderr}");
    let stderr = fails(bitext().args(["segment", "--lang", "ja"]).arg(zh()));
    assert!(stderr.contains("ja"), "{stderr}");
    // The same language on both sides.
    let stderr = fails(
        bitext()
            .arg("align")
            .arg(zh())
            .arg(en())
            .args(["--tgt-lang", "zh-TW"]),
    );
    assert!(stderr.contains("same language"), "{stderr}");
}

#[test]
fn overlong_sentence_names_file_and_line() {
    let dir = tmp();
    let long = format!(
        "First line.\nSecond line.\n{}\nLast line.\n",
        "word ".repeat(40_000)
    );
    assert_eq!(long.lines().nth(2).unwrap().len(), 200_000);
    let f = put(&dir, "long.txt", &long);
    let stderr = fails(bitext().arg("align").arg(zh()).arg(&f));
    assert!(stderr.contains("long.txt"), "{stderr}");
    assert!(stderr.contains("line 3"), "{stderr}");
    assert!(stderr.contains("limit"), "{stderr}");
    // Presegmented input has the same limit.
    let stderr = fails(bitext().args(["align", "--presegmented"]).arg(zh()).arg(&f));
    assert!(
        stderr.contains("long.txt") && stderr.contains("line 3"),
        "{stderr}"
    );
    // A Chinese line without punctuation.
    let f = put(&dir, "long.zh", "字".repeat(70_000));
    let stderr = fails(bitext().arg("align").arg(&f).arg(en()));
    assert!(
        stderr.contains("long.zh") && stderr.contains("line 1"),
        "{stderr}"
    );
}

#[test]
fn quiet_prints_nothing_on_success() {
    let (_, stderr) = ok(bitext().arg("align").arg(zh()).arg(en()).arg("-q"));
    assert!(stderr.is_empty(), "{stderr}");
    let (_, stderr) = ok(bitext()
        .arg("align")
        .arg(zh())
        .arg(en())
        .arg("--no-paragraphs")
        .arg("--quiet"));
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn no_paragraphs_still_covers_everything() {
    let out = align_corpus(&["--no-paragraphs", "-f", "tsv"]);
    assert_tsv_covers(&out, &read(&zh()), &read(&en()));
}

// ---- lexicon, signals (issue 3) ----

#[test]
fn user_lexicon_is_used_and_bad_lines_are_named() {
    let dir = tmp();
    // A glossary that maps a name absent from CC-CEDICT.
    let lex = put(&dir, "glossary.tsv", "# names\n博兹克尔\tBozkir\n");
    let (out, _) = ok(bitext()
        .arg("align")
        .arg(zh())
        .arg(en())
        .args(["--format", "beads", "--lexicon"])
        .arg(&lex));
    assert_eq!(out.lines().count(), corpus_beads().len());
    let bad = put(&dir, "bad.tsv", "王毅\tWang Yi\nno tab here\n");
    let stderr = fails(
        bitext()
            .arg("align")
            .arg(zh())
            .arg(en())
            .arg("--lexicon")
            .arg(&bad),
    );
    assert!(stderr.contains("bad.tsv: line 2"), "{stderr}");
    let stderr = fails(
        bitext()
            .arg("align")
            .arg(zh())
            .arg(en())
            .arg("--lexicon")
            .arg(&lex)
            .args(["--disable", "lexicon"]),
    );
    assert!(stderr.contains("contradict"), "{stderr}");
}

#[test]
fn every_signal_can_be_disabled() {
    for signal in [
        "length",
        "numbers",
        "latin",
        "punctuation",
        "paragraphs",
        "lexicon",
        "names",
    ] {
        let (out, _) = ok(bitext().arg("align").arg(zh()).arg(en()).args([
            "--format",
            "beads",
            "--disable",
            signal,
        ]));
        let beads: Vec<_> = out.lines().map(parse_bead).collect();
        common::assert_covering(&beads, 33, 42);
    }
    let (all_off, _) = ok(bitext().arg("align").arg(zh()).arg(en()).args([
        "--format",
        "beads",
        "--disable",
        "lexicon,names,numbers,latin",
    ]));
    assert!(!all_off.is_empty());
    let stderr = fails(
        bitext()
            .arg("align")
            .arg(zh())
            .arg(en())
            .args(["--disable", "colour"]),
    );
    assert!(stderr.contains("unknown signal"), "{stderr}");
}

#[test]
fn disabling_the_lexicon_changes_what_the_aligner_sees() {
    // Three Chinese sentences of equal length, two of them translated: only
    // the dictionary tells which.
    let dir = tmp();
    let zh = put(&dir, "zh.txt", "猫在睡觉。\n狗在吃饭。\n鸟在唱歌。\n");
    let en = put(&dir, "en.txt", "The dog is eating.\nThe bird is singing.\n");
    let run = |extra: &[&str]| {
        ok(bitext()
            .args(["align", "--presegmented", "--format", "beads"])
            .args(extra)
            .arg(&zh)
            .arg(&en))
        .0
    };
    // With the lexicon, 狗 goes with "dog" and 鸟 with "bird"; by length
    // alone the last two Chinese sentences are lumped together.
    let with = run(&[]);
    assert!(
        with.lines()
            .any(|l| l.ends_with(":[1]") && l.starts_with("[2]")),
        "{with}"
    );
    let without = run(&["--disable", "lexicon"]);
    assert_ne!(with, without);
}

// ---- regressions from the review of issue 3 ----

#[test]
fn output_may_not_overwrite_a_glossary() {
    let dir = tmp();
    let lex = put(&dir, "g.tsv", "王毅\tWang Yi\n");
    let stderr = fails(
        bitext()
            .arg("align")
            .arg(zh())
            .arg(en())
            .arg("--lexicon")
            .arg(&lex)
            .arg("-o")
            .arg(&lex),
    );
    assert!(stderr.contains("overwrite an input"), "{stderr}");
    assert_eq!(read(&lex), "王毅\tWang Yi\n");
}

#[test]
fn tmx_date_from_stdin_comes_from_the_other_file() {
    let run = || {
        ok(bitext()
            .args(["align", "-", "-q"])
            .arg(en())
            .write_stdin(read(&zh())))
        .0
    };
    assert_eq!(run(), run());
}

#[test]
fn core_model_runs_and_refuses_a_glossary() {
    let (out, _) = ok(bitext()
        .arg("align")
        .arg(zh())
        .arg(en())
        .args(["--model", "core", "--format", "beads"]));
    let beads: Vec<_> = out.lines().map(parse_bead).collect();
    common::assert_covering(&beads, 33, 42);
    let dir = tmp();
    let lex = put(&dir, "g.tsv", "王毅\tWang Yi\n");
    let stderr = fails(
        bitext()
            .arg("align")
            .arg(zh())
            .arg(en())
            .args(["--model", "core", "--lexicon"])
            .arg(&lex),
    );
    assert!(stderr.contains("--model full"), "{stderr}");
}

#[test]
fn glossary_with_cr_line_ends_is_read() {
    let dir = tmp();
    let lex = put(&dir, "cr.tsv", "王毅\tWang Yi\r博兹克尔\tBozkir\r");
    ok(bitext()
        .arg("align")
        .arg(zh())
        .arg(en())
        .args(["--format", "beads", "--lexicon"])
        .arg(&lex));
}

#[test]
fn huge_number_words_do_not_crash() {
    let dir = tmp();
    let zh = put(&dir, "zh.txt", "一百人。\n");
    let en = put(&dir, "en.txt", format!("A{} men.\n", " hundred".repeat(15)));
    ok(bitext()
        .args(["align", "--format", "beads"])
        .arg(&zh)
        .arg(&en));
}

#[test]
fn mistakes_a_new_user_makes_get_clear_answers() {
    let dir = tmp();
    // Files swapped without language flags: refused, with the fix.
    let stderr = fails(bitext().arg("align").arg(en()).arg(zh()));
    assert!(
        stderr.contains("en.txt")
            && stderr.contains("looks English")
            && stderr.contains("--src-lang en"),
        "{stderr}"
    );
    // -o names the format by its extension.
    let tsv = dir.path().join("pairs.tsv");
    ok(bitext()
        .arg("align")
        .arg(zh())
        .arg(en())
        .arg("-o")
        .arg(&tsv));
    assert_eq!(read(&tsv).lines().count(), 33);
    assert!(!read(&tsv).contains("<?xml"));
    // JSON Lines carry the language tags, which convert keeps.
    let (jsonl, _) = ok(bitext()
        .arg("align")
        .arg(zh())
        .arg(en())
        .args(["-f", "jsonl"]));
    assert!(
        jsonl
            .lines()
            .all(|l| l.contains(r#""src_lang":"zh-CN","tgt_lang":"en-US""#))
    );
    // A missing output directory is said before any work, plainly.
    let stderr = fails(
        bitext()
            .arg("align")
            .arg(zh())
            .arg(en())
            .arg("-o")
            .arg(dir.path().join("no/such/dir/out.tmx")),
    );
    assert!(
        stderr.contains("output directory") && stderr.contains("does not exist"),
        "{stderr}"
    );
    // UTF-16 saved without a byte-order mark.
    let utf16: Vec<u8> = std::fs::read_to_string(en())
        .unwrap()
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let bomless = put(&dir, "bomless.txt", utf16);
    let stderr = fails(bitext().arg("align").arg(zh()).arg(&bomless));
    assert!(
        stderr.contains("bomless.txt") && stderr.contains("without a byte-order mark"),
        "{stderr}"
    );
    // A date in the wrong form says both accepted forms.
    let stderr = fails(
        bitext()
            .arg("align")
            .arg(zh())
            .arg(en())
            .args(["--creation-date", "2021-05-08"]),
    );
    assert!(stderr.contains("@SECONDS"), "{stderr}");
}

#[test]
fn convert_refuses_what_it_cannot_do_before_reading() {
    let dir = tmp();
    let tmx = manifest_dir().join("tests/fixtures/tmx/omegat-ck-ImportTest1C.tmx");
    let empty = put(&dir, "empty.tsv", "");
    let stderr = fails(
        bitext()
            .arg("convert")
            .arg(&empty)
            .arg(dir.path().join("o.tmx")),
    );
    assert!(
        stderr.contains("empty.tsv") && stderr.contains("no text"),
        "{stderr}"
    );
    let stderr = fails(bitext().arg("convert").arg(&tmx).arg("-"));
    assert!(
        stderr.contains("<stdout>") && stderr.contains("--to"),
        "{stderr}"
    );
    let stderr = fails(
        bitext()
            .arg("convert")
            .arg(&tmx)
            .arg(dir.path())
            .args(["--to", "moses"]),
    );
    assert!(stderr.contains("file prefix"), "{stderr}");
    let stderr = fails(
        bitext()
            .arg("convert")
            .arg(&tmx)
            .arg(dir.path().join("o.tmx"))
            .args(["--creation-date", "@0"]),
    );
    assert!(stderr.contains("--creation-date"), "{stderr}");
    let stderr = fails(
        bitext()
            .arg("convert")
            .arg(&tmx)
            .arg(dir.path().join("x.jsonl"))
            .args(["--from", "jsonl"]),
    );
    assert!(stderr.contains("line 1: not a JSON record"), "{stderr}");
}

#[test]
fn convert_that_writes_nothing_names_the_languages_and_fails() {
    let dir = tmp();
    let tmx = manifest_dir().join("tests/fixtures/tmx/bitext-tmx11-zh.tmx");
    // (TMX to TMX with one language named keeps whole units.)
    for out in ["o.tsv", "o.jsonl"] {
        let out = dir.path().join(out);
        let stderr = fails(
            bitext()
                .arg("convert")
                .arg(&tmx)
                .arg(&out)
                .args(["--src-lang", "fr"]),
        );
        assert!(
            stderr.contains("bitext-tmx11-zh.tmx")
                && stderr.contains("none written")
                && stderr.contains("no unit holds both fr and")
                && stderr.contains("zh-cn (2 units)")
                && stderr.contains("en-us (1 unit)")
                && stderr.contains("--src-lang"),
            "{stderr}"
        );
        assert!(!out.exists(), "{} written", out.display());
    }
    // Moses: neither file is left behind.
    let prefix = dir.path().join("corpus");
    fails(bitext().arg("convert").arg(&tmx).arg(&prefix).args([
        "--to",
        "moses",
        "--src-lang",
        "fr",
    ]));
    assert_eq!(listing(dir.path()), Vec::<String>::new());
    // To standard output, as TMX of the named pair: not even the empty
    // TMX's header and closing tags are printed before the error.
    let out = bitext()
        .arg("convert")
        .arg(&tmx)
        .arg("-")
        .args(["--to", "tmx", "--src-lang", "fr", "--tgt-lang", "en-US"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("none written"));
}

#[test]
fn a_format_that_contradicts_the_output_extension_is_refused() {
    let dir = tmp();
    let out = dir.path().join("x.tsv");
    let stderr = fails(
        bitext()
            .arg("align")
            .arg(zh())
            .arg(en())
            .arg("-o")
            .arg(&out)
            .args(["--format", "tmx"]),
    );
    assert!(
        stderr.contains("x.tsv") && stderr.contains("--format tmx") && stderr.contains(".tsv"),
        "{stderr}"
    );
    assert!(!out.exists());
    // convert's --to likewise; raw TSV into .tsv is TSV.
    let tmx = dir.path().join("m.tmx");
    ok(bitext()
        .arg("align")
        .arg(zh())
        .arg(en())
        .arg("-o")
        .arg(&tmx));
    let stderr = fails(
        bitext()
            .arg("convert")
            .arg(&tmx)
            .arg(dir.path().join("y.jsonl"))
            .args(["--to", "tmx"]),
    );
    assert!(
        stderr.contains("y.jsonl") && stderr.contains("--to tmx"),
        "{stderr}"
    );
    let raw = dir.path().join("raw.tsv");
    ok(bitext()
        .arg("convert")
        .arg(&tmx)
        .arg(&raw)
        .args(["--to", "tsv-raw"]));
    assert_eq!(read(&raw).lines().count(), 33);
    // A matching --format is fine.
    ok(bitext()
        .arg("align")
        .arg(zh())
        .arg(en())
        .arg("-o")
        .arg(&out)
        .args(["--format", "tsv"]));
    assert_eq!(read(&out).lines().count(), 33);
}

#[test]
fn an_output_extension_that_names_no_format_is_refused() {
    let dir = tmp();
    for name in ["out.txt", "out.xlsx", "out.TXT"] {
        let out = dir.path().join(name);
        let stderr = fails(
            bitext()
                .arg("align")
                .arg(zh())
                .arg(en())
                .arg("-o")
                .arg(&out),
        );
        assert!(
            stderr.contains(name)
                && stderr.contains("--format")
                && stderr.contains("tmx, tsv, jsonl, beads")
                && stderr.contains(".tmx, .tsv, .jsonl or .align"),
            "{stderr}"
        );
        assert!(!out.exists());
    }
    // Named with --format, any file name does.
    let out = dir.path().join("out.txt");
    ok(bitext()
        .arg("align")
        .arg(zh())
        .arg(en())
        .args(["-o"])
        .arg(&out)
        .args(["--format", "tsv"]));
    assert_eq!(read(&out).lines().count(), 33);
    // Known extensions in any case, and no extension at all, still choose.
    let upper = dir.path().join("OUT.TSV");
    ok(bitext()
        .arg("align")
        .arg(zh())
        .arg(en())
        .arg("-o")
        .arg(&upper));
    assert_eq!(read(&upper).lines().count(), 33);
    let bare = dir.path().join("memory");
    ok(bitext()
        .arg("align")
        .arg(zh())
        .arg(en())
        .arg("-o")
        .arg(&bare));
    assert!(read(&bare).starts_with("<?xml"));
}

#[test]
fn two_chinese_files_are_said_to_be_both_chinese() {
    let stderr = fails(bitext().arg("align").arg(zh()).arg(zh()));
    assert!(
        stderr.contains("both") && stderr.contains("look Chinese") && stderr.contains("zh.txt"),
        "{stderr}"
    );
    assert!(!stderr.contains("comes first"), "{stderr}");
    // Two English files likewise.
    let stderr = fails(bitext().arg("align").arg(en()).arg(en()));
    assert!(
        stderr.contains("both") && stderr.contains("look English"),
        "{stderr}"
    );
    assert!(!stderr.contains("comes first"), "{stderr}");
}

#[test]
fn eval_warns_when_the_alignments_cover_different_sentences() {
    let dir = tmp();
    let gold = put(&dir, "gold.align", "[0]:[0]\n[1]:[1,2]\n[2]:[3]\n");
    // Predicted from another segmentation: one more source sentence, two
    // target sentences fewer.
    let auto = put(&dir, "auto.align", "[0]:[0]\n[1,2]:[1]\n[3]:[]\n");
    let (out, stderr) = ok(bitext()
        .args(["eval", "--gold"])
        .arg(&gold)
        .arg("--auto")
        .arg(&auto));
    assert!(out.contains("F1"), "{out}");
    assert!(
        stderr.contains("warning")
            && stderr.contains("auto.align")
            && stderr.contains("cover different sentences")
            && stderr.contains("source: 1 only predicted (3)")
            && stderr.contains("target: 2 only in the gold (2, 3)"),
        "{stderr}"
    );
    // The same sentences, aligned differently: no warning.
    let same = put(&dir, "same.align", "[0,1]:[0,1,2]\n[2]:[3]\n");
    let (_, stderr) = ok(bitext()
        .args(["eval", "--gold"])
        .arg(&gold)
        .arg("--auto")
        .arg(&same));
    assert!(!stderr.contains("warning"), "{stderr}");
}

// ---------------------------------------------------------------- confidences

/// The JSONL records of an alignment of the sample corpus: (src ids, tgt ids,
/// confidence).
fn jsonl_beads(out: &str) -> Vec<(Vec<usize>, Vec<usize>, f64)> {
    out.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON record");
            let ids = |k: &str| -> Vec<usize> {
                v[k].as_array()
                    .expect("ids")
                    .iter()
                    .map(|x| x.as_u64().expect("id") as usize)
                    .collect()
            };
            (
                ids("src_ids"),
                ids("tgt_ids"),
                v["confidence"].as_f64().expect("confidence"),
            )
        })
        .collect()
}

#[test]
fn min_confidence_leaves_out_weaker_beads_and_says_how_many() {
    let all = jsonl_beads(&align_corpus(&["--format", "jsonl"]));
    // A threshold between the confidences, so that some beads go and some stay.
    // (JSONL rounds confidences to 4 decimals: take a threshold halfway
    // between two of them.)
    let mut confidences: Vec<f64> = all.iter().map(|b| b.2).collect();
    confidences.sort_by(f64::total_cmp);
    confidences.dedup();
    let k = confidences.len() / 2;
    let min = (confidences[k - 1] + confidences[k]) / 2.0;
    let (out, stderr) = ok(bitext()
        .args(["align", "--format", "jsonl", "--min-confidence"])
        .arg(min.to_string())
        .arg(zh())
        .arg(en()));
    let kept = jsonl_beads(&out);
    let expected: Vec<_> = all.iter().filter(|b| b.2 >= min).cloned().collect();
    assert_eq!(
        kept, expected,
        "exactly the beads at or above {min}, in order"
    );
    let left_out = all.len() - kept.len();
    assert!(left_out > 0 && !kept.is_empty());
    assert!(
        stderr.contains(&format!(
            "{} with confidence < {min} left out",
            common::count(left_out as u64, "bead", "beads")
        )),
        "{stderr}"
    );
    // The summary still describes the whole alignment.
    assert!(
        stderr.contains(&format!("→ {} beads", all.len())),
        "{stderr}"
    );
    // Bead lists and TMX obey it too.
    let (beads, _) = ok(bitext()
        .args(["align", "-q", "-f", "beads", "--min-confidence"])
        .arg(min.to_string())
        .arg(zh())
        .arg(en()));
    assert_eq!(beads.lines().count(), kept.len());
    let (tmx, _) = ok(bitext()
        .args(["align", "-q", "--min-confidence"])
        .arg(min.to_string())
        .arg(zh())
        .arg(en()));
    let full = kept
        .iter()
        .filter(|b| !b.0.is_empty() && !b.1.is_empty())
        .count();
    assert_eq!(check_tmx(&tmx, "zh-CN", "en-US", false).tus.len(), full);
}

#[test]
fn min_confidence_must_be_a_probability() {
    for bad in ["1.5", "-0.1", "high"] {
        let stderr = fails(
            bitext()
                .arg("align")
                .arg(format!("--min-confidence={bad}"))
                .arg(zh())
                .arg(en()),
        );
        assert!(stderr.contains("between 0 and 1"), "{stderr}");
    }
}

#[test]
fn eval_counts_empty_side_beads_before_verse_merging_too() {
    // Verse-level scoring folds a predicted empty-side bead into its
    // neighbour when both lie in one verse; the sentence-level line still
    // counts it as a predicted omission, which a reader would see.
    let dir = tmp();
    let gold = put(&dir, "gold.align", "[0]:[0,1]\n[1]:[2]\n[]:[3]\n");
    let auto = put(&dir, "auto.align", "[0]:[0]\n[]:[1]\n[1]:[2]\n[]:[3]\n");
    let src_verses = put(&dir, "src.verse", "v1\nv2\n");
    let tgt_verses = put(&dir, "tgt.verse", "v1\nv1\nv2\nv3\n");
    let eval = |extra: &[&str], verses: bool| {
        let mut cmd = bitext();
        cmd.args(["eval", "--empty"]).args(extra);
        cmd.arg("--gold").arg(&gold).arg("--auto").arg(&auto);
        if verses {
            cmd.arg("--verses").arg(&src_verses).arg(&tgt_verses);
        }
        ok(&mut cmd).0
    };
    let out = eval(&["--json"], true);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["f1"], 1.0, "{out}");
    assert_eq!(v["empty"]["counts"]["predicted"], 1, "{out}");
    assert_eq!(v["empty"]["counts"]["correct"], 1, "{out}");
    let s = &v["empty_sentences"]["counts"];
    assert_eq!(
        (s["predicted"].clone(), s["correct"].clone()),
        (2.into(), 1.into()),
        "{out}"
    );
    assert_eq!(v["empty_sentences"]["precision"], 0.5, "{out}");
    let text = eval(&[], true);
    assert!(text.contains("empty-side, by sentence"), "{text}");
    // Without verses there is nothing to merge, and no second line.
    let text = eval(&[], false);
    assert!(!text.contains("by sentence"), "{text}");
}

#[test]
fn eval_prints_empty_side_scores_and_a_reliability_table() {
    let dir = tmp();
    let auto = dir.path().join("auto.jsonl");
    ok(bitext()
        .args(["align", "-q", "-o"])
        .arg(&auto)
        .arg(zh())
        .arg(en()));
    let gold = put(&dir, "gold.align", "[0]:[0,1,2]\n[1]:[]\n[]:[3]\n");
    let (out, _) = ok(bitext()
        .args(["eval", "--empty", "--calibration", "--gold"])
        .arg(corpus("gold.align"))
        .arg("--auto")
        .arg(&auto));
    assert!(out.contains("empty-side"), "{out}");
    assert!(out.contains("ECE (10 bins)"), "{out}");
    // Ten bins whose counts add up to the number of beads.
    let counts: usize = out
        .lines()
        .filter(|l| l.trim_start().starts_with("0.") && l.contains('-'))
        .map(|l| {
            l.split_whitespace()
                .nth(1)
                .unwrap()
                .parse::<usize>()
                .unwrap()
        })
        .sum();
    let beads = std::fs::read_to_string(&auto).unwrap().lines().count();
    assert_eq!(counts, beads, "{out}");
    // A small gold with one omission and one addition: the empty-side line
    // counts 2 gold empty-side beads.
    let (out, _) = ok(bitext()
        .args(["eval", "--empty", "--json", "--gold"])
        .arg(&gold)
        .arg("--auto")
        .arg(&auto));
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["empty"]["counts"]["gold"], 2, "{out}");
    // Bead lists carry no confidences: --calibration says what to do.
    let beads_file = dir.path().join("auto.align");
    ok(bitext()
        .args(["align", "-q", "-f", "beads", "-o"])
        .arg(&beads_file)
        .arg(zh())
        .arg(en()));
    let stderr = fails(
        bitext()
            .args(["eval", "--calibration", "--gold"])
            .arg(corpus("gold.align"))
            .arg("--auto")
            .arg(&beads_file),
    );
    assert!(stderr.contains("--format jsonl"), "{stderr}");
}

#[test]
fn every_search_gives_the_sample_the_same_beads_and_a_bad_one_is_refused() {
    let run = |search: &str| {
        let out = bitext()
            .args(["align", "-q", "--format", "beads", "--search", search])
            .arg(corpus("zh.txt"))
            .arg(corpus("en.txt"))
            .output()
            .unwrap();
        assert!(out.status.success(), "--search {search}");
        String::from_utf8(out.stdout).unwrap()
    };
    let auto = run("auto");
    assert_eq!(auto.lines().count(), 33);
    assert_eq!(run("exhaustive"), auto);
    assert_eq!(run("guided"), auto);
    bitext()
        .args(["align", "--search", "fast"])
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("auto, exhaustive, guided"));
}

#[test]
fn null_threshold_finds_more_omissions_and_is_checked() {
    // The sample with English sentence 5 left out (gold [4]:[5]): at the
    // literary threshold 0.35 Chinese 3 joins Chinese 4's bead; at 0.1 it
    // stands alone, and so by default (`auto` judges the release a close
    // translation and gives it 0.1,0.25).
    let dir = tmp();
    let zh_lines = put(&dir, "zh.txt", sentences(&zh(), "zh").join("\n") + "\n");
    let mut en_lines = sentences(&en(), "en");
    assert_eq!(en_lines.len(), 42);
    en_lines.remove(5);
    let en_cut = put(&dir, "en.txt", en_lines.join("\n") + "\n");
    let beads = |extra: &[&str]| {
        let (out, _) = ok(bitext()
            .args(["align", "-q", "--presegmented", "-f", "beads"])
            .args(extra)
            .arg(&zh_lines)
            .arg(&en_cut));
        out.lines().map(str::to_owned).collect::<Vec<_>>()
    };
    let loose = beads(&["--null-threshold", "0.35"]);
    assert!(loose.contains(&"[3,4]:[5]".to_owned()), "{loose:?}");
    assert_eq!(beads(&["--null-threshold", "0.35,0.35"]), loose);
    let keen = beads(&["--null-threshold", "0.1"]);
    assert!(keen.contains(&"[3]:[]".to_owned()), "{keen:?}");
    assert!(keen.contains(&"[4]:[5]".to_owned()), "{keen:?}");
    // The default is `auto`, here the close thresholds.
    let default = beads(&[]);
    assert_eq!(beads(&["--null-threshold", "auto"]), default);
    assert_eq!(beads(&["--null-threshold", "0.1,0.25"]), default);
    assert!(default.contains(&"[3]:[]".to_owned()), "{default:?}");
    // P,Q: the source side's threshold finds the Chinese sentence without
    // English; the target side's alone leaves it folded, and cuts English
    // 33 out of its real merged bead [25]:[32,33] (the finer side's
    // fragments are what a low threshold gets wrong).
    let has_all = |threshold: &str, expected: &[&str]| {
        let got = beads(&["--null-threshold", threshold]);
        for bead in expected {
            assert!(
                got.contains(&(*bead).to_owned()),
                "{threshold}: {bead} in {got:?}"
            );
        }
    };
    has_all("0.1,0.35", &["[3]:[]", "[25]:[32,33]"]);
    has_all("0.35,0.1", &["[3,4]:[5]", "[]:[33]"]);
    // `batch` takes it too (and `stream`: the same flags).
    let (src_dir, tgt_dir) = (dir.path().join("src"), dir.path().join("tgt"));
    std::fs::create_dir_all(&src_dir).unwrap();
    std::fs::create_dir_all(&tgt_dir).unwrap();
    std::fs::copy(&zh_lines, src_dir.join("doc.txt")).unwrap();
    std::fs::copy(&en_cut, tgt_dir.join("doc.txt")).unwrap();
    let out_dir = dir.path().join("out");
    ok(bitext()
        .args([
            "batch",
            "-q",
            "--presegmented",
            "-f",
            "beads",
            "--null-threshold",
            "0.1",
        ])
        .arg(&src_dir)
        .arg(&tgt_dir)
        .arg("-o")
        .arg(&out_dir));
    let batch: Vec<String> = read(&out_dir.join("doc.align"))
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(batch, keen);
    for bad in [
        "0",
        "1.5",
        "-0.1",
        "0.1,",
        ",0.2",
        "0.1,0",
        "0.1,0.2,0.3",
        "auto,0.2",
    ] {
        let stderr = fails(
            bitext()
                .arg("align")
                .arg(format!("--null-threshold={bad}"))
                .arg(zh())
                .arg(en()),
        );
        assert!(stderr.contains("above 0 and at most 1"), "{stderr}");
    }
    let stderr = fails(
        bitext()
            .args(["align", "--model", "core", "--null-threshold", "0.2"])
            .arg(zh())
            .arg(en()),
    );
    assert!(
        stderr.contains("--null-threshold needs --model full"),
        "{stderr}"
    );
    let stderr = fails(
        bitext()
            .args(["align", "--disable", "lexicon", "--null-threshold", "0.2"])
            .arg(zh())
            .arg(en()),
    );
    assert!(
        stderr.contains("--null-threshold needs the lexicon"),
        "{stderr}"
    );
}

// ------------------------------------------- declared languages vs. text

/// Languages declared against the text are refused whatever the length of
/// the text: two short English files aligned as Chinese → English, a TMX
/// whose xml:lang tags are swapped, TSV pairs given the wrong --src-lang.
#[test]
fn declared_languages_that_contradict_the_text_are_refused() {
    let dir = tmp();
    // Two short English texts (under 50 letters each, 20 or more).
    let s2 = put(&dir, "s2.en", "See you tomorrow. Bye for now.\n");
    let hw = put(&dir, "hw.en", "Hello world. Bye for now, friends.\n");
    let err = fails(bitext().arg("align").arg(&s2).arg(&hw));
    assert!(err.contains("both look English"), "{err}");
    // One short line each, in the wrong order.
    let zh1 = put(&dir, "one.zh", "你好，今天天气很好，我们去公园散步吧。\n");
    let en1 = put(&dir, "one.en", "Hello, how are you today? I am fine.\n");
    let err = fails(bitext().arg("align").arg(&en1).arg(&zh1));
    assert!(err.contains("the two files look swapped"), "{err}");
    assert!(
        err.contains(&format!("give {} as the source", zh1.display())),
        "{err}"
    );
    assert!(err.contains("--src-lang en-US --tgt-lang zh-CN"), "{err}");
    let (out, _) = ok(bitext()
        .arg("align")
        .arg(&zh1)
        .arg(&en1)
        .args(["--format", "tsv"]));
    assert!(
        out.starts_with("你好，今天天气很好，我们去公园散步吧。\tHello, how are you today?"),
        "{out}"
    );
    let err = fails(bitext().arg("audit").arg(&en1).arg(&zh1));
    assert!(
        err.contains("the text looks English, but --src-lang is zh-CN"),
        "{err}"
    );
    let (en_name, zh_name) = (en1.display(), zh1.display());
    assert!(
        err.contains(&format!(
            "English to Chinese: bitext audit --src-lang en-US --tgt-lang zh-CN {en_name} {zh_name}"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "Chinese to English: bitext audit --src-lang zh-CN --tgt-lang en-US {zh_name} {en_name}"
        )),
        "{err}"
    );

    // TSV pairs, Chinese first, declared English first.
    let tsv = put(
        &dir,
        "pairs.tsv",
        "联合国安理会举行会议。\tThe Security Council held a meeting.\n王毅主持了这次会议。\tWang Yi chaired the meeting.\n",
    );
    let tmx = dir.path().join("x.tmx");
    let err = fails(
        bitext()
            .args(["convert", "--src-lang", "en", "--tgt-lang", "zh"])
            .arg(&tsv)
            .arg(&tmx),
    );
    assert!(
        err.contains("pairs.tsv: the source side (en) looks Chinese and the target side (zh) looks English: the languages are swapped"),
        "{err}"
    );
    assert!(!tmx.exists(), "nothing written");
    // To standard output: nothing printed either (the records wait for the
    // check, which needs at most 200,000 characters of each side).
    let out = bitext()
        .args([
            "convert",
            "--src-lang",
            "en",
            "--tgt-lang",
            "zh",
            "--to",
            "tsv",
        ])
        .arg(&tsv)
        .arg("-")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("the languages are swapped"));
    // A memory longer than the check's sample: the records wait until it is
    // full, then the rest streams; every record is written, in order.
    let long: String = (0..40_000)
        .map(|k| format!("会议第{k}次举行。\tMeeting number {k} was held.\n"))
        .collect();
    let long_tsv = put(&dir, "long.tsv", long.clone());
    let out = bitext()
        .args(["convert", "-q", "--to", "tsv"])
        .arg(&long_tsv)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8(out.stdout).unwrap(), long);
    let err = fails(
        bitext()
            .args(["score", "--src-lang", "en", "--tgt-lang", "zh"])
            .arg(&tsv),
    );
    assert!(err.contains("the languages are swapped"), "{err}");
    let err = fails(
        bitext()
            .args(["audit", "--src-lang", "en", "--tgt-lang", "zh"])
            .arg(&tsv),
    );
    assert!(err.contains("the languages are swapped"), "{err}");
    // Declared right, all is well.
    ok(bitext().arg("convert").arg(&tsv).arg(&tmx).arg("-q"));
    ok(bitext().arg("score").arg(&tsv).arg("-q"));

    // A TMX whose zh-CN and en-US tags were swapped.
    let good = std::fs::read_to_string(&tmx).unwrap();
    let swapped = good
        .replace("xml:lang=\"zh\"", "xml:lang=\"@\"")
        .replace("xml:lang=\"en\"", "xml:lang=\"zh\"")
        .replace("xml:lang=\"@\"", "xml:lang=\"en\"");
    assert_ne!(swapped, good);
    let swapped = put(&dir, "swapped.tmx", swapped);
    let err = fails(bitext().arg("audit").arg(&swapped));
    assert!(
        err.contains(
            "swapped.tmx: the source side (zh) looks English and the target side (en) looks Chinese"
        ),
        "{err}"
    );
    let err = fails(
        bitext()
            .arg("convert")
            .arg(&swapped)
            .arg(dir.path().join("y.tsv")),
    );
    assert!(err.contains("the languages are swapped"), "{err}");
    // Mixed segments (a name, a number) do not trip the check.
    let mixed = put(
        &dir,
        "mixed.tsv",
        "GDP 增长 8.1%。\tGDP grew 8.1%.\nCPU\tCPU\n",
    );
    ok(bitext().arg("audit").arg(&mixed).arg("-q"));
    // Short sides are no evidence (a number, an acronym, a product, a
    // title), and one side in the other language is an untranslated
    // memory: scored and flagged, not refused.
    let short = put(&dir, "short.tsv", "2021\t2021\nGDP\tGDP\nOK\tOK\n");
    ok(bitext().arg("score").arg(&short).arg("-q"));
    let untranslated = put(
        &dir,
        "untranslated.tsv",
        "你好\t你好\n联合国安理会举行高级别会议。\t联合国安理会举行高级别会议。\n",
    );
    let (out, _) = ok(bitext().arg("score").arg(&untranslated).arg("-q"));
    assert!(out.contains("\"untranslated\""), "{out}");
    let requests = "{\"id\":1,\"src\":\"iPhone 13 Pro\",\"tgt\":\"iPhone 13 Pro\"}\n\
                    {\"id\":2,\"src\":\"《人民日报》\",\"tgt\":\"《人民日报》\"}\n";
    let out = bitext()
        .args(["stream", "-q"])
        .write_stdin(requests)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(!out.contains("\"error\":"), "{out}");
}

/// JSON Lines records are checked as TSV records are: a score or a
/// confidence outside [0, 1] is an error naming the line, not a TMX
/// property of -3.0000.
#[test]
fn jsonl_scores_and_confidences_outside_0_1_are_refused() {
    let dir = tmp();
    for (field, value) in [("score", "-3"), ("confidence", "7"), ("score", "1.5")] {
        let jsonl = put(
            &dir,
            "j.jsonl",
            format!(
                "{{\"src\":\"谢谢。\",\"tgt\":\"Thanks.\",\"score\":0.5}}\n{{\"src\":\"你好。\",\"tgt\":\"Hello.\",\"{field}\":{value}}}\n"
            ),
        );
        let tmx = dir.path().join("j.tmx");
        let err = fails(bitext().arg("convert").arg(&jsonl).arg(&tmx));
        assert!(
            err.contains("j.jsonl: line 2: ") && err.contains(&format!("\"{field}\"")),
            "{err}"
        );
        assert!(err.contains("from 0 to 1"), "{err}");
        assert!(!tmx.exists());
    }
    let jsonl = put(
        &dir,
        "j.jsonl",
        "{\"src\":\"你好。\",\"tgt\":\"Hello.\",\"score\":1,\"confidence\":0}\n",
    );
    ok(bitext()
        .arg("convert")
        .arg(&jsonl)
        .arg(dir.path().join("ok.tmx"))
        .arg("-q"));
}

/// A TMX date has four digits of year: a date after 9999-12-31T23:59:59Z
/// (as @SECONDS or SOURCE_DATE_EPOCH) is refused like `@-1`, not written
/// as `100000101T000000Z`.
#[test]
fn creation_dates_beyond_year_9999_are_refused() {
    let (out, _) = ok(bitext()
        .arg("align")
        .arg(zh())
        .arg(en())
        .args(["--creation-date", "@253402300799"]));
    assert_eq!(parse_tmx(&out).header["creationdate"], "99991231T235959Z");
    for bad in ["@253402300800", "@18446744073709551615", "@-1"] {
        let stderr = fails(
            bitext()
                .arg("align")
                .arg(zh())
                .arg(en())
                .args(["--creation-date", bad]),
        );
        assert!(stderr.contains(bad), "{stderr}");
    }
    let tsv = tmp();
    let pairs = put(&tsv, "p.tsv", "你好。\tHello.\n");
    let stderr = fails(
        bitext()
            .arg("convert")
            .arg(&pairs)
            .arg(tsv.path().join("p.tmx"))
            .args(["--creation-date", "@253402300800"]),
    );
    assert!(stderr.contains("@253402300800"), "{stderr}");
    let stderr = fails(
        bitext()
            .env("SOURCE_DATE_EPOCH", "253402300800")
            .arg("align")
            .arg(zh())
            .arg(en()),
    );
    assert!(stderr.contains("SOURCE_DATE_EPOCH"), "{stderr}");
}

/// Raw TSV output says what it did to tabs and line breaks in its own
/// words (not Moses'), counting segments.
#[test]
fn raw_tsv_output_says_tabs_and_line_breaks_became_spaces() {
    let dir = tmp();
    let tsv = put(
        &dir,
        "in.tsv",
        "甲\\t乙\tone\\ttwo\n丙\\n丁\tthree\n戊\tfour\n",
    );
    let (out, err) = ok(bitext()
        .arg("convert")
        .arg(&tsv)
        .arg("-")
        .args(["--to", "tsv-raw"]));
    assert_eq!(out, "甲 乙\tone two\n丙 丁\tthree\n戊\tfour\n");
    assert!(
        err.contains(
            "bitext: 3 segments held tabs or line breaks, written as spaces (raw TSV has no escapes)"
        ),
        "{err}"
    );
    assert!(!err.contains("Moses"), "{err}");
    let (_, err) = ok(bitext()
        .arg("convert")
        .arg(&tsv)
        .arg(dir.path().join("corpus"))
        .args(["--to", "moses"]));
    assert!(
        err.contains("bitext: 3 segments held tabs or line breaks, written as spaces (Moses files are one segment a line, with no tab)"),
        "{err}"
    );
}

/// `eval --empty` on an alignment without empty-side beads says n/a for
/// what it cannot count, not 0; a JSON Lines line where a bead list is
/// expected is quoted in part, with what to give instead.
#[test]
fn eval_says_na_and_explains_json_where_beads_are_expected() {
    let dir = tmp();
    let gold = put(&dir, "gold.align", "[0]:[0]\n[1]:[1]\n");
    let (out, _) = ok(bitext()
        .args(["eval", "--empty", "--gold"])
        .arg(&gold)
        .arg("--auto")
        .arg(&gold));
    assert!(
        out.contains("empty-side   P n/a  R n/a  F1 n/a  (0 correct, 0 predicted, 0 gold)"),
        "{out}"
    );
    let long = format!(
        "{{\"src_ids\":[0],\"tgt_ids\":[0],\"src\":\"{}\"}}\n",
        "字".repeat(200)
    );
    let json_gold = put(&dir, "gold.jsonl", long);
    let err = fails(
        bitext()
            .args(["eval", "--gold"])
            .arg(&json_gold)
            .arg("--auto")
            .arg(&gold),
    );
    assert!(
        err.contains("gold.jsonl: line 1: expected [i,…]:[j,…], found '{\"src_ids\""),
        "{err}"
    );
    assert!(err.contains("…' (JSON Lines are read as --auto"), "{err}");
    assert!(err.len() < 400, "{err}");
}

/// The summary speaks of one sentence and one bead in the singular.
#[test]
fn the_summary_counts_in_the_singular_too() {
    let dir = tmp();
    let zh = put(&dir, "zh.txt", "你好。\n");
    let en = put(&dir, "en.txt", "Hello.\n");
    let (_, err) = ok(bitext()
        .arg("align")
        .arg(&zh)
        .arg(&en)
        .arg("-o")
        .arg(dir.path().join("out.tsv")));
    assert!(
        err.contains("bitext: 1 zh-CN sentence, 1 en-US sentence → 1 bead (1-1: 1)"),
        "{err}"
    );
}

/// `convert` reads standard input, or a file without a known extension, as
/// what its first bytes show (TMX, JSON Lines, else TSV), as `audit` does;
/// the options that need the input's format are checked once it is known.
#[test]
fn convert_tells_an_unnamed_input_by_its_content() {
    let dir = tmp();
    let tsv = "会议举行。\tThe meeting was held.\n王毅主持会议。\tWang Yi chaired it.\n";
    let tmx = dir.path().join("m.tmx");
    let out = bitext()
        .args(["convert", "-q", "-"])
        .arg(&tmx)
        .write_stdin(tsv)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let (back, _) = ok(bitext()
        .args(["convert", "-q"])
        .arg(&tmx)
        .arg(dir.path().join("b.tsv")));
    assert!(back.is_empty());
    assert_eq!(read(&dir.path().join("b.tsv")), tsv);
    // A TMX named .txt, on standard input and as a file.
    let txt = put(&dir, "m.txt", read(&tmx));
    for input in [None, Some(&txt)] {
        let mut cmd = bitext();
        cmd.args(["convert", "-q", "--to", "tsv"]);
        match input {
            Some(p) => cmd.arg(p),
            None => cmd.arg("-").write_stdin(read(&tmx)),
        };
        let out = cmd.arg("-").output().unwrap();
        assert!(out.status.success(), "{out:?}");
        assert_eq!(String::from_utf8(out.stdout).unwrap(), tsv);
    }
    // --encoding names a record file's encoding: refused for a TMX, once
    // the content shows it is one.
    let err = fails(
        bitext()
            .args(["convert", "--encoding", "gbk"])
            .arg(&txt)
            .arg(dir.path().join("c.tsv")),
    );
    assert!(err.contains("a TMX file declares its own"), "{err}");
}

#[test]
fn align_keeps_a_short_text_aligned_when_its_last_translation_is_missing() {
    // A user's short release: eight Chinese sentences of the sample
    // (1–8) with seven English ones (3–9: the translation of the last is
    // missing). The sure pairs once shifted by one here and every other
    // Chinese sentence came out as a 1-0 bead; now only the last one does,
    // flagged as an omission.
    let (zh, en) = (sentences(&zh(), "zh"), sentences(&en(), "en"));
    let dir = tmp();
    let src = put(&dir, "short.zh", zh[1..9].join("\n") + "\n");
    let tgt = put(&dir, "short.en", en[3..10].join("\n") + "\n");
    let (out, _) = ok(bitext()
        .args(["align", "-q", "--presegmented", "--format", "beads"])
        .arg(&src)
        .arg(&tgt));
    let beads: Vec<_> = out.lines().map(parse_bead).collect();
    let mut want: Vec<(Vec<usize>, Vec<usize>)> = (0..7).map(|i| (vec![i], vec![i])).collect();
    want.push((vec![7], vec![]));
    assert_eq!(beads, want);
    let (jsonl, _) = ok(bitext()
        .args(["align", "-q", "--presegmented", "--format", "jsonl"])
        .arg(&src)
        .arg(&tgt));
    let last: serde_json::Value =
        serde_json::from_str(jsonl.lines().last().expect("a bead")).expect("JSON");
    assert!(
        last["flags"]
            .as_array()
            .is_some_and(|f| f.iter().any(|f| f["kind"] == "omission")),
        "{last}"
    );
}

/// Trial 29: a bead of several source sentences is one TMX unit whose
/// source a CAT tool that cuts by sentence never produces (OmegaT left 17
/// of 42 English sentences of the sample release untranslated). `align`
/// and `batch` say how many such units a TMX holds, in one line that `-q`
/// silences; other formats and a TMX without such units say nothing.
#[test]
fn tmx_summary_counts_units_that_join_source_sentences() {
    let dir = tmp();
    let zh = put(
        &dir,
        "merge.zh.txt",
        "云图公司今天发布了5.2版本。该版本包含离线地图功能。\n新版本已在应用商店上线。用户可以免费升级。\n专业版价格为每年1299元。\n如有疑问，请联系客服。\n",
    );
    let en = put(
        &dir,
        "merge.en.txt",
        "CloudMap today released version 5.2, which includes an offline maps feature.\nThe new version, now available in the app stores, is a free upgrade.\nThe Professional edition costs 1,299 yuan a year.\nIf you have questions, contact customer service.\n",
    );
    let line = "2 of 4 units join several zh-CN sentences in their source";
    let out = dir.path().join("merge.tmx");
    let (_, stderr) = ok(bitext().arg("align").arg(&zh).arg(&en).arg("-o").arg(&out));
    assert!(stderr.contains(line), "{stderr}");
    assert!(stderr.contains("never matches them exactly"), "{stderr}");
    assert_eq!(stderr.matches("join several").count(), 1, "{stderr}");
    let (_, stderr) = ok(bitext()
        .args(["align", "-q", "--force"])
        .arg(&zh)
        .arg(&en)
        .arg("-o")
        .arg(&out));
    assert_eq!(stderr, "");
    let (_, stderr) = ok(bitext().args(["align", "-f", "tsv"]).arg(&zh).arg(&en));
    assert!(!stderr.contains("join several"), "{stderr}");
    // One sentence a unit: nothing to say.
    let (_, stderr) = ok(bitext().arg("align").arg(self::zh()).arg(self::en()));
    assert!(!stderr.contains("join several"), "{stderr}");
    // batch, one TMX a document and merged.
    let (src, tgt) = (dir.path().join("zh"), dir.path().join("en"));
    for d in [&src, &tgt] {
        std::fs::create_dir(d).unwrap();
    }
    std::fs::copy(&zh, src.join("notes.txt")).unwrap();
    std::fs::copy(&en, tgt.join("notes.txt")).unwrap();
    let (_, stderr) = ok(bitext()
        .arg("batch")
        .arg(&src)
        .arg(&tgt)
        .arg("-o")
        .arg(dir.path().join("out")));
    assert!(stderr.contains(line), "{stderr}");
    let (_, stderr) = ok(bitext()
        .arg("batch")
        .arg(&src)
        .arg(&tgt)
        .arg("--merge")
        .arg(dir.path().join("all.tmx")));
    assert!(stderr.contains(line), "{stderr}");
}

#[test]
fn one_of_a_kind_is_said_in_the_singular() {
    // Trial 29: `bitext: 1 translation units written`, and `scored 1
    // pairs`.
    let dir = tmp();
    let src = put(&dir, "one.zh", "会议由王毅主持。\n");
    let tgt = put(&dir, "one.en", "The meeting was chaired by Wang Yi.\n");
    let out = dir.path().join("one.tmx");
    let (_, err) = ok(bitext()
        .arg("align")
        .arg(&src)
        .arg(&tgt)
        .arg("-o")
        .arg(&out));
    assert!(err.contains("bitext: 1 translation unit written"), "{err}");
    let pairs = put(
        &dir,
        "one.tsv",
        "会议由王毅主持。\tThe meeting was chaired by Wang Yi.\n",
    );
    let (_, err) = ok(bitext().arg("score").arg(&pairs));
    assert!(err.contains("bitext: scored 1 pair, "), "{err}");
    let (zh_dir, en_dir) = (dir.path().join("zh"), dir.path().join("en"));
    for (d, text) in [
        (&zh_dir, "会议由王毅主持。\n"),
        (&en_dir, "The meeting was chaired by Wang Yi.\n"),
    ] {
        std::fs::create_dir(d).unwrap();
        std::fs::write(d.join("one.txt"), text).unwrap();
    }
    let (_, err) = ok(bitext()
        .arg("batch")
        .arg(&zh_dir)
        .arg(&en_dir)
        .arg("-o")
        .arg(dir.path().join("out")));
    assert!(err.contains(": 1 + 1 sentences, 1 bead, "), "{err}");
    let line =
        "{\"id\":1,\"src\":\"会议由王毅主持。\",\"tgt\":\"The meeting was chaired by Wang Yi.\"}\n";
    let (_, err) = ok(bitext().arg("stream").write_stdin(line));
    assert!(
        err.contains("bitext: 1 line, 1 aligned, 0 errors, "),
        "{err}"
    );
}

#[test]
fn keep_first_row_reads_a_first_row_of_column_names_as_a_pair() {
    let dir = tmp();
    let tsv = put(
        &dir,
        "glossary.tsv",
        "源文\t译文\n会议由王毅主持。\tThe meeting was chaired by Wang Yi.\n",
    );
    // Without the option the row is skipped, and the warning says how to
    // keep it.
    let (out, err) = ok(bitext().args(["convert", "--to", "tsv"]).arg(&tsv).arg("-"));
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        err.contains("line 1 ('源文' / '译文') taken as a header row")
            && err.contains("--keep-first-row"),
        "{err}"
    );
    let (out, err) = ok(bitext()
        .args(["convert", "--keep-first-row", "--to", "tsv"])
        .arg(&tsv)
        .arg("-"));
    assert!(
        out.starts_with("源文\t译文\n") && out.lines().count() == 2,
        "{out}"
    );
    assert!(!err.contains("header"), "{err}");
    let report = dir.path().join("audit.tsv");
    ok(bitext()
        .args(["audit", "-q", "--keep-first-row", "--report"])
        .arg(&report)
        .arg(&tsv));
    assert!(read(&report).contains("源文"), "{}", read(&report));
    // Validated: not for TMX, JSON Lines or two texts.
    let tmx = dir.path().join("g.tmx");
    ok(bitext().arg("convert").arg(&tsv).arg(&tmx).arg("-q"));
    let x = dir.path().join("x.tsv");
    let tmx = tmx.to_str().unwrap();
    for args in [
        vec!["convert", "--keep-first-row", tmx, x.to_str().unwrap()],
        vec!["audit", "--keep-first-row", tmx],
        vec![
            "audit",
            "--keep-first-row",
            zh().to_str().unwrap(),
            en().to_str().unwrap(),
        ],
    ] {
        let err = fails(bitext().args(&args));
        assert!(err.contains("--keep-first-row is for"), "{args:?}: {err}");
    }
}

#[test]
fn convert_audit_and_score_counts_say_one_and_two_alike() {
    let dir = tmp();
    // `n` units of zh, en and an empty fr segment, each twice.
    let memory = |n: usize| {
        let units: String = (1..=n)
            .flat_map(|i| [i, i])
            .map(|i| {
                format!(
                    "<tu><tuv xml:lang=\"zh-CN\"><seg>第{i}句。</seg></tuv>\
                     <tuv xml:lang=\"en-US\"><seg>Sentence {i}.</seg></tuv>\
                     <tuv xml:lang=\"fr-FR\"><seg></seg></tuv></tu>\n"
                )
            })
            .collect();
        format!(
            "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"zh-CN\" \
             datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" o-tmf=\"x\" \
             creationtool=\"t\" creationtoolversion=\"1\"/><body>\n{units}</body></tmx>\n"
        )
    };
    for (n, want) in [
        (
            1,
            [
                "left out 1 duplicate (--dedupe)",
                "bitext: 1 empty segment (a <tuv>",
            ],
        ),
        (
            2,
            [
                "left out 2 duplicates (--dedupe)",
                "bitext: 2 empty segments (a <tuv>",
            ],
        ),
    ] {
        let tmx = put(&dir, &format!("m{n}.tmx"), memory(n));
        let (_, err) = ok(bitext()
            .args(["convert", "--dedupe"])
            .arg(&tmx)
            .arg(dir.path().join(format!("out{n}.tmx"))));
        for w in want {
            assert!(err.contains(w), "{w}: {err}");
        }
    }
    // A memory of one unit, or two, none of them in the pair zh-CN → en-US.
    for (n, want) in [
        (1, "its one unit does not hold both zh-CN and en-US"),
        (2, "none of its 2 units holds both zh-CN and en-US"),
    ] {
        let text = memory(n)
            .replace("en-US", "de-DE")
            .replace("<tuv xml:lang=\"fr-FR\"><seg></seg></tuv>", "");
        // Each unit once.
        let mut seen = HashSet::new();
        let text: String = text
            .lines()
            .filter(|l| !l.starts_with("<tu>") || seen.insert(l.to_string()))
            .map(|l| format!("{l}\n"))
            .collect();
        let tmx = put(&dir, &format!("p{n}.tmx"), text);
        let err = fails(
            bitext()
                .args(["audit", "--src-lang", "zh-CN", "--tgt-lang", "en-US"])
                .arg(&tmx),
        );
        assert!(err.contains(want), "{want}: {err}");
    }
    // score: one line, or two, none holding a pair.
    for (text, want) in [
        ("no tab here\n", "its one line holds no pair"),
        ("no tab\nnor here\n", "none of its 2 lines holds a pair"),
    ] {
        let pairs = put(&dir, "bad.tsv", text);
        let err = fails(bitext().args(["score", "--skip-bad-lines"]).arg(&pairs));
        assert!(err.contains(want), "{want}: {err}");
    }
}

#[test]
fn a_lexicon_term_without_chinese_is_explained() {
    let dir = tmp();
    for line in ["iPhone\tiPhone", "GPU\t图形处理器"] {
        let lexicon = put(
            &dir,
            "terms.tsv",
            format!("联合国\tUnited Nations\n{line}\n"),
        );
        let err = fails(
            bitext()
                .arg("align")
                .arg("--lexicon")
                .arg(&lexicon)
                .arg(zh())
                .arg(en()),
        );
        assert!(
            err.contains("terms.tsv: line 2")
                && err.contains("has no Chinese character")
                && err.contains("needs no entry"),
            "{line}: {err}"
        );
    }
    // Other bad lines keep their own message.
    let lexicon = put(&dir, "terms.tsv", "iPhone\n");
    let err = fails(
        bitext()
            .arg("align")
            .arg("--lexicon")
            .arg(&lexicon)
            .arg(zh())
            .arg(en()),
    );
    assert!(err.contains("expected two columns"), "{err}");
}

#[test]
fn convert_relabels_units_under_a_named_region_and_warns_of_the_other_script() {
    let dir = tmp();
    let unit = |zh: &str, en: &str| {
        format!(
            "<tu><tuv xml:lang=\"zh-CN\"><seg>{zh}</seg></tuv>\
             <tuv xml:lang=\"en-US\"><seg>{en}</seg></tuv></tu>\n"
        )
    };
    let memory = |units: &str| {
        format!(
            "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"zh-CN\" \
             datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" o-tmf=\"x\" \
             creationtool=\"t\" creationtoolversion=\"1\"/><body>\n{units}</body></tmx>\n"
        )
    };
    let simplified = memory(
        &[
            unit(
                "我们在会议上讨论了经济发展的问题。",
                "We discussed economic development at the meeting.",
            ),
            unit(
                "这份报告说明了这些问题。",
                "This report explains these problems.",
            ),
        ]
        .concat(),
    );
    let traditional = memory(
        &[
            unit(
                "我們在會議上討論了經濟發展的問題。",
                "We discussed economic development at the meeting.",
            ),
            unit(
                "這份報告說明了這些問題。",
                "This report explains these problems.",
            ),
        ]
        .concat(),
    );
    // Relabelled: the units' xml:lang follows --src-lang as the header
    // does; traditional text named zh-TW is said nothing more.
    let input = put(&dir, "trad.tmx", &traditional);
    let out = dir.path().join("tw.tmx");
    let (_, err) = ok(bitext()
        .args(["convert", "--src-lang", "zh-TW", "--tgt-lang", "en-US"])
        .arg(&input)
        .arg(&out));
    let tmx = read(&out);
    assert!(tmx.contains("srclang=\"zh-TW\""), "{tmx}");
    assert_eq!(tmx.matches("xml:lang=\"zh-TW\"").count(), 2, "{tmx}");
    assert!(!tmx.contains("zh-CN"), "{tmx}");
    assert!(err.contains("2 units' zh-CN written as zh-TW"), "{err}");
    assert!(!err.contains("warning"), "{err}");
    // Simplified text named zh-TW: relabelled as asked, and warned.
    let input = put(&dir, "simp.tmx", &simplified);
    let (out, err) = ok(bitext()
        .args([
            "convert",
            "--src-lang",
            "zh-TW",
            "--tgt-lang",
            "en-US",
            "--to",
            "jsonl",
        ])
        .arg(&input)
        .arg("-"));
    assert!(out.contains("\"src_lang\":\"zh-TW\""), "{out}");
    assert!(
        err.contains("warning:")
            && err.contains("the text written as zh-TW is in simplified characters"),
        "{err}"
    );
    // Traditional text under zh-CN, nothing named: warned.
    let input = put(&dir, "trad2.tmx", &traditional);
    let (_, err) = ok(bitext()
        .args(["convert", "--to", "tsv"])
        .arg(&input)
        .arg("-"));
    assert!(
        err.contains("the text written as zh-CN is in traditional characters")
            && err.contains("--src-lang (e.g. zh-TW"),
        "{err}"
    );
    // A bare language named keeps the units' own tags.
    let (out, err) = ok(bitext()
        .args([
            "convert",
            "--src-lang",
            "zh",
            "--tgt-lang",
            "en",
            "--to",
            "jsonl",
        ])
        .arg(put(&dir, "simp2.tmx", &simplified))
        .arg("-"));
    assert!(out.contains("\"src_lang\":\"zh-CN\""), "{out}");
    assert!(!err.contains("written as"), "{err}");
}

#[test]
fn audit_tsv_report_of_two_texts_numbers_the_pairs_as_align_tmx_does() {
    let dir = tmp();
    let report = dir.path().join("audit.tsv");
    ok(bitext()
        .args(["audit", "-q", "--report"])
        .arg(&report)
        .arg(zh())
        .arg(en()));
    let tsv = read(&report);
    let rows: Vec<Vec<&str>> = tsv
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect();
    assert!(rows.len() > 10, "{tsv}");
    // align's TMX of the same texts: its units' tuids, with their sources.
    let (tmx, _) = ok(bitext().arg("align").arg(zh()).arg(en()).arg("-q"));
    let tmx = parse_tmx(&tmx);
    for (k, r) in rows.iter().enumerate() {
        assert_eq!(r[1], (k + 1).to_string(), "{r:?}");
    }
    // Every TMX unit's source is the audit row of its tuid.
    assert!(!tmx.tus.is_empty());
    for tu in &tmx.tus {
        let tuid = tu.attrs["tuid"].as_str();
        let row = rows
            .iter()
            .find(|r| r[1] == tuid)
            .expect("a row of the tuid");
        if let Some(zh) = tu.tuvs.iter().find(|t| t.lang == "zh-CN") {
            assert_eq!(unescape_tsv(row[6]), zh.seg, "tuid {tuid}");
        }
    }
}

#[test]
fn align_warns_of_traditional_text_under_zh_cn() {
    let dir = tmp();
    let zh = put(
        &dir,
        "zh.txt",
        "我們在會議上討論了經濟發展的問題。這份報告說明了這些問題。\n",
    );
    let en = put(
        &dir,
        "en.txt",
        "We discussed economic development at the meeting. This report explains these problems.\n",
    );
    let (_, err) = ok(bitext().arg("align").arg(&zh).arg(&en));
    assert!(
        err.contains("warning:")
            && err.contains("zh.txt: the text is in traditional characters")
            && err.contains("zh-CN names simplified Chinese")
            && err.contains("with --src-lang (e.g. zh-TW"),
        "{err}"
    );
    let (_, err) = ok(bitext()
        .args(["align", "--src-lang", "zh-TW"])
        .arg(&zh)
        .arg(&en));
    assert!(!err.contains("traditional characters"), "{err}");
}

// ------------------------------- -o naming standard output or error (s45)

/// `bitext ARGS` with both standard output and standard error pipes:
/// (exit code, stdout, stderr).
#[cfg(target_os = "linux")]
fn run_piped(args: &[&std::ffi::OsStr]) -> (Option<i32>, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_bitext"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .output()
        .expect("run bitext");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The command lines of align, convert and segment writing to `to`
/// (`-` for standard output itself), with the TMX convert reads.
#[cfg(target_os = "linux")]
fn writers_to(tmx: &Path, to: &str) -> Vec<Vec<std::ffi::OsString>> {
    let os = |v: &[&std::ffi::OsStr]| v.iter().map(|s| s.to_os_string()).collect::<Vec<_>>();
    let (zh, en) = (zh(), en());
    vec![
        os(&[
            "align".as_ref(),
            zh.as_os_str(),
            en.as_os_str(),
            "-q".as_ref(),
            "-f".as_ref(),
            "tsv".as_ref(),
            "-o".as_ref(),
            to.as_ref(),
        ]),
        os(&[
            "convert".as_ref(),
            "-q".as_ref(),
            "--to".as_ref(),
            "tsv".as_ref(),
            tmx.as_os_str(),
            to.as_ref(),
        ]),
        os(&[
            "segment".as_ref(),
            "--lang".as_ref(),
            "zh".as_ref(),
            zh.as_os_str(),
            "-o".as_ref(),
            to.as_ref(),
        ]),
    ]
}

/// `-o /dev/stdout` with standard output a pipe writes into the pipe, as a
/// FIFO or a device is written (trial 45: "/dev/stdout: No such file or
/// directory", the link's `pipe:[N]` taken for a path); so do
/// `/proc/self/fd/1` and `/dev/fd/1`, with or without --force, and
/// `/dev/stderr` writes into standard error.
#[cfg(target_os = "linux")]
#[test]
fn output_to_dev_stdout_in_a_pipe_is_written_to_the_pipe() {
    let dir = tmp();
    let tmx = dir.path().join("m.tmx");
    ok(bitext()
        .arg("align")
        .arg(zh())
        .arg(en())
        .arg("-o")
        .arg(&tmx));
    let plain: Vec<String> = writers_to(&tmx, "-")
        .iter()
        .map(|args| {
            let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
            let (code, out, err) = run_piped(&args);
            assert_eq!(code, Some(0), "{args:?}: {err}");
            assert!(!out.is_empty(), "{args:?}");
            out
        })
        .collect();
    for to in ["/dev/stdout", "/proc/self/fd/1", "/dev/fd/1"] {
        for force in [false, true] {
            for (args, expected) in writers_to(&tmx, to).iter().zip(&plain) {
                let mut args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
                if force {
                    args.push("--force".as_ref());
                }
                let (code, out, err) = run_piped(&args);
                assert_eq!(code, Some(0), "{args:?}: {err}");
                assert_eq!(&out, expected, "{args:?}");
            }
        }
    }
    for (args, expected) in writers_to(&tmx, "/dev/stderr").iter().zip(&plain) {
        let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
        let (code, out, err) = run_piped(&args);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        assert_eq!(out, "", "{args:?}");
        assert!(err.contains(expected.as_str()), "{args:?}: {err}");
    }
}

/// `-o /dev/stdout` with standard output a file the shell opened: written
/// as the shell opened it, without --force (`> out.tsv` truncated it
/// already, `>> log.tsv` appends after what the file holds), whole, and
/// never over an input (`>> zh.txt`).
#[cfg(target_os = "linux")]
#[test]
fn output_to_dev_stdout_redirected_to_a_file_is_written_as_the_shell_opened_it() {
    let dir = tmp();
    let tmx = dir.path().join("m.tmx");
    ok(bitext()
        .arg("align")
        .arg(zh())
        .arg(en())
        .arg("-o")
        .arg(&tmx));
    for args in writers_to(&tmx, "-") {
        let (expected, _) = ok(bitext().args(&args));
        let to_stdout: Vec<_> = args
            .iter()
            .map(|a| {
                if a == "-" {
                    "/dev/stdout".into()
                } else {
                    a.clone()
                }
            })
            .collect();
        // `> out.tsv`
        let file = dir.path().join("out.tsv");
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_bitext"))
            .args(&to_stdout)
            .stdout(std::fs::File::create(&file).unwrap())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{to_stdout:?}: {err}");
        assert_eq!(read(&file), expected, "{to_stdout:?}");
        // `>> log.tsv`
        let log = put(&dir, "log.tsv", "earlier\n");
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_bitext"))
            .args(&to_stdout)
            .stdout(std::fs::OpenOptions::new().append(true).open(&log).unwrap())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{to_stdout:?}: {err}");
        assert_eq!(read(&log), format!("earlier\n{expected}"), "{to_stdout:?}");
    }
    // `>> zh.txt`: an input, refused.
    let zh_copy = dir.path().join("zh.txt");
    std::fs::copy(zh(), &zh_copy).unwrap();
    let before = read(&zh_copy);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_bitext"))
        .arg("align")
        .arg(&zh_copy)
        .arg(en())
        .args(["-o", "/dev/stdout", "--force"])
        .stdout(
            std::fs::OpenOptions::new()
                .append(true)
                .open(&zh_copy)
                .unwrap(),
        )
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("overwrite an input"), "{err}");
    assert_eq!(read(&zh_copy), before);
    // `>> zh-link.txt`, a hard link of the input: the same file, refused.
    let hard = dir.path().join("zh-link.txt");
    std::fs::hard_link(&zh_copy, &hard).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_bitext"))
        .arg("align")
        .arg(&zh_copy)
        .arg(en())
        .args(["-o", "/dev/stdout"])
        .stdout(
            std::fs::OpenOptions::new()
                .append(true)
                .open(&hard)
                .unwrap(),
        )
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("overwrite an input"), "{err}");
    assert_eq!(read(&zh_copy), before);
    // `convert - /dev/stdout < a.tsv >> a.tsv`: standard input is the
    // input, read from the very file the output would grow.
    let (pairs, _) = ok(bitext().arg("convert").arg(&tmx).args(["-", "--to", "tsv"]));
    let tsv = put(&dir, "a.tsv", &pairs);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_bitext"))
        .args([
            "convert",
            "-",
            "/dev/stdout",
            "--from",
            "tsv",
            "--to",
            "tsv",
        ])
        .stdin(std::fs::File::open(&tsv).unwrap())
        .stdout(std::fs::OpenOptions::new().append(true).open(&tsv).unwrap())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("overwrite an input"), "{err}");
    assert_eq!(read(&tsv), pairs);
}
