//! `bitext segment`: output formats, the language warning, SRX rule files
//! (errors naming file, line and rule; the shipped OmegaT rule file; Okapi's
//! default rules when `../shared` holds them), and `align --srx`.

mod common;
use common::bitext;

use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn jsonl_gives_byte_offsets_into_the_input() {
    let input = std::fs::read_to_string(repo("tests/fixtures/segment/texts/zh-mixed.txt")).unwrap();
    let out = bitext()
        .args(["segment", "--lang", "zh", "--format", "jsonl"])
        .arg(repo("tests/fixtures/segment/texts/zh-mixed.txt"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let lines: Vec<Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.len() > 20);
    let mut last_end = 0;
    for v in &lines {
        let (start, end) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&input[start..end], v["text"].as_str().unwrap());
        assert!(start >= last_end);
        assert!(
            input[last_end..start].trim().is_empty(),
            "text lost between segments"
        );
        last_end = end;
        assert!(v["line"].as_u64().unwrap() >= 1);
    }
    assert!(input[last_end..].trim().is_empty());
}

#[test]
fn lines_format_is_the_default_and_matches_jsonl() {
    let file = repo("corpora/release-2021-05-08/en.txt");
    let lines = bitext()
        .args(["segment", "--lang", "en"])
        .arg(&file)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let jsonl = bitext()
        .args(["segment", "--lang", "en", "--format", "lines"])
        .arg(&file)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(lines, jsonl);
    bitext()
        .args(["segment", "--format", "xml"])
        .arg(&file)
        .assert()
        .failure()
        .stderr(predicate::str::contains("lines").and(predicate::str::contains("jsonl")));
}

#[test]
fn lang_contradicting_the_text_warns() {
    bitext()
        .args(["segment", "--lang", "en"])
        .arg(repo("corpora/release-2021-05-08/zh.txt"))
        .assert()
        .success()
        .stderr(
            predicate::str::contains("warning")
                .and(predicate::str::contains("looks Chinese"))
                .and(predicate::str::contains("--lang zh")),
        );
    bitext()
        .args(["segment", "--lang", "zh-CN"])
        .arg(repo("corpora/release-2021-05-08/en.txt"))
        .assert()
        .success()
        .stderr(
            predicate::str::contains("looks English").and(predicate::str::contains("--lang en")),
        );
    bitext()
        .args(["segment", "--lang", "zh"])
        .arg(repo("corpora/release-2021-05-08/zh.txt"))
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
}

#[test]
fn srx_errors_name_file_line_and_rule() {
    let dir = tempfile::tempdir().unwrap();
    let text = write(&dir, "t.txt", "Hello there. Bye.\n");
    let srx = write(
        &dir,
        "bad.srx",
        "<srx version=\"2.0\"><body><languagerules>\n<languagerule languagerulename=\"en\">\n<rule break=\"no\">\n<beforebreak>\\p{InGreek}</beforebreak></rule></languagerule></languagerules></body></srx>",
    );
    bitext()
        .args(["segment", "--lang", "en", "--srx"])
        .arg(&srx)
        .arg(&text)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains(
                "bad.srx: line 3: no-break rule, beforebreak pattern \"\\p{InGreek}\"",
            )
            .and(predicate::str::contains("Unicode block")),
        );
    let srx = write(&dir, "cut.srx", "<srx><body><languagerules>");
    bitext()
        .args(["segment", "--srx"])
        .arg(&srx)
        .arg(&text)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cut.srx: line 1"));
    let fixtures = repo("tests/fixtures/fuzz/srx_parse");
    for (name, says) in [
        ("billion-laughs.srx", "DOCTYPE"),
        ("unclosed-group.srx", "cannot be compiled"),
        ("huge-repetition.srx", "cannot be compiled"),
        ("not-srx.srx", "not an SRX file"),
        ("map-to-missing-rule.srx", "does not define"),
        ("bad-break-attribute.srx", "expected \"yes\" or \"no\""),
        ("surrogate-escape.srx", "surrogate"),
    ] {
        bitext()
            .args(["segment", "--srx"])
            .arg(fixtures.join(name))
            .arg(&text)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(name).and(predicate::str::contains(says)));
    }
}

