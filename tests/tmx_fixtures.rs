//! TMX in and out: real files from other tools (`tests/fixtures/tmx/`, see
//! its SOURCES.md) read, written, validated against the TMX 1.4 DTD and read
//! again; bitext's own TMX read back and written byte for byte; and
//! `bitext convert` between TMX, TSV, JSON Lines and Moses files.

mod common;
use common::{bitext, corpus};

use assert_cmd::Command;
use bitext::tmx::{Header, Meta, TmxReader, Unit};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tmx")
        .join(name)
}

/// Runs a command that must succeed; returns its stderr.
fn ok(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run bitext");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{cmd:?}: {stderr}");
    stderr
}

fn read_tmx(path: &Path) -> (Header, Vec<Unit>) {
    let mut r = TmxReader::open(path).unwrap_or_else(|e| panic!("{e}"));
    let units = r
        .by_ref()
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("{e}"));
    (r.header().clone(), units)
}

const FIXTURES: [&str; 10] = [
    "omegat-ck-ImportTest1C.tmx",
    "omegat-ck-ImportTest1D.tmx",
    "omegat-ck-ImportTest1F.tmx",
    "omegat-ck-ImportTest1H.tmx",
    "omegat-ck-ImportTest1I.tmx",
    "omegat-ck-ImportTest1L.tmx",
    "omegat-ck-ImportTest2A.tmx",
    "omegat-ck-ImportTest2C.tmx",
    "okapi-sampleTMX2.tmx",
    "bitext-tmx11-zh.tmx",
];

#[test]
fn foreign_files_keep_everything_through_a_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    for name in FIXTURES {
        let (header, units) = read_tmx(&fixture(name));
        assert!(!units.is_empty(), "{name}");
        let once = dir.path().join(format!("once-{name}"));
        let twice = dir.path().join(format!("twice-{name}"));
        ok(bitext().arg("convert").arg(fixture(name)).arg(&once));
        let written = std::fs::read(&once).unwrap();
        common::xmllint_validate(&written, name);
        let (header2, units2) = read_tmx(&once);
        // Every unit, attribute, note, property, language and segment (with
        // its inline markup) survives; the header gains only what the DTD
        // requires.
        assert_eq!(units2, units, "{name}");
        assert_eq!(header2.meta, header.meta, "{name}");
        for attr in &header.attrs {
            assert!(header2.attrs.contains(attr), "{name}: {attr:?}");
        }
        // Written again: byte-identical.
        ok(bitext().arg("convert").arg(&once).arg(&twice));
        assert_eq!(std::fs::read(&twice).unwrap(), written, "{name}");
    }
}

#[test]
fn fixtures_read_as_their_tools_meant() {
    // UTF-16LE with a BOM, no declaration.
    let (_, units) = read_tmx(&fixture("omegat-ck-ImportTest1F.tmx"));
    assert_eq!(units.len(), 3);
    // us-ascii with every non-ASCII character as a reference.
    let (_, units) = read_tmx(&fixture("omegat-ck-ImportTest1H.tmx"));
    let texts: Vec<String> = units[0]
        .variants
        .iter()
        .map(|v| v.seg.plain_text())
        .collect();
    assert!(texts.iter().all(|t| t.starts_with("à=agrave")), "{texts:?}");
    // Whitespace kept exactly.
    let (_, units) = read_tmx(&fixture("omegat-ck-ImportTest1I.tmx"));
    assert_eq!(
        units[0].variants[0].seg.plain_text(),
        "English segment with [    ]"
    );
    assert_eq!(
        units[0].variants[1].seg.plain_text(),
        "Japanese segment with [\u{3000}\u{3000}]"
    );
    // Inline codes hidden from the plain text; <sub> and <hi> text shown.
    let (_, units) = read_tmx(&fixture("omegat-ck-ImportTest2C.tmx"));
    let en = units[0].variant("en-US").unwrap();
    assert_eq!(en.seg.plain_text(), "Click Start Here! to start.");
    assert!(en.seg.has_markup());
    assert_eq!(en.meta.len(), 3, "two notes and a prop at variant level");
    // Five languages, any order; codes compared without regard to case or _/-.
    let (_, units) = read_tmx(&fixture("omegat-ck-ImportTest1C.tmx"));
    assert!(units.iter().all(|u| u.variants.len() == 5));
    assert!(units[0].variant("JA_jp").is_some());
    // The specification's sample: srclang="*all*", header note/prop/ude.
    let (header, units) = read_tmx(&fixture("okapi-sampleTMX2.tmx"));
    assert!(matches!(header.meta[0], Meta::Note { .. }));
    assert!(header.meta.iter().any(|m| matches!(m, Meta::Ude { .. })));
    assert_eq!(bitext::tmx::attr(&units[1].attrs, "srclang"), Some("*all*"));
    assert_eq!(units[1].variant("fr-fr").unwrap().lang, "FR-FR");
    // TMX 1.1: lang= instead of xml:lang.
    let (header, units) = read_tmx(&fixture("bitext-tmx11-zh.tmx"));
    assert_eq!(header.srclang(), Some("zh_CN"));
    assert_eq!(
        units[0].variant("zh-cn").unwrap().seg.plain_text(),
        "会议由王毅主持。"
    );
}