#[test]
fn srx_without_rules_for_the_language_warns() {
    let dir = tempfile::tempdir().unwrap();
    let text = write(&dir, "t.txt", "Hello there. Bye.\n");
    bitext()
        .args(["segment", "--lang", "en", "--srx"])
        .arg(repo("tests/fixtures/srx/zh-only.srx"))
        .arg(&text)
        .assert()
        .success()
        .stdout("Hello there. Bye.\n")
        .stderr(
            predicate::str::contains("bitext: warning: ")
                .and(predicate::str::contains("no language rules for en")),
        );
}

/// The shipped rule file gives bitext's built-in segments on the sample.
#[test]
fn shipped_omegat_rules_match_builtin_on_the_sample() {
    for (lang, file) in [("zh-CN", "zh.txt"), ("en-US", "en.txt")] {
        let path = repo(&format!("corpora/release-2021-05-08/{file}"));
        let builtin = bitext()
            .args(["segment", "--lang", lang])
            .arg(&path)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let srx = bitext()
            .args(["segment", "--lang", lang, "--srx"])
            .arg(repo("data/omegat-zh-en.srx"))
            .arg(&path)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        assert_eq!(
            String::from_utf8(srx).unwrap(),
            String::from_utf8(builtin).unwrap(),
            "{file}"
        );
    }
}

/// `data/omegat-segmentation.conf` is `data/omegat-zh-en.srx` as OmegaT 3.6
/// reads it (regenerate with the `omegat_conf` example).
#[test]
fn shipped_omegat_conf_is_in_sync() {
    let rules = bitext::segment::srx::SrxRules::from_file(&repo("data/omegat-zh-en.srx")).unwrap();
    let shipped = std::fs::read_to_string(repo("data/omegat-segmentation.conf")).unwrap();
    assert_eq!(shipped, rules.to_omegat_conf());
}

/// Data-driven SRX cases: `tests/fixtures/srx/*.srx` with `<name>.cases.jsonl`
/// beside each, one `{"lang", "text", "expected"}` a line.
#[test]
fn srx_fixture_cases() {
    let dir = repo("tests/fixtures/srx");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("srx") {
            continue;
        }
        let cases = path.with_extension("cases.jsonl");
        let Ok(cases) = std::fs::read_to_string(&cases) else {
            continue;
        };
        let rules = bitext::segment::srx::SrxRules::from_file(&path).unwrap();
        for line in cases.lines().filter(|l| !l.trim().is_empty()) {
            let v: Value = serde_json::from_str(line).unwrap();
            let tag = v["lang"].as_str().unwrap();
            let lang: bitext::Lang = tag.parse().unwrap();
            let text = v["text"].as_str().unwrap();
            let seg = bitext::segment::Segmenter::with_srx(lang, rules.for_lang(tag));
            let got: Vec<&str> = seg
                .segment(text)
                .into_iter()
                .map(|s| &text[s.span])
                .collect();
            let expected: Vec<&str> = v["expected"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e.as_str().unwrap())
                .collect();
            assert_eq!(got, expected, "{}: {text:?}", path.display());
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} SRX cases");
}