#[test]
fn bitext_tmx_reads_back_and_writes_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("release.tmx");
    let again = dir.path().join("again.tmx");
    ok(bitext()
        .arg("align")
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt"))
        .args(["--creation-date", "20210508T000000Z", "-o"])
        .arg(&first));
    ok(bitext().arg("convert").arg(&first).arg(&again));
    let bytes = std::fs::read(&again).unwrap();
    common::xmllint_validate(&bytes, "release round trip");
    assert_eq!(bytes, std::fs::read(&first).unwrap());
}

#[test]
fn tmx_tsv_jsonl_round_trips_keep_the_texts() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = dir.path().join("release.tmx");
    ok(bitext()
        .arg("align")
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt"))
        .args(["--creation-date", "20210508T000000Z", "-o"])
        .arg(&tmx));
    let (_, units) = read_tmx(&tmx);
    let pairs = |units: &[Unit]| -> Vec<(String, String)> {
        units
            .iter()
            .map(|u| {
                (
                    u.variant("zh").unwrap().seg.plain_text(),
                    u.variant("en").unwrap().seg.plain_text(),
                )
            })
            .collect()
    };
    for via in ["tsv", "jsonl"] {
        let mid = dir.path().join(format!("mid.{via}"));
        let back = dir.path().join(format!("back-{via}.tmx"));
        ok(bitext().arg("convert").arg(&tmx).arg(&mid));
        ok(bitext()
            .arg("convert")
            .arg(&mid)
            .arg(&back)
            .args(["--creation-date", "20210508T000000Z"]));
        common::xmllint_validate(&std::fs::read(&back).unwrap(), via);
        let (header, back_units) = read_tmx(&back);
        assert_eq!(pairs(&back_units), pairs(&units), "via {via}");
        // JSON Lines carries the language tags; TSV does not, and the
        // languages are recognised from the text.
        let expected = if via == "jsonl" { "zh-CN" } else { "zh" };
        assert_eq!(header.srclang(), Some(expected), "via {via}");
        if via == "jsonl" {
            // JSON Lines also carries the tuid, the unit's creationdate,
            // the confidence and the language tags.
            for (b, u) in back_units.iter().zip(&units) {
                assert_eq!(b.attrs, u.attrs);
                assert!(b.meta == u.meta && b.variants == u.variants, "{b:?}");
            }
        }
    }
}

/// What CAT tools put on units and variants (dates, authors, usage
/// counts, a variant's `Origin` property) survives TMX → JSON Lines → TMX,
/// even when the second run sets its own creation date.
#[test]
fn jsonl_round_trip_keeps_unit_and_variant_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let original = fixture("okapi-sampleTMX2.tmx");
    let mid = dir.path().join("mid.jsonl");
    let back = dir.path().join("back.tmx");
    let langs = ["--src-lang", "en-us", "--tgt-lang", "FR-CA"];
    ok(bitext().arg("convert").arg(&original).arg(&mid).args(langs));
    ok(bitext()
        .arg("convert")
        .arg(&mid)
        .arg(&back)
        .args(["--creation-date", "20210508T000000Z"]));
    common::xmllint_validate(&std::fs::read(&back).unwrap(), "okapi via jsonl");
    let (_, units) = read_tmx(&original);
    let (_, back_units) = read_tmx(&back);
    assert_eq!(back_units.len(), units.len());
    let sorted = |meta: &[Meta]| {
        let mut m: Vec<String> = meta.iter().map(|m| format!("{m:?}")).collect();
        m.sort();
        m
    };
    for (b, u) in back_units.iter().zip(&units) {
        assert_eq!(b.attrs, u.attrs, "unit attributes");
        assert_eq!(
            sorted(&b.meta),
            sorted(&u.meta),
            "unit notes and properties"
        );
        for lang in ["en-us", "FR-CA"] {
            let (bv, uv) = (b.variant(lang).unwrap(), u.variant(lang).unwrap());
            assert_eq!(bv.attrs, uv.attrs, "{lang} attributes");
            assert_eq!(bv.meta, uv.meta, "{lang} properties");
            assert_eq!(bv.seg.plain_text(), uv.seg.plain_text());
        }
    }
    let first = &back_units[0];
    assert_eq!(bitext::tmx::attr(&first.attrs, "usagecount"), Some("2"));
    let fr = first.variant("FR-CA").unwrap();
    assert_eq!(bitext::tmx::attr(&fr.attrs, "changeid"), Some("ManonD"));
}

/// TMX → JSON Lines → TMX keeps the inline codes (`<bpt>`, `<ept>`,
/// `<ph>`, `<it>`) of every segment: the JSON Lines carry each side's
/// tagged form beside its plain text.
#[test]
fn jsonl_round_trip_keeps_inline_codes() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["omegat-ck-ImportTest2A.tmx", "omegat-ck-ImportTest2C.tmx"] {
        let (_, units) = read_tmx(&fixture(name));
        assert!(
            units
                .iter()
                .any(|u| u.variants.iter().any(|v| v.seg.has_markup())),
            "{name}"
        );
        let (src, tgt) = {
            let u = &units[0];
            (u.variants[0].lang.clone(), u.variants[1].lang.clone())
        };
        let mid = dir.path().join(format!("{name}.jsonl"));
        let back = dir.path().join(format!("{name}.back.tmx"));
        ok(bitext().arg("convert").arg(fixture(name)).arg(&mid).args([
            "--src-lang",
            &src,
            "--tgt-lang",
            &tgt,
        ]));
        // `src`/`tgt` stay plain text; the tagged form is beside them.
        let jsonl = std::fs::read_to_string(&mid).unwrap();
        let first: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
        assert!(!first["src"].as_str().unwrap().contains('<'), "{first}");
        ok(bitext().arg("convert").arg(&mid).arg(&back));
        common::xmllint_validate(&std::fs::read(&back).unwrap(), name);
        let (_, back_units) = read_tmx(&back);
        assert_eq!(back_units.len(), units.len(), "{name}");
        for (b, u) in back_units.iter().zip(&units) {
            for lang in [&src, &tgt] {
                let (bv, uv) = (b.variant(lang).unwrap(), u.variant(lang).unwrap());
                assert_eq!(bv.seg, uv.seg, "{name}: {lang}");
            }
        }
    }
}

/// A tagged form that is not a segment's inline codes, or whose text is
/// not the record's, is refused naming the line.
#[test]
fn jsonl_inline_codes_that_do_not_hold_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (bad, says) in [
        (
            r#"{"src":"一","tgt":"one","tgt_tuv":{"seg":"<bpt i=\"1\">&lt;b&gt;</bpt>one"}}"#,
            "",
        ),
        (
            r#"{"src":"一","tgt":"one","tgt_tuv":{"seg":"<b>one</b>"}}"#,
            "not an inline element",
        ),
        (
            r#"{"src":"一","tgt":"one","src_tuv":{"seg":"<ph>x"}}"#,
            "\"src_tuv\".\"seg\"",
        ),
        (
            r#"{"src":"一","tgt":"one","tgt_tuv":{"seg":"one</seg><seg>two"}}"#,
            "not an inline element",
        ),
        (
            r#"{"src":"一","tgt":"one","tgt_tuv":{"seg":"<ph>&lt;br&gt;</ph>uno"}}"#,
            "not the \"tgt\" field's “one”",
        ),
        (
            r#"{"src":"一","tgt":"one","tgt_tuv":{"seg":"&bogus;one"}}"#,
            "\"tgt_tuv\".\"seg\"",
        ),
    ] {
        let input = dir.path().join("in.jsonl");
        std::fs::write(
            &input,
            format!("{{\"src\":\"二\",\"tgt\":\"two\"}}\n{bad}\n"),
        )
        .unwrap();
        let out = dir.path().join("out.tmx");
        let mut cmd = bitext();
        cmd.arg("convert").arg(&input).arg(&out);
        if says.is_empty() {
            // The sound one is written with its code.
            ok(&mut cmd);
            let (_, units) = read_tmx(&out);
            assert!(units[1].variants[1].seg.has_markup());
            std::fs::remove_file(&out).unwrap();
            continue;
        }
        let stderr = common::fails(&mut cmd);
        assert!(
            stderr.contains("in.jsonl") && stderr.contains("line 2"),
            "{stderr}"
        );
        assert!(stderr.contains(says), "{bad}: {stderr}");
        assert!(!out.exists());
    }
}