/// Okapi's default rules, read from `../shared` only when present (the
/// file is not part of the repository).
#[test]
fn okapi_default_rules_when_available() {
    let shared = std::env::var_os("BITEXT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo("../shared"));
    let path = shared.join("eval/segmentation/okapi-default.srx");
    if !path.exists() {
        eprintln!(
            "note: {} not found; skipping the Okapi default rules check",
            path.display()
        );
        return;
    }
    let rules = bitext::segment::srx::SrxRules::from_file(&path).unwrap();
    assert!(!rules.cascade);
    let en = rules.for_lang("en-US");
    assert_eq!(en.names, ["Default"]);
    assert_eq!(rules.for_lang("th").names, ["Thai"]);
    let seg = bitext::segment::Segmenter::with_srx(bitext::Lang::En, en);
    // The start of Okapi's own sample from the file's header: its rules keep
    // "Mr." and the no-break rule for initialisms applies only before a
    // non-capital, so "U.S. Is" breaks.
    let text =
        "Mr. Holmes is from the U.K. not the U.S. Is Dr. Watson from there too? Yes: both are.";
    let got: Vec<&str> = seg
        .segment(text)
        .into_iter()
        .map(|s| &text[s.span])
        .collect();
    assert_eq!(
        got,
        [
            "Mr. Holmes is from the U.K. not the U.S.",
            "Is Dr. Watson from there too?",
            "Yes: both are."
        ]
    );
    let zh = bitext::segment::Segmenter::with_srx(bitext::Lang::Zh, rules.for_lang("zh-CN"));
    let text = "你好。再见！";
    let got: Vec<&str> = zh
        .segment(text)
        .into_iter()
        .map(|s| &text[s.span])
        .collect();
    assert_eq!(got, ["你好。", "再见！"]);
}

#[test]
fn align_with_srx_cuts_both_sides_by_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let zh = write(&dir, "zh.txt", "他来了。她走了。\n");
    let en = write(&dir, "en.txt", "He came. She left.\n");
    let srx = repo("tests/fixtures/srx/zh-only.srx");
    // zh-only.srx has no English rules: the English side stays one segment.
    let out = bitext()
        .args(["align", "--format", "jsonl", "--srx"])
        .arg(&srx)
        .arg(&zh)
        .arg(&en)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let units: Vec<Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(units.len(), 1, "{units:?}");
    assert_eq!(units[0]["src_ids"], serde_json::json!([0, 1]), "{units:?}");
    bitext()
        .args(["align", "--presegmented", "--srx"])
        .arg(&srx)
        .arg(&zh)
        .arg(&en)
        .assert()
        .failure()
        .stderr(predicate::str::contains("--srx").and(predicate::str::contains("--presegmented")));
}

/// A quotation and its attribution (“……。”他说。) are one segment with the
/// built-in rules and with the shipped SRX file alike, and a clause that is
/// not an attribution (“……。”他走了出去。) is cut off in both.
#[test]
fn attribution_rule_is_the_same_in_builtin_and_shipped_srx() {
    let dir = tempfile::TempDir::new().unwrap();
    let text = "\
“阿黄，我们不能让灯灭了。”他对身边的狗说。阿黄摇了摇尾巴。
“……。”他说。
“您一个人在这里，不觉得孤单吗？”她问道。
“真的吗？”她问我。“我们会继续谈判。”发言人表示，双方分歧仍然很大。
「我明天再來。」他說。
“不下了。”他走了出去，关上了门。
“不下了。”他说完就走了。“不下了。”老周知道。“不下了。”他在写小说。
“你去吗？”她没回答。“你去吗？”她没有回答。
“不下了。”他说：“走吧。”
“不下了。”他在昏暗的灯光下对站在门口等了很久的那个年轻人和他的两个朋友说。
";
    let path = write(&dir, "quotes.txt", text);
    let run = |srx: bool| {
        let mut cmd = bitext();
        cmd.args(["segment", "--lang", "zh-CN"]);
        if srx {
            cmd.arg("--srx").arg(repo("data/omegat-zh-en.srx"));
        }
        String::from_utf8(
            cmd.arg(&path)
                .assert()
                .success()
                .get_output()
                .stdout
                .clone(),
        )
        .unwrap()
    };
    let builtin = run(false);
    assert_eq!(run(true), builtin);
    let segments: Vec<&str> = builtin.lines().filter(|l| !l.is_empty()).collect();
    for kept in [
        "“阿黄，我们不能让灯灭了。”他对身边的狗说。",
        "“……。”他说。",
        "“您一个人在这里，不觉得孤单吗？”她问道。",
        "“真的吗？”她问我。",
        "「我明天再來。」他說。",
    ] {
        assert!(
            segments.contains(&kept),
            "{kept} not one segment: {segments:?}"
        );
    }
    for cut in [
        "发言人表示，双方分歧仍然很大。",
        "他走了出去，关上了门。",
        "他说完就走了。",
        "老周知道。",
        "他在写小说。",
        "她没回答。",
        "她没有回答。",
        "他说：“走吧。”",
        "他在昏暗的灯光下对站在门口等了很久的那个年轻人和他的两个朋友说。",
    ] {
        assert!(segments.contains(&cut), "{cut} not cut off: {segments:?}");
    }
}