/// JSON Lines attributes that TMX cannot hold are refused with the line.
#[test]
fn jsonl_attributes_tmx_cannot_hold_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (bad, says) in [
        (
            r#"{"src":"一","tgt":"one","attrs":{"bad name":"x"}}"#,
            "not an XML attribute name",
        ),
        (
            r#"{"src":"一","tgt":"one","attrs":{"tuid":"7"}}"#,
            "belongs in the \"tuid\" field",
        ),
        (
            r#"{"src":"一","tgt":"one","tgt_tuv":{"attrs":{"xml:lang":"en"}}}"#,
            "\"tgt_lang\"",
        ),
        (
            r#"{"src":"一","tgt":"one","attrs":{"a":"1","a":"2"}}"#,
            "given twice",
        ),
    ] {
        let input = dir.path().join("in.jsonl");
        std::fs::write(
            &input,
            format!("{{\"src\":\"二\",\"tgt\":\"two\"}}\n{bad}\n"),
        )
        .unwrap();
        let stderr = common::fails(
            bitext()
                .arg("convert")
                .arg(&input)
                .arg(dir.path().join("out.tmx")),
        );
        assert!(
            stderr.contains("in.jsonl") && stderr.contains("line 2"),
            "{stderr}"
        );
        assert!(stderr.contains(says), "{bad}: {stderr}");
        assert!(!dir.path().join("out.tmx").exists());
    }
}

#[test]
fn moses_files_are_line_aligned() {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("corpus");
    let stderr = ok(bitext()
        .arg("convert")
        .arg(fixture("omegat-ck-ImportTest1C.tmx"))
        .arg(&prefix)
        .args([
            "--to",
            "moses",
            "--src-lang",
            "en_US",
            "--tgt-lang",
            "fr-ca",
        ]));
    assert!(stderr.contains("wrote 3"), "{stderr}");
    let en = std::fs::read_to_string(dir.path().join("corpus.en")).unwrap();
    let fr = std::fs::read_to_string(dir.path().join("corpus.fr")).unwrap();
    assert_eq!(en.lines().count(), 3);
    assert_eq!(fr.lines().count(), 3);
    assert!(fr.lines().all(|l| l.contains("French")), "{fr}");
    // The outputs exist now: a second run needs --force.
    let out = bitext()
        .arg("convert")
        .arg(fixture("omegat-ck-ImportTest1C.tmx"))
        .arg(&prefix)
        .args(["--to", "moses"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
}

#[test]
fn dedupe_and_language_choice_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("pairs.tsv");
    std::fs::write(&tsv, "你好\tHello\n谢谢\tThanks\n你好\tHello\n你好\tHi\n").unwrap();
    let out = dir.path().join("out.tmx");
    let stderr = ok(bitext().arg("convert").arg(&tsv).arg(&out).args([
        "--dedupe",
        "--src-lang",
        "zh-CN",
        "--tgt-lang",
        "en-US",
    ]));
    assert!(stderr.contains("read 4 units"), "{stderr}");
    assert!(stderr.contains("wrote 3"), "{stderr}");
    assert!(stderr.contains("1 duplicate (--dedupe)"), "{stderr}");
    common::xmllint_validate(&std::fs::read(&out).unwrap(), "dedupe");
    // A pair absent from some units: those are left out and counted.
    let stderr = ok(bitext()
        .arg("convert")
        .arg(fixture("bitext-tmx11-zh.tmx"))
        .arg(dir.path().join("tw.tsv"))
        .args(["--src-lang", "zh-TW", "--tgt-lang", "en"]));
    // Unit a1 has no zh-TW but has zh-CN: the language-only match picks it.
    assert!(stderr.contains("wrote 2"), "{stderr}");
    let tsv = std::fs::read_to_string(dir.path().join("tw.tsv")).unwrap();
    assert_eq!(
        tsv,
        "会议由王毅主持。\tWang Yi chaired the meeting.\n會議\tmeeting\n"
    );
    // A pair that no unit holds: nothing written, the languages the file
    // holds named, exit 1, no file left.
    let out = bitext()
        .arg("convert")
        .arg(fixture("omegat-ck-ImportTest1L.tmx"))
        .arg(dir.path().join("ja.tsv"))
        .args(["--src-lang", "en-US", "--tgt-lang", "ja"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("1 unit read, none written: no unit holds both en-US and ja")
            && stderr.contains("the file holds en-gb (1 unit), en-us (1 unit), fr (1 unit)"),
        "{stderr}"
    );
    assert!(!dir.path().join("ja.tsv").exists());
}

#[test]
fn standard_input_and_output() {
    let out = bitext()
        .args(["convert", "-", "-", "--from", "tsv", "--to", "jsonl", "-q"])
        .write_stdin("你好\tHello\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "{\"src\":\"你好\",\"tgt\":\"Hello\",\"src_lang\":\"zh\",\"tgt_lang\":\"en\",\"tuid\":\"1\"}\n"
    );
    // Moses output is two files: not standard output.
    let out = bitext()
        .args(["convert", "-", "-", "--from", "tsv", "--to", "moses"])
        .write_stdin("你好\tHello\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("prefix"));
}

#[test]
fn convert_errors_are_clear() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec![
                "convert".into(),
                fixture("omegat-ck-ImportTest1C.tmx").display().to_string(),
                dir.path().join("x.txt").display().to_string(),
            ],
            "--to",
        ),
        (
            vec![
                "convert".into(),
                fixture("omegat-ck-ImportTest1C.tmx").display().to_string(),
                fixture("omegat-ck-ImportTest1C.tmx").display().to_string(),
                "--force".into(),
            ],
            "overwrite an input",
        ),
        (
            vec![
                "convert".into(),
                corpus("zh.txt").display().to_string(),
                dir.path().join("x.tmx").display().to_string(),
                "--from".into(),
                "tsv".into(),
            ],
            "line 1: expected 2 tab-separated fields",
        ),
    ];
    for (args, needle) in cases {
        let out = bitext().args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
}

/// Writes `text` to `dir/name`.
fn put(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

const TMX_HEAD: &str = "<tmx version=\"1.4\"><header srclang=\"*all*\"/><body>";

fn tu(variants: &[(&str, &str)]) -> String {
    let tuvs: String = variants
        .iter()
        .map(|(l, t)| format!("<tuv xml:lang=\"{l}\"><seg>{t}</seg></tuv>"))
        .collect();
    format!("<tu>{tuvs}</tu>")
}

/// Runs a command that must succeed; returns (stdout, stderr).
fn ok_out(cmd: &mut Command) -> (String, String) {
    let out = cmd.output().expect("run bitext");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{cmd:?}: {stderr}");
    (String::from_utf8(out.stdout).unwrap(), stderr)
}

#[test]
fn a_pair_is_two_different_variants() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = format!(
        "{TMX_HEAD}{}{}</body></tmx>",
        tu(&[("zh-CN", "简体"), ("zh-TW", "繁體")]),
        tu(&[("zh-TW", "只有繁體"), ("en", "only traditional")])
    );
    let file = put(&dir, "zh.tmx", &tmx);
    let (stdout, stderr) = ok_out(bitext().arg("convert").arg(&file).args([
        "-",
        "--to",
        "tsv",
        "--src-lang",
        "zh-CN",
        "--tgt-lang",
        "zh-TW",
    ]));
    assert_eq!(stdout, "简体\t繁體\n");
    assert!(stderr.contains("1 without both languages"), "{stderr}");
}

#[test]
fn single_language_and_target_only() {
    let dir = tempfile::tempdir().unwrap();
    let mono = put(
        &dir,
        "mono.tmx",
        &format!(
            "{TMX_HEAD}{}{}</body></tmx>",
            tu(&[("en", "one")]),
            tu(&[("en", "two")])
        ),
    );
    // TMX → TMX needs no pair.
    ok_out(
        bitext()
            .arg("convert")
            .arg(&mono)
            .arg(dir.path().join("out.tmx")),
    );
    // A pair output does, and says so.
    let out = bitext()
        .arg("convert")
        .arg(&mono)
        .args(["-", "--to", "tsv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--src-lang and --tgt-lang"));
    // Only the target named: the source is the first other language.
    let tri = put(
        &dir,
        "tri.tmx",
        &format!(
            "{TMX_HEAD}{}</body></tmx>",
            tu(&[("de", "eins"), ("en", "one"), ("zh", "一")])
        ),
    );
    let (stdout, _) =
        ok_out(
            bitext()
                .arg("convert")
                .arg(&tri)
                .args(["-", "--to", "tsv", "--tgt-lang", "de"]),
        );
    assert_eq!(stdout, "one\teins\n");
}

#[test]
fn kana_and_hangul_are_not_taken_for_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let tsv = put(&dir, "ja.tsv", "こんにちは\tHello\n안녕하세요\tHi\n");
    let out = bitext()
        .arg("convert")
        .arg(&tsv)
        .args(["-", "--to", "jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot tell the language pair"));
    let (stdout, _) = ok_out(bitext().arg("convert").arg(&tsv).args([
        "-",
        "--to",
        "jsonl",
        "--src-lang",
        "ja",
        "--tgt-lang",
        "en",
    ]));
    assert!(stdout.contains("\"src_lang\":\"ja\""), "{stdout}");
}

#[test]
fn line_ends_and_empty_sides_in_tmx_output() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = put(
        &dir,
        "in.jsonl",
        concat!(
            r#"{"src":"一\r\n二","tgt":"one\rtwo","tuid":"a\tb"}"#,
            "\n",
            r#"{"src":"\u0001","tgt":"hello"}"#,
            "\n",
            r#"{"src":"你好","tgt":"hi"}"#,
            "\n"
        ),
    );
    let out = dir.path().join("out.tmx");
    let (_, stderr) = ok_out(bitext().arg("convert").arg(&jsonl).arg(&out).args([
        "--src-lang",
        "zh-CN",
        "--tgt-lang",
        "en",
        "--creation-date",
        "@0",
    ]));
    assert!(
        stderr.contains("wrote 2") && stderr.contains("1 with an empty segment"),
        "{stderr}"
    );
    let xml = std::fs::read_to_string(&out).unwrap();
    assert!(
        xml.contains("<seg>一&#13;\n二</seg>") && xml.contains("tuid=\"a&#9;b\""),
        "{xml}"
    );
    common::xmllint_validate(xml.as_bytes(), "line ends");
    let (_, units) = read_tmx(&out);
    assert_eq!(units[0].variants[1].seg.plain_text(), "one\rtwo");
}