/// `segment --write-rules DIR` writes the shipped rule files byte for byte,
/// OmegaT's under the name OmegaT reads a project's rules from
/// (`omegat/segmentation.conf`: trial 29 found `omegat-segmentation.conf`
/// ignored until renamed), refuses to overwrite them without --force, and
/// needs no source tree.
#[test]
fn write_rules_writes_the_shipped_files() {
    let dir = tempfile::TempDir::new().unwrap();
    bitext()
        .args(["segment", "--write-rules"])
        .arg(dir.path())
        .current_dir(dir.path())
        .assert()
        .success();
    for (name, shipped) in [
        ("omegat-zh-en.srx", "omegat-zh-en.srx"),
        ("segmentation.conf", "omegat-segmentation.conf"),
    ] {
        assert_eq!(
            std::fs::read(dir.path().join(name)).unwrap(),
            std::fs::read(repo(&format!("data/{shipped}"))).unwrap(),
            "{name}"
        );
    }
    assert!(!dir.path().join("omegat-segmentation.conf").exists());
    // A second run is refused, and changes nothing.
    std::fs::write(dir.path().join("segmentation.conf"), "mine").unwrap();
    bitext()
        .args(["segment", "--write-rules"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "omegat-zh-en.srx: the file exists; add --force",
        ));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("segmentation.conf")).unwrap(),
        "mine"
    );
    bitext()
        .args(["segment", "--force", "--write-rules"])
        .arg(dir.path())
        .assert()
        .success();
    assert_eq!(
        std::fs::read(dir.path().join("segmentation.conf")).unwrap(),
        std::fs::read(repo("data/omegat-segmentation.conf")).unwrap()
    );
    // A missing directory, and a text file given as well, are usage errors.
    bitext()
        .args(["segment", "--write-rules"])
        .arg(dir.path().join("missing"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains("not a directory"));
    bitext()
        .args(["segment", "--write-rules"])
        .arg(dir.path())
        .arg(repo("corpora/release-2021-05-08/zh.txt"))
        .assert()
        .failure();
}

/// `align --help` tells a user without a source tree how to get OmegaT's
/// rules (`segment --write-rules`), and `segment --help` where OmegaT reads
/// them (trial 29: it pointed to `data/omegat-zh-en.srx` in the source tree,
/// and its example wrote a file OmegaT ignores).
#[test]
fn help_says_how_to_get_the_omegat_rules() {
    let align = bitext().args(["align", "--help"]).output().unwrap();
    let align = String::from_utf8(align.stdout).unwrap();
    assert!(
        align.contains("bitext segment --write-rules PROJECT/omegat"),
        "{align}"
    );
    assert!(!align.contains("data/omegat"), "{align}");
    let segment = bitext().args(["segment", "--help"]).output().unwrap();
    let segment = String::from_utf8(segment.stdout).unwrap();
    assert!(segment.contains("omegat/segmentation.conf"), "{segment}");
    assert!(!segment.contains("omegat-segmentation.conf"), "{segment}");
}