/// `--dedupe` is for corpus builders: a pair of texts is written once,
/// whatever else its units carry. A merged TMX of a batch repeats a
/// boilerplate pair in every document with another tuid, another
/// `x-bitext-document` and another score (review 23: all were kept), and a
/// note or property on a unit or variant does not make its text new; the
/// first unit is kept as it is (its tuid, notes and properties).
#[test]
fn dedupe_compares_the_texts_only() {
    let dir = tempfile::tempdir().unwrap();
    let unit = |tuid: &str, doc: &str, score: &str, tuv: &str| {
        format!(
            "<tu tuid=\"{tuid}\"><prop type=\"x-bitext-document\">{doc}</prop>\
             <prop type=\"x-bitext-score\">{score}</prop>\
             <tuv xml:lang=\"zh\"{tuv}><seg>版权所有</seg></tuv><tuv xml:lang=\"en\"><seg>All rights reserved</seg></tuv></tu>"
        )
    };
    let tmx = put(
        &dir,
        "merged.tmx",
        &format!(
            "{TMX_HEAD}{}{}{}{}{}</body></tmx>",
            unit("a:1", "a", "0.9", ""),
            unit("b:7", "b", "0.8", ""),
            unit("c:2", "c", "0.9", " changeid=\"Ana\""),
            unit("d:3", "d", "0.7", "><note>checked by a reviewer</note"),
            tu(&[("zh", "版权所有"), ("en", "Copyright")]),
        ),
    );
    let pair = ["--dedupe", "--src-lang", "zh", "--tgt-lang", "en"];
    for out in ["o.tmx", "o.jsonl", "o.tsv"] {
        let (_, stderr) = ok_out(
            bitext()
                .arg("convert")
                .arg(&tmx)
                .arg(dir.path().join(out))
                .args(pair),
        );
        assert!(
            stderr.contains("wrote 2") && stderr.contains("left out 3 duplicates"),
            "{out}: {stderr}"
        );
    }
    let kept = std::fs::read_to_string(dir.path().join("o.jsonl")).unwrap();
    assert!(
        kept.contains("\"tuid\":\"a:1\"") && !kept.contains("b:7"),
        "{kept}"
    );
    // Whole units (no pair named) too: the first kept with its properties.
    let all = dir.path().join("all.tmx");
    let (_, stderr) = ok_out(bitext().arg("convert").arg(&tmx).arg(&all).arg("--dedupe"));
    assert!(
        stderr.contains("wrote 2") && stderr.contains("left out 3 duplicates"),
        "{stderr}"
    );
    let xml = std::fs::read_to_string(&all).unwrap();
    assert!(
        xml.contains("tuid=\"a:1\"") && xml.contains(">a</prop>") && !xml.contains(">b</prop>"),
        "{xml}"
    );
    common::xmllint_validate(xml.as_bytes(), "dedupe on texts");
}

/// The library's record sink without a creation time writes no
/// `creationdate` (it wrote 1970-01-01), and the file stays valid TMX 1.4.
#[test]
fn records_without_a_creation_time_are_valid_tmx() {
    use bitext::format::{self, Format, Record, SinkOptions};
    let records = [Record {
        src: "你好。".into(),
        tgt: "Hello.".into(),
        src_lang: Some("zh-CN".into()),
        tgt_lang: Some("en-US".into()),
        ..Record::default()
    }];
    let opts = SinkOptions {
        srclang: "zh-CN".into(),
        ..SinkOptions::default()
    };
    let mut out = Vec::new();
    format::write_records(Format::Tmx, &records, &opts, vec![&mut out]).unwrap();
    assert!(!String::from_utf8_lossy(&out).contains("creationdate"));
    common::xmllint_validate(&out, "records without a creation time");
    let units: Vec<Unit> = TmxReader::new(&out[..], "x.tmx")
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(units.len(), 1);
}

/// A TMX error names the line as well as the byte offset, whichever command
/// reads the file and however its format is told (extension, `--from`, or
/// its first bytes); standard input, read once, gives the offset.
#[test]
fn tmx_errors_name_the_line_in_convert_and_audit() {
    let dir = tempfile::tempdir().unwrap();
    let units = "<tu><tuv xml:lang=\"en\"><seg>a</seg></tuv></tu>\n\
                 <tu><tuv xml:lang=\"en\"><seg>b</seg></tu>\n</body></tmx>\n";
    let cases = [
        // Mismatched end tag on line 3.
        (
            format!("<tmx version=\"1.4\"><header/><body>\n{units}"),
            " (line 3): malformed XML",
        ),
        // The same after an XML declaration and a byte-order mark: line 4.
        (
            format!(
                "\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
                 <tmx version=\"1.4\"><header/><body>\n{units}"
            ),
            " (line 4): malformed XML",
        ),
        // A file cut short on its fourth line.
        (
            "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header/><body>\n\
             <tu><tuv xml:lang=\"en\"><seg>a</seg></tuv></tu>\n\
             <tu><tuv xml:lang=\"en\"><seg>b"
                .to_string(),
            " (line 4): the file ends inside <seg>",
        ),
    ];
    let out = dir.path().join("x.tsv");
    for (i, (text, needle)) in cases.iter().enumerate() {
        let tmx = put(&dir, &format!("bad{i}.tmx"), text);
        let xml = put(&dir, &format!("bad{i}.xml"), text);
        let runs: Vec<Vec<&std::ffi::OsStr>> = vec![
            vec!["convert".as_ref(), tmx.as_ref(), out.as_ref()],
            vec!["convert".as_ref(), xml.as_ref(), out.as_ref()],
            vec![
                "convert".as_ref(),
                "--from".as_ref(),
                "tmx".as_ref(),
                xml.as_ref(),
                out.as_ref(),
            ],
            vec!["audit".as_ref(), tmx.as_ref()],
            vec!["audit".as_ref(), xml.as_ref()],
        ];
        for args in runs {
            let err = common::fails(bitext().args(&args));
            assert!(err.contains("byte offset"), "{args:?}: {err}");
            assert!(err.contains(needle), "{args:?}: {needle}: {err}");
            let name = Path::new(args[args.len() - 1 - usize::from(args[0] == "convert")]);
            assert!(
                err.contains(&*name.file_name().unwrap().to_string_lossy()),
                "{args:?}: {err}"
            );
        }
        // Standard input: the offset.
        let err = common::fails(
            bitext()
                .args(["convert", "-"])
                .arg(&out)
                .write_stdin(text.as_bytes()),
        );
        assert!(err.contains("byte offset"), "{err}");
    }
    assert!(!out.exists());
}

/// A segment of white space only is an empty segment, whatever the output:
/// TMX → TMX leaves that `<tuv>` out and says so; TSV and JSON Lines leave
/// the pair out and say so (deliberate since the first TMX writer; see
/// `TmxWriter::write_unit`).
#[test]
fn a_white_space_segment_is_an_empty_one_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = put(
        &dir,
        "ws.tmx",
        &format!(
            "<tmx version=\"1.4\"><header srclang=\"zh\"/><body>{}{}</body></tmx>\n",
            tu(&[("zh", "你好"), ("en", " \t ")]),
            tu(&[("zh", "再见"), ("en", "Bye")])
        ),
    );
    let out = dir.path().join("out.tmx");
    let err = ok(bitext().arg("convert").arg(&tmx).arg(&out));
    assert!(
        err.contains("wrote 2") && err.contains("1 empty segment (a <tuv> without text) left out"),
        "{err}"
    );
    let (_, units) = read_tmx(&out);
    let langs: Vec<usize> = units.iter().map(|u| u.variants.len()).collect();
    assert_eq!(langs, [1, 2]);
    for ext in ["tsv", "jsonl"] {
        let out = dir.path().join(format!("out.{ext}"));
        let err = ok(bitext().arg("convert").arg(&tmx).arg(&out));
        assert!(
            err.contains("wrote 1") && err.contains("left out 1 with an empty segment"),
            "{ext}: {err}"
        );
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(
            text.contains("再见") && !text.contains("你好"),
            "{ext}: {text}"
        );
    }
}

/// Bug: a JSON Lines record without a `tuid` got its line number as tuid
/// when written to TMX, so TMX → JSON Lines → TMX added tuids to units that
/// had none, and a made-up tuid could equal another unit's own. Records
/// keep the tuid they have, and none when they have none.
#[test]
fn jsonl_to_tmx_invents_no_tuid() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = dir.path().join("dup.tmx");
    std::fs::write(
        &tmx,
        "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"zh\" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" o-tmf=\"x\" creationtool=\"t\" creationtoolversion=\"1\"/><body>\n\
         <tu><tuv xml:lang=\"zh\"><seg>第一句话。</seg></tuv><tuv xml:lang=\"en\"><seg>The first sentence.</seg></tuv></tu>\n\
         <tu tuid=\"1\"><tuv xml:lang=\"zh\"><seg>第二句话。</seg></tuv><tuv xml:lang=\"en\"><seg>The second sentence.</seg></tuv></tu>\n\
         </body></tmx>\n",
    )
    .unwrap();
    let jsonl = dir.path().join("dup.jsonl");
    let back = dir.path().join("back.tmx");
    let direct = dir.path().join("direct.tmx");
    for (from, to) in [(&tmx, &jsonl), (&jsonl, &back), (&tmx, &direct)] {
        let out = bitext()
            .args(["convert", "-q"])
            .arg(from)
            .arg(to)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let back = std::fs::read_to_string(&back).unwrap();
    assert_eq!(back.matches("tuid=").count(), 1, "{back}");
    // The units as TMX → TMX writes them (JSON Lines keeps no header).
    let body = |t: &str| t[t.find("<body>").unwrap()..].to_string();
    assert_eq!(
        body(&back),
        body(&std::fs::read_to_string(&direct).unwrap())
    );
}
